"""The pipeline LSTMForecaster uses when none is given."""

from __future__ import annotations

from sklearn.preprocessing import MinMaxScaler

from skltsm._forecast._pipeline import ForecastPipeline, make_forecast_pipeline
from skltsm._keras._regressor import LSTMRegressor
from skltsm._transform._differencer import Differencer
from skltsm._transform._lag import LagTransformer

__all__ = ["default_pipeline"]


def default_pipeline() -> ForecastPipeline:
    """First differences, scaled to [-1, 1], a year of monthly look-back, LSTM(16).

    Returns
    -------
    pipeline : ForecastPipeline
        A new, unfitted pipeline (steps ``differencer``, ``minmaxscaler``,
        ``lagtransformer``, ``lstmregressor``).

    Examples
    --------
    >>> [name for name, _ in default_pipeline().steps]
    ['differencer', 'minmaxscaler', 'lagtransformer', 'lstmregressor']
    """
    return make_forecast_pipeline(
        Differencer(),
        MinMaxScaler((-1, 1)),
        LagTransformer(look_back=12),
        LSTMRegressor(units=16, epochs=100, batch_size=16),
    )
