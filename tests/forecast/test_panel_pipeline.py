"""ForecastPipeline on a long (series, time) frame: one regressor, per-series rows."""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import TimeSeriesSplit
from sklearn.preprocessing import FunctionTransformer, MinMaxScaler

from skltsm import Differencer, LagTransformer, make_forecast_pipeline
from skltsm._capabilities import LAGGED_WINDOWS
from skltsm._forecast._contract import ForecastContract
from skltsm._forecast._multistep import MultiStepPipeline
from skltsm._forecast._panel_pipeline import PanelHistory, in_time_order, panel_context
from skltsm._series import _panel as _panel_module
from skltsm._series._panel import panel_index, time_keys
from skltsm._transform._lagged_windows import LaggedWindows
from skltsm.exceptions import (
    ConstantSeriesWarning,
    InsufficientHistoryWarning,
    LookAheadWarning,
    ShortSeriesWarning,
)
from skltsm.model_selection import PanelTimeSeriesSplit
from tests.conftest import tiny_regressor
from tests.oracle import MemorizingQuantiles, MemorizingRegressor


def make_panel(lengths=(60, 48, 72), levels=(1.0, 100.0, 1e4), seed=0, end=None):
    """Seasonal series of different lengths and levels, all ending at ``end``."""
    rng = np.random.default_rng(seed)
    end = pd.Period(end or "2009-12", freq="M")
    parts = []
    for name, n, level in zip("abc", lengths, levels, strict=False):
        t = np.arange(n)
        values = level * (2 + np.sin(t * np.pi / 6) + 0.01 * t + rng.normal(0, 0.05, n))
        index = pd.MultiIndex.from_arrays(
            [[name] * n, pd.period_range(end=end, periods=n, freq="M")],
            names=["series", "time"],
        )
        covariate = rng.uniform(1, 2, size=n)  # positive: a log step takes it too
        parts.append(pd.DataFrame({"y": values, "x": covariate}, index=index))
    return pd.concat(parts)


class WindowRecorder(RegressorMixin, BaseEstimator):
    """A linear regression that keeps the windows it was trained on."""

    def fit(self, X, y):
        self.windows_ = np.asarray(X)
        self.model_ = LinearRegression().fit(X, y)
        return self

    def predict(self, X):
        return self.model_.predict(X)


@pytest.mark.parametrize(
    "steps",
    [
        lambda: [],
        lambda: [Differencer([1, 12])],
        lambda: [FunctionTransformer(np.log, np.exp), Differencer(12), MinMaxScaler()],
        # steps that refuse NaN: the gaps between series, a difference's first rows
        lambda: [
            FunctionTransformer(np.log, np.exp, validate=True),
            Differencer(12),
            FunctionTransformer(validate=True),
        ],
    ],
    ids=["none", "diff", "log+diff+minmax", "refusing-nan"],
)
@pytest.mark.parametrize("horizon", [1, 4])
def test_an_oracle_network_gives_back_every_series_exactly(steps, horizon):
    """Windows, differencing and inversion stay inside each series."""
    panel = make_panel()
    pipe = make_forecast_pipeline(
        *steps(), LagTransformer(6, horizon=horizon), MemorizingRegressor(),
        target="y",
    ).fit(panel, panel["y"])  # fmt: skip
    with pytest.warns(InsufficientHistoryWarning):
        forecast = pipe.predict(panel)
    assert forecast.index.equals(panel.index)
    known = forecast.notna()
    # every series is forecast from its warmup_-th row on, and exactly
    assert known.groupby(level=0).sum().tolist() == [
        n - pipe.warmup_ for n in (60, 48, 72)
    ]
    np.testing.assert_allclose(forecast[known], panel["y"][known], rtol=1e-9)


def test_windows_never_cross_a_series_boundary():
    panel = make_panel(levels=(1.0, 1e3, 1e6))
    recorder = WindowRecorder()
    make_forecast_pipeline(LagTransformer(5), recorder, target="y").fit(
        panel, panel["y"]
    )
    # each window holds values of one level only: about 1, 1e3 or 1e6 (x 1 to 3.6)
    target_lags = recorder.windows_[:, ::2]
    magnitude = np.floor((np.log10(target_lags) + 1) / 3)
    assert (magnitude == magnitude[:, :1]).all()
    assert len(recorder.windows_) == sum(n - 5 for n in (60, 48, 72))


def test_a_series_perturbed_from_time_s_changes_nothing_before_s_nor_elsewhere():
    panel = make_panel()
    pipe = make_forecast_pipeline(
        Differencer(12), MinMaxScaler(), LagTransformer(4), tiny_regressor(),
        target="y",
    ).fit(panel.loc[panel.index.get_level_values(1) < "2009-01"],
          panel["y"][panel.index.get_level_values(1) < "2009-01"])  # fmt: skip
    block = panel.groupby(level=0).tail(12)
    perturbed = block.copy()
    s = pd.Period("2009-07", freq="M")
    hit = (perturbed.index.get_level_values(0) == "b") & (
        perturbed.index.get_level_values(1) >= s
    )
    perturbed.loc[hit, "y"] *= 10
    before, after = pipe.predict(block), pipe.predict(perturbed)
    unaffected = (block.index.get_level_values(0) != "b") | (
        block.index.get_level_values(1) <= s  # t = s reads rows up to s - 1
    )
    np.testing.assert_array_equal(before[unaffected], after[unaffected])
    assert (before[~unaffected] != after[~unaffected]).all()


