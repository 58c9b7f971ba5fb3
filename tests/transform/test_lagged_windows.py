"""LaggedWindows: LagTransformer's output, gathered on demand."""

import tracemalloc

import keras
import numpy as np
import pandas as pd
import pytest
from sklearn.preprocessing import FunctionTransformer, MinMaxScaler

from skltsm import LagTransformer, make_forecast_pipeline
from skltsm._keras._sequence_layout import feature_moments
from skltsm._series import _panel as _panel_module
from skltsm._transform._lagged_windows import LaggedWindows
from tests.conftest import tiny_regressor


@pytest.fixture
def series(rng):
    values = np.cumsum(rng.normal(size=(300, 2)), axis=0)
    values[[40, 41, 200], 1] = np.nan  # rows whose windows are incomplete
    return values


@pytest.mark.parametrize("look_back, horizon", [(1, 1), (5, 1), (4, 3)])
def test_windows_equal_the_rows_of_transform_without_nan(series, look_back, horizon):
    lag = LagTransformer(look_back, horizon=horizon).fit(series)
    dense = lag.transform(series)
    complete = np.flatnonzero(np.isfinite(dense).all(axis=1))
    windows = lag.windows(series)
    np.testing.assert_array_equal(windows.rows, complete)
    flat = windows.to_numpy().reshape(len(windows), -1)
    np.testing.assert_array_equal(flat, dense[complete])
    assert windows.shape == (len(complete), look_back * 2)
    assert windows.feature_names == list(lag.get_feature_names_out())


def test_moments_weighted_by_coverage_equal_those_of_the_flat_windows(series):
    windows = LagTransformer(7).fit(series).windows(series)
    lazy_mean, lazy_scale = feature_moments(windows)
    dense = LaggedWindows.from_sequences(windows.to_numpy())  # each row read once
    dense_mean, dense_scale = feature_moments(dense)
    np.testing.assert_allclose(lazy_mean, dense_mean, rtol=1e-12)
    np.testing.assert_allclose(lazy_scale, dense_scale, rtol=1e-12)


def test_moments_do_not_depend_on_the_type_of_the_counts(series):
    windows = LagTransformer(7).fit(series).windows(series)
    values, counts = windows.read_values()
    assert counts.dtype == np.uint8  # no row is read by more than 7 windows
    wide = feature_moments(windows, (values, counts.astype(np.int64)))
    for narrow, exact in zip(feature_moments(windows), wide, strict=True):
        np.testing.assert_array_equal(narrow, exact)


def test_coverage_counts_the_windows_of_each_row_in_the_smallest_type(rng, monkeypatch):
    monkeypatch.setattr(_panel_module, "CHUNK_ROWS", 50)  # many blocks of windows
    values = rng.normal(size=(500, 1))
    rows = rng.integers(12, 500, size=700)  # some rows twice: read more often
    windows = LaggedWindows(values, 10, horizon=3, rows=rows)
    expected = np.zeros(len(windows.covered_values()), dtype=np.int64)
    for start in windows.starts - windows.starts.min():
        expected[start : start + 10] += 1
    counts = windows.coverage()
    np.testing.assert_array_equal(counts, expected)
    assert counts.dtype == np.uint8
    crowded = LaggedWindows(values, 10, rows=np.full(300, 40)).coverage()
    assert crowded.dtype == np.uint16 and crowded.max() == 300


def test_int32_rows_stay_int32_and_give_the_same_windows(series):
    rows = np.arange(10, 300, 7)
    narrow = LaggedWindows(series, 5, rows=rows.astype(np.int32))
    wide = LaggedWindows(series, 5, rows=rows)
    assert narrow.rows.dtype == np.int32 and wide.rows.dtype == np.int64
    assert narrow.take(slice(2, 9)).rows.dtype == np.int32
    np.testing.assert_array_equal(narrow.to_numpy(), wide.to_numpy())
    np.testing.assert_array_equal(narrow.coverage(), wide.coverage())
    assert LaggedWindows(series, 5, rows=[5, 6]).rows.dtype == np.int64


def test_selection_and_contiguity(series):
    windows = LaggedWindows(series[:, :1], look_back=3)
    assert windows.is_contiguous and len(windows) == 297
    subset = windows[np.arange(len(windows)) % 2 == 0]
    assert not subset.is_contiguous and len(subset) == 149
    np.testing.assert_array_equal(
        subset.gather(slice(0, 2)), windows.gather(np.array([0, 2]))
    )


