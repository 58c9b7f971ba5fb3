"""StatsForecastARIMA: statsforecast's fixed-order ARIMA behind sktime's interface."""

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")
pytest.importorskip("statsforecast")

from sktime.datasets import load_airline
from sktime.forecasting.base import ForecastingHorizon
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


def _seasonal_panel() -> dict[str, pd.DataFrame]:
    """Two positive monthly series of different levels, lengths and ends."""
    months = pd.period_range("2000-01", periods=60, freq="M")
    season = 1 + 0.3 * np.sin(np.arange(60) * np.pi / 6)
    noise = np.exp(np.random.default_rng(0).normal(0, 0.02, (2, 60)))
    return {
        "small": pd.DataFrame({"y": 3.0 * season * noise[0]}, months),
        "large": pd.DataFrame({"y": 3e4 * season[:50] * noise[1, :50]}, months[:50]),
    }


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_panel_forecasts_are_each_series_fitted_alone(n_jobs):
    """Points and intervals, ahead and in-sample, from each series' own end."""
    frames = _seasonal_panel()
    panel = pd.concat(frames, names=["series", "time"])
    fh = [-1, 0, 1, 2]
    model = StatsForecastARIMA(**AIRLINE_ORDERS, n_jobs=n_jobs).fit(panel, fh=fh)
    forecast, interval = model.predict(), model.predict_interval(coverage=[0.5, 0.9])
    assert len(model.models_) == 2
    for name, frame in frames.items():
        alone = StatsForecastARIMA(**AIRLINE_ORDERS).fit(frame, fh=fh)
        pd.testing.assert_frame_equal(
            forecast.loc[name], alone.predict(), check_names=False
        )
        expected = alone.predict_interval(coverage=[0.5, 0.9])
        np.testing.assert_allclose(interval.loc[name].to_numpy(), expected.to_numpy())
    assert forecast.loc["large"].index[-1] == pd.Period(
        "2004-04", freq="M"
    )  # ends 2004-02


def test_panel_forecasts_without_sktime_remembering_the_data():
    panel = pd.concat(_seasonal_panel(), names=["series", "time"])
    model = StatsForecastARIMA(**AIRLINE_ORDERS).set_config(remember_data=False)
    assert model.fit(panel).predict(fh=[1, 2]).shape == (4, 1)


def test_panel_absolute_horizon_names_the_same_months_for_every_series():
    panel = pd.concat(_seasonal_panel(), names=["series", "time"])
    model = StatsForecastARIMA(**AIRLINE_ORDERS).fit(panel)
    months = pd.period_range("2005-01", periods=2, freq="M")
    forecast = model.predict(fh=ForecastingHorizon(months, is_relative=False))
    assert forecast.loc["small"].index.equals(months)
    assert forecast.loc["large"].index.equals(months)
    alone = StatsForecastARIMA(**AIRLINE_ORDERS).fit(_seasonal_panel()["large"])
    # eleven months after its end: steps 11 and 12 of its own model
    expected = alone.predict(fh=[11, 12]).to_numpy()
    np.testing.assert_allclose(forecast.loc["large"].to_numpy(), expected)


def test_panel_is_fitted_by_one_statsforecast_call(monkeypatch):
    """No loop of sktime's per-series fits: one call fits every series."""
    from statsforecast import StatsForecast

    calls = []
    fit = StatsForecast.fit
    monkeypatch.setattr(
        StatsForecast, "fit", lambda self, df: calls.append(df) or fit(self, df)
    )
    panel = pd.concat(_seasonal_panel(), names=["series", "time"])
    StatsForecastARIMA(**AIRLINE_ORDERS).fit(panel).predict(fh=[1])
    assert len(calls) == 1
    assert calls[0]["unique_id"].nunique() == 2


def test_hierarchical_panel_keeps_its_levels():
    frames = _seasonal_panel()
    hierarchy = pd.concat(
        {("north", name): frame for name, frame in frames.items()},
        names=["region", "series", "time"],
    )
    forecast = StatsForecastARIMA(**AIRLINE_ORDERS).fit(hierarchy).predict(fh=[1])
    assert forecast.index.names == ["region", "series", "time"]
    alone = StatsForecastARIMA(**AIRLINE_ORDERS).fit(frames["small"]).predict(fh=[1])
    np.testing.assert_allclose(forecast.loc[("north", "small")], alone.to_numpy())


def test_panel_with_a_series_too_short_names_it():
    frames = _seasonal_panel()
    frames["tiny"] = frames["small"].iloc[:10]
    panel = pd.concat(frames, names=["series", "time"])
    with pytest.raises(ValueError, match="its shortest, 'tiny', has 10 values"):
        StatsForecastARIMA(**AIRLINE_ORDERS).fit(panel)


def test_a_series_too_short_for_the_orders_is_a_clear_error():
    ten_months = np.log(load_airline().iloc[:10])
    with pytest.raises(
        ValueError, match="series of 10 values: its differences alone take 13"
    ):
        StatsForecastARIMA(**AIRLINE_ORDERS).fit(ten_months)