def test_a_block_that_continues_each_series_gets_its_own_history():
    panel = make_panel()
    times = panel.index.get_level_values(1)
    train, test = panel[times < "2009-01"], panel[times >= "2009-01"]
    pipe = make_forecast_pipeline(
        Differencer([1, 12]), LagTransformer(6), LinearRegression(), target="y"
    ).fit(train, train["y"])
    with warnings.catch_warnings():
        warnings.simplefilter("error", InsufficientHistoryWarning)
        continued = pipe.predict(test)  # each series' first rows need its history
    with pytest.warns(InsufficientHistoryWarning):
        whole = pipe.predict(panel)
    np.testing.assert_allclose(continued, whole[test.index], rtol=1e-12)


def test_transformers_learn_from_the_training_rows_of_every_series_only():
    panel = make_panel()
    times = panel.index.get_level_values(1)
    train = panel[times < "2008-01"]
    pipe = make_forecast_pipeline(
        MinMaxScaler(), LagTransformer(3), LinearRegression(), target="y"
    ).fit(train, train["y"])
    scaler = pipe.named_steps["minmaxscaler"]
    np.testing.assert_array_equal(scaler.data_max_, train.max().to_numpy())
    assert scaler.data_max_[0] < panel["y"].max()  # the test period is higher


def test_a_log_before_the_lag_is_fitted_without_the_gaps_between_series():
    """``check_inverse`` samples rows: on a panel's NaN gaps it warned at every fit."""
    panel = make_panel()
    pipe = make_forecast_pipeline(
        FunctionTransformer(np.log, np.exp), Differencer(12), MinMaxScaler(),
        LagTransformer(12), LinearRegression(), target="y",
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # "not strictly inverse"
        pipe.fit(panel, panel["y"])
    log = pipe.named_steps["functiontransformer"]
    assert list(log.feature_names_in_) == ["y", "x"]
    forecast = pipe.predict(panel.groupby(level=0).tail(2))
    before = [1.7824765380287464, 2.164675823629122, 156.2575208035686,
              201.3497653897297, 19468.07853913917, 22740.93569958659]  # fmt: skip
    np.testing.assert_allclose(forecast, before, rtol=1e-10)  # as when fitted on all


def test_the_training_windows_are_in_time_order_across_series():
    """An early-stopping tail is the most recent period, not the last series."""
    panel = make_panel(lengths=(30, 30, 30), levels=(1.0, 2.0, 3.0))
    recorder = WindowRecorder()
    make_forecast_pipeline(LagTransformer(2), recorder, target="y").fit(
        panel, panel["y"]
    )
    last_three = recorder.windows_[-3:, -2]  # y lag 1 of the last windows
    # the last windows are the last of each series, not of the last series
    assert sorted(panel["y"].groupby(level=0).nth(-2)) == sorted(last_three)


def test_short_series_are_left_out_with_a_warning_that_names_them():
    panel = make_panel(lengths=(60, 5, 72))
    with pytest.warns(ShortSeriesWarning, match=r"1 of 3 series .* 'b'"):
        pipe = make_forecast_pipeline(
            Differencer(12), LagTransformer(4), LinearRegression(), target="y"
        ).fit(panel, panel["y"])
    with pytest.warns(InsufficientHistoryWarning):
        forecast = pipe.predict(panel.loc[["b"]])
    assert forecast.isna().all()


def _next_row_of(panel, series):
    """The row after ``series``' end, its target to forecast (NaN)."""
    last = panel.loc[[series]].tail(1)
    row = last.set_axis(
        pd.MultiIndex.from_tuples([(series, last.index[0][1] + 1)]), axis=0
    )
    return row.assign(y=np.nan)


@pytest.mark.parametrize(
    "lengths, fate",
    [
        # 4 rows: one forecast's, not a window's (5): forecast by the others'
        ((60, 4, 72), r"'b'\. The network trained on the others forecasts them: "),
        ((60, 2, 72), r"'b'\. They also have fewer than the 4 rows one forecast "),
        (
            (60, 4, 2),
            r"'b', 'c'\. The network trained on the others forecasts those with "
            r"the 4 rows one forecast reads; those with fewer cannot be forecast "
            r"until they have them: 'c'\.",
        ),
    ],
)
def test_the_short_series_warning_says_which_short_series_are_forecast(lengths, fate):
    """Left out of training, a series with a forecast's rows is still forecast."""
    panel = make_panel(lengths=lengths)
    pipe = make_forecast_pipeline(LagTransformer(4), LinearRegression(), target="y")
    with pytest.warns(ShortSeriesWarning, match=fate) as caught:
        pipe.fit(panel, panel["y"])
    assert "needs more history" not in str(caught[0].message)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InsufficientHistoryWarning)  # 2 rows
        forecast = pipe.predict(_next_row_of(panel, "b"))
    assert forecast.notna().all() == (lengths[1] >= pipe.warmup_)


def test_a_series_left_out_as_short_is_not_also_named_constant():
    """One row is trivially constant: only series trained on are checked."""
    panel = make_panel(lengths=(60, 1, 72))
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression(), target="y")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pipe.fit(panel, panel["y"])
    categories = [w.category for w in caught]
    assert ShortSeriesWarning in categories
    assert ConstantSeriesWarning not in categories
    panel.loc["c", "y"] = 5.0  # a constant series trained on is still named
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pipe.fit(panel, panel["y"])
    named = [str(w.message) for w in caught if w.category is ConstantSeriesWarning]
    assert len(named) == 1 and "1 of the 2 series trained on" in named[0]


