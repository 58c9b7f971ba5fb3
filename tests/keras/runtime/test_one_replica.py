"""Training without the one-replica all-reduce: nothing left in TF's registry."""

import gc
import pickle

import keras
import numpy as np
import pytest
import tensorflow as tf
from tensorflow.python.framework import ops

from skltsm import release_trainers
from skltsm._keras._runtime._one_replica import skip_one_replica_all_reduce
from tests.conftest import tiny_regressor, user_built


@pytest.fixture
def windows(rng):
    X = rng.normal(size=(32, 4, 2)).astype("float32")
    return X, X[:, -1, 0]


def custom_gradients() -> int:
    """The gradient functions ``tf.custom_gradient`` registered, read only."""
    return sum(
        name.startswith("CustomGradient") for name in ops._gradient_registry.list()
    )


def test_distinct_configurations_register_no_gradient_function(windows):
    """Each would keep its traced training graph (~12 MB) for the process's life."""
    X, y = windows
    release_trainers()
    gc.collect()
    before = custom_gradients()
    for params in ({"units": 2}, {"units": 3}, {"units": 2, "stateful": True}):
        tiny_regressor(epochs=1, batch_size=8, shuffle=False, **params).fit(X, y)
    release_trainers()
    gc.collect()
    assert custom_gradients() == before


class TwoReplicas:
    """A replica context of two replicas whose sum doubles each gradient."""

    num_replicas_in_sync = 2

    def all_reduce(self, op, grads):
        return [2 * g for g in grads]


def test_one_replica_returns_the_gradients_as_they_are():
    optimizer = keras.optimizers.SGD()
    skip_one_replica_all_reduce(optimizer)
    pairs = [(tf.ones(2), "variable"), (None, "unused")]
    assert optimizer._all_reduce_sum_gradients(pairs) == pairs


def test_several_replicas_are_summed_by_keras(monkeypatch):
    optimizer = keras.optimizers.SGD()
    skip_one_replica_all_reduce(optimizer)
    monkeypatch.setattr(tf.distribute, "get_replica_context", TwoReplicas)
    ((reduced, variable),) = optimizer._all_reduce_sum_gradients(
        [(tf.ones(2), "variable")]
    )
    assert variable == "variable"
    np.testing.assert_array_equal(reduced, [2.0, 2.0])


def test_it_is_set_once_not_pickled_and_set_again_by_the_next_fit(windows):
    X, y = windows
    reg = tiny_regressor(epochs=1, model=user_built).fit(X, y)
    reg.fit(X, y)  # a user-built network: model_ trains itself
    optimizer = reg.model_.optimizer
    first = vars(optimizer)["_all_reduce_sum_gradients"]
    skip_one_replica_all_reduce(optimizer)
    assert vars(optimizer)["_all_reduce_sum_gradients"] is first
    restored = pickle.loads(pickle.dumps(reg))
    assert "_all_reduce_sum_gradients" not in vars(restored.model_.optimizer)
    gc.collect()
    before = custom_gradients()
    restored.fit(X, y)
    assert "_all_reduce_sum_gradients" in vars(restored.model_.optimizer)
    del restored
    gc.collect()
    assert custom_gradients() == before
