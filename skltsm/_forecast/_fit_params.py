"""The fit parameters of a forecast pipeline: the regressor's weights, row by row.

scikit-learn's :class:`~sklearn.pipeline.Pipeline` hands ``<step>__<param>``
to the ``fit`` of that step (or, with metadata routing enabled, each
parameter to the steps that request it). A
:class:`skltsm.ForecastPipeline` fits its steps before the
``LagTransformer`` on the rows of ``X`` and its regressor on windows, of
which there are fewer: the rows with too little history (the first
``warmup_`` of a series), the rows a step made NaN and the rows whose
targets are not all known have none. So the pipeline takes one kind of fit
parameter, the regressor's sample weights, one weight per row of ``X``,
and gives each training window the weight of the row it forecasts (its
first step, for a pipeline of several steps per row); the weights of rows
without a window are dropped with them. The steps before the regressor take
no fit parameters: they are fitted on rows that windows of other rows read,
where a weight, which says how much a row's forecast counts, has no meaning.

The regressor takes the aligned weights under the keyword it was given them
for: ``sample_weight``, or, for a regressor that routes them itself, what
it routes: ``<step>__sample_weight`` for a nested ``Pipeline`` (any of its
steps: they are fitted on the windows), ``sample_weight`` for a
``TransformedTargetRegressor``, which passes it on to its regressor, and,
with metadata routing, ``sample_weight`` for any router, which sends it to
the estimators inside that requested it, or the alias one requested
(``set_fit_request(sample_weight="w")``, ``fit(X, y, w=...)``): a keyword
that reaches only ``sample_weight`` is a weight, aligned as one. A request
left unset is named before anything is fitted.
"""

from __future__ import annotations

import functools

import numpy as np
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import UnsetMetadataPassedError
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import Pipeline
from sklearn.utils.metadata_routing import (
    MetadataRouter,
    _routing_enabled,
    get_routing_for_object,
    process_routing,
)
from sklearn.utils.validation import _check_sample_weight, has_fit_parameter

from skltsm._series._observations import check_weight_rows
from skltsm._series._panel import Stacking

__all__ = ["regressor_sample_weights", "window_weights"]


def regressor_sample_weights(pipeline, frame, params: dict) -> dict[str, np.ndarray]:
    """Return the regressor's sample weights among ``fit``'s parameters.

    Parameters
    ----------
    pipeline : ForecastPipeline
        The pipeline being fitted (its steps validated).
    frame : pandas.DataFrame
        The validated rows of ``X``, one weight each.
    params : dict
        The keyword arguments of ``fit``: ``<regressor step>__sample_weight``,
        ``<regressor step>__<inner step>__sample_weight`` for a regressor
        that is a :class:`~sklearn.pipeline.Pipeline` (through a
        :class:`~sklearn.compose.TransformedTargetRegressor`, which passes
        its fit parameters on to its regressor, as they are), or, with
        metadata routing enabled, ``sample_weight`` requested by the
        regressor or by an estimator inside it, or an alias requested for
        it (``set_fit_request(sample_weight="w")``).

    Returns
    -------
    sample_weights : dict of str to ndarray of shape (n_rows,)
        The weights by the keyword the regressor's ``fit`` takes them under
        (``sample_weight``, ``<inner step>__sample_weight``, an alias), each
        checked: finite, non-negative, one per row of ``frame`` (a pandas
        Series indexed like ``frame``, in its order). Empty without weights.

    Raises
    ------
    TypeError
        If a parameter is not a sample weight of the regressor, or the
        estimator it is for takes none, before anything is fitted.
    ValueError
        If the weights are not one non-negative number per row of ``X``, or
        are a pandas Series whose index is not ``X``'s.
    UnsetMetadataPassedError
        A ``ValueError``, with metadata routing, if an estimator that the
        weights reach neither requests nor refuses them, naming it, before
        anything is fitted.
    """
    if not params:
        return {}
    name, regressor = pipeline.steps[-1]
    routing = _routing_enabled()
    routed = _routed(pipeline, params) if routing else _by_name(pipeline, params)
    for step, given in routed.items():
        if step != name and given:
            raise TypeError(
                f"ForecastPipeline.fit passes fit parameters to its regressor "
                f"{name!r} only, but step {step!r} was given {sorted(given)}: the "
                "steps before the regressor are fitted on rows that the windows of "
                "other rows read, where a row's weight has no meaning. Set their "
                "parameters with set_params (with metadata routing, "
                f"{type(pipeline.named_steps[step]).__name__}.set_fit_request"
                "(sample_weight=False))."
            )
    given = routed.get(name, {})
    if routing:
        _check_routed_to_weights(regressor, name, given)
    else:
        _check_weights_only(name, given)
        for key in given:
            _check_takes_weights(regressor, key, name, f"the regressor {name!r}")
    return {
        key: _checked_weights(weights, frame, key if routing else f"{name}__{key}")
        for key, weights in given.items()
        if weights is not None
    }


