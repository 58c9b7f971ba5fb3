"""The windows interface: every input the estimators take, read one way."""

import tracemalloc

import numpy as np
import pandas as pd
import pytest

from skltsm import LagTransformer, LSTMRegressor
from skltsm._keras import _sequence_layout as layout_module
from skltsm._keras._sequence_layout import (
    as_windows,
    feature_moments,
    read_blocks,
    sequence_shape,
    standard_deviation,
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


# -- moments summed a block at a time ----------------------------------------
def _windows(values, kind, rng):
    if kind == "every row":
        return LaggedWindows(values, 7)
    if kind == "rows with gaps":  # some rows read by no window: a compacted copy
        rows = rng.choice(np.arange(7, len(values)), size=len(values) // 3)
        return LaggedWindows(values, 7, rows=np.sort(rows))
    n = len(values) // 5 * 5  # each row read once: no weights
    return LaggedWindows.from_sequences(values[:n].reshape(-1, 5, values.shape[1]))


@pytest.mark.parametrize("kind", ["every row", "rows with gaps", "sequences"])
@pytest.mark.parametrize("layout", ["C", "F", "float32", "column view"])
@pytest.mark.parametrize("n_features", [1, 3])
@pytest.mark.parametrize("n_rows", [1999, 4133])
def test_blockwise_moments_equal_the_full_length_ones_bit_for_bit(
    rng, monkeypatch, kind, layout, n_features, n_rows
):
    monkeypatch.setattr(layout_module, "BLOCKWISE_ROWS", 0)
    monkeypatch.setattr(layout_module, "BLOCK_VALUES", 300)  # many leaves
    levels = 10.0 ** rng.uniform(-3, 6, size=(n_rows, 1))  # rounding matters
    values = rng.normal(size=(n_rows, n_features)) * levels + 5.0
    values = {
        "C": values,
        "F": np.asfortranarray(values),
        "float32": values.astype(np.float32),
        "column view": np.hstack([values, values])[:, :n_features],
    }[layout]
    windows = _windows(values, kind, rng)
    assert layout_module._summation_order(windows.covered_values(), windows.coverage())
    blockwise = feature_moments(windows)
    full_length = layout_module._full_length_moments(*windows.read_values())
    for got, expected in zip(blockwise, full_length, strict=True):
        np.testing.assert_array_equal(got, expected)


def test_blockwise_moments_keep_constant_features_at_scale_one(monkeypatch):
    monkeypatch.setattr(layout_module, "BLOCKWISE_ROWS", 0)
    monkeypatch.setattr(layout_module, "BLOCK_VALUES", 128)
    values = np.column_stack([np.full(1000, 3.0), np.arange(1000.0)])
    mean, scale = feature_moments(LaggedWindows(values, 4))
    assert mean[0] == 3.0 and scale[0] == 1.0
    expected = layout_module._full_length_moments(
        *LaggedWindows(values, 4).read_values()
    )
    np.testing.assert_array_equal(scale, expected[1])


@pytest.mark.parametrize("n_rows, blockwise", [(900, False), (1500, True)])
def test_moments_are_summed_blockwise_above_the_threshold(
    rng, monkeypatch, n_rows, blockwise
):
    monkeypatch.setattr(layout_module, "BLOCKWISE_ROWS", 1000)
    calls = []
    summed = layout_module._blockwise_moments
    monkeypatch.setattr(
        layout_module,
        "_blockwise_moments",
        lambda *args: calls.append(args) or summed(*args),
    )
    feature_moments(LaggedWindows(rng.normal(size=(n_rows + 4, 1)), 4))
    assert bool(calls) is blockwise


def test_read_blocks_are_the_rows_read(rng, monkeypatch):
    monkeypatch.setattr(layout_module, "BLOCK_VALUES", 200)
    values = rng.normal(size=(1000, 2))
    values[::97] = np.nan  # rows between windows, read by none
    windows = LaggedWindows(values, 6)
    blocks = list(read_blocks(windows))
    assert len(blocks) > 1
    values, counts = windows.read_values()
    np.testing.assert_array_equal(np.concatenate([v for v, _ in blocks]), values)
    np.testing.assert_array_equal(np.concatenate([c for _, c in blocks]), counts)


def test_lazy_windows_are_validated_without_a_copy_of_the_rows_read(rng, monkeypatch):
    values = rng.normal(size=(1000, 1))
    values[::97] = np.nan
    windows = LaggedWindows(values, 6)
    expected = feature_moments(windows)

    def no_copy(self):
        raise AssertionError("read_values copies the rows read")

    monkeypatch.setattr(layout_module, "BLOCK_VALUES", 200)
    monkeypatch.setattr(LaggedWindows, "read_values", no_copy)
    regressor = LSTMRegressor()
    regressor._validate_data(windows, np.zeros(len(windows)), reset=True)
    np.testing.assert_array_equal(regressor.input_mean_, expected[0])
    np.testing.assert_array_equal(regressor.input_scale_, expected[1])


def test_lazy_windows_reading_nan_are_refused_block_by_block(rng, monkeypatch):
    monkeypatch.setattr(layout_module, "BLOCK_VALUES", 200)
    values = rng.normal(size=(1000, 1))
    windows = LaggedWindows(values, 6)
    values[700] = np.nan  # after the rows were chosen: read by windows
    with pytest.raises(ValueError, match="Input X contains NaN"):
        LSTMRegressor()._validate_data(windows, np.zeros(len(windows)), reset=True)
    with pytest.raises(ValueError, match="0 sample"):
        LSTMRegressor()._validate_data(
            windows.take(slice(0, 0)), np.zeros(0), reset=True
        )


# -- standardising in float64, at any magnitude --------------------------------
@pytest.mark.parametrize("offset", [0.0, 1e8])
def test_standardising_rounds_to_float32_only_after_centring(offset):
    # at 1e8, float32 itself holds only multiples of 8: centring after the cast
    # left one distinct value of 40
    values = offset + np.sin(np.arange(40.0)).reshape(-1, 1)
    windows = LaggedWindows(values, 4)
    mean, scale = feature_moments(windows)
    standardised = to_sequences(windows, (4, 1), mean, scale).values
    expected = ((values - mean) / scale).astype(np.float32)
    np.testing.assert_array_equal(standardised, expected)
    assert len(np.unique(standardised)) == 40


def test_standardising_is_computed_a_block_at_a_time(monkeypatch):
    monkeypatch.setattr(layout_module, "BLOCK_VALUES", 128)  # blocks of 128 rows
    blocks = []
    chunks = layout_module.chunks

    def counted(n, size=None):
        blocks.extend(chunks(n, size))
        return chunks(n, size)

    monkeypatch.setattr(layout_module, "chunks", counted)
    values = np.arange(1000.0).reshape(-1, 2) + 1e9
    standardised = layout_module._standardized(values, values.mean(0), 3.0)
    assert len(blocks) == 4  # 500 rows in blocks of 128: no full-length float64 copy
    assert standardised.dtype == np.float32
    np.testing.assert_array_equal(
        standardised, ((values - values.mean(0)) / 3.0).astype(np.float32)
    )


@pytest.mark.parametrize("magnitude", [1e39, 1e-160, 1e-300, 1e300])
def test_moments_and_standardising_hold_at_extreme_magnitudes(rng, magnitude):
    ordinary = rng.normal(size=(60, 2)) + [3.0, 0.0]
    windows = LaggedWindows(ordinary * magnitude, 4)
    mean, scale = feature_moments(windows)
    expected = feature_moments(LaggedWindows(ordinary, 4))
    np.testing.assert_allclose(mean / magnitude, expected[0], rtol=1e-12)
    np.testing.assert_allclose(scale / magnitude, expected[1], rtol=1e-12)
    standardised = to_sequences(windows, (4, 2), mean, scale).to_numpy()
    np.testing.assert_allclose(
        standardised,
        to_sequences(LaggedWindows(ordinary, 4), (4, 2), *expected).to_numpy(),
        rtol=1e-6,
    )  # both float32, not 0 or inf


def test_ordinary_magnitudes_are_not_rescaled():
    # moments of ordinary data computed exactly as before: benchmarks hold
    values = np.array([[1e-3, 1e6, -5.0], [2e-3, 3e6, 0.0]])
    assert layout_module.power_of_two_scaling(values) is None


def test_regressor_learns_from_a_series_far_from_zero(rng):
    steps = np.sin(np.arange(80.0) * 2 * np.pi / 12)
    windows = LagTransformer(6).fit(steps[:, None]).windows(steps[:, None])
    X, y = windows.to_numpy()[:, :, 0], steps[windows.rows]
    reg = LSTMRegressor(units=2, epochs=1, random_state=0).fit(X + 1e8, y + 1e8)
    near = LSTMRegressor(units=2, epochs=1, random_state=0).fit(X, y)
    np.testing.assert_allclose(reg.predict(X + 1e8) - 1e8, near.predict(X), atol=1e-5)


# -- lag names in another order ------------------------------------------------
@pytest.mark.parametrize(
    "names",
    [
        ["a_lag_3", "a_lag_2", "a_lag_1", "b_lag_3", "b_lag_2", "b_lag_1"],
        ["a_lag_1", "b_lag_1", "a_lag_2", "b_lag_2", "a_lag_3", "b_lag_3"],
    ],
    ids=["feature-major", "newest first"],
)
def test_a_grid_of_lags_in_another_order_is_refused(names):
    # read as (6, 1) it was six timesteps of one feature
    with pytest.raises(
        ValueError, match=r"oldest lag first.*\(a_lag_3, b_lag_3, a_lag_2"
    ):
        sequence_shape(np.zeros((5, 6)), names)


def test_lags_of_one_feature_newest_first_are_refused():
    X = np.column_stack([np.roll(np.arange(50.0), k) for k in (1, 2, 3)])
    names = [f"sales_lag_{k}" for k in (1, 2, 3)]
    with pytest.raises(ValueError, match="sales_lag_3, sales_lag_2"):
        LSTMRegressor(units=2, epochs=1).fit(pd.DataFrame(X, columns=names), X[:, 0])


def test_names_that_are_not_a_grid_of_lags_read_one_feature_a_column():
    assert sequence_shape(np.zeros((5, 2)), ["a_lag_12", "a_lag_1"]) == (2, 1)
    assert sequence_shape(np.zeros((5, 3)), ["a_lag_2", "a_lag_1", "b"]) == (3, 1)


def test_a_grid_of_lags_of_two_features_beside_another_column_is_refused():
    """Lags of two features and one more column are not one feature's timesteps.

    ``LagTransformer`` output of features ``a`` and ``b`` with a calendar
    column beside it (a ``ColumnTransformer`` passing ``month`` through) was
    read as 5 timesteps of one feature, ``a`` and ``b`` interleaved as if one
    series, with no error: what the refusal of a reordered grid exists to
    prevent ("rather than read as other timesteps"). The fallback of one
    feature a column fits names of at most one lagged feature, not these.
    """
    names = ["a_lag_2", "b_lag_2", "a_lag_1", "b_lag_1", "month"]
    with pytest.raises(ValueError, match="a_lag_2"):
        sequence_shape(np.zeros((5, 5)), names)


# -- moments weighted by sample_weight -----------------------------------------
@pytest.mark.parametrize("kind", ["every row", "rows with gaps", "sequences"])
def test_windows_of_weight_zero_are_left_out_of_the_moments_to_the_bit(rng, kind):
    values = rng.normal(size=(400, 2))
    windows = _windows(values, kind, rng)
    weights = (rng.uniform(size=len(windows)) < 0.7).astype(float)
    weights[:20] = weights[40:55] = 0.0  # runs of them: rows only they read
    kept = windows.starts[weights > 0]
    read_by_kept = np.zeros(len(values), dtype=bool)
    read_by_kept[(kept[:, None] + np.arange(windows.look_back)).ravel()] = True
    far = windows.with_values(np.where(read_by_kept[:, None], values, values + 1e6))
    assert (far.to_numpy() != windows.to_numpy()).any()
    weighted = feature_moments(far, sample_weight=weights)
    removed = feature_moments(windows.take(weights > 0))
    for got, expected in zip(weighted, removed, strict=True):
        np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("kind", ["every row", "rows with gaps", "sequences"])
def test_integer_weights_count_as_repeated_windows(rng, kind):
    values = rng.normal(size=(400, 3)) * [1.0, 10.0, 1e4]
    windows = _windows(values, kind, rng)
    weights = rng.integers(0, 4, size=len(windows))
    repeated = windows.take(np.repeat(np.arange(len(windows)), weights))
    for got, expected in zip(
        feature_moments(windows, sample_weight=weights),
        feature_moments(repeated),
        strict=True,
    ):
        np.testing.assert_allclose(got, expected, rtol=1e-12)


@pytest.mark.parametrize("kind", ["every row", "rows with gaps", "sequences"])
@pytest.mark.parametrize("n_features", [1, 3])
def test_blockwise_weighted_moments_equal_the_full_length_ones_bit_for_bit(
    rng, monkeypatch, kind, n_features
):
    monkeypatch.setattr(layout_module, "BLOCKWISE_ROWS", 0)
    monkeypatch.setattr(layout_module, "BLOCK_VALUES", 300)  # many leaves
    values = rng.normal(size=(4133, n_features)) * 10.0 ** rng.uniform(-3, 6, (4133, 1))
    windows = _windows(values, kind, rng)
    weights = rng.uniform(0.0, 2.0, size=len(windows))
    weights[::7] = 0.0
    blockwise = feature_moments(windows, sample_weight=weights)
    kept = windows.take(weights > 0)
    counts = kept.coverage(weights[weights > 0])
    read = counts > 0
    full_length = layout_module._full_length_moments(
        kept.covered_values()[read], counts[read]
    )
    for got, expected in zip(blockwise, full_length, strict=True):
        np.testing.assert_array_equal(got, expected)


def test_weights_that_are_all_zero_are_refused():
    windows = as_windows(np.ones((3, 2)), (2, 1))
    with pytest.raises(ValueError, match="every window a weight of 0"):
        feature_moments(windows, sample_weight=np.zeros(3))


@pytest.mark.parametrize(
    "shape", [(40_003,), (40_003, 1), (40_003, 3)], ids=["1d", "column", "2d"]
)
@pytest.mark.parametrize("block_values", [300, 1 << 20])
def test_standard_deviation_is_numpys_to_the_bit(shape, block_values, monkeypatch):
    # the squared deviations summed a block at a time, in NumPy's order
    monkeypatch.setattr(layout_module, "BLOCKWISE_ROWS", 0)
    monkeypatch.setattr(layout_module, "BLOCK_VALUES", block_values)
    rng = np.random.default_rng(0)
    values = rng.lognormal(3.0, 4.0, size=shape) * rng.choice([-1, 1], size=shape)
    for layout in (values, np.asfortranarray(values)):
        expected = layout.std(axis=0)
        got = standard_deviation(layout)
        assert type(got) is type(expected) and np.shape(got) == np.shape(expected)
        assert np.asarray(got).tobytes() == np.asarray(expected).tobytes()


def test_standard_deviation_holds_no_full_length_temporary(monkeypatch):
    monkeypatch.setattr(layout_module, "BLOCKWISE_ROWS", 2**16)
    monkeypatch.setattr(layout_module, "BLOCK_VALUES", 2**16)
    values = np.random.default_rng(0).normal(size=2**21)  # 16 MB
    tracemalloc.start()
    try:
        scale = standard_deviation(values)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert scale == values.std()
    assert peak < values.nbytes / 4  # NumPy's std: a copy of the deviations
