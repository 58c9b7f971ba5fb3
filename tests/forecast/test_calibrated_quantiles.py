"""``skltsm._forecast._calibrated_quantiles``: the step and scale of each forecast row.

Straight lines change by their slope at every step, so that every scale (the
mean absolute change before an origin, or a series' seasonal naive error) is
the slope's size, and a row's scale says whose it is.
"""

import warnings

import numpy as np
import pandas as pd
import pytest

from skltsm._forecast._calibrated_quantiles import HoldoutResiduals, forecast_scales
from skltsm.exceptions import CalibrationWarning


def line(n=12, slope=2.0, end="2001-12"):
    index = pd.period_range(end=end, periods=n, freq="M")
    return pd.DataFrame({"y": 5.0 + slope * np.arange(n)}, index=index)


def test_one_series_rows_take_step_one_in_sample_and_the_scale_at_their_origin():
    y = pd.DataFrame({"y": [0.0, 1.0, 3.0, 6.0]})  # changes 1, 2, 3

    row_steps, scales = forecast_scales(y, np.array([-2, -1, 0, 1, 3]), 2, sp=1)

    assert row_steps.tolist() == [1, 1, 1, 1, 3]
    # origins -3, -2, -1, 0, 0: the mean change over the two changes before each
    # (one at the first; no scale below a tenth of the mean change, 0.2)
    np.testing.assert_allclose(scales[:, 0], [0.2, 1.0, 1.5, 2.5, 2.5])


def test_one_series_without_a_scale_window_has_unit_scales():
    row_steps, scales = forecast_scales(line(), np.array([0, 1, 2]), None, sp=1)

    assert row_steps.tolist() == [1, 1, 2]
    np.testing.assert_array_equal(scales, np.ones((3, 1)))


@pytest.mark.parametrize("scale_window", [12, None])
def test_a_panels_rows_are_series_after_series_each_at_its_own_scale(scale_window):
    y = pd.concat(
        {"a": line(slope=2.0), "b": line(8, slope=-0.5, end="2001-10")},
        names=["id", "time"],
    )
    own_steps = np.array([[0, 1, 2], [2, 3, 4]])  # b ends two steps earlier

    row_steps, scales = forecast_scales(y, own_steps, scale_window, sp=1)

    assert row_steps.tolist() == [1, 1, 2, 2, 3, 4]
    expected = [2.0] * 3 + [0.5] * 3 if scale_window else [1.0] * 6
    np.testing.assert_allclose(scales[:, 0], expected)


def residuals(n):
    """``n`` signed residuals spread evenly over -1 .. 1 (one is 0), one target."""
    return np.linspace(-1.0, 1.0, n).reshape(-1, 1) if n > 1 else np.zeros((1, 1))


def holdout(counts):
    return HoldoutResiduals(
        {step: residuals(n) for step, n in counts.items()},
        None, None, "median", 0.4, 0,
    )  # fmt: skip


def test_levels_with_enough_residuals_stay_conformal_and_thin_ones_take_the_farther():
    calibration = holdout({1: 20, 2: 5})
    point, steps = np.zeros((2, 1)), np.array([1, 2])
    scales, alpha = np.ones((2, 1)), [0.1, 0.5, 0.9]
    # step 2: the lower partner is beyond the extreme residual (-1), the upper
    # one short of it (1): the farther differs from each alone
    partner = np.array([[[-3.0, 0.0, 3.0]], [[-2.0, 0.0, 0.5]]])
    conformal = calibration.point_quantiles(point, steps, scales, alpha)

    with pytest.warns(CalibrationWarning, match=r"step 2 has \(5\).*Theta"):
        quantiles = calibration.point_quantiles_beside(
            point, steps, scales, alpha, partner, "the Theta method"
        )

    # step 1: 20 residuals are enough for 0.1 and 0.9 (9): conformal, however
    # wide the partner is
    np.testing.assert_array_equal(quantiles[0], conformal[0])
    # step 2: 5 residuals are not; each tail is the farther of the extreme
    # residual (-1, 1) and the partner (-2, 0.5); the median is conformal
    np.testing.assert_allclose(quantiles[1, 0], [-2.0, conformal[1, 0, 1], 1.0])


def test_a_step_with_just_the_residuals_a_level_needs_stays_conformal():
    """9 residuals give 0.1 and 0.9 their conformal quantile: not widened."""
    calibration = holdout({1: 9})
    args = np.zeros((1, 1)), np.array([1]), np.ones((1, 1)), [0.1, 0.9]
    partner = np.array([[[-3.0, 3.0]]])  # wider than the extreme residuals

    with warnings.catch_warnings():
        warnings.simplefilter("error", CalibrationWarning)
        quantiles = calibration.point_quantiles_beside(
            *args, partner, "the Theta method"
        )

    np.testing.assert_array_equal(quantiles, calibration.point_quantiles(*args))
    np.testing.assert_array_equal(quantiles[0, 0], [-1.0, 1.0])


def test_a_step_of_one_residual_keeps_its_median_and_takes_the_partners_tails():
    """One residual gives the median (it needs one) but no spread."""
    calibration = HoldoutResiduals({1: np.array([[0.3]])}, None, None, "median", 0.4, 0)
    partner = np.array([[[-2.0, 0.1, 2.0]]])

    with pytest.warns(CalibrationWarning) as caught:
        quantiles = calibration.point_quantiles_beside(
            np.zeros((1, 1)), np.array([1]), np.full((1, 1), 2.0), [0.1, 0.5, 0.9],
            partner, "the Theta method",
        )  # fmt: skip

    np.testing.assert_allclose(quantiles[0, 0], [-2.0, 0.6, 2.0])  # 0.3, scale 2
    message = str(caught[0].message)
    assert "[0.1, 0.9] need 9 residuals, more than step 1 has (1)" in message
    assert "0.5" not in message and "one residual or none" in message


