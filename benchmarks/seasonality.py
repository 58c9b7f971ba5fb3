"""Classical multiplicative seasonal indices, as the M4 benchmarks compute them.

A series is called seasonal when its autocorrelation at the seasonal lag
exceeds the 90 % limit ``1.645 * sqrt((1 + 2 * sum(acf[1:m] ** 2)) / n)``
(the test of the M4 competition's Theta and Naive2 benchmarks). Its indices
are the mean, per position in the season, of the series divided by its
centred moving average, normalised to average 1.
"""

from __future__ import annotations

import numpy as np

__all__ = ["is_seasonal", "seasonal_indices", "seasonal_factors"]


def autocorrelation(x: np.ndarray, max_lag: int) -> np.ndarray:
    """Sample autocorrelations at lags 1 to ``max_lag``."""
    centred = x - x.mean()
    denominator = np.sum(centred**2)
    if denominator == 0:
        return np.zeros(max_lag)
    return np.array(
        [
            np.sum(centred[k:] * centred[:-k]) / denominator
            for k in range(1, max_lag + 1)
        ]
    )


def is_seasonal(x: np.ndarray, m: int = 12) -> bool:
    """Test seasonality at lag ``m`` as the M4 benchmarks do (90 % limit).

    Examples
    --------
    >>> months = np.arange(48)
    >>> is_seasonal(10 + np.sin(months * np.pi / 6))
    True
    >>> is_seasonal(np.random.default_rng(0).normal(size=48))
    False
    """
    x = np.asarray(x, dtype=np.float64)
    if len(x) < 3 * m:
        return False
    acf = autocorrelation(x, m)
    limit = 1.645 * np.sqrt((1 + 2 * np.sum(acf[: m - 1] ** 2)) / len(x))
    return bool(abs(acf[m - 1]) > limit)


def seasonal_indices(x: np.ndarray, m: int = 12) -> np.ndarray:
    """Multiplicative index of each position ``t % m`` of the series.

    Parameters
    ----------
    x : ndarray of shape (n,)
        In-sample values.
    m : int, default=12
        Season length.

    Returns
    -------
    indices : ndarray of shape (m,)
        Averaging 1; all ones when the series is not seasonal or not
        strictly positive.
    """
    x = np.asarray(x, dtype=np.float64)
    if np.any(x <= 0) or not is_seasonal(x, m):
        return np.ones(m)
    weights = np.r_[0.5, np.ones(m - 1), 0.5] / m  # centred 2x12 moving average
    trend = np.convolve(x, weights, mode="valid")
    offset = m // 2
    ratios = x[offset : offset + len(trend)] / trend
    positions = np.arange(offset, offset + len(trend)) % m
    indices = np.array([ratios[positions == k].mean() for k in range(m)])
    return indices / indices.mean()


def seasonal_factors(indices: np.ndarray, start: int, length: int) -> np.ndarray:
    """Return the indices of positions ``start`` to ``start + length - 1``.

    Examples
    --------
    >>> seasonal_factors(np.array([0.5, 1.5]), start=3, length=3)
    array([1.5, 0.5, 1.5])
    """
    return indices[np.arange(start, start + length) % len(indices)]
