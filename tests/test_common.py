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
"""

import pytest
from sklearn.linear_model import Ridge
from sklearn.utils.estimator_checks import (
    check_param_validation,
    parametrize_with_checks,
)

from skltsm import (
    Differencer,
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
    "scikit-learn >= 1.6 reads (check_estimator_tags passes)"
)
SCIKERAS_MIXIN_ORDER = (
    "scikeras' Keras{Regressor,Classifier} inherit (BaseWrapper, <Mixin>), "
    "placing the mixin after BaseEstimator; no subclass can reorder that (C3 "
    "linearisation), so __sklearn_tags__ sets the tags the mixin would have set"
)
MINIBATCH_WEIGHTS = (
    "a weight of 2 and a duplicated row are not the same fit: mini-batch "
    "gradient descent gives them different batches and gradients, and the "
    "internal standardisation of the inputs and of the target (input_mean_, "
    "input_scale_ and the target's mean and scale) ignores sample_weight, "
    "so the duplicated row moves the moments and the weight does not"
)

ROW_CONVENTION = (
    "the row convention (docs/contract.md): y is the target column of X at the "
    "same rows, and the check draws y independently of X, so fit refuses it "
    "('Cannot tell which column of X holds the history of the target')"
)
#: The checks that fail on ForecastPipeline for the row convention alone.
ROW_CONVENTION_CHECKS = (
    "check_dict_unchanged", "check_dont_overwrite_parameters", "check_dtype_object",
    "check_estimators_dtypes", "check_estimators_fit_returns_self",
    "check_estimators_nan_inf", "check_estimators_overwrite_params",
    "check_estimators_pickle", "check_f_contiguous_array_estimator",
    "check_fit2d_1feature", "check_fit2d_predict1d", "check_fit_check_is_fitted",
    "check_fit_idempotent", "check_fit_score_takes_y",
    "check_methods_sample_order_invariance", "check_methods_subset_invariance",
    "check_n_features_in", "check_n_features_in_after_fitting",
    "check_pipeline_consistency", "check_positive_only_tag_during_fit",
    "check_readonly_memmap_input", "check_regressor_multioutput",
    "check_regressors_int", "check_regressors_train", "check_supervised_y_2d",
)  # fmt: skip
PIPELINE = {
    **dict.fromkeys(ROW_CONVENTION_CHECKS, ROW_CONVENTION),
    "check_fit2d_1sample": (
        "one row gets the error that says how many rows a window needs ('X has 1 "
        "row, but LagTransformer(look_back=2) uses the first 2 rows as history'), "
        "in rows, not in the words the check looks for"
    ),
    "check_regressor_data_not_an_array": ROW_CONVENTION,
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
def test_sklearn_compatible(estimator, check):
    check(estimator)


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=repr)
def test_every_parameter_is_validated(estimator):
    """scikit-learn's own check, which parametrize_with_checks does not yield.

    Every constructor parameter has a constraint, and a value of a wrong type
    or outside it raises ``InvalidParameterError`` at fit, not an error from
    deep inside (Keras' "Could not interpret optimizer identifier").
    """
    check_param_validation(type(estimator).__name__, estimator)
