"""Tables, files and plots of the accuracy benchmark.

``accuracy.json`` is a list with one entry per (dataset, horizon, model);
``accuracy.csv`` the same without the per-step errors; ``accuracy.md`` one
table per (dataset, horizon) with the published figures beside ours;
``accuracy_run.json`` the facts of the run. ``python -m
benchmarks.accuracy_report`` redraws the page and the plots from those files.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from benchmarks import accuracy_plots
from benchmarks.accuracy_data import LSTM

__all__ = ["PUBLISHED", "markdown", "write_all"]

#: Published 18-step sMAPE of M3 monthly (Makridakis, Spiliotis &
#: Assimakopoulos 2018, PLoS ONE 13(3): e0194889; Theta on all 1,428 from the
#: M3 competition, Makridakis & Hibon 2000).
PUBLISHED = {
    ("m3-monthly", "AutoARIMA"): 11.28,
    ("m3-monthly", "AutoETS"): 11.26,
    ("m3-monthly", "Theta"): 10.89,
    ("m3-monthly", "AutoTheta"): 10.89,  # the published figure is Theta's
    ("m3-monthly-all", "Theta"): 13.85,
    ("m3-monthly-all", "AutoTheta"): 13.85,
}

#: The metric a dataset's table ranks by, where it is not the sMAPE: the one
#: its competition scored (Tourism: Athanasopoulos et al. 2011, MAPE).
RANKED_BY = {"tourism-monthly": "mape"}

COLUMNS = {
    "model": "model",
    "smape": "sMAPE",
    "seeds": "seeds (sMAPE sd)",
    "mape": "MAPE",
    "mase": "MASE",
    "rmse": "RMSE",
    "fit_seconds": "fit s",
    "n_failed": "failed",
    "published_smape": "published sMAPE",
}


def published(entry: dict) -> float | None:
    """Return the published sMAPE for an entry's dataset and model, if any."""
    dataset = entry["dataset"].split("-sub")[0]
    return PUBLISHED.get((dataset, entry["model"]))


def ranking_metric(dataset: str) -> str:
    """Return the metric a dataset's table ranks by (its competition's).

    Examples
    --------
    >>> ranking_metric("tourism-monthly"), ranking_metric("m3-monthly")
    ('mape', 'smape')
    """
    return RANKED_BY.get(dataset, "smape")


def view_table(entries: list[dict]) -> str:
    """Markdown table of one (dataset, horizon), best first on its metric."""
    frame = pd.DataFrame(entries).sort_values(ranking_metric(entries[0]["dataset"]))
    figures = [published(e) for e in frame.to_dict("records")]
    frame["published_smape"] = [f"{f:.2f}" if f else "" for f in figures]
    several = frame.get("n_seeds", pd.Series(1, index=frame.index)).fillna(1) > 1
    frame["seeds"] = [
        f"{int(e['n_seeds'])} (± {e['smape_spread']:.2f})" if many else ""
        for e, many in zip(frame.to_dict("records"), several, strict=True)
    ]
    hidden = {"published_smape": not any(figures), "seeds": not several.any()}
    columns = [c for c in COLUMNS if not hidden.get(c, False)]
    frame = frame[columns].rename(columns=COLUMNS)
    return frame.to_markdown(index=False, floatfmt=".2f")


def notes(entries: list[dict]) -> list[str]:
    """Say where the subsets and the published figures come from."""
    lines = []
    if any(e["protocol"] == "one-step" for e in entries):
        lines += [
            "",
            "One-step protocol: the statistical models are refitted at each "
            "forecast origin (sktime `evaluate`'s refit strategy); the LSTM keeps "
            "the weights fitted on the training months and reads the actual "
            "months before each forecast.",
        ]
    if any(published(e) for e in entries):
        lines += [
            "",
            "Published sMAPE: M3 monthly, 18 steps, on the 1,045-series subset, "
            "from Makridakis, Spiliotis & Assimakopoulos (2018), PLoS ONE 13(3): "
            "e0194889 (R's forecast package for ARIMA and ETS); Theta on all 1,428 "
            "from the M3 competition (Makridakis & Hibon 2000). They are for "
            "reference: other implementations (the Theta figures stand beside "
            "statsforecast's AutoTheta, which chooses among Theta variants).",
        ]
    return lines


def load_sentence(run: dict) -> str:
    """Say how busy the machine was, from the load averages around the run.

    The run's own workers count in the load after it, so only a figure above
    the cores says that other jobs shared the machine.

    Examples
    --------
    >>> run = {"load_average_before": [0.6], "load_average_after": [1.2]}
    >>> load_sentence({**run, "cpu_count": 2})
    'Load average 0.6 before the run, 1.2 after it (its own workers included).'
    >>> load_sentence({**run, "cpu_count": 1}).endswith("timings are under load.")
    True
    """
    before, after = run["load_average_before"][0], run["load_average_after"][0]
    sentence = f"Load average {before:.1f} before the run, {after:.1f} after it"
    if max(before, after) > run["cpu_count"]:
        return sentence + (
            f", above the {run['cpu_count']} cores: other jobs shared the "
            "machine, timings are under load."
        )
    return sentence + " (its own workers included)."


