"""Quantile forecasts from a network that predicts quantiles (quantile heads).

With ``LSTMRegressor(quantiles=...)`` as its regressor, a pipeline forecasts
quantiles itself (``ForecastPipeline.forecast_quantile_rows``), at the levels
the network was trained for (``quantile_levels_``). The sktime adapter asks
for any levels: :func:`interpolate_quantiles` answers the levels in between
linearly and refuses those outside (ADR 0023). Calibrated on a holdout, the
heads either shift one by one (conformalised quantile regression) or give the
median and the width that normalise its conformal residuals
(:func:`median_scores`, :func:`heads_width`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["check_levels", "heads_width", "interpolate_quantiles", "median_scores"]

#: How far a requested level may lie outside the trained ones and still be
#: read as the nearest of them (sktime derives 0.025 from 0.95 as
#: 0.025000000000000022).
LEVEL_TOLERANCE = 1e-9


def check_levels(levels: Sequence[float], alpha: Sequence[float]) -> None:
    """Refuse levels outside the trained ones: the heads say nothing beyond them.

    Parameters
    ----------
    levels : sequence of float
        The trained levels, increasing.
    alpha : sequence of float
        The levels asked for.

    Raises
    ------
    ValueError
        When a level of ``alpha`` lies outside ``[min(levels), max(levels)]``
        (give or take :data:`LEVEL_TOLERANCE`).

    Examples
    --------
    >>> check_levels([0.1, 0.5, 0.9], [0.05])
    Traceback (most recent call last):
    ...
    ValueError: The network was trained for the quantiles [0.1, 0.5, 0.9], so it forecasts levels between 0.1 and 0.9 only; got [0.05]. Add the levels you need to the LSTMRegressor's quantiles (an interval of coverage c needs (1 - c) / 2 and (1 + c) / 2).
    """  # noqa: E501
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
    check_levels(levels, alpha)
    if len(levels) == 1:
        return np.repeat(values, len(alpha), axis=-1)
    alpha = np.clip(alpha, levels[0], levels[-1])
    # the trained levels either side of each alpha, and the weight of the upper
    upper = np.clip(np.searchsorted(levels, alpha, side="right"), 1, len(levels) - 1)
    lower = upper - 1
    weight = (alpha - levels[lower]) / (levels[upper] - levels[lower])
    return values[..., lower] * (1 - weight) + values[..., upper] * weight


def median_scores(residuals: np.ndarray, levels: Sequence[float]) -> np.ndarray:
    """Conformity scores of the median head: its residual over the heads' width.

    For residuals ``(y - q) / s`` of the heads ``q`` over a scale ``s`` (the
    series' scale), the score is ``(y - q_0.5) / sqrt(s (q_max - q_min))``:
    the median's residual over :func:`heads_width`, so that the conformal
    quantiles of the scores, times each forecast's width, give intervals as
    wide as the network's uncertainty about that forecast and the series'
    own volatility say together.

    Parameters
    ----------
    residuals : ndarray of shape (..., len(levels))
        ``(y - q) / s`` of each head, levels along the last axis.
    levels : sequence of float
        The trained levels, increasing, spanning 0.5.

    Returns
    -------
    scores : ndarray of shape residuals.shape[:-1]

    Examples
    --------
    >>> import numpy as np
    >>> # y = 10, heads 6 / 9 / 14 at 0.1 / 0.5 / 0.9, scale 2
    >>> residuals = (10 - np.array([6.0, 9.0, 14.0])) / 2
    >>> float(median_scores(residuals, [0.1, 0.5, 0.9]))  # 1 / sqrt(2 x 8)
    0.25
    """
    median = interpolate_quantiles(residuals, levels, [0.5])[..., 0]
    # (q - y) / s increases with the level like q: the heads in units of s,
    # whose width at scale 1 is sqrt((q_max - q_min) / s)
    return median / heads_width(-residuals, np.ones_like(median))


def heads_width(quantiles: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Geometric mean of a scale and the outermost heads' distance.

    The normaliser of :func:`median_scores` at forecast time. Where the heads
    do not spread (one level, or crossing heads), the scale alone.

    Parameters
    ----------
    quantiles : ndarray of shape (..., n_levels)
        The heads' forecasts, levels increasing along the last axis.
    scale : ndarray of shape quantiles.shape[:-1]
        The series' scale at each forecast.

    Returns
    -------
    width : ndarray of shape quantiles.shape[:-1]

    Examples
    --------
    >>> import numpy as np
    >>> float(heads_width(np.array([6.0, 9.0, 14.0]), np.array(2.0)))
    4.0
    """
    spread = quantiles[..., -1] - quantiles[..., 0]
    return np.sqrt(scale * np.where(spread > 0, spread, scale))
