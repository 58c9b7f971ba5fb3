"""sktime's conformance checks on LSTMForecaster, one pytest case per check.

Every check of ``TestAllObjects``, ``TestAllEstimators`` and
``TestAllForecasters`` runs on instance 0 of the seven ``get_test_params``
instances (one per strategy, local pooling, fine-tuning after ``pretrain``
with series identity, calibration on the early-stopping tail with the
seasonal naive fallback, and calibrated quantile heads; two-unit networks
trained for one epoch), and the class-level checks on the class. Checks
that cannot apply would be listed in ``EXCLUDED`` with the reason (none
is); the slowest run on one or two instances only (``SOME_INSTANCES``, with
the reason), some run a part of their cases on some instances
(``SOME_CASES``, with the reason), and the other instances run the checks
of what they change only (``FOCUSED``, with the reason).
"""

import pytest

pytest.importorskip("sktime")

from sktime.utils.estimator_checks import parametrize_with_checks

from skltsm.sktime import LSTMForecaster
from tests.sktime.conftest import (
    run_tiny_network_check,
    time_index_cases,
    update_index_cases,
)

#: check name -> why it is not run
EXCLUDED: dict[str, str] = {}

#: check name -> the instances (indices) it runs on, and why not on all
SOME_INSTANCES: dict[str, tuple[tuple[int, ...], str]] = {
    "test_predict_time_index": (
        (3,),
        "dozens of fits per instance (index types x fh kinds): it runs on "
        "instance 3, which on a single series is the recursive strategy with "
        "no calibration network (one network per fit); "
        "tests/sktime/test_forecaster.py checks relative, absolute, in-sample "
        "and mixed fh with exact values for every strategy",
    ),
    "test_update_predict_predicted_index": (
        (3,),
        "refits at every cutoff: it runs on instance 3 (one network per fit); "
        "update is strategy-independent code, tested for every strategy in "
        "tests/sktime/test_forecaster.py",
    ),
    "test_update_predict_single": (
        (0, 2),
        "refits at every cutoff; update is strategy-independent code: the "
        "recursive and the calibrated multioutput instances run it",
    ),
    "test_predict_time_index_with_X": (
        (0, 1),
        "a dozen fits per instance (index types x fh kinds); the covariate rows "
        "a forecast reads differ between the recursive strategy and the "
        "per-step networks of the direct one (the multioutput one reads the "
        "direct one's rows); tests/sktime/test_forecaster.py checks exogenous "
        "forecasts of every strategy",
    ),
    "test_predict_time_index_in_sample_full": (
        (0, 2),
        "a dozen fits per instance; in-sample forecasts are one-step-ahead "
        "forecasts, made by the recursive network or by the first output of "
        "the multioutput one (the direct strategy's step-1 network is a "
        "recursive one); tests/sktime/test_forecaster.py checks in-sample fh "
        "for every strategy",
    ),
    "test_fit_idempotent": (
        (0, 1),
        "refitting resets the seeds of every network: one network per fit "
        "(instance 0) and one per step (instance 1, direct) cover both cases",
    ),
    "test_deepcopy_fitted": (
        (0, 1),
        "copying a fitted forecaster copies its networks: one network "
        "(instance 0) and one per step (instance 1, direct) cover both cases",
    ),
    "test_deepcopy_fitted_predict": (
        (0, 1),
        "as test_deepcopy_fitted: one network and one per step",
    ),
    "test_fit_returns_self": ((0,), "BaseForecaster's bookkeeping: no strategy code"),
    "test_fit_updates_state": ((0,), "BaseForecaster's bookkeeping: no strategy code"),
    "test_fit_does_not_overwrite_hyper_params": (
        (0, 1),
        "fit stores what it learns in fitted attributes, whatever the strategy: "
        "one network (instance 0) and one per step (instance 1) cover both cases",
    ),
}


#: the coverage (or alpha) of the cases below: a list of two levels
_TWO_LEVELS = "alpha=[0.25, 0.75]"

#: check name -> (instances, the cases they run: sktime's fixture ids, why)
SOME_CASES: dict[str, tuple[tuple[int, ...], tuple[str, ...], str]] = {
    "test_predict_time_index": (
        (3,),
        time_index_cases("LSTMForecaster"),
        "every index type and fh kind on one column (54 of 108 fits); a second "
        "column changes which columns are forecast, not their time labels, so "
        "the two-column frame runs with the fh that mixes in-sample and future "
        "steps only (9 more)",
    ),
    "test_update_predict_predicted_index": (
        (3,),
        update_index_cases("LSTMForecaster"),
        "every update kind, window and fh on one column (12 of 24); the "
        "two-column frame runs the refitting update only (4 more), the one "
        "that fits the columns again: the others move the cutoff, whatever "
        "the columns",
    ),
    "test_predict_interval": (
        (1, 2, 4, 5, 6),
        (
            f"LSTMForecaster-y:1cols-fh=1-{_TWO_LEVELS}-0",
            f"LSTMForecaster-y:2cols-fh=[2 5]-{_TWO_LEVELS}-1",
        ),
        "the check refits the same forecaster for each of its three coverages "
        "(0.05, 0.1 and [0.25, 0.75]) and each of its two column counts, two "
        "fh and two index types (24 fits), and asks each fit for one; these "
        "instances run the list of two, once on one column, one step and the "
        "first index type and once on two columns, two steps and the second "
        "(2 fits of 24), so that each calibration (holdout folds, fallback, "
        "quantile heads) meets every column count, fh and index type. Instance "
        "0 runs all 24: how sktime's conversion labels the levels, columns, "
        "steps and index is the same code for every instance, and "
        "test_predict_quantiles asks every instance for single levels. "
        "Instance 1 (calibration_size=0) has no intervals and refuses before "
        "it reads the coverage; tests/sktime/test_intervals.py checks the "
        "refusal's words for every interval method",
    ),
    "test_predict_quantiles": (
        (1, 2, 4, 5),
        (
            "LSTMForecaster-y:1cols-fh=1-alpha=0.05",
            f"LSTMForecaster-y:2cols-fh=[2 5]-{_TWO_LEVELS}",
        ),
        "the check refits the same forecaster for each of its three alphas (0.05, "
        "0.1 and [0.25, 0.75]) on each column count and fh (12 fits); the "
        "conformal instances run a single level on one column and one step, "
        "and the list on two columns and two steps (2 fits of 12): 0.1 is "
        "another single level of the same residual quantiles, and the labels "
        "of every combination are sktime's conversion, the same code for "
        "every instance. Instance 0 runs all 12, and instance 6 too, whose "
        "heads sit at 0.1. Instance 1 refuses, as in test_predict_interval",
    ),
}

