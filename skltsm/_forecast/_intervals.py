"""Prediction intervals from conformal residuals of a time-ordered holdout.

The forecaster holds out the last observations of ``y`` (``calibration_size``),
fits a copy of its strategy on the rows before them, and forecasts from every
origin inside the holdout without refitting (the look-back window advances,
the weights do not). The signed errors ``y[t + h] - forecast`` at each step
``h`` are the conformal residuals of that step. With ``calibration_folds > 1``
the holdout is split into consecutive folds, and each fold is forecast by a
copy fitted on everything before it (an expanding window).

A quantile ``alpha`` of the final forecast is the forecast plus an order
statistic of the signed residuals of its step: the ``ceil((n + 1) alpha)``-th
smallest of ``n`` for ``alpha >= 0.5``, the ``floor((n + 1) alpha)``-th for
``alpha < 0.5`` (split conformal prediction, one tail at a time). When ``n``
is too small for the level asked, the extreme residual is used and a
:class:`~skltsm.exceptions.CalibrationWarning` says that the coverage is not
guaranteed; a step with a single residual cannot give a tail beyond it (its
one residual is its median too), and a quantile that would need one more is
refused with a ``ValueError``. ``docs/adr/0010-conformal-intervals.md`` gives
the reasons and the coverage measured on the airline data.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from math import ceil, floor

import numpy as np
import pandas as pd

from skltsm._forecast._baselines import THETA, Holdout, naive_forecasts, season_lags
from skltsm._forecast._seasonal import naive2_forecasts
from skltsm._series._panel import panel_index
from skltsm._warn import warn
from skltsm.exceptions import CalibrationWarning, ShortSeriesWarning

__all__ = [
    "SCALE_FLOOR",
    "Clipped",
    "add_forecasts",
    "calibration_origins",
    "conformal_quantiles",
    "holdout_forecasts",
    "local_scale",
    "panel_holdout",
    "pooled_advice",
    "residuals_needed",
    "series_scales",
    "thin_quantiles",
    "warn_clipped",
    "windows_before_cuts",
]

#: Fraction of the series' mean absolute one-step change below which no local
#: scale falls: a window of one or two near-zero changes (the start of a
#: short series) would otherwise blow its residual up a hundredfold.
SCALE_FLOOR = 0.1


def calibration_origins(
    n_rows: int, size: float | int, min_length: int, folds: int
) -> list[np.ndarray]:
    """Return the forecast origins of each calibration fold (positions in ``y``).

    Parameters
    ----------
    n_rows : int
        Observations in ``y``.
    size : float or int
        Fraction (``0 < size < 1``) or number of final observations to hold out.
    min_length : int
        Rows a model needs to fit; the holdout shrinks to leave them.
    folds : int
        Consecutive folds the holdout is split into.

    Returns
    -------
    origins : list of ndarray of int
        One array per non-empty fold; each model is fitted on the rows up to
        and including its fold's first origin. Empty when nothing can be held
        out.

    Examples
    --------
    >>> [o.tolist() for o in calibration_origins(10, 0.3, 5, 1)]
    [[6, 7, 8]]
    >>> [o.tolist() for o in calibration_origins(10, 4, 5, 2)]
    [[5, 6], [7, 8]]
    """
    held_out = ceil(size * n_rows) if isinstance(size, float) else int(size)
    held_out = min(held_out, n_rows - min_length)
    if held_out < 1:
        return []
    origins = np.arange(n_rows - held_out - 1, n_rows - 1)
    return [fold for fold in np.array_split(origins, folds) if len(fold)]


def local_scale(
    values: np.ndarray,
    origins: np.ndarray,
    window: int,
    lag: int = 1,
    *,
    floor: float = 0.0,
) -> np.ndarray:
    """Mean absolute ``lag``-step change over the ``window`` changes up to each origin.

    With ``lag`` the seasonal period this is the in-sample error of the
    seasonal naive forecast (the scale of M4's MASE and MSIS): a series with a
    large but regular season gets the scale of what repeating the season
    misses, not of the season itself. An origin with fewer than ``lag``
    observations before it falls back to one-step changes.

    Parameters
    ----------
    values : ndarray of shape (n_rows, n_targets)
        The observed series.
    origins : ndarray of int
        Positions of the last observation each scale may use.
    window : int
        Number of most recent changes to average (fewer at the start).
    lag : int, default=1
        Steps between the two observations of a change.
    floor : float, default=0.0
        No scale falls below ``floor`` times the mean absolute one-step
        change of all of ``values`` (the series' typical change). A window
        of a few near-zero changes (the start of a short series) says little
        about the series' volatility, and a conformal residual divided by it
        would blow up: the single-series intervals use
        :data:`SCALE_FLOOR`. The floor reads the whole series given.

    Returns
    -------
    scale : ndarray of shape (len(origins), n_targets)
        Positive scales; 1 where the series did not change (or cannot).

    Examples
    --------
    >>> import numpy as np
    >>> values = np.array([[0.0], [1.0], [3.0], [6.0]])
    >>> local_scale(values, np.array([1, 3]), window=2)[:, 0]
    array([1. , 2.5])
    >>> local_scale(values, np.array([1, 3]), window=2, lag=2)[:, 0]  # 3 - 0, 6 - 1
    array([1., 4.])

    A first change of 0.01 in a series that usually moves by about 1,
    floored at a tenth of its mean change:

    >>> values = np.array([[100.0], [100.01], [102.0], [101.0]])
    >>> local_scale(values, np.array([1]), window=12, floor=0.1)[:, 0].round(3)
    array([0.1])
    """
    origins = np.asarray(origins)
    scale = _mean_change(values, origins, window, 1)
    if lag > 1 and len(values) > lag:
        seasonal = _mean_change(values, origins, window, lag)
        scale = np.where((origins >= lag)[:, None], seasonal, scale)
    if floor and len(values) > 1:
        typical = np.abs(np.diff(values, axis=0)).mean(axis=0)
        scale = np.maximum(scale, floor * typical)
    return np.where(scale > 0, scale, 1.0)


def _mean_change(
    values: np.ndarray, origins: np.ndarray, window: int, lag: int
) -> np.ndarray:
    """Mean of the last ``window`` values of ``|y[t] - y[t - lag]|``, t <= origin."""
    changes = np.abs(values[lag:] - values[:-lag])  # changes[i]: row i to i + lag
    totals = np.vstack([np.zeros((1, values.shape[1])), np.cumsum(changes, axis=0)])
    last = np.maximum(origins - lag + 1, 0)  # changes ending at or before the origin
    first = np.maximum(last - window, 0)
    counts = np.maximum(last - first, 1)[:, None]
    return (totals[last] - totals[first]) / counts


def holdout_forecasts(
    fitted_copy: Callable[[pd.DataFrame, pd.DataFrame | None], object],
    y: pd.DataFrame,
    X: pd.DataFrame | None,
    folds: list[np.ndarray],
    steps: Callable[[int], Sequence[int]],
    scale_window: int | None = None,
    sp: int = 1,
    factors=None,
    theta=None,
) -> Holdout:
    """Forecasts of the calibration holdout, by the network and the naive ones.

    Parameters
    ----------
    fitted_copy : callable
        ``fitted_copy(y, X)`` returns a strategy that has seen no row after
        those: a copy fitted on them, or a pretrained network as it is.
    y : pandas.DataFrame
        All observed targets.
    X : pandas.DataFrame or None
        Covariates at the rows of ``y``.
    folds : list of ndarray of int
        Origins of each fold, from :func:`calibration_origins`.
    steps : callable
        ``steps(n_origins)``: the steps to calibrate.
    scale_window : int or None, default=None
        Divide each residual by :func:`local_scale` at its origin.
    sp : int, default=1
        Seasonal period of the seasonal naive forecast.
    factors : SeasonalFactors or None, default=None
        Seasonal indices of naive2 (``None``: the naive forecast).
    theta : ThetaMethod or None, default=None
        The Theta method of the series, scored beside the others (see
        :class:`~skltsm._forecast._baselines.Holdout`).

    Returns
    -------
    holdout : Holdout
        Its ``residuals()`` are, for each step that has at least one, the
        network's ``y - forecast`` (in the units of ``y``, or of the local
        scale), origins in time order.
    """
    n_origins = sum(len(fold) for fold in folds)
    wanted = list(steps(n_origins))
    holdout = Holdout(sp, factors, theta)
    for origins in folds:
        end = int(origins[0]) + 1
        model = fitted_copy(y.iloc[:end], None if X is None else X.iloc[:end])
        add_forecasts(holdout, model, y, X, origins, wanted, scale_window)
    return holdout


def add_forecasts(
    holdout: Holdout,
    model,
    y: pd.DataFrame,
    X: pd.DataFrame | None,
    origins: np.ndarray,
    steps: Sequence[int],
    scale_window: int | None,
) -> None:
    """Forecast ``steps`` from ``origins`` with a fitted strategy and the benchmarks.

    The network was fitted on the rows up to ``origins[0]`` at most; every
    target inside ``y`` is recorded in ``holdout``.
    """
    observed = y.to_numpy(np.float64)
    step_array = np.asarray(steps)
    forecasts = {
        "network": model.forecast(y, X, origins, steps),
        "naive": naive_forecasts(observed, origins, step_array),
        "seasonal_naive": naive_forecasts(observed, origins, step_array, holdout.sp),
        "naive2": naive2_forecasts(observed, origins, step_array, holdout.factors),
    }
    if holdout.theta is not None:
        forecasts[THETA] = holdout.theta.forecast(observed, origins, step_array)
    heads = (
        model.forecast(y, X, origins, steps, quantiles=True)
        if model.has_quantile_heads
        else None
    )
    end = int(origins[0]) + 1  # the MASE scale: the changes before the holdout
    unit = local_scale(observed, np.array([end - 1]), window=end)
    for i, h in enumerate(steps):
        inside = origins + h < len(y)
        at = origins[inside]
        level = (
            np.ones((len(at), observed.shape[1]))
            if scale_window is None
            else local_scale(observed, at, scale_window, floor=SCALE_FLOOR)
        )
        holdout.add(
            h,
            actual=observed[at + h],
            level=level,
            unit=np.repeat(unit, len(at), axis=0),
            heads=None if heads is None else heads[inside, i],
            **{name: values[inside, i] for name, values in forecasts.items()},
        )


def series_scales(
    y: pd.DataFrame, from_end: int, lag: int = 1, *, scaled: bool = True
) -> np.ndarray:
    """In-sample error of each series' (seasonal) naive forecast, up to ``from_end``.

    The mean absolute ``lag``-step change of each series over all its rows up
    to ``from_end`` rows before its end (:func:`local_scale` over the whole
    history): with ``lag=1`` the scale of M4's MASE for the naive forecast,
    with ``lag`` the seasonal period that of MASE and MSIS. Residuals divided
    by it are comparable across series of any level and season.

    Parameters
    ----------
    y : pandas.DataFrame
        A long panel.
    from_end : int
        Rows left out at the end of every series.
    lag : int, default=1
        Steps of the changes.
    scaled : bool, default=True
        ``False`` returns ones (raw residuals).

    Returns
    -------
    scales : ndarray of shape (n_series, n_targets)
        In the order of ``panel_index(y.index).ids``.
    """
    panel = panel_index(y.index)
    if not scaled:
        return np.ones((len(panel.ids), y.shape[1]))
    grouped = y.to_numpy(np.float64)[panel.order]
    last = panel.lengths - 1 - from_end  # each series' origin, from its start
    scale = _series_mean_change(grouped, panel, last, 1)
    if lag > 1:  # as local_scale: seasonal changes where the series has them
        seasonal = _series_mean_change(grouped, panel, last, lag)
        has_season = (panel.lengths > lag) & (last >= lag)
        scale = np.where(has_season[:, None], seasonal, scale)
    return np.where(scale > 0, scale, 1.0)


def _series_mean_change(
    grouped: np.ndarray, panel, last: np.ndarray, lag: int
) -> np.ndarray:
    """Mean ``|y[t] - y[t - lag]|`` of each series for ``lag <= t <= last`` (0 if none).

    ``grouped`` holds the series one after the other; ``t`` and ``last``
    count from each series' start. Summed series by series (not as
    differences of one cumulative sum over the panel, which would lose a
    small series' digits to a large one's).
    """
    changes = np.zeros_like(grouped)
    changes[lag:] = np.abs(grouped[lag:] - grouped[:-lag])
    t = np.arange(len(grouped)) - np.repeat(panel.starts, panel.lengths)
    counted = (t >= lag) & (t <= np.repeat(last, panel.lengths))
    # np.where, not a product: 0 * inf is NaN, and would reach the next series
    totals = np.add.reduceat(
        np.where(counted[:, None], changes, 0.0), panel.starts, axis=0
    )
    counts = np.add.reduceat(counted.astype(np.int64), panel.starts)
    return totals / np.maximum(counts, 1)[:, None]


def panel_holdout(
    fitted_copy: Callable[[pd.DataFrame, pd.DataFrame | None], object],
    y: pd.DataFrame,
    X: pd.DataFrame | None,
    steps: Sequence[int],
    scaled: bool = True,
    sp: int = 1,
    min_length: int = 1,
    min_windows: int = 1,
) -> Holdout | None:
    """Forecasts of a global model and the naive ones, one per series and step.

    Every series is cut at the same time, ``max(steps)`` rows before its end;
    a copy of the strategy fitted on the rows before the cuts forecasts each
    series from its cut, and the errors at each step, divided by each series'
    in-sample seasonal naive error up to its cut (:func:`series_scales`, the
    scale of M4's MSIS), are the residuals of that step: one per series, so
    that series of any level and season calibrate together (split conformal
    prediction across series).

    Parameters
    ----------
    fitted_copy : callable
        ``fitted_copy(y, X)`` returns a strategy that has seen no row after
        those: a copy fitted on them, or a pretrained network as it is.
    y : pandas.DataFrame
        The panel (long, every series ending at the cutoff).
    X : pandas.DataFrame or None
        Covariates at the rows of ``y``.
    steps : sequence of int
        Steps to calibrate.
    scaled : bool, default=True
        Divide by the series' scales; ``False`` keeps raw residuals.
    sp : int, default=1
        Seasonal period of the seasonal naive forecast and of the scale.
    min_length : int, default=1
        Rows a series needs for one training window of the copy.
    min_windows : int, default=1
        Windows the copy needs, pooled across series (more with early
        stopping, which holds some out).

    Returns
    -------
    holdout : Holdout or None
        Its ``residuals()``: for each step, the finite residuals
        (``y - forecast``) of the series. ``None`` when the rows before the
        cuts give the copy fewer than ``min_windows`` windows.
    """
    steps = list(steps)
    held_out = max(steps)
    panel = panel_index(y.index)
    if windows_before_cuts(panel.lengths, held_out, min_length) < min_windows:
        return None  # the rows before the cuts cannot train a copy
    long_enough = panel.lengths > held_out
    dropped = panel.ids[~long_enough]
    if not long_enough.all():  # a series with no row before its cut has no residual
        y = y.iloc[np.sort(panel.order[np.repeat(long_enough, panel.lengths)])]
        panel = panel_index(y.index)
    head = np.sort(panel.order[panel.rows_to_end > held_out])
    y_head = y.iloc[head]
    X_head = None if X is None else X.loc[y_head.index]
    with warnings.catch_warnings():  # the copy's short series are not the user's
        warnings.simplefilter("ignore", ShortSeriesWarning)
        model = fitted_copy(y_head, X_head)
    forecasts = model.forecast_ends(y_head, X, steps)
    _warn_uncalibrated(panel.ids, forecasts, dropped, held_out)
    heads = (
        model.forecast_ends(y_head, X, steps, quantiles=True)
        if model.has_quantile_heads
        else None
    )
    values = y.to_numpy(np.float64)
    cuts = panel.starts + panel.lengths - 1 - held_out  # positions in order
    levels = series_scales(y, held_out, sp, scaled=scaled)
    units = series_scales(y, held_out)  # the MASE scale
    holdout = Holdout(sp, series=panel.ids)
    for i, h in enumerate(steps):
        season = season_lags(h, sp)
        seasonal_at = cuts + h - season
        seasonal = values[panel.order[np.maximum(seasonal_at, panel.starts)]]
        seasonal[seasonal_at < panel.starts] = np.nan
        holdout.add(
            h,
            actual=values[panel.order[cuts + h]],
            level=levels,
            unit=units,
            network=forecasts[:, i],
            heads=None if heads is None else heads[:, i],
            naive=values[panel.order[cuts]],
            seasonal_naive=seasonal,
            naive2=values[panel.order[cuts]],  # a panel is not deseasonalised
        )
    return holdout


def windows_before_cuts(lengths: np.ndarray, held_out: int, min_length: int) -> int:
    """Count the windows the rows before cuts ``held_out`` steps before each end give.

    Parameters
    ----------
    lengths : numpy.ndarray
        Rows of each series.
    held_out : int
        Steps held out at the end of each series.
    min_length : int
        Rows one training window needs.

    Examples
    --------
    >>> import numpy as np
    >>> windows_before_cuts(np.array([10, 4]), held_out=3, min_length=2)
    6
    """
    return int(np.maximum(np.asarray(lengths) - held_out - min_length + 1, 0).sum())


def _warn_uncalibrated(ids, forecasts, dropped, held_out: int) -> None:
    """Name the series the holdout could not forecast: they add no residual."""
    unforecast = ids[np.isnan(forecasts).reshape(len(ids), -1).all(axis=1)]
    names = [*dropped, *unforecast]
    if names:
        warn(
            f"Series {names[:10]}{' ...' if len(names) > 10 else ''} are too "
            f"short to be forecast from the calibration cut, {held_out} steps "
            "before their end: they add no calibration residuals (the other "
            "series' residuals calibrate their intervals).",
            CalibrationWarning,
        )


def conformal_quantiles(
    residuals: np.ndarray,
    alpha: Sequence[float],
    *,
    step: int | None = None,
    clipped: list[Clipped] | None = None,
    advice: str | None = None,
) -> np.ndarray:
    """Conformal quantiles of signed residuals, one tail at a time.

    Parameters
    ----------
    residuals : ndarray of shape (n, n_targets)
        Signed calibration residuals of one step.
    alpha : sequence of float
        Quantile levels in (0, 1).
    step : int or None, default=None
        The step, named in the warning.
    clipped : list of Clipped or None, default=None
        Where to note levels beyond the residuals instead of warning, to
        warn once for many steps (:func:`warn_clipped`).
    advice : str or None, default=None
        What gives more residuals, said when they are too few:
        :func:`pooled_advice` for a panel calibrated under global pooling;
        ``None``, one series' holdout (a larger ``calibration_size``).

    Returns
    -------
    quantiles : ndarray of shape (len(alpha), n_targets)
        The residual to add to the point forecast for each level.

    Examples
    --------
    >>> import numpy as np
    >>> residuals = np.arange(-9.0, 10.0).reshape(-1, 1)  # 19 residuals
    >>> conformal_quantiles(residuals, [0.05, 0.5, 0.95])[:, 0]
    array([-9.,  0.,  9.])
    """
    ordered = np.sort(residuals, axis=0)
    n = len(ordered)
    ranks, beyond = [], []
    for level in alpha:
        rank = _rank(n, level)
        if rank > n or rank < 1:
            beyond.append(level)
        ranks.append(min(max(rank, 1), n))
    if beyond:
        _check_clipping(Clipped(step, n, beyond), clipped, advice)
    return ordered[np.asarray(ranks) - 1]


def residuals_needed(level: float) -> int:
    """Residuals a conformal quantile at ``level`` needs without clipping.

    ``ceil((n + 1) level) <= n`` above the median, ``floor((n + 1) level)
    >= 1`` below it: 9 for 0.1 and 0.9, 39 for 0.025 and 0.975.

    Examples
    --------
    >>> [residuals_needed(a) for a in (0.025, 0.1, 0.5, 0.9, 0.975)]
    [39, 9, 1, 9, 39]
    >>> residuals_needed(5e-10)  # coverage 1 - 1e-9: at once, not counted to
    1999999997
    """
    # about 1 / tail - 1 (the rank condition's closed form), then the exact
    # rule within a few steps of it: counting from 1 took minutes near 1e-9
    tail = min(level, 1 - level)
    n = max(1, ceil(1 / tail) - 2)
    while n > 1 and _enough(n - 1, level):
        n -= 1
    while not _enough(n, level):
        n += 1
    return n


def _enough(n: int, level: float) -> bool:
    """Whether ``n`` residuals give a conformal quantile at ``level`` unclipped."""
    return 1 <= _rank(n, level) <= n


def _rank(n: int, level: float) -> int:
    """Rank of the residual a conformal quantile at ``level`` reads among ``n``.

    The ``ceil((n + 1) level)``-th smallest for ``level >= 0.5``, the
    ``floor((n + 1) level)``-th below (one tail at a time); outside ``1..n``
    when ``n`` is too small for the level.
    """
    position = (n + 1) * level  # rounding must not cost a rank: 20 * 0.95
    return ceil(position - 1e-9) if level >= 0.5 else floor(position + 1e-9)


@dataclass(frozen=True)
class Clipped:
    """Levels of one step beyond its residuals: quantiles clipped to the extreme."""

    step: int | None
    n: int
    levels: list[float]


def pooled_advice(heads: bool = False) -> str:
    """Say what gives more residuals per step to a panel under global pooling.

    A panel is calibrated on one cut of each series
    (:func:`panel_holdout`): a step has one residual per series long enough
    for the cut, however long the series and whatever ``calibration_size``
    and ``calibration_folds`` (these give one series more residuals).

    Parameters
    ----------
    heads : bool, default=False
        Whether the network has quantile heads (calibrated on the same cut).

    Examples
    --------
    >>> "pooling='local'" in pooled_advice()
    True
    """
    quantiles = (
        "forecast the quantile heads as they are (calibration_size=0)"
        if heads
        else "train quantile heads (LSTMRegressor(quantiles=(0.1, 0.5, 0.9)), "
        "strategy='multioutput' or 'direct', calibration_size=0: their "
        "quantiles need no residuals)"
    )
    return (
        "Under pooling='global' a panel is calibrated on one cut of each series, "
        "so each step has one residual per series long enough for the cut: N "
        "series give N, however long they are and whatever calibration_size and "
        "calibration_folds. For more residuals, add series long enough for the "
        "cut (a shorter horizon cuts nearer their ends), forecast with "
        "pooling='local' (each series calibrated on its own holdout, with "
        f"calibration_folds >= 1), or {quantiles}."
    )


def _check_clipping(
    clipped: Clipped, notes: list[Clipped] | None, advice: str | None = None
) -> None:
    """Warn of quantiles clipped to the extreme residual; refuse them from one.

    A single residual is its own minimum, maximum and median: every
    quantile clipped to it is the same value, and an interval from it has no
    width (however wide the errors are), centred off the forecast by that
    one error. Two or more give a spread, whose coverage the warning says
    is not guaranteed; ``notes`` collects them for one warning instead.
    ``advice`` says what gives more residuals (:func:`conformal_quantiles`).
    """
    if clipped.n < 2:
        where = "" if clipped.step is None else f" at step {clipped.step}"
        raise ValueError(
            f"Only {clipped.n} calibration residual{where}, but quantiles "
            f"{_rounded(clipped.levels)} need at least "
            f"{max(map(residuals_needed, clipped.levels))}: one residual gives "
            "every quantile beyond the median the same value, an interval of zero "
            "width. "
            + (
                advice
                or "For intervals, use a longer series, a larger calibration_size "
                "(with calibration_folds >= 1) or a shorter horizon."
            )
        )
    if notes is None:
        warn_clipped([clipped], advice)
    else:
        notes.append(clipped)


def warn_clipped(notes: list[Clipped], advice: str | None = None) -> None:
    """One :class:`CalibrationWarning` for every step with clipped quantiles.

    ``advice`` says what gives more residuals (:func:`conformal_quantiles`).
    """
    if not notes:
        return
    thin: dict = {}
    for note in notes:  # the heads note each level of a step apart
        for level in note.levels:
            at = thin.setdefault(level, {})
            at[note.step] = min(at.get(note.step, note.n), note.n)
    warn(
        f"Too few calibration residuals: {thin_quantiles(thin)}. They lie beyond "
        "the extreme residual, which is used instead, so their coverage is not "
        "guaranteed. "
        + (
            advice
            or "Use a larger calibration_size (with calibration_folds >= 1) or a "
            "longer series."
        ),
        CalibrationWarning,
    )


def thin_quantiles(thin: dict) -> str:
    """Say each thin level's need and the steps with fewer residuals.

    Parameters
    ----------
    thin : dict of float to dict
        Each level, and the residuals of each step (``None``: one unnamed)
        too few for it.

    Examples
    --------
    >>> thin_quantiles({0.1: {3: 5}, 0.9: {3: 5}})
    'quantiles [0.1, 0.9] need 9 residuals, more than step 3 has (5)'
    >>> thin_quantiles({0.9: {3: 5}, 0.975: {1: 11, 3: 5}}).split("; ")[1]
    '[0.975] need 39, more than steps [1, 3] have (11, 5)'
    >>> thin_quantiles({0.9: {None: 2}})
    'quantiles [0.9] need 9 residuals, more than the 2 there are'
    """
    groups: dict = {}  # levels thin at the same steps and needing as many
    for level in sorted(thin):
        key = residuals_needed(level), tuple(thin[level].items())
        groups.setdefault(key, []).append(level)
    parts = []
    for (needed, at), levels in groups.items():
        steps, counts = zip(*at, strict=True)
        if steps == (None,):
            where = f"the {counts[0]} there are"
        elif len(steps) == 1:
            where = f"step {steps[0]} has ({counts[0]})"
        else:
            where = f"steps {list(steps)} have ({', '.join(map(str, counts))})"
        unit = "" if parts else " residuals"
        parts.append(f"{_rounded(levels)} need {needed}{unit}, more than {where}")
    return "quantiles " + "; ".join(parts)


def _rounded(levels) -> list[float]:
    return [round(float(level), 6) for level in levels]
