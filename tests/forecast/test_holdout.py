"""``skltsm._forecast._holdout``: the observations a fit holds out, forecast.

A fake strategy stands in for the network: each copy forecasts, at every
step, the last value of the rows it was fitted on, so that a residual says
which copy made it and from which rows. One test runs a real strategy (a
linear pipeline, no network) through the same plan, to keep the fake honest.
"""

import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression

from skltsm import Differencer, LagTransformer, make_forecast_pipeline
from skltsm._forecast._holdout import HoldoutPlan, check_length
from skltsm._forecast._strategies import Recursive
from skltsm.exceptions import CalibrationWarning


class LastSeen:
    """A fitted copy that forecasts the last value it was fitted on, plus ``bias``."""

    has_quantile_heads = False

    def __init__(self, y_fitted: pd.DataFrame, steps=(1, 2), bias=0.0):
        self.y_fitted = y_fitted
        self.steps = list(steps)
        self.bias = bias

    def calibration_steps(self, n_origins):
        return self.steps

    def forecast(self, y, X, origins, steps, *, quantiles=False):
        last = self.y_fitted.to_numpy(np.float64)[-1] + self.bias
        return np.broadcast_to(last, (len(origins), len(steps), y.shape[1])).copy()

    def forecast_ends(self, y, X, steps, *, quantiles=False):
        ends = self.y_fitted.groupby(level=0, sort=False).last().to_numpy(np.float64)
        return np.repeat(ends[:, None, :] + self.bias, len(steps), axis=1)


def plan(calibration_size=4, scale_window=None, sp=1):
    return HoldoutPlan(calibration_size, scale_window, sp, factors=None, theta=None)


def squares(n=20):
    """One series whose every change differs: a residual names its rows."""
    index = pd.period_range("2000-01", periods=n, freq="M")
    return pd.DataFrame({"y": np.arange(n, dtype=float) ** 2}, index=index)


def copies_of(fitted: list, **fake):
    """``fitted_copy`` for the plan: a LastSeen copy, and each y it was given."""

    def fitted_copy(y_part, X_part):
        fitted.append(y_part)
        return LastSeen(y_part, **fake)

    return fitted_copy


def stacked(holdout, model="network"):
    """``{step: errors of model}``, the blocks of each step one after another."""
    return {
        h: np.concatenate(blocks)[:, 0] for h, blocks in holdout.errors[model].items()
    }


def test_a_single_series_holdout_is_forecast_by_one_copy_per_fold():
    y = squares()
    fitted = []
    holdout = plan(calibration_size=4).forecast(
        copies_of(fitted), LastSeen(y), y, None, min_length=5, min_windows=1, n_folds=2
    )
    # the last 4 observations held out: origins 15..18, in folds [15, 16], [17, 18];
    # each copy sees the rows up to its fold's first origin, none after
    assert [len(part) for part in fitted] == [16, 18]
    v = y["y"].to_numpy()
    first, second = v[15], v[17]  # what each copy forecasts
    residuals = holdout.residuals()
    np.testing.assert_array_equal(
        residuals[1][:, 0],
        [v[16] - first, v[17] - first, v[18] - second, v[19] - second],
    )
    # step 2 from origin 18 is past the end of y: no residual for it
    np.testing.assert_array_equal(
        residuals[2][:, 0], [v[17] - first, v[18] - first, v[19] - second]
    )
    # the naive forecast beside it repeats the value at each origin
    np.testing.assert_array_equal(
        stacked(holdout, "naive")[2], [v[17] - v[15], v[18] - v[16], v[19] - v[17]]
    )


def test_a_residual_is_divided_by_the_local_scale_at_its_origin():
    y = squares()
    raw = plan(scale_window=None).forecast(
        copies_of([]), LastSeen(y), y, None, min_length=5, min_windows=1, n_folds=1
    )
    scaled = plan(scale_window=3).forecast(
        copies_of([]), LastSeen(y), y, None, min_length=5, min_windows=1, n_folds=1
    )
    # squares change by 2t - 1: the mean of the 3 changes up to origin 15 is 27
    assert scaled.residuals()[1][0, 0] == raw.residuals()[1][0, 0] / 27.0
    for h, errors in stacked(raw).items():  # the errors themselves stay raw
        np.testing.assert_array_equal(stacked(scaled)[h], errors)


