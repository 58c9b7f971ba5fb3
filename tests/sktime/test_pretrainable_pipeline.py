"""sktime's two pipelines, pretrained: of ``y`` (``*``) and of ``X`` (``**``).

sktime 1.2's ``TransformedTargetForecaster`` and ``ForecastingPipeline``
inherit ``BaseForecaster``'s no-op ``_pretrain``; these tests pin that (so
that a sktime that fixes it shows here) and check that skltsm's subclasses
pretrain the forecaster behind the transformers, keep it through clones and
refits, and that ``LSTMForecaster``'s ``*`` and ``**`` build them.
"""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")

from sklearn.model_selection import KFold
from sklearn.preprocessing import StandardScaler
from sktime.forecasting.compose import ForecastingPipeline, TransformedTargetForecaster
from sktime.forecasting.model_evaluation import evaluate
from sktime.forecasting.naive import NaiveForecaster
from sktime.split import ExpandingWindowSplitter, InstanceSplitter
from sktime.transformations.series.adapt import TabularToSeriesAdaptor
from sktime.transformations.series.exponent import ExponentTransformer
from sktime.utils.estimator_checks import parametrize_with_checks

from skltsm.exceptions import (
    LookAheadWarning,
    SkltsmWarning,
)
from skltsm.sktime import (
    LSTMForecaster,
    PositiveDeseasonalizer,
    PretrainableForecastingPipeline,
    PretrainableTransformedTargetForecaster,
)
from tests.sktime.conftest import (
    INDEX_FH_TYPES,
    SKTIMES_COMPOSITE_CHECKS,
    linear_pipeline,
    run_tiny_network_check,
    warm_linear_pipeline,
)

MONTHS = pd.period_range("2000-01", periods=48, freq="M")
SEASON = 1 + 0.3 * np.sin(np.arange(48) * np.pi / 6)
FH = [1, 2, 3]


def seasonal_line(level: float, slope: float) -> np.ndarray:
    """A straight line times the season: linear once deseasonalised."""
    return level * (1 + slope * np.arange(48)) * SEASON


def seasonal_panel() -> pd.DataFrame:
    series = {
        key: pd.DataFrame({"y": seasonal_line(level, slope)}, index=MONTHS)
        for key, level, slope in [
            ("a", 10.0, 0.01),
            ("b", 50.0, 0.02),
            ("c", 5.0, 0.03),
        ]
    }
    return pd.concat(series, names=["series", "time"])


def new_series() -> pd.Series:
    """Not in the panel: falling, where every series of the panel rises."""
    return pd.Series(seasonal_line(20.0, -0.01), index=MONTHS, name="y")


def exact(pipeline=None) -> LSTMForecaster:
    """A linear regression behind the pipeline: pretrained, it forecasts as it is."""
    pipeline = linear_pipeline() if pipeline is None else pipeline
    return LSTMForecaster(pipeline, calibration_size=0)


def adjusted(forecaster) -> PretrainableTransformedTargetForecaster:
    return PositiveDeseasonalizer(sp=12) * forecaster


def test_transformers_times_the_forecaster_build_the_pretrainable_pipeline():
    forecaster = exact()
    pipelines = [
        PositiveDeseasonalizer(sp=12) * forecaster,
        forecaster * ExponentTransformer(),
        ExponentTransformer() * PositiveDeseasonalizer(sp=12) * forecaster,
        ExponentTransformer() * (PositiveDeseasonalizer(sp=12) * forecaster),
        (PositiveDeseasonalizer(sp=12) * forecaster) * ExponentTransformer(),
    ]
    for pipeline in pipelines:
        assert type(pipeline) is PretrainableTransformedTargetForecaster
        assert pipeline.get_tag("capability:pretrain")
        assert repr(pipeline.forecaster_) == repr(forecaster)
    # other forecasters keep sktime's pipeline
    sktimes = PositiveDeseasonalizer(sp=12) * NaiveForecaster()
    assert type(sktimes) is TransformedTargetForecaster


def by_hand() -> pd.Series:
    """The forecast of a pretrained pipeline, step by step."""
    network = exact().pretrain(
        PositiveDeseasonalizer(sp=12).fit_transform(seasonal_panel())
    )
    adjust = PositiveDeseasonalizer(sp=12)
    network.fit(adjust.fit_transform(new_series()), fh=FH)
    return adjust.inverse_transform(network.predict())


