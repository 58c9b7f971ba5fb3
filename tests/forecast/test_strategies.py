"""The strategies over cloned pipelines: what they say they were trained for."""

import copy
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LinearRegression, SGDRegressor
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import MinMaxScaler

from skltsm import Differencer, LagTransformer, make_forecast_pipeline
from skltsm._forecast._strategies import (
    Direct,
    MultiOutput,
    Recursive,
    StrategyWrapper,
    continued_training,
)


@pytest.mark.parametrize(
    ("strategy", "trained"),
    [
        (Recursive(None, ["y"], 1, horizons=[3, 1]), None),  # any: fed back
        (Direct(None, ["y"], 1, horizons=[3, 2]), [1, 2, 3]),  # step 1 always
        (MultiOutput(None, ["y"], 1, n_steps=3), [1, 2, 3]),
    ],
)
def test_trained_steps_do_not_depend_on_how_many_origins_are_calibrated(
    strategy, trained
):
    assert strategy.trained_steps == trained
    if trained is not None:  # the steps to calibrate are the trained ones
        assert strategy.calibration_steps(0) == strategy.calibration_steps(9)
        assert strategy.calibration_steps(0) == trained
    assert StrategyWrapper(strategy).trained_steps == trained  # delegated


@pytest.fixture
def two_series(rng):
    """Two series of 40 rows (the second continues nothing of the first)."""
    index = pd.RangeIndex(40)
    first = pd.DataFrame({"y": np.sin(np.arange(40) / 3)}, index=index)
    second = pd.DataFrame({"y": np.cos(np.arange(40) / 5) + rng.normal(0, 0.1, 40)})
    return first, second


def _windows(frame, look_back=3):
    """The windows and targets a pipeline of LagTransformer(look_back) trains on."""
    lag = LagTransformer(look_back).fit(frame)
    windows = pd.DataFrame(lag.transform(frame), columns=lag.get_feature_names_out())
    kept = windows.notna().all(axis=1)
    return windows[kept], frame["y"][kept]


def test_continued_training_goes_on_from_an_sgd_regressors_weights(two_series):
    first, second = two_series
    pipe = make_forecast_pipeline(
        LagTransformer(3), SGDRegressor(max_iter=50, tol=None, random_state=0)
    ).fit(first, first["y"])
    pretrained = pipe.named_steps["sgdregressor"]
    coef, intercept = pretrained.coef_.copy(), pretrained.intercept_.copy()
    with continued_training(pipe, 2):
        pipe.fit(second, second["y"])
    assert pipe.get_params()["sgdregressor__max_iter"] == 50  # restored
    assert pipe.get_params()["sgdregressor__warm_start"] is False
    # two epochs on the second series, from the first one's coefficients
    expected = SGDRegressor(max_iter=2, tol=None, random_state=0).fit(
        *_windows(second), coef_init=coef, intercept_init=intercept
    )
    np.testing.assert_allclose(pretrained.coef_, expected.coef_)
    anew = SGDRegressor(max_iter=2, tol=None, random_state=0).fit(*_windows(second))
    assert not np.allclose(pretrained.coef_, anew.coef_)


def test_continued_training_goes_on_from_an_mlps_weights(two_series):
    first, second = two_series
    mlp = MLPRegressor(hidden_layer_sizes=(4,), max_iter=20, random_state=0)
    pipe = make_forecast_pipeline(LagTransformer(3), mlp)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        pipe.fit(first, first["y"])
        pretrained = pipe.named_steps["mlpregressor"]
        expected = copy.deepcopy(pretrained).set_params(warm_start=True, max_iter=3)
        expected.fit(*_windows(second))
        with continued_training(pipe, 3):
            pipe.fit(second, second["y"])
    assert len(pretrained.loss_curve_) == 23  # 20 epochs, then 3 more
    for got, want in zip(pretrained.coefs_, expected.coefs_, strict=True):
        np.testing.assert_allclose(got, want)
    assert pipe.get_params()["mlpregressor__max_iter"] == 20  # restored


