"""Internal target scaling of the Keras regressor.

Networks train best on targets of unit scale, whatever the units of ``y``.
The encoder below standardises ``y`` on the way into Keras and restores its
units, dtype and shape on the way out. A constant target is mapped to 0 and
restored exactly: the model then predicts the constant, whatever the network
outputs.
"""

from __future__ import annotations

import numpy as np
from scikeras.utils.transformers import RegressorTargetEncoder

from skltsm._keras._sequence_layout import power_of_two_scaling
from skltsm._warn import warn
from skltsm.exceptions import ConstantSeriesWarning

__all__ = ["StandardizingTargetEncoder"]


class StandardizingTargetEncoder(RegressorTargetEncoder):
    """scikeras target encoder that standardises each output.

    Parameters
    ----------
    owner : str, default="LSTMRegressor"
        Name of the estimator, used in warnings.

    Attributes
    ----------
    mean_ : ndarray
        Mean of each output element.
    scale_ : ndarray
        Standard deviation of each output element; 0 where it is constant.
    output_shape_ : tuple of int
        Shape of one target sample (``()`` for a 1-D ``y``).

    Examples
    --------
    >>> import numpy as np
    >>> enc = StandardizingTargetEncoder().fit(np.array([1.0, 2.0, 3.0]))
    >>> enc.transform(np.array([1.0, 2.0, 3.0])).ravel()
    array([-1.2247449,  0.       ,  1.2247449], dtype=float32)
    >>> enc.inverse_transform(np.array([[0.0]]))
    array([2.])
    """

    def __init__(self, owner: str = "LSTMRegressor"):
        self.owner = owner

    def fit(self, y: np.ndarray) -> StandardizingTargetEncoder:
        """Record the shape, mean and scale of ``y``."""
        super().fit(y)
        self.output_shape_ = tuple(np.shape(y)[1:])
        values = np.asarray(y, dtype=np.float64)
        self.mean_, self.scale_ = _moments(values)
        # constant means equal values, whatever their magnitude: a std that
        # underflows (values of 1e-300) is not a constant, and a mean that
        # rounds (0.1, ten times) is not one
        constant = np.max(values, axis=0) == np.min(values, axis=0)
        if np.any(constant):
            self.mean_ = np.where(constant, values[0], self.mean_)
            self.scale_ = np.where(constant, 0.0, self.scale_)
            warn(
                f"{self.owner}: the training target is constant (value "
                f"{float(np.ravel(self.mean_)[np.ravel(constant)][0])!r} as the "
                "regressor sees it, after any scaling in front of it); the "
                "model predicts exactly that constant.",
                ConstantSeriesWarning,
            )
        return self

    def transform(self, y: np.ndarray) -> np.ndarray:
        """Standardise ``y`` (constant outputs become 0), as float32."""
        y = super().transform(np.asarray(y, dtype=np.float64))
        safe_scale = np.where(self.scale_ == 0, 1.0, self.scale_)
        centred = np.where(self.scale_ == 0, 0.0, y - self.mean_)
        return (centred / safe_scale).astype(np.float32)

    def inverse_transform(self, y: np.ndarray) -> np.ndarray:
        """Restore the units and shape of ``y`` (float64)."""
        z = np.asarray(y, dtype=np.float64).reshape(-1, *self._y_shape[1:])
        return z * self.scale_ + self.mean_


def _moments(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation along the first axis, at any magnitude."""
    factor = power_of_two_scaling(values)
    if factor is None:  # the usual case, computed as it always was
        return values.mean(axis=0), values.std(axis=0)
    scaled = values * factor  # exact: see power_of_two_scaling
    return scaled.mean(axis=0) / factor, scaled.std(axis=0) / factor