def _checked_weights(weights, frame, what: str) -> np.ndarray:
    """Check one weight per row of ``frame``; a pandas one indexed like it."""
    check_weight_rows(weights, frame.index, what)
    return _check_sample_weight(
        weights, frame, dtype=np.float64, ensure_non_negative=True
    )


def _check_weights_only(name: str, given: dict) -> None:
    """Refuse the regressor's parameters that are not its sample weights."""
    unknown = sorted(key for key in given if key.rpartition("__")[2] != "sample_weight")
    if unknown:
        raise TypeError(
            "ForecastPipeline.fit takes the regressor's sample weights only, one "
            "weight per row of X, which it aligns with the training windows: "
            f"{name}__sample_weight, or {name}__<step>__sample_weight for a "
            "Pipeline regressor (with metadata routing, sample_weight); got "
            f"{unknown} for {name!r}. Set other parameters with set_params."
        )


def _check_takes_weights(estimator, key: str, prefix: str, where: str) -> None:
    """Refuse ``key`` unless ``estimator.fit(..., **{key: w})`` reaches a weight.

    ``key`` is the rest of a fit parameter's name after ``prefix``:
    ``sample_weight`` for an estimator whose ``fit`` takes it, or for a
    ``TransformedTargetRegressor`` whose regressor does (it passes its fit
    parameters on as they are), ``<step>__<rest>`` for a ``Pipeline``.
    ``where`` says which estimator it is, for the messages.
    """
    if isinstance(estimator, TransformedTargetRegressor):
        inner = estimator.regressor
        inner = LinearRegression() if inner is None else inner
        _check_takes_weights(inner, key, prefix, f"the regressor of {where}")
        return
    if isinstance(estimator, Pipeline):
        steps = [step for step, _ in estimator.steps]
        step, _, rest = key.partition("__")
        if not rest or step not in steps:
            raise TypeError(
                f"{where} is a Pipeline, which takes sample weights for its steps "
                f"by name: pass {prefix}__<step>__sample_weight, one weight per "
                f"row of X, for one of its steps {steps} whose fit takes them "
                f"(got {prefix}__{key})."
            )
        inner = estimator.named_steps[step]
        _check_takes_weights(
            inner, rest, f"{prefix}__{step}", f"step {step!r} of {where}"
        )
        return
    if not (hasattr(estimator, "fit") and has_fit_parameter(estimator, key)):
        raise TypeError(
            f"{type(estimator).__name__}.fit takes no {key} ({where}), so "
            f"{prefix}__{key} cannot reach it. ForecastPipeline.fit aligns the "
            "sample weights of a regressor whose fit takes sample_weight "
            "(<regressor>__sample_weight), of the steps of a Pipeline regressor "
            "whose fit takes it (<regressor>__<step>__sample_weight) and of the "
            "regressor of a TransformedTargetRegressor (as for that regressor); "
            "use such an estimator, fit without weights, or, for another "
            "estimator that routes metadata, enable metadata routing "
            "(sklearn.set_config(enable_metadata_routing=True))."
        )


def _by_name(pipeline, params: dict) -> dict[str, dict]:
    """Parameters by step, from ``<step>__<param>`` names (no metadata routing)."""
    name, regressor = pipeline.steps[-1]
    steps = [step for step, _ in pipeline.steps]
    routed: dict[str, dict] = {}
    for key, value in params.items():
        step, _, param = key.partition("__")
        if not param or step not in steps:
            raise TypeError(
                f"ForecastPipeline.fit does not take the parameter {key!r}. Pass "
                f"the regressor's weights as {_weights_key(regressor, name)}=..., "
                f"one per row of X (the steps are {steps}), or enable metadata routing "
                "(sklearn.set_config(enable_metadata_routing=True)) and request "
                "them with set_fit_request(sample_weight=True) on the regressor."
            )
        routed.setdefault(step, {})[param] = value
    return routed


