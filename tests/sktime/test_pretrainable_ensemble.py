"""PretrainableEnsembleForecaster: sktime's ensemble, its members pretrained.

sktime 1.2's ``EnsembleForecaster`` inherits ``BaseForecaster``'s no-op
``_pretrain``; these tests pin that and check that skltsm's subclass
pretrains the members that can be, fits them with the others, and keeps
them through clones, refits and ``set_params``.
"""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")

from sktime.forecasting.compose import EnsembleForecaster
from sktime.forecasting.naive import NaiveForecaster
from sktime.transformations.series.exponent import ExponentTransformer
from sktime.utils.estimator_checks import parametrize_with_checks

from skltsm.exceptions import (
    SkltsmWarning,
)
from skltsm.sktime import (
    PretrainableEnsembleForecaster,
    PretrainableForecastingPipeline,
    PretrainableTransformedTargetForecaster,
)
from tests.sktime.conftest import (
    SKTIMES_COMPOSITE_CHECKS,
    run_tiny_network_check,
    warm_linear_pipeline,
)
from tests.sktime.test_pretrainable_pipeline import (
    FH,
    adjusted,
    exact,
    new_series,
    renamed_series,
    seasonal_panel,
)

WEIGHTS = [0.25, 0.25, 0.5]


def members() -> list:
    """The benchmark's M3 combination in small: adjusted, raw, a local model."""
    return [
        ("adjusted", adjusted(exact(warm_linear_pipeline()))),
        ("raw", exact(warm_linear_pipeline())),
        ("naive", NaiveForecaster(sp=12)),
    ]


def ensemble(**params) -> PretrainableEnsembleForecaster:
    return PretrainableEnsembleForecaster(members(), weights=WEIGHTS, **params)


def by_hand(**adjusted_params) -> pd.Series:
    """Each member pretrained (or not) and fitted alone, then weighted."""
    first, second, naive = (member for _, member in members())
    first.set_params(**adjusted_params)
    forecasts = [
        first.pretrain(seasonal_panel()).fit(new_series(), fh=FH).predict(),
        second.pretrain(seasonal_panel()).fit(new_series(), fh=FH).predict(),
        naive.fit(new_series(), fh=FH).predict(),
    ]
    return sum(w * f for w, f in zip(WEIGHTS, forecasts, strict=True))


def test_a_fit_after_pretrain_averages_the_pretrained_members_and_the_others():
    pretrained = ensemble(n_jobs=-1).pretrain(seasonal_panel())  # in processes
    assert pretrained.get_tag("capability:pretrain")
    assert [m is None for m in pretrained.pretrained_forecasters_] == [
        False,
        False,
        True,
    ]
    forecast = pretrained.fit(new_series(), fh=FH).predict()
    pd.testing.assert_series_equal(forecast, by_hand(), check_names=False)


def test_transformers_in_front_of_the_ensemble_build_pipelines_that_pretrain():
    """sktime's ``*`` and ``**`` build its pipelines, whose pretrain does nothing."""
    scaled = ExponentTransformer(power=1) ** ensemble()
    assert type(scaled) is PretrainableForecastingPipeline
    logged = ExponentTransformer(power=1) * ensemble()
    assert type(logged) is PretrainableTransformedTargetForecaster
    for pipeline in (scaled, logged):
        assert pipeline.get_tag("capability:pretrain")
        pipeline.pretrain(seasonal_panel())
        assert pipeline.forecaster_.state == "pretrained"
        forecast = pipeline.fit(new_series(), fh=FH).predict()
        pd.testing.assert_series_equal(forecast, by_hand(), check_names=False)


def test_sktimes_own_ensemble_trains_nothing_in_pretrain():
    """What the subclass fixes: if this fails, sktime pretrains its ensemble."""
    sktimes = EnsembleForecaster(members(), weights=WEIGHTS)
    assert not sktimes.get_tag("capability:pretrain", False, raise_error=False)
    sktimes.pretrain(seasonal_panel())
    forecast = sktimes.fit(new_series(), fh=FH).predict()
    alone = EnsembleForecaster(members(), weights=WEIGHTS).fit(new_series(), fh=FH)
    pd.testing.assert_series_equal(forecast, alone.predict())
    assert not np.allclose(forecast, by_hand())


