"""How TensorFlow runs skltsm's training and prediction functions on CPU.

Two TensorFlow defaults are made for big graphs and cost small networks time:

* The default executor runs a ``tf.function``'s graph on its inter-op thread
  pool: the calling thread hands ops to a pool thread and sleeps until they
  are done, a few hand-offs per training step, which two worker processes on
  two cores (``GridSearchCV(n_jobs=2)``) pay as cross-core wake-ups. The
  single-threaded executor runs every op in one thread, and a recurrent
  layer's loop as a functional ``While`` instead of lowered control-flow
  frames.
* Grappler, TensorFlow's graph optimiser, rewrites every function when it is
  first called: about 0.08 s of the first fit of a network, for no gain in
  speed once the single-threaded executor runs these graphs.

Measured on 2 vCPUs (ADR 0016), 64 airline fits of 60 epochs: 12.4 s with
TensorFlow's defaults, 10.0 s with the single-threaded executor, 9.5 s with
Grappler off as well, the forecasts identical; the first fit and forecast of
a network 0.42 s, then 0.35 s.

Both settings apply on CPU only (with a GPU, ops are kernel launches that the
default executor overlaps, and Grappler's layout and fusion passes pay), and
only to the functions called inside :func:`small_graph_settings`, in the
calling thread: the user's own TensorFlow code keeps TensorFlow's defaults.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import tensorflow as tf
from tensorflow.python.eager import context

__all__ = ["small_graph_settings"]

SINGLE_THREADED = "SINGLE_THREADED_EXECUTOR"


@contextmanager
def small_graph_settings() -> Iterator[None]:
    """Call functions with the single-threaded executor and without Grappler.

    The settings are TensorFlow's per-thread function-call options (the ones
    ``tf.experimental.function_executor_type`` sets), restored on exit. On a
    machine with a GPU or TPU nothing changes.

    Examples
    --------
    >>> import tensorflow as tf
    >>> from skltsm._keras._runtime._executor import small_graph_settings
    >>> with small_graph_settings():
    ...     total = tf.function(tf.reduce_sum)(tf.ones(3))
    >>> float(total)
    3.0
    """
    if has_accelerator():
        yield
        return
    # TensorFlow's own context restores the thread's whole options on exit
    with tf.experimental.function_executor_type(SINGLE_THREADED):
        options = context.context().function_call_options
        options.config_proto_serialized = config_without_grappler()
        yield


def config_without_grappler() -> tf.compat.v1.ConfigProto:
    """TensorFlow's current configuration, with the graph optimiser off."""
    config = context.context().config
    config.graph_options.rewrite_options.disable_meta_optimizer = True
    return config


def has_accelerator() -> bool:
    """Whether TensorFlow sees a GPU or TPU."""
    return any(tf.config.list_logical_devices(kind) for kind in ("GPU", "TPU"))
