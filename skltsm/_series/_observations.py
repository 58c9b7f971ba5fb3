"""Validation of raw observations: what a forecast pipeline accepts as X and y.

Everything a user hands to :class:`skltsm.ForecastPipeline` passes through
:func:`as_observation_frame` (and :func:`as_target_frame` for ``y``) first, so
bad input is rejected once, at the door, with a message that names the
problem, where it is, and what to do. The messages follow scikit-learn's
(``validate_data``) wherever scikit-learn has one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse

__all__ = [
    "as_observation_frame",
    "as_target_frame",
    "check_same_rows",
    "check_weight_rows",
]


def as_observation_frame(
    X: object,
    *,
    what: str = "X",
    owner: str = "ForecastPipeline",
    nan_tail: int = 0,
) -> tuple[pd.DataFrame, bool]:
    """Convert ``X`` to a float ``DataFrame`` after checking it thoroughly.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features), DataFrame or Series
        Observations, one row per time step in time order.
    what : str, default="X"
        Name of the argument, used in error messages.
    owner : str, default="ForecastPipeline"
        Name of the estimator, used in error messages.
    nan_tail : int, default=0
        Number of final rows allowed to hold NaN: rows whose own values no
        prediction depends on (the future rows of a forecast).

    Returns
    -------
    frame : pandas.DataFrame
        Float64 values. A ``Series`` becomes one column; an array gets columns
        ``x0, x1, ...`` and a ``RangeIndex``.
    is_pandas : bool
        Whether ``X`` was a pandas object (so that outputs are pandas too).

    Raises
    ------
    ValueError
        Empty input, wrong dimensions, column names that are not unique (as
        strings), NaN or infinite values, complex numbers.
    TypeError
        Values that are not numbers, or a sparse matrix.
    """
    if X is None:
        raise ValueError(f"{owner} requires {what} to be passed, got None.")
    is_pandas = isinstance(X, pd.DataFrame | pd.Series)
    if isinstance(X, pd.Series):
        frame = X.to_frame(name=X.name if X.name is not None else "x0")
    elif isinstance(X, pd.DataFrame):
        frame = X
    else:
        frame = _frame_from_array(X, what)
    _check_not_empty(frame, what, owner)
    _check_unique_names(frame.columns, what)
    frame = _as_float_columns(frame, what)
    _check_finite(frame, what, owner, nan_tail)
    frame.columns = [str(c) for c in frame.columns]
    return frame, is_pandas


def as_target_frame(
    y: object, X: pd.DataFrame, *, owner: str = "ForecastPipeline"
) -> tuple[pd.DataFrame, bool]:
    """Convert ``y`` to a float ``DataFrame`` aligned with the rows of ``X``.

    Parameters
    ----------
    y : array-like of shape (n_samples,) or (n_samples, n_targets)
        Target at the same rows as ``X``.
    X : pandas.DataFrame
        Observations already validated by :func:`as_observation_frame`.
    owner : str, default="ForecastPipeline"
        Name of the estimator, used in error messages.

    Returns
    -------
    target : pandas.DataFrame
        One column per target, indexed like ``X``.
    is_1d : bool
        Whether ``y`` was one-dimensional.
    """
    if y is None:
        raise ValueError(f"{owner} requires y to be passed, but the target y is None.")
    is_pandas = isinstance(y, pd.Series | pd.DataFrame)
    # np.ndim and len of an array-like that implements __array__ alone (not
    # __array_function__, as scikit-learn's checks' y) go through np.asarray
    values = y if is_pandas else np.asarray(y)
    if values.ndim == 0:
        raise ValueError(
            f"y must be array-like with one value per row of X; got {y!r}."
        )
    if len(values) != len(X):
        raise ValueError(
            "Found input variables with inconsistent numbers of samples: "
            f"[{len(X)}, {len(values)}]. X and y must hold the same rows."
        )
    if is_pandas:
        is_1d = isinstance(y, pd.Series)
        target = y.to_frame(name=y.name if y.name is not None else "y") if is_1d else y
    else:
        if values.ndim not in (1, 2):
            raise ValueError(
                f"y must be 1-D (one target) or 2-D (n_samples, n_targets); "
                f"got an array with dim {values.ndim}."
            )
        is_1d = values.ndim == 1
        values = values.reshape(len(values), -1)
        names = ["y"] if is_1d else [f"y{i}" for i in range(values.shape[1])]
        target = pd.DataFrame(values, columns=names, index=X.index)
    if is_pandas:
        check_same_rows(target.index, X.index)
    _check_unique_names(target.columns, "y")
    target = _as_float_columns(target, "y")
    _check_finite(target, "y", owner, nan_tail=0)
    target.columns = [str(c) for c in target.columns]
    return target, is_1d


def check_same_rows(
    y_index: pd.Index,
    X_index: pd.Index,
    what: str = "y",
    meaning: str = "the target at the rows of X",
) -> None:
    """Refuse ``y`` whose rows are not those of ``X``, in the same order.

    Or any other per-row data of a pandas type (``what``, which is
    ``meaning``), such as sample weights: read by position, they would land
    on other rows.

    Examples
    --------
    >>> import pandas as pd
    >>> check_same_rows(pd.Index([2, 1]), pd.Index([1, 2]))
    Traceback (most recent call last):
    ...
    ValueError: y and X must have the same index (y is the target at the rows of X); they first differ at position 0: 2 in y (dtype int64), 1 in X (dtype int64). They hold the same labels in another order: align y with X, e.g. y.reindex(X.index).
    """  # noqa: E501
    if y_index.equals(X_index):
        return
    head = f"{what} and X must have the same index ({what} is {meaning})"
    if len(y_index) != len(X_index):
        raise ValueError(
            f"{head}; {what} has {len(y_index)} rows and X {len(X_index)}."
        )
    differ = np.flatnonzero(np.asarray(y_index != X_index))
    short = what.rpartition("__")[2]  # a fit parameter's name, not its route
    if not len(differ):  # equal labels whose dtypes pandas tells apart
        raise ValueError(
            f"{what} and X hold the same labels, but their indexes have different "
            f"dtypes ({what}: {_dtypes(y_index)}, X: {_dtypes(X_index)}), so rows "
            f"cannot be matched by label. Give both one index, e.g. {short} = "
            f"{short}.set_axis(X.index), or convert the labels of object dtype "
            "(periods or timestamps from a list) with pd.PeriodIndex or "
            "pd.DatetimeIndex."
        )
    k = int(differ[0])
    y_label, X_label = y_index[k : k + 1].tolist()[0], X_index[k : k + 1].tolist()[0]
    reordered = X_index.is_unique and _holds_all(X_index, y_index)
    raise ValueError(
        f"{head}; they first differ at position {k}: {y_label!r} in {what} (dtype "
        f"{_dtypes(y_index)}), {X_label!r} in X (dtype {_dtypes(X_index)})."
        + (
            f" They hold the same labels in another order: align {short} with X, "
            f"e.g. {short}.reindex(X.index)."
            if reordered
            else ""
        )
    )


def _holds_all(index: pd.Index, labels: pd.Index) -> bool:
    """Whether ``index`` holds every label of ``labels`` (no: of kinds apart).

    pandas raises for some pairs of kinds (timestamps looked up among
    periods) rather than answer that none is held.
    """
    try:
        return bool(labels.isin(index).all())
    except (TypeError, ValueError):
        return False


def check_weight_rows(
    weights: object, X_index: pd.Index, what: str = "sample_weight"
) -> None:
    """Refuse pandas weights whose rows are not those of ``X``, in the same order.

    Weights are read by position, as scikit-learn reads them. Pandas weights
    carry their rows' labels, so they must be ``X``'s, as ``y``'s must:
    weights built before ``X`` was sorted would weigh other rows, in
    silence. Other array-likes are taken in ``X``'s order.

    Examples
    --------
    >>> import pandas as pd
    >>> check_weight_rows(pd.Series([1.0, 0.0], index=[1, 2]), pd.Index([1, 2]))
    >>> check_weight_rows(pd.Series([1.0, 0.0], index=[2, 1]), pd.Index([1, 2]))
    Traceback (most recent call last):
    ...
    ValueError: sample_weight and X must have the same index (sample_weight is one weight per row of X); they first differ at position 0: 2 in sample_weight (dtype int64), 1 in X (dtype int64). They hold the same labels in another order: align sample_weight with X, e.g. sample_weight.reindex(X.index).
    """  # noqa: E501
    if isinstance(weights, pd.Series | pd.DataFrame):
        check_same_rows(weights.index, X_index, what, "one weight per row of X")


def _dtypes(index: pd.Index) -> str:
    """Name the dtype of an index, or of each level of a MultiIndex."""
    if isinstance(index, pd.MultiIndex):
        return "(" + ", ".join(str(dtype) for dtype in index.dtypes) + ")"
    return str(index.dtype)


def _frame_from_array(X: object, what: str) -> pd.DataFrame:
    if scipy.sparse.issparse(X):  # np.asarray would make it a 0-d object array
        raise TypeError(
            f"{what} is a sparse matrix, but sparse input is not supported: the "
            f"windows read every row. Pass a dense array ({what}.toarray()) or a "
            "DataFrame."
        )
    values = np.asarray(X)
    if values.ndim == 1:
        raise ValueError(
            f"Expected 2D array for {what}, got 1D array instead: {what} holds one "
            "row per time step and one column per series. Reshape your data "
            "using array.reshape(-1, 1) if it is a single series, or pass a "
            "pandas Series."
        )
    if values.ndim != 2:
        raise ValueError(
            f"Found array with dim {values.ndim} for {what}, while dim 2 is "
            "required: one row per time step and one column per series. "
            "LagTransformer builds the (samples, timesteps, features) windows."
        )
    return pd.DataFrame(values, columns=[f"x{i}" for i in range(values.shape[1])])


def _check_not_empty(frame: pd.DataFrame, what: str, owner: str) -> None:
    n_samples, n_features = frame.shape
    if n_samples == 0:
        raise ValueError(
            f"Found array with 0 sample(s) (shape={frame.shape}) while a minimum "
            f"of 1 is required by {owner}: {what} is empty."
        )
    if n_features == 0:
        raise ValueError(
            f"Found array with 0 feature(s) (shape={frame.shape}) while a minimum "
            f"of 1 is required by {owner}: {what} has no columns."
        )


def _check_unique_names(columns: pd.Index, what: str) -> None:
    """Refuse column names that repeat, as given or once made strings.

    Columns are found by name (the target among them) after their names
    become strings: ``1`` and ``"1"`` would be one column, and a column
    sharing its name with another would be lost.

    Examples
    --------
    >>> import pandas as pd
    >>> _check_unique_names(pd.Index([1, "1", "b"]), "X")
    Traceback (most recent call last):
    ...
    ValueError: Expected unique column names in X, got: '1' 2 times as strings. ...
    """
    names = pd.Index([str(name) for name in columns])
    if names.is_unique:
        return
    counts = names.value_counts(sort=False)
    counts = counts[counts > 1]
    repeated = ", ".join(f"{name!r} {n} times" for name, n in counts.items())
    # names equal only once made strings (1 and "1") need saying why
    colliding = " as strings" if columns.is_unique else ""
    raise ValueError(
        f"Expected unique column names in {what}, got: {repeated}{colliding}. "
        f"Columns of {what} are found by name: rename them so that each name "
        f"is unique, e.g. {what}.columns = [...]."
    )


def _as_float_columns(frame: pd.DataFrame, what: str) -> pd.DataFrame:
    """Return ``frame`` with float64 columns: a shallow copy if they are already.

    A long panel's values are hundreds of megabytes: float64 columns are
    shared with the caller's frame, as scikit-learn's validation shares an
    array that needs no conversion (a copy of their own axes, so that
    renaming the columns leaves the caller's frame as it is).
    """
    if frame.columns.is_unique and all(
        isinstance(dtype, np.dtype) and dtype == np.float64 for dtype in frame.dtypes
    ):
        return frame.copy(deep=False)
    columns = {}
    for name, column in frame.items():
        columns[name] = _as_float_column(column, name, what)
    return pd.DataFrame(columns, index=frame.index)


def _as_float_column(column: pd.Series, name: object, what: str) -> np.ndarray:
    if pd.api.types.is_complex_dtype(column.dtype):
        # scikit-learn's error and words for it (check_array), which the
        # LagTransformer and the regressor of a pipeline raise on their own
        raise ValueError(
            f"Complex data not supported: column {name!r} of {what} has dtype "
            f"{column.dtype}. Pass the real and imaginary parts as two columns."
        )
    if pd.api.types.is_bool_dtype(column.dtype) or pd.api.types.is_numeric_dtype(
        column.dtype
    ):
        return column.to_numpy(dtype=np.float64, na_value=np.nan)
    try:
        return pd.to_numeric(column, errors="raise").to_numpy(dtype=np.float64)
    except (ValueError, TypeError):
        bad = column[pd.to_numeric(column, errors="coerce").isna() & column.notna()]
        example = bad.iloc[0] if len(bad) else column.iloc[0]
        raise TypeError(
            f"Column {name!r} of {what} has dtype {column.dtype} and holds values "
            f"that are not numbers, e.g. {example!r} at {bad.index[0]!r}: text "
            "and categorical features are not supported. Convert it with "
            "pandas.to_numeric, or encode it as numbers, before forecasting."
        ) from None


def _check_finite(frame: pd.DataFrame, what: str, owner: str, nan_tail: int) -> None:
    values = frame.to_numpy()
    infinite = np.isinf(values)
    if infinite.any():
        row, col = np.argwhere(infinite)[0]
        raise ValueError(
            f"Input {what} contains infinity at {_where(frame, row, col)}. "
            f"{owner} needs finite values: replace or drop them first."
        )
    missing = np.isnan(values)
    if nan_tail:
        missing[len(values) - nan_tail :] = False
        _check_future_rows(frame, missing, what, nan_tail)
    if missing.any():
        row, col = np.argwhere(missing)[0]
        raise ValueError(
            f"Input {what} contains NaN at {_where(frame, row, col)}. {owner} does "
            "not accept missing values encoded as NaN: fill or interpolate them "
            f"first, e.g. {_interpolation(frame, what)}."
        )


def _check_future_rows(
    frame: pd.DataFrame, missing: np.ndarray, what: str, nan_tail: int
) -> None:
    """Refuse more rows of NaN at the end than the horizon, saying so.

    ``nan_tail`` rows at the end may be NaN: the rows forecast, each from
    rows ``nan_tail`` or more before it. A run of NaN rows reaching into
    them, NaN in the same columns as the first row forecast (the target;
    known covariates may be given), is more future rows than that, not gaps
    to fill (filling them would invent the future).
    """
    end = len(missing) - nan_tail
    future = np.isnan(frame.iloc[end].to_numpy(np.float64)) if end >= 0 else None
    if end < 1 or not future.any() or not (missing[end - 1] == future).all():
        return
    other = np.flatnonzero((missing[:end] != future).any(axis=1))
    first = int(other[-1]) + 1 if other.size else 0
    raise ValueError(
        f"Input {what} has {len(missing) - first} rows of NaN at its end (from "
        f"{frame.index[first]}), but a pipeline fitted for horizon {nan_tail} "
        f"forecasts each row from rows {nan_tail} or more before it: only the "
        f"last {nan_tail} row(s) may be future rows. Pass at most {nan_tail} "
        "future row(s), or fit for a longer horizon (LagTransformer(horizon=...)); "
        "sktime's LSTMForecaster forecasts further ahead recursively."
    )


def _interpolation(frame: pd.DataFrame, what: str) -> str:
    """Code that fills the NaN of ``what``, within each series of a panel.

    ``interpolate()`` leaves a series' first rows NaN (nothing before them),
    hence ``bfill()``; of a long frame it runs across the series: a series'
    first rows would be drawn from the end of the series before.
    """
    fill = "interpolate().bfill()"
    if not isinstance(frame.index, pd.MultiIndex):
        return f"{what}.{fill} (bfill: the first rows, which interpolate leaves NaN)"
    ids = list(range(frame.index.nlevels - 1))  # the levels before time
    level = ids[0] if len(ids) == 1 else ids
    return (
        f"{what}.groupby(level={level}).transform(lambda s: s.{fill}), which "
        "stays within each series (bfill: its first rows, which interpolate "
        "leaves NaN)"
    )


def _where(frame: pd.DataFrame, row: int, col: int) -> str:
    return f"{frame.index[row]} (row {row}, column {frame.columns[col]!r})"
