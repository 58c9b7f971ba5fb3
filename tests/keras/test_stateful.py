"""Stateful networks: fixed batches, time order, states reset and carried."""

import pickle

import keras
import numpy as np
import pytest

from skltsm._keras._stateful import ResetStatesEachEpoch, predict_statefully
from tests.conftest import tiny_regressor


@pytest.fixture
def series_windows(rng):
    series = np.cumsum(rng.normal(size=43))
    X = np.lib.stride_tricks.sliding_window_view(series[:-1], 3)  # 40 windows
    return X, series[3:]


def stateful(**params):
    defaults = {"stateful": True, "shuffle": False, "batch_size": 1, "epochs": 2}
    return tiny_regressor(**{**defaults, **params})


@pytest.fixture
def fitted(series_windows):
    X, y = series_windows
    return stateful().fit(X, y)


def test_the_network_is_built_for_a_fixed_batch_of_stateful_layers(series_windows):
    X, y = series_windows
    reg = stateful(batch_size=4, units=(3, 2), epochs=1).fit(X, y)
    assert reg.model_.input_shape == (4, 3, 1)
    recurrent = [x for x in reg.model_.layers if isinstance(x, keras.layers.LSTM)]
    assert len(recurrent) == 2 and all(x.stateful for x in recurrent)


def test_shuffling_is_refused_with_the_reason(series_windows):
    X, y = series_windows
    with pytest.raises(
        ValueError,
        match=r"LSTMRegressor\(stateful=True\) .* time order, but shuffle=True .* "
        r"Set shuffle=False",
    ):
        stateful(shuffle=True).fit(X, y)


def test_windows_that_do_not_fill_whole_batches_are_refused(series_windows):
    X, y = series_windows  # 40 windows
    with pytest.raises(
        ValueError,
        match=r"batches of exactly batch_size=3 windows, but the 40 training "
        r"windows .* \(1 left over\)\. Use batch_size=1 .* divisor of 40 "
        r"\(1, 2, 4, 5, 8, 10, 20, 40\), or drop the 1 oldest",
    ):
        stateful(batch_size=3).fit(X, y)


def test_the_early_stopping_tail_must_fill_whole_batches_too(series_windows):
    X, y = series_windows  # 40 windows: 36 to train, 4 held out
    reg = stateful(batch_size=4, early_stopping=True, epochs=1).fit(X, y)
    assert "val_loss" in reg.history_
    with pytest.raises(ValueError, match=r"the 4 windows held out by early_stopping"):
        stateful(batch_size=6, early_stopping=True).fit(X, y)


def test_a_build_function_must_fix_the_batch_size(series_windows):
    X, y = series_windows

    def build(meta, compile_kwargs):  # forgets keras.Input(batch_size=...)
        inputs = keras.Input(meta["input_shape_"])
        outputs = keras.layers.Dense(1)(keras.layers.LSTM(2)(inputs))
        model = keras.Model(inputs, outputs)
        model.compile(**compile_kwargs)
        return model

    with pytest.raises(ValueError, match="takes batches of None.*batch_size=params"):
        stateful(model=build).fit(X, y)


def test_a_build_function_with_a_fixed_batch_works(series_windows):
    X, y = series_windows

    def build(meta, compile_kwargs, params):
        inputs = keras.Input(meta["input_shape_"], batch_size=params["batch_size"])
        hidden = keras.layers.LSTM(2, stateful=True)(inputs)
        model = keras.Model(inputs, keras.layers.Dense(1)(hidden))
        model.compile(**compile_kwargs)
        return model

    reg = stateful(model=build, batch_size=2, epochs=1).fit(X, y)
    assert reg.predict(X[:3]).shape == (3,)


def test_each_predict_starts_from_a_reset_state(fitted, series_windows):
    X, _ = series_windows
    np.testing.assert_array_equal(fitted.predict(X), fitted.predict(X))


def test_the_state_is_carried_from_row_to_row(fitted, series_windows):
    X, _ = series_windows
    whole = fitted.predict(X)
    # the first rows do not depend on the rows after them ...
    np.testing.assert_array_equal(fitted.predict(X[:25]), whole[:25])
    # ... but the later rows depend on the rows before them: memory
    assert not np.array_equal(fitted.predict(X[25:]), whole[25:])


