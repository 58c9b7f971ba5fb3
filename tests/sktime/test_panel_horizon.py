"""A horizon on a panel: steps and labels from each series' own end."""

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")

from sktime.forecasting.base import ForecastingHorizon

from skltsm._series._panel import panel_index
from skltsm.sktime._panel_horizon import index_from_each_end, steps_from_each_end

MONTHS = pd.period_range("2000-01", periods=6, freq="M")


def _panel() -> pd.MultiIndex:
    """Series "a" ends 2000-06, "b" two months earlier; rows interleaved."""
    rows = [("a", m) for m in MONTHS] + [("b", m) for m in MONTHS[:4]]
    order = [0, 6, 1, 7, 2, 8, 3, 9, 4, 5]
    return pd.MultiIndex.from_tuples([rows[i] for i in order], names=["id", "month"])


def test_relative_steps_count_from_each_series_end():
    panel, cutoff = panel_index(_panel()), pd.PeriodIndex([MONTHS[-1]])
    fh = ForecastingHorizon([-1, 0, 2])
    steps = steps_from_each_end(panel.ends, fh, cutoff, 1)
    np.testing.assert_array_equal(steps, [[-1, 0, 2], [-1, 0, 2]])
    labels = index_from_each_end(panel.ids, panel.ends, fh, cutoff, 1, ["i", "m"])
    assert labels.get_level_values("m")[3:].strftime("%Y-%m").tolist() == [
        "2000-03",
        "2000-04",
        "2000-06",
    ]


def test_absolute_horizon_is_further_from_a_series_that_ends_earlier():
    panel, cutoff = panel_index(_panel()), pd.PeriodIndex([MONTHS[-1]])
    months = pd.period_range("2000-07", periods=2, freq="M")
    fh = ForecastingHorizon(months, is_relative=False)
    steps = steps_from_each_end(panel.ends, fh, cutoff, 1)
    np.testing.assert_array_equal(steps, [[1, 2], [3, 4]])
    labels = index_from_each_end(panel.ids, panel.ends, fh, cutoff, 1, ["i", "m"])
    assert labels.tolist() == [(k, m) for k in "ab" for m in months]


def test_hierarchical_keys_stay_tuples_in_the_index():
    index = pd.MultiIndex.from_tuples(
        [("north", "a", 0), ("north", "a", 1), ("south", "b", 0)]
    )
    panel, fh = panel_index(index), ForecastingHorizon([1])
    labels = index_from_each_end(panel.ids, panel.ends, fh, pd.Index([1]), 1, None)
    assert labels.tolist() == [("north", "a", 2), ("south", "b", 1)]


def test_integer_labels_count_in_label_units_and_steps_in_rows():
    """fh=2 of a series of step 2 ending at 18 is label 20, one row ahead."""
    ends, cutoff = pd.Index([18, 16]), pd.Index([18])
    absolute = ForecastingHorizon([20, 22], is_relative=False)
    steps = steps_from_each_end(ends, absolute, cutoff, 2)
    np.testing.assert_array_equal(steps, [[1, 2], [2, 3]])
    relative = ForecastingHorizon([2, 4])
    np.testing.assert_array_equal(
        steps_from_each_end(ends, relative, cutoff, 2), [[1, 2], [1, 2]]
    )
    labels = index_from_each_end(pd.Index(["a", "b"]), ends, relative, cutoff, 2, None)
    assert labels.tolist() == [("a", 20), ("a", 22), ("b", 18), ("b", 20)]
    # a label between two rows was forecast as the next row's: now refused
    with pytest.raises(ValueError, match=r"fh=\[1\] falls between them"):
        steps_from_each_end(ends, ForecastingHorizon([1, 2]), cutoff, 2)
    with pytest.raises(ValueError, match="label 19 is not on the series' grid"):
        steps_from_each_end(
            ends, ForecastingHorizon([19], is_relative=False), cutoff, 2
        )


def test_datetime_labels_need_no_frequency_on_the_horizon():
    ends = pd.DatetimeIndex(["2000-03-31", "2000-01-31"])
    cutoff = pd.DatetimeIndex(["2000-03-31"])
    absolute = ForecastingHorizon(pd.DatetimeIndex(["2000-02-29"]), is_relative=False)
    steps = steps_from_each_end(ends, absolute, cutoff, pd.offsets.MonthEnd())
    np.testing.assert_array_equal(steps, [[-1], [1]])


@pytest.mark.parametrize(
    ("labels", "kind"),
    [
        (pd.DatetimeIndex(["2000-08-31"]), "datetime"),  # ordinals vs nanoseconds
        (pd.Index([7]), "integer"),
        (pd.PeriodIndex(["2000-08-01"], freq="D"), r"period\[D\]"),
    ],
)
def test_absolute_labels_of_another_kind_than_the_series_are_refused(labels, kind):
    panel, cutoff = panel_index(_panel()), pd.PeriodIndex([MONTHS[-1]])
    fh = ForecastingHorizon(labels, is_relative=False)
    with pytest.raises(
        TypeError,
        match=rf"fh holds absolute labels of kind {kind}, but y is indexed by "
        r"period\[M\] labels.* PeriodIndex of freq M, e\.g\. pd\.period_range"
        r"\('2000-07'.*or relative steps",
    ):
        steps_from_each_end(panel.ends, fh, cutoff, 1)
