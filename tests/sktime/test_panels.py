"""LSTMForecaster on panels: global pooling, local pooling, pretraining."""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import LinearRegression

pytest.importorskip("sktime")

from sktime.forecasting.base import ForecastingHorizon

from skltsm import Differencer, LagTransformer, make_forecast_pipeline
from skltsm._forecast._intervals import series_scales
from skltsm.exceptions import (
    BaselineWarning,
    CalibrationWarning,
    InsufficientHistoryWarning,
    LookAheadWarning,
    ShortSeriesWarning,
)
from skltsm.sktime import LSTMForecaster
from tests.conftest import tiny_regressor
from tests.sktime.conftest import (
    linear_pipeline,
    lstm_pipeline,
    warm_linear_pipeline,
)

STRATEGIES = ["recursive", "direct", "multioutput"]


def lines(n=40, slopes=(2.0, -3.0, 500.0), levels=(5.0, 1e3, 1e6), names="abc"):
    """Straight lines of very different levels: every forecast is exact."""
    index = pd.MultiIndex.from_product(
        [list(names)[: len(slopes)], pd.period_range("2000-01", periods=n, freq="M")],
        names=["series", "time"],
    )
    t = np.arange(n)
    values = np.concatenate(
        [level + slope * t for slope, level in zip(slopes, levels, strict=True)]
    )
    return pd.DataFrame({"y": values}, index=index)


def exact(strategy="recursive", **params):
    return LSTMForecaster(
        linear_pipeline(), strategy=strategy, calibration_size=0, **params
    )


def exact_further(**params):
    """:func:`exact`, with a regressor that a further pretrain trains further."""
    return LSTMForecaster(warm_linear_pipeline(), calibration_size=0, **params)


class CountingRegression(LinearRegression):
    """A linear regression that counts its predict calls."""

    calls = 0

    def predict(self, X):
        CountingRegression.calls += 1
        return super().predict(X)


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_a_global_fit_forecasts_every_series_in_its_own_units(strategy):
    panel = lines()
    train = panel.groupby(level=0).head(34)
    forecaster = exact(strategy).fit(train, fh=range(1, 7))
    prediction = forecaster.predict()
    expected = panel.groupby(level=0).tail(6)
    assert prediction.index.equals(expected.index)
    np.testing.assert_allclose(prediction["y"], expected["y"], rtol=1e-9)
    # one set of fitted pipelines for the whole panel, not one per series
    assert not hasattr(forecaster, "forecasters_")


def test_all_series_are_forecast_in_the_same_network_calls():
    panel = lines(slopes=(1.0,) * 8, levels=tuple(range(8)), names="abcdefgh")
    pipe = make_forecast_pipeline(
        Differencer(), LagTransformer(3), CountingRegression()
    )
    forecaster = LSTMForecaster(pipe, calibration_size=0).fit(panel, fh=range(1, 13))
    CountingRegression.calls = 0
    forecaster.predict()
    assert CountingRegression.calls == 12  # one per step, whatever the series


def test_local_pooling_fits_one_pipeline_per_series():
    panel = lines()
    forecaster = exact(pooling="local").fit(panel, fh=[1, 2])
    assert forecaster.forecasters_.shape == (3, 1)  # sktime's loop over series
    expected = lines(n=42).groupby(level=0).tail(2)
    np.testing.assert_allclose(forecaster.predict()["y"], expected["y"], rtol=1e-9)


def without_id(panel, series):
    ids = panel.index.get_level_values(0).to_numpy(object).copy()
    ids[ids == series] = None
    return panel.set_axis(
        pd.MultiIndex.from_arrays([ids, panel.index.get_level_values(1)]), axis=0
    )


@pytest.mark.parametrize("pooling", ["global", "local"])
def test_rows_without_a_series_id_are_refused_in_every_pooling(pooling):
    # sktime's loop dropped the series of a NaN id: two forecasts for three
    with pytest.raises(ValueError, match="Row 80 of y has no series id"):
        exact(pooling=pooling).fit(without_id(lines(), "c"), fh=[1])
    fitted = exact(pooling=pooling).fit(lines(), fh=[1])
    with pytest.raises(ValueError, match="Row 6 of y has no series id"):
        fitted.update(without_id(lines(n=42), "c").iloc[78:], update_params=False)


def hierarchy(panel):
    """``panel`` indexed (region, series, time): series a in region x, b and c in y."""
    ids = panel.index.get_level_values(0)
    return panel.set_axis(
        pd.MultiIndex.from_arrays(
            [np.where(ids == "a", "x", "y"), ids, panel.index.get_level_values(1)],
            names=["region", "series", "time"],
        ),
        axis=0,
    )


def without_level_id(panel, rows, level=1):
    """``panel`` (a hierarchy) with the id of ``rows`` missing in one ``level``."""
    frame = panel.index.to_frame(index=False)
    frame.iloc[rows, level] = None
    return panel.set_axis(pd.MultiIndex.from_frame(frame), axis=0)


@pytest.mark.parametrize("pooling", ["global", "local"])
@pytest.mark.parametrize("rows, level", [(slice(110, 120), 1), ([45], 0)])
def test_an_id_missing_in_one_level_of_a_hierarchy_is_refused(pooling, rows, level):
    # ('y', nan) was a series of its own: trained on and forecast, in silence
    y = without_level_id(hierarchy(lines()), rows, level)
    first = np.arange(120)[rows][0]
    message = f"Row {first} of y has no series id in level {level}"
    with pytest.raises(ValueError, match=message):
        exact(pooling=pooling).fit(y, fh=[1])
    X = without_level_id(constant(hierarchy(lines()), "x"), rows, level)
    with pytest.raises(ValueError, match=f"Row {first} of X has no series id"):
        exact(pooling=pooling).fit(hierarchy(lines()), X=X, fh=[1])
    fitted = exact(pooling=pooling).fit(hierarchy(lines()), fh=[1])
    new = without_level_id(hierarchy(lines(n=42)), [125])
    with pytest.raises(ValueError, match="Row 5 of y has no series id in level 1"):
        fitted.update(new.iloc[120:], update_params=False)
    assert fitted.predict().index.equals(
        exact().fit(hierarchy(lines()), fh=[1]).predict().index
    )


def test_pretrain_refuses_an_id_missing_in_one_level_of_a_hierarchy():
    y = without_level_id(hierarchy(lines()), [119])
    with pytest.raises(ValueError, match="Row 119 of y has no series id in level 1"):
        exact().pretrain(y, fh=[1])


def with_a_row_twice(frame, row):
    """``frame`` with its ``row``-th row repeated, in (series, time) order."""
    return pd.concat([frame, frame.iloc[[row]]]).sort_index()


@pytest.mark.parametrize("pooling", ["global", "local"])
@pytest.mark.parametrize("method", ["fit", "predict", "update", "update_predict"])
def test_covariates_with_a_duplicated_row_are_refused_on_every_path(pooling, method):
    # pandas' "non-unique multi-index" and InvalidIndexError came out before
    y, X = lines(n=42), constant(lines(n=42), "x")
    train_y, train_X = y.groupby(level=0).head(38), X.groupby(level=0).head(38)
    new_y, new_X = y.groupby(level=0).nth([38, 39]), X.groupby(level=0).nth([38, 39])
    future_X = X.groupby(level=0).tail(2)
    message = r"series 'b' of X is duplicated: (\d{4}-\d\d) follows \1\."
    forecaster = exact(pooling=pooling)
    with pytest.raises(ValueError, match=message):
        if method == "fit":
            forecaster.fit(train_y, X=with_a_row_twice(train_X, 70), fh=[1, 2])
        forecaster.fit(train_y, X=train_X, fh=[1, 2])
        if method == "predict":
            forecaster.predict(X=with_a_row_twice(future_X, 2))
        if method == "update":
            forecaster.update(new_y, X=with_a_row_twice(new_X, 2))
        if method == "update_predict":
            forecaster.update_predict_single(
                new_y, fh=[1], X=with_a_row_twice(new_X, 2)
            )


def _with_nan(panel):
    panel = panel.copy()
    panel.iloc[50, 0] = np.nan
    return panel


def _two_rows_swapped(panel):
    order = np.arange(len(panel))
    order[[45, 46]] = order[[46, 45]]
    return panel.iloc[order]


@pytest.mark.parametrize("pooling", ["global", "local"])
@pytest.mark.parametrize(
    "mangle, error, message",
    [  # sktime's: "cannot handle missing data", a TypeError of mtypes, KeyError 1
        (_with_nan, ValueError, r"NaN at \('b', Period\('2000-11', 'M'\)\) \(row 50"),
        (_two_rows_swapped, ValueError, "series 'b' of y is unsorted: 2000-06"),
        (lambda panel: panel.iloc[:0], ValueError, "y is empty"),
    ],
)
def test_bad_panels_get_skltsm_messages_before_sktime_checks(
    pooling, mangle, error, message
):
    with pytest.raises(error, match=message):
        exact(pooling=pooling).fit(mangle(lines()), fh=[1])
    fitted = exact(pooling=pooling).fit(lines(), fh=[1])
    if mangle is _with_nan:
        with pytest.raises(error, match=r"NaN at \('b'"):
            fitted.update(mangle(lines()).iloc[45:], update_params=False)


def test_numbers_stored_as_objects_are_read_as_numbers():
    # sktime refused them as "categorical features"
    expected = exact().fit(lines(), fh=[1]).predict()
    as_objects = exact().fit(lines().astype(object), fh=[1]).predict()
    pd.testing.assert_frame_equal(as_objects, expected)


def test_a_global_update_may_add_series_but_not_fitted_ids_of_another_type():
    fitted = exact().fit(lines(names=[1, 2, 3]), fh=[1])
    as_text = lines(n=42, names=["1", "2", "3"]).groupby(level=0).tail(2)
    with pytest.raises(
        ValueError, match=r"series '1' \(str\).*fitted series 1 \(int\)"
    ):
        fitted.update(as_text, update_params=False)
    assert fitted.cutoff[0] == pd.Period("2003-04", "M")  # nothing changed
    more = lines(
        n=42,
        slopes=(2.0, -3.0, 500.0, 1.0),
        levels=(5.0, 1e3, 1e6, 7.0),
        names=[1, 2, 3, 4],
    )
    new_rows = pd.concat([more.drop(4).groupby(level=0).tail(2), more.loc[[4]]])
    fitted.update(new_rows, update_params=False)  # series 4 with all its rows
    assert fitted.predict().index.get_level_values(0).tolist() == [1, 2, 3, 4]


def test_a_global_update_refuses_two_new_ids_that_print_alike_as_fit_does():
    """Both new, they were taken as two series printed with one name."""
    fitted = exact().fit(lines(names=[1, 2, 3]), fh=[1])
    more = lines(n=42, names=[1, 4, "4"])  # 4 and "4" with all their rows
    new_rows = pd.concat([more.loc[[1]].tail(2), more.drop(1)])
    with pytest.raises(
        ValueError,
        match=r"^y passed to update has series 4 \(int\) and '4' \(str\) in level 0",
    ):
        fitted.update(new_rows, update_params=False)
    assert fitted.cutoff[0] == pd.Period("2003-04", "M")  # nothing changed


