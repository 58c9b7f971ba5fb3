"""sktime's ``update_predict`` loop, from a cutoff a step of the data fitted.

sktime's ``update_predict`` (``BaseForecaster._predict_moving_cutoff``) sets
the cutoff to the label before ``y``'s first row, then updates and forecasts
window by window. It steps back with the frequency of ``y``'s time labels,
which a panel's time level does not carry: every panel of timestamps failed
with pandas' "Cannot shift with no freq". :class:`MovingCutoffLoop` runs
the loop itself: :func:`cutoff_before` steps back by the frequency fitted
instead, the forecaster that runs the loop is marked ``_backdated`` until
its first window's update reads the mark, and
:func:`forecasts_from_each_cutoff` forecasts each window (with the rows
before it that windows skip), the series of ``y`` only. An ``update`` of
rows held only (as a composite's ``update_predict`` of past rows passes
each window) warns that the forecasts still start after the latest row
held (:func:`warning_of_revisions_only`).
"""

from __future__ import annotations

import contextlib
import copy

import numpy as np
import pandas as pd
from sktime.datatypes import VectorizedDF, convert_to, get_cutoff
from sktime.forecasting.base._base import _format_moving_cutoff_predictions
from sktime.utils.datetime import _shift

from skltsm._warn import warn

__all__ = [
    "MovingCutoffLoop",
    "cutoff_before",
    "ends_of",
    "forecasts_from_each_cutoff",
    "type_of_y",
    "warning_of_revisions_only",
]


class MovingCutoffLoop:
    """Mixin of an sktime forecaster: ``update_predict``'s loop, run here.

    Put it left of ``BaseForecaster``; the forecaster names the step back
    from ``y``'s first row (:meth:`_moving_cutoff_frequency`) and the
    forecasters of sktime's loop over series, if any
    (``_series_forecasters``, as
    :class:`~skltsm.sktime._rollback.PredictsAllOrNothing` does). Its
    ``_update_y_X`` reads, and removes, the ``_backdated`` mark: only the
    first window's update comes after the cutoff was set back.
    """

    def _moving_cutoff_frequency(self) -> pd.DateOffset | pd.Timedelta | None:
        """Return the step between the times fitted (for timestamps; else any)."""
        raise NotImplementedError

    def _ends_held(self) -> pd.Series:
        """Return the last time held of each series (:func:`ends_of`'s format)."""
        raise NotImplementedError

    def _predict_moving_cutoff(
        self, y, cv, X=None, update_params=True, reset_forecaster=True
    ):
        """Update and forecast each window of ``cv`` (sktime's ``update_predict``).

        sktime's, but the cutoff set before ``y`` is a step of the data
        fitted back from its first row (:func:`cutoff_before`: sktime's step
        failed on a panel of timestamps, whose time level has no frequency),
        and each window's forecasts are those of the series of ``y`` only
        (:func:`forecasts_from_each_cutoff`). The forecaster that runs the
        loop (a copy with ``reset_forecaster``) is marked ``_backdated``
        until its first window's update reads it; the mark is never left
        behind.

        The forecasts, and with ``reset_forecaster=False`` the later ones,
        take the type of the ``y`` passed (sktime checked it on ``self``
        before the loop): each window is passed as the forecaster's inner
        type, whose check overwrote it, so a ``pd.Series`` given to
        LSTMForecaster came back, and was forecast from then on, as a
        DataFrame. The type of ``y`` is kept (:func:`type_of_y`) and put
        back after the loop.
        """
        cutoff = cutoff_before(y, self._moving_cutoff_frequency())
        seen = type_of_y(self)
        forecaster = copy.deepcopy(self) if reset_forecaster else self
        forecaster._set_cutoff(cutoff)
        forecaster._backdated = True
        try:
            return forecasts_from_each_cutoff(
                forecaster, y, cv, X, update_params, seen=seen
            )
        finally:
            for each in (forecaster, *forecaster._series_forecasters()):
                vars(each).pop("_backdated", None)
            vars(self).update(copy.deepcopy(seen))


def type_of_y(forecaster) -> dict:
    """Return what sktime's forecaster knows of the type of the ``y`` it was given.

    sktime's check of ``y`` sets them (``BaseForecaster._check_X_y``);
    forecasts are converted back to that type with them.
    """
    names = ("_y_metadata", "_y_mtype_last_seen", "_converter_store_y")
    return copy.deepcopy({name: vars(forecaster)[name] for name in names})


