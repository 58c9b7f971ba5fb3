"""The series' identity as input: one column per known series (one-hot).

A network shared by many series sees windows, not names: two series whose
recent values look alike get the same forecast. Series that behave
differently for reasons their windows do not show can be told apart by an
identity input: one column per series seen in training, 1 on that series'
rows and 0 elsewhere (``LSTMForecaster(series_identity=True)``). A series
never seen in training (a new one after ``pretrain``, or a single series)
gets zeros in every column: the network's forecast for "any series".

One column per series grows the windows with the panel: fit for tens of
series. For hundreds, describe each series by a few static features and
pass them as covariates ``X`` instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from skltsm._series._panel import is_panel, panel_index

__all__ = ["series_ids", "with_series_identity"]


def series_ids(y: pd.DataFrame) -> pd.Index:
    """Return the series of a long panel (none for a single series).

    Examples
    --------
    >>> index = pd.MultiIndex.from_product([["a", "b"], [0, 1]])
    >>> list(series_ids(pd.DataFrame({"y": range(4)}, index=index)))
    ['a', 'b']
    """
    return panel_index(y.index).ids if is_panel(y) else pd.Index([])


def with_series_identity(frame: pd.DataFrame, ids: pd.Index) -> pd.DataFrame:
    """Append a column ``series=<id>`` per series of ``ids``, 1 on its rows.

    Parameters
    ----------
    frame : pandas.DataFrame
        A model frame: one series, or a long panel indexed (series, time).
    ids : pandas.Index
        The series known in training, in column order.

    Returns
    -------
    frame : pandas.DataFrame
        ``frame`` with ``len(ids)`` more float columns; rows of a series not
        in ``ids`` (and every row of a single series) hold zeros.

    Examples
    --------
    >>> index = pd.MultiIndex.from_tuples([("a", 0), ("b", 0), ("c", 0)])
    >>> frame = pd.DataFrame({"y": [1.0, 2.0, 3.0]}, index=index)
    >>> with_series_identity(frame, pd.Index(["a", "b"]))
           y  series=a  series=b
    a 0  1.0       1.0       0.0
    b 0  2.0       0.0       1.0
    c 0  3.0       0.0       0.0
    """
    if not len(ids):
        return frame
    one_hot = np.zeros((len(frame), len(ids)))
    if is_panel(frame):
        positions = ids.get_indexer(frame.index.droplevel(-1))
        known = positions >= 0
        one_hot[np.flatnonzero(known), positions[known]] = 1.0
    columns = [f"series={key}" for key in ids]
    identity = pd.DataFrame(one_hot, index=frame.index, columns=columns)
    return pd.concat([frame, identity], axis=1)
