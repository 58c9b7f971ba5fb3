"""sktime's ``update_predict`` loop, from a cutoff a step of the data fitted.

sktime's ``update_predict`` (``BaseForecaster._predict_moving_cutoff``) sets
the cutoff to the label before ``y``'s first row, then updates and forecasts
window by window. It steps back with the frequency of ``y``'s time labels,
which a panel's time level does not carry: every panel of timestamps failed
with pandas' "Cannot shift with no freq". :func:`cutoff_before` steps back
by the frequency fitted instead; :func:`forecasts_from_each_cutoff` runs
sktime's loop from there.
"""

from __future__ import annotations

import pandas as pd
from sktime.datatypes import VectorizedDF, convert_to, get_cutoff
from sktime.forecasting.base._base import _format_moving_cutoff_predictions
from sktime.utils.datetime import _shift

__all__ = ["cutoff_before", "forecasts_from_each_cutoff"]


def cutoff_before(y, frequency: pd.DateOffset | None) -> pd.Index:
    """Return the label one step before ``y``'s first (sktime's cutoff).

    Periods and integers step as sktime steps them; timestamps without a
    frequency (a panel's) by ``frequency``, that of the data fitted.
    """
    first = get_cutoff(y, return_index=True, reverse_order=True)
    if not isinstance(first, pd.DatetimeIndex) or first.freq is not None:
        return _shift(first, by=-1, return_index=True)
    if frequency is None:
        raise ValueError(
            "update_predict sets the cutoff one step before y's first row, but "
            "the timestamps fitted have no single frequency to step by (series "
            "at frequencies of their own). Use sktime's evaluate, which fits at "
            "each cutoff, or fit a forecaster on each series alone."
        )
    return pd.DatetimeIndex([first[0] - frequency])


def forecasts_from_each_cutoff(forecaster, y, cv, X, update_params: bool, original):
    """Update ``forecaster`` with each window of ``cv`` and forecast (sktime's loop).

    ``forecaster`` is ``original`` or its copy, its cutoff set before ``y``;
    the forecasts take the type of the ``y`` that ``original`` was given
    last, as sktime's do.
    """
    if isinstance(y, VectorizedDF):
        y = y.X
    if isinstance(X, VectorizedDF):
        X = X.X
    fh = cv.get_fh()
    forecasts, cutoffs = [], []
    for window, _ in cv.split(y):
        forecasts.append(
            forecaster.update_predict_single(
                y=y.iloc[window], fh=fh, X=X, update_params=update_params
            )
        )
        cutoffs.append(forecaster.cutoff)
    forecasts = [
        convert_to(
            forecast,
            original._y_metadata["mtype"],
            store=original._converter_store_y,
            store_behaviour="freeze",
        )
        for forecast in forecasts
    ]
    return _format_moving_cutoff_predictions(forecasts, cutoffs)
