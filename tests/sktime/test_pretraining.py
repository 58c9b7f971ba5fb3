"""``skltsm.sktime._pretraining``: what ``pretrain`` leaves.

And what becomes of it: through ``set_params``, fits, pickles and clones;
the refusals to train further a network that cannot go on from its weights.
"""

import pickle
import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")

from sklearn.linear_model import LinearRegression
from sktime.forecasting.base import ForecastingHorizon

from skltsm import Differencer, LagTransformer, make_forecast_pipeline
from skltsm.exceptions import LookAheadWarning, SkltsmWarning
from skltsm.sktime import LSTMForecaster
from skltsm.sktime._pretraining import RenamedTargets
from tests.sktime.conftest import linear_pipeline, lstm_pipeline, warm_linear_pipeline


def test_a_renamed_copy_pickles_and_reads_the_names_it_learnt():
    # a wrapper looks up what it lacks on the wrapped strategy: unpickling,
    # which restores its attributes after creating it, must not recurse
    wrapper = RenamedTargets(SimpleNamespace(targets=["learnt"]))
    restored = pickle.loads(pickle.dumps(wrapper))
    assert type(restored) is RenamedTargets
    assert restored.targets == ["learnt"]  # the wrapped strategy's
    renamed = restored._renamed(pd.DataFrame({"0": [1.0, 2.0]}))
    assert list(renamed.columns) == ["learnt"]


# -- LSTMForecaster's pretrained state: set_params, fh, copies, refusals ------


def monthly_panel(ids="abc", n=30, start="2000-01") -> pd.DataFrame:
    """Straight lines, one per id: a linear pipeline forecasts them exactly."""
    index = pd.MultiIndex.from_product(
        [list(ids), pd.period_range(start, periods=n, freq="M")],
        names=["series", "time"],
    )
    t = np.arange(n, dtype=float)
    values = np.concatenate([10.0 * (k + 1) + (k + 1) * t for k in range(len(ids))])
    return pd.DataFrame({"y": values}, index=index)


def a_series(n=24, start="2010-01") -> pd.Series:
    index = pd.period_range(start, periods=n, freq="M")
    return pd.Series(7.0 - 4.0 * np.arange(n, dtype=float), index=index, name="y")


def exact(**params) -> LSTMForecaster:
    return LSTMForecaster(linear_pipeline(), calibration_size=0, **params)


def tiny_lstm(**params) -> LSTMForecaster:
    pipeline = lstm_pipeline(epochs=1)  # units 4, one epoch
    return LSTMForecaster(pipeline, calibration_size=0, random_state=0, **params)


def weights(strategy) -> list[np.ndarray]:
    return [w.copy() for w in strategy.pipeline_.steps[-1][1].model_.get_weights()]


def look_ahead_warnings(pretrain) -> list:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pretrain()
    return [w for w in caught if issubclass(w.category, LookAheadWarning)]


def test_set_params_of_what_only_fit_reads_keeps_the_pretrained_network():
    forecaster = exact().pretrain(monthly_panel(), fh=[1, 2])
    network = forecaster.pretrained_strategy_.pipeline_.steps[-1][1]
    forecaster.fit(a_series(), fh=[1, 2])
    with warnings.catch_warnings():
        warnings.simplefilter("error", SkltsmWarning)
        forecaster.set_params(fine_tune_epochs=0, calibration_size=0.3)
    assert forecaster.state == "pretrained"
    assert forecaster.get_tag("capability:pred_int")  # the tags follow the params
    forecaster.fit(a_series(), fh=[1, 2])
    fitted = forecaster.strategy_.pipeline_.steps[-1][1]
    np.testing.assert_array_equal(fitted.coef_, network.coef_)  # not refitted


def test_set_params_of_sp_keeps_a_pretrained_given_pipeline():
    """sp shapes the default pipeline only: with a pipeline given, only each fit
    reads it (the seasonal naive, the fallback). Setting it dropped the
    pretrained network all the same, with a warning that it changed "how the
    network is built or pretrained" (review revP's doubt)."""
    forecaster = exact().pretrain(monthly_panel(), fh=[1, 2])
    with warnings.catch_warnings():
        warnings.simplefilter("error", SkltsmWarning)
        forecaster.set_params(sp=4)
    assert forecaster.state == "pretrained"
    assert forecaster.fit(a_series(), fh=[1, 2]).sp_ == 4
    default = LSTMForecaster().pretrain(monthly_panel(n=40), fh=[1])
    with pytest.warns(SkltsmWarning, match=r"set_params\(sp\).*seasonality"):
        default.set_params(sp=4)


