"""Choose the global forecaster's settings on the validation tail.

The accuracy benchmark must not tune on its test months. This script holds
out the last ``h`` months of every series' *training* part, fits the global
forecaster of :mod:`benchmarks.global_forecast` on what is left, and scores
its forecasts of the held-out months, for each candidate look-back, number
of epochs, learning rate and point forecast (quantile or loss);
:data:`benchmarks.global_forecast.CHOSEN` records the winners, with the
figures in ``benchmarks/results/global_validation.{json,md}``::

    python -m benchmarks.global_validation --epochs 10 30 --look-backs 18 36 \
        --learning-rates 0.001 0.003

``--origins 1 2`` also holds out the ``h`` months before those, a second
origin; the page then shows each candidate's mean over the origins.
``--point-quantiles none 0.4`` compares the median forecast (the MAE loss) with
one quantile head on the pinball loss (for a metric such as MAPE);
``--losses mae mape`` adds the MAPE loss itself (``LSTMRegressor(loss="mape")``)
to the candidates that are not quantiles; ``--ets-weights 0 0.4 --ets-models
ZZZ`` the network averaged with statsforecast's AutoETS (ADR 0027),
``--theta-weights 0 0.5`` with its standard Theta, ``--arima-weights 0 0.2``
with the airline ARIMA of the logs, ``--raw-member no yes``
with a second network on the series as given, ``--units 32 64`` networks of
other sizes. Every
candidate is fitted on the same series, those whose shortened part still
holds the longest look-back, and scored on those of them in the subset the
test months are reported on (M3: the 1,045 series).

Tourism's training parts contain zero months: their MAPE is left out of the
mean (:func:`benchmarks.accuracy_metrics.dataset_errors` skips NaN), for
every candidate alike.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path

import numpy as np

from benchmarks.accuracy_data import LSTM, Pool, View, m3_pool, tourism_pool
from benchmarks.global_forecast import GlobalSettings, run_global
from benchmarks.statistical_peers import peer_run, pool_errors
from benchmarks.stored_runs import RESULTS, thread_settings, write

__all__ = [
    "holdout_pool",
    "main",
    "markdown",
    "seed_errors",
    "seed_summary",
    "validate",
]

POOLS = {"m3-monthly": m3_pool, "tourism-monthly": tourism_pool}


def holdout_pool(pool: Pool, look_back: int, origin: int = 1) -> Pool:
    """Make the validation pool: each training part cut ``origin * h`` values early.

    The ``h`` values after the cut are held out: the last ``h`` of the
    training part for ``origin=1``, the ``h`` before them for ``origin=2``.
    Series whose shortened part is shorter than ``look_back`` cannot be
    forecast by the global model and are left out (M3: 320 of 1,428 at a
    look-back of 36 and the first origin). The views keep the series they
    score among those left (M3's 1,045-series subset stays the subset the
    test months score).

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
    >>> held = holdout_pool(pool, look_back=1, origin=2)
    >>> held.train[0].tolist(), held.test[0].tolist()
    ([0.0], [1.0, 2.0, 3.0])
    """
    h, cut = pool.horizon, origin * pool.horizon
    kept = np.array([k for k, s in enumerate(pool.train) if len(s) - cut >= look_back])
    train = [pool.train[k].iloc[:-cut] for k in kept]
    held_out = [pool.train[k].iloc[-cut:].iloc[:h] for k in kept]
    views = []
    for view in pool.views:
        positions = np.flatnonzero(np.isin(kept, view.positions))
        views.append(View(f"{view.dataset}-validation", positions, ()))
    return Pool(f"{pool.name}-validation", h, train, held_out, views)


def validate(
    pool: Pool, candidates: list[GlobalSettings], origin: int = 1
) -> list[dict]:
    """Score each candidate on the held-out tail of the training parts.

    Every candidate is fitted on all the series long enough for the longest
    look-back and scored on those of them in the pool's first view, the view
    the test months are reported on.

    Parameters
    ----------
    pool : Pool
        The dataset (its test parts are not read).
    candidates : list of GlobalSettings
        Settings to compare; each runs its own seeds.
    origin : int, default=1
        Which ``h`` months of the training parts are held out (see
        :func:`holdout_pool`).

    Returns
    -------
    rows : list of dict
        Per candidate: its settings, the mean over seeds of the validation
        sMAPE and MAPE, their spread (standard deviation), and the mean
        wall seconds of a seed.
    """
    look_back = max(settings.look_back for settings in candidates)
    held = holdout_pool(pool, look_back, origin)
    scored = held.views[0]
    rows = []
    for settings in candidates:
        runs = run_global(held.train, held.horizon, settings)
        errors = [errors[scored.dataset] for errors in seed_errors(held, runs)]
        rows.append(
            {
                "settings": dataclasses.asdict(settings),
                **seed_summary(errors, ("smape", "mape")),
                "seed_seconds": float(np.mean([s for _, s in runs])),
                "origin": origin,
                "n_series": len(scored.positions),
                "n_trained": len(held.train),
            }
        )
    return rows


def seed_errors(
    pool: Pool, runs: list[tuple[np.ndarray, float]]
) -> list[dict[str, dict[str, float]]]:
    """Score each seed's forecasts on every view of ``pool``, as a peer's are.

    ``runs`` is :func:`~benchmarks.global_forecast.run_global`'s: per seed,
    the forecasts (rows follow ``pool.train``) and the seconds they took.
    """
    # a series whose forecast is not finite gets the seasonal naive and is
    # counted as failed, as a peer's is
    return [
        pool_errors(pool, peer_run(pool.train, list(paths), seconds, LSTM))
        for paths, seconds in runs
    ]


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
        "# Validation of the global forecaster's look-back, epochs, learning rate "
        "and point forecast",
        "",
        "Each dataset's training parts without their last h months (origin 1; "
        "origin 2: without their last 2h months, scored on the first h of "
        "them); scores on those months (never the test months), mean ± "
        "standard deviation over "
        "the seeds. Every series whose shortened part holds the longest "
        "look-back is in the fit (*in the fit*; the forecaster skips, with a "
        "warning, those too short for one window); the scores are on those in the "
        "subset the test months are reported on (*scored*; M3: the 1,045 "
        "series). Seconds: wall time of a seed's fit and forecast, on one core.",
    ]
    for name, runs in results["datasets"].items():
        lines += ["", f"## {name}"]
        for run in as_runs(runs):
            header = f"`{run['command']}` ({run['date']})"
            lines += ["", header, "", *table(run["rows"])]
    return "\n".join(lines) + "\n"


#: What a candidate's mean row averages over its origins.
AVERAGED_OVER_ORIGINS = ("smape", "smape_spread", "mape", "mape_spread", "seed_seconds")


def table(rows: list[dict]) -> list[str]:
    """Render one run's candidates as the lines of a Markdown table.

    A run over several origins ends with each candidate's mean over them,
    the figure the choice reads.
    """
    lines = [
        "| origin | epochs | look-back | units | learning rate | point | in the fit "
        "| scored | sMAPE | MAPE | s a seed |",
        "|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(table_row(row, row.get("origin", 1)))
    if len({row.get("origin", 1) for row in rows}) > 1:
        for same in groupby_settings(rows):
            fields = AVERAGED_OVER_ORIGINS
            mean = {k: float(np.mean([r[k] for r in same])) for k in fields}
            fits = "–"  # each origin fits its own series
            lines.append(table_row({**same[0], **mean, "n_trained": fits}, "**mean**"))
    return lines


def table_row(row: dict, origin) -> str:
    """Render one candidate's scores at one origin (or their mean)."""
    s = row["settings"]
    point = point_name(s.get("point_quantile"), s.get("loss", "mae"))
    if s.get("deseasonalize", "if_all_positive") == "each_positive":
        point += ", each positive series deseasonalised"
    if s.get("members", 1) > 1:
        point += f", median of {s['members']} networks"
    if s.get("raw_member", False):
        point += ", with the network on the series as given"
    if s.get("ets_weight", 0):
        point += f", {s['ets_weight']:g} AutoETS ({s['ets_model']})"
    if s.get("theta_weight", 0):
        point += f", {s['theta_weight']:g} Theta ({s['theta_model']})"
    if s.get("arima_weight", 0):
        point += f", {s['arima_weight']:g} airline ARIMA (logs)"
    return (
        f"| {origin} | {s['epochs']} | {s['look_back']} | {s.get('units', 64)} "
        f"| {s.get('learning_rate', 0.001):g} | {point} "
        f"| {row.get('n_trained', row['n_series'])} | {row['n_series']} "
        f"| {row['smape']:.2f} ± {row['smape_spread']:.2f} "
        f"| {row['mape']:.2f} ± {row['mape_spread']:.2f} "
        f"| {row['seed_seconds']:.0f} |"
    )


