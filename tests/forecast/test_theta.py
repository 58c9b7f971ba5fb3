"""The Theta method from any origins: sktime's ThetaForecaster, vectorised."""

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")

from sktime.forecasting.theta import ThetaForecaster

from skltsm._forecast._theta import ThetaMethod
from skltsm.sktime._default_choices import seasonal_factors, theta_method

PATTERN = np.array([0.8, 1.0, 1.3, 0.9])
STEPS = np.arange(1, 9)


def seasonal_values(n=60, seed=0) -> np.ndarray:
    """A positive quarterly series: a trend, a season and noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    trend = 50 + 0.8 * t + rng.normal(0, 2, n).cumsum()
    return trend * PATTERN[t % 4]


def reference(adjusted: np.ndarray, alpha: float, level0: float, steps) -> np.ndarray:
    """Theta on the adjusted rows given, an explicit loop: SES level plus drift."""
    level = level0
    for value in adjusted:
        level = alpha * value + (1 - alpha) * level
    n = len(adjusted)
    trend = np.polyfit(np.arange(n), adjusted, 1)[0] / 2
    return level + trend * (steps + (1 - (1 - alpha) ** n) / alpha)


def test_the_last_origin_forecasts_as_sktimes_theta_forecaster():
    values = seasonal_values()
    factors = seasonal_factors(values[:, None], sp=4)
    theta = theta_method(values[:, None], factors)
    ours = theta.forecast(values[:, None], np.array([59]), STEPS)[0, :, 0]
    y = pd.Series(values, index=pd.period_range("2000Q1", periods=60, freq="Q"))
    sktime = ThetaForecaster(sp=4, deseasonalize_model="multiplicative").fit(
        y, fh=STEPS
    )
    assert theta.alpha[0] == pytest.approx(sktime.initial_level_)  # its alpha
    np.testing.assert_allclose(ours, sktime.predict().to_numpy(), rtol=1e-9)


def test_a_series_without_factors_forecasts_as_theta_without_deseasonalising():
    values = 20 + np.random.default_rng(1).normal(0.3, 1, 40).cumsum()
    theta = theta_method(values[:, None], None)
    ours = theta.forecast(values[:, None], np.array([39]), STEPS)[0, :, 0]
    y = pd.Series(values)
    sktime = ThetaForecaster(deseasonalize=False).fit(y, fh=STEPS)
    np.testing.assert_allclose(ours, sktime.predict().to_numpy(), rtol=1e-9)


def test_an_earlier_origin_forecasts_from_the_rows_up_to_it_alone():
    values = seasonal_values()
    factors = seasonal_factors(values[:, None], sp=4)
    theta = theta_method(values[:, None], factors)
    origins = np.array([0, 1, 17, 42, 59])
    ours = theta.forecast(values[:, None], origins, STEPS)[..., 0]
    adjusted = factors.adjust(values[:, None], np.arange(60))[:, 0]
    alpha, level0 = theta.alpha[0], theta.initial_level[0]
    for i, origin in enumerate(origins[1:], start=1):  # a line needs two rows
        expected = reference(adjusted[: origin + 1], alpha, level0, STEPS)
        expected *= factors.factors[(origin + STEPS) % 4, 0]
        np.testing.assert_allclose(ours[i], expected, rtol=1e-9)
    # later rows change nothing: the forecast from 17 ignores rows 18 and on
    changed = values.copy()
    changed[18:] *= 3
    again = theta.forecast(changed[:, None], origins[:3], STEPS)[..., 0]
    np.testing.assert_allclose(again, ours[:3])
    # one row: no slope, the level alone
    level = alpha * adjusted[0] + (1 - alpha) * level0
    np.testing.assert_allclose(ours[0], level * factors.factors[STEPS % 4, 0])


def test_each_target_has_its_own_parameters_and_no_origin_is_nan():
    values = np.column_stack([seasonal_values(seed=2), seasonal_values(seed=3)])
    theta = theta_method(values, None)
    both = theta.forecast(values, np.array([-1, 30, 59]), STEPS)
    assert both.shape == (3, len(STEPS), 2)
    assert np.isnan(both[0]).all() and np.isfinite(both[1:]).all()
    alone = theta_method(values[:, 1:], None).forecast(
        values[:, 1:], np.array([30, 59]), STEPS
    )
    np.testing.assert_allclose(both[1:, :, 1:], alone)


def test_a_constant_smoothing_forecasts_the_initial_level_plus_the_trend():
    theta = ThetaMethod(None, alpha=np.array([0.0]), initial_level=np.array([5.0]))
    values = np.arange(10.0)[:, None]
    path = theta.forecast(values, np.array([9]), np.array([1, 2]))[0, :, 0]
    np.testing.assert_allclose(path, [5.5, 6.0])  # 5 + 0.5 * h


def test_rows_before_the_first_fitted_are_ignored_and_keep_the_phase():
    values = seasonal_values()
    factors = seasonal_factors(values[5:, None], sp=4)
    theta = theta_method(values[5:, None], factors)
    origins = np.array([20, 54])
    ours = theta.forecast(values[:, None], origins + 5, STEPS, first=5)
    np.testing.assert_allclose(ours, theta.forecast(values[5:, None], origins, STEPS))
    before = theta.forecast(values[:, None], np.array([4]), STEPS, first=5)
    assert np.isnan(before).all()  # no observation since the first fitted


@pytest.mark.parametrize("seasonal", [False, True])
def test_quantiles_are_sktimes_gaussian_theta_quantiles(seasonal):
    values = (
        seasonal_values(n=24)
        if seasonal
        else seasonal_values(n=24) / PATTERN[np.arange(24) % 4]
    )
    factors = seasonal_factors(values[:, None], sp=4) if seasonal else None
    theta = theta_method(values[:, None], factors)
    forecasts = theta.forecast(values[:, None], np.array([23]), STEPS)[0]
    alpha = [0.025, 0.1, 0.5, 0.9, 0.975]
    ours = theta.quantiles(values[:, None], forecasts, STEPS, alpha)[:, 0, :]
    y = pd.Series(values, index=pd.period_range("2000Q1", periods=24, freq="Q"))
    sktime = ThetaForecaster(sp=4, deseasonalize=seasonal).fit(y, fh=STEPS)
    expected = sktime.predict_quantiles(alpha=alpha).to_numpy()
    np.testing.assert_allclose(ours, expected, rtol=1e-9)
    # rows before ``first`` (history an update brought) change nothing
    earlier = np.concatenate([values[:3] * 5, values])[:, None]
    np.testing.assert_allclose(
        theta.quantiles(earlier, forecasts, STEPS, alpha, first=3)[:, 0, :], ours
    )
