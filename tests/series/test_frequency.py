"""The seasonal period a time index implies."""

import pandas as pd
import pytest
from pandas.tseries.frequencies import to_offset

from skltsm._series._frequency import (
    at_a_coarser_frequency,
    longer_period,
    seasonal_period,
)

# (PeriodIndex alias, DatetimeIndex alias, seasonal period): M4's convention
FREQUENCIES = [
    ("h", "h", 24),
    ("D", "D", 7),
    ("B", "B", 5),
    ("W", "W", 52),
    ("M", "ME", 12),
    ("Q", "QE", 4),
    ("Y", "YE", 1),
]


@pytest.mark.filterwarnings(
    "ignore:.*BDay:FutureWarning", "ignore:.*PeriodDtype:FutureWarning"
)
@pytest.mark.parametrize(("period", "datetime", "sp"), FREQUENCIES)
def test_each_calendar_frequency_has_its_season(period, datetime, sp):
    assert seasonal_period(pd.period_range("2001-01-01", periods=5, freq=period)) == sp
    assert seasonal_period(pd.date_range("2001-01-01", periods=5, freq=datetime)) == sp


def test_a_datetime_index_without_freq_is_inferred():
    index = pd.DatetimeIndex(pd.date_range("2001-01-01", periods=6, freq="h").tolist())
    assert index.freq is None
    assert seasonal_period(index) == 24


@pytest.mark.parametrize(
    "index",
    [
        pd.RangeIndex(10),
        pd.period_range("2001-01-01", periods=5, freq="2h"),
        pd.date_range("2001-01-01", periods=5, freq="30min"),
        pd.DatetimeIndex(["2001-01-01", "2001-01-02", "2001-01-05"]),
    ],
    ids=["integers", "two-hourly", "half-hourly", "irregular"],
)
def test_no_calendar_step_means_no_season(index):
    assert seasonal_period(index) == 1


def test_a_panel_reads_its_time_level():
    index = pd.MultiIndex.from_product(
        [["a", "b"], pd.period_range("2001Q1", periods=4, freq="Q")]
    )
    assert seasonal_period(index) == 4


# Every pandas offset family with a calendar cycle, by DatetimeIndex alias
# or offset: business and custom variants are not subclasses of the plain ones
OFFSET_FAMILIES = [
    ("W-MON", 52),
    ("SME", 24),  # half-months: a year of them
    ("SMS", 24),
    ("MS", 12),
    ("BME", 12),
    ("BMS", 12),
    ("CBME", 12),
    ("CBMS", 12),
    ("WOM-1MON", 12),  # one day a month
    (pd.offsets.LastWeekOfMonth(weekday=4), 12),  # (no alias that parses)
    ("QS", 4),
    ("BQE", 4),
    ("BQS", 4),
    ("QE-FEB", 4),
    ("YS", 1),
    ("BYE", 1),
    ("BYS", 1),
    ("C", 5),  # custom business days
    (pd.offsets.FY5253Quarter(weekday=4, startingMonth=12, variation="last"), 4),
    (pd.offsets.FY5253(weekday=4, startingMonth=12, variation="last"), 1),
]


@pytest.mark.parametrize(("freq", "sp"), OFFSET_FAMILIES, ids=str)
def test_every_offset_of_a_family_has_the_familys_season(freq, sp):
    index = pd.date_range("2001-01-01", periods=8, freq=freq)
    assert seasonal_period(index) == sp
    # read from a file: no freq, inferred. pandas infers no custom or
    # semi-month one (1, no season), and takes fiscal year ends for a day of
    # every month (WOM-4FRI): never another season than the family's
    inferred = pd.DatetimeIndex(index.tolist())
    assert seasonal_period(inferred) in {sp, 1}
    guess = pd.infer_freq(inferred)
    if guess is not None and type(to_offset(guess)) is type(index.freq):
        assert seasonal_period(inferred) == sp


DAY, MONTH_END, MONTH_START = to_offset("D"), to_offset("ME"), to_offset("MS")