def point_name(level: float | None, loss: str = "mae") -> str:
    """Name what a candidate's point forecast estimates, for the table.

    Examples
    --------
    >>> point_name(None), point_name(0.45), point_name(None, "mape")
    ('median (MAE)', 'quantile 0.45', 'MAPE loss')
    """
    if level is not None:
        return f"quantile {level:g}"
    return "median (MAE)" if loss == "mae" else f"{loss.upper()} loss"


def point_quantile(text: str) -> float | None:
    """Parse a ``--point-quantiles`` value: ``none`` (the MAE) or a level in (0, 1).

    Examples
    --------
    >>> point_quantile("none"), point_quantile("0.45")
    (None, 0.45)
    """
    if text.lower() == "none":
        return None
    level = float(text)
    if not 0 < level < 1:
        raise argparse.ArgumentTypeError(f"a quantile is in (0, 1), got {text}")
    return level


def groupby_settings(rows: list[dict]) -> list[list[dict]]:
    """Group the rows of one candidate (its origins), in first-seen order.

    Examples
    --------
    >>> rows = [{"settings": {"a": 1}}, {"settings": {"a": 2}}, {"settings": {"a": 1}}]
    >>> [len(group) for group in groupby_settings(rows)]
    [2, 1]
    """
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(json.dumps(row["settings"], sort_keys=True), []).append(row)
    return list(groups.values())


