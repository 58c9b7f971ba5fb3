"""Coverage of the default forecaster's intervals on simulated monthly series.

``LSTMForecaster()`` with no arguments calibrates its intervals on the
early-stopping tail of its one network (``calibration_folds="auto"``);
``calibration_folds=2`` trains two calibration copies instead. Each of
``--n-series`` simulated monthly series (an AR(1) with phi 0.7 around a
level, plus a season of random amplitude and phase, 144 to 156 months) holds
out its last 12 months: the forecaster, fitted on the rest, forecasts them
with 80 % and 95 % intervals, and the coverage is the share of held-out
months inside, over all series, beside sktime's naive and seasonal naive
forecasts' intervals. ``docs/sktime.md`` quotes the figures.

Run ``python -m benchmarks.default_coverage`` from the repository root
(a few minutes on 2 cores); it writes
``benchmarks/results/default_coverage.{json,md}``.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.accuracy_metrics import coverage
from benchmarks.stored_runs import RESULTS, thread_settings, write
from skltsm.sktime import LSTMForecaster

__all__ = ["coverage_of", "main", "simulated_series"]

COVERAGES = (0.8, 0.95)
SIDES = ("lower", "upper")
HORIZON = 12
#: configuration name -> the forecaster's parameters besides random_state
CONFIGURATIONS = {"default": {}, "calibration_folds=2": {"calibration_folds": 2}}
#: the naive forecasts' intervals beside them (sktime's, from their residuals)
BASELINES = {"naive (sktime)": {}, "seasonal naive (sktime, sp=12)": {"sp": 12}}


def simulated_series(n_series: int, seed: int = 0) -> list[pd.Series]:
    """Monthly series: a level, a season and AR(1) noise (phi 0.7).

    Examples
    --------
    >>> series = simulated_series(2)
    >>> [len(s) >= 144 for s in series], series[0].index.freqstr
    ([True, True], 'M')
    """
    rng = np.random.default_rng(seed)
    made = []
    for i in range(n_series):
        n = int(rng.integers(144, 157))
        noise = np.zeros(n)
        shocks = rng.normal(size=n)
        for t in range(1, n):
            noise[t] = 0.7 * noise[t - 1] + shocks[t]
        phase = rng.uniform(0, 2 * np.pi)
        season = rng.uniform(1, 4) * np.sin(2 * np.pi * np.arange(n) / 12 + phase)
        index = pd.period_range("2000-01", periods=n, freq="M")
        made.append(pd.Series(50.0 + season + noise, index=index, name=f"s{i}"))
    return made


def coverage_of(forecaster, series: list[pd.Series]) -> dict[str, float]:
    """Share of each series' last 12 months inside the intervals of a fit on the rest.

    Examples
    --------
    >>> from sktime.forecasting.naive import NaiveForecaster
    >>> found = coverage_of(NaiveForecaster(sp=12), simulated_series(2))
    >>> sorted(found)
    ['coverage 80%', 'coverage 95%']
    """
    actual, bounds = [], {(c, side): [] for c in COVERAGES for side in SIDES}
    fh = np.arange(1, HORIZON + 1)
    for y in series:
        fitted = forecaster.clone().fit(y.iloc[:-HORIZON], fh=fh)
        intervals = fitted.predict_interval(coverage=list(COVERAGES))
        actual.append(y.iloc[-HORIZON:].to_numpy())
        for c, side in bounds:
            bounds[c, side].append(intervals[(y.name, c, side)].to_numpy())
    return {
        f"coverage {c:.0%}": coverage(
            np.stack(actual), np.stack(bounds[c, "lower"]), np.stack(bounds[c, "upper"])
        )
        for c in COVERAGES
    }


def measure(
    series: list[pd.Series], make: Callable[..., object] | None = None
) -> dict[str, dict]:
    """Coverage and seconds of each configuration of ``make`` (``LSTMForecaster``)."""
    from sktime.forecasting.naive import NaiveForecaster

    make = LSTMForecaster if make is None else make
    forecasters = {
        **{name: make(**p, random_state=0) for name, p in CONFIGURATIONS.items()},
        **{name: NaiveForecaster(**p) for name, p in BASELINES.items()},
    }
    measured = {}
    for name, forecaster in forecasters.items():
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # calibration and baseline notes
            found = coverage_of(forecaster, series)
        measured[name] = {**found, "seconds": time.perf_counter() - start}
    return measured


def render(results: dict) -> str:
    """Draw the Markdown page: a table per dataset."""
    lines = ["# Coverage of the default forecaster's intervals", ""]
    for name, run in results["datasets"].items():
        rows = pd.DataFrame(run["configurations"]).T.round(3)
        lines += [f"## {name}", "", f"`{run['command']}`; {run['date']}.", ""]
        lines += [rows.to_markdown(), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    """Measure, print and write the coverage of each configuration."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-series", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    series = simulated_series(args.n_series, args.seed)
    given = sys.argv[1:] if argv is None else list(argv)
    if "--out" in given:  # where it writes, not what it measured
        at = given.index("--out")
        del given[at : at + 2]
    command = " ".join(
        [*thread_settings(), "python -m benchmarks.default_coverage", *given]
    )
    name = f"AR(1) + season, {args.n_series} series, seed {args.seed}"
    run = {
        "command": command,
        "date": time.strftime("%Y-%m-%d"),
        "configurations": measure(series),
    }
    return write({"datasets": {name: run}}, args.out, "default_coverage", render)


if __name__ == "__main__":
    main()
