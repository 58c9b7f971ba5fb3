"""The statistical competitors of the accuracy benchmark, all through sktime.

Every model is an sktime forecaster built fresh for each series (and, in a
one-step protocol, for each forecast origin). A fit that fails falls back to
the seasonal naive forecast and is counted in ``n_failed``, so a table never
hides a crash behind a missing row.

Series run in ``n_jobs`` joblib worker processes; each worker fits every
model of a series in turn and measures each model's seconds, so that
``fit_seconds`` is the total single-core time a model spent (fit and
predict), whatever the number of workers.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from threadpoolctl import threadpool_limits

__all__ = [
    "COMPETITORS",
    "METHODS",
    "ModelRun",
    "make_forecaster",
    "run_competitors",
    "series_forecasts",
]

SEASON = 12

#: Competitors in table order; "ARIMA airline" only where ``airline`` is set.
COMPETITORS = (
    "AutoARIMA",
    "ARIMA airline",
    "AutoETS",
    "Theta",
    "Naive",
    "Seasonal naive",
)

#: How each competitor is built (shown in the results).
METHODS = {
    "AutoARIMA": "sktime AutoARIMA (pmdarima), sp=12, stepwise, p,q <= 3, P,Q <= 1",
    "ARIMA airline": "sktime ARIMA (0,1,1)(0,1,1)12 on log values",
    "AutoETS": "sktime AutoETS (statsmodels), auto=True, sp=12",
    "Theta": "sktime ThetaForecaster, sp=12 (additive deseasonalising if y <= 0)",
    "Naive": "sktime NaiveForecaster, last value",
    "Seasonal naive": "sktime NaiveForecaster, last value, sp=12",
}


@dataclass
class ModelRun:
    """Forecasts of one model over some series.

    Parameters
    ----------
    forecasts : list of ndarray
        One forecast path per series, aligned with its test values.
    seconds : list of float
        Single-core seconds of fitting and predicting, per series.
    failed : list of bool
        Series where the model failed and the seasonal naive stood in.
    """

    forecasts: list[np.ndarray]
    seconds: list[float]
    failed: list[bool]


def make_forecaster(name: str, train: pd.Series, *, quick: bool = False):
    """Build a fresh, unfitted sktime forecaster.

    Parameters
    ----------
    name : str
        One of :data:`COMPETITORS`.
    train : pandas.Series
        The series it will be fitted on (Theta deseasonalises additively
        when the series has values <= 0, where multiplicative fails).
    quick : bool, default=False
        Much smaller AutoARIMA and AutoETS searches (AutoETS: additive
        models only), to test the script.

    Returns
    -------
    forecaster : sktime BaseForecaster
    """
    from sktime.forecasting.arima import ARIMA, AutoARIMA
    from sktime.forecasting.compose import TransformedTargetForecaster
    from sktime.forecasting.ets import AutoETS
    from sktime.forecasting.naive import NaiveForecaster
    from sktime.forecasting.theta import ThetaForecaster
    from sktime.transformations.series.boxcox import LogTransformer

    if name == "AutoARIMA":
        # pmdarima's stepwise search with seasonal orders capped at 1 and
        # non-seasonal at 3: uncapped, one 300-month series took minutes.
        order, seasonal = (1, 0) if quick else (3, 1)
        return AutoARIMA(
            sp=SEASON, stepwise=True, start_p=1, start_q=1, max_p=order, max_q=order,
            start_P=seasonal, max_P=seasonal, start_Q=seasonal, max_Q=seasonal,
            maxiter=10 if quick else 50,
            suppress_warnings=True, error_action="ignore",
        )  # fmt: skip
    if name == "ARIMA airline":
        arima = ARIMA(order=(0, 1, 1), seasonal_order=(0, 1, 1, SEASON))
        return TransformedTargetForecaster(
            [("log", LogTransformer()), ("arima", arima)]
        )
    if name == "AutoETS":
        return AutoETS(auto=True, sp=SEASON, n_jobs=1, additive_only=quick)
    if name == "Theta":
        model = "multiplicative" if (train > 0).all() else "additive"
        return ThetaForecaster(sp=SEASON, deseasonalize_model=model)
    if name == "Naive":
        return NaiveForecaster(strategy="last")
    if name == "Seasonal naive":
        return NaiveForecaster(strategy="last", sp=SEASON)
    raise ValueError(f"Unknown competitor {name!r}; expected one of {COMPETITORS}.")


def seasonal_naive_path(train: pd.Series, horizon: int) -> np.ndarray:
    """Repeat the last season: the fallback when a model fails.

    Examples
    --------
    >>> seasonal_naive_path(pd.Series(np.arange(24.0)), 3)
    array([12., 13., 14.])
    """
    last = train.to_numpy()[-SEASON:]
    return (
        np.resize(last, horizon)
        if len(last) == SEASON
        else np.repeat(last[-1:], horizon)
    )


def from_origin(
    name: str, train: pd.Series, horizon: int, quick: bool = False
) -> np.ndarray:
    """Fit on ``train`` and forecast ``horizon`` steps past its end.

    Warnings are silenced here, around each fit, not once around many: the
    first import of pmdarima adds warning filters of its own.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        forecaster = make_forecaster(name, train, quick=quick)
        forecaster.fit(train, fh=np.arange(1, horizon + 1))
        return forecaster.predict().to_numpy(dtype=np.float64)