#: what a strategy changes: fitting, forecasting (any fh), updating, scoring
STRATEGY_CHECKS = ("fit", "predict", "update", "score", "fh", "cutoff", "refitting")

#: instance index -> the words one of which a check's name must contain for it
#: to run on that instance, and why the others do not
FOCUSED: dict[int, tuple[tuple[str, ...], str]] = {
    1: (
        STRATEGY_CHECKS,
        "the direct strategy changes how the networks are fitted and how fh is "
        "forecast; its fit, predict, update, score and fh checks run here. "
        "Pickling, copying, tags, parameters and pretraining's bookkeeping run "
        "the strategy-independent code of instance 0; the pretraining checks "
        "that fit or predict run here",
    ),
    2: (
        STRATEGY_CHECKS + ("interval", "quantile", "pred_int", "proba", "var"),
        "the multioutput strategy calibrated on a refitted copy: its fit, "
        "predict, update, score, fh and interval checks run here; the rest is "
        "instance 0's strategy-independent code",
    ),
    3: (
        ("hierarch", "pretrain", "tag", "param", "clone", "constructor"),
        "local pooling changes how a panel is fitted (sktime's loop over the "
        "series) and nothing else: on a single series it is the recursive "
        "strategy without intervals (calibration_size=0), whose fit, predict "
        "and update run on instance 0 (with intervals) and, through "
        "SOME_INSTANCES, here; its panel, pretraining and parameter checks run "
        "here",
    ),
    4: (
        ("pretrain", "hierarch", "interval", "quantile", "pred_int", "proba"),
        "the only instance with strategy and calibration_folds left at 'auto' "
        "(with a pipeline given: the recursive strategy, its intervals "
        "calibrated on two folds of refitted copies, where instance 0 "
        "calibrates on its early-stopping tail), fine_tune_epochs, which "
        "changes only fit after pretrain, and series_identity, which adds "
        "input columns on panels only (on a single series it runs the code of "
        "instance 0): its pretraining, panel, interval, quantile and "
        "distribution checks run here; the recursive strategy's point fit, "
        "predict and update run on instance 0",
    ),
    5: (
        (
            "interval",
            "quantile",
            "proba",
            "var",
            "fit_predict",
            "update",
            "score",
            "persistence",
        ),
        "the seasonal naive fallback changes what a fitted forecaster predicts, "
        "updates and calibrates on: its fit-predict, update, score, interval, "
        "quantile, distribution and persistence checks run here; "
        "tests/sktime/test_baselines.py tests the fallback on series and panels; "
        "the rest is instance 0's code (also calibrated on its early-stopping tail)",
    ),
    6: (
        ("predict_quantiles", "predict_interval", "predict_proba", "pred_int"),
        "quantile heads (calibrated around their median) change where quantiles "
        "come from and nothing else: its quantile, interval, distribution and "
        "interval-tag checks run here; the multioutput strategy's fit and "
        "predict are instance 2's, and tests/sktime/test_intervals.py checks the "
        "heads, as they are and calibrated either way, on a series and a panel",
    ),
}


INSTANCES = [LSTMForecaster(**params) for params in LSTMForecaster.get_test_params()]


# one case per instance and check, so that pytest-xdist can spread them
@parametrize_with_checks(INSTANCES)
def test_sktime_check(obj, test_name):
    if test_name in EXCLUDED:
        pytest.skip(EXCLUDED[test_name])
    index = next(i for i, instance in enumerate(INSTANCES) if instance is obj)
    if test_name in SOME_INSTANCES:  # before FOCUSED: its instances may be focused
        chosen, reason = SOME_INSTANCES[test_name]
        if index not in chosen:
            pytest.skip(reason)
    elif index in FOCUSED and not any(w in test_name for w in FOCUSED[index][0]):
        pytest.skip(FOCUSED[index][1])
    cases = None
    if test_name in SOME_CASES and index in SOME_CASES[test_name][0]:
        cases = SOME_CASES[test_name][1]
    run_tiny_network_check(obj, test_name, cases)
