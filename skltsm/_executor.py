"""Run the ops of skltsm's training and prediction steps in the calling thread.

TensorFlow's default executor runs a ``tf.function``'s graph on its inter-op
thread pool: the calling thread hands ops to a pool thread and sleeps until
they are done, a few hand-offs per training step. skltsm's networks are small,
so these hand-offs are a large share of a step; and two worker processes on
two cores (``GridSearchCV(n_jobs=2)``) pay each one as a cross-core wake-up.
TensorFlow's single-threaded executor runs every op in the calling thread,
and runs a recurrent layer's loop as a functional ``While`` instead of the
lowered frames of the default executor. Measured on 2 vCPUs (ADR 0016), 64
airline fits of 60 epochs: 12.4 s with the default executor, 10.0 s with this
one; two such processes side by side: 13.4 s and 10.8 s.

It is used on CPU only: with a GPU, ops are kernel launches and transfers
that the default executor overlaps. It is chosen per call, in the calling
thread (``tf.experimental.function_executor_type``), so nothing changes for
the user's own TensorFlow code.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import tensorflow as tf

__all__ = ["in_calling_thread"]

SINGLE_THREADED = "SINGLE_THREADED_EXECUTOR"


@contextmanager
def in_calling_thread() -> Iterator[None]:
    """Run the functions called in this block with the single-threaded executor.

    On a machine with a GPU or TPU, TensorFlow's default executor is kept.

    Examples
    --------
    >>> import tensorflow as tf
    >>> from skltsm._executor import in_calling_thread
    >>> with in_calling_thread():
    ...     total = tf.function(tf.reduce_sum)(tf.ones(3))
    >>> float(total)
    3.0
    """
    if has_accelerator():
        yield
        return
    with tf.experimental.function_executor_type(SINGLE_THREADED):
        yield


def has_accelerator() -> bool:
    """Whether TensorFlow sees a GPU or TPU."""
    return any(tf.config.list_logical_devices(kind) for kind in ("GPU", "TPU"))
