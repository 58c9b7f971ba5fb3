"""Differencer: differencing at one or several lags, with exact inverses."""

from __future__ import annotations

from math import ceil
from numbers import Integral

import numpy as np
import pandas as pd
from scipy.signal import lfilter, lfiltic
from sklearn.base import (
    BaseEstimator,
    OneToOneFeatureMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.utils.validation import FLOAT_DTYPES, check_is_fitted, validate_data

from skltsm._constraints import POSITIVE_INTEGERS, as_int_tuple
from skltsm._series._panel import refuse_panel
from skltsm._series._time_index import check_consecutive_rows, check_same_clock

__all__ = ["Differencer"]


class Differencer(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Difference every column at one lag, or at several lags in turn.

    ``Differencer(lags=1)`` maps ``x[t]`` to ``x[t] - x[t-1]``;
    ``Differencer(lags=12)`` removes a monthly seasonal level;
    ``Differencer(lags=[1, 12])`` applies both, the operator
    ``(1 - B)(1 - B^12)`` of the airline model. Rows are kept: the first
    ``sum(lags)`` rows have no predecessor and are NaN.

    Two inverses are provided:

    * :meth:`inverse_transform` integrates differences from the first values
      seen in :meth:`fit`, so ``inverse_transform(transform(X_fit))`` returns
      ``X_fit`` (up to float rounding).
    * :meth:`inverse_forecast` adds a forecast difference to the *actual* past
      levels, which is how a one-step-ahead forecast is brought back to levels
      inside :class:`skltsm.ForecastPipeline`.

    Parameters
    ----------
    lags : int or sequence of int, default=1
        Differencing lag(s), each a positive int. Several lags are applied one
        after the other; their order does not matter.

    Attributes
    ----------
    lags_ : tuple of int
        The validated lags.
    order_ : int
        ``sum(lags_)``: rows lost at the start.
    start_ : int
        First row of the fit data without NaN; integration starts there.
    initial_values_ : ndarray of shape (order_, n_features_in_)
        The ``order_`` rows of the fit data from ``start_`` on, from which
        :meth:`inverse_transform` integrates.
    n_features_in_ : int
        Number of features seen during :meth:`fit`.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during :meth:`fit`, when ``X`` has string
        column names.

    See Also
    --------
    skltsm.LagTransformer : Windows of past rows.
    sktime.transformations.series.difference.Differencer : The sktime version.

    Notes
    -----
    NaN in the input propagates to every difference that uses it. Output
    names equal input names: a differenced ``passengers`` is still called
    ``passengers``, so a pipeline can follow the target column through it.

    Examples
    --------
    >>> import numpy as np
    >>> from skltsm import Differencer
    >>> X = np.array([[1.0], [3.0], [6.0], [10.0]])
    >>> d = Differencer().fit(X)
    >>> d.transform(X).ravel()
    array([nan,  2.,  3.,  4.])
    >>> d.inverse_transform(d.transform(X)).ravel()
    array([ 1.,  3.,  6., 10.])
    >>> future = np.vstack([X, [[np.nan]]])  # the row to forecast is unknown
    >>> d.inverse_forecast(np.array([[5.0]]), history=future).ravel()
    array([15.])
    """

    _parameter_constraints: dict = {
        "lags": [POSITIVE_INTEGERS],
    }

    def __init__(self, lags: int | list[int] = 1):
        self.lags = lags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Validate the lags and remember the first values of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Rows in time order; more than ``sum(lags)`` of them.
        y : None
            Ignored.

        Returns
        -------
        self : Differencer
            The fitted transformer.
        """
        refuse_panel(X, "Differencer")
        check_consecutive_rows(X, "Differencer")
        self._first_label = _first_time(X)  # inverse_transform integrates from it
        X = validate_data(self, X, dtype=FLOAT_DTYPES, ensure_all_finite="allow-nan")
        self.lags_ = as_int_tuple(self.lags)
        self.order_ = sum(self.lags_)
        finite_rows = np.flatnonzero(np.isfinite(X).all(axis=1))
        self.start_ = int(finite_rows[0]) if finite_rows.size else X.shape[0]
        if X.shape[0] - self.start_ <= self.order_:
            raise ValueError(
                f"Differencer(lags={list(self.lags_)}) needs more than "
                f"{self.order_} complete rows to compute one difference; got "
                f"{X.shape[0] - self.start_} of {X.shape[0]} sample(s). Use a "
                "longer series or smaller lags."
            )
        self.initial_values_ = X[self.start_ : self.start_ + self.order_].copy()
        return self

    def transform(self, X):
        """Difference ``X`` at every lag.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Rows in time order.

        Returns
        -------
        X_diff : ndarray of shape (n_samples, n_features)
            Differences; the first ``order_`` rows are NaN.
        """
        refuse_panel(X, "Differencer")
        check_consecutive_rows(X, "Differencer")
        X = self._validate(X)
        return _apply_lag_polynomial(X, _lag_polynomial(self.lags_), skip_first=False)

    def inverse_transform(self, X):
        """Integrate differences back to levels, from the values seen in fit.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Differences aligned with the rows of the fit data: row ``t`` holds
            the difference at fit row ``t`` (the first ``order_`` rows are
            ignored).

        Returns
        -------
        X_levels : ndarray of shape (n_samples, n_features)
            Levels: rows ``start_`` to ``start_ + order_ - 1`` are the fit
            values, later rows are integrated; earlier rows are NaN.

        Raises
        ------
        ValueError
            If ``X`` is a pandas object whose first row label is not the fit
            data's: its levels would silently start from the wrong values.
        TypeError
            If its time labels are naive where the fit's were time-zone aware
            (or the reverse): where it starts cannot be told.
        """
        self._check_starts_with_the_fit(X)
        X = self._validate(X)
        levels = np.full_like(X, np.nan)
        first, stop = self.start_, min(self.start_ + self.order_, X.shape[0])
        levels[first:stop] = self.initial_values_[: max(0, stop - first)]
        if X.shape[0] > self.start_ + self.order_:
            levels[stop:] = self._integrate(X[stop:])
        return levels

    def forecast_lags(self, horizon: int = 1) -> tuple[int, ...]:
        """Lags that difference a ``horizon``-step-ahead target.

        A forecast made at time ``t - horizon`` cannot use ``x[t - 1]`` when
        ``horizon > 1``. Each lag is therefore raised to its smallest multiple
        that reaches at least ``horizon`` rows back: lag 1 becomes ``horizon``
        (the change over the whole horizon), lag 12 stays 12 while
        ``horizon <= 12``.

        Parameters
        ----------
        horizon : int, default=1
            Steps between the last observed row and the forecast row.

        Returns
        -------
        lags : tuple of int
            The lags used by :meth:`forecast_target` and
            :meth:`inverse_forecast`; a function of the parameters only, so it
            can be asked before fitting.

        Raises
        ------
        sklearn.utils._param_validation.InvalidParameterError
            If ``lags`` is invalid, as :meth:`fit` would raise.

        Examples
        --------
        >>> from skltsm import Differencer
        >>> Differencer([1, 12]).forecast_lags(3)
        (3, 12)
        """
        self._validate_params()  # asked before fit, by the forecast pipeline
        return _forecast_lags(as_int_tuple(self.lags), horizon)

    def forecast_target(self, X, horizon: int = 1):
        """Difference ``X`` with :meth:`forecast_lags` to make a training target.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Levels in time order.
        horizon : int, default=1
            Forecast horizon.

        Returns
        -------
        X_target : ndarray of shape (n_samples, n_features)
            Differences whose inverse needs no row later than ``t - horizon``;
            equal to :meth:`transform` when ``horizon <= min(lags)``.
        """
        X = self._validate(X)
        polynomial = _lag_polynomial(_forecast_lags(self.lags_, horizon))
        return _apply_lag_polynomial(X, polynomial, skip_first=False)

    def inverse_forecast(self, X, *, history, horizon: int = 1):
        """Bring forecast differences back to levels using actual past levels.

        Parameters
        ----------
        X : array-like of shape (n_rows, n_features)
            Forecast of :meth:`forecast_target` for the last ``n_rows`` rows of
            ``history``.
        history : array-like of shape (n_samples, n_features)
            Actual levels, in time order, ending with the forecast rows (whose
            own values are not used and may be NaN).
        horizon : int, default=1
            Forecast horizon the differences were made for.

        Returns
        -------
        X_levels : ndarray of shape (n_rows, n_features)
            ``X + base`` where ``base[t]`` combines the levels at rows
            ``t - k`` for ``k >= horizon`` only; NaN where those are missing.
        """
        check_is_fitted(self)
        X = np.asarray(X, dtype=np.float64)
        history = np.asarray(history, dtype=np.float64)
        if history.ndim != 2 or history.shape[1] != self.n_features_in_:
            # a column would be broadcast over every feature's levels
            raise ValueError(
                f"history has shape {history.shape}, but Differencer was fitted on "
                f"{self.n_features_in_} features; pass the levels of every "
                "feature, shape (n_samples, n_features)."
            )
        polynomial = _lag_polynomial(_forecast_lags(self.lags_, horizon))
        base = -_apply_lag_polynomial(history, polynomial, skip_first=True)
        return X + base[len(history) - len(X) :]

    def _check_starts_with_the_fit(self, X) -> None:
        """Refuse rows whose first time label is not the fit data's first."""
        fitted, given = getattr(self, "_first_label", None), _first_time(X)
        if fitted is None or given is None or type(fitted) is not type(given):
            return  # arrays, labels of another kind: taken as aligned
        if _rebuilt_from_arrays(X):
            return  # a fresh RangeIndex numbers rows; it carries no time
        if isinstance(given, pd.Timestamp):
            # naive and aware labels cannot be compared: where X starts is unknown
            check_same_clock(
                pd.DatetimeIndex([given]),
                pd.DatetimeIndex([fitted]),
                owner="the Differencer",
            )
        if given == fitted:
            return
        raise ValueError(
            "Differencer.inverse_transform integrates from the first values seen "
            f"in fit, so X must start at the fit data's first row ({fitted}); it "
            f"starts at {given}. Prepend the rows from there, or add forecast "
            "differences to actual past levels with inverse_forecast(X, "
            "history=...), as make_forecast_pipeline does."
        )

    def _validate(self, X):
        check_is_fitted(self)
        return validate_data(
            self, X, reset=False, dtype=FLOAT_DTYPES, ensure_all_finite="allow-nan"
        )

    def _integrate(self, differences: np.ndarray) -> np.ndarray:
        # x[t] = d[t] - sum_k c[k] x[t-k] is a linear recurrence: scipy's
        # lfilter runs it in C, seeded with the remembered initial values.
        coefficients = _lag_polynomial(self.lags_)
        levels = np.empty_like(differences)
        for j in range(differences.shape[1]):
            past = self.initial_values_[::-1, j]
            state = lfiltic([1.0], coefficients, y=past)
            levels[:, j], _ = lfilter([1.0], coefficients, differences[:, j], zi=state)
        return levels

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # NaN propagates (as in scikit-learn's scalers and sktime's Differencer),
        # so that Differencers can be chained and their leading NaN pass on.
        tags.input_tags.allow_nan = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


def _first_time(X) -> pd.Timestamp | int | None:
    """Return the first time label of a pandas ``X``: a timestamp or an integer.

    Periods become their start; a ``MultiIndex`` gives its time level.
    Integer labels are time steps, as the forecasting pipeline reads them
    (``transform(X).iloc[2:]`` starts two rows after ``X``), except that
    ``inverse_transform`` takes a ``RangeIndex`` from 0 as positions (a
    frame rebuilt from arrays). ``None`` for arrays, empty frames, and labels
    that carry no time (strings).
    """
    if not isinstance(X, pd.DataFrame | pd.Series) or not len(X):
        return None
    index = X.index
    first = (index.get_level_values(-1) if isinstance(index, pd.MultiIndex) else index)[
        0
    ]
    if isinstance(first, pd.Period):
        return first.to_timestamp()
    if isinstance(first, pd.Timestamp):
        return first
    if isinstance(first, np.integer | int) and not isinstance(first, bool | np.bool_):
        return int(first)
    return None


def _rebuilt_from_arrays(X) -> bool:
    """Whether ``X``'s index is the ``RangeIndex`` from 0 pandas gives arrays."""
    index = X.index
    return isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1


def _forecast_lags(lags: tuple[int, ...], horizon: int) -> tuple[int, ...]:
    """Raise each lag to its smallest multiple that is at least ``horizon``.

    A horizon below 1 would give lag 0 (a target of zeros) or a lag into the
    future, and a fraction would be rounded up silently: refused.
    """
    if isinstance(horizon, bool) or not isinstance(horizon, Integral) or horizon < 1:
        raise ValueError(
            f"horizon must be a whole number of steps ahead, at least 1; got "
            f"{horizon!r}."
        )
    return tuple(lag * ceil(horizon / lag) for lag in lags)


def _lag_polynomial(lags: tuple[int, ...]) -> np.ndarray:
    """Coefficients ``c[0..K]`` of ``prod(1 - B**lag)``, ``c[0] == 1``."""
    coefficients = np.array([1.0])
    for lag in lags:
        shifted = np.concatenate([np.zeros(lag), coefficients])
        coefficients = np.concatenate([coefficients, np.zeros(lag)]) - shifted
    return coefficients


def _apply_lag_polynomial(
    X: np.ndarray, coefficients: np.ndarray, *, skip_first: bool
) -> np.ndarray:
    """Return ``sum_k c[k] X[t-k]`` (from ``k = 1`` if ``skip_first``).

    Rows ``t < K`` (``K = len(c) - 1``) are NaN. The loop runs over the few
    non-zero coefficients, never over rows.
    """
    order = len(coefficients) - 1
    out = np.full(X.shape, np.nan, dtype=X.dtype)
    if X.shape[0] <= order:
        return out
    out[order:] = 0.0
    for k in np.flatnonzero(coefficients):
        if k == 0 and skip_first:
            continue
        out[order:] += coefficients[k] * X[order - k : X.shape[0] - k]
    return out