@pytest.mark.parametrize(
    ("labels", "fitted"),
    [
        (pd.period_range("2000-01", periods=3, freq="M"), DAY),
        (pd.date_range("2000-01-01", periods=3, freq="MS"), DAY),
        (pd.date_range("2000-01-01", periods=3, freq="2D"), DAY),
        (pd.date_range("2000-01-01", periods=3, freq="QS"), MONTH_END),
        (pd.period_range("2000Q1", periods=3, freq="Q"), MONTH_START),
        (pd.date_range("2000-01-01", periods=3, freq="D"), to_offset("h")),
        # days across the clock going back (25 hours) and forward (23)
        (pd.date_range("2000-10-28", periods=4, freq="D", tz="Europe/Paris"),
         to_offset("h")),
        (pd.date_range("2000-03-25", periods=4, freq="D", tz="Europe/Paris"),
         to_offset("h")),
    ],
)  # fmt: skip
def test_labels_all_further_apart_than_a_step_are_coarser(labels, fitted):
    assert at_a_coarser_frequency(labels, fitted)


@pytest.mark.parametrize(
    ("labels", "fitted"),
    [
        (pd.period_range("2000-01", periods=3, freq="M"), MONTH_END),
        (pd.period_range("2000-01", periods=3, freq="M"), MONTH_START),
        (pd.date_range("2000-01-01", periods=3, freq="MS"), MONTH_END),
        (pd.date_range("2000-01-31", periods=3, freq="ME"), MONTH_START),
        (pd.date_range("2000-01-31", periods=3, freq="ME"), to_offset("M")),
        # a few days missing: not a coarser frequency
        (pd.DatetimeIndex(["2000-01-01", "2000-01-02", "2000-01-05"]), DAY),
        (pd.date_range("2000-01-01", periods=3, freq="D"), to_offset("W")),  # finer
        (pd.DatetimeIndex(["2000-01-01"]), DAY),  # one label
        (pd.RangeIndex(3), DAY),  # integers
        (pd.date_range("2000-01-01", periods=3, freq="MS"), None),  # none fitted
    ],
)
def test_months_however_labelled_and_gaps_are_not_coarser(labels, fitted):
    assert not at_a_coarser_frequency(labels, fitted)


@pytest.mark.parametrize(
    ("index", "period"),
    [
        (pd.date_range("2001-01-01", periods=5, freq="h"), 168),
        (pd.period_range("2001-01-01", periods=5, freq="h"), 168),
        (
            pd.DatetimeIndex(pd.date_range("2001-01-01", periods=5, freq="h").tolist()),
            168,
        ),
        (pd.date_range("2001-01-01", periods=5, freq="2h"), 1),
        (pd.date_range("2001-01-01", periods=5, freq="bh"), 1),
        (pd.date_range("2001-01-01", periods=5, freq="D"), 1),
        (pd.period_range("2001-01", periods=5, freq="M"), 1),
        (pd.RangeIndex(5), 1),
    ],
    ids=[
        "hours",
        "hour-periods",
        "inferred-hours",
        "2h",
        "bh",
        "days",
        "months",
        "int",
    ],
)
def test_hours_may_hold_a_week_and_no_other_frequency_a_longer_cycle(index, period):
    assert longer_period(index) == period
    panel = pd.MultiIndex.from_product([["a", "b"], index])
    assert longer_period(panel) == period


@pytest.mark.parametrize(("freq", "sp"), [("60min", 24), ("24h", 7), ("7D", 52)])
def test_a_calendar_step_spelt_in_smaller_units_has_the_season_of_its_labels(freq, sp):
    """Hours built as ``60min`` (``resample("60min")``) had no season.

    The index's own frequency, ``<60 * Minutes>``, is a multiple of a
    unit, so it got 1; the same timestamps without a frequency are
    inferred hourly and get 24 (days spelt ``24h``: 1, not 7; weeks spelt
    ``7D``: 1, not 52). The season depended on how the labels were made.
    """
    index = pd.date_range("2024-01-07", periods=30, freq=freq)
    assert seasonal_period(pd.DatetimeIndex(list(index))) == sp  # no freq
    assert seasonal_period(index) == sp
