"""The forecaster's own memory of the observed series.

sktime's ``BaseForecaster`` can remember ``y`` and ``X`` for its subclasses
(the ``remember_data`` config), but its default changes in sktime 1.3, and
forecasts need more than a copy: float columns with string names, a checked,
regular time index and its step. :class:`LSTMForecaster` keeps that memory
itself, starts it in ``fit`` and extends it in ``update``; the pipelines read
their look-back windows from it and a refit trains on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from skltsm._series._observations import as_observation_frame
from skltsm._series._panel import (
    PanelIndex,
    check_ids_print_apart,
    grouped_step,
    is_panel,
    panel_index,
    remember_validated,
)
from skltsm._series._time_index import (
    Step,
    in_the_time_zone_of,
    infer_step,
    next_labels,
)

__all__ = ["as_frame", "extend", "located_frame"]

_OWNER = "LSTMForecaster"


def as_frame(
    data: pd.DataFrame, what: str, step: Step | None = None
) -> tuple[pd.DataFrame, Step | None]:
    """Validate observations; return float columns named by strings, and the step.

    Parameters
    ----------
    data : pandas.DataFrame
        ``y`` or ``X`` as sktime passes them: one series (``pd.DataFrame``)
        or a long panel (``pd-multiindex``, ``pd_multiindex_hier``), whose
        rows are then grouped by series, each series in time order.
    what : str
        ``"y"`` or ``"X"``, for messages.
    step : int, pandas.DateOffset, pandas.Timedelta or None, default=None
        The step a panel's series must have (new rows of series seen
        before); inferred when None.

    Returns
    -------
    frame : pandas.DataFrame
        A float64 copy with string column names.
    step : int, pandas.DateOffset, pandas.Timedelta or None
        Step of the time index (``None`` for a single row).

    Raises
    ------
    ValueError
        NaN, infinity, an unsorted, duplicated or irregular time index.
    TypeError
        Values that are not numbers, or an index that carries no time.

    Examples
    --------
    >>> import pandas as pd
    >>> y = pd.DataFrame({0: [1, 2, 3]}, index=pd.period_range("2000", periods=3))
    >>> frame, step = as_frame(y, "y")
    >>> list(frame.columns), frame.dtypes.iloc[0], step
    (['0'], dtype('float64'), 1)
    """
    if is_panel(data):  # a long panel: each series regular, one shared step
        frame, panel = _grouped(data, what, step)
        return frame, panel.step
    step = infer_step(data.index, what=what)
    frame, _ = as_observation_frame(data, what=what, owner=_OWNER)
    return frame, step


def located_frame(
    data: pd.DataFrame, what: str, step: Step | None = None
) -> tuple[pd.DataFrame, PanelIndex | None]:
    """Return :func:`as_frame`'s frame and, for a panel, where its series are.

    For an update, whose series are looked up among those held: the
    series located in validating them, not located again. The parameters
    are :func:`as_frame`'s.

    Returns
    -------
    frame : pandas.DataFrame
        As :func:`as_frame` returns it.
    panel : PanelIndex or None
        The series of ``frame`` (its rows grouped by series) and their
        step; ``None`` for one series.

    Examples
    --------
    >>> import pandas as pd
    >>> index = pd.MultiIndex.from_tuples([("b", 1), ("a", 1), ("b", 2)])
    >>> frame, panel = located_frame(pd.DataFrame({"y": [1, 2, 3]}, index), "y")
    >>> frame.index.tolist(), list(panel.ids), panel.lengths.tolist()
    ([('b', 1), ('b', 2), ('a', 1)], ['b', 'a'], [2, 1])
    """
    if not is_panel(data):
        return as_frame(data, what)[0], None
    frame, panel = _grouped(data, what, step)
    grouped = panel.codes if panel.grouped else panel.codes[panel.order]
    return frame, replace(panel, codes=grouped, index=frame.index, sort=None)


def _grouped(
    data: pd.DataFrame, what: str, step: Step | None
) -> tuple[pd.DataFrame, PanelIndex]:
    """Validate a panel; return its frame grouped by series, and its series."""
    panel = panel_index(data.index, what=what, step=step)
    data = data.iloc[panel.order]  # grouped by series, each in time order
    frame, _ = as_observation_frame(data, what=what, owner=_OWNER)
    return frame, panel


def extend(
    old: pd.DataFrame, new: pd.DataFrame, what: str, step: Step | None = None
) -> pd.DataFrame:
    """Append the rows of ``new`` to ``old``; rows at known labels replace them.

    Parameters
    ----------
    old : pandas.DataFrame
        The memory.
    new : pandas.DataFrame
        Validated new observations, with the columns of ``old``.
    what : str
        ``"y"`` or ``"X"``, for messages.
    step : int, pandas.DateOffset, pandas.Timedelta or None, default=None
        The step ``new`` was validated at (:func:`as_frame`), the memory's.
        Given, the new rows of a panel that each continue their series
        after its last row held are inserted in the memory as they are
        (:func:`_appended`), at a cost of a few array passes, not a sort
        and a check of every row.

    Returns
    -------
    memory : pandas.DataFrame
        Rows of both, in time order, on a regular time index, whose levels
        keep ``old``'s names whatever ``new``'s are (none, say).

    Raises
    ------
    ValueError
        If the columns differ, the new rows leave a gap, or a new series id
        prints as a fitted one, or as another new one, but differs (``"1"``
        for ``1``).
    """
    if list(new.columns) != list(old.columns):
        raise ValueError(
            f"{what} passed to update has columns {list(new.columns)}, but "
            f"{_OWNER} was fitted on {list(old.columns)}; pass the same columns."
        )
    new = in_the_time_zone_of(new, old.index)
    if new.index.names != old.index.names and new.index.nlevels == old.index.nlevels:
        # levels are matched by position: the memory keeps its names, which
        # name the forecasts (a merge of differently named levels drops them)
        new = new.set_axis(new.index.set_names(old.index.names))
    if is_panel(old) and is_panel(new):
        check_ids_print_apart(new.index, what, fitted=old.index)
        appended = None if step is None else _appended(old, new, what, step)
        if appended is not None:
            return appended
    kept = old[~old.index.isin(new.index)]
    memory = pd.concat([kept, new]).sort_index()
    try:
        if is_panel(memory):
            panel_index(memory.index, what=what)
        else:
            infer_step(memory.index, what=what)
    except ValueError as error:
        # a panel's error names the series and its rows; old's last row is
        # the last series', not necessarily that one's
        held = "each series' observations" if is_panel(old) else "the observations"
        last = "" if is_panel(old) else f" (the last at {old.index[-1]})"
        raise ValueError(
            f"{what} passed to update must continue {held} seen so far{last} "
            f"without a gap; together they fail the time index check: {error}"
        ) from error
    return memory


@dataclass(frozen=True)
class _Runs:
    """The series of rows grouped by series: each one's key, first row and rows."""

    keys: np.ndarray
    starts: np.ndarray
    lengths: np.ndarray

    @classmethod
    def of(cls, keys: np.ndarray) -> _Runs:
        """Locate the runs of equal ``keys``, one per series of grouped rows."""
        starts = np.flatnonzero(keys[1:] != keys[:-1]) + 1
        starts = np.concatenate([[0], starts]) if len(keys) else starts
        lengths = np.diff(np.append(starts, len(keys)))
        return cls(keys[starts], starts, lengths)

    @property
    def ends(self) -> np.ndarray:
        """The last row of each series."""
        return self.starts + self.lengths - 1


