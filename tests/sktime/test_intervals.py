"""Conformal prediction intervals: residuals, quantiles, coverage on airline."""

import warnings

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")

from sktime.forecasting.model_evaluation import evaluate
from sktime.performance_metrics.forecasting.probabilistic import EmpiricalCoverage
from sktime.split import ExpandingWindowSplitter

from skltsm._forecast._intervals import (
    calibration_origins,
    conformal_quantiles,
    local_scale,
    series_scales,
)
from skltsm.exceptions import CalibrationWarning
from skltsm.sktime import LSTMForecaster
from tests.sktime.conftest import linear_pipeline, lstm_pipeline


def test_order_statistics_give_split_conformal_coverage():
    residuals = np.arange(1.0, 20.0).reshape(-1, 1)  # 19 residuals: 1 .. 19
    q = conformal_quantiles(residuals, [0.05, 0.1, 0.5, 0.9, 0.95])[:, 0]
    # ceil((n + 1) alpha)-th above the median, floor(...)-th below
    np.testing.assert_array_equal(q, [1.0, 2.0, 10.0, 18.0, 19.0])


def test_levels_beyond_the_residuals_use_the_extreme_one_and_warn():
    residuals = np.array([[-1.0], [0.0], [2.0]])
    with pytest.warns(CalibrationWarning, match=r"more than step 4 has \(3\)"):
        q = conformal_quantiles(residuals, [0.025, 0.975], step=4)[:, 0]
    np.testing.assert_array_equal(q, [-1.0, 2.0])


def test_holdout_leaves_enough_rows_to_fit():
    assert [o.tolist() for o in calibration_origins(10, 0.9, 6, 1)] == [[5, 6, 7, 8]]
    assert calibration_origins(10, 0.5, 10, 1) == []


def test_intervals_of_an_exact_model_are_points(trend):
    forecaster = LSTMForecaster(linear_pipeline(), calibration_size=8)
    forecaster.fit(trend.iloc[:30], fh=[1, 2, 3])
    intervals = forecaster.predict_interval(coverage=0.5)
    np.testing.assert_allclose(intervals.iloc[:, 0], intervals.iloc[:, 1], atol=1e-9)
    np.testing.assert_allclose(intervals.iloc[:, 0], trend.iloc[30:33], rtol=1e-9)
    assert set(forecaster.residuals_) == {1, 2, 3}  # the steps of fh


@pytest.mark.parametrize("strategy", ["recursive", "direct", "multioutput"])
def test_intervals_nest_widen_and_hold_the_forecast(airline, strategy):
    forecaster = LSTMForecaster(lstm_pipeline(), strategy=strategy, random_state=0)
    forecaster.fit(airline.iloc[:96], fh=[1, 2, 6])
    point = forecaster.predict()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalibrationWarning)
        intervals = forecaster.predict_interval(coverage=[0.5, 0.9])
        quantiles = forecaster.predict_quantiles(alpha=[0.1, 0.5, 0.9])
    name = airline.name
    lower50, upper50 = intervals[(name, 0.5, "lower")], intervals[(name, 0.5, "upper")]
    lower90, upper90 = intervals[(name, 0.9, "lower")], intervals[(name, 0.9, "upper")]
    assert (lower90 <= lower50).all() and (upper50 <= upper90).all()
    assert (lower90 <= point).all() and (point <= upper90).all()
    assert list(quantiles.columns) == [(name, 0.1), (name, 0.5), (name, 0.9)]
    assert (quantiles.diff(axis=1).iloc[:, 1:] >= 0).all().all()
    assert intervals.index.equals(point.index)


def test_in_sample_intervals_use_the_one_step_residuals(airline):
    forecaster = LSTMForecaster(lstm_pipeline(), scale_window=None, random_state=0)
    forecaster.fit(airline.iloc[:96])
    with pytest.warns(UserWarning):  # the first rows have no history
        intervals = forecaster.predict_interval(fh=[-95, -1, 0], coverage=0.8)
    assert intervals.iloc[0].isna().all()
    width = intervals.iloc[1:, 1] - intervals.iloc[1:, 0]
    residuals = forecaster.residuals_[1][:, 0]
    assert (width > 0).all() and (width <= np.ptp(residuals)).all()


