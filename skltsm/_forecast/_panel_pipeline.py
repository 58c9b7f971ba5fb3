"""A forecast pipeline on many series: per-series rows, one shared regressor.

:class:`skltsm.ForecastPipeline` accepts a long frame indexed (series, time).
Differencing, windows, history and inversion stay inside each series; the
regressor is one, trained on the windows of every series
(:mod:`skltsm._series._panel` explains the stacking with NaN gaps).

Fit: the series are stacked in the order of their ids with ``warmup`` NaN
rows before each, series too short for one training window are left out with
a warning that names them (and which of them have the rows one forecast reads,
to be forecast by the network trained on the others), and the windows are
ordered by the time of the row they forecast (those of one time by id), so
that an early-stopping tail (the last windows) is the most recent period of
every series, not the last series, and the order of the panel's rows changes
nothing.

Predict: each series of the block gets its own stored history (the rows of
that series seen in fit that end one step before the block), the contexts
are stacked the same way and forecast in one :meth:`forecast_rows` call, so
the regressor predicts all series in batched calls, not one call per series.
The stored rows of every series are found together (one binary search over
all series at once, :meth:`PanelHistory.rows_before`), not series by series.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from skltsm._forecast._contract import ForecastContract
from skltsm._series._panel import (
    PanelIndex,
    Stacking,
    check_ids_print_apart,
    check_time_not_first,
    chunks,
    panel_index,
    shown_ids,
    time_keys,
)
from skltsm._series._time_index import check_same_clock, index_kind, next_labels
from skltsm._warn import warn
from skltsm.exceptions import (
    ConstantSeriesWarning,
    LookAheadWarning,
    ShortSeriesWarning,
)

__all__ = [
    "PanelHistory",
    "in_time_order",
    "panel_context",
    "rows_to_train",
    "training_frame",
    "warn_look_ahead",
]


def rows_to_train(contract: ForecastContract) -> int:
    """Rows a series needs for one training window: its history and targets.

    A series of a panel with fewer is left out of training
    (:func:`training_frame`).
    """
    return contract.warmup + contract.n_steps


def training_frame(
    frame: pd.DataFrame,
    panel: PanelIndex,
    contract: ForecastContract,
    *,
    in_place: bool = False,
) -> tuple[pd.DataFrame, Stacking]:
    """Stack the series that can give a training window, NaN gaps between.

    Parameters
    ----------
    frame : pandas.DataFrame
        Validated observations of every series (long format).
    panel : PanelIndex
        Its series.
    contract : ForecastContract
        The warmup (gap) and steps per row of the pipeline.
    in_place : bool, default=False
        Leave a :attr:`~skltsm._series._panel.PanelIndex.grouped` frame as
        it is when its series come in the order of their ids: the caller
        takes the windows of each series inside it
        (:meth:`Stacking.inner_rows`), as when no step before the windows
        needs the gaps, and no copy of the panel is made.

    Returns
    -------
    stacked : pandas.DataFrame
        The series laid end to end, ``warmup`` NaN rows before each, on a
        positional index (``frame`` itself in place).
    stacking : Stacking
        Where each series lies in ``stacked``, in the order of their ids
        (:func:`_in_id_order`); its ``time_keys`` give a sortable time of any
        stacked row (the smallest on gaps).

    Raises
    ------
    ValueError
        If no series is long enough for one training window.
    """
    needed = rows_to_train(contract)
    by_id = _in_id_order(panel.ids)
    long_enough = by_id[panel.lengths[by_id] >= needed]
    short = panel.ids[panel.lengths < needed]
    if not len(long_enough):
        raise ValueError(
            f"No series of the panel is long enough to train on: each needs at least "
            f"{needed} rows ({contract.warmup} of history for one window and "
            f"{contract.n_steps} to forecast); the longest has "
            f"{int(panel.lengths.max())}. Use longer series, a shorter look_back "
            "or fewer differencing lags."
        )
    if len(short):
        _warn_short_series(panel, needed, contract.origin_history)
    _warn_constant_series(frame, panel, contract.targets, long_enough)
    # in place, the series lie in the frame's order: the ids' order only if
    # they appear in it (sktime's usual layout); else a stacked copy
    if in_place and (np.diff(long_enough) > 0).all():
        return frame, Stacking.in_place(panel, long_enough)
    stacking = Stacking.of(panel, contract.warmup, long_enough)
    values = stacking.stack(frame.to_numpy(np.float64))
    return pd.DataFrame(values, columns=frame.columns), stacking


def _warn_short_series(panel: PanelIndex, needed: int, reads: int) -> None:
    """Name the series left out of training, and say which can be forecast.

    A series with fewer than ``needed`` rows gives no training window, but
    one with the ``reads`` rows a forecast reads up to its origin
    (``ForecastContract.origin_history``) is forecast by the network trained
    on the others; one with fewer cannot be, until it has them.
    """
    short = panel.lengths < needed
    unreadable = panel.lengths < reads  # among the short: reads < needed
    if not unreadable.any():
        fate = (
            f"The network trained on the others forecasts them: one forecast "
            f"reads {reads} rows, which they have."
        )
    elif (unreadable == short).all():
        fate = (
            f"They also have fewer than the {reads} rows one forecast reads, and "
            "cannot be forecast until they have them."
        )
    else:
        fate = (
            f"The network trained on the others forecasts those with the {reads} "
            f"rows one forecast reads; those with fewer cannot be forecast until "
            f"they have them: {shown_ids(panel.ids[unreadable])}."
        )
    warn(
        f"{int(short.sum())} of {len(panel.ids)} series have fewer than {needed} "
        f"rows, too few for one training window, and are left out of training: "
        f"{shown_ids(panel.ids[short])}. {fate}",
        ShortSeriesWarning,
    )


def _warn_constant_series(
    frame: pd.DataFrame,
    panel: PanelIndex,
    targets: tuple[int, ...],
    trained: np.ndarray,
) -> None:
    """Name the series trained on whose target is constant, if others vary.

    One network learns from every series: a constant one is forecast from
    what it learned of the others, not as the constant a network of its own
    predicts (with its own ``ConstantSeriesWarning``). ``trained`` are the
    positions of the series long enough to train on: a series left out as
    short (one row is trivially constant) has its own warning.
    """
    n = len(panel.ids)
    constant = np.ones(n, dtype=bool)
    for column in targets:
        low, high = np.full(n, np.inf), np.full(n, -np.inf)
        for rows in chunks(panel.n_rows):  # never a full copy of a long panel
            values = frame.iloc[rows, column].to_numpy(np.float64)
            # fmin/fmax skip NaN: the rows to forecast hold NaN in the target
            np.fmin.at(low, panel.codes[rows], values)
            np.fmax.at(high, panel.codes[rows], values)
        constant &= (low == high) & np.isfinite(low)
    trained = np.sort(trained)  # the series in order of appearance
    constant, ids = constant[trained], panel.ids[trained]
    if constant.any() and not constant.all():
        warn(
            f"{int(constant.sum())} of the {len(ids)} series trained on have a "
            f"constant target: {shown_ids(ids[constant])}. The network shared by "
            "the series forecasts them from what it learned of the others, not "
            "necessarily as the constant: forecast them apart (e.g. with "
            "sktime's NaiveForecaster) or leave them out.",
            ConstantSeriesWarning,
        )


def _in_id_order(ids: pd.Index) -> np.ndarray:
    """Positions of the series ``ids`` (in order of appearance), sorted by id.

    The training windows of one time are taken in the order the series are
    laid out: in order of appearance, the same panel with its rows sorted by
    time, or its series in another order, would train another network. Ids
    that do not compare (strings and integers mixed) keep their order of
    appearance.

    Examples
    --------
    >>> _in_id_order(pd.Index(["b", "c", "a"])).tolist()
    [2, 0, 1]
    >>> _in_id_order(pd.Index(["b", 1, "a"])).tolist()  # no order: as they come
    [0, 1, 2]
    """
    try:
        return np.asarray(ids.argsort(), dtype=np.int64)
    except TypeError:
        return np.arange(len(ids))


def in_time_order(items: np.ndarray, keys_of) -> np.ndarray:
    """``items`` sorted by ``keys_of(items)``, stably, without full-length keys.

    What ``items[np.argsort(keys_of(items), kind="stable")]`` gives, by a
    counting sort on the distinct keys, a block of items at a time: its
    memory is the result and the distinct keys, where the argsort would hold
    the keys, the permutation and the sorted copy of every item (three
    200 MB arrays for the 25 million windows of 100,000 series).

    Parameters
    ----------
    items : ndarray of shape (n,)
        What to sort (rows, positions).
    keys_of : callable
        The int64 key of each of a block of items.

    Returns
    -------
    ndarray of shape (n,)
        ``items``, by key, ties in their order.

    Examples
    --------
    >>> import numpy as np
    >>> in_time_order(np.array([10, 11, 12, 13]), lambda x: x % 2)
    array([10, 12, 11, 13])
    """
    distinct = np.empty(0, dtype=np.int64)
    for part in chunks(len(items)):
        distinct = np.union1d(distinct, np.unique(keys_of(items[part])))
    ranks = np.empty(len(items), dtype=np.min_scalar_type(len(distinct)))
    free = np.zeros(len(distinct), dtype=np.int64)  # first free slot of each key
    for part in chunks(len(items)):
        ranks[part] = np.searchsorted(distinct, keys_of(items[part]))
        free += np.bincount(ranks[part], minlength=len(distinct))
    free = np.cumsum(free) - free
    ordered = np.empty_like(items)
    for part in chunks(len(items)):
        order = np.argsort(ranks[part], kind="stable")
        block = ranks[part][order]
        counts = np.bincount(block, minlength=len(distinct))
        # the i-th item of a key in this block goes to that key's i-th free slot
        ahead = np.cumsum(counts) - counts  # of the block's items, before each key
        ordered[(free - ahead)[block] + np.arange(len(block))] = items[part][order]
        free += counts
    return ordered


def _runs(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Return ``starts[k], starts[k] + 1, ...`` (``counts[k]`` of them) for each ``k``.

    Examples
    --------
    >>> _runs(np.array([10, 0]), np.array([2, 3])).tolist()
    [10, 11, 0, 1, 2]
    """
    return np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(
        counts.sum()
    )


