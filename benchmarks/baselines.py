"""Baselines every skltsm benchmark reports beside the LSTM.

The naive forecasts are one line each; the airline model is statsmodels'
SARIMAX on log passengers, fitted on the training months and then run through
the test months with its parameters fixed (``results.append``), which gives the
classic one-step-ahead forecasts.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from statsmodels.tsa.statespace.sarimax import SARIMAX


def naive(y: pd.Series, n_train: int) -> pd.Series:
    """Forecast each month by the month before it."""
    return y.shift(1).iloc[n_train:].rename("naive")


def seasonal_naive(y: pd.Series, n_train: int, season: int = 12) -> pd.Series:
    """Forecast each month by the same month a year earlier."""
    return y.shift(season).iloc[n_train:].rename("seasonal naive")


def airline_sarima(y: pd.Series, n_train: int) -> tuple[pd.Series, float]:
    """One-step forecasts of SARIMA(0,1,1)(0,1,1)12 on log(y), and its seconds."""
    start = time.perf_counter()
    log_y = np.log(y)
    fitted = SARIMAX(
        log_y.iloc[:n_train], order=(0, 1, 1), seasonal_order=(0, 1, 1, 12)
    ).fit(disp=False)
    extended = fitted.append(log_y.iloc[n_train:])
    forecast = np.exp(extended.predict(start=n_train, end=len(y) - 1))
    seconds = time.perf_counter() - start
    return pd.Series(
        forecast.to_numpy(), index=y.index[n_train:], name="SARIMA"
    ), seconds


def rmse(actual: pd.Series, forecast: pd.Series) -> float:
    """Root mean squared error, in the units of the series."""
    return float(np.sqrt(np.mean((actual.to_numpy() - forecast.to_numpy()) ** 2)))


def mae(actual: pd.Series, forecast: pd.Series) -> float:
    """Mean absolute error, in the units of the series."""
    return float(np.mean(np.abs(actual.to_numpy() - forecast.to_numpy())))