def test_a_step_without_residuals_is_still_refused():
    advice = (
        r"no calibration residuals at step 2.*early stopping \(calibration_folds=0\)"
    )
    with pytest.raises(ValueError, match=advice):
        holdout({1: 20}).point_quantiles_beside(
            np.zeros((1, 1)), np.array([2]), np.ones((1, 1)), [0.1, 0.9],
            np.zeros((1, 1, 2)), "the Theta method",
        )  # fmt: skip


def test_conformal_quantiles_of_one_residual_are_refused():
    """One residual is every quantile: an interval of zero width (ADR 0010)."""
    with pytest.raises(ValueError, match=r"Only 1 calibration residual at step 1.*39"):
        holdout({1: 1}).point_quantiles(
            np.zeros((1, 1)), np.array([1]), np.ones((1, 1)), [0.025, 0.975]
        )


def test_a_step_fit_calibrated_for_but_left_without_residuals_takes_the_partners():
    """The early-stopping tail of a short series can end before fh's last step."""
    partner = np.array([[[-2.0, 0.0, 2.0]]])

    with pytest.warns(CalibrationWarning, match=r"step 2 has \(0\)"):
        quantiles = holdout({1: 20}).point_quantiles_beside(
            np.zeros((1, 1)), np.array([2]), np.ones((1, 1)), [0.1, 0.5, 0.9],
            partner, "the Theta method", expected_steps=[1, 2],
        )  # fmt: skip

    np.testing.assert_array_equal(quantiles, partner)


def test_the_warning_gives_each_thin_level_its_need_and_its_steps():
    calibration = holdout({1: 20, 2: 5, 3: 1})
    steps, alpha = np.array([1, 2, 3, 4]), [0.025, 0.1, 0.5, 0.9, 0.975]
    partner = np.tile(np.array([-3.0, -2.0, 0.0, 2.0, 3.0]), (4, 1, 1))

    with pytest.warns(CalibrationWarning) as caught:
        calibration.point_quantiles_beside(
            np.zeros((4, 1)), steps, np.ones((4, 1)), alpha, partner,
            "the Theta method", expected_steps=[1, 2, 3, 4],
        )  # fmt: skip

    assert len(caught) == 1
    message = str(caught[0].message)
    # 0.1 and 0.9 are conformal at step 1, the median wherever a residual is
    assert (
        "quantiles [0.025, 0.975] need 39 residuals, more than steps [1, 2, 3, 4] "
        "have (20, 5, 1, 0); [0.1, 0.9] need 9, more than steps [2, 3, 4] have "
        "(5, 1, 0); [0.5] need 1, more than step 4 has (0)"
    ) in message
    assert "the Theta method's alone at a step of one residual or none" in message


def pooled(counts, levels=None):
    """:func:`holdout` of a panel under global pooling: one residual per series."""
    return HoldoutResiduals(
        {step: residuals(n) for step, n in counts.items()},
        None if levels is None else {
            step: np.repeat(residuals(n)[:, :, None], len(levels), axis=2)
            for step, n in counts.items()
        },
        levels, "median", 0.4, 2, pooled=True,
    )  # fmt: skip


def test_a_panels_pooled_residuals_advise_more_series_not_a_larger_holdout():
    """calibration_size and calibration_folds give a panel no more residuals."""
    point, scales, alpha = np.zeros((2, 1)), np.ones((2, 1)), [0.1, 0.9]
    with pytest.warns(CalibrationWarning, match=r"steps \[1, 2\] have \(3, 3\)") as w:
        pooled({1: 3, 2: 3}).point_quantiles(point, np.array([1, 2]), scales, alpha)
    with pytest.raises(ValueError, match=r"Only 1 calibration residual at step 1"):
        pooled({1: 1}).point_quantiles(point[:1], np.array([1]), scales[:1], alpha)
    message = str(w[0].message)
    assert "calibration_size (with" not in message and "longer series" not in message
    assert "one residual per series" in message and "pooling='local'" in message
    assert "train quantile heads (LSTMRegressor(quantiles=" in message


def test_pooled_quantile_heads_are_advised_to_be_used_as_they_are():
    levels = np.array([0.1, 0.5, 0.9])
    heads = np.array([[[-1.0, 0.0, 1.0]]])
    with pytest.warns(CalibrationWarning, match="quantile heads as they are"):
        pooled({1: 3}, levels).head_quantiles(
            heads, np.array([1]), np.ones((1, 1)), [0.1, 0.9]
        )


def test_a_single_residual_beyond_the_partners_tails_does_not_cross_them():
    """One residual of 3 is the median, the partner's 0.9 only 1: they crossed.

    The median of a step of one residual is that residual, the tails the
    partner's alone, so a residual beyond the partner's tail put the 0.5
    quantile above the 0.9 one (an interval that misses its own median).
    """
    calibration = HoldoutResiduals({1: np.array([[3.0]])}, None, None, "median", 0.4, 0)
    partner = np.array([[[-1.0, 0.0, 1.0]]])

    with pytest.warns(CalibrationWarning):
        quantiles = calibration.point_quantiles_beside(
            np.zeros((1, 1)), np.array([1]), np.ones((1, 1)), [0.1, 0.5, 0.9],
            partner, "the Theta method",
        )  # fmt: skip

    assert (np.diff(quantiles[0, 0]) >= 0).all(), quantiles[0, 0]
    # the median from the residual is kept; the tail moves out to it
    np.testing.assert_array_equal(quantiles[0, 0], [-1.0, 3.0, 3.0])
