"""PanelIndex: the series of a long frame, located without full-length copies."""

import gc

import numpy as np
import pandas as pd
import pytest

from skltsm._series import _panel as _panel_module
from skltsm._series._panel import (
    Stacking,
    check_each_series_in_time,
    check_ids_print_apart,
    check_unique_rows,
    panel_index,
    series_time_index,
    time_keys,
)

TIMES = {
    "period": pd.period_range("2000-01", periods=6, freq="M"),
    "datetime": pd.date_range("2000-01-01", periods=6, freq="D", tz="UTC"),
    "integer": pd.Index(np.arange(10, 70, 10)),
}


def shuffled_panel(times: pd.Index, seed: int = 0) -> pd.MultiIndex:
    """Series of different lengths on ``times``, their rows interleaved at random."""
    pending = {
        key: list(times[start:]) for key, start in (("b", 0), ("a", 2), ("c", 1))
    }
    keys = np.random.default_rng(seed).permutation(
        [key for key, labels in pending.items() for _ in labels]
    )
    labels = [pending[key].pop(0) for key in keys]  # each series in time order
    return pd.MultiIndex.from_arrays([keys, pd.Index(labels)], names=["series", "time"])


def test_a_grouped_frame_stores_neither_its_row_order_nor_its_time_labels():
    index = pd.MultiIndex.from_product([range(3), TIMES["period"]])
    panel = panel_index(index)
    assert panel.grouped and panel.sort is None
    assert panel.order.dtype == np.int32
    np.testing.assert_array_equal(panel.order, np.arange(len(index)))
    assert panel.times.equals(index.get_level_values(-1))
    # nothing full-length was kept besides the index's own codes
    kept = [v for v in vars(panel).values() if np.ndim(v) and len(v) == len(index)]
    assert len(kept) == 2 and kept[0] is index.codes[0] and kept[1] is index


@pytest.mark.parametrize("kind", sorted(TIMES))
def test_blocks_read_what_the_materialised_order_and_labels_hold(kind, monkeypatch):
    monkeypatch.setattr(_panel_module, "CHUNK_ROWS", 4)
    index = shuffled_panel(TIMES[kind])
    panel = panel_index(index)
    assert not panel.grouped and panel.sort.dtype == np.int32
    order, times = panel.order, index.get_level_values(-1)
    for rows in (np.array([3, 0, 7]), slice(2, 9)):
        np.testing.assert_array_equal(panel.rows_at(rows), order[rows])
        assert panel.times_at(order[rows]).equals(times[order[rows]])
        np.testing.assert_array_equal(
            panel.time_keys_at(order[rows]), time_keys(times)[order[rows]]
        )
    # every series in time order, the last labels as the materialised labels say
    for k in range(len(panel.ids)):
        assert panel.times_at(panel.rows_of(k)).is_monotonic_increasing
    assert panel.ends.equals(times[order[panel.starts + panel.lengths - 1]])
    np.testing.assert_array_equal(panel.time_keys(), time_keys(times))


def test_an_identity_order_reads_negative_positions_and_refuses_others():
    panel = panel_index(pd.MultiIndex.from_product([range(2), range(3)]))
    np.testing.assert_array_equal(panel.rows_at(np.array([-1, 0])), [5, 0])
    with pytest.raises(IndexError, match="out of bounds"):
        panel.rows_at(np.array([6]))


def test_time_order_is_still_checked_series_by_series_in_blocks(monkeypatch):
    monkeypatch.setattr(_panel_module, "CHUNK_ROWS", 3)
    times = list(TIMES["integer"])
    index = pd.MultiIndex.from_arrays(
        [["a"] * 6 + ["b"] * 6, times + times[:4] + times[5:] + times[4:5]]
    )
    with pytest.raises(ValueError, match=r"series 'b' of X is unsorted: 50 follows 60"):
        panel_index(index)