@pytest.mark.parametrize("update_params", [False, True])
def test_a_global_update_with_new_series_too_short_to_forecast_is_refused(
    update_params,
):
    """Accepted, they made every later predict of the panel refused."""
    fitted = exact().fit(lines(names="abc"), fh=[1])
    before, cutoff = fitted.predict(), fitted.cutoff
    more = lines(n=42, slopes=(2.0, -3.0, 1.0), levels=(5.0, 1e3, 7.0), names="abd")
    new_rows = more.groupby(level=0).tail(2)  # d: 2 rows, a forecast reads 4
    with pytest.raises(ValueError, match=r"1 new series .* fewer than the 4.*: 'd'"):
        fitted.update(new_rows, update_params=update_params)
    assert fitted.cutoff.equals(cutoff)
    pd.testing.assert_frame_equal(fitted.predict(), before)
    # with its history, the new series is forecast
    with_history = pd.concat([new_rows.drop("d"), more.loc[["d"]]])
    fitted.update(with_history, update_params=update_params)
    assert fitted.predict().index.get_level_values(0).tolist() == list("abcd")


def test_a_series_an_update_added_is_held_through_later_updates_and_pickles():
    """The ids held are kept from fit on, not located in the memory each update."""
    fitted = exact().fit(lines(names="abc"), fh=[1])
    more = lines(n=44, slopes=(2.0, -3.0, 1.0), levels=(5.0, 1e3, 7.0), names="abd")
    added = more.loc[["a", "b"]].groupby(level=0).nth([40, 41])
    fitted.update(pd.concat([added, more.loc[["d"]].iloc[:42]]), update_params=False)
    assert fitted.series_ids_.tolist() == list("abcd")
    restored = pickle.loads(pickle.dumps(fitted))
    # d was added: one more row of it is no new series too short to forecast
    restored.update(more.groupby(level=0).nth([42]), update_params=False)
    assert restored.series_ids_.tolist() == list("abcd")
    assert restored.predict().index.get_level_values(0).tolist() == list("abcd")


def test_an_update_of_none_of_the_series_fitted_shows_the_ids_fitted():
    # the ids read back as integers: new series, all too short
    fitted = exact().fit(lines(names="abc"), fh=[1])
    as_numbers = lines(n=42, names=[0, 1, 2]).groupby(level=0).tail(2)
    with pytest.raises(ValueError, match=r"3 new series") as info:
        fitted.update(as_numbers, update_params=False)
    message = str(info.value)
    assert "0, 1, 2" in message
    assert "'a', 'b', 'c', ids of type str; the update's are of type int" in message


def test_global_and_local_agree_where_the_model_is_exact():
    panel = lines()
    global_ = exact().fit(panel, fh=[1, 3]).predict()
    local = exact(pooling="local").fit(panel, fh=[1, 3]).predict()
    pd.testing.assert_frame_equal(global_, local, check_exact=False, rtol=1e-9)


def test_an_integer_panel_of_step_two_is_labelled_as_sktime_labels_each_series():
    """sktime counts fh on an integer index in label units: fh=2 of 78 is 80."""
    panel = lines()
    series = panel.index.get_level_values(0)
    even = panel.set_axis(
        pd.MultiIndex.from_arrays(
            [series, np.tile(2 * np.arange(40), 3)], names=["series", "time"]
        )
    )
    global_ = exact().fit(even, fh=[2, 4]).predict()
    local = exact(pooling="local").fit(even, fh=[2, 4]).predict()
    pd.testing.assert_frame_equal(global_, local, check_exact=False, rtol=1e-9)
    assert global_.loc["a"].index.tolist() == [80, 82]
    # one and two rows ahead: the lines' next values, not those two rows on
    expected = lines(n=42).groupby(level=0).tail(2)["y"].to_numpy()
    np.testing.assert_allclose(global_["y"].to_numpy(), expected, rtol=1e-9)
    absolute = ForecastingHorizon([80, 82], is_relative=False)
    pd.testing.assert_frame_equal(exact().fit(even).predict(fh=absolute), global_)
    with pytest.raises(ValueError, match="falls between them"):
        exact().fit(even, fh=[1, 2])


def _noisy_ragged_lines() -> pd.DataFrame:
    """Noisy lines; series "a" ends 12 months before the others."""
    panel = lines(n=60, slopes=(1.0,) * 3, levels=(0.0, 100.0, 200.0))
    panel["y"] += np.random.default_rng(0).normal(0, 1, len(panel))
    return panel.drop([("a", t) for t in panel.loc["a"].index[-12:]])


def test_an_absolute_horizon_is_calibrated_at_each_series_own_step():
    """The same month is 13 steps from "a" and one from the others."""
    ragged = _noisy_ragged_lines()
    forecaster = LSTMForecaster(linear_pipeline(), calibration_size=0.4)
    forecaster.fit(ragged, fh=range(1, 14))
    month = ForecastingHorizon(pd.PeriodIndex(["2005-01"], freq="M"), False)
    interval = forecaster.predict_interval(fh=month, coverage=0.9).to_numpy()
    relative = forecaster.predict_interval(fh=[1, 13], coverage=0.9)
    np.testing.assert_allclose(interval[0], relative.loc["a"].to_numpy()[1])
    np.testing.assert_allclose(interval[1], relative.loc["b"].to_numpy()[0])


def test_an_absolute_horizon_at_fit_trains_every_series_own_step():
    """Direct strategy: a month one step after b and c is 13 after a."""
    ragged = _noisy_ragged_lines()
    month = ForecastingHorizon(pd.PeriodIndex(["2005-01"], freq="M"), False)
    forecaster = exact("direct").fit(ragged, fh=month)
    assert forecaster.predict().shape == (3, 1)


def test_datetime_panel_takes_absolute_horizons_without_a_frequency():
    ragged = _noisy_ragged_lines()
    ends = ragged.index.levels[1].to_timestamp(how="end").normalize()
    as_dates = pd.DatetimeIndex(ends.to_numpy())  # no frequency
    ragged.index = ragged.index.set_levels(as_dates, level=1)
    month = ForecastingHorizon(pd.DatetimeIndex(["2005-01-31"]), is_relative=False)
    forecaster = LSTMForecaster(linear_pipeline(), calibration_size=0.4)
    forecaster.fit(ragged, fh=month)
    assert forecaster.predict_interval(coverage=0.9).notna().all(axis=None)


def test_a_recursive_global_fit_without_fh_calibrates_every_step_it_holds_out():
    # only step 1 was calibrated on a panel: "no calibration residuals at step 2"
    y = _noisy_ragged_lines()
    forecaster = LSTMForecaster(linear_pipeline(), calibration_size=0.2).fit(y)
    intervals = forecaster.predict_interval(fh=[1, 2, 3], coverage=0.8)
    assert len(intervals) == 3 * len(y.index.levels[0])
    assert intervals.notna().all(axis=None)


def test_predict_proba_under_local_pooling_says_what_to_use_instead():
    # sktime's bare "automated vectorization for predict_proba is not implemented"
    forecaster = LSTMForecaster(linear_pipeline(), pooling="local").fit(
        lines(), fh=[1, 2]
    )
    with pytest.raises(NotImplementedError, match="Use pooling='global'.*PinballLoss"):
        forecaster.predict_proba()
    assert forecaster.predict_interval(coverage=0.8).notna().all(axis=None)


def test_a_hierarchical_panel_is_forecast_too():
    panel = lines()
    hier = panel.set_index(
        pd.MultiIndex.from_arrays(
            [
                np.where(panel.index.get_level_values(0) == "a", "x", "y"),
                panel.index.get_level_values(0),
                panel.index.get_level_values(1),
            ],
            names=["region", "series", "time"],
        )
    )
    prediction = exact().fit(hier, fh=[1, 2]).predict()
    assert prediction.index.nlevels == 3 and len(prediction) == 6
    expected = lines(n=42).groupby(level=0).tail(2)["y"].to_numpy()
    np.testing.assert_allclose(prediction["y"], expected, rtol=1e-9)


def test_covariates_of_every_series_are_known_ahead():
    rng = np.random.default_rng(0)
    panel = lines(n=50)
    x = pd.DataFrame({"x": rng.normal(size=len(panel))}, index=panel.index)
    y = panel["y"] + x["x"].groupby(level=0).cumsum()  # y[t] - y[t-1] = slope + x[t]
    y = y.rename("y").to_frame()
    train_y, train_x = y.groupby(level=0).head(44), x.groupby(level=0).head(44)
    pipe = make_forecast_pipeline(Differencer(), LagTransformer(2), LinearRegression())
    forecaster = LSTMForecaster(pipe, calibration_size=0).fit(
        train_y, X=train_x, fh=range(1, 7)
    )
    prediction = forecaster.predict(X=x)
    np.testing.assert_allclose(
        prediction["y"], y.groupby(level=0).tail(6)["y"], rtol=1e-9
    )
    with pytest.raises(ValueError, match="no values at"):
        forecaster.predict(X=train_x)


TIME_KINDS = {
    "periods": lambda n: pd.period_range("2000-01", periods=n, freq="M"),
    "dates": lambda n: pd.date_range("2000-01-01", periods=n, freq="D"),
    "integers": pd.RangeIndex,
}
NO_SERIES_LEVEL = (
    r"X has no series level \(one index level, time\), but {y} a panel indexed "
    r"by \({levels}\): .* repeat them for each series, e\.g\. pd\.concat\("
)


def _call_with_X(forecaster, method, fitted_on, new_y, X):
    """Call ``method`` with ``X``: ``fit`` on ``fitted_on``'s y, the others after
    a fit on ``fitted_on`` (y, X); ``new_y`` is the update's rows."""
    y, good_X = fitted_on
    if method == "fit":
        forecaster.fit(y, X=X, fh=[1, 2])
    forecaster.fit(y, X=good_X, fh=[1, 2])
    calls = {
        "predict": lambda: forecaster.predict(X=X),
        "predict_interval": lambda: forecaster.predict_interval(X=X, coverage=0.8),
        "update": lambda: forecaster.update(new_y, X=X, update_params=False),
        "update_predict_single": lambda: forecaster.update_predict_single(
            new_y, fh=[1], X=X
        ),
    }
    calls[method]()


