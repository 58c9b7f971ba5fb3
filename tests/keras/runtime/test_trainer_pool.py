"""Pooled trainers: same results as training the model itself, no growth."""

import gc
import subprocess
import sys
import textwrap
import weakref

import keras
import numpy as np
import pytest
from sklearn.base import clone

import skltsm
from skltsm._keras._runtime._trainer_pool import (
    TrainerPool,
    configuration_key,
    default_pool,
    release_trainers,
)
from tests.conftest import tiny_regressor, user_built


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


@pytest.mark.parametrize("architecture", ["recurrent", "encoder-decoder"])
def test_look_backs_of_a_recurrent_network_share_one_trainer_and_one_trace(
    windows, architecture, monkeypatch, traced_steps
):
    # its weights do not depend on the window's length (ADR 0031): a grid
    # over the look-back traces the training step once per configuration
    X, y = windows
    params = {"architecture": architecture}
    for look_back in (6, 3, 5):
        pooled = tiny_regressor(**params).fit(X[:, -look_back:], y)
        pooled.predict(X[:2, -look_back:])
    assert len(default_pool) == 1
    assert len(traced_steps) == 1
    (trainer,) = default_pool._idle[next(iter(default_pool._idle))]
    assert trainer.model.predict_function.experimental_get_tracing_count() == 1
    monkeypatch.setattr(type(pooled), "_training_key", lambda self, **_: None)
    unpooled = tiny_regressor(**params).fit(X[:, -5:], y)
    np.testing.assert_array_equal(
        pooled.predict(X[:, -5:]), unpooled.predict(X[:, -5:])
    )
    assert pooled.history_["loss"] == unpooled.history_["loss"]


def test_look_backs_scored_by_the_validation_loss_share_one_traced_test_step(
    windows, monkeypatch
):
    """The early-stopping tail of a pinball loss is scored by Keras' test step.

    ``test_on_batch`` traced it for the tail's exact shape, then again, relaxed,
    for the next look-back: two traces per configuration where the training
    step and the prediction function have one. The tail's batch now declares
    its sizes unknown (``validation_batches``; ADR 0031).
    """
    X, y = windows
    traces = traced(monkeypatch, "test_step")
    params = {"quantiles": (0.1, 0.9), "early_stopping": True, "epochs": 2}
    for look_back in (6, 3, 5):
        tiny_regressor(**params).fit(X[:, -look_back:], y)
    assert len(default_pool) == 1
    assert len(traces) == 1


def test_learning_rates_share_one_trainer_and_each_trains_with_its_own(
    windows, monkeypatch, traced_steps
):
    # the rate is an optimizer variable the traced step reads when it runs: the
    # trainer takes each network's with its weights (ADR 0031's amendment)
    X, y = windows
    pooled = {
        rate: tiny_regressor(learning_rate=rate).fit(X, y) for rate in (0.05, 0.001)
    }
    assert len(default_pool) == 1
    assert len(traced_steps) == 1
    monkeypatch.setattr(type(pooled[0.05]), "_training_key", lambda self, **_: None)
    for rate, network in pooled.items():
        alone = tiny_regressor(learning_rate=rate).fit(X, y)
        np.testing.assert_array_equal(network.predict(X), alone.predict(X))
        assert network.history_["loss"] == alone.history_["loss"]


def test_continued_training_after_a_new_rate_goes_on_at_the_compiled_rate(windows):
    # warm_start keeps the network as built, its optimizer's rate included
    X, y = windows

    def continued(rate):
        network = tiny_regressor(learning_rate=0.05).fit(X, y)
        network.set_params(learning_rate=rate, warm_start=True)
        return network.fit(X, y).predict(X)

    np.testing.assert_array_equal(continued(0.001), continued(0.05))


