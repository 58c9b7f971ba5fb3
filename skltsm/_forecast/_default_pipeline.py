"""The pipeline LSTMForecaster uses when none is given."""

from __future__ import annotations

from sklearn.preprocessing import MinMaxScaler

from skltsm._forecast._pipeline import ForecastPipeline, make_forecast_pipeline
from skltsm._keras._regressor import LSTMRegressor
from skltsm._transform._differencer import Differencer
from skltsm._transform._lag import LagTransformer

__all__ = ["default_pipeline"]


def default_pipeline(*, panel: bool = False) -> ForecastPipeline:
    """Build the pipeline ``LSTMForecaster`` trains when it is given none.

    One series: first differences, scaled to [-1, 1], a year of monthly
    look-back, LSTM(16). A panel: each window standardised by its own inputs
    (``LSTMRegressor(window_scaling="standard")``), so that series of any
    level share one network, and early stopping on the latest windows of
    every series, so that hundreds of series train in minutes.

    Parameters
    ----------
    panel : bool, default=False
        Whether one network learns from many series.

    Returns
    -------
    pipeline : ForecastPipeline
        A new, unfitted pipeline.

    Examples
    --------
    >>> [name for name, _ in default_pipeline().steps]
    ['differencer', 'minmaxscaler', 'lagtransformer', 'lstmregressor']
    >>> default_pipeline(panel=True).steps[-1][1].window_scaling
    'standard'
    """
    if panel:
        return make_forecast_pipeline(
            LagTransformer(look_back=12),
            LSTMRegressor(
                units=32, epochs=100, batch_size=64, early_stopping=True,
                patience=5, window_scaling="standard",
            ),
        )  # fmt: skip
    return make_forecast_pipeline(
        Differencer(),
        MinMaxScaler((-1, 1)),
        LagTransformer(look_back=12),
        LSTMRegressor(units=16, epochs=100, batch_size=16),
    )
