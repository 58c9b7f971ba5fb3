"""Training windows lost to NaN that the pipeline's own steps made.

``fit`` refuses NaN and infinity in ``X``, so every window a series is long
enough for should train the regressor. A step can still make NaN inside the
series: a log of a negative value, 0 / 0, a covariate's rolling mean (a
step that makes infinity, a log of 0 say, is refused with its row instead).
The windows that read such a row, or whose targets are such rows, are left
out of training; :func:`warn_lost_windows` says how many, and where, so that
it does not happen silently. It compares the windows kept with those the
contract's ``warmup`` promises, a count per series, and does nothing more
when none is missing: the search for where they were lost runs only then.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from skltsm._forecast._contract import ForecastContract
from skltsm._series._panel import Stacking, chunks, shown_ids
from skltsm._warn import warn
from skltsm.exceptions import LostWindowsWarning

__all__ = ["STEPS_ADVICE", "warn_lost_windows"]

#: What to do when a step makes values no window can read (the warning here,
#: and the pipeline's errors when every window is lost or a step makes inf).
STEPS_ADVICE = "Check what the steps before the LagTransformer do to every column of X."


def warn_lost_windows(
    kept: np.ndarray,
    contract: ForecastContract,
    index: pd.Index,
    stacking: Stacking | None = None,
) -> None:
    """Warn when fewer training windows are kept than the series give.

    Parameters
    ----------
    kept : ndarray of int
        Rows (of the training frame, stacked for a panel) whose window and
        targets are complete.
    contract : ForecastContract
        Its ``warmup`` and ``n_steps`` say which rows have a window.
    index : pandas.Index
        Time labels of a single series' rows (unused for a panel).
    stacking : Stacking or None
        Where a panel's series lie in the training frame.

    Warns
    -----
    LostWindowsWarning
        If some rows with enough history lost their window or targets.

    Examples
    --------
    >>> import warnings
    >>> contract = ForecastContract(
    ...     columns=("y",), targets=(0,), target_names=("y",),
    ...     horizon=1, warmup=2, n_steps=1,
    ... )
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_lost_windows(np.array([2, 4]), contract, pd.RangeIndex(5))
    >>> print(caught[0].message)  # doctest: +ELLIPSIS
    1 of 3 training windows were left out: they read NaN or infinity ...
    """
    first, last = contract.warmup, contract.n_steps - 1  # rows with a window
    if stacking is None:
        expected = max(len(index) - first - last, 0)
        if len(kept) < expected:
            lost = np.setdiff1d(np.arange(first, len(index) - last), kept)
            where = f"The first is the forecast of {index[lost[0]]!r}"
            _warn(expected - len(kept), expected, where)
        return
    lengths = stacking.panel.lengths[stacking.series]
    expected = np.maximum(lengths - first - last, 0)
    if len(kept) < expected.sum():
        found = np.zeros(len(expected), dtype=np.int64)
        for part in chunks(len(kept)):  # the series of each row, a block at a time
            at = np.searchsorted(stacking.first, kept[part], side="right") - 1
            found += np.bincount(at, minlength=len(expected))
        short = stacking.panel.ids[stacking.series[found < expected]]
        where = f"They are in {len(short)} series: {shown_ids(short)}"
        _warn(int(expected.sum() - len(kept)), int(expected.sum()), where)


def _warn(n_lost: int, n_expected: int, where: str) -> None:
    warn(
        f"{n_lost} of {n_expected} training windows were left out: they read "
        "NaN or infinity that a step of the pipeline made (a log of negative "
        f"values, say), in their inputs or targets. {where}. {STEPS_ADVICE}",
        LostWindowsWarning,
    )
