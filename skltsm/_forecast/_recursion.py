"""Recursive forecasts from many origins at once, one network call per step.

A recursive forecast feeds each step's prediction back as the next step's
input, so the steps of one origin are sequential. The origins are not: the
calibration of prediction intervals forecasts from dozens of origins, and
:func:`recursive_forecast` advances all of them together. Each step stacks
one context per origin (the ``contract_.warmup + 1`` rows its next forecast
needs) into a single frame and runs the fitted pipeline once on it
(``ForecastPipeline.forecast_rows``, :mod:`skltsm._forecast._contract`): one
pass through the transformers and one ``predict_on_batch`` of the network per
step, whatever the number of origins (never one ``Model.predict`` per step
and series: each call costs tens of milliseconds).

Stacking is sound because a pipeline's forecast of a row depends on the
``contract_.warmup`` rows before it only (``ForecastPipeline`` relies on the same
bound to fetch history), and only the last row of each context is forecast.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from skltsm._forecast._pipeline import ForecastPipeline

__all__ = ["recursive_forecast"]


def recursive_forecast(
    pipeline: ForecastPipeline,
    frame: pd.DataFrame,
    origins: Sequence[int],
    n_steps: int,
) -> np.ndarray:
    """Forecast ``n_steps`` steps recursively from each origin.

    Parameters
    ----------
    pipeline : ForecastPipeline
        Fitted, with ``horizon=1``, on frames with the columns of ``frame``.
    frame : pandas.DataFrame
        Rows in time order: observed targets and covariates, and at least
        ``n_steps`` rows after the last origin (covariates filled, targets
        ignored).
    origins : sequence of int
        Positions in ``frame`` of the last observed row of each forecast.
    n_steps : int
        Steps to forecast from each origin.

    Returns
    -------
    forecasts : ndarray of shape (n_origins, n_steps, n_targets)
        Step ``h`` of origin ``p`` forecasts row ``p + h``; NaN where an
        origin has fewer than ``warmup_`` rows before it.
    """
    warmup = pipeline.contract_.warmup
    targets = list(pipeline.contract_.targets)
    origins = np.asarray(origins, dtype=np.int64)
    # pad so that every origin has warmup_ rows before it (NaN if none)
    values = np.vstack(
        [np.full((warmup, frame.shape[1]), np.nan), frame.to_numpy(np.float64)]
    )
    # context row i of origin p is frame row p - warmup + 1 + i (values row p + 1 + i)
    contexts = values[origins[:, None] + 1 + np.arange(warmup + n_steps)]
    contexts[:, warmup:, targets] = np.nan  # the future is forecast, never read
    forecasts = np.empty((len(origins), n_steps, len(targets)))
    last_rows = (warmup + 1) * np.arange(len(origins)) + warmup  # of each context
    for h in range(n_steps):
        batch = contexts[:, h : h + warmup + 1].reshape(-1, frame.shape[1])
        levels = pipeline.forecast_rows(
            pd.DataFrame(batch, columns=frame.columns), rows=last_rows
        )
        forecasts[:, h] = levels.reshape(len(origins), warmup + 1, -1)[:, -1]
        contexts[:, warmup + h, targets] = forecasts[:, h]
    return forecasts