def _appended(
    old: pd.DataFrame, new: pd.DataFrame, what: str, step: Step
) -> pd.DataFrame | None:
    """Insert new rows after their series' last, or return None to merge in full.

    The usual update brings rows after each series' end. The memory, sorted
    by (series, time) since its last update and validated then, keeps its
    order: the new rows go in after their series (or, new series, between
    the held ones), placed from the index's codes, so that no row of the
    memory is hashed, sorted or checked again; the new rows were validated
    at ``step``, and each series' first new row is checked against its last
    held one. ``None`` when a new row revises or precedes a held one or
    leaves a gap after it, when the memory is not in (series, time) order
    (as after a fit on a panel whose series were not), or when the frames
    differ in their index or column types or names: :func:`extend` then
    replaces, sorts and checks every row, and names what is wrong.
    """
    shared = _shared_codes(old, new)
    if shared is None:
        return None
    levels, old_codes, new_codes = shared
    keys = _series_keys(levels, old_codes), _series_keys(levels, new_codes)
    if (keys[0][1:] < keys[0][:-1]).any():  # not in (series, time) order
        return None
    held, fresh = _Runs.of(keys[0]), _Runs.of(keys[1])
    if not _each_continues(held, fresh, levels[-1], old_codes[-1], new_codes[-1], step):
        return None
    memory, series, lengths = _merged(
        old, new, levels, (old_codes[-1], new_codes[-1]), held, fresh
    )
    try:
        found = grouped_step(memory.index, _ids(levels, series), lengths, what=what)
    except ValueError:  # the longest series says no step: check every row
        return None
    if found != step:  # the memory's step is not the update's: check every row
        return None
    remember_validated(memory.index, found)  # trusted by later panel_index calls
    return memory