def test_a_fit_after_pretrain_forecasts_with_the_network_pretrained_on_the_panel():
    pipeline = adjusted(exact()).pretrain(seasonal_panel())
    assert pipeline.state == "pretrained"
    assert pipeline.forecaster_.state == "pretrained"
    forecast = pipeline.fit(new_series(), fh=FH).predict()
    pd.testing.assert_series_equal(forecast, by_hand())
    # the series' own network forecasts it otherwise: pretraining mattered
    alone = adjusted(exact()).fit(new_series(), fh=FH).predict()
    assert not np.allclose(forecast, alone, rtol=1e-3)


def test_sktimes_own_pipeline_trains_nothing_in_pretrain():
    """What the subclass fixes: if this fails, sktime pretrains its pipeline."""
    sktimes = TransformedTargetForecaster([PositiveDeseasonalizer(sp=12), exact()])
    assert not sktimes.get_tag("capability:pretrain", False, raise_error=False)
    sktimes.pretrain(seasonal_panel())
    assert sktimes.forecaster_.state == "new"
    forecast = sktimes.fit(new_series(), fh=FH).predict()
    alone = adjusted(exact()).fit(new_series(), fh=FH).predict()
    pd.testing.assert_series_equal(forecast, alone)


def test_parameters_set_before_pretrain_are_those_pretrained():
    """sktime's set_params leaves steps_ stale; a fit resets it, pretrain did not."""
    pipeline = adjusted(exact())
    pipeline.set_params(LSTMForecaster__pipeline__lagtransformer__look_back=5)
    pipeline.pretrain(seasonal_panel())
    assert pipeline.forecaster_.pipeline.get_params()["lagtransformer__look_back"] == 5
    forecast = pipeline.fit(new_series(), fh=FH).predict()
    five = adjusted(exact(linear_pipeline(look_back=5))).pretrain(seasonal_panel())
    pd.testing.assert_series_equal(forecast, five.fit(new_series(), fh=FH).predict())


def test_clones_and_refits_keep_the_pretrained_network():
    pipeline = adjusted(exact()).pretrain(seasonal_panel())
    expected = by_hand()
    pd.testing.assert_series_equal(
        pipeline.clone().fit(new_series(), fh=FH).predict(), expected
    )
    other = pd.Series(seasonal_line(3.0, 0.05), index=MONTHS, name="y")
    pipeline.fit(other, fh=FH)
    pd.testing.assert_series_equal(
        pipeline.fit(new_series(), fh=FH).predict(), expected
    )


def test_a_pretrained_and_fitted_pipeline_pickles_with_its_forecasts():
    pipeline = adjusted(exact()).pretrain(seasonal_panel()).fit(new_series(), fh=FH)
    restored = pickle.loads(pickle.dumps(pipeline))
    pd.testing.assert_series_equal(restored.predict(), pipeline.predict())
    assert restored.state == "fitted"


def test_a_second_pretrain_adjusts_the_new_panel_and_trains_the_network_on():
    first, second = seasonal_panel(), seasonal_panel() * 2.0
    pipeline = adjusted(exact(warm_linear_pipeline()))
    pipeline.pretrain(first).pretrain(second)
    network = exact(warm_linear_pipeline())
    network.pretrain(PositiveDeseasonalizer(sp=12).fit_transform(first))
    network.pretrain(PositiveDeseasonalizer(sp=12).fit_transform(second))
    pd.testing.assert_frame_equal(
        pipeline.transformers_pre_[0][1].transform(second),
        PositiveDeseasonalizer(sp=12).fit_transform(second),
    )
    adjust = PositiveDeseasonalizer(sp=12)
    network.fit(adjust.fit_transform(new_series()), fh=FH)
    pd.testing.assert_series_equal(
        pipeline.fit(new_series(), fh=FH).predict(),
        adjust.inverse_transform(network.predict()),
    )


