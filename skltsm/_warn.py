"""Warnings that point at the user's line, not at skltsm's internals.

A fixed ``stacklevel`` names the frame a given depth of calls above the
warning, and the depth differs by path: ``fit`` of a pipeline, of a pipeline
inside ``GridSearchCV``, of ``LSTMForecaster`` through sktime's ``fit``. So
the warnings named lines of skltsm, sklearn or sktime, and Python's default
filter showed each once per such line. :func:`warn` walks up to the first
frame outside skltsm and the libraries that call it on the user's behalf.

:func:`warnings_about` names what a warning is about: inside it, every
skltsm warning starts with its prefix (``Series 'b': ``), as the errors of
one series of a loop over a panel do.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib.util import find_spec

__all__ = ["warn", "warnings_about"]

#: Packages whose frames a warning skips: skltsm, and what calls it.
_LIBRARIES = ("skltsm", "sktime", "skbase", "sklearn", "scikeras", "keras", "joblib")


#: The prefix of the warnings raised now (a context variable: per thread).
_SUBJECT: ContextVar[str] = ContextVar("skltsm_warning_subject", default="")


@contextmanager
def warnings_about(prefix: str) -> Iterator[None]:
    """Start the message of every skltsm warning inside with ``prefix``.

    Nested, the prefixes add up, the outer first. A context variable holds
    it, so that threads working on different series do not share it.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     with warnings_about("Series 'b': "):
    ...         warn("the training target is constant", UserWarning)
    >>> str(caught[0].message)
    "Series 'b': the training target is constant"
    """
    token = _SUBJECT.set(_SUBJECT.get() + prefix)
    try:
        yield
    finally:
        _SUBJECT.reset(token)


@cache
def _library_dirs() -> tuple[str, ...]:
    """Return the folders of the installed :data:`_LIBRARIES` (none is imported)."""
    folders = []
    for name in _LIBRARIES:
        spec = find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            folders += [
                os.path.join(path, "") for path in spec.submodule_search_locations
            ]
    return tuple(folders)


def _on_the_way(filename: str, libraries: tuple[str, ...]) -> bool:
    """Whether a frame of ``filename`` calls on the user's behalf.

    The libraries', and ``contextlib``'s: a warning raised as a context
    manager of skltsm's exits would name the ``with`` of contextlib.
    """
    return filename.startswith(libraries) or filename == contextlib.__file__


def warn(message: str, category: type[Warning]) -> None:
    """Warn from the first frame outside skltsm and the libraries calling it.

    Parameters
    ----------
    message : str
        The warning's text.
    category : type of Warning
        Its class (:mod:`skltsm.exceptions`).

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn("a message", UserWarning)
    >>> caught[0].filename.startswith(_library_dirs())  # this doctest's line
    False
    """
    message = _SUBJECT.get() + message
    frame, level = sys._getframe(1), 2  # stacklevel 2: warn's caller
    libraries = _library_dirs()
    while frame is not None and _on_the_way(frame.f_code.co_filename, libraries):
        frame, level = frame.f_back, level + 1
    # no frame of the user's (a worker process): the caller, as before
    warnings.warn(message, category, stacklevel=level if frame is not None else 2)