@contextlib.contextmanager
def warning_of_revisions_only(forecaster, y):
    """Warn after an update whose rows are all at or before the ends held.

    An update never sets the forecasts back: rows at or before the last
    row held of their series revise it (ADR 0009), and each series is
    still forecast from its last row held. sktime's composites
    (``TransformedTargetForecaster``) run ``update_predict``'s loop
    themselves and pass the forecaster each window as a plain ``update``:
    over past rows, each window was forecast from the end of the data held,
    without a word (``update_predict`` on the forecaster itself forecasts
    each window from its end). The warning says so, after an update that
    brings no new row, whether it changes values or not: a composite's
    transformers may pass the rows held changed (a transformer refitted by
    the update), and a revision keeps the forecasts where they start, as
    the warning says. ``update_predict``'s first window (the forecaster
    marked ``_backdated``) comes after its cutoff was set back and is not a
    revision; an update within another (sktime's loop over series or
    columns, in threads or not) is not checked again.
    """
    if vars(forecaster).get("_within_update", False):  # checked by the outer
        yield
        return
    revised = pd.Series(dtype=object)  # the ends held of the series y revises only
    if forecaster.is_fitted and not vars(forecaster).get("_backdated", False):
        revised = _revised_only(y, forecaster)
    # marks, not a context variable: sktime's loop over series may update the
    # series' forecasters in threads, which do not inherit one
    within = (forecaster, *forecaster._series_forecasters())
    for each in within:
        each._within_update = True
    try:
        yield
    finally:
        for each in within:
            vars(each).pop("_within_update", None)
    if len(revised):
        name = type(forecaster).__name__
        which = "" if revised.index[0] is None else f" of {list(revised.index[:10])}"
        warn(
            f"update was passed rows at or before the last row held{which} only "
            f"(revisions): {name}'s forecasts still start after the last row "
            f"held of each series (the latest at {revised.max()}). For "
            f"forecasts from earlier cutoffs, call update_predict on {name} "
            "itself (not on a composite around it, such as "
            "TransformedTargetForecaster, which passes each window as an "
            "update), or use sktime's evaluate.",
            UserWarning,
        )


def _revised_only(y, forecaster) -> pd.Series:
    """Return the last time held of each series of ``y`` that brings no later row.

    Series by series: in a panel whose series end at different times, a
    composite's window brings new rows of a lagging series and only rows
    held of the others, which are still forecast from their ends. Empty if
    every series of ``y`` has a row after its own last row held (or is new).
    """
    if not isinstance(y, pd.Series | pd.DataFrame) or not len(y):
        return pd.Series(dtype=object)
    new = ends_of(y.index)
    held = forecaster._ends_held()
    at = held.index.get_indexer(new.index)  # a series never held: -1
    try:
        revised = [
            k for end, k in zip(new, at, strict=True) if k >= 0 and end <= held.iloc[k]
        ]
    except (TypeError, ValueError):  # times of another kind (or frequency):
        return pd.Series(dtype=object)  # the update itself refuses them
    return held.iloc[revised]


def ends_of(index: pd.Index) -> pd.Series:
    """Return the last time of each series of ``index`` (one series: key ``None``).

    Examples
    --------
    >>> index = pd.MultiIndex.from_tuples([("a", 1), ("a", 2), ("b", 1)])
    >>> ends_of(index).to_dict()
    {'a': 2, 'b': 1}
    >>> ends_of(pd.RangeIndex(3)).to_dict()
    {None: 2}
    """
    times = index.get_level_values(-1)
    if not isinstance(index, pd.MultiIndex):
        return pd.Series([times.max()], index=[None])
    keys = list(range(index.nlevels - 1))
    by_series = pd.Series(times, index=index.droplevel(-1))
    return by_series.groupby(level=keys, sort=False, observed=True).max()


def cutoff_before(y, frequency: pd.DateOffset | pd.Timedelta | None) -> pd.Index:
    """Return the label one step before ``y``'s first (sktime's cutoff).

    Periods and integers step as sktime steps them; timestamps without a
    frequency (a panel's) by ``frequency``, that of the data fitted.
    """
    first = get_cutoff(y, return_index=True, reverse_order=True)
    if not isinstance(first, pd.DatetimeIndex) or first.freq is not None:
        return _shift(first, by=-1, return_index=True)
    if frequency is None:
        raise ValueError(
            "update_predict sets the cutoff one step before y's first row, but "
            "the timestamps fitted have no single frequency to step by (series "
            "at frequencies of their own). Use sktime's evaluate, which fits at "
            "each cutoff, or fit a forecaster on each series alone."
        )
    return pd.DatetimeIndex([first[0] - frequency])


