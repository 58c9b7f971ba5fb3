"""The seasonal period a time index implies: 24 for hours, 12 for months.

The frequency-aware default of :class:`skltsm.sktime.LSTMForecaster` and the
seasonal naive baseline need the length of the cycle a series is likely to
have. The M4 competition's convention is the calendar's: a day of hours, a
week of days, a year of weeks, months or quarters. An index that names no
calendar step (integers, a multiple like ``"2h"``) gets 1: no season is
assumed, and the user says otherwise with ``sp``.
"""

from __future__ import annotations

import pandas as pd
from pandas.tseries import offsets
from pandas.tseries.frequencies import to_offset

from skltsm._series._panel import longest_series_times

__all__ = [
    "SEASONAL_PERIODS",
    "at_a_coarser_frequency",
    "at_another_frequency",
    "index_frequency",
    "longer_period",
    "seasonal_period",
    "with_frequency",
]

#: Offset class -> seasonal period, M4's choice for each frequency: the
#: calendar's cycle (a day of hours, a week of days, a year of longer steps).
#: Each family is listed whole: pandas' business and custom variants
#: (``BME``, ``BQS``, ``CBME``) are not subclasses of the plain offsets.
#: Half-months (``SME``, ``SMS``) get a year of them, 24; ``WOM`` and
#: ``LWOM`` (one day a month) 12; 52-53-week fiscal quarters 4, years 1.
SEASONAL_PERIODS: dict[type, int] = {
    offsets.Hour: 24,
    offsets.Day: 7,
    offsets.BusinessDay: 5,  # and CustomBusinessDay, its subclass
    offsets.Week: 52,
    offsets.SemiMonthEnd: 24,
    offsets.SemiMonthBegin: 24,
    offsets.MonthEnd: 12,
    offsets.MonthBegin: 12,
    offsets.BusinessMonthEnd: 12,
    offsets.BusinessMonthBegin: 12,
    offsets.CustomBusinessMonthEnd: 12,
    offsets.CustomBusinessMonthBegin: 12,
    offsets.WeekOfMonth: 12,
    offsets.LastWeekOfMonth: 12,
    offsets.QuarterEnd: 4,
    offsets.QuarterBegin: 4,
    offsets.BQuarterEnd: 4,
    offsets.BQuarterBegin: 4,
    offsets.FY5253Quarter: 4,
    offsets.YearEnd: 1,
    offsets.YearBegin: 1,
    offsets.BYearEnd: 1,
    offsets.BYearBegin: 1,
    offsets.FY5253: 1,
    offsets.Easter: 1,
}


#: Offset class -> a second, longer cycle a series at that frequency often has
#: beside the calendar's first one: a week of hours (the working week in
#: demand, traffic, activity). A daily series' year (365.25 days) is left
#: out: it needs three years of days to be tested, and is no whole number.
LONGER_PERIODS: dict[type, int] = {offsets.Hour: 168}


def seasonal_period(index: pd.Index) -> int:
    """Return the seasonal period the frequency of a time index implies.

    Parameters
    ----------
    index : pandas.Index
        The time labels of a series (the time level of a panel's index).

    Returns
    -------
    sp : int
        24 hourly, 7 daily, 5 business-daily, 52 weekly, 24 semi-monthly,
        12 monthly, 4 quarterly (business, custom and fiscal variants
        alike); 1 yearly and for any index without a calendar frequency
        (integers, multiples of a unit, business hours, unknown steps).

    Examples
    --------
    >>> import pandas as pd
    >>> seasonal_period(pd.period_range("2000-01", periods=3, freq="M"))
    12
    >>> seasonal_period(pd.date_range("2000-01-01", periods=3, freq="h"))
    24
    >>> seasonal_period(pd.date_range("2000-01-01", periods=3, freq="BQE"))
    4
    >>> seasonal_period(pd.RangeIndex(3))
    1
    """
    return _calendar_period(index, SEASONAL_PERIODS)


def longer_period(index: pd.Index) -> int:
    """Return the second, longer cycle the frequency of a time index may hold.

    Parameters
    ----------
    index : pandas.Index
        The time labels of a series (the time level of a panel's index).

    Returns
    -------
    period : int
        168 (a week) hourly; 1 (none) for any other index.

    Examples
    --------
    >>> import pandas as pd
    >>> longer_period(pd.date_range("2000-01-01", periods=3, freq="h"))
    168
    >>> longer_period(pd.date_range("2000-01-01", periods=3, freq="D"))
    1
    """
    return _calendar_period(index, LONGER_PERIODS)


