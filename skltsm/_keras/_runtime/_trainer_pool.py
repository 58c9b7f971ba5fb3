"""A pool of compiled Keras models that new estimators train their weights on.

Every new Keras model that trains traces a new training function, and each
trace costs a second or two. Plain Keras also keeps about 12 MB per trace for
the life of the process, even after the model is deleted and
``keras.backend.clear_session()`` is called (measured: 11.6 MB per fit of a
small LSTM; 10.9 MB with ``clear_session``): Keras's optimizer sums the
gradients with ``tf.distribute``'s ``all_reduce``, whose
``tf.custom_gradient`` registers a gradient function holding the traced graph
in TensorFlow's global gradient registry (ADR 0011, amendment). skltsm's fits
skip that sum, an identity with one replica
(:mod:`skltsm._keras._runtime._one_replica`), and a released trainer's graph
is then freed (0.17 MB left per configuration).

Refitting the *same* model costs nothing more. So an estimator builds its
model as usual (seeded, cheap: 0.3 MB), borrows an idle *trainer* of the same
architecture and compile configuration from this pool, loads its variables
into it (weights, dropout seed states) and resets the trainer's optimizer to
its freshly built state with the model's learning rate, trains the trainer,
and copies the variables back. The configuration leaves out what the traced
graph does not fix: the window's length of a recurrent network and a
numeric learning rate (ADR 0031).
Continued training (``partial_fit``, ``warm_start``, fine-tuning) loads the
model's own optimizer state instead, and copies it back too.
Training is bit-identical to training the model itself, and a process traces
one training function per configuration instead of one per fit (measured:
0.27 MB per fit, and 60 fits in 30 s instead of 174 s).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from functools import partial

import keras
import numpy as np
import tensorflow as tf

__all__ = [
    "TrainerPool",
    "configuration_key",
    "default_pool",
    "release_trainers",
    "take_learning_rate",
]


#: Loads of a trainer done variable by variable, before its loading is traced:
#: one fit and one forecast, the whole life of a configuration in a first try.
LOADS_BEFORE_TRACING = 2


class _Trainer:
    """A compiled model, and its optimizer's state right after building.

    Loading is one traced call once a trainer has been loaded
    :data:`LOADS_BEFORE_TRACING` times; before that it assigns variable by
    variable (0.5 ms) rather than tracing assignment functions (13 ms) that a
    network fitted once and forecast once would never reuse. The first load
    also leaves the just-built optimizer as it is.
    """

    def __init__(self, model: keras.Model):
        model.optimizer.build(model.trainable_variables)
        self.model = model
        self._fresh_optimizer = [
            tf.constant(v.numpy()) for v in model.optimizer.variables
        ]
        self._assign_variables = assigner(model.variables)
        self._assign_optimizer = assigner(model.optimizer.variables)
        self._loads = 0
        self._optimizer_is_fresh = True

    def load(self, source: keras.Model, *, continued: bool = False) -> None:
        """Take ``source``'s variables, optimizer state and learning rate.

        The optimizer state is ``source``'s own where ``continued`` and its
        optimizer has been built (by an earlier continued training), else a
        freshly built one, as Keras would build it for ``source``, with
        ``source``'s learning rate (:func:`take_learning_rate`).
        """
        self.load_variables(source)
        if continued and source.optimizer.built:
            self._assign_optimizer([v.value for v in source.optimizer.variables])
        elif not self._optimizer_is_fresh:
            self._assign_optimizer(self._fresh_optimizer)
        self._optimizer_is_fresh = False  # the caller trains it now
        take_learning_rate(source.optimizer, self.model.optimizer)

    def load_variables(self, source: keras.Model) -> None:
        """Take ``source``'s variables (weights and seed states)."""
        if self._loads >= LOADS_BEFORE_TRACING:
            check_same_variables(source, self.model)
            self._assign_variables([v.value for v in source.variables])
        else:
            copy_variables(source, self.model)
        self._loads += 1


