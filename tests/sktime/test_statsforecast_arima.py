"""StatsForecastARIMA: statsforecast's fixed-order ARIMA behind sktime's interface."""

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")
pytest.importorskip("statsforecast")

from sktime.datasets import load_airline
from sktime.forecasting.compose import TransformedTargetForecaster
from sktime.transformations.series.boxcox import LogTransformer
from sktime.utils.estimator_checks import check_estimator
from statsforecast.models import ARIMA

from skltsm.sktime import StatsForecastARIMA

AIRLINE_ORDERS = {"order": (0, 1, 1), "seasonal_order": (0, 1, 1), "season_length": 12}


@pytest.mark.parametrize("params", StatsForecastARIMA.get_test_params())
def test_sktime_conformance(params):
    check_estimator(StatsForecastARIMA(**params), raise_exceptions=True)


def test_forecasts_are_statsforecasts_arima_of_the_same_orders():
    log_passengers = np.log(load_airline())
    adapter = StatsForecastARIMA(**AIRLINE_ORDERS).fit(log_passengers)
    forecast = adapter.predict(fh=np.arange(1, 25))
    direct = ARIMA(**AIRLINE_ORDERS).forecast(log_passengers.to_numpy(), h=24)
    np.testing.assert_allclose(forecast.to_numpy(), direct["mean"], rtol=1e-10)
    assert forecast.index[0] == pd.Period("1961-01", freq="M")


def test_orders_are_fitted_as_given_not_searched():
    log_passengers = np.log(load_airline())
    fitted = StatsForecastARIMA(order=(1, 1, 0), season_length=12).fit(log_passengers)
    # arma: p, q, P, Q, season, d, D (R's convention)
    assert list(fitted._fitted_forecaster.model_["arma"]) == [1, 0, 0, 0, 12, 1, 0]


def test_airline_model_on_the_log_scale_matches_pmdarima():
    """The estimation method is CSS-ML: statsforecast's CSS and ML are off here."""
    from sktime.forecasting.arima import ARIMA as PmdarimaARIMA

    passengers = load_airline()
    ours = TransformedTargetForecaster(
        [("log", LogTransformer()), ("arima", StatsForecastARIMA(**AIRLINE_ORDERS))]
    )
    pmdarima = TransformedTargetForecaster(
        [
            ("log", LogTransformer()),
            (
                "arima",
                PmdarimaARIMA(
                    order=(0, 1, 1), seasonal_order=(0, 1, 1, 12), with_intercept=False
                ),
            ),
        ]
    )
    fh = np.arange(1, 13)
    expected = pmdarima.fit(passengers).predict(fh=fh).to_numpy()
    forecast = ours.fit(passengers).predict(fh=fh).to_numpy()
    np.testing.assert_allclose(forecast, expected, rtol=0.01)


def test_panel_gets_one_model_a_series():
    months = pd.period_range("2000-01", periods=48, freq="M")
    season = 1 + 0.3 * np.sin(np.arange(48) * np.pi / 6)
    rng = np.random.default_rng(0)
    noise = np.exp(rng.normal(0, 0.02, (2, 48)))
    frames = {
        name: pd.DataFrame({"y": level * season * noise[k]}, months)
        for k, (name, level) in enumerate((("small", 3.0), ("large", 3e4)))
    }
    panel = pd.concat(frames, names=["series", "time"])
    model = StatsForecastARIMA(**AIRLINE_ORDERS)
    forecast = model.fit(panel).predict(fh=[1, 2])
    for name, frame in frames.items():
        alone = StatsForecastARIMA(**AIRLINE_ORDERS).fit(frame).predict(fh=[1, 2])
        np.testing.assert_allclose(forecast.loc[name].to_numpy(), alone.to_numpy())


def test_a_series_too_short_for_the_orders_is_a_clear_error():
    ten_months = np.log(load_airline().iloc[:10])
    with pytest.raises(
        ValueError, match="series of 10 values: its differences alone take 13"
    ):
        StatsForecastARIMA(**AIRLINE_ORDERS).fit(ten_months)