def test_a_panel_with_no_series_long_enough_is_refused():
    panel = make_panel(lengths=(10, 8, 12))
    with pytest.raises(ValueError, match="No series of the panel is long enough"):
        make_forecast_pipeline(
            Differencer(12), LagTransformer(4), LinearRegression(), target="y"
        ).fit(panel, panel["y"])


def test_a_constant_series_in_a_panel_is_named_in_a_warning():
    panel = make_panel()
    panel.loc["b", "y"] = 5.0
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression(), target="y")
    with pytest.warns(ConstantSeriesWarning, match=r"1 of the 3 series .*: 'b'\."):
        pipe.fit(panel, panel["y"])


def test_a_panel_of_varying_series_gives_no_constant_series_warning():
    panel = make_panel()
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression(), target="y")
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConstantSeriesWarning)
        pipe.fit(panel, panel["y"])


def test_unknown_series_are_refused_by_name():
    panel = make_panel()
    pipe = make_forecast_pipeline(
        LagTransformer(3), LinearRegression(), target="y"
    ).fit(panel.loc[["a", "b"]], panel["y"].loc[["a", "b"]])
    with pytest.raises(ValueError, match="not seen in fit: 'c'"):
        pipe.predict(panel)


def test_unknown_series_are_told_the_min_train_size_that_leaves_them_out():
    """The splitter's min_train_size keeps them in the folds they can be scored in."""
    panel = make_panel()
    pipe = make_forecast_pipeline(
        Differencer(), LagTransformer(3), LinearRegression(), target="y"
    ).fit(panel.loc[["a", "b"]], panel["y"].loc[["a", "b"]])
    assert pipe.warmup_ == 4
    with pytest.raises(
        ValueError, match=r"not seen in fit.*PanelTimeSeriesSplit\(min_train_size=4\)"
    ):
        pipe.predict(panel)


def with_ids(panel: pd.DataFrame, ids: list) -> pd.DataFrame:
    """``panel`` with its series 'a', 'b', 'c' renamed ``ids`` (object dtype)."""
    names = dict(zip("abc", ids, strict=False))
    keys = pd.Index([names[k] for k in panel.index.get_level_values(0)], dtype=object)
    times = panel.index.get_level_values(1)
    return panel.set_axis(pd.MultiIndex.from_arrays([keys, times]), axis=0)


def test_series_ids_that_print_alike_are_refused_at_fit():
    """1 and "1" are two series that no message or forecast tells apart."""
    panel = with_ids(make_panel(), [1, "1", 2])
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression(), target="y")
    with pytest.raises(
        ValueError, match=r"^X has series 1 \(int\) and '1' \(str\) in level 0"
    ):
        pipe.fit(panel, panel["y"])


def test_ids_of_another_type_than_fitted_are_named_as_such_at_predict():
    """Not a bare "not seen in fit: '1', '2', '3'", as if they were new."""
    panel = make_panel()
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression(), target="y")
    pipe.fit(with_ids(panel, [1, 2, 3]), panel["y"].to_numpy())
    block = with_ids(panel, ["1", "2", "3"]).groupby(level=0).tail(2)
    with pytest.raises(
        ValueError,
        match=r"^X passed to predict has series '1' \(str\), which is not the "
        r"fitted series 1 \(int\).* type they had in fit\.$",
    ):
        pipe.predict(block)


@pytest.mark.parametrize(
    "mangle, message",
    [
        (lambda p: p.iloc[[1, 0, *range(2, len(p))]], "unsorted"),
        (lambda p: pd.concat([p.iloc[:1], p]), "duplicated"),
        (lambda p: p.drop(p.index[5]), "irregular"),
    ],
)
def test_each_series_must_be_regular_in_time(mangle, message):
    panel = mangle(make_panel())
    with pytest.raises(ValueError, match=message):
        make_forecast_pipeline(LagTransformer(3), LinearRegression(), target="y").fit(
            panel, panel["y"]
        )


def test_a_hierarchy_row_without_an_id_in_one_level_is_refused():
    # ("a", nan) was a series of its own, windowed and trained on in silence
    panel = make_panel()
    ids = panel.index.get_level_values(0)
    sub = np.where(np.arange(len(panel)) == 59, None, "s").astype(object)
    panel.index = pd.MultiIndex.from_arrays([ids, sub, panel.index.get_level_values(1)])
    with pytest.raises(ValueError, match="Row 59 of X has no series id in level 1"):
        make_forecast_pipeline(LagTransformer(3), LinearRegression(), target="y").fit(
            panel, panel["y"]
        )


def test_nan_is_allowed_only_in_the_last_horizon_rows_of_each_series():
    panel = make_panel()
    pipe = make_forecast_pipeline(
        LagTransformer(3), LinearRegression(), target="y"
    ).fit(panel, panel["y"])
    block = panel.groupby(level=0).tail(3).copy()
    block.loc[block.groupby(level=0).tail(1).index, "y"] = np.nan  # to forecast
    assert pipe.predict(block).notna().all()
    block.loc[("b", pd.Period("2009-10", freq="M")), "y"] = np.nan
    with pytest.raises(ValueError, match=r"NaN at \('b', Period\('2009-10'"):
        pipe.predict(block)


def test_a_block_with_another_number_of_index_levels_is_refused_by_saying_so():
    """Not as series "not seen in fit": their ids have another shape."""
    panel = make_panel(lengths=(30, 30, 30))
    hierarchy = pd.concat({"north": panel}, names=["region"])
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression(), target="y")
    pipe.fit(hierarchy, hierarchy["y"])
    with pytest.raises(ValueError, match="indexed by 2 levels, .* by 3 .*2 identif"):
        pipe.predict(panel.groupby(level=0).tail(3))
    pipe.fit(panel, panel["y"])
    with pytest.raises(ValueError, match="indexed by 3 levels, .* by 2 .*1 identif"):
        pipe.predict(hierarchy.groupby(level=[0, 1]).tail(3))


