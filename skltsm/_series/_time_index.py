"""The time axis of observations: ordering, regularity and continuation.

A forecast pipeline needs to know that its rows are in time order, equally
spaced, whether a block of rows continues the rows it was fitted on, and how
many steps separate two labels (a series' end and a label asked for). This
module answers those four questions for the index types that carry time:
``PeriodIndex``, ``DatetimeIndex`` and integer indexes (``RangeIndex``
included). Any other index is rejected with a message that says what to pass.

The step between consecutive labels is an ``int`` (integer and period
indexes; ``Period + 1`` is the next period) or a ``pandas.DateOffset`` /
``Timedelta`` (datetime indexes), so ``label + step`` is always the next label.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from pandas.tseries.frequencies import to_offset
from pandas.tseries.offsets import Tick

__all__ = [
    "check_continues",
    "check_consecutive_rows",
    "check_regular",
    "check_same_clock",
    "check_time_order",
    "index_kind",
    "in_the_time_zone_of",
    "infer_step",
    "is_time_index",
    "known_step",
    "labels_after",
    "next_labels",
    "regular_on_the_local_clock",
    "signed_labels",
    "step_name",
    "steps_apart",
]

Step = int | pd.DateOffset | pd.Timedelta


def is_time_index(index: pd.Index) -> bool:
    """Whether ``index`` is a kind of index that can carry time."""
    return isinstance(index, pd.PeriodIndex | pd.DatetimeIndex) or (
        pd.api.types.is_integer_dtype(index.dtype)
    )


def index_kind(index: pd.Index, frequency: pd.DateOffset | None = None) -> str:
    """Describe the kind of a time index: ``period[M]``, ``datetime`` or ``integer``.

    Parameters
    ----------
    index : pandas.Index
        Time labels.
    frequency : pandas.DateOffset or None, default=None
        The frequency of timestamps, named as that of periods is
        (``datetime[D]``); ``None``: ``datetime``.

    Examples
    --------
    >>> import pandas as pd
    >>> index_kind(pd.period_range("2000-01", periods=2, freq="M"))
    'period[M]'
    >>> days = pd.date_range("2000-01-01", periods=3, freq="D")
    >>> index_kind(days), index_kind(days, days.freq)
    ('datetime', 'datetime[D]')
    """
    if isinstance(index, pd.PeriodIndex):
        return f"period[{index.freqstr}]"
    if isinstance(index, pd.DatetimeIndex):
        return "datetime" if frequency is None else f"datetime[{frequency.freqstr}]"
    if pd.api.types.is_integer_dtype(index.dtype):
        return "integer"
    return f"{type(index).__name__} of dtype {index.dtype}"


def infer_step(
    index: pd.Index, *, what: str = "X", absolute_clock: bool = False
) -> Step | None:
    """Validate a time index and return the step between its labels.

    Parameters
    ----------
    index : pandas.Index
        A ``PeriodIndex``, ``DatetimeIndex`` or integer index.
    what : str, default="X"
        Name of the data the index belongs to, used in error messages.
    absolute_clock : bool, default=False
        Also accept time-zone-aware labels a fixed time apart (hours, days)
        that pandas cannot infer a frequency for on the local clock: daily
        labels 24 hours apart across a daylight-saving change, as pandas and
        sktime step them. For panels, whose forecast labels skltsm builds;
        sktime's own horizons cannot count from such a series' end.

    Returns
    -------
    step : int, pandas.DateOffset, pandas.Timedelta or None
        ``label + step`` is the next label. ``None`` when the index has fewer
        than two labels and no frequency of its own.

    Raises
    ------
    TypeError
        If the index cannot carry time (strings, floats, ...).
    ValueError
        If labels are missing, duplicated, unsorted or unequally spaced.

    Examples
    --------
    >>> import pandas as pd
    >>> infer_step(pd.period_range("1949-01", periods=3, freq="M"))
    1
    >>> infer_step(pd.Index([0, 2, 4]))
    2
    >>> infer_step(pd.Index([3, 1, 2]))
    Traceback (most recent call last):
    ...
    ValueError: The time index of X must be strictly increasing; first violation at position 1 (1 <= 3). Sort the rows first, e.g. X.sort_index().
    """  # noqa: E501
    if not is_time_index(index):
        raise TypeError(
            f"The index of {what} must be a PeriodIndex, a DatetimeIndex or an "
            f"integer index (RangeIndex); got {type(index).__name__} of dtype "
            f"{index.dtype}. Set a time index, e.g. {what}.index = "
            f"pd.period_range(start, periods=len({what}), freq='M')."
        )
    _check_no_missing_stamp(index, what)
    _check_strictly_increasing(index, what)
    if isinstance(index, pd.PeriodIndex):
        step: Step | None = 1
    elif isinstance(index, pd.DatetimeIndex):
        step = _datetime_step(index, what, absolute_clock)
    else:
        step = _integer_step(index)
    if step is not None and len(index) > 2:
        check_regular(index, step, what=what)
    return step


def check_consecutive_rows(X: object, owner: str) -> None:
    """Refuse a pandas ``X`` whose time labels are unsorted, duplicated or missing.

    A transformer that reads row ``t - k`` as ``k`` rows before row ``t``
    (lags, differences) would otherwise read the future of a reversed
    series. Unequal spacing is not refused: business days with a holiday,
    dates on the 15th or local midnights across a daylight-saving change are
    consecutive observations to a transformer on its own (the forecasting
    pipeline, which labels forecasts with times, asks for a regular index).
    Arrays, a ``RangeIndex`` and labels that carry no time (strings) are
    taken as consecutive rows; a ``MultiIndex`` of one series (a panel's
    slice) is checked by its time level.

    Parameters
    ----------
    X : object
        The transformer's input.
    owner : str
        The transformer, for messages.

    Raises
    ------
    ValueError
        A missing label (NaT) or labels that do not increase strictly, the
        message prefixed with what ``owner`` needs.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"y": [1.0, 2.0]}, index=pd.period_range("2000-01", periods=2, freq="M"))
    >>> check_consecutive_rows(X.iloc[::-1], "LagTransformer")
    Traceback (most recent call last):
    ...
    ValueError: LagTransformer reads the rows of X as consecutive time steps. The time index of X must be strictly increasing; first violation at position 1 (2000-01 <= 2000-02). Sort the rows first, e.g. X.sort_index().
    """  # noqa: E501
    index = getattr(X, "index", None)
    if not isinstance(X, pd.DataFrame | pd.Series):
        return
    if isinstance(index, pd.MultiIndex):
        if index.droplevel(-1).nunique(dropna=False) > 1:
            return  # several series: the panel's own checks are per series
        index = index.get_level_values(-1)  # a panel's slice: one series' times
    if isinstance(index, pd.RangeIndex) and index.step > 0:
        return  # sorted and regular
    if not is_time_index(index):
        return
    try:
        check_time_order(index, what="X")
    except ValueError as error:
        raise ValueError(
            f"{owner} reads the rows of X as consecutive time steps. {error}"
        ) from None


def check_regular(index: pd.Index, step: Step, *, what: str = "X") -> None:
    """Raise ``ValueError`` unless each label is the previous one plus ``step``.

    Parameters
    ----------
    index : pandas.Index
        A time index.
    step : int, pandas.DateOffset or pandas.Timedelta
        The expected step, as returned by :func:`infer_step`.
    what : str, default="X"
        Name of the data the index belongs to, used in error messages.
    """
    if len(index) < 2:
        return
    expected = next_labels(index[:-1], step)
    mismatch = np.flatnonzero(np.asarray(index[1:] != expected))
    if mismatch.size:
        k = int(mismatch[0]) + 1
        should_be = (
            f"{index[k]} at position {k} should be {expected[k - 1]} (one step "
            f"of {_step_of(index, step)} after {index[k - 1]})"
        )
        other = _another_frequency(index, k, step)
        if other is not None:
            raise ValueError(
                f"The time index of {what} is at another frequency than "
                f"{step_name(step)}: its labels from {index[k]} on are regular at "
                f"{other}, and {should_be}. Label the rows at {step_name(step)}, "
                f"or fit on rows at {other}."
            )
        advice = (
            regular_on_the_local_clock(index[k - 1], index[k], step, what)
            or f"Put the series on a regular grid first, e.g. {what}.asfreq(...) "
            f"or {what}.resample(...), and fill the gaps."
        )
        raise ValueError(
            f"The time index of {what} is irregular: {should_be}. {advice}"
        )


def _another_frequency(index: pd.Index, k: int, step: Step) -> str | None:
    """Name the frequency the labels keep from position ``k - 1`` (or ``k``) on.

    ``None`` unless it is another than ``step``: month starts after a fit on
    month ends are not irregular, and no filling of gaps puts them right.
    From ``k`` on, for new rows after stored ones (an update).
    """
    for rest in (index[k - 1 :], index[k:]):
        if isinstance(rest, pd.DatetimeIndex) and len(rest) > 2:
            freq = pd.infer_freq(rest)
            if freq is not None and to_offset(freq) != step:
                return freq
    return None


def regular_on_the_local_clock(before, after, step: Step, what: str) -> str:
    """Explain a step that only a daylight-saving change makes irregular.

    pandas adds a ``Tick`` step (``D``, ``h``) to time-zone-aware labels in
    absolute time, as sktime's forecasting horizons do: local midnights are
    23 or 25 hours apart across a daylight-saving change, so a daily series
    built by ``pd.date_range(..., freq="D", tz=...)`` is not regular in
    those steps. Called on two labels that are not one ``step`` apart in
    absolute time, returns the advice when they are on the local clock,
    else an empty string.

    Examples
    --------
    >>> import pandas as pd
    >>> days = pd.date_range("2020-03-28", periods=3, freq="D", tz="Europe/Paris")
    >>> regular_on_the_local_clock(days[1], days[2], days.freq, "y")[:48]
    'The labels are one step apart on the local clock'
    """
    if getattr(after, "tzinfo", None) is None or not isinstance(step, Tick):
        return ""
    local = pd.Index([before.tz_localize(None)])
    if next_labels(local, step)[0] != after.tz_localize(None):
        return ""
    return (
        f"The labels are one step apart on the local clock of {after.tzinfo}, "
        "but not in absolute time: a daylight-saving change lies between them, "
        "and pandas and sktime step time-zone-aware labels in absolute time. "
        f"Keep the local times without the zone: {what}.tz_localize(None), "
        f"or {what}.tz_localize(None, level=-1) on a panel's time level."
    )


def in_the_time_zone_of(frame: pd.DataFrame, fitted: pd.Index) -> pd.DataFrame:
    """Return ``frame`` with its time labels in the time zone of ``fitted``'s.

    Two zones name the same instants, but pandas concatenates them into an
    index of objects, which no time check takes: new rows in UTC after rows
    in Europe/Paris are converted to Europe/Paris. Naive labels, and labels
    of no other zone, are returned as they are.

    Examples
    --------
    >>> import pandas as pd
    >>> paris = pd.date_range("2000-01-01", periods=2, freq="h", tz="Europe/Paris")
    >>> new = pd.DataFrame({"y": [1.0]}, index=paris[1:].tz_convert("UTC"))
    >>> in_the_time_zone_of(new, paris[:1]).index.equals(paris[1:])
    True
    """
    zone = getattr(_time_level(fitted), "tz", None)
    labels = _time_level(frame.index)
    if zone is None or getattr(labels, "tz", None) is None or labels.tz == zone:
        return frame
    if isinstance(frame.index, pd.MultiIndex):
        return frame.set_axis(frame.index.set_levels(labels.tz_convert(zone), level=-1))
    return frame.set_axis(labels.tz_convert(zone))


def _time_level(index: pd.Index) -> pd.Index:
    """One series' labels, or the time level of a panel's index."""
    return index.levels[-1] if isinstance(index, pd.MultiIndex) else index


def check_same_clock(
    times: pd.Index,
    fitted_times: pd.Index,
    *,
    level: int | None = None,
    owner: str = "the pipeline",
) -> None:
    """Refuse naive timestamps after aware ones, or the reverse.

    Two time zones name the same instants and compare; a naive label has no
    instant, and would silently miss every stored row. ``level``: the time
    level of a panel, for the advice; ``owner``: what was fitted.

    Examples
    --------
    >>> import pandas as pd
    >>> aware = pd.date_range("2000-01-01", periods=2, freq="h", tz="UTC")
    >>> check_same_clock(aware.tz_convert("Asia/Tokyo"), aware)  # the same instants
    >>> check_same_clock(aware.tz_localize(None), aware)
    Traceback (most recent call last):
    ...
    TypeError: The time labels of X are in time zone None, but the pipeline was fitted on labels in time zone UTC; pass labels of the same kind, e.g. X.tz_localize('UTC').
    """  # noqa: E501
    zone, fitted_zone = getattr(times, "tz", None), getattr(fitted_times, "tz", None)
    if (zone is None) == (fitted_zone is None):
        return
    on_level = "" if level is None else f", level={level}"
    if zone is None:
        fix = f"X.tz_localize({str(fitted_zone)!r}{on_level})"
    else:
        fix = f"X.tz_localize(None{on_level}) (or convert them first)"
    raise TypeError(
        f"The time labels of X are in time zone {zone}, but {owner} was "
        f"fitted on labels in time zone {fitted_zone}; pass labels of the same "
        f"kind, e.g. {fix}."
    )


def next_labels(labels: pd.Index, step: Step) -> pd.Index:
    """Return the label that follows each of ``labels``."""
    return labels + step


def signed_labels(labels: pd.Index) -> pd.Index:
    """Return unsigned integer labels as int64, other labels as they are.

    A step back from an unsigned label would wrap around (or fail), and
    appending int64 labels to unsigned ones gives floats.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> signed_labels(pd.Index(np.array([3, 4], dtype=np.uint64))).dtype
    dtype('int64')
    """
    return labels.astype(np.int64) if labels.dtype.kind == "u" else labels


def labels_after(ends: pd.Index, step: Step, aheads: Sequence[int]) -> pd.Index:
    """Return the label ``a`` steps after each end, for each ``a`` of ``aheads``.

    One vectorised addition per ``a``, not one per label (adding a calendar
    offset to a single timestamp costs about ten microseconds).

    Returns
    -------
    labels : pandas.Index
        ``len(aheads) * len(ends)`` labels, ahead-major: position
        ``i * len(ends) + k`` is ``aheads[i]`` steps after ``ends[k]``.

    Examples
    --------
    >>> import pandas as pd
    >>> ends = pd.period_range("2000-01", periods=2, freq="M")
    >>> labels_after(ends, 1, [1, 2]).strftime("%Y-%m").tolist()
    ['2000-02', '2000-03', '2000-03', '2000-04']
    """
    ends = signed_labels(pd.Index(ends))
    parts = [next_labels(ends, step * int(ahead)) for ahead in aheads]
    return ends[:0].append(parts) if parts else ends[:0]


def steps_apart(starts: pd.Index, stops: pd.Index, step: Step | None) -> np.ndarray:
    """Count the steps from each label of ``starts`` to each label of ``stops``.

    A step is one row of the series: integer labels count in steps of
    ``step`` (label 192 is two steps after 188 on a grid of 2, and 189 is
    off it); periods count in periods of their frequency (``2M``: two months
    a step); timestamps count in steps of ``step``, on its calendar for
    anchored offsets (month ends, business days).

    Parameters
    ----------
    starts, stops : pandas.Index
        Labels of one kind (the ends of the series, the labels asked for).
    step : int, pandas.DateOffset, pandas.Timedelta or None
        The series' step; needed for timestamps (``None`` on integer labels
        counts label units: no series showed its step).

    Returns
    -------
    steps : ndarray of int, shape (len(starts), len(stops))
        Negative where a stop comes before its start.

    Raises
    ------
    ValueError
        If a label of ``stops`` is not on the grid of ``starts``, or the step
        of timestamps is unknown.

    Examples
    --------
    >>> import pandas as pd
    >>> ends = pd.period_range("2000-01", periods=2, freq="2M")  # Jan and Mar
    >>> steps_apart(ends, pd.PeriodIndex(["2000-07"], freq="2M"), 1).tolist()
    [[3], [2]]
    >>> steps_apart(pd.Index([18, 16]), pd.Index([20]), 2).tolist()
    [[1], [2]]
    >>> month_ends = pd.DatetimeIndex(["2000-03-31"])
    >>> steps_apart(month_ends, pd.DatetimeIndex(["2000-01-31"]), "ME").tolist()
    [[-2]]
    """
    if not len(starts) or not len(stops):
        return np.zeros((len(starts), len(stops)), dtype=np.int64)
    if pd.api.types.is_integer_dtype(starts.dtype):
        return _whole_steps(_outer_difference(starts, stops), int(step or 1), stops)
    if isinstance(starts, pd.PeriodIndex):
        return _whole_steps(_outer_difference(starts, stops), starts.freq.n, stops)
    offset = to_offset(known_step(step))
    if isinstance(offset, Tick):
        size = pd.Timedelta(offset).value  # nanoseconds, as _int64 reads them
        return _whole_steps(_outer_difference(starts, stops), size, stops)
    grid = _calendar_grid(starts, stops, offset)
    at_starts, at_stops = grid.get_indexer(starts), grid.get_indexer(stops)
    if (at_starts < 0).any():
        raise ValueError(
            f"The series' ends {starts[at_starts < 0][:3].tolist()} are not on the "
            f"grid of steps of {offset.freqstr} that runs through {starts.min()}: "
            "count absolute labels for such series one at a time, or ask for "
            "relative steps."
        )
    _check_on_grid(at_stops < 0, stops)
    return np.subtract.outer(at_stops, at_starts).T


def known_step(step: Step | None) -> Step:
    """Return ``step``; ``None`` (no series has two rows) is a clear error."""
    if step is None:
        raise ValueError(
            "The step between the series' times is unknown (no series has two "
            "rows and the time index has no frequency): give the time level a "
            "frequency, or ask for relative steps."
        )
    return step


def _calendar_grid(starts: pd.Index, stops: pd.Index, offset) -> pd.DatetimeIndex:
    """Dates a step of ``offset`` apart, through the earliest start, spanning all.

    Anchored at a series' end, so that a multiple offset (``2ME``) keeps the
    series' phase, whichever label comes first.
    """
    anchor, first = starts.min(), min(starts.min(), stops.min())
    before = len(pd.date_range(first, anchor, freq=offset)) + 1
    earlier = pd.date_range(end=anchor, periods=before, freq=offset)
    later = pd.date_range(anchor, max(starts.max(), stops.max()), freq=offset)
    return earlier.append(later[1:])


def _outer_difference(starts: pd.Index, stops: pd.Index) -> np.ndarray:
    """``stop - start`` for every pair, in the index's integer units."""
    return np.subtract.outer(_int64(stops), _int64(starts)).T


