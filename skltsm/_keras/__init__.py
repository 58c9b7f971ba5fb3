"""Layer 4, the Keras estimators: scikeras subclasses and their networks.

:class:`skltsm.LSTMRegressor`, :class:`skltsm.LSTMClassifier`, their shared
base and parameters, the tutorials' architectures, input layout, target
scaling and stateful networks. How they train fast and in flat memory on a
CPU (trainer pool, batching, early stopping, executor settings, seeding,
threads, pickling) is in :mod:`skltsm._keras._runtime`, which a reader of the
estimators need not open. Reads windows through :mod:`skltsm._transform`.
"""