def test_windows_rows_of_a_stacking_are_int32():
    panel = panel_index(pd.MultiIndex.from_product([["a", "b"], range(6)]))
    rows = Stacking.of(panel, gap=2).inner_rows(2, 1)
    assert rows.dtype == np.int32
    np.testing.assert_array_equal(rows, [4, 5, 6, 12, 13, 14])


@pytest.mark.parametrize(
    "ids",
    [
        pd.Index(["b", "a"]),
        pd.MultiIndex.from_tuples([("north", "b"), ("south", "a")]),
        pd.Index([("north", "b"), ("south", "a"), None], dtype=object)[:2],
    ],
    ids=["keys", "hierarchy", "hierarchy as tuples"],
)
def test_series_time_index_is_the_index_of_its_tuples(ids):
    series, times = np.array([1, 0, 1]), pd.period_range("2000-01", periods=3)
    keys = [key if isinstance(key, tuple) else (key,) for key in ids]
    names = [None] * len(keys[0]) + ["time"]
    index = series_time_index(ids, series, times, names)
    expected = [(*keys[k], t) for k, t in zip(series, times, strict=True)]
    assert index.tolist() == expected
    assert index.names[-1] == "time"


def test_an_index_is_validated_once_while_it_lives(monkeypatch):
    checks = []
    check = _panel_module._check_series_in_time
    monkeypatch.setattr(
        _panel_module,
        "_check_series_in_time",
        lambda panel, what: checks.append(what) or check(panel, what),
    )
    index = shuffled_panel(TIMES["period"])
    first, again = panel_index(index), panel_index(index, what="y")
    assert checks == ["X"] and again.step == first.step == 1
    panel_index(index.copy(deep=True))  # an equal index, another object
    assert checks == ["X", "X"]
    key = id(index)
    del index, first, again
    gc.collect()
    assert key not in _panel_module._VALIDATED


def test_a_failed_validation_is_not_remembered():
    index = pd.MultiIndex.from_tuples([("a", 2), ("a", 1)])
    for what in ("X", "y"):
        with pytest.raises(ValueError, match=f"series 'a' of {what} is unsorted"):
            panel_index(index, what=what)


def test_a_daily_panel_across_a_daylight_saving_change_says_what_to_do():
    days = pd.date_range("2020-03-20", periods=20, freq="D", tz="Europe/Paris")
    index = pd.MultiIndex.from_product([["a", "b"], days])
    with pytest.raises(ValueError, match=r"tz_localize\(None, level=-1\)"):
        panel_index(index, what="y")


def test_a_known_step_validates_series_too_short_to_show_theirs():
    ends = pd.date_range("2002-04-30", periods=5, freq="ME")
    index = pd.MultiIndex.from_tuples(
        [("a", ends[1]), ("a", ends[2]), ("b", ends[3]), ("b", ends[4])]
    )  # 30 and 31 days apart
    with pytest.raises(ValueError, match="irregular"):
        panel_index(index)  # a two-label series says 30 days
    assert panel_index(index, step=pd.offsets.MonthEnd()).step == pd.offsets.MonthEnd()
    skipping = pd.MultiIndex.from_tuples([("a", ends[0]), ("a", ends[2])])
    with pytest.raises(ValueError, match="irregular"):
        panel_index(skipping, step=pd.offsets.MonthEnd())


def test_the_time_levels_own_frequency_reads_five_weekdays_as_business_days():
    """As one series with that index is read: sktime and pandas keep ``freq``."""
    weekdays = pd.bdate_range("2020-03-02", periods=5)  # Monday to Friday
    index = pd.MultiIndex.from_product([["a", "b"], weekdays])
    assert panel_index(index).step == pd.offsets.BusinessDay()
    undeclared = pd.MultiIndex.from_product([["a", "b"], list(weekdays)])
    assert panel_index(undeclared).step == pd.offsets.Day()  # pandas' inference
    gapped = index.drop(("a", weekdays[2]))  # the level still says B
    assert gapped.levels[-1].freq == pd.offsets.BusinessDay()
    with pytest.raises(ValueError, match="irregular"):  # a does not keep to it
        panel_index(gapped)


