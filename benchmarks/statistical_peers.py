"""statsforecast's statistical models on every series of a pool, batched.

The peers of the accuracy benchmark's LSTM that run on all of M3 and Tourism
monthly: ``AutoARIMA``, ``AutoETS`` and ``AutoTheta`` (season 12), with the
naive and seasonal naive forecasts. Each model runs in one
``StatsForecast(...).forecast`` call over all the series, so its ``seconds``
are the wall time of that model alone, on ``n_jobs`` processes.

A series on which a model raises or forecasts a non-finite value gets the
seasonal naive path instead, and is counted in :attr:`PeerRun.failed`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.metadata import version

import numpy as np
import pandas as pd

from benchmarks.accuracy_data import Pool
from benchmarks.accuracy_metrics import dataset_errors

__all__ = [
    "PeerRun",
    "long_frame",
    "paths",
    "peer_run",
    "pool_errors",
    "statistical_forecasts",
]


@dataclass
class PeerRun:
    """Forecasts of one peer model over the series of a pool.

    Parameters
    ----------
    forecasts : list of ndarray
        One path of ``horizon`` values per series, in the order of the input.
    seconds : float
        Wall time of the model over all the series (fit and forecast).
    method : str
        What the model is, with the version of the library that ran it.
    failed : list of bool
        Series where the model failed and the seasonal naive stood in.
    """

    forecasts: list[np.ndarray]
    seconds: float
    method: str
    failed: list[bool] = field(default_factory=list)


def long_frame(trains: list[pd.Series]) -> pd.DataFrame:
    """Stack series into the Nixtla long frame ``unique_id, ds, y``.

    ``unique_id`` is the position of a series in ``trains`` and ``ds`` the
    position of a month in its series (``freq=1``): no peer reads the
    calendar, and series starting in different months share one frame.

    Parameters
    ----------
    trains : list of pandas.Series
        In-sample values, one series each (any index).

    Returns
    -------
    frame : pandas.DataFrame
        One row per value.

    Examples
    --------
    >>> long_frame([pd.Series([1.0, 2.0]), pd.Series([3.0])])
       unique_id  ds    y
    0          0   0  1.0
    1          0   1  2.0
    2          1   0  3.0
    """
    return pd.DataFrame(
        {
            "unique_id": np.repeat(np.arange(len(trains)), [len(t) for t in trains]),
            "ds": np.concatenate([np.arange(len(t)) for t in trains]),
            "y": np.concatenate([t.to_numpy(dtype=np.float64) for t in trains]),
        }
    )


def paths(forecast: pd.DataFrame, column: str, horizon: int) -> list[np.ndarray]:
    """Split a Nixtla forecast frame into one path per series, by ``unique_id``.

    Parameters
    ----------
    forecast : pandas.DataFrame
        ``unique_id``, ``ds`` and a column of forecasts.
    column : str
        The model's column.
    horizon : int
        Steps per series.

    Returns
    -------
    paths : list of ndarray of shape (horizon,)
        In increasing ``unique_id`` (the order of :func:`long_frame`'s input).

    Examples
    --------
    >>> frame = pd.DataFrame({"unique_id": [1, 1, 0, 0], "ds": [2, 3, 2, 3],
    ...                       "m": [3.0, 4.0, 1.0, 2.0]})
    >>> paths(frame, "m", 2)
    [array([1., 2.]), array([3., 4.])]
    """
    ordered = forecast.sort_values(["unique_id", "ds"])[column]
    return list(ordered.to_numpy(dtype=np.float64).reshape(-1, horizon))


def _models(season: int, quick: bool) -> dict[str, object]:
    """Fresh statsforecast models by table name (a small ARIMA search if quick)."""
    from statsforecast.models import (
        AutoARIMA,
        AutoETS,
        AutoTheta,
        Naive,
        SeasonalNaive,
    )

    small = {"max_p": 1, "max_q": 1, "max_P": 1, "max_Q": 1} if quick else {}
    return {
        "AutoARIMA": AutoARIMA(season_length=season, **small),
        "AutoETS": AutoETS(season_length=season),
        "AutoTheta": AutoTheta(season_length=season),
        "Naive": Naive(),
        "Seasonal naive": SeasonalNaive(season_length=season),
    }


class _NaNPath:
    """statsforecast's fallback model: a NaN path marks the series as failed."""

    def forecast(self, h: int, **kwargs) -> dict[str, np.ndarray]:
        return {"mean": np.full(h, np.nan)}


def statistical_forecasts(
    trains: list[pd.Series],
    horizon: int,
    *,
    season: int = 12,
    n_jobs: int = 2,
    quick: bool = False,
    models: Sequence[str] | None = None,
) -> dict[str, PeerRun]:
    """Forecast every series with each statsforecast peer, one batch per model.

    Parameters
    ----------
    trains : list of pandas.Series
        In-sample values of each series (monthly ``PeriodIndex`` or
        ``DatetimeIndex``; only the order of the values is read).
    horizon : int
        Steps to forecast past the end of each series.
    season : int, default=12
        Season length of AutoARIMA, AutoETS, AutoTheta and the seasonal naive.
    n_jobs : int, default=2
        statsforecast's worker processes.
    quick : bool, default=False
        AutoARIMA searches orders up to 1 only (to test a script).
    models : sequence of str or None, default=None
        Run only these (names as in ``runs``); None runs them all.

    Returns
    -------
    runs : dict of str to PeerRun
        ``AutoARIMA``, ``AutoETS``, ``AutoTheta``, ``Naive`` and
        ``Seasonal naive``, in that order.

    Examples
    --------
    >>> y = pd.Series(np.tile(np.arange(12.0), 3) + 1)
    >>> runs = statistical_forecasts([y], 3, n_jobs=1, quick=True)
    >>> list(runs)
    ['AutoARIMA', 'AutoETS', 'AutoTheta', 'Naive', 'Seasonal naive']
    >>> runs["Seasonal naive"].forecasts
    [array([1., 2., 3.])]
    >>> list(statistical_forecasts([y], 3, n_jobs=1, models=["Naive"]))
    ['Naive']
    """
    from statsforecast import StatsForecast

    available = _models(season, quick)
    unknown = set(models or ()) - set(available)
    if unknown:
        raise ValueError(
            f"Unknown models {sorted(unknown)}; choose from {list(available)}."
        )
    frame = long_frame(trains)
    runs = {}
    for name, model in available.items():
        if models is not None and name not in models:
            continue
        batch = StatsForecast([model], freq=1, n_jobs=n_jobs, fallback_model=_NaNPath())
        start = time.perf_counter()
        forecast = batch.forecast(df=frame, h=horizon)
        seconds = time.perf_counter() - start
        method = f"statsforecast {version('statsforecast')} {model!r}"
        if hasattr(model, "season_length"):
            method += f", season {model.season_length}"
        found = paths(forecast, repr(model), horizon)
        runs[name] = peer_run(trains, found, seconds, method, season)
    return runs


def peer_run(
    trains: list[pd.Series],
    found: list[np.ndarray],
    seconds: float,
    method: str,
    season: int = 12,
) -> PeerRun:
    """Keep the finite paths; give the others the seasonal naive, and count them.

    Parameters
    ----------
    trains : list of pandas.Series
        In-sample values of each series.
    found : list of ndarray
        The peer's path for each series (NaN where it failed).
    seconds, method
        As in :class:`PeerRun`.
    season : int, default=12
        Season repeated by the stand-in.

    Returns
    -------
    run : PeerRun

    Examples
    --------
    >>> run = peer_run([pd.Series([1.0, 2.0, 3.0])], [np.full(3, np.nan)],
    ...                0.0, "", season=2)
    >>> run.forecasts, run.failed
    ([array([2., 3., 2.])], [True])
    """
    failed = [not np.isfinite(path).all() for path in found]
    forecasts = [
        np.resize(train.to_numpy(dtype=np.float64)[-season:], len(path))
        if bad
        else path
        for train, path, bad in zip(trains, found, failed, strict=True)
    ]
    return PeerRun(forecasts, seconds, method, failed)


def pool_errors(pool: Pool, run: PeerRun) -> dict[str, dict[str, float]]:
    """Score a peer's forecasts on each view of a pool.

    Parameters
    ----------
    pool : Pool
        The pool the peer forecast (``run.forecasts`` follows ``pool.train``).
    run : PeerRun
        The peer's forecasts.

    Returns
    -------
    errors : dict
        By view name: :func:`~benchmarks.accuracy_metrics.dataset_errors`,
        ``seconds`` (of the whole pool) and ``n_failed`` (in the view).
    """
    return {
        view.dataset: {
            **dataset_errors(
                [pool.test[i].to_numpy() for i in view.positions],
                [run.forecasts[i] for i in view.positions],
                [pool.train[i].to_numpy() for i in view.positions],
            ),
            "seconds": run.seconds,
            "n_failed": int(sum(run.failed[i] for i in view.positions)),
        }
        for view in pool.views
    }