def test_nothing_is_held_out_with_calibration_size_0_or_too_few_rows():
    y = squares(8)
    never = copies_of(fitted := [])
    assert (
        plan(calibration_size=0).forecast(
            never, LastSeen(y), y, None, min_length=2, min_windows=1, n_folds=1
        )
        is None
    )
    # a copy needs 8 rows: none can be left out of the 8 there are
    assert (
        plan(calibration_size=3).forecast(
            never, LastSeen(y), y, None, min_length=8, min_windows=1, n_folds=1
        )
        is None
    )
    assert fitted == []  # no copy was fitted for nothing


def test_a_copy_that_fails_says_how_to_hold_out_fewer():
    y = squares()

    def failing(y_part, X_part):
        raise ValueError("needs 30 samples.")

    with pytest.raises(
        ValueError, match=r"copy .* failed: needs 30 samples\. The fit"
    ) as error:
        plan().forecast(
            failing, LastSeen(y), y, None, min_length=5, min_windows=1, n_folds=1
        )
    assert "calibration_size=0" in str(error.value)
    assert isinstance(error.value.__cause__, ValueError)


def panel_of(lengths: dict[str, int]) -> pd.DataFrame:
    """Series ending together in 2001-12, each its own squares plus an offset."""
    frames = []
    for offset, (key, n) in enumerate(lengths.items()):
        time = pd.period_range(end="2001-12", periods=n, freq="M")
        values = 1000.0 * offset + np.arange(n, dtype=float) ** 2
        frames.append(
            pd.DataFrame(
                {"y": values},
                index=pd.MultiIndex.from_product(
                    [[key], time], names=["series", "time"]
                ),
            )
        )
    return pd.concat(frames)


def test_a_panel_is_cut_two_steps_before_each_end_and_forecast_per_series():
    y = panel_of({"a": 10, "b": 7})
    fitted = []
    holdout = plan().forecast(
        copies_of(fitted, bias=0.5), LastSeen(y), y, None,
        min_length=3, min_windows=1, n_folds=3,
    )  # fmt: skip
    # one copy, on every series but its last max(steps) = 2 rows
    assert len(fitted) == 1
    pd.testing.assert_frame_equal(fitted[0], y.groupby(level=0).head(-2))
    a, b = y.loc["a", "y"].to_numpy(), y.loc["b", "y"].to_numpy()
    residuals = holdout.residuals()  # raw: scale_window=None
    # one residual per series and step, in the order of the series
    np.testing.assert_array_equal(
        residuals[1][:, 0], [a[8] - (a[7] + 0.5), b[5] - (b[4] + 0.5)]
    )
    np.testing.assert_array_equal(
        residuals[2][:, 0], [a[9] - (a[7] + 0.5), b[6] - (b[4] + 0.5)]
    )
    np.testing.assert_array_equal(
        stacked(holdout, "naive")[2], [a[9] - a[7], b[6] - b[4]]
    )


class UpToHoldout(LastSeen):
    """The recursive strategy without ``fh``: every step the holdout allows."""

    def calibration_steps(self, n_origins):
        return list(range(1, n_origins + 1))


def test_a_panel_calibrates_every_step_its_shortest_trained_series_allows():
    # the recursive strategy without fh calibrated step 1 only on a panel
    y = panel_of({"a": 20, "b": 10, "short": 2})  # short: no window, no residual
    fitted = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalibrationWarning)
        holdout = plan(calibration_size=0.4).forecast(
            copies_of(fitted), UpToHoldout(y), y, None,
            min_length=3, min_windows=1, n_folds=1,
        )  # fmt: skip
    # 40 % of b's 10 rows: 4 steps, as one series of 10 rows holds out
    assert sorted(holdout.residuals()) == [1, 2, 3, 4]
    pd.testing.assert_frame_equal(
        fitted[0], y.loc[["a", "b"]].groupby(level=0).head(-4)
    )
    a, b = y.loc["a", "y"].to_numpy(), y.loc["b", "y"].to_numpy()
    np.testing.assert_array_equal(
        holdout.residuals()[4][:, 0], [a[19] - a[15], b[9] - b[5]]
    )


