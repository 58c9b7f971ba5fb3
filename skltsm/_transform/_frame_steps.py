"""Running scikit-learn steps from DataFrame to DataFrame.

Inside a forecast pipeline every step sees a DataFrame with the column names
and time index of the rows it transforms, whatever output container the step
was configured for. Names therefore flow from ``X`` through
``get_feature_names_out`` to the regressor (which reads the window layout from
``{feature}_lag_{k}`` names), and rows keep their timestamps.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["replace_columns", "run_step"]


def run_step(step, frame: pd.DataFrame, *, fit: bool = False) -> pd.DataFrame:
    """Apply ``step.transform`` (``fit_transform`` if ``fit``) to ``frame``.

    Parameters
    ----------
    step : transformer
        A scikit-learn transformer.
    frame : pandas.DataFrame
        Its input.
    fit : bool, default=False
        Fit the step on ``frame`` first.

    Returns
    -------
    output : pandas.DataFrame
        Float values, indexed like ``frame``, with the step's output names
        (``get_feature_names_out``, else the input names when the width is
        unchanged, else ``x0, x1, ...``).
    """
    out = step.fit_transform(frame) if fit else step.transform(frame)
    values = np.asarray(out, dtype=np.float64)
    return pd.DataFrame(
        values, index=frame.index, columns=_output_names(step, frame, values)
    )


def replace_columns(
    frame: pd.DataFrame, positions: Sequence[int], values: np.ndarray
) -> pd.DataFrame:
    """Copy of ``frame`` with the columns at ``positions`` set to ``values``."""
    replaced = frame.copy()
    replaced.iloc[:, list(positions)] = values
    return replaced


def _output_names(step, frame: pd.DataFrame, values: np.ndarray) -> list[str]:
    try:
        return [str(name) for name in step.get_feature_names_out()]
    except (AttributeError, ValueError, TypeError):
        if values.shape[1] == frame.shape[1]:
            return list(frame.columns)
        return [f"x{i}" for i in range(values.shape[1])]
