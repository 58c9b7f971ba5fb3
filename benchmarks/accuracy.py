"""Does the LSTM beat ARIMA? skltsm against AutoARIMA, ETS, Theta and naive.

Run ``make bench-accuracy`` (``python -m benchmarks.accuracy``). Datasets and
protocols are in :mod:`benchmarks.accuracy_data`: the airline series (one
step, 12 and 36 steps), M3 monthly (18 steps, sMAPE), Tourism monthly (24
steps, MAPE), and two bundled monthly series. On a single series the
competitors are sktime forecasters (:mod:`benchmarks.accuracy_models`); on
M3 and Tourism they are statsforecast's AutoARIMA, AutoETS, AutoTheta, naive
and seasonal naive on every series (:mod:`benchmarks.statistical_peers`),
and neuralforecast's global LSTM (:mod:`benchmarks.neural_peer`, run from
``.venv-neural`` when ``make bench-neural`` has made it). The LSTM is one global
``LSTMForecaster`` per competition dataset, fitted on the panel of all its
series through sktime's interface (:mod:`benchmarks.global_forecast`, the
mean of three seeds), and one skltsm pipeline per single series
(:mod:`benchmarks.series_lstm`).

It writes ``benchmarks/results/accuracy.{md,csv,json}``, ``accuracy_run.json``
(run facts and the LSTM's validation scores) and the plots
``accuracy_airline.png`` and ``accuracy_by_horizon.png``.

Flags: ``--quick`` (a few series, tiny networks: to test the script),
``--m3-series N`` / ``--tourism-series N`` (score every model on N random
series only), ``--neural-python PATH`` (the neural peer's interpreter;
default ``.venv-neural/bin/python`` when it exists), ``--neural-threads N``
(PyTorch's threads for it; default 1), ``--datasets``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from tqdm import tqdm

from benchmarks import accuracy_report
from benchmarks.accuracy_data import (
    LSTM,
    LSTM_COMBINED,
    LSTM_MULTIOUTPUT,
    NEURAL,
    Pool,
    View,
    airline_pools,
    bundled_pools,
    m3_pool,
    tourism_pool,
)
from benchmarks.accuracy_metrics import dataset_errors, smape_by_step
from benchmarks.accuracy_models import METHODS, run_competitors
from benchmarks.global_forecast import (
    GlobalSettings,
    describe_global,
    deseasonalizes,
    global_settings_for,
    result_rows,
    run_global,
)
from benchmarks.neural_peer import NEURAL_PYTHON, neural_forecasts
from benchmarks.series_lstm import describe_series_lstm, lstm_forecasts, settings_for
from benchmarks.statistical_peers import peer_run, statistical_forecasts
from benchmarks.stored_runs import RESULTS, thread_settings

DATASETS = ("airline", "bundled", "m3", "tourism")


@dataclass
class Outcome:
    """One model's forecasts over the series of a pool, by position."""

    forecasts: dict[int, np.ndarray] = field(default_factory=dict)
    seconds: dict[int, float] = field(default_factory=dict)
    failed: dict[int, bool] = field(default_factory=dict)
    shared_seconds: float | None = None  # one global model for all series
    method: str = ""
    seed_forecasts: list[dict[int, np.ndarray]] | None = None  # one fit per seed

    def fit_seconds(self, positions: np.ndarray) -> float:
        """Seconds spent on these series (a global model's whole fit)."""
        if self.shared_seconds is not None:
            return self.shared_seconds
        return float(sum(self.seconds[p] for p in positions))


def run_peers(pool: Pool, args, log, bar: tqdm | None = None) -> dict[str, Outcome]:
    """Statsforecast's models, then neuralforecast's LSTM, on the scored series.

    Every view of a competition pool scores every model on the same series;
    the neural peer, a global model, learns from all of the pool's series.
    """
    positions = pool.positions_for(LSTM)
    scored = [pool.train[p] for p in positions]
    step(bar, "statsforecast models")
    runs = statistical_forecasts(
        scored, pool.horizon, n_jobs=args.n_jobs, quick=args.quick
    )
    outcomes = {model: peer_outcome(run, positions) for model, run in runs.items()}
    step(bar, "", done=len(runs))  # one batched call ran them all
    if args.neural_python is not None:
        step(bar, NEURAL)
        run = neural_forecasts(
            pool, args.neural_python, quick=args.quick, threads=args.neural_threads
        )
        outcomes[NEURAL] = peer_outcome(run, np.arange(len(pool.train)))
        step(bar, "", done=1)
    for model, outcome in outcomes.items():
        log(f"{pool.name}: {model} in {outcome.shared_seconds:.0f} s")
    return outcomes


def peer_outcome(run, positions: np.ndarray) -> Outcome:
    """Keep a peer's forecasts of the series at ``positions`` of a pool."""
    return Outcome(
        dict(zip(positions, run.forecasts, strict=True)),
        failed=dict(zip(positions, run.failed, strict=True)),
        shared_seconds=run.seconds,
        method=run.method,
    )