def _shared_codes(
    old: pd.DataFrame, new: pd.DataFrame
) -> tuple[list[pd.Index], list[np.ndarray], list[np.ndarray]] | None:
    """Return levels holding both indexes' labels, sorted, and each one's codes.

    On sorted levels, codes order the rows as their labels do. ``None`` when
    the frames differ in index names, level or column types, or a level
    cannot be sorted (ids of mixed types).
    """
    if not _alike(old, new):
        return None
    new_index = new.index.remove_unused_levels()  # a slice keeps labels unused
    levels, old_codes, new_codes = [], [], []
    for level, codes, new_level, codes_of_new in zip(
        old.index.levels,
        old.index.codes,
        new_index.levels,
        new_index.codes,
        strict=True,
    ):
        if level.dtype != new_level.dtype or not level.is_monotonic_increasing:
            return None
        union, codes = _with_labels(level, new_level, codes)
        if union is None:
            return None
        levels.append(union)
        old_codes.append(codes)
        new_codes.append(union.get_indexer(new_level)[codes_of_new])
    if math.prod(len(level) for level in levels[:-1]) > np.iinfo(np.int64).max:
        return None  # a hierarchy's ids too many to number (:func:`_series_keys`)
    return levels, old_codes, new_codes


def _alike(old: pd.DataFrame, new: pd.DataFrame) -> bool:
    """Whether both frames have rows, float columns, and alike columns and index."""
    return (
        len(old) > 0
        and len(new) > 0
        and old.index.nlevels == new.index.nlevels
        and list(old.index.names) == list(new.index.names)
        and old.columns.equals(new.columns)
        and old.columns.names == new.columns.names
        and all(dtype == np.float64 for dtype in [*old.dtypes, *new.dtypes])
    )


def _with_labels(
    level: pd.Index, labels: pd.Index, codes: np.ndarray
) -> tuple[pd.Index | None, np.ndarray]:
    """Add ``labels`` to a sorted ``level``; recode ``codes`` of the level if moved.

    Returns ``None`` for the level when the union is not sorted or changes type.
    """
    if (level.get_indexer(labels) >= 0).all():  # the usual update: known labels
        return level, codes
    union = level.union(labels)
    if union.dtype != level.dtype or not union.is_monotonic_increasing:
        return None, codes
    if union[: len(level)].equals(level):  # labels after the last: codes hold
        return union, codes
    return union, union.get_indexer(level)[codes]


def _series_keys(levels: list[pd.Index], codes: list[np.ndarray]) -> np.ndarray:
    """Return an integer per row that orders its series as their ids sort."""
    if len(codes) == 2:
        return codes[0]
    return np.ravel_multi_index(codes[:-1], [len(level) for level in levels[:-1]])