class TrainerPool:
    """Idle trainers, by configuration key, least recently used evicted first.

    Parameters
    ----------
    max_idle : int, default=8
        Most idle trainers kept; a grid search over more configurations than
        this traces again for the evicted ones.
    """

    def __init__(self, max_idle: int = 8):
        self.max_idle = max_idle
        self._idle: OrderedDict[Hashable, list[_Trainer]] = OrderedDict()
        self._lock = threading.Lock()

    @contextmanager
    def training_copy(
        self,
        model: keras.Model,
        key: Hashable | None,
        build: Callable[[], keras.Model],
        *,
        continued: bool = False,
    ) -> Iterator[keras.Model]:
        """Lend a trainer holding ``model``'s variables; copy them back after.

        Parameters
        ----------
        model : keras.Model
            The estimator's own (built, compiled) model.
        key : hashable or None
            Everything that determines the training graph; ``None`` trains
            ``model`` itself (user-built or stateful networks), its optimizer
            built first, as a trainer's is.
        build : callable
            Builds a new compiled model of this configuration, when no idle
            trainer exists.
        continued : bool, default=False
            Whether the training goes on from ``model``'s optimizer state
            (``warm_start``, ``partial_fit``): the trainer takes that state,
            and gives its own back after, as training ``model`` itself would
            leave it. Otherwise the trainer starts from a fresh optimizer and
            ``model``'s is left as it was.

        Yields
        ------
        trainer : keras.Model
            The model to call ``fit`` on.
        """
        if key is None:
            # built now, not in the first trace: a tf.function that creates
            # variables as it traces is traced twice (0.6 s for a small LSTM)
            if not model.optimizer.built:
                model.optimizer.build(model.trainable_variables)
            yield model
            return
        with self._borrowed(key, build) as trainer:
            trainer.load(model, continued=continued)
            yield trainer.model
            copy_variables(trainer.model, model)
            if continued:
                copy_optimizer_state(trainer.model, model)

    @contextmanager
    def inference_copy(
        self,
        model: keras.Model,
        key: Hashable | None,
        build: Callable[[], keras.Model],
    ) -> Iterator[keras.Model]:
        """Lend a trainer holding ``model``'s weights, to predict with.

        The trainer's prediction function is traced once per configuration;
        ``model``'s own would be traced once per fitted estimator (measured:
        50 ms for a small LSTM, against 0.16 ms to copy the weights).
        Nothing is copied back.

        Parameters
        ----------
        model, key, build
            As for :meth:`training_copy`; ``key=None`` predicts with ``model``.

        Yields
        ------
        network : keras.Model
            The model to call ``predict_on_batch`` on.
        """
        if key is None:
            yield model
            return
        with self._borrowed(key, build) as trainer:
            trainer.load_variables(model)
            yield trainer.model

    @contextmanager
    def _borrowed(
        self, key: Hashable, build: Callable[[], keras.Model]
    ) -> Iterator[_Trainer]:
        """Check out an idle trainer of ``key`` (or build one), then give it back."""
        trainer = self._checkout(key) or _Trainer(build())
        try:
            yield trainer
        finally:
            self._give_back(key, trainer)

    def clear(self) -> int:
        """Forget every idle trainer; return how many there were."""
        with self._lock:
            released = sum(len(trainers) for trainers in self._idle.values())
            self._idle.clear()
            return released

    def __len__(self) -> int:
        with self._lock:
            return sum(len(trainers) for trainers in self._idle.values())

    def _checkout(self, key: Hashable) -> _Trainer | None:
        with self._lock:
            trainers = self._idle.get(key)
            if not trainers:
                return None
            self._idle.move_to_end(key)
            return trainers.pop()

    def _give_back(self, key: Hashable, trainer: _Trainer) -> None:
        with self._lock:
            self._idle.setdefault(key, []).append(trainer)
            self._idle.move_to_end(key)
            while sum(len(t) for t in self._idle.values()) > self.max_idle:
                oldest = next(iter(self._idle))
                self._idle[oldest].pop(0)
                if not self._idle[oldest]:
                    del self._idle[oldest]


