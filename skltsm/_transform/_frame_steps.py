"""Running scikit-learn steps from DataFrame to DataFrame.

Inside a forecast pipeline every step sees a DataFrame with the column names
and time index of the rows it transforms, whatever output container the step
was configured for. Names therefore flow from ``X`` through
``get_feature_names_out`` to the regressor (which reads the window layout from
``{feature}_lag_{k}`` names), and rows keep their timestamps.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

__all__ = ["on_complete_rows", "replace_columns", "run_step"]


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
    values = on_complete_rows(step.fit_transform if fit else step.transform, frame)
    return pd.DataFrame(
        values, index=frame.index, columns=_output_names(step, frame, values)
    )


def on_complete_rows(
    apply: Callable[[pd.DataFrame], object], frame: pd.DataFrame
) -> np.ndarray:
    """Return ``apply(frame)``; if it refuses NaN, ``apply`` of the complete rows.

    Rows of NaN are part of a forecast's frames: the gaps between a panel's
    series, a difference's first rows, the windows without history, the rows
    without a prediction. A step that refuses NaN
    (``FunctionTransformer(validate=True)``) is given the rows without any
    (and fitted on them), the others stay NaN: the steps of a forecast
    pipeline transform each row on its own.

    Parameters
    ----------
    apply : callable
        A step's ``transform``, ``fit_transform`` or ``inverse_transform``.
    frame : pandas.DataFrame
        Its input.

    Returns
    -------
    values : ndarray of shape (len(frame), n_outputs)
        Float values, NaN at the rows with a NaN when ``apply`` refused them.

    Raises
    ------
    ValueError
        ``apply``'s own, when every row is complete or none is.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sklearn.preprocessing import FunctionTransformer
    >>> frame = pd.DataFrame({"y": [np.nan, 1.0, 4.0]})
    >>> on_complete_rows(FunctionTransformer(np.sqrt, validate=True).fit_transform, frame)
    array([[nan],
           [ 1.],
           [ 2.]])
    """  # noqa: E501
    try:
        return np.asarray(apply(frame), dtype=np.float64)
    except ValueError:
        complete = np.isfinite(frame.to_numpy(np.float64)).all(axis=1)
        if complete.all() or not complete.any():
            raise
    done = np.asarray(apply(frame.iloc[complete]), dtype=np.float64)
    values = np.full((len(frame), done.shape[1]), np.nan)
    values[complete] = done
    return values


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
