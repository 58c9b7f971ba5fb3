"""Training and prediction run with small-graph settings, on CPU, in their thread."""

import threading

import keras
import pytest
from tensorflow.core.protobuf import config_pb2
from tensorflow.python.eager import context

from skltsm._keras import _base as _keras_base
from skltsm._keras._runtime import _executor
from skltsm._keras._runtime._executor import SINGLE_THREADED, small_graph_settings
from tests.conftest import tiny_regressor


def settings() -> tuple[str | None, bool]:
    """The calling thread's executor, and whether Grappler is off for its calls."""
    options = context.context().function_call_options
    config = config_pb2.ConfigProto.FromString(options.config_proto_serialized)
    return (
        options.executor_type,
        config.graph_options.rewrite_options.disable_meta_optimizer,
    )


DEFAULTS = (None, False)
SMALL_GRAPH = (SINGLE_THREADED, True)


class RecordSettings(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.seen = set()

    def on_train_batch_end(self, batch, logs=None):
        self.seen.add(settings())


def test_the_block_sets_both_and_restores_the_defaults():
    assert settings() == DEFAULTS
    with small_graph_settings():
        assert settings() == SMALL_GRAPH
    assert settings() == DEFAULTS


def test_other_threads_keep_the_defaults():
    seen = []
    with small_graph_settings():
        other = threading.Thread(target=lambda: seen.append(settings()))
        other.start()
        other.join()
    assert seen == [DEFAULTS]


def test_with_an_accelerator_the_defaults_are_kept(monkeypatch):
    monkeypatch.setattr(_executor, "has_accelerator", lambda: True)
    with small_graph_settings():
        assert settings() == DEFAULTS


def test_the_users_other_settings_travel_along():
    config = _executor.config_without_grappler()
    assert config.graph_options.rewrite_options.disable_meta_optimizer
    expected = context.context().config
    assert config.intra_op_parallelism_threads == expected.intra_op_parallelism_threads
    assert config.inter_op_parallelism_threads == expected.inter_op_parallelism_threads


@pytest.fixture
def windows(rng):
    X = rng.normal(size=(40, 4, 1))
    return X, X[:, -1, 0]


def test_fit_trains_with_small_graph_settings(windows):
    record = RecordSettings()
    tiny_regressor(epochs=2, callbacks=[record]).fit(*windows)
    assert record.seen == {SMALL_GRAPH}
    assert settings() == DEFAULTS  # and gives the thread back as it was


def test_predict_runs_with_small_graph_settings(windows, monkeypatch):
    regressor = tiny_regressor(epochs=1).fit(*windows)
    seen = []
    predict_in_chunks = _keras_base.predict_in_chunks
    monkeypatch.setattr(
        _keras_base,
        "predict_in_chunks",
        lambda *args: seen.append(settings()) or predict_in_chunks(*args),
    )
    assert regressor.predict(windows[0]).shape == (40,)
    assert seen == [SMALL_GRAPH]
