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
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from skltsm._series._time_index import Step, infer_step, is_time_index, next_labels

__all__ = ["PanelIndex", "is_panel", "panel_index", "stack", "time_keys"]


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


@dataclass(frozen=True)
class PanelIndex:
    """Where each series of a long frame is, in time order.

    Parameters
    ----------
    ids : pandas.Index
        Series keys, in order of first appearance (tuples for hierarchies).
    codes : ndarray of int
        Position in ``ids`` of the series of each row of the frame.
    order : ndarray of int
        Row positions of the frame grouped by series (in ``ids`` order), each
        series in time order.
    times : pandas.Index
        Time label of each row of the frame.
    step : int, pandas.DateOffset or pandas.Timedelta or None
        Step between consecutive labels of a series (``None``: no series
        has two rows and the index has no frequency).
    """

    ids: pd.Index
    codes: np.ndarray
    order: np.ndarray
    times: pd.Index
    step: Step | None

    @cached_property
    def lengths(self) -> np.ndarray:
        """Rows of each series."""
        return np.bincount(self.codes, minlength=len(self.ids))

    @cached_property
    def starts(self) -> np.ndarray:
        """Position in ``order`` of each series' first row."""
        return np.concatenate([[0], np.cumsum(self.lengths)[:-1]])

    @cached_property
    def ends(self) -> pd.Index:
        """Time label of each series' last row."""
        return self.times[self.order[self.starts + self.lengths - 1]]

    @cached_property
    def rows_to_end(self) -> np.ndarray:
        """Rows from each position in ``order`` to its series' end (1 at the end)."""
        grouped = self.codes[self.order]
        return self.starts[grouped] + self.lengths[grouped] - np.arange(len(grouped))

    def time_keys(self) -> np.ndarray:
        """Integers that sort like the time labels (for ordering rows in time)."""
        return time_keys(self.times)

    def rows_of(self, k: int) -> np.ndarray:
        """Row positions of series ``k``, in time order."""
        start = self.starts[k]
        return self.order[start : start + self.lengths[k]]


def panel_index(index: pd.MultiIndex, *, what: str = "X") -> PanelIndex:
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
    if index.nlevels < 2:
        raise ValueError(
            f"A panel {what} needs a row MultiIndex (series, time); got "
            f"{index.nlevels} level(s)."
        )
    times = index.get_level_values(-1)
    if not is_time_index(times):
        raise TypeError(
            f"The last level of {what}'s index is time; it must hold periods, "
            f"datetimes or integers, got {times.dtype}. Index a long frame by "
            "(series, time), e.g. df.set_index(['series', 'time'])."
        )
    keys = index.droplevel(-1)
    codes, ids = pd.factorize(keys, sort=False)
    order = np.argsort(codes, kind="stable")
    step = _check_series_in_time(times, codes, order, ids, what)
    return PanelIndex(
        ids=pd.Index(ids), codes=codes, order=order, times=times, step=step
    )


def _check_series_in_time(times, codes, order, ids, what) -> Step | None:
    grouped, grouped_codes = times[order], codes[order]
    same = grouped_codes[1:] == grouped_codes[:-1]
    keys = time_keys(grouped)
    backwards = np.flatnonzero(same & (keys[1:] <= keys[:-1]))
    if backwards.size:
        k = int(backwards[0]) + 1
        problem = "duplicated" if keys[k] == keys[k - 1] else "unsorted"
        raise ValueError(
            f"The time index of series {ids[grouped_codes[k]]!r} of {what} is "
            f"{problem}: {grouped[k]} follows {grouped[k - 1]}. Each series needs "
            f"strictly increasing time labels: sort with {what}.sort_index() and "
            "aggregate or drop duplicated (series, time) rows."
        )
    step = _panel_step(grouped, same)
    if step is None:
        return None
    expected = next_labels(grouped[:-1], step)
    irregular = np.flatnonzero(same & np.asarray(grouped[1:] != expected))
    if irregular.size:
        k = int(irregular[0]) + 1
        raise ValueError(
            f"The time index of series {ids[grouped_codes[k]]!r} of {what} is "
            f"irregular: {grouped[k]} should be {expected[k - 1]} (one step after "
            f"{grouped[k - 1]}), as in every series of the panel. Put each series "
            "on a regular grid first and fill the gaps."
        )
    return step


def _panel_step(grouped: pd.Index, same: np.ndarray) -> Step | None:
    """Return the step of the longest series (``None`` if none has two rows)."""
    if isinstance(grouped, pd.PeriodIndex):
        return 1
    runs = np.flatnonzero(~np.concatenate([[False], same]))  # series starts
    ends = np.concatenate([runs[1:], [len(grouped)]])
    longest = int(np.argmax(ends - runs))
    if ends[longest] - runs[longest] < 2:
        return None
    return infer_step(pd.Index(grouped[runs[longest] : ends[longest]]))


def time_keys(times: pd.Index) -> np.ndarray:
    """Integers that sort like ``times`` (period ordinals, nanoseconds, integers)."""
    if isinstance(times, pd.PeriodIndex | pd.DatetimeIndex):
        return np.asarray(times.asi8, dtype=np.int64)
    return np.asarray(times, dtype=np.int64)


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

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> idx = pd.MultiIndex.from_tuples([("a", 0), ("b", 0), ("a", 1)])
    >>> stacked, positions = stack(np.array([[1.0], [7.0], [2.0]]), panel_index(idx), 1)
    >>> stacked[:, 0], positions
    (array([nan,  1.,  2., nan,  7.]), array([1, 4, 2]))
    """
    chosen = np.arange(len(panel.ids)) if series is None else np.asarray(series)
    lengths = panel.lengths[chosen]
    # the chosen series i occupies stacked rows first[i] .. first[i] + lengths[i] - 1
    first = np.full(len(panel.ids), -1, dtype=np.int64)
    first[chosen] = gap + np.concatenate([[0], np.cumsum(lengths + gap)[:-1]])
    grouped_codes = panel.codes[panel.order]
    rank = np.arange(len(panel.order)) - panel.starts[grouped_codes]
    positions = np.full(len(values), -1, dtype=np.int64)
    positions[panel.order] = np.where(
        first[grouped_codes] >= 0, first[grouped_codes] + rank, -1
    )
    stacked = np.full((int(np.sum(lengths + gap)), values.shape[1]), np.nan)
    kept = positions >= 0
    stacked[positions[kept]] = values[kept]
    return stacked, positions
