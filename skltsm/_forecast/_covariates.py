"""Known future covariates as input columns: the leads of exogenous ``X``.

A :class:`skltsm.ForecastPipeline` forecasts row ``t`` from a window of rows
that ends ``horizon`` rows earlier, so a covariate column enters only with its
past values. Covariates passed to a forecaster are *known in advance* (a
calendar, a planned price): the value at the time being forecast is the most
useful one. The adapter therefore gives the pipeline each covariate shifted
back by ``k`` rows, ``{name}_lead_{k}``: row ``s`` holds ``X[s + k]``, so the
window that ends at ``t - k`` carries the covariates up to ``t``.

Which leads a model gets depends on its strategy: ``1`` for the recursive one
(each step ``t`` sees ``X`` up to ``t``), ``h`` for the direct model of step
``h``, ``1 .. n_steps`` for the vector-output model. In every case a forecast
from cutoff ``c`` for steps up to ``H`` needs ``X`` at ``c + 1 .. c + H``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from skltsm._series._panel import (
    check_unique_rows,
    index_after_ends,
    is_panel,
    panel_index,
    remember_validated,
    series_time_index,
    stack,
)
from skltsm._series._time_index import labels_after, signed_labels

__all__ = [
    "check_every_series",
    "check_index_levels",
    "check_future_X",
    "check_rows_covered",
    "future_labels",
    "model_frame",
    "panel_covariates",
    "panel_forecast_index",
    "stacked_ends",
    "with_future_rows",
]


def future_labels(index: pd.Index, step, n_steps: int) -> pd.Index:
    """Return the ``n_steps`` labels after the last label of ``index``.

    Examples
    --------
    >>> import pandas as pd
    >>> future_labels(pd.period_range("1960-11", periods=2, freq="M"), 1, 2)
    PeriodIndex(['1961-01', '1961-02'], dtype='period[M]')
    """
    return labels_after(index[-1:], step, range(1, n_steps + 1))


def model_frame(
    y: pd.DataFrame,
    X: pd.DataFrame | None,
    leads: Sequence[int],
    step,
    *,
    n_future: int = 0,
) -> pd.DataFrame:
    """Build the frame a pipeline sees: targets, then the covariates' leads.

    Parameters
    ----------
    y : pandas.DataFrame
        Observed targets, one column each, with a regular time index.
    X : pandas.DataFrame or None
        Covariates by time label; rows after ``y``'s last label are the
        future values.
    leads : sequence of int
        Leads of every covariate to add as columns.
    step : int, pandas.DateOffset or pandas.Timedelta
        Step of the time index.
    n_future : int, default=0
        Future rows to append, with NaN targets (the rows to forecast).

    Returns
    -------
    frame : pandas.DataFrame
        ``len(y) + n_future`` rows. Leads past the last known covariate value
        repeat it; they only enter windows of rows whose target lies past
        that value's time, which are never trained on nor needed by a
        forecast whose covariates were checked with :func:`check_future_X`.

    Examples
    --------
    >>> import pandas as pd
    >>> y = pd.DataFrame({"y": [1.0, 2.0, 3.0]})
    >>> X = pd.DataFrame({"x": [10.0, 20.0, 30.0, 40.0]})
    >>> model_frame(y, X, leads=[1], step=1, n_future=1)
         y  x_lead_1
    0  1.0      20.0
    1  2.0      30.0
    2  3.0      40.0
    3  NaN      40.0
    >>> model_frame(y, X.iloc[:1], leads=[2], step=1)  # no value two rows on
         y  x_lead_2
    0  1.0      10.0
    1  2.0      10.0
    2  3.0      10.0
    """
    if is_panel(y):
        return _panel_model_frame(y, X, leads, step, n_future)
    frame = y
    if n_future:
        future = future_labels(y.index, step, n_future)
        frame = pd.concat([y, pd.DataFrame(np.nan, index=future, columns=y.columns)])
    if X is None or not len(leads):
        return frame
    grid = frame.index.append(future_labels(frame.index, step, max(leads)))
    # Carry the last known value along the time grid before shifting: a lead
    # column filled after the shift has nothing to carry on a series no
    # longer than its lead, and would leave NaN in an X that holds none.
    values = X.reindex(grid).ffill().to_numpy(np.float64)
    columns = {
        f"{name}_lead_{lead}": values[lead : lead + len(frame), j]
        for lead in leads
        for j, name in enumerate(X.columns)
    }
    leads_frame = pd.DataFrame(columns, index=frame.index)
    return pd.concat([frame, leads_frame], axis=1)


def _panel_model_frame(y, X, leads, step, n_future) -> pd.DataFrame:
    """:func:`model_frame` of each series of a long panel, grouped by series.

    Built for all series at once: the rows of each series, in the order of
    ``panel_index(y.index).ids``, then its ``n_future`` next labels; each
    lead is read from ``X`` on one grid of every series' labels, carried
    forward within a series only.
    """
    panel = panel_index(y.index)
    if n_future == 0 and (X is None or not len(leads)):
        return y if panel.sort is None else y.iloc[panel.order]
    rows = _extend(y.index, panel, n_future, step)
    values = np.full((len(rows.source), y.shape[1]), np.nan)
    values[rows.source >= 0] = y.to_numpy(np.float64)[panel.order]
    frame = pd.DataFrame(values, index=rows.index, columns=y.columns)
    if X is None or not len(leads):
        return frame
    grid = _extend(y.index, panel, n_future + max(leads), step)
    known = _carried_forward(_covariates_on(X, grid.index, panel), grid.starts)
    series = np.repeat(np.arange(len(panel.ids)), np.diff(rows.ends, prepend=0))
    at = grid.starts[series] + np.arange(len(series)) - rows.starts[series]
    columns = {
        f"{name}_lead_{lead}": known[at + lead, j]
        for lead in leads
        for j, name in enumerate(X.columns)
    }
    return pd.concat([frame, pd.DataFrame(columns, index=frame.index)], axis=1)


@dataclass(frozen=True)
class _Extended:
    """Every series of a panel followed by some labels past its end.

    Attributes
    ----------
    index : pandas.MultiIndex
        (series..., time), grouped by series in the panel's ``ids`` order.
    source : ndarray of int
        Row of the panel's frame each row holds; -1 past a series' end.
    starts, ends : ndarray of int
        Each series' first row, and the row after its last.
    """

    index: pd.MultiIndex
    source: np.ndarray
    starts: np.ndarray
    ends: np.ndarray


def _extend(index: pd.MultiIndex, panel, extra: int, step) -> _Extended:
    """Lay out each series' rows and the ``extra`` labels after its end."""
    n_series = len(panel.ids)
    ends = np.cumsum(panel.lengths + extra)
    starts = ends - panel.lengths - extra
    series = np.repeat(np.arange(n_series), panel.lengths + extra)
    ahead = np.arange(len(series)) - starts[series] - panel.lengths[series]
    observed = ahead < 0
    source = np.full(len(series), -1, dtype=np.int64)
    source[observed] = panel.order
    # the observed labels, then the j-th label after every end for j = 1, 2, ...
    labels = signed_labels(panel.times_at(panel.order)).append(
        labels_after(panel.ends, step, range(1, extra + 1))
    )
    take = np.empty(len(series), dtype=np.int64)
    take[observed] = np.arange(panel.n_rows)
    take[~observed] = panel.n_rows + ahead[~observed] * n_series + series[~observed]
    time_codes, times = pd.factorize(labels.take(take))
    first_rows = panel.rows_at(panel.starts)
    key_codes = [codes[first_rows][series] for codes in index.codes[:-1]]
    extended = pd.MultiIndex(
        levels=[*index.levels[:-1], times],
        codes=[*key_codes, time_codes],
        names=index.names,
        verify_integrity=False,
    )
    if extra == 0 or step == panel.step:  # regular: validated rows, then steps
        remember_validated(extended, panel.step)
    return _Extended(extended, source, starts, ends)