def test_set_params_of_the_pipeline_drops_the_pretraining_and_says_so():
    forecaster = exact().pretrain(monthly_panel(), fh=[1, 2])
    with pytest.warns(SkltsmWarning, match=r"set_params\(pipeline__lagtransformer"):
        forecaster.set_params(pipeline__lagtransformer__look_back=4)
    assert forecaster.state == "new"
    assert not hasattr(forecaster, "pretrained_strategy_")
    with pytest.warns(SkltsmWarning, match="pretraining was dropped.*pretrain again"):
        exact().pretrain(monthly_panel(), fh=[1]).set_params(random_state=1)


def test_set_params_to_the_values_they_have_keeps_the_pretraining():
    forecaster = exact(random_state=0).pretrain(monthly_panel(), fh=[1])
    with warnings.catch_warnings():
        warnings.simplefilter("error", SkltsmWarning)
        copy = forecaster.clone().set_params(random_state=0)
        forecaster.set_params(**forecaster.get_params(deep=False))
    for kept in (copy, forecaster):
        assert kept.state == "pretrained"
        assert kept.pretrained_series_.tolist() == ["a", "b", "c"]
    # a key's unique suffix is the key: its own value changes nothing either
    look_back = forecaster.get_params()["pipeline__lagtransformer__look_back"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", SkltsmWarning)
        forecaster.set_params(lagtransformer__look_back=look_back)
    assert forecaster.state == "pretrained"
    # an equal pipeline that is another object may differ: dropped
    with pytest.warns(SkltsmWarning, match="pretraining was dropped"):
        forecaster.set_params(pipeline=linear_pipeline())


def test_the_fallback_set_after_pretrain_is_the_one_fit_uses():
    forecaster = exact(fallback="off").pretrain(monthly_panel(), fh=[1])
    forecaster.set_params(fallback="naive2")
    assert forecaster.fit(a_series(), fh=[1]).fallback_to_ == "naive2"


PRETRAINED = [
    "default_choices_",
    "pretrained_covariates_",
    "pretrained_here_",
    "pretrained_kind_",
    "pretrained_series_",
    "pretrained_strategy_",
]


@pytest.mark.parametrize("pipeline", ["given", "default"])
def test_the_pretrained_params_are_pretrains_and_the_fitted_ones_each_fits(pipeline):
    """sp_, time_step_ and fallback_to_, which pretrain sets too, are a fit's:
    sktime reports them as fitted, never as pretrained (with a fit's values),
    and the default's choices, which fit reads, are kept through its resets."""
    given = pipeline == "given"
    forecaster = exact(fallback="naive2", random_state=0)
    if not given:
        forecaster.set_params(pipeline=None)
    forecaster.pretrain(monthly_panel(), fh=[1])
    assert sorted(forecaster.get_pretrained_params(deep=False)) == PRETRAINED
    choices = forecaster.default_choices_
    assert (choices is None) == given
    dated = a_series()
    dated.index = dated.index.to_timestamp("M")  # a step of its own: MonthEnd
    forecaster.fit(dated, fh=[1])
    assert sorted(forecaster.get_pretrained_params(deep=False)) == PRETRAINED
    fitted = forecaster.get_fitted_params(deep=False)  # names without the "_"
    assert fitted["time_step"] == pd.offsets.MonthEnd()
    assert fitted["sp"] == 12 and fitted["fallback_to"] == "naive2"
    forecaster.set_params(fallback="seasonal_naive")  # reset to pretrained
    assert forecaster.state == "pretrained"
    assert not hasattr(forecaster, "fallback_to_")  # the fit's, gone with it
    assert forecaster.default_choices_ is choices
    for kept in (forecaster, forecaster.clone()):
        assert sorted(kept.get_pretrained_params(deep=False)) == PRETRAINED
        assert kept.fit(a_series(), fh=[1]).fallback_to_ == "seasonal_naive"


@pytest.mark.parametrize("deep", [False, True])
def test_the_fitted_params_after_pretrain_and_fit_leave_the_pretrained_out(deep):
    """sktime 1.2 drops the pretrained names with their "_" from keys without
    it, so dropped none: get_fitted_params listed the pretrained network."""
    forecaster = exact(random_state=0).pretrain(monthly_panel(), fh=[1])
    forecaster.fit(a_series(), fh=[1])
    fitted = forecaster.get_fitted_params(deep=deep)
    named = {key.split("__")[0] for key in fitted}
    assert not named & {name.removesuffix("_") for name in PRETRAINED}
    assert {"strategy", "sp", "time_step", "fallback_to"} <= named  # the fit's
    assert sorted(forecaster.get_pretrained_params(deep=False)) == PRETRAINED
    assert set(PRETRAINED) <= set(forecaster.get_pretrained_params(deep=deep))


@pytest.mark.slow
def test_a_grid_search_over_fine_tune_epochs_scores_the_pretrained_network():
    from sktime.forecasting.model_selection import ForecastingGridSearchCV
    from sktime.split import ExpandingWindowSplitter

    forecaster = tiny_lstm().pretrain(monthly_panel(), fh=[1, 2])
    pretrained = weights(forecaster.pretrained_strategy_)
    cv = ExpandingWindowSplitter(fh=[1, 2], initial_window=20, step_length=2)
    # in this process (backend=None), not in loky's workers (seconds of imports):
    # what is checked is the search's use of the pretrained network, wherever it
    # runs; pretrained LSTMs that cross processes: test_pretrainable_search.py
    search = ForecastingGridSearchCV(
        forecaster, cv, param_grid={"fine_tune_epochs": [0, 1]}, backend=None
    )
    search.fit(a_series(), fh=[1, 2])
    best = search.best_forecaster_
    assert hasattr(best, "pretrained_strategy_")
    kept = weights(best.pretrained_strategy_)
    for after, before in zip(kept, pretrained, strict=True):
        np.testing.assert_array_equal(after, before)
    if best.fine_tune_epochs == 0:  # forecasts with the pretrained network
        for used, before in zip(weights(best.strategy_), pretrained, strict=True):
            np.testing.assert_array_equal(used, before)


def test_fine_tuning_a_network_that_cannot_go_on_from_its_weights_is_refused():
    forecaster = exact(fine_tune_epochs=2).pretrain(monthly_panel(), fh=[1])
    with pytest.raises(ValueError, match="fine_tune_epochs=2.*warm_start.*=0"):
        forecaster.fit(a_series(), fh=[1])
    forecaster.set_params(fine_tune_epochs=0)
    assert forecaster.fit(a_series(), fh=[1]).state == "fitted"


def test_pretraining_again_a_network_that_cannot_go_on_is_refused():
    first, second = monthly_panel(), monthly_panel(ids="de", start="2001-01")
    forecaster = exact().pretrain(first, fh=[1])
    with pytest.raises(ValueError, match=r"forgetting the series 'a', 'b', 'c'.*reset"):
        forecaster.pretrain(second, fh=[1])
    assert forecaster.pretrained_series_.tolist() == ["a", "b", "c"]
    # a clone (sktime's evaluate with cv_global) pretrains its copy anew
    clone = forecaster.clone().pretrain(second, fh=[1])
    assert clone.pretrained_series_.tolist() == ["d", "e"]
    anew = exact().pretrain(second, fh=[1])
    np.testing.assert_allclose(
        clone.pretrained_strategy_.pipeline_.steps[-1][1].coef_,
        anew.pretrained_strategy_.pipeline_.steps[-1][1].coef_,
    )


@pytest.mark.parametrize(
    "ensemble",
    [
        "HistGradientBoostingRegressor",
        "GradientBoostingRegressor",
        "RandomForestRegressor",
    ],
)
def test_an_ensemble_whose_warm_start_adds_estimators_does_not_go_on(ensemble):
    """An ensemble's warm_start adds estimators (iterations): refit with the
    same number trains nothing, so it is refused like any regressor that
    cannot go on from its weights."""
    from sklearn import ensemble as ensembles

    from skltsm import LagTransformer, make_forecast_pipeline

    size = "max_iter" if ensemble.startswith("Hist") else "n_estimators"
    regressor = getattr(ensembles, ensemble)(**{size: 5})
    pipeline = make_forecast_pipeline(LagTransformer(3), regressor)
    forecaster = LSTMForecaster(pipeline, calibration_size=0, fine_tune_epochs=2)
    forecaster.pretrain(monthly_panel(), fh=[1])
    with pytest.raises(ValueError, match="fine_tune_epochs=2.*warm_start and epochs"):
        forecaster.fit(a_series(), fh=[1])
    with pytest.raises(ValueError, match="forgetting the series 'a', 'b', 'c'"):
        forecaster.pretrain(monthly_panel(ids="de", start="2001-01"), fh=[1])


def _scikit_learn_network(name):
    from sklearn.linear_model import SGDRegressor
    from sklearn.neural_network import MLPRegressor
    from sklearn.preprocessing import MinMaxScaler

    from skltsm import LagTransformer, make_forecast_pipeline

    regressor = {
        "MLPRegressor": MLPRegressor(hidden_layer_sizes=(4,), max_iter=30),
        "SGDRegressor": SGDRegressor(max_iter=30, tol=None),
    }[name].set_params(random_state=0)
    return make_forecast_pipeline(MinMaxScaler((-1, 1)), LagTransformer(3), regressor)


def _coefficients(strategy) -> list[np.ndarray]:
    regressor = strategy.pipeline_.steps[-1][1]
    found = regressor.coefs_ if hasattr(regressor, "coefs_") else [regressor.coef_]
    return [np.array(w) for w in found]


@pytest.mark.parametrize("name", ["MLPRegressor", "SGDRegressor"])
def test_scikit_learns_networks_whose_warm_start_goes_on_are_fine_tuned(name):
    """MLPRegressor's and SGDRegressor's warm_start goes on from their
    weights: fine_tune_epochs sets their max_iter, and pretrain goes on."""
    from sklearn.exceptions import ConvergenceWarning

    forecaster = LSTMForecaster(
        _scikit_learn_network(name), calibration_size=0, fine_tune_epochs=2
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        forecaster.pretrain(monthly_panel(), fh=[1])
        pretrained = _coefficients(forecaster.pretrained_strategy_)
        forecaster.fit(a_series(), fh=[1])
        tuned = forecaster.strategy_.pipeline_.steps[-1][1]
        assert tuned.get_params()["max_iter"] == 30  # set back after the 2 epochs
        if name == "MLPRegressor":  # 30 epochs of pretraining, 2 of fine-tuning
            assert len(tuned.loss_curve_) == 32
        changed = _coefficients(forecaster.strategy_)
        assert any(
            not np.allclose(a, b) for a, b in zip(changed, pretrained, strict=True)
        )
        kept = _coefficients(forecaster.pretrained_strategy_)  # not fine-tuned
        for after, before in zip(kept, pretrained, strict=True):
            np.testing.assert_array_equal(after, before)
        # and a further pretrain goes on from the pretrained weights
        forecaster.pretrain(monthly_panel(ids="de", start="2001-01"), fh=[1])
    assert forecaster.pretrained_series_.tolist() == ["a", "b", "c", "d", "e"]


@pytest.mark.parametrize("absolute", [False, True])
def test_the_fh_of_pretrain_is_not_left_to_the_next_fit(absolute):
    fh = [1, 2]
    if absolute:  # the two months after the pretraining panel
        fh = ForecastingHorizon(pd.period_range("2002-07", periods=2, freq="M"))
    forecaster = exact().pretrain(monthly_panel(), fh=fh)
    for _ in range(2):  # every fit the same
        forecaster.fit(a_series())
        with pytest.raises(ValueError, match="fh"):
            forecaster.predict()
    forecast = forecaster.predict(fh=[1, 2])
    assert forecast.index.astype(str).tolist() == ["2012-01", "2012-02"]


def test_the_forecaster_that_pretrained_is_not_warned_of_a_copy():
    first, second = monthly_panel(), monthly_panel(ids="de", start="2001-01")
    fitted_twice = tiny_lstm().pretrain(first, fh=[1])
    fitted_twice.fit(a_series(), fh=[1]).fit(a_series(n=20), fh=[1])
    assert look_ahead_warnings(lambda: fitted_twice.pretrain(second, fh=[1])) == []
    pickled = pickle.loads(pickle.dumps(tiny_lstm().pretrain(first, fh=[1])))
    assert look_ahead_warnings(lambda: pickled.pretrain(second, fh=[1])) == []
    clone = tiny_lstm().pretrain(first, fh=[1]).clone()
    [warned] = look_ahead_warnings(lambda: clone.pretrain(second, fh=[1]))
    assert "'a', 'b', 'c' that this panel lacks" in str(warned.message)


def test_fallback_theta_with_pretrain_gets_a_message_of_its_own():
    for pooling in ["global", "local"]:
        forecaster = exact(fallback="theta", pooling=pooling)
        with pytest.raises(ValueError, match="with pretrain.*'seasonal_naive'") as e:
            forecaster.pretrain(monthly_panel(), fh=[1])
        assert "pooling" not in str(e.value)


def test_a_network_inside_a_meta_estimator_that_fits_a_clone_is_refused():
    """TransformedTargetRegressor fits a clone of its MLPRegressor, which
    starts anew whatever its warm_start: fine-tuning it would lose the
    pretraining silently, so it is refused; a scikit-learn Pipeline fits its
    steps themselves and goes on."""
    from sklearn.compose import TransformedTargetRegressor
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from skltsm import LagTransformer, make_forecast_pipeline

    def mlp():
        return MLPRegressor(hidden_layer_sizes=(4,), max_iter=30, random_state=0)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        wrapped = LSTMForecaster(
            make_forecast_pipeline(
                LagTransformer(3), TransformedTargetRegressor(mlp())
            ),
            calibration_size=0,
            fine_tune_epochs=2,
        )
        wrapped.pretrain(monthly_panel(), fh=[1])
        with pytest.raises(ValueError, match="TransformedTargetRegressor fits a clone"):
            wrapped.fit(a_series(), fh=[1])
        nested = LSTMForecaster(
            make_forecast_pipeline(
                LagTransformer(3), make_pipeline(StandardScaler(), mlp())
            ),
            calibration_size=0,
            fine_tune_epochs=2,
        )
        nested.pretrain(monthly_panel(), fh=[1])
        nested.fit(a_series(), fh=[1])
    tuned = nested.strategy_.pipeline_.steps[-1][1].steps[-1][1]
    assert len(tuned.loss_curve_) == 32  # 30 epochs pretrained, 2 fine-tuned
    scalers = [  # the nested pipeline's scaler as pretrain fitted it
        strategy.pipeline_.steps[-1][1].steps[0][1]
        for strategy in (nested.strategy_, nested.pretrained_strategy_)
    ]
    np.testing.assert_array_equal(scalers[0].mean_, scalers[1].mean_)


# -- the rows a series gives the pretrained network: what its forecasts read ---


def test_direct_steps_read_the_rows_of_the_first_step_from_a_series_end():
    """The step-h pipeline's warmup counts h - 1 rows after the series' end,
    which a forecast from the end does not read: a panel of series as short
    as the first step's input was accepted at fit, then refused at predict."""
    forecaster = exact(strategy="direct").pretrain(monthly_panel(), fh=[1, 2, 3])
    short = monthly_panel(ids="de", n=4, start="2010-01")  # look_back 3 + 1 lag
    with warnings.catch_warnings():
        warnings.simplefilter("error", SkltsmWarning)  # none too short to forecast
        forecast = forecaster.fit(short, fh=[1, 2, 3]).predict()
    expected = [[10.0 * k + k * t for t in (4, 5, 6)] for k in (1, 2)]
    np.testing.assert_allclose(forecast["y"], np.ravel(expected))
    one = forecaster.fit(short.loc["e"], fh=[1, 2, 3]).predict()
    np.testing.assert_allclose(one, np.asarray(expected[1])[:, None])
    with pytest.raises(ValueError, match="y has 3 observations, but .* reads 4"):
        forecaster.fit(short.loc["e"].iloc[1:], fh=[1, 2, 3])


def test_a_direct_step_whose_differences_reach_further_back_needs_its_rows():
    """Twice differenced, step 3 inverts with the level 6 rows before it: 4
    rows to the series' end, one more than the first step's input. A series
    of 3 was accepted, and its step 3 forecast NaN without a word."""
    pipeline = make_forecast_pipeline(
        Differencer([1, 1]), LagTransformer(look_back=1), LinearRegression()
    )
    forecaster = LSTMForecaster(pipeline, strategy="direct", calibration_size=0)
    forecaster.pretrain(monthly_panel(), fh=[1, 2, 3])
    with pytest.raises(ValueError, match="y has 3 observations, but .* reads 4"):
        forecaster.fit(a_series(n=3), fh=[1, 2, 3])
    forecast = forecaster.fit(a_series(n=4), fh=[1, 2, 3]).predict()
    np.testing.assert_allclose(forecast, 7.0 - 4.0 * np.arange(4.0, 7.0))


# -- training further: the network alone ---------------------------------------


def still_network(strategy="recursive", **params) -> LSTMForecaster:
    """A tiny LSTM whose weights barely move (learning rate 1e-9)."""
    pipeline = lstm_pipeline(epochs=1, learning_rate=1e-9)  # MinMaxScaler before it
    return LSTMForecaster(
        pipeline, strategy=strategy, calibration_size=0, random_state=0, **params
    )


def paired_steps(strategy, other) -> list:
    """The scaler and the network of each pipeline of two strategies, paired."""

    def steps(pipeline):
        return pipeline.named_steps["minmaxscaler"], pipeline.named_steps[
            "lstmregressor"
        ]

    pipelines = zip(strategy.fitted_pipelines, other.fitted_pipelines, strict=True)
    return [(steps(mine), steps(theirs)) for mine, theirs in pipelines]


@pytest.mark.parametrize("strategy", ["recursive", "direct", "multioutput"])
def test_pretraining_again_trains_the_network_alone(strategy):
    """A further pretrain keeps the steps before the network (the scaler) as
    the first pretrain fitted them: refit on the second panel alone, they
    put every series of the first on another scale than the network's. With
    the network all but still, a series is forecast as after one pretrain."""
    first = monthly_panel()  # the differences are 1, 2, 3
    second = 20 * monthly_panel(ids="de", start="2001-01")  # 20, 40
    once = still_network(strategy).pretrain(first, fh=[1, 2])
    twice = still_network(strategy).pretrain(first, fh=[1, 2])
    twice.pretrain(second, fh=[1, 2])
    assert twice.pretrained_series_.tolist() == ["a", "b", "c", "d", "e"]
    pairs = paired_steps(once.pretrained_strategy_, twice.pretrained_strategy_)
    for (scaler, network), (kept_scaler, kept_network) in pairs:
        np.testing.assert_array_equal(kept_scaler.data_max_, scaler.data_max_)
        encoder, kept = network.target_encoder_, kept_network.target_encoder_
        np.testing.assert_array_equal(kept.mean_, encoder.mean_)  # not refit either
        np.testing.assert_array_equal(kept.scale_, encoder.scale_)
        np.testing.assert_array_equal(kept_network.input_mean_, network.input_mean_)
    np.testing.assert_allclose(
        twice.fit(a_series(), fh=[1, 2]).predict(),
        once.fit(a_series(), fh=[1, 2]).predict(),
        rtol=1e-5,
    )


@pytest.mark.parametrize("strategy", ["recursive", "direct", "multioutput"])
def test_fine_tuning_trains_the_network_alone(strategy):
    """fine_tune_epochs trains the network further on the series, the
    scaler kept as pretrain fitted it, in the fit and in the copies that
    forecast the holdout: with the network all but still, the forecasts and
    the holdout's scores are those of the network as it is."""
    forecasts, scores = [], []
    for epochs in (0, 1):
        forecaster = still_network(strategy, fine_tune_epochs=epochs)
        forecaster.set_params(calibration_size=6)
        forecaster.pretrain(monthly_panel(), fh=[1, 2]).fit(a_series(), fh=[1, 2])
        forecasts.append(forecaster.predict().to_numpy())
        scores.append(forecaster.baseline_scores_["network"])
    pairs = paired_steps(forecaster.strategy_, forecaster.pretrained_strategy_)
    for (scaler, _), (pretrained, _) in pairs:
        np.testing.assert_array_equal(scaler.data_max_, pretrained.data_max_)
    np.testing.assert_allclose(forecasts[1], forecasts[0], rtol=1e-5)
    assert scores[1] == pytest.approx(scores[0], rel=1e-5)


def test_a_further_pretrain_that_asks_for_other_steps_is_refused():
    forecaster = LSTMForecaster(
        warm_linear_pipeline(), strategy="multioutput", calibration_size=0
    )
    forecaster.pretrain(monthly_panel(), fh=[1, 2])
    second = monthly_panel(ids="de", start="2001-01")
    with pytest.raises(ValueError, match=r"pretrain asks for steps \[3\].*reset\(\)"):
        forecaster.pretrain(second, fh=[1, 2, 3])
    assert forecaster.pretrained_series_.tolist() == ["a", "b", "c"]  # untrained
    forecaster.pretrain(second, fh=[2])  # steps it has: trained on
    assert forecaster.pretrained_series_.tolist() == ["a", "b", "c", "d", "e"]


def test_the_series_pretrained_on_leave_out_those_too_short_to_train_on():
    from skltsm.exceptions import ShortSeriesWarning

    short = monthly_panel(ids="s", n=4)
    forecaster = LSTMForecaster(warm_linear_pipeline(), calibration_size=0)
    with pytest.warns(ShortSeriesWarning, match="left out of training: 's'"):
        forecaster.pretrain(pd.concat([monthly_panel(), short]), fh=[1])
    assert forecaster.pretrained_series_.tolist() == ["a", "b", "c"]
    further = pd.concat([monthly_panel(ids="de"), short.rename(index={"s": "t"})])
    with pytest.warns(ShortSeriesWarning, match="left out of training: 't'"):
        forecaster.pretrain(further, fh=[1])
    assert forecaster.pretrained_series_.tolist() == ["a", "b", "c", "d", "e"]


# -- series identity after pretrain ---------------------------------------------


def opposite_walks(n=30) -> pd.DataFrame:
    """'u' climbs by 1 from 0, 'd' falls by 1 from n: alike windows, other ways."""
    index = pd.MultiIndex.from_product(
        [["u", "d"], pd.period_range("2000-01", periods=n, freq="M")],
        names=["series", "time"],
    )
    t = np.arange(n, dtype=float)
    return pd.DataFrame({"y": np.r_[t, n - t]}, index=index)


def identity_network(regressor=None, **params) -> LSTMForecaster:
    """One lag, no differencing: only the identity tells which way a series goes."""
    from tests.sktime.conftest import WarmLinearRegression

    pipeline = make_forecast_pipeline(
        LagTransformer(look_back=1), regressor or WarmLinearRegression()
    )
    return LSTMForecaster(pipeline, calibration_size=0, series_identity=True, **params)


def test_a_local_fit_after_pretraining_with_identity_says_it_has_none():
    """pretrain is global whatever pooling says, and its network tells 'u'
    and 'd' apart by their identity columns. A fit of that same panel under
    pooling="local" fits each series alone, unkeyed, so each was given zeros
    (the forecast of "any series": 29 and 1, not 30 and 0), without a word,
    where the global fit forecasts them as pretrained. (The review asked that
    the local fit keep the identity; sktime's loop fits each series without
    its key, so it is said, with the way to keep it, rather than done.)"""
    panel = opposite_walks()
    forecaster = identity_network(pooling="global").pretrain(panel, fh=[1])
    glob = forecaster.fit(panel, fh=[1]).predict()["y"].to_numpy()
    np.testing.assert_allclose(glob, [30.0, 0.0], atol=1e-6)
    local = identity_network(pooling="local").pretrain(panel, fh=[1])
    with pytest.warns(SkltsmWarning, match=r"pooling='local'.*pooling='global'"):
        local.fit(panel, fh=[1])


def test_a_further_pretrain_says_its_new_series_get_no_identity():
    """The identity columns are the first panel's: a further pretrain on new
    series trains them with zeros (as "any series"), while pretrained_series_
    lists them as pretrained on, so a fit of their panel forecasts them
    without an identity. Pretraining a thousand series in chunks gave the
    first chunk alone an identity, silently."""
    panel = opposite_walks()
    forecaster = identity_network().pretrain(panel.loc[["u"]], fh=[1])
    with pytest.warns(SkltsmWarning, match=r"identity.*'d'|'d'.*identity"):
        forecaster.pretrain(panel.loc[["d"]], fh=[1])
    assert forecaster.pretrained_strategy_.identities_.tolist() == ["u"]


# -- a refused further pretrain changes nothing ----------------------------------


def test_a_refused_pretrain_of_a_clone_leaves_it_free_to_pretrain_anew():
    """A clone whose network cannot go on pretrains anew on the next panel.
    A pretrain refused for its covariates had already marked the network as
    the clone's own (pretrained_here_), so the corrected call was refused,
    "forgetting the series 'a', 'b', 'c'", which the clone never trained."""
    second = monthly_panel(ids="de", start="2001-01")
    covariates = pd.DataFrame({"x": np.ones(len(second))}, index=second.index)
    clone = exact().pretrain(monthly_panel(), fh=[1]).clone()
    with pytest.raises(ValueError, match="pretrained without X"):
        clone.pretrain(second, X=covariates, fh=[1])
    clone.pretrain(second, fh=[1])
    assert clone.pretrained_series_.tolist() == ["d", "e"]


def test_a_refused_further_pretrain_leaves_the_fit_as_it_was():
    """A further pretrain set the fitted time_step_ to its panel's step (1,
    of a PeriodIndex) before its fh was refused: a series fitted on
    month-end dates (step MonthEnd) then failed to predict, in sktime's
    checks ("No valid mtype could be identified")."""
    forecaster = LSTMForecaster(
        warm_linear_pipeline(), strategy="multioutput", calibration_size=0
    )
    forecaster.pretrain(monthly_panel(), fh=[1, 2])
    dated = a_series()
    dated.index = dated.index.to_timestamp("M")
    expected = forecaster.fit(dated, fh=[1, 2]).predict()
    further = monthly_panel(ids="de", start="2001-01")
    with pytest.raises(ValueError, match=r"pretrain asks for steps \[3\]"):
        forecaster.pretrain(further, fh=[1, 2, 3])
    assert forecaster.state == "fitted"
    assert forecaster.time_step_ == pd.offsets.MonthEnd()
    pd.testing.assert_series_equal(forecaster.predict(), expected)


def test_a_clone_pretrained_anew_gives_its_own_series_their_identity():
    """A clone whose network cannot go on is pretrained anew on its panel
    (sktime's evaluate with cv_global), but kept the identity columns of the
    panel its original was pretrained on: its own series 'u' and 'd' got
    zeros, and were forecast as "any series" (28.8 and 1.2, not 30 and 0)."""
    panel = opposite_walks()
    first = panel.rename(index={"u": "a", "d": "b"}, level=0)
    original = identity_network(LinearRegression()).pretrain(first, fh=[1])
    clone = original.clone().pretrain(panel, fh=[1])
    assert clone.pretrained_series_.tolist() == ["u", "d"]
    assert clone.pretrained_strategy_.identities_.tolist() == ["u", "d"]
    forecast = clone.fit(panel, fh=[1]).predict()["y"].to_numpy()
    np.testing.assert_allclose(forecast, [30.0, 0.0], atol=1e-6)


def _refused_panel(refusal: str):
    further = monthly_panel(ids="de", start="2001-01")
    if refusal == "columns":
        return further.assign(z=1.0), None
    if refusal == "covariates":
        return further, pd.DataFrame({"x": 1.0}, index=further.index)
    if refusal == "too short":
        return monthly_panel(ids="de", n=4), None
    daily = pd.period_range("2001-01-01", periods=30, freq="D")  # "frequency"
    return further.set_axis(further.index.set_levels(daily, level=1)), None


@pytest.mark.parametrize("refusal", ["columns", "covariates", "too short", "frequency"])
def test_a_fitted_forecaster_predicts_as_before_a_refused_further_pretrain(refusal):
    """sktime's pretrain records the panel it checks (its mtype, columns)
    before the further pretrain refuses it: the forecaster stays fitted on
    its series, but predict then failed ("No valid mtype could be
    identified", or for two columns "Shape of passed values is (1, 1),
    indices imply (1, 2)")."""
    forecaster = LSTMForecaster(warm_linear_pipeline(), calibration_size=0)
    forecaster.pretrain(monthly_panel(), fh=[1])
    expected = forecaster.fit(a_series(), fh=[1]).predict()
    y, X = _refused_panel(refusal)
    with pytest.raises((ValueError, TypeError)):  # another frequency: TypeError
        forecaster.pretrain(y, X=X, fh=[1])
    assert forecaster.state == "fitted"
    pd.testing.assert_series_equal(forecaster.predict(), expected)


def test_targets_named_as_pretrained_in_another_order_are_refused():
    """The targets are matched by position (so that an unnamed series fits),
    the covariates by name. Two variables pretrained as (sales, price) and
    fitted as (price, sales) were read swapped, price as sales, without a
    word: the forecasts moved (sales -88.6, not -89). (The review asked that
    they be read by name; the fitted strategy, its calibration and every
    forecast array read the targets in the pretrained order, so the order is
    refused with the call that reads it right, rather than guessed.)"""
    panel = monthly_panel()
    trend = np.tile(np.arange(30.0) ** 2 / 10, 3)
    pretraining = pd.DataFrame(
        {"sales": panel["y"], "price": 1000 - 3 * panel["y"] + trend}
    )
    forecaster = exact().pretrain(pretraining, fh=[1])
    y = pd.DataFrame({"sales": a_series(), "price": 500 + np.arange(24.0) ** 2 / 10})
    expected = forecaster.fit(y, fh=[1]).predict()
    with pytest.raises(ValueError, match=r"another order.*Pass y\[\['sales', 'pr"):
        forecaster.fit(y[["price", "sales"]], fh=[1])
    assert forecaster.state == "fitted"  # refused, the fit before it is kept
    pd.testing.assert_frame_equal(forecaster.fit(y, fh=[1]).predict(), expected)


def test_a_refused_pretrain_of_a_clone_does_not_use_up_its_look_ahead_warning():
    """A clone whose network goes on warns once that it trained on series the
    new panel lacks. A pretrain refused for its columns warned, and marked
    the warning given: the corrected call, the one that trains, said nothing."""
    second = monthly_panel(ids="de", start="2001-01")
    forecaster = LSTMForecaster(warm_linear_pipeline(), calibration_size=0)
    clone = forecaster.pretrain(monthly_panel(), fh=[1]).clone()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LookAheadWarning)
        with pytest.raises(ValueError, match="2 column"):
            clone.pretrain(second.assign(z=1.0), fh=[1])
    [warned] = look_ahead_warnings(lambda: clone.pretrain(second, fh=[1]))
    assert "'a', 'b', 'c' that this panel lacks" in str(warned.message)
