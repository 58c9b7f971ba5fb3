"""Windows without a level, left out of a window-scaled regressor's fit.

With ``window_scaling`` (ADR 0021), a window whose last ``level_steps``
inputs are all zero has no level: its targets
are divided by 1, so that they stay in the series' units (the log of raw
units, floored at ``log(1e-3)``, for ``"log_mean"``), and its forecast is its
shift, 0, whatever the network outputs. Trained on, such windows are only
noise in the loss and in the target's standardisation: one all-zero series
in a panel of three raised another's relative error from 0.03 to 0.1-0.2.

They are left out as a window of ``sample_weight`` 0 is (ADR 0005): of the
moments fitted on the training windows as a whole (:func:`level_weights`),
and of the training batches and the early-stopping tail
(:func:`rows_with_a_level`), unless no window of the training part has a
level, where nothing could be learnt without them and the fit goes on as
before (an all-zero series is forecast as 0 either way).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from skltsm._warn import warn
from skltsm.exceptions import LostWindowsWarning

__all__ = ["FitRows", "level_weights", "rows_with_a_level", "warn_left_out"]


def level_weights(
    has_level: np.ndarray, sample_weight: np.ndarray | None
) -> np.ndarray | None:
    """Return the weights of the fit's moments, 0 for windows without a level.

    Parameters
    ----------
    has_level : ndarray of bool, shape (n_windows,)
        Whether each window has a level.
    sample_weight : ndarray of shape (n_windows,) or None
        The user's weights, checked (``None``: every window weighs 1).

    Returns
    -------
    weights : ndarray or None
        ``sample_weight`` times ``has_level`` (uint8 0 and 1 without
        weights); ``None`` when that changes nothing: every window has a
        level, or no window of positive weight has one (the fit goes on
        with every window, see the module docstring).

    Examples
    --------
    >>> level_weights(np.array([True, False, True]), None)
    array([1, 0, 1], dtype=uint8)
    >>> level_weights(np.array([True, False]), np.array([0.0, 2.0])) is None
    True
    """
    if has_level.all():
        return None
    if sample_weight is None:
        weights = has_level.astype(np.uint8)  # integers: exact weighted sums
    else:
        weights = np.where(has_level, sample_weight, 0).astype(sample_weight.dtype)
    return weights if weights.any() else None


@dataclass(frozen=True)
class FitRows:
    """The windows a fit trains and validates on, and their weights.

    Attributes
    ----------
    train : slice or ndarray of bool
        The training windows, as ``_dataset`` takes them.
    validation : slice, ndarray of bool or None
        The early-stopping tail to score; ``None``: no early stopping.
    sample_weight : ndarray or None
        Per-window weights of all the windows.
    n_left_out : int
        Windows without a level left out.
    tail_left_out : bool
        Whether the whole early-stopping tail was left out.
    """

    train: slice | np.ndarray
    validation: slice | np.ndarray | None
    sample_weight: np.ndarray | None
    n_left_out: int = 0
    tail_left_out: bool = False


def rows_with_a_level(
    has_level: np.ndarray,
    n_train: int,
    sample_weight: np.ndarray | None,
    *,
    by_weight: bool = False,
) -> FitRows:
    """Leave the windows without a level out of the training and validation rows.

    Parameters
    ----------
    has_level : ndarray of bool, shape (n_windows,)
        Whether each window has a level, in time order.
    n_train : int
        The first ``n_train`` windows train; the others, if any, are the
        early-stopping tail (split over all windows, so that the tail is the
        windows after every one trained on, whatever their levels).
    sample_weight : ndarray or None
        The windows' weights.
    by_weight : bool, default=False
        Give the windows weight 0 rather than leave them out of the rows: a
        stateful network reads its windows in order, in whole batches.

    Returns
    -------
    FitRows
        Bool masks over all windows (a slice where nothing is left out).
        The tail is not scored (``validation`` ``None``) when none of its
        windows has a level.

    Examples
    --------
    >>> rows = rows_with_a_level(np.array([True, False, True, True]), 3, None)
    >>> rows.train, rows.validation, rows.n_left_out
    (array([ True, False,  True, False]), array([False, False, False,  True]), 1)
    """
    n_windows = len(has_level)
    tail = slice(n_train, None) if n_train < n_windows else None
    if has_level.all() or not has_level[:n_train].any():
        return FitRows(slice(0, n_train), tail, sample_weight)
    scored = tail is not None and bool(has_level[n_train:].any())
    n_left_out = int(n_windows - np.count_nonzero(has_level))
    if by_weight:
        weights = level_weights(has_level, sample_weight).astype(np.float32)
        return FitRows(
            slice(0, n_train), tail if scored else None, weights, n_left_out,
            tail_left_out=tail is not None and not scored,
        )  # fmt: skip
    train = has_level.copy()
    train[n_train:] = False
    validation = None
    if scored:
        validation = has_level.copy()
        validation[:n_train] = False
    return FitRows(
        train, validation, sample_weight, n_left_out,
        tail_left_out=tail is not None and not scored,
    )  # fmt: skip


def warn_left_out(rows: FitRows, n_windows: int, owner: str, scaling) -> None:
    """Say how many windows without a level were left out, if any.

    Parameters
    ----------
    rows : FitRows
        What :func:`rows_with_a_level` left out.
    n_windows : int
        The windows of the fit.
    owner : str
        The estimator's name.
    scaling : WindowScaling
        The window scaling fitted with.

    Warns
    -----
    LostWindowsWarning
        If some windows were left out.
    """
    if not rows.n_left_out:
        return
    steps = scaling.level_steps
    inputs = "inputs" if steps is None else f"last {steps} inputs"
    message = (
        f"{owner}(window_scaling={scaling.method!r}): {rows.n_left_out} of "
        f"{n_windows} training windows have no level (their {inputs} of the "
        "scaled feature are all zero) and were left out of training: such a "
        "window is forecast as 0, whatever the network outputs."
    )
    if rows.tail_left_out:
        message += (
            " No window of the early-stopping tail has a level: it is not "
            "scored, and the network trains for every epoch."
        )
    warn(message, LostWindowsWarning)
