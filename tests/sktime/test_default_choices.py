"""The default forecaster configures itself from the data, and says how."""

import pickle
import warnings
from copy import deepcopy

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")

from sktime.forecasting.theta import ThetaForecaster

from skltsm._forecast._seasonal import BenchmarkCombination
from skltsm._forecast._strategies import MultiOutput, Recursive
from skltsm.exceptions import CalibrationWarning
from skltsm.sktime import LSTMForecaster
from skltsm.sktime._default_choices import (
    choose_defaults,
    longer_factors,
    seasonal_factors,
    theta_method,
)
from tests.sktime.conftest import linear_pipeline, lstm_pipeline


def hourly(n=700, seed=0) -> pd.DataFrame:
    """A daily cycle of hours, a drifting level and noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    values = 50 + 10 * np.sin(2 * np.pi * t / 24) + 0.02 * t + rng.normal(0, 1, n)
    index = pd.period_range("2024-01-01 00:00", periods=n, freq="h")
    return pd.DataFrame({"load": values}, index=index)


def weekly_hours(n=24 * 7 * 4, weekly=0.1, seed=0, shifts=()) -> pd.DataFrame:
    """A daily and a weekly cycle of hours on a trending level, with AR(1) noise.

    ``shifts``: hours at which the level steps up by a tenth.
    """
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    season = 1 + 0.3 * np.sin(2 * np.pi * t / 24) + weekly * np.sin(2 * np.pi * t / 168)
    level = 200 * (1 + 0.3 * t / n + sum(0.1 * (t >= at) for at in shifts))
    noise = np.zeros(n)
    for k in range(1, n):
        noise[k] = 0.5 * noise[k - 1] + rng.normal(0, 0.02)
    index = pd.date_range("2024-01-01", periods=n, freq="h")
    return pd.DataFrame({"load": level * season * np.exp(noise)}, index=index)


def random_walk(n, freq, seed=0) -> pd.DataFrame:
    values = 100 + np.random.default_rng(seed).normal(size=n).cumsum()
    return pd.DataFrame(
        {"y": values}, index=pd.period_range("2000", periods=n, freq=freq)
    )


def test_an_hourly_series_gets_a_daily_season_two_days_of_look_back_and_one_network():
    choices = choose_defaults(hourly(), sp=None, n_steps=48)
    assert (choices.sp, choices.seasonal) == (24, True)
    assert choices.look_back == 48 and choices.differencing == (1,)
    assert (choices.strategy, choices.n_steps) == ("multioutput", 48)
    # the early-stopping tail leaves every step 39 residuals (95 % intervals)
    windows = 700 - 1 - 48 - 48 + 1
    assert int(np.ceil(choices.validation_fraction * windows)) >= 48 + 38
    assert "seasonal period 24, seasonal" in str(choices)


def test_white_noise_has_no_season_and_no_difference():
    values = np.random.default_rng(0).normal(size=120)
    y = pd.DataFrame(
        {"y": values}, index=pd.period_range("2000-01", periods=120, freq="M")
    )
    choices = choose_defaults(y, sp=None, n_steps=None)
    assert (choices.sp, choices.seasonal, choices.differencing) == (12, False, ())
    assert choices.strategy == "recursive" and choices.look_back == 12


def test_a_random_walk_is_differenced_once_and_not_seasonally():
    choices = choose_defaults(random_walk(120, "M"), sp=None, n_steps=None)
    assert choices.differencing == (1,)


def test_a_seasonal_series_is_deseasonalised_not_seasonally_differenced():
    t = np.arange(144)
    values = 100 + np.random.default_rng(0).normal(size=(12, 12)).cumsum(axis=0)
    y = pd.DataFrame(
        {"y": values.ravel() + 0.1 * t},
        index=pd.period_range("2000-01", periods=144, freq="M"),
    )
    choices = choose_defaults(y, sp=None, n_steps=12)
    assert choices.seasonal and 12 not in choices.differencing
    factors = choices.seasonal_factors
    assert factors.model == "multiplicative" and factors.factors.shape == (12, 1)
    assert "seasonal adjustment: multiplicative classical decomposition" in str(choices)
    assert "forecast: the mean of the network's and Theta's" in str(choices)
    assert choices.theta.factors is factors  # Theta on the same adjustment


def test_a_short_yearly_series_gets_a_look_back_of_at_most_half_its_windows():
    choices = choose_defaults(random_walk(20, "Y"), sp=None, n_steps=6)
    assert choices.sp == 1 and not choices.seasonal
    available = 20 - sum(choices.differencing) - 6 + 1
    assert 1 <= choices.look_back <= available // 2


def test_sp_overrides_the_frequency_and_a_panel_is_not_differenced():
    series = [hourly(200, seed) for seed in range(3)]
    panel = pd.concat(series, keys=["a", "b", "c"], names=["id", "time"])
    choices = choose_defaults(panel, sp=12, n_steps=None)
    assert choices.sp == 12 and choices.panel and choices.differencing == ()
    assert "of 3 series" in choices.tested


def test_a_constant_series_of_a_panel_counts_as_not_seasonal_without_a_warning():
    series = [hourly(200, seed) for seed in range(2)]
    series.append(series[0].assign(load=7.0))
    panel = pd.concat(series, keys=["a", "b", "flat"], names=["id", "time"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # statsmodels divided 0 by 0 and warned
        choices = choose_defaults(panel, sp=24, n_steps=None)
    assert choices.seasonal and "2 of 3 series" in choices.tested


def test_the_forecaster_keeps_its_choices_and_an_explicit_pipeline_keeps_its_own():
    y = random_walk(60, "M")
    default = LSTMForecaster(random_state=0, calibration_size=0)
    default.fit(y, fh=range(1, 4))
    assert isinstance(default.strategy_, BenchmarkCombination)
    assert default.strategy_.benchmark is default.default_choices_.theta
    assert isinstance(default.strategy_.strategy, MultiOutput)
    assert default.default_choices_.n_steps == 3 and default.sp_ == 12
    no_fh = LSTMForecaster(random_state=0, calibration_size=0).fit(y)
    assert isinstance(no_fh.strategy_.strategy, Recursive)
    given = LSTMForecaster(lstm_pipeline(), calibration_size=0, random_state=0)
    given.fit(y, fh=range(1, 4))
    assert given.default_choices_ is None and isinstance(given.strategy_, Recursive)


def test_verbose_prints_the_choices_the_epochs_and_the_holdout_scores(capsys):
    LSTMForecaster(verbose=2, random_state=0).fit(random_walk(80, "M"), fh=[1, 2])
    printed = capsys.readouterr().out
    assert "the default pipeline's choices:\nseasonal period 12" in printed
    assert "Epoch 1/30" in printed and "val_loss" in printed
    assert "scores on the holdout:" in printed and "seasonal_naive" in printed


def test_a_series_too_short_for_a_network_forecasts_theta():
    y = random_walk(20, "Y")  # 20 - 1 - 5 - 6 + 1 windows: fewer than 20
    forecaster = LSTMForecaster(random_state=0).fit(y, fh=range(1, 7))
    assert forecaster.default_choices_.too_short and forecaster.fallback_
    assert forecaster.fallback_to_ == "theta"
    assert "Theta alone" in str(forecaster.default_choices_)
    theta = ThetaForecaster(deseasonalize=False).fit(y["y"], fh=range(1, 7))
    np.testing.assert_allclose(
        forecaster.predict()["y"], theta.predict().to_numpy(), rtol=1e-9
    )
    # its intervals are Theta's own (test_theta_alone_gives_sktimes_theta_intervals)
    assert forecaster.predict_interval(fh=[1], coverage=0.5).notna().all().all()
    kept = LSTMForecaster(random_state=0, fallback="off").fit(y, fh=range(1, 7))
    assert not kept.fallback_


def seasonal_quarters(n=30, seed=0) -> pd.DataFrame:
    """A trending quarterly series with a multiplicative season and noise."""
    t = np.arange(n)
    pattern = np.array([0.8, 1.0, 1.3, 0.9])
    noise = np.random.default_rng(seed).normal(0, 1, n)
    return pd.DataFrame(
        {"y": (100 + t) * pattern[t % 4] + noise},
        index=pd.period_range("2000Q1", periods=n, freq="Q"),
    )


@pytest.mark.parametrize(
    ("y", "fh", "sktime_theta"),
    [
        (
            random_walk(24, "Y", seed=3),
            range(1, 7),
            ThetaForecaster(deseasonalize=False),
        ),
        (seasonal_quarters(), range(1, 9), ThetaForecaster(sp=4)),
    ],
    ids=["yearly", "seasonal-quarterly"],
)
def test_theta_alone_gives_sktimes_theta_intervals(y, fh, sktime_theta):
    """Every step, where the early-stopping tail leaves the later ones one residual."""
    forecaster = LSTMForecaster(random_state=0).fit(y, fh=fh)
    assert forecaster.default_choices_.too_short and forecaster.fallback_to_ == "theta"
    seasonal = forecaster.default_choices_.seasonal_factors is not None
    assert seasonal == sktime_theta.deseasonalize  # the same Theta as sktime's
    theta = sktime_theta.fit(y["y"], fh=fh)
    np.testing.assert_allclose(forecaster.predict()["y"], theta.predict(), rtol=1e-9)
    coverage = [0.8, 0.95]
    ours = forecaster.predict_interval(coverage=coverage)
    expected = theta.predict_interval(coverage=coverage)
    np.testing.assert_allclose(ours.to_numpy(), expected.to_numpy(), rtol=1e-6)
    alpha = [0.1, 0.5, 0.975]
    quantiles = forecaster.predict_quantiles(alpha=alpha).to_numpy()
    np.testing.assert_allclose(quantiles[:, 1], forecaster.predict()["y"])  # centred
    np.testing.assert_allclose(
        quantiles, theta.predict_quantiles(alpha=alpha).to_numpy(), rtol=1e-6
    )


def test_steps_of_few_residuals_take_the_wider_of_their_extreme_and_thetas_quantile():
    """40 quarters: a network forecasts; the tail leaves step 8 one residual."""
    y = seasonal_quarters(40)
    forecaster = LSTMForecaster(random_state=0).fit(y, fh=range(1, 9))
    assert not forecaster.default_choices_.too_short and not forecaster.fallback_
    assert len(forecaster.residuals_[8]) == 1  # refused before: no spread at all

    with pytest.warns(CalibrationWarning, match="Theta method's Gaussian quantile"):
        intervals = forecaster.predict_interval(coverage=[0.8, 0.95]).to_numpy()

    point = forecaster.predict()["y"].to_numpy()
    lower95, lower80, upper80, upper95 = intervals[:, [2, 0, 1, 3]].T
    assert np.all(lower95 <= lower80) and np.all(lower80 <= point)
    assert np.all(point <= upper80) and np.all(upper80 <= upper95)
    # step 8 is Theta's Gaussian interval (sktime's width) around the forecast
    theta = ThetaForecaster(sp=4).fit(y["y"], fh=range(1, 9))
    theta_interval = theta.predict_interval(coverage=[0.8, 0.95]).to_numpy()
    width = (theta_interval[-1, 1::2] - theta_interval[-1, 0::2]) / 2
    np.testing.assert_allclose(intervals[-1, 1::2] - point[-1], width, rtol=1e-6)


def test_a_series_shorter_than_three_seasons_says_it_was_not_tested():
    choices = choose_defaults(random_walk(30, "M"), sp=None, n_steps=6)
    printed = str(choices)
    assert printed.startswith("seasonal period 12, not tested (fewer than 3 seasons)")
    assert "M4 test" not in printed and "long enough" not in printed
    # Theta forecasts; the network trained beside it is only scored
    assert choices.too_short and "trained only to be scored" in printed


def test_theta_fits_an_all_zero_series_without_runtime_warnings():
    values = np.zeros((40, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # statsmodels' log(0)
        theta = theta_method(values, None)
    np.testing.assert_array_equal(theta.forecast(values, [39], [1, 2]), 0.0)


def test_the_default_forecast_of_a_purely_seasonal_series_is_its_season():
    t = np.arange(48)
    pattern = np.array([0.8, 1.0, 1.3, 0.9])
    y = pd.DataFrame(
        {"y": 100 * pattern[t % 4]},
        index=pd.period_range("2000Q1", periods=48, freq="Q"),
    )
    forecaster = LSTMForecaster(random_state=0, calibration_size=0)
    forecaster.fit(y, fh=range(1, 9))
    assert forecaster.default_choices_.seasonal_factors is not None
    # the wrappers count the season from the label the baselines count it from
    combination, deseasonalised = forecaster.strategy_, forecaster.strategy_.strategy
    assert combination.start == deseasonalised.start == y.index[0]
    assert forecaster._fitted_start == y.index[0]
    # the adjusted series is constant: network and Theta forecast it exactly
    np.testing.assert_allclose(
        forecaster.predict()["y"], 100 * pattern[np.arange(48, 56) % 4], rtol=1e-3
    )


def test_the_default_forecasts_the_mean_of_the_network_and_theta():
    y = random_walk(60, "M")
    forecaster = LSTMForecaster(random_state=0, calibration_size=0)
    forecaster.fit(y, fh=range(1, 4))
    assert not forecaster.fallback_ and forecaster.fallback_to_ == "theta"
    values, steps = y.to_numpy(), np.arange(1, 4)
    network = forecaster.strategy_.strategy.forecast(
        forecaster.y_memory_, None, [59], steps
    )[0, :, 0]
    theta = forecaster.default_choices_.theta.forecast(values, [59], steps)[0, :, 0]
    np.testing.assert_allclose(forecaster.predict()["y"], (network + theta) / 2)
    restored = pickle.loads(pickle.dumps(forecaster))
    np.testing.assert_allclose(restored.predict(), forecaster.predict())


def test_the_default_scores_theta_beside_the_naive_forecasts():
    forecaster = LSTMForecaster(random_state=0).fit(random_walk(80, "M"), fh=[1, 2])
    scores = forecaster.baseline_scores_
    assert scores.index.tolist() == [
        "network", "naive", "seasonal_naive", "naive2", "theta"
    ]  # fmt: skip
    assert scores.notna().all()


def test_the_default_refuses_one_observation_clearly():
    months = pd.period_range("2000-01", periods=36, freq="M")
    with pytest.raises(ValueError, match="y has 1 observation, .*at least 3"):
        LSTMForecaster().fit(pd.Series([1.0], index=months[:1]), fh=[1])


def test_the_default_refuses_several_columns_clearly_when_called_directly():
    months = pd.period_range("2000-01", periods=36, freq="M")
    two = pd.DataFrame({"u": np.arange(36.0), "v": np.arange(36.0) ** 2}, months)
    with pytest.raises(ValueError, match=r"one variable, but y has 2 columns \['u'"):
        choose_defaults(two, sp=None, n_steps=1)


def test_the_default_says_it_is_univariate_and_sktime_forecasts_each_column():
    """The tag matches what the default pipeline does: one variable.

    sktime reads ``capability:multivariate`` False as "fit one forecaster per
    column"; True would send several columns to the default, which refuses
    them. A pipeline forecasts every column of y, so it keeps the tag True.
    """
    default = LSTMForecaster(random_state=0, calibration_size=0)
    assert default.get_tag("capability:multivariate") is False
    assert LSTMForecaster(lstm_pipeline()).get_tag("capability:multivariate")
    default.set_params(pipeline=lstm_pipeline())
    assert default.get_tag("capability:multivariate")
    default.set_params(pipeline=None)
    assert default.get_tag("capability:multivariate") is False
    months = pd.period_range("2000-01", periods=36, freq="M")
    two = pd.DataFrame({"u": np.arange(36.0), "v": np.arange(36.0) ** 2}, months)
    forecast = default.fit(two, fh=[1]).predict()
    assert forecast.columns.tolist() == ["u", "v"] and forecast.notna().all().all()


@pytest.mark.parametrize(
    ("values", "fh", "needed"),
    [([100.2, 100.2], [1], 3), ([100.2, 100.2, 102.3, 101.7], [1, 2, 3], 5)],
)
def test_a_series_too_short_for_two_windows_names_how_many_it_needs(values, fh, needed):
    """Not the regressor's early_stopping, which the user never set."""
    y = pd.Series(values, index=pd.period_range("2020", periods=len(values), freq="Y"))
    with pytest.raises(
        ValueError,
        match=rf"y has {len(values)} observations, but .* default pipeline needs "
        rf"at least {needed} for {len(fh)} steps? ahead",
    ):
        LSTMForecaster(random_state=0).fit(y, fh=fh)
    longer = pd.Series(
        values + [101.0], index=pd.period_range("2020", periods=needed, freq="Y")
    )  # one more observation: Theta alone, as for any short series
    forecaster = LSTMForecaster(random_state=0).fit(longer, fh=fh)
    assert forecaster.default_choices_.too_short and forecaster.fallback_


