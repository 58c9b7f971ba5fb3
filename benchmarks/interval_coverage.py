"""Empirical coverage of LSTMForecaster's conformal intervals on the airline data.

An expanding-window backtest: at each cutoff (every 12 months from month 84)
the forecaster is fitted on the data so far and forecasts the next 12
months with 80 % and 95 % intervals; coverage is the share of the actual
values inside them, averaged over all forecasts. The figures are quoted in
docs/adr/0010-conformal-intervals.md, and written to
``benchmarks/results/interval_coverage.{json,md}`` (``--out``), where the
panel benchmark (``benchmarks/panel_intervals.py``) reports them beside the
coverage on many series.

Run ``make bench-intervals`` (``python -m benchmarks.interval_coverage``) from
the repository root (about 5 minutes on 2 cores); ``--help`` lists the options::

    .venv/bin/python -m benchmarks.interval_coverage
    .venv/bin/python -m benchmarks.interval_coverage --calibration-size 0.25 --folds 1
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.preprocessing import FunctionTransformer, MinMaxScaler
from sktime.forecasting.model_evaluation import evaluate
from sktime.performance_metrics.forecasting.probabilistic import EmpiricalCoverage
from sktime.split import ExpandingWindowSplitter

from benchmarks.stored_runs import RESULTS
from skltsm import Differencer, LagTransformer, LSTMRegressor, make_forecast_pipeline
from skltsm.datasets import load_airline
from skltsm.exceptions import CalibrationWarning
from skltsm.sktime import LSTMForecaster

COVERAGES = (0.8, 0.95)


def pipeline():
    """Log, (1 - B)(1 - B^12), scale, a year of look-back, LSTM(16)."""
    return make_forecast_pipeline(
        FunctionTransformer(np.log, np.exp),
        Differencer([1, 12]),
        MinMaxScaler((-1, 1)),
        LagTransformer(look_back=12),
        LSTMRegressor(units=16, epochs=100, batch_size=16),
    )


def backtest(strategy: str, calibration_size, folds: int, scale_window) -> dict:
    """Mean coverage of the 80 % and 95 % intervals over the backtest."""
    forecaster = LSTMForecaster(
        pipeline(),
        strategy=strategy,
        calibration_size=calibration_size,
        calibration_folds=folds,
        scale_window=scale_window,
        random_state=0,
    )
    cv = ExpandingWindowSplitter(initial_window=84, step_length=12, fh=range(1, 13))
    metrics = [EmpiricalCoverage(coverage=c) for c in COVERAGES]
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CalibrationWarning)
        results = evaluate(forecaster, cv, load_airline(), scoring=metrics)
    covered = results.filter(like="EmpiricalCoverage").mean().to_numpy()
    coverage = {
        f"coverage {c:.0%}": round(v, 3)
        for c, v in zip(COVERAGES, covered, strict=True)
    }
    return {
        "strategy": strategy,
        "calibration_size": calibration_size,
        "folds": folds,
        "scale_window": scale_window,
        "forecasts": 12 * len(results),
        **coverage,
        "clipped quantiles": sum(issubclass(w.category, CalibrationWarning)
                                 for w in caught),
        "seconds": round(time.perf_counter() - start, 1),
    }  # fmt: skip


def main(argv=None) -> list[dict]:
    """Print and write the coverage table for the strategies asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--strategies", nargs="+", default=["recursive", "direct", "multioutput"]
    )
    parser.add_argument("--calibration-size", type=float, default=0.4)
    parser.add_argument("--folds", type=int, default=2)
    parser.add_argument(
        "--scale-window",
        type=int,
        default=LSTMForecaster().scale_window,
        help="0: none (default: LSTMForecaster's)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    size = args.calibration_size
    size = int(size) if size >= 1 else size
    window = args.scale_window or None  # 0: raw residuals
    rows = [backtest(s, size, args.folds, window) for s in args.strategies]
    table = pd.DataFrame(rows).to_markdown(index=False)
    print(table)
    given = sys.argv[1:] if argv is None else list(argv)
    if "--out" in given:  # where it writes, not what it measured
        at = given.index("--out")
        del given[at : at + 2]
    command = " ".join(["python -m benchmarks.interval_coverage", *given])
    found = {"command": command, "date": time.strftime("%Y-%m-%d"), "rows": rows}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "interval_coverage.json").write_text(json.dumps(found, indent=2))
    title = "# Conformal intervals on one series: the airline backtest"
    lines = [title, "", f"Command: `{command}`; {found['date']}.", "", table, ""]
    (args.out / "interval_coverage.md").write_text("\n".join(lines))
    return rows


if __name__ == "__main__":
    main()