def test_set_params_of_what_only_fit_reads_keeps_the_pretrained_network():
    pipeline = adjusted(exact(warm_linear_pipeline())).pretrain(seasonal_panel())
    with warnings.catch_warnings():
        warnings.simplefilter("error", SkltsmWarning)
        pipeline.set_params(LSTMForecaster__fine_tune_epochs=1)
    assert pipeline.state == "pretrained"
    assert pipeline.forecaster_.fine_tune_epochs == 1
    network = exact(warm_linear_pipeline()).set_params(fine_tune_epochs=1)
    network.pretrain(PositiveDeseasonalizer(sp=12).fit_transform(seasonal_panel()))
    adjust = PositiveDeseasonalizer(sp=12)
    network.fit(adjust.fit_transform(new_series()), fh=FH)
    pd.testing.assert_series_equal(
        pipeline.fit(new_series(), fh=FH).predict(),
        adjust.inverse_transform(network.predict()),
    )


@pytest.mark.parametrize("make", [adjusted, lambda f: ExponentTransformer() ** f])
def test_a_calibration_set_after_pretrain_gives_the_networks_intervals(make):
    """The tags described the forecaster before ``set_params``.

    skbase resets the pipeline (its tags read the forecaster) before it sets
    the steps' parameters, and sktime's first ``fit`` after ``pretrain``
    does not reset: after ``set_params(LSTMForecaster__calibration_size=6)``,
    which keeps the pretraining, ``capability:pred_int`` stayed ``False``
    and ``predict_interval`` raised ``NotImplementedError``.
    """
    pipeline = make(exact()).pretrain(seasonal_panel())
    pipeline.set_params(LSTMForecaster__calibration_size=6)
    assert pipeline.state == "pretrained"
    assert pipeline.get_tag("capability:pred_int")
    intervals = pipeline.fit(new_series(), fh=FH).predict_interval(coverage=0.8)
    assert intervals.notna().all().all()


@pytest.mark.parametrize(
    "params",
    [
        {"PositiveDeseasonalizer__sp": 6},  # the panel pretrained on changes
        {"LSTMForecaster__pipeline__lagtransformer__look_back": 4},  # the network
    ],
)
def test_set_params_of_what_pretrain_read_drops_the_pretraining_and_says_so(params):
    pipeline = adjusted(exact()).pretrain(seasonal_panel())
    with pytest.warns(SkltsmWarning, match="pretraining was dropped"):
        pipeline.set_params(**params)
    assert pipeline.state == "new"
    forecast = pipeline.fit(new_series(), fh=FH).predict()
    alone = adjusted(exact()).set_params(**params).fit(new_series(), fh=FH)
    pd.testing.assert_series_equal(forecast, alone.predict())


def test_with_a_forecaster_that_cannot_pretrain_pretrain_stays_sktimes_no_op():
    pipeline = PretrainableTransformedTargetForecaster(
        [PositiveDeseasonalizer(sp=12), NaiveForecaster(sp=12)]
    )
    assert not pipeline.get_tag("capability:pretrain")
    pipeline.pretrain(seasonal_panel())
    assert pipeline.forecaster_.state == "new"
    plain = TransformedTargetForecaster(
        [PositiveDeseasonalizer(sp=12), NaiveForecaster(sp=12)]
    )
    pd.testing.assert_series_equal(
        pipeline.fit(new_series(), fh=FH).predict(),
        plain.fit(new_series(), fh=FH).predict(),
    )


def test_global_evaluation_scores_the_network_pretrained_on_the_other_series():
    panel = pd.concat(
        [
            seasonal_panel(),
            pd.concat({"d": new_series().to_frame()}, names=["series", "time"]),
        ]
    )
    # one cutoff (at 36 of 48 months) in each global fold: a second cutoff,
    # refitted as the first, checked nothing more
    cv = ExpandingWindowSplitter(initial_window=36, step_length=12, fh=FH)
    cv_global = InstanceSplitter(KFold(n_splits=2))
    scores = evaluate(
        adjusted(exact()), cv=cv, y=panel, cv_global=cv_global, return_data=True
    )
    first = scores.iloc[0]
    by_loop = adjusted(exact()).pretrain(first["y_pretrain"])
    forecast = by_loop.fit(first["y_train"], fh=FH).predict()
    pd.testing.assert_frame_equal(first["y_pred"], forecast)
    sktimes = TransformedTargetForecaster([PositiveDeseasonalizer(sp=12), exact()])
    theirs = evaluate(sktimes, cv=cv, y=panel, cv_global=cv_global)
    assert not np.allclose(scores.iloc[:, 0], theirs.iloc[:, 0])


