"""Giving a block of rows the history that precedes it.

A ``TimeSeriesSplit`` test fold, or the rows a user wants forecast, arrive as a
block of their own. Their first predictions need the look-back window and the
previous levels from before the block. A fitted pipeline keeps the rows it was
fitted on and finds, by time label, the ones that come right before the block.
Rows of the block itself always win over stored rows; stored rows are used
only if they end exactly one step before the block starts, so a gap in time is
never bridged silently.
"""

from __future__ import annotations

import pandas as pd

from skltsm._series._time_index import Step, check_continues, check_same_clock

__all__ = ["with_history"]


def with_history(
    block: pd.DataFrame, history: pd.DataFrame | None, step: Step | None, n_rows: int
) -> tuple[pd.DataFrame, int]:
    """Prepend to ``block`` the ``n_rows`` stored rows that lead up to it.

    Parameters
    ----------
    block : pandas.DataFrame
        Rows to predict, with a time index.
    history : pandas.DataFrame or None
        Rows seen in fit, with a time index of the same kind; ``None`` when
        the pipeline was fitted on arrays (no time labels to match).
    step : int, pandas.DateOffset, pandas.Timedelta or None
        Step of the time axis.
    n_rows : int
        How many preceding rows the predictions can use at most.

    Returns
    -------
    context : pandas.DataFrame
        The preceding stored rows (possibly none), then ``block``.
    n_prepended : int
        How many stored rows were prepended.

    Examples
    --------
    >>> import pandas as pd
    >>> history = pd.DataFrame({"y": [1.0, 2.0, 3.0]}, index=[0, 1, 2])
    >>> block = pd.DataFrame({"y": [4.0]}, index=[3])
    >>> context, n = with_history(block, history, step=1, n_rows=2)
    >>> context["y"].tolist(), n
    ([2.0, 3.0, 4.0], 2)
    """
    if history is None or n_rows == 0:
        return block, 0
    check_same_clock(block.index, history.index)
    end = history.index.searchsorted(block.index[0], side="left")
    before = history.iloc[max(0, end - n_rows) : end]
    if not check_continues(before.index, block.index[0], step):
        return block, 0
    return pd.concat([before, block]), len(before)
