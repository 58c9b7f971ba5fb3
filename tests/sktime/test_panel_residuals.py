"""predict_residuals on panels and hierarchies (sktime issue #2765)."""

import warnings

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")

from sktime.forecasting.base import ForecastingHorizon
from sktime.split import ExpandingWindowSplitter

from skltsm.sktime import StatsForecastARIMA
from skltsm.sktime._panel_residuals import residual_horizon
from tests.sktime.test_panels import exact, lines

POOLINGS = ["global", "local"]
#: rows before a series' first forecast (a difference, then three lags)
FIRST = 4


def ragged():
    """Exact lines: ``b`` starts five months late, ``c`` ends four months early."""
    panel = lines(20)
    return panel.drop(panel.index[20:25]).drop(panel.index[-4:])


def hierarchy():
    return pd.concat({"g1": ragged(), "g2": ragged()}, names=["group"])


def fitted(panel, pooling):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return exact(pooling=pooling).fit(panel, fh=[1])


def expected_missing(panel):
    """Each series' first rows, which no complete look-back window precedes."""
    by_series = panel.groupby(level=list(range(panel.index.nlevels - 1)))
    return by_series.cumcount().to_numpy() < FIRST


@pytest.mark.parametrize("pooling", POOLINGS)
@pytest.mark.parametrize("make", [ragged, hierarchy])
def test_residuals_of_a_ragged_panel_are_exact_on_its_own_rows(pooling, make):
    panel = make()
    forecaster = fitted(panel, pooling)
    fh = forecaster.fh
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        residuals = forecaster.predict_residuals(panel)
    assert residuals.index.equals(panel.index)
    assert list(residuals.columns) == ["y"]
    values = residuals["y"].to_numpy()
    missing = expected_missing(panel)
    np.testing.assert_array_equal(np.isnan(values), missing)
    # lines: every one-step forecast is exact, whatever the series' level
    np.testing.assert_allclose(values[~missing], 0.0, atol=1e-6)
    assert forecaster.fh == fh  # restored, as sktime restores it


def by_timestamps(panel):
    """The panel indexed by month-end timestamps: its cutoff has no frequency."""
    times = panel.index.get_level_values(-1).to_timestamp(how="end").normalize()
    levels = [panel.index.get_level_values(0), times]
    return panel.set_axis(pd.MultiIndex.from_arrays(levels, names=panel.index.names))


@pytest.mark.parametrize("pooling", POOLINGS)
def test_timestamps_count_in_steps_of_the_frequency_fitted(pooling):
    panel = by_timestamps(ragged())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        residuals = fitted(panel, pooling).predict_residuals(panel)
    values = residuals["y"].to_numpy()
    np.testing.assert_array_equal(np.isnan(values), expected_missing(panel))
    np.testing.assert_allclose(values[~expected_missing(panel)], 0.0, atol=1e-6)


def test_rows_after_the_data_fitted_are_forecast_ahead():
    panel = ragged()
    forecaster = fitted(panel.groupby(level=0).head(10), "global")
    later = panel.groupby(level=0).head(12)  # two steps after each series' end
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        residuals = forecaster.predict_residuals(later)
    assert residuals.index.equals(later.index)
    values = residuals["y"].to_numpy()
    np.testing.assert_allclose(values[~expected_missing(later)], 0.0, atol=1e-6)


@pytest.mark.parametrize("pooling", POOLINGS)
def test_residuals_of_a_panel_are_those_of_each_series_alone(pooling):
    panel = ragged() + np.sin(np.arange(len(ragged())))[:, None]  # not exact
    forecaster = fitted(panel, pooling)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        residuals = forecaster.predict_residuals(panel)
        for key in "abc":
            times = panel.loc[key].index
            fh = ForecastingHorizon(times, is_relative=False)
            forecast = forecaster.predict(fh=fh).loc[key]
            alone = panel.loc[key]["y"] - forecast["y"]
            np.testing.assert_allclose(residuals.loc[key]["y"], alone, atol=1e-9)


@pytest.mark.parametrize("pooling", POOLINGS)
@pytest.mark.parametrize("make", [ragged, hierarchy])
def test_without_y_the_residuals_are_of_every_observation_held(pooling, make):
    panel = make()
    forecaster = fitted(panel, pooling)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        held = forecaster.predict_residuals()
        passed = forecaster.predict_residuals(panel)
    assert held.index.names == panel.index.names
    pd.testing.assert_frame_equal(held.sort_index(), passed.sort_index())


def test_without_y_the_residuals_of_one_series_use_its_memory():
    series = ragged().loc["a"]
    forecaster = fitted(series, "global")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        held = forecaster.predict_residuals()
    pd.testing.assert_frame_equal(held, forecaster.predict_residuals(series))


def test_without_y_the_residuals_cover_the_rows_of_an_update():
    panel = lines(20)
    train = panel.groupby(level=0).head(16)
    forecaster = fitted(train, "global")
    forecaster.update(panel.groupby(level=0).tail(4), update_params=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        held = forecaster.predict_residuals()
    assert held.sort_index().index.equals(panel.sort_index().index)


@pytest.mark.parametrize("pooling", POOLINGS)
def test_unknown_series_are_named_with_what_to_do(pooling):
    forecaster = fitted(ragged(), pooling)
    strangers = lines(20, names="xyz")
    advice = "pooling='global'" if pooling == "local" else "update the forecaster"
    with pytest.raises(ValueError, match=r"'x', 'y', 'z'.*not fitted") as error:
        forecaster.predict_residuals(strangers)
    assert advice in str(error.value)


def test_arima_residuals_of_a_panel_are_those_of_each_series_alone():
    noise = np.random.default_rng(0).normal(size=(len(ragged()), 1))
    panel = ragged() + noise
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        residuals = (
            StatsForecastARIMA(order=(1, 1, 0)).fit(panel).predict_residuals(panel)
        )
        assert residuals.index.equals(panel.index)
        for key in "abc":
            series = panel.loc[key]["y"]
            alone = StatsForecastARIMA(order=(1, 1, 0)).fit(series)
            np.testing.assert_allclose(
                residuals.loc[key]["y"].to_numpy(),
                alone.predict_residuals(series).to_numpy(),
                atol=1e-9,
            )


def test_arima_refuses_unknown_series_by_name():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        forecaster = StatsForecastARIMA(order=(1, 0, 0)).fit(ragged())
    with pytest.raises(ValueError, match="'x', 'y', 'z'"):
        forecaster.predict_residuals(lines(20, names="xyz"))


def test_the_horizon_counts_from_each_series_end():
    index = pd.MultiIndex.from_tuples([("a", 1), ("a", 2), ("b", 3), ("b", 6)])
    ends = pd.Series([2, 4], index=["a", "b"])
    assert residual_horizon(index, ends, None).to_numpy().tolist() == [-1, 0, 2]


def test_no_y_refused_once_update_predict_forgot_rows():
    """update_predict(reset_forecaster=False) sets the cutoff back: 57 of 60 rows."""
    panel = lines(20)
    forecaster = fitted(panel.groupby(level=0).head(16), "global")
    cv = ExpandingWindowSplitter(fh=[1], initial_window=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        forecaster.update_predict(
            panel.groupby(level=0).tail(8), cv=cv, reset_forecaster=False
        )
    assert len(forecaster.y_memory_) < len(panel)
    with pytest.raises(ValueError, match="Pass the observations as y"):
        forecaster.predict_residuals()
