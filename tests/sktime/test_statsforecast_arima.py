"""StatsForecastARIMA: statsforecast's fixed-order ARIMA behind sktime's interface."""

import numpy as np
import pandas as pd
import pytest
from sklearn.utils._param_validation import InvalidParameterError

pytest.importorskip("sktime")
pytest.importorskip("statsforecast")

from sktime.datasets import load_airline
from sktime.forecasting.base import ForecastingHorizon
from sktime.forecasting.compose import TransformedTargetForecaster
from sktime.split import ExpandingWindowSplitter, SlidingWindowSplitter
from sktime.transformations.series.boxcox import LogTransformer
from sktime.utils.estimator_checks import parametrize_with_checks
from statsforecast.models import ARIMA

from skltsm.sktime import StatsForecastARIMA
from skltsm.sktime._arima_inputs import minimum_length
from tests.sktime.conftest import (
    run_sktime_check,
    time_index_cases,
    update_index_cases,
)

AIRLINE_ORDERS = {"order": (0, 1, 1), "seasonal_order": (0, 1, 1), "season_length": 12}


#: sktime's checks of the time index: dozens of fits each, on index types x fh
INDEX_CHECKS = [
    "test_predict_time_index",
    "test_predict_time_index_with_X",
    "test_update_predict_predicted_index",
]

#: check -> the cases the seasonal instance runs (the reason: the functions'
#: docstrings in tests/sktime/conftest.py)
SOME_CASES = {
    "test_predict_time_index": time_index_cases("StatsForecastARIMA"),
    "test_update_predict_predicted_index": update_index_cases("StatsForecastARIMA"),
}


#: sktime's test instances: the white-noise mean, then the seasonal model
ARIMA_INSTANCES = [
    StatsForecastARIMA(**params) for params in StatsForecastARIMA.get_test_params()
]


# one case per instance and check, so that pytest-xdist can spread them
@parametrize_with_checks(ARIMA_INSTANCES)
def test_sktime_conformance(obj, test_name):
    # Over sktime's whole suite both instances run the same lines of skltsm
    # (traced, line by line): the orders reach statsforecast alone.
    if test_name in INDEX_CHECKS and obj.season_length == 1:
        pytest.skip(
            "over half of the white-noise mean's time; the same lines run on the "
            "seasonal instance, which needs the longer history"
        )
    run_sktime_check(obj, test_name, SOME_CASES.get(test_name))


def test_forecasts_are_statsforecasts_arima_of_the_same_orders():
    log_passengers = np.log(load_airline())
    adapter = StatsForecastARIMA(**AIRLINE_ORDERS).fit(log_passengers)
    forecast = adapter.predict(fh=np.arange(1, 25))
    direct = ARIMA(**AIRLINE_ORDERS).forecast(log_passengers.to_numpy(), h=24)
    np.testing.assert_allclose(forecast.to_numpy(), direct["mean"], rtol=1e-10)
    assert forecast.index[0] == pd.Period("1961-01", freq="M")


def test_construction_and_clones_warn_nothing():
    """sktime's FutureWarning of remember_data's default does not apply here.

    sktime warns every forecaster that keeps remember_data on that its default
    turns off in 1.3, advising to turn it off; StatsForecastARIMA keeps it on
    on purpose, and each construction and clone (every fold of a search)
    repeated that advice.
    """
    import warnings

    from sklearn.base import clone

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clone(StatsForecastARIMA(order=(1, 0, 0)))
    assert StatsForecastARIMA().get_config()["remember_data"]


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