def forecasts_from_each_cutoff(forecaster, y, cv, X, update_params: bool, seen: dict):
    """Update ``forecaster`` with each window of ``cv`` and forecast (sktime's loop).

    ``forecaster`` is the forecaster or its copy, its cutoff set before
    ``y``; the forecasts take the type of ``y`` that ``update_predict`` was
    given (``seen``, from :func:`type_of_y` before the loop), as
    sktime's do. Each window is passed with the rows of ``y`` before it
    that no window passed (:func:`with_rows_skipped`). Each window's
    forecasts are those of the series of ``y`` (:func:`of_the_series_of`):
    a panel's other series would be forecast from their own ends, not from
    the window's, under the window's cutoff.
    """
    if isinstance(y, VectorizedDF):
        y = y.X
    if isinstance(X, VectorizedDF):
        X = X.X
    fh = cv.get_fh()
    forecasts, cutoffs = [], []
    passed = np.zeros(len(y), dtype=bool)
    for window, _ in cv.split(y):
        rows = with_rows_skipped(y, window, passed)
        if not len(rows):
            check_nothing_held_after_the_cutoff(forecaster, y)
        passed[rows] = True
        forecast = forecaster.update_predict_single(
            y=y.iloc[rows], fh=fh, X=X, update_params=update_params
        )
        forecasts.append(of_the_series_of(y, forecast))
        cutoffs.append(forecaster.cutoff)
    forecasts = [
        convert_to(
            forecast,
            seen["_y_metadata"]["mtype"],
            store=seen["_converter_store_y"],
            store_behaviour="freeze",
        )
        for forecast in forecasts
    ]
    return _format_moving_cutoff_predictions(forecasts, cutoffs)


def check_nothing_held_after_the_cutoff(forecaster, y) -> None:
    """Refuse an empty first window while rows after the cutoff are held.

    ``SlidingWindowSplitter(start_with_window=False)`` starts with an empty
    window, whose update sktime skips: the first window's update, which
    forgets the rows held after the cutoff set before ``y`` (ADR 0009),
    never came, and that window was forecast from the last row held, under
    the labels after the cutoff. Rows held up to the cutoff only (``y``
    after them) are no concern: it is the forecast from the cutoff. Only
    ``y``'s series count: the others are not forecast.
    """
    if not vars(forecaster).get("_backdated", False):
        return  # the first window's update has come
    held = forecaster._ends_held()
    latest = held[held.index.isin(ends_of(y.index).index)].max()  # y's series
    if pd.notna(latest) and latest > forecaster.cutoff[0]:
        raise ValueError(
            f"update_predict's first window of cv has no rows (as with "
            f"SlidingWindowSplitter(start_with_window=False)), and "
            f"{type(forecaster).__name__} holds rows up to {latest}, after the "
            f"cutoff set one step before y ({forecaster.cutoff[0]}): that window "
            "would be forecast from them. Use a cv whose first window has rows "
            "(start_with_window=True), or pass y starting after the last row "
            "held."
        )


def with_rows_skipped(y, window: np.ndarray, passed: np.ndarray) -> np.ndarray:
    """Return the positions of ``window`` and of the rows of ``y`` it skipped.

    Windows that skip rows (``SlidingWindowSplitter`` whose
    ``step_length`` exceeds its ``window_length``) were refused by the
    update, for the gap they leave: every row of ``y`` up to the window's
    end in its series that no window has ``passed`` is passed with it, so
    each window is forecast from every row up to its end, as a fit on them
    forecasts. Windows that skip nothing are passed as they are.

    Examples
    --------
    >>> import pandas as pd
    >>> y = pd.Series(range(6), index=pd.period_range("2000-01", periods=6))
    >>> passed = np.array([True, True, False, False, False, False])
    >>> with_rows_skipped(y, np.array([4]), passed)
    array([2, 3, 4])
    """
    times = y.index.get_level_values(-1)
    if isinstance(y.index, pd.MultiIndex):
        series = pd.factorize(y.index.droplevel(-1))[0]
    else:
        series = np.zeros(len(y), dtype=np.intp)
    ends = pd.Series(times[window]).groupby(series[window]).max()
    end = ends.reindex(series).to_numpy()  # NaN/NaT: a series not in the window
    skipped = ~passed & pd.notna(end)
    skipped[skipped] = times[skipped] <= end[skipped]
    rows = np.zeros(len(y), dtype=bool)
    rows[window] = True
    return np.flatnonzero(rows | skipped)


def of_the_series_of(y, forecast):
    """Return the rows of ``forecast`` of the series ``y`` has (all: one series).

    sktime's own forecasters refuse an update of some series of a panel
    (their loop over series needs every one; the global reductions fail
    at the forecast), so ``update_predict`` of some series has no
    forecasts of the others to give.
    """
    if not isinstance(y.index, pd.MultiIndex):
        return forecast
    keys = y.index.droplevel(-1).unique()
    return forecast[forecast.index.droplevel(-1).isin(keys)]
