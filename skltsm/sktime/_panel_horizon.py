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
from skltsm._series._time_index import Step, steps_between

__all__ = ["steps_from_each_end", "index_from_each_end"]


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
        Step between consecutive labels. An integer time index counts an
        absolute label in steps of it (label 120 is one step after 118 for a
        step of 2), as the labels of a relative ``fh`` are made.

    Returns
    -------
    steps : ndarray of int, shape (n_series, len(fh))
        Steps ahead of each series' end; ``<= 0`` are observed times.

    Raises
    ------
    ValueError
        If an absolute integer label is not on the series' grid.

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
    steps = _steps_from_cutoff(fh, cutoff, step)
    if fh.is_relative:
        return np.broadcast_to(steps, (len(ends), len(steps))).copy()
    behind = np.array([steps_between(end, cutoff[0], step) for end in ends])
    return steps[None, :] + behind[:, None]


def _steps_from_cutoff(fh: ForecastingHorizon, cutoff: pd.Index, step) -> np.ndarray:
    """Count the steps of ``fh`` from the cutoff (sktime counts integer labels)."""
    relative = np.asarray(fh.to_relative(cutoff).to_numpy(), dtype=np.int64)
    if fh.is_relative or not isinstance(step, (int, np.integer)) or step == 1:
        return relative
    off_grid = relative % step != 0
    if off_grid.any():
        label = fh.to_absolute_index(cutoff)[int(np.flatnonzero(off_grid)[0])]
        raise ValueError(
            f"The forecasting horizon's label {label} is not on the series' grid "
            f"(every {step} from the cutoff {cutoff[0]}). Ask for labels on it, or "
            "for relative steps."
        )
    return relative // step


def index_from_each_end(
    ids: pd.Index,
    ends: pd.Index,
    fh: ForecastingHorizon,
    cutoff: pd.Index,
    step: Step,
    names,
) -> pd.MultiIndex:
    """Index a panel forecast by (series..., time), series by series.

    A relative ``fh`` labels each series' forecasts from its own end, a step
    of the index at a time; an absolute one gives every series the same
    labels.

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
    steps = np.asarray(fh.to_relative(cutoff).to_numpy(), dtype=np.int64)
    keys = [key if isinstance(key, tuple) else (key,) for key in ids]
    tuples = [
        (*key, end + step * int(ahead))
        for key, end in zip(keys, ends, strict=True)
        for ahead in steps
    ]
    return pd.MultiIndex.from_tuples(tuples, names=names)
