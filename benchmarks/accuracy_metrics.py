"""Forecast errors of the accuracy benchmark, per series and over a dataset.

Conventions of the M3 and Tourism literature:

* sMAPE, in percent: ``200 |y - f| / (|y| + |f|)`` averaged over the horizon
  steps of a series, then over the series (Makridakis & Hibon 2000; the M3
  figures of Makridakis, Spiliotis & Assimakopoulos 2018 use it).
* MAPE, in percent: ``100 |y - f| / |y|``, the Tourism competition's measure
  (Athanasopoulos et al. 2011).
* MASE: the mean absolute error over the horizon divided by the in-sample
  mean absolute error of the seasonal naive forecast (lag ``m``; Hyndman &
  Koehler 2006), then averaged over the series.
* RMSE, in the units of each series, averaged over the series (on one series,
  the plain RMSE).
* OWA, the M4 competition's overall weighted average: the mean of a model's
  dataset-level sMAPE and MASE, each divided by those of the naive2
  forecast on the same series (Makridakis, Spiliotis & Assimakopoulos 2020).
* Coverage of prediction intervals: the share of test values inside their
  interval, over every series and step.
* MSIS, M4's mean scaled interval score (Makridakis et al. 2020): for each
  series ``mean_h[(U - L) + 2/a (L - y) 1(y < L) + 2/a (y - U) 1(y > U)]``
  over the in-sample mean absolute seasonal difference, averaged over the
  series (``a = 0.05`` for a 95 % interval).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = [
    "coverage",
    "dataset_errors",
    "mape",
    "mase",
    "msis",
    "owa",
    "rmse",
    "seasonal_scale",
    "smape",
    "smape_by_step",
]


def smape_by_step(actual: np.ndarray, forecast: np.ndarray) -> np.ndarray:
    """Symmetric absolute percentage error of each value, in percent.

    Parameters
    ----------
    actual, forecast : ndarray
        Values of the same shape.

    Returns
    -------
    errors : ndarray
        ``200 |y - f| / (|y| + |f|)``, 0 where both are 0, NaN where the
        forecast is (a missing forecast is no error of 0).

    Examples
    --------
    >>> smape_by_step(np.array([100.0, 0.0, 5.0]), np.array([110.0, 0.0, np.nan]))
    array([9.52380952, 0.        ,        nan])
    """
    actual, forecast = np.asarray(actual, float), np.asarray(forecast, float)
    denominator = np.abs(actual) + np.abs(forecast)
    safe = np.where(denominator == 0, 1.0, denominator)
    return np.where(denominator == 0, 0.0, 200 * np.abs(actual - forecast) / safe)


def smape(actual: np.ndarray, forecast: np.ndarray) -> float:
    """Return the sMAPE of one forecast path, in percent.

    Examples
    --------
    >>> round(smape(np.array([100.0, 200.0]), np.array([110.0, 180.0])), 3)
    10.025
    """
    return float(np.mean(smape_by_step(actual, forecast)))


def mape(actual: np.ndarray, forecast: np.ndarray) -> float:
    """Mean absolute percentage error, in percent (NaN if an actual is 0).

    Examples
    --------
    >>> mape(np.array([100.0, 200.0]), np.array([110.0, 180.0]))
    10.0
    """
    actual, forecast = np.asarray(actual, float), np.asarray(forecast, float)
    if np.any(actual == 0):
        return float("nan")
    return float(100 * np.mean(np.abs(actual - forecast) / np.abs(actual)))


def mase(
    actual: np.ndarray, forecast: np.ndarray, insample: np.ndarray, m: int = 12
) -> float:
    """Mean absolute scaled error against the in-sample seasonal naive.

    Parameters
    ----------
    actual, forecast : ndarray of shape (horizon,)
        Test values and their forecasts.
    insample : ndarray
        The series before the forecast origin.
    m : int, default=12
        Seasonal period of the naive forecast that scales the error; a
        series shorter than ``m + 1`` values uses ``m = 1``.

    Returns
    -------
    mase : float
        NaN when the in-sample seasonal differences are all 0.

    Examples
    --------
    >>> mase(np.array([5.0, 7.0]), np.array([6.0, 6.0]),
    ...      np.array([1.0, 2.0, 3.0, 4.0]), m=1)
    1.0
    """
    error = np.abs(np.asarray(actual, float) - np.asarray(forecast, float))
    return float(np.mean(error) / seasonal_scale(insample, m))


def seasonal_scale(insample: np.ndarray, m: int = 12) -> float:
    """Mean absolute in-sample difference at lag ``m``: MASE's and MSIS's scale.

    A series shorter than ``m + 1`` values uses lag 1; NaN when the
    differences are all 0 (the series is not scored).

    Examples
    --------
    >>> seasonal_scale(np.array([1.0, 2.0, 4.0]), m=12)  # short: lag 1
    1.5
    """
    insample = np.asarray(insample, float)
    if len(insample) <= m:
        m = 1
    scale = np.mean(np.abs(insample[m:] - insample[:-m]))
    return float("nan") if scale == 0 else float(scale)


def owa(
    smape_model: float, mase_model: float, smape_naive2: float, mase_naive2: float
) -> float:
    """Overall weighted average (M4): mean of the sMAPE and MASE relative to naive2.

    Parameters
    ----------
    smape_model, mase_model : float
        The model's sMAPE and MASE, each averaged over the series of a
        dataset first (M4 divides the dataset means, not each series').
    smape_naive2, mase_naive2 : float
        The naive2 forecast's, on the same series.

    Returns
    -------
    owa : float
        Below 1 beats naive2; NaN when a naive2 error is 0.

    Examples
    --------
    >>> owa(10.0, 1.0, 20.0, 1.0)
    0.75
    >>> owa(12.5, 0.8, 12.5, 0.8)
    1.0
    """
    if smape_naive2 == 0 or mase_naive2 == 0:
        return float("nan")
    return float((smape_model / smape_naive2 + mase_model / mase_naive2) / 2)


def rmse(actual: np.ndarray, forecast: np.ndarray) -> float:
    """Root mean squared error, in the units of the series.

    Examples
    --------
    >>> rmse(np.array([1.0, 3.0]), np.array([2.0, 2.0]))
    1.0
    """
    error = np.asarray(actual, float) - np.asarray(forecast, float)
    return float(np.sqrt(np.mean(error**2)))


def dataset_errors(
    actuals: Sequence[np.ndarray],
    forecasts: Sequence[np.ndarray],
    insamples: Sequence[np.ndarray],
    m: int = 12,
) -> dict[str, float]:
    """Average each measure over the series of a dataset.

    Parameters
    ----------
    actuals, forecasts : sequence of ndarray of shape (horizon,)
        Test values and forecasts, one pair per series.
    insamples : sequence of ndarray
        In-sample values of each series (for MASE).
    m : int, default=12
        Seasonal period for MASE.

    Returns
    -------
    errors : dict
        ``smape``, ``mape``, ``mase`` and ``rmse`` (means over series, NaN
        entries ignored) and ``n_series``.

    Examples
    --------
    >>> errors = dataset_errors([np.array([100.0])], [np.array([110.0])],
    ...                         [np.array([90.0, 100.0])], m=1)
    >>> {k: round(v, 3) for k, v in errors.items()}
    {'smape': 9.524, 'mape': 10.0, 'mase': 1.0, 'rmse': 10.0, 'n_series': 1}
    """
    missing = [i for i, f in enumerate(forecasts) if not np.isfinite(f).all()]
    if missing:  # the means below skip NaN: a failed series would vanish
        raise ValueError(
            f"The forecasts of {len(missing)} series (positions {missing[:5]}) are "
            "not finite: give them a stand-in and count them as failed first "
            "(statistical_peers.peer_run)."
        )
    rows = [
        (smape(a, f), mape(a, f), mase(a, f, x, m), rmse(a, f))
        for a, f, x in zip(actuals, forecasts, insamples, strict=True)
    ]
    table = np.array(rows, dtype=float).reshape(-1, 4)
    means = _nanmean_columns(table)
    names = ("smape", "mape", "mase", "rmse")
    return {**dict(zip(names, means, strict=True)), "n_series": len(rows)}


def _nanmean_columns(table: np.ndarray) -> list[float]:
    """Column means ignoring NaN; NaN for a column with no finite value."""
    finite = np.isfinite(table)
    counts = finite.sum(axis=0)
    sums = np.where(finite, table, 0.0).sum(axis=0)
    return [
        float(s / c) if c else float("nan") for s, c in zip(sums, counts, strict=True)
    ]


def coverage(actual: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> float:
    """Share of ``actual`` values inside ``[lower, upper]``.

    Examples
    --------
    >>> coverage(np.array([1.0, 5.0]), np.array([0.0, 0.0]), np.array([2.0, 2.0]))
    0.5
    """
    return float(np.mean((actual >= lower) & (actual <= upper)))


def msis(
    actual: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    insample: list[np.ndarray],
    level: int,
    season: int = 12,
) -> float:
    """M4's mean scaled interval score, averaged over the series.

    Parameters
    ----------
    actual, lower, upper : ndarray of shape (n_series, horizon)
        Test values and the interval of each.
    insample : list of ndarray
        Each series' in-sample values (the scale: :func:`seasonal_scale`,
        as MASE's; a series whose scale is NaN is not scored).
    level : int
        Nominal coverage in percent (``a = 1 - level / 100``).
    season : int, default=12
        Lag of the scaling differences.

    Examples
    --------
    >>> y = np.array([[3.0]])
    >>> lower, upper = np.array([[0.0]]), np.array([[2.0]])
    >>> round(msis(y, lower, upper, [np.array([0.0, 1.0])], 95, 1), 9)
    42.0
    """
    a = 1 - level / 100
    penalty = (
        (upper - lower)
        + 2 / a * (lower - actual) * (actual < lower)
        + 2 / a * (actual - upper) * (actual > upper)
    )
    scales = np.array([seasonal_scale(s, season) for s in insample])
    return _nanmean_columns((penalty.mean(axis=1) / scales)[:, None])[0]