def test_a_pipeline_fitted_on_a_panel_wants_a_panel():
    panel = make_panel()
    pipe = make_forecast_pipeline(
        LagTransformer(3), LinearRegression(), target="y"
    ).fit(panel, panel["y"])
    with pytest.raises(ValueError, match="indexed \\(series, time\\)"):
        pipe.predict(panel.loc["a"])


def test_the_multistep_pipeline_forecasts_every_series():
    panel = make_panel()
    pipe = MultiStepPipeline(
        [("lag", LagTransformer(6)), ("net", MemorizingRegressor())],
        target="y", n_steps=3,
    ).fit(panel, panel["y"])  # fmt: skip
    block = panel.groupby(level=0).head(20)
    with pytest.warns(InsufficientHistoryWarning):
        forecast = pipe.predict(block)
    for name, series in panel["y"].groupby(level=0):
        rows = forecast.loc[name].iloc[6:14]  # complete windows, 3 known steps
        for step in (1, 2, 3):
            np.testing.assert_allclose(
                rows[step].to_numpy(), series.to_numpy()[5 + step : 13 + step]
            )


def test_a_grid_search_on_a_panel_cuts_every_series_at_once():
    from sklearn.model_selection import GridSearchCV

    from skltsm.model_selection import PanelTimeSeriesSplit

    panel = make_panel(lengths=(60, 60, 60))
    pipe = make_forecast_pipeline(
        Differencer([12]), MinMaxScaler((-1, 1)), LagTransformer(look_back=12),
        tiny_regressor(units=4), target="y",
    )  # fmt: skip
    search = GridSearchCV(
        pipe,
        {"lagtransformer__look_back": [6, 12]},
        cv=PanelTimeSeriesSplit(n_splits=2, test_size=12),
        scoring="neg_root_mean_squared_error",
    ).fit(panel, panel["y"])
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    last_year = panel.groupby(level=0).tail(12)
    forecast = search.predict(last_year)  # one step ahead, indexed (series, time)
    assert forecast.index.equals(last_year.index) and forecast.notna().all()
    # in the units of y, not scaled ones (series c is about 10,000 + seasonal)
    assert forecast.loc["c"].between(5_000, 50_000).all()


class StreamedWindowRecorder(WindowRecorder):
    """Takes the windows streamed (LaggedWindows), as LSTMRegressor does."""

    _skltsm_capabilities = frozenset({LAGGED_WINDOWS})

    def fit(self, X, y):
        assert isinstance(X, LaggedWindows)
        self.targets_ = np.asarray(y)
        return super().fit(X.to_numpy().reshape(len(X), -1), y)

    def predict(self, X):
        return super().predict(X.to_numpy().reshape(len(X), -1))


def _streamed_training(panel, *before, horizon=1):
    recorder = StreamedWindowRecorder()
    make_forecast_pipeline(
        *before, LagTransformer(4, horizon=horizon), recorder, target="y"
    ).fit(panel, panel["y"])
    return recorder.windows_, recorder.targets_


@pytest.mark.parametrize("horizon", [1, 3])
def test_streamed_windows_taken_in_place_are_those_of_the_stacked_series(horizon):
    """Without a step before the lag, a grouped panel is not copied nor stacked.

    Its windows, targets and their order are those an identity step (which
    sends the panel through the stacked path, NaN gaps and all) gives, and
    those of the same panel with its rows interleaved (by time, so that "c",
    the longest, comes first: stacked, in the order of the ids).
    """
    panel = make_panel(lengths=(60, 3, 72))  # "b" too short: left out
    identity = FunctionTransformer(feature_names_out="one-to-one")
    interleaved = panel.sort_index(level=1, sort_remaining=False)
    with pytest.warns(ShortSeriesWarning):
        in_place = _streamed_training(panel, horizon=horizon)
        stacked = _streamed_training(panel, identity, horizon=horizon)
        unsorted = _streamed_training(interleaved, horizon=horizon)
    for other in (stacked, unsorted):
        np.testing.assert_array_equal(in_place[0], other[0])
        np.testing.assert_array_equal(in_place[1], other[1])
    assert len(in_place[0]) == sum(n - 4 - (horizon - 1) for n in (60, 72))


def _by_time_then_reversed(panel):
    """The same rows sorted by time, and with the series in reverse order."""
    by_time = panel.sort_index(level=1, sort_remaining=False)
    ids = panel.index.unique(level=0)[::-1]
    return by_time, pd.concat([panel.loc[[key]] for key in ids])


@pytest.mark.parametrize("in_place", [True, False])
def test_windows_of_one_time_are_trained_in_the_order_of_the_series_ids(in_place):
    """Not in the order the series first appear: the row order changes nothing."""
    panel = make_panel(lengths=(20, 16, 24))
    before = () if in_place else (FunctionTransformer(feature_names_out="one-to-one"),)
    inner = panel.groupby(level=0, group_keys=False).apply(lambda s: s.iloc[4:])
    expected = inner.sort_index(level=[1, 0])["y"].to_numpy()  # time, then id
    for rows in (panel, *_by_time_then_reversed(panel)):
        np.testing.assert_array_equal(_streamed_training(rows, *before)[1], expected)


