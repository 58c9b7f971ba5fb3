"""The residuals' scales (each series' of a panel, the one-series ``local_scale``)
and the conformal quantiles of few residuals."""

import warnings

import numpy as np
import pandas as pd
import pytest

from skltsm._forecast._calibrated_quantiles import HoldoutResiduals
from skltsm._forecast._intervals import (
    conformal_quantiles,
    local_scale,
    pooled_advice,
    series_scales,
)
from skltsm.exceptions import CalibrationWarning


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


def test_one_residual_is_refused_and_two_are_clipped_with_a_warning():
    one = np.array([[1.4]])
    with pytest.raises(ValueError, match=r"Only 1 .* at step 2.* at least 9"):
        conformal_quantiles(one, [0.1, 0.9], step=2)
    assert conformal_quantiles(one, [0.5])[0, 0] == 1.4  # its median: no clipping
    two = np.array([[-1.0], [2.0]])
    with pytest.warns(CalibrationWarning, match=r"need 9 residuals, more than the 2"):
        q = conformal_quantiles(two, [0.1, 0.9])[:, 0]
    np.testing.assert_array_equal(q, [-1.0, 2.0])


@pytest.mark.parametrize("heads", [False, True])
def test_a_panels_pooled_residuals_are_advised_more_series_not_a_larger_holdout(
    heads,
):
    """Under global pooling a step has one residual per series (one cut each)."""
    advice = pooled_advice(heads)
    with pytest.raises(ValueError, match=r"Only 1 .* at step 2") as refused:
        conformal_quantiles(np.array([[1.4]]), [0.1, 0.9], step=2, advice=advice)
    with pytest.warns(CalibrationWarning, match=r"more than the 3 there are") as warned:
        conformal_quantiles(np.array([[-1.0], [0.5], [2.0]]), [0.1, 0.9], advice=advice)
    for message in (str(refused.value), str(warned[0].message)):
        assert "larger calibration_size" not in message
        assert "longer series" not in message
        assert "one residual per series" in message and "N series give N" in message
        assert "add series long enough for the cut" in message
        assert "pooling='local'" in message and "calibration_folds >= 1" in message
        # heads: used as they are; none: trained (with a direct strategy)
        assert ("quantile heads as they are" in message) == heads
        assert ("LSTMRegressor(quantiles=" in message) != heads
    # one series' holdout: the advice as before
    with pytest.raises(ValueError, match=r"larger calibration_size \(with") as one:
        conformal_quantiles(np.array([[1.4]]), [0.1, 0.9], step=2)
    assert "pooling" not in str(one.value)


def test_few_residuals_at_every_step_give_one_warning_naming_the_steps():
    # as the default's early-stopping tail: fewer residuals at each later step
    residuals = {k: np.arange(float(12 - k)).reshape(-1, 1) for k in (1, 2, 3)}
    calibrated = HoldoutResiduals(residuals, None, None, "median", 0.2, 0)
    steps = np.array([1, 2, 3])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        calibrated.point_quantiles(np.zeros((3, 1)), steps, np.ones((3, 1)), [0.975])
    assert [w.category for w in caught] == [CalibrationWarning]
    message = str(caught[0].message)
    assert (
        "quantiles [0.975] need 39 residuals, more than steps [1, 2, 3] have "
        "(11, 10, 9)"
    ) in message
    # calibration_size alone does nothing for a default without folds
    assert "larger calibration_size (with calibration_folds >= 1)" in message
    assert "pooling" not in message  # one series' holdout, not a panel's


def test_one_near_zero_change_does_not_blow_up_the_local_scale():
    values = np.array([100.25, 100.24, 102.28, 101.71, 103.0])[:, None]
    typical = np.abs(np.diff(values[:, 0])).mean()
    scale = local_scale(values, np.arange(1, 5), window=12, floor=0.1)[:, 0]
    assert scale[0] == pytest.approx(0.1 * typical)  # not 0.01
    unfloored = local_scale(values, np.arange(1, 5), window=12)[:, 0]
    assert unfloored[0] == pytest.approx(0.01)
    # beyond the first changes, the local mean as before
    np.testing.assert_allclose(scale[1:], [1.025, 0.873333, 0.9775], rtol=1e-5)


def _clip_an_extreme_level():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalibrationWarning)
        conformal_quantiles(np.array([[-1.0], [2.0]]), [5e-10])


def test_the_warning_of_an_extreme_coverage_comes_at_once():
    """predict_interval(coverage=1 - 1e-9) spent minutes counting 1, 2, 3, ...

    ``residuals_needed`` found the residuals a level needs by trying every
    count in turn (2e9 for a tail of 5e-10), for the warning's figure; a
    closed form is instant. Run in a forked process, stopped after 5 s.
    """
    import multiprocessing

    worker = multiprocessing.get_context("fork").Process(target=_clip_an_extreme_level)
    worker.start()
    worker.join(timeout=5.0)
    slow = worker.is_alive()
    if slow:
        worker.terminate()
        worker.join()
    assert not slow, "conformal_quantiles took over 5 s to warn of one level"
    assert worker.exitcode == 0