def take_learning_rate(
    source: keras.optimizers.Optimizer, target: keras.optimizers.Optimizer
) -> None:
    """Give ``target`` the learning rate ``source`` holds, where both hold a variable.

    Keras keeps a number given as the learning rate in an optimizer variable,
    which the traced training step reads when it runs: networks that differ
    in that number alone train on one trainer (ADR 0031's amendment). A
    schedule or a callable is part of the optimizer's configuration instead,
    and of the pool's key with it.
    """
    rate, own = source.learning_rate, target.learning_rate
    if isinstance(rate, keras.Variable) and isinstance(own, keras.Variable):
        own.assign(rate)


class _Held:
    """A parameter value compared by identity, and kept alive by its key.

    While a key holds the value, no other object can be allocated at its
    address, so equal keys mean the very same callable or object.
    """

    __slots__ = ("value",)

    def __init__(self, value: object):
        self.value = value

    def __eq__(self, other: object) -> bool:
        return type(other) is _Held and other.value is self.value

    def __hash__(self) -> int:
        return id(self.value)

    def __repr__(self) -> str:
        return f"_Held({self.value!r})"


_SCALARS = (bool, int, float, complex)
_SEQUENCES = (list, tuple)
_SETS = (set, frozenset)


def configuration_key(value: object) -> Hashable:
    """Turn parameter values into a hashable key that equals only for equal ones.

    Strings, numbers, ``None`` and NumPy scalars and arrays compare by value
    (arrays by dtype, shape and bytes); lists, tuples, sets and dicts (by
    sorted items) recursively; callables and any other hashable object by
    identity, with a strong reference, so that no other object can take its
    address while the key lives (a ``repr`` key would match two functions
    allocated at the same address one after the other, and cannot tell
    lambdas apart). Unhashable objects that are not containers compare by
    ``repr``. Every value is tagged with its type, so that ``1``, ``1.0`` and
    ``True`` give three keys.

    Parameters
    ----------
    value : object
        A parameter value, or a dict, list or tuple of them.

    Returns
    -------
    key : hashable
        Equal for two values exactly when they are equal as described.

    Examples
    --------
    >>> configuration_key({"units": 8, "cell": "lstm"}) == configuration_key(
    ...     {"cell": "lstm", "units": 8}
    ... )
    True
    >>> configuration_key([np.float64(0.5)]) == configuration_key([np.float64(0.5)])
    True
    >>> configuration_key(lambda x: x) == configuration_key(lambda x: x)
    False
    """
    kind = type(value)
    if kind is str or value is None:
        return value
    if kind in _SCALARS:
        return kind, ("nan" if value != value else value)  # nan != nan
    if kind in _SEQUENCES or isinstance(value, _SEQUENCES):
        return kind, tuple(configuration_key(item) for item in value)
    if isinstance(value, dict):
        items = [(configuration_key(k), configuration_key(v)) for k, v in value.items()]
        try:
            items.sort()
        except TypeError:  # keys of several kinds
            items.sort(key=repr)
        return kind, tuple(items)
    if isinstance(value, _SETS):
        return kind, frozenset(configuration_key(item) for item in value)
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            return kind, value.shape, configuration_key(value.tolist())
        return kind, value.dtype.str, value.shape, value.tobytes()
    if isinstance(value, np.generic):
        return kind, value.tobytes()
    try:
        hash(value)
    except TypeError:
        return repr, repr(value)
    return _Held(value)


