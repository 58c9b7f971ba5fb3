"""Quantile forecasts from a network that predicts quantiles (quantile heads).

With ``LSTMRegressor(quantiles=...)`` as its regressor, a pipeline forecasts
quantiles itself (``ForecastPipeline.forecast_quantile_rows``), at the levels
the network was trained for (``quantile_levels_``). The sktime adapter asks
for any levels: :func:`interpolate_quantiles` answers the levels in between
linearly and refuses those outside (ADR 0023).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["interpolate_quantiles"]

#: How far a requested level may lie outside the trained ones and still be
#: read as the nearest of them (sktime derives 0.025 from 0.95 as
#: 0.025000000000000022).
LEVEL_TOLERANCE = 1e-9


def interpolate_quantiles(
    values: np.ndarray, levels: Sequence[float], alpha: Sequence[float]
) -> np.ndarray:
    """Quantiles at levels ``alpha``, linear between the trained ``levels``.

    Parameters
    ----------
    values : ndarray of shape (..., len(levels))
        Quantile forecasts at ``levels``, increasing along the last axis.
    levels : sequence of float
        The trained levels, increasing.
    alpha : sequence of float
        The levels wanted, each within ``[min(levels), max(levels)]``.

    Returns
    -------
    quantiles : ndarray of shape (..., len(alpha))
        Increasing in ``alpha`` where ``values`` increase in ``levels``.

    Raises
    ------
    ValueError
        When a level of ``alpha`` lies outside the trained ones: the network
        says nothing about the tails beyond them.

    Examples
    --------
    >>> import numpy as np
    >>> interpolate_quantiles(np.array([[1.0, 2.0, 4.0]]), [0.1, 0.5, 0.9], [0.3, 0.7])
    array([[1.5, 3. ]])
    """
    levels = np.asarray(levels, dtype=np.float64)
    alpha = np.asarray(alpha, dtype=np.float64)
    outside = (alpha < levels[0] - LEVEL_TOLERANCE) | (
        alpha > levels[-1] + LEVEL_TOLERANCE
    )
    if outside.any():
        raise ValueError(
            f"The network was trained for the quantiles {levels.tolist()}, so it "
            f"forecasts levels between {levels[0]} and {levels[-1]} only; got "
            f"{alpha[outside].tolist()}. Add the levels you need to the "
            "LSTMRegressor's quantiles (an interval of coverage c needs "
            "(1 - c) / 2 and (1 + c) / 2)."
        )
    if len(levels) == 1:
        return np.repeat(values, len(alpha), axis=-1)
    alpha = np.clip(alpha, levels[0], levels[-1])
    # the trained levels either side of each alpha, and the weight of the upper
    upper = np.clip(np.searchsorted(levels, alpha, side="right"), 1, len(levels) - 1)
    lower = upper - 1
    weight = (alpha - levels[lower]) / (levels[upper] - levels[lower])
    return values[..., lower] * (1 - weight) + values[..., upper] * weight