def _calendar_period(index: pd.Index, periods: dict[type, int]) -> int:
    """Return the period ``periods`` gives the calendar frequency of ``index``, or 1.

    1 also for a multiple of a unit (``2h``) and for labels pandas misreads
    as a week of each month.
    """
    labels = _labels_with_frequency(index)
    freq = _in_its_largest_unit(index_frequency(labels))
    if freq is None or freq.n != 1 or _misread_week_of_month(labels, freq):
        return 1
    return next((p for kind, p in periods.items() if isinstance(freq, kind)), 1)


def _in_its_largest_unit(freq: pd.DateOffset | None) -> pd.DateOffset | None:
    """Return a fixed step in the largest unit it is a whole one of.

    ``resample("60min")`` labels hours ``<60 * Minutes>``, and days may be
    spelt ``24h``, weeks ``7D``: the labels are those of ``h``, ``D`` and
    ``W``, which pandas infers where the index has no frequency of its
    own, so the season must not depend on the spelling.
    """
    if not isinstance(freq, offsets.Tick):
        return freq
    freq = to_offset(pd.Timedelta(freq))
    return offsets.Week() if freq == offsets.Day(7) else freq


def _labels_with_frequency(index: pd.Index) -> pd.Index:
    """Return the time labels a series' frequency is read from.

    One series' own; a panel's time level (the union of its series' labels)
    where it has a frequency, declared or inferred; else the longest
    series' labels: the union of series that do not overlap in time has a
    gap, and pandas infers no frequency from it.
    """
    if not isinstance(index, pd.MultiIndex):
        return index
    level = index.levels[-1]
    if not isinstance(level, pd.DatetimeIndex) or index_frequency(level) is not None:
        return level
    return longest_series_times(index)


def _misread_week_of_month(index: pd.Index, freq) -> bool:
    """Whether pandas read labels a year apart as a day of every month.

    ``pd.infer_freq`` gives ``WOM-4FRI`` for the year ends of a 52-53-week
    fiscal year (the last Friday of December), which the labels do not
    follow: one step of it from the first label is not the second.
    """
    return (
        isinstance(freq, offsets.WeekOfMonth | offsets.LastWeekOfMonth)
        and len(index) > 1
        and index[0] + freq != index[1]
    )


def index_frequency(index: pd.Index) -> pd.DateOffset | None:
    """Return the frequency of time labels: their own, else the one pandas infers.

    Timestamps read from a file, or a panel's time level, may carry no
    frequency; pandas infers one from three labels or more.

    Parameters
    ----------
    index : pandas.Index
        Time labels: a ``PeriodIndex``, a ``DatetimeIndex``, integers; or a
        panel's (series, time) index, whose frequency is its series'.

    Returns
    -------
    freq : pandas.DateOffset or None
        ``None`` for integers, and timestamps whose frequency is unknown
        (fewer than three, or irregular).

    Examples
    --------
    >>> import pandas as pd
    >>> index_frequency(pd.DatetimeIndex(["2000-01-01", "2000-01-02", "2000-01-03"]))
    <Day>
    >>> index_frequency(pd.DatetimeIndex(["2000-01-01", "2000-01-02"])) is None
    True
    """
    index = _labels_with_frequency(index)
    freq = getattr(index, "freq", None)
    if freq is None and isinstance(index, pd.DatetimeIndex) and len(index) > 2:
        inferred = pd.infer_freq(index)
        freq = None if inferred is None else pd.tseries.frequencies.to_offset(inferred)
    return freq