def test_earlier_history_in_an_update_changes_no_forecast():
    # a seasonal series too short for a network: Theta alone on the season;
    # three earlier quarters (not a whole season) must not shift its phase
    t = np.arange(30)
    pattern = np.array([0.8, 1.0, 1.3, 0.9])
    noise = np.random.default_rng(0).normal(0, 1, 30)
    y = pd.DataFrame(
        {"y": 100 + t + 30 * pattern[t % 4] + noise},
        index=pd.period_range("2000Q1", periods=30, freq="Q"),
    )
    forecaster = LSTMForecaster(random_state=0).fit(y.iloc[3:], fh=[1, 2, 3])
    assert forecaster.fallback_to_ == "theta" and forecaster.fallback_
    assert forecaster.default_choices_.seasonal_factors is not None
    before = forecaster.predict()
    naive2 = deepcopy(forecaster)
    naive2.fallback_to_ = "naive2"  # the naive2 fallback's path, on the same fit
    naive2_before = naive2.predict()
    forecaster.update(y.iloc[:3], update_params=False)
    naive2.update(y.iloc[:3], update_params=False)
    assert str(forecaster.cutoff[0]) == "2007Q2"
    pd.testing.assert_frame_equal(forecaster.predict(), before)
    pd.testing.assert_frame_equal(naive2.predict(), naive2_before)


