"""Panels: many series in one long frame indexed (series, time).

scikit-learn passes one ``X`` to ``fit`` and ``predict``; many series travel
as one long frame whose index is a ``MultiIndex``: the levels before the last
identify the series (one level for a panel, several for a hierarchy, as
sktime's ``pd-multiindex`` and ``pd_multiindex_hier``), the last is time.

A forecast pipeline runs every series through the same steps and one shared
network, but nothing may cross from one series into the next: not a
difference, not a window, not a level added back by an inverse. The pipeline
therefore lays the series end to end with ``gap`` rows of NaN before each
(:func:`stack`), ``gap`` being the rows of history one forecast reads: any
computation of a row that would reach into the previous series reads NaN
and is dropped, exactly as the first rows of a single series are. The
single-series machinery then runs unchanged on the stacked frame.

A panel may hold tens of millions of rows: everything here works through
the rows a block (:data:`CHUNK_ROWS`) at a time, so that the temporaries of
validating, grouping and stacking stay a few megabytes whatever the size of
the panel (one full-length int64 temporary of 30 million rows is 240 MB).
Nor does :class:`PanelIndex` store what it can read from the index: the time
labels, and the row order of a frame already grouped by series, are read a
block of rows at a time; row positions are int32.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property, partial

import numpy as np
import pandas as pd

from skltsm._series._time_index import (
    Step,
    infer_step,
    is_time_index,
    labels_after,
    next_labels,
    regular_on_the_local_clock,
    step_name,
)

__all__ = [
    "CHUNK_ROWS",
    "PanelIndex",
    "Stacking",
    "check_each_series_in_order",
    "check_each_series_in_time",
    "check_ids_print_apart",
    "check_key_levels",
    "check_series_ids",
    "check_time_last",
    "check_time_not_first",
    "check_unique_rows",
    "chunks",
    "grouped_step",
    "index_after_ends",
    "is_panel",
    "longest_series_times",
    "panel_index",
    "refuse_panel",
    "remember_validated",
    "series_time_index",
    "shown_ids",
    "stack",
    "time_keys",
    "time_labels_kind",
]

#: Rows the panel loops handle at once.
CHUNK_ROWS = 1 << 20


def chunks(n: int, size: int | None = None):
    """Consecutive slices of ``range(n)``, ``size`` positions each (the last fewer).

    Examples
    --------
    >>> list(chunks(5, 2))
    [slice(0, 2, None), slice(2, 4, None), slice(4, 5, None)]
    """
    size = size or CHUNK_ROWS
    return (slice(start, min(start + size, n)) for start in range(0, n, size))


def _pairwise_chunks(n: int):
    """Slices of ``range(n)`` that overlap by one position, to compare neighbours."""
    return (
        slice(start, min(start + CHUNK_ROWS, n - 1) + 1)
        for start in range(0, max(n - 1, 1), CHUNK_ROWS)
    )


def is_panel(X: object) -> bool:
    """Whether ``X`` is a long pandas frame of several series (a row MultiIndex).

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.MultiIndex.from_product([["a", "b"], [0, 1]])
    >>> is_panel(pd.DataFrame({"y": range(4)}, index=idx)), is_panel([1, 2])
    (True, False)
    """
    return isinstance(X, pd.DataFrame | pd.Series) and isinstance(
        X.index, pd.MultiIndex
    )


def refuse_panel(X: object, transformer: str) -> None:
    """Refuse rows of several series given to a transformer that reads one series.

    A row ``MultiIndex`` whose levels before time hold one key is one series
    (a panel's slice); several keys are several series, or one series under
    a (year, month) index, which the message covers too.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.MultiIndex.from_product([["a", "b"], [0, 1]])
    >>> refuse_panel(pd.DataFrame({"y": range(4)}, index=idx), "LagTransformer")
    Traceback (most recent call last):
    ...
    ValueError: LagTransformer received rows of 2 series (a MultiIndex whose levels before time hold 2 keys): on the long frame, its rows of one series would reach into the series before. Use make_forecast_pipeline(...), which windows and differences each series apart, or transform one series at a time, e.g. X.loc[series_id]; an index of one series, such as (year, month), flattened first, e.g. to a PeriodIndex.
    """  # noqa: E501
    if not is_panel(X):
        return
    n_keys = X.index.droplevel(-1).nunique(dropna=False)  # NaN is a key too
    if n_keys > 1:
        raise ValueError(
            f"{transformer} received rows of {n_keys} series (a MultiIndex whose "
            f"levels before time hold {n_keys} keys): on the long frame, its rows "
            "of one series would reach into the series before. Use "
            "make_forecast_pipeline(...), which windows and differences each "
            "series apart, or transform one series at a time, e.g. "
            "X.loc[series_id]; an index of one series, such as (year, month), "
            "flattened first, e.g. to a PeriodIndex."
        )


def _row_dtype(n: int) -> np.dtype:
    """Integer type of row positions below ``n``: int32 unless it is too small.

    Row positions are a panel's largest arrays after its values: int32 halves
    them for any frame of fewer than two billion rows.
    """
    return np.dtype(np.int32 if n <= np.iinfo(np.int32).max else np.int64)


@dataclass(frozen=True)
class PanelIndex:
    """Where each series of a long frame is, in time order.

    The time labels, and the row order of a frame already grouped by series,
    are read from ``index`` a block of rows at a time (:meth:`times_at`,
    :meth:`time_keys_at`, :meth:`rows_at`), not stored: materialised, they
    are two full-length arrays (460 MB for 30 million rows) that nothing
    needs whole.

    Parameters
    ----------
    ids : pandas.Index
        Series keys, in order of first appearance (tuples for hierarchies).
    codes : ndarray of int
        Position in ``ids`` of the series of each row of the frame (the
        smallest integer type of the index's own codes).
    index : pandas.MultiIndex
        The frame's index; its last level is time.
    step : int, pandas.DateOffset or pandas.Timedelta or None
        Step between consecutive labels of a series (``None``: no series
        has two rows and the index has no frequency).
    sort : ndarray of int or None, default=None
        Row positions of the frame grouped by series (in ``ids`` order), each
        series in time order; ``None`` when the rows are in that order already.
    """

    ids: pd.Index
    codes: np.ndarray
    index: pd.MultiIndex
    step: Step | None
    sort: np.ndarray | None = None

    @property
    def n_rows(self) -> int:
        """Rows of the frame."""
        return len(self.codes)

    @property
    def order(self) -> np.ndarray:
        """Row positions grouped by series (in ``ids`` order), each in time order.

        Built on each call for a grouped frame; :meth:`rows_at` reads a part.
        """
        return self.rows_at(slice(None))

    @property
    def times(self) -> pd.Index:
        """Time label of each row of the frame (built on each call)."""
        return self.index.get_level_values(-1)

    @property
    def grouped(self) -> bool:
        """Whether the frame's rows are already grouped by series, in time order."""
        return self.sort is None

    @cached_property
    def lengths(self) -> np.ndarray:
        """Rows of each series."""
        return _count(self.codes, len(self.ids))

    @cached_property
    def starts(self) -> np.ndarray:
        """Position in ``order`` of each series' first row."""
        return np.concatenate([[0], np.cumsum(self.lengths)[:-1]])

    @cached_property
    def ends(self) -> pd.Index:
        """Time label of each series' last row."""
        return self.times_at(self.rows_at(self.starts + self.lengths - 1))

    @cached_property
    def rows_to_end(self) -> np.ndarray:
        """Rows from each position in ``order`` to its series' end (1 at the end)."""
        grouped = self.codes if self.sort is None else self.codes[self.sort]
        return self.starts[grouped] + self.lengths[grouped] - np.arange(len(grouped))

    def rows_at(self, positions: slice | np.ndarray) -> np.ndarray:
        """Return ``order[positions]``: the rows at some positions in series order."""
        if self.sort is not None:
            return self.sort[positions]
        if isinstance(positions, slice):
            return np.arange(
                *positions.indices(self.n_rows), dtype=_row_dtype(self.n_rows)
            )
        return _identity_at(np.asarray(positions), self.n_rows)

    def times_at(self, rows: slice | np.ndarray) -> pd.Index:
        """Time labels of some rows of the frame."""
        return self.index[rows].get_level_values(-1)

    def time_keys_at(self, rows: slice | np.ndarray) -> np.ndarray:
        """Integers that sort like the time labels of some rows (:func:`time_keys`)."""
        if self._level_keys is None:  # some rows have no time label
            return time_keys(self.times_at(rows))
        return self._level_keys[self.index.codes[-1][rows]]

    def time_keys(self) -> np.ndarray:
        """Integers that sort like the time labels (for ordering rows in time)."""
        return self.time_keys_at(slice(None))

    def rows_of(self, k: int) -> np.ndarray:
        """Row positions of series ``k``, in time order."""
        start = self.starts[k]
        return self.rows_at(slice(start, start + self.lengths[k]))

    @cached_property
    def _level_keys(self) -> np.ndarray | None:
        """Time key of each label of the time level; ``None`` if a row has none."""
        level_codes = self.index.codes[-1]
        if len(level_codes) and level_codes.min() < 0:
            return None
        return time_keys(self.index.levels[-1])


def _identity_at(positions: np.ndarray, n: int) -> np.ndarray:
    """``np.arange(n)[positions]`` for integer positions, without the arange."""
    if positions.size and (positions.max() >= n or positions.min() < -n):
        raise IndexError(f"Row positions out of bounds for a frame of {n} rows.")
    return np.where(positions < 0, positions + n, positions)


def panel_index(
    index: pd.MultiIndex, *, what: str = "X", step: Step | None = None
) -> PanelIndex:
    """Validate a (series, time) index and locate its series.

    Each series must be strictly increasing and regular in time, with one
    step shared by all series; the series may interleave in the frame and
    differ in length and dates.

    Parameters
    ----------
    index : pandas.MultiIndex
        At least two levels; the last is time.
    what : str, default="X"
        Name of the data, for messages.
    step : int, pandas.DateOffset, pandas.Timedelta or None, default=None
        The step the series must have, when earlier data fixed it (new rows
        of series already seen: two month ends 30 days apart in one series
        and 31 in another are one month apart in each); inferred when None.

    Returns
    -------
    PanelIndex
        The series, their rows in time order, and the step.

    Raises
    ------
    TypeError
        If the time level cannot carry time.
    ValueError
        If a series has unsorted, duplicated or irregular time labels.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.MultiIndex.from_tuples([("b", 1), ("a", 5), ("b", 2), ("a", 6)])
    >>> panel = panel_index(idx)
    >>> list(panel.ids), panel.order.tolist(), panel.step
    (['b', 'a'], [0, 2, 1, 3], 1)
    """
    panel = _located(index, what)
    if step is not None:  # rows of few labels each: the step is not theirs to say
        return replace(panel, step=_check_series_in_time(panel, what, step))
    return replace(panel, step=_validated_step(panel, what))


def grouped_step(
    index: pd.MultiIndex, ids: pd.Index, lengths: np.ndarray, *, what: str = "X"
) -> Step | None:
    """Return the step :func:`panel_index` infers, for series known valid.

    For an index built from validated series, grouped by series: a memory
    with new rows appended after each series' end. Only its longest series
    is read (:func:`panel_index` checks every row).

    Parameters
    ----------
    index : pandas.MultiIndex
        Rows grouped by series, each series in time order.
    ids : pandas.Index
        Series keys, in the order of their rows.
    lengths : ndarray of int
        Rows of each series.
    what : str, default="X"
        Name of the data, for messages.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> idx = pd.MultiIndex.from_tuples([("a", 4), ("a", 6), ("b", 8)])
    >>> grouped_step(idx, pd.Index(["a", "b"]), np.array([2, 1]))
    2
    """
    if _has_periods(index):
        return 1
    return _longest_series_step(index, ids, lengths, lambda rows: rows, what)


def check_each_series_in_time(index: pd.MultiIndex, *, what: str = "y") -> None:
    """Validate a (series, time) index whose series each keep their own step.

    For a model per series (``LSTMForecaster(pooling="local")``): each series
    must be strictly increasing and regular in time, as :func:`panel_index`
    asks, but at a step of its own. Weekly series on different weekdays, or
    monthly ones at month start and month end, are each forecast at their
    own frequency; no step is shared.

    Parameters
    ----------
    index : pandas.MultiIndex
        At least two levels; the last is time.
    what : str, default="y"
        Name of the data, for messages.

    Raises
    ------
    TypeError
        If the time level cannot carry time.
    ValueError
        If a series has unsorted, duplicated or irregular time labels; the
        message starts with the series' key.

    Examples
    --------
    >>> import pandas as pd
    >>> sundays = pd.date_range("2000-01-02", periods=3, freq="W-SUN")
    >>> wednesdays = pd.date_range("2000-01-05", periods=3, freq="W-WED")
    >>> index = pd.MultiIndex.from_tuples(
    ...     [("a", t) for t in sundays] + [("b", t) for t in wednesdays]
    ... )
    >>> check_each_series_in_time(index)
    """
    panel = _located(index, what)
    try:  # one step shared, the usual panel: every row checked at once
        _validated_step(panel, what)
        return
    except ValueError:  # each series on its own (a few ms each), or the error
        pass
    _check_increasing(panel, what)
    for code, key in enumerate(panel.ids):
        times = pd.Index(panel.times_at(panel.rows_of(code)))
        try:
            infer_step(_with_declared_freq(times, index), what=what)
        except ValueError as error:
            raise ValueError(f"Series {key!r}: {error}") from None


def check_each_series_in_order(index: pd.MultiIndex, *, what: str = "X") -> None:
    """Validate a (series, time) index whose series need not be regular.

    Each series must be strictly increasing in time, as :func:`panel_index`
    asks, and every row needs a series id; gaps and steps are not checked:
    for covariates, whose rows may run past ``y``'s or skip those no
    forecast reads (the caller checks the rows it reads).

    Raises
    ------
    TypeError
        If the time level cannot carry time.
    ValueError
        If a row has no series id, or a series has unsorted or duplicated
        time labels (naming the series and the labels).

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.MultiIndex.from_tuples([("a", 1), ("a", 5), ("b", 2), ("b", 1)])
    >>> check_each_series_in_order(idx)
    Traceback (most recent call last):
    ...
    ValueError: The time index of series 'b' of X is unsorted: 1 follows 2. Each series needs strictly increasing time labels: sort with X.sort_index() and aggregate or drop duplicated (series, time) rows.
    """  # noqa: E501
    _check_increasing(_located(index, what), what)


def _located(index: pd.MultiIndex, what: str) -> PanelIndex:
    """Check the levels and series keys of a panel's index; locate its series."""
    if index.nlevels < 2:
        raise ValueError(
            f"A panel {what} needs a row MultiIndex (series, time); got "
            f"{index.nlevels} level(s)."
        )
    if not len(index):
        raise ValueError(
            f"The panel {what} is empty: it has no rows. Pass at least one series "
            "with rows."
        )
    check_time_not_first(index, what)  # the likelier cause first
    labels = time_labels_kind(index)
    if not is_time_index(labels):
        raise TypeError(
            f"The last level of {what}'s index is time; it must hold periods, "
            f"datetimes or integers, got {labels.dtype}"
            f"{_time_label_types(index)}."
        )
    check_key_levels(index, what)
    codes, ids = _series_codes(index)
    return PanelIndex(ids, codes, index, step=None, sort=_grouped_order(codes))


def _time_label_types(index: pd.MultiIndex) -> str:
    """Which series hold which type of time label, and what to do about it.

    Read on the error path only: it looks at every row's label.

    Examples
    --------
    >>> index = pd.MultiIndex.from_tuples([("a", 1), ("b", "2000-02")])
    >>> _time_label_types(index)
    ": series 'a' hold int labels, series 'b' hold str labels. Give every series the same kind of time label, e.g. with pd.to_datetime or pd.PeriodIndex(..., freq=...)"
    """  # noqa: E501
    types = pd.Series(index.get_level_values(-1)).map(lambda v: type(v).__name__)
    ids = index.droplevel(-1).to_flat_index()  # a hierarchy's keys as tuples
    first = pd.Series(ids).groupby(types.to_numpy(), sort=False).unique()
    kinds = ", ".join(
        f"series {shown_ids(pd.Index(series), most=3)} hold {kind} labels"
        for kind, series in first.items()
    )
    if len(first) == 1 and first.index[0] == "str":
        return (
            f": {kinds}. Convert them, e.g. with pd.to_datetime or "
            "pd.PeriodIndex(..., freq=...), and index a long frame by "
            "(series, time), e.g. df.set_index(['series', 'time'])"
        )
    return (
        f": {kinds}. Give every series the same kind of time label, e.g. with "
        "pd.to_datetime or pd.PeriodIndex(..., freq=...)"
    )


def check_time_not_first(index: pd.MultiIndex, what: str = "X") -> None:
    """Refuse an index that looks indexed (time, series), as a panel's fit does.

    Call it before the time level is read as time: it names the swapped
    levels where the time level's own check would name its labels.

    Raises
    ------
    TypeError
        If the last level holds no time (text ids) and an earlier one
        periods or datetimes.
    ValueError
        If the last level holds integers and an earlier one periods or
        datetimes (see :func:`check_time_last`).

    Examples
    --------
    >>> import pandas as pd
    >>> months = pd.period_range("2000-01", periods=2, freq="M")
    >>> check_time_not_first(pd.MultiIndex.from_product([months, ["a", "b"]]))
    Traceback (most recent call last):
    ...
    TypeError: The index of X has periods in level 0 and text in its last level, which is time: it looks indexed (time, series). Put time last, e.g. X.swaplevel().sort_index().
    """  # noqa: E501
    if not is_time_index(time_labels_kind(index)):
        _refuse_time_first(index, what, TypeError)
    check_time_last(index, what)


def check_time_last(index: pd.MultiIndex, what: str = "X") -> None:
    """Refuse a (time, series) index whose series ids are integers.

    ``wide.stack()`` puts the columns (the series) last: with integer
    series ids (store numbers) the index passes for (series, time), each
    month a "series" and the stores its "time", in silence.

    Raises
    ------
    ValueError
        If the last level holds integers and an earlier one periods or
        datetimes.

    Examples
    --------
    >>> import pandas as pd
    >>> months = pd.period_range("2000-01", periods=2, freq="M")
    >>> check_time_last(pd.MultiIndex.from_product([months, [101, 102]]))
    Traceback (most recent call last):
    ...
    ValueError: The index of X has periods in level 0 and integers in its last level, which is time: it looks indexed (time, series). Put time last, e.g. X.swaplevel().sort_index().
    """  # noqa: E501
    if pd.api.types.is_integer_dtype(index.levels[-1].dtype):
        _refuse_time_first(index, what, ValueError)


def _refuse_time_first(index: pd.MultiIndex, what: str, error: type) -> None:
    """Raise ``error`` if a level before the last holds periods or datetimes.

    For a last level that holds no time (text) or integers: the index looks
    indexed (time, series), which the message says, with how to reorder it.

    Examples
    --------
    >>> import pandas as pd
    >>> months = pd.period_range("2000-01", periods=2, freq="M")
    >>> index = pd.MultiIndex.from_product([months, ["north"], ["a", "b"]])
    >>> _refuse_time_first(index, "X", TypeError)
    Traceback (most recent call last):
    ...
    TypeError: The index of X has periods in level 0 and text in its last level, which is time: it looks indexed (time, series). Put time last, e.g. X.reorder_levels([1, 2, 0]).sort_index().
    """  # noqa: E501
    for position, level in enumerate(index.levels[:-1]):
        if isinstance(level, pd.PeriodIndex | pd.DatetimeIndex):
            kind = "periods" if isinstance(level, pd.PeriodIndex) else "datetimes"
            raise error(
                f"The index of {what} has {kind} in level {position} and "
                f"{_labels_kind(index.levels[-1])} in its last level, which is "
                "time: it looks indexed (time, series). Put time last, e.g. "
                f"{what}.{_time_last(index.nlevels, position)}.sort_index()."
            )


def _labels_kind(level: pd.Index) -> str:
    """Say what a level of an index holds: ``integers``, ``text`` or a dtype."""
    if pd.api.types.is_integer_dtype(level.dtype):
        return "integers"
    if pd.api.types.infer_dtype(level, skipna=True) == "string":
        return "text"
    return f"labels of dtype {level.dtype}"


def _time_last(n_levels: int, position: int) -> str:
    """Name the call that moves level ``position`` of ``n_levels`` last."""
    if n_levels == 2:
        return "swaplevel()"
    order = [k for k in range(n_levels) if k != position] + [position]
    return f"reorder_levels({order})"


#: The step of each index validated so far, by ``id``, with a weak reference
#: to the index; an entry leaves with its index.
_VALIDATED: dict[int, tuple[weakref.ref, Step | None]] = {}


def _validated_step(panel: PanelIndex, what: str) -> Step | None:
    """Validate the series of ``panel.index`` once; return their step.

    A forecaster locates the series of its memory several times a forecast
    (the strategy, the intervals, the labels), and the check of every row is
    most of the cost (about 90 ms for 2.4 million rows). A pandas index
    does not change once built (writing into a level's buffer is undefined
    in pandas, and not guarded here), so the answer is kept while the index
    lives; a failure is not kept, so its message names the data of each call.
    """
    key = id(panel.index)
    known = _VALIDATED.get(key)
    if known is not None and known[0]() is panel.index:
        return known[1]
    step = _check_series_in_time(panel, what)
    remember_validated(panel.index, step)
    return step


def remember_validated(index: pd.MultiIndex, step: Step | None) -> None:
    """Record ``index`` as valid with ``step``, so that :func:`panel_index` trusts it.

    For the validator itself, and for an index its caller built regular: a
    validated panel's series extended by whole steps (a forecast's future
    rows), whose every row would otherwise be checked again.
    """
    key = id(index)
    _VALIDATED[key] = (weakref.ref(index, partial(_forget, key)), step)


def _forget(key: int, _reference: weakref.ref) -> None:
    _VALIDATED.pop(key, None)


def series_time_index(
    ids: pd.Index, series: np.ndarray, times: pd.Index, names
) -> pd.MultiIndex:
    """Index rows by (series..., time), from arrays rather than a tuple per row.

    Row ``i`` is series ``ids[series[i]]`` at ``times[i]``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> ids, times = pd.Index(["a", "b"]), pd.Index([7, 8])
    >>> series_time_index(ids, np.array([1, 0]), times, ["s", "t"])
    MultiIndex([('b', 7),
                ('a', 8)],
               names=['s', 't'])
    """
    if not isinstance(ids, pd.MultiIndex) and len(ids) and isinstance(ids[0], tuple):
        ids = pd.MultiIndex.from_tuples(list(ids))  # a hierarchy's keys
    keys = ids.take(series)
    levels = [keys.get_level_values(level) for level in range(keys.nlevels)]
    return pd.MultiIndex.from_arrays([*levels, times], names=names)


def index_after_ends(
    ids: pd.Index, ends: pd.Index, step: Step, aheads: Sequence[int], names
) -> pd.MultiIndex:
    """Index each series' labels ``aheads`` steps after its own end, series by series.

    Examples
    --------
    >>> import pandas as pd
    >>> ids, ends = pd.Index(["a", "b"]), pd.Index([10, 4])
    >>> index_after_ends(ids, ends, 1, [1, 2], ["s", "t"]).tolist()
    [('a', 11), ('a', 12), ('b', 5), ('b', 6)]
    """
    n_series, n_aheads = len(ids), len(aheads)
    labels = labels_after(ends, step, aheads)  # ahead-major
    series = np.repeat(np.arange(n_series), n_aheads)
    ahead = np.tile(np.arange(n_aheads), n_series)
    return series_time_index(ids, series, labels.take(ahead * n_series + series), names)


def time_labels_kind(index: pd.Index) -> pd.Index:
    """Return an index of the type and dtype of the time labels, not all of them.

    A panel's time level itself, unless a row has no time label: then the
    labels, whose dtype the missing ones may change (integers with NaN are
    floats). One series' index is its own.
    """
    if not isinstance(index, pd.MultiIndex):
        return index
    level_codes = index.codes[-1]
    if len(level_codes) and level_codes.min() < 0:
        return index.get_level_values(-1)
    return index.levels[-1]


def _series_codes(index: pd.MultiIndex) -> tuple[np.ndarray, pd.Index]:
    """Return each row's series as a position in the series, in order of appearance.

    ``pd.factorize`` of the series keys, which for a (series, time) index are
    read from the index's own codes: no full-length copy of the keys, no
    hash table of every row. A key missing in only some levels of a
    hierarchy is coded as a series: :func:`check_key_levels` refuses such
    rows first.
    """
    level_codes = index.codes[0]
    if index.nlevels > 2 or (len(level_codes) and level_codes.min() < 0):
        # hierarchies, and keys with missing values: factorize the keys
        codes, ids = pd.factorize(index.droplevel(-1), sort=False)
        return codes, pd.Index(ids)
    levels = index.levels[0]
    seen = np.zeros(len(levels), dtype=bool)
    appearance = [np.empty(0, dtype=level_codes.dtype)]
    for rows in chunks(len(level_codes)):
        new = pd.unique(level_codes[rows])
        new = new[~seen[new]]
        seen[new] = True
        appearance.append(new)
    first_seen = np.concatenate(appearance)
    ids = levels.take(first_seen)
    if np.array_equal(first_seen, np.arange(len(levels))):
        return level_codes, ids  # already numbered in order of appearance
    renumber = np.zeros(len(levels), dtype=level_codes.dtype)
    renumber[first_seen] = np.arange(len(first_seen))
    return renumber[level_codes], ids


def check_series_ids(codes: np.ndarray, index: pd.MultiIndex, what: str) -> None:
    """Refuse rows without a series id (``pd.factorize`` codes them -1).

    ``codes`` codes the series, or one level of their ids, of each row of
    ``index``; :func:`check_key_levels` checks every level of the ids.

    Raises
    ------
    ValueError
        Naming the first such row of ``index`` and how to drop them.
    """
    if len(codes) and codes.min() < 0:
        _refuse_row_without_id(int(np.flatnonzero(codes < 0)[0]), index, what)


def check_key_levels(index: pd.MultiIndex, what: str = "X") -> None:
    """Refuse rows whose series id is missing (NaN, None) in any level before time.

    A hierarchy's id ``("a", nan)`` is no series: factorized whole, it would
    be coded as one (only a key missing in every level is coded -1), trained
    on and forecast as a series of its own. A ``MultiIndex`` codes a missing
    value -1 in each level: checking the levels costs no copy of the keys.

    Raises
    ------
    ValueError
        Naming the first row with an id missing in some level, and how to
        drop such rows.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> t = pd.Period("2000-01", freq="M")
    >>> idx = pd.MultiIndex.from_tuples([("a", "x", t), ("a", np.nan, t)])
    >>> check_key_levels(idx, "y")
    Traceback (most recent call last):
    ...
    ValueError: Row 1 of y has no series id in level 1 (('a', nan, Period('2000-01', 'M'))): every row of a panel needs one in every level before time. Drop or label those rows first, e.g. y[y.index.get_level_values(1).notna()] (for each level with missing ids).
    """  # noqa: E501
    first = None
    for codes in index.codes[:-1]:
        if len(codes) and codes.min() < 0:
            k = int(np.flatnonzero(codes < 0)[0])
            first = k if first is None else min(first, k)
    if first is not None:
        _refuse_row_without_id(first, index, what)


def _refuse_row_without_id(k: int, index: pd.MultiIndex, what: str) -> None:
    """Raise the ``ValueError`` for row ``k`` of ``index``, which lacks a series id."""
    levels = [
        level for level in range(index.nlevels - 1) if pd.isna(index[k][level])
    ] or [0]
    if index.nlevels == 2:
        raise ValueError(
            f"Row {k} of {what} has no series id ({index[k]}): every row of a "
            "panel needs one in the levels before time. Drop or label those "
            f"rows first, e.g. {what}[{what}.index.get_level_values(0).notna()]."
        )
    raise ValueError(
        f"Row {k} of {what} has no series id in level {levels[0]} ({index[k]}): "
        "every row of a panel needs one in every level before time. Drop or "
        f"label those rows first, e.g. {what}[{what}.index.get_level_values("
        f"{levels[0]}).notna()] (for each level with missing ids)."
    )


def check_ids_print_apart(
    index: pd.MultiIndex,
    what: str = "y",
    fitted: pd.MultiIndex | None = None,
    *,
    passed_to: str = "update",
) -> None:
    """Refuse series ids of one level that differ but print alike (``1``, ``"1"``).

    Series ids are compared by value and type: two such ids are two series
    shown under one name. Among the ids of one panel (``fit``), nothing
    could tell them apart later; an update's id that prints as a fitted one
    is almost surely that series with its ids converted, and would be
    forecast as a new series (and a ``predict``'s would be refused as a
    series not seen in fit, without saying why). Other new ids are no error
    here: one global network forecasts any series.

    Parameters
    ----------
    index : pandas.MultiIndex
        The (series, time) index of the data.
    what : str, default="y"
        Its name, for messages.
    fitted : pandas.MultiIndex or None, default=None
        The index of the data fitted, when ``index`` is an update's: its ids
        unseen in fit are compared with the fitted ones, and with each other.
    passed_to : str, default="update"
        The method ``index`` was passed to, with ``fitted``, for messages.

    Raises
    ------
    ValueError
        Naming the two ids, their types, and what to do.

    Examples
    --------
    >>> import pandas as pd
    >>> fitted = pd.MultiIndex.from_product([[1, 2], [0, 1]])
    >>> check_ids_print_apart(pd.MultiIndex.from_product([["1"], [2]]), "y", fitted)
    Traceback (most recent call last):
    ...
    ValueError: y passed to update has series '1' (str), which is not the fitted series 1 (int): series ids are compared by value and type, so update would take it for a series not seen in fit. Give the ids of y the type they had in fit.
    """  # noqa: E501
    given = what if fitted is None else f"{what} passed to {passed_to}"
    for position in range(index.nlevels - 1):
        if _ids_of_level(index, fitted, position) is None:
            continue  # the common case, read from the levels alone
        # a level may keep labels no row has (a frame sliced): only used ones count
        index = index.remove_unused_levels()
        fitted = None if fitted is None else fitted.remove_unused_levels()
        found = _ids_of_level(index, fitted, position)
        if found is None:
            continue
        labels, first, second, n_known = found
        if first < n_known:
            raise ValueError(
                f"{given} has series {_shown(labels[second])}, "
                f"which is not the fitted series {_shown(labels[first])}: series "
                f"ids are compared by value and type, so {passed_to} would take it "
                "for a series not seen in fit. Give the ids of "
                f"{what} the type they had in fit."
            )
        raise ValueError(
            f"{given} has series {_shown(labels[first])} and "
            f"{_shown(labels[second])} in level {position} of its index: series "
            "ids are compared by value and type, so they would be two series "
            "printed with the same name, which nothing could tell apart later. "
            "Give the ids of that level one type (e.g. all str), and different "
            "series different names."
        )


def _ids_of_level(
    index: pd.MultiIndex, fitted: pd.MultiIndex | None, position: int
) -> tuple[pd.Index, int, int, int] | None:
    """Find two ids of one level that print alike, the fitted ones first.

    Returns ``None``, or the ids compared (the fitted level's labels, then
    the update's unseen ones), the positions of the pair among them, and
    how many are fitted.
    """
    level = index.levels[position]
    known = level[:0] if fitted is None else fitted.levels[position]
    labels = known.append(level[~level.isin(known)])
    pair = _printed_alike(labels)
    return None if pair is None else (labels, *pair, len(known))


def _printed_alike(labels: pd.Index) -> tuple[int, int] | None:
    """Positions of the first two distinct labels that print alike, or None.

    Labels of one type that differ print apart: only an object index of
    mixed types (``1`` and ``"1"``) is read as text (not one of strings only,
    the usual ids, whose texts of every label would cost milliseconds an update).
    """
    if not pd.api.types.is_object_dtype(labels.dtype):
        return None
    if labels.inferred_type == "string":  # strings that differ print apart
        return None
    texts = labels.astype(str)
    repeated = np.flatnonzero(texts.duplicated())
    if not repeated.size:
        return None
    second = int(repeated[0])
    return int(np.flatnonzero(texts == texts[second])[0]), second


def _shown(label: object) -> str:
    """Show a series id with its type, for a message: ``'1' (str)``."""
    return f"{label!r} ({type(label).__name__})"


def _grouped_order(codes: np.ndarray) -> np.ndarray | None:
    """Row positions grouped by series, each series in frame order (a stable sort).

    ``None`` when the rows are grouped already: the usual long frame.
    """
    for rows in _pairwise_chunks(len(codes)):
        part = codes[rows]
        if (part[1:] < part[:-1]).any():
            order = np.argsort(codes, kind="stable")
            return order.astype(_row_dtype(len(codes)), copy=False)
    return None


def _count(codes: np.ndarray, n: int) -> np.ndarray:
    """``np.bincount(codes, minlength=n)``, a block of rows at a time."""
    counts = np.zeros(n, dtype=np.int64)
    for rows in chunks(len(codes)):
        counts += np.bincount(codes[rows], minlength=n)
    return counts


def _check_increasing(panel: PanelIndex, what: str) -> None:
    """Raise unless the time labels of each series are strictly increasing."""
    for rows, _, same in _neighbours(panel):
        keys = panel.time_keys_at(rows)
        backwards = np.flatnonzero(same & (keys[1:] <= keys[:-1]))
        if backwards.size:
            _refuse_out_of_order(panel, rows, int(backwards[0]), keys, what)


def _check_series_in_time(
    panel: PanelIndex, what: str, step: Step | None = None
) -> Step | None:
    """Raise unless each series is strictly increasing and regular; return the step.

    The step is ``step`` if given, else inferred from the longest series.
    """
    _check_increasing(panel, what)
    step = _panel_step(panel, what) if step is None else step
    if step is None:
        return None
    for rows, grouped_codes, same in _neighbours(panel):
        grouped = panel.times_at(rows)
        expected = next_labels(grouped[:-1], step)
        irregular = np.flatnonzero(same & np.asarray(grouped[1:] != expected))
        if irregular.size:
            k = int(irregular[0]) + 1
            code = int(grouped_codes[k])
            advice = (
                regular_on_the_local_clock(grouped[k - 1], grouped[k], step, what)
                or _own_step_advice(panel, code, step, what)
                or "Put each series on a regular grid first and fill the gaps."
            )
            raise ValueError(
                f"The time index of series {panel.ids[grouped_codes[k]]!r} of "
                f"{what} is irregular: {grouped[k]} should be {expected[k - 1]} "
                f"(one step after {grouped[k - 1]}), as in every series of the "
                f"panel. {advice}"
            )
    return step


def _refuse_out_of_order(
    panel: PanelIndex, rows: np.ndarray, k: int, keys: np.ndarray, what: str
) -> None:
    """Raise the ``ValueError`` for ``rows[k + 1]``, not after ``rows[k]`` in time."""
    before, now = int(rows[k]), int(rows[k + 1])
    problem = "duplicated" if keys[k + 1] == keys[k] else "unsorted"
    times = panel.times_at([before, now])
    raise ValueError(
        f"The time index of series {panel.ids[panel.codes[now]]!r} of "
        f"{what} is {problem}: {times[1]} follows {times[0]}. Each series "
        f"needs strictly increasing time labels: sort with "
        f"{what}.sort_index() and aggregate or drop duplicated (series, "
        "time) rows."
    )


def check_unique_rows(index: pd.MultiIndex, what: str = "X") -> None:
    """Refuse a panel with two rows of one series at one time, or without an id.

    For covariates matched to ``y`` by (series, time), which need one row
    per (series, time) but not a regular series: future rows, say. The
    message is :func:`panel_index`'s; rows out of time order are sorted,
    not refused.

    Raises
    ------
    ValueError
        If a row has no series id, or two rows share a (series, time).

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.MultiIndex.from_tuples([("a", 3), ("a", 1), ("a", 3)])
    >>> check_unique_rows(idx)
    Traceback (most recent call last):
    ...
    ValueError: The time index of series 'a' of X is duplicated: 3 follows 3. Each series needs strictly increasing time labels: sort with X.sort_index() and aggregate or drop duplicated (series, time) rows.
    """  # noqa: E501
    check_key_levels(index, what)
    codes, ids = _series_codes(index)
    panel = PanelIndex(ids, codes, index, step=None, sort=_grouped_order(codes))
    for attempt in range(2):
        unsorted = False
        for rows, _, same in _neighbours(panel):
            keys = panel.time_keys_at(rows)
            repeated = np.flatnonzero(same & (keys[1:] == keys[:-1]))
            if repeated.size:
                _refuse_out_of_order(panel, rows, int(repeated[0]), keys, what)
            unsorted = unsorted or bool((same & (keys[1:] < keys[:-1])).any())
        if not unsorted or attempt:
            return
        # rows out of time order: sort each series, to find a repeat anywhere
        order = np.lexsort((panel.time_keys(), codes))
        panel = replace(panel, sort=order.astype(_row_dtype(len(codes)), copy=False))


def _own_step_advice(panel: PanelIndex, code: int, step: Step, what: str) -> str:
    """Say so when series ``code`` is regular alone, at another step or anchor.

    Weekly series on different weekdays are each regular, but one network
    steps every series alike: no gap is to be filled.
    """
    times = pd.Index(panel.times_at(panel.rows_of(code)))
    times = _with_declared_freq(times, panel.index)
    try:
        own = infer_step(times, what=what, absolute_clock=True)
    except ValueError:  # irregular on its own too: the usual advice
        return ""
    if own is None or own == step:  # a gap in a series of the panel's step
        return ""
    return (
        f"That series is regular on its own, stepping by {step_name(own)}, but "
        f"the panel steps by {step_name(step)} (its longest series), and the "
        "series of a panel are forecast with one step here. Put the series on "
        f"one grid first (the same frequency and anchor, e.g. resampled to "
        f"{step_name(step)}), forecast them in separate panels, or use "
        'LSTMForecaster(pooling="local"), which fits each series at its own.'
    )


def _neighbours(panel: PanelIndex):
    """Blocks of rows grouped by series, and whether each follows one of its series.

    Yields the block's rows, their series and, for each row after the first,
    whether the row before it is of the same series. Consecutive blocks share
    a row.
    """
    for part in _pairwise_chunks(panel.n_rows):
        rows = panel.rows_at(part)
        grouped_codes = panel.codes[part if panel.grouped else rows]
        yield rows, grouped_codes, grouped_codes[1:] == grouped_codes[:-1]


def _panel_step(panel: PanelIndex, what: str) -> Step | None:
    """Return the step of the longest series (``None`` if none has two rows)."""
    if _has_periods(panel.index):
        return 1
    return _longest_series_step(
        panel.index, panel.ids, panel.lengths, panel.rows_at, what
    )


def _has_periods(index: pd.MultiIndex) -> bool:
    """Whether the time labels are periods (whose step is always 1)."""
    return isinstance(index[:0].get_level_values(-1), pd.PeriodIndex)


def _longest_series_step(
    index: pd.MultiIndex, ids: pd.Index, lengths: np.ndarray, rows_at, what: str
) -> Step | None:
    """Infer the step of the longest series; ``rows_at`` reads series order."""
    longest = int(np.argmax(lengths))
    if lengths[longest] < 2:
        return None
    try:
        times = _times_of_series(index, longest, lengths, rows_at)
        return infer_step(times, what=what, absolute_clock=True)
    except ValueError as error:
        raise ValueError(f"Series {ids[longest]!r}: {error}") from None


def longest_series_times(index: pd.MultiIndex) -> pd.Index:
    """Return the time labels of a panel's longest series, in time order.

    With the time level's own frequency where the series keeps to it: the
    labels a frequency is read from when the union of the series' labels
    (the time level) has gaps.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.MultiIndex.from_tuples([("a", 5), ("b", 1), ("b", 2), ("b", 3)])
    >>> longest_series_times(idx).tolist()
    [1, 2, 3]
    """
    panel = _located(index, "y")
    longest = int(np.argmax(panel.lengths))
    return _times_of_series(index, longest, panel.lengths, panel.rows_at)


def _times_of_series(
    index: pd.MultiIndex, k: int, lengths: np.ndarray, rows_at
) -> pd.Index:
    """Time labels of series ``k``, with the level's declared frequency if kept."""
    first = int(np.sum(lengths[:k]))
    rows = rows_at(slice(first, first + lengths[k]))
    return _with_declared_freq(pd.Index(index[rows].get_level_values(-1)), index)


def _with_declared_freq(times: pd.Index, index: pd.MultiIndex) -> pd.Index:
    """Give the times the time level's own frequency, where they keep to it.

    A level built from ``pd.bdate_range`` says ``B``: five weekdays in a
    row are read as business days then, as one series with that index is,
    not as the calendar days pandas would infer.
    """
    freq = getattr(index.levels[-1], "freq", None)
    if freq is None or not isinstance(times, pd.DatetimeIndex):
        return times
    try:
        return pd.DatetimeIndex(times, freq=freq)
    except ValueError:  # the series does not keep to it: infer as usual
        return times


def shown_ids(ids: pd.Index, most: int = 10) -> str:
    """Series ids for a message: the first ``most``, then how many more.

    Examples
    --------
    >>> shown_ids(pd.Index(["a", "b", "c"]), most=2)
    "'a', 'b' and 1 more"
    """
    shown = ", ".join(repr(i) for i in ids[:most])
    return shown + (f" and {len(ids) - most} more" if len(ids) > most else "")


def time_keys(times: pd.Index) -> np.ndarray:
    """Integers that sort like ``times`` (period ordinals, integers, timestamps).

    Timestamps count in their own unit (``times.unit``): keys of two indexes
    compare only in the same unit (see :meth:`PanelHistory.rows_before`).
    """
    if isinstance(times, pd.PeriodIndex | pd.DatetimeIndex):
        return np.asarray(times.asi8, dtype=np.int64)
    return np.asarray(times, dtype=np.int64)


@dataclass(frozen=True)
class Stacking:
    """Where :func:`stack` lays the series of a panel, ``gap`` NaN rows before each.

    Or, built by :meth:`in_place`, where the series of a frame already grouped
    by series lie in the frame itself (no gap, nothing copied).

    Parameters
    ----------
    panel : PanelIndex
        The series of the frame.
    gap : int
        NaN rows before every series (0 in place).
    series : ndarray of int
        Positions in ``panel.ids`` of the series laid out, in order.
    first : ndarray of int
        Stacked row of the first row of each of ``series``.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.MultiIndex.from_tuples([("a", 0), ("b", 0), ("a", 1)])
    >>> stacking = Stacking.of(panel_index(idx), gap=1)
    >>> stacking.first.tolist(), stacking.n_rows
    ([1, 4], 5)
    """

    panel: PanelIndex
    gap: int
    series: np.ndarray
    first: np.ndarray

    @classmethod
    def of(
        cls, panel: PanelIndex, gap: int, series: np.ndarray | None = None
    ) -> Stacking:
        """Lay out ``series`` (all by default) of ``panel``, ``gap`` rows apart."""
        chosen = np.arange(len(panel.ids)) if series is None else np.asarray(series)
        sizes = panel.lengths[chosen] + gap
        first = gap + np.concatenate([[0], np.cumsum(sizes)])[: len(chosen)]
        return cls(panel, int(gap), chosen, first.astype(np.int64))

    @classmethod
    def in_place(cls, panel: PanelIndex, series: np.ndarray) -> Stacking:
        """Lay out the ``series`` of a grouped frame where they are, in its rows."""
        chosen = np.asarray(series)
        return cls(panel, 0, chosen, panel.starts[chosen].astype(np.int64))

    @property
    def n_rows(self) -> int:
        """Rows of the stacked frame."""
        return int(np.sum(self.panel.lengths[self.series] + self.gap))

    def stack(self, values: np.ndarray) -> np.ndarray:
        """Float64 ``values`` (rows of the frame, in its order), stacked."""
        stacked = np.full((self.n_rows, values.shape[1]), np.nan)
        for part in chunks(self.panel.n_rows):
            source, target = self._rows(part)
            stacked[target] = values[source]
        return stacked

    def positions(self) -> np.ndarray:
        """Stacked row of each row of the frame (-1 if its series is left out)."""
        positions = np.full(self.panel.n_rows, -1, dtype=np.int64)
        for part in chunks(self.panel.n_rows):
            source, target = self._rows(part)
            positions[source] = target
        return positions

    def source_rows(self, rows: np.ndarray) -> np.ndarray:
        """Row of the frame laid at each stacked row; -1 on gaps.

        Examples
        --------
        >>> import pandas as pd
        >>> idx = pd.MultiIndex.from_tuples([("a", 0), ("b", 0), ("a", 1)])
        >>> Stacking.of(panel_index(idx), gap=1).source_rows(np.arange(5)).tolist()
        [-1, 0, 2, -1, 1]
        """
        panel = self.panel
        k = np.searchsorted(self.first, rows, side="right") - 1  # series at or before
        series = self.series[np.maximum(k, 0)]
        rank = rows - self.first[np.maximum(k, 0)]
        inside = (k >= 0) & (rank < panel.lengths[series])
        source = panel.rows_at(np.where(inside, panel.starts[series] + rank, 0))
        return np.where(inside, source, -1)

    def time_keys(self, rows: np.ndarray) -> np.ndarray:
        """Time key of each stacked row (:func:`time_keys`); the smallest on gaps."""
        source = self.source_rows(rows)
        keys = self.panel.time_keys_at(np.maximum(source, 0))
        return np.where(source >= 0, keys, np.iinfo(np.int64).min)

    def inner_rows(self, before: int, after: int) -> np.ndarray:
        """Return the rows with ``before`` rows of their series before, ``after`` after.

        Series by series, each in time order: the rows whose window of
        ``before`` rows and targets ``after`` rows ahead stay in the series,
        as int32 unless the rows are too many for it.

        Examples
        --------
        >>> import pandas as pd
        >>> idx = pd.MultiIndex.from_product([["a", "b"], range(4)])
        >>> Stacking.of(panel_index(idx), gap=2).inner_rows(2, 1).tolist()
        [4, 10]
        """
        lengths = self.panel.lengths[self.series]
        counts = np.maximum(lengths - before - after, 0)
        at_first = np.cumsum(counts) - counts  # position of each series' first row
        end = int(np.max(self.first + lengths, initial=0))  # past the last row
        rows = np.empty(int(np.sum(counts)), dtype=_row_dtype(end))
        for part in chunks(len(rows)):
            at = np.arange(part.start, part.stop)
            k = np.searchsorted(at_first, at, side="right") - 1
            rows[part] = self.first[k] + before + at - at_first[k]
        return rows

    @cached_property
    def _first_of_series(self) -> np.ndarray:
        first = np.full(len(self.panel.ids), -1, dtype=np.int64)
        first[self.series] = self.first
        return first

    def _rows(self, part: slice) -> tuple[np.ndarray, np.ndarray]:
        """Rows of the frame at the grouped positions ``part``, and their stacked rows.

        Rows of series left out are left out.
        """
        panel = self.panel
        source = panel.rows_at(part)
        codes = panel.codes[source]
        first = self._first_of_series[codes]
        kept = first >= 0
        rank = np.arange(part.start, part.stop) - panel.starts[codes]
        return source[kept], (first + rank)[kept]


def stack(
    values: np.ndarray, panel: PanelIndex, gap: int, *, series: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Lay series end to end, each after ``gap`` rows of NaN.

    Parameters
    ----------
    values : ndarray of shape (n_rows, n_columns)
        Rows of the frame, in the frame's order.
    panel : PanelIndex
        Its series.
    gap : int
        NaN rows before every series.
    series : ndarray of int or None, default=None
        Positions in ``panel.ids`` of the series to stack, in order; ``None``
        stacks all.

    Returns
    -------
    stacked : ndarray of shape (n_stacked, n_columns)
        Float64 values.
    positions : ndarray of int
        For each row of the frame, its row in ``stacked`` (-1 if its series
        was left out).

    See Also
    --------
    Stacking : The layout alone, and the stacked values without ``positions``.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> idx = pd.MultiIndex.from_tuples([("a", 0), ("b", 0), ("a", 1)])
    >>> stacked, positions = stack(np.array([[1.0], [7.0], [2.0]]), panel_index(idx), 1)
    >>> stacked[:, 0], positions
    (array([nan,  1.,  2., nan,  7.]), array([1, 4, 2]))
    """
    layout = Stacking.of(panel, gap, series)
    return layout.stack(values), layout.positions()