def with_run(saved: Path, name: str, run: dict) -> list[dict]:
    """Add ``run`` to the dataset's saved runs, replacing one of its command.

    Earlier grids stay on the page beside a later one (``learning rate`` was
    added to a grid already measured).
    """
    runs = []
    if saved.exists():
        runs = as_runs(json.loads(saved.read_text())["datasets"].get(name, []))
    return [r for r in runs if r["command"] != run["command"]] + [run]


def as_runs(entry: dict | list[dict]) -> list[dict]:
    """Return a dataset's runs: one saved before runs were lists is a list of one.

    Examples
    --------
    >>> as_runs({"command": "a"}), as_runs([{"command": "a"}])
    ([{'command': 'a'}], [{'command': 'a'}])
    """
    return [entry] if isinstance(entry, dict) else entry


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, nargs="+", default=[10, 30])
    parser.add_argument("--look-backs", type=int, nargs="+", default=[18, 36])
    parser.add_argument(
        "--datasets", nargs="+", choices=list(POOLS), default=list(POOLS)
    )
    parser.add_argument("--learning-rates", type=float, nargs="+", default=[0.001])
    parser.add_argument(
        "--point-quantiles", type=point_quantile, nargs="+", default=[None],
        help="what the point forecast estimates: none (the median, MAE loss) or "
        "a quantile level (one pinball-loss head)",
    )  # fmt: skip
    parser.add_argument(
        "--losses", nargs="+", choices=["mae", "mape"], default=["mae"],
        help="the point forecast's loss where it is no quantile: mae (the "
        "median) or mape (LSTMRegressor(loss='mape'), in the series' units)",
    )  # fmt: skip
    parser.add_argument(
        "--deseasonalize", nargs="+", default=["if_all_positive"],
        choices=["if_all_positive", "each_positive"],
        help="seasonal adjustment (GlobalSettings.deseasonalize)",
    )  # fmt: skip
    parser.add_argument(
        "--members", type=int, nargs="+", default=[1],
        help="networks whose median is the forecast (GlobalSettings.members)",
    )  # fmt: skip
    parser.add_argument(
        "--ets-weights", type=float, nargs="+", default=[0.0],
        help="AutoETS's weight in a mean with the network (GlobalSettings.ets_weight)",
    )  # fmt: skip
    parser.add_argument(
        "--ets-models", nargs="+", default=["ZZZ"],
        help="AutoETS's model strings, where its weight is not 0",
    )  # fmt: skip
    parser.add_argument(
        "--theta-weights", type=float, nargs="+", default=[0.0],
        help="statsforecast's standard Theta's weight in a mean with the network "
        "(GlobalSettings.theta_weight)",
    )  # fmt: skip
    parser.add_argument(
        "--arima-weights", type=float, nargs="+", default=[0.0],
        help="the airline ARIMA's weight in a mean with the network "
        "(GlobalSettings.arima_weight)",
    )  # fmt: skip
    parser.add_argument(
        "--raw-member", nargs="+", choices=["no", "yes"], default=["no"],
        help="also average in the network on the series as given "
        "(GlobalSettings.raw_member)",
    )  # fmt: skip
    parser.add_argument(
        "--units", type=int, nargs="+", default=[64], help="LSTM units"
    )  # fmt: skip
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument(
        "--origins", type=int, nargs="+", default=[1],
        help="held-out h months: 1 the last of the training parts, 2 those before",
    )  # fmt: skip
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    candidates = [
        GlobalSettings(
            look_back=look_back, epochs=epochs, learning_rate=rate,
            point_quantile=level, loss=loss, deseasonalize=adjustment,
            members=members, ets_weight=weight, ets_model=ets,
            theta_weight=theta, arima_weight=arima, raw_member=raw == "yes",
            units=units,
            seeds=tuple(args.seeds),
        )
        for look_back in args.look_backs
        for epochs in args.epochs
        for rate in args.learning_rates
        for level in args.point_quantiles
        for loss in args.losses
        for adjustment in args.deseasonalize
        for members in args.members
        for weight in args.ets_weights
        for ets in args.ets_models
        for theta in args.theta_weights
        for arima in args.arima_weights
        for raw in args.raw_member
        for units in args.units
        if level is None or loss == "mae"  # a quantile head has the pinball loss
        if weight or ets == args.ets_models[0]  # no AutoETS: one candidate
        if weight + theta + arima < 1  # the networks keep a share
    ]  # fmt: skip
    command = " ".join(
        [*thread_settings(), "python -m benchmarks.global_validation"]
        + ["--epochs", *map(str, args.epochs)]
        + ["--look-backs", *map(str, args.look_backs)]
        + ["--learning-rates", *(f"{rate:g}" for rate in args.learning_rates)]
        + point_arguments(args.point_quantiles)
        + unless_default("--losses", args.losses, ["mae"])
        + unless_default("--deseasonalize", args.deseasonalize, ["if_all_positive"])
        + unless_default("--members", args.members, [1])
        + unless_default("--ets-weights", [f"{w:g}" for w in args.ets_weights], ["0"])
        + unless_default("--ets-models", args.ets_models, ["ZZZ"])
        + unless_default(
            "--theta-weights", [f"{w:g}" for w in args.theta_weights], ["0"]
        )
        + unless_default(
            "--arima-weights", [f"{w:g}" for w in args.arima_weights], ["0"]
        )
        + unless_default("--raw-member", args.raw_member, ["no"])
        + unless_default("--units", args.units, [64])
        + ["--datasets", *args.datasets]
        + ["--seeds", *map(str, args.seeds)]
        + ["--origins", *map(str, args.origins)]
    )
    results = {"datasets": {}}
    for name in args.datasets:
        pool = POOLS[name]()
        rows = [row for k in args.origins for row in validate(pool, candidates, k)]
        run = {"command": command, "date": time.strftime("%Y-%m-%d"), "rows": rows}
        saved = args.out / "global_validation.json"
        results["datasets"][name] = with_run(saved, name, run)
    return write(results, args.out, "global_validation", markdown)


def unless_default(flag: str, values: list, default: list) -> list[str]:
    """Spell an option for the stored command, absent at its default.

    Examples
    --------
    >>> unless_default("--members", [1], [1]), unless_default("--members", [1, 3], [1])
    ([], ['--members', '1', '3'])
    """
    return [] if values == default else [flag, *map(str, values)]


def point_arguments(levels: list[float | None]) -> list[str]:
    """Spell ``--point-quantiles`` for the stored command (absent at its default).

    Examples
    --------
    >>> point_arguments([None]), point_arguments([None, 0.45])
    ([], ['--point-quantiles', 'none', '0.45'])
    """
    if levels == [None]:
        return []
    return ["--point-quantiles", *("none" if v is None else f"{v:g}" for v in levels)]


if __name__ == "__main__":
    main()
