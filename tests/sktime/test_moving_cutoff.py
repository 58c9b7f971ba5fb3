"""update_predict's loop (MovingCutoffLoop), run by both skltsm forecasters."""

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")
pytest.importorskip("statsforecast")

from sktime.forecasting.naive import NaiveForecaster
from sktime.split import ExpandingWindowSplitter, SlidingWindowSplitter

from skltsm.sktime import LSTMForecaster, StatsForecastARIMA
from tests.sktime.conftest import linear_pipeline

MONTHS = pd.period_range("2000-01", periods=70, freq="M")
T = np.arange(70.0)
#: not a line: each window's forecast depends on the rows up to its end
WIGGLY = pd.Series(5.0 + T + 10 * np.sin(T), index=MONTHS, name="y")
EVERY_THREE = ExpandingWindowSplitter(fh=[1], initial_window=3, step_length=3)


def _lstm(y):
    return LSTMForecaster(linear_pipeline(), calibration_size=0).fit(y, fh=[1])


def _arima(y):
    return StatsForecastARIMA(order=(1, 1, 0)).fit(y, fh=[1])


FORECASTERS = {"LSTMForecaster": _lstm, "StatsForecastARIMA": _arima}


@pytest.mark.parametrize("reset_forecaster", [True, False])
@pytest.mark.parametrize("kind", [pd.Series, pd.DataFrame])
@pytest.mark.parametrize("make", list(FORECASTERS))
def test_update_predict_keeps_the_type_of_y(make, kind, reset_forecaster):
    """Each window was passed as the forecaster's inner type (LSTMForecaster's a
    DataFrame, StatsForecastARIMA's a Series), whose check overwrote the type of
    y: with reset_forecaster=False, the forecasts came back, and every later
    predict came, in the inner type."""
    y = WIGGLY if kind is pd.Series else WIGGLY.to_frame()
    forecaster = FORECASTERS[make](y.iloc[:50])
    out = forecaster.update_predict(
        y.iloc[50:62], cv=EVERY_THREE, reset_forecaster=reset_forecaster
    )
    assert isinstance(out, kind)
    assert isinstance(forecaster.predict(), kind)


def _driven_panel():
    """Three series of 70 months and their covariate, indexed alike."""
    index = pd.MultiIndex.from_product([list("abc"), MONTHS], names=["series", "t"])
    t = np.arange(210.0)
    panel = pd.DataFrame({"y": t + 10 * np.sin(t)}, index=index)
    return panel, pd.DataFrame({"x": np.cos(t / 3)}, index=index)


@pytest.mark.parametrize("pooling", ["global", "local"])
def test_update_predict_of_some_series_needs_the_covariates_of_every_one(pooling):
    """The forecasts are of y's series, but every series fitted is forecast: X of
    y's series only was refused for series ['a', 'c'] 'of y', which y has not."""
    panel, X = _driven_panel()
    first = panel.index.get_level_values(-1) < MONTHS[50]
    forecaster = LSTMForecaster(
        linear_pipeline(), pooling=pooling, calibration_size=0
    ).fit(panel[first], X=X[first], fh=[1])
    b = panel[~first].loc[["b"]]
    with pytest.raises(
        ValueError, match=r"series \['a', 'c'\] of the series fitted; pass the"
    ):
        forecaster.update_predict(b, cv=EVERY_THREE, X=X.loc[["b"]])
    out = forecaster.update_predict(b, cv=EVERY_THREE, X=X)
    assert set(out.index.get_level_values(0)) == {"b"}


#: windows of months 50-51, 54-55, 58-59: months 52, 53, 56, 57 in no window
SKIPPING = SlidingWindowSplitter(fh=[1], window_length=2, step_length=4)


def _each_forecast(out) -> pd.Series:
    """The one forecast of each label (a panel's: one column a cutoff)."""
    if isinstance(out, pd.DataFrame):
        out = out.bfill(axis=1).iloc[:, 0]
    return out.sort_index()


@pytest.mark.parametrize("panel", [False, True], ids=["series", "panel"])
@pytest.mark.parametrize("make", list(FORECASTERS))
def test_update_predict_of_windows_that_skip_rows_forecasts_from_every_row(make, panel):
    """The rows between windows were never passed: the update was refused for
    the gap (sktime's NaiveForecaster takes such windows). Each window is now
    forecast from every row up to its end, as a fit on them forecasts."""
    y = _driven_panel()[0] if panel else WIGGLY
    months = y.index.get_level_values(-1)
    new = y[(months >= MONTHS[50]) & (months < MONTHS[64])]
    out = FORECASTERS[make](y[months < MONTHS[50]]).update_predict(new, cv=SKIPPING)
    naive = NaiveForecaster().fit(y[months < MONTHS[50]], fh=[1])
    assert out.index.equals(naive.update_predict(new, cv=SKIPPING).index)
    fits = [FORECASTERS[make](y[months < MONTHS[end]]) for end in (52, 56, 60)]
    expected = _each_forecast(pd.concat([fit.predict() for fit in fits]))
    np.testing.assert_allclose(_each_forecast(out), expected.squeeze(), rtol=1e-6)