def step(bar: tqdm | None, running: str, done: int = 0) -> None:
    """Count models done on a pool's progress bar and name the one running."""
    if bar is not None:
        bar.update(done)
        bar.set_postfix_str(running)


def pool_bar(pool: Pool, args) -> tqdm:
    """Progress bar of one pool, a step per model (its stages when batched)."""
    models = [m for m in pool.models if is_fitted_here(m, pool, args)]
    desc = f"{pool.name} h={pool.horizon}"
    return tqdm(total=len(models), desc=desc, unit="model", leave=True)


def is_fitted_here(model: str, pool: Pool, args) -> bool:
    """Whether this run fits ``model`` on ``pool``.

    The neural peer needs its venv; the combined row needs settings that
    average the network with other forecasts (``GlobalSettings.combines``).
    """
    if model == NEURAL:
        return args.neural_python is not None
    if model == LSTM_COMBINED:
        chosen = global_settings_for(pool.name, quick=args.quick)
        return LSTM_COMBINED in result_rows(chosen)
    return True


def run_statistical(
    pool: Pool, args, log, bar: tqdm | None = None
) -> dict[str, Outcome]:
    """Each statistical model on the series its views need.

    Competition pools (many series) run statsforecast's batched models and
    the neural peer; a single series runs sktime's forecasters.
    """
    if len(pool.train) > 1:
        return run_peers(pool, args, log, bar)
    outcomes = {}
    for model in pool.models:
        if model.startswith(LSTM):
            continue
        step(bar, model)
        positions = pool.positions_for(model)
        run = run_competitors(
            (model,),
            [pool.train[p] for p in positions],
            [pool.test[p] for p in positions],
            is_one_step=pool.one_step,
            n_jobs=args.n_jobs,
            quick=args.quick,
            progress=lambda line, m=model: log(f"{pool.name} h={pool.horizon}: {line}"),
        )[model]
        outcomes[model] = Outcome(
            dict(zip(positions, run.forecasts, strict=True)),
            dict(zip(positions, run.seconds, strict=True)),
            dict(zip(positions, run.failed, strict=True)),
            method=METHODS[model],
        )
        step(bar, "", done=1)
    return outcomes


def run_lstm(pool: Pool, *, quick: bool, log) -> tuple[dict[str, Outcome], dict]:
    """Run the global LSTM on a multi-series pool, else the per-series pipeline."""
    if len(pool.train) == 1:
        return run_series_lstm(pool, quick=quick, log=log), {}
    settings = global_settings_for(pool.name, quick=quick)
    # it learns from every series of the pool (quick: only the scored ones)
    learnt = pool.positions_for(LSTM) if quick else np.arange(len(pool.train))
    series = [pool.train[p] for p in learnt]
    outcomes, seconds = {}, {}
    for name, row_settings in result_rows(settings).items():
        runs = run_global(series, pool.horizon, row_settings)
        seconds[name] = [s for _, s in runs]
        total = sum(seconds[name])
        log(f"{pool.name}: global {name}, {len(runs)} seeds, {total:.0f} s")
        outcomes[name] = global_outcome(runs, learnt, row_settings, series)
    info = {"settings": repr(settings), "seed_seconds": seconds[LSTM]}
    if LSTM_COMBINED in seconds:
        info["combined_seed_seconds"] = seconds[LSTM_COMBINED]
    return outcomes, info


def global_outcome(
    runs: list[tuple[np.ndarray, float]],
    learnt: np.ndarray,
    settings: GlobalSettings,
    series: list,
) -> Outcome:
    """Keep a global forecaster's seeds' forecasts of the series it learnt from.

    A series whose forecast is not finite gets the seasonal naive, and counts
    as failed if it failed for any seed, as a peer's does.
    """
    kept = [peer_run(series, list(paths), seconds, LSTM) for paths, seconds in runs]
    seed_forecasts = [dict(zip(learnt, run.forecasts, strict=True)) for run in kept]
    failed = np.any([run.failed for run in kept], axis=0)
    return Outcome(
        seed_forecasts[0],
        failed=dict(zip(learnt, failed.tolist(), strict=True)),
        shared_seconds=float(np.mean([s for _, s in runs])),
        method=describe_global(
            settings, len(series), deseasonalized=deseasonalizes(settings, series)
        ),
        seed_forecasts=seed_forecasts,
    )


def run_series_lstm(pool: Pool, *, quick: bool, log) -> dict[str, Outcome]:
    """Run the per-series pipeline: one-step, or the two multi-step strategies."""
    settings = settings_for(pool.name, quick=quick)
    results = lstm_forecasts(
        pool.train[0], pool.test[0], one_step=pool.one_step, settings=settings
    )
    outcomes = {}
    for strategy, (path, seconds) in results.items():
        name = LSTM_MULTIOUTPUT if strategy == "multioutput" else LSTM
        method = describe_series_lstm(settings, strategy)
        outcomes[name] = Outcome({0: path}, {0: seconds}, {0: False}, method=method)
        log(f"{pool.name} h={pool.horizon}: {name} in {seconds:.0f} s")
    return outcomes