def _covariates_on(X: pd.DataFrame, grid: pd.MultiIndex, panel) -> np.ndarray:
    """Return ``X`` at every (series, time) of ``grid``, NaN where it has none."""
    check_every_series(panel.ids, X.index)
    return X.reindex(grid).to_numpy(np.float64)


def check_index_levels(
    X_index: pd.Index, y_names: Sequence, *, fitted: bool = False, what: str = "X"
) -> None:
    """Refuse covariates indexed by other levels than ``y``.

    Covariates are matched to ``y`` by (series..., time): an ``X`` indexed
    by time only for a panel ``y`` (one calendar shared by every series),
    a panel's ``X`` for one series, or a level more or less than a
    hierarchy's, has no row to match, and pandas' errors in the lookup say
    nothing of it.

    Parameters
    ----------
    X_index : pandas.Index
        Index of the covariates.
    y_names : sequence
        Names of the index levels of ``y`` (None for an unnamed one), one
        per level.
    fitted : bool, default=False
        Whether ``y_names`` are those of the ``y`` fitted (a forecast's
        ``X``), not of a ``y`` passed with ``X``.
    what : str, default="X"
        How the message names the covariates.

    Raises
    ------
    ValueError
        If ``X`` has more or fewer index levels than ``y``.

    Examples
    --------
    >>> import pandas as pd
    >>> calendar = pd.date_range("2024-01-01", periods=3, freq="D")
    >>> check_index_levels(calendar, ["series", "time"])
    Traceback (most recent call last):
    ...
    ValueError: X has no series level (one index level, time), but y is a panel indexed by (series, time): X needs the same levels, a row for each series at each time. To give every series the same covariates (a calendar, say), repeat them for each series, e.g. pd.concat({key: X for key in ids}, names=['series', 'time']) with ids y.index.droplevel(-1).unique(), or join them onto y's rows by time.
    >>> panel_X = pd.MultiIndex.from_product([["a", "b"], calendar])
    >>> check_index_levels(panel_X, [None], fitted=True)
    Traceback (most recent call last):
    ...
    ValueError: X is indexed by (level 0, level 1), as a panel's covariates, but the forecaster was fitted on one series: pass the rows of that series only, e.g. X.loc[key] for its id key, or fit on the panel to forecast each of its series.
    """  # noqa: E501
    if X_index.nlevels == len(y_names):
        return
    y_is = "the forecaster was fitted on" if fitted else "y is"
    if len(y_names) == 1:
        fit = "fit on the panel" if fitted else "pass the panel as y"
        raise ValueError(
            f"{what} is indexed by {_levels_shown(X_index.names)}, as a panel's "
            f"covariates, but {y_is} one series: pass the rows of that series "
            f"only, e.g. {what}.loc[key] for its id key, or {fit} to forecast "
            "each of its series."
        )
    y_levels = f"{y_is} a panel indexed by {_levels_shown(y_names)}"
    if X_index.nlevels == 1:
        ids = "the ids fitted" if fitted else "y.index.droplevel(-1).unique()"
        rows = "each series' rows" if fitted else "y's rows"
        names = f", names={list(y_names)}" if None not in y_names else ""
        raise ValueError(
            f"{what} has no series level (one index level, time), but "
            f"{y_levels}: {what} needs the same levels, a row for each series "
            "at each time. To give every series the same covariates (a "
            "calendar, say), repeat them for each series, e.g. "
            f"pd.concat({{key: {what} for key in ids}}{names}) with ids "
            f"{ids}, or join them onto {rows} by time."
        )
    raise ValueError(
        f"{what} is indexed by {_levels_shown(X_index.names)}, but {y_levels}: "
        f"{what} needs as many levels, a row for each series at each time. To "
        "give series the same covariates, repeat them for each series (a join "
        "onto y's rows on the levels they share, say)."
    )


