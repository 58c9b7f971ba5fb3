import pickle

import keras
import numpy as np
import pytest

from skltsm._keras._runtime._network_pickling import (
    QuietNetwork,
    unpack_with_seed_states,
)


def dropout_network() -> keras.Model:
    """A network whose dropout seed generator has drawn a few masks."""
    model = keras.Sequential(
        [keras.Input((3,)), keras.layers.Dropout(0.5, seed=1), keras.layers.Dense(1)]
    )
    model.compile("adam", "mse")
    for _ in range(3):
        model(np.ones((2, 3), dtype="float32"), training=True)
    return model


def states(model: keras.Model) -> list:
    weights = {id(w) for w in model.weights}
    return [v.numpy().tolist() for v in model.variables if id(v) not in weights]


def test_a_restored_network_keeps_its_dropout_seed_states():
    # a Keras archive saves weights, not the seed generators' [seed, counter]
    model = dropout_network()
    restored = pickle.loads(pickle.dumps(QuietNetwork(model)))
    assert states(restored) == states(model)
    assert states(model)[0][1] == 3  # the counter, not only the seed
    x = np.ones((4, 3), dtype="float32")
    np.testing.assert_array_equal(
        restored(x, training=True).numpy(), model(x, training=True).numpy()
    )


def test_states_that_do_not_fit_the_network_are_left_out_with_a_warning():
    model = dropout_network()
    unpack, args = model.__reduce__()
    with pytest.warns(UserWarning, match="seed states are not restored"):
        restored = unpack_with_seed_states([None], unpack, *args)
    assert restored.count_params() == model.count_params()