def test_an_hourly_series_with_a_weekly_cycle_is_adjusted_by_the_day_and_the_week():
    y = weekly_hours()
    choices = choose_defaults(y, sp=None, n_steps=48)
    assert (choices.sp, choices.seasonal, choices.look_back) == (24, True, 48)
    factors = choices.seasonal_factors
    assert (factors.sp, factors.model, factors.factors.shape) == (
        168,
        "multiplicative",
        (168, 1),
    )
    assert choices.theta.factors is factors  # Theta on the same adjustment
    # the indices are both cycles': day x week, in phase with row 0
    t = np.arange(168)
    truth = (1 + 0.3 * np.sin(2 * np.pi * t / 24)) * (
        1 + 0.1 * np.sin(2 * np.pi * t / 168)
    )
    assert np.corrcoef(factors.factors[:, 0], truth)[0, 1] > 0.98
    assert "classical decomposition at periods 24 and 168" in str(choices)


def test_thetas_forecast_follows_the_week_once_it_is_adjusted_for():
    y = weekly_hours(24 * 7 * 4 + 48)
    train, test = y.iloc[:-48].to_numpy(), y.iloc[-48:, 0].to_numpy()
    choices = choose_defaults(y.iloc[:-48], sp=None, n_steps=48)
    origin, steps = np.array([len(train) - 1]), np.arange(1, 49)
    both = choices.theta.forecast(train, origin, steps)[0, :, 0]
    daily = theta_method(train, seasonal_factors(train, 24))
    day_only = daily.forecast(train, origin, steps)[0, :, 0]
    error = np.abs(both - test).mean()
    assert error < 0.6 * np.abs(day_only - test).mean()


