"""Feeding windows to Keras: seeded shuffling, time-ordered validation, batching.

Training data go through ``tf.data`` with an operation-level shuffle seed:
reproducible across processes without touching TensorFlow's global seed, and
about twice as fast per epoch as Keras' own array adapter on small data
(measured: 2.5 s against 4.9 s for 100 epochs of 80 windows, batch 16).

Prediction calls ``Model.predict_on_batch`` on chunks: ``Model.predict``
pays a fixed cost of tens of milliseconds per call (measured: 62 ms for one
window, against 1 ms for ``predict_on_batch``).
"""

from __future__ import annotations

from math import ceil

import keras
import numpy as np
import tensorflow as tf

__all__ = [
    "PREDICT_CHUNK",
    "predict_in_chunks",
    "split_validation_tail",
    "training_dataset",
]

#: Rows per ``predict_on_batch`` call: big enough to amortise the call, small
#: enough to keep the memory of one chunk of long windows modest.
PREDICT_CHUNK = 4096


def split_validation_tail(n_samples: int, fraction: float) -> int:
    """Count the final samples held out for validation.

    Windows are in time order, so the tail is the most recent period and the
    model is validated on data that comes after everything it trains on.

    Parameters
    ----------
    n_samples : int
        Number of training windows.
    fraction : float
        Fraction to hold out, in (0, 1).

    Returns
    -------
    n_validation : int
        At least 1, and leaving at least 1 window to train on.

    Examples
    --------
    >>> split_validation_tail(100, 0.1)
    10
    """
    n_validation = max(1, ceil(n_samples * fraction))
    if n_validation >= n_samples:
        raise ValueError(
            f"early_stopping needs at least 2 training windows to hold out a "
            f"validation tail of validation_fraction={fraction}; got {n_samples}."
        )
    return n_validation


def training_dataset(
    X: np.ndarray,
    y: np.ndarray,
    sample_weight: np.ndarray | None,
    *,
    batch_size: int,
    shuffle_seed: int | None,
    fixed_batches: bool = False,
) -> tf.data.Dataset:
    """Batched dataset, reshuffled every epoch when ``shuffle_seed`` is set.

    Parameters
    ----------
    X, y : ndarray
        Inputs and targets, first axis = samples.
    sample_weight : ndarray or None
        Per-sample weights.
    batch_size : int
        Samples per gradient step.
    shuffle_seed : int or None
        Operation-level seed of the shuffle; ``None`` keeps time order.
    fixed_batches : bool, default=False
        Give every batch the static size ``batch_size``, as a stateful
        network needs (the caller has checked that the samples split into
        whole batches).

    Returns
    -------
    dataset : tf.data.Dataset
        Yields ``(x, y)`` or ``(x, y, w)`` batches.
    """
    arrays = (X, y) if sample_weight is None else (X, y, sample_weight)
    dataset = tf.data.Dataset.from_tensor_slices(arrays)
    if shuffle_seed is not None:
        dataset = dataset.shuffle(
            len(X), seed=shuffle_seed, reshuffle_each_iteration=True
        )
    batches = dataset.batch(batch_size, drop_remainder=fixed_batches)
    return batches.prefetch(tf.data.AUTOTUNE)


def predict_in_chunks(model: keras.Model, X: np.ndarray) -> np.ndarray:
    """Predict with ``predict_on_batch``, :data:`PREDICT_CHUNK` rows at a time.

    Parameters
    ----------
    model : keras.Model
        A built model.
    X : ndarray
        Inputs, first axis = samples.

    Returns
    -------
    predictions : ndarray
        Model outputs, first axis = samples.
    """
    chunks = [
        np.asarray(model.predict_on_batch(X[start : start + PREDICT_CHUNK]))
        for start in range(0, len(X), PREDICT_CHUNK)
    ]
    return np.concatenate(chunks) if chunks else np.empty((0,))
