"""scikit-learn's estimator checks on every skltsm estimator.

Every expected failure is listed below with the reason; ``xfail_strict`` (set
in pyproject.toml) turns a check that starts passing into a failure, so the
list can only shrink.

Relaxations that are not failures, set by tags rather than listed here:

* ``poor_score=True`` on LSTMRegressor and LSTMClassifier (their
  ``__sklearn_tags__``): the test instances train a network of a few units for
  one epoch, so scikit-learn's ``check_regressors_train``,
  ``check_classifiers_train`` and ``check_class_weight_classifiers`` skip
  their score thresholds for them (the rest of each check still runs).

A relaxation set here: ``check_methods_sample_order_invariance`` compares
LSTMRegressor's and LSTMClassifier's outputs with a relative tolerance of two
float32 ulps (``FLOAT32_RTOL``) rather than scikit-learn's 1e-7, a float64
tolerance: a float32 network's output for a row may move by one ulp (1.19e-7
relative) when the row sits elsewhere in its batch, as Eigen's vectorised
rows and its remainder rows round differently. It failed (1.187e-7 on the
last of 20 rows) or passed depending on which checks the worker ran before.

Skipped by scikit-learn itself, listed in ``SKIPPED`` with the reason:
``check_array_api_input`` (one case per estimator) runs only with
``SCIPY_ARRAY_API=1`` set, which ``make test`` does not set. With it set, the
seven estimators other than ForecastPipeline pass it, and ForecastPipeline's
is an expected failure listed below.

ForecastPipeline fails most checks for its row convention alone (the checks
draw ``y`` independently of ``X``). ``test_pipeline_with_its_target_in_X``
runs those checks again on ``TargetInX``, the pipeline given the ``y`` the
convention asks for, so that they test everything after it: they pass, or
fail for a second reason listed in ``TARGET_IN_X_FAILURES``.
"""

from functools import partial

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import Ridge
from sklearn.utils import estimator_checks
from sklearn.utils._testing import SkipTest, assert_allclose_dense_sparse
from sklearn.utils.estimator_checks import (
    check_param_validation,
    estimator_checks_generator,
    parametrize_with_checks,
)

from skltsm import (
    Differencer,
    ForecastPipeline,
    LagTransformer,
    LSTMClassifier,
    LSTMRegressor,
    make_forecast_pipeline,
)

ROW_DEPENDENT = (
    "row t of the output is computed from the rows before t (that is the point "
    "of the transformer), so transforming a subset or a permutation of the rows "
    "cannot give the same rows; ForecastPipeline supplies the preceding rows"
)
SCIKERAS_MORE_TAGS = (
    "scikeras' BaseWrapper defines the pre-1.6 _more_tags without "
    "__sklearn_tags__; our class defines __sklearn_tags__, which is what "
    "scikit-learn >= 1.6 reads (check_valid_tag_types passes)"
)
SCIKERAS_MIXIN_ORDER = (
    "scikeras' Keras{Regressor,Classifier} inherit (BaseWrapper, <Mixin>), "
    "placing the mixin after BaseEstimator; no subclass can reorder that (C3 "
    "linearisation), so __sklearn_tags__ sets the tags the mixin would have set"
)
MINIBATCH_WEIGHTS = (
    "a weight of 2 and a duplicated row are not the same fit for the optimiser: "
    "mini-batch gradient descent gives them different batches and gradients, "
    "and Keras divides a batch's weighted loss by its number of rows, not by "
    "the sum of the weights (the standardisation of the inputs and of the "
    "target is weighted, and is the same for both)"
)

