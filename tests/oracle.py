"""A regressor that memorises its training windows, to test exact inversion."""

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted, validate_data


class MemorizingRegressor(RegressorMixin, BaseEstimator):
    """Predicts, for each window seen in fit, exactly the target it had.

    In place of the network, it shows that everything around the network
    (differencing, scaling, lagging, inversion, alignment) is exact.
    """

    def fit(self, X, y):
        X, y = validate_data(self, X, y, multi_output=True)
        self.table_ = {row.tobytes(): target for row, target in zip(X, y, strict=True)}
        return self

    def predict(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return np.array([self.table_[row.tobytes()] for row in X])


class ShiftedMemorizingRegressor(MemorizingRegressor):
    """Predicts the memorised target plus ``shift`` (in the units it learnt)."""

    def __init__(self, shift=0.0):
        self.shift = shift

    def predict(self, X):
        return super().predict(X) + self.shift


class MemorizingQuantiles(MemorizingRegressor):
    """Predicts "quantiles": the memorised target plus each of ``shifts``.

    Column ``k`` of :meth:`predict_quantiles` is what
    ``ShiftedMemorizingRegressor(shifts[k])`` predicts, so a pipeline must
    invert it exactly as it inverts that point forecast.
    """

    def __init__(self, shifts=(-1.0, 0.0, 1.0)):
        self.shifts = shifts

    def fit(self, X, y):
        super().fit(X, y)
        self.quantile_levels_ = np.linspace(0.1, 0.9, len(self.shifts))
        return self

    def predict_quantiles(self, X):
        point = self.predict(X).reshape(len(X), -1)
        return np.stack([point + shift for shift in self.shifts], axis=-1)