def test_the_regressor_learns_the_same_from_lazy_and_dense_windows(rng):
    values = np.cumsum(rng.normal(size=(400, 1)), axis=0)
    lag = LagTransformer(look_back=8).fit(values)
    lazy = lag.windows(values)
    dense = lag.transform(values)[lazy.rows]
    target = values[lazy.rows, 0]
    from_lazy = tiny_regressor(dropout=0.1).fit(lazy, target)
    from_dense = tiny_regressor(dropout=0.1).fit(dense, target)
    np.testing.assert_array_equal(from_lazy.predict(lazy), from_dense.predict(dense))
    np.testing.assert_array_equal(from_lazy.predict(dense), from_lazy.predict(lazy))


def test_the_pipeline_streams_windows_and_matches_materialised_ones(airline, airline_X):
    def pipeline(*after):
        return make_forecast_pipeline(
            MinMaxScaler(), LagTransformer(6), *after, tiny_regressor()
        ).fit(airline_X.iloc[:120], airline.iloc[:120])

    streamed = pipeline()
    materialised = pipeline(FunctionTransformer(feature_names_out="one-to-one"))
    pd.testing.assert_series_equal(
        streamed.predict(airline_X.iloc[120:]),
        materialised.predict(airline_X.iloc[120:]),
    )


def test_fitting_a_long_series_never_materialises_its_windows(monkeypatch):
    # 10^6 rows x 256 lags would be 2 GB of float64 windows; the data path
    # (everything but Keras' own training loop) must stay near the series' size.
    monkeypatch.setattr(keras.Model, "fit", _fit_that_records_nothing)
    n = 1_000_000
    X = pd.DataFrame({"load": np.sin(np.arange(n) / 50.0)})
    pipe = make_forecast_pipeline(
        MinMaxScaler(), LagTransformer(256), tiny_regressor(epochs=1, batch_size=4096)
    )
    tracemalloc.start()
    try:
        pipe.fit(X, X["load"])
        peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    series_mb = X.memory_usage().sum() / 2**20  # 8 MB
    assert peak_mb < 12 * series_mb  # materialised windows: 256 x series_mb


def _fit_that_records_nothing(self, *args, **kwargs):
    history = keras.callbacks.History()
    history.history = {"loss": [0.0]}
    return history


def test_weighted_coverage_counts_each_window_its_weight_times(rng, monkeypatch):
    monkeypatch.setattr(_panel_module, "CHUNK_ROWS", 50)  # many blocks of windows
    values = rng.normal(size=(500, 1))
    rows = rng.integers(12, 500, size=300)  # some rows twice: starts repeat
    windows = LaggedWindows(values, 10, horizon=3, rows=rows)
    weights = rng.integers(0, 4, size=len(windows))
    repeated = windows.take(np.repeat(np.arange(len(windows)), weights))
    counts = windows.coverage(weights)
    assert counts.dtype == np.int64  # integers stay exact
    # the repeated windows' counts, and 0 on rows that only weight 0 reads
    start = repeated.starts.min() - windows.starts.min()
    stop = start + len(repeated.coverage())
    np.testing.assert_array_equal(counts[start:stop], repeated.coverage())
    assert not counts[:start].any() and not counts[stop:].any()


def test_fractional_weights_leave_rows_read_by_no_window_at_zero(rng):
    values = rng.normal(size=(200, 1))
    windows = LaggedWindows(values, 4, rows=np.r_[10:40, 100:150])  # a gap
    weights = rng.uniform(0.1, 0.3, size=len(windows))
    counts = windows.coverage(weights)
    assert counts.dtype == np.float64
    expected = np.zeros(len(counts))
    starts = windows.starts - windows.starts.min()
    for start, weight in zip(starts, weights, strict=True):
        expected[start : start + 4] += weight
    np.testing.assert_allclose(counts, expected, rtol=1e-12)
    np.testing.assert_array_equal(counts == 0, windows.coverage() == 0)
    with pytest.raises(ValueError, match="one weight per window"):
        windows.coverage(weights[1:])


def test_rows_whose_window_starts_before_the_series_are_refused():
    """Row 1 with look_back 3 starts at row -2: NumPy wrapped it to the series' end.

    LagTransformer gives that row NaN; the lazy windows gave [3, 4, 0].
    """
    with pytest.raises(ValueError, match="row"):
        LaggedWindows(np.arange(5.0).reshape(-1, 1), 3, rows=[1]).to_numpy()
