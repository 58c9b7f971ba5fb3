"""All or nothing: an object put back as it was when a call on it fails.

A method that checks its input part way, after it has changed the object
(a refit that refits its transformers before the regressor refuses, sktime's
``update`` that moves the cutoff before the forecaster reads the rows),
would leave it half changed. :func:`all_or_nothing` puts the object, and
the parts it names, back as they were bound before the call.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

__all__ = ["all_or_nothing", "as_it_was"]


@contextmanager
def all_or_nothing(estimator: object, parts: Iterable[object] = ()) -> Iterator[None]:
    """Put ``estimator`` and ``parts`` back as they were if the block raises.

    Their attributes are restored as bound before the block: the methods run
    in it must bind new objects (frames, fitted models) rather than change
    those held in place, as skltsm's do; sktime's dicts (the names of the
    data last seen, say), which sktime changes in place, are copied.

    Parameters
    ----------
    estimator : object
        The estimator whose method runs in the block.
    parts : iterable of object, default=()
        Objects it holds that the block may change too (one forecaster a
        series, under a loop over series).

    Examples
    --------
    >>> class Counter:
    ...     count = 0
    >>> counter = Counter()
    >>> counter.count = 1
    >>> try:
    ...     with all_or_nothing(counter):
    ...         counter.count = 2
    ...         raise ValueError("refused")
    ... except ValueError:
    ...     pass
    >>> counter.count
    1
    """
    saved = _saved(estimator, parts)
    try:
        yield
    except BaseException:
        _restore(saved)
        raise


@contextmanager
def as_it_was(estimator: object, parts: Iterable[object] = ()) -> Iterator[None]:
    """Put ``estimator`` and ``parts`` back as they were after the block, always.

    As :func:`all_or_nothing`, whether the block raises or not: for a
    method that must leave them as they were and works on a copy, but
    stores something on the original first (sktime's checks of ``y``).
    """
    saved = _saved(estimator, parts)
    try:
        yield
    finally:
        _restore(saved)


def _saved(estimator: object, parts: Iterable[object]) -> list:
    return [(each, _attributes(each)) for each in (estimator, *parts)]


def _restore(saved: list) -> None:
    for each, attributes in saved:
        vars(each).clear()
        vars(each).update(attributes)


def _attributes(obj: object) -> dict:
    """Return a copy of ``obj``'s attributes, its plain dicts copied too."""
    return {k: v.copy() if type(v) is dict else v for k, v in vars(obj).items()}
