"""Purely recurrent bodies: a (stacked) recurrent network and an encoder-decoder."""

from __future__ import annotations

import keras

from skltsm._keras._architectures._blocks import (
    dense_head,
    glorot,
    output_activation,
    recurrent_stack,
)
from skltsm._keras._architectures._spec import NetworkSpec
from skltsm._keras._runtime._seeding import SeedStream

__all__ = ["encoder_decoder", "recurrent"]


def recurrent(
    hidden: keras.KerasTensor, spec: NetworkSpec, seeds: SeedStream
) -> keras.KerasTensor:
    """Vanilla, stacked or bidirectional LSTM/GRU layers and a dense head.

    A target of several values (several steps, several series, or both) comes
    from one dense layer: the tutorials' "vector output" model.
    """
    return dense_head(recurrent_stack(hidden, spec, seeds), spec, seeds)


def encoder_decoder(
    hidden: keras.KerasTensor, spec: NetworkSpec, seeds: SeedStream
) -> keras.KerasTensor:
    """Encode, repeat, decode, and apply a ``TimeDistributed`` dense layer.

    The encoder reads the window into one vector; the decoder unrolls it into
    one hidden state per output step, and a dense layer shared across steps
    turns each state into the values of every series at that step. The
    decoder mirrors the encoder (``units`` reversed).
    """
    steps, series = spec.steps_and_series
    encoded = recurrent_stack(hidden, spec, seeds)
    repeated = keras.layers.RepeatVector(steps)(encoded)
    decoded = recurrent_stack(
        repeated, spec, seeds, units=spec.units[::-1], sequences_out=True
    )
    per_step = keras.layers.TimeDistributed(
        keras.layers.Dense(series, kernel_initializer=glorot(seeds))
    )(decoded)
    # back to the target's own shape: (steps,) for one series, (1,) for a scalar
    outputs = keras.layers.Reshape(spec.output_shape or (1,))(per_step)
    return output_activation(outputs, spec)
