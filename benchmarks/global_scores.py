"""Test scores of the global forecaster, beside the naive forecasts, in one run.

``make bench-accuracy`` runs every comparator on every series, and
statsforecast's AutoARIMA alone takes about 45 minutes a dataset on one core.
This script runs only the skltsm row of M3 and Tourism monthly, with the
settings :data:`benchmarks.global_forecast.CHOSEN` took from the validation
tail (:mod:`benchmarks.global_validation`), one fit per seed, and beside it
statsforecast's naive and seasonal naive forecasts (and, with ``--peers``,
any other statistical peer) fitted in the same run on the same series, and
neuralforecast's LSTM where ``make bench-neural`` made its venv (issue 14
asks for skltsm's fit to be faster than it in the same run)::

    python -m benchmarks.global_scores --datasets m3-monthly --seeds 0 1 2

It writes ``benchmarks/results/global_scores.{json,md}``; like the validation
page, each run adds its datasets to the ones saved before, so the two datasets
can run side by side, one core each.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import time
from pathlib import Path

import numpy as np

from benchmarks.accuracy_data import NEURAL, Pool
from benchmarks.global_forecast import (
    GlobalSettings,
    global_settings_for,
    result_rows,
    run_global,
)
from benchmarks.global_validation import POOLS, seed_errors, seed_summary
from benchmarks.neural_peer import NEURAL_PYTHON, neural_forecasts
from benchmarks.statistical_peers import pool_errors, statistical_forecasts
from benchmarks.stored_runs import RESULTS, thread_settings, write

__all__ = ["main", "markdown", "score_pool"]

BASELINES = ("Naive", "Seasonal naive")
MEASURES = ("smape", "mape", "mase")


def score_pool(
    pool: Pool,
    settings: GlobalSettings,
    peers: tuple[str, ...] = BASELINES,
    *,
    neural_python: Path | None = None,
    neural_threads: int = 1,
    peer_jobs: int = 1,
) -> dict[str, dict[str, dict]]:
    """Fit the global forecaster once per seed and the peers, and score each view.

    The skltsm rows are :func:`~benchmarks.global_forecast.result_rows`'s:
    the network alone, and beside it the combination where ``settings`` ask
    for one, so that the combination's gain is seen against the network.

    Parameters
    ----------
    pool : Pool
        The dataset: the network learns from every training part.
    settings : GlobalSettings
        The forecaster's settings and seeds.
    peers : tuple of str, default=("Naive", "Seasonal naive")
        statsforecast models fitted beside it (names of
        :func:`~benchmarks.statistical_peers.statistical_forecasts`).
    neural_python : Path or None, default=None
        The interpreter of a venv with neuralforecast: its LSTM runs too.
    neural_threads : int, default=1
        PyTorch's threads for it.
    peer_jobs : int, default=1
        statsforecast's worker processes (AutoARIMA takes about 45 minutes
        of one core on either dataset).

    Returns
    -------
    views : dict
        By view, by model: the mean over seeds of sMAPE, MAPE and MASE, the
        standard deviation of each over the seeds (``*_spread``; 0 for a
        peer), the wall ``seconds`` of one seed's fit and forecast (a peer's
        whole batch) and ``n_series``.
    """
    lstm_runs = {
        name: run_global(pool.train, pool.horizon, row)
        for name, row in result_rows(settings).items()
    }
    peer_runs = statistical_forecasts(
        pool.train, pool.horizon, n_jobs=peer_jobs, models=peers
    )
    if neural_python is not None:
        peer_runs[NEURAL] = neural_forecasts(
            pool, neural_python, threads=neural_threads
        )
    views = {view.dataset: {} for view in pool.views}
    for name, runs in lstm_runs.items():
        seeds = seed_errors(pool, runs)
        failed = failed_in_any_seed(runs)
        for view in pool.views:
            per_seed = [errors[view.dataset] for errors in seeds]
            views[view.dataset][name] = {
                **seed_summary(per_seed, MEASURES),
                "seconds": float(np.mean([seconds for _, seconds in runs])),
                "n_series": len(view.positions),
                "n_failed": int(failed[view.positions].sum()),
            }
    for name, run in peer_runs.items():
        for view_name, errors in pool_errors(pool, run).items():
            views[view_name][name] = {
                **{m: errors[m] for m in MEASURES},
                **{f"{m}_spread": 0.0 for m in MEASURES},
                "seconds": errors["seconds"],
                "n_series": errors["n_series"],
                "n_failed": errors["n_failed"],
            }
    return views


def failed_in_any_seed(runs: list[tuple[np.ndarray, float]]) -> np.ndarray:
    """Whether each series' forecast was not finite for some seed.

    Such a series got the seasonal naive in that seed's scores; it counts as
    failed once, as ``accuracy.global_outcome`` counts it.

    Examples
    --------
    >>> nan = float("nan")
    >>> runs = [(np.array([[nan], [1.0]]), 1.0), (np.array([[1.0], [nan]]), 1.0)]
    >>> failed_in_any_seed(runs)
    array([ True,  True])
    """
    return np.any(
        [[not np.isfinite(path).all() for path in paths] for paths, _ in runs], axis=0
    )


def markdown(results: dict) -> str:
    """Render the scores as a Markdown page, a table per view."""
    lines = [
        "# Test scores of the global forecaster",
        "",
        "One `LSTMForecaster(pooling='global')` per dataset with the settings "
        "chosen on the validation tail (`benchmarks/results/global_validation.md`; "
        "on M3 partly on the test months too: `CHOSEN` in "
        "`benchmarks/global_forecast.py` and ADR 0024 say how), "
        "mean ± standard deviation over the seeds, beside statsforecast's peers "
        "fitted in the same run; where the settings average the network with "
        "other forecasts (Theta, AutoETS, a second network on the series as "
        "given), the *skltsm LSTM combined* row is that mean and the *skltsm "
        "LSTM* row the deseasonalised network alone, each fitted and timed on its "
        "own (until 2026-12-05 the AutoETS mean's row was named *skltsm LSTM + "
        "AutoETS*). Seconds: wall time of one seed's fit and "
        "forecast of every series (a peer's: its whole batch), on the cores "
        "the run could use.",
    ]
    for name, measured in results["datasets"].items():
        cores = f", {measured['cores']} core(s)" if "cores" in measured else ""
        lines += ["", f"## {name}", ""]
        lines += [f"`{measured['command']}` ({measured['date']}{cores})"]
        lines += ["", f"Settings: `{measured['settings']}`"]
        for view, models in measured["views"].items():
            n_series = next(iter(models.values()))["n_series"]
            lines += ["", f"### {view} ({n_series} series)", ""]
            lines += [
                "| model | sMAPE | MAPE | MASE | s |",
                "|---|---:|---:|---:|---:|",
            ]
            for model, row in models.items():
                cells = [_cell(row, m) for m in MEASURES]
                lines.append(
                    f"| {model} | {' | '.join(cells)} | {row['seconds']:.1f} |"
                )
            lines += _failures(models)
    return "\n".join(lines) + "\n"


def _failures(models: dict) -> list[str]:
    """Name the models whose forecasts failed on some series, if any."""
    failed = {m: row.get("n_failed", 0) for m, row in models.items()}
    named = [f"{m} {n}" for m, n in failed.items() if n]
    if not named:
        return []
    return [
        "",
        f"Series not forecast, the seasonal naive standing in: {', '.join(named)}.",
    ]


def _cell(row: dict, measure: str) -> str:
    spread = row[f"{measure}_spread"]
    return f"{row[measure]:.2f}" + (f" ± {spread:.2f}" if spread else "")


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--datasets", nargs="+", choices=list(POOLS), default=list(POOLS)
    )
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument(
        "--peers",
        nargs="*",
        default=[],
        help="statsforecast models besides the naive ones",
    )
    parser.add_argument(
        "--neural-python",
        type=Path,
        default=NEURAL_PYTHON if NEURAL_PYTHON.exists() else None,
        help="python of the venv with neuralforecast (make bench-neural makes it)",
    )
    parser.add_argument("--neural-threads", type=int, default=1)
    parser.add_argument("--peer-jobs", type=int, default=1)
    parser.add_argument(
        "--ets-weight", type=float, default=None,
        help="average the chosen network with AutoETS at this weight "
        "(GlobalSettings.ets_weight; ADR 0027): its row beside the network's",
    )  # fmt: skip
    parser.add_argument("--ets-model", default="ZZZ", help="AutoETS's model string")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    command = " ".join(
        thread_settings()
        + ["python -m benchmarks.global_scores", "--datasets", *args.datasets]
        + ["--seeds", *map(str, args.seeds)]
        + (["--peers", *args.peers] if args.peers else [])
        + (["--neural-threads", str(args.neural_threads)] if args.neural_python else [])
        + (["--peer-jobs", str(args.peer_jobs)] if args.peer_jobs != 1 else [])
        + ets_arguments(args.ets_weight, args.ets_model)
    )
    results = {"datasets": {}}
    for name in args.datasets:
        pool = POOLS[name]()
        settings = dataclasses.replace(
            global_settings_for(pool.name), seeds=tuple(args.seeds)
        )
        if args.ets_weight is not None:
            settings = dataclasses.replace(
                settings, ets_weight=args.ets_weight, ets_model=args.ets_model
            )
        views = score_pool(
            pool,
            settings,
            (*BASELINES, *args.peers),
            neural_python=args.neural_python,
            neural_threads=args.neural_threads,
            peer_jobs=args.peer_jobs,
        )
        results["datasets"][name] = {
            "command": command,
            "date": time.strftime("%Y-%m-%d"),
            "cores": len(os.sched_getaffinity(0)),
            "settings": repr(settings),
            "views": views,
        }
    return write(results, args.out, "global_scores", markdown)


def ets_arguments(weight: float | None, model: str) -> list[str]:
    """Spell ``--ets-weight`` and ``--ets-model`` for the stored command.

    Examples
    --------
    >>> ets_arguments(None, "ZZZ"), ets_arguments(0.4, "ZZM")
    ([], ['--ets-weight', '0.4', '--ets-model', 'ZZM'])
    """
    if weight is None:
        return []
    return ["--ets-weight", f"{weight:g}", "--ets-model", model]


if __name__ == "__main__":
    main()
