"""A forecasting horizon on a panel whose series end at different times.

sktime's loop over series counts a relative ``fh`` from each series' own last
observation, and names the same times for every series when ``fh`` is
absolute. The forecasters that handle a whole panel at once
(:class:`~skltsm.sktime.LSTMForecaster`,
:class:`~skltsm.sktime.StatsForecastARIMA`) keep that meaning with these two
functions: each series' steps, and the index of the forecast.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sktime.forecasting.base import ForecastingHorizon

from skltsm._forecast._covariates import panel_forecast_index
from skltsm._series._panel import index_after_ends
from skltsm._series._time_index import Step, index_kind, known_step, steps_apart

__all__ = ["check_labels_of_kind", "steps_from_each_end", "index_from_each_end"]


def steps_from_each_end(
    ends: pd.Index, fh: ForecastingHorizon, cutoff: pd.Index, step: Step
) -> np.ndarray:
    """Return the steps of ``fh`` from each series' own last observation.

    Parameters
    ----------
    ends : pandas.Index
        The last label of each series.
    fh : ForecastingHorizon
        Relative: the same steps for every series. Absolute: the same times,
        so a series that ends before the panel's cutoff is further from them.
    cutoff : pandas.Index
        The panel's cutoff (its latest label), as sktime sets it.
    step : int, pandas.DateOffset or pandas.Timedelta
        Step between consecutive labels. On an integer time index sktime
        counts ``fh`` in label units whatever the series' step (``fh=1`` of
        a series ending at 118 is label 119), and so do the labels of the
        forecast; the steps returned are rows, so on a series of step 2
        ``fh=2`` is one step and ``fh=1`` lies between two rows.

    Returns
    -------
    steps : ndarray of int, shape (n_series, len(fh))
        Steps (rows) ahead of each series' end; ``<= 0`` are observed times.

    Raises
    ------
    ValueError
        If a label of ``fh`` falls between the series' labels.

    Examples
    --------
    >>> import pandas as pd
    >>> ends = pd.Index([1, 0])
    >>> steps_from_each_end(ends, ForecastingHorizon([1, 2]), pd.Index([1]), 1).tolist()
    [[1, 2], [1, 2]]
    >>> absolute = ForecastingHorizon([2, 3], is_relative=False)
    >>> steps_from_each_end(ends, absolute, pd.Index([1]), 1).tolist()
    [[1, 2], [2, 3]]
    """
    if fh.is_relative:
        steps = _rows_of_label_units(np.asarray(fh.to_numpy(), np.int64), ends, step)
        return np.broadcast_to(steps, (len(ends), len(steps))).copy()
    check_labels_of_kind(fh.to_pandas(), ends)  # before sktime reads them
    # counted here, not by fh.to_relative, which needs a frequency on the labels
    return steps_apart(ends, fh.to_absolute_index(cutoff), step)


def _rows_of_label_units(steps: np.ndarray, ends: pd.Index, step: Step) -> np.ndarray:
    """Relative ``fh`` on an integer index (label units) as rows of ``step``."""
    if not pd.api.types.is_integer_dtype(ends.dtype) or int(step or 1) == 1:
        return steps
    between = steps[steps % step != 0]
    if between.size:
        raise ValueError(
            f"On an integer time index sktime counts fh in label units, and the "
            f"labels of y step by {step}: fh={between.tolist()} falls between "
            f"them (a forecast is made for a row, not between two). Ask for "
            f"multiples of {step}, e.g. fh=[{step}, {2 * step}, {3 * step}], or "
            f"index y by row numbers (RangeIndex)."
        )
    return steps // step


def check_labels_of_kind(labels: pd.Index, ends: pd.Index) -> None:
    """Refuse absolute labels of ``fh`` of another kind than ``y``'s time index.

    Steps between a period and a timestamp, or periods of two frequencies,
    have no meaning: counted as numbers, they are the difference of
    ordinals and nanoseconds, billions of steps that a forecast would then
    try to walk.

    Raises
    ------
    TypeError
        If the labels are not of the kind of ``ends`` (``index_kind``).

    Examples
    --------
    >>> import pandas as pd
    >>> months = pd.period_range("2000-01", periods=2, freq="M")
    >>> check_labels_of_kind(pd.DatetimeIndex(["2000-03-31"]), months)
    Traceback (most recent call last):
    ...
    TypeError: fh holds absolute labels of kind datetime, but y is indexed by period[M] labels: the steps between them cannot be counted. Pass fh as a PeriodIndex of freq M, e.g. pd.period_range('2000-03', periods=2, freq='M'), or relative steps (fh=[1, 2, 3]).
    """  # noqa: E501
    kind, wanted = index_kind(labels), index_kind(ends)
    if kind == wanted:
        return
    raise TypeError(
        f"fh holds absolute labels of kind {kind}, but y is indexed by {wanted} "
        f"labels: the steps between them cannot be counted. Pass fh as "
        f"{_labels_like(ends)}, or relative steps (fh=[1, 2, 3])."
    )


def _labels_like(ends: pd.Index) -> str:
    """Say what absolute labels of the kind of ``ends`` are, with an example."""
    if isinstance(ends, pd.PeriodIndex):
        start = ends.max() + 1
        return (
            f"a PeriodIndex of freq {ends.freqstr}, e.g. pd.period_range("
            f"'{start}', periods=2, freq='{ends.freqstr}')"
        )
    if isinstance(ends, pd.DatetimeIndex):
        return "a DatetimeIndex of y's time zone and step"
    return "integer labels"


def index_from_each_end(
    ids: pd.Index,
    ends: pd.Index,
    fh: ForecastingHorizon,
    cutoff: pd.Index,
    step: Step,
    names,
) -> pd.MultiIndex:
    """Index a panel forecast by (series..., time), series by series.

    A relative ``fh`` labels each series' forecasts from its own end (in
    label units on an integer time index, as sktime does); an absolute one
    gives every series the same labels.

    Examples
    --------
    >>> import pandas as pd
    >>> ids, ends, fh = pd.Index(["a", "b"]), pd.Index([1, 0]), ForecastingHorizon([1])
    >>> index_from_each_end(ids, ends, fh, pd.Index([1]), 1, ["s", "t"])
    MultiIndex([('a', 2),
                ('b', 1)],
               names=['s', 't'])
    """
    if not fh.is_relative:
        return panel_forecast_index(ids, fh.to_absolute_index(cutoff), names)
    return index_after_ends(ids, ends, _unit(ends, step), fh.to_numpy(), names)


def _unit(ends: pd.Index, step: Step | None) -> Step:
    """Return one step of ``fh``: 1 on an integer or period index, else the step."""
    if pd.api.types.is_integer_dtype(ends.dtype) or isinstance(ends, pd.PeriodIndex):
        return 1
    return known_step(step)
