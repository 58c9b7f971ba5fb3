"""What statsforecast's fixed-order ARIMA cannot fit, and fitting it in any units.

statsforecast 2.1.1's ``ARIMA`` stops deep in its own code, or forecasts
wrong numbers without a word, on inputs a user meets (ADR 0028's amendment):

* **Too short for the lags it conditions on.** Its conditional sum of squares
  needs ``d + D * s + p + P * s`` values; fewer stop at "Internal error:
  resid length ... must be >= ncond", and ``d + D * s`` or fewer at "Not
  enough data". :func:`minimum_length` is the count, checked first.
* **Infinite values** (a zero or a negative number under a log in front) are
  fitted, and every forecast of that series is ``NaN``.
  :func:`series_with_infinite_values` finds them first.
* **Units.** Its optimiser ignores R's ``parscale``, so the intercept (the
  mean, or the drift) is searched in steps fixed in the series' units: a
  series of 1e-4 whose spread is 1e-5 gets its AR or MA term dropped (the
  coefficient stays 0). An ARIMA is the same model of the series scaled (and,
  with a mean, shifted), so :class:`Standardisation` fits each series with a
  mean or a drift as ``(y - mean) / std`` (``y / std`` for a drift), and
  :func:`in_units_of_series` then describes the fitted model in the series'
  units: coefficients, variances, likelihood, residuals and Kalman state, so
  that statsforecast's own forecasts, intervals and fitted values, and what a
  user reads from the model (its ``aic`` say), are the series'.
* **Fits that fail inside.** Its stationarity check of the conditional sum of
  squares' estimates (``arCheck``) reads only the leading 1 and passes every
  AR polynomial; the likelihood then starts from an explosive estimate, every
  coefficient is ``NaN``, and the fit stops at ``np.min`` of no residuals. A
  drift on a straight line stops at ``math.log`` of a non-positive count.
  R's ``arima`` refuses the first as "non-stationary AR part from CSS". The
  forecaster says which series failed (:data:`FIT_ERRORS`,
  :func:`series_that_fail`) and what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "FIT_ERRORS",
    "Standardisation",
    "in_units_of_series",
    "intercept_terms",
    "minimum_length",
    "series_that_fail",
    "series_with_infinite_values",
]

#: What statsforecast's ``ARIMA.fit`` raises from inside its estimation
#: (``numpy.linalg.LinAlgError`` is a ``ValueError``).
FIT_ERRORS = (ValueError, RuntimeError, ArithmeticError)


def minimum_length(
    order: Sequence[int], seasonal_order: Sequence[int], season_length: int
) -> int:
    """Return the fewest values statsforecast's ``CSS-ML`` fit of the orders needs.

    The differences and one value more, and the values the conditional sum
    of squares conditions on: the differences and the autoregressive lags.

    Examples
    --------
    >>> minimum_length((0, 1, 1), (0, 1, 1), 12)
    14
    >>> minimum_length((0, 0, 0), (1, 0, 0), 12)
    12
    """
    differences = order[1] + seasonal_order[1] * season_length
    lags = order[0] + seasonal_order[0] * season_length
    return max(differences + 1, differences + lags)


def intercept_terms(
    order: Sequence[int],
    seasonal_order: Sequence[int],
    *,
    include_mean: bool,
    include_drift: bool,
) -> tuple[bool, bool]:
    """Whether statsforecast estimates a mean, and whether a drift, for these orders.

    A mean without differences, a drift with at most one (its rules).

    Examples
    --------
    >>> flags = {"include_mean": True, "include_drift": True}
    >>> intercept_terms((1, 0, 0), (0, 0, 0), **flags)
    (True, True)
    >>> intercept_terms((0, 1, 1), (0, 1, 1), **flags)
    (False, False)
    """
    differences = order[1] + seasonal_order[1]
    return include_mean and differences == 0, include_drift and differences <= 1


def series_with_infinite_values(
    values: np.ndarray, lengths: np.ndarray
) -> list[tuple[int, int]]:
    """Return ``(series, row)`` of each series' first infinite value.

    ``values`` holds the series one after the other, ``lengths`` their rows.

    Examples
    --------
    >>> series_with_infinite_values(np.array([1.0, 2.0, 3.0, np.inf]), np.array([2, 2]))
    [(1, 1)]
    """
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    found = []
    for series in np.flatnonzero(np.add.reduceat(np.isinf(values), starts) > 0):
        rows = values[starts[series] : starts[series] + lengths[series]]
        found.append((int(series), int(np.argmax(np.isinf(rows)))))
    return found


@dataclass(frozen=True)
class Standardisation:
    """Each series' shift and scale: the units a model is fitted in.

    Parameters
    ----------
    shift, scale : ndarray of shape (n_series,)
        The model reads ``(y - shift) / scale``.

    Examples
    --------
    >>> values, lengths = np.array([1e-4, 3e-4, 5.0, 5.0]), np.array([2, 2])
    >>> Standardisation.of(values, lengths, shift=True).apply(values, lengths).tolist()
    [-1.0, 1.0, 0.0, 0.0]
    >>> Standardisation.of(values, lengths, shift=False).shift.tolist()
    [0.0, 0.0]
    """

    shift: np.ndarray
    scale: np.ndarray

    @classmethod
    def of(
        cls, values: np.ndarray, lengths: np.ndarray, *, shift: bool
    ) -> Standardisation:
        """Each series' standard deviation (1 if constant); its mean if ``shift``."""
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        mean = np.add.reduceat(values, starts) / lengths
        spread = np.add.reduceat((values - np.repeat(mean, lengths)) ** 2, starts)
        std = np.sqrt(spread / lengths)
        # by its values, not its std: a mean that rounds (0.1 thirty times)
        # leaves a std of 1e-17 for a constant series
        lowest, highest = (f.reduceat(values, starts) for f in (np.minimum, np.maximum))
        scale = np.where(lowest == highest, 1.0, std)
        return cls(mean if shift else np.zeros(len(lengths)), scale)

    @classmethod
    def none(cls, n_series: int) -> Standardisation:
        """Shift 0 and scale 1: the series as given."""
        return cls(np.zeros(n_series), np.ones(n_series))

    @property
    def is_none(self) -> bool:
        """Whether every series is fitted as given."""
        return not self.shift.any() and bool((self.scale == 1).all())

    def apply(self, values: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Return the series (one after the other) shifted and scaled."""
        if self.is_none:
            return values
        return (values - np.repeat(self.shift, lengths)) / np.repeat(
            self.scale, lengths
        )


def in_units_of_series(model: dict, shift: float, scale: float) -> dict:
    """Describe statsforecast's ARIMA of ``(y - shift) / scale`` in the units of y.

    ``model`` is a fitted ``statsforecast.models.ARIMA``'s ``model_`` (left
    unchanged; a new dict is returned). The ARMA coefficients are the same;
    the mean becomes ``scale * mean + shift`` and the drift ``scale *
    drift``, their covariances (statsforecast's optimiser's approximation,
    rough in any units) and the innovations' variance scale with
    ``scale``, the Gaussian log-likelihood of ``nobs`` values moves by
    ``nobs * log(scale)`` (and the information criteria by twice that), the
    series, residuals and Kalman state are mapped back (the state's
    covariances are relative to the variance, so they stay). statsforecast's
    forecasts, intervals and fitted values from the result are then those of
    the fit mapped back, to the last bit in the tests.
    """
    names = list(model["coef"])
    factors = np.array([scale if n in ("intercept", "drift") else 1.0 for n in names])
    coef = dict(
        zip(names, np.array(list(model["coef"].values())) * factors, strict=True)
    )
    if "intercept" in coef:
        coef["intercept"] += shift
    moved = 2 * model["nobs"] * np.log(scale)
    return {
        **model,
        "coef": coef,
        "var_coef": np.asarray(model["var_coef"]) * np.outer(factors, factors),
        "sigma2": model["sigma2"] * scale**2,
        "loglik": model["loglik"] - moved / 2,
        **{
            ic: model[ic] + moved
            for ic in ("aic", "aicc", "bic")
            if model.get(ic) is not None
        },
        "residuals": model["residuals"] * scale,
        "x": model["x"] * scale + shift,
        "model": {**model["model"], "a": model["model"]["a"] * scale},
    }


def series_that_fail(
    fit: Callable[[np.ndarray], object], values: np.ndarray, lengths: np.ndarray
) -> list[int]:
    """Return the positions of the series whose fit alone raises a :data:`FIT_ERRORS`.

    Read on the error path only, after the whole panel's fit failed: it fits
    every series again, one at a time.

    Examples
    --------
    >>> def fit(y):
    ...     if y.min() < 0:
    ...         raise ValueError("negative")
    >>> series_that_fail(fit, np.array([1.0, -1.0, 2.0, 3.0]), np.array([2, 2]))
    [0]
    """
    failing = []
    for position, series in enumerate(np.split(values, np.cumsum(lengths)[:-1])):
        try:
            fit(series)
        except FIT_ERRORS:
            failing.append(position)
    return failing
