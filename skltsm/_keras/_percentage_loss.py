"""The absolute percentage error of a forecast, computed on the network's side.

``LSTMRegressor(loss="mape")`` trains on the mean absolute percentage error in
the units of ``y``, not on Keras' ``"mape"`` of the values the network sees
(those are standardised, centred near 0, where a percentage means nothing).
The network's output ``p`` and target ``t`` are standardised window-scale
values: ``u = t * sigma + mu`` is the target on its window's scale, whose
level ``L`` the window scaling divides out (``y = L * u``, or ``L * exp(u)``
for ``"log_mean"``). The level cancels from the relative error::

    "mean":      |y_hat - y| / y  =  |v - u| / u
    "log_mean":  |y_hat - y| / y  =  |1 - exp(v - u)|       (v = p * sigma + mu)

so the loss needs only the target encoder's ``mu`` and ``sigma``, known when
the network is built. A step before the regressor that multiplies actual and
forecast by the same factor (sktime's multiplicative deseasonaliser) leaves
it unchanged.
Zero actuals (a ratio at or below the window scaling's floor) have no
percentage error and count as 0, as in N-BEATS' MAPE loss.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import keras
from keras import ops

__all__ = ["MeanAbsolutePercentageError"]

#: Largest log ratio of forecast to actual the loss exponentiates: a network
#: still at its initial weights must not overflow float32 (exp(10) is 2.2e4).
MAX_LOG_RATIO = 10.0


@keras.saving.register_keras_serializable(package="skltsm")
class MeanAbsolutePercentageError(keras.losses.Loss):
    """Mean absolute percentage error of standardised, window-scaled targets.

    Parameters
    ----------
    target_mean, target_scale : sequence of float
        The target encoder's mean and standard deviation of each output,
        flattened (one value for a scalar target).
    log : bool
        Whether the window scaling took the log of the ratio to the level
        (``window_scaling="log_mean"``).
    floor : float
        Ratio to the level at or below which an actual counts as zero and is
        left out (the window scaling's floor).
    name, reduction, dtype
        As for ``keras.losses.Loss`` (the reduction averages the samples of a
        batch).

    Notes
    -----
    The class bears the name of Keras' own percentage error because it is
    what ``loss="mape"`` compiles to (scikeras checks that the network's loss
    has the name the parameter gives), moved to the units of ``y``.

    The loss of a sample is the mean of its outputs' absolute percentage
    errors, as a fraction (0.1 is 10 %), zero actuals counting 0.

    Examples
    --------
    >>> import numpy as np
    >>> loss = MeanAbsolutePercentageError([0.0], [1.0], log=False, floor=1e-3)
    >>> y_true = np.array([[2.0], [4.0]], dtype="float32")
    >>> y_pred = np.array([[2.2], [3.0]], dtype="float32")
    >>> round(float(loss(y_true, y_pred)), 4)  # (10 % + 25 %) / 2
    0.175
    """

    def __init__(
        self,
        target_mean: Sequence[float],
        target_scale: Sequence[float],
        log: bool,
        floor: float,
        name: str = "mean_absolute_percentage_error",
        reduction: str = "sum_over_batch_size",
        dtype: str | None = None,
    ):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.target_mean = tuple(float(m) for m in target_mean)
        self.target_scale = tuple(float(s) for s in target_scale)
        self.log = bool(log)
        self.floor = float(floor)

    def call(self, y_true, y_pred):
        """Per-sample loss: the mean absolute percentage error over outputs."""
        dtype = y_pred.dtype
        n_outputs = len(self.target_mean)
        mean = ops.convert_to_tensor(self.target_mean, dtype=dtype)
        scale = ops.convert_to_tensor(self.target_scale, dtype=dtype)
        actual = ops.reshape(ops.cast(y_true, dtype), (-1, n_outputs)) * scale + mean
        forecast = ops.reshape(y_pred, (-1, n_outputs)) * scale + mean
        if self.log:
            ratio = ops.exp(ops.minimum(forecast - actual, MAX_LOG_RATIO))
            error = ops.abs(1.0 - ratio)
            # the floor survives the float32 round trip to within 1e-4
            present = actual > math.log(self.floor) + 1e-4
        else:
            present = actual > self.floor
            safe_actual = ops.where(present, actual, 1.0)
            error = ops.abs(forecast - actual) / safe_actual
        return ops.mean(ops.where(present, error, 0.0), axis=-1)

    def get_config(self) -> dict:
        """Return the configuration Keras saves with the network."""
        return {
            **super().get_config(),
            "target_mean": list(self.target_mean),
            "target_scale": list(self.target_scale),
            "log": self.log,
            "floor": self.floor,
        }
