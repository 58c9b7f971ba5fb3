"""Pickling a fitted estimator's network without a spurious optimizer warning.

scikeras pickles a ``keras.Model`` as a Keras archive and loads it back
compiled. Loading compiles the model and builds its optimizer (Adam: two
slots per weight), then finds that the saved optimizer was never built and
warns "Skipping variable loading for optimizer ..., because it has 12
variables whereas the saved optimizer has 2": a fitted skltsm network trains
on a pooled trainer (:mod:`skltsm._keras._runtime._trainer_pool`), and every
fit starts from a freshly built optimizer state, so ``model_``'s own optimizer
holds nothing to lose. The warning would still greet every ``joblib.load`` of a fitted
pipeline; :class:`QuietNetwork` pickles the network the scikeras way and
loads it with that one warning silenced.
"""

from __future__ import annotations

import warnings

import keras

__all__ = ["QuietNetwork"]

#: The one Keras warning that unpickling a fitted network may raise in vain.
UNBUILT_OPTIMIZER = "Skipping variable loading for optimizer"


class QuietNetwork:
    """A pickling stand-in that unpickles as the ``keras.Model`` it wraps.

    Parameters
    ----------
    model : keras.Model
        A fitted estimator's network.

    Examples
    --------
    >>> import pickle
    >>> import keras
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    >>> model.compile("adam", "mse")
    >>> restored = pickle.loads(pickle.dumps(QuietNetwork(model)))
    >>> type(restored).__name__, restored.count_params()
    ('Sequential', 4)
    """

    def __init__(self, model: keras.Model):
        self.model = model

    def __reduce__(self):
        unpack, args = self.model.__reduce__()  # scikeras' Keras-archive pickling
        return unpack_quietly, (unpack, *args)


def unpack_quietly(unpack, *args) -> keras.Model:
    """Call scikeras' ``unpack(*args)`` without the unbuilt-optimizer warning."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=UNBUILT_OPTIMIZER)
        return unpack(*args)