def test_continued_training_interleaved_with_a_sibling_of_another_look_back_and_rate(
    windows,
):
    """Two networks of other look-backs and rates take turns on one trainer.

    Each partial_fit loads its own optimizer state (Adam's step count, moments,
    rate) into the shared trainer: none of the sibling's may leak into it, so
    each ends as it would trained alone.
    """
    X, y = windows

    def start(look_back, rate):
        return tiny_regressor(learning_rate=rate).fit(X[:, -look_back:], y)

    networks = {(6, 0.05): start(6, 0.05), (3, 0.001): start(3, 0.001)}
    for _ in range(2):
        for (look_back, _rate), network in networks.items():
            network.partial_fit(X[:, -look_back:], y)
    assert len(default_pool) == 1
    for (look_back, rate), network in networks.items():
        default_pool.clear()
        alone = start(look_back, rate)
        alone.partial_fit(X[:, -look_back:], y).partial_fit(X[:, -look_back:], y)
        np.testing.assert_array_equal(
            network.predict(X[:, -look_back:]), alone.predict(X[:, -look_back:])
        )
        assert network.history_["loss"] == alone.history_["loss"]


def test_a_rate_routed_to_the_optimizer_stays_in_the_key(windows):
    X, y = windows
    for rate in (0.05, 0.001):
        tiny_regressor(optimizer__learning_rate=rate).fit(X, y)
    assert len(default_pool) == 2


@pytest.mark.parametrize(
    ("scalings", "n_trainers"),
    [
        ([{}, {"window_scaling": "standard"}], 1),
        (
            [
                {"window_scaling": "log_mean", "level_steps": 3},
                {"window_scaling": "mean", "scaled_feature": 1},
                # the percentage loss reads the scaling: one trainer each
                {"window_scaling": "mean", "loss": "mape"},
                {"window_scaling": "log_mean", "loss": "mape"},
            ],
            3,
        ),
    ],
)
def test_window_scalings_share_one_trainer_and_each_trains_as_alone(
    rng, scalings, n_trainers, monkeypatch, traced_steps
):
    # windows are scaled on their way to the network, forecasts unscaled after
    # it (ADR 0021): the training graph is the same for every scaling
    X = 10.0 + rng.normal(size=(64, 6, 2))  # positive, for "mean" and "log_mean"
    y = X[:, -1, 0] - 0.5 * X[:, -2, 1]
    pooled = [tiny_regressor(**params).fit(X, y) for params in scalings]
    assert len(default_pool) == len(traced_steps) == n_trainers
    monkeypatch.setattr(type(pooled[0]), "_training_key", lambda self, **_: None)
    for params, network in zip(scalings, pooled, strict=True):
        alone = tiny_regressor(**params).fit(X, y)
        np.testing.assert_array_equal(network.predict(X), alone.predict(X))
        assert network.history_["loss"] == alone.history_["loss"]


def test_a_convolutional_network_keeps_one_trainer_per_look_back(rng):
    # it splits each window into subsequences: their length shapes its weights
    X = rng.normal(size=(32, 8, 1))
    y = X[:, -1, 0]
    params = {"architecture": "cnn-lstm", "n_subsequences": 2, "filters": 2}
    for look_back in (8, 6):
        tiny_regressor(**params).fit(X[:, -look_back:], y)
    assert len(default_pool) == 2


def test_the_estimator_keeps_its_own_model(windows):
    X, y = windows
    first = tiny_regressor(random_state=1).fit(X, y)
    before = first.predict(X)
    tiny_regressor(random_state=2).fit(X, y)  # trains the same pooled trainer
    np.testing.assert_array_equal(first.predict(X), before)


def test_a_user_built_network_trains_its_own_model(windows):
    X, y = windows
    reg = tiny_regressor(model=user_built).fit(X, y)
    reg.partial_fit(X, y)
    assert len(default_pool) == 0


def traced(monkeypatch, step: str) -> list:
    """The models whose ``step`` (``"train_step"``, ...) is traced, from now on."""
    traces = []
    original = getattr(keras.Model, step)

    def counted(self, data):
        traces.append(self)
        return original(self, data)

    monkeypatch.setattr(keras.Model, step, counted)
    return traces


@pytest.fixture
def traced_steps(monkeypatch):
    """The models whose training step is traced, in order, from now on."""
    return traced(monkeypatch, "train_step")


def test_a_network_trained_as_it_is_traces_its_training_step_once(
    windows, traced_steps
):
    # its optimizer is built before the first trace: a tf.function that
    # creates variables while it traces is traced a second time (0.6 s here)
    X, y = windows
    reg = tiny_regressor(model=user_built).fit(X, y)
    assert traced_steps == [reg.model_]


