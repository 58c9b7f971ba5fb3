"""Constraints on what Keras builds, compiles and calls: activation, optimizer, ...

scikeras hands these parameters to Keras unchecked, so a typo used to surface
deep inside ``fit`` as Keras' own error ("Could not interpret optimizer
identifier: adamm", "'int' object is not iterable"). These constraints let
``_fit_context`` refuse them first, with scikit-learn's
``InvalidParameterError`` naming the estimator, the parameter and examples of
what it accepts.

They accept what scikeras 0.13 passes on and Keras 3 compiles: a name Keras'
own lookup (``keras.optimizers.get``, ``keras.losses.get``,
``keras.metrics.get``) resolves, an object of the Keras base class or the
class itself (scikeras builds a class with its routed parameters), any
function for a loss or a metric, and the lists and dicts scikeras and Keras
take for several metrics, outputs or callbacks.

Examples
--------
>>> OPTIMIZER.is_satisfied_by("adam"), OPTIMIZER.is_satisfied_by("adamm")
(True, False)
>>> METRICS.is_satisfied_by(["mae", "root_mean_squared_error"])
True
>>> METRICS.is_satisfied_by(["mae", "rmse"])
False
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

import keras
from keras.src.backend.common import global_state  # Keras' name counters
from sklearn.utils._param_validation import StrOptions

__all__ = ["ACTIVATION", "CALLBACKS", "LOSS", "METRICS", "OPTIMIZER", "KerasObjects"]


@cache  # once per name: the lookup builds the object
def _resolves(get: Callable[[str], object], name: str) -> bool:
    """Whether Keras' lookup ``get`` knows ``name``.

    Every metric Keras builds takes the next unique name ("auc", "auc_1",
    ...) from a global counter, which names the fitted network's metrics
    (the keys of ``history_``): the lookup puts the counter back. The
    answer is kept for the process: a name registered with Keras after its
    first check stays refused until a restart (ADR 0007).
    """
    uids = global_state.get_global_attribute("object_name_uids")
    saved = None if uids is None else uids.copy()
    try:
        get(name)
    except Exception:
        # "Could not interpret ... identifier", or a name Keras knows but
        # cannot build without arguments ("LossScaleOptimizer")
        return False
    finally:
        global_state.set_global_attribute("object_name_uids", saved)
    return True


def _get_metric(name: str) -> object:
    """Keras' metric of that name, as scikeras looks it up."""
    # scikeras passes "acc" through; Keras compiles it to the right accuracy
    return name if name == "acc" else keras.metrics.get(name)


class KerasObjects(StrOptions):
    """A Keras object by name or as an object, or a collection of them.

    A ``StrOptions`` whose options are only examples, so that
    ``make_constraint`` and scikit-learn's ``check_param_validation`` take it:
    a string is valid when Keras' lookup resolves it.

    Parameters
    ----------
    what : str
        What the objects are, for the message ("an optimizer").
    base : type
        The Keras base class: its instances and subclasses are accepted.
    base_name : str
        Its public name, for the message ("keras.optimizers.Optimizer").
    get : callable or None, default=None
        Keras' lookup of a name, raising ``ValueError`` for an unknown one;
        ``None`` when the objects have no names.
    examples : iterable of str, default=()
        Valid names the message lists.
    functions : bool, default=False
        Whether any function (a callable that is not a class) is accepted too.
    containers : tuple of type, default=()
        Collections whose items (a dict's values), each a valid value, are
        accepted too, nested as scikeras and Keras allow.

    Examples
    --------
    >>> constraint = KerasObjects(
    ...     "a loss", keras.losses.Loss, "keras.losses.Loss", keras.losses.get
    ... )
    >>> [constraint.is_satisfied_by(v) for v in ("mse", "mea", keras.losses.Huber)]
    [True, False, True]
    """

    def __init__(
        self,
        what: str,
        base: type,
        base_name: str,
        get: Callable[[str], object] | None = None,
        examples: Iterable[str] = (),
        *,
        functions: bool = False,
        containers: tuple[type, ...] = (),
    ):
        self.examples = tuple(examples)
        super().__init__(set(self.examples))
        self.what = what
        self.base = base
        self.base_name = base_name
        self.get = get
        self.functions = functions
        self.containers = containers

    def is_satisfied_by(self, val) -> bool:
        """Whether Keras (through scikeras) can use ``val``."""
        if isinstance(val, str):
            return self.get is not None and _resolves(self.get, val)
        if isinstance(val, type):
            return issubclass(val, self.base)
        if isinstance(val, self.base) or (self.functions and callable(val)):
            return True
        if isinstance(val, self.containers):
            items = val.values() if isinstance(val, dict) else val
            return all(self.is_satisfied_by(item) for item in items)
        return False

    def __str__(self) -> str:
        kinds = [f"an instance or subclass of {self.base_name}"]
        if self.get is not None:
            names = ", ".join(repr(name) for name in self.examples)
            kinds.insert(0, f"{self.what} Keras knows by name (such as {names})")
        if self.functions:
            kinds.append("a function")
        if self.containers:
            collections = [container.__name__ for container in self.containers]
            kinds.append(f"a {_either(collections)} of them")
        return _either(kinds)


def _either(items: list[str]) -> str:
    """Join items as ``"a, b or c"``."""
    return " or ".join(filter(None, [", ".join(items[:-1]), items[-1]]))


OPTIMIZER = KerasObjects(
    "an optimizer",
    keras.optimizers.Optimizer,
    "keras.optimizers.Optimizer",
    keras.optimizers.get,
    ("adam", "adamw", "rmsprop", "sgd"),
)
LOSS = KerasObjects(
    "a loss",
    keras.losses.Loss,
    "keras.losses.Loss",
    keras.losses.get,
    ("mse", "mae", "huber", "mape", "binary_crossentropy"),
    functions=True,
    containers=(list, tuple, dict),  # one per output, as Model.compile takes them
)
METRICS = KerasObjects(
    "a metric",
    keras.metrics.Metric,
    "keras.metrics.Metric",
    _get_metric,
    ("mae", "mse", "root_mean_squared_error", "accuracy"),
    functions=True,
    containers=(list, tuple, dict),
)
#: the layers' activation: a name keras.activations.get knows, or any callable
ACTIVATION = KerasObjects(
    "an activation",
    keras.layers.Layer,
    "keras.layers.Layer",
    keras.activations.get,
    ("tanh", "relu", "sigmoid", "linear"),
    functions=True,
)
#: scikeras refuses a tuple of callbacks (and strings: callbacks have no names)
CALLBACKS = KerasObjects(
    "a callback",
    keras.callbacks.Callback,
    "keras.callbacks.Callback",
    containers=(list, dict),
)
