"""How LSTMForecaster configures itself from the data when given no pipeline.

The seasonal period comes from the index frequency (:mod:`skltsm._series._frequency`)
or the ``sp`` parameter; sktime's M4 seasonality test (autocorrelation at lag
``sp``, 90 %) decides whether the series is seasonal; a seasonal single
series is deseasonalised by a classical decomposition
(:func:`seasonal_factors`), then by a second, longer cycle its index
frequency may hold (a week of hours, :func:`longer_factors`) where the
test finds it in the adjusted series, and a single series takes a first difference
when pmdarima's KPSS test asks for one (on the adjusted series), a panel
none (each window is standardised); the look-back covers two
seasons (or ``max(sp, 6)`` observations without a season), at least the
horizon, and leaves half the series for windows; the steps known in ``fit``
are forecast by one vector-output network. A single series forecasts the
mean of the network's forecasts and the Theta method's (:func:`theta_method`,
on the same seasonal factors), and the Theta method alone when it leaves
fewer than :data:`MIN_WINDOWS` training windows.
``docs/adr/0022-frequency-aware-default.md`` records the reasons and what
was measured.
"""

from __future__ import annotations

import warnings
from math import ceil

import numpy as np
import pandas as pd
from pmdarima.arima import ndiffs
from sktime.utils.seasonality import autocorrelation_seasonality_test
from statsmodels.tsa.holtwinters import SimpleExpSmoothing
from statsmodels.tsa.seasonal import seasonal_decompose

from skltsm._forecast._default_pipeline import NOT_TESTED, DefaultChoices
from skltsm._forecast._seasonal import SeasonalFactors
from skltsm._forecast._theta import ThetaMethod
from skltsm._series._frequency import longer_period, seasonal_period
from skltsm._series._panel import is_panel, panel_index

__all__ = ["choose_defaults", "longer_factors", "seasonal_factors", "theta_method"]

#: Series a panel's seasonality test looks at (a seeded sample of larger panels).
MAX_TESTED_SERIES = 200
#: Gradient steps an epoch of a single series takes (batches of 32 to 1,024).
STEPS_PER_EPOCH = 8
#: Conformal residuals the validation tail should give the longest step.
TAIL_RESIDUALS = 39  # (39 + 1) * 0.975 = 39: a 95 % interval needs no clipping
#: Training windows below which a single series forecasts Theta alone: an
#: LSTM(32) has thousands of weights, and its early-stopping tail would hold a
#: handful of forecasts to judge it by.
MIN_WINDOWS = 20


def seasonal_factors(
    values: np.ndarray, sp: int, model: str | None = None
) -> SeasonalFactors:
    """Decompose each column of ``values`` classically with sktime's Deseasonalizer.

    Multiplicative when every value is positive, else additive.

    Parameters
    ----------
    values : ndarray of shape (n_rows, n_targets)
        The training part of the series, at least two seasons.
    sp : int
        Seasonal period, at least 2.
    model : {"multiplicative", "additive"} or None, default=None
        ``None``: multiplicative when every value is positive, else additive.

    Returns
    -------
    factors : SeasonalFactors

    Examples
    --------
    >>> values = np.tile([1.0, 3.0], 8)[:, None] * np.linspace(1, 2, 16)[:, None]
    >>> factors = seasonal_factors(values, sp=2)
    >>> factors.model, np.round(factors.factors[:, 0], 2).tolist()
    ('multiplicative', [0.5, 1.5])
    """
    from sktime.transformations.detrend import Deseasonalizer

    values = np.asarray(values, dtype=np.float64)
    if model is None:
        model = "multiplicative" if (values > 0).all() else "additive"
    columns = []
    for column in values.T:
        deseasonalizer = Deseasonalizer(sp=sp, model=model)
        deseasonalizer.fit(pd.Series(column))  # a RangeIndex: row 0 is phase 0
        columns.append(np.asarray(deseasonalizer.seasonal_, dtype=np.float64))
    return SeasonalFactors(sp=sp, model=model, factors=np.stack(columns, axis=1))


