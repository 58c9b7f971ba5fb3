"""The description of a network: shapes from the data, hyperparameters from the user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from math import prod

__all__ = ["NetworkSpec"]


@dataclass(frozen=True)
class NetworkSpec:
    """Everything an architecture builder needs, in one immutable record.

    Parameters
    ----------
    input_shape : tuple of int
        ``(timesteps, features)`` of one sample.
    output_shape : tuple of int
        Shape of one target sample: ``()`` for a scalar, ``(k,)`` for ``k``
        outputs (several steps, or one step of several series, or class
        scores), ``(steps, series)`` for several steps of several series.
    units : tuple of int, default=(32,)
        Units of each recurrent layer.
    cell : {"lstm", "gru"}, default="lstm"
        Recurrent cell.
    bidirectional : bool, default=False
        Wrap each recurrent layer in ``keras.layers.Bidirectional``.
    dropout : float, default=0.0
        Rate of the dropout after each recurrent layer.
    activation : str or callable, default="tanh"
        Activation of the recurrent cells.
    n_subsequences : int, default=2
        Subsequences each window is split into (CNN-LSTM, ConvLSTM).
    filters : int, default=64
        Convolution filters (CNN-LSTM, ConvLSTM).
    kernel_size : int, default=2
        Convolution kernel length along time (CNN-LSTM, ConvLSTM).
    pool_size : int, default=2
        Max-pooling window along time (CNN-LSTM).
    stateful : bool, default=False
        Recurrent layers keep their state from one batch to the next.
    batch_size : int or None, default=None
        The fixed batch size a stateful network is built for.
    output_activation : str or None, default=None
        Activation of the output layer (``None``: linear).

    Notes
    -----
    The integer fields are stored as Python ints: a grid over ``np.arange``
    hands NumPy integers, which the parameter checks accept but Keras' layers
    refuse (``Conv1D`` and ``MaxPooling1D`` raise "must be a tuple of 1
    integers", LSTM "output_size must be an integer"). Converting here, the
    one record every body reads, covers every parameter that reaches a layer.

    Examples
    --------
    >>> spec = NetworkSpec(input_shape=(4, 1), output_shape=(2, 3))
    >>> spec.output_size, spec.steps_and_series
    (6, (2, 3))
    >>> import numpy as np
    >>> type(NetworkSpec((4, 1), (), kernel_size=np.int64(3)).kernel_size)
    <class 'int'>
    """

    input_shape: tuple[int, int]
    output_shape: tuple[int, ...]
    units: tuple[int, ...] = (32,)
    cell: str = "lstm"
    bidirectional: bool = False
    dropout: float = 0.0
    activation: str | Callable = "tanh"
    n_subsequences: int = 2
    filters: int = 64
    kernel_size: int = 2
    pool_size: int = 2
    stateful: bool = False
    batch_size: int | None = None
    output_activation: str | None = None

    def __post_init__(self) -> None:
        # frozen: the fields are set through object's own __setattr__
        set_field = object.__setattr__
        for name in ("n_subsequences", "filters", "kernel_size", "pool_size"):
            set_field(self, name, int(getattr(self, name)))
        set_field(self, "units", _ints(self.units))
        set_field(self, "input_shape", _ints(self.input_shape))
        set_field(self, "output_shape", _ints(self.output_shape))
        if self.batch_size is not None:
            set_field(self, "batch_size", int(self.batch_size))

    @property
    def output_size(self) -> int:
        """Number of values in one target sample."""
        return prod(self.output_shape)

    @property
    def steps_and_series(self) -> tuple[int, int]:
        """The target read as ``(steps, series)``, as a decoder produces it.

        ``()`` is one step of one series and ``(k,)`` is ``k`` steps of one
        series (the tutorials' multi-step target); the axes after the first
        count as series (``(steps, series, quantiles)`` gives ``(steps,
        series * quantiles)``).
        """
        steps = self.output_shape[0] if self.output_shape else 1
        return steps, prod(self.output_shape[1:])


def _ints(sizes: tuple[int, ...]) -> tuple[int, ...]:
    """``sizes`` as a tuple of Python ints."""
    return tuple(int(size) for size in sizes)