def _weights_key(estimator, prefix: str) -> str:
    """Name the sample weights of ``estimator`` by name, as ``fit`` takes them.

    ``<prefix>__sample_weight``; a ``Pipeline``'s go to its last step
    (``<prefix>__<step>__sample_weight``), a ``TransformedTargetRegressor``'s
    to its regressor, named as that regressor's.

    Examples
    --------
    >>> from sklearn.pipeline import Pipeline
    >>> from sklearn.linear_model import Ridge
    >>> _weights_key(Pipeline([("r", Ridge())]), "pipeline")
    'pipeline__r__sample_weight'
    """
    if isinstance(estimator, TransformedTargetRegressor):
        inner = estimator.regressor
        return _weights_key(LinearRegression() if inner is None else inner, prefix)
    if isinstance(estimator, Pipeline):
        step, last = estimator.steps[-1]
        return _weights_key(last, f"{prefix}__{step}")
    return f"{prefix}__sample_weight"


def _routed(pipeline, params: dict) -> dict[str, dict]:
    """Parameters by step, as scikit-learn's metadata routing sends them."""
    name = pipeline.steps[-1][0]

    def place(step: str) -> tuple[str, bool]:
        if step == name:
            return f"the regressor {name!r}", True
        return f"step {step!r}, before the regressor", False

    routing = get_routing_for_object(pipeline)
    routed = _process_routing(routing, "fit", params, place)
    by_step = {}
    for step, _ in pipeline.steps:
        methods = routed[step]
        by_step[step] = {k: v for method in methods for k, v in methods[method].items()}
    return by_step


def _check_routed_to_weights(regressor, name: str, given: dict) -> None:
    """Refuse a routed parameter unless it reaches only ``sample_weight``s.

    With metadata routing, a regressor that routes metadata is given each
    parameter under the name (or alias) that an estimator inside it
    requested; an alias (``set_fit_request(sample_weight="w")``) is aligned
    like ``sample_weight`` if every estimator it reaches takes it as its
    ``sample_weight``.
    """
    routing = get_routing_for_object(regressor)
    where = f"the regressor {name!r}"
    for key, value in given.items():
        reached = _reached(routing, "fit", {key: value}, where)
        others = {f"{at} as {as_}" for at, as_ in reached if as_ != "sample_weight"}
        if others:
            raise TypeError(
                "ForecastPipeline.fit takes the regressor's sample weights only, "
                "one weight per row of X, which it aligns with the training "
                f"windows, but {key!r} reaches {sorted(others)}. Request "
                "sample_weight (set_fit_request(sample_weight=True), or an "
                "alias), and set other parameters with set_params."
            )


def _reached(routing, method: str, params: dict, where: str):
    """Yield ``(estimator, name)`` for each estimator that ``params`` reach.

    ``routing`` is the estimator's, from ``get_routing_for_object``;
    ``method`` is the one called with ``params``, ``where`` says which
    estimator it is. ``name`` is what the estimator's method takes the
    value under, its own name for an alias. A router's own requests (a
    ``RidgeCV``'s) were resolved by its parent: it takes them as they come.
    """
    owner = f"{_owner_name(routing.owner)}.{method} ({where})"
    if not isinstance(routing, MetadataRouter):
        yield from ((owner, key) for key in params)
        return
    inside = functools.partial(_inside, routing.owner, where)
    routed = _process_routing(routing, method, params, lambda c: (inside(c), True))
    for child, pair in routing:
        if child == "$self_request":
            own = getattr(pair.router, method).requests
            yield from ((owner, k) for k in params if own.get(k, False) is not False)
            continue
        for caller, callee in pair.mapping:
            sent = routed[child][callee] if caller == method else None
            if sent:
                yield from _reached(pair.router, callee, sent, inside(child))


def _inside(owner, where: str, child: str) -> str:
    """Say which estimator ``child`` is, in the router ``owner`` at ``where``."""
    if isinstance(owner, Pipeline):
        return f"step {child!r} of {where}"
    return f"{child!r} of {where}"


def _owner_name(owner) -> str:
    """Return the class name of the estimator ``owner`` (a name already, as is)."""
    return owner if isinstance(owner, str) else type(owner).__name__


