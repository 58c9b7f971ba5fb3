"""LagTransformer: each row becomes the window of past rows that precedes it."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils.validation import (
    FLOAT_DTYPES,
    _check_feature_names_in,
    check_is_fitted,
    validate_data,
)

from skltsm._constraints import POSITIVE_INT
from skltsm._series._panel import refuse_panel
from skltsm._series._time_index import check_consecutive_rows
from skltsm._transform._lagged_windows import LaggedWindows

__all__ = ["LagTransformer", "lag_windows"]


def lag_windows(X: np.ndarray, look_back: int, horizon: int = 1) -> np.ndarray:
    """Return, for each row ``t``, the ``look_back`` rows ending at ``t - horizon``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Rows in time order.
    look_back : int
        Number of past rows in each window.
    horizon : int, default=1
        Distance from the last row of the window to ``t``.

    Returns
    -------
    windows : ndarray of shape (n_samples, look_back, n_features)
        A fresh array (oldest row first). The first ``look_back + horizon - 1``
        rows, whose window would reach before the first row of ``X``, are
        entirely NaN.

    Examples
    --------
    >>> import numpy as np
    >>> lag_windows(np.arange(4.0).reshape(-1, 1), look_back=2)[:, :, 0]
    array([[nan, nan],
           [nan, nan],
           [ 0.,  1.],
           [ 1.,  2.]])
    """
    n_samples, n_features = X.shape
    pad = np.full((look_back + horizon - 1, n_features), np.nan, dtype=X.dtype)
    padded = np.concatenate([pad, X])
    # (n_samples + horizon, n_features, look_back) view; window t ends at t - horizon.
    views = sliding_window_view(padded, look_back, axis=0)[:n_samples]
    windows = views.transpose(0, 2, 1).copy()  # C order, writable, never a view
    windows[: look_back + horizon - 1] = np.nan  # incomplete windows: no partial rows
    return windows


class LagTransformer(TransformerMixin, BaseEstimator):
    """Turn each row into the window of past rows that precedes it.

    Row ``t`` of the output holds rows ``t - horizon - look_back + 1`` to
    ``t - horizon`` of the input, oldest first, flattened time-major: the
    features of the oldest row, then those of the next row, and so on. The
    output therefore never contains row ``t`` itself or anything after it, and
    a regressor trained on it forecasts ``horizon`` steps ahead.

    The first ``look_back + horizon - 1`` rows have no complete window and
    are NaN; the row count is kept so that the output stays aligned with ``y``.
    :class:`skltsm.ForecastPipeline` drops those rows when fitting and fills
    them from the fitted history when predicting.

    Parameters
    ----------
    look_back : int, default=1
        Number of past rows in each window (the timesteps the LSTM sees).
    horizon : int, default=1
        How many steps ahead of the window's last row the target lies.

    Attributes
    ----------
    n_features_in_ : int
        Number of features seen during :meth:`fit`.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during :meth:`fit`, when ``X`` has string
        column names.

    See Also
    --------
    skltsm.Differencer : Differencing with exact inverse.
    skltsm.LSTMRegressor : Infers (timesteps, features) from this output.

    Notes
    -----
    Output columns are named ``{feature}_lag_{k}``, with ``k`` the distance in
    rows from ``t`` (``passengers_lag_12`` ... ``passengers_lag_1``), which is
    how :class:`skltsm.LSTMRegressor` recovers the (timesteps, features) shape.
    Input NaN propagates to every window that contains it.

    Examples
    --------
    >>> import pandas as pd
    >>> from skltsm import LagTransformer
    >>> X = pd.DataFrame({"passengers": [112.0, 118.0, 132.0, 129.0]})
    >>> lag = LagTransformer(look_back=2).set_output(transform="pandas")
    >>> lag.fit_transform(X)
       passengers_lag_2  passengers_lag_1
    0               NaN               NaN
    1               NaN               NaN
    2             112.0             118.0
    3             118.0             132.0
    """

    _parameter_constraints: dict = {
        "look_back": [POSITIVE_INT],
        "horizon": [POSITIVE_INT],
    }

    def __init__(self, look_back: int = 1, *, horizon: int = 1):
        self.look_back = look_back
        self.horizon = horizon

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Check ``X`` and record its number of features and their names.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Rows in time order; at least ``look_back + horizon`` of them.
        y : None
            Ignored.

        Returns
        -------
        self : LagTransformer
            The fitted transformer.
        """
        check_consecutive_rows(X, "LagTransformer")
        X = validate_data(self, X, dtype=FLOAT_DTYPES, ensure_all_finite="allow-nan")
        needed = self.look_back + self.horizon
        if X.shape[0] < needed:
            raise ValueError(
                f"LagTransformer(look_back={self.look_back}, horizon={self.horizon}) "
                f"needs at least {needed} rows to build one window of past rows; "
                f"got {X.shape[0]} sample(s). Use a longer series or a shorter "
                "look_back."
            )
        return self

    def transform(self, X):
        """Replace each row by its window of past rows.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Rows in time order.

        Returns
        -------
        X_lagged : ndarray of shape (n_samples, look_back * n_features)
            Windows flattened time-major; NaN where the window is incomplete.
        """
        refuse_panel(X, "LagTransformer")
        check_consecutive_rows(X, "LagTransformer")
        X = self._validate(X)
        windows = lag_windows(X, self.look_back, self.horizon)
        return windows.reshape(X.shape[0], -1)

    def windows(self, X) -> LaggedWindows:
        """Windows of the rows that have a complete one, without materialising them.

        The lazy equivalent of ``transform(X)`` restricted to its rows without
        NaN: memory stays proportional to ``X``, not to
        ``look_back * len(X)``. :class:`skltsm.LSTMRegressor` fits and
        predicts on it directly, gathering windows batch by batch.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Rows in time order.

        Returns
        -------
        windows : LaggedWindows
            ``windows.rows`` are the rows the windows belong to (use them to
            select ``y``); ``windows.to_numpy()`` materialises them.

        Examples
        --------
        >>> import numpy as np
        >>> from skltsm import LagTransformer
        >>> series = np.arange(10.0).reshape(-1, 1)
        >>> windows = LagTransformer(look_back=3).fit(series).windows(series)
        >>> windows.rows
        array([3, 4, 5, 6, 7, 8, 9])
        >>> windows.shape
        (7, 3)
        """
        refuse_panel(X, "LagTransformer")
        check_consecutive_rows(X, "LagTransformer")
        X = self._validate(X)
        names = self.get_feature_names_out()
        return LaggedWindows(X, self.look_back, self.horizon, feature_names=names)

    def get_feature_names_out(self, input_features=None):
        """Names of the lagged features: ``{feature}_lag_{k}``, oldest first.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Input feature names; defaults to ``feature_names_in_`` or
            ``x0, x1, ...``.

        Returns
        -------
        feature_names_out : ndarray of str objects
            ``look_back * n_features_in_`` names.
        """
        check_is_fitted(self, "n_features_in_")
        names = _check_feature_names_in(self, input_features)
        lags = range(self.look_back + self.horizon - 1, self.horizon - 1, -1)
        return np.asarray([f"{name}_lag_{k}" for k in lags for name in names], object)

    def _validate(self, X):
        check_is_fitted(self)
        return validate_data(
            self, X, reset=False, dtype=FLOAT_DTYPES, ensure_all_finite="allow-nan"
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # NaN from an upstream Differencer's first rows must pass through.
        tags.input_tags.allow_nan = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