def with_frequency(y: pd.DataFrame, frequency: pd.DateOffset | None) -> pd.DataFrame:
    """Give an update's timestamps the frequency fitted, when they are on it.

    Timestamps read from a file carry no frequency, and sktime infers the
    cutoff's from the new rows alone (and, in its loop over a panel's
    series, sets it on each series): five business days in a row look
    daily, and ``predict`` then refused "Frequencies from two sources do not
    coincide". Rows on the fitted frequency are given it; others are left
    to the checks that they continue the series.

    Examples
    --------
    >>> import pandas as pd
    >>> new = pd.DataFrame({"y": [1.0, 2.0]}, index=pd.to_datetime(["2000-01-06", "2000-01-07"]))
    >>> with_frequency(new, pd.offsets.BDay()).index.freqstr
    'B'
    """  # noqa: E501
    index = getattr(y, "index", None)
    if not isinstance(index, pd.DatetimeIndex) or frequency in (None, index.freq):
        return y  # (a frequency other than fitted may be one inferred from few rows)
    try:  # pandas checks that the labels are on it (from labels without one)
        return y.set_axis(
            pd.DatetimeIndex(pd.DatetimeIndex(index, freq=None), freq=frequency)
        )
    except ValueError:
        return y


def at_another_frequency(labels: pd.Index, fitted: pd.DateOffset | None) -> bool:
    """Whether the time labels of an update are at another frequency than fit's.

    Periods carry their frequency. Timestamps need not: an update's may be
    rows revised here and there, or the ends of series that end at different
    times, whose inferred frequency ("2D") is not theirs. They are surely at
    another frequency when two are less than a step of fit apart (hours after
    days): calendar steps (days and longer) on the local clock, where days
    across a daylight-saving change are 23 hours apart, and fixed steps
    (hours, minutes) in real time, where the clock going back makes a 6-hour
    step look 5 hours long. Coarser new rows fail the check that they
    continue the series.

    Examples
    --------
    >>> import pandas as pd
    >>> hours = pd.date_range("2000-02-10", periods=3, freq="h")
    >>> at_another_frequency(hours, pd.offsets.Day())
    True
    >>> at_another_frequency(hours, pd.offsets.Hour())
    False
    """
    if fitted is None:  # integers, or a timestamp or two fitted
        return False
    if isinstance(labels, pd.PeriodIndex):
        return labels.freq != fitted
    if not isinstance(labels, pd.DatetimeIndex):
        return False
    clock = _clock(labels, fitted)
    return bool((clock[1:] < clock[:-1] + fitted).any())


def at_a_coarser_frequency(labels: pd.Index, fitted: pd.DateOffset | None) -> bool:
    """Whether time labels are all further apart than a step of ``fitted``.

    The check of a whole series (or panel) against the frequency a network
    was trained at, where :func:`at_another_frequency` sees only labels
    closer than a step: months after days, quarters after months. Every
    two labels in a row must be at least two steps of ``fitted`` apart (on
    the clock :func:`at_another_frequency` reads), so that a series with a
    few rows missing is not taken for a coarser one, nor are month-start
    dates (or monthly periods, read as their first day) after month ends.
    Not for an update: its rows may be revisions here and there.

    Parameters
    ----------
    labels : pandas.Index
        The time labels of the data; periods are read as their start.
    fitted : pandas.DateOffset or None
        The frequency the network was trained at; ``None`` (integers, or
        timestamps of no known frequency) never differs.

    Returns
    -------
    coarser : bool
        ``False`` also for fewer than two labels, and for integers.

    Examples
    --------
    >>> import pandas as pd
    >>> months = pd.period_range("2000-01", periods=3, freq="M")
    >>> at_a_coarser_frequency(months, pd.offsets.Day())
    True
    >>> at_a_coarser_frequency(months, pd.offsets.MonthEnd())
    False
    >>> at_a_coarser_frequency(months.to_timestamp(), pd.offsets.MonthEnd())
    False
    """
    if fitted is None:
        return False
    if isinstance(labels, pd.PeriodIndex):
        labels = labels.to_timestamp()
    if not isinstance(labels, pd.DatetimeIndex):
        return False
    clock = _clock(labels, fitted)
    if len(clock) < 2:
        return False
    return bool((clock[1:] >= clock[:-1] + 2 * fitted).all())


def _clock(labels: pd.DatetimeIndex, fitted: pd.DateOffset) -> pd.DatetimeIndex:
    """Return the labels, sorted, unique, on the clock that counts steps of ``fitted``.

    Calendar steps (days and longer) on the local clock; fixed steps (hours,
    minutes) in real time.
    """
    fixed = isinstance(fitted, offsets.Tick) and not isinstance(fitted, offsets.Day)
    if fixed and labels.tz is not None:
        clock = labels.tz_convert("UTC")
    else:
        clock = labels.tz_localize(None)
    return clock.unique().sort_values()