class PanelHistory:
    """The rows of each series seen in fit, found by series and time.

    Pickled, it holds ``frame`` and ``panel``, not ``values``: the pipeline
    keeps the same frame (``X_history_``), which a pickle of the pipeline
    then writes once, and ``values`` are read from it again when loaded.
    The frame's float64 columns are the caller's ``X``'s, not a copy (the
    memory of a large panel), so ``values`` changes with that ``X`` when it
    is changed in place after fit.

    Parameters
    ----------
    frame : pandas.DataFrame
        The validated long frame the pipeline was fitted on.
    panel : PanelIndex
        Its series.

    Attributes
    ----------
    values : ndarray of shape (n_rows, n_columns)
        The rows of ``frame`` as floats (a view of a frame of floats).
    """

    def __init__(self, frame: pd.DataFrame, panel: PanelIndex):
        self.frame = frame
        self.panel = panel
        self.values = frame.to_numpy(np.float64)

    def __getstate__(self) -> dict:
        """Leave ``values`` out of a pickle: the frame holds them."""
        return {"frame": self.frame, "panel": self.panel}

    def __setstate__(self, state: dict) -> None:
        """Read ``values`` from the unpickled frame."""
        self.__init__(state["frame"], state["panel"])

    @property
    def ids(self) -> pd.Index:
        """The series seen in fit."""
        return self.panel.ids

    def rows_before(
        self, series: np.ndarray, first_labels: pd.Index, step, n_rows: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Up to ``n_rows`` stored rows of each series, ending one step before a label.

        A series gets none when its stored rows do not end exactly one step
        before its label (a gap in time is never bridged).

        Parameters
        ----------
        series : ndarray of int
            Positions in :attr:`ids` of the series asked for.
        first_labels : pandas.Index
            The label each of them continues to.
        step : int, pandas.DateOffset, pandas.Timedelta or None
            Step of the time axis.
        n_rows : int
            Most rows to return per series.

        Returns
        -------
        rows : ndarray of int
            Rows of the stored frame, series after series, each in time order.
        counts : ndarray of int
            Rows returned for each series.
        """
        stored = self.panel.times_at(slice(0, 0))
        searched = first_labels
        if isinstance(stored, pd.DatetimeIndex):  # keys count in the fit's unit
            searched = pd.DatetimeIndex(first_labels).as_unit(stored.unit)
        # the search may truncate a label to the fit's unit; the check that the
        # stored rows end one step before it compares the labels as given
        end = self._rows_earlier(series, time_keys(searched))
        counts = np.zeros(len(series), dtype=np.int64)
        if step is not None:
            has_rows = end > 0
            last = self.panel.starts[series[has_rows]] + end[has_rows] - 1
            previous = self.panel.times_at(self.panel.rows_at(last))
            follows = np.asarray(next_labels(previous, step) == first_labels[has_rows])
            counts[np.flatnonzero(has_rows)[follows]] = np.minimum(
                end[has_rows][follows], n_rows
            )
        firsts = self.panel.starts[series] + end - counts
        return self.panel.rows_at(_runs(firsts, counts)), counts

    def _rows_earlier(self, series: np.ndarray, keys: np.ndarray) -> np.ndarray:
        """Count the stored rows of each series whose time key is below its key.

        A binary search in every series at once: each round reads one time
        key per series (no full-length array of keys).
        """
        low = self.panel.starts[series].astype(np.int64)
        high = low + self.panel.lengths[series]
        starts = low.copy()
        while (searching := low < high).any():
            middle = (low + high) // 2
            below = np.zeros(len(low), dtype=bool)
            rows = self.panel.rows_at(middle[searching])
            below[searching] = self.panel.time_keys_at(rows) < keys[searching]
            low = np.where(searching & below, middle + 1, low)
            high = np.where(searching & ~below, middle, high)
        return low - starts


def panel_context(
    frame: pd.DataFrame,
    history: PanelHistory,
    contract: ForecastContract,
    step,
) -> tuple[pd.DataFrame, np.ndarray, PanelIndex]:
    """Stack every series of a block after its stored history.

    Parameters
    ----------
    frame : pandas.DataFrame
        The block: rows to forecast, indexed (series, time); the last
        ``horizon`` rows of each series may hold NaN.
    history : PanelHistory
        The rows seen in fit.
    contract : ForecastContract
        Warmup, horizon and columns of the fitted pipeline.
    step : int, pandas.DateOffset or pandas.Timedelta
        Step of the time axis.

    Returns
    -------
    context : pandas.DataFrame
        The contexts laid end to end, ``warmup`` NaN rows before each.
    positions : ndarray of int
        The row of ``context`` of each row of ``frame``.
    panel : PanelIndex
        The block's series, validated at the fitted step (for
        :func:`warn_look_ahead`, which would otherwise validate them again).

    Raises
    ------
    ValueError
        Unknown series (ids that print as fitted ones, ``"1"`` for ``1``,
        named as of another type), NaN before the last ``horizon`` rows of a
        series, or a time index of another kind than in fit.
    """
    # the levels and kind first: series ids of another shape are all unknown,
    # and stepping another kind of labels by the fitted step fails in pandas
    _check_levels(frame.index, history)
    _check_time_kind(frame.index, history)
    panel = panel_index(frame.index, step=step)  # the step fitted, as one series
    _check_block(frame, panel, history, contract)
    known = history.ids.get_indexer(panel.ids)
    firsts = panel.times_at(panel.rows_at(panel.starts))
    stored, counts = history.rows_before(known, firsts, step, contract.warmup)
    # each series: warmup NaN rows, its stored rows, then the block's rows
    sizes = contract.warmup + counts + panel.lengths
    begins = np.cumsum(sizes) - sizes
    context = np.full((int(sizes.sum()), len(contract.columns)), np.nan)
    context[_runs(begins + contract.warmup, counts)] = history.values[stored]
    positions = np.empty(len(frame), dtype=np.int64)
    positions[panel.order] = _runs(begins + contract.warmup + counts, panel.lengths)
    context[positions] = frame.to_numpy(np.float64)
    return pd.DataFrame(context, columns=list(contract.columns)), positions, panel


def warn_look_ahead(
    history: PanelHistory,
    block: pd.DataFrame,
    panel: PanelIndex,
    targets: Sequence[int],
) -> None:
    """Warn when known rows of a series past its own fit precede rows trained on.

    ``TimeSeriesSplit`` cuts a long frame by row position: with the series
    one after the other, a fold trains on every row of the first series and
    tests the last ones, whose months come before the training's end. Their
    forecasts were made by a network that saw the other series' future: a
    score that no forecast made at the time could reach. Scikit-learn's
    scorers call ``predict``, so ``predict`` warns, for the rows a scorer
    could compare: those whose target is known (in ``X``), later than their
    own series' training rows (rows trained on are in-sample, as the user
    knows) and earlier than the last row trained on (later rows are
    forecasts past the training's end). A series that ends before the
    others is forecast from its end without a warning: its rows to forecast
    hold no target yet. Its rows that arrived after fit, passed as context
    to forecast from, cannot be told from a test fold's and are warned of:
    the message says it may then be ignored.

    Parameters
    ----------
    history : PanelHistory
        The rows the pipeline was fitted on.
    block : pandas.DataFrame
        The rows forecast, validated, indexed (series, time).
    panel : PanelIndex
        ``block``'s series (:func:`panel_context` validated them).
    targets : sequence of int
        Positions of the target columns in ``block``.
    """
    observed = block.iloc[:, list(targets)].notna().to_numpy().any(axis=1)
    known = history.ids.get_indexer(panel.ids)[panel.codes]  # per row, -1 if new
    rows = np.flatnonzero(observed & (known >= 0))
    times, trained = panel.times[rows], history.panel.ends
    latest = trained.max()
    early = np.asarray(times > trained.take(known[rows])) & np.asarray(times < latest)
    if not early.any():
        return
    rows, times = rows[early], times[early]
    series = panel.ids[np.unique(panel.codes[rows])]
    warn(
        f"Rows of the series {shown_ids(series)} from {times.min()} hold known "
        "values and come after those series' training rows, but the pipeline "
        f"was trained on rows of other series up to {latest}. If these rows "
        "are scored (a test fold), the scores read the other series' future, "
        "which no forecast made at the time could, and are too good: split a "
        "panel with skltsm.model_selection.PanelTimeSeriesSplit, which cuts "
        "every series at the same time, not by row position (TimeSeriesSplit). "
        "If you are forecasting from rows that arrived after fit (a series "
        "that ended early), ignore this warning: "
        'warnings.filterwarnings("ignore", category=LookAheadWarning).',
        LookAheadWarning,
    )


def _check_levels(index: pd.MultiIndex, history: PanelHistory) -> None:
    """Refuse an index with another number of levels than the fitted one.

    Its series ids would have another shape (a key for a tuple), so every
    series would be named as not seen in fit.
    """
    fitted = history.panel.index.nlevels
    if index.nlevels != fitted:
        raise ValueError(
            f"X is indexed by {index.nlevels} levels, but the pipeline was "
            f"fitted on a panel indexed by {fitted} ({fitted - 1} identifying "
            f"each series, then time), e.g. {history.panel.index[0]}. Pass "
            "rows indexed like those seen in fit."
        )


def _check_time_kind(index: pd.MultiIndex, history: PanelHistory) -> None:
    """Refuse time labels of another kind (or clock) than those fitted.

    Levels that look swapped, (time, series), are named as fit names them.
    """
    check_time_not_first(index)
    fitted_times = history.panel.times_at(slice(0, 0))
    times = index.get_level_values(-1)[:0]
    if index_kind(times) != index_kind(fitted_times):
        raise TypeError(
            f"The time level of X is {index_kind(times)}, but the pipeline was "
            f"fitted on {index_kind(fitted_times)}; pass rows with the same kind "
            "of time labels."
        )
    check_same_clock(times, fitted_times, level=-1)


def _check_block(
    frame: pd.DataFrame,
    panel: PanelIndex,
    history: PanelHistory,
    contract: ForecastContract,
) -> None:
    unknown = panel.ids[history.ids.get_indexer(panel.ids) < 0]
    if len(unknown):  # "1" for a fitted 1 first: the ids' type is what differs
        check_ids_print_apart(
            panel.index, "X", fitted=history.panel.index, passed_to="predict"
        )
        raise ValueError(
            f"X holds series that were not seen in fit: {shown_ids(unknown)}. A "
            "fitted pipeline forecasts the series it knows, from their stored "
            "history; fit again with these series (the network is shared, so "
            "they need their own history to be forecast). In cross-validation, "
            "they start after the fold's training rows (PanelTimeSeriesSplit "
            "names them in a warning): split with PanelTimeSeriesSplit("
            f"min_train_size={contract.warmup}) (the pipeline's warmup_), which "
            "leaves a series out of the folds where it has fewer training rows, "
            "leave them out of X, or ask for fewer splits."
        )
    order = panel.order
    missing = np.isnan(frame.to_numpy(np.float64)).any(axis=1)
    horizon = contract.horizon
    early = missing[order] & (panel.rows_to_end > horizon)
    if early.any():
        row = int(order[np.flatnonzero(early)[0]])
        raise ValueError(
            f"Input X contains NaN at {frame.index[row]}. Only the last "
            f"{horizon} row(s) of each series may be NaN (the rows to forecast, "
            "which no forecast reads); fill or interpolate the others first."
        )
