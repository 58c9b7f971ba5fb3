import re

import numpy as np
import pandas as pd
import pytest

from skltsm._series._panel import panel_index
from skltsm._series._time_index import (
    check_consecutive_rows,
    check_continues,
    index_kind,
    infer_step,
    labels_after,
    steps_apart,
)


@pytest.mark.parametrize(
    "index, step",
    [
        (pd.period_range("2000-01", periods=5, freq="M"), 1),
        (pd.RangeIndex(3, 30, 3), 3),
        (pd.date_range("2000-01-31", periods=5, freq="ME"), pd.offsets.MonthEnd()),
        (
            pd.DatetimeIndex(["2000-01-01", "2000-02-01", "2000-03-01"]),
            pd.offsets.MonthBegin(),
        ),
        (pd.DatetimeIndex(["2000-01-01", "2000-01-03"]), pd.Timedelta(days=2)),
        (pd.Index([5]), None),
    ],
)
def test_step_of_regular_indexes(index, step):
    assert infer_step(index) == step


def test_a_datetime_index_without_freq_and_a_gap_is_located():
    stamps = pd.date_range("2000-01-01", periods=10, freq="MS").delete(6)
    with pytest.raises(
        ValueError, match="2000-08-01 00:00:00 at position 6 should be 2000-07-01"
    ):
        infer_step(stamps)


def test_irregular_integer_index_is_located():
    with pytest.raises(ValueError, match="irregular: 5 at position 2"):
        infer_step(pd.Index([1, 2, 5, 6]))


def test_non_time_index_is_a_type_error():
    with pytest.raises(
        TypeError, match="must be a PeriodIndex, a DatetimeIndex or an integer"
    ):
        infer_step(pd.Index(["a", "b"]))
    with pytest.raises(TypeError):
        infer_step(pd.Index([0.5, 1.5]))


def test_missing_timestamp_is_refused():
    index = pd.DatetimeIndex(["2000-01-01", None, "2000-01-03"])
    missing = r"has a missing time stamp \(NaT\) at position 1\. Drop or fill"
    with pytest.raises(ValueError, match="The time index of y " + missing):
        infer_step(index, what="y")
    rows = pd.DataFrame({"y": [1.0, 2.0, 3.0]}, index=index)
    with pytest.raises(
        ValueError, match="consecutive time steps. The time index of X " + missing
    ):
        check_consecutive_rows(rows, "LagTransformer")


def test_continuation_needs_exactly_one_step():
    months = pd.period_range("2000-01", periods=3, freq="M")
    assert check_continues(months, pd.Period("2000-04", "M"), 1)
    assert not check_continues(months, pd.Period("2000-05", "M"), 1)
    assert not check_continues(months[:0], pd.Period("2000-01", "M"), 1)
    assert not check_continues(months, pd.Period("2000-04", "M"), None)


def test_index_kinds():
    assert index_kind(pd.RangeIndex(3)) == "integer"
    assert index_kind(pd.DatetimeIndex(["2000-01-01"])) == "datetime"
    assert index_kind(pd.Index(np.array([1.5]))).startswith("Index")


@pytest.mark.parametrize(
    "starts, stops, step, expected",
    [
        # periods count in periods of their frequency, not in months
        (pd.PeriodIndex(["2000-01", "2000-03"], freq="2M"),
         pd.PeriodIndex(["2000-07", "1999-11"], freq="2M"), 1, [[3, -1], [2, -2]]),
        # integers count in steps of the series' step (rows), as 2M periods do
        (pd.Index([18, 16]), pd.Index([20, 14]), 2, [[1, -2], [2, -1]]),
        # fixed steps, counted from each start
        (pd.DatetimeIndex(["2000-01-02", "2000-01-04"]),
         pd.DatetimeIndex(["2000-01-06"]), pd.Timedelta("2D"), [[2], [1]]),
        # calendar steps: month ends, business days
        (pd.DatetimeIndex(["2000-01-31", "2000-03-31"]),
         pd.DatetimeIndex(["2000-02-29"]), pd.offsets.MonthEnd(), [[1], [-1]]),
        (pd.DatetimeIndex(["2024-01-05"]), pd.DatetimeIndex(["2024-01-08"]),
         pd.offsets.BusinessDay(), [[1]]),
        # a multiple calendar step keeps the series' phase, labels before it too
        (pd.DatetimeIndex(["2003-12-31"]),
         pd.DatetimeIndex(["2003-04-30", "2004-02-29"]), "2ME", [[-4, 1]]),
        # microseconds (parquet) count as nanoseconds do
        (pd.DatetimeIndex(["2024-01-01"]).as_unit("us"),
         pd.DatetimeIndex(["2024-01-03"]), pd.Timedelta("1D"), [[2]]),
    ],
)  # fmt: skip
def test_steps_apart_counts_each_pair(starts, stops, step, expected):
    np.testing.assert_array_equal(steps_apart(starts, stops, step), expected)