def test_residuals_are_scaled_by_the_recent_changes_of_the_series():
    rng = np.random.default_rng(0)
    index = pd.period_range("2000-01", periods=80, freq="M")
    y = pd.Series(100 + rng.normal(size=80).cumsum(), index=index)
    forecaster = LSTMForecaster(linear_pipeline(), calibration_size=30)
    intervals = forecaster.fit(y, fh=[1]).predict_interval(coverage=0.8)
    scale = local_scale(y.to_numpy()[:, None], np.array([79]), window=12)[0, 0]
    q = conformal_quantiles(forecaster.residuals_[1], [0.1, 0.9])[:, 0]
    width = intervals.iloc[0, 1] - intervals.iloc[0, 0]
    np.testing.assert_allclose(width, scale * (q[1] - q[0]))
    raw = LSTMForecaster(linear_pipeline(), calibration_size=30, scale_window=None)
    raw_residuals = raw.fit(y, fh=[1]).residuals_[1]
    assert not np.allclose(raw_residuals, forecaster.residuals_[1])


def test_no_calibration_means_no_interval_capability(trend):
    forecaster = LSTMForecaster(linear_pipeline(), calibration_size=0)
    assert not forecaster.get_tag("capability:pred_int")
    forecaster.fit(trend, fh=[1])
    assert forecaster.residuals_ is None
    with pytest.raises(NotImplementedError):
        forecaster.predict_interval()


@pytest.mark.parametrize("method, levels", [
    ("predict_interval", {"coverage": 1}), ("predict_interval", {"coverage": [0.5, 1]}),
    ("predict_quantiles", {"alpha": 1}), ("predict_quantiles", {"alpha": [0.5, 1]}),
])  # fmt: skip
def test_levels_given_as_ints_are_read_as_numbers(trend, method, levels):
    """``coverage=1`` got sktime's "'int' object is not iterable", and a list
    with an int "it must be a list of floats"; as floats, the message says
    which values a level may take (1.0 is no coverage or quantile level)."""
    forecaster = LSTMForecaster(linear_pipeline()).fit(trend, fh=[1])
    with pytest.raises(ValueError, match=r"interval \(0, 1\).*found value: 1\.0"):
        getattr(forecaster, method)(**levels)
    half = {k: 0.5 if isinstance(v, int) else v[:1] for k, v in levels.items()}
    assert getattr(forecaster, method)(**half).notna().all().all()


def test_steps_beyond_the_holdout_say_how_to_get_intervals(trend):
    forecaster = LSTMForecaster(linear_pipeline(), calibration_size=3)
    forecaster.fit(trend.iloc[:30])
    with pytest.raises(ValueError, match=r"no calibration residuals at step 5"):
        forecaster.predict_interval(fh=[5])


def test_steps_beyond_the_fh_of_fit_say_to_fit_for_them(trend):
    # the advice was a larger calibration_size, with 18 rows held out already
    forecaster = LSTMForecaster(linear_pipeline(), calibration_size=0.6)
    forecaster.fit(trend.iloc[:30], fh=[1, 2])
    with pytest.raises(ValueError, match=r"fit with an fh that includes step 3"):
        forecaster.predict_interval(fh=[1, 2, 3])


def test_too_short_for_a_holdout_says_so(trend):
    forecaster = LSTMForecaster(linear_pipeline())
    forecaster.fit(trend.iloc[:5])  # 4 rows of history + 1 to train: nothing left
    assert forecaster.residuals_ is None
    with pytest.raises(ValueError, match="too short to hold out"):
        forecaster.predict_interval(fh=[1])


