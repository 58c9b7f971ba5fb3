"""The Keras networks behind skltsm's regressor and classifier.

One builder, :func:`build_network`, makes every architecture of the tutorials
from a :class:`NetworkSpec` (the shapes inferred from the data plus the
estimator's hyperparameters). It creates the ``keras.Input`` (Keras 3 style;
with a fixed batch size for stateful networks), then hands over to the
architecture's body. Inputs arrive standardised by the estimator's feature
encoder; a ``Normalization`` layer would bake the data's moments into the
traced training graph and defeat trainer pooling (ADR 0011):

========================  ===================================================
``"recurrent"``           vanilla, stacked, bidirectional, LSTM or GRU layers
                          and a dense head (``_recurrent.recurrent``)
``"encoder-decoder"``     encoder, ``RepeatVector``, decoder,
                          ``TimeDistributed(Dense)`` (``_recurrent``)
``"cnn-lstm"``            ``TimeDistributed(Conv1D, MaxPooling1D, Flatten)``
                          over subsequences, then recurrent layers
                          (``_convolutional``)
``"convlstm"``            ``ConvLSTM2D`` over subsequences (``_convolutional``)
========================  ===================================================

The recurrent bodies' weights do not depend on the window's length, so their
networks take windows of any length (``keras.Input`` with no time dimension):
one pooled trainer, and one traced training function, serves every look-back
of a configuration (ADR 0031). The convolutional bodies split each window into
subsequences of a fixed length and keep it in their input.
"""

from __future__ import annotations

from collections.abc import Callable

import keras

from skltsm._keras._architectures._blocks import RECURRENT_CELLS, as_units
from skltsm._keras._architectures._convolutional import cnn_lstm, convlstm
from skltsm._keras._architectures._recurrent import encoder_decoder, recurrent
from skltsm._keras._architectures._spec import NetworkSpec
from skltsm._keras._runtime._seeding import SeedStream

__all__ = [
    "ARCHITECTURES",
    "LENGTH_FREE_ARCHITECTURES",
    "RECURRENT_CELLS",
    "NetworkSpec",
    "as_units",
    "build_network",
    "network_input_shape",
]

Body = Callable[[keras.KerasTensor, NetworkSpec, SeedStream], keras.KerasTensor]

#: Architecture name -> body turning the normalised input into the output.
ARCHITECTURES: dict[str, Body] = {
    "recurrent": recurrent,
    "encoder-decoder": encoder_decoder,
    "cnn-lstm": cnn_lstm,
    "convlstm": convlstm,
}

#: Bodies whose weights are the same whatever the window's length.
LENGTH_FREE_ARCHITECTURES = frozenset({"recurrent", "encoder-decoder"})


def network_input_shape(
    architecture: str, input_shape: tuple[int, int], *, stateful: bool = False
) -> tuple[int | None, int]:
    """Return the input shape a network of ``architecture`` is built with.

    ``(None, features)`` for the bodies of :data:`LENGTH_FREE_ARCHITECTURES`:
    they read a window of any length, so networks that differ only in their
    look-back share a trainer and its traced functions. Otherwise
    ``input_shape`` itself, ``(timesteps, features)``; stateful networks too,
    which train themselves rather than a pooled trainer and read their series
    window by window, each of the length they are built for.

    Examples
    --------
    >>> network_input_shape("recurrent", (12, 2))
    (None, 2)
    >>> network_input_shape("cnn-lstm", (12, 2))
    (12, 2)
    """
    if architecture in LENGTH_FREE_ARCHITECTURES and not stateful:
        return (None, input_shape[1])
    return input_shape


def build_network(
    architecture: str, spec: NetworkSpec, seeds: SeedStream
) -> keras.Model:
    """Build the uncompiled network of one architecture.

    Parameters
    ----------
    architecture : {"recurrent", "encoder-decoder", "cnn-lstm", "convlstm"}
        Which body follows the input normalisation.
    spec : NetworkSpec
        Shapes and hyperparameters.
    seeds : SeedStream
        Source of every seed.

    Returns
    -------
    model : keras.Model
        Uncompiled; its input takes ``(batch, timesteps, features)``, of any
        ``timesteps`` for the length-free bodies (:func:`network_input_shape`).

    Examples
    --------
    >>> from skltsm._keras._runtime._seeding import SeedStream
    >>> spec = NetworkSpec(input_shape=(4, 1), output_shape=(2,), units=(8,))
    >>> model = build_network("encoder-decoder", spec, SeedStream(0))
    >>> model.input_shape, model.output_shape
    ((None, None, 1), (None, 2))
    >>> build_network("cnn-lstm", spec, SeedStream(0)).input_shape
    (None, 4, 1)
    """
    batch_size = spec.batch_size if spec.stateful else None
    inputs = keras.Input(
        shape=network_input_shape(
            architecture, spec.input_shape, stateful=spec.stateful
        ),
        batch_size=batch_size,
    )
    outputs = ARCHITECTURES[architecture](inputs, spec, seeds)
    return keras.Model(inputs, outputs)