def _each_continues(
    held: _Runs,
    fresh: _Runs,
    times: pd.Index,
    held_times: np.ndarray,
    new_times: np.ndarray,
    step: Step,
) -> bool:
    """Whether each new series comes once, in time order, after its held rows.

    ``held_times`` and ``new_times`` are the rows' codes in the sorted
    ``times``; a series held must go on one ``step`` after its last row.
    """
    if len(np.unique(fresh.keys)) < len(fresh.keys):  # a series in two runs
        return False
    within = np.ones(max(len(new_times) - 1, 0), dtype=bool)
    within[fresh.starts[1:] - 1] = False
    if (new_times[1:][within] <= new_times[:-1][within]).any():
        return False
    at = np.minimum(np.searchsorted(held.keys, fresh.keys), len(held.keys) - 1)
    known = held.keys[at] == fresh.keys
    last = held_times[held.ends[at[known]]]
    first = new_times[fresh.starts[known]]
    if (first <= last).any():  # revises or precedes a held row
        return False
    expected = next_labels(times.take(last), step)
    return bool(np.all(np.asarray(expected == times.take(first))))


def _merged(
    old: pd.DataFrame,
    new: pd.DataFrame,
    levels: list[pd.Index],
    times: tuple[np.ndarray, np.ndarray],
    held: _Runs,
    fresh: _Runs,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Lay each series' held rows, then its new ones, in the order of series keys.

    ``times`` are the time codes of the held and the new rows. The held rows
    keep their order (a boolean mask places them); only the new ones are
    placed one by one. Returns the memory, the key of each of its series
    and their lengths.
    """
    series = np.union1d(held.keys, fresh.keys)
    n_held = np.zeros(len(series), dtype=np.int64)
    n_held[np.searchsorted(series, held.keys)] = held.lengths
    lengths = n_held.copy()
    new_at = np.searchsorted(series, fresh.keys)
    lengths[new_at] += fresh.lengths
    after_held = np.cumsum(lengths) - lengths + n_held
    at = np.repeat(after_held[new_at] - fresh.starts, fresh.lengths)
    at += np.arange(len(new))  # the new rows' places in the memory
    is_new = np.zeros(len(old) + len(new), dtype=bool)
    is_new[at] = True
    in_order = np.argsort(at)
    ids = np.unravel_index(series, [len(level) for level in levels[:-1]])
    codes = [
        np.repeat(code.astype(_codes_dtype(level)), lengths)
        for level, code in zip(levels, ids, strict=False)  # the levels of ids
    ]
    kept = ~is_new
    codes.append(
        _laid(kept, times, in_order, np.empty(len(kept), _codes_dtype(levels[-1])))
    )
    index = pd.MultiIndex(
        levels=levels, codes=codes, names=old.index.names, verify_integrity=False
    )
    # C-ordered by column, as pandas keeps a float block: each column laid at once
    values = np.empty((old.shape[1], len(kept)))
    for column, laid in enumerate(values):
        _laid(kept, (old.iloc[:, column], new.iloc[:, column]), in_order, laid)
    return pd.DataFrame(values.T, index=index, columns=old.columns), series, lengths


def _laid(
    kept: np.ndarray,
    parts: tuple[np.ndarray | pd.Series, np.ndarray | pd.Series],
    in_order: np.ndarray,
    laid: np.ndarray,
) -> np.ndarray:
    """Fill ``laid`` with the held part where ``kept``, the new one in ``in_order``."""
    held, new = (np.asarray(part) for part in parts)
    laid[kept] = held
    laid[~kept] = new[in_order]
    return laid


def _codes_dtype(level: pd.Index) -> np.dtype:
    """Return the integer type pandas gives the codes of ``level``."""
    for dtype in (np.int8, np.int16, np.int32):
        if len(level) < np.iinfo(dtype).max:
            return np.dtype(dtype)
    return np.dtype(np.int64)


def _ids(levels: list[pd.Index], series: np.ndarray) -> pd.Index:
    """Return the ids of series given by their keys (:func:`_series_keys`)."""
    if len(levels) == 2:
        return levels[0].take(series)
    dims = [len(level) for level in levels[:-1]]
    return pd.MultiIndex(
        levels=levels[:-1], codes=np.unravel_index(series, dims), verify_integrity=False
    )
