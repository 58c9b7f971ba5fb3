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

__all__ = ["SEASONAL_PERIODS", "index_frequency", "seasonal_period"]

#: Offset class -> seasonal period, M4's choice for each frequency.
SEASONAL_PERIODS: dict[type, int] = {
    offsets.Hour: 24,
    offsets.Day: 7,
    offsets.BusinessDay: 5,
    offsets.Week: 52,
    offsets.MonthEnd: 12,
    offsets.MonthBegin: 12,
    offsets.QuarterEnd: 4,
    offsets.QuarterBegin: 4,
    offsets.YearEnd: 1,
    offsets.YearBegin: 1,
}

_TIMEDELTA_PERIODS = {pd.Timedelta(hours=1): 24, pd.Timedelta(days=1): 7}


def seasonal_period(index: pd.Index) -> int:
    """Return the seasonal period the frequency of a time index implies.

    Parameters
    ----------
    index : pandas.Index
        The time labels of a series (the time level of a panel's index).

    Returns
    -------
    sp : int
        24 hourly, 7 daily, 5 business-daily, 52 weekly, 12 monthly,
        4 quarterly; 1 yearly and for any index without a calendar
        frequency (integers, multiples of a unit, unknown steps).

    Examples
    --------
    >>> import pandas as pd
    >>> seasonal_period(pd.period_range("2000-01", periods=3, freq="M"))
    12
    >>> seasonal_period(pd.date_range("2000-01-01", periods=3, freq="h"))
    24
    >>> seasonal_period(pd.RangeIndex(3))
    1
    """
    if isinstance(index, pd.MultiIndex):
        index = index.levels[-1]
    freq = index_frequency(index)
    if freq is None:
        return 1
    if isinstance(freq, pd.Timedelta):
        return _TIMEDELTA_PERIODS.get(freq, 1)
    if freq.n != 1:
        return 1
    return next(
        (sp for kind, sp in SEASONAL_PERIODS.items() if isinstance(freq, kind)), 1
    )


def index_frequency(index: pd.Index) -> pd.DateOffset | None:
    """Return the frequency of time labels: their own, else the one pandas infers.

    Timestamps read from a file, or a panel's time level, may carry no
    frequency; pandas infers one from three labels or more.

    Parameters
    ----------
    index : pandas.Index
        Time labels: a ``PeriodIndex``, a ``DatetimeIndex``, integers.

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
    freq = getattr(index, "freq", None)
    if freq is None and isinstance(index, pd.DatetimeIndex) and len(index) > 2:
        inferred = pd.infer_freq(index)
        freq = None if inferred is None else pd.tseries.frequencies.to_offset(inferred)
    return freq