@pytest.mark.parametrize("params", [{}, {"dropout": 0.3}])
def test_continued_training_on_a_trainer_equals_training_the_model_itself(
    windows, params, monkeypatch, traced_steps
):
    # the trainer takes the model's optimizer state (Adam's step count and
    # moments) and gives it back: the second partial_fit goes on from the
    # first. A fit's state is not kept (model_'s optimizer stays unbuilt):
    # continued training starts from a fresh one after it, as it always has.
    X, y = windows

    def train(estimator):
        estimator.fit(X, y).partial_fit(X, y).partial_fit(X, y)
        return estimator.set_params(warm_start=True).fit(X, y)

    pooled = train(tiny_regressor(**params))
    assert len(traced_steps) == 1 and len(default_pool) == 1  # one trace in all
    lend = TrainerPool.training_copy

    def model_itself_when_continued(pool, model, key, build, *, continued=False):
        return lend(pool, model, None if continued else key, build)

    monkeypatch.setattr(TrainerPool, "training_copy", model_itself_when_continued)
    itself = train(tiny_regressor(**params))
    np.testing.assert_array_equal(pooled.predict(X), itself.predict(X))
    assert pooled.history_["loss"] == itself.history_["loss"]


def test_a_fit_keeps_no_optimizer_state_and_each_partial_fit_keeps_its_own(windows):
    # as partial_fit's docstring says: the first partial_fit after a fit
    # starts Adam afresh, the next goes on from the step count it left
    X, y = windows
    reg = tiny_regressor(epochs=2).fit(X, y)
    assert not reg.model_.optimizer.built
    steps = -(-len(X) // reg.batch_size)  # one epoch's batches
    counts = [int(reg.partial_fit(X, y).model_.optimizer.iterations) for _ in "ab"]
    assert counts == [steps, 2 * steps]


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
    for i in range(12):
        tiny_regressor(random_state=i).fit(X, y).predict(X)
    print((process.memory_info().rss - before) / 2**20)
    """
)


@pytest.mark.slow
def test_memory_stays_flat_over_many_fits():
    # Without the pool each fit keeps about 12 MB: 12 fits would add ~144 MB.
    growth_mb = float(
        subprocess.check_output([sys.executable, "-c", MEMORY], text=True)
    )
    assert growth_mb < 40


def test_predictions_borrow_the_trainer_instead_of_tracing_model_(windows):
    X, y = windows
    reg = tiny_regressor().fit(X, y)
    predictions = reg.predict(X)
    assert reg.model_.predict_function is None  # never traced for model_ itself
    own = reg.model_.predict_on_batch(reg.feature_encoder_.transform(X).to_numpy())
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


@pytest.mark.parametrize("go_on", ["warm_start", "partial_fit"])
def test_set_params_before_continued_training_trains_the_network_as_built(
    windows, go_on
):
    # warm_start keeps model_ (4 units); a trainer of the new parameters
    # (6 units) cannot hold its weights, so model_ trains itself, and predicts
    X, y = windows
    reg = tiny_regressor(units=4).fit(X, y)
    reg.set_params(units=6, warm_start=go_on == "warm_start")
    reg.fit(X, y) if go_on == "warm_start" else reg.partial_fit(X, y)
    assert (
        reg.model_.count_params()
        == tiny_regressor(units=4).fit(X, y).model_.count_params()
    )
    assert np.isfinite(reg.predict(X)).all()


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


# -- the key: callables by identity ---------------------------------------------
class SameRepr:
    """A callable whose repr is another's: a function's repr after address reuse.

    CPython prints a function's address in its repr; once a function is
    garbage-collected, the next one can be allocated at the same address and
    print the same repr. Two live objects with one fixed repr simulate that.
    """

    def __init__(self, function):
        self.function = function

    def __call__(self, x):
        return self.function(x)

    def __repr__(self):
        return "<function activation at 0x7f3a2c1e5d00>"


def test_the_key_compares_values_by_value_in_any_dict_order():
    def params():
        return {"units": (8, 4), "metrics": ["mae"], "rate": np.float64(0.01)}

    reordered = dict(reversed(list(params().items())))
    assert configuration_key(params()) == configuration_key(reordered)
    assert hash(configuration_key(params())) == hash(configuration_key(reordered))
    assert configuration_key(np.arange(3.0)) == configuration_key(np.arange(3.0))
    assert configuration_key(float("nan")) == configuration_key(float("nan"))
    assert configuration_key({"a": {2: "x", "b": None}}) == configuration_key(
        {"a": {"b": None, 2: "x"}}  # keys of several kinds
    )


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (1, 1.0),
        (1, True),
        ("1", 1),
        ([1, 2], (1, 2)),
        ((1, (2, 3)), (1, (2, 4))),
        ({"a": 1}, {"a": 2}),
        ({"a": 1}, {"b": 1}),
        (np.arange(3), np.arange(3.0)),  # dtype
        (np.arange(4), np.arange(4).reshape(2, 2)),  # shape
        (np.arange(3), np.arange(1, 4)),  # values
        (np.float32(0.5), np.float64(0.5)),
        (SameRepr(np.tanh), SameRepr(np.tanh)),  # same repr, two objects
    ],
    ids=[
        "int-float", "int-bool", "str-int", "list-tuple", "nested", "dict-value",
        "dict-key", "dtype", "shape", "array-values", "numpy-scalar-type",
        "same-repr",
    ],
)  # fmt: skip
def test_the_key_tells_different_values_apart(one, other):
    assert configuration_key(one) != configuration_key(other)
    assert configuration_key([{"p": one}]) != configuration_key([{"p": other}])


def test_the_key_holds_callables_by_identity_and_keeps_them_alive():
    def make(k):
        return lambda x: x * k

    first, second = make(1), make(2)
    assert configuration_key(first) == configuration_key(first)
    assert configuration_key(first) != configuration_key(second)
    assert configuration_key(SameRepr(first)) != configuration_key(SameRepr(first))
    key, alive = configuration_key({"loss": first}), weakref.ref(first)
    del first
    gc.collect()
    assert alive() is not None  # its address cannot be reused while the key lives
    del key
    gc.collect()
    assert alive() is None


def test_unhashable_values_that_are_not_containers_compare_by_repr():
    class Unhashable:
        __hash__ = None

        def __init__(self, value):
            self.value = value

        def __repr__(self):
            return f"Unhashable({self.value})"

    assert configuration_key(Unhashable(1)) == configuration_key(Unhashable(1))
    assert configuration_key(Unhashable(1)) != configuration_key(Unhashable(2))


def test_estimators_that_differ_in_a_callable_do_not_share_a_trainer(
    windows, monkeypatch
):
    # Two activations that print the same repr, as two functions do when the
    # second is allocated at the address of the first, garbage-collected one.
    X, y = windows
    first = tiny_regressor(activation=SameRepr(keras.ops.tanh)).fit(X, y)
    second = tiny_regressor(activation=SameRepr(keras.ops.softsign)).fit(X, y)
    assert first._network_key_ != second._network_key_
    assert len(default_pool) == 2  # one trainer each
    pooled = second.predict(X)
    # the same estimator trained and predicting on its own model_, no pool
    monkeypatch.setattr(type(second), "_training_key", lambda self, **_: None)
    unpooled = clone(second).fit(X, y)
    np.testing.assert_array_equal(pooled, unpooled.predict(X))


# -- releasing the pool ------------------------------------------------------------
def test_release_trainers_releases_the_idle_trainers_and_counts_them(windows):
    X, y = windows
    assert skltsm.release_trainers is release_trainers
    assert "release_trainers" in skltsm.__all__
    fitted = tiny_regressor().fit(X, y)
    before = fitted.predict(X)
    tiny_regressor(units=5).fit(X, y)
    assert len(default_pool) == 2
    assert release_trainers() == 2
    assert len(default_pool) == 0 and release_trainers() == 0
    # a fitted estimator predicts as before, on a trainer built again
    np.testing.assert_array_equal(fitted.predict(X), before)
    assert len(default_pool) == 1
