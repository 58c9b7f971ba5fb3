"""The time axis of observations: ordering, regularity and continuation.

A forecast pipeline needs to know that its rows are in time order, equally
spaced, and whether a block of rows continues the rows it was fitted on. This
module answers those three questions for the index types that carry time:
``PeriodIndex``, ``DatetimeIndex`` and integer indexes (``RangeIndex``
included). Any other index is rejected with a message that says what to pass.

The step between consecutive labels is an ``int`` (integer and period
indexes; ``Period + 1`` is the next period) or a ``pandas.DateOffset`` /
``Timedelta`` (datetime indexes), so ``label + step`` is always the next label.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.tseries.frequencies import to_offset

__all__ = [
    "check_continues",
    "check_regular",
    "index_kind",
    "infer_step",
    "is_time_index",
    "next_labels",
    "steps_between",
]

Step = int | pd.DateOffset | pd.Timedelta


def is_time_index(index: pd.Index) -> bool:
    """Whether ``index`` is a kind of index that can carry time."""
    return isinstance(index, pd.PeriodIndex | pd.DatetimeIndex) or (
        pd.api.types.is_integer_dtype(index.dtype)
    )


def index_kind(index: pd.Index) -> str:
    """Describe the kind of a time index: ``period[M]``, ``datetime`` or ``integer``.

    Examples
    --------
    >>> import pandas as pd
    >>> index_kind(pd.period_range("2000-01", periods=2, freq="M"))
    'period[M]'
    """
    if isinstance(index, pd.PeriodIndex):
        return f"period[{index.freqstr}]"
    if isinstance(index, pd.DatetimeIndex):
        return "datetime"
    if pd.api.types.is_integer_dtype(index.dtype):
        return "integer"
    return f"{type(index).__name__} of dtype {index.dtype}"


def infer_step(index: pd.Index, *, what: str = "X") -> Step | None:
    """Validate a time index and return the step between its labels.

    Parameters
    ----------
    index : pandas.Index
        A ``PeriodIndex``, ``DatetimeIndex`` or integer index.
    what : str, default="X"
        Name of the data the index belongs to, used in error messages.

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
    if isinstance(index, pd.DatetimeIndex) and index.hasnans:
        position = int(np.flatnonzero(index.isna())[0])
        raise ValueError(
            f"The time index of {what} has a missing time stamp (NaT) at "
            f"position {position}. Drop or fill that row first."
        )
    _check_strictly_increasing(index, what)
    if isinstance(index, pd.PeriodIndex):
        step: Step | None = 1
    elif isinstance(index, pd.DatetimeIndex):
        step = _datetime_step(index, what)
    else:
        step = _integer_step(index, what)
    if step is not None and len(index) > 2:
        check_regular(index, step, what=what)
    return step


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
        raise ValueError(
            f"The time index of {what} is irregular: {index[k]} at position {k} "
            f"should be {expected[k - 1]} (one step of {_describe(step)} after "
            f"{index[k - 1]}). Put the series on a regular grid first, e.g. "
            f"{what}.asfreq(...) or {what}.resample(...), and fill the gaps."
        )


def next_labels(labels: pd.Index, step: Step) -> pd.Index:
    """Return the label that follows each of ``labels``."""
    return labels + step


def steps_between(start: object, stop: object, step: Step) -> int:
    """Count the steps from the label ``start`` to the label ``stop``.

    Examples
    --------
    >>> import pandas as pd
    >>> steps_between(pd.Period("2000-01", "M"), pd.Period("2000-04", "M"), 1)
    3
    >>> steps_between(10, 16, 2)
    3
    >>> steps_between(pd.Timestamp("2000-03-31"), pd.Timestamp("2000-01-31"), "ME")
    -2
    """
    if isinstance(start, pd.Timestamp) and stop < start:
        return -steps_between(stop, start, step)
    if isinstance(start, pd.Period):
        return int((stop - start).n) // int(step)
    if isinstance(start, pd.Timestamp):
        return len(pd.date_range(start, stop, freq=step)) - 1
    return int((stop - start) // step)


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


def _datetime_step(index: pd.DatetimeIndex, what: str) -> Step | None:
    if index.freq is not None:
        return index.freq
    if len(index) < 2:
        return None
    if len(index) == 2:
        return pd.Timedelta(index[1] - index[0])
    freq = pd.infer_freq(index)
    if freq is not None:
        return to_offset(freq)
    # No frequency fits the whole index: find where the start's rhythm breaks.
    start_freq = pd.infer_freq(index[:3])
    if start_freq is not None:
        check_regular(index, to_offset(start_freq), what=what)
    raise ValueError(
        f"The time index of {what} is irregular: no frequency can be inferred "
        f"from it (pandas.infer_freq returned None). Put the series on a regular "
        f"grid first, e.g. {what}.asfreq(...) or {what}.resample(...)."
    )


def _integer_step(index: pd.Index, what: str) -> int | None:
    if len(index) < 2:
        return None
    return int(index[1] - index[0])


def _describe(step: Step) -> str:
    if isinstance(step, pd.DateOffset):
        return step.freqstr
    return str(step)
