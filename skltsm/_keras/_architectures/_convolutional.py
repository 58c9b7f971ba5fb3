"""Convolutional bodies: CNN-LSTM and ConvLSTM over subsequences of each window.

Both split a window of ``timesteps`` into ``n_subsequences`` consecutive
subsequences of equal length, inside the network (a ``Reshape`` layer after
the input normalisation), so the estimator takes the same windows as every
other architecture and ``look_back`` stays grid-searchable. Convolutions and
pooling use ``"same"`` padding: any ``kernel_size`` and ``pool_size`` fits any
subsequence length, which a grid over ``look_back`` needs.
"""

from __future__ import annotations

import keras

from skltsm._keras._architectures._blocks import dense_head, glorot, recurrent_stack
from skltsm._keras._architectures._spec import NetworkSpec
from skltsm._keras._runtime._seeding import SeedStream

__all__ = ["cnn_lstm", "convlstm", "subsequence_length"]


def subsequence_length(timesteps: int, n_subsequences: int, architecture: str) -> int:
    """Length of each of the ``n_subsequences`` parts of a window.

    Raises
    ------
    ValueError
        When the window cannot be split into equal parts.

    Examples
    --------
    >>> subsequence_length(4, 2, "cnn-lstm")
    2
    >>> subsequence_length(3, 2, "cnn-lstm")
    Traceback (most recent call last):
    ...
    ValueError: architecture='cnn-lstm' splits each window of 3 timesteps into ...
    """
    if timesteps % n_subsequences:
        divisors = [d for d in range(1, timesteps + 1) if timesteps % d == 0]
        multiple = n_subsequences * (timesteps // n_subsequences + 1)
        raise ValueError(
            f"architecture={architecture!r} splits each window of {timesteps} "
            f"timesteps into n_subsequences={n_subsequences} subsequences of "
            f"equal length, but {timesteps} is not divisible by {n_subsequences}. "
            f"Set n_subsequences to a divisor of {timesteps} "
            f"({', '.join(map(str, divisors))}), or make the windows a multiple "
            f"of {n_subsequences} timesteps long (e.g. "
            f"LagTransformer(look_back={multiple}))."
        )
    return timesteps // n_subsequences


def cnn_lstm(
    hidden: keras.KerasTensor, spec: NetworkSpec, seeds: SeedStream
) -> keras.KerasTensor:
    """``TimeDistributed(Conv1D → MaxPooling1D → Flatten)``, recurrent layers, head.

    The convolution reads each subsequence on its own (ReLU, as in the
    tutorial); the recurrent layers then read the sequence of subsequence
    summaries.
    """
    timesteps, features = spec.input_shape
    length = subsequence_length(timesteps, spec.n_subsequences, "cnn-lstm")
    parts = keras.layers.Reshape((spec.n_subsequences, length, features))(hidden)
    per_part = keras.Sequential(
        [
            keras.layers.Conv1D(
                spec.filters,
                spec.kernel_size,
                padding="same",
                activation="relu",
                kernel_initializer=glorot(seeds),
            ),
            keras.layers.MaxPooling1D(spec.pool_size, padding="same"),
            keras.layers.Flatten(),
        ]
    )
    summaries = keras.layers.TimeDistributed(per_part)(parts)
    return dense_head(recurrent_stack(summaries, spec, seeds), spec, seeds)


def convlstm(
    hidden: keras.KerasTensor, spec: NetworkSpec, seeds: SeedStream
) -> keras.KerasTensor:
    """``ConvLSTM2D`` over ``(subsequences, 1, steps, features)``, then a head.

    Each subsequence is an image of one row and ``steps`` columns with the
    features as channels; the ConvLSTM convolves along the steps inside its
    gates and recurs over the subsequences. ``units`` is not used.
    """
    timesteps, features = spec.input_shape
    length = subsequence_length(timesteps, spec.n_subsequences, "convlstm")
    images = keras.layers.Reshape((spec.n_subsequences, 1, length, features))(hidden)
    features_map = keras.layers.ConvLSTM2D(
        spec.filters,
        (1, spec.kernel_size),
        padding="same",
        activation=spec.activation,
        stateful=spec.stateful,
        kernel_initializer=glorot(seeds),
        recurrent_initializer=keras.initializers.Orthogonal(seed=seeds()),
        seed=seeds(),
    )(images)
    flat = keras.layers.Flatten()(features_map)
    if spec.dropout > 0:
        flat = keras.layers.Dropout(spec.dropout, seed=seeds())(flat)
    return dense_head(flat, spec, seeds)
