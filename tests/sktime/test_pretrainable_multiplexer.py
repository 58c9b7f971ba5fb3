"""PretrainableMultiplexForecaster: sktime's multiplexer, its members pretrained.

sktime 1.2's ``MultiplexForecaster`` (``|``) inherits ``BaseForecaster``'s
no-op ``_pretrain``; these tests pin that and check that skltsm's subclass
pretrains every member that can be, fits the selected one's copy, and keeps
the copies through a search over ``selected_forecaster``, clones, refits
and ``set_params``.
"""

import pickle
import warnings

import pandas as pd
import pytest

pytest.importorskip("sktime")

from sktime.forecasting.compose import MultiplexForecaster
from sktime.forecasting.model_evaluation import evaluate
from sktime.forecasting.model_selection import ForecastingGridSearchCV
from sktime.forecasting.naive import NaiveForecaster
from sktime.performance_metrics.forecasting import MeanAbsoluteError
from sktime.split import ExpandingWindowSplitter
from sktime.utils.estimator_checks import parametrize_with_checks

from skltsm.exceptions import SkltsmWarning
from skltsm.sktime import PretrainableMultiplexForecaster
from tests.sktime.conftest import (
    SKTIMES_COMPOSITE_CHECKS,
    run_tiny_network_check,
    warm_linear_pipeline,
)
from tests.sktime.test_pretrainable_pipeline import (
    FH,
    assert_an_update_after_a_gap_changes_nothing,
    exact,
    new_series,
    renamed_series,
    seasonal_panel,
)


def members() -> list:
    return [
        ("network", exact(warm_linear_pipeline())),
        ("naive", NaiveForecaster(sp=12)),
        ("raw", exact()),
    ]


def multiplexer(selected=None) -> PretrainableMultiplexForecaster:
    return PretrainableMultiplexForecaster(members(), selected_forecaster=selected)


def pretrained_network(name: str = "network"):
    return dict(members())[name].pretrain(seasonal_panel())


def test_the_or_operator_of_a_pretrainable_forecaster_builds_it():
    either = exact() | NaiveForecaster(sp=12)
    assert type(either) is PretrainableMultiplexForecaster
    assert either.get_tag("capability:pretrain")
    assert type(either | NaiveForecaster()) is PretrainableMultiplexForecaster
    assert len(either.forecasters) == 2
    # the other operand's operator is sktime's
    assert type(NaiveForecaster() | exact()) is MultiplexForecaster


@pytest.mark.parametrize("selected", [None, "network", "raw"])
def test_a_fit_after_pretrain_forecasts_with_the_selected_pretrained_network(selected):
    pretrained = multiplexer(selected).pretrain(seasonal_panel())
    assert [f is None for f in pretrained.pretrained_forecasters_] == [
        False,
        True,
        False,
    ]
    forecast = pretrained.fit(new_series(), fh=FH).predict()
    by_hand = pretrained_network(selected or "network").fit(new_series(), fh=FH)
    pd.testing.assert_series_equal(forecast, by_hand.predict())


def test_a_member_that_cannot_be_pretrained_is_fitted_as_sktimes():
    pretrained = multiplexer("naive").pretrain(seasonal_panel())
    forecast = pretrained.fit(new_series(), fh=FH).predict()
    naive = NaiveForecaster(sp=12).fit(new_series(), fh=FH).predict()
    pd.testing.assert_series_equal(forecast, naive)


def test_sktimes_own_multiplexer_trains_nothing_in_pretrain():
    """What the subclass fixes: if this fails, sktime pretrains its multiplexer."""
    sktimes = MultiplexForecaster(members(), selected_forecaster="raw")
    assert not sktimes.get_tag("capability:pretrain", False, raise_error=False)
    sktimes.pretrain(seasonal_panel())
    forecast = sktimes.fit(new_series(), fh=FH).predict()
    alone = exact().fit(new_series(), fh=FH).predict()
    pd.testing.assert_series_equal(forecast, alone)


