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


def test_samples_of_weight_zero_change_nothing_and_integers_repeat():
    y = np.array([[1.0, 10.0], [2.0, 30.0], [4.0, 20.0], [1e6, -1e6]])
    weights = np.array([2.0, 1.0, 3.0, 0.0])
    encoder = StandardizingTargetEncoder().fit(y, sample_weight=weights)
    repeated = StandardizingTargetEncoder().fit(np.repeat(y, [2, 1, 3, 0], axis=0))
    np.testing.assert_allclose(encoder.mean_, repeated.mean_, rtol=1e-12)
    np.testing.assert_allclose(encoder.scale_, repeated.scale_, rtol=1e-12)
    removed = StandardizingTargetEncoder().fit(y[:3])
    equal = StandardizingTargetEncoder().fit(y, sample_weight=[5.0, 5.0, 5.0, 0.0])
    np.testing.assert_array_equal(equal.mean_, removed.mean_)  # to the bit
    np.testing.assert_array_equal(equal.scale_, removed.scale_)


def test_a_target_constant_where_weighted_is_constant():
    y = np.array([3.0, 3.0, 3.0, 100.0])
    with pytest.warns(ConstantSeriesWarning, match=r"\(value 3\.0 as"):
        encoder = StandardizingTargetEncoder().fit(y, sample_weight=[1, 2, 1, 0])
    assert encoder.scale_ == 0.0
    np.testing.assert_array_equal(encoder.inverse_transform(np.zeros((2, 1))), [3, 3])
    with pytest.raises(ValueError, match="every sample a weight of 0"):
        StandardizingTargetEncoder().fit(y, sample_weight=np.zeros(4))
