"""PanelTimeSeriesSplit: sklearn's TimeSeriesSplit over the time points of a panel."""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils._param_validation import InvalidParameterError

from skltsm import LagTransformer, make_forecast_pipeline
from skltsm.exceptions import InsufficientHistoryWarning
from skltsm.model_selection import PanelTimeSeriesSplit

#: Ragged panel: (first month, number of months) per series. Together they
#: cover 2000-01 to 2005-06, 66 months; "c" ends before the last 30 of them.
SPANS = {"a": ("2000-01", 60), "b": ("2001-07", 48), "c": ("2002-01", 24)}
N_TIME = 66


def ragged_panel(spans=SPANS) -> pd.DataFrame:
    frames = [
        pd.DataFrame(
            {"y": np.arange(n, dtype=float) + 100 * k},
            index=pd.MultiIndex.from_product(
                [[name], pd.period_range(start, periods=n, freq="M")],
                names=["series", "time"],
            ),
        )
        for k, (name, (start, n)) in enumerate(spans.items())
    ]
    return pd.concat(frames)


def times(X) -> pd.Index:
    return X.index.get_level_values(-1)


def expected_folds(X, n_splits, test_size=None, gap=0):
    """The documented folds, from the sorted time points (not the splitter)."""
    points = times(X).unique().sort_values()
    size = test_size or len(points) // (n_splits + 1)
    for k in range(n_splits):
        start = len(points) - (n_splits - k) * size
        test_points, train_points = points[start : start + size], points[: start - gap]
        yield (
            np.flatnonzero(times(X).isin(train_points)),
            np.flatnonzero(times(X).isin(test_points)),
            test_points,
        )


CASES = [
    {"n_splits": 5},
    {"n_splits": 3, "test_size": 12},
    {"n_splits": 2, "test_size": 6, "gap": 3},
    {"n_splits": 4, "gap": 2},
]


@pytest.mark.parametrize("params", CASES, ids=str)
def test_no_test_row_precedes_a_training_row_of_any_series(params):
    X = ragged_panel()
    points = list(times(X).unique().sort_values())
    gap = params.get("gap", 0)
    for train, test in PanelTimeSeriesSplit(**params).split(X):
        last_train, first_test = times(X)[train].max(), times(X)[test].min()
        assert last_train < first_test
        # exactly `gap` time points of the panel lie between the two
        assert points.index(first_test) - points.index(last_train) == gap + 1


@pytest.mark.parametrize("params", CASES, ids=str)
def test_the_folds_are_the_documented_time_points_for_all_series(params):
    X = ragged_panel()
    splits = list(PanelTimeSeriesSplit(**params).split(X))
    expected = list(expected_folds(X, **params))
    assert len(splits) == len(expected) == params["n_splits"]
    for (train, test), (want_train, want_test, _) in zip(splits, expected, strict=True):
        np.testing.assert_array_equal(train, want_train)
        np.testing.assert_array_equal(test, want_test)
        assert train.dtype.kind == test.dtype.kind == "i"


def test_the_test_fold_holds_the_test_times_of_every_series_that_has_them():
    X = ragged_panel()
    series = X.index.get_level_values("series")
    cv = PanelTimeSeriesSplit(n_splits=5, test_size=6)  # half years from 2003
    folds = list(expected_folds(X, 5, 6))
    covered = []
    for (_, test), (_, _, test_points) in zip(cv.split(X), folds, strict=True):
        for name in SPANS:
            in_series = series[test] == name
            want = np.flatnonzero((series == name) & times(X).isin(test_points))
            np.testing.assert_array_equal(test[in_series], want)
        covered.append(sorted(set(series[test])))
    # 2003 holds all three series; "c" has ended by 2004, "a" by 2005
    abc, ab = ["a", "b", "c"], ["a", "b"]
    assert covered == [abc, abc, ab, ab, ["b"]]


