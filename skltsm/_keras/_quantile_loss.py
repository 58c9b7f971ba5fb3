"""The pinball (quantile) loss of a network whose output is a vector of quantiles.

With ``LSTMRegressor(quantiles=...)`` the last axis of the network's output
holds one value per quantile level, and the network trains on the pinball
loss: for a level ``q`` and an error ``e = y - prediction``, ``q * e`` when
``e >= 0`` and ``(q - 1) * e`` otherwise, whose expectation is smallest at the
``q``-quantile of ``y``. :class:`PinballLoss` averages it over the levels and
the outputs of each sample. It is a Keras ``Loss`` registered for
serialisation, so a fitted network pickles and loads back compiled with it.
"""

from __future__ import annotations

from collections.abc import Sequence

import keras
from keras import ops

__all__ = ["PinballLoss"]


@keras.saving.register_keras_serializable(package="skltsm")
class PinballLoss(keras.losses.Loss):
    """Pinball loss averaged over quantile levels and outputs.

    Parameters
    ----------
    quantiles : sequence of float
        The levels, in the order of the last axis of the predictions, each
        in (0, 1).
    name : str, default="pinball"
        Name of the loss.
    reduction : str, default="sum_over_batch_size"
        Keras' reduction over the samples of a batch.
    dtype : str or None, default=None
        Dtype of the computation (Keras' default float type for ``None``).

    Notes
    -----
    ``y_true`` has the shape of one target sample per row, ``y_pred`` the same
    shape plus a last axis of ``len(quantiles)`` values (a scalar target may
    come with an extra axis of 1 before it). The loss of a sample is the mean,
    over its outputs and levels, of ``max(q * e, (q - 1) * e)`` with ``e =
    y_true - y_pred``.

    Examples
    --------
    >>> import numpy as np
    >>> loss = PinballLoss([0.1, 0.9])
    >>> y_true = np.array([1.0, 2.0], dtype="float32")
    >>> y_pred = np.array([[0.0, 3.0], [2.0, 2.0]], dtype="float32")
    >>> round(float(loss(y_true, y_pred)), 4)  # ((0.1 + 0.2) / 2 + 0) / 2
    0.075
    """

    def __init__(
        self,
        quantiles: Sequence[float],
        name: str = "pinball",
        reduction: str = "sum_over_batch_size",
        dtype: str | None = None,
    ):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.quantiles = tuple(float(q) for q in quantiles)

    def call(self, y_true, y_pred):
        """Per-sample loss: the mean pinball loss over outputs and levels."""
        levels = ops.convert_to_tensor(self.quantiles, dtype=y_pred.dtype)
        target = ops.reshape(
            ops.cast(y_true, y_pred.dtype), (-1, *y_pred.shape[1:-1], 1)
        )
        error = target - y_pred
        loss = ops.maximum(levels * error, (levels - 1.0) * error)
        return ops.mean(ops.reshape(loss, (ops.shape(loss)[0], -1)), axis=-1)

    def get_config(self) -> dict:
        """Return the configuration Keras saves with the network."""
        return {**super().get_config(), "quantiles": list(self.quantiles)}
