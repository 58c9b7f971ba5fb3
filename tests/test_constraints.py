"""The shared parameter constraints, and every parameter validated with them."""

import keras
import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import make_pipeline
from sklearn.utils._param_validation import (
    InvalidParameterError,
    generate_invalid_param_val,
    generate_valid_param,
    make_constraint,
    validate_parameter_constraints,
)

from skltsm import (
    Differencer,
    ForecastPipeline,
    LagTransformer,
    LSTMClassifier,
    LSTMRegressor,
    make_forecast_pipeline,
)
from skltsm._constraints import (
    ARIMA_ORDER,
    NON_NEGATIVE_INT,
    POSITIVE_INT,
    POSITIVE_INTEGERS,
    QUANTILE_LEVELS,
    Integers,
    PositiveIntegers,
    as_int_tuple,
)
from skltsm._forecast._multistep import MultiStepPipeline
from skltsm._keras._percentage_loss import MeanAbsolutePercentageError
from skltsm._keras._quantile_loss import PinballLoss
from skltsm.sktime import LSTMForecaster

ACCEPTED = [
    1,
    12,
    np.int64(3),
    2**40,
    (1,),
    [1, 12],
    (64, 32),
    [np.int32(2), 5],
    np.array([1, 12]),
    np.array([3], dtype=np.uint8),
    range(1, 4),
]
REFUSED = [
    0,
    -1,
    True,
    False,
    np.bool_(True),
    1.0,
    1.5,
    np.float64(2.0),
    "1",
    "12",
    b"1",
    None,
    [],
    (),
    np.array([], dtype=np.int64),
    np.array([[1, 12]]),
    np.array(3),
    np.array([1.0, 2.0]),
    np.array([True]),
    np.array(["1"]),
    [True],
    [1, True],
    [1, 0],
    [1, -2],
    [1.5],
    [1, 2.0],
    ["1"],
    [[1, 2]],
    {1, 2},
    {"units": 1},
]


# -- the shared constraint --------------------------------------------------
@pytest.mark.parametrize("value", ACCEPTED, ids=repr)
def test_positive_integers_accept_one_or_a_sequence_of_positive_ints(value):
    assert POSITIVE_INTEGERS.is_satisfied_by(value)


@pytest.mark.parametrize("value", REFUSED, ids=repr)
def test_positive_integers_refuse_everything_else(value):
    assert not POSITIVE_INTEGERS.is_satisfied_by(value)


def test_positive_integers_read_as_what_they_accept():
    assert str(PositiveIntegers()) == (
        "a positive int or a non-empty sequence of positive ints"
    )


@pytest.mark.parametrize("value", [1, 12, (1, 12), [3, 1], np.array([1, 12])])
def test_as_int_tuple_gives_plain_ints(value):
    values = as_int_tuple(value)
    assert isinstance(values, tuple)
    assert values == tuple(np.atleast_1d(value).tolist())
    assert all(type(v) is int for v in values)


def test_the_integer_intervals_refuse_bools():
    assert POSITIVE_INT.is_satisfied_by(1) and not POSITIVE_INT.is_satisfied_by(True)
    assert NON_NEGATIVE_INT.is_satisfied_by(0)
    assert not NON_NEGATIVE_INT.is_satisfied_by(False)
    assert not POSITIVE_INT.is_satisfied_by(0) and not POSITIVE_INT.is_satisfied_by(1.0)
    assert str(POSITIVE_INT) == "an int in the range [1, inf)"
    assert Integers(0, 9, closed="both").is_satisfied_by(9)


@pytest.mark.parametrize("constraint", [POSITIVE_INT, POSITIVE_INTEGERS])
def test_scikit_learn_takes_them_as_constraints(constraint):
    # make_constraint accepts only scikit-learn's own constraint classes, and
    # check_param_validation derives valid and invalid values from them
    assert make_constraint(constraint) is constraint
    assert constraint.is_satisfied_by(generate_valid_param(constraint))
    assert not constraint.is_satisfied_by(generate_invalid_param_val(constraint))


def test_the_message_is_scikit_learns():
    with pytest.raises(
        InvalidParameterError,
        match=r"^The 'units' parameter of Caller must be a positive int or a "
        r"non-empty sequence of positive ints\. Got \[8, 0\] instead\.$",
    ):
        validate_parameter_constraints(
            {"units": [POSITIVE_INTEGERS]}, {"units": [8, 0]}, caller_name="Caller"
        )