def test_the_training_rows_are_exactly_the_rows_before_the_test_times():
    X = ragged_panel()
    points = times(X).unique().sort_values()
    for gap in (0, 4):
        cv = PanelTimeSeriesSplit(n_splits=3, test_size=10, gap=gap)
        for train, test in cv.split(X):
            cut = points[points.get_loc(times(X)[test].min()) - gap]
            np.testing.assert_array_equal(train, np.flatnonzero(times(X) < cut))


def test_a_literal_ragged_example():
    # a: 2000-2004 (rows 0-4), b: 2002-2006 (rows 5-9); folds 2003-04, 2005-06
    index = pd.MultiIndex.from_arrays(
        [["a"] * 5 + ["b"] * 5, [*range(2000, 2005), *range(2002, 2007)]]
    )
    X = pd.DataFrame({"x": range(10)}, index=index)
    splits = [
        (train.tolist(), test.tolist())
        for train, test in PanelTimeSeriesSplit(2, test_size=2).split(X)
    ]
    assert splits == [([0, 1, 2, 5], [3, 4, 6, 7]), ([0, 1, 2, 3, 4, 5, 6, 7], [8, 9])]
    gapped = [
        (train.tolist(), test.tolist())
        for train, test in PanelTimeSeriesSplit(2, test_size=2, gap=1).split(X)
    ]
    assert gapped == [([0, 1], [3, 4, 6, 7]), ([0, 1, 2, 3, 5, 6], [8, 9])]
    # b has 1 training row in the first split (a has 3): tested from the second
    cv = PanelTimeSeriesSplit(2, test_size=2, min_train_size=2)
    tested = [(train.tolist(), test.tolist()) for train, test in cv.split(X)]
    assert tested == [([0, 1, 2, 5], [3, 4]), ([0, 1, 2, 3, 4, 5, 6, 7], [8, 9])]


def test_get_n_splits():
    X = ragged_panel()
    for n_splits in (2, 3, 7):
        cv = PanelTimeSeriesSplit(n_splits)
        assert cv.get_n_splits() == n_splits
        assert cv.get_n_splits(X, X["y"]) == n_splits == len(list(cv.split(X)))


@pytest.mark.parametrize("params", CASES, ids=str)
@pytest.mark.parametrize("kind", ["period", "datetime", "integer"])
def test_one_series_splits_as_sklearn_time_series_split(params, kind):
    n = 40
    time = {
        "period": pd.period_range("2000-01", periods=n, freq="M"),
        "datetime": pd.date_range("2000-01-01", periods=n, freq="D"),
        "integer": pd.RangeIndex(1990, 1990 + n),
    }[kind]
    X = pd.DataFrame(
        {"y": np.arange(n)},
        index=pd.MultiIndex.from_product([["only"], time], names=["series", "time"]),
    )
    ours = list(PanelTimeSeriesSplit(**params).split(X))
    sklearns = list(TimeSeriesSplit(**params).split(np.zeros((n, 1))))
    assert len(ours) == len(sklearns)
    for (train, test), (want_train, want_test) in zip(ours, sklearns, strict=True):
        np.testing.assert_array_equal(train, want_train)
        np.testing.assert_array_equal(test, want_test)


def test_test_size_and_gap_count_time_points_not_rows():
    # 3 series x 20 months: 60 rows, 20 time points
    X = ragged_panel(dict.fromkeys("abc", ("2000-01", 20)))
    cv = PanelTimeSeriesSplit(n_splits=3, test_size=2, gap=1)
    splits = list(cv.split(X))
    for k, (train, test) in enumerate(splits):
        assert len(test) == 2 * 3  # two time points of three series
        assert times(X)[test].nunique() == 2
        # the test folds are the last 6 time points; one month left out before
        assert len(train) == (20 - 6 + 2 * k - 1) * 3
    assert times(X)[splits[-1][1]].max() == pd.Period("2001-08", "M")
    # counted in rows, 3 folds of 7 would fit in the 60 rows ...
    assert len(list(TimeSeriesSplit(3, test_size=7).split(np.zeros((60, 1))))) == 3
    # ... but 3 x 7 + 1 time points are more than the panel's 20
    with pytest.raises(ValueError, match="20 distinct time points"):
        PanelTimeSeriesSplit(n_splits=3, test_size=7).split(X)