@pytest.mark.parametrize("pooling", ["global", "local"])
@pytest.mark.parametrize("times", TIME_KINDS)
@pytest.mark.parametrize(
    "method",
    ["fit", "predict", "predict_interval", "update", "update_predict_single"],
)
def test_covariates_without_a_series_level_are_refused_for_a_panel(
    pooling, times, method
):
    # pandas' "cannot include dtype 'M' in a buffer", "Buffer dtype mismatch",
    # "object of type 'Period' has no len()", "Cannot remove 1 levels" came out
    # before, and under local pooling predict's AttributeError 'X_multiindex'
    y = retimed(lines(n=42), TIME_KINDS[times](42))
    X = constant(y, "x")
    calendar = X.loc["a"]  # one calendar for every series, by time only
    train_y, train_X = y.groupby(level=0).head(38), X.groupby(level=0).head(38)
    new_y = y.groupby(level=0).nth([38])
    forecaster = LSTMForecaster(linear_pipeline(), pooling=pooling)
    fitted = "the forecaster was fitted on" if method.startswith("predict") else "y is"
    message = NO_SERIES_LEVEL.format(y=fitted, levels="series, time")
    with pytest.raises(ValueError, match=message), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # calibration on exact forecasts
        _call_with_X(forecaster, method, (train_y, train_X), new_y, calendar)


@pytest.mark.parametrize("pooling", ["global", "local"])
def test_covariates_repeated_per_series_as_the_message_says_are_taken(pooling):
    y = lines(n=42)
    calendar = constant(y, "x").loc["a"]
    ids = y.index.droplevel(-1).unique()
    # the message's words, not dict.fromkeys(ids, calendar)
    X = pd.concat({key: calendar for key in ids}, names=["series", "time"])  # noqa: C420
    forecaster = exact(pooling=pooling).fit(y.groupby(level=0).head(38), X=X, fh=[1])
    np.testing.assert_allclose(
        forecaster.predict(X=X)["y"], y.groupby(level=0).nth(38)["y"], rtol=1e-9
    )


@pytest.mark.parametrize("pooling", ["global", "local"])
def test_covariates_of_a_panel_are_refused_for_a_hierarchy(pooling):
    y = hierarchy(lines(n=42))
    panel_X = constant(lines(n=42), "x")  # (series, time): the region missing
    message = (
        r"X is indexed by \(series, time\), but {y} a panel indexed by "
        r"\(region, series, time\): X needs as many levels"
    )
    with pytest.raises(ValueError, match=message.format(y="y is")):
        exact(pooling=pooling).fit(y, X=panel_X, fh=[1])
    forecaster = exact(pooling=pooling).fit(y, X=constant(y, "x"), fh=[1])
    fitted = message.format(y="the forecaster was fitted on")
    with pytest.raises(ValueError, match=fitted):
        forecaster.predict(X=panel_X)
    with pytest.raises(
        ValueError,
        match=NO_SERIES_LEVEL.format(
            y="the forecaster was fitted on", levels="region, series, time"
        ),
    ):
        forecaster.predict(X=panel_X.loc["a"])


@pytest.mark.parametrize("pooling", ["global", "local"])
@pytest.mark.parametrize("method", ["fit", "predict", "update"])
def test_covariates_of_a_panel_are_refused_for_one_series(pooling, method):
    # predict said "X passed to predict has no rows at [...]", rows X has
    # under a series level
    y = lines(n=42)
    X = constant(y, "x")
    series, series_X = y.loc["a"].head(38), X.loc["a"]
    forecaster = exact(pooling=pooling)
    message = (
        r"X is indexed by \(series, time\), as a panel's covariates, but {y} one "
        r"series: pass the rows of that series only, e\.g\. X\.loc\[key\]"
    )
    fitted = "the forecaster was fitted on" if method == "predict" else "y is"
    with pytest.raises(ValueError, match=message.format(y=fitted)):
        _call_with_X(forecaster, method, (series, series_X), y.loc["a"].iloc[38:39], X)


@pytest.mark.parametrize("update_params", [False, True])
def test_a_global_update_of_unnamed_rows_keeps_the_names_of_the_levels(
    update_params,
):
    # the memory merged them without names: forecasts came out [None, None]
    y = lines(n=42)
    X = constant(y, "x")
    forecaster = exact().fit(
        y.groupby(level=0).head(38), X=X.groupby(level=0).head(38), fh=[1]
    )
    unnamed = y.groupby(level=0).nth([38]).rename_axis([None, None])
    forecaster.update(
        unnamed, X=X.rename_axis(["store", "day"]), update_params=update_params
    )
    assert forecaster.y_memory_.index.names == ["series", "time"]
    assert forecaster.X_memory_.index.names == ["series", "time"]
    prediction = forecaster.predict(X=X)
    assert prediction.index.names == ["series", "time"]
    np.testing.assert_allclose(
        prediction["y"], y.groupby(level=0).nth(39)["y"], rtol=1e-9
    )


def test_pretraining_forecasts_a_series_never_seen_without_training():
    panel = lines()
    forecaster = exact()
    forecaster.pretrain(panel, fh=range(1, 7))
    assert forecaster.state == "pretrained"
    network = forecaster.pretrained_strategy_.pipeline_.steps[-1][1]
    new = pd.Series(
        7.0 - 4.0 * np.arange(30.0),
        index=pd.period_range("2010-01", periods=30, freq="M"),
        name="sales",
    )
    prediction = forecaster.fit(new, fh=range(1, 7)).predict()
    fitted = forecaster.strategy_.pipeline_.steps[-1][1]
    np.testing.assert_array_equal(fitted.coef_, network.coef_)  # not retrained
    np.testing.assert_allclose(prediction, 7.0 - 4.0 * np.arange(30.0, 36.0))
    assert prediction.name == "sales"
    assert forecaster.get_pretrained_params()["pretrained_series_"].tolist() == [
        "a", "b", "c",
    ]  # fmt: skip