def _int64(index: pd.Index) -> np.ndarray:
    """Integer labels, period ordinals or nanoseconds."""
    if isinstance(index, pd.DatetimeIndex):
        return np.asarray(index.as_unit("ns").asi8)
    if isinstance(index, pd.PeriodIndex):
        return np.asarray(index.asi8)
    return index.to_numpy(np.int64)


def _whole_steps(units: np.ndarray, size: int, stops: pd.Index) -> np.ndarray:
    """Count in steps of ``size`` units; a stop between two steps is an error."""
    _check_on_grid((units % size != 0).any(axis=0), stops)
    return units // size


def _check_on_grid(off_grid: np.ndarray, stops: pd.Index) -> None:
    if off_grid.any():
        label = stops[int(np.flatnonzero(off_grid)[0])]
        raise ValueError(
            f"The label {label} is not on the series' grid of time steps; ask for "
            "labels on it (or relative steps)."
        )


def check_continues(history: pd.Index, block_start: object, step: Step | None) -> bool:
    """Whether the block starting at ``block_start`` follows ``history``.

    Parameters
    ----------
    history : pandas.Index
        Labels of the rows that come before the block (may be empty).
    block_start : label
        First label of the block.
    step : int, pandas.DateOffset, pandas.Timedelta or None
        Step of the time axis; ``None`` means unknown, so no continuation.

    Returns
    -------
    bool
        True when the last label of ``history`` is exactly one step before
        ``block_start``.
    """
    if step is None or len(history) == 0:
        return False
    return bool(next_labels(history[-1:], step)[0] == block_start)