ROW_CONVENTION = (
    "the row convention (docs/contract.md): y is the target column of X at the "
    "same rows, and the check draws y independently of X, so fit refuses it "
    "('Cannot tell which column of X holds the history of the target')"
)
FORECAST_READS_EARLIER_ROWS = (
    "the forecast of row t reads the rows before it (its look-back window), "
    "so predicting a subset or a permutation of the rows gives other "
    "forecasts (NaN where no window is complete)"
)
SCORE_NEEDS_HISTORY = (
    "score refuses the first look_back rows of X, which have no forecast (no "
    "complete look-back window), as scorers refuse NaN"
)
#: ForecastPipeline's checks that fail for a second reason once y is the
#: target column of X (run on TargetInX below), with that reason
TARGET_IN_X_FAILURES = {
    "check_estimators_overwrite_params": (
        "fit fits the estimators of steps in place, as scikit-learn's Pipeline "
        "does (scikit-learn expects this check to fail on its own Pipeline)"
    ),
    "check_n_features_in_after_fitting": (
        "predict refuses X with another number of columns, in its own words "
        "('X has 3 feature(s), but the pipeline was fitted on 2'), not in the "
        "words the check looks for"
    ),
    "check_dtype_object": (
        "X of text gets a TypeError naming the column and a value that is not "
        "a number, not in the words the check looks for"
    ),
    "check_fit_score_takes_y": SCORE_NEEDS_HISTORY,
    "check_pipeline_consistency": SCORE_NEEDS_HISTORY,
    "check_regressors_train": SCORE_NEEDS_HISTORY,
    "check_array_api_input": SCORE_NEEDS_HISTORY,
    "check_methods_subset_invariance": FORECAST_READS_EARLIER_ROWS,
    "check_methods_sample_order_invariance": FORECAST_READS_EARLIER_ROWS,
}
#: ForecastPipeline's checks that fail for the row convention alone: on
#: TargetInX they pass
ROW_CONVENTION_ONLY = (
    "check_dict_unchanged", "check_dont_overwrite_parameters",
    "check_estimators_dtypes", "check_estimators_fit_returns_self",
    "check_estimators_nan_inf", "check_estimators_pickle",
    "check_f_contiguous_array_estimator", "check_fit2d_1feature",
    "check_fit2d_predict1d", "check_fit_check_is_fitted", "check_fit_idempotent",
    "check_n_features_in", "check_positive_only_tag_during_fit",
    "check_readonly_memmap_input", "check_regressor_data_not_an_array",
    "check_regressor_multioutput", "check_regressors_int", "check_supervised_y_2d",
)  # fmt: skip
PIPELINE = {
    **dict.fromkeys(ROW_CONVENTION_ONLY, ROW_CONVENTION),
    **{
        name: f"{ROW_CONVENTION}; with y the target column of X: {reason}"
        for name, reason in TARGET_IN_X_FAILURES.items()
    },
    "check_fit2d_1sample": (
        "one row gets the error that says how many rows a window needs ('X has 1 "
        "row, but LagTransformer(look_back=2) uses the first 2 rows as history'), "
        "in rows, not in the words the check looks for"
    ),
}

#: check name -> why scikit-learn skips it here (it raises SkipTest)
SKIPPED = {
    "check_array_api_input": (
        "scikit-learn runs it only with SCIPY_ARRAY_API=1 set, which make test "
        "does not set; with it set, ForecastPipeline's is an expected failure "
        "and the other estimators pass it"
    ),
}

# the same three for both scikeras subclasses
KERAS_WRAPPER = {
    "check_estimator_tags_renamed": SCIKERAS_MORE_TAGS,
    "check_mixin_order": SCIKERAS_MIXIN_ORDER,
    "check_sample_weight_equivalence_on_dense_data": MINIBATCH_WEIGHTS,
}

EXPECTED_FAILURES = {
    "LagTransformer": {
        "check_methods_subset_invariance": ROW_DEPENDENT,
        "check_methods_sample_order_invariance": ROW_DEPENDENT,
    },
    "Differencer": {
        "check_methods_subset_invariance": ROW_DEPENDENT,
        "check_methods_sample_order_invariance": ROW_DEPENDENT,
    },
    "LSTMRegressor": KERAS_WRAPPER,
    "LSTMClassifier": KERAS_WRAPPER,
    "ForecastPipeline": PIPELINE,
}

#: two float32 ulps: how far a network's output may move with its batch position
FLOAT32_RTOL = 2 * float(np.finfo(np.float32).eps)

ESTIMATORS = [
    LagTransformer(),
    LagTransformer(look_back=3, horizon=2),
    Differencer(),
    Differencer(lags=[1, 2]),
    LSTMRegressor(units=4, epochs=1, random_state=0),
    LSTMRegressor(units=4, epochs=1, random_state=0, window_scaling="standard"),
    LSTMClassifier(units=4, epochs=1, random_state=0),
    # the pipeline's own conventions; its regressor is checked above
    make_forecast_pipeline(LagTransformer(look_back=2), Ridge()),
]


