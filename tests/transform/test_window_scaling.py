"""Per-window scaling: statistics from each window's own inputs, exact inverses."""

import numpy as np
import pytest

from skltsm._transform import _window_scaling
from skltsm._transform._lagged_windows import LaggedWindows
from skltsm._transform._window_scaling import (
    FLOOR,
    METHODS,
    ScaledWindows,
    WindowScaling,
)


@pytest.fixture
def series(rng):
    # two features: a positive series spanning six decades, and a covariate
    level = np.repeat(10.0 ** np.arange(6), 20)
    target = level * (1 + 0.3 * rng.random(len(level)))
    return np.column_stack([target, rng.normal(size=len(level))])


def brute_force(windows: LaggedWindows, method: str, steps: int):
    inputs = windows.to_numpy()[:, -steps:, 0]
    if method == "standard":
        mean = inputs.mean(axis=1)
        std = np.maximum(inputs.std(axis=1), 1e-3 * np.abs(mean))
        return mean, np.where(std > 0, std, 1.0)
    level = np.abs(inputs).mean(axis=1)
    return np.zeros(len(inputs)), np.where(level > 0, level, 1.0)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("steps", [None, 4])
def test_statistics_read_the_last_inputs_of_each_window(series, method, steps):
    rows = np.array([12, 13, 40, 41, 99, 119])  # not contiguous
    windows = LaggedWindows(series, look_back=8, horizon=2, rows=rows)
    shift, scale = WindowScaling(method, level_steps=steps).statistics(windows)
    expected_shift, expected_scale = brute_force(windows, method, steps or 8)
    np.testing.assert_allclose(shift, expected_shift)
    np.testing.assert_allclose(scale, expected_scale)


def test_statistics_are_the_same_chunk_by_chunk(series, monkeypatch):
    windows = LaggedWindows(series, look_back=5)
    whole = WindowScaling("standard").statistics(windows)
    monkeypatch.setattr(_window_scaling, "CHUNK", 7)
    chunked = WindowScaling("standard").statistics(windows)
    np.testing.assert_array_equal(whole, chunked)


def test_no_statistic_reads_a_value_after_the_window(series):
    windows = LaggedWindows(series, look_back=6, horizon=3)
    before = WindowScaling("standard").statistics(windows)
    i = 50  # change everything from the row after window i's last input
    changed = series.copy()
    changed[windows.rows[i] - windows.horizon + 1 :] *= 7.0
    after = WindowScaling("standard").statistics(windows.with_values(changed))
    np.testing.assert_array_equal(before[0][: i + 1], after[0][: i + 1])
    np.testing.assert_array_equal(before[1][: i + 1], after[1][: i + 1])
    assert not np.array_equal(before[1][i + 1 :], after[1][i + 1 :])


@pytest.mark.parametrize("method", METHODS)
def test_targets_come_back_exactly(series, method):
    windows = ScaledWindows(LaggedWindows(series, look_back=5), WindowScaling(method))
    y = series[windows.rows, 0]
    np.testing.assert_allclose(windows.unscale_targets(windows.scale_targets(y)), y)
    steps = np.column_stack([y, 2 * y])  # several steps per window
    np.testing.assert_allclose(
        windows.unscale_targets(windows.scale_targets(steps)), steps
    )


def test_the_same_shape_at_any_level_scales_to_the_same_values():
    shape = np.array([1.0, 2.0, 4.0, 3.0, 5.0])
    for method in METHODS:
        small = ScaledWindows(LaggedWindows(shape[:, None], 4), WindowScaling(method))
        big = ScaledWindows(
            LaggedWindows(1e6 * shape[:, None], 4), WindowScaling(method)
        )
        np.testing.assert_allclose(small.to_numpy(), big.to_numpy())
        np.testing.assert_allclose(
            small.scale_targets(shape[4:]), big.scale_targets(1e6 * shape[4:])
        )


def test_log_mean_floors_zeros_instead_of_minus_infinity():
    windows = ScaledWindows(
        LaggedWindows(np.array([[0.0], [4.0], [0.0]]), 2), WindowScaling("log_mean")
    )
    assert windows.to_numpy()[0, 0, 0] == pytest.approx(np.log(FLOOR))
    assert windows.scale_targets(np.array([0.0]))[0] == pytest.approx(np.log(FLOOR))


def test_only_the_scaled_feature_changes(series):
    raw = LaggedWindows(series, look_back=5)
    windows = ScaledWindows(raw, WindowScaling("standard", feature=0))
    gathered, plain = windows.to_numpy(), raw.to_numpy()
    np.testing.assert_array_equal(gathered[:, :, 1], plain[:, :, 1])
    shift, scale = windows.window_shift, windows.window_scale
    np.testing.assert_allclose(
        gathered[:, :, 0], (plain[:, :, 0] - shift[:, None]) / scale[:, None]
    )


