"""Layers every architecture shares: input normalisation, recurrent stacks, heads.

Every random initialiser and dropout mask takes its own seed from a
:class:`~skltsm._keras._runtime._seeding.SeedStream`, so a ``random_state``
reproduces the model exactly without global seeding. The recurrent defaults
(``tanh`` activation, sigmoid recurrent activation, no recurrent dropout, no
unrolling) are the conditions under which Keras runs LSTM and GRU layers on
the fused cuDNN kernel of a GPU.
"""

from __future__ import annotations

from collections.abc import Sequence

import keras

from skltsm._constraints import POSITIVE_INTEGERS, as_int_tuple
from skltsm._keras._architectures._spec import NetworkSpec
from skltsm._keras._runtime._seeding import SeedStream

__all__ = [
    "RECURRENT_CELLS",
    "as_units",
    "dense_head",
    "glorot",
    "output_activation",
    "recurrent_stack",
]

RECURRENT_CELLS: dict[str, type[keras.layers.Layer]] = {
    "lstm": keras.layers.LSTM,
    "gru": keras.layers.GRU,
}


def as_units(units: int | Sequence[int]) -> tuple[int, ...]:
    """Normalise ``units`` to one positive int per recurrent layer.

    The estimators validate ``units`` in ``fit`` (``POSITIVE_INTEGERS`` in
    their ``_parameter_constraints``); this only normalises, and refuses an
    invalid value that reached it by another route.

    Examples
    --------
    >>> as_units(32), as_units((64, 32))
    ((32,), (64, 32))
    """
    if not POSITIVE_INTEGERS.is_satisfied_by(units):
        raise ValueError(f"units must be {POSITIVE_INTEGERS}; got {units!r}.")
    return as_int_tuple(units)


def glorot(seeds: SeedStream) -> keras.initializers.Initializer:
    """Seeded Glorot-uniform initialiser (Keras' default for kernels)."""
    return keras.initializers.GlorotUniform(seed=seeds())


def recurrent_stack(
    hidden: keras.KerasTensor,
    spec: NetworkSpec,
    seeds: SeedStream,
    *,
    units: Sequence[int] | None = None,
    sequences_out: bool = False,
) -> keras.KerasTensor:
    """One recurrent layer per entry of ``units``, each followed by dropout.

    Parameters
    ----------
    hidden : KerasTensor of shape (batch, timesteps, features)
        Input sequence.
    spec : NetworkSpec
        Cell, direction, activation, dropout and statefulness.
    seeds : SeedStream
        Source of every seed.
    units : sequence of int or None, default=None
        Units per layer; ``None`` takes ``spec.units``.
    sequences_out : bool, default=False
        Whether the last layer returns its whole output sequence (every
        layer but the last always does, so that the next one gets a sequence).

    Returns
    -------
    KerasTensor
        ``(batch, units[-1])``, or ``(batch, timesteps, units[-1])`` with
        ``sequences_out``.
    """
    layer_units = spec.units if units is None else tuple(units)
    for depth, n_units in enumerate(layer_units):
        last = depth == len(layer_units) - 1
        layer = _recurrent_layer(spec, n_units, sequences_out or not last, seeds)
        hidden = layer(hidden)
        if spec.dropout > 0:
            hidden = keras.layers.Dropout(spec.dropout, seed=seeds())(hidden)
    return hidden


def dense_head(
    hidden: keras.KerasTensor,
    spec: NetworkSpec,
    seeds: SeedStream,
) -> keras.KerasTensor:
    """Dense layer producing one sample of ``spec.output_shape``.

    A target of several steps of several series, ``(steps, series)``, is
    produced flat and reshaped (the tutorials' "vector output").
    """
    outputs = keras.layers.Dense(spec.output_size, kernel_initializer=glorot(seeds))(
        hidden
    )
    if len(spec.output_shape) > 1:
        outputs = keras.layers.Reshape(spec.output_shape)(outputs)
    return output_activation(outputs, spec)


def output_activation(
    outputs: keras.KerasTensor, spec: NetworkSpec
) -> keras.KerasTensor:
    """Apply ``spec.output_activation`` (sigmoid, softmax), in float64.

    In float32, a row's softmax can differ in the last bit depending on where
    the row sits in its batch (vectorised against scalar code paths), so
    ``predict_proba`` of a row would depend on the other rows.
    """
    if spec.output_activation is None:
        return outputs
    return keras.layers.Activation(spec.output_activation, dtype="float64")(outputs)


def _recurrent_layer(
    spec: NetworkSpec, units: int, return_sequences: bool, seeds: SeedStream
) -> keras.layers.Layer:
    def make(go_backwards: bool = False) -> keras.layers.Layer:
        return RECURRENT_CELLS[spec.cell](
            units,
            activation=spec.activation,
            return_sequences=return_sequences,
            go_backwards=go_backwards,
            stateful=spec.stateful,
            kernel_initializer=glorot(seeds),
            recurrent_initializer=keras.initializers.Orthogonal(seed=seeds()),
            seed=seeds(),
        )

    if not spec.bidirectional:
        return make()
    # Without an explicit backward layer Keras clones the forward one from its
    # config, seeds included, and both directions start from the same weights.
    return keras.layers.Bidirectional(make(), backward_layer=make(go_backwards=True))
