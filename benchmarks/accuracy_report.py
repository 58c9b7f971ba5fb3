"""Tables, files and plots of the accuracy benchmark.

``accuracy.json`` is a list with one entry per (dataset, horizon, model);
``accuracy.csv`` the same without the per-step errors; ``accuracy.md`` one
table per (dataset, horizon) with the published figures beside ours;
``accuracy_run.json`` the facts of the run.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.accuracy_data import LSTM

__all__ = ["PUBLISHED", "markdown", "write_all"]

#: Published 18-step sMAPE of M3 monthly (Makridakis, Spiliotis &
#: Assimakopoulos 2018, PLoS ONE 13(3): e0194889; Theta on all 1,428 from the
#: M3 competition, Makridakis & Hibon 2000).
PUBLISHED = {
    ("m3-monthly", "AutoARIMA"): 11.28,
    ("m3-monthly", "AutoETS"): 11.26,
    ("m3-monthly", "Theta"): 10.89,
    ("m3-monthly-all", "Theta"): 13.85,
}

COLUMNS = {
    "model": "model",
    "smape": "sMAPE",
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


def view_table(entries: list[dict]) -> str:
    """Markdown table of one (dataset, horizon), best sMAPE first."""
    frame = pd.DataFrame(entries).sort_values("smape")
    figures = [published(e) for e in frame.to_dict("records")]
    frame["published_smape"] = [f"{f:.2f}" if f else "" for f in figures]
    columns = [c for c in COLUMNS if c != "published_smape" or any(figures)]
    frame = frame[columns].rename(columns=COLUMNS)
    return frame.to_markdown(index=False, floatfmt=".2f")


def markdown(entries: list[dict], run: dict) -> str:
    """Write the whole results page."""
    lines = [
        "# Accuracy benchmark",
        "",
        f"Command: `{run['command'].strip()}`; wall time "
        f"{run['wall_seconds'] / 60:.1f} min on {run['cpu_count']} cores, "
        f"{run['n_jobs']} joblib workers. The machine was **shared with other "
        "engineers' jobs** (load average "
        f"{run['load_average_before'][0]:.1f} before, "
        f"{run['load_average_after'][0]:.1f} after), so timings are under load.",
        "",
        "sMAPE and MAPE in percent, averaged over horizon steps and series; MASE "
        "scaled by the in-sample seasonal naive (m=12); RMSE in the units of "
        "each series, averaged over series. `fit s`: single-core seconds of "
        "fitting and forecasting, summed over series; for the global LSTM the "
        "whole run (validation of its candidates, final fit, forecasts) of one "
        "model shared by all series. `failed`: series where the model raised and "
        "the seasonal naive forecast stood in.",
    ]
    lines += ["", "Competitors:", ""]
    methods = {
        e["model"]: e["method"] for e in entries if not e["model"].startswith(LSTM)
    }
    lines += [f"- {model}: {method}" for model, method in methods.items()]
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


def write_all(entries: list[dict], run: dict, details: dict, out: Path) -> None:
    """Write the JSON, CSV, markdown and plots."""
    (out / "accuracy.json").write_text(json.dumps(entries, indent=1) + "\n")
    flat = pd.DataFrame(entries).drop(columns="smape_by_step")
    flat.to_csv(out / "accuracy.csv", index=False, float_format="%.4f")
    (out / "accuracy_run.json").write_text(json.dumps(run, indent=1) + "\n")
    (out / "accuracy.md").write_text(markdown(entries, run))
    airline = {h: d for (name, h), d in details.items() if name == "airline"}
    if airline:
        plot_airline(airline, out / "accuracy_airline.png")
    by_step = [e for e in entries if e["n_series"] > 1]
    if by_step:
        plot_by_horizon(by_step, out / "accuracy_by_horizon.png")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_airline(details: dict, path: Path) -> None:
    """Forecasts against the actual passengers, one panel per horizon."""
    from skltsm.datasets import load_airline

    plt = _pyplot()
    y = load_airline()
    fig, axes = plt.subplots(len(details), 1, figsize=(10, 3.6 * len(details)))
    for ax, (horizon, detail) in zip(
        np.atleast_1d(axes), sorted(details.items()), strict=True
    ):
        test_index = detail["pool"].test[0].index.to_timestamp()
        ax.plot(y.index.to_timestamp(), y, color="black", linewidth=2, label="actual")
        for model, outcome in detail["outcomes"].items():
            width = 2.2 if model.startswith(LSTM) else 1.0
            ax.plot(test_index, outcome.forecasts[0], linewidth=width, label=model)
        ax.axvline(test_index[0], color="grey", linestyle=":")
        kind = "one-step-ahead" if horizon == 1 else f"{horizon} steps from one origin"
        ax.set_title(f"Airline passengers: {kind}")
        ax.set_ylabel("passengers (thousands)")
    np.atleast_1d(axes)[0].legend(fontsize=8, ncol=3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_by_horizon(entries: list[dict], path: Path) -> None:
    """Plot the sMAPE at each horizon step, one panel per multi-series dataset."""
    plt = _pyplot()
    datasets = list(dict.fromkeys(e["dataset"] for e in entries))
    fig, axes = plt.subplots(1, len(datasets), figsize=(5 * len(datasets), 4))
    for ax, dataset in zip(np.atleast_1d(axes), datasets, strict=True):
        group = [e for e in entries if e["dataset"] == dataset]
        for entry in group:
            steps = np.arange(1, len(entry["smape_by_step"]) + 1)
            width = 2.2 if entry["model"].startswith(LSTM) else 1.0
            ax.plot(
                steps, entry["smape_by_step"], linewidth=width, label=entry["model"]
            )
        ax.set_title(f"{dataset} ({group[0]['n_series']} series)")
        ax.set_xlabel("horizon step (months)")
        ax.set_ylabel("sMAPE (%)")
    np.atleast_1d(axes)[0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