def test_sktimes_search_over_the_selection_scores_the_pretrained_networks():
    """The multiplexer's use: a search over which member forecasts."""
    cv = ExpandingWindowSplitter(initial_window=30, step_length=6, fh=FH)
    grid = {"selected_forecaster": ["network", "naive", "raw"]}
    search = ForecastingGridSearchCV(
        multiplexer().pretrain(seasonal_panel()),
        cv=cv,
        param_grid=grid,
        scoring=MeanAbsoluteError(),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", SkltsmWarning)  # nothing dropped
        search.fit(new_series(), fh=FH)
    by_hand = [
        pretrained_network("network"),
        NaiveForecaster(sp=12),
        pretrained_network("raw"),
    ]
    expected = [
        evaluate(f, cv=cv, y=new_series(), scoring=MeanAbsoluteError())
        .iloc[:, 0]
        .mean()
        for f in by_hand
    ]
    scores = search.cv_results_["mean_test_MeanAbsoluteError"].tolist()
    assert scores == pytest.approx(expected)


def test_clones_refits_and_pickles_keep_the_pretrained_members():
    pretrained = multiplexer("raw").pretrain(seasonal_panel())
    expected = pretrained_network("raw").fit(new_series(), fh=FH).predict()
    clone = pretrained.clone().fit(new_series(), fh=FH)
    pd.testing.assert_series_equal(clone.predict(), expected)
    pretrained.fit(new_series() * 2.0, fh=FH)
    refit = pretrained.fit(new_series(), fh=FH).predict()
    pd.testing.assert_series_equal(refit, expected)
    restored = pickle.loads(pickle.dumps(pretrained))
    pd.testing.assert_series_equal(restored.predict(), expected)


def test_a_members_fit_only_parameter_reaches_its_pretrained_copy():
    pretrained = multiplexer("network").pretrain(seasonal_panel())
    with warnings.catch_warnings():
        warnings.simplefilter("error", SkltsmWarning)
        pretrained.set_params(network__fine_tune_epochs=1, selected_forecaster="raw")
        pretrained.set_params(selected_forecaster="network")
    assert pretrained.pretrained_forecasters_[0].fine_tune_epochs == 1
    tuned = pretrained_network().set_params(fine_tune_epochs=1)
    pd.testing.assert_series_equal(
        pretrained.fit(new_series(), fh=FH).predict(),
        tuned.fit(new_series(), fh=FH).predict(),
    )


def test_new_members_drop_the_pretraining_with_a_warning():
    pretrained = multiplexer().pretrain(seasonal_panel())
    with pytest.warns(SkltsmWarning, match="pretraining was dropped"):
        pretrained.set_params(forecasters=members())
    assert pretrained.state == "new"


def test_a_pretrain_after_a_fit_without_pretraining_is_refused_clearly():
    fitted = multiplexer().fit(new_series(), fh=FH)
    with pytest.raises(ValueError, match="fitted but never pretrained"):
        fitted.pretrain(seasonal_panel())


def test_a_further_pretrain_that_a_member_refuses_trains_no_member():
    pretrained = multiplexer("network").pretrain(seasonal_panel())
    before = pretrained.fit(new_series(), fh=FH).predict()
    # the first network can train on, the last refuses
    with pytest.raises(ValueError, match="continues training from its weights"):
        pretrained.pretrain(renamed_series(seasonal_panel()) ** 1.5)
    after = pretrained.fit(new_series(), fh=FH).predict()
    pd.testing.assert_series_equal(after, before)


INSTANCE = PretrainableMultiplexForecaster(
    **PretrainableMultiplexForecaster.get_test_params()[0]
)


# every check of TestAllObjects, TestAllEstimators and TestAllForecasters on
# the first instance (a tiny LSTM selected beside a naive forecast), the
# pretraining checks included; the slow ones of sktime's own code excepted
@parametrize_with_checks([INSTANCE])
def test_sktime_check(obj, test_name):
    if test_name in SKTIMES_COMPOSITE_CHECKS:
        pytest.skip("sktime's multiplexer code, checked on LSTMForecaster itself")
    run_tiny_network_check(obj, test_name)


def test_a_member_replaced_by_name_after_pretrain_forecasts_not_the_old_network():
    """``set_params(network=other)`` replaced the member but kept its copy.

    skbase's ``set_params`` replaces a member given by its name; the
    pretrained copy of the member it replaced stayed in
    ``pretrained_forecasters_`` (no warning), and ``fit`` forecast with the
    old pretrained network instead of the new member: a search over member
    alternatives (``{"network": [...]}``) scored one network for all.
    """
    pretrained = multiplexer("network").pretrain(seasonal_panel())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkltsmWarning)  # dropping it may warn
        pretrained.set_params(network=NaiveForecaster(sp=6))
    forecast = pretrained.fit(new_series(), fh=FH).predict()
    naive = NaiveForecaster(sp=6).fit(new_series(), fh=FH).predict()
    pd.testing.assert_series_equal(forecast, naive)


def test_a_network_set_by_name_in_place_of_a_naive_member_is_pretrained():
    """``set_params(<name>=network)`` left ``capability:pretrain`` as it was.

    skbase replaces a member given by its name without a reset, so the tag
    set in ``__init__`` from the members stayed ``False`` for a multiplexer
    of naive forecasters given a network: ``pretrain`` was sktime's no-op
    (state ``"pretrained"``, nothing trained) and ``fit`` trained the
    network from scratch; a clone of it said ``True``.
    """
    either = PretrainableMultiplexForecaster(
        [("a", NaiveForecaster(sp=12)), ("b", NaiveForecaster())],
        selected_forecaster="a",
    )
    either.set_params(a=exact())
    assert either.get_tag("capability:pretrain")
    forecast = either.pretrain(seasonal_panel()).fit(new_series(), fh=FH).predict()
    expected = exact().pretrain(seasonal_panel()).fit(new_series(), fh=FH).predict()
    pd.testing.assert_series_equal(forecast, expected)


def test_a_calibration_set_after_pretrain_gives_the_selected_networks_intervals():
    """The delegated tags described the members before ``set_params``.

    skbase resets the multiplexer (sktime copies the selected member's tags)
    before it sets the members' parameters, and sktime's first ``fit`` after
    ``pretrain`` skips its reset: after ``set_params(network__calibration_size
    =6)``, which keeps the pretraining, ``capability:pred_int`` stayed
    ``False`` and ``predict_interval`` raised NotImplementedError, though the
    fitted network gives intervals (sktime's own multiplexer, not pretrained,
    resets in ``fit`` and gives them).
    """
    pretrained = multiplexer("network").pretrain(seasonal_panel())
    pretrained.set_params(network__calibration_size=6)
    pretrained.fit(new_series(), fh=FH)
    assert pretrained.get_tag("capability:pred_int")
    by_hand = pretrained_network().set_params(calibration_size=6)
    pd.testing.assert_frame_equal(
        pretrained.predict_interval(coverage=0.8),
        by_hand.fit(new_series(), fh=FH).predict_interval(coverage=0.8),
    )


def test_an_update_the_forecaster_refuses_leaves_the_multiplexers_cutoff():
    """The multiplexer took the refused rows: its cutoff moved, its forecaster's not.

    Its cutoff moved to the refused rows first (2003-08), while its forecasts
    still started at 2003-05.
    """
    assert_an_update_after_a_gap_changes_nothing(multiplexer())
