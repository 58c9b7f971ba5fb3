"""Scoring the held-out validation tail at the end of every epoch, cheaply.

Early stopping needs a validation score after each epoch. Keras computes it
with ``Model.evaluate`` on ``validation_data``: a new ``tf.data`` iterator per
epoch and, since Keras 3.15, batch-end callbacks dispatched to a thread pool.
For the small tails of typical forecasting data this fixed cost dominates
(measured on a 71-window airline fit of 60 epochs, 8 validation windows:
0.64 s of a 1.03 s fit, against 0.04 s with :class:`ValidationScores`), and
its thread hand-offs leave a core idle when two workers of a grid search share
two cores (the same fit took 1.9 s of wall time for 1.0 s of CPU time).

:class:`ValidationScores` scores the whole tail in one call instead: no
iterator, no threads. Keras' ``evaluate`` weights each batch's mean loss by its
size, so both give the mean over the tail, up to float rounding. With a mean
squared or absolute error loss, no compiled metrics and no regularisation
losses (the regressor's defaults), the call is ``predict_on_batch`` and the
loss is computed from the predictions, as Keras' loss reduction does; the
prediction function is traced anyway for forecasting, so the first fit of a
network traces no test function (0.04 s of its 0.36 s). Otherwise the call is
``test_on_batch``'s, Keras' test function, fed the tail as one batch whose
number of windows (and, for a network of any window length, their length) is
left out of its declared shape, so that one trace of the test step serves
every tail a pooled trainer scores (ADR 0031). Tails longer than
:data:`MAX_IN_ONE_BATCH` windows (long series) and stateful networks (fixed
batch size) keep Keras' ``validation_data``.
"""

from __future__ import annotations

import keras
import numpy as np

from skltsm._keras._runtime._training_data import (
    PREDICT_CHUNK,
    prepare_predict_function,
    validation_batches,
)

__all__ = ["MAX_IN_ONE_BATCH", "ValidationScores"]

#: Losses computed from the predictions: the per-window error Keras averages
#: over the last axis before its "sum over batch size" reduction.
POINTWISE_LOSSES = {
    "mse": np.square,
    "mean_squared_error": np.square,
    "mae": np.abs,
    "mean_absolute_error": np.abs,
}

#: Most validation windows scored in one batch; the same bound as prediction
#: chunks, so one batch of long windows stays a few megabytes.
MAX_IN_ONE_BATCH = PREDICT_CHUNK


class ValidationScores(keras.callbacks.Callback):
    """Add ``val_<metric>`` to each epoch's logs, from one batch.

    Put it before every callback that reads ``val_loss`` (early stopping,
    the user's callbacks): Keras hands the same logs to each callback in
    order, and to ``History`` last.

    Parameters
    ----------
    x : ndarray of shape (n, timesteps, features)
        Validation windows, standardised as the network expects.
    y : ndarray
        Validation targets, as the network's loss expects them.
    sample_weight : ndarray or None
        Per-window weights.

    Examples
    --------
    >>> import keras, numpy as np
    >>> model = keras.Sequential([keras.Input((3, 1)), keras.layers.Flatten(),
    ...                           keras.layers.Dense(1)])
    >>> model.compile("adam", "mse")
    >>> x = np.zeros((8, 3, 1), "float32")
    >>> history = model.fit(x, np.zeros(8), epochs=2, verbose=0,
    ...                     callbacks=[ValidationScores(x[:2], np.ones(2), None)])
    >>> sorted(history.history)
    ['loss', 'val_loss']
    """

    def __init__(self, x: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None):
        super().__init__()
        self.x, self.y, self.sample_weight = x, y, sample_weight

    def on_train_begin(self, logs=None):
        # the loss alone, a name we know, nothing added to it: score from predictions
        loss = self.model.loss
        plain = self.model.metrics_names == ["loss"] and not self.model.losses
        known = isinstance(loss, str) and loss in POINTWISE_LOSSES
        self._pointwise = POINTWISE_LOSSES[loss] if plain and known else None
        if self._pointwise is not None:
            prepare_predict_function(self.model)
            return
        # test_on_batch's call, from a batch of declared sizes: one trace of
        # the test step for every tail a pooled trainer scores
        parts = (self.x, self.y)
        if self.sample_weight is not None:
            parts += (self.sample_weight,)
        self._batches = validation_batches(
            parts, any_length=_reads_any_length(self.model)
        )
        self.model.make_test_function()

    def on_epoch_end(self, epoch, logs=None):
        if logs is None:
            return
        if self._pointwise is not None:
            predictions = np.asarray(self.model.predict_on_batch(self.x))
            logs["val_loss"] = self._reduced_loss(predictions)
            return
        self.model.reset_metrics()
        scores = self.model.test_function(self._batches)
        logs.update({f"val_{name}": float(value) for name, value in scores.items()})

    def _reduced_loss(self, predictions: np.ndarray) -> float:
        """Keras' "sum over batch size" reduction of the pointwise loss."""
        target = np.asarray(self.y, dtype=predictions.dtype)
        if target.size == predictions.size:  # Keras aligns (n,) with (n, 1)
            target = target.reshape(predictions.shape)
        errors = self._pointwise(target - predictions).mean(axis=-1)
        if self.sample_weight is not None:
            weights = np.asarray(self.sample_weight, dtype=errors.dtype)
            errors = errors * weights.reshape(-1, *[1] * (errors.ndim - 1))
        return float(errors.sum() / errors.size)


def _reads_any_length(model: keras.Model) -> bool:
    """Whether ``model`` takes one input of windows of any length (ADR 0031)."""
    inputs = getattr(model, "inputs", None)  # none for a subclassed model
    return bool(inputs) and len(inputs) == 1 and None in inputs[0].shape[1:2]