def _split_panel(months: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The panel's rows before and from its month ``months`` (from 2000-01)."""
    panel = pd.concat(_seasonal_panel(), names=["series", "time"])
    cut = pd.Period("2000-01", freq="M") + months
    before = panel.index.get_level_values("time") < cut
    return panel[before], panel[~before]


@pytest.mark.parametrize("remember_data", [True, False])
def test_panel_update_without_refit_forecasts_from_each_new_end(remember_data):
    """The models stay; the labels move to each series' new end (sktime's way)."""
    train, new = _split_panel(45)
    model = StatsForecastARIMA(**AIRLINE_ORDERS)
    model.set_config(remember_data=remember_data).fit(train)
    before = model.predict(fh=[1, 2])
    model.update(new, update_params=False)
    after = model.predict(fh=[1, 2])
    np.testing.assert_array_equal(after.to_numpy(), before.to_numpy())
    assert after.loc["small"].index[0] == pd.Period("2005-01", freq="M")
    assert after.loc["large"].index[0] == pd.Period("2004-03", freq="M")


def _new_rows_of_unequal_lengths(new: pd.DataFrame) -> pd.DataFrame:
    """Two new months of 'small' and three of 'large' (the ends move apart)."""
    return pd.concat([new.loc[["small"]].iloc[:2], new.loc[["large"]].iloc[:3]])


@pytest.mark.parametrize("panel", [True, False], ids=["panel", "series"])
def test_update_without_refit_keeps_each_fitted_value_at_its_time(panel):
    """Fitted values are not relabelled with the new end; new times have none."""
    train, new = _split_panel(45)
    new = _new_rows_of_unequal_lengths(new)
    if not panel:
        train, new = train.loc["large"], new.loc["large"]
    fitted_months = pd.period_range("2003-06", "2003-09", freq="M")
    new_months = pd.period_range("2003-10", "2003-11", freq="M")  # both series
    model = StatsForecastARIMA(**AIRLINE_ORDERS).fit(train)
    before = model.predict(fh=ForecastingHorizon(fitted_months, is_relative=False))
    model.update(new, update_params=False)
    months = ForecastingHorizon(fitted_months.append(new_months), is_relative=False)
    after, interval = model.predict(fh=months), model.predict_interval(fh=months)
    pd.testing.assert_frame_equal(after.loc[before.index], before)
    assert after.drop(before.index).isna().all(axis=None)
    assert interval.loc[before.index].notna().all(axis=None)
    assert interval.drop(before.index).isna().all(axis=None)


@pytest.mark.parametrize("fh", [[-6, -3, -2, -1, 0], [-1, 0, 1, 2]])
def test_panel_update_without_refit_equals_each_series_updated_alone(fh):
    """In-sample and ahead, points and intervals, after an update of each end."""
    train, new = _split_panel(45)
    new = _new_rows_of_unequal_lengths(new)
    model = StatsForecastARIMA(**AIRLINE_ORDERS).fit(train)
    model.update(new, update_params=False)
    forecast, interval = model.predict(fh=fh), model.predict_interval(fh=fh)
    for name in ("small", "large"):
        alone = StatsForecastARIMA(**AIRLINE_ORDERS).fit(train.loc[name])
        alone.update(new.loc[name], update_params=False)
        pd.testing.assert_frame_equal(
            forecast.loc[name], alone.predict(fh=fh), check_names=False
        )
        pd.testing.assert_frame_equal(
            interval.loc[name], alone.predict_interval(fh=fh), check_names=False
        )


# sktime 1.3 turns BaseForecaster's remember_data default off: the refit on
# the whole history must not depend on that default
@pytest.mark.parametrize("sktime_remembers", [True, False], ids=["sktime-1.2", "1.3"])
def test_panel_update_with_refit_equals_a_fit_on_the_whole_history(
    sktime_remembers, monkeypatch
):
    from sktime.forecasting.base import BaseForecaster

    default = {**BaseForecaster._config, "remember_data": sktime_remembers}
    monkeypatch.setattr(BaseForecaster, "_config", default)
    # skbase caches each class's config once an instance is made (this
    # module's ARIMA_INSTANCES): forgotten here, so the patch is read, and
    # after, so that no other test reads it
    forget = BaseForecaster._collect_class_flags_cached.cache_clear
    forget()
    try:
        train, new = _split_panel(45)
        model = StatsForecastARIMA(**AIRLINE_ORDERS).fit(train)
        assert model.get_config()["remember_data"]
        updated = model.update(new).predict(fh=[1, 2])
        whole = StatsForecastARIMA(**AIRLINE_ORDERS).fit(pd.concat([train, new]))
    finally:
        monkeypatch.undo()
        forget()
    pd.testing.assert_frame_equal(
        updated.sort_index(), whole.predict(fh=[1, 2]).sort_index()
    )


@pytest.mark.parametrize(
    "remember_data, advice",
    [(True, "update with update_params=True"), (False, "fit it again")],
)
def test_panel_update_with_a_series_never_fitted_is_a_clear_error(
    remember_data, advice
):
    train, new = _split_panel(45)
    model = StatsForecastARIMA(**AIRLINE_ORDERS)
    model.set_config(remember_data=remember_data).fit(train.loc[["small"]])
    with pytest.raises(ValueError, match=rf"series \['large'\] that.*{advice}"):
        model.update(new, update_params=False)


def test_panel_update_that_leaves_a_gap_is_refused():
    train, new = _split_panel(45)
    model = StatsForecastARIMA(**AIRLINE_ORDERS).fit(train)
    later = new[new.index.get_level_values("time") > pd.Period("2003-11", freq="M")]
    with pytest.raises(ValueError, match="series 'small' starts at 2003-12"):
        model.update(later.loc[["small"]], update_params=False)


def test_panel_models_are_indexed_by_series():
    panel = pd.concat(_seasonal_panel(), names=["series", "time"])
    models = StatsForecastARIMA(**AIRLINE_ORDERS).fit(panel).models_
    assert models.index.tolist() == ["small", "large"]
    assert len(models["large"].model_["x"]) == 50


def test_panel_fits_inside_a_daemonic_worker():
    """A multiprocessing worker cannot start processes: n_jobs falls back to 1."""
    from sktime.forecasting.model_evaluation import evaluate
    from sktime.split import ExpandingWindowSplitter

    panel = pd.concat(_seasonal_panel(), names=["series", "time"])
    splitter = ExpandingWindowSplitter(initial_window=40, step_length=6, fh=[1, 2])
    scores = evaluate(
        StatsForecastARIMA(**AIRLINE_ORDERS, n_jobs=2),
        splitter,
        panel,
        backend="multiprocessing",
        backend_params={"n_jobs": 2},
        error_score="raise",
    )
    assert np.isfinite(scores.iloc[:, 0]).all()


@pytest.mark.parametrize("n_jobs", [0, -2, 1.5, True])
def test_invalid_n_jobs_is_refused_before_fitting(n_jobs):
    frame = _seasonal_panel()["small"]
    with pytest.raises(ValueError, match="n_jobs"):
        StatsForecastARIMA(**AIRLINE_ORDERS, n_jobs=n_jobs).fit(frame)


def test_a_gap_is_refused_alike_in_a_series_and_in_a_panel():
    """A missing month would shift every seasonal lag after it."""
    frames = _seasonal_panel()
    gap = frames["large"].drop(index=pd.Period("2002-05", freq="M"))
    with pytest.raises(ValueError, match="irregular"):
        StatsForecastARIMA(**AIRLINE_ORDERS).fit(gap)
    panel = pd.concat({"small": frames["small"], "large": gap}, names=["s", "t"])
    with pytest.raises(ValueError, match="irregular"):
        StatsForecastARIMA(**AIRLINE_ORDERS).fit(panel)


def test_integer_time_of_step_two_is_forecast_as_each_series_alone():
    """sktime counts fh on an integer index in label units: fh=2 of 118 is 120."""
    frames = _seasonal_panel()
    even = {name: f.set_axis(2 * np.arange(len(f))) for name, f in frames.items()}
    panel = pd.concat(even, names=["series", "time"])
    model = StatsForecastARIMA(**AIRLINE_ORDERS).fit(panel)
    alone = StatsForecastARIMA(**AIRLINE_ORDERS).fit(even["small"])  # ends at 118
    for fh in ([2, 4], ForecastingHorizon([120, 122], is_relative=False)):
        pd.testing.assert_frame_equal(
            model.predict(fh=fh).loc["small"], alone.predict(fh=fh), check_names=False
        )
    assert model.predict(fh=[2]).loc["small"].index.tolist() == [120]
    # the next row, one step ahead, at label 120 (it was labelled 119)
    one_row = StatsForecastARIMA(**AIRLINE_ORDERS).fit(frames["small"])
    np.testing.assert_allclose(
        alone.predict(fh=[2]).to_numpy(), one_row.predict(fh=[1]).to_numpy()
    )
    for forecaster in (model, alone):
        with pytest.raises(ValueError, match="falls between them"):
            forecaster.predict(fh=[1])


class _SktimeLoop(StatsForecastARIMA):
    """The same forecaster left to sktime's loop over series."""

    _tags = {"y_inner_mtype": "pd.Series"}


def test_bimonthly_periods_count_in_periods_as_sktime_does():
    months = pd.period_range("2000-01", periods=20, freq="2M")
    rng = np.random.default_rng(1)
    panel = pd.concat(
        {
            "a": pd.DataFrame({"y": np.cumsum(rng.normal(1, 1, 20))}, months),
            "b": pd.DataFrame({"y": np.cumsum(rng.normal(1, 1, 14))}, months[:14]),
        },
        names=["series", "time"],
    )
    after = months[-1] + np.arange(1, 3)
    fh = ForecastingHorizon(pd.PeriodIndex(after, freq="2M"), is_relative=False)
    params = {"order": (1, 1, 0)}
    ours = StatsForecastARIMA(**params).fit(panel).predict(fh=fh)
    loop = _SktimeLoop(**params).fit(panel).predict(fh=fh)
    pd.testing.assert_frame_equal(ours, loop)


def test_a_gap_left_by_an_update_is_refused_for_one_series_too():
    frame = _seasonal_panel()["small"]
    model = StatsForecastARIMA(**AIRLINE_ORDERS).fit(frame.iloc[:50])
    with pytest.raises(ValueError, match="starts at 2004-05, but its next time"):
        model.update(frame.iloc[52:], update_params=False)


@pytest.mark.parametrize("update_params", [False, True])
@pytest.mark.parametrize("overlap", [False, True])
def test_a_refused_update_leaves_the_forecaster_as_it_was(update_params, overlap):
    """A gap after the end, or inside new data that overlaps it, is refused."""
    frame = _seasonal_panel()["small"]
    model = StatsForecastARIMA(**AIRLINE_ORDERS).fit(frame.iloc[:50])
    before, cutoff = model.predict(fh=[1]), model.cutoff
    gap = pd.concat([frame.iloc[45:50], frame.iloc[52:]]) if overlap else frame[52:]
    with pytest.raises(ValueError, match="starts at|irregular"):
        model.update(gap, update_params=update_params)
    assert model.is_fitted and model.cutoff.equals(cutoff)
    pd.testing.assert_frame_equal(model.predict(fh=[1]), before)


UPDATE_AND_FORECAST = {
    "update_predict_single": lambda model, y: model.update_predict_single(
        y, fh=[1], update_params=False
    ),
    "update_predict": lambda model, y: model.update_predict(
        y,
        cv=ExpandingWindowSplitter(fh=[1], initial_window=1),
        update_params=False,
        reset_forecaster=False,
    ),
}


@pytest.mark.parametrize("route", list(UPDATE_AND_FORECAST))
@pytest.mark.parametrize("panel", [False, True])
def test_a_refused_update_and_forecast_leaves_the_forecaster_as_it_was(route, panel):
    """New months 40, 41, 43, 44: refused for the gap (update_predict: at its
    third step); sktime had moved the cutoff, and stored the steps before."""
    train, new = _split_panel(40)
    if not panel:
        train, new = train.loc["small"], new.loc["small"]
    months = pd.Period("2003-05", freq="M") + np.array([0, 1, 3, 4])
    new = new[new.index.get_level_values(-1).isin(months)]
    model = StatsForecastARIMA(**AIRLINE_ORDERS).fit(train, fh=[1, 2])
    fh, cutoff, before = model.fh, model.cutoff, model.predict()
    with pytest.raises(ValueError, match="starts at|irregular"):
        UPDATE_AND_FORECAST[route](model, new)
    assert model.fh is fh and model.cutoff.equals(cutoff)
    pd.testing.assert_frame_equal(model.predict(), before)


@pytest.mark.parametrize("panel", [False, True])
def test_a_fit_predict_refused_by_its_forecast_keeps_the_fit_before(panel):
    """sktime's fit_predict fitted, then forecast: refused, the new fit stayed."""
    (train, _), (shorter, _) = _split_panel(40), _split_panel(30)
    if not panel:
        train, shorter = train.loc["small"], shorter.loc["small"]
    model = StatsForecastARIMA(**AIRLINE_ORDERS).fit(train, fh=[1, 2])
    fh, cutoff, before = model.fh, model.cutoff, model.predict()
    days = pd.DatetimeIndex(["2030-05-31"])  # y is indexed by months
    with pytest.raises(TypeError, match="absolute labels of kind datetime"):
        model.fit_predict(shorter, fh=days)
    assert model.fh is fh and model.cutoff.equals(cutoff)
    pd.testing.assert_frame_equal(model.predict(), before)


@pytest.mark.parametrize("method", ["predict", "predict_interval"])
@pytest.mark.parametrize("panel", [False, True])
def test_a_refused_fh_leaves_the_forecaster_as_it_was(method, panel):
    """A refused fh stayed stored: every later predict() was refused too."""
    series = _seasonal_panel()
    y = pd.concat(series, names=["series"]) if panel else series["small"]
    model = StatsForecastARIMA(**AIRLINE_ORDERS).fit(y, fh=[1, 2])
    before, cutoff = model.predict(), model.cutoff
    days = pd.DatetimeIndex(["2030-05-31"])  # y is indexed by months
    with pytest.raises(TypeError, match="absolute labels of kind datetime"):
        getattr(model, method)(fh=days)
    assert list(model.fh) == [1, 2] and model.cutoff.equals(cutoff)
    pd.testing.assert_frame_equal(model.predict(), before)


def test_microsecond_timestamps_take_an_absolute_horizon():
    """Parquet's timestamps are in microseconds; steps are counted the same."""
    frames = {
        name: frame.set_axis(frame.index.to_timestamp().as_unit("us"))
        for name, frame in _seasonal_panel().items()
    }
    panel = pd.concat(frames, names=["series", "time"])
    model = StatsForecastARIMA(**AIRLINE_ORDERS).fit(panel)
    fh = ForecastingHorizon(pd.DatetimeIndex(["2005-01-01"]), is_relative=False)
    loop = _SktimeLoop(**AIRLINE_ORDERS).fit(panel).predict(fh=fh)
    np.testing.assert_allclose(model.predict(fh=fh).to_numpy(), loop.to_numpy())


def test_datetime_panel_takes_an_absolute_horizon_without_a_frequency():
    frames = {
        name: frame.set_axis(frame.index.to_timestamp(how="end").normalize())
        for name, frame in _seasonal_panel().items()
    }
    panel = pd.concat(frames, names=["series", "time"])
    model = StatsForecastARIMA(**AIRLINE_ORDERS).fit(panel)
    fh = ForecastingHorizon(pd.DatetimeIndex(["2005-01-31"]), is_relative=False)
    forecast = model.predict(fh=fh)
    alone = StatsForecastARIMA(**AIRLINE_ORDERS).fit(frames["large"])  # ends 2004-02
    expected = alone.predict(fh=[11]).to_numpy()
    np.testing.assert_allclose(forecast.loc["large"].to_numpy(), expected)


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
    with pytest.raises(ValueError, match=r"series 'tiny' \(10 values\) of the panel"):
        StatsForecastARIMA(**AIRLINE_ORDERS).fit(panel)


def test_a_series_too_short_for_the_orders_is_a_clear_error():
    ten_months = np.log(load_airline().iloc[:10])
    with pytest.raises(
        ValueError, match=r"\(10 values\): statsforecast needs at least 14"
    ):
        StatsForecastARIMA(**AIRLINE_ORDERS).fit(ten_months)


@pytest.mark.parametrize(
    "orders",
    [
        AIRLINE_ORDERS,  # 13 for the differences and one more
        {"seasonal_order": (1, 0, 0), "season_length": 12},  # the lags, 12
        {"order": (2, 1, 0), "seasonal_order": (1, 1, 0), "season_length": 4},  # 11
    ],
)
def test_the_shortest_series_refused_is_one_value_short_of_what_fits(orders):
    # the count checked first is statsforecast's own: one value more fits
    y = pd.Series(10 + np.random.default_rng(0).normal(size=30))
    shortest = minimum_length(
        orders.get("order", (0, 0, 0)),
        orders["seasonal_order"],
        orders["season_length"],
    )
    StatsForecastARIMA(**orders).fit(y.iloc[:shortest])
    with pytest.raises(ValueError, match=f"at least {shortest} values"):
        StatsForecastARIMA(**orders).fit(y.iloc[: shortest - 1])


@pytest.mark.parametrize("parameter", ["order", "seasonal_order"])
@pytest.mark.parametrize(
    "value", [(1, 1), (1.5, 0, 0), (-1, 0, 0), [[1, 0, 0]], (True, 0, 0), "abc"]
)
def test_an_order_not_of_three_non_negative_ints_is_refused_before_fitting(
    parameter, value
):
    frame = _seasonal_panel()["small"]
    with pytest.raises(
        InvalidParameterError,
        match=rf"'{parameter}' parameter .* a tuple of three non-negative ints",
    ):
        StatsForecastARIMA(**{**AIRLINE_ORDERS, parameter: value}).fit(frame)


def test_an_order_of_three_ints_may_be_a_list_or_an_integer_array():
    frame = _seasonal_panel()["small"]
    orders = [0, np.int64(1), 1], np.array([0, 1, 1])
    StatsForecastARIMA(*orders, season_length=12).fit(frame)


@pytest.mark.parametrize("panel", [False, True], ids=["series", "panel"])
def test_update_predict_of_rows_held_is_refused(panel):
    """sktime sets the cutoff before y's first row to forecast each window from
    its end; the models forecast from the end they were fitted to, so the
    forecasts were of 2005-01, labelled from each window's end."""
    train, _ = _split_panel(60)
    past, _ = _split_panel(40)
    if not panel:
        train, past = train.loc["small"], past.loc["small"]
    past = past[past.index.get_level_values(-1) >= pd.Period("2002-01", freq="M")]
    model = StatsForecastARIMA(**AIRLINE_ORDERS).fit(train, fh=[1])
    cutoff, before = model.cutoff, model.predict()
    cv = ExpandingWindowSplitter(fh=[1], initial_window=5, step_length=5)
    with pytest.raises(ValueError, match=r"from 2002-01, at or before the last"):
        model.update_predict(past, cv=cv, reset_forecaster=False)
    assert model.cutoff.equals(cutoff)
    pd.testing.assert_frame_equal(model.predict(), before)


def test_an_update_of_past_rows_keeps_the_cutoff():
    """The cutoff went back to the update's last label: the forecast from the
    end of the data, 2004-03's, was labelled 2002-02."""
    frame = _seasonal_panel()["small"]
    model = StatsForecastARIMA(**AIRLINE_ORDERS).fit(frame.iloc[:50], fh=[1])
    before = model.predict()
    model.update(frame.iloc[20:25], update_params=False)
    assert model.cutoff[0] == frame.index[49]
    pd.testing.assert_frame_equal(model.predict(), before)


def test_update_predict_resetting_the_forecaster_leaves_each_columns_model():
    """sktime's loop over the columns of y kept its models in a frame that a
    deep copy shared: update_predict moved the original's models."""
    frames = _seasonal_panel()
    y = pd.DataFrame({"u": frames["small"]["y"], "v": 2 * frames["small"]["y"]})
    model = StatsForecastARIMA(order=(1, 1, 0)).fit(y.iloc[:50], fh=[1])
    before = model.predict()
    cv = ExpandingWindowSplitter(fh=[1], initial_window=5, step_length=5)
    model.update_predict(y.iloc[50:], cv=cv, update_params=False)
    pd.testing.assert_frame_equal(model.predict(), before)


def _lagging_panel() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The panel fitted with 'small' to 2003-04 (40 months), 'large' to 2004-02
    (50); and 'small''s months 40 to 47, from 2003-05."""
    panel = pd.concat(_seasonal_panel(), names=["series", "time"])
    times = panel.index.get_level_values("time")
    small = panel.index.get_level_values("series") == "small"
    cut, end = pd.Period("2003-05", freq="M"), pd.Period("2004-01", freq="M")
    return panel[~small | (times < cut)], panel[small & (times >= cut) & (times < end)]


#: windows of 'small' that go over its months again (expanding) or not
LAGGING_WINDOWS = {
    "expanding": ExpandingWindowSplitter(fh=[1], initial_window=2, step_length=2),
    "sliding": SlidingWindowSplitter(fh=[1], window_length=2, step_length=2),
}


@pytest.mark.parametrize("reset_forecaster", [True, False])
@pytest.mark.parametrize("cv", list(LAGGING_WINDOWS))
def test_update_predict_of_a_lagging_series_forecasts_it_from_each_window(
    cv, reset_forecaster
):
    """The cutoff stays before 'large''s end: from the second window on, the rows
    of 'small' a window goes over again were refused as rows held; and 'large'
    was listed under each window's cutoff, forecast from its end (2004-02)."""
    train, lagging = _lagging_panel()
    model = StatsForecastARIMA(order=(1, 1, 0)).fit(train, fh=[1])
    out = model.update_predict(
        lagging,
        cv=LAGGING_WINDOWS[cv],
        update_params=False,
        reset_forecaster=reset_forecaster,
    )
    months = pd.Period("2003-05", freq="M") + np.array([2, 4, 6])
    assert out.index.equals(pd.MultiIndex.from_product([["small"], months]))


@pytest.mark.parametrize("series, month", [("small", "2003-09"), ("large", "2004-01")])
def test_an_update_after_update_predict_of_a_lagging_series_takes_a_revision(
    series, month
):
    """After update_predict(reset_forecaster=False) of 'small' (to 2003-10), the
    cutoff lay before 'large''s end: a revision of a row of either series, which an
    update takes when the cutoff is at the end, was refused as update_predict's y."""
    train, lagging = _lagging_panel()
    model = StatsForecastARIMA(order=(1, 1, 0)).fit(train, fh=[1])
    cv = LAGGING_WINDOWS["sliding"]
    model.update_predict(lagging, cv=cv, update_params=False, reset_forecaster=False)
    before = model.predict()  # 'small' from 2003-10, 'large' from 2004-02
    row = (series, pd.Period(month, freq="M"))
    revised = pd.concat([train, lagging]).loc[[row]] * 1.01
    model.update(revised, update_params=False)
    pd.testing.assert_frame_equal(model.predict(), before)
    assert "_backdated" not in vars(model)


def test_update_predict_of_a_panel_of_timestamps_steps_back_by_the_step_fitted():
    """sktime stepped back from y's first row by its frequency, which a panel's time
    level lacks: pandas' 'Cannot shift with no freq'."""
    panel = pd.concat(_seasonal_panel(), names=["series", "time"])
    times = panel.index.get_level_values("time").to_timestamp()  # no frequency
    panel = panel.set_axis(
        pd.MultiIndex.from_arrays([panel.index.get_level_values(0), times])
    )
    before = times < pd.Timestamp("2003-01-01")
    model = StatsForecastARIMA(order=(1, 1, 0)).fit(panel[before], fh=[1])
    cv = ExpandingWindowSplitter(fh=[1], initial_window=5, step_length=5)
    out = model.update_predict(panel[~before], cv=cv, update_params=False)
    assert list(out.columns.get_level_values(0)) == list(
        pd.to_datetime(["2003-05-01", "2003-10-01"])
    )


def test_update_predict_of_columns_of_timestamps_steps_back_by_the_step_fitted():
    """sktime's loop over columns kept the step on each column's model: the
    forecaster itself had none, and update_predict was refused as if the
    series had frequencies of their own."""
    days = pd.date_range("2000-01-01", periods=60, freq="D")
    index = pd.MultiIndex.from_arrays([np.repeat(["a", "b"], 60), list(days) * 2])
    t = np.arange(120.0)
    panel = pd.DataFrame({"y": np.sin(t) + t, "z": np.cos(t) + t}, index=index)
    first = index.get_level_values(1) < days[50]
    cv = ExpandingWindowSplitter(fh=[1], initial_window=3, step_length=3)
    both = StatsForecastARIMA(order=(1, 1, 0)).fit(panel[first], fh=[1])
    out = both.update_predict(panel[~first], cv=cv)
    alone = StatsForecastARIMA(order=(1, 1, 0)).fit(panel[first][["y"]], fh=[1])
    expected = alone.update_predict(panel[~first][["y"]], cv=cv)
    np.testing.assert_allclose(
        out.xs("y", axis=1, level=1).to_numpy(), expected.to_numpy()
    )


#: a series on which statsforecast 2.1.1's ARIMA(1, 1, 0) fails inside its own
#: code: CSS estimates an explosive AR term (its stationarity check, ``arCheck``,
#: reads only the leading 1 and passes everything), ML starts from it, every
#: coefficient and residual is NaN, and ``Arima`` stops at ``np.min`` of no
#: residuals ("zero-size array to reduction operation minimum which has no
#: identity"). The level does not matter: 1e-3 + the same steps fails alike.
EXPLOSIVE_AR = [1e6, 1e6, 1e6, 1e6 + 1, 1e6]


def _panel_of(**series) -> pd.DataFrame:
    frames = {
        key: pd.Series(values, dtype=float).to_frame("y")
        for key, values in series.items()
    }
    return pd.concat(frames, names=["series", "time"])


@pytest.mark.parametrize("log", [False, True], ids=["as_given", "logs"])
@pytest.mark.parametrize("panel", [False, True], ids=["series", "panel"])
def test_a_fit_statsforecast_cannot_do_names_the_series_and_what_to_do(panel, log):
    """A valid-looking series that breaks statsforecast's fit is a clear error."""
    fine = 1e6 + np.array([3.0, 1, 4, 1, 5, 9, 2, 6])
    y = _panel_of(fine=fine, bad=EXPLOSIVE_AR) if panel else pd.Series(EXPLOSIVE_AR)
    arima = StatsForecastARIMA(order=(1, 1, 0))
    forecaster = (
        TransformedTargetForecaster([("log", LogTransformer()), ("arima", arima)])
        if log
        else arima
    )
    with pytest.raises(ValueError) as error:
        forecaster.fit(y, fh=[1])
    message = str(error.value)
    assert "zero-size array" not in message
    assert "(1, 1, 0)" in message  # the orders that failed
    assert "order" in message.lower()  # what to do: other orders (or longer data)
    if panel:
        assert "'bad'" in message
        assert "'fine'" not in message


def test_a_series_too_short_for_the_seasonal_ar_lags_names_it():
    """statsforecast's CSS conditions on p + P * season_length values as well.

    A series longer than its differences but shorter than d + D * s + p + P * s
    stops inside statsforecast with "RuntimeError: Internal error: resid length
    (10) must be >= ncond (12)".
    """
    y = 10 + np.random.default_rng(0).normal(size=30)
    panel = _panel_of(long=y, short=y[:10])
    arima = StatsForecastARIMA(seasonal_order=(1, 0, 0), season_length=12)
    with pytest.raises(ValueError, match="'short'") as error:
        arima.fit(panel, fh=[1])
    assert "Internal error" not in str(error.value)


@pytest.mark.parametrize("panel", [False, True], ids=["series", "panel"])
def test_an_infinite_value_is_refused_naming_its_series(panel):
    """An inf is fitted without a word today, and every forecast is NaN."""
    y = 10 + np.random.default_rng(0).normal(size=30)
    with_inf = y.copy()
    with_inf[5] = np.inf
    data = _panel_of(fine=y, bad=with_inf) if panel else pd.Series(with_inf)
    with pytest.raises(ValueError, match="inf") as error:
        StatsForecastARIMA(order=(1, 0, 0)).fit(data, fh=[1])
    if panel:
        assert "'bad'" in str(error.value)


def test_an_empty_panel_is_a_clear_error():
    """Today: numpy's "attempt to get argmax of an empty sequence"."""
    y = 10 + np.random.default_rng(0).normal(size=30)
    empty = _panel_of(a=y, b=y[:20]).iloc[:0]
    with pytest.raises(ValueError) as error:
        StatsForecastARIMA(order=(1, 0, 0)).fit(empty, fh=[1])
    assert "argmax" not in str(error.value)
    assert "empty" in str(error.value) or "no rows" in str(error.value)


@pytest.mark.parametrize("order", [(1, 0, 0), (0, 0, 1)])
def test_a_series_in_small_units_gets_the_model_of_the_same_series_in_large(order):
    """The fit does not depend on the series' units.

    statsforecast 2.1.1 (no ``parscale``) drops the AR or MA term of a series
    with a mean whose spread is about 1e-5 (its coefficient stays 0, the
    forecast is the mean): an AR(1) of coefficient 0.8 about 1e-4 (standard
    deviation 1.7e-5) forecasts 1.008e-4 one step ahead, the same series in
    units 100,000 times larger 0.962e-4 (in the small units). Series of 1e-4 are
    plain data: probabilities, rates, prices in large units.
    """
    rng = np.random.default_rng(0)
    noise, ar = rng.normal(size=200), np.zeros(200)
    for t in range(1, 200):
        ar[t] = 0.8 * ar[t - 1] + noise[t]
    y = pd.Series(10 + ar)
    large = StatsForecastARIMA(order=order).fit(y, fh=[1, 2]).predict()
    small = StatsForecastARIMA(order=order).fit(y * 1e-5, fh=[1, 2]).predict()
    np.testing.assert_allclose(small.to_numpy() * 1e5, large.to_numpy(), rtol=1e-4)


def test_a_constant_series_under_a_random_walk_with_drift_is_forecast_or_named():
    """A flat series (a product that did not sell) in a panel of random walks.

    statsforecast 2.1.1 fits ARIMA(0, 1, 0) with drift to a constant series
    (any length; also a straight line of up to 12 values) and then stops at
    ``math.log`` of a non-positive count of residuals: "ValueError: math
    domain error". Either the flat series is forecast flat, or the error
    names it.
    """
    walk = 10 + np.cumsum(np.random.default_rng(0).normal(size=30))
    panel = _panel_of(walk=walk, flat=np.full(30, 7.0))
    arima = StatsForecastARIMA(order=(0, 1, 0), include_drift=True)
    try:
        forecast = arima.fit(panel, fh=[1, 2]).predict()
    except ValueError as error:
        assert "math domain" not in str(error)
        assert "'flat'" in str(error)
    else:
        np.testing.assert_allclose(forecast.loc["flat"].to_numpy().ravel(), 7.0)


def test_a_zero_under_the_log_of_adr_0028_is_refused_naming_its_series():
    """ADR 0028's pipeline: a zero becomes -inf, fitted silently, forecasts NaN."""
    walk = 100 * np.exp(np.cumsum(np.random.default_rng(0).normal(0, 0.05, 40)))
    with_zero = walk.copy()
    with_zero[10] = 0.0
    airline = TransformedTargetForecaster(
        [
            ("log", LogTransformer()),
            (
                "arima",
                StatsForecastARIMA((0, 1, 1), (0, 1, 1), season_length=4),
            ),
        ]
    )
    with pytest.raises(ValueError, match="'zero'"):
        airline.fit(_panel_of(positive=walk, zero=with_zero), fh=[1, 2])


def test_a_drift_without_a_mean_is_fitted_to_the_series_as_given():
    """``include_mean=False, include_drift=True``, no differences: ``y = b t + ARMA``.

    That model has no intercept, so it is not the same model of the series
    shifted: fitted to ``(y - mean) / std`` and mapped back, it gains an
    intercept (the mean), and forecasts 21.10 where statsforecast's own fit
    of the series forecasts 21.16 (AR 0.974 against 0.994).
    """
    rng = np.random.default_rng(0)
    noise, ar = rng.normal(size=60), np.zeros(60)
    for t in range(1, 60):
        ar[t] = 0.5 * ar[t - 1] + noise[t]
    y = 10 + 0.2 * np.arange(1, 61) + ar
    orders = {"order": (1, 0, 0), "include_mean": False, "include_drift": True}
    forecast = StatsForecastARIMA(**orders).fit(pd.Series(y), fh=[1, 2, 3]).predict()
    direct = ARIMA(method="CSS-ML", **orders).fit(y).predict(3)["mean"]
    np.testing.assert_allclose(forecast.to_numpy(), direct, rtol=1e-6)


def test_the_fitted_models_likelihood_is_of_the_series_not_of_its_standardisation():
    """``model_``'s ``aic`` compares orders, with and without a mean.

    A model with a mean is now fitted to ``(y - mean) / std``, and statsforecast's
    ``loglik``, ``aic``, ``sigma2`` and ``residuals`` come in those units: the
    ``aic`` of ARIMA(1, 0, 0) with a mean moves by ``2 * n * log(std)`` while
    that of the same model without a mean (fitted as given) does not, so which
    of the two has the lower ``aic`` depends on the series' units.
    """
    y = pd.Series(10 + 3 * np.random.default_rng(0).normal(size=50))
    fitted = StatsForecastARIMA(order=(1, 0, 0)).fit(y).get_fitted_params()["model"]
    direct = ARIMA(order=(1, 0, 0), method="CSS-ML").fit(y.to_numpy()).model_
    np.testing.assert_allclose(fitted["aic"], direct["aic"], rtol=1e-6)
    np.testing.assert_allclose(fitted["sigma2"], direct["sigma2"], rtol=1e-5)
