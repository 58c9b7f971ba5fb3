import numpy as np
import pytest

from skltsm._keras._window_levels import (
    FitRows,
    level_weights,
    rows_with_a_level,
    warn_left_out,
)
from skltsm._transform._window_scaling import WindowScaling
from skltsm.exceptions import LostWindowsWarning

LEVELS = np.array([True, False, True, True, False, True])
#: The same, but for a last window (the tail after 5) without a level.
TAILLESS = np.array([True, False, True, True, True, False])


def test_level_weights_are_the_users_times_the_levels():
    np.testing.assert_array_equal(level_weights(LEVELS, None), LEVELS.astype(int))
    assert level_weights(LEVELS, None).dtype == np.uint8  # exact integer sums
    weights = np.array([2, 3, 0, 1, 1, 4])
    combined = level_weights(LEVELS, weights)
    np.testing.assert_array_equal(combined, [2, 0, 0, 1, 0, 4])
    assert combined.dtype == weights.dtype


def test_level_weights_change_nothing_where_nothing_would_remain():
    assert level_weights(np.ones(3, bool), None) is None  # every window has one
    assert level_weights(np.zeros(3, bool), None) is None  # none has
    weights = np.array([0.0, 1.0, 0.0, 0.0, 2.0, 0.0])
    assert level_weights(LEVELS, weights) is None  # none of positive weight has


def test_rows_leave_the_windows_without_a_level_out_of_both_parts():
    rows = rows_with_a_level(LEVELS, 4, None)
    np.testing.assert_array_equal(rows.train, [1, 0, 1, 1, 0, 0])
    np.testing.assert_array_equal(rows.validation, [0, 0, 0, 0, 0, 1])
    assert rows.n_left_out == 2 and not rows.tail_left_out


def test_a_tail_without_a_level_is_not_scored():
    rows = rows_with_a_level(TAILLESS, 5, None)
    assert rows.validation is None and rows.tail_left_out
    np.testing.assert_array_equal(rows.train, [1, 0, 1, 1, 1, 0])


@pytest.mark.parametrize(
    "has_level", [np.ones(6, bool), np.r_[np.zeros(4, bool), True, True]]
)
def test_rows_are_all_kept_when_every_or_no_training_window_has_a_level(has_level):
    weights = np.arange(6.0)
    rows = rows_with_a_level(has_level, 4, weights)
    assert rows == FitRows(slice(0, 4), slice(4, None), weights)
    assert rows_with_a_level(has_level, 6, None).validation is None


def test_a_stateful_fit_weighs_them_zero_in_order():
    weights = np.full(6, 2.0)
    rows = rows_with_a_level(LEVELS, 4, weights, by_weight=True)
    assert rows.train == slice(0, 4) and rows.validation == slice(4, None)
    np.testing.assert_array_equal(rows.sample_weight, [2, 0, 2, 2, 0, 2])
    unweighted = rows_with_a_level(LEVELS, 4, None, by_weight=True)
    assert unweighted.sample_weight.dtype == np.float32
    assert rows_with_a_level(TAILLESS, 5, None, by_weight=True).validation is None


def test_the_warning_says_how_many_and_what_a_level_is():
    scaling = WindowScaling("log_mean", level_steps=3)
    with pytest.warns(LostWindowsWarning, match=r"2 of 6 .* last 3 inputs .* zero"):
        warn_left_out(rows_with_a_level(LEVELS, 4, None), 6, "LSTMRegressor", scaling)
    with pytest.warns(LostWindowsWarning, match="not scored"):
        warn_left_out(rows_with_a_level(TAILLESS, 5, None), 6, "LSTMRegressor", scaling)
