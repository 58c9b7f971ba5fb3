"""The parameter constraints several skltsm estimators share.

Estimators validate their constructor parameters with scikit-learn's
framework: a class attribute ``_parameter_constraints`` maps each parameter to
a list of constraints, checked at the start of ``fit`` (``_fit_context`` for
scikit-learn estimators, :func:`validate_params` for the sktime
forecasters). An invalid value raises
:class:`sklearn.utils._param_validation.InvalidParameterError` (a
``ValueError`` and a ``TypeError``) whose message names the parameter and
lists what it accepts. Parameters that mean the same thing in several
estimators share one constraint object from this module.

Unlike scikit-learn's ``Interval(Integral, ...)``, the integer constraints here
refuse ``True`` and ``False``: a bool given as a count of layers, lags or
epochs is a mistake, not the number 1 or 0.

scikit-learn's ``make_constraint`` accepts only its own constraint classes
(``Interval``, ``StrOptions``, ``Options``, ``HasMethods``, ``MissingValues``)
besides the string shorthands, so the constraints here derive from
``Interval``: each is a restriction or an extension of the integer interval it
is built on, which is also what scikit-learn's ``check_param_validation``
assumes when it derives an invalid value (``left - 1``) from an interval.

Examples
--------
>>> from skltsm._constraints import POSITIVE_INTEGERS, as_int_tuple
>>> POSITIVE_INTEGERS.is_satisfied_by([1, 12]), POSITIVE_INTEGERS.is_satisfied_by(0)
(True, False)
>>> str(POSITIVE_INTEGERS)
'a positive int or a non-empty sequence of positive ints'
>>> as_int_tuple(12), as_int_tuple([1, 12])
((12,), (1, 12))
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import Interval, validate_parameter_constraints

__all__ = [
    "ARIMA_ORDER",
    "NON_NEGATIVE_INT",
    "POSITIVE_INT",
    "POSITIVE_INTEGERS",
    "QUANTILE_LEVELS",
    "RANDOM_SEED",
    "ArimaOrder",
    "ClassWeights",
    "ColumnList",
    "Integers",
    "PositiveIntegers",
    "QuantileLevels",
    "as_int_tuple",
    "validate_params",
]


class Integers(Interval):
    """An interval of ints that, unlike ``Interval(Integral, ...)``, refuses bools.

    Parameters
    ----------
    left : int or None
        Left bound; ``None`` is -inf.
    right : int or None
        Right bound; ``None`` is +inf.
    closed : {"left", "right", "both", "neither"}
        Which bounds belong to the interval, as in ``Interval``.

    Examples
    --------
    >>> Integers(1, None, closed="left").is_satisfied_by(True)
    False
    """

    def __init__(self, left: int | None, right: int | None, *, closed: str):
        super().__init__(Integral, left, right, closed=closed)

    def is_satisfied_by(self, val) -> bool:
        """Whether ``val`` is an int (not a bool) inside the interval."""
        return not isinstance(val, bool) and super().is_satisfied_by(val)


class PositiveIntegers(Integers):
    """A positive int, or a non-empty 1-D sequence of positive ints.

    Satisfied by an int >= 1 (not a bool), or by a non-empty list, tuple or
    other sequence (not a string) of such ints, or by a non-empty 1-D ndarray
    of an integer dtype whose values are all >= 1. Parameters that take one
    value per layer or per lag (``units``, ``lags``) use it;
    :func:`as_int_tuple` normalises a satisfying value.

    Examples
    --------
    >>> constraint = PositiveIntegers()
    >>> [constraint.is_satisfied_by(v) for v in (32, (64, 32), [], [1, True], "1")]
    [True, True, False, False, False]
    """

    def __init__(self):
        super().__init__(1, None, closed="left")

    def is_satisfied_by(self, val) -> bool:
        """Whether ``val`` is a positive int or a non-empty sequence of them."""
        if isinstance(val, np.ndarray):
            return (
                val.ndim == 1
                and val.size > 0
                and np.issubdtype(val.dtype, np.integer)
                and bool((val >= 1).all())
            )
        if isinstance(val, Sequence) and not isinstance(val, str | bytes):
            scalar = super().is_satisfied_by  # no zero-argument super() in a genexpr
            return len(val) > 0 and all(scalar(v) for v in val)
        return super().is_satisfied_by(val)

    def __str__(self) -> str:
        return "a positive int or a non-empty sequence of positive ints"


class QuantileLevels(Interval):
    """A non-empty 1-D sequence of distinct floats, each in (0, 1).

    Quantile levels (``LSTMRegressor.quantiles``): a list, tuple or 1-D
    ndarray of real numbers (not bools, not strings) strictly between 0 and
    1, none repeated. A single number is not a sequence of levels.

    Examples
    --------
    >>> constraint = QuantileLevels()
    >>> [constraint.is_satisfied_by(v) for v in ((0.1, 0.9), [0.5], 0.5, (0.5, 0.5))]
    [True, True, False, False]
    """

    def __init__(self):
        super().__init__(Real, 0, 1, closed="neither")

    def is_satisfied_by(self, val) -> bool:
        """Whether ``val`` is a non-empty sequence of distinct levels in (0, 1)."""
        val = _items(val, np.number)
        if val is None:
            return False
        scalar = super().is_satisfied_by  # no zero-argument super() in a genexpr
        levels = [v for v in val if not isinstance(v, bool | np.bool_) and scalar(v)]
        return 0 < len(levels) == len(val) == len(set(levels))

    def __str__(self) -> str:
        return "a non-empty sequence of distinct floats in the range (0, 1)"


class ArimaOrder(Integers):
    """Three non-negative ints, as an ARIMA order ``(p, d, q)``.

    Satisfied by a list, tuple or 1-D integer ndarray of exactly three ints
    >= 0 (not bools): a pair, a float, a negative or a nested sequence is a
    mistake that statsforecast would report from deep inside, or accept.

    Examples
    --------
    >>> constraint = ArimaOrder()
    >>> values = ((1, 1, 0), [0, 1, 1], (1, 1), (True, 0, 0))
    >>> [constraint.is_satisfied_by(v) for v in values]
    [True, True, False, False]
    """

    def __init__(self):
        super().__init__(0, None, closed="left")

    def is_satisfied_by(self, val) -> bool:
        """Whether ``val`` is a sequence of three non-negative ints."""
        val = _items(val, np.integer)
        if val is None:
            return False
        scalar = super().is_satisfied_by  # no zero-argument super() in a genexpr
        return len(val) == 3 and all(scalar(v) for v in val)

    def __str__(self) -> str:
        return "a tuple of three non-negative ints (p, d, q)"


class ColumnList(Integers):
    """A non-empty list or tuple of column names (str) or positions (int).

    ``ForecastPipeline(target=[...])``: each item a string or an int (not a
    bool, not a float); one name or position alone is constrained apart.

    Examples
    --------
    >>> constraint = ColumnList()
    >>> [constraint.is_satisfied_by(v) for v in (["a", -1], ("a",), [1.5], [], "a")]
    [True, True, False, False, False]
    """

    def __init__(self):
        super().__init__(None, None, closed="neither")

    def is_satisfied_by(self, val) -> bool:
        """Whether ``val`` is a non-empty list or tuple of names or positions."""
        if not isinstance(val, list | tuple):
            return False
        scalar = super().is_satisfied_by  # no zero-argument super() in a genexpr
        return len(val) > 0 and all(isinstance(v, str) or scalar(v) for v in val)

    def __str__(self) -> str:
        return "a non-empty list or tuple of column names (str) or positions (int)"


class ClassWeights(Interval):
    """A dict from class label to a non-negative weight (a real, not a bool).

    Examples
    --------
    >>> constraint = ClassWeights()
    >>> [constraint.is_satisfied_by(v) for v in ({0: 1, 1: 2.5}, {0: "a"}, {0: -1})]
    [True, False, False]
    """

    def __init__(self):
        super().__init__(Real, 0, None, closed="left")

    def is_satisfied_by(self, val) -> bool:
        """Whether ``val`` is a dict of non-negative real weights."""
        if not isinstance(val, dict):
            return False
        scalar = super().is_satisfied_by  # no zero-argument super() in a genexpr
        return all(
            not isinstance(w, bool | np.bool_) and scalar(w) for w in val.values()
        )

    def __str__(self) -> str:
        return "a dict from class label to a non-negative weight"


def _items(val, kind: type) -> list | Sequence | None:
    """Return the items of a sequence parameter, or ``None`` if ``val`` is not one.

    A 1-D ndarray of dtype ``kind`` gives its items as Python scalars; a
    list, tuple or other sequence (not a string) is returned as it is.
    """
    if isinstance(val, np.ndarray):
        return (
            val.tolist() if val.ndim == 1 and np.issubdtype(val.dtype, kind) else None
        )
    if not isinstance(val, Sequence) or isinstance(val, str | bytes):
        return None
    return val


def as_int_tuple(value: int | Sequence[int] | np.ndarray) -> tuple[int, ...]:
    """Normalise a value that satisfies :class:`PositiveIntegers` to a tuple.

    Parameters
    ----------
    value : int, sequence of int or 1-D ndarray of int
        An already validated value.

    Returns
    -------
    values : tuple of int
        One plain ``int`` per entry; a single int gives a 1-tuple.

    Examples
    --------
    >>> import numpy as np
    >>> as_int_tuple(3), as_int_tuple(np.array([1, 12]))
    ((3,), (1, 12))
    """
    if isinstance(value, Integral):
        return (int(value),)
    return tuple(int(v) for v in value)


#: A count of one or more (layers, epochs, filters, folds, a window length).
POSITIVE_INT = Integers(1, None, closed="left")
#: A count that may be zero (patience, a number of held-out observations).
NON_NEGATIVE_INT = Integers(0, None, closed="left")
#: One positive int, or one per layer or per lag.
POSITIVE_INTEGERS = PositiveIntegers()
#: An ARIMA order (p, d, q) or seasonal order (P, D, Q).
ARIMA_ORDER = ArimaOrder()
#: Quantile levels a network outputs.
QUANTILE_LEVELS = QuantileLevels()
#: An int seed (scikit-learn's "random_state" constraint would also take a bool).
RANDOM_SEED = Integers(0, 2**32 - 1, closed="both")


def validate_params(estimator) -> None:
    """Check ``estimator``'s constructor parameters against its constraints.

    What scikit-learn's ``_fit_context`` does for its estimators, for the
    sktime forecasters, which do not have it: the class attribute
    ``_parameter_constraints`` against ``get_params(deep=False)``.
    """
    validate_parameter_constraints(
        estimator._parameter_constraints,
        estimator.get_params(deep=False),
        caller_name=type(estimator).__name__,
    )
