"""Do the global forecaster's intervals keep their promise? Coverage and MSIS.

Run ``python -m benchmarks.panel_intervals`` (``make bench-panel-intervals``).
On M3 monthly (the 1,045-series subset scored, all 1,428 series trained, 18
steps) and Tourism monthly (366 series, 24 steps), it fits a global network
(``benchmarks/global_forecast.py``'s ``GlobalSettings()``, ADR 0014's
settings: look-back 36, 64 units, one network, one seed; the accuracy
benchmark's per-dataset choices came later, and moving to them means
measuring the coverage again) with
its conformal intervals on (``calibration_size=0.4``: one more network, fitted
on every series cut 18 or 24 months before its end, gives one scale-free
residual per series and step) and asks for the 80 % and 95 % intervals of
every series. The same model with quantile heads (``LSTMRegressor(quantiles=
(0.025, 0.1, 0.5, 0.9, 0.975))``, trained on the pinball loss; ADR 0023) gives
three more skltsm rows: the heads as they are (no calibration network), and
the heads calibrated on the same holdout (``calibration_size=0.4``) in each
of ``LSTMForecaster``'s two ways (``head_calibration``): around the median
head, its residuals normalised by the heads' width (``"median"``, the
default), and each head shifted by its own residuals (``"per_level"``,
conformalised quantile regression); ``--no-heads`` leaves them out.
M1 monthly (585 series with a 36-month window, 18 steps) is the
out-of-sample check: it played no part in choosing the model or its
calibration (``--datasets`` runs some datasets only, keeping the others'
saved results).
Beside them, statsforecast's AutoETS intervals on the same series
(``--arima`` adds AutoARIMA's; ``--add AutoARIMA`` scores only AutoARIMA
and adds its rows to the results already written, without refitting the
networks).

Scores, per model, dataset and level: the empirical coverage (share of test
values inside their interval, over every series and step) and M4's mean
scaled interval score MSIS (Makridakis et al. 2020): for each series,
``mean_h[(U - L) + 2/a (L - y) 1(y < L) + 2/a (y - U) 1(y > U)]`` divided by
the in-sample mean absolute seasonal difference (lag 12), averaged over the
series (at 95 %, ``a = 0.05``; the same formula at 80 % with ``a = 0.2``).
Issue 16's targets: coverage within 3 points of nominal at both levels on
both datasets, and MSIS (95 %) no worse than AutoETS's.

Writes ``benchmarks/results/panel_intervals.{json,md}``; ``--quick`` (tiny
network, 40 series) only prints.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.accuracy_data import m1_pool, m3_pool, tourism_pool
from benchmarks.accuracy_metrics import coverage, msis
from benchmarks.global_forecast import (
    GlobalSettings,
    deseasonalizes,
    global_forecaster,
    panel_of,
)
from benchmarks.statistical_peers import long_frame
from benchmarks.stored_runs import RESULTS

LEVELS = (80, 95)
SEASON = 12
#: The datasets, by name: M1 monthly played no part in choosing the model
#: or its calibration (an out-of-sample check).
POOLS = {"m3-monthly": m3_pool, "tourism-monthly": tourism_pool, "m1-monthly": m1_pool}
SKLTSM = "skltsm global LSTM (conformal)"
SKLTSM_HEADS = "skltsm global LSTM (quantile heads)"
SKLTSM_CQR = "skltsm global LSTM (quantile heads, conformalised)"
SKLTSM_MEDIAN = "skltsm global LSTM (quantile heads, calibrated median)"
#: The heads' levels: the tails of the 80 % and 95 % intervals, and the median.
HEADS = (0.025, 0.1, 0.5, 0.9, 0.975)


def skltsm_intervals(
    trains: list[pd.Series],
    horizon: int,
    settings: GlobalSettings,
    quantiles: tuple[float, ...] | None = None,
    calibration_size: float = 0.4,
    head_calibration: str = "median",
) -> tuple[dict[int, tuple[np.ndarray, np.ndarray]], float]:
    """Fit the global forecaster and return its intervals.

    Conformal without ``quantiles``; with them, the network's quantile heads,
    calibrated (``head_calibration``) when ``calibration_size`` holds a
    holdout out.

    Returns
    -------
    intervals : dict of int to (lower, upper), each (n_series, horizon)
    seconds : float
        Fit (with its calibration network, if any) and interval forecast.
    """
    start = time.perf_counter()
    forecaster = global_forecaster(
        settings, settings.seeds[0], deseasonalize=deseasonalizes(settings, trains),
        calibration_size=calibration_size, quantiles=quantiles,
        head_calibration=head_calibration,
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the forecaster's calibration notes
        forecaster.fit(panel_of(trains), fh=np.arange(1, horizon + 1))
        frame = forecaster.predict_interval(coverage=[level / 100 for level in LEVELS])
    intervals = {}
    for level in LEVELS:  # columns (variable, coverage, "lower"/"upper")
        intervals[level] = tuple(
            frame.loc[:, (slice(None), level / 100, side)]
            .to_numpy()
            .reshape(len(trains), horizon)
            for side in ("lower", "upper")
        )
    return intervals, time.perf_counter() - start


def statsforecast_intervals(
    trains: list[pd.Series], horizon: int, model_name: str, n_jobs: int
) -> tuple[dict[int, tuple[np.ndarray, np.ndarray]], float]:
    """Return the intervals statsforecast gives for one model (AutoETS, AutoARIMA)."""
    from statsforecast import StatsForecast
    from statsforecast.models import AutoARIMA, AutoETS

    model = {"AutoETS": AutoETS, "AutoARIMA": AutoARIMA}[model_name](
        season_length=SEASON
    )
    start = time.perf_counter()
    forecast = StatsForecast([model], freq=1, n_jobs=n_jobs).forecast(
        df=long_frame(trains), h=horizon, level=list(LEVELS)
    )
    forecast = forecast.sort_values(["unique_id", "ds"])
    intervals = {
        level: tuple(
            forecast[f"{model!r}-{side}-{level}"].to_numpy().reshape(-1, horizon)
            for side in ("lo", "hi")
        )
        for level in LEVELS
    }
    return intervals, time.perf_counter() - start


def scores(intervals, actual, insample, positions) -> dict[str, float]:
    """Coverage and MSIS of each level on the scored series."""
    row = {}
    for level, (lower, upper) in intervals.items():
        lower, upper = lower[positions], upper[positions]
        row[f"coverage_{level}"] = coverage(actual, lower, upper)
        row[f"msis_{level}"] = msis(actual, lower, upper, insample, level)
    return row


def run_dataset(
    pool,
    settings: GlobalSettings | None,
    models: list[str],
    n_jobs: int,
    heads: bool = True,
    skltsm: bool = True,
):
    """Every model's scores on one dataset (its first view's series).

    ``skltsm=False`` scores the statsforecast ``models`` only.
    """
    positions = pool.views[0].positions
    actual = np.array([pool.test[p].to_numpy() for p in positions])
    insample = [pool.train[p].to_numpy() for p in positions]
    rows = {}
    variants = {SKLTSM: (None, 0.4, "median")} if skltsm else {}
    if heads and skltsm:
        variants |= {
            SKLTSM_HEADS: (HEADS, 0, "median"),
            SKLTSM_MEDIAN: (HEADS, 0.4, "median"),
            SKLTSM_CQR: (HEADS, 0.4, "per_level"),
        }
    for row_name, (quantiles, calibration_size, calibrated) in variants.items():
        intervals, seconds = skltsm_intervals(
            pool.train, pool.horizon, settings, quantiles, calibration_size, calibrated
        )
        found = scores(intervals, actual, insample, positions)
        rows[row_name] = found | {"seconds": seconds}
        print(f"{pool.name}: {row_name} in {seconds:.0f} s", flush=True)
    for name in models:
        trains = [pool.train[p] for p in positions]
        found, seconds = statsforecast_intervals(trains, pool.horizon, name, n_jobs)
        within = np.arange(len(positions))
        rows[name] = scores(found, actual, insample, within) | {"seconds": seconds}
        print(f"{pool.name}: {name} in {seconds:.0f} s", flush=True)
    return {"series": len(positions), "horizon": pool.horizon, "models": rows}


def scored_only(pool):
    """Reduce the pool to the series its first view scores."""
    positions = pool.views[0].positions
    view = replace(pool.views[0], positions=np.arange(len(positions)))
    return replace(
        pool,
        train=[pool.train[p] for p in positions],
        test=[pool.test[p] for p in positions],
        views=[view],
    )


def markdown(results: dict) -> str:
    """Write the results as one table per dataset, with the targets."""
    lines = [
        "# Prediction intervals on many series: coverage and MSIS",
        "",
        f"Command: `{results['command']}`; {results['date']}.",
        "",
    ]
    for dataset, result in results["datasets"].items():
        lines += [
            f"## {dataset} ({result['series']} series, h={result['horizon']})",
            "",
            f"`{result.get('command', results['command'])}`; "
            f"{result.get('date', results['date'])}.",
            "",
            *(
                f"{model}'s row: `python -m benchmarks.panel_intervals --add "
                f"{model}`; {date}.\n"
                for model, date in result.get("added", {}).items()
            ),
            "| model | coverage 80 % | coverage 95 % | MSIS 80 % | MSIS 95 % | s |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for model, row in result["models"].items():
            lines.append(
                f"| {model} | {row['coverage_80']:.3f} | {row['coverage_95']:.3f} "
                f"| {row['msis_80']:.2f} | {row['msis_95']:.2f} "
                f"| {row['seconds']:.0f} |"
            )
        lines.append("")
        for name in (SKLTSM, SKLTSM_HEADS, SKLTSM_MEDIAN, SKLTSM_CQR):
            if name in result["models"]:
                lines += [target_line(result["models"], name), ""]
    return "\n".join(lines)


def airline_section(path: Path) -> str:
    """Report the single-series coverage (airline backtest), if measured."""
    if not path.exists():
        return ""
    airline = json.loads(path.read_text())
    lines = [
        "",
        "## One series: the airline backtest",
        "",
        f"`{airline['command']}` ({airline['date']}; "
        "`benchmarks/results/interval_coverage.md`): conformal intervals of "
        "each strategy, 12-month forecasts from every 12th month.",
        "",
        "| strategy | forecasts | coverage 80 % | coverage 95 % |",
        "|---|---:|---:|---:|",
    ]
    for row in airline["rows"]:
        lines.append(
            f"| {row['strategy']} | {row['forecasts']} | {row['coverage 80%']:.3f} "
            f"| {row['coverage 95%']:.3f} |"
        )
    return "\n".join(lines) + "\n"


def target_line(models: dict, name: str = SKLTSM) -> str:
    """Issue 16's targets, met or not, for one skltsm row."""
    row = models[name]
    near = all(abs(row[f"coverage_{level}"] - level / 100) <= 0.03 for level in LEVELS)
    ets = models.get("AutoETS")
    beats = ets is not None and row["msis_95"] <= ets["msis_95"]
    return (
        f"Target ({name}): coverage within 3 points of nominal at 80 % and 95 %: "
        f"{'yes' if near else '**no**'}; MSIS (95 %) no worse than AutoETS's: "
        f"{'yes' if beats else '**no**'}."
    )