def test_a_network_trained_on_a_panel_does_not_depend_on_its_row_order():
    panel = make_panel(lengths=(30, 24, 36))
    block = panel.groupby(level=0).tail(3)

    def forecast(rows):
        pipe = make_forecast_pipeline(
            MinMaxScaler(), LagTransformer(4), tiny_regressor(epochs=1), target="y"
        )
        return pipe.fit(rows, rows["y"]).predict(block)

    by_id = forecast(panel)
    for rows in _by_time_then_reversed(panel):
        np.testing.assert_array_equal(forecast(rows), by_id)


def test_panels_are_validated_and_windows_ordered_a_block_of_rows_at_a_time(
    monkeypatch,
):
    """Blocks of a few rows give what one block of every row gives."""
    panel = make_panel()
    whole = _streamed_training(panel, Differencer(12))
    monkeypatch.setattr(_panel_module, "CHUNK_ROWS", 7)
    blocks = _streamed_training(panel, Differencer(12))
    np.testing.assert_array_equal(whole[0], blocks[0])
    np.testing.assert_array_equal(whole[1], blocks[1])
    with pytest.raises(ValueError, match="irregular"):
        _streamed_training(panel.drop(panel.index[70]))


def test_in_time_order_is_a_stable_sort_by_key():
    rng = np.random.default_rng(0)
    items = rng.permutation(1000)
    keys = rng.integers(-5, 5, size=1000) * 10**12
    by_item = dict(zip(items, keys, strict=True))

    def keys_of(block):
        return np.array([by_item[i] for i in block], dtype=np.int64)

    expected = items[np.argsort(keys, kind="stable")]
    np.testing.assert_array_equal(in_time_order(items, keys_of), expected)


def test_quantiles_of_a_panel_are_forecast_series_by_series():
    panel = make_panel()
    pipe = make_forecast_pipeline(
        Differencer(12), MinMaxScaler(), LagTransformer(6), MemorizingQuantiles(),
        target="y",
    ).fit(panel, panel["y"])  # fmt: skip
    block = panel.groupby(level=0).tail(5)
    quantiles = pipe.predict_quantiles(block)
    assert quantiles.index.equals(block.index)
    assert quantiles.columns.tolist() == [("y", 0.1), ("y", 0.5), ("y", 0.9)]
    np.testing.assert_allclose(quantiles[("y", 0.5)], block["y"], rtol=1e-9)
    assert (np.diff(quantiles.to_numpy(), axis=1) > 0).all()


def _stored_rows_oracle(history, series, first_label, step, n_rows):
    """One series at a time: its stored rows that end one step before a label."""
    rows = history.panel.rows_of(series)
    times = history.panel.times_at(rows)
    end = int(np.searchsorted(time_keys(times), time_keys(pd.Index([first_label]))[0]))
    if end == 0 or times[end - 1] + step != first_label:
        return rows[:0]
    return rows[max(0, end - n_rows) : end]


def _context_oracle(block, history, warmup, step):
    panel = panel_index(block.index)
    values, parts = block.to_numpy(np.float64), []
    positions, at = np.empty(len(block), dtype=np.int64), 0
    for k, stored in enumerate(history.ids.get_indexer(panel.ids)):
        rows = panel.rows_of(k)
        first = panel.times_at(rows[:1])[0]
        before = _stored_rows_oracle(history, stored, first, step, warmup)
        parts += [np.full((warmup, values.shape[1]), np.nan)]
        parts += [history.values[before], values[rows]]
        at += warmup + len(before)
        positions[rows] = at + np.arange(len(rows))
        at += len(rows)
    return np.concatenate(parts), positions


@pytest.mark.parametrize(
    "labels, step",
    [
        (pd.period_range("2000-01", periods=40, freq="M"), 1),
        (pd.RangeIndex(0, 80, 2), 2),
        (pd.date_range("2000-01-31", periods=40, freq="ME"), pd.offsets.MonthEnd()),
    ],
)
@pytest.mark.parametrize("warmup", [1, 4, 30])
def test_each_series_of_a_block_is_stacked_after_its_own_stored_rows(
    labels, step, warmup
):
    """Blocks that continue, overlap, skip a step, precede or outgrow the history.

    Every series is checked against the same stacking done one series at a
    time; the block's rows interleave across series.
    """
    spans = {  # stored rows, block rows (positions in labels)
        "continues": ((0, 20), (20, 25)),
        "overlaps": ((0, 20), (10, 14)),
        "skips a step": ((0, 20), (21, 23)),
        "precedes": ((10, 20), (2, 5)),
        "starts with it": ((10, 20), (10, 12)),
        "short history": ((18, 20), (20, 22)),
    }

    def frame(part):
        index = pd.MultiIndex.from_tuples(
            [
                (name, t)
                for name, span in spans.items()
                for t in labels[slice(*span[part])]
            ],
            names=["series", "time"],
        )
        values = np.arange(2.0 * len(index)).reshape(-1, 2)
        return pd.DataFrame(values, index=index, columns=["y", "x"])

    fitted, block = frame(0), frame(1)
    position = block.groupby(level=0, sort=False).cumcount().to_numpy()
    block = block.iloc[np.argsort(position, kind="stable")]  # interleaved
    history = PanelHistory(fitted, panel_index(fitted.index))
    contract = ForecastContract(
        columns=("y", "x"), targets=(0,), target_names=("y",), horizon=1, warmup=warmup
    )
    context, positions, _ = panel_context(block, history, contract, step)
    expected, expected_positions = _context_oracle(block, history, warmup, step)
    np.testing.assert_array_equal(context.to_numpy(), expected)
    np.testing.assert_array_equal(positions, expected_positions)
    counts = history.rows_before(
        history.ids.get_indexer(list(spans)),
        pd.Index([labels[start] for _, (start, _) in spans.values()]),
        step,
        warmup,
    )[1]
    full = {"continues": 20, "overlaps": 10, "starts with it": 0, "short history": 2}
    assert dict(zip(spans, counts, strict=True)) == {
        name: min(full.get(name, 0), warmup) for name in spans
    }