def hierarchical_panel() -> pd.DataFrame:
    # store "s1" exists in both regions: the series is (region, store), not store
    spans = {
        ("north", "s1"): ("2000-01", 30),
        ("north", "s2"): ("2000-07", 20),  # ends 2002-02, before the last fold
        ("south", "s1"): ("2001-01", 18),
    }
    frames = [
        pd.DataFrame(
            {"y": np.arange(n, dtype=float)},
            index=pd.MultiIndex.from_product(
                [[region], [store], pd.period_range(start, periods=n, freq="M")],
                names=["region", "store", "time"],
            ),
        )
        for (region, store), (start, n) in spans.items()
    ]
    return pd.concat(frames)


def test_hierarchical_index_splits_as_its_flattened_panel():
    X = hierarchical_panel()
    flat = X.copy()
    flat.index = pd.MultiIndex.from_arrays(
        [
            [f"{region}/{store}" for region, store, _ in X.index],
            X.index.get_level_values("time"),
        ]
    )
    cv = PanelTimeSeriesSplit(n_splits=3, test_size=4, gap=1)
    ours, flats = list(cv.split(X)), list(cv.split(flat))
    assert len(ours) == 3
    for (train, test), (want_train, want_test, _) in zip(
        ours, expected_folds(X, 3, 4, 1), strict=True
    ):
        np.testing.assert_array_equal(train, want_train)
        np.testing.assert_array_equal(test, want_test)
    for (train, test), (flat_train, flat_test) in zip(ours, flats, strict=True):
        np.testing.assert_array_equal(train, flat_train)
        np.testing.assert_array_equal(test, flat_test)
    # the last fold holds both stores named "s1"
    last_test = X.index[ours[-1][1]]
    assert set(last_test.droplevel("time")) == {("north", "s1"), ("south", "s1")}