def check_time_order(index: pd.Index, *, what: str = "X") -> None:
    """Refuse a missing label (NaT) or labels that do not increase strictly.

    The order :func:`infer_step` asks for, without its spacing: for rows
    that need not be regular (the future covariates of a forecast, rows
    revised by an update).

    Raises
    ------
    ValueError
        Naming the first label out of order, or the missing one.

    Examples
    --------
    >>> import pandas as pd
    >>> check_time_order(pd.Index([1, 5, 3]))
    Traceback (most recent call last):
    ...
    ValueError: The time index of X must be strictly increasing; first violation at position 2 (3 <= 5). Sort the rows first, e.g. X.sort_index().
    """  # noqa: E501
    _check_no_missing_stamp(index, what)
    _check_strictly_increasing(index, what)


def _check_no_missing_stamp(index: pd.Index, what: str) -> None:
    if isinstance(index, pd.DatetimeIndex) and index.hasnans:
        position = int(np.flatnonzero(index.isna())[0])
        raise ValueError(
            f"The time index of {what} has a missing time stamp (NaT) at "
            f"position {position}. Drop or fill that row first."
        )


def _check_strictly_increasing(index: pd.Index, what: str) -> None:
    if index.is_monotonic_increasing and index.is_unique:
        return
    values = index.to_numpy()
    duplicated = index.duplicated()
    if duplicated.any() and index.is_monotonic_increasing:
        k = int(np.flatnonzero(duplicated)[0])
        raise ValueError(
            f"The time index of {what} has duplicated time stamps: {values[k]} "
            f"appears {int((index == index[k]).sum())} times. Aggregate or drop "
            f"the duplicates first, e.g. {what}.groupby(level=0).mean()."
        )
    k = int(np.flatnonzero(~(index[1:] > index[:-1]))[0]) + 1
    raise ValueError(
        f"The time index of {what} must be strictly increasing; first violation "
        f"at position {k} ({values[k]} <= {values[k - 1]}). Sort the rows first, "
        f"e.g. {what}.sort_index()."
    )


