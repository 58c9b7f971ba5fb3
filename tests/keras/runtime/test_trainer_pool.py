"""Pooled trainers: same results as training the model itself, no growth."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from skltsm._keras._runtime._trainer_pool import TrainerPool, default_pool
from tests.conftest import tiny_regressor


@pytest.fixture
def windows(rng):
    X = rng.normal(size=(64, 6, 2))
    return X, X[:, -1, 0] - 0.5 * X[:, -2, 1]


@pytest.fixture(autouse=True)
def empty_pool():
    default_pool.clear()
    yield
    default_pool.clear()


@pytest.mark.parametrize(
    "params", [{}, {"dropout": 0.3}, {"units": (4, 3), "cell": "gru"}]
)
def test_a_pooled_fit_equals_an_unpooled_fit_bit_for_bit(windows, params, monkeypatch):
    X, y = windows
    pooled = tiny_regressor(**params).fit(X, y)
    pooled_again = tiny_regressor(**params).fit(X, y)  # on the same, reused trainer
    assert len(default_pool) == 1
    monkeypatch.setattr(type(pooled), "_training_key", lambda self, **_: None)
    unpooled = tiny_regressor(**params).fit(X, y)
    np.testing.assert_array_equal(pooled.predict(X), unpooled.predict(X))
    np.testing.assert_array_equal(pooled_again.predict(X), unpooled.predict(X))
    assert pooled.history_["loss"] == unpooled.history_["loss"]


def test_one_trainer_per_configuration_and_its_function_is_reused(windows):
    X, y = windows
    for seed in range(3):
        tiny_regressor(random_state=seed).fit(X, y)
    tiny_regressor(units=5).fit(X, y)
    assert len(default_pool) == 2
    (trainer,) = default_pool._idle[next(iter(default_pool._idle))]
    traced = trainer.model.train_function
    tiny_regressor(random_state=9).fit(X, y)
    assert trainer.model.train_function is traced


def test_the_estimator_keeps_its_own_model(windows):
    X, y = windows
    first = tiny_regressor(random_state=1).fit(X, y)
    before = first.predict(X)
    tiny_regressor(random_state=2).fit(X, y)  # trains the same pooled trainer
    np.testing.assert_array_equal(first.predict(X), before)


def test_a_user_built_network_and_warm_start_train_their_own_model(windows):
    X, y = windows
    reg = tiny_regressor(warm_start=True).fit(X, y)
    reg.fit(X, y)
    assert len(default_pool) == 0


def test_idle_trainers_are_bounded():
    pool = TrainerPool(max_idle=2)
    for key in "abc":
        pool._give_back(key, object())
    assert len(pool) == 2 and "a" not in pool._idle


MEMORY = textwrap.dedent(
    """
    import psutil, numpy as np
    from tests.conftest import tiny_regressor
    X = np.random.default_rng(0).normal(size=(64, 6, 2)); y = X[:, -1, 0]
    process = psutil.Process()
    for i in range(5):
        tiny_regressor(random_state=i).fit(X, y).predict(X)
    before = process.memory_info().rss
    for i in range(20):
        tiny_regressor(random_state=i).fit(X, y).predict(X)
    print((process.memory_info().rss - before) / 2**20)
    """
)


@pytest.mark.slow
def test_memory_stays_flat_over_many_fits():
    # Without the pool each fit keeps about 12 MB: 20 fits would add ~240 MB.
    growth_mb = float(
        subprocess.check_output([sys.executable, "-c", MEMORY], text=True)
    )
    assert growth_mb < 40


def test_predictions_borrow_the_trainer_instead_of_tracing_model_(windows):
    X, y = windows
    reg = tiny_regressor().fit(X, y)
    predictions = reg.predict(X)
    assert reg.model_.predict_function is None  # never traced for model_ itself
    own = reg.model_.predict_on_batch(reg.feature_encoder_.transform(X))
    np.testing.assert_array_equal(
        predictions, reg.target_encoder_.inverse_transform(own).ravel()
    )


def test_set_params_after_fit_predicts_with_the_fitted_network(windows):
    X, y = windows
    reg = tiny_regressor().fit(X, y)
    before = reg.predict(X)
    default_pool.clear()  # a trainer built now would follow the new parameters
    reg.set_params(units=7)
    np.testing.assert_array_equal(reg.predict(X), before)


def test_loading_a_trainer_is_one_traced_call(windows):
    X, y = windows
    for seed in range(3):
        tiny_regressor(random_state=seed).fit(X, y).predict(X[:1])
    (trainer,) = default_pool._idle[next(iter(default_pool._idle))]
    assert trainer._assign_variables.experimental_get_tracing_count() == 1
    assert trainer._assign_optimizer.experimental_get_tracing_count() == 1


def test_many_configurations_log_no_retracing_warning(windows, caplog):
    X, y = windows
    with caplog.at_level("WARNING", logger="tensorflow"):
        for units in range(2, 9):  # a grid of seven networks
            regressor = tiny_regressor(units=units, epochs=2, early_stopping=True)
            for rows in (1, 5, 9):  # predictions of several sizes
                regressor.fit(X, y).predict(X[:rows])
    assert not [r for r in caplog.records if "retracing" in r.getMessage()]
