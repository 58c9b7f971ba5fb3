"""``skltsm._forecast._memory_forecasts``: the memory forecast ahead and in-sample.

The strategies are real, on pipelines without a network: a linear regression
of the differences of straight lines forecasts each line exactly (its slope
at every step), and :class:`~tests.oracle.MemorizingRegressor` gives back the
target of every window it was trained on, so that an in-sample forecast is
the observation itself.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression

from skltsm import Differencer, LagTransformer, make_forecast_pipeline
from skltsm._forecast._memory_forecasts import (
    MemoryForecasts,
    quantile_levels,
    warn_missing_history,
)
from skltsm._forecast._strategies import MultiOutput, Recursive
from skltsm._series._panel import panel_index
from skltsm.exceptions import InsufficientHistoryWarning
from tests.oracle import MemorizingQuantiles, MemorizingRegressor

LOOK_BACK = 3
WARMUP = LOOK_BACK + 1  # the look-back window and one difference


def pipeline(regressor=None):
    return make_forecast_pipeline(
        Differencer(),
        LagTransformer(look_back=LOOK_BACK),
        LinearRegression() if regressor is None else regressor,
    )


def line(n=20, slope=2.0, level=10.0, end="2001-12"):
    """A straight line: its differences are ``slope``, every window alike."""
    index = pd.period_range(end=end, periods=n, freq="M")
    return pd.DataFrame({"y": level + slope * np.arange(n)}, index=index)


def lines(lengths=(20, 16, 24), slopes=(2.0, -1.0, 0.5), ends=None):
    """A panel of straight lines of different lengths, slopes and ends."""
    ends = ends or ["2001-12", "2001-10", "2001-12"]
    rows = zip("abc", lengths, slopes, ends, strict=True)
    parts = {
        name: line(n, slope, 10.0 * (k + 1), end)
        for k, (name, n, slope, end) in enumerate(rows)
    }
    return pd.concat(parts, names=["id", "time"])


def memory_of(strategy, y, X=None, owner="LSTMForecaster"):
    return MemoryForecasts(strategy.fit(y, X), y, X, 1, owner)


def test_of_series_forecasts_ahead_from_the_end_and_in_sample_one_step_ahead():
    y = line()
    memory = memory_of(Recursive(pipeline(MemorizingRegressor()), ["y"], 1), y)
    steps = np.array([-2, -1, 0, 1, 2, 3])

    values = memory.of_series(steps, None)

    observed = y["y"].to_numpy()
    assert values.shape == (6, 1)
    np.testing.assert_array_equal(values[:3, 0], observed[-3:])  # the fitted values
    np.testing.assert_allclose(values[3:, 0], observed[-1] + 2.0 * np.array([1, 2, 3]))


def test_in_sample_steps_before_a_complete_window_are_nan_with_one_warning():
    y = line()
    memory = memory_of(Recursive(pipeline(), ["y"], 1), y)
    steps = np.array([-19, -16, -15, 0])  # rows 0 and 3 have no window

    with pytest.warns(InsufficientHistoryWarning, match="2 of the 4 in-sample"):
        values = memory.in_sample(steps)

    assert np.isnan(values[:2]).all()
    np.testing.assert_allclose(values[2:, 0], y["y"].to_numpy()[[4, 19]])


def test_warn_missing_history_is_silent_when_nothing_is_missing():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warn_missing_history(0, 5)


def test_covariates_are_the_memory_followed_by_the_future_rows():
    y = line()
    X = pd.DataFrame({"x": np.arange(20.0)}, index=y.index)
    memory = memory_of(Recursive(pipeline(), ["y"], 1), y, X)
    future = pd.DataFrame(
        {"x": [100.0, 101.0, 102.0]},
        index=pd.period_range("2002-01", periods=3, freq="M"),
    )

    covariates = memory.covariates(2, future)

    assert covariates["x"].tolist() == [*np.arange(20.0), 100.0, 101.0]
    assert memory_of(Recursive(pipeline(), ["y"], 1), y).covariates(2, None) is None


def test_covariates_name_the_owner_when_the_future_rows_are_missing():
    y = line()
    X = pd.DataFrame({"x": np.arange(20.0)}, index=y.index)
    memory = memory_of(Recursive(pipeline(), ["y"], 1), y, X, owner="MyForecaster")

    with pytest.raises(ValueError, match="MyForecaster was fitted with exogenous X"):
        memory.of_series(np.array([1, 2]), None)


def test_of_panel_forecasts_each_series_from_its_own_end():
    y = lines()
    memory = memory_of(Recursive(pipeline(MemorizingRegressor()), ["y"], 1), y)
    panel = panel_index(y.index)
    own_steps = np.array([[-1, 0, 1, 2], [1, 2, 3, 4], [-1, 0, 1, 2]])

    values = memory.of_panel(panel, own_steps, None)

    assert values.shape == (3, 4, 1)
    for k, (name, slope) in enumerate(zip("abc", (2.0, -1.0, 0.5), strict=True)):
        observed = y.loc[name, "y"].to_numpy()
        expected = np.where(
            own_steps[k] <= 0,
            observed[len(observed) - 1 + np.minimum(own_steps[k], 0)],
            observed[-1] + slope * own_steps[k],
        )
        np.testing.assert_allclose(values[k, :, 0], expected)


def test_panel_in_sample_warns_once_of_every_series_steps_without_a_window():
    y = lines()
    memory = memory_of(Recursive(pipeline(), ["y"], 1), y)
    own_steps = np.array([[-19, 0], [-15, 0], [-1, 0]])  # a's and b's first rows

    with pytest.warns(InsufficientHistoryWarning, match="2 of the 6 in-sample"):
        values = memory.of_panel(panel_index(y.index), own_steps, None)

    assert np.isnan(values[:2, 0]).all() and not np.isnan(values[2]).any()


def test_a_series_shorter_than_one_window_is_refused_by_name():
    memory = memory_of(Recursive(pipeline(), ["y"], 1), lines(lengths=(20, 16, 24)))
    held = lines(lengths=(20, 16, WARMUP - 1))  # c: one row short of a forecast
    memory = MemoryForecasts(memory.strategy, held, None, 1, "LSTMForecaster")

    too_short = r"1 of 3 series of the panel have fewer .*: 'c'\."
    with pytest.raises(ValueError, match=too_short):
        memory.of_panel(panel_index(held.index), np.array([[1], [1], [1]]), None)
    with pytest.warns(InsufficientHistoryWarning, match="1 of the 3"):  # c in-sample
        memory.of_panel(panel_index(held.index), np.array([[0], [0], [0]]), None)


def test_quantiles_add_a_last_axis_of_the_networks_levels():
    y = line()
    strategy = MultiOutput(pipeline(MemorizingQuantiles()), ["y"], 1, n_steps=2)
    memory = memory_of(strategy, y)

    values = memory.of_series(np.array([0, 1, 2]), None, quantiles=True)

    np.testing.assert_allclose(quantile_levels(memory.strategy), [0.1, 0.5, 0.9])
    assert memory.value_shape(True) == (1, 3)
    assert values.shape == (3, 1, 3)
    point = memory.of_series(np.array([0, 1, 2]), None)
    np.testing.assert_allclose(values[:, :, 1], point)  # the median's shift is 0


def test_a_panels_covariates_name_the_owner_when_the_future_rows_are_missing():
    y = lines()
    X = pd.DataFrame({"x": np.arange(float(len(y)))}, index=y.index)
    memory = memory_of(Recursive(pipeline(), ["y"], 1), y, X, owner="MyForecaster")
    own_steps = np.ones((3, 1), dtype=int)

    with pytest.raises(ValueError, match="MyForecaster was fitted with exogenous X"):
        memory.of_panel(panel_index(y.index), own_steps, None)