def test_parameters_of_the_same_meaning_share_one_constraint():
    keras = LSTMRegressor._parameter_constraints
    assert keras["units"] == [POSITIVE_INTEGERS]
    assert Differencer._parameter_constraints["lags"] == [POSITIVE_INTEGERS]
    assert keras["epochs"] == [POSITIVE_INT]
    forecaster = LSTMForecaster._parameter_constraints
    assert NON_NEGATIVE_INT in forecaster["calibration_folds"]
    assert forecaster["sp"] == [POSITIVE_INT, None]
    assert keras["patience"] == [NON_NEGATIVE_INT]
    lag = LagTransformer._parameter_constraints
    assert lag["look_back"] == lag["horizon"] == [POSITIVE_INT]
    assert MultiStepPipeline._parameter_constraints["n_steps"] == [POSITIVE_INT]
    assert keras["random_state"] == forecaster["random_state"]
    assert NON_NEGATIVE_INT in LSTMForecaster._parameter_constraints["calibration_size"]


@pytest.mark.parametrize(
    "value",
    [(0.1, 0.9), [0.5], np.array([0.025, 0.975]), (0.9, 0.1), [np.float32(0.2)]],
)
def test_quantile_levels_accept_distinct_levels_in_the_open_unit_interval(value):
    assert QUANTILE_LEVELS.is_satisfied_by(value)


@pytest.mark.parametrize(
    "value",
    [0.5, (), [0.0, 0.5], [0.5, 1.0], [1.5], [0.5, 0.5], [True], "0.5", [[0.1]],
     np.array([[0.1, 0.9]]), np.array([True]), {0.1, 0.9}, [None]],
    ids=repr,
)  # fmt: skip
def test_quantile_levels_refuse_everything_else(value):
    assert not QUANTILE_LEVELS.is_satisfied_by(value)


def test_scikit_learn_takes_quantile_levels_as_a_constraint():
    assert make_constraint(QUANTILE_LEVELS) is QUANTILE_LEVELS
    assert not QUANTILE_LEVELS.is_satisfied_by(
        generate_invalid_param_val(QUANTILE_LEVELS)
    )
    assert LSTMRegressor._parameter_constraints["quantiles"] == [QUANTILE_LEVELS, None]


@pytest.mark.parametrize("value", [0.5, [0.1, 1.0], [0.3, 0.3], []])
def test_the_regressor_refuses_invalid_quantiles_at_fit(value):
    X, y = WINDOWS
    with pytest.raises(
        InvalidParameterError,
        match=r"^The 'quantiles' parameter of LSTMRegressor must be a non-empty "
        r"sequence of distinct floats in the range \(0, 1\) or None\. Got",
    ):
        LSTMRegressor(quantiles=value).fit(X, y)


# -- every converted parameter ----------------------------------------------
def message(name: str, owner: type) -> str:
    return rf"^The '{name}' parameter of {owner.__name__} must be .* Got .* instead\.$"


WINDOWS = np.arange(30.0).reshape(10, 3), np.arange(10.0)
LABELS = np.array(["down", "up"] * 5)


def absolute_error(y_true, y_pred):
    return keras.ops.abs(y_true - y_pred)


