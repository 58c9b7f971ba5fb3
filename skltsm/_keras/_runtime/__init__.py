"""TensorFlow plumbing under the Keras estimators: speed, memory, determinism.

Compiled trainers pooled per configuration, batches gathered in the training
thread, the early-stopping tail scored in one call, small-graph executor
settings on CPU, local seeding, thread budgets and quiet pickling. Nothing
here knows about estimators; the estimators in :mod:`skltsm._keras` call it.
"""