@pytest.mark.parametrize("strategy", ["recursive", "direct", "multioutput"])
def test_coverage_is_nominal_when_residuals_are_exchangeable(strategy):
    """A random walk with AR(1) steps, forecast by an (almost) right model."""
    rng = np.random.default_rng(1)
    steps = np.zeros(400)
    for t in range(1, 400):
        steps[t] = 0.6 * steps[t - 1] + rng.normal()
    index = pd.period_range("1900-01", periods=400, freq="M")
    y = pd.Series(100 + steps.cumsum(), index=index)
    forecaster = LSTMForecaster(linear_pipeline(), strategy=strategy)
    cv = ExpandingWindowSplitter(initial_window=250, step_length=6, fh=range(1, 7))
    metrics = [EmpiricalCoverage(coverage=0.8), EmpiricalCoverage(coverage=0.95)]
    results = evaluate(forecaster, cv, y, scoring=metrics)
    c80, c95 = results.filter(like="EmpiricalCoverage").mean()
    assert 0.7 <= c80 <= 0.9 and 0.88 <= c95 <= 1.0, (c80, c95)


@pytest.mark.slow
def test_coverage_on_airline_backtest_is_sane(airline):
    """Behaviour, not the exact figure (ADR 0010 has the measured one)."""
    forecaster = LSTMForecaster(lstm_pipeline(look_back=12), random_state=0)
    cv = ExpandingWindowSplitter(initial_window=96, step_length=12, fh=range(1, 13))
    metrics = [EmpiricalCoverage(coverage=0.8), EmpiricalCoverage(coverage=0.95)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalibrationWarning)
        results = evaluate(forecaster, cv, airline, scoring=metrics)
    covered = results.filter(like="EmpiricalCoverage").mean()
    c80, c95 = covered.iloc[0], covered.iloc[1]
    assert 0.4 <= c80 <= 1.0 and 0.6 <= c95 <= 1.0, covered
    assert c95 >= c80
    assert isinstance(results, pd.DataFrame) and len(results) == 4


def test_quantiles_variance_and_distribution_on_a_series_and_a_panel(airline):
    """sktime's whole probabilistic interface, from the conformal quantiles."""
    panel = pd.concat(
        [airline, 10 * airline], keys=["a", "b"], names=["id", "time"]
    ).to_frame()  # fmt: skip
    alphas = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95]
    for y in (airline, panel):
        # a linear regression: the interface is the forecaster's, not the network's
        forecaster = LSTMForecaster(linear_pipeline())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # few residuals
            forecaster.fit(y, fh=[1, 2, 3])
            quantiles = forecaster.predict_quantiles(alpha=alphas).to_numpy()
            variance = forecaster.predict_var()
            distribution = forecaster.predict_proba()
        assert (np.diff(quantiles, axis=1) >= 0).all()  # monotone in alpha
        assert (variance.to_numpy() > 0).all()
        assert variance.index.equals(forecaster.predict().index)
        np.testing.assert_allclose(
            distribution.mean().to_numpy(),
            forecaster.predict().to_numpy().reshape(-1, 1),
        )


# -- quantile heads (ADR 0023) --------------------------------------------------
HEADS = (0.025, 0.1, 0.5, 0.9, 0.975)


def heads_forecaster(strategy="multioutput", **params):
    """A tiny network with quantile heads, no calibration network by default."""
    pipeline = lstm_pipeline(quantiles=HEADS, learning_rate=0.01)
    params = {"calibration_size": 0, "random_state": 0} | params
    return LSTMForecaster(pipeline, strategy=strategy, **params)


@pytest.mark.parametrize("strategy", ["direct", "multioutput"])
def test_quantile_heads_answer_any_level_between_theirs(airline, strategy):
    forecaster = heads_forecaster(strategy).fit(airline.iloc[:96], fh=[0, 1, 2, 3])
    assert forecaster.get_tag("capability:pred_int") and forecaster.residuals_ is None
    alphas = [0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975]
    quantiles = forecaster.predict_quantiles(alpha=alphas).to_numpy()
    assert (np.diff(quantiles, axis=1) >= 0).all()  # monotone in alpha
    # the median head is the point forecast, 0.3 halfway between 0.1 and 0.5
    np.testing.assert_allclose(quantiles[:, 4], forecaster.predict().to_numpy())
    np.testing.assert_allclose(quantiles[:, 3], quantiles[:, [2, 4]].mean(axis=1))
    intervals = forecaster.predict_interval(coverage=[0.8, 0.95]).to_numpy()
    np.testing.assert_allclose(intervals[:, [2, 0, 1, 3]], quantiles[:, [0, 2, 6, 7]])
    with pytest.raises(
        ValueError, match=r"between 0\.025 and 0\.975 only; got \[0\.01"
    ):
        forecaster.predict_quantiles(alpha=[0.01, 0.5])