def test_weekly_series_on_other_weekdays_are_told_apart_from_gaps():
    sundays = pd.date_range("2000-01-02", periods=14, freq="7D")
    mondays = pd.date_range("2000-01-03", periods=12, freq="7D")
    index = pd.MultiIndex.from_tuples(
        [("a", t) for t in sundays] + [("b", t) for t in mondays]
    )
    with pytest.raises(ValueError, match=r"'b'.*regular on its own, stepping by W-MON"):
        panel_index(index)
    gapped = index.drop(("b", mondays[3]))  # b irregular alone: fill the gaps
    with pytest.raises(ValueError, match="'b'.*fill the gaps") as caught:
        panel_index(gapped)
    assert "on its own" not in str(caught.value)


def test_each_series_may_keep_its_own_step_when_each_has_a_model():
    """Local pooling: weekdays and month anchors of their own, gaps still not."""
    sundays = pd.date_range("2000-01-02", periods=14, freq="W-SUN")
    wednesdays = pd.date_range("2000-01-05", periods=12, freq="W-WED")
    weekly = pd.MultiIndex.from_tuples(
        [("a", t) for t in sundays] + [("b", t) for t in wednesdays]
    )
    starts = pd.date_range("2000-01-01", periods=6, freq="MS")
    ends = pd.date_range("2000-01-31", periods=6, freq="ME")
    monthly = pd.MultiIndex.from_tuples(
        [("b", t) for t in ends] + [("a", t) for t in starts]
    )
    for index in (weekly, monthly):
        check_each_series_in_time(index)  # no shared step asked for
        with pytest.raises(ValueError, match="regular on its own"):
            panel_index(index)
    gapped = weekly.drop(("b", wednesdays[3]))
    with pytest.raises(ValueError, match=r"^Series 'b': .* irregular.*W-WED"):
        check_each_series_in_time(gapped)
    swapped = pd.MultiIndex.from_tuples([("a", sundays[1]), ("a", sundays[0])])
    with pytest.raises(ValueError, match="'a' of y is unsorted"):
        check_each_series_in_time(swapped)


def test_a_row_without_a_series_id_is_refused_by_name():
    index = pd.MultiIndex.from_arrays([["a", "a", np.nan, np.nan], [0, 1, 0, 1]])
    with pytest.raises(ValueError, match=r"Row 2 of X has no series id"):
        panel_index(index, what="X")


@pytest.mark.parametrize("level", [0, 1])
def test_an_id_missing_in_one_level_of_a_hierarchy_is_refused(level):
    # factorized whole, ("a", nan) was a series of its own
    ids = [["a"] * 4, ["x", "x", "y", "y"]]
    ids[level][3] = np.nan
    index = pd.MultiIndex.from_arrays([*ids, [0, 1, 0, 1]])
    message = (
        rf"Row 3 of X has no series id in level {level} .*get_level_values\({level}\)"
    )
    with pytest.raises(ValueError, match=message):
        panel_index(index, what="X")


def test_check_unique_rows_finds_a_repeat_in_unsorted_rows_and_sorts_the_rest():
    index = pd.MultiIndex.from_tuples([("a", 3), ("b", 0), ("a", 1), ("a", 3)])
    with pytest.raises(ValueError, match="series 'a' of X is duplicated: 3 follows 3"):
        check_unique_rows(index)
    check_unique_rows(index[:3])  # out of time order, but one row per time: fine


def test_series_with_different_kinds_of_time_label_are_named_by_kind():
    a = pd.MultiIndex.from_product([["a"], TIMES["period"]])
    b = pd.MultiIndex.from_product([["b"], TIMES["integer"]])
    with pytest.raises(
        TypeError,
        match=r"series 'a' hold Period labels, series 'b' hold int labels\. Give",
    ):
        panel_index(a.append(b))


