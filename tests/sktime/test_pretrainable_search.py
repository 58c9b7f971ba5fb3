"""sktime's searches, pretrained: each candidate pretrained, then scored on a series.

sktime 1.2's ``ForecastingGridSearchCV`` and ``ForecastingRandomizedSearchCV``
inherit ``BaseForecaster``'s no-op ``_pretrain``; these tests pin that and
check that skltsm's subclasses pretrain one forecaster per candidate, score
those on the new series as sktime scores candidates, and keep them through
clones, refits, pickles and ``set_params``.
"""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")

from sklearn.model_selection import KFold
from sktime.forecasting.model_evaluation import evaluate
from sktime.forecasting.model_selection import ForecastingGridSearchCV
from sktime.performance_metrics.forecasting import MeanAbsoluteError
from sktime.split import ExpandingWindowSplitter, InstanceSplitter
from sktime.transformations.series.exponent import ExponentTransformer
from sktime.utils.estimator_checks import parametrize_with_checks

from skltsm.exceptions import SkltsmWarning
from skltsm.sktime import (
    LSTMForecaster,
    PretrainableForecastingGridSearchCV,
    PretrainableForecastingRandomizedSearchCV,
    PretrainableTransformedTargetForecaster,
)
from tests.sktime.conftest import (
    SKTIMES_COMPOSITE_CHECKS,
    linear_pipeline,
    lstm_pipeline,
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

LOOK_BACK = "pipeline__lagtransformer__look_back"
GRID = {LOOK_BACK: [2, 3, 12]}
CV = ExpandingWindowSplitter(initial_window=30, step_length=12, fh=FH)
SCORING = MeanAbsoluteError()


def search(forecaster=None, **params) -> PretrainableForecastingGridSearchCV:
    forecaster = exact() if forecaster is None else forecaster
    params = {"param_grid": GRID, "scoring": SCORING, "cv": CV, **params}
    return PretrainableForecastingGridSearchCV(forecaster, **params)


def pretrained_by_hand(look_back: int):
    return exact().set_params(**{LOOK_BACK: look_back}).pretrain(seasonal_panel())


def scores_by_hand() -> list[float]:
    """Each candidate pretrained on the panel, scored on the new series by evaluate."""
    return [
        evaluate(pretrained_by_hand(b), cv=CV, y=new_series(), scoring=SCORING)
        .iloc[:, 0]
        .mean()
        for b in GRID[LOOK_BACK]
    ]


def test_a_fit_after_pretrain_scores_and_keeps_the_pretrained_candidates():
    pretrained = search().pretrain(seasonal_panel())
    assert pretrained.get_tag("capability:pretrain")
    assert [p for p, _ in pretrained.pretrained_candidates_] == [
        {LOOK_BACK: b} for b in GRID[LOOK_BACK]
    ]
    assert all(f.state == "pretrained" for _, f in pretrained.pretrained_candidates_)
    pretrained.fit(new_series(), fh=FH)
    expected = scores_by_hand()
    results = pretrained.cv_results_
    np.testing.assert_allclose(results["mean_test_MeanAbsoluteError"], expected)
    assert list(results["params"]) == [{LOOK_BACK: b} for b in GRID[LOOK_BACK]]
    best = GRID[LOOK_BACK][int(np.argmin(expected))]
    assert pretrained.best_params_ == {LOOK_BACK: best}
    assert pretrained.best_score_ == pytest.approx(min(expected))
    assert type(pretrained.best_forecaster_) is type(exact())
    by_hand = pretrained_by_hand(best).fit(new_series(), fh=FH).predict()
    pd.testing.assert_series_equal(pretrained.predict(), by_hand)


def test_sktimes_own_search_trains_nothing_in_pretrain():
    """What the subclass fixes: if this fails, sktime pretrains its search."""
    sktimes = ForecastingGridSearchCV(exact(), cv=CV, param_grid=GRID, scoring=SCORING)
    assert not sktimes.get_tag("capability:pretrain", False, raise_error=False)
    sktimes.pretrain(seasonal_panel())
    sktimes.fit(new_series(), fh=FH)
    alone = search().fit(new_series(), fh=FH)  # not pretrained: sktime's search
    pd.testing.assert_frame_equal(
        sktimes.cv_results_.filter(like="test"), alone.cv_results_.filter(like="test")
    )
    assert not np.allclose(
        sktimes.cv_results_["mean_test_MeanAbsoluteError"], scores_by_hand()
    )


def test_the_n_best_candidates_are_the_pretrained_ones_fitted():
    pretrained = search(return_n_best_forecasters=2).pretrain(seasonal_panel())
    pretrained.fit(new_series(), fh=FH)
    order = np.argsort(scores_by_hand())[:2]
    assert [rank for rank, _ in pretrained.n_best_forecasters_] == ["1", "2"]
    for (_, forecaster), index in zip(
        pretrained.n_best_forecasters_, order, strict=True
    ):
        look_back = GRID[LOOK_BACK][index]
        assert forecaster.get_params()[LOOK_BACK] == look_back
        by_hand = pretrained_by_hand(look_back).fit(new_series(), fh=FH)
        # sktime fits them on its inner frame: a one-column frame comes back
        forecast = forecaster.predict().squeeze(axis=1)
        pd.testing.assert_series_equal(forecast, by_hand.predict())


def test_without_refit_the_best_candidate_is_kept_pretrained_and_unfitted():
    pretrained = search(refit=False).pretrain(seasonal_panel())
    pretrained.fit(new_series(), fh=FH)
    assert pretrained.best_forecaster_.state == "pretrained"


def test_networks_pretrained_in_worker_processes_equal_those_pretrained_here():
    """The candidates are pretrained on the search's backend (loky by default)."""
    network = LSTMForecaster(lstm_pipeline(), calibration_size=0, random_state=0)
    grid = {LOOK_BACK: [2, 3]}
    # one window of the new series scores each candidate (CV's two were both
    # scored here, in this process, on either backend)
    cv = ExpandingWindowSplitter(initial_window=42, step_length=6, fh=FH)
    forecasts = [
        search(network, param_grid=grid, cv=cv, **backend)
        .pretrain(seasonal_panel())
        .fit(new_series(), fh=FH)
        .predict()
        for backend in ({"backend": None}, {"backend_params": {"n_jobs": 2}})
    ]
    pd.testing.assert_series_equal(*forecasts)


def test_a_randomized_search_scores_the_candidates_drawn_by_pretrain():
    """Without a random_state each draw differs: fit scores pretrain's."""
    distributions = {LOOK_BACK: [2, 3, 4, 5, 6, 12]}
    pretrained = PretrainableForecastingRandomizedSearchCV(
        exact(), cv=CV, param_distributions=distributions, n_iter=3, scoring=SCORING
    ).pretrain(seasonal_panel())
    drawn = [params for params, _ in pretrained.pretrained_candidates_]
    for _ in range(3):  # the odds that three draws agree by chance: 1 in 8,000
        pretrained.fit(new_series(), fh=FH)
        assert list(pretrained.cv_results_["params"]) == drawn


def test_clones_refits_and_pickles_keep_the_pretrained_candidates():
    pretrained = search().pretrain(seasonal_panel())
    expected = search().pretrain(seasonal_panel()).fit(new_series(), fh=FH).predict()
    clone = pretrained.clone().fit(new_series(), fh=FH)
    pd.testing.assert_series_equal(clone.predict(), expected)
    pretrained.fit(new_series() * 2.0, fh=FH)
    pd.testing.assert_series_equal(
        pretrained.fit(new_series(), fh=FH).predict(), expected
    )
    restored = pickle.loads(pickle.dumps(pretrained))
    pd.testing.assert_series_equal(restored.predict(), expected)


def test_global_evaluation_tunes_the_candidates_pretrained_on_the_other_series():
    panel = pd.concat(
        [
            seasonal_panel(),
            pd.concat({"d": new_series().to_frame()}, names=["series", "time"]),
        ]
    )
    # one cutoff (at 42 of 48 months) in each of the two global folds: a
    # second cutoff, refitted as the first, checked nothing more
    outer = ExpandingWindowSplitter(initial_window=42, step_length=6, fh=FH)
    cv_global = InstanceSplitter(KFold(n_splits=2))
    grid = {LOOK_BACK: [2, 3]}  # not a year: the series' own fit is not exact
    scores = evaluate(
        search(param_grid=grid),
        cv=outer,
        y=panel,
        cv_global=cv_global,
        return_data=True,
    )
    first = scores.iloc[0]
    by_loop = search(param_grid=grid).pretrain(first["y_pretrain"])
    forecast = by_loop.fit(first["y_train"], fh=FH).predict()
    pd.testing.assert_frame_equal(first["y_pred"], forecast)
    sktimes = ForecastingGridSearchCV(exact(), cv=CV, param_grid=grid, scoring=SCORING)
    theirs = evaluate(sktimes, cv=outer, y=panel, cv_global=cv_global)
    assert not np.allclose(scores.iloc[:, 0], theirs.iloc[:, 0])


def test_transformers_in_front_of_the_search_build_pipelines_that_pretrain():
    logged = ExponentTransformer(power=1) * search()
    assert type(logged) is PretrainableTransformedTargetForecaster
    logged.pretrain(seasonal_panel())
    forecast = logged.fit(new_series(), fh=FH).predict()
    expected = search().pretrain(seasonal_panel()).fit(new_series(), fh=FH)
    pd.testing.assert_series_equal(forecast, expected.predict())


# -- set_params after pretrain -------------------------------------------------


def test_how_the_candidates_are_scored_can_change_and_keeps_them():
    pretrained = search().pretrain(seasonal_panel())
    expected = pretrained.clone().set_params(refit=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", SkltsmWarning)
        expected.set_params(cv=CV.clone(), refit=True, return_n_best_forecasters=2)
    assert expected.state == "pretrained"
    expected.fit(new_series(), fh=FH)
    np.testing.assert_allclose(
        expected.cv_results_["mean_test_MeanAbsoluteError"], scores_by_hand()
    )


def test_a_fit_only_parameter_of_the_forecaster_reaches_every_candidate():
    warm = search(exact(warm_linear_pipeline())).pretrain(seasonal_panel())
    with warnings.catch_warnings():
        warnings.simplefilter("error", SkltsmWarning)
        warm.set_params(fine_tune_epochs=1)  # a suffix of forecaster__fine_tune_epochs
    assert warm.state == "pretrained"
    assert warm.get_params()["forecaster__fine_tune_epochs"] == 1
    assert [f.fine_tune_epochs for _, f in warm.pretrained_candidates_] == [1, 1, 1]


def test_a_calibration_set_after_pretrain_gives_the_best_networks_intervals():
    """The tags, copied from the forecaster, described it before ``set_params``.

    skbase resets the search (sktime copies the forecaster's tags) before it
    sets the forecaster's parameters, and sktime's first ``fit`` after
    ``pretrain`` does not reset: ``capability:pred_int`` stayed ``False``.
    """
    pretrained = search().pretrain(seasonal_panel())
    pretrained.set_params(forecaster__calibration_size=6)
    assert pretrained.state == "pretrained"
    assert pretrained.get_tag("capability:pred_int")
    intervals = pretrained.fit(new_series(), fh=FH).predict_interval(coverage=0.8)
    assert intervals.notna().all().all()


def test_a_candidates_own_value_wins_over_the_forecasters():
    grid = {"fine_tune_epochs": [0, 2]}
    warm = search(exact(warm_linear_pipeline()), param_grid=grid)
    warm.pretrain(seasonal_panel()).set_params(forecaster__fine_tune_epochs=1)
    assert [f.fine_tune_epochs for _, f in warm.pretrained_candidates_] == [0, 2]


@pytest.mark.parametrize(
    "params",
    [
        {"param_grid": {LOOK_BACK: [2, 3]}},
        {"forecaster": exact()},
        {"forecaster__random_state": 5},  # the candidates' networks: each drops
    ],
    ids=["grid", "forecaster", "network"],
)
def test_what_changes_the_candidates_drops_them_with_a_warning(params):
    pretrained = search().pretrain(seasonal_panel())
    with pytest.warns(SkltsmWarning, match="pretrained candidates were dropped"):
        pretrained.set_params(**params)
    assert pretrained.state == "new"
    assert not hasattr(pretrained, "pretrained_candidates_")


# -- a further pretrain ----------------------------------------------------------


def test_a_pretrain_after_a_fit_without_pretraining_is_refused_clearly():
    fitted = search().fit(new_series(), fh=FH)
    with pytest.raises(ValueError, match="fitted but never pretrained"):
        fitted.pretrain(seasonal_panel())


def test_a_further_pretrain_that_a_candidate_refuses_trains_no_candidate():
    grid = {"pipeline": [warm_linear_pipeline(), linear_pipeline()]}
    pretrained = search(param_grid=grid).pretrain(seasonal_panel())
    before = pretrained.fit(new_series(), fh=FH).cv_results_.filter(like="test")
    # the first candidate can train on, the second refuses
    with pytest.raises(ValueError, match="continues training from its weights"):
        pretrained.pretrain(renamed_series(seasonal_panel()) ** 1.5)
    after = pretrained.fit(new_series(), fh=FH).cv_results_.filter(like="test")
    pd.testing.assert_frame_equal(after, before)


def test_a_further_pretrain_trains_every_candidate_on():
    grid = {LOOK_BACK: [2, 3]}
    warm = search(exact(warm_linear_pipeline()), param_grid=grid)
    warm.pretrain(seasonal_panel()).pretrain(renamed_series(seasonal_panel()) ** 1.5)
    for params, forecaster in warm.pretrained_candidates_:
        by_hand = exact(warm_linear_pipeline()).set_params(**params)
        by_hand.pretrain(seasonal_panel()).pretrain(
            renamed_series(seasonal_panel()) ** 1.5
        )
        pd.testing.assert_series_equal(
            forecaster.fit(new_series(), fh=FH).predict(),
            by_hand.fit(new_series(), fh=FH).predict(),
        )


# -- sktime's checks -------------------------------------------------------------

INSTANCE = PretrainableForecastingGridSearchCV(
    **PretrainableForecastingGridSearchCV.get_test_params()[0]
)


# every check of TestAllObjects, TestAllEstimators and TestAllForecasters on
# the grid search's first instance (the look-back of an LSTMForecaster around a
# tiny MLP searched: the search's code, fast), the
# pretraining checks included; the slow ones of sktime's own code excepted.
# The randomized search is the same class but for the candidates it draws
# (sktime's _run_search), checked above: its checks would double the time.
@parametrize_with_checks([INSTANCE])
def test_sktime_check(obj, test_name):
    if test_name in SKTIMES_COMPOSITE_CHECKS:
        pytest.skip("sktime's search code, checked on LSTMForecaster itself")
    run_tiny_network_check(obj, test_name)


# -- review: set_params and the candidates' own parameters ------------------------


def test_a_candidate_fixing_a_parameter_by_its_suffix_keeps_its_own_value():
    """A grid key may be skbase's suffix (``fine_tune_epochs`` for a pipeline's
    ``LSTMForecaster__fine_tune_epochs``); set_params compared the full key with
    the candidate's suffix key, so ``set_params(fine_tune_epochs=1)`` set 1 on
    every candidate, silently, while cv_results_ and best_params_ still
    reported 0 and 2 (sktime's search would score 0 and 2)."""
    piped = ExponentTransformer(power=1) * exact(warm_linear_pipeline())
    grid = {"fine_tune_epochs": [0, 2]}
    warm = search(piped, param_grid=grid, backend=None).pretrain(seasonal_panel())
    warm.set_params(forecaster__LSTMForecaster__fine_tune_epochs=1)
    assert [
        f.get_params()["LSTMForecaster__fine_tune_epochs"]
        for _, f in warm.pretrained_candidates_
    ] == [0, 2]


def test_set_params_of_the_forecaster_leaves_the_grids_estimators_alone():
    """A candidate that sets an estimator (``pipeline``) held the grid's own
    object; set_params(forecaster__pipeline__...) after pretrain set the new
    look-back on it, so the user's param_grid changed under them (sktime's
    search only changes self.forecaster) and a later pretrain built both
    candidates with the new look-back."""
    first, second = warm_linear_pipeline(2), warm_linear_pipeline(3)
    grid = {"pipeline": [first, second]}
    pretrained = search(exact(warm_linear_pipeline()), param_grid=grid, backend=None)
    pretrained.pretrain(seasonal_panel())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkltsmWarning)
        pretrained.set_params(forecaster__pipeline__lagtransformer__look_back=12)
    assert first.get_params()["lagtransformer__look_back"] == 2
    assert second.get_params()["lagtransformer__look_back"] == 3


def test_the_reported_parameters_are_not_the_candidates_own_dicts():
    """best_params_ and cv_results_["params"] were the very dicts kept in
    pretrained_candidates_: a caller who edits best_params_ (to build a
    forecaster from it) rewrote the candidates' record, and every later fit
    reported the edit (sktime hands out fresh dicts at each fit)."""
    pretrained = search(backend=None).pretrain(seasonal_panel())
    pretrained.fit(new_series(), fh=FH)
    pretrained.best_params_[LOOK_BACK] = 99
    pretrained.fit(new_series(), fh=FH)
    assert list(pretrained.cv_results_["params"]) == [
        {LOOK_BACK: b} for b in GRID[LOOK_BACK]
    ]


def test_a_candidate_that_sets_an_estimator_keeps_it_over_its_nested_parameters():
    """Each candidate sets its own ``pipeline``, so a fresh search ignores
    ``forecaster__pipeline__lagtransformer__look_back``; set_params after
    pretrain set it on every candidate anyway (the key is not the candidate's
    ``pipeline``), which dropped all the pretrained candidates with a warning
    that a candidate's pretraining was dropped."""
    grid = {"pipeline": [warm_linear_pipeline(2), warm_linear_pipeline(3)]}
    pretrained = search(exact(warm_linear_pipeline()), param_grid=grid, backend=None)
    pretrained.pretrain(seasonal_panel())
    with warnings.catch_warnings():
        warnings.simplefilter("error", SkltsmWarning)
        pretrained.set_params(forecaster__pipeline__lagtransformer__look_back=12)
    assert pretrained.state == "pretrained"
    assert [
        f.get_params()[LOOK_BACK] for _, f in pretrained.pretrained_candidates_
    ] == [2, 3]


def test_every_candidate_is_pretrained_on_the_searchs_panel_alone():
    """Given a forecaster already pretrained (the tutorial's way before this
    search), pretrain built each candidate as a clone with its parameters
    set: a candidate whose parameters equal the forecaster's kept the old
    network and trained on (sktime's further pretrain), the others started
    anew. So one candidate had also seen the first panel (here a2, b2, c2):
    candidates compared unequally, and under evaluate(..., cv_global=...)
    a forecaster pretrained on every series leaks the test series into
    that one candidate alone."""
    seen_before = exact(warm_linear_pipeline()).pretrain(
        renamed_series(seasonal_panel())
    )
    grid = {LOOK_BACK: [2, 3]}
    pretrained = search(seen_before, param_grid=grid, backend=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkltsmWarning)
        pretrained.pretrain(seasonal_panel())
    assert [
        list(f.pretrained_series_) for _, f in pretrained.pretrained_candidates_
    ] == [["a", "b", "c"], ["a", "b", "c"]]


def test_a_calibration_set_before_pretrain_gives_the_best_networks_intervals():
    """The tags, copied from the forecaster, described it before ``set_params``.

    skbase resets the search before it sets the forecaster's parameters;
    sktime's ``pretrain`` does not reset, nor does the first ``fit`` after
    it, and the search resets again only after a pretrained ``set_params``:
    ``set_params(forecaster__calibration_size=6)`` then ``pretrain`` and
    ``fit`` left ``capability:pred_int`` ``False``.
    """
    searched = search()
    searched.set_params(forecaster__calibration_size=6)
    searched.pretrain(seasonal_panel())
    assert searched.get_tag("capability:pred_int")
    intervals = searched.fit(new_series(), fh=FH).predict_interval(coverage=0.8)
    assert intervals.notna().all().all()


def test_an_update_the_forecaster_refuses_leaves_the_searchs_cutoff():
    """The search took the refused rows: its cutoff moved, its forecaster's not.

    Its cutoff moved to the refused rows first (2003-08), while its forecasts
    still started at 2003-05.
    """
    assert_an_update_after_a_gap_changes_nothing(search())