@pytest.mark.parametrize(
    "ends, label, step",
    [
        (["2002-06-30"], "2002-07-15", pd.offsets.MonthEnd()),  # mid-month
        (["2000-01-02", "2000-01-03"], "2000-01-06", pd.Timedelta("2D")),  # phase
        (["2003-12-31"], "2003-05-31", "2ME"),  # the other months' ends
    ],
)
def test_steps_apart_refuses_a_label_off_a_series_grid(ends, label, step):
    with pytest.raises(ValueError, match=f"{label} 00:00:00 is not on"):
        steps_apart(pd.DatetimeIndex(ends), pd.DatetimeIndex([label]), step)


def test_steps_apart_refuses_an_integer_label_between_two_rows():
    # label 19 on a grid of 2 was counted as a step: the row of 20 labelled 19
    with pytest.raises(ValueError, match="label 19 is not on the series' grid"):
        steps_apart(pd.Index([18, 16]), pd.Index([19]), 2)


def test_steps_apart_of_timestamps_needs_their_step():
    with pytest.raises(ValueError, match="step between the series' times is unknown"):
        ends = pd.DatetimeIndex(["2000-01-31"])
        steps_apart(ends, pd.DatetimeIndex(["2000-02-29"]), None)


def test_steps_apart_of_no_labels_is_empty():
    ends = pd.DatetimeIndex(["2000-01-31", "2000-03-31"])
    assert steps_apart(ends, pd.DatetimeIndex([]), "ME").shape == (2, 0)


@pytest.mark.parametrize(
    "ends, step",
    [
        (pd.PeriodIndex(["2000-03", "1999-12"], freq="M"), 1),
        (pd.Index([18, 16]), 2),
        (pd.DatetimeIndex(["2000-03-31", "1999-12-31"]), pd.offsets.MonthEnd()),
        (pd.DatetimeIndex(["2000-03-03", "1999-12-31"]), pd.offsets.BDay()),
        (
            pd.DatetimeIndex(["2000-03-26", "2000-10-29"]).tz_localize("Europe/Paris"),
            pd.Timedelta("1h"),
        ),
    ],
)
def test_labels_after_each_end_are_those_added_one_by_one(ends, step):
    aheads = [-1, 0, 1, 5]
    labels = labels_after(ends, step, aheads)
    one_by_one = [end + step * ahead for ahead in aheads for end in ends]
    assert labels.tolist() == one_by_one
    assert labels.dtype == ends.dtype


def test_unsigned_labels_step_back_as_signed_integers():
    ends = pd.Index(np.array([0, 5], dtype=np.uint64))
    assert labels_after(ends, 1, [-1, 1]).tolist() == [-1, 4, 1, 6]


def test_a_daily_series_across_a_daylight_saving_change_says_what_to_do():
    days = pd.date_range("2020-03-20", periods=20, freq="D", tz="Europe/Paris")
    with pytest.raises(
        ValueError, match=r"local clock of Europe/Paris.*y\.tz_localize\(None\)"
    ):
        infer_step(days, what="y")
    assert infer_step(days.tz_localize(None)) == pd.offsets.Day()
    hours = pd.date_range("2020-03-28", periods=72, freq="h", tz="Europe/Paris")
    assert infer_step(hours) == pd.offsets.Hour()  # regular in absolute time
    gap = pd.DatetimeIndex([*days[:5], *days[6:]])
    with pytest.raises(ValueError, match="asfreq"):  # a real gap: the usual advice
        infer_step(gap, what="y")


