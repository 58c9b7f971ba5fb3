"""The constructor parameters LSTMRegressor and LSTMClassifier share.

scikeras' own ``__init__`` stores parameters skltsm does not use
(``build_fn``, ``validation_split``, ...) and scikeras reads the parameters
back from ``__dict__``, so this ``__init__`` stores exactly skltsm's, plus any
routed ``name__param`` keyword (scikeras' syntax). Values are validated in
``fit`` through ``_parameter_constraints``, as in scikit-learn.
"""

from __future__ import annotations

from difflib import get_close_matches
from inspect import signature
from numbers import Real

import numpy as np
from sklearn.utils._param_validation import (
    Interval,
    InvalidParameterError,
    StrOptions,
)

from skltsm._constraints import (
    NON_NEGATIVE_INT,
    POSITIVE_INT,
    POSITIVE_INTEGERS,
    RANDOM_SEED,
)
from skltsm._keras._architectures import ARCHITECTURES, RECURRENT_CELLS
from skltsm._keras._compile_constraints import (
    ACTIVATION,
    CALLBACKS,
    LOSS,
    METRICS,
    OPTIMIZER,
)

__all__ = ["SequenceParameters"]

#: scikeras' routing prefixes whose parameters never reach the network's
#: build function (``model__*`` and unprefixed ones do).
_NOT_FOR_THE_BUILDER = frozenset(
    {"fit", "compile", "predict", "optimizer", "loss", "metrics", "callbacks"}
)


class SequenceParameters:
    """Shared hyperparameters (each estimator documents them)."""

    _parameter_constraints: dict = {
        "model": [callable, None],
        "architecture": [StrOptions(set(ARCHITECTURES))],
        "units": [POSITIVE_INTEGERS],
        "cell": [StrOptions(set(RECURRENT_CELLS))],
        "bidirectional": ["boolean"],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "activation": [ACTIVATION],
        "n_subsequences": [POSITIVE_INT],
        "filters": [POSITIVE_INT],
        "kernel_size": [POSITIVE_INT],
        "pool_size": [POSITIVE_INT],
        "stateful": ["boolean"],
        "optimizer": [OPTIMIZER],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "loss": [LOSS, None],
        "metrics": [METRICS, None],
        "epochs": [POSITIVE_INT],
        "batch_size": [POSITIVE_INT],
        "shuffle": ["boolean"],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "patience": [NON_NEGATIVE_INT],
        "callbacks": [CALLBACKS, None],
        "warm_start": ["boolean"],
        # scikit-learn's "random_state" would take True as seed 1
        "random_state": [RANDOM_SEED, np.random.RandomState, None],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        model=None,
        *,
        architecture="recurrent",
        units=32,
        cell="lstm",
        bidirectional=False,
        dropout=0.0,
        activation="tanh",
        n_subsequences=2,
        filters=64,
        kernel_size=2,
        pool_size=2,
        stateful=False,
        optimizer="adam",
        learning_rate=0.001,
        loss=None,
        metrics=None,
        epochs=100,
        batch_size=32,
        shuffle=True,
        early_stopping=False,
        validation_fraction=0.1,
        patience=10,
        callbacks=None,
        warm_start=False,
        random_state=None,
        verbose=0,
        **kwargs,
    ):
        self.model = model
        self.architecture = architecture
        self.units = units
        self.cell = cell
        self.bidirectional = bidirectional
        self.dropout = dropout
        self.activation = activation
        self.n_subsequences = n_subsequences
        self.filters = filters
        self.kernel_size = kernel_size
        self.pool_size = pool_size
        self.stateful = stateful
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.loss = loss
        self.metrics = metrics
        self.epochs = epochs
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.callbacks = callbacks
        self.warm_start = warm_start
        self.random_state = random_state
        self.verbose = verbose
        vars(self).update(kwargs)  # scikeras' routed parameters
        if kwargs:
            self._user_params = set(kwargs)

    def _validate_params(self) -> None:
        """Validate the constraints, then the routed keywords the network reads.

        Unprefixed and ``model__`` keywords go to the build function, which
        only a custom ``model`` can take: with the default network a typo
        (``unit=8``) would fail inside scikeras with a bare ``TypeError``.
        """
        super()._validate_params()
        if self.model is not None:
            return
        for_builder = sorted(
            name for name in self._routed_keywords() if _for_builder(name)
        )
        if for_builder:
            raise InvalidParameterError(self._unknown_message(for_builder))

    def _routed_keywords(self) -> set[str]:
        """Return the keywords beyond the named parameters: scikeras' routed ones.

        Given to the constructor or by ``set_params`` (a grid over
        ``model__hidden``), which records none of them where the constructor
        does (``_user_params``).
        """
        named = signature(type(self).__init__).parameters
        return {name for name in self.get_params(deep=False) if name not in named}

    def _unknown_message(self, names: list[str]) -> str:
        known = sorted(set(self.get_params(deep=False)) - self._routed_keywords())
        hints = [
            f"{name!r} (did you mean {close[0]!r}?)" if close else repr(name)
            for name in names
            for close in [get_close_matches(name.removeprefix("model__"), known, 1)]
        ]
        return (
            f"{type(self).__name__} got parameter(s) {', '.join(hints)} that its "
            "default network does not take: unprefixed and model__ keywords go "
            "to a custom model= build function only. Check the spelling, or "
            "route the keyword in scikeras' syntax (fit__, predict__, "
            "optimizer__, loss__, metrics__, compile__, callbacks__)."
        )


def _for_builder(name: str) -> bool:
    """Whether scikeras hands keyword ``name`` to the network's build function."""
    prefix, routed, _ = name.partition("__")
    return not routed or prefix not in _NOT_FOR_THE_BUILDER
