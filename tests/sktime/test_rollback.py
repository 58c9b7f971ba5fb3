"""All or nothing: a refused forecast leaves the forecaster as it was.

sktime stores the ``fh`` passed to ``predict`` and its kin before the
forecaster reads it; a refused one stayed stored, and every later
``predict()`` was refused too. ``fit_predict`` refused by its forecast kept
its fit; ``update_predict`` refused part way kept the steps before.
"""

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")

from sktime.forecasting.base import ForecastingHorizon
from sktime.split import ExpandingWindowSplitter

import skltsm
from skltsm.exceptions import CalibrationWarning
from skltsm.sktime import LSTMForecaster
from tests.sktime.conftest import linear_pipeline
from tests.sktime.test_panels import WEEKDAYS, lines, lines_at

MONTHS = pd.period_range("2000-01", periods=40, freq="M")
#: absolute labels of another kind than the months of y: refused by skltsm
DAYS = pd.DatetimeIndex(["2003-05-31"])
QUARTERS = pd.period_range("2003-05", periods=2, freq="Q")

FORECASTS = ["predict", "predict_interval", "predict_quantiles", "predict_var"]


def _forecaster(y, calibration_size=8, **params):
    return LSTMForecaster(
        linear_pipeline(), calibration_size=calibration_size, **params
    ).fit(y, fh=[1, 2])


def _check_refused_forecast_changes_nothing(forecaster, method, fh, error):
    fh_before, cutoff = forecaster.fh, forecaster.cutoff
    before = forecaster.predict()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalibrationWarning)
        with pytest.raises(error):
            getattr(forecaster, method)(fh=fh)
    assert forecaster.fh is fh_before
    assert forecaster.cutoff.equals(cutoff)
    assert forecaster.predict().equals(before)


#: sktime's distributions without skpro: a warning, nothing wrong
PROBA = pytest.param(
    "predict_proba",
    marks=pytest.mark.filterwarnings("ignore:Forecasters' predict_proba requires"),
)


@pytest.mark.parametrize("method", [*FORECASTS, PROBA])
def test_a_refused_fh_of_another_kind_keeps_fits_fh_on_a_series(method):
    y = pd.Series(5.0 + 2.0 * np.arange(40), index=MONTHS)
    forecaster = _forecaster(y)
    _check_refused_forecast_changes_nothing(forecaster, method, DAYS, TypeError)


def test_refused_absolute_integer_labels_keep_fits_fh():
    y = pd.Series(5.0 + 2.0 * np.arange(40), index=MONTHS)
    forecaster = _forecaster(y, calibration_size=0)
    integers = ForecastingHorizon([45], is_relative=False)
    _check_refused_forecast_changes_nothing(forecaster, "predict", integers, TypeError)


def test_a_refused_step_between_integer_labels_keeps_fits_fh():
    y = pd.Series(5.0 + 2.0 * np.arange(40), index=pd.Index(np.arange(0, 80, 2)))
    forecaster = LSTMForecaster(linear_pipeline(), calibration_size=0)
    forecaster.fit(y, fh=[2, 4])
    _check_refused_forecast_changes_nothing(forecaster, "predict", [1], ValueError)


@pytest.mark.parametrize("method", FORECASTS)
def test_a_refused_fh_keeps_fits_fh_on_a_global_panel(method):
    forecaster = _forecaster(lines())
    _check_refused_forecast_changes_nothing(forecaster, method, DAYS, TypeError)


@pytest.mark.parametrize("method", ["predict", "predict_interval"])
def test_a_refused_fh_keeps_fits_fh_of_every_series_under_local_pooling(method):
    forecaster = _forecaster(lines(), pooling="local")
    _check_refused_forecast_changes_nothing(forecaster, method, QUARTERS, ValueError)
    for series in forecaster.forecasters_.iloc[:, 0]:
        assert list(series.fh) == [1, 2]


