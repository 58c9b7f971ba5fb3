"""Training batches: computed in the training thread, reproducible, complete."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from skltsm._keras._runtime import _training_data
from skltsm._keras._runtime._training_data import (
    predict_in_chunks,
    prepare_predict_function,
    split_validation_tail,
    training_dataset,
    windows_to_stop_early,
)
from skltsm._transform._lagged_windows import LaggedWindows


def in_memory(sequences: np.ndarray) -> LaggedWindows:
    return LaggedWindows.from_sequences(sequences)


def dataset_ops(dataset: tf.data.Dataset) -> set[str]:
    graph = tf.compat.v1.GraphDef.FromString(dataset._as_serialized_graph().numpy())
    return {node.op for node in graph.node}


def test_batches_are_computed_in_the_training_thread(rng):
    X, y = in_memory(rng.normal(size=(50, 4, 1))), rng.normal(size=50)
    dataset, _ = training_dataset(X, y, None, batch_size=8, shuffle_seed=0, repeat=True)
    options = dataset.options()
    # no producer thread: no prefetch or parallel map, and none added by tf.data
    assert options.autotune.enabled is False
    assert options.experimental_optimization.inject_prefetch is False
    assert options.experimental_optimization.apply_default_optimizations is False
    assert not {
        op for op in dataset_ops(dataset) if "Prefetch" in op or "Parallel" in op
    }


def test_one_epoch_holds_every_window_once_in_a_seeded_order(rng):
    X, y = in_memory(rng.normal(size=(50, 4, 1))), np.arange(50.0)
    dataset, steps = training_dataset(
        X, y, None, batch_size=8, shuffle_seed=3, repeat=True
    )
    assert steps == 7
    first_epoch = [b[1].numpy() for b in dataset.take(steps)]
    again = [b[1].numpy() for b in dataset.take(steps)]
    assert [len(b) for b in first_epoch] == [8] * 6 + [2]
    order = np.concatenate(first_epoch)
    np.testing.assert_array_equal(np.sort(order), y)
    assert not np.array_equal(order, y)  # shuffled
    np.testing.assert_array_equal(order, np.concatenate(again))  # and seeded
    second_epoch = np.concatenate(
        [b[1].numpy() for b in dataset.skip(steps).take(steps)]
    )
    assert not np.array_equal(second_epoch, order)  # reshuffled every epoch


@pytest.mark.parametrize("lead", [0, 1, 3, 6, 12, 15])
def test_batches_read_the_series_rows_and_targets_themselves(lead, monkeypatch):
    """No copy of the arrays, wherever in memory they start (4-byte steps here).

    TensorFlow needs 64-byte aligned tensors and NumPy aligns to 16 bytes: the
    first rows before an aligned one are read from a small tensor of their own.
    Arrays this small are copied unless sharing is asked of every array.
    """
    monkeypatch.setattr(_training_data, "SHARED_BYTES", 0)
    series = np.arange(300, dtype=np.float32).reshape(-1, 1)[lead:]
    rows = np.arange(299, 2, -1, dtype=np.int32)[lead:]  # not consecutive
    targets = np.arange(len(rows) + lead, dtype=np.float32)[lead:]
    X = LaggedWindows(series, look_back=3, rows=rows)
    dataset, _ = training_dataset(
        X, targets, None, batch_size=len(X), shuffle_seed=1, repeat=False
    )

    def first_batch():
        windows, y = next(iter(dataset))
        return windows.numpy(), y.numpy().astype(int) - lead

    windows, positions = first_batch()
    np.testing.assert_array_equal(np.sort(positions), np.arange(len(X)))
    np.testing.assert_array_equal(windows, X.gather(positions))
    series[-2] = -1.0  # read by the window of the last row
    windows, positions = first_batch()
    assert (windows == -1.0).any()
    np.testing.assert_array_equal(windows, X.gather(positions))


def test_small_arrays_are_read_from_a_copy():
    series = np.arange(300, dtype=np.float32).reshape(-1, 1)[1:]  # unaligned
    assert series.nbytes < _training_data.SHARED_BYTES
    X = LaggedWindows(series, look_back=3, rows=np.arange(298, 2, -1))
    y = np.arange(len(X), dtype=np.float32)
    dataset, _ = training_dataset(
        X, y, None, batch_size=len(X), shuffle_seed=None, repeat=False
    )
    expected = X.to_numpy().copy()
    np.testing.assert_array_equal(next(iter(dataset))[0].numpy(), expected)
    series[:] = -1.0  # the copy does not see it
    np.testing.assert_array_equal(next(iter(dataset))[0].numpy(), expected)


def test_arrays_that_cannot_be_shared_are_read_from_a_copy(rng):
    series = rng.normal(size=(40, 2))  # float64: cast to float32, copied
    series.flags.writeable = False
    X = LaggedWindows(series, look_back=4, rows=np.arange(39, 3, -1))
    y = np.arange(len(X), dtype=np.float64)
    y.flags.writeable = False
    dataset, _ = training_dataset(
        X, y, None, batch_size=len(X), shuffle_seed=None, repeat=False
    )
    windows, targets = next(iter(dataset))
    np.testing.assert_array_equal(windows.numpy(), X.to_numpy().astype(np.float32))
    np.testing.assert_array_equal(targets.numpy(), y)


def small_network(**compile_kwargs) -> keras.Model:
    model = keras.Sequential(
        [keras.Input((3, 1)), keras.layers.LSTM(2), keras.layers.Dense(1)]
    )
    model.compile("adam", "mse", **compile_kwargs)
    return model


def test_one_prediction_function_serves_every_batch_size(rng):
    model = small_network()
    windows = rng.normal(size=(9, 3, 1)).astype(np.float32)
    predictions = [
        predict_in_chunks(model, in_memory(windows[:rows])) for rows in (8, 1, 9)
    ]
    assert model.predict_function.experimental_get_tracing_count() == 1
    np.testing.assert_allclose(predictions[2][:8], predictions[0], rtol=1e-6)
    np.testing.assert_array_equal(predictions[2], model.predict_on_batch(windows))


def test_preparing_keeps_an_existing_function():
    model = small_network()
    model.predict_on_batch(np.zeros((2, 3, 1), np.float32))
    existing = model.predict_function
    prepare_predict_function(model)
    assert model.predict_function is existing


def test_preparing_an_eager_model_keeps_it_eager():
    model = small_network(run_eagerly=True)
    prepare_predict_function(model)
    assert not isinstance(
        model.predict_function, tf.types.experimental.PolymorphicFunction
    )
    assert model.predict_on_batch(np.zeros((2, 3, 1), np.float32)).shape == (2, 1)


class LastStep(keras.Model):
    """A subclassed network: no ``inputs`` until it is called."""

    def __init__(self):
        super().__init__()
        self.head = keras.layers.Dense(1)

    def call(self, x):
        return self.head(x[:, -1])


def test_a_subclassed_model_predicts_with_its_own_function(rng):
    model = LastStep()
    model.compile("adam", "mse")
    windows = rng.normal(size=(5, 3, 1)).astype(np.float32)
    assert predict_in_chunks(model, in_memory(windows)).shape == (5, 1)


def test_training_batches_are_scaled_as_prediction_batches(rng):
    # the graph's scaling (tf.math) and NumPy's must give the same windows
    from skltsm._transform._window_scaling import ScaledWindows, WindowScaling

    values = np.column_stack([np.exp(rng.normal(size=200)) * 1e4, rng.normal(size=200)])
    for method in ("standard", "mean", "log_mean"):
        X = ScaledWindows(LaggedWindows(values, look_back=6), WindowScaling(method))
        y = np.arange(len(X), dtype=np.float64)
        dataset, _ = training_dataset(
            X, y, None, batch_size=len(X), shuffle_seed=None, repeat=False
        )
        batch, targets = next(iter(dataset))
        np.testing.assert_allclose(batch.numpy(), X.to_numpy(), rtol=1e-5, atol=1e-6)
        np.testing.assert_array_equal(targets.numpy(), y)


@pytest.mark.parametrize("fraction", [0.5, 0.8])
def test_too_few_windows_to_stop_early_say_the_fewest_and_what_to_do(fraction):
    fewest = windows_to_stop_early(fraction)
    assert split_validation_tail(fewest, fraction) < fewest
    with pytest.raises(ValueError) as error:
        split_validation_tail(fewest - 1, fraction)
    message = str(error.value)
    assert f"at least {fewest} training windows" in message
    assert f"got {fewest - 1}." in message
    assert "lower validation_fraction, or set early_stopping=False" in message