def test_the_pipeline_asks_for_covariates_at_every_step_as_its_forecaster_does():
    pipeline = adjusted(exact())
    assert not pipeline.get_tag("capability:non_contiguous_X")
    sktimes = TransformedTargetForecaster([PositiveDeseasonalizer(sp=12), exact()])
    assert sktimes.get_tag("capability:non_contiguous_X")


# -- ForecastingPipeline: transformers of the covariates ---------------------


def prices(index: pd.Index, seed: int) -> pd.DataFrame:
    """A covariate at ``index``: noise of a level and spread of its own per series."""
    noise = np.random.default_rng(seed).normal(size=len(index))
    return pd.DataFrame({"price": 5.0 + seed + (1 + 4 * seed) * noise}, index)


def panel_prices() -> pd.DataFrame:
    keys = seasonal_panel().index.unique(0)
    return pd.concat({key: prices(MONTHS, seed) for seed, key in enumerate(keys)})


def priced_panel() -> pd.DataFrame:
    """The seasonal panel plus three times its price: y moves with X."""
    return seasonal_panel() + 3 * panel_prices().to_numpy()


#: the new series' covariates: its 48 months, then the 3 forecast
NEW_PRICES = prices(pd.period_range("2000-01", periods=51, freq="M"), seed=7)


def priced_series() -> pd.Series:
    return new_series() + 3 * NEW_PRICES["price"].iloc[:48].to_numpy()


def scaled(forecaster):
    """Each series' covariates standardised (its own mean and spread) first."""
    return TabularToSeriesAdaptor(StandardScaler()) ** forecaster


def by_hand_with_prices() -> pd.Series:
    """The forecast of a pretrained pipeline of ``X``, step by step."""
    scaler = TabularToSeriesAdaptor(StandardScaler())
    network = exact().pretrain(priced_panel(), X=scaler.fit_transform(panel_prices()))
    scaler = TabularToSeriesAdaptor(StandardScaler())
    known = scaler.fit_transform(NEW_PRICES.iloc[:48])
    network.fit(priced_series(), X=known, fh=FH)
    return network.predict(X=scaler.transform(NEW_PRICES.iloc[48:]))


def fitted_with_prices(pipeline, series=None) -> pd.Series:
    series = priced_series() if series is None else series
    pipeline.fit(series, X=NEW_PRICES.iloc[:48], fh=FH)
    return pipeline.predict(X=NEW_PRICES.iloc[48:])


def test_transformers_to_the_power_of_the_forecaster_build_the_pipelines_of_x():
    forecaster = exact()
    of_x, of_y = (
        PretrainableForecastingPipeline,
        PretrainableTransformedTargetForecaster,
    )
    pipelines = [
        (ExponentTransformer() ** forecaster, of_x, LSTMForecaster),
        (ExponentTransformer() ** scaled(forecaster), of_x, LSTMForecaster),
        (ExponentTransformer() ** adjusted(forecaster), of_x, of_y),
        (PositiveDeseasonalizer(sp=12) * scaled(forecaster), of_y, of_x),
        (scaled(forecaster) * ExponentTransformer(), of_y, of_x),
    ]
    for pipeline, cls, inner in pipelines:
        assert type(pipeline) is cls
        assert type(pipeline.forecaster_) is inner
        assert pipeline.get_tag("capability:pretrain")
    sktimes = ExponentTransformer() ** NaiveForecaster()
    assert type(sktimes) is ForecastingPipeline


def test_a_fit_after_pretrain_forecasts_with_each_series_covariates_transformed():
    pipeline = scaled(exact()).pretrain(priced_panel(), X=panel_prices())
    assert pipeline.state == "pretrained"
    assert pipeline.forecaster_.state == "pretrained"
    forecast = fitted_with_prices(pipeline)
    assert not pipeline.skip_trafos_  # sktime's fit transformed X, as pretrain did
    pd.testing.assert_series_equal(forecast, by_hand_with_prices())
    alone = fitted_with_prices(scaled(exact()))
    assert not np.allclose(forecast, alone, rtol=1e-3)  # pretraining mattered
    # on the covariates as given, the network learns another price effect
    raw = exact().pretrain(priced_panel(), X=panel_prices())
    raw.fit(priced_series(), X=NEW_PRICES.iloc[:48], fh=FH)
    assert not np.allclose(forecast, raw.predict(X=NEW_PRICES.iloc[48:]), rtol=1e-3)