KERAS_OBJECTS = ("optimizer", "loss", "metrics", "callbacks")
#: Values Keras (through scikeras) cannot compile or call back.
KERAS_REFUSED = {
    "optimizer": [
        "adamm", "LossScaleOptimizer", 5, None, keras.losses.Huber,
        keras.losses.Huber(), absolute_error,
    ],
    "loss": [
        "mea", "rmse", 5, ["mse", "mea"], {"output": "mea"}, keras.optimizers.Adam
    ],
    "metrics": ["rmse", ["mae", "rmse"], 5, [5], [keras.optimizers.Adam]],
    "callbacks": [
        5, [5], "early_stopping", [keras.losses.Huber], keras.optimizers.Adam(),
        (keras.callbacks.TerminateOnNaN(),),  # scikeras takes a list, not a tuple
    ],
}  # fmt: skip
#: Values scikeras passes on and Keras compiles.
KERAS_ACCEPTED = {
    "optimizer": [
        "adam", "Adam", "rmsprop", keras.optimizers.SGD,
        keras.optimizers.Adam(learning_rate=0.01),
    ],
    "loss": [
        None, "mse", "mape", "MAPE", "mean_absolute_percentage_error", "huber",
        "sparse_categorical_crossentropy", keras.losses.MeanAbsolutePercentageError,
        keras.losses.Huber(delta=2.0), absolute_error, PinballLoss([0.1, 0.9]),
        MeanAbsolutePercentageError([0.0], [1.0], log=True, floor=1e-3),
        ["mse"], {"output": "mae"},
    ],
    "metrics": [
        None, "mae", [], ["mae", "root_mean_squared_error"], ["acc"], ["accuracy"],
        [keras.metrics.RootMeanSquaredError],
        [keras.metrics.MeanAbsoluteError(), absolute_error], {"output": ["mae"]},
    ],
    "callbacks": [
        None, [], [keras.callbacks.TerminateOnNaN()],
        [keras.callbacks.TerminateOnNaN],  # scikeras builds it
        keras.callbacks.TerminateOnNaN(), {"nan": keras.callbacks.TerminateOnNaN()},
        [[keras.callbacks.TerminateOnNaN()]],
    ],
}  # fmt: skip


def cases(values: dict) -> list[tuple]:
    """``(name, value)`` for each value of each name in ``values``."""
    return [(name, value) for name, of_name in values.items() for value in of_name]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("units", 0),
        ("units", (8, 0)),
        ("units", []),
        ("units", True),
        ("units", np.array([[4, 4]])),
        ("units", 4.0),
        ("n_subsequences", 0),
        ("filters", True),
        ("kernel_size", 1.5),
        ("pool_size", 0),
        ("epochs", 0),
        ("batch_size", False),
        ("patience", -1),
        ("random_state", True),
        ("random_state", -1),
        *cases(KERAS_REFUSED),  # before: Keras' or scikeras' error, deep in fit
    ],
)
@pytest.mark.parametrize("owner", [LSTMRegressor, LSTMClassifier])
def test_keras_estimators_refuse_invalid_values_at_fit(owner, name, value):
    X, y = WINDOWS
    y = LABELS if owner is LSTMClassifier else y
    with pytest.raises(InvalidParameterError, match=message(name, owner)):
        owner(**{name: value}).fit(X, y)


# -- what Keras compiles and calls back ---------------------------------------
@pytest.mark.parametrize(
    ("name", "value", "valid"),
    [
        ("optimizer", "adamm", "'adam'"),
        ("loss", "mea", "'mae'"),
        ("metrics", "rmse", "'root_mean_squared_error'"),
        ("callbacks", 5, "keras.callbacks.Callback"),
    ],
)
def test_the_message_names_valid_keras_values(name, value, valid):
    with pytest.raises(InvalidParameterError) as error:
        LSTMRegressor(**{name: value}).fit(*WINDOWS)
    assert valid in str(error.value).split(" Got ")[0]


@pytest.mark.parametrize(("name", "value"), cases(KERAS_ACCEPTED))
def test_keras_estimators_accept_what_scikeras_compiles(name, value):
    for owner in (LSTMRegressor, LSTMClassifier):
        validate_parameter_constraints(
            owner._parameter_constraints, {name: value}, caller_name=owner.__name__
        )


def test_keras_objects_of_every_kind_train():
    X, y = WINDOWS
    reg = LSTMRegressor(
        units=2,
        epochs=1,
        random_state=0,
        optimizer=keras.optimizers.SGD,
        loss=keras.losses.Huber(),
        metrics=["root_mean_squared_error", absolute_error],
        callbacks={"nan": keras.callbacks.TerminateOnNaN()},
    ).fit(X, y)
    assert "root_mean_squared_error" in reg.history_
    clf = LSTMClassifier(
        units=2, epochs=1, random_state=0, metrics=["acc"],
        callbacks=[keras.callbacks.TerminateOnNaN],
    ).fit(X, LABELS)  # fmt: skip
    assert "acc" in clf.history_


@pytest.mark.parametrize("name", KERAS_OBJECTS)
def test_scikit_learn_takes_the_keras_constraints(name):
    constraint = LSTMRegressor._parameter_constraints[name][0]
    assert make_constraint(constraint) is constraint
    assert not constraint.is_satisfied_by(generate_invalid_param_val(constraint))
    assert LSTMClassifier._parameter_constraints[name][0] is constraint