def test_a_refused_fh_after_a_forecast_keeps_the_fh_of_that_forecast():
    y = pd.Series(5.0 + 2.0 * np.arange(40), index=MONTHS)
    forecaster = _forecaster(y, calibration_size=0)
    forecaster.predict(fh=[3])  # accepted: stored, as sktime does
    _check_refused_forecast_changes_nothing(forecaster, "predict", DAYS, TypeError)
    assert list(forecaster.fh) == [3]


#: a series, a panel under each pooling; the forecast of the last is refused
#: for an fh of another kind (global) or another frequency (local)
KINDS = {
    "series": ({}, DAYS, TypeError),
    "global panel": ({}, DAYS, TypeError),
    "local panel": ({"pooling": "local"}, QUARTERS, ValueError),
}


def _data(kind, n=40):
    """A straight line, or a panel of them, of ``n`` months."""
    if kind == "series":
        months = pd.period_range(MONTHS[0], periods=n, freq="M")
        return pd.Series(5.0 + 2.0 * np.arange(n), index=months)
    return lines(n=n)


def _check_as_it_was(forecaster, fh, cutoff, forecasts, X=None):
    assert forecaster.fh is fh and forecaster.cutoff.equals(cutoff)
    assert forecaster.predict(X=X).equals(forecasts)
    if "forecasters_" in vars(forecaster):  # each series' forecaster too
        for series in forecaster.forecasters_.iloc[:, 0]:
            assert list(series.fh) == [1, 2] and series.cutoff.equals(cutoff)


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_fit_predict_refused_by_its_forecast_keeps_the_fit_before(kind):
    """sktime's fit_predict fitted, then forecast: refused, the new fit stayed."""
    params, refused_fh, error = KINDS[kind]
    forecaster = _forecaster(_data(kind), calibration_size=0, **params)
    fh, cutoff, before = forecaster.fh, forecaster.cutoff, forecaster.predict()
    with pytest.raises(error):
        forecaster.fit_predict(_data(kind, n=30), fh=refused_fh)
    _check_as_it_was(forecaster, fh, cutoff, before)


def test_a_refused_fit_predict_leaves_a_new_forecaster_unfitted():
    forecaster = LSTMForecaster(linear_pipeline(), calibration_size=0)
    with pytest.raises(TypeError):
        forecaster.fit_predict(_data("series"), fh=DAYS)
    assert not forecaster.is_fitted and forecaster.cutoff is None


@pytest.mark.parametrize("kind", list(KINDS))
def test_an_update_predict_refused_part_way_keeps_none_of_its_steps(kind):
    """New months 40, 41, 43, 44: the third step's gap is refused after two steps."""
    forecaster = _forecaster(_data(kind), calibration_size=0, **KINDS[kind][0])
    fh, cutoff, before = forecaster.fh, forecaster.cutoff, forecaster.predict()
    new = _data(kind, n=45)
    new = new[new.index.get_level_values(-1).isin(MONTHS[-1] + np.array([1, 2, 4, 5]))]
    cv = ExpandingWindowSplitter(fh=[1], initial_window=1)
    with pytest.raises(ValueError, match="gap"):
        forecaster.update_predict(
            new, cv=cv, update_params=False, reset_forecaster=False
        )
    _check_as_it_was(forecaster, fh, cutoff, before)


#: fit on 50 months; update_predict a past stretch, months 20 to 34
PAST = ExpandingWindowSplitter(fh=[1], initial_window=5, step_length=5)


def _months(y, first, end):
    """The rows of ``y`` (every series') from month ``first`` to before ``end``."""
    times = y.index.get_level_values(-1)
    return y[(times >= MONTHS[0] + first) & (times < MONTHS[0] + end)]


def _each_forecast(out) -> pd.Series:
    """The one forecast of each label (a panel's: one column a cutoff)."""
    return out.bfill(axis=1).iloc[:, 0] if isinstance(out, pd.DataFrame) else out