def release_trainers() -> int:
    """Release the compiled Keras trainers that skltsm keeps for reuse.

    skltsm's Keras estimators train and predict on pooled copies of their
    network (one per configuration, at most 8 idle), so that a process
    traces one training function per configuration rather than one per fit.
    The pool holds these copies, and every parameter value they were built
    with, until they are evicted or released. Call this after a search to
    free them; the next fit of a configuration builds and traces its trainer
    again. Trainers in use by a fit or prediction in another thread are not
    released; they return to the pool when done. Their traced training
    functions are freed with them: skltsm's fits skip the one-replica
    all-reduce through which TensorFlow would keep each one's graph (about
    12 MB for a small LSTM) for the life of the process, as it still does for
    networks fitted with plain Keras (``docs/scale-out.md``, "Memory over many
    network configurations").

    Returns
    -------
    n_released : int
        The number of idle trainers released.

    Examples
    --------
    >>> import numpy as np
    >>> from skltsm import LSTMRegressor, release_trainers
    >>> X = np.random.default_rng(0).normal(size=(32, 4, 1))
    >>> _ = release_trainers()  # start from an empty pool
    >>> reg = LSTMRegressor(units=2, epochs=1, random_state=0).fit(X, X[:, -1, 0])
    >>> release_trainers()  # the trainer the fit borrowed
    1
    >>> release_trainers()
    0
    """
    return default_pool.clear()


def copy_variables(source: keras.Model, target: keras.Model) -> None:
    """Assign every variable of ``source`` (weights and seed states) to ``target``.

    ``get_weights`` would miss the dropout seed generators' states, and the
    trainer would then draw other dropout masks than the model itself.
    """
    check_same_variables(source, target)
    assign_values(target, [np.asarray(v.numpy()) for v in source.variables])


def copy_optimizer_state(source: keras.Model, target: keras.Model) -> None:
    """Assign ``source``'s optimizer variables to ``target``'s, building them first.

    The step count and the moments (Adam's, say) that the next continued
    training of ``target`` goes on from.
    """
    if not target.optimizer.built:
        target.optimizer.build(target.trainable_variables)
    sources, targets = source.optimizer.variables, target.optimizer.variables
    if len(sources) != len(targets):
        raise ValueError(
            "Internal error: a pooled trainer's optimizer does not match the "
            "model it trains. Please report this with the estimator's parameters."
        )
    for variable, value in zip(targets, sources, strict=True):
        variable.assign(value)


def seed_states(model: keras.Model) -> list[np.ndarray | None]:
    """Return the values of ``model``'s variables that are not weights, else ``None``.

    What :func:`copy_variables` copies besides ``get_weights``: the dropout
    seed generators' states (``[seed, counter]``), which a Keras archive does
    not save. :func:`assign_values` puts them back.
    """
    weights = {id(w) for w in model.weights}
    return [
        None if id(v) in weights else np.asarray(v.numpy()) for v in model.variables
    ]


def assign_values(target: keras.Model, values: list) -> None:
    """Assign ``values`` to ``target.variables``, in order, skipping ``None``."""
    for variable, value in zip(target.variables, values, strict=True):
        if value is not None:
            variable.assign(value)


def check_same_variables(source: keras.Model, target: keras.Model) -> None:
    """Refuse to copy between models whose variables differ in number or shape."""
    sources, targets = source.variables, target.variables
    if len(sources) != len(targets) or any(
        tuple(s.shape) != tuple(t.shape) for s, t in zip(sources, targets, strict=True)
    ):
        raise ValueError(
            "Internal error: a pooled trainer does not match the model it trains "
            "(different variables). Please report this with the estimator's "
            "parameters."
        )


def assigner(variables: list) -> Callable[[list], None]:
    """Return one traced call that assigns a list of values to ``variables``.

    One assignment from Python costs about 0.05 ms of Keras and TensorFlow
    dispatch; a trainer is loaded before every fit and every prediction, and
    a prediction of one window takes 0.4 ms. Traced, the whole load is one call.
    """
    # A partial, not a closure: TensorFlow counts traces per code object, and
    # the closures of six trainers, each traced once, would read as one
    # function "retracing excessively" and log a warning in a grid search.
    return tf.function(partial(_assign, variables), autograph=False)


def _assign(variables: list, values: list) -> None:
    for variable, value in zip(variables, values, strict=True):
        variable.assign(value)


#: The process-wide pool that skltsm's Keras estimators use.
default_pool = TrainerPool()