@pytest.mark.parametrize("fine_tune_epochs", [0, 2])
def test_fine_tuning_trains_the_pretrained_network_a_few_more_epochs(
    fine_tune_epochs,
):
    panel = lines()
    forecaster = LSTMForecaster(
        lstm_pipeline(epochs=2), calibration_size=0, random_state=0,
        fine_tune_epochs=fine_tune_epochs,
    )  # fmt: skip
    forecaster.pretrain(panel, fh=[1, 2])
    pretrained = forecaster.pretrained_strategy_.pipeline_.steps[-1][1]
    weights = [w.copy() for w in pretrained.model_.get_weights()]
    forecaster.fit(panel.loc["b"], fh=[1, 2])
    tuned = forecaster.strategy_.pipeline_.steps[-1][1]
    same = all(
        np.array_equal(a, b)
        for a, b in zip(weights, tuned.model_.get_weights(), strict=True)
    )
    assert same == (fine_tune_epochs == 0)
    if fine_tune_epochs:
        assert len(tuned.history_["loss"]) == fine_tune_epochs
    # the pretrained network itself is untouched by fitting a series
    for a, b in zip(weights, pretrained.model_.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_mape_network_fine_tunes_on_the_statistics_it_was_pretrained_on():
    # loss="mape" holds the target statistics of its fit; fine-tuning on a
    # new series continues that network, whose outputs are in those units
    regressor = tiny_regressor(epochs=2, loss="mape", window_scaling="log_mean")
    forecaster = LSTMForecaster(
        make_forecast_pipeline(LagTransformer(look_back=6), regressor),
        strategy="multioutput", calibration_size=0, random_state=0,
        fine_tune_epochs=2,
    )  # fmt: skip
    forecaster.pretrain(lines(), fh=[1, 2])
    pretrained = forecaster.pretrained_strategy_.pipeline_.steps[-1][1]
    forecaster.fit(lines(names="xyz").loc["y"] * 3, fh=[1, 2])
    tuned = forecaster.strategy_.pipeline_.steps[-1][1]
    assert len(tuned.history_["loss"]) == 2
    assert tuned.model_.loss.get_config() == pretrained.model_.loss.get_config()
    assert (forecaster.predict() > 0).all().all()


def a_line(n=30, start="2010-01", name=None):
    """A new straight line, never seen in pretraining: forecasts are exact."""
    index = pd.period_range(start, periods=n, freq="M")
    return pd.Series(7.0 - 4.0 * np.arange(n), index=index, name=name)


@pytest.mark.parametrize("fine_tune_epochs", [0, 1])
def test_fit_after_pretraining_refuses_a_series_shorter_than_one_window(
    fine_tune_epochs,
):
    forecaster = exact(fine_tune_epochs=fine_tune_epochs).pretrain(lines(), fh=[1])
    # look_back 3 of the first difference: a forecast reads 4 rows
    with pytest.raises(ValueError, match="y has 3 observations"):
        forecaster.fit(a_line(3), fh=[1, 2])


@pytest.mark.parametrize("fine_tune_epochs", [0, 1])
def test_fit_after_pretraining_warns_of_the_series_of_a_panel_too_short(
    fine_tune_epochs,
):
    """As a fit without pretraining does; predict refuses them later."""
    forecaster = exact_further(fine_tune_epochs=fine_tune_epochs)
    forecaster.pretrain(lines(names="abc"), fh=[1])
    long = lines(names="de", slopes=(1.0, 2.0), levels=(0.0, 1.0))
    panel = pd.concat([long, lines(n=3, names="f", slopes=(1.0,), levels=(9.0,))])
    with pytest.warns(ShortSeriesWarning, match=r"1 of 3 series .*'f'"):
        forecaster.fit(panel, fh=[1, 2])
    with pytest.raises(ValueError, match="'f'") as info:
        forecaster.predict()
    assert "left out of training" not in str(info.value)


def test_fit_after_pretraining_refuses_another_frequency():
    # a monthly network read days as months, silently, and sp_ became 7
    forecaster = exact().pretrain(lines(), fh=[1])
    days = a_line().to_timestamp().asfreq("D").interpolate().to_period("D")
    with pytest.raises(TypeError, match=r"period\[D\], but LSTMForecaster was pre"):
        forecaster.fit(days, fh=[1])
    forecaster.fit(a_line(), fh=[1])  # nothing broken: the monthly series fits
    # nor may the network pretrain further on a finer frequency
    daily = lines(n=30)
    daily.index = daily.index.set_levels(
        pd.period_range("2000-01-01", periods=30, freq="D"), level=1
    )
    with pytest.raises(TypeError, match=r"y passed to pretrain has time labels"):
        forecaster.pretrain(daily, fh=[1])


def test_month_start_dates_and_monthly_periods_are_one_frequency_to_pretraining():
    starts = lines().copy()
    starts.index = starts.index.set_levels(
        starts.index.levels[1].to_timestamp(how="start"), level=1
    )  # MS dates: refused as another frequency by a first version of the check
    forecaster = exact().pretrain(starts, fh=[1])
    prediction = forecaster.fit(a_line(), fh=[1]).predict()
    np.testing.assert_allclose(prediction, [7.0 - 4.0 * 30])


def retimed(panel, times):
    """``panel`` with the time labels ``times`` (as many as its time level)."""
    return panel.set_axis(panel.index.set_levels(times, level=1))


def daily_lines(n=40):
    return retimed(lines(n), pd.period_range("2000-01-01", periods=n, freq="D"))


@pytest.mark.parametrize(
    ("pretrained", "series"),
    [
        (daily_lines, lambda: a_line()),  # monthly periods
        (daily_lines, lambda: a_line().to_timestamp()),  # month-start dates
        (lines, lambda: a_line().to_timestamp().asfreq("QS")),  # quarters
    ],
    ids=["days-then-months", "days-then-month-starts", "months-then-quarters"],
)
def test_fit_after_pretraining_refuses_a_coarser_frequency(pretrained, series):
    # a daily network read months as days, silently: passed before
    forecaster = exact().pretrain(pretrained(), fh=[1])
    with pytest.raises(TypeError, match=r"a coarser frequency.*pretrain on data at"):
        forecaster.fit(series(), fh=[1])


def test_pretrain_further_refuses_a_coarser_frequency_and_keeps_the_network():
    forecaster = exact().pretrain(lines(), fh=[1])
    quarters = retimed(
        lines(names="xyz"), pd.period_range("2000Q1", periods=40, freq="Q")
    )
    with pytest.raises(TypeError, match=r"y passed to pretrain .* a coarser.*reset"):
        forecaster.pretrain(quarters, fh=[1])
    assert forecaster.pretrained_series_.tolist() == ["a", "b", "c"]
    forecaster.reset().pretrain(quarters, fh=[1])  # as the message says
    np.testing.assert_allclose(
        forecaster.fit(a_line().to_timestamp().asfreq("QS"), fh=[1]).predict(),
        [7.0 - 4.0 * 30],
    )


def month_ends(panel_or_series):
    index = panel_or_series.index
    if isinstance(index, pd.MultiIndex):
        ends = index.levels[1].to_timestamp(how="end").normalize()
        return retimed(panel_or_series, ends)
    return panel_or_series.set_axis(index.to_timestamp(how="end").normalize())


@pytest.mark.parametrize(
    ("pretrained", "series"),
    [
        (lines, a_line),
        (lambda: month_ends(lines()), a_line),  # monthly periods after ME dates
        (lines, lambda: month_ends(a_line())),  # ME dates after monthly periods
        (lambda: month_ends(lines()), lambda: a_line().to_timestamp()),  # MS
        (lines, lambda: a_line(4)),  # one window: three steps apart, not coarser
    ],
    ids=["periods", "ends-then-periods", "periods-then-ends", "ends-then-starts",
         "one-window"],
)  # fmt: skip
def test_months_are_one_frequency_to_pretraining_however_labelled(pretrained, series):
    y = series()
    prediction = exact().pretrain(pretrained(), fh=[1]).fit(y, fh=[1]).predict()
    np.testing.assert_allclose(prediction, [7.0 - 4.0 * len(y)])


def test_pretrain_further_takes_months_however_labelled():
    forecaster = exact_further().pretrain(lines(), fh=[1])  # monthly periods
    forecaster.pretrain(month_ends(lines(names="xyz")), fh=[1])  # ME dates
    assert forecaster.pretrained_series_.tolist() == ["a", "b", "c", "x", "y", "z"]
    prediction = forecaster.fit(a_line().to_timestamp(), fh=[1]).predict()  # MS
    np.testing.assert_allclose(prediction, [7.0 - 4.0 * 30])


def test_integer_indexes_are_not_checked_for_a_frequency_after_pretraining():
    integers = retimed(lines(), pd.RangeIndex(40))
    line = a_line().reset_index(drop=True)
    for pretrained, series in [(integers, line), (lines(), line), (integers, a_line())]:
        prediction = exact().pretrain(pretrained, fh=[1]).fit(series, fh=[1]).predict()
        np.testing.assert_allclose(prediction, [7.0 - 4.0 * 30])


def test_a_pretrained_network_forecasts_a_series_of_one_window():
    forecaster = exact().pretrain(lines(), fh=[1])
    prediction = forecaster.fit(a_line(4), fh=[1, 2]).predict()
    np.testing.assert_allclose(prediction, 7.0 - 4.0 * np.arange(4.0, 6.0))


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_a_series_fitted_after_pretraining_keeps_its_name_for_update(strategy):
    forecaster = exact(strategy).pretrain(lines(), fh=[1, 2])  # column "y"
    new = a_line()  # unnamed: column "0"
    forecaster.fit(new.iloc[:25], fh=[-1, 0, 1, 2])  # in-sample steps too
    forecaster.update(new.iloc[25:], update_params=False)
    assert forecaster.y_memory_.columns.tolist() == ["0"]
    prediction = forecaster.predict()
    np.testing.assert_allclose(prediction, 7.0 - 4.0 * np.arange(28.0, 32.0))


def test_update_after_pretraining_keeps_the_pretrained_network():
    forecaster = exact().pretrain(lines(), fh=[1])
    network = forecaster.pretrained_strategy_.pipeline_.steps[-1][1]
    new = a_line()
    forecaster.fit(new.iloc[:25], fh=[1]).update(new.iloc[25:])  # update_params
    updated = forecaster.strategy_.pipeline_.steps[-1][1]
    np.testing.assert_array_equal(updated.coef_, network.coef_)  # not retrained
    np.testing.assert_allclose(forecaster.predict(), [7.0 - 4.0 * 30.0])


def constant(data, *columns):
    """Covariates of ``data``: one constant column per name."""
    return pd.DataFrame(dict.fromkeys(columns, 1.0), index=data.index)


def test_fit_after_pretraining_needs_the_pretrained_covariates():
    new = a_line()
    with_x = exact().pretrain(lines(), X=constant(lines(), "x"), fh=[1])
    with pytest.raises(ValueError, match=r"pretrained with the covariates \['x'\]"):
        with_x.fit(new, fh=[1])
    with pytest.raises(ValueError, match=r"has the covariates \['z'\].*\['x'\]"):
        with_x.fit(new, X=constant(new, "z"), fh=[1])
    without_x = exact().pretrain(lines(), fh=[1])
    with pytest.raises(ValueError, match="pretrained without X"):
        without_x.fit(new, X=constant(new, "x"), fh=[1])


def test_fit_after_pretraining_reads_the_covariates_by_name():
    forecaster = exact().pretrain(lines(), X=constant(lines(), "a", "b"), fh=[1])
    new, future = a_line(), constant(a_line(31), "b", "a")
    forecaster.fit(new, X=constant(new, "b", "a"), fh=[1])
    np.testing.assert_allclose(forecaster.predict(X=future), [7.0 - 4.0 * 30.0])


@pytest.mark.parametrize("pooling", ["global", "local"])
def test_pretraining_with_covariates_works_whatever_the_pooling(pooling):
    """sktime widens y's data types for pretrain, not X's: local looped X."""
    forecaster = exact(pooling=pooling)
    forecaster.pretrain(lines(), X=constant(lines(), "x"), fh=[1])
    new, future = a_line(), constant(a_line(31), "x").iloc[-1:]
    prediction = forecaster.fit(new, X=constant(new, "x"), fh=[1]).predict(X=future)
    np.testing.assert_allclose(prediction, [7.0 - 4.0 * 30.0])
    assert forecaster.get_tag("X_inner_mtype") == exact(pooling=pooling).get_tag(
        "X_inner_mtype"
    )  # the tag pretrain widened is put back


def test_pretraining_further_needs_the_same_variables():
    forecaster = exact_further().pretrain(lines(), fh=[1])
    with pytest.raises(ValueError, match=r"has 2 column\(s\).*pretrained on 1"):
        forecaster.pretrain(lines().assign(z=1.0))
    with pytest.raises(ValueError, match="pretrained without X"):
        forecaster.pretrain(lines(), X=constant(lines(), "x"))


@pytest.mark.parametrize("strategy", ["direct", "multioutput"])
def test_pretraining_needs_fh_for_the_strategies_that_fit_does(strategy):
    with pytest.raises(ValueError, match="pretrain needs fh"):
        exact(strategy).pretrain(lines())


@pytest.mark.parametrize("strategy", ["direct", "multioutput"])
def test_fit_after_pretraining_refuses_steps_never_pretrained(strategy):
    forecaster = exact(strategy).pretrain(lines(), fh=[1, 2])
    with pytest.raises(ValueError, match=r"steps \[3\].*pretrained.*\[1, 2\]"):
        forecaster.fit(a_line(), fh=[1, 3])


class CountingFits(LinearRegression):
    """A linear regression that counts its fits."""

    fits = 0

    def fit(self, X, y, sample_weight=None):
        CountingFits.fits += 1
        return super().fit(X, y, sample_weight)


def walks(n_series, n=120, seed=0):
    """Random walks of unit steps: the next change is unpredictable noise."""
    rng = np.random.default_rng(seed)
    index = pd.MultiIndex.from_product(
        [[f"s{i}" for i in range(n_series)],
         pd.period_range("2000-01", periods=n, freq="M")],
        names=["series", "time"],
    )  # fmt: skip
    steps = rng.normal(size=(n_series, n))
    return pd.DataFrame({"y": (100.0 + steps.cumsum(axis=1)).ravel()}, index=index)


def test_the_pretrained_network_calibrates_a_new_series_without_training():
    pipe = make_forecast_pipeline(Differencer(), LagTransformer(3), CountingFits())
    forecaster = LSTMForecaster(pipe, scale_window=None).pretrain(walks(5), fh=[1])
    new = walks(1, n=50, seed=1).loc["s0", "y"]
    CountingFits.fits = 0
    forecaster.fit(new, fh=[1])
    assert CountingFits.fits == 0  # nothing trains: the network never saw new
    # 0.4 of 50 held out: origins 29 to 48, each forecast as a fit up to it would
    first, last = (
        LSTMForecaster(pipe).pretrain(walks(5), fh=[1]).fit(new.iloc[:end], fh=[1])
        for end in (30, 49)
    )  # fmt: skip
    residuals = forecaster.residuals_[1][:, 0]
    assert len(residuals) == 20
    np.testing.assert_allclose(residuals[0], new.iloc[30] - first.predict().iloc[0])
    np.testing.assert_allclose(residuals[-1], new.iloc[49] - last.predict().iloc[0])
    assert forecaster.baseline_scores_["network"] > 0
    assert forecaster.predict_interval().notna().all().all()


def test_a_fine_tuned_copy_calibrates_on_rows_before_the_holdout():
    """Changing the last observation changes only the residuals it is the target of."""
    new = walks(1, n=60, seed=1).loc["s0", "y"]
    changed = new.copy()
    changed.iloc[-1] += 50.0

    def residuals(y):
        forecaster = LSTMForecaster(
            warm_linear_pipeline(), scale_window=None, calibration_folds=1,
            fine_tune_epochs=1,
        ).pretrain(walks(5), fh=[1, 2])  # fmt: skip
        return forecaster.fit(y, fh=[1, 2]).residuals_

    before, after = residuals(new), residuals(changed)
    for step in (1, 2):  # the last origin at step 1, the one before at step 2
        np.testing.assert_allclose(after[step][:-1], before[step][:-1])
        np.testing.assert_allclose(after[step][-1] - before[step][-1], 50.0)


def test_intervals_after_pretraining_keep_their_coverage_on_new_series():
    forecaster = LSTMForecaster(linear_pipeline(), scale_window=None)
    forecaster.pretrain(walks(20), fh=[1])
    new = walks(200, seed=1)
    train = new.groupby(level=0).head(119)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalibrationWarning)
        interval = forecaster.fit(train, fh=[1]).predict_interval(coverage=0.8)
    actual = new.groupby(level=0).tail(1)["y"].to_numpy()
    lower, upper = interval.to_numpy().T
    covered = np.mean((lower <= actual) & (actual <= upper))
    assert 0.74 <= covered <= 0.86  # 200 series: 0.8 +- two standard errors