def _process_routing(routing, method: str, params: dict, place):
    """``process_routing``, naming the estimator whose request was left unset.

    scikit-learn's ``UnsetMetadataPassedError`` names the estimator's class
    only, and a router inside the regressor raises it in its own ``fit``,
    after the steps before were fitted. ``place(child)`` says which
    estimator a child of ``routing`` is, and whether it may take weights.
    """
    try:
        return process_routing(routing, method, **params)
    except UnsetMetadataPassedError as error:
        named = _named_unset_error(routing, method, error, place)
        if named is None:
            raise
        raise named from error


def _named_unset_error(routing, method, error, place):
    """Return ``error`` again, saying where and what to call; None if not found.

    The child that raised is the first whose requests for ``method`` leave
    one of the keys unset, as ``MetadataRouter.route_params`` goes through
    them in order: a consumer, or a router with requests of its own.
    """
    keys = list(error.unrequested_params)
    for child, pair in routing:
        if child == "$self_request":  # its parent routed those
            continue
        requests = pair.router
        if isinstance(requests, MetadataRouter):
            requests = dict(requests).get("$self_request")
            requests = None if requests is None else requests.router
        for caller, callee in pair.mapping:
            if caller != method or requests is None:
                continue
            setters = _unset_setters(requests, callee, keys)
            if setters:
                where, weighs = place(child)
                owner = _owner_name(requests.owner)
                return UnsetMetadataPassedError(
                    message=_unset_message(keys, owner, where, weighs, setters),
                    unrequested_params=error.unrequested_params,
                    routed_params=error.routed_params,
                )
    return None


def _unset_setters(requests, callee: str, keys: list) -> list[str]:
    """Return the ``set_<method>_request`` that would set ``keys`` left unset."""
    # a MetadataRequest holds the simple methods' requests; a composite
    # method's (fit_transform) are those of its parts
    methods = [callee] if callee in vars(requests) else callee.split("_")
    return [
        f"set_{method}_request"
        for method in methods
        if any(getattr(requests, method).requests.get(k, False) is None for k in keys)
    ]


def _unset_message(keys, owner, where, weighs, setters) -> str:
    names = ", ".join(keys)
    calls = "".join(
        f".{setter}({', '.join(f'{key}={weighs}' for key in keys)})"
        for setter in setters
    )
    head = (
        f"ForecastPipeline.fit was passed {names}, but {owner} ({where}) "
        "neither requests nor refuses it, which metadata routing requires; "
        "nothing was fitted. "
    )
    if weighs:
        # the method whose request is unset: fit, or score (a search's scorer)
        methods = " and ".join(
            setter.removeprefix("set_").removesuffix("_request") for setter in setters
        )
        return head + (
            f"Call {owner}{calls} for its {methods} to take the weights, which "
            "ForecastPipeline aligns with the training windows (each window "
            "weighs what the row it forecasts weighs), or with False for its "
            f"{methods} to ignore them."
        )
    return head + (
        "The steps before the regressor take no weights (they are fitted on "
        f"rows that the windows of other rows read): call {owner}{calls}."
    )


def window_weights(
    sample_weight: np.ndarray, rows: np.ndarray, stacking: Stacking | None
) -> np.ndarray:
    """Return the weight of each training window: that of the row it forecasts.

    Parameters
    ----------
    sample_weight : ndarray of shape (n_rows,)
        One weight per row of ``X``, in its order.
    rows : ndarray of int
        The row of each training window, in the frame the windows were taken
        from (the stacked panel's, with ``stacking``).
    stacking : Stacking or None
        Where a panel's series lie in that frame; ``None`` for one series.

    Returns
    -------
    weights : ndarray of shape (len(rows),)

    Raises
    ------
    ValueError
        If every training window has weight 0.

    Examples
    --------
    >>> window_weights(np.array([5.0, 6.0, 7.0, 8.0]), np.array([2, 3]), None)
    array([7., 8.])
    """
    source = rows if stacking is None else stacking.source_rows(rows)
    weights = sample_weight[source]
    if not np.any(weights > 0):
        raise ValueError(
            f"sample_weight gives weight 0 to every row that has a training window "
            f"({len(rows)} of the {len(sample_weight)} rows of X: the first rows of "
            "a series, the rows a step made NaN and, with several steps per row, "
            "the last rows of a series have none). Give some of them a positive "
            "weight."
        )
    return weights
