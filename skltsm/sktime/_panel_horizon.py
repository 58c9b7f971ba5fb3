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
from skltsm._series._panel import PanelIndex
from skltsm._series._time_index import Step, steps_between

__all__ = ["steps_from_each_end", "index_from_each_end"]


def steps_from_each_end(
    panel: PanelIndex, fh: ForecastingHorizon, cutoff: pd.Index, step: Step
) -> np.ndarray:
    """Return the steps of ``fh`` from each series' own last observation.

    Parameters
    ----------
    panel : PanelIndex
        The series, with their last labels (``panel.ends``).
    fh : ForecastingHorizon
        Relative: the same steps for every series. Absolute: the same times,
        so a series that ends before the panel's cutoff is further from them.
    cutoff : pandas.Index
        The panel's cutoff (its latest label), as sktime sets it.
    step : int, pandas.DateOffset or pandas.Timedelta
        Step between consecutive labels.

    Returns
    -------
    steps : ndarray of int, shape (n_series, len(fh))
        Steps ahead of each series' end; ``<= 0`` are observed times.

    Examples
    --------
    >>> import pandas as pd
    >>> from skltsm._series._panel import panel_index
    >>> index = pd.MultiIndex.from_tuples([("a", 0), ("a", 1), ("b", 0)])
    >>> fh = ForecastingHorizon([1, 2])
    >>> steps_from_each_end(panel_index(index), fh, pd.Index([1]), 1).tolist()
    [[1, 2], [1, 2]]
    >>> absolute = ForecastingHorizon([2, 3], is_relative=False)
    >>> steps_from_each_end(panel_index(index), absolute, pd.Index([1]), 1).tolist()
    [[1, 2], [2, 3]]
    """
    steps = np.asarray(fh.to_relative(cutoff).to_numpy(), dtype=np.int64)
    if fh.is_relative:
        return np.broadcast_to(steps, (len(panel.ids), len(steps))).copy()
    behind = np.array([steps_between(end, cutoff[0], step) for end in panel.ends])
    return steps[None, :] + behind[:, None]


def index_from_each_end(
    panel: PanelIndex, fh: ForecastingHorizon, cutoff: pd.Index, step: Step, names
) -> pd.MultiIndex:
    """Index a panel forecast by (series..., time), series by series.

    A relative ``fh`` labels each series' forecasts from its own end; an
    absolute one gives every series the same labels.

    Examples
    --------
    >>> import pandas as pd
    >>> from skltsm._series._panel import panel_index
    >>> index = pd.MultiIndex.from_tuples([("a", 0), ("a", 1), ("b", 0)])
    >>> fh = ForecastingHorizon([1])
    >>> index_from_each_end(panel_index(index), fh, pd.Index([1]), 1, ["s", "t"])
    MultiIndex([('a', 2),
                ('b', 1)],
               names=['s', 't'])
    """
    if not fh.is_relative:
        return panel_forecast_index(panel.ids, fh.to_absolute_index(cutoff), names)
    steps = np.asarray(fh.to_relative(cutoff).to_numpy(), dtype=np.int64)
    keys = [key if isinstance(key, tuple) else (key,) for key in panel.ids]
    tuples = [
        (*key, end + step * int(ahead))
        for key, end in zip(keys, panel.ends, strict=True)
        for ahead in steps
    ]
    return pd.MultiIndex.from_tuples(tuples, names=names)