def test_daily_labels_24_hours_apart_across_a_daylight_saving_change_are_regular():
    """As pandas and sktime step them: the forecasts of a tz-aware daily series."""
    end = pd.Timestamp("2020-03-27", tz="Europe/Paris")
    labels = pd.DatetimeIndex([end + pd.offsets.Day(k) for k in range(5)])
    assert labels[-1].hour == 1  # 01:00 after the change, on the local clock
    assert infer_step(labels, absolute_clock=True) == pd.offsets.Day()
    with pytest.raises(ValueError, match=r"no frequency .* y\.tz_convert\('UTC'\)"):
        infer_step(labels, what="y")  # one series: sktime cannot count fh from its end
    assert infer_step(labels.tz_convert("UTC")) == pd.offsets.Day()  # the advice
    weeks = pd.DatetimeIndex([end + pd.Timedelta(days=7 * k) for k in range(8)])
    with pytest.raises(ValueError, match="irregular"):  # only hours and days
        infer_step(weeks, absolute_clock=True)


@pytest.mark.parametrize(
    ("start", "freq", "words"),
    [
        ("2000-01-15", "MS", r"one calendar month apart, all on day 15 .*"),
        ("2000-01-10 06:00", "MS", r"all on day 10 at 06:00:00 of their month"),
        ("2000-02-10", "QS-FEB", r"one calendar quarter apart.*\.to_period\('Q'\)"),
        ("2000-01-15", "YS", r"one calendar year apart.*\.to_period\('Y'\)"),
    ],
)
def test_calendar_steps_off_pandas_anchors_are_told_to_use_periods(start, freq, words):
    anchored = pd.date_range(start[:7], periods=24, freq=freq)
    stamps = anchored + (pd.Timestamp(start) - anchored[0])
    with pytest.raises(ValueError, match=words) as error:
        infer_step(pd.DatetimeIndex(list(stamps)), what="X")
    assert "to_period" in str(error.value) and ".asfreq(...) would" in str(error.value)


def test_mid_month_labels_fit_once_they_are_periods():
    from sklearn.linear_model import LinearRegression

    from skltsm import LagTransformer, make_forecast_pipeline

    stamps = pd.date_range("2000-01-01", periods=60, freq="MS") + pd.Timedelta(days=14)
    y = pd.Series(np.arange(60.0), index=stamps, name="y")
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression())
    with pytest.raises(ValueError, match=r"X\.to_period\('M'\)"):
        pipe.fit(y.to_frame(), y)
    y = y.to_period("M")
    assert pipe.fit(y.to_frame(), y).time_step_ == 1


def test_mid_month_labels_of_a_panel_are_told_how_to_relabel_the_time_level():
    stamps = pd.date_range("2000-01-01", periods=30, freq="MS") + pd.Timedelta(days=14)
    X = pd.concat(
        {key: pd.DataFrame({"y": np.arange(30.0) * k}, index=stamps)
         for k, key in enumerate("ab", start=1)}
    )  # fmt: skip
    advice = "X.index = X.index.set_levels(X.index.levels[-1].to_period('M')"
    with pytest.raises(ValueError, match=re.escape(advice)):
        panel_index(X.index)
    X.index = X.index.set_levels(X.index.levels[-1].to_period("M"), level=-1)
    assert panel_index(X.index).step == 1


def test_business_days_with_a_holiday_name_the_missing_day_not_the_first_weekend():
    """Business days without a frequency, one day missing: the weekend was blamed.

    ``pd.infer_freq`` of the first three labels (Monday to Wednesday) is
    ``D``, so the message said the first Saturday was missing ("2024-01-08
    at position 5 should be 2024-01-06 (one step of D ...)") and advised
    ``asfreq``, which would fill every weekend, while the gap is Monday
    2024-01-29.
    """
    days = pd.DatetimeIndex(pd.date_range("2024-01-01", periods=30, freq="B"))
    with pytest.raises(ValueError, match="should be 2024-01-29") as error:
        infer_step(days.delete(20))
    assert "2024-01-06" not in str(error.value)
