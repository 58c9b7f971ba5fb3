"""update_predict's loop (MovingCutoffLoop), run by both skltsm forecasters."""

import warnings

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")
pytest.importorskip("statsforecast")

from sktime.forecasting.compose import TransformedTargetForecaster
from sktime.forecasting.naive import NaiveForecaster
from sktime.split import ExpandingWindowSplitter, SlidingWindowSplitter
from sktime.transformations.series.boxcox import LogTransformer

from skltsm.sktime import LSTMForecaster, StatsForecastARIMA
from tests.sktime.conftest import linear_pipeline

MONTHS = pd.period_range("2000-01", periods=70, freq="M")
T = np.arange(70.0)
#: not a line, and noisy: each window's forecast depends on the rows up to its
#: end, and a refit on them changes it (without the noise the linear pipeline
#: fits the series exactly from any rows, so a refit changed nothing)
NOISE = np.random.default_rng(0).normal(size=210)
WIGGLY = pd.Series(5.0 + T + 10 * np.sin(T) + NOISE[:70], index=MONTHS, name="y")
EVERY_THREE = ExpandingWindowSplitter(fh=[1], initial_window=3, step_length=3)


UNFITTED = {
    "LSTMForecaster": lambda: LSTMForecaster(linear_pipeline(), calibration_size=0),
    "StatsForecastARIMA": lambda: StatsForecastARIMA(order=(1, 1, 0)),
}
#: each fitted on y, fh=[1]
FORECASTERS = {
    name: lambda y, make=make: make().fit(y, fh=[1]) for name, make in UNFITTED.items()
}


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
    panel = pd.DataFrame({"y": t + 10 * np.sin(t) + NOISE}, index=index)
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
    with pytest.raises(ValueError, match=r"fitted series \['a', 'c'\]; pass the"):
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


#: windows of months 20-24 and 20-29, inside the 50 months fitted
PAST = ExpandingWindowSplitter(fh=[1], initial_window=5, step_length=5)
REVISIONS_ONLY = "update was passed rows at or before the last row held"


@pytest.mark.parametrize("make", list(FORECASTERS))
def test_update_predict_of_past_rows_through_a_composite_warns(make):
    """sktime's composite runs the loop and passes each window as an update: every
    window was forecast from the end of the 50 months held (2004-03), silently."""
    composite = TransformedTargetForecaster(
        [("log", LogTransformer()), ("forecaster", UNFITTED[make]())]
    ).fit(WIGGLY.iloc[:50], fh=[1])
    with pytest.warns(
        UserWarning, match=f"{REVISIONS_ONLY}.*the latest at 2004-02"
    ) as caught:
        out = composite.update_predict(WIGGLY.iloc[20:35], cv=PAST)
    assert set(out.index) == {MONTHS[50]}  # as before: the warning says so
    ours = [each for each in caught if REVISIONS_ONLY in str(each.message)]
    assert {each.filename for each in ours} == {__file__}  # the user's line


@pytest.mark.parametrize("make", list(FORECASTERS))
def test_update_predict_on_the_forecaster_itself_warns_of_no_revision(make):
    """New rows of a series that lags another (before the latest row held) are no
    revision; update_predict's first window comes after the cutoff was set back,
    and its later windows bring rows after those held."""
    panel, _ = _driven_panel()
    months = panel.index.get_level_values(-1)
    lags = (panel.index.get_level_values(0) == "b") & (months >= MONTHS[45])
    forecaster = FORECASTERS[make](panel[(months < MONTHS[50]) & ~lags])
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=REVISIONS_ONLY)
        forecaster.update(panel[lags & (months < MONTHS[50])])
        forecaster.update_predict(panel[months >= MONTHS[50]], cv=PAST)
        if make == "LSTMForecaster":  # StatsForecastARIMA refuses past rows
            forecaster.update_predict(panel[months >= MONTHS[20]], cv=PAST)