def markdown(entries: list[dict], run: dict) -> str:
    """Write the whole results page."""
    lines = [
        "# Accuracy benchmark",
        "",
        f"Command: `{run['command'].strip()}`; wall time "
        f"{run['wall_seconds'] / 60:.1f} min on {run['cpu_count']} cores, "
        f"{run['n_jobs']} joblib workers. {load_sentence(run)}",
        "",
        "sMAPE and MAPE in percent, averaged over horizon steps and series; MASE "
        "scaled by the in-sample seasonal naive (m=12); RMSE in the units of "
        "each series, averaged over series. `fit s`: seconds of fitting and "
        "forecasting: a per-series model's on one core, summed over series; for "
        "the global LSTM the wall time of its fit and forecast of all series on "
        "the run's cores (the members of a combination side by side; mean over "
        "its seeds); `seeds`: the global LSTM's scores are the means over that "
        "many separate fits, with the standard deviation of their sMAPE; for "
        "a per-series LSTM, its grid search is counted in each strategy's "
        "seconds; for statsforecast's models and neuralforecast's LSTM (M3, "
        "Tourism), the wall time of one batched run over all the series "
        "(statsforecast on `--n-jobs` processes, neuralforecast on "
        "`--neural-threads` PyTorch threads, one by default: "
        "`make bench-global-scores` times the LSTM and neuralforecast on the "
        "same 2 cores). `failed`: series where the model raised, or whose "
        "forecast was not finite, and the seasonal naive "
        "forecast stood in. Each table lists the best model first on its "
        "dataset's metric: the MAPE for Tourism (its competition's), the "
        "sMAPE elsewhere.",
    ]
    lines += notes(entries)
    lines += ["", "Competitors:", ""]
    lines += competitor_lines([e for e in entries if not e["model"].startswith(LSTM)])
    keys = list(dict.fromkeys((e["dataset"], e["horizon"]) for e in entries))
    for dataset, horizon in keys:
        group = [
            e for e in entries if (e["dataset"], e["horizon"]) == (dataset, horizon)
        ]
        first = group[0]
        lines += [
            "",
            f"## {dataset}, horizon {horizon} ({first['protocol']}, "
            f"{first['n_series']} series, {first['subset']})",
            "",
            view_table(group),
        ]
        lines += [
            f"\n{e['model']}: {e['method']}."
            for e in group
            if e["model"].startswith(LSTM)
        ]
    return "\n".join(lines) + "\n"


def competitor_lines(entries: list[dict]) -> list[str]:
    """One line per model: its method, or each method with the datasets it ran on.

    A name may stand for several implementations (AutoARIMA is sktime's,
    pmdarima, on the single series and statsforecast's on M3): the page names
    every one.
    """
    datasets: dict[str, dict[str, list[str]]] = {}
    for e in entries:
        by_method = datasets.setdefault(e["model"], {})
        names = by_method.setdefault(e["method"], [])
        if e["dataset"] not in names:
            names.append(e["dataset"])
    lines = []
    for model, by_method in datasets.items():
        if len(by_method) == 1:
            lines.append(f"- {model}: {next(iter(by_method))}")
            continue
        each = "; ".join(
            f"{method} ({', '.join(names)})" for method, names in by_method.items()
        )
        lines.append(f"- {model}: {each}")
    return lines


def write_all(entries: list[dict], run: dict, out: Path) -> None:
    """Write the JSON, CSV, markdown and plots."""
    (out / "accuracy.json").write_text(json.dumps(entries, indent=1) + "\n")
    flat = pd.DataFrame(entries).drop(columns=["smape_by_step", "forecast"])
    flat.to_csv(out / "accuracy.csv", index=False, float_format="%.4f")
    (out / "accuracy_run.json").write_text(json.dumps(run, indent=1) + "\n")
    write_page_and_plots(entries, run, out)


def write_page_and_plots(entries: list[dict], run: dict, out: Path) -> None:
    """Write the markdown page and the plots (from the results alone)."""
    (out / "accuracy.md").write_text(markdown(entries, run))
    airline = [e for e in entries if e["dataset"] == "airline"]
    if airline:
        accuracy_plots.plot_airline(airline, out / "accuracy_airline.png")
    by_step = [e for e in entries if e["n_series"] > 1]
    if by_step:
        accuracy_plots.plot_by_horizon(by_step, out / "accuracy_by_horizon.png")


def main(argv=None) -> None:
    """Redraw the page and plots from ``accuracy.json`` without re-running."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    out = parser.parse_args(argv).out
    entries = json.loads((out / "accuracy.json").read_text())
    run = json.loads((out / "accuracy_run.json").read_text())
    write_page_and_plots(entries, run, out)


if __name__ == "__main__":
    main()