def test_clones_refits_and_pickles_keep_the_pretrained_members():
    pretrained = ensemble().pretrain(seasonal_panel())
    expected = by_hand()
    clone = pretrained.clone().fit(new_series(), fh=FH)
    pd.testing.assert_series_equal(clone.predict(), expected, check_names=False)
    pretrained.fit(new_series() * 2.0, fh=FH)
    refit = pretrained.fit(new_series(), fh=FH).predict()
    pd.testing.assert_series_equal(refit, expected, check_names=False)
    restored = pickle.loads(pickle.dumps(pretrained))
    pd.testing.assert_series_equal(restored.predict(), pretrained.predict())


def test_set_params_of_what_only_fit_reads_keeps_the_pretrained_members():
    pretrained = ensemble().pretrain(seasonal_panel())
    with warnings.catch_warnings():
        warnings.simplefilter("error", SkltsmWarning)
        pretrained.set_params(
            adjusted__LSTMForecaster__fine_tune_epochs=1, weights=WEIGHTS
        )
    assert pretrained.state == "pretrained"
    forecast = pretrained.fit(new_series(), fh=FH).predict()
    expected = by_hand(LSTMForecaster__fine_tune_epochs=1)
    pd.testing.assert_series_equal(forecast, expected, check_names=False)


def test_set_params_by_a_unique_suffix_sets_the_pretrained_copy_too():
    """skbase's set_params takes a unique ``__`` suffix for the full key.

    The ensemble set it on its member but not on the pretrained copy it
    fits: get_params said 1, the fit used 0.
    """
    pretrained = ensemble().pretrain(seasonal_panel())
    with warnings.catch_warnings():
        warnings.simplefilter("error", SkltsmWarning)
        pretrained.set_params(LSTMForecaster__fine_tune_epochs=1)
    forecast = pretrained.fit(new_series(), fh=FH).predict()
    expected = by_hand(LSTMForecaster__fine_tune_epochs=1)
    pd.testing.assert_series_equal(forecast, expected, check_names=False)


def test_set_params_of_new_members_drops_the_pretraining_and_says_so():
    pretrained = ensemble().pretrain(seasonal_panel())
    with pytest.warns(SkltsmWarning, match="pretraining was dropped"):
        pretrained.set_params(forecasters=members()[1:])
    assert pretrained.state == "new"


def test_without_a_member_that_can_pretrain_pretrain_stays_sktimes_no_op():
    naive = PretrainableEnsembleForecaster(
        [("last", NaiveForecaster()), ("season", NaiveForecaster(sp=12))]
    )
    assert not naive.get_tag("capability:pretrain")
    naive.pretrain(seasonal_panel())
    assert not hasattr(naive, "pretrained_forecasters_")


def test_parameters_set_before_pretrain_are_those_pretrained():
    """sktime's set_params leaves forecasters_ stale; a fit resets it, pretrain did not.

    skbase's set_params resets (cloning forecasters_ from the members) before
    it sets the members' own parameters; the ensemble pretrained those stale
    clones: get_params said look_back=5, the network read 3.
    """
    pretrained = ensemble()
    pretrained.set_params(raw__pipeline__lagtransformer__look_back=5)
    pretrained.pretrain(seasonal_panel())
    copy = pretrained.pretrained_forecasters_[1]
    assert copy.pipeline.get_params()["lagtransformer__look_back"] == 5
    five = PretrainableEnsembleForecaster(
        [members()[0], ("raw", exact(warm_linear_pipeline(look_back=5))), members()[2]],
        weights=WEIGHTS,
    ).pretrain(seasonal_panel())
    pd.testing.assert_series_equal(
        pretrained.fit(new_series(), fh=FH).predict(),
        five.fit(new_series(), fh=FH).predict(),
    )


def test_set_params_of_a_member_given_twice_sets_both_pretrained_copies():
    """A (name, estimator, count) triple is one estimator under count names.

    sktime's set_params of ``net_1__...`` sets it on that one object, so
    get_params says ``net_2__...`` changed too; the ensemble set it on the
    first pretrained copy only, and fitted the second as it was.
    """
    pretrained = PretrainableEnsembleForecaster(
        [("net", exact(warm_linear_pipeline()), 2)]
    )
    pretrained.pretrain(seasonal_panel())
    with warnings.catch_warnings():
        warnings.simplefilter("error", SkltsmWarning)
        pretrained.set_params(net_1__fine_tune_epochs=1)
    assert pretrained.get_params()["net_2__fine_tune_epochs"] == 1
    tuned = exact(warm_linear_pipeline()).set_params(fine_tune_epochs=1)
    fresh = PretrainableEnsembleForecaster([("net", tuned, 2)]).pretrain(
        seasonal_panel()
    )
    pd.testing.assert_series_equal(
        pretrained.fit(new_series(), fh=FH).predict(),
        fresh.fit(new_series(), fh=FH).predict(),
    )