@pytest.mark.parametrize("make", list(FORECASTERS))
def test_a_composite_over_a_ragged_panel_warns_of_the_series_only_revised(make):
    """Series a ends at month 50, b at 45: a composite's windows over months 45-49
    bring new rows of b and only rows held of a, still forecast from its end."""
    panel, _ = _driven_panel()
    panel = panel.drop(index="c", level=0) + 50.0  # positive: a log is taken
    months, keys = panel.index.get_level_values(-1), panel.index.get_level_values(0)
    held = panel[(months < MONTHS[50]) & ((keys == "a") | (months < MONTHS[45]))]
    composite = TransformedTargetForecaster(
        [("log", LogTransformer()), ("forecaster", UNFITTED[make]())]
    ).fit(held, fh=[1])
    new = panel[(months >= MONTHS[45]) & (months < MONTHS[50])]
    cv = ExpandingWindowSplitter(fh=[1], initial_window=2, step_length=1)
    with pytest.warns(UserWarning, match=rf"{REVISIONS_ONLY} of \['a'\] only"):
        composite.update_predict(new, cv=cv)


#: a first window without rows, then windows of months 20, 20-21, 20-22
EMPTY_FIRST = SlidingWindowSplitter(
    fh=[1], window_length=3, step_length=1, start_with_window=False
)


@pytest.mark.parametrize("pooling", ["global", "local"])
def test_an_empty_first_window_over_rows_held_is_refused(pooling):
    """sktime skips an empty update: the rows held after the cutoff were not
    forgotten, and that window was forecast from the last row held."""
    panel, _ = _driven_panel()
    months = panel.index.get_level_values(-1)
    forecaster = LSTMForecaster(linear_pipeline(), calibration_size=0, pooling=pooling)
    forecaster.fit(panel[months < MONTHS[50]], fh=[1])
    past = panel[(months >= MONTHS[20]) & (months < MONTHS[25])]
    with pytest.raises(ValueError, match=r"first window of cv has no rows.*2004-02"):
        forecaster.update_predict(past, cv=EMPTY_FIRST)
    single = FORECASTERS["LSTMForecaster"](WIGGLY.iloc[:50])
    with pytest.raises(ValueError, match=r"start_with_window=True"):
        single.update_predict(WIGGLY.iloc[20:25], cv=EMPTY_FIRST)


def test_an_empty_first_window_after_the_rows_held_is_the_forecast_from_them():
    forecaster = FORECASTERS["LSTMForecaster"](WIGGLY.iloc[:50])
    out = forecaster.update_predict(WIGGLY.iloc[50:55], cv=EMPTY_FIRST)
    first = _each_forecast(out).iloc[0]
    assert first == pytest.approx(forecaster.predict().iloc[0])


@pytest.mark.parametrize("backend", [None, "threading"])
def test_a_local_update_in_threads_warns_once_of_the_series_revised(backend):
    """sktime's loop over series may update each series' forecaster in a thread;
    those were checked again (a context variable is not inherited): b warned twice,
    and an update of all series revised warned once per series and once more."""
    panel, _ = _driven_panel()
    months, keys = panel.index.get_level_values(-1), panel.index.get_level_values(0)
    forecaster = LSTMForecaster(linear_pipeline(), calibration_size=0, pooling="local")
    if backend:
        forecaster.set_config(**{"backend:parallel": backend})
    forecaster.fit(panel[months < MONTHS[50]], fh=[1])
    a_new = (keys == "a") & (months == MONTHS[50])
    revised = (keys != "a") & (months == MONTHS[40])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        forecaster.update(panel[a_new | revised])
    messages = [str(w.message) for w in caught if REVISIONS_ONLY in str(w.message)]
    assert len(messages) == 1 and "of ['b', 'c'] only" in messages[0], messages


def test_an_empty_first_window_of_a_lagging_series_is_its_forecast_from_its_end():
    """Series a is held past the cutoff set before y, but y has series b only."""
    panel, _ = _driven_panel()
    months, keys = panel.index.get_level_values(-1), panel.index.get_level_values(0)
    held = panel[(months < MONTHS[50]) & ((keys != "b") | (months < MONTHS[45]))]
    forecaster = FORECASTERS["LSTMForecaster"](held)
    new = panel[(keys == "b") & (months >= MONTHS[45]) & (months < MONTHS[50])]
    out = forecaster.update_predict(new, cv=EMPTY_FIRST)
    first = _each_forecast(out).loc[("b", MONTHS[45])]
    assert first == pytest.approx(forecaster.predict().loc[("b", MONTHS[45])].iloc[0])