def test_a_panel_series_too_short_for_the_cut_adds_no_residual_and_is_named():
    y = panel_of({"a": 10, "short": 2})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        holdout = plan().forecast(
            copies_of([]), LastSeen(y), y, None, min_length=3, min_windows=1, n_folds=1
        )
    warned = [w for w in caught if issubclass(w.category, CalibrationWarning)]
    assert len(warned) == 1 and "['short']" in str(warned[0].message)
    a = y.loc["a", "y"].to_numpy()
    np.testing.assert_array_equal(holdout.residuals()[1][:, 0], [a[8] - a[7]])


def test_a_panel_too_short_for_the_copys_windows_holds_out_nothing():
    y = panel_of({"a": 4, "b": 4})  # 2 rows before each cut, 3 per window
    fitted = []
    assert (
        plan().forecast(
            copies_of(fitted),
            LastSeen(y),
            y,
            None,
            min_length=3,
            min_windows=1,
            n_folds=1,
        )
        is None
    )
    assert fitted == []


def with_validation(y, n_validation):
    strategy = LastSeen(y.iloc[:-n_validation] if n_validation else y, steps=[1, 2])
    estimator = SimpleNamespace(n_validation_=n_validation)
    strategy.fitted_pipelines = [SimpleNamespace(_final_estimator=estimator)]
    return strategy


def test_the_early_stopping_tail_is_forecast_from_the_origins_before_it():
    y = squares()
    # the fake forecasts y[16]: the last row its (fake) training windows targeted
    holdout = plan().forecast_tail(with_validation(y, 3), y, None)
    v = y["y"].to_numpy()
    # origins 16, 17, 18: one step reaches the 3 rows held out, two steps 2 of them
    np.testing.assert_array_equal(
        holdout.residuals()[1][:, 0], [v[17] - v[16], v[18] - v[16], v[19] - v[16]]
    )
    np.testing.assert_array_equal(
        holdout.residuals()[2][:, 0], [v[18] - v[16], v[19] - v[16]]
    )


def test_the_early_stopping_tail_needs_rows_held_out():
    y = squares()
    with pytest.raises(ValueError, match="early_stopping=True"):
        plan().forecast_tail(with_validation(y, 0), y, None)


def test_a_real_strategy_on_a_line_leaves_zero_residuals_and_the_naive_slope():
    index = pd.period_range("2000-01", periods=20, freq="M")
    y = pd.DataFrame({"y": 3.0 + 2.0 * np.arange(20)}, index=index)
    pipeline = make_forecast_pipeline(
        Differencer(), LagTransformer(look_back=2), LinearRegression()
    )

    def fitted_copy(y_part, X_part):
        strategy = Recursive(pipeline, ["y"], 1, horizons=[1, 2])
        return strategy.fit(y_part, X_part)

    strategy = fitted_copy(y, None)
    holdout = plan(calibration_size=4).forecast(
        fitted_copy, strategy, y, None,
        min_length=strategy.min_length, min_windows=1, n_folds=2,
    )  # fmt: skip
    residuals = holdout.residuals()
    assert sorted(residuals) == [1, 2]
    np.testing.assert_allclose(residuals[1], 0.0, atol=1e-9)
    np.testing.assert_allclose(residuals[2], 0.0, atol=1e-9)
    np.testing.assert_allclose(stacked(holdout, "naive")[2], 4.0)  # two steps of 2


class Needs:
    def __init__(self, min_length):
        self.min_length = min_length


def test_check_length_refuses_a_series_shorter_than_the_strategy_needs():
    with pytest.raises(
        ValueError,
        match=r"y has 4 observations, but LSTMForecaster\(strategy='direct'\) "
        r"needs at least 5.*Use a longer series",
    ):
        check_length(Needs(5), 4, "direct")
    check_length(Needs(5), 5, "direct")  # enough: nothing raised
