"""The tutorials' architectures, chosen by constructor arguments."""

import keras
import numpy as np
import pytest
from sklearn.utils._param_validation import InvalidParameterError

from skltsm._keras._architectures import NetworkSpec, build_network
from skltsm._keras._runtime._seeding import SeedStream
from tests.conftest import tiny_regressor

ARCHITECTURES = ["recurrent", "encoder-decoder", "cnn-lstm", "convlstm"]


@pytest.fixture
def windows(rng):
    X = rng.normal(size=(48, 4, 2))
    return X, X[:, -1, 0] - 0.5 * X[:, -2, 1]


def layer_types(model):
    """Class names of the layers, wrapped ones as Wrapper(Inner)."""
    names = []
    for layer in model.layers:
        inner = getattr(layer, "layer", None)
        if isinstance(inner, keras.Sequential):
            names += [
                f"{type(layer).__name__}({type(x).__name__})" for x in inner.layers
            ]
        elif inner is not None:
            names.append(f"{type(layer).__name__}({type(inner).__name__})")
        else:
            names.append(type(layer).__name__)
    return names


def build(architecture, **spec):
    spec = {"input_shape": (4, 2), "output_shape": (), "units": (3,), **spec}
    return build_network(architecture, NetworkSpec(**spec), SeedStream(0))


@pytest.mark.parametrize(
    "architecture, y_shape, expected",
    [
        ("recurrent", (), ["LSTM", "Dense"]),
        ("recurrent", (2, 3), ["LSTM", "Dense", "Reshape"]),
        ("encoder-decoder", (), ["LSTM", "RepeatVector", "LSTM",
                                 "TimeDistributed(Dense)", "Reshape"]),
        ("encoder-decoder", (2,), ["LSTM", "RepeatVector", "LSTM",
                                   "TimeDistributed(Dense)", "Reshape"]),
        ("encoder-decoder", (2, 3), ["LSTM", "RepeatVector", "LSTM",
                                     "TimeDistributed(Dense)", "Reshape"]),
        ("cnn-lstm", (2,), ["Reshape", "TimeDistributed(Conv1D)",
                            "TimeDistributed(MaxPooling1D)",
                            "TimeDistributed(Flatten)", "LSTM", "Dense"]),
        ("convlstm", (), ["Reshape", "ConvLSTM2D", "Flatten", "Dense"]),
    ],
)  # fmt: skip
def test_the_tutorials_layers_and_the_target_shape(
    windows, architecture, y_shape, expected
):
    X, _ = windows
    y = np.random.default_rng(1).normal(size=(len(X), *y_shape))
    reg = tiny_regressor(architecture=architecture, epochs=1).fit(X, y)
    assert layer_types(reg.model_) == ["InputLayer", *expected]
    assert reg.predict(X[:5]).shape == (5, *y_shape)


def test_encoder_decoder_unrolls_one_decoder_step_per_output_step():
    model = build("encoder-decoder", output_shape=(5, 3), units=(6, 4))
    repeat = next(x for x in model.layers if isinstance(x, keras.layers.RepeatVector))
    assert repeat.output.shape == (None, 5, 4)  # encoder's last layer: 4 units
    recurrent = [x for x in model.layers if isinstance(x, keras.layers.LSTM)]
    assert [x.units for x in recurrent] == [6, 4, 4, 6]  # the decoder mirrors
    assert [x.return_sequences for x in recurrent] == [True, False, True, True]
    assert model.output_shape == (None, 5, 3)


@pytest.mark.parametrize(
    "architecture, expected",
    [("cnn-lstm", (None, 3, 2, 2)), ("convlstm", (None, 3, 1, 2, 2))],
)
def test_windows_are_split_into_subsequences(architecture, expected):
    model = build(architecture, input_shape=(6, 2), n_subsequences=3)
    split = next(x for x in model.layers if isinstance(x, keras.layers.Reshape))
    assert split.output.shape == expected


