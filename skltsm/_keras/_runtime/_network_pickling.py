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

A Keras archive does not save the states of the dropout layers' seed
generators (``[seed, counter]``): a restored network would draw the masks of
its first epoch again, and continued training (``partial_fit``,
``warm_start``, a second ``pretrain``) would part from the original's.
:class:`QuietNetwork` carries these states beside the archive and puts them
back, with the trainer pool's own functions
(:func:`skltsm._keras._runtime._trainer_pool.seed_states`).
"""

from __future__ import annotations

import warnings

import keras

from skltsm._keras._runtime._trainer_pool import assign_values, seed_states
from skltsm._warn import warn

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
        return unpack_with_seed_states, (seed_states(self.model), unpack, *args)


def unpack_with_seed_states(states: list, unpack, *args) -> keras.Model:
    """Unpack quietly, then restore the seed states the archive does not hold."""
    model = unpack_quietly(unpack, *args)
    variables = model.variables
    if len(variables) == len(states) and all(
        state is None or tuple(variable.shape) == state.shape
        for variable, state in zip(variables, states, strict=True)
    ):
        assign_values(model, states)
    else:
        warn(
            "The unpickled network's variables differ from those it was pickled "
            "with (another Keras version?): its dropout seed states are not "
            "restored, so continued training (partial_fit, warm_start) will draw "
            "other dropout masks than the original would. Predictions are "
            "unaffected.",
            UserWarning,
        )
    return model


def unpack_quietly(unpack, *args) -> keras.Model:
    """Call scikeras' ``unpack(*args)`` without the unbuilt-optimizer warning."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=UNBUILT_OPTIMIZER)
        return unpack(*args)