def test_sktimes_own_pipeline_of_x_trains_nothing_in_pretrain():
    """What the subclass fixes: if this fails, sktime pretrains its pipeline."""
    sktimes = ForecastingPipeline([TabularToSeriesAdaptor(StandardScaler()), exact()])
    assert not sktimes.get_tag("capability:pretrain", False, raise_error=False)
    sktimes.pretrain(priced_panel(), X=panel_prices())
    assert sktimes.forecaster_.state == "new"
    pd.testing.assert_series_equal(
        fitted_with_prices(sktimes), fitted_with_prices(scaled(exact()))
    )


def test_without_covariates_the_pipeline_of_x_pretrains_its_forecaster_on_y():
    """sktime's fit skips transformers that need an X not given: pretrain too."""
    pipeline = scaled(exact()).pretrain(seasonal_panel())
    assert pipeline.forecaster_.state == "pretrained"
    network = exact().pretrain(seasonal_panel())
    pd.testing.assert_series_equal(
        pipeline.fit(new_series(), fh=FH).predict(),
        network.fit(new_series(), fh=FH).predict(),
    )
    # pretrain's rule is sktime's fit's: if sktime changes it, this shows
    assert pipeline.skip_trafos_ and pipeline._skips_transformers(None)
    assert not pipeline._skips_transformers(NEW_PRICES)


def test_the_pipeline_of_x_pretrains_a_pipeline_of_y_inside_it():
    pipeline = ExponentTransformer(power=1) ** adjusted(exact())
    pipeline.pretrain(seasonal_panel())
    assert pipeline.forecaster_.forecaster_.state == "pretrained"
    pd.testing.assert_series_equal(
        pipeline.fit(new_series(), fh=FH).predict(), by_hand()
    )


def test_the_pipeline_of_x_keeps_its_pretraining_through_clones_refits_and_pickle():
    pipeline = scaled(exact()).pretrain(priced_panel(), X=panel_prices())
    expected = by_hand_with_prices()
    pd.testing.assert_series_equal(fitted_with_prices(pipeline.clone()), expected)
    other = pd.Series(seasonal_line(3.0, 0.05), index=MONTHS, name="y")
    fitted_with_prices(pipeline, other)
    pd.testing.assert_series_equal(fitted_with_prices(pipeline), expected)
    restored = pickle.loads(pickle.dumps(pipeline))
    pd.testing.assert_series_equal(restored.predict(X=NEW_PRICES.iloc[48:]), expected)


def test_set_params_of_the_pipeline_of_x_keeps_or_drops_the_pretraining():
    pipeline = scaled(exact(warm_linear_pipeline()))
    pipeline.pretrain(priced_panel(), X=panel_prices())
    with warnings.catch_warnings():
        warnings.simplefilter("error", SkltsmWarning)
        pipeline.set_params(LSTMForecaster__fine_tune_epochs=1)
    assert pipeline.state == "pretrained"
    assert pipeline.forecaster_.fine_tune_epochs == 1
    with pytest.warns(SkltsmWarning, match="pretraining was dropped"):
        pipeline.set_params(TabularToSeriesAdaptor__transformer__with_mean=False)
    assert pipeline.state == "new"
    assert pipeline.forecaster_.state == "new"


def renamed_series(panel: pd.DataFrame) -> pd.DataFrame:
    """The same rows under other series ids: a panel of series not seen before."""
    return panel.rename(index=lambda key: f"{key}2", level=0)


