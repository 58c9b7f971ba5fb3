"""Choose the global forecaster's look-back and epochs on the validation tail.

The accuracy benchmark must not tune on its test months. This script holds
out the last ``h`` months of every series' *training* part, fits the global
forecaster of :mod:`benchmarks.global_forecast` on what is left, and scores
its forecasts of the held-out months, for each candidate look-back and
number of epochs; :data:`benchmarks.global_forecast.CHOSEN` records the
winners, with the figures in ``benchmarks/results/global_validation.{json,md}``::

    python -m benchmarks.global_validation --epochs 10 30 --look-backs 18 36

Every candidate is scored on the same series: those whose shortened part
still holds the longest look-back.

Tourism's training parts contain zero months: their MAPE is left out of the
mean (:func:`benchmarks.accuracy_metrics.dataset_errors` skips NaN), for
every candidate alike.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from benchmarks.accuracy_data import Pool, View, m3_pool, tourism_pool
from benchmarks.accuracy_metrics import dataset_errors
from benchmarks.global_forecast import GlobalSettings, run_global

__all__ = ["holdout_pool", "main", "markdown", "seed_summary", "validate", "write"]

RESULTS = Path(__file__).parent / "results"
POOLS = {"m3-monthly": m3_pool, "tourism-monthly": tourism_pool}


def holdout_pool(pool: Pool, look_back: int) -> Pool:
    """Make the validation pool: each training part without its last ``h`` values.

    Series whose shortened part is shorter than ``look_back`` cannot be
    forecast by the global model and are left out (M3: 352 of 1,428 at a
    look-back of 36).

    Examples
    --------
    >>> import pandas as pd
    >>> from benchmarks.accuracy_data import monthly
    >>> series = monthly(np.arange(10.0))
    >>> pool = Pool("toy", 3, [series.iloc[:7]], [series.iloc[7:]], [])
    >>> held = holdout_pool(pool, look_back=4)
    >>> held.train[0].tolist(), held.test[0].tolist()
    ([0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0])
    >>> len(holdout_pool(pool, look_back=5).train)
    0
    """
    h = pool.horizon
    long_enough = [s for s in pool.train if len(s) - h >= look_back]
    train = [series.iloc[:-h] for series in long_enough]
    held_out = [series.iloc[-h:] for series in long_enough]
    view = View(f"{pool.name}-validation", np.arange(len(train)), ())
    return Pool(f"{pool.name}-validation", h, train, held_out, [view])


def validate(pool: Pool, candidates: list[GlobalSettings]) -> list[dict]:
    """Score each candidate on the held-out tail of the training parts.

    Parameters
    ----------
    pool : Pool
        The dataset (its test parts are not read).
    candidates : list of GlobalSettings
        Settings to compare; each runs its own seeds.

    Returns
    -------
    rows : list of dict
        Per candidate: its settings, the mean over seeds of the validation
        sMAPE and MAPE, their spread (standard deviation), and the mean
        wall seconds of a seed.
    """
    look_back = max(settings.look_back for settings in candidates)
    held = holdout_pool(pool, look_back)
    actuals = [series.to_numpy() for series in held.test]
    insamples = [series.to_numpy() for series in held.train]
    rows = []
    for settings in candidates:
        runs = run_global(held.train, held.horizon, settings)
        errors = [dataset_errors(actuals, list(paths), insamples) for paths, _ in runs]
        rows.append(
            {
                "settings": dataclasses.asdict(settings),
                **seed_summary(errors, ("smape", "mape")),
                "seed_seconds": float(np.mean([s for _, s in runs])),
                "n_series": len(held.train),
            }
        )
    return rows


def seed_summary(errors: list[dict], measures: tuple[str, ...]) -> dict[str, float]:
    """Mean of each measure over the seeds' errors, and its spread (``*_spread``).

    Examples
    --------
    >>> seed_summary([{"smape": 10.0}, {"smape": 12.0}], ("smape",))
    {'smape': 11.0, 'smape_spread': 1.0}
    """
    summary = {}
    for measure in measures:
        values = [e[measure] for e in errors]
        summary[measure] = float(np.mean(values))
        summary[f"{measure}_spread"] = float(np.std(values))
    return summary


def markdown(results: dict) -> str:
    """Render the validation results as a Markdown page."""
    lines = [
        "# Validation of the global forecaster's look-back and epochs",
        "",
        "Each dataset's training parts without their last h months; scores on "
        "those months (never the test months), mean ± standard deviation over "
        "the seeds, on the series whose shortened part still holds the longest "
        "look-back. Seconds: wall time of a seed's fit and forecast, on one core.",
    ]
    for name, measured in results["datasets"].items():
        rows = measured["rows"]
        lines += [
            "",
            f"## {name}",
            "",
            f"`{measured['command']}` ({measured['date']})",
            "",
            "| epochs | look-back | series | sMAPE | MAPE | s a seed |",
            "|---:|---:|---:|---:|---:|---:|",
        ]
        for row in rows:
            s = row["settings"]
            lines.append(
                f"| {s['epochs']} | {s['look_back']} | {row['n_series']} "
                f"| {row['smape']:.2f} ± {row['smape_spread']:.2f} "
                f"| {row['mape']:.2f} ± {row['mape_spread']:.2f} "
                f"| {row['seed_seconds']:.0f} |"
            )
    return "\n".join(lines) + "\n"


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, nargs="+", default=[10, 30])
    parser.add_argument("--look-backs", type=int, nargs="+", default=[18, 36])
    parser.add_argument(
        "--datasets", nargs="+", choices=list(POOLS), default=list(POOLS)
    )
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    candidates = [
        GlobalSettings(look_back=look_back, epochs=epochs, seeds=tuple(args.seeds))
        for look_back in args.look_backs
        for epochs in args.epochs
    ]
    command = (
        "python -m benchmarks.global_validation "
        f"--epochs {' '.join(map(str, args.epochs))} "
        f"--look-backs {' '.join(map(str, args.look_backs))} "
        f"--datasets {' '.join(args.datasets)} "
        f"--seeds {' '.join(map(str, args.seeds))}"
    )
    results = {"datasets": {}}
    for name in args.datasets:
        rows = validate(POOLS[name](), candidates)
        date = time.strftime("%Y-%m-%d")
        results["datasets"][name] = {"command": command, "date": date, "rows": rows}
    return write(results, args.out)


def write(
    results: dict,
    out: Path,
    stem: str = "global_validation",
    render: Callable[[dict], str] = markdown,
) -> dict:
    """Add the results to the saved ones (other datasets kept) and write the page.

    ``stem.json`` keeps every dataset measured so far, so that datasets can
    be run one at a time (or side by side, one core each); ``render`` draws
    ``stem.md`` from it.
    """
    path = out / f"{stem}.json"
    if path.exists():
        saved = json.loads(path.read_text())
        for name, measured in saved["datasets"].items():
            results["datasets"].setdefault(name, measured)
    page = render(results)
    print(page)
    out.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2))
    (out / f"{stem}.md").write_text(page)
    return results


if __name__ == "__main__":
    main()
