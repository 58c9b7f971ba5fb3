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

__all__ = ["CAPABILITIES", "LAGGED_WINDOWS", "SEQUENCE_TARGETS", "has_capability"]

LAGGED_WINDOWS = "lagged_windows"
SEQUENCE_TARGETS = "sequence_targets"
CAPABILITIES = frozenset({LAGGED_WINDOWS, SEQUENCE_TARGETS})


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