@pytest.mark.parametrize("update_params", [False, True])
@pytest.mark.parametrize("kind", list(KINDS))
def test_update_predict_of_past_rows_forecasts_each_window_from_its_end(
    kind, update_params
):
    """sktime sets the cutoff before y's first row; the forecasts came from the
    end of the 50 months held, labelled from each window's end (2002-01, 2002-06)."""
    y = _data(kind, n=60)
    forecaster = _forecaster(_months(y, 0, 50), calibration_size=0, **KINDS[kind][0])
    out = forecaster.update_predict(
        _months(y, 20, 35), cv=PAST, update_params=update_params
    )
    forecasts = _each_forecast(out)
    assert set(forecasts.index.get_level_values(-1)) == {MONTHS[25], MONTHS[30]}
    np.testing.assert_allclose(forecasts, y.loc[forecasts.index].squeeze(), rtol=1e-9)
    assert forecaster.cutoff[0] == MONTHS[0] + 49  # reset_forecaster: as it was


def test_update_predict_of_past_rows_refits_on_the_rows_to_each_window_only():
    """Not a line: refitted at each window, as a fit on the rows to its end."""
    months = pd.period_range(MONTHS[0], periods=60, freq="M")
    t = np.arange(60)
    y = pd.Series(5.0 + 2.0 * t + 10 * np.sin(t), index=months)
    forecaster = _forecaster(y.iloc[:50], calibration_size=0)
    out = forecaster.update_predict(y.iloc[20:35], cv=PAST, update_params=True)
    expected = pd.concat(
        [
            _forecaster(y.iloc[:end], calibration_size=0).predict(fh=[1])
            for end in (25, 30)
        ]
    )
    pd.testing.assert_series_equal(out, expected, check_names=False)


def test_update_predict_continues_a_panel_whose_series_end_apart():
    """sktime's cutoff goes before the earliest new row, 'b''s: 'a' is continued."""
    panel = lines(n=60, slopes=(2.0, -3.0), levels=(5.0, 1e3), names="ab")
    ends = panel.index.get_level_values(0).map({"a": 50, "b": 47}).to_numpy()
    position = panel.groupby(level=0).cumcount().to_numpy()
    forecaster = _forecaster(panel[position < ends], calibration_size=0)
    new = panel[(position >= ends) & (position < 58)]
    out = forecaster.update_predict(new, cv=PAST, update_params=False)
    forecasts = _each_forecast(out)
    assert forecasts.loc["a"].index[0] == MONTHS[0] + 55  # after a's rows 50 to 54
    np.testing.assert_allclose(forecasts, panel.loc[forecasts.index, "y"], rtol=1e-9)


@pytest.mark.parametrize("pooling", ["global", "local"])
def test_an_update_after_update_predict_of_a_lagging_series_keeps_the_others_rows(
    pooling,
):
    """After update_predict(reset_forecaster=False) of 'b' (to month 46), the cutoff
    lay before 'a''s last rows: a revision of 'a''s month 47 forgot its months 48
    and 49, and 'a' was forecast from month 47 under a label already observed."""
    panel = lines(n=60, slopes=(2.0, -3.0), levels=(5.0, 1e3), names="ab")
    ends = panel.index.get_level_values(0).map({"a": 50, "b": 41}).to_numpy()
    position = panel.groupby(level=0).cumcount().to_numpy()
    forecaster = _forecaster(panel[position < ends], pooling=pooling)
    lagging = panel[(position >= ends) & (position < 48)]  # 'b''s months 41 to 47
    forecaster.update_predict(
        lagging, cv=PAST, update_params=False, reset_forecaster=False
    )
    forecaster.update(_months(panel, 47, 48).loc[["a"]] + 1.0, update_params=False)
    forecast = forecaster.predict(fh=[1])
    assert forecast.loc["a"].index[0] == MONTHS[0] + 50  # after 'a''s month 49
    assert "_backdated" not in vars(forecaster)


