"""What an estimator can take from a forecast pipeline, declared by the estimator.

A :class:`skltsm.ForecastPipeline` composes any scikit-learn regressor. Some
regressors can do more than a tabular one, and the pipeline uses that when it
is declared, without knowing the regressor's class (the Keras layer sits
apart from the forecasting layer; ``docs/architecture.md``):

``"lagged_windows"``
    ``fit`` and ``predict`` accept a
    :class:`~skltsm._transform._lagged_windows.LaggedWindows` in place of the
    flat window matrix, so the windows are streamed from the series instead
    of materialised (ADR 0012).
``"sequence_targets"``
    ``fit`` accepts ``y`` of shape ``(n_samples, n_steps, n_targets)`` (several
    steps of several series) and ``predict`` returns that shape; otherwise a
    multi-step target is flattened step-major to two dimensions.

An estimator declares its capabilities in the class attribute
``_skltsm_capabilities`` (a frozenset of the names above), as sktime
estimators declare tags.

One more capability is read from what an estimator is, because
scikit-learn's own estimators cannot declare it: whether ``fit`` with
``warm_start=True`` goes on training from the weights the estimator has, as
fine-tuning a pretrained network needs (:func:`continued_training_parameter`).

Examples
--------
>>> from sklearn.linear_model import LinearRegression
>>> from skltsm import LSTMRegressor
>>> has_capability(LSTMRegressor(), LAGGED_WINDOWS)
True
>>> has_capability(LinearRegression(), LAGGED_WINDOWS)
False
"""

from __future__ import annotations

from sklearn.linear_model import SGDRegressor
from sklearn.neural_network import MLPRegressor

__all__ = [
    "CAPABILITIES",
    "CONTINUES_FROM_WEIGHTS",
    "LAGGED_WINDOWS",
    "SEQUENCE_TARGETS",
    "continued_training_parameter",
    "has_capability",
]

LAGGED_WINDOWS = "lagged_windows"
SEQUENCE_TARGETS = "sequence_targets"
CAPABILITIES = frozenset({LAGGED_WINDOWS, SEQUENCE_TARGETS})

#: scikit-learn estimators whose ``warm_start=True`` goes on from the weights
#: they have (``coefs_``, ``coef_``) for ``max_iter`` more epochs. Not in it:
#: the ensembles, whose ``warm_start`` adds estimators (refit with as many adds
#: none), and the linear models solved to convergence (``ElasticNet``,
#: ``Lasso``, ``LogisticRegression``), whose warm start only makes the solver
#: faster: it ends at the optimum of the new data alone, whatever the start.
CONTINUES_FROM_WEIGHTS = (MLPRegressor, SGDRegressor)


def has_capability(estimator: object, name: str) -> bool:
    """Whether ``estimator`` declares the capability ``name``.

    Parameters
    ----------
    estimator : object
        Any estimator.
    name : str
        One of :data:`CAPABILITIES`.

    Returns
    -------
    bool
        True when ``name`` is in the estimator's ``_skltsm_capabilities``.
    """
    if name not in CAPABILITIES:
        raise ValueError(f"Unknown capability {name!r}; known: {sorted(CAPABILITIES)}.")
    return name in getattr(estimator, "_skltsm_capabilities", frozenset())


def continued_training_parameter(estimator: object) -> str | None:
    """Return what sets how long ``estimator`` trains on from its weights, if it can.

    An estimator goes on from its weights when it is fitted again with
    ``warm_start=True`` if it has the parameters ``warm_start`` and
    ``epochs`` (a network: :class:`skltsm.LSTMRegressor`, scikeras'
    wrappers), or if it is one of :data:`CONTINUES_FROM_WEIGHTS`, whose
    ``max_iter`` counts the epochs.

    Parameters
    ----------
    estimator : object
        Any estimator.

    Returns
    -------
    name : {"epochs", "max_iter"} or None
        The parameter that sets the epochs of a continued fit; ``None`` when
        a fit with ``warm_start=True`` would not go on from the weights (no
        ``warm_start``, or one that adds estimators).

    Examples
    --------
    >>> from sklearn.ensemble import RandomForestRegressor
    >>> from sklearn.neural_network import MLPRegressor
    >>> from skltsm import LSTMRegressor
    >>> continued_training_parameter(LSTMRegressor())
    'epochs'
    >>> continued_training_parameter(MLPRegressor())
    'max_iter'
    >>> continued_training_parameter(RandomForestRegressor()) is None
    True
    """
    get_params = getattr(estimator, "get_params", None)
    params = get_params(deep=False) if callable(get_params) else {}
    if "warm_start" not in params:
        return None
    if "epochs" in params:
        return "epochs"
    if isinstance(estimator, CONTINUES_FROM_WEIGHTS) and "max_iter" in params:
        return "max_iter"
    return None