def _levels_shown(names: Sequence) -> str:
    """Show index levels by name, or by position where unnamed.

    Examples
    --------
    >>> _levels_shown(["store", None])
    '(store, level 1)'
    """
    shown = [
        f"level {i}" if name is None else str(name) for i, name in enumerate(names)
    ]
    return f"({', '.join(shown)})"


def check_every_series(
    ids: pd.Index, X_index: pd.MultiIndex, what: str = "X", fitted: bool = False
) -> None:
    """Refuse covariates that lack every row of a series of ``y``.

    Covariates are matched to a panel's series by key, never by position:
    a series without rows in ``X`` cannot be forecast from its own
    covariates, and those of another series must not stand in for them.
    A forecast needs those of every series fitted (``fitted``), whatever
    series the ``y`` passed has: ``update_predict`` of some series is
    forecast from the others' covariates too.

    Parameters
    ----------
    ids : pandas.Index
        Keys of the series of ``y`` (tuples, or a MultiIndex, for hierarchies).
    X_index : pandas.MultiIndex
        Index of the covariates, (series..., time).
    what : str, default="X"
        How the message names the covariates.
    fitted : bool, default=False
        Whether ``ids`` are the series fitted (a forecast's), not those of
        the ``y`` passed with ``X``.

    Raises
    ------
    ValueError
        If ``X`` has no row of one of the series.

    Examples
    --------
    >>> import pandas as pd
    >>> X_index = pd.MultiIndex.from_product([["b"], [0, 1]])
    >>> check_every_series(pd.Index(["a", "b"]), X_index)
    Traceback (most recent call last):
    ...
    ValueError: X has no rows for the series ['a'] of y; pass the covariates of every series.
    >>> check_every_series(pd.Index(["a", "b"]), X_index, fitted=True)
    Traceback (most recent call last):
    ...
    ValueError: X has no rows for the fitted series ['a']; pass the covariates of every series fitted (each is forecast, also by update_predict of some of them).
    """  # noqa: E501
    absent = ids[~ids.isin(X_index.droplevel(-1))]
    if not len(absent):
        return
    if fitted:
        # a plain predict reads this too: update_predict only in brackets
        series = f"fitted series {list(absent[:10])}"
        every = (
            "every series fitted (each is forecast, also by update_predict of "
            "some of them)"
        )
    else:
        series, every = f"series {list(absent[:10])} of y", "every series"
    raise ValueError(
        f"{what} has no rows for the {series}; pass the covariates of "
        f"{every}.{_totals_advice(absent)}"
    )