@pytest.mark.parametrize("pooling", ["global", "local"])
def test_series_pretrained_on_are_warned_of_at_calibration(pooling):
    forecaster = LSTMForecaster(linear_pipeline(), scale_window=None, pooling=pooling)
    forecaster.pretrain(walks(5), fh=[1])
    panel = pd.concat([walks(5).loc[["s1"]], walks(3, seed=2).loc[["s2"]]])
    with pytest.warns(CalibrationWarning, match=r"Series \['s1', 's2'\] were in"):
        forecaster.fit(panel, fh=[1])
    unseen = walks(2, seed=3).rename(index={"s0": "new0", "s1": "new1"}, level=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CalibrationWarning)
        forecaster.fit(unseen, fh=[1])


def test_fallback_after_pretraining_forecasts_the_baseline_that_wins():
    """The holdout after pretrain scores the network as any fit's does."""
    forecaster = LSTMForecaster(
        linear_pipeline(), fallback="seasonal_naive", sp=12, scale_window=None
    ).pretrain(lines(), fh=[1])  # learnt to continue straight lines
    months = pd.period_range("2010-01", periods=72, freq="M")
    season = pd.Series(10.0 + np.sin(np.arange(72) * np.pi / 6) * 5, index=months)
    with pytest.warns(BaselineWarning, match="forecasts the seasonal naive instead"):
        forecaster.fit(season, fh=[1, 2])
    assert forecaster.fallback_
    np.testing.assert_allclose(forecaster.predict(), season.iloc[-12:-10])


@pytest.mark.parametrize("strategy", ["direct", "multioutput"])
def test_predict_after_pretraining_refuses_steps_never_pretrained(strategy):
    """Not sktime's "re-fit": fit after pretrain cannot add the steps either."""
    forecaster = exact(strategy).pretrain(lines(), fh=[1, 2, 3])
    forecaster.fit(a_line(), fh=[1, 2, 3])
    with pytest.raises(
        ValueError,
        match=r"fh passed to predict asks for steps \[4, 5\], but the network was "
        r"pretrained .* for steps \[1, 2, 3\], and fit does not add steps",
    ):
        forecaster.predict(fh=[1, 2, 3, 4, 5])


def as_month_ends(data):
    """The same monthly data on a DatetimeIndex of month ends."""
    if isinstance(data.index, pd.MultiIndex):
        time = data.index.levels[-1].to_timestamp(how="end").normalize()
        return data.set_axis(data.index.set_levels(time, level=-1))
    return data.set_axis(data.index.to_timestamp(how="end").normalize())


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_a_pretrained_network_forecasts_a_series_of_another_index_type(strategy):
    # pretrained on a PeriodIndex (step 1), fitted on month-end dates
    forecaster = exact(strategy).pretrain(lines(), fh=[1, 2])
    new = as_month_ends(a_line())
    prediction = forecaster.fit(new, fh=[1, 2]).predict()
    np.testing.assert_allclose(prediction, 7.0 - 4.0 * np.arange(30.0, 32.0))
    assert prediction.index.equals(pd.DatetimeIndex(["2012-07-31", "2012-08-31"]))


def test_pretraining_continues_on_a_panel_of_another_index_type():
    def ones(data):  # a covariate: its leads are found by the index's step
        return pd.DataFrame({"x": 1.0}, index=data.index)

    forecaster = exact_further().pretrain(lines(), X=ones(lines()), fh=[1])
    more = as_month_ends(lines(names="xyz"))
    forecaster.pretrain(more, X=ones(more))
    new = a_line()
    future = ones(a_line(31))
    prediction = forecaster.fit(new, X=ones(new), fh=[1]).predict(X=future)
    np.testing.assert_allclose(prediction, [7.0 - 4.0 * 30.0])


def test_the_design_contract_runs_as_written():
    """The panel block of docs/contract.md, with tiny networks."""
    idx = pd.MultiIndex.from_product(
        [["a", "b", "c"], pd.period_range("2000-01", periods=60, freq="M")],
        names=["series", "time"],
    )
    t = np.tile(np.arange(60), 3)
    panel = pd.DataFrame(
        {"y": (1 + 0.3 * np.sin(t * np.pi / 6)) * np.repeat([1.0, 100.0, 1e4], 60)},
        index=idx,
    )
    pipe = lstm_pipeline(look_back=12, epochs=2)
    f = LSTMForecaster(pipe, pooling="global", random_state=0).fit(
        panel, fh=range(1, 13)
    )
    forecast = f.predict()
    assert forecast.index.equals(
        pd.MultiIndex.from_product(
            [["a", "b", "c"], pd.period_range("2005-01", periods=12, freq="M")],
            names=["series", "time"],
        )
    )
    g = LSTMForecaster(pipe, pooling="global", random_state=0)
    g.pretrain(panel, fh=range(1, 13))
    new = g.fit(panel.loc["b"], fh=range(1, 13)).predict()
    assert len(new) == 12 and np.isfinite(new.to_numpy()).all()


def test_short_series_are_left_out_of_a_global_fit_with_a_warning():
    panel = pd.concat([lines(n=30, names="ab", slopes=(1, 2), levels=(0, 1)),
                       lines(n=3, names="c", slopes=(1,), levels=(9,)).set_index(
                           pd.MultiIndex.from_product(
                               [["c"], pd.period_range("2002-04", periods=3,
                                                       freq="M")],
                               names=["series", "time"]))])  # fmt: skip
    with pytest.warns(ShortSeriesWarning, match="'c'"):
        forecaster = exact().fit(panel, fh=[1])
    with pytest.raises(ValueError, match=r"1 of 3 series .* fewer than the 4") as info:
        forecaster.predict()
    assert "'c'" in str(info.value)


def test_the_short_series_refused_at_predict_are_counted_past_the_tenth():
    names = [f"s{i:02d}" for i in range(15)]
    long = lines(n=30, slopes=(1.0,) * 3, levels=(0.0,) * 3, names=names[:3])
    short = lines(n=3, slopes=(1.0,) * 12, levels=(0.0,) * 12, names=names[3:])
    with pytest.warns(ShortSeriesWarning):
        forecaster = exact().fit(pd.concat([long, short]), fh=[1])
    with pytest.raises(ValueError, match="12 of 15 series") as info:
        forecaster.predict()
    assert "'s12' and 2 more" in str(info.value)
    assert "left out of training" not in str(info.value)  # not said of every path


def test_a_series_shorter_than_the_horizon_is_left_out_even_with_covariates():
    # With X, each step's future covariate values are input columns (leads up
    # to the horizon); a series no longer than the horizon has none of its own
    # to lead with. It must be left out as a short series, not reported as NaN
    # in an X that holds none.
    panel = lines(n=30, names="ab", slopes=(1, 2), levels=(0, 1))
    short = lines(n=4, names="c", slopes=(1,), levels=(9,))
    panel = pd.concat([panel, short])
    x = pd.DataFrame({"x": np.ones(len(panel))}, index=panel.index)
    with pytest.warns(ShortSeriesWarning, match="'c'"):
        forecaster = exact("multioutput").fit(panel, X=x, fh=range(1, 7))
    assert forecaster.is_fitted


def test_covariates_given_to_fit_past_the_end_of_each_series_are_replaced():
    panel = lines(n=50)
    x = pd.DataFrame({"x": np.arange(len(panel), dtype=float)}, index=panel.index)
    train = panel.groupby(level=0).head(44)
    trimmed = exact().fit(train, X=x.loc[train.index], fh=[1, 2])
    other_future = x.copy()
    other_future[~x.index.isin(train.index)] = -100.0  # not predict's values
    longer = exact().fit(train, X=other_future, fh=[1, 2])
    future = x.groupby(level=0).tail(6)
    pd.testing.assert_frame_equal(longer.predict(X=future), trimmed.predict(X=future))


def test_a_series_shorter_than_the_calibration_cut_gives_no_residual():
    """One series of a single row: the others calibrate, and are forecast."""
    panel = pd.concat([lines(n=40, names="ab", slopes=(1, 2), levels=(0, 5)),
                       lines(n=1, names="c", slopes=(1,), levels=(9,))])  # fmt: skip
    pipe = linear_pipeline()
    with pytest.warns(ShortSeriesWarning, match="'c'"):
        forecaster = LSTMForecaster(pipe, calibration_size=3).fit(panel, fh=[1, 2, 3])
    assert {step: len(r) for step, r in forecaster.residuals_.items()} == {
        1: 2,
        2: 2,
        3: 2,
    }
    with pytest.raises(ValueError, match=r"1 of 3 series of the panel have fewer"):
        forecaster.predict()


def test_series_too_short_to_calibrate_are_fitted_without_intervals():
    """No series can train a copy before the calibration cut: no residuals."""
    panel = lines(n=8, names="ab", slopes=(1, 2), levels=(0, 5))
    forecaster = LSTMForecaster(linear_pipeline(), calibration_size=3)
    forecaster.fit(panel, fh=range(1, 7))
    assert forecaster.residuals_ is None
    np.testing.assert_allclose(forecaster.predict()["y"].loc["a"], np.arange(8, 14))
    with pytest.raises(ValueError, match="no calibration residuals"):
        forecaster.predict_interval()


def test_two_new_month_ends_per_series_update_a_panel_ending_in_different_months():
    """30 days apart in one series, 31 in another: one month in each."""
    ends = pd.date_range("2000-01-31", periods=40, freq="ME")
    index = pd.MultiIndex.from_tuples(
        [("a", t) for t in ends[:30]] + [("b", t) for t in ends[3:28]]
    )  # a ends in June 2002, b in April 2002
    panel = pd.DataFrame({"y": np.r_[np.arange(30.0), 2 * np.arange(25.0)]}, index)
    forecaster = exact().fit(panel, fh=[1, 2])
    new_index = pd.MultiIndex.from_tuples(
        [("a", ends[30]), ("a", ends[31]), ("b", ends[28]), ("b", ends[29])]
    )
    forecaster.update(
        pd.DataFrame({"y": [30.0, 31.0, 50.0, 52.0]}, new_index), update_params=False
    )
    forecast = forecaster.predict()
    assert forecast.index.tolist() == [
        ("a", ends[32]),
        ("a", ends[33]),
        ("b", ends[30]),
        ("b", ends[31]),
    ]
    np.testing.assert_allclose(forecast["y"], [32, 33, 54, 56])