def test_subsets_and_other_values_keep_each_windows_statistics(series):
    windows = ScaledWindows(LaggedWindows(series, look_back=5), WindowScaling("mean"))
    subset = windows.take(np.array([3, 30, 60]))
    np.testing.assert_array_equal(
        subset.window_scale, windows.window_scale[[3, 30, 60]]
    )
    np.testing.assert_array_equal(subset.to_numpy(), windows.to_numpy()[[3, 30, 60]])
    standardised = windows.with_values(series.astype(np.float32))
    np.testing.assert_array_equal(standardised.window_scale, windows.window_scale)


def test_a_flat_window_is_not_blown_up():
    flat = LaggedWindows(np.full((6, 1), 1e6), 3)
    windows = ScaledWindows(flat, WindowScaling("standard"))
    assert np.all(windows.window_scale == pytest.approx(1e3))
    assert np.all(windows.to_numpy() == 0)
    zeros = ScaledWindows(LaggedWindows(np.zeros((6, 1)), 3), WindowScaling("mean"))
    assert np.all(zeros.window_scale == 0.0)  # no level: divided by 1
    assert np.all(zeros.to_numpy() == 0)


@pytest.mark.parametrize("method", METHODS)
def test_windows_know_whether_they_have_a_level(method):
    series = np.array([[0.0], [0.0], [0.0], [2.0], [0.0], [0.0], [0.0]])
    windows = ScaledWindows(LaggedWindows(series, 3), WindowScaling(method))
    np.testing.assert_array_equal(windows.has_level, [False, True, True, True])
    np.testing.assert_array_equal(windows.take([0, 2]).has_level, [False, True])
    short = WindowScaling(method, level_steps=2)
    np.testing.assert_array_equal(
        ScaledWindows(LaggedWindows(series, 3), short).has_level,
        [False, True, True, False],
    )


@pytest.mark.parametrize("method", ["mean", "log_mean"])
def test_level_methods_refuse_negative_series(method):
    with pytest.raises(ValueError, match="non-negative series.*row 2"):
        WindowScaling(method).check_series(np.array([[1.0], [2.0], [-1.0]]))
    WindowScaling("standard").check_series(np.array([[1.0], [-1.0]]))


@pytest.mark.parametrize("method", ["mean", "log_mean"])
def test_level_methods_refuse_windows_reading_negatives_only(method, monkeypatch):
    # predict's check: a negative row no window reads (a gap of the context a
    # forecast pipeline passes) is no input; the check goes a block at a time
    monkeypatch.setattr(_window_scaling, "CHUNK", 2)
    values = np.array([[-1.0], [1.0], [2.0], [-7.0], [3.0], [-4.0], [5.0]])
    windows = LaggedWindows(values, look_back=2)  # of rows 2 to 6
    WindowScaling(method).check_windows(windows.take(np.array([1])))
    with pytest.raises(ValueError, match="non-negative series.*reads -4.0"):
        WindowScaling(method).check_windows(windows.take(np.array([1, 4])))
    WindowScaling("standard").check_windows(windows)


@pytest.mark.parametrize("method", ["mean", "log_mean"])
def test_level_methods_forecast_no_negative_value(method):
    # a negative ratio fed back by a recursive forecast would be refused
    scaling = WindowScaling(method)
    unscaled = scaling.unscale(np.array([-0.5, 0.5]), np.zeros(2), np.full(2, 4.0))
    assert (unscaled >= 0).all()
    assert unscaled[1] == pytest.approx(2.0 if method == "mean" else 4 * np.exp(0.5))
    assert WindowScaling("standard").unscale(-0.5, 0.0, 4.0) == -2.0


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("extreme", [1e39, 1e-41, -1e39])
def test_magnitudes_float32_cannot_hold_are_refused(method, extreme, monkeypatch):
    monkeypatch.setattr(_window_scaling, "CHUNK", 2)  # found past the first block
    values = np.array([[1.0, 1e39], [0.0, 1e39], [2.0, 0.0], [extreme, 0.0]])
    with pytest.raises(ValueError, match=r"float32.*row 3 is .*power of ten"):
        WindowScaling(method).check_magnitudes(values)
    # zeros, and magnitudes float32 holds with room to spare, pass; only the
    # scaled feature is read
    fine = np.array([[0.0, 1e39], [1e30, 1.0], [1e-30, 1.0]])
    WindowScaling(method).check_magnitudes(fine)


@pytest.mark.parametrize("method", ["standard", "mean", "log_mean"])
def test_a_window_without_a_level_forecasts_zero_and_trains_in_units(method):
    """A run of zeros has no scale: its targets stay as they are, forecasts 0."""
    raw = LaggedWindows(np.array([[0.0], [0.0], [2.0], [4.0]]), 2)
    windows = ScaledWindows(raw, WindowScaling(method))
    assert windows.window_scale[0] == 0 and windows.window_scale[1] > 0
    targets = windows.scale_targets(np.array([5.0, 5.0]))
    assert np.isfinite(targets).all()
    if method != "log_mean":
        assert targets[0] == 5.0  # divided by 1
    forecast = windows.unscale_targets(np.array([0.7, 0.7]))
    assert forecast[0] == 0.0 and forecast[1] != 0.0