def _totals_advice(ids: pd.Index) -> str:
    """Point at sktime's ``Aggregator`` when the missing series are its totals.

    ``Aggregator`` adds a ``"__total"`` series per node of a hierarchy to
    ``y``: ``X`` needs rows for them too.

    Examples
    --------
    >>> _totals_advice(pd.Index([("__total", "__total")], tupleize_cols=False))[:42]
    " Series named '__total' are the totals of "
    """
    totals = any(
        "__total" in (key if isinstance(key, tuple) else (key,)) for key in ids
    )
    if not totals:
        return ""
    return (
        " Series named '__total' are the totals of sktime's Aggregator: pass X "
        "through an Aggregator too (if its columns add up across series), or "
        "give the totals covariates of their own."
    )


def check_rows_covered(y_index: pd.Index, X_index: pd.Index, what: str = "X") -> None:
    """Refuse covariates without a row at every observation of ``y``.

    Covariates are matched to ``y`` by (series, time): a row missing at the
    end of a panel's series would otherwise be filled with the series'
    previous covariates, a value the user never gave. ``X`` may have more
    rows than ``y`` (future covariates, say).

    Parameters
    ----------
    y_index : pandas.Index
        Index of the observations (a MultiIndex for a panel).
    X_index : pandas.Index
        Index of the covariates, unique, of the same kind.
    what : str, default="X"
        How the message names the covariates.

    Raises
    ------
    ValueError
        If a row of ``y`` has no row in ``X``.

    Examples
    --------
    >>> import pandas as pd
    >>> check_rows_covered(pd.Index([1, 2, 3]), pd.Index([1, 2]))
    Traceback (most recent call last):
    ...
    ValueError: X has no rows at [3], where y has observations: pass X with a row at every row of y (more rows, such as future ones, are fine).
    """  # noqa: E501
    if X_index.equals(y_index):  # the usual case, at no cost
        return
    if isinstance(y_index, pd.MultiIndex):  # name a series without any row first
        check_every_series(y_index.droplevel(-1).unique(), X_index, what)
    missing = y_index[X_index.get_indexer(y_index) < 0]
    if len(missing):
        raise ValueError(
            f"{what} has no rows at {list(missing[:5])}"
            f"{' ...' if len(missing) > 5 else ''}, where y has observations: "
            "pass X with a row at every row of y (more rows, such as future "
            "ones, are fine)."
        )