def test_only_series_left_out_of_the_forecasters_training_are_warned_about():
    """b is long enough to train on, not to train the calibration copy."""
    panel = pd.concat([lines(n=40, names="a", slopes=(1,), levels=(0,)),
                       lines(n=6, names="b", slopes=(2,), levels=(5,))])  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error", ShortSeriesWarning)
        forecaster = LSTMForecaster(linear_pipeline(), calibration_size=3)
        with pytest.warns(CalibrationWarning, match=r"Series \['b'\] are too short"):
            forecaster.fit(panel, fh=[1, 2, 3])
    assert {step: len(r) for step, r in forecaster.residuals_.items()} == {
        1: 1,
        2: 1,
        3: 1,
    }  # a's only


def test_short_series_calibrate_an_early_stopping_network_together():
    """One window each before the cut: pooled, they are enough to train a copy."""
    index = pd.MultiIndex.from_product(
        [list("abcd"), pd.period_range("2000-01", periods=7, freq="M")]
    )
    panel = pd.DataFrame({"y": np.arange(28.0) + np.sin(np.arange(28.0))}, index)
    pipe = make_forecast_pipeline(
        Differencer(), LagTransformer(3),
        tiny_regressor(early_stopping=True, validation_fraction=0.5),
    )  # fmt: skip
    forecaster = LSTMForecaster(pipe, calibration_size=2).fit(panel, fh=[1, 2])
    assert {step: len(r) for step, r in forecaster.residuals_.items()} == {1: 4, 2: 4}


def test_another_regressors_early_stopping_parameters_are_not_read_as_skltsms():
    """Gradient boosting's validation_fraction may be a count, or None."""
    panel = lines(n=30, names="ab", slopes=(1, 2), levels=(0, 5))
    for fraction in (None, 5):
        booster = HistGradientBoostingRegressor(
            max_iter=5, early_stopping=True, validation_fraction=fraction
        )
        pipe = make_forecast_pipeline(Differencer(), LagTransformer(3), booster)
        forecaster = LSTMForecaster(pipe, calibration_size=2).fit(panel, fh=[1, 2])
        assert forecaster.residuals_ is not None


@pytest.mark.parametrize(
    "lengths, strategy, fraction",
    [((7,), "recursive", 0.5), ((7, 3), "recursive", 0.5),
     ((8,), "direct", 0.5), ((8,), "multioutput", 0.5),
     ((8, 8), "recursive", 0.8)],
)  # fmt: skip
def test_too_few_windows_to_stop_early_before_the_cut_give_no_residuals(
    lengths, strategy, fraction
):
    """The copy could not hold out a validation tail: fitted without intervals."""
    index = pd.MultiIndex.from_tuples(
        [(name, t) for name, n in zip("ab", lengths, strict=False) for t in range(n)]
    )
    panel = pd.DataFrame({"y": np.arange(len(index)) + np.sin(np.arange(len(index)))})
    panel.index = index
    pipe = make_forecast_pipeline(
        Differencer(), LagTransformer(3),
        tiny_regressor(early_stopping=True, validation_fraction=fraction),
    )  # fmt: skip
    forecaster = LSTMForecaster(pipe, strategy=strategy, calibration_size=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortSeriesWarning)
        forecaster.fit(panel, fh=[1, 2])
    assert forecaster.residuals_ is None


def test_a_daily_tz_aware_panel_is_forecast_across_a_daylight_saving_change():
    """Labels 24 hours apart after the change, as sktime labels them."""
    days = pd.date_range("2020-03-01", periods=27, freq="D", tz="Europe/Paris")
    index = pd.MultiIndex.from_product([["a", "b"], days], names=["series", "time"])
    panel = pd.DataFrame(
        {"y": np.r_[np.arange(27.0), 3 * np.arange(27.0)]}, index=index
    )
    forecast = exact().fit(panel, fh=[1, 2, 3]).predict()
    labels = forecast.loc["a"].index
    assert labels.equals(
        pd.DatetimeIndex([days[-1] + pd.offsets.Day(k) for k in (1, 2, 3)])
    )
    np.testing.assert_allclose(forecast["y"].loc["a"], [27, 28, 29])


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_series_that_end_at_different_times_are_forecast_from_their_own_ends(
    strategy,
):
    panel = lines(n=44)
    ragged = panel.drop([("a", t) for t in panel.loc["a"].index[-6:]])
    ragged = ragged.groupby(level=0).head(38)  # a ends 6 months before b and c
    relative = exact(strategy).fit(ragged, fh=[1, 2]).predict()
    ends = ragged.groupby(level=0).tail(1).index.get_level_values(1)
    expected = [
        (s, end + k) for s, end in zip("abc", ends, strict=True) for k in (1, 2)
    ]
    assert list(relative.index) == expected
    np.testing.assert_allclose(relative["y"], panel.loc[expected, "y"], rtol=1e-9)
    if strategy == "recursive":  # absolute: the same months for every series
        months = pd.PeriodIndex(["2003-03", "2003-04"], freq="M")
        absolute = (
            exact(strategy)
            .fit(ragged)
            .predict(fh=ForecastingHorizon(months, is_relative=False))
        )
        expected = [(s, m) for s in "abc" for m in months]
        assert list(absolute.index) == expected
        np.testing.assert_allclose(absolute["y"], panel.loc[expected, "y"], rtol=1e-9)


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_in_sample_forecasts_of_a_panel_are_each_series_own(strategy):
    panel = lines()
    forecast = exact(strategy).fit(panel, fh=[-3, -1, 0, 1, 2]).predict()
    for key in "abc":
        series = panel.loc[key]["y"]
        # the line continues, so one-step forecasts of observed times are exact
        expected = np.r_[
            series.iloc[[-4, -2, -1]], 2 * series.iloc[-1] - series.iloc[-2]
        ]
        np.testing.assert_allclose(forecast.loc[key]["y"].iloc[:4], expected)
        assert forecast.loc[key].index[0] == series.index[-4]


def test_in_sample_forecasts_of_a_panel_come_from_one_batch_of_calls():
    pipe = make_forecast_pipeline(
        Differencer(), LagTransformer(look_back=3), CountingRegression()
    )
    forecaster = LSTMForecaster(pipe, calibration_size=0).fit(lines(), fh=[1])
    CountingRegression.calls = 0
    forecaster.predict(fh=[-2, -1, 0])
    assert CountingRegression.calls == 1  # all series, all rows


def test_in_sample_steps_before_a_series_first_window_are_nan():
    panel = lines(n=12)
    forecaster = exact().fit(panel, fh=[1])
    with pytest.warns(InsufficientHistoryWarning, match="3 of the 6 in-sample"):
        forecast = forecaster.predict(fh=[-11, -1])
    assert forecast["y"].isna().to_numpy().tolist() == [True, False] * 3


def test_intervals_of_a_panel_calibrate_across_series():
    rng = np.random.default_rng(0)
    panel = lines(n=40, slopes=(1.0,) * 30, levels=tuple(range(0, 3000, 100)),
                  names=[f"s{i:02d}" for i in range(30)])  # fmt: skip
    panel["y"] += rng.normal(0, 1, len(panel))
    forecaster = LSTMForecaster(linear_pipeline(), scale_window=None).fit(
        panel, fh=[1, 2]
    )
    assert {h: len(r) for h, r in forecaster.residuals_.items()} == {1: 30, 2: 30}
    intervals = forecaster.predict_interval(coverage=0.8)
    point = forecaster.predict()
    lower, upper = intervals.iloc[:, 0], intervals.iloc[:, 1]
    assert intervals.index.equals(point.index)
    assert (lower < point["y"]).all() and (point["y"] < upper).all()
    # the same width for every series: residuals are pooled across series
    width = (upper - lower).round(6).groupby(level=1).nunique()
    assert (width == 1).all()


def test_a_panel_scales_each_series_by_its_seasonal_naive_error():
    rng = np.random.default_rng(0)
    panel = lines(n=40, slopes=(1.0,) * 30, levels=tuple(range(0, 3000, 100)),
                  names=[f"s{i:02d}" for i in range(30)])  # fmt: skip
    noise = np.repeat(np.arange(1.0, 31.0), 40)  # series k: noise of scale k
    panel["y"] += rng.normal(0, 1, len(panel)) * noise
    forecaster = LSTMForecaster(linear_pipeline(), sp=4).fit(panel, fh=[1])
    scales = series_scales(panel, 0, 4)[:, 0]  # mean |y[t] - y[t - 4]|, every t
    one = panel.loc["s00", "y"].to_numpy()
    assert scales[0] == pytest.approx(np.abs(one[4:] - one[:-4]).mean())
    intervals = forecaster.predict_interval(coverage=0.8)
    width = (intervals.iloc[:, 1] - intervals.iloc[:, 0]).to_numpy()
    np.testing.assert_allclose(width / width[0], scales / scales[0])
    assert scales[-1] > 10 * scales[0]  # the noisy series get the wide intervals


# -- series identity ---------------------------------------------------------
def opposite_walks(n=30):
    """Two series over the same values, one climbing by 1, one falling by 1.

    Their windows look alike (any value, then its change), so only the
    series' identity says which way the next step goes.
    """
    return lines(n, slopes=(1.0, -1.0), levels=(0.0, float(n)), names="ud")


def identity_forecaster(series_identity):
    # no differencing, one lag: the next value is the last one plus an offset
    # that only the identity can give
    pipe = make_forecast_pipeline(LagTransformer(look_back=1), LinearRegression())
    return LSTMForecaster(pipe, calibration_size=0, series_identity=series_identity)


def test_the_identity_tells_apart_series_whose_windows_look_alike():
    panel = opposite_walks()
    fh = [1, 2, 3]
    expected = np.r_[30.0, 31.0, 32.0, 0.0, -1.0, -2.0]
    blind = identity_forecaster(False).fit(panel, fh=fh).predict()
    seeing = identity_forecaster(True).fit(panel, fh=fh)
    np.testing.assert_allclose(seeing.predict()["y"].to_numpy(), expected, atol=1e-6)
    assert np.abs(blind["y"].to_numpy() - expected).max() > 1.0
    columns = seeing.strategy_.pipeline_.contract_.columns
    assert columns == ("y", "series=u", "series=d")


def test_a_series_unseen_in_pretraining_gets_no_identity():
    panel = opposite_walks()
    f = identity_forecaster(True).pretrain(panel, fh=[1])
    new = panel.loc["u"]["y"] + 100.0  # climbing, but unknown: the mean offset 0
    forecast = f.fit(new, fh=[1]).predict()
    assert forecast.iloc[0] == pytest.approx(new.iloc[-1], abs=1e-6)
    assert f.pretrained_strategy_.identities_.tolist() == ["u", "d"]