def add_peers(models: list[str], n_jobs: int, out: Path) -> dict:
    """Score more statsforecast models and add their rows to the saved results."""
    path = out / "panel_intervals.json"
    results = json.loads(path.read_text())
    for name in results["datasets"]:
        pool = POOLS[name]()
        rows = run_dataset(pool, None, models, n_jobs, skltsm=False)["models"]
        dataset = results["datasets"][pool.name]
        dataset["models"] |= rows
        dataset.setdefault("added", {}).update(
            {model: time.strftime("%Y-%m-%d") for model in models}
        )
    return results


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny run, to test")
    parser.add_argument("--arima", action="store_true", help="add AutoARIMA")
    parser.add_argument(
        "--no-heads", action="store_true", help="leave out the quantile-head row"
    )
    parser.add_argument(
        "--add", nargs="+", choices=["AutoETS", "AutoARIMA"], metavar="MODEL",
        help="score only these statsforecast models and add them to --out's results",
    )  # fmt: skip
    parser.add_argument(
        "--datasets", nargs="+", choices=list(POOLS), default=list(POOLS),
        help="run only these; the others' saved results are kept",
    )  # fmt: skip
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.add:
        results = add_peers(args.add, args.n_jobs, args.out)
        write(results, args.out)
        return results
    settings = GlobalSettings.quick() if args.quick else GlobalSettings(seeds=(0,))
    n_series = 40 if args.quick else None
    models = ["AutoETS"] + (["AutoARIMA"] if args.arima else [])
    some = args.datasets != list(POOLS)
    results = {
        "command": "python -m benchmarks.panel_intervals"
        + (" --arima" if args.arima else "")
        + (" --no-heads" if args.no_heads else "")
        + (f" --datasets {' '.join(args.datasets)}" if some else ""),
        "date": time.strftime("%Y-%m-%d"),
        "datasets": {},
    }
    if some and (args.out / "panel_intervals.json").exists():
        saved = json.loads((args.out / "panel_intervals.json").read_text())
        results["datasets"] = saved["datasets"]  # the others, as measured
    for name in args.datasets:
        pool = POOLS[name](n_series)
        if args.quick:  # train on the scored series only
            pool = scored_only(pool)
        result = run_dataset(
            pool, settings, models, args.n_jobs, heads=not args.no_heads
        )
        measured = {"command": results["command"], "date": results["date"]}
        results["datasets"][pool.name] = result | measured
    if args.quick:
        print(markdown(results))
    else:
        write(results, args.out)
    return results


def write(results: dict, out: Path) -> None:
    """Print the tables and write them, with the JSON, to ``out``.

    The airline backtest's coverage (``benchmarks/interval_coverage.py``), if
    ``out`` holds it, is reported beside them.
    """
    table = markdown(results) + airline_section(out / "interval_coverage.json")
    print(table)
    out.mkdir(parents=True, exist_ok=True)
    (out / "panel_intervals.json").write_text(json.dumps(results, indent=2))
    (out / "panel_intervals.md").write_text(table + "\n")


if __name__ == "__main__":
    main()
