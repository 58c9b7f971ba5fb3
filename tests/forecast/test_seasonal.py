"""Classical seasonal adjustment around a strategy, and M4's naive2."""

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")

from sktime.forecasting.compose import TransformedTargetForecaster
from sktime.forecasting.naive import NaiveForecaster
from sktime.transformations.detrend import Deseasonalizer

from skltsm._forecast._seasonal import (
    BenchmarkCombination,
    Deseasonalised,
    naive2_forecasts,
)
from skltsm.sktime._default_choices import seasonal_factors, theta_method

PATTERN = np.array([0.8, 1.0, 1.3, 0.9])


class LastValue:
    """A stand-in strategy: forecasts the last value it is given, at every step."""

    targets = ["y"]

    def fit(self, y, X, *, continue_epochs=None):
        self.seen_ = y.copy()
        return self

    def forecast(self, y, X, origins, steps, *, quantiles=False):
        values = y.to_numpy()[np.asarray(origins)]
        return np.repeat(values[:, None, :], len(steps), axis=1)

    def one_step_ahead(self, y, X, *, quantiles=False):
        values = y.to_numpy()
        return np.vstack([np.full((1, values.shape[1]), np.nan), values[:-1]])


def seasonal_series(n=40, level=100.0, offset=0) -> pd.DataFrame:
    t = np.arange(n) + offset
    return pd.DataFrame({"y": level * PATTERN[t % 4]})


def test_the_factors_of_a_purely_seasonal_series_are_its_pattern():
    factors = seasonal_factors(seasonal_series().to_numpy(), sp=4)
    assert factors.model == "multiplicative"
    np.testing.assert_allclose(factors.factors[:, 0], PATTERN / PATTERN.mean())
    shifted = seasonal_factors(seasonal_series(offset=1).to_numpy(), sp=4)
    np.testing.assert_allclose(
        shifted.factors[:, 0], np.roll(PATTERN, -1) / PATTERN.mean()
    )


def test_a_series_with_values_below_zero_is_decomposed_additively():
    values = seasonal_series().to_numpy() - 100
    factors = seasonal_factors(values, sp=4)
    assert factors.model == "additive"
    expected = Deseasonalizer(sp=4).fit(pd.Series(values[:, 0])).seasonal_
    np.testing.assert_allclose(factors.factors[:, 0], expected)


def test_the_reseasonalised_forecast_of_a_purely_seasonal_series_is_its_pattern():
    y = seasonal_series(41)  # ends on the second row of the season
    factors = seasonal_factors(y.to_numpy(), sp=4)
    strategy = Deseasonalised(LastValue(), factors, start=y.index[0]).fit(y, None)
    # the wrapped strategy learnt the adjusted series: a constant
    np.testing.assert_allclose(strategy.strategy.seen_["y"], 100.0)
    path = strategy.forecast_ends(y, None, [1, 2, 3, 4, 5])[0, :, 0]
    np.testing.assert_allclose(path, 100 * PATTERN[np.arange(41, 46) % 4])
    fitted = strategy.one_step_ahead(y, None)[1:, 0]
    np.testing.assert_allclose(fitted, y["y"].iloc[1:])
    assert strategy.targets == ["y"]  # the rest is the wrapped strategy's


def test_naive2_is_sktimes_naive_on_the_deseasonalised_series():
    rng = np.random.default_rng(0)
    t = np.arange(30)
    values = 50 * PATTERN[t % 4] * np.exp(rng.normal(0, 0.05, 30).cumsum())
    y = pd.Series(values, index=pd.period_range("2000Q1", periods=30, freq="Q"))
    factors = seasonal_factors(values[:, None], sp=4)
    ours = naive2_forecasts(values[:, None], np.array([29]), np.arange(1, 9), factors)
    naive2 = TransformedTargetForecaster(
        [Deseasonalizer(sp=4, model="multiplicative"), NaiveForecaster()]
    ).fit(y, fh=np.arange(1, 9))
    np.testing.assert_allclose(ours[0, :, 0], naive2.predict().to_numpy())
    naive = naive2_forecasts(values[:, None], np.array([3, 29]), np.arange(1, 3), None)
    np.testing.assert_array_equal(naive[:, :, 0], [[values[3]] * 2, [values[29]] * 2])


def test_earlier_history_keeps_the_phase_of_the_factors_and_of_theta():
    # an update without refitting may bring rows before the first one fitted;
    # positions then count from the first label fitted, not from row 0
    rng = np.random.default_rng(0)
    t = np.arange(45)
    values = 50 * PATTERN[t % 4] * np.exp(rng.normal(0, 0.05, 45).cumsum())
    y = pd.DataFrame({"y": values}, index=pd.period_range("2000Q1", periods=45))
    fitted, memory = y.iloc[3:], y  # three earlier rows: not a whole season
    factors = seasonal_factors(fitted.to_numpy(), sp=4)
    theta = theta_method(fitted.to_numpy(), factors)
    start = fitted.index[0]  # given by the forecaster, which estimated both
    strategy = BenchmarkCombination(
        Deseasonalised(LastValue(), factors, start=start), theta, start=start
    ).fit(fitted, None)
    steps = [1, 2, 3, 5]
    np.testing.assert_allclose(
        strategy.forecast_ends(memory, None, steps),
        strategy.forecast_ends(fitted, None, steps),
    )
    in_sample = strategy.one_step_ahead(memory, None)
    np.testing.assert_allclose(in_sample[3:], strategy.one_step_ahead(fitted, None))
    assert np.isnan(in_sample[:4]).all()  # Theta has no level before its start
    with pytest.raises(ValueError, match="first label"):
        strategy.forecast_ends(y.iloc[5:], None, steps)