def interleaved(X: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The rows of ``X`` in a random order that keeps each series in time order."""
    series = X.index.get_level_values(0).to_numpy()
    labels = np.random.default_rng(seed).permutation(series)
    order = np.empty(len(X), dtype=int)
    for name in np.unique(series):
        order[labels == name] = np.flatnonzero(series == name)
    return X.iloc[order]


@pytest.mark.parametrize(
    "reorder",
    [
        lambda X: interleaved(X, 0),
        lambda X: X.sort_index(level="time", sort_remaining=True),
        lambda X: X.loc[["c", "a", "b"]],
    ],
    ids=["interleaved", "by-time", "series-reordered"],
)
def test_positions_refer_to_the_row_order_of_unsorted_X(reorder):
    X = ragged_panel()
    shuffled = reorder(X)
    assert not shuffled.index.equals(X.index)
    cv = PanelTimeSeriesSplit(n_splits=3, test_size=8, gap=2)
    for (train, test), (want_train, want_test) in zip(
        cv.split(shuffled), cv.split(X), strict=True
    ):
        assert np.all(np.diff(train) > 0) and np.all(np.diff(test) > 0)
        assert set(shuffled.index[train]) == set(X.index[want_train])
        assert set(shuffled.index[test]) == set(X.index[want_test])
        assert len(train) == len(want_train) and len(test) == len(want_test)


def test_a_series_x_works_like_its_frame():
    X = ragged_panel()
    cv = PanelTimeSeriesSplit(n_splits=2, test_size=5)
    for (train, test), (s_train, s_test) in zip(
        cv.split(X), cv.split(X["y"]), strict=True
    ):
        np.testing.assert_array_equal(train, s_train)
        np.testing.assert_array_equal(test, s_test)


def test_repr():
    assert repr(PanelTimeSeriesSplit()) == (
        "PanelTimeSeriesSplit(gap=0, min_train_size=None, n_splits=5, test_size=None)"
    )
    assert repr(PanelTimeSeriesSplit(3, test_size=12, gap=1, min_train_size=4)) == (
        "PanelTimeSeriesSplit(gap=1, min_train_size=4, n_splits=3, test_size=12)"
    )


@pytest.mark.parametrize(
    ("params", "name", "accepts"),
    [
        ({"n_splits": 1}, "n_splits", r"range \[2, inf\)"),
        ({"n_splits": 3.0}, "n_splits", r"range \[2, inf\)"),
        ({"n_splits": True}, "n_splits", r"range \[2, inf\)"),
        ({"test_size": 0}, "test_size", r"range \[1, inf\) or None"),
        ({"test_size": 1.5}, "test_size", r"range \[1, inf\) or None"),
        ({"gap": -1}, "gap", r"range \[0, inf\)"),
        ({"gap": "1"}, "gap", r"range \[0, inf\)"),
        ({"min_train_size": 0}, "min_train_size", r"range \[1, inf\) or None"),
        ({"min_train_size": 2.0}, "min_train_size", r"range \[1, inf\) or None"),
        ({"min_train_size": True}, "min_train_size", r"range \[1, inf\) or None"),
    ],
)
def test_invalid_parameters_are_named(params, name, accepts):
    cv = PanelTimeSeriesSplit(**params)
    message = f"'{name}' parameter of PanelTimeSeriesSplit must be .*{accepts}"
    with pytest.raises(InvalidParameterError, match=message):
        cv.split(ragged_panel())
    with pytest.raises(InvalidParameterError, match=message):
        cv.get_n_splits()


def test_x_must_be_a_pandas_object():
    X = ragged_panel()
    with pytest.raises(TypeError, match=r"pandas DataFrame or Series .*got ndarray"):
        PanelTimeSeriesSplit(2).split(X.to_numpy())


@pytest.mark.parametrize(
    "flatten",
    [
        lambda X: X.reset_index(drop=True),
        lambda X: X.droplevel("series"),
        lambda X: X.set_axis(pd.MultiIndex.from_arrays([times(X)]), axis=0),
    ],
    ids=["range-index", "time-only", "one-level-multiindex"],
)
def test_x_needs_a_multiindex_of_series_then_time(flatten):
    message = (
        r"MultiIndex of at least two levels.*"
        r"df\.set_index\(\['series', 'time'\]\).*TimeSeriesSplit"
    )
    with pytest.raises(ValueError, match=message):
        PanelTimeSeriesSplit(2).split(flatten(ragged_panel()))


@pytest.mark.parametrize(
    ("ids", "error"), [("abc", TypeError), ([7, 8, 9], ValueError)], ids=["text", "int"]
)
def test_swapped_levels_are_named_as_the_pipelines_fit_names_them(ids, error):
    """Text ids were told their level must hold time, int ids named swapped."""
    X = ragged_panel(dict(zip(ids, SPANS.values(), strict=True)))
    swapped = X.swaplevel().sort_index()
    match = r"looks indexed \(time, series\)\. Put time last, e\.g\. X\.swaplevel"
    with pytest.raises(error, match=match):
        make_forecast_pipeline(LagTransformer(3), Ridge()).fit(swapped, swapped["y"])
    with pytest.raises(error, match=match):
        PanelTimeSeriesSplit(2).split(swapped)


def test_time_must_be_the_last_level_and_hold_time():
    X = ragged_panel()
    as_strings = X.set_axis(
        X.index.set_levels(X.index.levels[1].astype(str), level="time"), axis=0
    )
    with pytest.raises(TypeError, match="periods, datetimes or integers"):
        PanelTimeSeriesSplit(2).split(as_strings)


def test_missing_times_are_refused():
    X = ragged_panel()
    time = times(X).to_numpy().copy()
    time[7] = pd.NaT
    X.index = pd.MultiIndex.from_arrays(
        [X.index.get_level_values(0), pd.PeriodIndex(time, freq="M")]
    )
    with pytest.raises(ValueError, match="missing value at row 7"):
        PanelTimeSeriesSplit(2).split(X)


def test_rows_without_a_series_id_are_refused():
    X = ragged_panel()
    ids = X.index.get_level_values(0).to_numpy(object).copy()
    ids[5] = None  # it split as a series of its own
    X.index = pd.MultiIndex.from_arrays([ids, times(X)])
    with pytest.raises(ValueError, match="Row 5 of X has no series id"):
        PanelTimeSeriesSplit(2).split(X)


def test_too_few_time_points_is_told_in_time_points():
    X = ragged_panel()  # 66 time points, 132 rows
    cv = PanelTimeSeriesSplit(n_splits=5, test_size=13, gap=1)
    message = (
        r"X has 66 distinct time points \(level 'time' of its index\), too few "
        r"for n_splits=5, test_size=13 and gap=1.*fewer splits"
    )
    with pytest.raises(ValueError, match=message):
        cv.split(X)
    # one time point less of gap fits exactly: 5 * 13 + 0 + 1 = 66
    assert len(list(PanelTimeSeriesSplit(5, test_size=13).split(X))) == 5
    short = X.groupby(level="series").head(2).loc[["a"]]  # 2 time points
    with pytest.raises(ValueError, match="X has 2 distinct time points"):
        PanelTimeSeriesSplit(2).split(short)
    with pytest.raises(ValueError, match="X has 0 distinct time points"):
        PanelTimeSeriesSplit(2).split(X.iloc[:0])


def test_unsorted_times_within_a_series_are_refused():
    X = ragged_panel()
    # swap the third and fourth months of series "b" (rows 62 and 63)
    order = np.arange(len(X))
    order[[62, 63]] = order[[63, 62]]
    message = (
        r"series 'b' has time Period\('2001-09', 'M'\) at row 63 after "
        r"Period\('2001-10', 'M'\) at row 62\. Sort the rows first"
    )
    with pytest.raises(ValueError, match=message):
        PanelTimeSeriesSplit(2).split(X.iloc[order])


def test_unsorted_times_are_refused_per_hierarchical_series():
    X = hierarchical_panel()
    order = np.arange(len(X))
    order[[0, 1]] = order[[1, 0]]
    with pytest.raises(ValueError, match=r"series \('north', 's1'\) has time"):
        PanelTimeSeriesSplit(2).split(X.iloc[order])


def test_duplicated_series_time_pairs_are_refused():
    X = ragged_panel()
    doubled = pd.concat([X.iloc[:70], X.iloc[[69]], X.iloc[70:]])
    message = (
        r"more than one row for \(series, time\) \('b', Period\('2002-04', 'M'\)\) "
        r"\(row 70\).*aggregate the duplicates"
    )
    with pytest.raises(ValueError, match=message):
        PanelTimeSeriesSplit(2).split(doubled)


def test_groups_are_ignored_with_a_warning():
    X = ragged_panel()
    groups = X.index.get_level_values("series")
    with pytest.warns(UserWarning, match="groups parameter is ignored"):
        with_groups = list(PanelTimeSeriesSplit(2).split(X, groups=groups))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # "c" starts after the first fold's training rows: named, as it should be
        warnings.simplefilter("ignore", InsufficientHistoryWarning)
        without = list(PanelTimeSeriesSplit(2).split(X))
    for (train, test), (want_train, want_test) in zip(
        with_groups, without, strict=True
    ):
        np.testing.assert_array_equal(train, want_train)
        np.testing.assert_array_equal(test, want_test)


def lagged_panel() -> tuple[pd.DataFrame, pd.Series]:
    """Three ragged AR(1) series with their first two lags as features."""
    rng = np.random.default_rng(0)
    frames = []
    for name, (start, n) in SPANS.items():
        values = np.zeros(n)
        for t in range(1, n):
            values[t] = 0.8 * values[t - 1] + rng.normal()
        time = pd.period_range(start, periods=n, freq="M")
        frame = pd.DataFrame(
            {"y": values},
            index=pd.MultiIndex.from_product([[name], time], names=["series", "time"]),
        )
        frames.append(frame)
    panel = pd.concat(frames)
    by_series = panel.groupby(level="series")["y"]
    panel["lag1"], panel["lag2"] = by_series.shift(1), by_series.shift(2)
    panel = panel.dropna()
    return panel[["lag1", "lag2"]], panel["y"]


def test_grid_search_runs_on_a_panel():
    X, y = lagged_panel()
    cv = PanelTimeSeriesSplit(n_splits=3, test_size=6, gap=1)
    search = GridSearchCV(
        make_pipeline(StandardScaler(), Ridge()),
        {"ridge__alpha": [0.1, 10.0]},
        cv=cv,
        scoring="neg_mean_absolute_error",
    ).fit(X, y)
    assert search.n_splits_ == 3
    scores = [search.cv_results_[f"split{k}_test_score"] for k in range(3)]
    assert np.isfinite(scores).all()
    assert search.best_params_["ridge__alpha"] in (0.1, 10.0)
    # the lag-1 coefficient of an AR(0.8) process, learnt across the series
    ridge = search.best_estimator_[-1]
    assert 0.5 < ridge.coef_[0] / X["lag1"].std(ddof=0) < 1.1
    # the search evaluated exactly our folds
    results = cross_validate(Ridge(), X, y, cv=cv, return_indices=True)
    for k, (train, test) in enumerate(cv.split(X)):
        np.testing.assert_array_equal(results["indices"]["train"][k], train)
        np.testing.assert_array_equal(results["indices"]["test"][k], test)
        assert times(X)[train].max() < times(X)[test].min()


def test_a_series_without_training_rows_in_a_fold_is_named_in_a_warning():
    # b starts at time 6: the first fold (train 0-3, test 4-6) tests it unseen
    index = pd.MultiIndex.from_arrays(
        [["a"] * 10 + ["b"] * 4, [*range(10), *range(6, 10)]]
    )
    X = pd.DataFrame({"x": range(14)}, index=index)
    with pytest.warns(InsufficientHistoryWarning, match=r"'b' .* in fold 1 of 2"):
        list(PanelTimeSeriesSplit(n_splits=2, test_size=3).split(X))


def test_series_seen_in_every_fold_they_are_tested_in_raise_no_warning():
    index = pd.MultiIndex.from_arrays(
        [["a"] * 10 + ["b"] * 5, [*range(10), *range(5, 10)]]
    )
    X = pd.DataFrame({"x": range(15)}, index=index)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        list(PanelTimeSeriesSplit(n_splits=2, test_size=2).split(X))


@pytest.mark.parametrize("gap", [0, 2])
@pytest.mark.parametrize("min_train_size", [1, 13, 19, 30])
def test_min_train_size_leaves_series_with_fewer_training_rows_out_of_a_test_fold(
    gap, min_train_size
):
    X = ragged_panel()
    series = X.index.get_level_values("series")
    default = PanelTimeSeriesSplit(n_splits=5, test_size=6, gap=gap)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InsufficientHistoryWarning)  # "c" at first
        folds = list(default.split(X))
    cv = PanelTimeSeriesSplit(
        n_splits=5, test_size=6, gap=gap, min_train_size=min_train_size
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no series is tested unseen
        splits = list(cv.split(X))
    dropped = 0
    for (train, test), (want_train, all_test) in zip(splits, folds, strict=True):
        np.testing.assert_array_equal(train, want_train)  # training rows unchanged
        training = pd.Series(series[train]).value_counts()
        enough = [name for name in SPANS if training.get(name, 0) >= min_train_size]
        np.testing.assert_array_equal(test, all_test[series[all_test].isin(enough)])
        assert times(X)[train].max() < times(X)[test].min()
        dropped += len(all_test) - len(test)
    # "c" has 12 training rows before the first test fold (10 with the gap)
    assert (dropped > 0) == (min_train_size > 10)


def test_a_min_train_size_that_leaves_a_test_fold_empty_is_refused():
    # "a" has 36 training rows before the first of 5 folds, the others fewer
    cv = PanelTimeSeriesSplit(n_splits=5, test_size=6, min_train_size=37)
    with pytest.raises(ValueError, match=r"=37 leaves fold 1 of 5 without test"):
        cv.split(ragged_panel())


def late_starting_panel() -> pd.DataFrame:
    """Nine AR(0.9) series of 60 months, and one of the last 20 months."""
    rng = np.random.default_rng(0)
    months = pd.period_range("2000-01", periods=60, freq="M")
    frames = {}
    for name in [f"s{k}" for k in range(9)] + ["late"]:
        values = np.zeros(60)
        for t in range(1, 60):
            values[t] = 0.9 * values[t - 1] + rng.normal()
        frames[name] = pd.DataFrame({"y": 100 + 10 * values}, index=months)
    frames["late"] = frames["late"].iloc[40:]
    return pd.concat(frames, names=["series", "time"])


def test_grid_search_picks_the_best_candidate_on_a_panel_with_a_late_series():
    """One series with fewer training rows than the pipeline's warmup_ in a
    fold makes that fold NaN, and a search of NaN folds returns its first
    candidate; min_train_size=warmup_ leaves it out of that fold's test."""
    X = late_starting_panel()  # "late" has 2 training rows in the first fold
    pipe = make_forecast_pipeline(LagTransformer(3), Ridge(), target="y")
    grid = {"ridge__alpha": [1e6, 1e-3]}  # shrunk to the mean, first: worse
    cv = PanelTimeSeriesSplit(n_splits=3, test_size=6)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        default = GridSearchCV(pipe, grid, cv=cv, scoring="neg_mean_absolute_error")
        default.fit(X, X["y"])
    assert np.isnan(default.cv_results_["split0_test_score"]).all()
    warmup = pipe.fit(X, X["y"]).warmup_
    cv = PanelTimeSeriesSplit(n_splits=3, test_size=6, min_train_size=warmup)
    search = GridSearchCV(pipe, grid, cv=cv, scoring="neg_mean_absolute_error")
    with warnings.catch_warnings():
        warnings.simplefilter("error", InsufficientHistoryWarning)
        search.fit(X, X["y"])
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert search.best_params_ == {"ridge__alpha": 1e-3}
    # the later folds, where "late" has enough rows, test it
    late_tested = [
        "late" in X.index[test].get_level_values("series") for _, test in cv.split(X)
    ]
    assert late_tested == [False, True, True]


def test_the_unseen_series_warning_says_which_fold_each_series_is_unseen_in():
    """'b' is tested unseen in fold 1 only and 'c' in fold 2 only (it has no
    rows at all in fold 1), but the warning said "Series 'b', 'c' ... in fold
    1, 2 of 3": every series named with the union of the folds."""
    index = pd.MultiIndex.from_arrays(
        [["a"] * 12 + ["b"] * 6 + ["c"] * 4, [*range(12), *range(6, 12), *range(8, 12)]]
    )
    X = pd.DataFrame({"x": range(22)}, index=index)
    with pytest.warns(InsufficientHistoryWarning) as record:
        list(PanelTimeSeriesSplit(n_splits=3, test_size=2).split(X))
    message = str(record[0].message)
    assert "'b'" in message and "'c'" in message
    assert "fold 1, 2 of 3" not in message