def _check_columns(X: pd.DataFrame, columns: pd.Index, what: str) -> None:
    """Refuse covariates that lack a column seen in fit."""
    missing_columns = [c for c in columns if c not in X.columns]
    if missing_columns and _numbered(X.columns):
        # sktime turns an ndarray into columns 0, 1, ...: the names were never given
        raise ValueError(
            f"{what} has the columns {list(X.columns)}, the numbers an array "
            f"without column names gets, not the columns {list(columns)} seen in "
            "fit. Pass a pandas DataFrame with those columns."
        )
    if missing_columns:
        raise ValueError(
            f"{what} lacks the columns {missing_columns} seen in fit "
            f"({list(columns)}); pass the same covariates."
        )


def _numbered(columns: pd.Index) -> bool:
    """Whether the columns are 0, 1, ... (or their strings): an array's."""
    return [str(c) for c in columns] == [str(i) for i in range(len(columns))]


def _carried_forward(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Fill each NaN with the last value before it in the same series.

    ``values`` holds the series one after the other, series ``k`` from row
    ``starts[k]``; a NaN before a series' first value stays NaN.
    """
    rows = np.arange(len(values))[:, None]
    last = np.where(np.isnan(values), -1, rows)
    np.maximum.accumulate(last, axis=0, out=last)
    series_start = np.repeat(starts, np.diff(starts, append=len(values)))
    filled = np.take_along_axis(values, np.maximum(last, 0), axis=0)
    filled[last < series_start[:, None]] = np.nan
    return filled


def stacked_ends(
    frame: pd.DataFrame, n_future: int, gap: int
) -> tuple[pd.DataFrame, np.ndarray]:
    """Lay a panel's model frames end to end; locate each series' last observation.

    Parameters
    ----------
    frame : pandas.DataFrame
        A long panel from :func:`model_frame`, each series followed by its
        ``n_future`` future rows.
    n_future : int
        Future rows after each series.
    gap : int
        NaN rows before each series (the rows of history a forecast reads).

    Returns
    -------
    stacked : pandas.DataFrame
        The series end to end on a positional index.
    origins : ndarray of int
        Row of ``stacked`` of each series' last observed row, in the order of
        ``panel_index(frame.index).ids``.
    """
    panel = panel_index(frame.index)
    values, positions = stack(frame.to_numpy(np.float64), panel, gap)
    last_rows = panel.order[panel.starts + panel.lengths - 1 - n_future]
    stacked = pd.DataFrame(values, columns=frame.columns)
    return stacked, positions[last_rows]


def check_future_X(
    X: pd.DataFrame | None, columns: pd.Index, labels: pd.Index, owner: str
) -> pd.DataFrame:
    """Return the rows of ``X`` at ``labels``, or say which are missing.

    Parameters
    ----------
    X : pandas.DataFrame or None
        Covariates passed to ``predict``.
    columns : pandas.Index
        Covariate columns seen in fit.
    labels : pandas.Index
        Future time labels the forecast needs.
    owner : str
        Name of the forecaster, for messages.

    Returns
    -------
    rows : pandas.DataFrame
        ``X`` at ``labels``, columns as in fit.

    Raises
    ------
    ValueError
        If ``X`` is None, lacks a column, or lacks one of the labels.
    """
    span = f"from {labels[0]} to {labels[-1]}"
    if X is None:
        raise ValueError(
            f"{owner} was fitted with exogenous X (columns {list(columns)}), so "
            f"predict needs their future values: pass X with rows {span} "
            "(every step up to the last of fh)."
        )
    _check_columns(X, columns, "X passed to predict")
    missing = labels.difference(X.index)
    if len(missing):
        raise ValueError(
            f"X passed to predict has no rows at {list(missing[:5])}"
            f"{' ...' if len(missing) > 5 else ''}: {owner} needs the covariates "
            f"at every step {span}. Pass X covering them."
        )
    return X.loc[labels, list(columns)]


def with_future_rows(memory: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Return the covariates in memory and the future rows, the latter first.

    ``X`` passed to ``fit`` may already run past the last observation of
    ``y``; the rows passed to ``predict`` replace any it holds at the same
    labels (one row per label, in time order).

    Examples
    --------
    >>> import pandas as pd
    >>> memory = pd.DataFrame({"x": [1.0, 2.0, 3.0]}, index=[0, 1, 2])
    >>> with_future_rows(memory, pd.DataFrame({"x": [30.0]}, index=[2]))["x"].tolist()
    [1.0, 2.0, 30.0]
    """
    kept = memory[~memory.index.isin(rows.index)]
    return pd.concat([kept, rows]).sort_index()


def panel_forecast_index(ids: pd.Index, labels: pd.Index, names) -> pd.MultiIndex:
    """Index a panel forecast by (series..., time): every series, every label.

    Examples
    --------
    >>> import pandas as pd
    >>> panel_forecast_index(pd.Index(["a", "b"]), pd.Index([5, 6]), ["s", "t"])[:2]
    MultiIndex([('a', 5),
                ('a', 6)],
               names=['s', 't'])
    """
    series = np.repeat(np.arange(len(ids)), len(labels))
    return series_time_index(
        ids, series, labels[np.tile(np.arange(len(labels)), len(ids))], names
    )


def panel_covariates(
    X_memory: pd.DataFrame,
    X: pd.DataFrame | None,
    y_index: pd.MultiIndex,
    step,
    n_steps: int,
    owner: str,
) -> pd.DataFrame:
    """Return the covariates of a panel's memory and of the next ``n_steps``.

    Raises
    ------
    ValueError
        If ``X`` is None or misses a (series, time) row the forecast needs.
    """
    panel = panel_index(y_index)
    aheads = range(1, n_steps + 1)
    needed = index_after_ends(panel.ids, panel.ends, step, aheads, y_index.names)
    if X is None:
        raise ValueError(
            f"{owner} was fitted with exogenous X, so predict needs their future "
            f"values: pass X with a row for every series at each of the "
            f"{n_steps} steps after its last observation."
        )
    if is_panel(X):  # one row per (series, time), each with an id
        check_unique_rows(X.index, "X")
    check_every_series(panel.ids, X.index, "X passed to predict", fitted=True)
    _check_columns(X, X_memory.columns, "X passed to predict")
    rows = X.reindex(needed)[list(X_memory.columns)]
    missing = rows.index[rows.isna().any(axis=1)]
    if len(missing):
        raise ValueError(
            f"X passed to predict has no values at {list(missing[:5])}"
            f"{' ...' if len(missing) > 5 else ''}: {owner} needs the covariates "
            "of every series at every step up to the last of fh."
        )
    return with_future_rows(X_memory, rows)