def test_the_classifier_does_not_offer_encoder_decoder():
    X, _ = WINDOWS
    with pytest.raises(
        InvalidParameterError,
        match=r"^The 'architecture' parameter of LSTMClassifier must be a str "
        r"among \{.*\}\. Got 'encoder-decoder' instead\.$",
    ) as error:
        LSTMClassifier(architecture="encoder-decoder").fit(X, LABELS)
    valid_options = str(error.value).split(" Got ")[0]
    assert "'recurrent'" in valid_options
    assert "encoder-decoder" not in valid_options


@pytest.mark.parametrize("owner", [LSTMRegressor, LSTMClassifier])
def test_partial_fit_validates_like_fit(owner):
    """scikeras' partial_fit validates nothing; ours does, on the first call."""
    X, y = WINDOWS
    y = LABELS if owner is LSTMClassifier else y
    with pytest.raises(InvalidParameterError, match=message("epochs", owner)):
        owner(epochs=0).partial_fit(X, y)
    estimator = owner(units=2, random_state=0).partial_fit(X, y)
    assert len(estimator.partial_fit(X, y).history_["loss"]) == 2


def test_the_regressor_offers_encoder_decoder():
    constraints = LSTMRegressor._parameter_constraints["architecture"]
    validate_parameter_constraints(
        {"architecture": constraints},
        {"architecture": "encoder-decoder"},
        caller_name="LSTMRegressor",
    )


@pytest.mark.parametrize("lags", [0, [1, 0], [], True, 1.0, "12"])
def test_differencer_refuses_invalid_lags_in_fit_and_before_it(lags):
    with pytest.raises(InvalidParameterError, match=message("lags", Differencer)):
        Differencer(lags).fit(np.zeros((30, 1)))
    with pytest.raises(InvalidParameterError, match=message("lags", Differencer)):
        Differencer(lags).forecast_lags(2)


@pytest.fixture
def y() -> pd.Series:
    index = pd.period_range("2000-01", periods=40, freq="M")
    return pd.Series(np.arange(40.0), index=index)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("strategy", "bogus"),
        ("strategy", None),
        ("pipeline", "lstm"),
        ("pipeline", LinearRegression()),
        ("calibration_size", 1.0),
        ("calibration_size", -0.1),
        ("calibration_size", -1),
        ("calibration_size", True),
        ("calibration_size", "0.4"),
        ("calibration_folds", -1),
        ("calibration_folds", 2.0),
        ("calibration_folds", True),
        ("calibration_folds", "two"),
        ("sp", 0),
        ("sp", 12.0),
        ("fallback", "naive"),
        ("strategy", "automatic"),
        ("scale_window", 0),
        ("scale_window", 12.0),
        ("scale_window", False),
        ("random_state", -1),
        ("random_state", 2**32),
        ("random_state", 1.5),
        ("random_state", True),
    ],
)
def test_the_forecaster_refuses_invalid_values_at_fit(y, name, value):
    with pytest.raises(InvalidParameterError, match=message(name, LSTMForecaster)):
        LSTMForecaster(**{name: value}).fit(y)


def test_the_forecaster_refuses_a_pipeline_that_is_not_a_forecast_pipeline(y):
    plain = make_pipeline(Differencer(), LagTransformer(3), LinearRegression())
    with pytest.raises(
        InvalidParameterError,
        match=r"^The 'pipeline' parameter of LSTMForecaster must be an instance of "
        r"'skltsm\..*\.ForecastPipeline' or None\. Got Pipeline\(",
    ):
        LSTMForecaster(pipeline=plain).fit(y)


@pytest.mark.parametrize(
    "params",
    [
        {"calibration_size": 0},
        {"calibration_size": 0.0},
        {"calibration_size": 0.99},
        {"calibration_size": 12},
        {"calibration_folds": 1},
        {"calibration_folds": 0},
        {"sp": 24},
        {"fallback": "off"},
        {"verbose": 2},
        {"scale_window": None},
        {"scale_window": 1},
        {"random_state": 0},
        {"random_state": 2**32 - 1},
        {"random_state": np.int64(7)},
        {"strategy": "direct"},
        {"strategy": "multioutput"},
        {"pipeline": make_forecast_pipeline(LagTransformer(3), LinearRegression())},
    ],
)
def test_the_forecaster_accepts_the_documented_values(params):
    forecaster = LSTMForecaster(**params)
    validate_parameter_constraints(
        forecaster._parameter_constraints,
        forecaster.get_params(deep=False),
        caller_name="LSTMForecaster",
    )


