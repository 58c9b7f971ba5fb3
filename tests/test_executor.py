"""Training and prediction run their ops in the calling thread, on CPU only."""

import threading

import keras
import pytest
from tensorflow.python.eager import context

from skltsm import _executor, _keras_wrapper
from skltsm._executor import SINGLE_THREADED, in_calling_thread
from tests.conftest import tiny_regressor


def executor_type() -> str:
    return context.context().function_call_options.executor_type


class RecordExecutor(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.seen = set()

    def on_train_batch_end(self, batch, logs=None):
        self.seen.add(executor_type())


def test_the_block_chooses_the_executor_and_restores_it():
    before = executor_type()
    with in_calling_thread():
        assert executor_type() == SINGLE_THREADED
    assert executor_type() == before


def test_other_threads_keep_their_executor():
    seen = []
    with in_calling_thread():
        other = threading.Thread(target=lambda: seen.append(executor_type()))
        other.start()
        other.join()
    assert seen == [None]  # TensorFlow's default


def test_with_an_accelerator_the_default_executor_is_kept(monkeypatch):
    monkeypatch.setattr(_executor, "has_accelerator", lambda: True)
    with in_calling_thread():
        assert executor_type() is None


@pytest.fixture
def windows(rng):
    X = rng.normal(size=(40, 4, 1))
    return X, X[:, -1, 0]


def test_fit_trains_in_the_calling_thread(windows):
    record = RecordExecutor()
    tiny_regressor(epochs=2, callbacks=[record]).fit(*windows)
    assert record.seen == {SINGLE_THREADED}
    assert executor_type() is None  # and gives the thread back as it was


def test_predict_runs_in_the_calling_thread(windows, monkeypatch):
    regressor = tiny_regressor(epochs=1).fit(*windows)
    seen = []
    predict_in_chunks = _keras_wrapper.predict_in_chunks
    monkeypatch.setattr(
        _keras_wrapper,
        "predict_in_chunks",
        lambda *args: seen.append(executor_type()) or predict_in_chunks(*args),
    )
    assert regressor.predict(windows[0]).shape == (40,)
    assert seen == [SINGLE_THREADED]