@pytest.mark.parametrize(
    "fitted_unit, block_unit", [("ns", "s"), ("s", "ns"), ("ns", "us")]
)
def test_a_block_in_another_datetime_unit_finds_its_stored_rows(
    fitted_unit, block_unit
):
    days = pd.date_range("2000-01-01", periods=40, freq="D")
    rng = np.random.default_rng(0)
    values = np.sin(np.arange(80) / 3) + rng.normal(0, 0.1, 80)

    def panel(unit):
        index = pd.MultiIndex.from_product([["a", "b"], days.as_unit(unit)])
        return pd.DataFrame({"y": values}, index=index)

    fitted, same_unit = panel(fitted_unit), panel(fitted_unit)
    train = fitted.groupby(level=0).head(31)
    pipe = make_forecast_pipeline(
        Differencer(), LagTransformer(3), LinearRegression(), target="y"
    ).fit(train, train["y"])
    block = panel(block_unit).groupby(level=0).tail(9)  # continues every series
    expected = pipe.predict(same_unit.groupby(level=0).tail(9))
    assert expected.notna().all()
    np.testing.assert_array_equal(pipe.predict(block).to_numpy(), expected.to_numpy())


def test_naive_labels_after_a_fit_on_aware_ones_are_refused():
    hours = pd.date_range("2000-01-01", periods=40, freq="h", tz="Europe/Paris")
    index = pd.MultiIndex.from_product([["a", "b"], hours])
    X = pd.DataFrame({"y": np.sin(np.arange(80) / 3)}, index=index)
    pipe = make_forecast_pipeline(
        LagTransformer(3), LinearRegression(), target="y"
    ).fit(X, X["y"])
    with pytest.raises(TypeError, match=r"tz_localize\('Europe/Paris', level=-1\)"):
        pipe.predict(X.tz_localize(None, level=-1))
    in_utc = pipe.predict(X.tz_convert("UTC", level=-1))  # the same instants
    np.testing.assert_array_equal(in_utc.to_numpy(), pipe.predict(X).to_numpy())


@pytest.mark.parametrize("to_other_kind", ["to_timestamp", "integers"])
def test_a_block_of_another_kind_of_time_labels_is_refused(to_other_kind):
    # datetimes stepped by a period fit's step failed inside pandas
    X = make_panel()
    pipe = make_forecast_pipeline(
        LagTransformer(3), LinearRegression(), target="y"
    ).fit(X, X["y"])
    block = X.groupby(level=0).tail(3)
    times = block.index.levels[1]
    if to_other_kind == "to_timestamp":
        other = times.to_timestamp()
    else:
        other = range(len(times))
    block.index = block.index.set_levels(other, level=1)
    with pytest.raises(TypeError, match="The time level of X is .* fitted on period"):
        pipe.predict(block)


def test_a_panel_of_dates_beyond_the_nanosecond_range_is_forecast():
    days = pd.date_range("2500-01-01", periods=40, freq="D", unit="s")
    index = pd.MultiIndex.from_product([["a", "b"], days])
    panel = pd.DataFrame({"y": np.tile(np.sin(np.arange(40) / 3), 2)}, index=index)
    train = panel.groupby(level=0).head(31)
    pipe = make_forecast_pipeline(
        Differencer(), LagTransformer(3), LinearRegression(), target="y"
    ).fit(train, train["y"])
    forecast = pipe.predict(panel.groupby(level=0).tail(9))
    assert forecast.notna().all()


@pytest.mark.parametrize("offset", ["500ms", "1ns", "-1ns"])
def test_a_block_off_the_fitted_grid_by_less_than_its_unit_gets_no_stored_rows(offset):
    """Fitted in seconds, a block in nanoseconds just off the grid: no history."""
    seconds = pd.date_range("2000-01-01", periods=30, freq="s", unit="s")
    index = pd.MultiIndex.from_product([["a", "b"], seconds])
    fitted = pd.DataFrame({"y": np.sin(np.arange(60) / 3)}, index=index)
    pipe = make_forecast_pipeline(
        Differencer(), LagTransformer(3), LinearRegression(), target="y"
    ).fit(fitted, fitted["y"])
    start = pd.Timestamp("2000-01-01 00:00:30") + pd.Timedelta(offset)
    times = pd.date_range(start, periods=4, freq="s", unit="ns")
    block = pd.DataFrame(
        {"y": np.ones(8)}, index=pd.MultiIndex.from_product([["a", "b"], times])
    )
    with pytest.warns(InsufficientHistoryWarning):
        forecast = pipe.predict(block)
    assert forecast.isna().all()


def test_a_block_at_another_step_than_fit_is_refused_as_for_one_series():
    """Integer time: rows 2 apart are not the next steps of a series of step 1."""
    panel = make_panel().reset_index(level=1, drop=True)
    panel = panel.set_index(panel.groupby(level=0).cumcount(), append=True)
    pipe = make_forecast_pipeline(Differencer(), LagTransformer(3), LinearRegression())
    pipe.fit(panel, panel["y"])
    block = panel.groupby(level=0).tail(3)
    later = block.set_axis(
        pd.MultiIndex.from_arrays(
            [block.index.get_level_values(0), block.index.get_level_values(1) * 2]
        )
    )
    with pytest.raises(ValueError, match="irregular"):
        pipe.predict(later)


