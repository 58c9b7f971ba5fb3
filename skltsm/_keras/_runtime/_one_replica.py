"""Training without TensorFlow's one-replica all-reduce, which leaks a graph.

Keras's TensorFlow optimizer sums each step's gradients over the replicas
with ``tf.distribute.get_replica_context().all_reduce``. That function is a
``tf.custom_gradient``, which registers a gradient function holding the
traced training graph in TensorFlow's global gradient registry and never
unregisters it (tensorflow/tensorflow#97697): every traced training function
keeps about 12 MB for the life of the process, after its model is deleted and
``keras.backend.clear_session()`` is called (ADR 0011, amendment).

With one replica (TensorFlow's default strategy, or any strategy on one
device) the sum is the identity: :func:`skip_one_replica_all_reduce` gives an
optimizer instance a ``_all_reduce_sum_gradients`` that returns the gradients
as they are there, and calls Keras's own method otherwise. Training is
bit-identical, and nothing is registered. The instance attribute is not saved
with the model (a Keras archive saves the optimizer's config and variables),
so skltsm sets it before every fit, on whichever model trains; plain Keras
models are left as they are.
"""

from __future__ import annotations

import tensorflow as tf

__all__ = ["skip_one_replica_all_reduce"]


def skip_one_replica_all_reduce(optimizer) -> None:
    """Let ``optimizer`` skip the all-reduce of a one-replica strategy.

    Parameters
    ----------
    optimizer : keras.optimizers.Optimizer
        A compiled model's optimizer; one without Keras's TensorFlow
        ``_all_reduce_sum_gradients`` (another backend, a loss-scale
        wrapper) is left as it is. Setting it twice changes nothing.

    Examples
    --------
    >>> import keras
    >>> optimizer = keras.optimizers.Adam()
    >>> skip_one_replica_all_reduce(optimizer)
    >>> grads_and_vars = [("gradient", "variable")]
    >>> optimizer._all_reduce_sum_gradients(grads_and_vars) == grads_and_vars
    True
    """
    keras_method = getattr(type(optimizer), "_all_reduce_sum_gradients", None)
    if keras_method is None or "_all_reduce_sum_gradients" in vars(optimizer):
        return
    optimizer._all_reduce_sum_gradients = _OneReplicaSum(optimizer, keras_method)


class _OneReplicaSum:
    """The gradients as they are with one replica, Keras's sum otherwise."""

    def __init__(self, optimizer, keras_method):
        self._optimizer = optimizer
        self._keras_method = keras_method

    def __call__(self, grads_and_vars):
        context = tf.distribute.get_replica_context()
        if context is not None and context.num_replicas_in_sync == 1:
            return list(grads_and_vars)
        return self._keras_method(self._optimizer, grads_and_vars)
