"""The regressor's internal target standardisation."""

import warnings

import numpy as np
import pytest

from skltsm._keras._target_scaling import StandardizingTargetEncoder
from skltsm.exceptions import ConstantSeriesWarning


@pytest.mark.parametrize("magnitude", [1e-300, 1e-160, 1.0, 1e300])
def test_a_varying_target_is_standardised_at_any_magnitude(magnitude):
    y = np.array([1.0, 2.0, 4.0, 8.0]) * magnitude
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no false ConstantSeriesWarning
        encoder = StandardizingTargetEncoder().fit(y)
    reference = StandardizingTargetEncoder().fit(y / magnitude)
    np.testing.assert_allclose(encoder.scale_ / magnitude, reference.scale_)
    np.testing.assert_array_equal(
        encoder.transform(y), reference.transform(y / magnitude)
    )
    np.testing.assert_allclose(
        encoder.inverse_transform(encoder.transform(y)).ravel(), y, rtol=1e-6
    )


def test_a_constant_target_is_restored_exactly_and_named_plainly():
    y = np.full(10, 0.1)  # its mean rounds to 0.09999999999999999
    with pytest.warns(ConstantSeriesWarning, match=r"\(value 0\.1 as"):
        encoder = StandardizingTargetEncoder().fit(y)
    assert encoder.scale_ == 0
    np.testing.assert_array_equal(encoder.inverse_transform(np.zeros((3, 1))), 0.1)


def test_only_the_constant_output_is_constant():
    y = np.column_stack([np.full(5, 5.0), np.arange(5.0)])
    with pytest.warns(ConstantSeriesWarning, match=r"\(value 5\.0 as .*it\);"):
        encoder = StandardizingTargetEncoder().fit(y)
    np.testing.assert_array_equal(encoder.scale_, [0.0, np.arange(5.0).std()])
    np.testing.assert_array_equal(encoder.mean_, [5.0, 2.0])