@pytest.mark.parametrize("make", [scaled, adjusted], ids=["of_x", "of_y"])
def test_a_pretrain_after_a_fit_refuses_a_network_that_cannot_go_on(make):
    """As LSTMForecaster alone does: the first panel is not forgotten silently.

    sktime's fit of its pipeline of X fits a clone of the pretrained
    forecaster (its pipeline of y fits it in place); the clone's
    ``pretrained_here_`` is False, so a further ``pretrain`` took the network
    for another forecaster's and pretrained it anew on the second panel alone.
    """
    pipeline = make(exact()).pretrain(priced_panel(), X=panel_prices())
    fitted_with_prices(pipeline)
    with pytest.raises(ValueError, match="continues training from its weights"):
        pipeline.pretrain(
            renamed_series(priced_panel()), X=renamed_series(panel_prices())
        )


@pytest.mark.parametrize("make", [scaled, adjusted], ids=["of_x", "of_y"])
def test_a_pretrain_after_a_fit_on_new_series_is_no_look_ahead(make):
    """pretrain, fit, pretrain on more series: the flow of pretrain_update."""
    pipeline = make(exact(warm_linear_pipeline()))
    pipeline.pretrain(priced_panel(), X=panel_prices())
    fitted_with_prices(pipeline)
    with warnings.catch_warnings():
        warnings.simplefilter("error", LookAheadWarning)
        pipeline.pretrain(
            renamed_series(priced_panel()), X=renamed_series(panel_prices())
        )


@pytest.mark.parametrize("make", [scaled, adjusted], ids=["of_x", "of_y"])
def test_a_pretrain_after_a_fit_without_pretraining_is_the_forecasters_to_refuse(make):
    """sktime sends it to _pretrain_update: the forecaster's own words.

    Not an AttributeError: 99ac5fc read ``pretrained_forecaster_``, which a
    fit alone does not leave.
    """
    fitted = make(exact())
    fitted_with_prices(fitted)
    with pytest.raises(ValueError, match="fitted but never pretrained"):
        fitted.pretrain(priced_panel(), X=panel_prices())