def test_the_week_is_tested_on_the_series_less_its_trend():
    """A trend hides a 5 % weekly cycle from M4's test on the adjusted series."""
    from sktime.utils.seasonality import autocorrelation_seasonality_test

    values = weekly_hours(weekly=0.05).to_numpy()
    daily = seasonal_factors(values, 24)
    adjusted = daily.adjust(values, np.arange(len(values)))[:, 0]
    assert not autocorrelation_seasonality_test(pd.Series(adjusted), 168)
    combined = longer_factors(values, daily, 168)
    assert combined.sp == 168 and combined.model == "multiplicative"
    # without a daily season the week alone is tested and taken
    assert longer_factors(adjusted[:, None], None, 168).sp == 168


@pytest.mark.parametrize(
    ("y", "sp"),
    [
        (weekly_hours(weekly=0.0), None),  # no weekly cycle
        (hourly(), None),
        (weekly_hours(24 * 7 * 3 - 1), None),  # under three weeks: not tested
        (weekly_hours(), 24 * 7),  # sp given: the week is the season
        (
            weekly_hours(weekly=0.0).assign(load=lambda y: np.tile(y.load[:24], 28)),
            None,
        ),
    ],
    ids=["no-week", "daily-cycle", "under-three-weeks", "sp-168", "exact-days"],
)
def test_an_hourly_series_keeps_one_cycle_without_a_week_to_find(y, sp):
    choices = choose_defaults(y, sp=sp, n_steps=48)
    assert choices.seasonal_factors.sp == choices.sp
    assert "at periods" not in str(choices)


