"""The fit parameters of a forecast pipeline: the regressor's weights, row by row.

scikit-learn's :class:`~sklearn.pipeline.Pipeline` hands ``<step>__<param>``
to the ``fit`` of that step (or, with metadata routing enabled, each
parameter to the steps that request it). A
:class:`skltsm.ForecastPipeline` fits its steps before the
``LagTransformer`` on the rows of ``X`` and its regressor on windows, of
which there are fewer: the rows with too little history (the first
``warmup_`` of a series), the rows a step made NaN and the rows whose
targets are not all known have none. So the pipeline takes one fit
parameter, the regressor's ``sample_weight``, one weight per row of ``X``,
and gives each training window the weight of the row it forecasts (its
first step, for a pipeline of several steps per row); the weights of rows
without a window are dropped with them. The steps before the regressor take
no fit parameters: they are fitted on rows that windows of other rows read,
where a weight, which says how much a row's forecast counts, has no meaning.
"""

from __future__ import annotations

import numpy as np
from sklearn.utils.metadata_routing import _routing_enabled, process_routing
from sklearn.utils.validation import _check_sample_weight, has_fit_parameter

from skltsm._series._panel import Stacking

__all__ = ["regressor_sample_weight", "window_weights"]


def regressor_sample_weight(pipeline, frame, params: dict) -> np.ndarray | None:
    """Return the regressor's ``sample_weight`` among ``fit``'s parameters.

    Parameters
    ----------
    pipeline : ForecastPipeline
        The pipeline being fitted (its steps validated).
    frame : pandas.DataFrame
        The validated rows of ``X``, one weight each.
    params : dict
        The keyword arguments of ``fit``: ``<regressor step>__sample_weight``,
        or, with metadata routing enabled, ``sample_weight`` requested by the
        regressor.

    Returns
    -------
    sample_weight : ndarray of shape (n_rows,) or None
        Checked: finite, non-negative, one per row of ``frame``.

    Raises
    ------
    TypeError
        If a parameter is not the regressor's ``sample_weight``, or the
        regressor's ``fit`` takes none.
    ValueError
        If the weights are not one non-negative number per row of ``X``.
    """
    if not params:
        return None
    name, regressor = pipeline.steps[-1]
    routed = (
        _routed(pipeline, params) if _routing_enabled() else _by_name(pipeline, params)
    )
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
    unknown = sorted(set(routed.get(name, {})) - {"sample_weight"})
    if unknown:
        raise TypeError(
            f"ForecastPipeline.fit takes {name}__sample_weight only, one weight per "
            f"row of X, which it aligns with the training windows; got {unknown} for "
            f"{name!r}. Set other parameters with set_params."
        )
    if not has_fit_parameter(regressor, "sample_weight"):
        raise TypeError(
            f"{type(regressor).__name__}.fit takes no sample_weight; use a "
            "regressor whose fit does, or fit without weights."
        )
    weights = routed.get(name, {}).get("sample_weight")
    if weights is None:
        return None
    return _check_sample_weight(
        weights, frame, dtype=np.float64, ensure_non_negative=True
    )


def _by_name(pipeline, params: dict) -> dict[str, dict]:
    """Parameters by step, from ``<step>__<param>`` names (no metadata routing)."""
    name = pipeline.steps[-1][0]
    steps = [step for step, _ in pipeline.steps]
    routed: dict[str, dict] = {}
    for key, value in params.items():
        step, _, param = key.partition("__")
        if not param or step not in steps:
            raise TypeError(
                f"ForecastPipeline.fit does not take the parameter {key!r}. Pass "
                f"the regressor's weights as {name}__sample_weight=..., one per row "
                "of X (the steps are "
                f"{steps}), or enable metadata routing "
                "(sklearn.set_config(enable_metadata_routing=True)) and request "
                "them with set_fit_request(sample_weight=True) on the regressor."
            )
        routed.setdefault(step, {})[param] = value
    return routed


def _routed(pipeline, params: dict) -> dict[str, dict]:
    """Parameters by step, as scikit-learn's metadata routing sends them."""
    routed = process_routing(pipeline, "fit", **params)
    by_step = {}
    for step, _ in pipeline.steps:
        methods = routed[step]
        by_step[step] = {k: v for method in methods for k, v in methods[method].items()}
    return by_step


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