def _datetime_step(
    index: pd.DatetimeIndex, what: str, absolute_clock: bool = False
) -> Step | None:
    if index.freq is not None:
        return index.freq
    if len(index) < 2:
        return None
    if len(index) == 2:
        return pd.Timedelta(index[1] - index[0])
    freq = pd.infer_freq(index)
    if freq is not None:
        return to_offset(freq)
    in_utc = _absolute_step(index)
    if in_utc is not None and absolute_clock:
        return in_utc  # pandas infers on the local clock but steps in absolute time
    calendar = _calendar_advice(index, what)
    if calendar is not None:
        raise ValueError(
            f"The time index of {what} is irregular for pandas: no frequency can "
            f"be inferred from it (pandas.infer_freq returned None). {calendar}"
        )
    # No frequency fits the whole index: find where the start's rhythm breaks.
    start_freq = _rhythm_of_the_start(index)
    if start_freq is not None:
        check_regular(index, to_offset(start_freq), what=what)
    advice = (
        f"Put the series on a regular grid first, e.g. {what}.asfreq(...) or "
        f"{what}.resample(...)."
    )
    if in_utc is not None:
        advice = (
            f"Its labels are regular in absolute time (one step of "
            f"{step_name(in_utc)} in UTC) but not on the local clock of "
            f"{index.tz}, on which pandas and sktime infer "
            f"frequencies: forecast in UTC, {what}.tz_convert('UTC'), and convert "
            f"the forecast back with .tz_convert('{index.tz}')."
        )
    raise ValueError(
        f"The time index of {what} is irregular: no frequency can be inferred "
        f"from it (pandas.infer_freq returned None). {advice}"
    )