def test_a_stateful_network_is_refused_on_a_panel():
    panel = make_panel()
    pipe = make_forecast_pipeline(
        LagTransformer(3), tiny_regressor(stateful=True, batch_size=1), target="y"
    )
    with pytest.raises(ValueError, match=r"stateful=True\) carries its state"):
        pipe.fit(panel, panel["y"])


def test_an_index_of_time_then_integer_series_ids_is_refused():
    """wide.stack() puts the stores last: months would pass for series."""
    months = pd.period_range("2000-01", periods=24, freq="M", name="month")
    wide = pd.DataFrame(
        np.arange(48.0).reshape(24, 2), index=months, columns=[101, 102]
    )
    long = wide.stack().rename("sales").to_frame()
    pipe = make_forecast_pipeline(LagTransformer(2), LinearRegression())
    with pytest.raises(ValueError, match=r"looks indexed \(time, series\)"):
        pipe.fit(long, long["sales"])


@pytest.mark.parametrize(
    ("ids", "error"), [("abc", TypeError), ([7, 8, 9], ValueError)], ids=["text", "int"]
)
def test_predict_names_swapped_levels_as_fit_does(ids, error):
    """Not "the time level of X is Index of dtype object" (text ids)."""
    panel = with_ids(make_panel(), list(ids))
    if ids != "abc":
        panel.index = panel.index.set_levels(
            panel.index.levels[0].astype(np.int64), level=0
        )
    swapped = panel.swaplevel().sort_index()
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression(), target="y")
    match = r"looks indexed \(time, series\)\. Put time last, e\.g\. X\.swaplevel"
    with pytest.raises(error, match=match):
        pipe.fit(swapped, swapped["y"])
    pipe.fit(panel, panel["y"])
    with pytest.raises(error, match=match):
        pipe.predict(swapped)


def test_score_refuses_y_in_another_order_than_x():
    panel = make_panel()
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression(), target="y")
    pipe.fit(panel, panel["y"])
    block = panel.groupby(level=0).tail(5)
    with pytest.raises(ValueError, match="y and X must have the same index"):
        pipe.score(block, block["y"].sort_index(level=1))


def test_scoring_a_fold_of_timeseriessplit_on_a_panel_warns_of_look_ahead():
    """Split by row position, the last series is tested on months before the end."""
    panel = make_panel(lengths=(40, 40, 40))
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression(), target="y")
    train, test = list(TimeSeriesSplit(n_splits=2, test_size=20).split(panel))[1]
    pipe.fit(panel.iloc[train], panel["y"].iloc[train])
    with pytest.warns(LookAheadWarning, match=r"series 'c' .*PanelTimeSeriesSplit"):
        pipe.score(panel.iloc[test], panel["y"].iloc[test])


def test_scoring_a_fold_of_panel_time_series_split_gives_no_look_ahead_warning():
    panel = make_panel()
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression(), target="y")
    train, test = list(PanelTimeSeriesSplit(n_splits=2, test_size=6).split(panel))[-1]
    pipe.fit(panel.iloc[train], panel["y"].iloc[train])
    with warnings.catch_warnings():
        warnings.simplefilter("error", LookAheadWarning)
        pipe.score(panel.iloc[test], panel["y"].iloc[test])


def _folds_by_row_position():
    """A panel, a pipeline and sklearn's TimeSeriesSplit, which cuts by row."""
    panel = make_panel(lengths=(40, 40, 40))
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression(), target="y")
    return panel, pipe, TimeSeriesSplit(n_splits=2, test_size=20)


def test_a_string_scorer_on_folds_by_row_position_warns_of_look_ahead():
    """Scikit-learn's scorers call predict, not score: predict warns."""
    from sklearn.model_selection import GridSearchCV, cross_val_score

    panel, pipe, cv = _folds_by_row_position()
    look_ahead = r"series 'c' from 2008-05 hold known values.*PanelTimeSeriesSplit"
    with pytest.warns(LookAheadWarning, match=look_ahead):
        cross_val_score(
            pipe, panel, panel["y"], cv=cv, scoring="neg_root_mean_squared_error"
        )
    search = GridSearchCV(
        pipe, {"lagtransformer__look_back": [2, 3]}, cv=cv,
        scoring="neg_mean_absolute_error",
    )  # fmt: skip
    with pytest.warns(LookAheadWarning, match=look_ahead):
        search.fit(panel, panel["y"])


def _fitted_on_a_ragged_panel():
    """A panel, its rows to 2009-09 but "c"'s to 2008-12, a pipeline fitted on them."""
    panel = make_panel(lengths=(40, 40, 40))
    times = panel.index.get_level_values(1)
    short_c = ~((panel.index.get_level_values(0) == "c") & (times >= "2009-01"))
    train = panel[short_c & (times < "2009-10")]  # "c" ends in 2008-12
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression(), target="y")
    return panel, train, pipe.fit(train, train["y"])


