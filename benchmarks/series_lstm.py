"""The per-series LSTM of the accuracy benchmark: one skltsm pipeline a series.

Used where a dataset is one series (airline, shampoo, electrical equipment).
The pipeline is the airline demo's: ``log -> Differencer -> MinMaxScaler ->
LagTransformer -> LSTMRegressor`` with early stopping. Look-back and units
are grid-searched with ``TimeSeriesSplit`` on the training months only (where
the series is long enough for three folds of a year), then the best pipeline
is refitted on all training months.

* One-step protocol: every test month is forecast from the actual months
  before it, with the weights fitted on the training months.
* Multi-step: the pipeline forecasts one month, the forecast is appended as
  if observed, and so on (the recursive strategy).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

from benchmarks.airline_demo import skltsm_pipeline
from benchmarks.perf_cases import recursive_with_pipeline

__all__ = ["SeriesSettings", "describe_series_lstm", "lstm_forecast", "settings_for"]


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


def lstm_forecast(
    train: pd.Series, test: pd.Series, *, one_step: bool, settings: SeriesSettings
) -> tuple[np.ndarray, float]:
    """Forecast the test months; return the forecasts and the seconds taken.

    Parameters
    ----------
    train, test : pandas.Series
        In-sample months and the months to forecast (``test`` is read only
        in the one-step protocol, and only before each forecast month).
    one_step : bool
        One-step protocol, else recursive from the end of ``train``.
    settings : SeriesSettings
        Pipeline and search.

    Returns
    -------
    forecasts : ndarray of shape (len(test),)
    seconds : float
        Search, refit and forecasts.
    """
    start = time.perf_counter()
    train, test = train.rename("y"), test.rename("y")
    pipe = fitted_pipeline(train, settings)
    if one_step:
        forecast = pipe.predict(test.to_frame())
    else:
        forecast = recursive_with_pipeline(pipe, train.to_frame(), len(test))
    return forecast.to_numpy(dtype=np.float64), time.perf_counter() - start


def describe_series_lstm(settings: SeriesSettings, *, one_step: bool) -> str:
    """Say in one line what the per-series LSTM is, for the results."""
    how = (
        "weights fitted once, each test month forecast from the actual months before it"
        if one_step
        else "multi-step by a recursive loop in the benchmark (each forecast "
        "fed back as an observation)"
    )
    searched = len(settings.look_backs) * len(settings.units) > 1
    tuning = (
        "look-back and units grid-searched with TimeSeriesSplit on the training months"
        if searched
        else "no search (too few months for three folds)"
    )
    return (
        f"skltsm pipeline for this series: log, Differencer(lags={list(settings.lags)}"
        f"), MinMaxScaler, LagTransformer(look_back in {list(settings.look_backs)}), "
        f"LSTMRegressor(units in {list(settings.units)}, early stopping); {tuning}; "
        f"{how}"
    )