def test_a_daily_series_and_a_panel_of_hours_are_left_as_they_were():
    t = np.arange(700)
    values = 100 + 10 * np.sin(2 * np.pi * t / 7) + 5 * np.sin(2 * np.pi * t / 28)
    days = pd.DataFrame({"y": values}, index=pd.date_range("2000", periods=700))
    assert choose_defaults(days, sp=None, n_steps=14).seasonal_factors.sp == 7
    panel = pd.concat([weekly_hours(seed=k) for k in range(2)], keys=["a", "b"])
    assert choose_defaults(panel, sp=None, n_steps=48).seasonal_factors is None


def test_the_default_forecasts_and_calibrates_on_the_day_and_the_week():
    y = weekly_hours(24 * 7 * 4 + 48)
    train, test = y.iloc[:-48], y.iloc[-48:, 0].to_numpy()
    forecaster = LSTMForecaster(random_state=0).fit(train, fh=range(1, 49))
    assert forecaster.default_choices_.seasonal_factors.sp == 168
    forecast = forecaster.predict()["load"].to_numpy()
    values = train.to_numpy()
    daily = theta_method(values, seasonal_factors(values, 24))
    day_only = daily.forecast(values, np.array([len(values) - 1]), np.arange(1, 49))
    assert (
        np.abs(forecast - test).mean() < 0.6 * np.abs(day_only[0, :, 0] - test).mean()
    )
    intervals = forecaster.predict_interval(coverage=0.8).to_numpy()
    assert np.mean((intervals[:, 0] <= test) & (test <= intervals[:, 1])) >= 0.5


def test_a_panel_of_months_that_do_not_overlap_keeps_the_season_of_twelve():
    """The season was read from the union of the series' timestamps.

    Two monthly series (month ends, timestamps without a frequency, as
    ``pd.concat`` leaves a panel's time level), one in 2000-2002, the other
    in 2005-2007: the union has a gap, pandas infers no frequency from it,
    and the panel got ``sp_ == 1`` (no season, no seasonal baseline), though
    its step was found to be month ends and each series alone gets 12.
    """
    series = [
        pd.DataFrame(
            {"y": 10.0 + np.arange(36)},
            index=pd.date_range(start, periods=36, freq="ME"),
        )
        for start in ("2000-01-31", "2005-01-31")
    ]
    panel = pd.concat(series, keys=["a", "b"], names=["id", "time"])
    assert choose_defaults(panel, sp=None, n_steps=None).sp == 12
    pipeline = LSTMForecaster(linear_pipeline(), calibration_size=0)
    assert pipeline.fit(panel, fh=[1, 2]).sp_ == 12