def test_quantile_heads_on_a_panel_in_the_same_calls(airline):
    panel = pd.concat(
        [airline, 10 * airline], keys=["a", "b"], names=["id", "time"]
    ).to_frame()  # fmt: skip
    forecaster = heads_forecaster().fit(panel, fh=[1, 2])
    point = forecaster.predict()
    intervals = forecaster.predict_interval(coverage=0.8)
    assert intervals.index.equals(point.index) and intervals.shape == (4, 2)
    lower, upper = intervals.to_numpy().T
    assert (lower <= point.to_numpy()[:, 0]).all()
    assert (point.to_numpy()[:, 0] <= upper).all()
    median = forecaster.predict_quantiles(alpha=0.5)
    np.testing.assert_allclose(median.to_numpy(), point.to_numpy())
    variance = forecaster.predict_var()
    assert variance.index.equals(point.index) and (variance.to_numpy() > 0).all()


def test_quantile_heads_are_refused_with_the_recursive_strategy(airline):
    with pytest.raises(ValueError, match="strategy='recursive'.* is recursive"):
        heads_forecaster("recursive").fit(airline.iloc[:60], fh=[1, 2])


def calibrated_heads(airline, panel, **params):
    """Heads calibrated on a holdout, and the same heads uncalibrated."""
    y = airline.iloc[:108]
    if panel:
        y = pd.concat([y, 10 * y], keys=["a", "b"], names=["id", "time"]).to_frame()
    params = {"calibration_size": 0.3, "calibration_folds": 1} | params
    forecaster = heads_forecaster(**params).fit(y, fh=[1, 2])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalibrationWarning)  # few residuals
        raw = heads_forecaster(calibration_size=0).fit(y, fh=[1, 2])
    scale = (
        series_scales(y, 0, forecaster.sp_)[0, 0]
        if panel
        else local_scale(y.to_numpy()[:, None], np.array([len(y) - 1]), 12)[0, 0]
    )
    return forecaster, raw, scale


@pytest.mark.parametrize("panel", [False, True])
def test_calibrated_heads_widen_the_median_by_their_own_width(airline, panel):
    """Normalised conformal: median + sqrt(scale x spread) x quantile of scores."""
    forecaster, heads, scale = calibrated_heads(airline, panel)
    alphas = [0.1, 0.3, 0.5, 0.9]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalibrationWarning)
        quantiles = forecaster.predict_quantiles(alpha=alphas).to_numpy()
    assert (np.diff(quantiles, axis=1) >= 0).all()
    raw = heads.predict_quantiles(alpha=[0.025, 0.5, 0.975]).to_numpy()
    # the quantiles of step 1 of the first series, by hand
    residuals = forecaster.quantile_residuals_[1][:, 0]  # (y - head) / scale
    median_residual = residuals[:, HEADS.index(0.5)]
    spread = residuals[:, 0] - residuals[:, -1]  # (q_0.975 - q_0.025) / scale
    scores = median_residual / np.sqrt(spread)
    width = np.sqrt(scale * (raw[0, 2] - raw[0, 0]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalibrationWarning)
        shifts = conformal_quantiles(scores[:, None], alphas)[:, 0]
    np.testing.assert_allclose(quantiles[0], raw[0, 1] + width * shifts)
    # the median's shifts reach any level, but the heads say nothing beyond theirs
    with pytest.raises(ValueError, match=r"between 0\.025 and 0\.975 only"):
        forecaster.predict_quantiles(alpha=[0.01])


@pytest.mark.parametrize("panel", [False, True])
def test_calibrated_heads_are_shifted_by_their_own_residuals(airline, panel):
    """Conformalised quantile regression: head + scale x quantile of y - head."""
    forecaster, heads, scale = calibrated_heads(
        airline, panel, head_calibration="per_level"
    )
    residuals = forecaster.quantile_residuals_
    assert sorted(residuals) == [1, 2] and residuals[1].shape[1:] == (1, len(HEADS))
    alphas = [0.1, 0.3, 0.9]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalibrationWarning)  # few residuals
        quantiles = forecaster.predict_quantiles(alpha=alphas).to_numpy()
    raw = heads.predict_quantiles(alpha=alphas).to_numpy()
    assert (np.diff(quantiles, axis=1) >= 0).all()
    # the 0.9 quantile of step 1 of the first series, by hand
    own = residuals[1][:, 0, HEADS.index(0.9)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalibrationWarning)
        shift = conformal_quantiles(own[:, None], [0.9])[0, 0]
    np.testing.assert_allclose(quantiles[0, 2], raw[0, 2] + scale * shift)
    with pytest.raises(ValueError, match=r"between 0\.025 and 0\.975 only"):
        forecaster.predict_quantiles(alpha=[0.99])


