"""Local, side-effect-free seeding for Keras models.

scikeras seeds Python, NumPy and TensorFlow globally and switches on
``enable_op_determinism()`` while it builds and fits a model; that breaks other
code in the same process ("Random ops require a seed"). skltsm instead turns a
``random_state`` into one integer per fit and derives from it every seed the
model needs: initialisers, dropout masks and the order of training windows.
Nothing global is touched, but for the time a user's build function runs
(:func:`seeded_build`): Keras gives its unseeded initialisers and dropout
layers seeds from Python's global generator, so the build runs with that
generator (and NumPy's) seeded, and both are put back afterwards.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from sklearn.utils import check_random_state

__all__ = ["SeedStream", "resolve_seed", "seeded_build"]

_MAX_SEED = np.iinfo(np.int32).max


def resolve_seed(random_state) -> int:
    """Draw the integer seed of one fit from ``random_state``.

    Parameters
    ----------
    random_state : int, numpy.random.RandomState or None
        As in scikit-learn: an int gives the same seed every time, a
        ``RandomState`` is advanced, ``None`` draws from NumPy's global
        generator.

    Returns
    -------
    seed : int
        A non-negative 32-bit integer.

    Examples
    --------
    >>> resolve_seed(0) == resolve_seed(0)
    True
    """
    return int(check_random_state(random_state).randint(_MAX_SEED))


class SeedStream:
    """Deterministic sequence of integer seeds derived from one seed.

    Parameters
    ----------
    seed : int
        Seed of the whole sequence.

    Examples
    --------
    >>> a, b = SeedStream(7), SeedStream(7)
    >>> [a() for _ in range(3)] == [b() for _ in range(3)]
    True
    """

    def __init__(self, seed: int):
        self._rng = np.random.default_rng(seed)

    def __call__(self) -> int:
        """Return the next seed."""
        return int(self._rng.integers(_MAX_SEED))


#: Held while a build runs with the global generators seeded: two such builds
#: in two threads would otherwise reseed and restore each other's generators.
_SEEDED_BUILD = threading.RLock()  # re-entrant: a build may fit an estimator


@contextmanager
def seeded_build(seed: int) -> Iterator[None]:
    """Seed Python's and NumPy's global generators for one build, then restore them.

    A user's build function may leave seeds out (``GlorotUniform()``,
    ``Dropout(0.2)``); Keras 3 then draws each one from Python's global
    ``random`` when the layer or initialiser is made. scikeras seeds Python,
    NumPy and TensorFlow globally for the build and leaves them seeded;
    this seeds the first two for the build alone and puts their states back,
    so the network is the same for the same ``seed`` and the global
    generators are where they were. Not covered: random ops called with
    ``seed=None`` (Keras' global ``SeedGenerator``) and TensorFlow's global
    seed, which Keras' layers do not read. Another thread that draws from
    Python's or NumPy's global generator during the build draws from the
    seeded one, and its draws are undone.

    Parameters
    ----------
    seed : int
        A non-negative 32-bit integer, e.g. from :func:`resolve_seed`.

    Examples
    --------
    >>> import random
    >>> state = random.getstate()
    >>> with seeded_build(7):
    ...     a = random.random()
    >>> with seeded_build(7):
    ...     b = random.random()
    >>> a == b and random.getstate() == state
    True
    """
    with _SEEDED_BUILD:
        python_state = random.getstate()
        numpy_state = np.random.get_state()  # noqa: NPY002 - the global one, on purpose
        random.seed(seed)
        np.random.seed(seed)  # noqa: NPY002
        try:
            yield
        finally:
            random.setstate(python_state)
            np.random.set_state(numpy_state)  # noqa: NPY002
