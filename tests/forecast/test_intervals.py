"""Each series' scale of a panel, against the one-series ``local_scale``."""

import numpy as np
import pandas as pd
import pytest

from skltsm._forecast._intervals import local_scale, series_scales


def _one_series_at_a_time(y, from_end, lag):
    scales = []
    for _, series in y.groupby(level=0, sort=False):
        values = series.to_numpy(np.float64)
        origin = np.array([len(values) - 1 - from_end])
        scales.append(local_scale(values, origin, len(values), lag)[0])
    return np.asarray(scales)


@pytest.mark.parametrize("from_end", [0, 1, 5, 40])
@pytest.mark.parametrize("lag", [1, 2, 12])
def test_each_series_scale_is_its_own_local_scale(from_end, lag):
    """Lengths from 1 to 30, levels from 1e-3 to 1e6 side by side, flat runs."""
    rng = np.random.default_rng(lag * 100 + from_end)
    lengths = rng.integers(1, 30, size=12)
    index = pd.MultiIndex.from_tuples(
        [(f"s{k:02d}", t) for k, n in enumerate(lengths) for t in range(n)]
    )
    levels = 10.0 ** np.repeat(rng.integers(-3, 7, size=len(lengths)), lengths)
    values = rng.normal(size=(len(index), 2)) * levels[:, None]
    values[rng.random(len(index)) < 0.2] = 5.0
    y = pd.DataFrame(values, index=index)
    expected = _one_series_at_a_time(y, from_end, lag)
    np.testing.assert_allclose(series_scales(y, from_end, lag), expected, rtol=1e-12)


def test_a_small_series_keeps_its_digits_beside_a_large_one():
    """Summed series by series: a panel-wide running sum would lose them."""
    index = pd.MultiIndex.from_product([["large", "small"], range(1000)])
    rng = np.random.default_rng(0)
    large = rng.normal(size=1000).cumsum() * 1e9
    small = rng.normal(size=1000).cumsum() * 1e-3
    y = pd.DataFrame({"y": np.concatenate([large, small])}, index=index)
    expected = np.abs(np.diff(small)).mean()
    assert series_scales(y, 0)[1, 0] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("bad", [np.inf, np.nan])
def test_a_non_finite_value_stays_in_its_series(bad):
    index = pd.MultiIndex.from_product([["a", "b"], range(6)])
    values = np.array([1, 2, 3, 4, 5, bad, 1, 2, 4, 8, 16, 32.0])
    scales = series_scales(pd.DataFrame({"y": values}, index=index), 0)
    assert scales[1, 0] == pytest.approx(31 / 5)  # b: |1|, |2|, |4|, |8|, |16|
