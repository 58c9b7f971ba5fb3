"""The forecaster's own memory of the observed series.

sktime's ``BaseForecaster`` can remember ``y`` and ``X`` for its subclasses
(the ``remember_data`` config), but its default changes in sktime 1.3, and
forecasts need more than a copy: float columns with string names, a checked,
regular time index and its step. :class:`LSTMForecaster` keeps that memory
itself, starts it in ``fit`` and extends it in ``update``; the pipelines read
their look-back windows from it and a refit trains on it.
"""

from __future__ import annotations

import pandas as pd

from skltsm._series._observations import as_observation_frame
from skltsm._series._panel import check_ids_print_apart, is_panel, panel_index
from skltsm._series._time_index import Step, infer_step

__all__ = ["as_frame", "extend"]

_OWNER = "LSTMForecaster"


def as_frame(
    data: pd.DataFrame, what: str, step: Step | None = None
) -> tuple[pd.DataFrame, Step | None]:
    """Validate observations; return float columns named by strings, and the step.

    Parameters
    ----------
    data : pandas.DataFrame
        ``y`` or ``X`` as sktime passes them: one series (``pd.DataFrame``)
        or a long panel (``pd-multiindex``, ``pd_multiindex_hier``), whose
        rows are then grouped by series, each series in time order.
    what : str
        ``"y"`` or ``"X"``, for messages.
    step : int, pandas.DateOffset, pandas.Timedelta or None, default=None
        The step a panel's series must have (new rows of series seen
        before); inferred when None.

    Returns
    -------
    frame : pandas.DataFrame
        A float64 copy with string column names.
    step : int, pandas.DateOffset, pandas.Timedelta or None
        Step of the time index (``None`` for a single row).

    Raises
    ------
    ValueError
        NaN, infinity, an unsorted, duplicated or irregular time index.
    TypeError
        Values that are not numbers, or an index that carries no time.

    Examples
    --------
    >>> import pandas as pd
    >>> y = pd.DataFrame({0: [1, 2, 3]}, index=pd.period_range("2000", periods=3))
    >>> frame, step = as_frame(y, "y")
    >>> list(frame.columns), frame.dtypes.iloc[0], step
    (['0'], dtype('float64'), 1)
    """
    if is_panel(data):  # a long panel: each series regular, one shared step
        panel = panel_index(data.index, what=what, step=step)
        data = data.iloc[panel.order]  # grouped by series, each in time order
        frame, _ = as_observation_frame(data, what=what, owner=_OWNER)
        return frame, panel.step
    step = infer_step(data.index, what=what)
    frame, _ = as_observation_frame(data, what=what, owner=_OWNER)
    return frame, step


def extend(old: pd.DataFrame, new: pd.DataFrame, what: str) -> pd.DataFrame:
    """Append the rows of ``new`` to ``old``; rows at known labels replace them.

    Parameters
    ----------
    old : pandas.DataFrame
        The memory.
    new : pandas.DataFrame
        Validated new observations, with the columns of ``old``.
    what : str
        ``"y"`` or ``"X"``, for messages.

    Returns
    -------
    memory : pandas.DataFrame
        Rows of both, in time order, on a regular time index.

    Raises
    ------
    ValueError
        If the columns differ, the new rows leave a gap, or a new series id
        prints as a fitted one, or as another new one, but differs (``"1"``
        for ``1``).
    """
    if list(new.columns) != list(old.columns):
        raise ValueError(
            f"{what} passed to update has columns {list(new.columns)}, but "
            f"{_OWNER} was fitted on {list(old.columns)}; pass the same columns."
        )
    if is_panel(old) and is_panel(new):
        check_ids_print_apart(new.index, what, fitted=old.index)
    kept = old[~old.index.isin(new.index)]
    memory = pd.concat([kept, new]).sort_index()
    try:
        if is_panel(memory):
            panel_index(memory.index, what=what)
        else:
            infer_step(memory.index, what=what)
    except ValueError as error:
        raise ValueError(
            f"{what} passed to update must continue the observations seen so far "
            f"(the last at {old.index[-1]}) without a gap; together they fail the "
            f"time index check: {error}"
        ) from error
    return memory
