"""The windows interface: every input the estimators take, read one way."""

import numpy as np
import pytest

from skltsm import LagTransformer
from skltsm._keras._sequence_layout import (
    as_windows,
    feature_moments,
    sequence_shape,
    to_sequences,
)
from skltsm._transform._lagged_windows import LaggedWindows


@pytest.fixture
def series(rng):
    return rng.normal(size=(40, 2))


def test_every_kind_of_input_gives_the_same_windows(series):
    lag = LagTransformer(5).fit(series)
    streamed = lag.windows(series)
    flat = lag.transform(series)[streamed.rows]  # time-major, named _lag_k
    names = lag.get_feature_names_out()
    shape = sequence_shape(flat, names)
    assert shape == sequence_shape(streamed) == (5, 2)
    three_d = flat.reshape(len(flat), *shape)
    for given in (streamed, flat, three_d):
        windows = as_windows(given, shape)
        assert isinstance(windows, LaggedWindows)
        np.testing.assert_array_equal(windows.to_numpy(), three_d)
        np.testing.assert_array_equal(windows.gather(np.array([3, 0])), three_d[[3, 0]])
        np.testing.assert_array_equal(
            windows.take(slice(2, 4)).to_numpy(), three_d[2:4]
        )


def test_arrays_are_wrapped_without_a_copy(rng):
    sequences = rng.normal(size=(6, 3, 2))
    windows = as_windows(sequences, (3, 2))
    assert np.shares_memory(windows.values, sequences)
    assert windows.rows.tolist() == [3, 6, 9, 12, 15, 18]


def test_standardising_keeps_the_windows_and_scales_the_series(series):
    streamed = LagTransformer(4).fit(series).windows(series)
    mean, scale = feature_moments(streamed)
    standardised = to_sequences(streamed, (4, 2), mean, scale)
    assert isinstance(standardised, LaggedWindows)
    np.testing.assert_array_equal(standardised.rows, streamed.rows)
    expected = ((streamed.to_numpy() - mean) / scale).astype(np.float32)
    np.testing.assert_allclose(standardised.to_numpy(), expected, rtol=1e-6)
    dense = to_sequences(streamed.to_numpy(), (4, 2), mean, scale)
    np.testing.assert_array_equal(dense.to_numpy(), standardised.to_numpy())