@pytest.mark.parametrize("architecture", ["cnn-lstm", "convlstm"])
def test_an_uneven_split_names_the_numbers_and_the_fix(windows, architecture):
    X, y = windows  # 4 timesteps
    reg = tiny_regressor(architecture=architecture, n_subsequences=3, epochs=1)
    with pytest.raises(
        ValueError,
        match=rf"architecture='{architecture}' splits each window of 4 timesteps "
        r"into n_subsequences=3 .* Set n_subsequences to a divisor of 4 \(1, 2, 4\)"
        r".*LagTransformer\(look_back=6\)",
    ):
        reg.fit(X, y)


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_every_layer_is_seeded_from_the_seed_stream(architecture):
    spec = NetworkSpec(
        input_shape=(4, 2), output_shape=(2,), units=(3,), filters=3, dropout=0.1
    )

    def kernels(seed):
        model = build_network(architecture, spec, SeedStream(seed))
        return [v.numpy() for v in model.weights if "kernel" in v.path]

    first, again, other = kernels(0), kernels(0), kernels(1)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not any(np.array_equal(a, b) for a, b in zip(first, other, strict=True))
    model = build_network(architecture, spec, SeedStream(0))
    dropouts = [x for x in model.layers if isinstance(x, keras.layers.Dropout)]
    assert dropouts and all(x.seed is not None for x in dropouts)


def test_cnn_lstm_takes_the_recurrent_options():
    model = build("cnn-lstm", units=(5, 3), cell="gru", bidirectional=True)
    bidirectional = [
        x for x in model.layers if isinstance(x, keras.layers.Bidirectional)
    ]
    assert [type(x.forward_layer).__name__ for x in bidirectional] == ["GRU", "GRU"]
    assert [x.forward_layer.units for x in bidirectional] == [5, 3]


def test_convolutions_fit_any_window_length(rng):
    # "same" padding: a kernel and a pool longer than a subsequence still work
    X = rng.normal(size=(20, 2, 1))
    reg = tiny_regressor(
        architecture="cnn-lstm", n_subsequences=2, kernel_size=3, pool_size=4, epochs=1
    )
    assert reg.fit(X, X[:, -1, 0]).predict(X).shape == (20,)


@pytest.mark.parametrize("param", ["kernel_size", "pool_size"])
def test_numpy_integers_from_a_grid_build_the_cnn_lstm(windows, param):
    """``kernel_size=np.int64(3)`` (a grid over ``np.arange``) builds the network.

    The parameter check takes NumPy integers, but ``Conv1D`` and
    ``MaxPooling1D`` got them as they were and refused them: "The
    `kernel_size` argument must be a tuple of 1 integers. Received
    kernel_size=3". ``units``, ``n_subsequences`` and the ConvLSTM's
    ``kernel_size`` take NumPy integers.
    """
    X, y = windows
    reg = tiny_regressor(architecture="cnn-lstm", epochs=1, **{param: np.int64(3)})
    assert reg.fit(X, y).predict(X[:2]).shape == (2,)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"architecture": "transformer"}, "'architecture' parameter"),
        ({"n_subsequences": 0}, "'n_subsequences' parameter"),
        ({"filters": 1.5}, "'filters' parameter"),
        ({"stateful": "yes"}, "'stateful' parameter"),
        ({"units": (8, 0)}, "'units' parameter .* non-empty sequence of positive"),
        ({"units": ()}, "'units' parameter"),
        ({"units": True}, "'units' parameter"),
        ({"epochs": True}, "'epochs' parameter"),
    ],
)
def test_invalid_values_are_refused_at_fit(windows, params, match):
    X, y = windows
    with pytest.raises(InvalidParameterError, match=match):
        tiny_regressor(**params).fit(X, y)


def test_the_default_loss_is_mean_squared_error(windows):
    X, y = windows
    reg = tiny_regressor(epochs=1).fit(X, y)
    assert reg.loss is None and reg.model_.loss == "mse"
