"""All or nothing: an sktime estimator put back as it was when a call fails.

sktime's ``update`` moves the cutoff and stores the new rows before the
estimator reads them, and under a loop over series updates one series after
another. New data refused part way would leave forecasts of the old data
labelled from the new cutoff, or some series updated and others not.
:func:`all_or_nothing` puts the estimator back as it was bound before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

__all__ = ["all_or_nothing"]


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
    saved = [(each, _attributes(each)) for each in (estimator, *parts)]
    try:
        yield
    except BaseException:
        for each, attributes in saved:
            vars(each).clear()
            vars(each).update(attributes)
        raise


def _attributes(obj: object) -> dict:
    """Return a copy of ``obj``'s attributes, its plain dicts copied too."""
    return {k: v.copy() if type(v) is dict else v for k, v in vars(obj).items()}