def test_predict_warns_of_look_ahead_only_where_a_score_would_read_the_future():
    """In-sample rows, rows past the training's end and a series forecast from
    its own earlier end are not; known rows after that end are."""
    panel, train, pipe = _fitted_on_a_ragged_panel()
    times = panel.index.get_level_values(1)
    c_times = panel.loc[["c"]].index.get_level_values(1)
    c_next = panel.loc[["c"]][c_times >= "2009-01"].iloc[:1].copy()
    c_next["y"] = np.nan  # to forecast: no value yet
    quiet = [
        train.groupby(level=0).tail(6),  # in-sample
        panel[times >= "2009-10"].drop("c"),  # past the training's end
        c_next,  # "c" from its own end
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error", LookAheadWarning)
        for block in quiet:
            pipe.predict(block)
    c_known = panel.loc[["c"]][c_times >= "2008-11"].iloc[:5]  # to 2009-03
    with pytest.warns(LookAheadWarning, match="'c' from 2009-01 .* up to 2009-09"):
        pipe.predict(c_known)


def test_the_look_ahead_warning_says_it_may_be_ignored_when_forecasting_late_rows():
    """A ragged panel's series forecast from its rows that arrived after fit:
    predict cannot tell them from a test fold, so the message fits both."""
    panel, _, pipe = _fitted_on_a_ragged_panel()
    arrived = panel.loc[["c"]][panel.loc[["c"]].index.get_level_values(1) >= "2009-01"]
    block = arrived.iloc[:4].copy()  # three rows that arrived, the next to forecast
    block.iloc[-1, 0] = np.nan
    with pytest.warns(LookAheadWarning) as record:
        forecast = pipe.predict(block)
    assert np.isfinite(forecast.iloc[-1])
    message = str(record[0].message)
    assert "If these rows are scored" in message
    assert "PanelTimeSeriesSplit" in message
    assert "arrived after fit" in message
    assert 'filterwarnings("ignore", category=LookAheadWarning)' in message


def test_rows_without_history_name_their_series_and_the_panel_split_that_skips_them():
    """A series with fewer stored rows than warmup_ before a block: the
    warning and score's error name it and PanelTimeSeriesSplit(min_train_size=)."""
    panel = make_panel(lengths=(40, 40, 22))  # "c" from 2008-03
    times = panel.index.get_level_values(1)
    train, test = panel[times < "2008-05"], panel[times >= "2008-05"]  # "c": 2 rows
    pipe = make_forecast_pipeline(
        Differencer(), LagTransformer(3), LinearRegression(), target="y"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortSeriesWarning)  # "c" is not trained on
        pipe.fit(train, train["y"])
    assert pipe.warmup_ == 4
    hint = r"PanelTimeSeriesSplit\(gap=0, min_train_size=4\)"
    with pytest.warns(InsufficientHistoryWarning, match=rf"of the series 'c' .*{hint}"):
        forecast = pipe.predict(test)
    assert forecast.loc["c"].isna().sum() == 2 and forecast.drop("c").notna().all()
    with pytest.raises(ValueError, match=rf"rows to score have no forecast.*{hint}"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InsufficientHistoryWarning)
            pipe.score(test, test["y"])


def test_a_fitted_panel_pipeline_pickles_its_rows_once():
    panel = make_panel(lengths=(600, 480, 720))
    pipe = make_forecast_pipeline(
        Differencer(), LagTransformer(3), LinearRegression(), target="y"
    ).fit(panel, panel["y"])
    pickled = pickle.dumps(pipe)
    rows = len(pickle.dumps(pipe.X_history_))
    assert len(pickled) < 1.2 * rows  # not twice: the history reads X_history_
    restored = pickle.loads(pickled)
    block = panel.groupby(level=0).tail(30)
    pd.testing.assert_series_equal(restored.predict(block), pipe.predict(block))
    history = restored._panel_history
    np.testing.assert_array_equal(history.values, pipe._panel_history.values)
    assert np.shares_memory(history.values, restored.X_history_.to_numpy())


class RowsRecorder(StreamedWindowRecorder):
    """Keeps the streamed windows' rows, as the network's input pipeline reads them."""

    def fit(self, X, y):
        self.rows_ = X.rows
        return super().fit(X, y)


@pytest.mark.parametrize("interleave", [False, True], ids=["grouped", "interleaved"])
def test_the_windows_of_a_panel_reach_the_network_with_int32_rows(interleave):
    # the window order (time, then series) is one row number a window: the
    # largest array of a long panel's training after the series; int32 while
    # the rows fit (ADR 0012, addenda of 2026-12-03 and 2026-12-06)
    panel = make_panel(lengths=(60, 72, 50))
    if interleave:
        panel = panel.sort_index(level=1, sort_remaining=False)
    recorder = RowsRecorder()
    make_forecast_pipeline(LagTransformer(4), recorder, target="y").fit(
        panel, panel["y"]
    )
    assert recorder.rows_.dtype == np.int32
    assert len(recorder.rows_) == (60 - 4) + (72 - 4) + (50 - 4)


def test_baseline_scores_of_a_multistep_pipeline_are_refused():
    """baseline_scores broadcast a MultiStepPipeline's n_steps forecasts of a
    row against that row's own value: an oracle, exact at every step, got a
    network MAE of about 1,000 (its step-2 and step-3 forecasts compared with
    the wrong rows), where MultiStepPipeline.score refuses to score at all."""
    from skltsm.model_selection import baseline_scores

    panel = make_panel()
    pipe = MultiStepPipeline(
        [("lag", LagTransformer(6)), ("net", MemorizingRegressor())],
        target="y", n_steps=3,
    ).fit(panel, panel["y"])  # fmt: skip
    block = panel.groupby(level=0).head(30)
    # refused, as MultiStepPipeline.score is: not silently wrong
    with pytest.raises(NotImplementedError, match="3 steps per row"):
        baseline_scores(pipe, block, block["y"])
