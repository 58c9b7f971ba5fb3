"""The per-series LSTM of the accuracy benchmark: one skltsm pipeline a series.

Used where a dataset is one series (airline, shampoo, electrical equipment).
The pipeline is the airline demo's: ``log -> Differencer -> MinMaxScaler ->
LagTransformer -> LSTMRegressor`` with early stopping. Look-back and units
are grid-searched with ``TimeSeriesSplit`` (one-step RMSE) on the training
months only, where the series is long enough for three folds of a year.

* One-step protocol: the best pipeline, refitted on the training months,
  forecasts every test month from the actual months before it.
* Multi-step: :class:`skltsm.sktime.LSTMForecaster` around the best pipeline,
  with its ``"recursive"`` strategy (one one-step network, forecasts fed
  back) and its ``"multioutput"`` strategy (one network whose output is the
  vector of all steps).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

from benchmarks.airline_demo import skltsm_pipeline

__all__ = [
    "STRATEGIES",
    "SeriesSettings",
    "describe_series_lstm",
    "lstm_forecasts",
    "settings_for",
]

#: LSTMForecaster strategies compared on multi-step single series.
STRATEGIES = ("recursive", "multioutput")


@dataclass(frozen=True)
class SeriesSettings:
    """How the per-series pipeline is built and searched.

    Parameters
    ----------
    lags : tuple of int
        Differencing lags.
    look_backs : tuple of int
        Look-backs searched (one: no search).
    units : tuple of int
        LSTM units searched.
    epochs : int
        Maximum epochs (early stopping usually ends sooner).
    """

    lags: tuple[int, ...] = (1, 12)
    look_backs: tuple[int, ...] = (12, 24)
    units: tuple[int, ...] = (8, 32)
    epochs: int = 300

    @property
    def grid(self) -> dict[str, list[int]]:
        """The parameter grid of the search."""
        return {
            "lagtransformer__look_back": list(self.look_backs),
            "lstmregressor__units": list(self.units),
        }


def settings_for(dataset: str, *, quick: bool) -> SeriesSettings:
    """Return the settings of a dataset (shampoo's 24 months: no seasonal lag).

    Examples
    --------
    >>> settings_for("shampoo", quick=False).lags
    (1,)
    """
    if dataset == "shampoo":
        settings = SeriesSettings(lags=(1,), look_backs=(3,), units=(8,))
    else:
        settings = SeriesSettings()
    if quick:
        return SeriesSettings(settings.lags, settings.look_backs[:1], (4,), epochs=2)
    return settings


def fitted_pipeline(train: pd.Series, settings: SeriesSettings):
    """Search, then refit the best pipeline on all of ``train``."""
    X, y = train.to_frame(), train
    pipe = skltsm_pipeline(
        settings.epochs,
        lags=settings.lags,
        look_back=settings.look_backs[0],
        units=settings.units[0],
    )
    if len(settings.look_backs) * len(settings.units) == 1:
        return pipe.fit(X, y)
    search = GridSearchCV(
        pipe,
        settings.grid,
        cv=TimeSeriesSplit(n_splits=3, test_size=12),
        scoring="neg_root_mean_squared_error",
    )
    return search.fit(X, y).best_estimator_


def lstm_forecasts(
    train: pd.Series, test: pd.Series, *, one_step: bool, settings: SeriesSettings
) -> dict[str, tuple[np.ndarray, float]]:
    """Forecast the test months with each LSTM variant.

    Parameters
    ----------
    train, test : pandas.Series
        In-sample months and the months to forecast (``test`` is read only
        in the one-step protocol, and only before each forecast month).
    one_step : bool
        One-step protocol, else multi-step from the end of ``train``.
    settings : SeriesSettings
        Pipeline and search.

    Returns
    -------
    forecasts : dict of str to (ndarray, float)
        For each strategy (``"one-step"``, or ``"recursive"`` and
        ``"multioutput"``), the forecasts of the test months and the seconds
        taken, the search included.
    """
    start = time.perf_counter()
    train, test = train.rename("y"), test.rename("y")
    pipe = fitted_pipeline(train, settings)
    search_seconds = time.perf_counter() - start
    if one_step:
        forecast = pipe.predict(test.to_frame()).to_numpy(dtype=np.float64)
        return {"one-step": (forecast, time.perf_counter() - start)}
    return {
        strategy: strategy_forecast(pipe, train, len(test), strategy, search_seconds)
        for strategy in STRATEGIES
    }


def strategy_forecast(
    pipe, train: pd.Series, horizon: int, strategy: str, search_seconds: float
) -> tuple[np.ndarray, float]:
    """Fit ``LSTMForecaster`` with one strategy; its forecast and seconds."""
    from skltsm.sktime import LSTMForecaster

    start = time.perf_counter()
    forecaster = LSTMForecaster(
        clone(pipe), strategy=strategy, calibration_size=0, random_state=0
    )
    forecast = forecaster.fit(train, fh=np.arange(1, horizon + 1)).predict()
    seconds = search_seconds + time.perf_counter() - start
    return forecast.to_numpy(dtype=np.float64).ravel(), seconds


def describe_series_lstm(settings: SeriesSettings, strategy: str) -> str:
    """Say in one line what a per-series LSTM is, for the results."""
    how = {
        "one-step": "weights fitted once, each test month forecast from the "
        "actual months before it",
        "recursive": "LSTMForecaster(strategy='recursive'): one-step network, "
        "forecasts fed back",
        "multioutput": "LSTMForecaster(strategy='multioutput'): one network "
        "with a vector output of all steps",
    }[strategy]
    searched = len(settings.look_backs) * len(settings.units) > 1
    tuning = (
        "look-back and units grid-searched with TimeSeriesSplit on the training months"
        if searched
        else "no search"
    )
    return (
        f"skltsm pipeline for this series: log, Differencer(lags={list(settings.lags)}"
        f"), MinMaxScaler, LagTransformer(look_back in {list(settings.look_backs)}), "
        f"LSTMRegressor(units in {list(settings.units)}, early stopping); {tuning}; "
        f"{how}"
    )
