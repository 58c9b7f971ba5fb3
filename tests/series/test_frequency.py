"""The seasonal period a time index implies."""

import pandas as pd
import pytest

from skltsm._series._frequency import seasonal_period

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