@pytest.mark.parametrize("reset_forecaster", [True, False])
@pytest.mark.parametrize("pooling", ["global", "local"])
def test_update_predict_of_some_series_forecasts_those_series_only(
    pooling, reset_forecaster
):
    """Each window listed 'a' and 'c' too, forecast from their own ends (month 49),
    under the window's cutoff: read in a backtest as forecasts made at it. sktime's
    own forecasters refuse an update of some series of a panel."""
    panel = lines(n=60)
    ends = panel.index.get_level_values(0).map({"a": 50, "b": 41, "c": 50})
    position = panel.groupby(level=0).cumcount().to_numpy()
    forecaster = _forecaster(panel[position < ends.to_numpy()], pooling=pooling)
    lagging = panel[(position >= 41) & (position < 48)].loc[["b"]]
    out = forecaster.update_predict(
        lagging, cv=PAST, update_params=False, reset_forecaster=reset_forecaster
    )
    forecasts = _each_forecast(out)
    assert set(forecasts.index.get_level_values(0)) == {"b"}
    assert list(forecasts.index.get_level_values(-1)) == [MONTHS[0] + 46]  # after 41-45
    np.testing.assert_allclose(forecasts, panel.loc[forecasts.index, "y"], rtol=1e-9)


@pytest.mark.parametrize("pooling", ["global", "local"])
@pytest.mark.parametrize("first, end", [(20, 35), (50, 65)], ids=["past", "new"])
def test_update_predict_of_a_panel_of_timestamps_steps_back_by_the_frequency_fitted(
    pooling, first, end
):
    """sktime stepped back from y's first row by its frequency, which a panel's time
    level lacks: pandas' 'Cannot shift with no freq'."""
    panel = lines(n=65, slopes=(2.0, -3.0), levels=(5.0, 1e3), names="ab")
    days = pd.date_range("2000-01-01", periods=65, freq="D")
    times = pd.DatetimeIndex(list(days) * 2)  # as read from a file: no frequency
    ids = panel.index.get_level_values(0)
    panel = panel.set_axis(pd.MultiIndex.from_arrays([ids, times]))
    forecaster = _forecaster(_days(panel, 0, 50), pooling=pooling, calibration_size=0)
    out = forecaster.update_predict(
        _days(panel, first, end), cv=PAST, update_params=False
    )
    forecasts = _each_forecast(out)
    expected = {days[first + 5], days[first + 10]}
    assert set(forecasts.index.get_level_values(-1)) == expected
    np.testing.assert_allclose(forecasts, panel.loc[forecasts.index, "y"], rtol=1e-9)


def test_update_predict_refuses_timestamps_of_no_single_frequency_at_the_start():
    """Local pooling fits each series at its own frequency: no step to go back by."""
    panel = lines_at(WEEKDAYS, n=40)
    forecaster = _forecaster(panel.groupby(level=0).head(30), pooling="local")
    cutoff, before = forecaster.cutoff, forecaster.predict()
    with pytest.raises(ValueError, match="no single frequency"):
        forecaster.update_predict(
            panel.groupby(level=0).tail(10), cv=PAST, reset_forecaster=False
        )
    assert forecaster.cutoff.equals(cutoff)
    assert forecaster.predict().equals(before)


def test_update_predict_of_categorical_series_ids_warns_nothing_of_skltsm():
    """The first window's rows were grouped by series without observed=True: pandas'
    FutureWarning (sktime's own groupings warn too, and are left to sktime)."""
    panel = lines(n=60)
    ids = pd.CategoricalIndex(panel.index.levels[0])
    panel = panel.set_axis(panel.index.set_levels(ids, level=0))
    forecaster = _forecaster(_months(panel, 0, 50), calibration_size=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        forecaster.update_predict(_months(panel, 20, 35), cv=PAST, update_params=False)
    package = Path(skltsm.__file__).resolve().parent  # not a folder named skltsm
    assert not [w for w in caught if Path(w.filename).resolve().is_relative_to(package)]


def _days(panel, first, end):
    """The rows of a panel of days from day ``first`` to before day ``end``."""
    position = panel.groupby(level=0).cumcount().to_numpy()
    return panel[(position >= first) & (position < end)]


def test_update_predict_resetting_the_forecaster_leaves_its_type_of_y():
    """sktime checked y on the forecaster itself: later forecasts took y's type."""
    y = _data("series", n=50).rename("level")
    forecaster = _forecaster(y.iloc[:40], calibration_size=0)
    forecaster.update_predict(y.iloc[40:].to_frame(), cv=PAST, update_params=False)
    assert isinstance(forecaster.predict(), pd.Series)