def test_steps_the_early_stopping_tail_left_out_take_thetas_interval():
    """The default calibrates on that tail, which a short series ends early.

    The refusal and its advice for a pipeline of one's own (no Theta):
    ``tests/forecast/test_calibrated_quantiles.py``.
    """
    five = five_months()
    # fallback="off": the network's (with Theta) intervals, not Theta's own,
    # which Theta alone, the default here, gives at every step
    forecaster = LSTMForecaster(random_state=0, calibration_size=4, fallback="off")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        forecaster.fit(five, fh=[1, 2])
    assert 2 not in forecaster.residuals_  # fh's step 2: no residual in the tail
    with pytest.warns(CalibrationWarning, match=r"step 2 has \(0\)"):
        interval = forecaster.predict_interval(fh=[2]).to_numpy()[0]
    assert interval[0] < forecaster.predict(fh=[2]).iloc[0] < interval[1]


def five_months():
    return pd.Series(
        [1.0, 2, 3, 4, 5], index=pd.period_range("2000-01", periods=5, freq="M")
    )


@pytest.mark.parametrize(
    ("fit_fh", "strategy"), [(None, "auto"), ([1, 2], "recursive")]
)
def test_a_step_beyond_those_fit_calibrated_is_refused_and_changes_nothing(
    fit_fh, strategy
):
    """predict's fh replaces fit's in sktime (recursive): fit's steps are kept.

    Without fh in fit the holdout calibrates every step it can: one with no
    residual is beyond them, refused, not given Theta's interval alone.
    """
    forecaster = LSTMForecaster(
        random_state=0, calibration_size=4, fallback="off", strategy=strategy
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        forecaster.fit(five_months(), fh=fit_fh)
    beyond = max([*forecaster.residuals_, *(fit_fh or [])]) + 1
    fitted = dict(vars(forecaster))

    with pytest.raises(
        ValueError,
        match=rf"no calibration residuals at step {beyond}.*fh that includes step "
        rf"{beyond}",
    ):
        forecaster.predict_interval(fh=[1, beyond])

    # refused all or nothing: fit's fh still stored, nothing else moved (plain
    # dicts are put back as copies)
    assert vars(forecaster).keys() == fitted.keys()
    for name, value in fitted.items():
        if type(value) is dict:
            assert vars(forecaster)[name].keys() == value.keys()
        else:
            assert vars(forecaster)[name] is value, name
    if fit_fh is not None:  # and fit's fh still forecasts, its step 2 Theta's
        with pytest.warns(CalibrationWarning, match=r"steps \[1, 2\] have \(1, 0\)"):
            assert forecaster.predict_interval().notna().all().all()


@pytest.mark.parametrize("fallback", ["theta", "naive2"])
def test_an_explicit_fallback_of_the_default_widens_its_thin_steps(fallback):
    """As fallback='auto' on a series too short for a network, it gives intervals.

    A fallback keeps its conformal intervals (ADR 0022), calibrated on its own
    holdout residuals; its thin levels take the default's Theta partner, as
    the network's do, instead of a refusal at a step of one residual.
    """
    y = pd.Series(
        100 + np.random.default_rng(1).normal(size=20).cumsum(),
        index=pd.period_range("2000", periods=20, freq="Y"),
    )
    forecasters = {}
    for name in ("auto", fallback):
        forecasters[name] = LSTMForecaster(random_state=0, fallback=name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            forecasters[name].fit(y, fh=range(1, 7))
    explicit = forecasters[fallback]
    assert explicit.fallback_ and explicit.default_choices_.too_short
    assert sorted(explicit.residuals_) == [1, 2, 3]  # 3, 2 and 1 residuals

    with pytest.warns(CalibrationWarning, match=r"steps \[1, 2, 3, 4, 5, 6\]"):
        intervals = explicit.predict_interval(coverage=0.8).to_numpy()

    point = explicit.predict().to_numpy()
    assert np.all(intervals[:, 0] < point) and np.all(point < intervals[:, 1])
    if fallback == "theta":  # the same Theta forecast as "auto"'s: its interval
        theta_own = forecasters["auto"].predict_interval(coverage=0.8).to_numpy()
        np.testing.assert_allclose(point, forecasters["auto"].predict())
        # at least as wide where residuals are few, Theta's alone without spread
        assert np.all(intervals[:2, 0] <= theta_own[:2, 0] + 1e-9)
        assert np.all(intervals[:2, 1] >= theta_own[:2, 1] - 1e-9)
        np.testing.assert_allclose(intervals[2:], theta_own[2:])


@pytest.mark.parametrize("n", [3, 4])
def test_a_single_residual_gives_no_interval_of_zero_width(n):
    """A reviewer's yearly series: one residual, once scaled a hundredfold."""
    values = [100.25, 100.24, 102.28, 101.71][:n]
    y = pd.Series(values, index=pd.period_range("2020", periods=n, freq="Y"))
    forecaster = LSTMForecaster(random_state=0, fallback="off")  # the network's
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        forecaster.fit(y, fh=[1])
    assert len(forecaster.residuals_[1]) == 1
    # not the one residual's zero width: Theta's Gaussian interval instead (a
    # pipeline of one's own is refused: tests/forecast/test_calibrated_quantiles)
    with pytest.warns(
        CalibrationWarning, match=r"Too few calibration residuals: .* step 1 has \(1\)"
    ):
        widened = forecaster.predict_interval(coverage=[0.8, 0.95]).to_numpy()[0]
    assert np.all(np.diff(widened[[2, 0, 1, 3]]) > 0)
    assert forecaster.predict().notna().all().all()  # the forecast is unaffected
    # the default forecasts Theta alone there, with Theta's own intervals
    theta_alone = LSTMForecaster(random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theta_alone.fit(y, fh=[1])
    intervals = theta_alone.predict_interval(coverage=[0.8, 0.95]).to_numpy()[0]
    assert np.all(np.isfinite(intervals)) and np.all(
        np.diff(intervals[[2, 0, 1, 3]]) > 0
    )


@pytest.mark.filterwarnings("ignore:Forecasters' predict_proba requires")
@pytest.mark.parametrize(
    "method, words",
    [
        ("predict_interval", "prediction intervals"),
        ("predict_quantiles", "quantile predictions"),
        ("predict_var", "variance predictions"),
        ("predict_proba", "probabilistic predictions"),
    ],
)
def test_intervals_without_calibration_say_what_to_set(trend, method, words):
    # sktime's refusal asked to open an issue on sktime
    forecaster = LSTMForecaster(linear_pipeline(), calibration_size=0)
    forecaster.fit(trend.iloc[:30], fh=[1, 2])
    # the type and words sktime's own checks expect, and skltsm's reason
    with pytest.raises(NotImplementedError, match=words) as info:
        getattr(forecaster, method)()
    message = str(info.value)
    assert "calibration_size=0 kept no holdout" in message
    assert "Set calibration_size" in message and "quantile heads" in message
    assert "sktime" not in message


def noisy_walks(lengths=(60, 60, 60)):
    """Daily random walks, one per length, all ending on the same day."""
    rng = np.random.default_rng(0)
    return pd.concat(
        {
            name: pd.Series(
                10 + np.cumsum(rng.normal(0, 1, n)),
                index=pd.date_range(end="2024-02-29", periods=n, freq="D"),
            )
            for name, n in zip("abc", lengths, strict=False)
        },
        names=["series", "time"],
    ).to_frame("y")


@pytest.mark.parametrize("size, folds", [(0.3, "auto"), (0.9, 1)])
def test_a_global_panels_thin_residuals_are_advised_more_series(size, folds):
    """One cut of each series: calibration_size, calibration_folds change nothing."""
    forecaster = LSTMForecaster(
        linear_pipeline(), calibration_size=size, calibration_folds=folds
    ).fit(noisy_walks(), fh=[1, 2])
    assert {h: len(r) for h, r in forecaster.residuals_.items()} == {1: 3, 2: 3}
    with pytest.warns(CalibrationWarning, match=r"have \(3, 3\)") as caught:
        forecaster.predict_interval(coverage=0.8)
    message = str(caught[0].message)
    assert "calibration_size (with" not in message and "longer series" not in message
    assert "one residual per series" in message and "pooling='local'" in message


def test_a_global_panel_with_one_residual_a_step_is_advised_more_series():
    """The second series is too short for the cut: one residual at each step."""
    panel = noisy_walks(lengths=(60, 4))
    forecaster = LSTMForecaster(
        linear_pipeline(), calibration_size=0.9, calibration_folds=2
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "b": too short to train on, and the cut
        forecaster.fit(panel, fh=[1, 2])
    with pytest.raises(ValueError, match="Only 1 calibration residual") as refused:
        forecaster.predict_interval(coverage=0.8)
    message = str(refused.value)
    assert "calibration_size (with" not in message and "longer series" not in message
    assert "add series long enough for the cut" in message


@pytest.mark.filterwarnings("ignore::skltsm.exceptions.BaselineWarning")
def test_a_local_panels_thin_residuals_keep_one_series_advice():
    """Under local pooling each series has its own holdout: a larger one helps."""
    forecaster = LSTMForecaster(
        linear_pipeline(), pooling="local", calibration_size=6, calibration_folds=1
    ).fit(noisy_walks(), fh=[1, 2])
    with pytest.warns(CalibrationWarning) as caught:
        forecaster.predict_interval(coverage=0.8)
    messages = [str(w.message) for w in caught if w.category is CalibrationWarning]
    assert len(messages) == 3  # one per series
    for message in messages:
        assert "Use a larger calibration_size (with calibration_folds >= 1)" in message
        assert "pooling" not in message


def test_a_shorter_predict_before_an_update_keeps_the_steps_fit_calibrated(trend):
    """fit(fh=[1, 2, 3]), predict(fh=[1]), update: step 2 lost its residuals.

    The recursive strategy's predict overwrites the fh sktime holds, and the
    refit of ``update`` recalibrated the steps of that fh instead of fit's:
    intervals fit gave were refused after the update, by a message asking to
    "fit with an fh that includes step 2", which fit had.
    """
    forecaster = LSTMForecaster(linear_pipeline(), calibration_size=8)
    forecaster.fit(trend.iloc[:30], fh=[1, 2, 3])
    forecaster.predict(fh=[1])
    forecaster.update(trend.iloc[30:32])

    assert sorted(forecaster.residuals_) == [1, 2, 3]
    intervals = forecaster.predict_interval(fh=[1, 2, 3], coverage=0.5)
    np.testing.assert_allclose(intervals.iloc[:, 0], trend.iloc[32:35], rtol=1e-9)