@pytest.mark.parametrize(
    "keys, reorder",
    [
        ([["a", "b"]], r"swaplevel\(\)"),
        ([["north"], ["a", "b"]], r"reorder_levels\(\[1, 2, 0\]\)"),
    ],
    ids=["panel", "hierarchy"],
)
def test_an_index_of_time_then_text_series_ids_is_said_to_be_swapped(keys, reorder):
    """Not "series Period('2000-01', 'M') ... hold str labels"."""
    index = pd.MultiIndex.from_product([TIMES["period"], *keys])
    with pytest.raises(
        TypeError,
        match=r"^The index of X has periods in level 0 and text in its last level, "
        rf"which is time: it looks indexed \(time, series\)\. Put time last, e\.g\. "
        rf"X\.{reorder}\.sort_index\(\)\.$",
    ):
        panel_index(index)


def test_text_time_labels_are_told_to_be_converted():
    index = pd.MultiIndex.from_product([["a", "b"], ["2000-01", "2000-02"]])
    with pytest.raises(TypeError, match=r"'a', 'b' hold str labels\. Convert them"):
        panel_index(index)


def ids(*keys) -> pd.MultiIndex:
    """A (series, time) index of one row per key (object keys kept as given)."""
    return pd.MultiIndex.from_arrays(
        [pd.Index(list(keys), dtype=object), [0] * len(keys)]
    )


def test_ids_that_print_alike_are_refused_in_one_panel_naming_the_level():
    with pytest.raises(
        ValueError, match=r"^y has series 1 \(int\) and '1' \(str\) in level 0"
    ):
        check_ids_print_apart(ids(1, "1", 2))
    hierarchy = pd.MultiIndex.from_arrays(
        [["s", "s"], pd.Index([2, "2"], dtype=object), [0, 0]]
    )
    with pytest.raises(
        ValueError, match=r"^X has series 2 \(int\) and '2' \(str\) in level 1"
    ):
        check_ids_print_apart(hierarchy, "X")
    check_ids_print_apart(ids(1, "2", 3.5))  # mixed types that print apart


def test_an_updates_ids_are_compared_with_the_fitted_ones_and_each_other():
    fitted = pd.MultiIndex.from_product([[1, 2], [0, 1]])
    with pytest.raises(
        ValueError,
        match=r"^X passed to update has series '2' \(str\), which is not the "
        r"fitted series 2 \(int\).* type they had in fit\.$",
    ):
        check_ids_print_apart(ids(1, "2"), "X", fitted=fitted)
    with pytest.raises(
        ValueError,
        match=r"^y passed to update has series 3 \(int\) and '3' \(str\) in "
        r"level 0 .* one type",
    ):
        check_ids_print_apart(ids(1, 3, "3"), "y", fitted=fitted)
    check_ids_print_apart(ids(1, "4"), "y", fitted=fitted)  # a new series: no error


def test_ids_a_sliced_frame_no_longer_has_do_not_count():
    """Its levels keep the labels of the rows sliced off: 1 and "1" were
    refused when only 1 was left, and "1" at an update taken as fitted."""
    index = pd.MultiIndex.from_arrays(
        [pd.Index([1, 1, "1", 2], dtype=object), [0, 1, 0, 0]]
    )
    left = index[[0, 1, 3]]
    assert "1" in left.levels[0]  # no row has it
    check_ids_print_apart(left)
    with pytest.raises(
        ValueError, match=r"^y passed to update has series '1' \(str\), which is not"
    ):
        check_ids_print_apart(ids("1"), "y", fitted=left)


def test_text_time_labels_of_a_hierarchy_are_told_to_be_converted():
    """The message's series keys are tuples: pandas' Series of a MultiIndex raised."""
    index = pd.MultiIndex.from_product([["north"], ["a", "b"], ["2000-01", "2000-02"]])
    with pytest.raises(
        TypeError, match=r"\('north', 'a'\), \('north', 'b'\) hold str labels\. Convert"
    ):
        panel_index(index)