@pytest.mark.parametrize(("early_stopping", "scale"), [(False, 5.0), (True, 1.0)])
def test_an_mlp_pretrained_to_convergence_is_fine_tuned_for_its_epochs(
    two_series, early_stopping, scale
):
    """MLPRegressor's warm start keeps the stopping record of its pretraining
    (best loss or validation score, epochs without improvement): the
    fine-tuning judges it on its own series, as a first fit would, and is
    not stopped by the pretraining's convergence after one epoch."""
    first, second = two_series
    mlp = MLPRegressor(
        hidden_layer_sizes=(4,), max_iter=500, n_iter_no_change=2, tol=1e-2,
        early_stopping=early_stopping, random_state=0,
    )  # fmt: skip
    pipe = make_forecast_pipeline(LagTransformer(3), mlp).fit(first, first["y"])
    pretrained = pipe.named_steps["mlpregressor"]
    assert pretrained.n_iter_ < 500  # converged: its stopping record is full
    # a series whose loss (or validation score) is worse than the pretraining's
    louder = second * scale
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        with continued_training(pipe, 3):
            pipe.fit(louder, louder["y"])
    assert pretrained.n_iter_ == 3


@pytest.mark.parametrize(
    ("lags", "look_back", "warmups", "history"),
    [
        ([1], 3, [4, 5, 6], 4),  # the first step's input: step h's warmup less h - 1
        ([1, 1], 1, [3, 4, 6], 4),  # step 3 inverts with the level 6 rows back
    ],
)
def test_a_forecast_from_a_series_end_reads_the_most_history_of_any_step(
    lags, look_back, warmups, history
):
    """Neither the least warmup (NaN for step 3 of a twice differenced series)
    nor the most (a short series refused that every step forecasts)."""
    pipeline = make_forecast_pipeline(
        Differencer(lags), LagTransformer(look_back), LinearRegression()
    )
    t = np.arange(30.0)
    y = pd.DataFrame({"y": 5.0 + 2.0 * t + 0.1 * t**2})
    strategy = Direct(pipeline, ["y"], 1, horizons=[1, 2, 3]).fit(y, None)
    assert [p.contract_.warmup for p in strategy.fitted_pipelines] == warmups
    assert strategy.origin_history == history
    series = y.iloc[-history:].reset_index(drop=True)
    ahead = strategy.forecast(series, None, [history - 1], [1, 2, 3])
    assert np.isfinite(ahead).all()
    shorter = series.iloc[1:].reset_index(drop=True)
    assert np.isnan(strategy.forecast(shorter, None, [history - 2], [1, 2, 3])).any()


def test_training_further_keeps_the_steps_before_the_regressor_as_fitted(two_series):
    """A strategy trained further (fine-tuning, a further pretrain) trains the
    regressor alone: the scaler keeps the first data's range, and the
    regressor goes on from its weights on the new data scaled by it."""
    first, second = two_series
    louder = 10 * second  # refit, the scaler would map it onto (-1, 1) again
    sgd = SGDRegressor(max_iter=50, tol=None, random_state=0)
    pipe = make_forecast_pipeline(MinMaxScaler((-1, 1)), LagTransformer(3), sgd)
    strategy = Recursive(pipe, ["y"], 1).fit(first, None)
    scaler = strategy.pipeline_.named_steps["minmaxscaler"]
    regressor = strategy.pipeline_.named_steps["sgdregressor"]
    low, high = scaler.data_min_.copy(), scaler.data_max_.copy()
    coef, intercept = regressor.coef_.copy(), regressor.intercept_.copy()
    strategy.fit(louder, None, continue_epochs=2)
    np.testing.assert_array_equal(scaler.data_min_, low)
    np.testing.assert_array_equal(scaler.data_max_, high)
    scaled = pd.DataFrame(scaler.transform(louder), columns=["y"])
    expected = SGDRegressor(max_iter=2, tol=None, random_state=0).fit(
        *_windows(scaled), coef_init=coef, intercept_init=intercept
    )
    np.testing.assert_allclose(regressor.coef_, expected.coef_)
    with pytest.raises(ValueError, match=r"data like.*columns \['y'\].*'y', 'x'"):
        strategy.pipeline_._continue_fit(louder.assign(x=1.0), louder["y"])
