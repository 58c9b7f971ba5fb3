"""Local, side-effect-free seeding for Keras models.

scikeras seeds Python, NumPy and TensorFlow globally and switches on
``enable_op_determinism()`` while it builds and fits a model; that breaks other
code in the same process ("Random ops require a seed"). skltsm instead turns a
``random_state`` into one integer per fit and derives from it every seed the
model needs: initialisers, dropout masks and the order of training windows.
Nothing global is touched.
"""

from __future__ import annotations

import numpy as np
from sklearn.utils import check_random_state

__all__ = ["SeedStream", "resolve_seed"]

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
