"""The validation tail scored by one ``test_on_batch`` equals Keras' own validation."""

import keras
import numpy as np
import pytest

from skltsm._keras import _base as _keras_base
from skltsm._keras._runtime._early_stopping import ValidationScores
from tests.conftest import tiny_regressor


@pytest.fixture
def windows(rng):
    X = rng.normal(size=(80, 6, 2))
    return X, X[:, -1, 0] - 0.5 * X[:, -2, 1]


def early_stopping_regressor(**params):
    defaults = {"early_stopping": True, "validation_fraction": 0.2, "patience": 2}
    return tiny_regressor(**{**defaults, "epochs": 8, **params})


def test_one_batch_scores_equal_keras_validation_data(windows, monkeypatch):
    X, y = windows
    scored = []
    score = ValidationScores.on_epoch_end
    monkeypatch.setattr(
        ValidationScores,
        "on_epoch_end",
        lambda self, epoch, logs=None: scored.append(epoch) or score(self, epoch, logs),
    )
    in_one_batch = early_stopping_regressor().fit(X, y)
    assert scored == list(range(len(in_one_batch.history_["loss"])))
    monkeypatch.setattr(_keras_base, "MAX_IN_ONE_BATCH", 0)  # Keras' own path
    by_keras = early_stopping_regressor().fit(X, y)
    assert len(scored) == len(in_one_batch.history_["loss"])  # not used this time
    assert len(in_one_batch.history_["val_loss"]) == len(in_one_batch.history_["loss"])
    np.testing.assert_allclose(
        in_one_batch.history_["val_loss"], by_keras.history_["val_loss"], rtol=1e-5
    )
    np.testing.assert_allclose(
        in_one_batch.predict(X), by_keras.predict(X), rtol=1e-5, atol=1e-6
    )


def test_sample_weights_reach_the_validation_score(windows):
    # the tail's weights also weigh in the standardisation (input_mean_, the
    # target's moments), so training differs: score the fitted network directly
    X, y = windows
    weights = np.ones(len(y))
    weights[-16:] = 3.0  # the validation tail
    weighted = early_stopping_regressor(epochs=1).fit(X, y, sample_weight=weights)
    assert weighted.n_validation_ == 16
    errors = (
        np.ravel(weighted._predict_raw(X[-16:]))
        - weighted.target_encoder_.transform(y[-16:]).ravel()
    ) ** 2
    # Keras' weighted mean: the sum of weight times loss over the windows
    np.testing.assert_allclose(
        weighted.history_["val_loss"], [3.0 * errors.mean()], rtol=1e-5
    )


def test_user_callbacks_see_the_validation_score(windows):
    X, y = windows
    seen = []

    class Record(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            seen.append(logs["val_loss"])

    reg = early_stopping_regressor(epochs=3, callbacks=[Record()]).fit(X, y)
    assert seen == reg.history_["val_loss"]


def test_the_callback_scores_the_model_it_is_attached_to():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    x, y = np.zeros((4, 2), "float32"), np.full(4, 2.0)
    history = model.fit(
        x, np.zeros(4), epochs=2, verbose=0, callbacks=[ValidationScores(x, y, None)]
    )
    # zero inputs: the prediction is the bias, trained towards 0 from 0
    np.testing.assert_allclose(history.history["val_loss"], 4.0, rtol=1e-6)


def network(output_shape, loss, **compile_kwargs):
    inputs = keras.Input((3, 2))
    hidden = keras.layers.Flatten()(inputs)
    outputs = keras.layers.Reshape(output_shape)(
        keras.layers.Dense(int(np.prod(output_shape)))(hidden)
    )
    model = keras.Model(inputs, outputs)
    model.compile("adam", loss, **compile_kwargs)
    return model


@pytest.mark.parametrize("loss", ["mse", "mean_absolute_error"])
@pytest.mark.parametrize(
    "target_shape, weighted",
    # Keras itself cannot weight windows of (steps, series) targets
    [((), False), ((), True), ((2,), False), ((2,), True), ((3, 2), False)],
)
def test_scores_from_predictions_equal_keras_test_step(
    rng, loss, target_shape, weighted
):
    model = network(target_shape or (1,), loss)
    x = rng.normal(size=(9, 3, 2)).astype("float32")
    y = rng.normal(size=(9, *target_shape))
    weights = rng.uniform(0.5, 2.0, size=9) if weighted else None
    scores = ValidationScores(x, y, weights)
    scores.set_model(model)
    scores.on_train_begin()
    logs = {}
    scores.on_epoch_end(0, logs)
    expected = model.test_on_batch(x, y, sample_weight=weights)
    np.testing.assert_allclose(logs["val_loss"], expected, rtol=1e-6)


@pytest.mark.parametrize(
    "loss, compile_kwargs, from_predictions",
    [
        ("mse", {}, True),
        ("mse", {"metrics": ["mae"]}, False),  # metrics need the test step
        (keras.losses.Huber(), {}, False),  # a loss we do not compute ourselves
    ],
)
def test_the_test_step_is_used_only_when_needed(
    rng, monkeypatch, loss, compile_kwargs, from_predictions
):
    model = network((1,), loss, **compile_kwargs)
    x, y = rng.normal(size=(5, 3, 2)).astype("float32"), rng.normal(size=5)
    model.fit(x, y, verbose=0)  # the callback scores a network in training
    called = []
    for method in ("predict_on_batch", "test_step"):  # the test step as traced
        original = getattr(model, method)
        monkeypatch.setattr(
            model,
            method,
            lambda *a, m=method, f=original, **k: called.append(m) or f(*a, **k),
        )
    scores = ValidationScores(x, y, None)
    scores.set_model(model)
    scores.on_train_begin()
    logs = {}
    scores.on_epoch_end(0, logs)
    assert called == ["predict_on_batch" if from_predictions else "test_step"]
    assert "val_loss" in logs
    assert (len(logs) > 1) == ("metrics" in compile_kwargs)  # val_<metric> too


@pytest.mark.parametrize("weighted", [False, True])
def test_tails_of_any_size_and_length_score_as_test_on_batch(rng, weighted):
    # one batch of declared sizes: test_on_batch's arithmetic, one trace
    inputs = keras.Input((None, 2))
    model = keras.Model(inputs, keras.layers.Dense(1)(keras.layers.LSTM(3)(inputs)))
    model.compile("adam", "mse", metrics=["mae"])
    model.fit(rng.normal(size=(4, 5, 2)), rng.normal(size=4), verbose=0)
    for n, length in ((9, 3), (5, 6)):
        x = rng.normal(size=(n, length, 2)).astype("float32")
        y = rng.normal(size=n)
        weights = rng.uniform(0.5, 2.0, size=n) if weighted else None
        scores = ValidationScores(x, y, weights)
        scores.set_model(model)
        scores.on_train_begin()
        logs = {}
        scores.on_epoch_end(0, logs)
        expected = model.test_on_batch(x, y, sample_weight=weights, return_dict=True)
        assert logs == {f"val_{name}": float(v) for name, v in expected.items()}