def test_a_forecast_checks_no_row_of_its_panel_again(monkeypatch):
    """The memory was validated in fit; the future rows extend it by whole steps."""
    from skltsm._series import _panel as panel_module

    forecaster = exact().fit(lines(n=30), fh=[1, 2, 3])
    checks = []
    check = panel_module._check_series_in_time
    monkeypatch.setattr(
        panel_module,
        "_check_series_in_time",
        lambda *args: checks.append(args[1]) or check(*args),
    )
    forecaster.predict()
    assert checks == []


@pytest.mark.parametrize("pooling", ["global", "local"])
def test_five_weekdays_of_a_business_day_level_are_forecast_on_business_days(
    pooling,
):
    """Monday to Friday fit D too: the level's own B decides, as for one series."""
    weekdays = pd.bdate_range("2020-03-02", periods=5)
    index = pd.MultiIndex.from_product([["a", "b"], weekdays])
    panel = pd.DataFrame({"y": np.r_[np.arange(5.0), 2 * np.arange(5.0)]}, index)
    forecast = exact(pooling=pooling).fit(panel, fh=[1, 2]).predict()
    monday, tuesday = pd.Timestamp("2020-03-09"), pd.Timestamp("2020-03-10")
    assert forecast.loc["a"].index.tolist() == [monday, tuesday]


# -- local pooling: series matched by key in sktime's loop --------------------
def driven_panel(n=50):
    """Lines whose change at t is the covariate of their own series at t."""
    panel = lines(n=n)
    rng = np.random.default_rng(0)
    x = pd.DataFrame({"x": rng.normal(size=len(panel))}, index=panel.index)
    y = (panel["y"] + x["x"].groupby(level=0).cumsum()).rename("y").to_frame()
    return y, x


def test_an_update_without_x_names_its_series_and_times_readably():
    y, x = driven_panel()
    forecaster = exact().fit(
        hierarchy(y.groupby(level=0).head(44)),
        X=hierarchy(x.groupby(level=0).head(44)),
        fh=[1],
    )
    new = hierarchy(y.groupby(level=0).nth([44, 45]))
    with pytest.raises(ValueError, match="update needs X") as caught:
        forecaster.update(new, update_params=False)
    assert str(caught.value).endswith(
        "(from 2003-09 to 2003-10, of the series ('x', 'a'), ('y', 'b'), ('y', 'c'))."
    )


def local_driven_fit() -> tuple[LSTMForecaster, pd.DataFrame, pd.DataFrame]:
    """A local fit on the first 44 rows of each series; y and X of all 50."""
    y, x = driven_panel()
    forecaster = LSTMForecaster(
        linear_pipeline(look_back=2), pooling="local", calibration_size=0
    )
    forecaster.fit(y.groupby(level=0).head(44), X=x.groupby(level=0).head(44), fh=[1])
    return forecaster, y, x


@pytest.mark.parametrize("pooling", ["global", "local"])
def test_covariates_lacking_a_series_at_fit_are_refused_by_either_pooling(pooling):
    """sktime's loop pairs series by position: b's X would have trained a."""
    y, x = driven_panel()
    forecaster = exact(pooling=pooling)
    with pytest.raises(ValueError, match=r"has no rows for the series \['a'\] of y"):
        forecaster.fit(y, X=x.drop("a", level=0), fh=[1])


def test_covariates_lacking_the_last_row_of_a_series_are_refused_at_fit():
    """A global fit would carry c's previous covariate into its last row."""
    y, x = driven_panel()
    last_of_c = [("c", x.loc["c"].index[-1])]
    with pytest.raises(ValueError, match=r"X passed to fit has no rows at \[\('c'"):
        exact().fit(y, X=x.drop(index=last_of_c), fh=[1])
    with pytest.raises(ValueError, match=r"X passed to pretrain has no rows at"):
        exact().pretrain(y, X=x.drop(index=last_of_c), fh=[1])


REFUSED_UPDATES = {  # X of the new rows, changed so that the update is refused
    "no X": lambda new_x: None,
    "X lacking c": lambda new_x: new_x.drop("c", level=0),
    "X renamed": lambda new_x: new_x.rename(columns={"x": "w"}),
}


@pytest.mark.parametrize("given", list(REFUSED_UPDATES))
def test_a_refused_update_loses_nothing(given):
    """sktime moves the cutoff before the data is read: it must move back."""
    y, x = driven_panel()
    forecaster = exact().fit(
        y.groupby(level=0).head(44), X=x.groupby(level=0).head(44), fh=[1]
    )
    before, cutoff = forecaster.predict(X=x.groupby(level=0).nth(44)), forecaster.cutoff
    new = y.groupby(level=0).nth([44, 45])
    new_x = REFUSED_UPDATES[given](x.loc[new.index])
    with pytest.raises(ValueError, match="update needs X|has no rows|columns"):
        forecaster.update(new, X=new_x, update_params=False)
    # the cutoff, the data and the forecasts are those of before the update
    pd.testing.assert_frame_equal(
        forecaster.predict(X=x.groupby(level=0).nth(44)), before
    )
    assert len(forecaster.y_memory_) == len(forecaster.X_memory_) == 3 * 44
    assert forecaster.cutoff.equals(cutoff)


def test_future_covariates_of_a_global_fit_must_have_its_columns():
    forecaster = exact().fit(*driven_panel(44), fh=[1])
    future = driven_panel()[1].groupby(level=0).nth(44).rename(columns={"x": "w"})
    with pytest.raises(ValueError, match=r"lacks the columns \['x'\] seen in fit"):
        forecaster.predict(X=future)


def test_pretraining_a_forecaster_fitted_but_never_pretrained_is_refused():
    forecaster = exact().fit(lines(), fh=[1])
    with pytest.raises(ValueError, match="fitted but never pretrained.*reset"):
        forecaster.pretrain(lines(), fh=[1])
    forecaster.reset().pretrain(lines(), fh=[1])
    assert forecaster.state == "pretrained"


@pytest.mark.parametrize("unknown", [None, "z"])
def test_future_covariates_of_a_local_fit_must_name_every_series(unknown):
    forecaster, _, x = local_driven_fit()
    future = x.groupby(level=0).nth(44).drop("c", level=0)
    if unknown:  # another series in c's place is no stand-in for it
        future = pd.concat([future, x.groupby(level=0).nth(44).loc[["c"]]])
        future = future.rename(index={"c": unknown}, level=0)
    with pytest.raises(
        ValueError,
        match=r"X passed to predict has no rows for the fitted series \['c'\]; pass",
    ):
        forecaster.predict(X=future)


def test_future_covariates_of_a_local_fit_are_read_by_series_key():
    forecaster, y, x = local_driven_fit()
    future = x.groupby(level=0).nth(44)
    shuffled = pd.concat([future.loc[["c"]], future.loc[["a"]], future.loc[["b"]]])
    prediction = forecaster.predict(X=shuffled)
    expected = y.groupby(level=0).nth(44)
    np.testing.assert_allclose(prediction["y"], expected["y"], rtol=1e-9)


def test_a_refused_local_update_leaves_every_series_as_it_was():
    """a and b would be updated before c's refusal (sktime's loop, in order)."""
    forecaster = exact(pooling="local").fit(lines(n=40), fh=[1])
    before = forecaster.predict()
    new = lines(n=42).groupby(level=0).tail(2)
    new = new.drop(new.loc["c"].index[:1].map(lambda t: ("c", t)))
    # c's one new row leaves a month out: the last series fails, after a and
    # b updated (a NaN or inf is refused before the loop, for every series)
    with pytest.raises(ValueError, match="Series 'c'.*without a gap"):
        forecaster.update(new, update_params=False)
    pd.testing.assert_frame_equal(forecaster.predict(), before)
    assert forecaster.cutoff[0] == before.index[0][1] - 1


def test_a_local_update_with_a_series_never_fitted_is_refused():
    forecaster = exact(pooling="local").fit(lines(), fh=[1])
    new = lines(n=41).groupby(level=0).tail(1).rename(index={"c": "z"}, level=0)
    with pytest.raises(ValueError, match=r"series \['z'\], which .* not fitted on"):
        forecaster.update(new, update_params=False)


@pytest.mark.parametrize("update_params", [False, True])
def test_a_local_update_of_some_series_moves_those_series_only(update_params):
    forecaster = exact(pooling="local").fit(lines(), fh=[1])
    longer = lines(n=42)
    new = longer.loc[["c", "b"]].groupby(level=0).tail(2)
    forecaster.update(new, update_params=update_params)
    prediction = forecaster.predict()
    ends = {"a": 40, "b": 42, "c": 42}  # each series forecast from its own end
    expected = pd.concat(
        {s: lines(n=43).loc[s].iloc[[ends[s]]] for s in "abc"}, names=["series"]
    )
    assert prediction.index.equals(expected.index)
    np.testing.assert_allclose(prediction["y"], expected["y"], rtol=1e-9)


def test_categorical_series_keys_with_an_unused_category_are_pooled_locally():
    panel = lines().reset_index()
    panel["series"] = pd.Categorical(panel["series"], ["a", "b", "c", "unused"])
    panel = panel.set_index(["series", "time"])
    local = exact(pooling="local").fit(panel, fh=[1]).predict()
    expected = lines(n=41).groupby(level=0).tail(1)
    assert local.index.get_level_values(0).tolist() == ["a", "b", "c"]
    np.testing.assert_allclose(local["y"], expected["y"], rtol=1e-9)


@pytest.mark.parametrize("pooling", ["global", "local"])
def test_an_update_of_past_rows_keeps_the_cutoff_of_a_panel(pooling):
    """Rows that revise the past leave every series' end, and the cutoff, as is."""
    forecaster = exact(pooling=pooling).fit(lines(), fh=[1, 2])
    forecaster.update(lines().groupby(level=0).nth([30, 31]), update_params=False)
    assert forecaster.cutoff[0] == lines().index[-1][1]
    prediction = forecaster.predict()
    expected = lines(n=42).groupby(level=0).tail(2)
    assert prediction.index.equals(expected.index)
    np.testing.assert_allclose(prediction["y"], expected["y"], rtol=1e-9)


def test_an_absolute_fh_of_timestamps_on_a_period_panel_is_refused():
    """Counted as numbers, the steps would be billions: refused before counting."""
    forecaster = exact().fit(lines())
    month_end = ForecastingHorizon(pd.DatetimeIndex(["2003-05-31"]), is_relative=False)
    with pytest.raises(TypeError, match=r"kind datetime, but y is indexed by period"):
        forecaster.predict(fh=month_end)


