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

from skltsm._keras._sample_weights import positive_weights
from skltsm._keras._sequence_layout import power_of_two_scaling, standard_deviation
from skltsm._series._panel import chunks
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
        Mean of each output element (weighted by ``sample_weight``, if given).
    scale_ : ndarray
        Standard deviation of each output element (weighted likewise); 0
        where it is constant.
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

    def fit(
        self, y: np.ndarray, sample_weight: np.ndarray | None = None
    ) -> StandardizingTargetEncoder:
        """Record the shape, mean and scale of ``y``.

        Parameters
        ----------
        y : ndarray of shape (n_samples, ...)
            The training target.
        sample_weight : ndarray of shape (n_samples,) or None, default=None
            Non-negative weight of each sample, not all 0: the moments are
            those of each sample repeated its weight times, so that a
            sample of weight 0 changes nothing.

        Returns
        -------
        self : StandardizingTargetEncoder
            The fitted encoder.
        """
        super().fit(y)
        self.output_shape_ = tuple(np.shape(y)[1:])
        values = np.asarray(y, dtype=np.float64)
        values, weights = _positive_weights(values, sample_weight)
        self.mean_, self.scale_ = _moments(values, weights)
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
        """Standardise ``y`` (constant outputs become 0), as float32.

        Computed in float64 and rounded to float32, a block of samples at a
        time, the same numbers element by element: the whole-array
        expression held two float64 temporaries of ``y``'s size at once
        beside the result (400 MB for the 25 million targets of the panel
        benchmark).
        """
        y = super().transform(np.asarray(y, dtype=np.float64))
        constant = self.scale_ == 0
        safe_scale = np.where(constant, 1.0, self.scale_)
        out = np.empty(y.shape, dtype=np.float32)
        for rows in chunks(len(y)):
            centred = np.where(constant, 0.0, y[rows] - self.mean_)
            np.divide(centred, safe_scale, out=centred)
            out[rows] = centred  # rounds to nearest, as astype does
        return out

    def inverse_transform(self, y: np.ndarray) -> np.ndarray:
        """Restore the units and shape of ``y`` (float64)."""
        z = np.asarray(y, dtype=np.float64).reshape(-1, *self._y_shape[1:])
        return z * self.scale_ + self.mean_


def _positive_weights(values: np.ndarray, sample_weight: np.ndarray | None):
    """Return the samples of positive weight, and their weights (``None``: all equal).

    Samples of weight 0 are left out, so that their values change nothing
    (the constant check included); equal weights leave the moments
    unweighted, to the bit.
    """
    if sample_weight is None:
        return values, None
    kept, weights = positive_weights(sample_weight)
    return (values if kept is None else values[kept]), weights


def _moments(
    values: np.ndarray, weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation along the first axis, at any magnitude.

    With ``weights``, those of each row repeated its weight times.
    """
    factor = power_of_two_scaling(values)
    if weights is not None:
        scaled = values if factor is None else values * factor
        mean = np.average(scaled, axis=0, weights=weights)
        deviations = scaled - mean
        deviations **= 2
        scale = np.sqrt(np.average(deviations, axis=0, weights=weights))
        return (mean, scale) if factor is None else (mean / factor, scale / factor)
    if factor is None:  # the usual case, computed as it always was
        return values.mean(axis=0), standard_deviation(values)
    scaled = values * factor  # exact: see power_of_two_scaling
    return scaled.mean(axis=0) / factor, scaled.std(axis=0) / factor
