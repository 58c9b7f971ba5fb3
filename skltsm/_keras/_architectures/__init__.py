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
    "RECURRENT_CELLS",
    "NetworkSpec",
    "as_units",
    "build_network",
]

Body = Callable[[keras.KerasTensor, NetworkSpec, SeedStream], keras.KerasTensor]

#: Architecture name -> body turning the normalised input into the output.
ARCHITECTURES: dict[str, Body] = {
    "recurrent": recurrent,
    "encoder-decoder": encoder_decoder,
    "cnn-lstm": cnn_lstm,
    "convlstm": convlstm,
}


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
        Uncompiled; its input takes ``(batch, timesteps, features)``.

    Examples
    --------
    >>> from skltsm._keras._runtime._seeding import SeedStream
    >>> spec = NetworkSpec(input_shape=(4, 1), output_shape=(2,), units=(8,))
    >>> model = build_network("encoder-decoder", spec, SeedStream(0))
    >>> model.input_shape, model.output_shape
    ((None, 4, 1), (None, 2))
    """
    batch_size = spec.batch_size if spec.stateful else None
    inputs = keras.Input(shape=spec.input_shape, batch_size=batch_size)
    outputs = ARCHITECTURES[architecture](inputs, spec, seeds)
    return keras.Model(inputs, outputs)