@pytest.mark.parametrize("pooling", ["global", "local"])
def test_an_update_indexed_otherwise_than_the_panel_fitted_is_refused(pooling):
    hierarchy = pd.concat({"r1": lines()}, names=["region"])
    forecaster = exact(pooling=pooling).fit(hierarchy, fh=[1])
    new = lines(n=41).groupby(level=0).tail(1)
    with pytest.raises(ValueError, match=r"fitted on a panel indexed by \(2 levels"):
        forecaster.update(new, update_params=False)
    with pytest.raises(ValueError, match=r"update is one series .* fitted on a panel"):
        forecaster.update(new.loc["a"], update_params=False)


@pytest.mark.parametrize("pooling", ["global", "local"])
def test_an_update_of_a_daily_panel_with_hours_names_both_frequencies(pooling):
    days = pd.date_range("2000-01-01", periods=40, freq="D")
    panel = lines().set_axis(pd.MultiIndex.from_product([list("abc"), days]))
    forecaster = exact(pooling=pooling).fit(panel, fh=[1])
    hours = pd.date_range("2000-02-10", periods=3, freq="h")
    new = lines(n=3).set_axis(pd.MultiIndex.from_product([list("abc"), hours]))
    with pytest.raises(TypeError, match=r"datetime\[h\], .* datetime\[D\]: another"):
        forecaster.update(new, update_params=False)


def test_local_update_predict_single_matches_the_updated_series_by_key():
    """sktime's loop pairs an update with the fitted forecasters by position."""
    panel = lines(n=40, names="cab")
    forecaster = exact(pooling="local").fit(panel.groupby(level=0).head(30), fh=[1])
    new = panel.groupby(level=0).tail(10).groupby(level=0).head(3).sort_index()
    forecast = forecaster.update_predict_single(new, fh=[1])  # a, b, c: not c, a, b
    expected = panel.groupby(level=0).nth(33)["y"]
    np.testing.assert_allclose(forecast["y"], expected.loc[forecast.index], rtol=1e-9)


@pytest.mark.parametrize("pooling", ["global", "local"])
def test_a_panel_of_business_days_read_without_a_frequency_is_updated(pooling):
    """sktime's loop sets "D" on three weekdays of each series: B was fitted."""
    days = pd.DatetimeIndex(list(pd.bdate_range("2000-01-03", periods=40)))
    index = pd.MultiIndex.from_product([["a", "b"], days], names=["series", "time"])
    panel = pd.DataFrame({"y": np.tile(np.arange(40.0) + 5.0, 2)}, index=index)
    forecaster = exact(pooling=pooling).fit(panel.groupby(level=0).head(35), fh=[1])
    forecaster.update(panel.groupby(level=0).nth([35, 36, 37]), update_params=False)
    prediction = forecaster.predict()
    np.testing.assert_allclose(prediction["y"], [43.0, 43.0])
    assert (prediction.index.get_level_values(1) == pd.Timestamp("2000-02-24")).all()


class KeyErrorOnFit(LinearRegression):
    """A regression whose fit fails with a KeyError, whose argument is a key."""

    def fit(self, X, y, sample_weight=None):
        raise KeyError("a_column")


def test_an_error_whose_argument_is_not_its_message_names_the_series_in_a_note():
    pipe = make_forecast_pipeline(Differencer(), LagTransformer(3), KeyErrorOnFit())
    forecaster = LSTMForecaster(pipe, pooling="local", calibration_size=0)
    with pytest.raises(KeyError) as raised:
        forecaster.fit(lines(), fh=[1])
    assert raised.value.args == ("a_column",)  # the key itself, unchanged
    assert raised.value.__notes__ == ["(in series 'a')"]


def test_an_error_in_one_series_of_a_local_fit_names_the_series():
    """One pipeline per series: the message of one series says which it is."""
    ragged = pd.concat([lines(names="ab", slopes=(1, 2), levels=(0, 1)),
                        lines(n=3, names="c", slopes=(1,), levels=(9,))])  # fmt: skip
    with pytest.raises(ValueError, match=r"^Series 'c': y has 3 observations"):
        exact(pooling="local").fit(ragged, fh=[1])
    infinite = lines()
    infinite.loc[("b", infinite.index[45][1]), "y"] = np.inf
    # skltsm's check, before sktime's loop, names the series in the row
    with pytest.raises(ValueError, match=r"^Input y contains infinity at \('b'"):
        exact(pooling="local").fit(infinite, fh=[1])
    forecaster = exact(pooling="local").fit(lines(), fh=[1])
    new = lines(n=41).groupby(level=0).tail(1)
    new.loc["c", "y"] = np.inf
    with pytest.raises(ValueError, match=r"^Input y contains infinity at \('c'"):
        forecaster.update(new, update_params=False)


@pytest.mark.parametrize(
    "strategy, network", [("refit", True), ("update", True), ("update", False)]
)
def test_global_evaluation_that_pretrains_a_carried_network_says_so(strategy, network):
    """sktime's evaluate(cv_global, strategy="update") clones the last fold's
    pretrained forecaster at each new fold: its network saw the new fold's
    test series. "refit" pretrains every fold anew, and a pipeline that cannot
    continue from its weights (no warm_start) is trained anew by either.
    A linear regression that trains on from its coefficients (warm_start)
    stands in for the network: what counts is warm_start and epochs."""
    from sklearn.model_selection import KFold
    from sktime.forecasting.model_evaluation import evaluate
    from sktime.split import ExpandingWindowSplitter

    index = pd.MultiIndex.from_product(
        [
            ["r1", "r2"],
            ["s1", "s2"],
            pd.period_range("2020-01-01", periods=40, freq="D"),
        ]
    )
    y = pd.DataFrame(
        {
            "y": np.repeat([100.0, 200.0, 300.0, 400.0], 40)
            + np.tile(np.arange(40.0), 4)
        },
        index=index,
    )
    pipeline = warm_linear_pipeline(3) if network else linear_pipeline(3)
    forecaster = LSTMForecaster(pipeline, calibration_size=0)
    cv = ExpandingWindowSplitter(fh=[1, 2], initial_window=30, step_length=5)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scores = evaluate(
            forecaster, cv, y, cv_global=KFold(2), strategy=strategy,
            error_score="raise",
        )  # fmt: skip
    assert scores.iloc[:, 0].notna().all()
    carried = [w for w in caught if issubclass(w.category, LookAheadWarning)]
    if strategy == "refit" or not network:
        assert carried == []
    else:
        assert len(carried) == 1
        assert "series ('r2', 's1'), ('r2', 's2') that this panel lacks" in str(
            carried[0].message
        )


# -- local pooling: each series at its own frequency ---------------------------
def lines_at(frequencies: dict, n=30) -> pd.DataFrame:
    """Straight lines, each series on dates of its own frequency (and anchor)."""
    rows, values = [], []
    for k, (key, (start, freq)) in enumerate(frequencies.items()):
        times = pd.date_range(start, periods=n, freq=freq)
        rows += [(key, t) for t in times]
        values += list(5.0 + 100 * k + (2.0 - 5 * k) * np.arange(n))
    index = pd.MultiIndex.from_tuples(rows, names=["series", "time"])
    return pd.DataFrame({"y": values}, index=index)


WEEKDAYS = {"a": ("2000-01-02", "W-SUN"), "b": ("2000-01-05", "W-WED")}
ANCHORS = {"a": ("2000-01-01", "MS"), "b": ("2000-01-31", "ME")}


@pytest.mark.parametrize("frequencies", [WEEKDAYS, ANCHORS], ids=["weekly", "monthly"])
def test_local_pooling_forecasts_each_series_at_its_own_frequency(frequencies):
    """A model per series: weekly series on other weekdays, months at their start
    and at their end, each fitted and labelled on its own grid (sktime's loop
    gave every series the horizon whose frequency the first series had set)."""
    panel = lines_at(frequencies, n=30)
    train = panel.groupby(level=0).head(26)
    forecast = exact(pooling="local").fit(train, fh=[1, 2]).predict()
    expected = panel.groupby(level=0).nth([26, 27])
    assert forecast.index.equals(expected.index)
    np.testing.assert_allclose(forecast["y"], expected["y"], rtol=1e-9)


def test_local_intervals_and_updates_keep_each_series_frequency():
    panel = lines_at(WEEKDAYS, n=30)
    panel["y"] += np.random.default_rng(0).normal(size=len(panel))  # not constant
    # a linear regression: the indexes are the forecaster's, not the network's
    forecaster = LSTMForecaster(linear_pipeline(), pooling="local")
    forecaster.fit(panel.groupby(level=0).head(24), fh=[1, 2])
    expected = panel.groupby(level=0).nth([24, 25]).index
    assert forecaster.predict_interval(coverage=0.8).index.equals(expected)
    assert forecaster.predict_quantiles(alpha=[0.1, 0.9]).index.equals(expected)
    forecaster.update(panel.groupby(level=0).nth([24, 25]), update_params=False)
    after = forecaster.predict()
    assert after.index.equals(panel.groupby(level=0).nth([26, 27]).index)
    # an update of one series moves that series only, on its own grid
    forecaster.update(panel.loc[["b"]].iloc[26:27], update_params=False)
    moved = forecaster.predict_interval(coverage=0.8).index
    a_as_it_was = panel.loc[["a"]].iloc[26:28].index
    assert moved.equals(a_as_it_was.append(panel.loc[["b"]].iloc[27:29].index))


def test_local_pooling_refuses_a_series_irregular_on_its_own_before_any_fit():
    panel = lines_at(WEEKDAYS, n=30)
    gapped = panel.drop(index=panel.loc[["b"]].index[5])
    pipe = make_forecast_pipeline(Differencer(), LagTransformer(3), CountingFits())
    forecaster = LSTMForecaster(pipe, pooling="local", calibration_size=0)
    CountingFits.fits = 0
    with pytest.raises(ValueError, match=r"^Series 'b': The time index of y is irr"):
        forecaster.fit(gapped, fh=[1])
    assert CountingFits.fits == 0  # not even series 'a', before 'b' in the loop


def test_global_pooling_still_refuses_series_at_other_anchors():
    """One network steps every series alike: the panel needs one grid."""
    with pytest.raises(ValueError, match=r"regular on its own, stepping by ME"):
        exact(pooling="global").fit(lines_at(ANCHORS), fh=[1])


def test_predict_proba_of_columns_looped_over_does_not_blame_local_pooling():
    # the default (univariate) on two columns: sktime loops over the columns;
    # 30 months are too short for the network, so Theta forecasts: fast
    index = pd.period_range("2000-01", periods=30, freq="M")
    steps = np.arange(30)
    y = pd.DataFrame({"a": 10 + np.sin(steps / 2), "b": 5 + np.cos(steps / 3)}, index)
    forecaster = LSTMForecaster(random_state=0).fit(y, fh=[1])
    assert forecaster._is_vectorized  # the loop over columns this test is about
    with pytest.raises(NotImplementedError) as error:
        forecaster.predict_proba()
    assert "pooling='local'" not in str(error.value)