def test_a_pretrain_after_a_fit_without_pretraining_is_refused_clearly():
    """sktime sends it to _pretrain_update, which read a missing attribute.

    LSTMForecaster alone raises a ValueError that says what to do; the
    ensemble raised an AttributeError on ``pretrained_forecasters_``.
    """
    fitted = ensemble().fit(new_series(), fh=FH)
    with pytest.raises(ValueError, match="never pretrained"):
        fitted.pretrain(seasonal_panel())


def test_a_further_pretrain_that_a_member_refuses_trains_no_member():
    """The members went on one by one: those before the refusing one trained on.

    LSTMForecaster alone checks before it trains; the ensemble's failed
    pretrain left its first member trained on the refused panel.
    """
    pretrained = PretrainableEnsembleForecaster(
        [("warm", exact(warm_linear_pipeline())), ("raw", exact())]
    )
    before = pretrained.pretrain(seasonal_panel()).fit(new_series(), fh=FH).predict()
    with pytest.raises(ValueError, match="continues training from its weights"):
        pretrained.pretrain(renamed_series(seasonal_panel()) ** 1.5)
    after = pretrained.fit(new_series(), fh=FH).predict()
    pd.testing.assert_series_equal(after, before)


def test_an_update_that_a_member_refuses_updates_no_member():
    """The members were updated one by one, and the ensemble's cutoff moved first.

    LSTMForecaster alone refuses new rows after a gap and keeps its cutoff;
    in the ensemble the naive member before it took them: the ensemble's
    cutoff moved to the refused rows, and its predict raised sktime's
    "No valid mtype could be identified" (the members' forecasts no longer
    shared their time labels).
    """
    fitted = PretrainableEnsembleForecaster(
        [("naive", NaiveForecaster()), ("raw", exact())]
    ).fit(new_series().iloc[:40], fh=FH)
    before = fitted.predict()
    with pytest.raises(ValueError, match="without a gap"):
        fitted.update(new_series().iloc[41:44], update_params=False)
    assert fitted.cutoff[0] == new_series().index[39]
    pd.testing.assert_series_equal(fitted.predict(), before)


INSTANCE = PretrainableEnsembleForecaster(
    **PretrainableEnsembleForecaster.get_test_params()[0]
)


# the checks the pipelines skip; the covariates of a gapped fh are checked
# (they failed without the capability:non_contiguous_X the ensemble copies)
@parametrize_with_checks([INSTANCE])
def test_sktime_check(obj, test_name):
    if test_name in SKTIMES_COMPOSITE_CHECKS:
        pytest.skip("sktime's ensemble code, checked on its members themselves")
    run_tiny_network_check(obj, test_name)


def test_a_member_replaced_by_name_after_pretrain_is_the_one_fitted():
    """sktime's ensemble replaces a member by name in ``_forecasters`` only.

    ``set_params(raw=NaiveForecaster())`` after pretrain dropped raw's
    pretrained copy, then ``_reset_at("pretrained")`` re-ran ``__init__``
    from ``forecasters``, which still held the old network: get_params gave
    the old member back, and the fit trained it from scratch on the series,
    with no warning (the replacement was lost and the pretraining dropped).
    """
    pretrained = ensemble().pretrain(seasonal_panel())
    naive = NaiveForecaster(strategy="mean")
    pretrained.set_params(raw=naive)
    assert pretrained.get_params()["raw"] is naive
    expected = PretrainableEnsembleForecaster(
        [members()[0], ("raw", NaiveForecaster(strategy="mean")), members()[2]],
        weights=WEIGHTS,
    ).pretrain(seasonal_panel())
    pd.testing.assert_series_equal(
        pretrained.fit(new_series(), fh=FH).predict(),
        expected.fit(new_series(), fh=FH).predict(),
    )


def test_a_member_replaced_by_name_before_pretrain_is_the_one_pretrained():
    """The ``reset`` after a non-empty ``set_params`` undid the replacement.

    sktime's ensemble puts ``set_params(<name>=estimator)`` in
    ``_forecasters`` only; the reset re-ran ``__init__`` from
    ``forecasters``: the new member was gone at once, and pretrain and fit
    used the old one.
    """
    replaced = ensemble()
    naive = NaiveForecaster(strategy="mean")
    replaced.set_params(raw=naive)
    assert replaced.get_params()["raw"] is naive