def one_step(
    name: str, train: pd.Series, test: pd.Series, quick: bool = False
) -> np.ndarray:
    """Refit at every origin and forecast the next month, through ``test``.

    sktime's ``update(update_params=False)`` does not move pmdarima's
    forecast origin, so the one-step protocol refits each model on all the
    months before each test month (sktime ``evaluate``'s "refit" strategy).
    """
    whole = pd.concat([train, test])
    return np.array(
        [
            from_origin(name, whole.iloc[: len(train) + k], 1, quick)[0]
            for k in range(len(test))
        ]
    )


def timed_forecast(
    name: str, train: pd.Series, test: pd.Series, is_one_step: bool, quick: bool
) -> tuple[np.ndarray, float, bool]:
    """One model on one series: (forecast path, seconds, failed)."""
    start = time.perf_counter()
    try:
        if is_one_step:
            path = one_step(name, train, test, quick)
        else:
            path = from_origin(name, train, len(test), quick)
        failed = not np.isfinite(path).all()
    except Exception:  # noqa: BLE001 - any failure is counted and replaced
        failed = True
    if failed:
        path = (
            one_step_seasonal_naive(train, test)
            if is_one_step
            else seasonal_naive_path(train, len(test))
        )
    return path, time.perf_counter() - start, failed


def one_step_seasonal_naive(train: pd.Series, test: pd.Series) -> np.ndarray:
    """Return the one-step protocol's seasonal naive: each month a year before.

    A test month's origin is the month before it, so its seasonal naive
    forecast is the observation a season earlier, test months included
    (:func:`benchmarks.baselines.seasonal_naive`); a month with no season
    before it gets the month before, as :func:`seasonal_naive_path` falls
    back on a history shorter than a season.

    Examples
    --------
    >>> train, test = pd.Series(np.arange(24.0)), pd.Series(np.arange(24.0, 38.0))
    >>> one_step_seasonal_naive(train, test)[[0, 11, 12, 13]]
    array([12., 23., 24., 25.])
    >>> one_step_seasonal_naive(pd.Series([1.0, 2.0]), pd.Series([3.0]))
    array([2.])
    """
    # here, not at the top: benchmarks.baselines imports statsmodels, and this
    # runs only for a model that failed
    from benchmarks.baselines import naive, seasonal_naive

    whole = pd.concat([train, test])
    path = seasonal_naive(whole, len(train), SEASON).to_numpy()
    return np.where(np.isnan(path), naive(whole, len(train)).to_numpy(), path)


def series_forecasts(
    names: tuple[str, ...],
    train: pd.Series,
    test: pd.Series,
    is_one_step: bool,
    quick: bool,
) -> dict[str, tuple[np.ndarray, float, bool]]:
    """Every model on one series (what one joblib task runs).

    BLAS runs on one thread, as joblib's workers set it: statsmodels' small
    matrices on two OpenBLAS threads were 2 to 10 times slower on a loaded
    machine.
    """
    with threadpool_limits(limits=1):
        return {
            name: timed_forecast(name, train, test, is_one_step, quick)
            for name in names
        }


def run_competitors(
    names: tuple[str, ...],
    trains: list[pd.Series],
    tests: list[pd.Series],
    *,
    is_one_step: bool = False,
    n_jobs: int = 2,
    quick: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, ModelRun]:
    """Fit and forecast every model on every series, series in parallel.

    Parameters
    ----------
    names : tuple of str
        Competitors to run.
    trains, tests : list of pandas.Series
        In-sample parts and the values to forecast.
    is_one_step : bool, default=False
        One-step protocol (refit at each test month) instead of one origin.
    n_jobs : int, default=2
        joblib worker processes.
    quick : bool, default=False
        Smaller searches, to test the script.
    progress : callable or None, default=None
        Called with a line when done.

    Returns
    -------
    runs : dict of str to ModelRun
    """
    start = time.perf_counter()
    per_series = Parallel(n_jobs=n_jobs, batch_size=4)(
        delayed(series_forecasts)(names, train, test, is_one_step, quick)
        for train, test in zip(trains, tests, strict=True)
    )
    runs = {
        name: ModelRun(
            *map(list, zip(*(result[name] for result in per_series), strict=True))
        )
        for name in names
    }
    if progress is not None:
        progress(
            f"{', '.join(names)} on {len(trains)} series: "
            f"{time.perf_counter() - start:.0f} s wall"
        )
    return runs