@pytest.mark.parametrize("make", [scaled, adjusted], ids=["of_x", "of_y"])
def test_set_params_by_a_unique_suffix_is_the_full_key(make):
    """skbase's set_params takes a unique ``__`` suffix for the full key.

    The pipelines read ``fine_tune_epochs`` as a transformer's parameter and
    dropped the pretraining (saying the data pretrained on changed);
    ``PretrainableEnsembleForecaster``'s test is in its own file.
    """
    by_suffix, by_key = (
        make(exact(warm_linear_pipeline())).pretrain(priced_panel(), X=panel_prices())
        for _ in range(2)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", SkltsmWarning)
        by_suffix.set_params(fine_tune_epochs=1)
    by_key.set_params(LSTMForecaster__fine_tune_epochs=1)
    assert by_suffix.state == "pretrained"
    pd.testing.assert_series_equal(
        fitted_with_prices(by_suffix), fitted_with_prices(by_key)
    )


def some_cases(obj) -> dict[str, tuple[str, ...]]:
    """Check name -> the cases run: the covariates at the steps of a gapped fh.

    They fail without the ``capability:non_contiguous_X`` tag the subclasses
    copy.
    """
    return {
        "test_predict_time_index_with_X": tuple(
            f"{type(obj).__name__}-y:1cols-fh=[2 5]-{index}"
            for index in INDEX_FH_TYPES
            if "timedelta" not in index  # the check skips timedelta horizons
        ),
    }


INSTANCES = [
    cls(**cls.get_test_params()[0])
    for cls in (
        PretrainableTransformedTargetForecaster,
        PretrainableForecastingPipeline,
    )
]


# every check of TestAllObjects, TestAllEstimators and TestAllForecasters on
# each pipeline's first instance (a seasonal adjustment of y, a transform of
# X, in front of a tiny LSTM), the pretraining checks included; the slow ones
# of sktime's own code excepted
@parametrize_with_checks(INSTANCES)
def test_sktime_check(obj, test_name):
    if test_name in SKTIMES_COMPOSITE_CHECKS:
        pytest.skip("sktime's pipeline code, checked on LSTMForecaster itself")
    run_tiny_network_check(obj, test_name, some_cases(obj).get(test_name))


@pytest.mark.parametrize("make", [adjusted, lambda f: ExponentTransformer() ** f])
def test_a_calibration_set_before_pretrain_gives_the_networks_intervals(make):
    """The tags read the forecaster before ``set_params`` set its parameters.

    skbase resets the pipeline before it sets the steps' parameters; sktime's
    ``pretrain`` does not reset, nor does the first ``fit`` after it. The
    ensemble and multiplexer now reset after ``set_params`` (bfa77e3), the
    pipelines not: ``set_params(LSTMForecaster__calibration_size=6)`` then
    ``pretrain`` and ``fit`` left ``capability:pred_int`` ``False``, and
    ``predict_interval`` raised NotImplementedError.
    """
    pipeline = make(exact())
    pipeline.set_params(LSTMForecaster__calibration_size=6)
    pipeline.pretrain(seasonal_panel())
    assert pipeline.get_tag("capability:pred_int")
    intervals = pipeline.fit(new_series(), fh=FH).predict_interval(coverage=0.8)
    assert intervals.notna().all().all()


@pytest.mark.parametrize("make", [adjusted, lambda f: ExponentTransformer() ** f])
def test_the_forecaster_replaced_by_name_after_pretrain_is_the_one_fitted(make):
    """skbase replaces a step by name without a reset, and the warning lies.

    ``set_params(LSTMForecaster=NaiveForecaster())`` after pretrain warned
    "the pipeline is reset to a new one", but the state stayed
    ``"pretrained"`` and ``steps_`` kept the pretrained network: the first
    fit after pretrain skips sktime's reset, so the pipeline forecast with the
    old network, not the naive forecaster that get_params showed.
    """
    pipeline = make(exact()).pretrain(seasonal_panel())
    with pytest.warns(SkltsmWarning, match="pretraining was dropped"):
        pipeline.set_params(LSTMForecaster=NaiveForecaster(strategy="mean"))
    assert pipeline.state == "new"
    naive = make(NaiveForecaster(strategy="mean")).fit(new_series(), fh=FH)
    pd.testing.assert_series_equal(
        pipeline.fit(new_series(), fh=FH).predict(), naive.predict()
    )


def test_a_network_set_by_name_in_place_of_a_naive_forecaster_is_pretrained():
    """``capability:pretrain`` stayed as ``__init__`` set it.

    skbase replaces a step by name without a reset, so the tag still read the
    naive forecaster: ``pretrain`` was sktime's silent no-op and the network
    was fitted from scratch (the multiplexer's bug of dd5dce0, which bfa77e3
    fixed for the ensemble and the multiplexer only).
    """
    pipeline = PretrainableTransformedTargetForecaster(
        [("adjust", PositiveDeseasonalizer(sp=12)), ("model", NaiveForecaster())]
    )
    pipeline.set_params(model=exact())
    assert pipeline.get_tag("capability:pretrain")
    pipeline.pretrain(seasonal_panel())
    forecast = pipeline.fit(new_series(), fh=FH).predict()
    pd.testing.assert_series_equal(forecast, by_hand(), check_names=False)


def assert_an_update_after_a_gap_changes_nothing(composite) -> None:
    """Fit ``composite`` on 40 months, update it after a gap: refused, as it was.

    LSTMForecaster alone refuses new rows after a gap and keeps its cutoff;
    a composite around it moved its own cutoff first (ComposedAllOrNothing).
    """
    fitted = composite.fit(new_series().iloc[:40], fh=FH)
    before = fitted.predict()
    with pytest.raises(ValueError, match="without a gap"):
        fitted.update(new_series().iloc[41:44], update_params=False)
    assert fitted.cutoff[0] == MONTHS[39]
    pd.testing.assert_series_equal(fitted.predict(), before)


@pytest.mark.parametrize("of", ["y", "X"])
def test_an_update_the_forecaster_refuses_leaves_the_pipelines_cutoff(of):
    """The pipeline took the refused rows: its cutoff moved, the forecaster's not.

    Behind ``*`` or ``**`` the pipeline's cutoff moved to the refused rows
    first, and said 2003-08 while its forecasts still started at 2003-05.
    """
    identity = ExponentTransformer(power=1)
    pipeline = identity * exact() if of == "y" else identity ** exact()
    assert_an_update_after_a_gap_changes_nothing(pipeline)
    assert pipeline.forecaster_.cutoff[0] == MONTHS[39]
