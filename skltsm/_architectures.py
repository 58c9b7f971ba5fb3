"""Keras networks behind :class:`skltsm.LSTMRegressor` and its classifier twin.

Each builder takes the input shape ``(timesteps, features)`` inferred from the
data, the per-sample output shape, the hyperparameters of the estimator and a
:class:`skltsm._seeding.SeedStream`, and returns an uncompiled
``keras.Model`` built with ``keras.Input`` (Keras 3 style). Every random
initialiser and dropout layer gets its own seed from the stream, so a
``random_state`` reproduces the model exactly without global seeding.

The defaults (``tanh`` activation, sigmoid recurrent activation, no recurrent
dropout, no unrolling) are the conditions under which Keras runs LSTM and GRU
layers on the fused cuDNN kernel on a GPU.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from numbers import Integral

import keras
import numpy as np

from skltsm._seeding import SeedStream

__all__ = ["RECURRENT_CELLS", "build_recurrent_network", "as_units"]

RECURRENT_CELLS: dict[str, type[keras.layers.Layer]] = {
    "lstm": keras.layers.LSTM,
    "gru": keras.layers.GRU,
}


def as_units(units: int | Sequence[int]) -> tuple[int, ...]:
    """Validate ``units``: one positive int per recurrent layer.

    Examples
    --------
    >>> as_units(32), as_units((64, 32))
    ((32,), (64, 32))
    """
    values = (units,) if isinstance(units, Integral) else tuple(units)
    if not values or not all(isinstance(v, Integral) and v > 0 for v in values):
        raise ValueError(
            "The 'units' parameter must be a positive int or a non-empty sequence "
            f"of positive ints (one per stacked layer). Got {units!r} instead."
        )
    return tuple(int(v) for v in values)


def build_recurrent_network(
    input_shape: tuple[int, int],
    output_shape: tuple[int, ...],
    *,
    units: int | Sequence[int],
    cell: str,
    bidirectional: bool,
    dropout: float,
    activation: str | Callable,
    seeds: SeedStream,
    input_moments: tuple[np.ndarray, np.ndarray] | None = None,
    output_activation: str | None = None,
) -> keras.Model:
    """Vanilla, stacked, bidirectional, LSTM or GRU network with a dense head.

    Parameters
    ----------
    input_shape : tuple of int
        ``(timesteps, features)`` of one sample.
    output_shape : tuple of int
        Shape of one target sample: ``()`` for a scalar, ``(k,)`` for ``k``
        outputs, ``(steps, series)`` for several steps of several series.
    units : int or sequence of int
        Units of each recurrent layer; a sequence stacks layers.
    cell : {"lstm", "gru"}
        Recurrent cell.
    bidirectional : bool
        Wrap each recurrent layer in ``keras.layers.Bidirectional``.
    dropout : float
        Rate of the (seeded) dropout after each recurrent layer.
    activation : str or callable
        Activation of the recurrent cells.
    seeds : SeedStream
        Source of every seed.
    input_moments : tuple of ndarray or None, default=None
        Per-feature mean and variance of the training inputs; the network
        then starts with a ``Normalization`` layer holding them.
    output_activation : str or None, default=None
        Activation of the dense head (``None``: linear).

    Returns
    -------
    model : keras.Model
        Uncompiled.
    """
    layer_units = as_units(units)
    inputs = keras.Input(shape=input_shape)
    hidden = normalized(inputs, input_moments)
    for depth, n_units in enumerate(layer_units):
        return_sequences = depth < len(layer_units) - 1
        hidden = _recurrent_layer(
            cell, n_units, activation, return_sequences, bidirectional, seeds
        )(hidden)
        if dropout > 0:
            hidden = keras.layers.Dropout(dropout, seed=seeds())(hidden)
    outputs = dense_head(hidden, output_shape, seeds, activation=output_activation)
    return keras.Model(inputs, outputs)


def normalized(
    inputs: keras.KerasTensor, moments: tuple[np.ndarray, np.ndarray] | None
) -> keras.KerasTensor:
    """Standardise each feature with fixed training moments.

    Tanh cells saturate on raw inputs such as passenger counts.
    """
    if moments is None:
        return inputs
    mean, variance = moments
    return keras.layers.Normalization(axis=-1, mean=mean, variance=variance)(inputs)


def dense_head(
    hidden: keras.KerasTensor,
    output_shape: tuple[int, ...],
    seeds: SeedStream,
    *,
    activation: str | None = None,
) -> keras.KerasTensor:
    """Dense layer producing one sample of ``output_shape``."""
    size = int(np.prod(output_shape)) if output_shape else 1
    outputs = keras.layers.Dense(
        size,
        activation=activation,
        kernel_initializer=keras.initializers.GlorotUniform(seed=seeds()),
    )(hidden)
    if len(output_shape) > 1:
        outputs = keras.layers.Reshape(output_shape)(outputs)
    return outputs


def _recurrent_layer(
    cell: str,
    units: int,
    activation: str | Callable,
    return_sequences: bool,
    bidirectional: bool,
    seeds: SeedStream,
) -> keras.layers.Layer:
    def make(go_backwards: bool = False) -> keras.layers.Layer:
        return RECURRENT_CELLS[cell](
            units,
            activation=activation,
            return_sequences=return_sequences,
            go_backwards=go_backwards,
            kernel_initializer=keras.initializers.GlorotUniform(seed=seeds()),
            recurrent_initializer=keras.initializers.Orthogonal(seed=seeds()),
            seed=seeds(),
        )

    if not bidirectional:
        return make()
    # Without an explicit backward layer Keras clones the forward one from its
    # config, seeds included, and both directions start from the same weights.
    return keras.layers.Bidirectional(make(), backward_layer=make(go_backwards=True))
