"""The checks ``y`` and ``X`` pass before sktime's own, so that skltsm's come first.

sktime's ``fit``, ``update``, ``pretrain`` and ``predict`` check their data
before the forecaster sees it, with messages that cannot say where the
problem is: a NaN is "cannot handle missing data", a series whose times go
backwards is "not in an sktime compatible format" (a ``TypeError`` and a
page of mtype names), text is "categorical features" (for ``X``, with the
forecaster's whole repr). :func:`checked_before_sktime` (``y``) and
:func:`covariates_checked_before_sktime` (``X``) run skltsm's checks of the
same things first, whose messages name the series, the time, the column
and what to do, and convert a column of numbers stored as objects to
floats, as the sklearn pipeline does. Complex numbers and sktime's other
mtypes (series in cells, ``nested_univ``) are left to sktime.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api.types import (
    is_bool_dtype,
    is_complex_dtype,
    is_numeric_dtype,
    is_object_dtype,
)

from skltsm._series._observations import as_observation_frame
from skltsm._series._panel import (
    check_each_series_in_order,
    check_each_series_in_time,
    check_ids_print_apart,
    is_panel,
    panel_index,
)
from skltsm._series._time_index import check_time_order, infer_step, is_time_index

__all__ = ["checked_before_sktime", "covariates_checked_before_sktime"]

_OWNER = "LSTMForecaster"


def checked_before_sktime(
    y: object, what: str = "y", *, new_rows: bool = False, own_steps: bool = False
) -> object:
    """Check a pandas ``y`` as skltsm does; return it, object columns as floats.

    Parameters
    ----------
    y : object
        What the user passed; anything but a pandas ``Series`` or
        ``DataFrame`` of numbers is left to sktime (its other mtypes, such as
        a frame of series in cells, ``nested_univ``).
    what : str, default="y"
        Its name in messages.
    new_rows : bool, default=False
        ``y`` holds an update's rows: its values are checked, and that each
        series' times increase, but not that they are regular (revisions of
        scattered past rows are not a regular series; the forecaster checks
        the rows it holds after the update), and an empty update is left to
        do nothing.
    own_steps : bool, default=False
        Each series of a panel ``y`` may keep a step of its own (weekly
        series on different weekdays, months at their start and at their
        end): a model per series (``pooling="local"``) forecasts each at its
        own frequency. Otherwise the series of a panel share one step.

    Returns
    -------
    y : object
        ``y`` itself, or a copy whose object columns of numbers are floats.

    Raises
    ------
    ValueError
        Empty input, NaN or infinity (naming the row), a time index that is
        unsorted, duplicated, irregular or missing a label, a row of a
        panel without a series id, index levels sharing a name, or series
        ids that print alike (``1`` and ``"1"``). Complex numbers are left
        to sktime.
    TypeError
        Text or categories that are not numbers (naming the column, the row
        and the value; "categorical features", as sktime's own tests ask),
        or a ``Series`` indexed as a panel (sktime's panels are frames).

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> y = pd.Series([1.0, np.nan], index=pd.period_range("2000-01", periods=2, freq="M"))
    >>> checked_before_sktime(y)
    Traceback (most recent call last):
    ...
    ValueError: Input y contains NaN at 2000-02 (row 1, column 'x0'). LSTMForecaster does not accept missing values encoded as NaN: fill or interpolate them first, e.g. y.interpolate().bfill() (bfill: the first rows, which interpolate leaves NaN).
    """  # noqa: E501
    if not isinstance(y, pd.Series | pd.DataFrame) or _left_to_sktime(y):
        return y  # sktime's: another mtype, or complex numbers
    _check_panel_kind(y, what)
    if new_rows and not len(y):
        return y  # an update with nothing new does nothing, as in sktime
    as_observation_frame(y, what=what, owner=_OWNER)  # empty, text, NaN, inf
    if new_rows:  # the ids of an update are compared with fit's, by update
        _check_in_order(y.index, what)
        return _numbers_as_floats(y)
    if is_panel(y):
        check_ids_print_apart(y.index, what)
    if is_panel(y) and own_steps:
        check_each_series_in_time(y.index, what=what)
    elif is_panel(y):
        panel_index(y.index, what=what)
    elif is_time_index(y.index):
        infer_step(y.index, what=what)
    return _numbers_as_floats(y)


def covariates_checked_before_sktime(X: object, what: str = "X") -> object:
    """Check a pandas ``X`` as skltsm does; return it, object columns as floats.

    The values of ``X`` are checked as ``y``'s (:func:`checked_before_sktime`),
    and the rows of each series must be in time order, as sktime asks; but
    not that they are regular, nor that they cover ``y``'s: ``X`` may hold
    rows past ``y``'s end (future rows) and series that ``y`` lacks (which
    are ignored), and the forecaster checks the rows it reads after sktime.
    The same checks serve ``fit``, ``predict`` (future ``X``) and
    ``update``.

    Parameters
    ----------
    X : object
        What the user passed; anything but a pandas ``Series`` or
        ``DataFrame`` of numbers is left to sktime.
    what : str, default="X"
        Its name in messages.

    Returns
    -------
    X : object
        ``X`` itself, or a copy whose object columns of numbers are floats.

    Raises
    ------
    ValueError
        NaN or infinity (naming the series, time and column), time labels of
        a series unsorted or duplicated, a row of a panel without a series
        id, or index levels sharing a name.
    TypeError
        Text or categories that are not numbers (naming the column, the row
        and the value), or a ``Series`` indexed as a panel.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"promo": [1.0, float("inf")]}, index=pd.period_range("2000-01", periods=2, freq="M"))
    >>> covariates_checked_before_sktime(X)
    Traceback (most recent call last):
    ...
    ValueError: Input X contains infinity at 2000-02 (row 1, column 'promo'). LSTMForecaster needs finite values: replace or drop them first.
    """  # noqa: E501
    if not isinstance(X, pd.Series | pd.DataFrame) or _left_to_sktime(X):
        return X
    _check_panel_kind(X, what)
    if not len(X):
        return X  # no rows: nothing to check here (an update's, say)
    as_observation_frame(X, what=what, owner=_OWNER)  # text, NaN, inf
    _check_in_order(X.index, what)
    return _numbers_as_floats(X)


def _check_in_order(index: pd.Index, what: str) -> None:
    """Refuse time labels of a series, or of a panel's series, out of order.

    Not that they are regular: an update's rows and future covariates need
    not be; the forecaster checks the rows it reads.
    """
    if isinstance(index, pd.MultiIndex):
        check_each_series_in_order(index, what=what)
    elif is_time_index(index):
        check_time_order(index, what=what)


def _check_panel_kind(y: pd.Series | pd.DataFrame, what: str) -> None:
    """Refuse what sktime cannot take as a panel, before its long messages.

    A ``Series`` indexed (series, time): sktime 1.2 has no panel mtype for a
    ``Series`` (``pd-multiindex`` and ``pd_multiindex_hier`` are frames),
    and a one-column frame is the same data. Index levels sharing a name:
    sktime's cutoff reads the index as columns, whose names must differ.
    """
    if not isinstance(y.index, pd.MultiIndex):
        return
    if isinstance(y, pd.Series):
        raise TypeError(
            f"{what} is a pandas Series indexed by (series, time): sktime takes "
            "a panel as a DataFrame, one column per variable. Pass "
            f"{what}.to_frame() instead."
        )
    names = [name for name in y.index.names if name is not None]
    if len(set(names)) < len(names):
        raise ValueError(
            f"The index levels of {what} share names: {list(y.index.names)}. "
            "sktime reads the levels by name, so each needs a name of its own: "
            f"rename them first, e.g. {what}.index = {what}.index.set_names("
            f"{_distinct_names(y.index.nlevels)})."
        )


def _distinct_names(nlevels: int) -> list[str]:
    """Level names for the advice: series (or series_0, ...), then time."""
    if nlevels == 2:
        return ["series", "time"]
    return [f"series_{k}" for k in range(nlevels - 1)] + ["time"]


def _left_to_sktime(y: pd.Series | pd.DataFrame) -> bool:
    """Whether a column holds what sktime tells apart: series in cells, complex.

    Series or arrays in cells are sktime's ``nested_univ``; complex numbers
    stored as objects its "categorical features". Text and categories are
    skltsm's to refuse (naming where), numbers stored as objects its to read.
    """
    frame = y.to_frame() if isinstance(y, pd.Series) else y
    for name, dtype in frame.dtypes.items():
        if not is_object_dtype(dtype):
            continue
        column = frame[name]
        if len(column) and isinstance(
            column.iloc[0], pd.Series | pd.DataFrame | np.ndarray
        ):
            return True
        try:
            numbers = pd.to_numeric(column, errors="raise")
        except (TypeError, ValueError):
            continue  # text: refused by as_observation_frame
        if not _is_real_number(numbers.dtype):  # complex numbers
            return True
    return False


def _numbers_as_floats(y: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """Convert object and category columns (numbers, as checked) to floats.

    Names unchanged. Categories of numbers are read as numbers, as the
    sklearn pipeline reads them.
    """
    if isinstance(y, pd.Series):
        return y.astype(float) if _stored_apart(y.dtype) else y
    apart = [name for name, dtype in y.dtypes.items() if _stored_apart(dtype)]
    return y.astype(dict.fromkeys(apart, float)) if apart else y


def _stored_apart(dtype) -> bool:
    """Whether numbers of ``dtype`` are stored as objects or as categories."""
    return is_object_dtype(dtype) or isinstance(dtype, pd.CategoricalDtype)


def _is_real_number(dtype) -> bool:
    """Whether ``dtype`` holds real numbers (or booleans), not complex ones."""
    return (is_numeric_dtype(dtype) or is_bool_dtype(dtype)) and not is_complex_dtype(
        dtype
    )