def _rhythm_of_the_start(index: pd.DatetimeIndex) -> str | None:
    """Return the frequency of the longest run of labels from the first that has one.

    Three labels are too few to tell: Monday to Wednesday of business days
    look daily, and the first weekend would be named as the gap. The runs
    shorter than a run with a frequency have one too (not always the same:
    daily for the three business days), so the longest is found by bisection.
    ``None`` when the first three labels have none.
    """
    if pd.infer_freq(index[:3]) is None:
        return None
    regular, irregular = 3, len(index)  # the whole index has none
    while irregular - regular > 1:
        middle = (regular + irregular) // 2
        if pd.infer_freq(index[:middle]) is None:
            irregular = middle
        else:
            regular = middle
    return pd.infer_freq(index[:regular])


#: Calendar steps, in months, that a ``PeriodIndex`` labels: frequency, words.
_CALENDAR_STEPS = {1: ("M", "month"), 3: ("Q", "quarter"), 12: ("Y", "year")}
_DAY = np.timedelta64(1, "D")


def _calendar_advice(index: pd.DatetimeIndex, what: str) -> str | None:
    """Explain labels one calendar month, quarter or year apart, off an anchor.

    Monthly labels on the 15th (say) are regular on the calendar, but pandas'
    monthly frequencies are anchored on the first or last day, so none is
    inferred; filling them onto one (``asfreq``) would leave only NaN. A
    ``PeriodIndex`` labels the same months, and every step of skltsm takes
    it. ``None`` when the labels are not such a calendar step apart.

    Examples
    --------
    >>> import pandas as pd
    >>> index = pd.date_range("2000-01-01", periods=4, freq="MS")
    >>> _calendar_advice(index + pd.Timedelta(days=14), "X")
    "Its labels are one calendar month apart, all on day 15 of their month, ...
    X.to_period('M'); in a panel, ..."
    """
    wall = index.tz_localize(None)  # days and times of the local calendar
    months = np.asarray(wall.year * 12 + wall.month)
    steps = np.unique(np.diff(months))
    if len(steps) != 1 or int(steps[0]) not in _CALENDAR_STEPS:
        return None
    within = np.asarray(wall - wall.to_period("M").to_timestamp())
    if not (within == within[0]).all():
        return None
    freq, unit = _CALENDAR_STEPS[int(steps[0])]
    first = wall[0]
    at = f"day {first.day}" + (f" at {first:%H:%M:%S}" if within[0] % _DAY else "")
    return (
        f"Its labels are one calendar {unit} apart, all on {at} of their "
        "month, where no pandas frequency is anchored (they fall on the first "
        f"or last day of a month), so {what}.asfreq(...) would leave only "
        f"NaN. Label the rows by {unit} with a PeriodIndex, X and y alike: "
        f"{what}.to_period({freq!r}); in a panel, the time level: "
        f"{what}.index = {what}.index.set_levels({what}.index.levels[-1]"
        f".to_period({freq!r}), level=-1)."
    )


def _absolute_step(index: pd.DatetimeIndex) -> Tick | None:
    """Return the fixed step of tz-aware labels in absolute time, if any."""
    if index.tz is None:
        return None
    in_utc = pd.infer_freq(index.tz_convert("UTC"))
    if in_utc is None or not isinstance(to_offset(in_utc), Tick):
        return None
    return to_offset(in_utc)


def _integer_step(index: pd.Index) -> int | None:
    if len(index) < 2:
        return None
    return int(index[1] - index[0])


def _step_of(index: pd.Index, step: Step) -> str:
    """Name a step of ``index``: periods counted in their frequency (``1 M``)."""
    if isinstance(index, pd.PeriodIndex) and not isinstance(step, pd.DateOffset):
        return f"{step} {index.freqstr}"
    return step_name(step)


def step_name(step: Step) -> str:
    """Name a step for messages: an offset's alias (``ME``), else its ``str``.

    Examples
    --------
    >>> import pandas as pd
    >>> step_name(pd.offsets.MonthEnd()), step_name(2)
    ('ME', '2')
    """
    if isinstance(step, pd.DateOffset):
        return step.freqstr
    return str(step)