@pytest.mark.parametrize(
    ("owner", "params"),
    [
        (ForecastPipeline, {"target": True}),
        (MultiStepPipeline, {"n_steps": True}),
        (MultiStepPipeline, {"n_steps": 0}),
    ],
)
def test_the_pipelines_refuse_a_bool_where_an_int_is_meant(y, owner, params):
    steps = [("lag", LagTransformer(3)), ("net", LinearRegression())]
    name = next(iter(params))
    with pytest.raises(InvalidParameterError, match=message(name, owner)):
        owner(steps, **params).fit(y.to_frame("y"), y)


def test_a_bool_in_a_target_list_is_not_a_column_position(y):
    """target=[True] must not mean the second column, as True == 1 would."""
    X = pd.DataFrame({"x": y.to_numpy() + 1, "y": y.to_numpy()}, index=y.index)
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression(), target=[1])
    pipe.fit(X, y)  # an int position names column "y"
    pipe.set_params(target=[True])
    with pytest.raises(InvalidParameterError, match=r"'target' parameter"):
        pipe.fit(X, y)


@pytest.mark.parametrize("target", [[1.5], [None], [], [True], ["y", 2.0]])
def test_a_target_list_of_other_than_names_or_positions_is_refused(y, target):
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression(), target=target)
    with pytest.raises(InvalidParameterError, match="list or tuple of column names"):
        pipe.fit(y.to_frame("y"), y)


def test_an_activation_keras_does_not_know_is_refused_at_fit():
    X, target = np.random.default_rng(0).random((20, 3)), np.arange(20.0)
    regressor = LSTMRegressor(units=2, epochs=1, activation="tanhh")
    with pytest.raises(InvalidParameterError, match="'activation' parameter .*'tanh'"):
        regressor.fit(X, target)
    for activation in ("relu", "leaky_relu", keras.activations.tanh, np.tanh):
        assert "activation" not in _invalid(regressor.set_params(activation=activation))


@pytest.mark.parametrize("class_weight", [{0: "a"}, {0: -1.0}, {0: True}])
def test_class_weights_that_are_not_non_negative_numbers_are_refused(class_weight):
    X, labels = np.random.default_rng(0).random((20, 3)), np.arange(20) % 2
    classifier = LSTMClassifier(units=2, epochs=1, class_weight=class_weight)
    with pytest.raises(InvalidParameterError, match="'class_weight' parameter"):
        classifier.fit(X, labels)
    assert "class_weight" not in _invalid(classifier.set_params(class_weight={0: 2}))


def _invalid(estimator) -> str:
    """The message of the parameter validation, or '' when every value is valid."""
    try:
        estimator._validate_params()
    except InvalidParameterError as error:
        return str(error)
    return ""


def test_checking_a_metric_name_leaves_the_names_of_keras_metrics_alone():
    """Keras names each metric it builds from a global counter (history_ keys)."""
    from keras.src.backend.common import global_state

    from skltsm._keras._compile_constraints import _resolves

    def counters():
        return dict(global_state.get_global_attribute("object_name_uids") or {})

    before = counters()
    assert _resolves.__wrapped__(keras.metrics.get, "Precision")  # builds one
    assert counters() == before


@pytest.mark.parametrize("value", [(0, 1, 1), [2, 0, 0], np.array([1, 1, 0])])
def test_an_arima_order_is_three_non_negative_ints(value):
    assert ARIMA_ORDER.is_satisfied_by(value)


@pytest.mark.parametrize(
    "value",
    [(1, 1), (1, 0, 0, 0), (1.5, 0, 0), (-1, 0, 0), [[1, 0, 0]], (True, 0, 0),
     np.array([1.0, 0, 0]), "100", 1],
)  # fmt: skip
def test_an_arima_order_refuses_everything_else(value):
    assert not ARIMA_ORDER.is_satisfied_by(value)