@parametrize_with_checks(
    ESTIMATORS,
    expected_failed_checks=lambda est: EXPECTED_FAILURES.get(type(est).__name__, {}),
)
def test_sklearn_compatible(estimator, check, monkeypatch):
    if _name(check) == "check_methods_sample_order_invariance" and isinstance(
        estimator, (LSTMRegressor, LSTMClassifier)
    ):
        within_float32_rounding = partial(
            assert_allclose_dense_sparse, rtol=FLOAT32_RTOL
        )
        monkeypatch.setattr(
            estimator_checks, "assert_allclose_dense_sparse", within_float32_rounding
        )
    _run(check, estimator)


def _name(check) -> str:
    while hasattr(check, "__wrapped__"):
        check = check.__wrapped__
    return check.func.__name__ if isinstance(check, partial) else check.__name__


def _run(check, estimator) -> None:
    try:
        check(estimator)
    except SkipTest as skip:
        if _name(check) in SKIPPED:
            pytest.skip(f"{SKIPPED[_name(check)]} ({skip})")
        raise


class TargetInX(ForecastPipeline):
    """ForecastPipeline given the ``y`` its row convention asks for.

    scikit-learn's checks draw ``y`` independently of ``X``; the pipeline's
    ``y`` is the target's own column(s) of ``X`` at the same rows. ``fit``
    alone differs: a ``y`` with one value per row of ``X`` is replaced by as
    many first columns of ``X`` as it has columns, in its shape and type,
    which the pipeline then finds as it finds any ``y`` (``target=None``:
    the column of ``X`` equal to it). The ``target`` parameter cannot do
    this: it names the column, and ``fit`` still requires ``y`` to equal it.
    Every other line, the validation of ``y`` included, is the pipeline's own.
    """

    def fit(self, X, y, **params):
        return super().fit(X, _first_columns(X, y), **params)


def _first_columns(X, y):
    values, target = np.asarray(X), np.asarray(y)
    if (
        values.ndim != 2
        or target.ndim not in (1, 2)
        or len(target) != len(values)
        or target.size // len(target) > values.shape[1]
    ):
        return y  # the check tests the refusal of y itself
    columns = values[:, : 1 if target.ndim == 1 else target.shape[1]]
    columns = columns[:, 0] if target.ndim == 1 else columns
    if isinstance(y, pd.Series):
        return pd.Series(columns, index=y.index, name=y.name)
    if isinstance(y, pd.DataFrame):
        return pd.DataFrame(columns, index=y.index, columns=y.columns)
    if isinstance(y, list):
        return columns.tolist()
    if not isinstance(y, np.ndarray):
        return type(y)(columns)  # an array-like wrapper, as the checks' _NotAnArray
    return columns


def _target_in_x_cases():
    pipeline = TargetInX([("lag", LagTransformer(look_back=2)), ("reg", Ridge())])
    wanted = {*ROW_CONVENTION_ONLY, *TARGET_IN_X_FAILURES}
    for case in estimator_checks_generator(
        pipeline,
        legacy=True,
        expected_failed_checks=TARGET_IN_X_FAILURES,
        mark="xfail",
    ):
        estimator, check = case.values if hasattr(case, "values") else case
        if _name(check) in wanted:
            keywords = check.keywords if isinstance(check, partial) else {}
            arguments = ", ".join(f"{k}={v}" for k, v in keywords.items())
            label = f"{_name(check)}({arguments})" if arguments else _name(check)
            marks = case.marks if hasattr(case, "marks") else ()
            yield pytest.param(estimator, check, marks=marks, id=label)


@pytest.mark.parametrize("estimator, check", list(_target_in_x_cases()))
def test_pipeline_with_its_target_in_X(estimator, check):
    """The checks ForecastPipeline fails for its row convention, past it."""
    _run(check, estimator)


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=repr)
def test_every_parameter_is_validated(estimator):
    """scikit-learn's own check, which parametrize_with_checks does not yield.

    Every constructor parameter has a constraint, and a value of a wrong type
    or outside it raises ``InvalidParameterError`` at fit, not an error from
    deep inside (Keras' "Could not interpret optimizer identifier").
    """
    check_param_validation(type(estimator).__name__, estimator)