def score(pool: Pool, view: View, model: str, outcome: Outcome) -> dict:
    """Score one model on one view: its results entry.

    A model fitted once per seed is scored per seed; the entry holds the
    means over seeds and the spread (standard deviation) of their sMAPE.
    """
    positions = view.positions
    actuals = [pool.test[p].to_numpy() for p in positions]
    insamples = [pool.train[p] for p in positions]
    runs = outcome.seed_forecasts or [outcome.forecasts]
    per_seed = [
        dataset_errors(actuals, [run[p] for p in positions], insamples) for run in runs
    ]
    errors = {key: float(np.mean([e[key] for e in per_seed])) for key in per_seed[0]}
    errors["n_series"] = per_seed[0]["n_series"]
    by_step = np.mean(
        [
            smape_by_step(np.stack(actuals), np.stack([run[p] for p in positions]))
            for run in runs
        ],
        axis=(0, 1),
    )
    forecasts = [outcome.forecasts[p] for p in positions]
    return {
        "dataset": view.dataset,
        "horizon": pool.horizon,
        "model": model,
        **errors,
        "n_seeds": len(runs),
        "smape_spread": float(np.std([e["smape"] for e in per_seed])),
        "fit_seconds": outcome.fit_seconds(positions),
        "n_failed": int(sum(outcome.failed[p] for p in positions)),
        "protocol": "one-step" if pool.one_step else "one origin",
        "subset": view.note or "all",
        "method": outcome.method,
        "smape_by_step": [float(v) for v in by_step],
        "forecast": [float(v) for v in forecasts[0]] if len(positions) == 1 else None,
        "forecast_start": str(pool.test[positions[0]].index[0]),
    }


def run_pool(pool: Pool, args, log) -> tuple[list[dict], dict]:
    """Run every model on a pool; the entries of its views and the LSTM choice."""
    with pool_bar(pool, args) as bar:
        outcomes = run_statistical(pool, args, log, bar)
        step(bar, LSTM)
        lstm_outcomes, info = run_lstm(pool, quick=args.quick, log=log)
        step(bar, "", done=len(lstm_outcomes))
    outcomes.update(lstm_outcomes)
    entries = [  # the neural peer is absent without its venv
        score(pool, view, model, outcomes[model])
        for view in pool.views
        for model in view.models
        if model in outcomes
    ]
    return entries, info


def build_pools(args) -> list[Pool]:
    """Build the pools the flags ask for."""
    quick_n = 2 if args.quick else None
    pools: list[Pool] = []
    if "airline" in args.datasets:
        pools += airline_pools(one_step_months=quick_n)
    if "bundled" in args.datasets:
        pools += bundled_pools()
    if "m3" in args.datasets:
        pools.append(m3_pool(args.m3_series or quick_n, seed=args.seed))
    if "tourism" in args.datasets:
        pools.append(tourism_pool(args.tourism_series or quick_n, seed=args.seed))
    return pools


def positive_int(text: str) -> int:
    """Read a count of series: 0 would silently mean every series.

    Examples
    --------
    >>> positive_int("5")
    5
    """
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"{value} series: give at least 1, or leave the flag out for all"
        )
    return value


def parse_args(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="to test the script")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--datasets", nargs="+", choices=DATASETS, default=DATASETS)
    parser.add_argument("--m3-series", type=positive_int, default=None)
    parser.add_argument("--tourism-series", type=positive_int, default=None)
    parser.add_argument(
        "--neural-python",
        type=Path,
        default=NEURAL_PYTHON if NEURAL_PYTHON.exists() else None,
        help="python of the venv with neuralforecast (make bench-neural makes it)",
    )
    parser.add_argument(
        "--neural-threads", type=int, default=1, help="PyTorch's, for the neural peer"
    )
    parser.add_argument("--seed", type=int, default=0, help="of the random subsets")
    parser.add_argument("--n-jobs", type=int, default=2)
    return parser.parse_args(argv)


def main(argv=None) -> list[dict]:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    start, load_before = time.perf_counter(), os.getloadavg()

    def log(line: str) -> None:
        # through tqdm, so that a line does not break a progress bar
        tqdm.write(f"[{time.perf_counter() - start:6.0f} s] {line}")

    entries, selection = [], {}
    for pool in build_pools(args):
        pool_entries, info = run_pool(pool, args, log)
        entries += pool_entries
        if info:
            selection[pool.name] = info
    run = {
        "command": " ".join(
            [
                *thread_settings(),
                "python -m benchmarks.accuracy",
                *(argv or sys.argv[1:]),
            ]
        ),
        "wall_seconds": time.perf_counter() - start,
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "cpu_count": os.cpu_count(),
        "n_jobs": args.n_jobs,
        "platform": platform.platform(),
        "quick": args.quick,
        "lstm_selection": selection,
    }
    accuracy_report.write_all(entries, run, args.out)
    log(f"wrote {args.out}/accuracy.md")
    return entries


if __name__ == "__main__":
    main()
