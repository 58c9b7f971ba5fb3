"""Series a shared network sees as a sliver of its targets' range.

One network trained on a panel learns targets in the units its pipeline
gives them. A step fitted on the rows of every series (one ``MinMaxScaler``)
keeps the series' levels apart: series at level 1 beside series at level
10,000 span 1/10,000 of the scaled range, and the network's error, about
even across that range, is then many times their whole signal (the README's
many-series panel forecast the level-1 series below zero). Nothing fails,
so :func:`warn_thin_series` names such series at ``fit``, with the remedies:
each window on its own scale (``LSTMRegressor(window_scaling=...)``), or a
log and differencing, which put every series' changes on one relative scale.

Only a network without ``window_scaling`` is checked: a window scaling puts
every window on its own scale, and a model such as least squares is exact
at any scale.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from skltsm._series._panel import Stacking, chunks, shown_ids
from skltsm._warn import warn
from skltsm.exceptions import ThinSeriesWarning

__all__ = ["THIN_RATIO", "thin_series", "warn_thin_series"]

#: A series whose targets span less than 1/THIN_RATIO of the panel's range is
#: thin: the network's error at 1 % of the range is then 20 % of its signal.
THIN_RATIO = 20.0


def thin_series(
    targets: np.ndarray,
    codes_of: Callable[[slice], np.ndarray],
    n_series: int,
    ratio: float = THIN_RATIO,
) -> np.ndarray:
    """Return the series whose targets span less than 1/``ratio`` of all of them.

    Parameters
    ----------
    targets : ndarray of shape (n_windows, ...)
        What the network trains on, one entry per window.
    codes_of : callable
        ``codes_of(part)``, the series (0 .. ``n_series - 1``) of the windows
        of a slice ``part``: read a block at a time, never for every window
        at once (25 million windows of 100,000 series).
    n_series : int
        Series in the panel.
    ratio : float, default=THIN_RATIO
        How much narrower than the panel's range a series' range is thin.

    Returns
    -------
    thin : ndarray of bool of shape (n_series,)
        Series with windows whose range is not 0 (a constant series has its
        own warning) and less than the panel's over ``ratio``.

    Examples
    --------
    >>> targets = np.array([0.0, 0.01, 5.0, 10.0, 3.0, 7.0])
    >>> codes = np.array([0, 0, 1, 1, 2, 2])
    >>> thin_series(targets, lambda part: codes[part], 4).tolist()
    [True, False, False, False]
    """
    low, high = np.full(n_series, np.inf), np.full(n_series, -np.inf)
    flat = targets.reshape(len(targets), -1)
    for part in chunks(len(flat)):
        codes = codes_of(part)
        # fmin/fmax skip NaN (targets a step made NaN)
        np.fmin.at(low, codes, np.nanmin(flat[part], axis=1, initial=np.inf))
        np.fmax.at(high, codes, np.nanmax(flat[part], axis=1, initial=-np.inf))
    seen = np.isfinite(low)
    if not seen.any():
        return np.zeros(n_series, dtype=bool)
    spread = np.where(seen, high - low, 0.0)
    whole = high[seen].max() - low[seen].min()
    return seen & (spread > 0) & (spread * ratio < whole)


def warn_thin_series(
    regressor, targets: np.ndarray, rows: np.ndarray, stacking: Stacking
) -> None:
    """Warn of the series a network without window scaling sees as a sliver.

    Parameters
    ----------
    regressor : estimator
        The pipeline's last step; checked only when it has a
        ``window_scaling`` parameter set to ``None`` (skltsm's networks).
    targets : ndarray of shape (n_windows, n_steps, n_targets)
        The training targets, in the units the regressor trains on.
    rows : ndarray of int
        Each window's row in the stacked frame (:class:`Stacking`).
    stacking : Stacking
        Where the panel's series lie in that frame.
    """
    if getattr(regressor, "window_scaling", "no such parameter") is not None:
        return
    panel = stacking.panel

    def codes_of(part: slice) -> np.ndarray:
        return panel.codes[stacking.source_rows(rows[part])]

    thin = thin_series(targets, codes_of, len(panel.ids))
    if thin.any():
        warn(_message(panel.ids[thin], len(panel.ids)), ThinSeriesWarning)


def _message(ids: pd.Index, n_series: int) -> str:
    """Say which series are thin and what to do.

    Examples
    --------
    >>> _message(pd.Index(["a"]), 3)[:60]
    '1 of 3 series span less than 1/20 of the range of the target'
    """
    return (
        f"{len(ids)} of {n_series} series span less than 1/{THIN_RATIO:g} of the "
        f"range of the targets the shared network trains on: {shown_ids(ids)}. "
        "The pipeline keeps the series' levels apart (so does a MinMaxScaler "
        "fitted on every series), and the network's error may exceed their "
        "whole signal. "
        "Put each window on its own scale (LSTMRegressor(window_scaling="
        "'standard'), 'mean' or 'log_mean' for positive series), or take logs "
        "and differences first, which put the series' changes on one scale."
    )
