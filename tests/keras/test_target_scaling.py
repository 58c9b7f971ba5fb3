"""The regressor's internal target standardisation."""

import tracemalloc
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


def _whole_array_transform(encoder, y):
    """What transform computed before it went a block at a time."""
    safe_scale = np.where(encoder.scale_ == 0, 1.0, encoder.scale_)
    centred = np.where(encoder.scale_ == 0, 0.0, y - encoder.mean_)
    return (centred / safe_scale).astype(np.float32)


@pytest.mark.parametrize(
    "y",
    [
        np.random.default_rng(0).normal(5.0, 3.0, size=2500),
        np.random.default_rng(1).lognormal(10.0, 4.0, size=(2500, 3)),
        np.random.default_rng(2).normal(size=(2500, 2, 2)) * [1e-200, 1e200],
        np.column_stack([np.arange(2500.0), np.full(2500, 7.0)]),  # a constant
    ],
    ids=["1d", "2d", "3d-extreme", "constant-output"],
)
def test_transform_a_block_at_a_time_gives_the_whole_arrays_numbers(y, monkeypatch):
    monkeypatch.setattr("skltsm._series._panel.CHUNK_ROWS", 1000)  # three blocks
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConstantSeriesWarning)
        encoder = StandardizingTargetEncoder().fit(y)
    got = encoder.transform(y)
    assert got.dtype == np.float32 and got.shape == y.shape
    np.testing.assert_array_equal(got, _whole_array_transform(encoder, y))
    assert got.tobytes() == _whole_array_transform(encoder, y).tobytes()


def test_transform_holds_no_float64_copy_of_a_long_target(monkeypatch):
    # 25 million targets (the panel benchmark): the whole-array expression
    # held two float64 temporaries of y's size at once beside the float32 result
    monkeypatch.setattr("skltsm._series._panel.CHUNK_ROWS", 2**16)
    y = np.random.default_rng(0).normal(size=2**21)  # 16 MB
    encoder = StandardizingTargetEncoder().fit(y)
    tracemalloc.start()
    try:
        encoder.transform(y)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < y.nbytes / 2 + 4 * 2**16 * 8  # the float32 result and a block


def test_fitting_holds_no_float64_copy_of_a_long_target(monkeypatch):
    # NumPy's std held the deviations of every target: 200 MB for the 25
    # million targets of the panel benchmark, while the encoder was fitted
    monkeypatch.setattr("skltsm._keras._sequence_layout.BLOCKWISE_ROWS", 2**16)
    monkeypatch.setattr("skltsm._keras._sequence_layout.BLOCK_VALUES", 2**16)
    y = np.random.default_rng(0).normal(size=2**21)  # 16 MB
    tracemalloc.start()
    try:
        encoder = StandardizingTargetEncoder().fit(y)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (encoder.mean_, encoder.scale_) == (y.mean(), y.std())
    assert peak < y.nbytes / 4
