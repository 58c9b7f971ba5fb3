"""The target's path through the transformers that precede the lagging step.

scikit-learn pipelines never transform ``y``. In a forecast pipeline the target
is also a column of ``X`` (its own history), so the transformers before
``LagTransformer`` see it. :func:`forward` follows that column through them to
build the training target; :func:`inverse` walks back from a prediction to
the units of ``y``.

Two kinds of steps are supported:

* **Column-wise, invertible transformers** (``MinMaxScaler``,
  ``StandardScaler``, ``FunctionTransformer(np.log, np.exp)``, ...): the
  target column goes through ``transform`` and back through
  ``inverse_transform``; other columns are carried along untouched.
* **Differencing steps**, recognised by the protocol ``forecast_target(X,
  horizon)`` / ``inverse_forecast(X, history=, horizon=)`` that
  :class:`skltsm.Differencer` implements. Their inverse adds the forecast
  difference to the *actual* past levels, at lags of at least ``horizon``
  rows, so that a prediction for row ``t`` uses nothing after ``t - horizon``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from skltsm._transform._frame_steps import around_nan, replace_columns

__all__ = ["forward", "inverse", "is_differencing"]


def is_differencing(step) -> bool:
    """Whether ``step`` follows the differencing protocol (needs past levels)."""
    return hasattr(step, "forecast_target") and hasattr(step, "inverse_forecast")


def forward(
    steps: Sequence, frames: list[pd.DataFrame], columns: Sequence[int], horizon: int
) -> list[np.ndarray]:
    """Values of the target at the input of each step, and after the last.

    Parameters
    ----------
    steps : list of fitted transformers
        The steps before the lagging step, in order.
    frames : list of pandas.DataFrame
        ``frames[i]`` is the input of ``steps[i]``; ``frames[0]`` is ``X``.
    columns : list of int
        Positions of the target columns.
    horizon : int
        Forecast horizon.

    Returns
    -------
    path : list of ndarray of shape (n_samples, n_targets)
        ``path[0]`` is the target itself, ``path[-1]`` the training target.
        For ``horizon > 1`` a differencing step uses its horizon-aware lags,
        so ``path[i]`` can differ from ``frames[i]``'s target columns.
    """
    columns = list(columns)
    path = [_target_values(frames[0], columns)]
    for step, frame in zip(steps, frames[:-1], strict=True):
        carried = replace_columns(frame, columns, path[-1])
        if is_differencing(step):
            out = step.forecast_target(carried, horizon=horizon)
        else:
            out = around_nan(step, "transform", carried)
        path.append(np.asarray(out, dtype=np.float64)[:, columns])
    return path


def _target_values(frame: pd.DataFrame, columns: list[int]) -> np.ndarray:
    """``frame.iloc[:, columns].to_numpy()``, a view of one float64 column.

    ``iloc`` with a list of columns copies them: a copy of the target
    column of every row (240 MB for the 30 million rows of the panel
    benchmark), held while the training windows and targets are chosen.
    One float64 column is read in place instead, as a read-only view: the
    path is only read, and a write must never reach the caller's frame.
    """
    if len(columns) == 1 and frame.dtypes.iloc[columns[0]] == np.float64:
        view = frame.iloc[:, columns[0]].to_numpy().reshape(-1, 1)
        view.flags.writeable = False
        return view
    return frame.iloc[:, columns].to_numpy()


def inverse(
    prediction: np.ndarray,
    steps: list,
    frames: list[pd.DataFrame],
    path: list[np.ndarray],
    columns: list[int],
    horizon: int,
) -> np.ndarray:
    """Bring predictions of the training target back to the units of ``y``.

    Parameters
    ----------
    prediction : ndarray of shape (n_samples, n_targets)
        Prediction of ``path[-1]`` for every row of ``frames[0]`` (NaN where
        there is none).
    steps, frames, columns, horizon
        As for :func:`forward`; ``frames`` also holds the last step's output.
    path : list of ndarray
        The output of :func:`forward` on the same frames: the actual past
        levels that differencing steps add their forecasts to.

    Returns
    -------
    levels : ndarray of shape (n_samples, n_targets)
        Predictions in the units of ``y``.
    """
    columns = list(columns)
    for i in reversed(range(len(steps))):
        step = steps[i]
        if is_differencing(step):
            width = frames[i].shape[1]
            padded = np.zeros((len(prediction), width))
            padded[:, columns] = prediction
            history = replace_columns(frames[i], columns, path[i])
            out = step.inverse_forecast(padded, history=history, horizon=horizon)
        else:
            out = _inverse_where_predicted(step, frames[i + 1], columns, prediction)
        prediction = np.asarray(out, dtype=np.float64)[:, columns]
    return prediction


def _inverse_where_predicted(
    step, frame: pd.DataFrame, columns: list[int], prediction: np.ndarray
) -> np.ndarray:
    """``step.inverse_transform`` of the rows that have a prediction, NaN elsewhere.

    All rows at once; a step that refuses NaN
    (``FunctionTransformer(validate=True)``) inverts them around the cells
    without a value (:func:`around_nan`), which a column-wise step (checked
    at fit) inverts each on its own.
    """
    if not np.isfinite(prediction).all(axis=1).any():  # nothing to invert
        return np.full(frame.shape, np.nan)
    replaced = replace_columns(frame, columns, prediction)
    return around_nan(step, "inverse_transform", replaced)