def test_rows_not_filling_the_last_batch_are_predicted(series_windows):
    X, y = series_windows
    reg = stateful(batch_size=4).fit(X, y)
    np.testing.assert_array_equal(reg.predict(X[:10]), reg.predict(X)[:10])
    assert reg.predict(X[:1]).shape == (1,)


def test_states_are_reset_at_each_epoch():
    model = keras.Sequential(
        [keras.Input((2, 1), batch_size=1), keras.layers.LSTM(2, stateful=True)]
    )
    model.predict_on_batch(np.ones((1, 2, 1)))
    assert np.any(model.layers[0].states[0].numpy() != 0)
    callback = ResetStatesEachEpoch()
    callback.set_model(model)
    callback.on_epoch_begin(0)
    assert all(np.all(s.numpy() == 0) for s in model.layers[0].states)


def test_predict_statefully_matches_one_long_sequence():
    # a stateful batch-1 network fed window after window sees one long sequence
    inputs = keras.Input((2, 1), batch_size=1)
    model = keras.Model(inputs, keras.layers.LSTM(2, stateful=True)(inputs))
    windows = np.arange(8, dtype="float32").reshape(4, 2, 1)
    long = keras.Sequential([keras.Input((8, 1)), keras.layers.LSTM(2)])
    long.set_weights(model.get_weights())
    np.testing.assert_allclose(
        predict_statefully(model, windows)[-1], long(windows.reshape(1, 8, 1))[0],
        rtol=1e-5,
    )  # fmt: skip


def test_a_stateful_model_survives_pickling(fitted, series_windows):
    X, _ = series_windows
    restored = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(restored.predict(X), fitted.predict(X))


def test_training_is_reproducible(series_windows):
    X, y = series_windows
    a = stateful(units=(3, 2)).fit(X, y).predict(X)
    b = stateful(units=(3, 2)).fit(X, y).predict(X)
    np.testing.assert_array_equal(a, b)


def test_windows_of_weight_zero_left_out_are_named_when_batches_break(series_windows):
    """A weight of 0 leaves its window out, and the refusal says so.

    scikeras drops the windows of weight 0 before training (scikit-learn's
    convention: a weight of 0 is the window removed, which
    ``test_the_values_of_windows_of_weight_zero_change_nothing`` pins for a
    stateful network too), so 40 windows in batches of 4 with one weighted 0
    were refused as "39 training windows (3 left over)", with nothing to
    say where the 40th went.
    """
    X, y = series_windows  # 40 windows
    weights = np.ones(len(X))
    weights[5] = 0.0
    with pytest.raises(ValueError, match=r"39 training windows \(1 window\(s\) of "):
        stateful(batch_size=4, epochs=1).fit(X, y, sample_weight=weights)


@pytest.mark.parametrize("fitted_stateful", [True, False])
def test_predict_follows_the_fitted_network_not_set_params_stateful(
    series_windows, fitted_stateful
):
    """``set_params(stateful=...)`` after fit must not break ``predict``.

    Prediction chose its path from the parameter ``stateful``, not from the
    fitted network: a stateless network with ``stateful`` set to True after
    fit failed with ``TypeError: unsupported operand type(s) for %: 'int' and
    'NoneType'`` (its batch size is None), and a stateful one set to False
    with TensorFlow's "Incompatible shapes" (batches of another size than the
    fixed one). Other parameters set after fit leave predictions as they were.
    """
    X, y = series_windows
    reg = stateful(stateful=fitted_stateful, batch_size=4, epochs=1).fit(X, y)
    expected = reg.predict(X)
    reg.set_params(stateful=not fitted_stateful)
    np.testing.assert_array_equal(reg.predict(X), expected)


def test_a_continued_fit_with_another_batch_size_says_to_fit_anew(series_windows):
    """A warm start after ``set_params(batch_size=2)`` blames the fixed network.

    The default stateful network was built for batches of 4; continuing it
    with ``batch_size=2`` was refused with advice for a ``model=`` build
    function ("A build function passed as model= must create
    keras.Input(..., batch_size=...)") that the user never passed, rather
    than the way out: fit anew (``warm_start=False``) or keep the batch size.
    """
    X, y = series_windows
    reg = stateful(batch_size=4, epochs=1, warm_start=True).fit(X, y)
    with pytest.raises(ValueError, match="warm_start") as error:
        reg.set_params(batch_size=2).fit(X, y)
    assert "model=" not in str(error.value)