def longer_factors(
    values: np.ndarray, factors: SeasonalFactors | None, period: int
) -> SeasonalFactors | None:
    """Add a longer cycle's indices to ``factors`` where M4's test finds it.

    The series adjusted by ``factors`` (the first cycle's, e.g. a day of
    hours) is tested at lag ``period`` (e.g. a week of hours, 168) by M4's
    autocorrelation test, on its first column with the trend taken out: the
    centred moving average of ``period`` that the classical decomposition
    estimates, extrapolated linearly at both ends (statsmodels'
    ``seasonal_decompose``, ``extrapolate_trend="period"``), as X-11 tests for
    stable seasonality on the series over its trend-cycle. A cycle of 3 to 6
    periods in the series is slow against the trend and level shifts, which
    raise the autocorrelation at every lag below ``period`` and with it the
    test's limit: on the adjusted series itself the test missed a 10 % weekly
    cycle in 4 simulated hourly series of 10. Where it is seasonal, the classical
    decomposition at ``period`` of the adjusted series (same model) gives
    the longer cycle's indices, and the result combines both: its index at
    a row is the product (or sum, additive) of the two, a table of
    ``period`` rows that every user of the factors (the network's
    adjustment, Theta, naive2, the intervals) reads as any other.

    Parameters
    ----------
    values : ndarray of shape (n_rows, n_targets)
        The training part of the series, at least three ``period`` long
        (shorter: ``factors`` are returned as they are).
    factors : SeasonalFactors or None
        The first cycle's indices (:func:`seasonal_factors`), whose period
        divides ``period``; ``None``: the series is not seasonal at it.
    period : int
        The longer cycle; 1 or less: none.

    Returns
    -------
    factors : SeasonalFactors or None
        Of period ``period`` when the longer cycle was found, else
        ``factors``.

    Examples
    --------
    >>> t = np.arange(24 * 7 * 4)
    >>> values = (100 + 10 * np.sin(2 * np.pi * t / 24)
    ...           + 5 * np.sin(2 * np.pi * t / 168))[:, None]
    >>> longer_factors(values, seasonal_factors(values, 24), 168).sp
    168
    """
    if period <= 1 or len(values) < 3 * period:
        return factors
    values = np.asarray(values, dtype=np.float64)
    if factors is None:
        model = "multiplicative" if (values > 0).all() else "additive"
        adjusted = values
    else:
        model = factors.model
        adjusted = factors.adjust(values, np.arange(len(values)))
    if not _has_cycle(adjusted[:, 0], period):
        return factors
    longer = seasonal_factors(adjusted, period, model)
    if factors is None:
        return longer
    first = np.tile(factors.factors, (period // factors.sp, 1))
    combined = (
        first * longer.factors if model == "multiplicative" else first + longer.factors
    )
    return SeasonalFactors(sp=period, model=model, factors=combined)


def _has_cycle(values: np.ndarray, period: int) -> bool:
    """M4's test at lag ``period`` on ``values`` less their trend (moving average)."""
    trend = seasonal_decompose(values, period=period, extrapolate_trend="period").trend
    detrended = values - trend
    # nothing but rounding left (a constant or exactly periodic series): no
    # autocorrelation to test (statsmodels divides 0 by 0, or reads noise)
    if np.ptp(detrended) <= 1e-9 * max(np.ptp(values), np.abs(values).max()):
        return False
    return bool(autocorrelation_seasonality_test(pd.Series(detrended), period))


def theta_method(values: np.ndarray, factors: SeasonalFactors | None) -> ThetaMethod:
    """Estimate the Theta method of each column of ``values`` as sktime's does.

    statsmodels' simple exponential smoothing with an estimated initial
    level, fitted on the series adjusted by ``factors`` (the fit of
    sktime's ``ThetaForecaster``), gives each target's smoothing parameter
    and initial level.

    Parameters
    ----------
    values : ndarray of shape (n_rows, n_targets)
        The training part of the series.
    factors : SeasonalFactors or None
        Its seasonal indices (:func:`seasonal_factors`); ``None``: not
        adjusted.

    Returns
    -------
    theta : ThetaMethod

    Examples
    --------
    >>> values = (10 + np.arange(30.0) + np.tile([0.0, 1.0], 15))[:, None]
    >>> theta = theta_method(values, None)
    >>> theta.forecast(values, [29], [1, 2]).shape
    (1, 2, 1)
    """
    values = np.asarray(values, dtype=np.float64)
    adjusted = (
        values if factors is None else factors.adjust(values, np.arange(len(values)))
    )
    alpha, initial = [], []
    for column in adjusted.T:
        with warnings.catch_warnings():
            # a constant zero series: statsmodels takes log(0) in its search,
            # and fits alpha and the level all the same
            warnings.simplefilter("ignore", RuntimeWarning)
            model = SimpleExpSmoothing(column, initialization_method="estimated")
            params = model.fit().params
        alpha.append(params["smoothing_level"])
        initial.append(params["initial_level"])
    return ThetaMethod(
        factors=factors,
        alpha=np.asarray(alpha, dtype=np.float64),
        initial_level=np.asarray(initial, dtype=np.float64),
    )


def choose_defaults(
    y: pd.DataFrame, *, sp: int | None, n_steps: int | None
) -> DefaultChoices:
    """Choose the default pipeline's settings from the series it will learn.

    Parameters
    ----------
    y : pandas.DataFrame
        The series (or long panel) ``fit`` was given.
    sp : int or None
        The ``sp`` parameter; ``None`` infers it from the index frequency.
    n_steps : int or None
        The last step of ``fh`` known in ``fit``, or ``None``.

    Returns
    -------
    choices : DefaultChoices

    Raises
    ------
    ValueError
        When a single series has fewer than ``n_steps + 2`` observations
        (one more when it is differenced): two windows, one to train on and
        one to hold out.
    """
    panel = is_panel(y)
    _check_one_variable(y)
    outputs = n_steps if n_steps else 1
    if not panel:  # before the tests, which need a few points; a panel leaves
        _check_length(len(y), 0, outputs)  # its short series out, with a warning
    sp = seasonal_period(y.index) if sp is None else sp
    series = _series_values(y)
    seasonal, tested = _seasonality(series, sp)
    strategy = "multioutput" if n_steps else "recursive"
    length = int(np.quantile([len(s) for s in series], 0.25))
    factors = theta = None
    differencing = ()  # a panel: each window is standardised
    if not panel:
        values = y.to_numpy(np.float64)
        factors = seasonal_factors(values, sp) if seasonal else None
        factors = longer_factors(values, factors, _longer(y.index, sp))
        theta = theta_method(values, factors)
        # KPSS on what the network learns: the season divided out, if any
        adjusted = (
            values if factors is None else factors.adjust(values, np.arange(len(y)))
        )
        differencing = _first_difference(adjusted[:, 0])
        _check_length(len(y), sum(differencing), outputs)
    order = sum(differencing)
    look_back = _look_back(sp, seasonal, outputs, length - order - outputs + 1)
    windows = max(length - order - look_back - outputs + 1, 1) * len(series)
    return DefaultChoices(
        sp=sp,
        seasonal=seasonal,
        differencing=differencing,
        look_back=look_back,
        strategy=strategy,
        n_steps=outputs,
        panel=panel,
        validation_fraction=_validation_fraction(windows, outputs, panel),
        batch_size=int(np.clip(ceil(windows / STEPS_PER_EPOCH), 32, 1024)),
        tested=tested,
        seasonal_factors=factors,
        theta=theta,
        combine=not panel,
        too_short=not panel and windows < MIN_WINDOWS,
    )


def _longer(index: pd.Index, sp: int) -> int:
    """Return the index's longer cycle (:func:`longer_period`) if ``sp`` is its own."""
    longer = longer_period(index)
    return longer if sp == seasonal_period(index) and longer % sp == 0 else 1


def _check_length(n_rows: int, order: int, n_steps: int) -> None:
    """Refuse a series that leaves fewer than two windows.

    Even Theta alone needs them: the network trains on one and holds out
    the other for early stopping, the holdout scores and the intervals.
    """
    needed = order + n_steps + 2  # a look-back of 1, then twice the steps' row
    if n_rows >= needed:
        return
    difference = " and a first difference (KPSS)" if order else ""
    shorter = n_rows - order - 2
    fewer = f", or at most {_count(shorter, 'step')} ahead" if shorter >= 1 else ""
    raise ValueError(
        f"y has {_count(n_rows, 'observation')}, but LSTMForecaster's default "
        f"pipeline needs at least {needed} for {_count(n_steps, 'step')} ahead"
        f"{difference}: two windows of one observation and the steps after it, "
        "one to train on and one held out to stop early, score and calibrate "
        f"(even when Theta forecasts alone). Use a longer series{fewer}."
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _check_one_variable(y: pd.DataFrame) -> None:
    """Refuse several columns: the default scales and tests one variable."""
    if y.shape[1] > 1:
        raise ValueError(
            f"LSTMForecaster's default pipeline forecasts one variable, but y has "
            f"{y.shape[1]} columns {list(y.columns)}. Forecast each column on its "
            "own, or pass a pipeline of yours (make_forecast_pipeline(...)), "
            "whose network forecasts every column of y."
        )


def _series_values(y: pd.DataFrame) -> list[np.ndarray]:
    """Return the first target of each series (all of them, or a seeded sample)."""
    values = y.iloc[:, 0].to_numpy(np.float64)
    if not is_panel(y):
        return [values]
    panel = panel_index(y.index)
    chosen = np.arange(len(panel.ids))
    if len(chosen) > MAX_TESTED_SERIES:
        chosen = np.random.default_rng(0).choice(
            chosen, MAX_TESTED_SERIES, replace=False
        )
    return [values[panel.rows_of(int(k))] for k in np.sort(chosen)]


def _seasonality(series: list[np.ndarray], sp: int) -> tuple[bool, str]:
    """M4's test on each series long enough for it; seasonal if half pass."""
    long_enough = [s for s in series if sp > 1 and len(s) >= 3 * sp]
    if not long_enough:
        return False, NOT_TESTED if sp > 1 else "none"
    # a constant series has no autocorrelation (statsmodels divides 0 by 0
    # and warns): not seasonal, as the test would say
    passed = sum(
        bool(autocorrelation_seasonality_test(pd.Series(s), sp))
        for s in long_enough
        if np.ptp(s) > 0
    )
    if len(series) == 1:
        return bool(passed), "1 series"
    return 2 * passed >= len(long_enough), f"{passed} of {len(long_enough)} series"


def _first_difference(values: np.ndarray) -> tuple[int, ...]:
    """``(1,)`` when KPSS (as auto.arima) asks for a first difference, else ``()``.

    A seasonal series reaches here deseasonalised, so no seasonal difference
    is ever taken.
    """
    return (1,) if ndiffs(values, test="kpss", max_d=1) else ()


def _look_back(sp: int, seasonal: bool, n_steps: int, available: int) -> int:
    """Two seasons (or ``max(sp, 6)``), at least the horizon, at most half the data."""
    wanted = max(2 * sp if seasonal else max(sp, 6), n_steps)
    return int(max(1, min(wanted, available // 2)))


def _validation_fraction(windows: int, n_steps: int, panel: bool) -> float:
    """Hold out a tenth of the windows, or what gives every step residuals."""
    if panel or windows < 2:
        return 0.1
    wanted = (n_steps + TAIL_RESIDUALS) / windows
    return float(np.clip(ceil(wanted * 100) / 100, 0.1, 0.3))
