"""``skltsm._forecast._calibrated_quantiles``: the step and scale of each forecast row.

Straight lines change by their slope at every step, so that every scale (the
mean absolute change before an origin, or a series' seasonal naive error) is
the slope's size, and a row's scale says whose it is.
"""

import numpy as np
import pandas as pd
import pytest

from skltsm._forecast._calibrated_quantiles import forecast_scales


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
