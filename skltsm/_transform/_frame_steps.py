"""Running scikit-learn steps from DataFrame to DataFrame.

Inside a forecast pipeline every step sees a DataFrame with the column names
and time index of the rows it transforms, whatever output container the step
was configured for. Names therefore flow from ``X`` through
``get_feature_names_out`` to the regressor (which reads the window layout from
``{feature}_lag_{k}`` names), and rows keep their timestamps.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

__all__ = ["around_nan", "fit_on_values", "replace_columns", "run_step"]


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
    values = around_nan(step, "transform", frame, fit=fit)
    return pd.DataFrame(
        values, index=frame.index, columns=_output_names(step, frame, values)
    )


def fit_on_values(step, frame: pd.DataFrame):
    """Fit ``step`` on the rows of ``frame`` that hold a value.

    A stacked panel has rows of NaN between its series (and a difference's
    first rows are NaN): they carry nothing to learn, and a step that checks
    itself on a sample of rows (``FunctionTransformer(check_inverse=True)``)
    would find them and warn that its functions are not inverse. A step
    that refuses NaN is fitted on the rows without any, as
    :func:`around_nan` does. The rows keep their columns, so the step learns
    the feature names of ``frame``.

    Parameters
    ----------
    step : transformer
        A scikit-learn transformer.
    frame : pandas.DataFrame
        Its input.

    Returns
    -------
    step : transformer
        ``step``, fitted.

    Raises
    ------
    ValueError
        The step's own, when no row is without NaN, or none holds one.
    """
    missing = np.isnan(frame.to_numpy(np.float64))
    empty = missing.all(axis=1)
    rows = frame[~empty] if empty.any() else frame  # a copy only if needed
    try:
        return step.fit(rows)
    except ValueError:
        complete = ~missing[~empty].any(axis=1)
        if complete.all() or not complete.any():
            raise
    return step.fit(rows[complete])


def around_nan(
    step, method: Literal["transform", "inverse_transform"], frame: pd.DataFrame,
    *, fit: bool = False,
) -> np.ndarray:  # fmt: skip
    """Return ``step.<method>(frame)``; if the step refuses NaN, work around them.

    Cells of NaN are part of a forecast's frames: the gaps between a panel's
    series, a difference's first rows, the windows without history, the
    rows without a prediction, covariate leads past the data. A step that
    refuses NaN (``FunctionTransformer(validate=True)``) is fitted on the
    rows without any and applied to the frame with each missing cell
    replaced by a stand-in from its own column; the output is NaN where the
    input was. That is exact for a step that transforms each cell on its
    own, which is checked: the frame is transformed with two sets of
    stand-ins, and a step whose output elsewhere changes with them (it mixes
    columns, as ``PCA`` does) gets NaN on every row that had a missing cell.
    So does a step that changes the number of columns.

    Parameters
    ----------
    step : transformer
        A scikit-learn transformer (fitted unless ``fit``).
    method : {"transform", "inverse_transform"}
        What to apply.
    frame : pandas.DataFrame
        Its input.
    fit : bool, default=False
        Fit the step on ``frame`` first (``fit_transform``).

    Returns
    -------
    values : ndarray of shape (len(frame), n_outputs)
        Float values.

    Raises
    ------
    ValueError
        The step's own, when the frame has no missing value (or, to fit, no
        complete row).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sklearn.preprocessing import FunctionTransformer
    >>> frame = pd.DataFrame({"y": [np.nan, 1.0, 4.0], "x": [9.0, np.nan, 16.0]})
    >>> around_nan(FunctionTransformer(np.sqrt, validate=True), "transform", frame)
    array([[nan,  3.],
           [ 1., nan],
           [ 2.,  4.]])
    """
    try:
        if fit:
            return np.asarray(step.fit_transform(frame), dtype=np.float64)
        return np.asarray(getattr(step, method)(frame), dtype=np.float64)
    except ValueError:
        missing = ~np.isfinite(frame.to_numpy(np.float64))
        complete = ~missing.any(axis=1)
        if not missing.any() or (fit and not complete.any()):
            raise
    if fit:
        step.fit(frame.iloc[complete])
    known = frame.mask(missing)
    high, low = known.max(), known.min()  # values the columns take
    # a column of one known value needs another stand-in, or a step that
    # mixes columns would look cell-wise: one above it (in a log's domain)
    low = low.where(low < high, high + high.abs() + 1.0)
    values = np.asarray(getattr(step, method)(known.fillna(high)), dtype=np.float64)
    try:
        other = np.asarray(getattr(step, method)(known.fillna(low)), dtype=np.float64)
    except ValueError:  # the second stand-in outside the step's domain
        other = None
    cell_wise = (
        other is not None
        and values.shape == missing.shape
        and np.array_equal(values[~missing], other[~missing], equal_nan=True)
    )
    if cell_wise:
        values[missing] = np.nan
    else:
        values[~complete] = np.nan
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
