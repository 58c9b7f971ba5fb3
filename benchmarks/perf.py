"""Speed and memory of skltsm, each against its alternative measured in the same run.

Run ``make bench-perf`` (``python -m benchmarks.perf``) on an otherwise idle
machine. It writes ``benchmarks/results/perf.json`` and ``perf.md`` (the
table, with the targets, and the date each measurement was last run).
``--quick`` shrinks every measurement, to test the script; ``--only NAME ...``
runs some measurements and keeps the others' last results.

Metrics (targets from the project's issue 5):

* ``wrapper_overhead_ratio`` — ``LSTMRegressor.fit`` / the same Keras network
  built and fitted by hand on the same windows, epochs and batch size (cold
  fits: the trainer pool is emptied first). Target ≤ 1.03.
* ``tutorial_time_ratio`` — seconds for the skltsm airline pipeline to reach a
  test RMSE at least as good as the tutorial's (fit and forecast, the first
  fit of that network in the process, so TensorFlow traces it) / seconds of
  the tutorial's configuration. Target ≤ 0.05. ``tutorial_time_ratio_warm``
  repeats the fit, as any later fit of the same configuration in a process
  (a grid search, a backtest) runs.
* ``predict_latency_ms_1`` / ``_1000`` against ``keras_predict_latency_ms_1`` /
  ``_1000`` (``Model.predict`` on the same network).
* ``recursive_36_seconds`` — ``LSTMForecaster(strategy="recursive").predict``
  of 36 steps — against ``one_predict_seconds`` (one ``Model.predict`` call)
  and ``thirty_six_predict_calls_seconds`` (the same 36 months forecast with
  the same network by a hand-written loop of 36 ``Model.predict`` calls).
* ``gridsearch_speedup_njobs2`` — ``GridSearchCV`` with ``n_jobs=1`` / with
  ``n_jobs=2`` on the README quick start's search (look-back 3, 12, 24 x
  units 8, 32, four time-series splits, ``LSTMRegressor``'s default 100
  epochs), both warm (every process has traced every configuration), median
  of five; ``_runs`` lists the five. Target ≥ 1.7. ``_cold``: the first
  search of each kind (worker start-up and tracing included).
  ``_search_only``: the same, less the refit of the best candidate, which
  ``GridSearchCV`` runs alone after the search (``refit_time_``), a ratio
  of the medians (``_search_only_runs``: each run's);
  ``_amdahl_bound``: the speed-up if the search itself were split perfectly
  over two workers and the refit were not. ``gridsearch_demo_*``: the same
  for the demo's search (its log and seasonal-difference pipeline, 60 epochs
  with early stopping), median of three. ``keras_gridsearch_speedup_njobs2``:
  24 fits of the README grid's sizes (units x look-back x 4 seeds,
  airline-sized, 100 epochs, batch 32) of hand-built Keras networks, kept per
  process, with joblib, warm: what Keras itself gains from a second worker on
  the same machine.
* ``default_hourly_seconds`` — ``LSTMForecaster()`` (no arguments) fitted on
  a simulated hourly series of 1,000 observations and forecasting 48 steps,
  median over 5 series after a first fit (``_cold``), one TensorFlow thread;
  beside it sktime's ``ThetaForecaster(sp=24)`` and the default before issue
  15 (monthly settings, 100 epochs, three networks), their ratios and the
  MASE of each on the 48 steps. Target ≤ 2 s (issue 15).
* ``rss_growth_100_fits`` — resident memory after 100 sequential fits / after
  10. Target ≤ 1.10.
* ``peak_rss_mb_1e7`` and ``train_samples_per_second`` — one epoch on a
  10,000,000-point series with look-back 256, windows streamed, in a fresh
  process. Target ≤ 1,500 MB.
* ``peak_rss_mb_panel`` and ``panel_windows_per_second`` — one epoch of one
  global network (``LagTransformer(48)``, ``LSTMRegressor(units=4,
  batch_size=16384)``) on a synthetic panel of 100,000 series x 300 points
  (levels 1 to 1e6, seasonal; 25.2 million windows), windows of all series
  gathered batch by batch, in a fresh process (``benchmarks/perf_panel.py``).
  Target ≤ 2,000 MB (issue 14). ``panel_data_rss_mb``: the process once the
  panel is built, before the fit. The table shows the windows a second
  beside the single series' ``train_samples_per_second``.
* ``panel_predict_seconds`` and ``panel_predict_interval_seconds`` — a global
  ``LSTMForecaster``'s forecast of 18 months of every series of a synthetic
  panel of 20,000 month-end series, against ``panel_network_calls_seconds``
  (the 18 calls of the same Keras model on one window per series, nothing
  around them). ``panel_predict_over_network_calls``: their ratio. Target
  ≤ 1.5: the whole forecast of a panel (frames, windows, labels and the
  network) costs at most half again the Keras calls a user would make by
  hand (ADR 0029). ``panel_pipeline_predict_seconds``
  — the scikit-learn pipeline fitted on all but the last 18 months of each
  series predicts those 360,000 rows one step ahead — against
  ``panel_pipeline_network_call_seconds``, one ``Model.predict`` of its
  network on as many windows. Target ≤ 3: validating the block, stacking
  each series after its stored rows, gathering the windows and inverting
  the differences cost at most twice the network's call.
* ``pretrained_fine_tune_seconds`` — fit and forecast of a series a global
  ``LSTMForecaster`` was not pretrained on, with ``fine_tune_epochs=2``
  (median over 7 series), against ``from_scratch_seconds``, the same
  forecaster's network trained on the series alone (no ``pretrain``, 20
  epochs); ``pretrained_as_is_seconds``: the pretrained network as it is.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

import joblib
import numpy as np

from benchmarks import perf_cases
from benchmarks.stored_runs import RESULTS

TARGETS = {
    "wrapper_overhead_ratio": ("<=", 1.03),
    "tutorial_time_ratio": ("<=", 0.05),
    "gridsearch_speedup_njobs2": (">=", 1.7),
    "rss_growth_100_fits": ("<=", 1.10),
    "peak_rss_mb_1e7": ("<=", 1500.0),
    "peak_rss_mb_panel": ("<=", 2000.0),
    "default_hourly_seconds": ("<=", 2.0),
    "panel_predict_over_network_calls": ("<=", 1.5),
    "panel_pipeline_predict_over_network_call": ("<=", 3.0),
}

#: Rows of the table shown right after another one, to compare them.
BESIDE = {
    "panel_windows_per_second": "train_samples_per_second",
    "theta_hourly_seconds": "default_hourly_seconds",
    "previous_default_hourly_seconds": "default_hourly_seconds",
    "panel_network_calls_seconds": "panel_predict_seconds",
    "panel_pipeline_network_call_seconds": "panel_pipeline_predict_seconds",
    "from_scratch_seconds": "pretrained_fine_tune_seconds",
}

PANEL = (100_000, 300)  # series x points
QUICK_PANEL = (2_000, 300)


def cases() -> dict:
    """Every measurement, by the name ``--only`` takes, in the order they run."""
    return {
        "wrapper-overhead": perf_cases.wrapper_overhead,
        "tutorial-time": perf_cases.tutorial_time,
        "predict-latency": perf_cases.predict_latency,
        "recursive-forecast": perf_cases.recursive_forecast,
        "default-hourly": perf_cases.default_forecaster,
        "gridsearch": perf_cases.gridsearch_speedup,
        "rss-growth": perf_cases.rss_growth,
        "panel-forecast": perf_cases.panel_forecast,
        "pretrained-forecast": perf_cases.pretrained_forecast,
        "streamed-fit": streamed_fit_in_fresh_process,
        "panel-fit": panel_fit_in_fresh_process,
    }


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, to test")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--only",
        nargs="+",
        choices=list(cases()),
        help="run these measurements only, replacing their rows in the results "
        "already in --out (the date of each is kept in 'measured')",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    quick = args.quick

    previous = args.out / "perf.json"
    results: dict = (
        json.loads(previous.read_text()) if args.only and previous.exists() else {}
    )
    # results of a run before dates were kept: the last full run, 2026-11-23
    measured = results.pop("measured", {"every other": "2026-11-23"} if results else {})
    for name, measure in cases().items():
        if args.only and name not in args.only:
            continue
        start = time.perf_counter()
        results.update(measure(quick=quick))
        measured[name] = time.strftime("%Y-%m-%d")
        print(f"{name}: done in {time.perf_counter() - start:.0f} s", flush=True)
    results["machine"] = {
        "cpu_count": joblib.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "quick": quick,
    }
    results["measured"] = measured
    (args.out / "perf.json").write_text(json.dumps(results, indent=2) + "\n")
    table = markdown_table(results)
    (args.out / "perf.md").write_text(table + "\n")
    print(table)
    return results


def streamed_fit_in_fresh_process(*, quick: bool) -> dict:
    """Run the 10^7-point fit alone in a new process, so its peak RSS is its own."""
    n_rows = 200_000 if quick else 10_000_000
    measured = in_fresh_process("benchmarks.perf_stream", n_rows)
    suffix = "1e7" if n_rows == 10_000_000 else f"{n_rows:.0e}".replace("+0", "")
    return {
        f"peak_rss_mb_{suffix}": measured["peak_rss_mb"],
        "train_samples_per_second": measured["train_samples_per_second"],
        "streamed_fit_seconds": measured["fit_seconds"],
        "import_rss_mb": measured["import_rss_mb"],
    }


def panel_fit_in_fresh_process(*, quick: bool) -> dict:
    """Run the global fit on a panel alone in a new process (its own peak RSS)."""
    n_series, n_points = QUICK_PANEL if quick else PANEL
    measured = in_fresh_process("benchmarks.perf_panel", n_series, n_points)
    suffix = "" if (n_series, n_points) == PANEL else f"_{n_series}x{n_points}"
    return {
        f"peak_rss_mb_panel{suffix}": measured["peak_rss_mb"],
        "panel_data_rss_mb": measured["data_rss_mb"],
        "panel_windows": measured["windows"],
        "panel_windows_per_second": measured["windows_per_second"],
        "panel_fit_seconds": measured["fit_seconds"],
    }


def in_fresh_process(module: str, *args) -> dict:
    """Run ``python -m module args`` and return the JSON line it prints last."""
    command = [sys.executable, "-m", module, *map(str, args)]
    output = subprocess.check_output(command, text=True)
    return json.loads(output.strip().splitlines()[-1])


def markdown_table(results: dict) -> str:
    rows = ["| metric | value | target | met |", "|---|---:|---|---|"]
    for name, value in _beside(results).items():
        if name == "machine" or isinstance(value, dict):
            continue
        target = TARGETS.get(name)
        met = ""
        if target is not None:
            operator, bound = target
            ok = value <= bound if operator == "<=" else value >= bound
            met = "yes" if ok else "**no**"
        shown = shown_value(value)
        bound = " ".join(map(str, target)) if target else ""
        rows.append(f"| {name} | {shown} | {bound} | {met} |")
    dates = results.get("measured", {})
    if dates:
        rows.append("")
        rows.append(
            "Measured: " + ", ".join(f"{name} {day}" for name, day in dates.items())
        )
    return "\n".join(rows)


def _beside(results: dict) -> dict:
    """``results`` with each :data:`BESIDE` metric right after its reference."""
    moved = {name for name, reference in BESIDE.items() if reference in results}
    ordered = {}
    for name, value in results.items():
        if name in moved:
            continue
        ordered[name] = value
        for follower, reference in BESIDE.items():
            if reference == name and follower in results:
                ordered[follower] = results[follower]
    return ordered


def shown_value(value) -> str:
    """Format a table cell: floats to four significant digits, lists by item."""
    if isinstance(value, list):
        return ", ".join(map(shown_value, value))
    return f"{value:.4g}" if isinstance(value, float) else str(value)


if __name__ == "__main__":
    np.set_printoptions(precision=4)
    main()
