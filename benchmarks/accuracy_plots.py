"""Plots of the accuracy benchmark, drawn from its results entries.

Each model keeps one colour in every panel; the LSTM rows are drawn thicker.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.accuracy_data import COMPETITION_MODELS, LSTM, LSTM_MULTIOUTPUT
from benchmarks.accuracy_models import COMPETITORS

__all__ = ["plot_airline", "plot_by_horizon"]

#: Every model of either protocol, so that each keeps its own colour (ten at
#: most: matplotlib's cycle).
MODEL_ORDER = tuple(
    dict.fromkeys((LSTM, LSTM_MULTIOUTPUT, *COMPETITORS, *COMPETITION_MODELS))
)
AIRLINE_PLOT_START = "1955-01"


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def style(model: str) -> dict:
    """Colour and width of a model's line, the same in every panel.

    Examples
    --------
    >>> colours = {style(model)["color"] for model in MODEL_ORDER}
    >>> len(colours) == len(MODEL_ORDER) <= 10
    True
    """
    position = MODEL_ORDER.index(model) if model in MODEL_ORDER else len(MODEL_ORDER)
    width = 2.4 if model.startswith(LSTM) else 1.1
    return {"color": f"C{position % 10}", "linewidth": width, "label": model}


def plot_airline(entries: list[dict], path: Path) -> None:
    """Forecasts against the actual passengers, one panel per horizon."""
    from skltsm.datasets import load_airline

    plt = _pyplot()
    y = load_airline().loc[AIRLINE_PLOT_START:]
    horizons = sorted({e["horizon"] for e in entries})
    fig, axes = plt.subplots(len(horizons), 1, figsize=(10, 3.4 * len(horizons)))
    for ax, horizon in zip(np.atleast_1d(axes), horizons, strict=True):
        ax.plot(y.index.to_timestamp(), y, color="black", linewidth=2.6, label="actual")
        for entry in (e for e in entries if e["horizon"] == horizon):
            start = pd.Period(entry["forecast_start"], freq="M")
            index = pd.period_range(start, periods=len(entry["forecast"]))
            ax.plot(index.to_timestamp(), entry["forecast"], **style(entry["model"]))
        ax.axvline(start.to_timestamp(), color="grey", linestyle=":")
        kind = "one-step-ahead" if horizon == 1 else f"{horizon} steps from one origin"
        ax.set_title(f"Airline passengers: {kind}")
        ax.set_ylabel("passengers (thousands)")
        ax.legend(fontsize=7, ncol=2, loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_by_horizon(entries: list[dict], path: Path) -> None:
    """Plot the sMAPE at each horizon step, one panel per multi-series dataset.

    The naive forecast is drawn but may leave the panel: the vertical scale
    follows the other models.
    """
    plt = _pyplot()
    datasets = list(dict.fromkeys(e["dataset"] for e in entries))
    columns = min(3, len(datasets))
    rows = -(-len(datasets) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(5.5 * columns, 4 * rows))
    axes = np.atleast_1d(axes).ravel()
    for ax, dataset in zip(axes, datasets, strict=False):
        group = [e for e in entries if e["dataset"] == dataset]
        for entry in group:
            steps = np.arange(1, len(entry["smape_by_step"]) + 1)
            ax.plot(steps, entry["smape_by_step"], **style(entry["model"]))
        others = [v for e in group if e["model"] != "Naive" for v in e["smape_by_step"]]
        ax.set_ylim(0.9 * min(others), 1.1 * max(others))
        ax.set_title(f"{dataset} ({group[0]['n_series']} series)")
        ax.set_xlabel("horizon step (months)")
        ax.set_ylabel("sMAPE (%)")
        ax.legend(fontsize=7)
    for ax in axes[len(datasets) :]:
        ax.set_visible(False)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
