"""Multi-step strategies: how pipelines are trained and turned into forecasts.

Every strategy wraps clones of the user's :class:`skltsm.ForecastPipeline`
and answers the same three questions, for any set of forecast origins at
once (the calibration of intervals asks for dozens):

* ``fit(y, X)``: train on the observed targets ``y`` and covariates ``X``;
* ``forecast(y, X, origins, steps)``: the forecasts of ``steps`` steps after
  each origin (a position in ``y``), using only ``y`` up to the origin and
  ``X`` up to the forecast time;
* ``one_step_ahead(y, X)``: the forecast of every row of ``y`` from the rows
  before it (the in-sample "fitted values", NaN without enough history).

The strategies:

* :class:`Recursive` -- one pipeline with ``horizon=1``; later steps feed the
  earlier forecasts back (:func:`skltsm._forecast._recursion.recursive_forecast`).
* :class:`Direct` -- one pipeline per step ``h``, its ``LagTransformer`` set
  to ``horizon=h``; the step-1 model always exists for in-sample forecasts.
* :class:`MultiOutput` -- one network with a vector output of ``n_steps``
  values (:class:`skltsm._forecast._multistep.MultiStepPipeline`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import Pipeline

from skltsm._capabilities import continued_training_parameter
from skltsm._forecast._covariates import model_frame, stacked_ends
from skltsm._forecast._multistep import MultiStepPipeline
from skltsm._forecast._panel_pipeline import rows_to_train
from skltsm._forecast._pipeline import ForecastPipeline
from skltsm._forecast._recursion import recursive_forecast
from skltsm._forecast._series_identity import series_ids, with_series_identity
from skltsm._series._panel import is_panel, panel_index, stack
from skltsm._transform._lag import LagTransformer

__all__ = [
    "STRATEGIES",
    "Direct",
    "MultiOutput",
    "Recursive",
    "StrategyWrapper",
    "prepare_pipeline",
]


def prepare_pipeline(
    pipeline: ForecastPipeline,
    targets: list[str],
    *,
    horizon: int = 1,
    random_state: int | None = None,
) -> ForecastPipeline:
    """Clone ``pipeline`` for one model: its targets, horizon and seed.

    Parameters
    ----------
    pipeline : ForecastPipeline
        The user's (unfitted) pipeline; not modified.
    targets : list of str
        Names of the target columns in the frames the model will see.
    horizon : int, default=1
        Horizon of the ``LagTransformer``.
    random_state : int or None, default=None
        If not None, the ``random_state`` of every step that has one.

    Returns
    -------
    pipeline : ForecastPipeline
        A fresh clone.
    """
    prepared = clone(pipeline)
    params = {"target": list(targets), f"{_lag_step(prepared)}__horizon": horizon}
    if random_state is not None:
        for name, step in prepared.steps:
            if hasattr(step, "get_params") and "random_state" in step.get_params():
                params[f"{name}__random_state"] = random_state
    return prepared.set_params(**params)


def _lag_step(pipeline: ForecastPipeline) -> str:
    names = [n for n, step in pipeline.steps if isinstance(step, LagTransformer)]
    if len(names) != 1:
        raise ValueError(
            "LSTMForecaster needs a pipeline with exactly one LagTransformer "
            f"(make_forecast_pipeline(..., LagTransformer(look_back), regressor)); "
            f"got steps {[n for n, _ in pipeline.steps]}."
        )
    horizon = pipeline.get_params()[f"{names[0]}__horizon"]
    if horizon != 1:
        raise ValueError(
            "LSTMForecaster sets the LagTransformer's horizon itself (1 for the "
            "recursive and multioutput strategies, each step h for direct); "
            f"leave it at 1, got horizon={horizon}."
        )
    return names[0]


@contextmanager
def continued_training(pipeline: ForecastPipeline, epochs: int) -> Iterator[None]:
    """Let the steps that can go on from their weights continue training.

    Inside it, ``ForecastPipeline._continue_fit`` trains the regressor
    further and keeps every other step as fitted: a scaler fitted on the first
    data must scale the next as the network learnt it, whatever that data's
    range (refit, it would put the new rows, and every series forecast
    later, on another scale than the network's).

    Parameters
    ----------
    pipeline : ForecastPipeline
        A fitted pipeline; its parameters are restored afterwards.
    epochs : int
        Epochs of the continued training (``epochs``, or ``max_iter`` of a
        scikit-learn estimator that goes on from its weights); 0 keeps each
        step's own. An ``MLPRegressor``'s stopping record is reset, so that
        its continued fit stops on the new data's losses alone.
    """
    params = pipeline.get_params()
    warm = _continuing_steps(params)
    changes = {step + "warm_start": True for step in warm}
    if epochs:
        changes.update({step + length: epochs for step, length in warm.items()})
    pipeline.set_params(**changes)
    for step in warm:
        _restart_stopping(params[step.removesuffix("__")])
    try:
        yield
    finally:
        pipeline.set_params(**{name: params[name] for name in changes})


def _restart_stopping(estimator) -> None:
    """Judge when a warm-started ``MLPRegressor`` stops on its next fit alone.

    Its warm start keeps the stopping record of the fits before (the best
    training loss or validation score, and the epochs without improvement),
    which a first fit starts afresh: a network pretrained to convergence
    would stop after one epoch of its fine-tuning, whatever ``max_iter``, and
    the validation scores of a series would be held against a panel's. The
    record is reset as a first fit sets it; every other estimator is left as
    it is (``SGDRegressor`` starts its record afresh at each fit).
    """
    if not (
        isinstance(estimator, MLPRegressor)
        and estimator.solver in ("sgd", "adam")  # lbfgs keeps no such record
        and hasattr(estimator, "_no_improvement_count")
    ):
        return
    estimator._no_improvement_count = 0
    if estimator.early_stopping:
        estimator.best_validation_score_ = -np.inf
        estimator._best_coefs = [c.copy() for c in estimator.coefs_]
        estimator._best_intercepts = [c.copy() for c in estimator.intercepts_]
    else:
        estimator.best_loss_ = np.inf


def _continuing_steps(params: dict) -> dict[str, str]:
    """Return the steps that go on from their weights, and their epochs' name.

    Keys are prefixes (``"step__"``, nested ones too), values the parameter
    that counts the epochs of a continued fit (``"epochs"`` or
    ``"max_iter"``): see
    :func:`~skltsm._capabilities.continued_training_parameter`, which leaves
    out scikit-learn's ensembles (``HistGradientBoostingRegressor``,
    ``RandomForestRegressor``): their ``warm_start`` adds estimators, and
    refit with the same number adds none. A nested step counts only inside
    pipelines, which fit their steps themselves: a meta-estimator such as
    ``TransformedTargetRegressor`` fits a clone of its estimator, which
    starts anew whatever its ``warm_start``.
    """
    steps = {}
    for name in params:
        if name.endswith("__warm_start"):
            prefix = name.removesuffix("warm_start")
            length = continued_training_parameter(params[prefix.removesuffix("__")])
            if length is not None and _inside_pipelines(params, prefix):
                steps[prefix] = length
    return steps


def _inside_pipelines(params: dict, prefix: str) -> bool:
    """Whether every estimator around the step at ``prefix`` is a ``Pipeline``."""
    names = prefix.removesuffix("__").split("__")
    return all(
        isinstance(params["__".join(names[:depth])], Pipeline)
        for depth in range(1, len(names))
    )


def _needed_rows(pipeline: ForecastPipeline) -> int:
    """Rows a pipeline needs to fit (before fitting): its layout knows."""
    return pipeline._layout().min_rows(pipeline._n_steps)


class _Strategy:
    """What the strategies share: their pipeline template, targets, time step."""

    def __init__(
        self, pipeline, targets, step, *, random_state=None, series_identity=False
    ):
        self.pipeline = pipeline
        self.targets = list(targets)
        self.step = step
        self.random_state = random_state
        self.series_identity = series_identity

    def _prepare(self, horizon: int = 1) -> ForecastPipeline:
        return prepare_pipeline(
            self.pipeline, self.targets, horizon=horizon,
            random_state=self.random_state,
        )  # fmt: skip

    def _frame(self, y, X, leads, n_future=0) -> pd.DataFrame:
        frame = model_frame(y, X, leads, self.step, n_future=n_future)
        if not self.series_identity:
            return frame
        return with_series_identity(frame, self.identities_)

    def _remember_series(self, y, continue_epochs: int | None) -> None:
        """Fix the identity columns at a fit that trains anew (pretraining's series).

        A fit that goes on from the weights keeps the columns the network was
        trained with; one that trains from scratch (a first fit, or a copy
        whose pipeline cannot go on, pretrained anew on another panel) takes
        its own series'.
        """
        if not self.series_identity:
            return
        if not hasattr(self, "identities_") or not self._goes_on(continue_epochs):
            self.identities_ = series_ids(y)

    def _goes_on(self, continue_epochs: int | None) -> bool:
        """Whether a fit with ``continue_epochs`` trains on from fitted weights."""
        if continue_epochs is None:
            return False
        try:
            return self.continues_training()
        except AttributeError:  # nothing fitted yet
            return False

    def _train(self, fitted, fresh, frame: pd.DataFrame, continue_epochs):
        """Fit a fresh pipeline, or keep training a fitted one.

        Parameters
        ----------
        fitted : ForecastPipeline or None
            The pipeline fitted so far (by ``pretrain``, say).
        fresh : callable
            Returns a new pipeline of this strategy.
        frame : pandas.DataFrame
            The rows to train on (one series or a long panel).
        continue_epochs : int or None
            ``None`` fits ``fresh()``. An int keeps training ``fitted``:
            every step that can (:func:`continued_training`) continues from
            its weights, for that many epochs (0: its own ``epochs`` or
            ``max_iter``), and the other steps stay as fitted. A ``fitted``
            pipeline without such a step is trained anew (``fresh()``).
        """
        if (
            continue_epochs is None
            or fitted is None
            or not _continuing_steps(fitted.get_params())
        ):
            return fresh().fit(frame, frame[self.targets])
        with continued_training(fitted, continue_epochs):
            return fitted._continue_fit(frame, frame[self.targets])

    def continues_training(self) -> bool:
        """Whether training further (``continue_epochs``) starts from the weights.

        Only a step that goes on from its weights when warm-started (one with
        ``warm_start`` and ``epochs``, the network, or scikit-learn's
        ``MLPRegressor`` or ``SGDRegressor``:
        :func:`~skltsm._capabilities.continued_training_parameter`)
        continues; a fitted pipeline without one is trained again from
        scratch. A scikit-learn ensemble's ``warm_start`` does not count: it
        adds estimators, and refit with as many adds none.
        """
        return any(
            _continuing_steps(pipeline.get_params())
            for pipeline in self.fitted_pipelines
        )

    def forecast(self, y, X, origins, steps, *, quantiles=False) -> np.ndarray:
        """Forecast ``steps`` after each origin (a position in ``y``).

        With ``quantiles``, the quantiles the network predicts
        (``forecast_quantile_rows``) instead of point forecasts: not for the
        recursive strategy.

        Returns
        -------
        forecasts : ndarray of shape (n_origins, len(steps), n_targets)
            With ``quantiles``, a last axis of one value per quantile level.
        """

        def frame_of(leads, n_future):
            return self._frame(y, X, leads, n_future), np.asarray(origins)

        return self._forecast_with(frame_of, steps, quantiles)

    def forecast_ends(self, y, X, steps, *, quantiles=False) -> np.ndarray:
        """Forecast ``steps`` after the last observation of ``y``, or of every series.

        Parameters
        ----------
        y : pandas.DataFrame
            One series, or a long panel indexed (series, time).
        X : pandas.DataFrame or None
            Covariates, up to the last step forecast.
        steps : sequence of int
            Steps after the end to forecast.
        quantiles : bool, default=False
            Forecast the network's quantiles (see :meth:`forecast`).

        Returns
        -------
        forecasts : ndarray of shape (n_series, len(steps), n_targets)
            One row for a single series; the panel's series in the order of
            ``panel_index(y.index).ids``. All series are forecast in the same
            calls of the network (stacked, see :mod:`skltsm._series._panel`).
            With ``quantiles``, a last axis of one value per level.
        """
        if not is_panel(y):
            return self.forecast(y, X, [len(y) - 1], steps, quantiles=quantiles)

        def frame_of(leads, n_future):
            frame = self._frame(y, X, leads, n_future)
            return stacked_ends(frame, n_future, self._gap)

        return self._forecast_with(frame_of, steps, quantiles)

    def series_trained(self, y: pd.DataFrame) -> pd.Index:
        """Return the series of the panel ``y`` that this strategy trained on.

        ``y`` is the panel it was fitted on. A series shorter than a
        training window of every pipeline was left out of training, with a
        :class:`~skltsm.exceptions.ShortSeriesWarning`
        (:func:`~skltsm._forecast._panel_pipeline.training_frame`).
        """
        panel = panel_index(y.index)
        needed = min(rows_to_train(p.contract_) for p in self.fitted_pipelines)
        return panel.ids[panel.lengths >= needed]

    @property
    def has_quantile_heads(self) -> bool:
        """Whether the fitted network predicts quantiles (``predict_quantiles``)."""
        return hasattr(self.fitted_pipelines[0], "predict_quantiles")

    @property
    def _gap(self) -> int:
        """NaN rows between stacked series: the most rows any forecast reads."""
        return max(p.contract_.warmup for p in self.fitted_pipelines)

    @property
    def origin_history(self) -> int:
        """Observations of a series that its forecasts from its end read.

        The most of any fitted pipeline's ``contract_.origin_history``: not
        the most of their ``warmup`` (the direct strategy's step ``h``
        counts ``h - 1`` rows after the end), nor the least (a step whose
        differences reach further back than the first step's input).
        """
        return max(p.contract_.origin_history for p in self.fitted_pipelines)

    @property
    def one_step_leads(self) -> tuple[int, ...]:
        """Leads of the covariates in the frame of one-step forecasts."""
        return self.leads

    def one_step_ahead(self, y, X, *, quantiles=False) -> np.ndarray:
        """In-sample one-step-ahead forecasts ``(len(y), n_targets)``.

        For a panel, rows are grouped by series in the order of
        ``panel_index(y.index).ids``, each in time order, and all series are
        forecast in the same network calls (stacked with NaN gaps). With
        ``quantiles``, the network's quantiles, a last axis of one per level.
        """
        frame = self._frame(y, X, self.one_step_leads)
        if not is_panel(y):
            return self._one_step(frame, quantiles)
        stacked, positions = stack(
            frame.to_numpy(np.float64), panel_index(frame.index), self._gap
        )
        stacked = pd.DataFrame(stacked, columns=frame.columns)
        return self._one_step(stacked, quantiles)[positions]

    def _check_steps(self, steps: Sequence[int], available: Sequence[int]) -> None:
        available = sorted({int(h) for h in available})  # plain ints to print
        missing = sorted({int(h) for h in steps} - set(available))
        if missing:
            raise ValueError(
                f"The {self.name} strategy was fitted for steps "
                f"{available}, but steps {missing} are asked for (an "
                "absolute fh moves relative to the cutoff after update). Fit "
                "again with the forecasting horizon you need."
            )


class Recursive(_Strategy):
    """One one-step-ahead pipeline; later steps feed forecasts back."""

    name = "recursive"
    leads = (1,)

    def __init__(self, pipeline, targets, step, *, horizons=(), **options):
        super().__init__(pipeline, targets, step, **options)
        self.horizons = sorted(horizons)

    @property
    def min_length(self) -> int:
        """Rows needed to fit."""
        return _needed_rows(self._prepare())

    @property
    def trained_steps(self) -> None:
        """``None``: any step, forecasts fed back (one step is trained)."""
        return None

    def calibration_steps(self, n_origins: int) -> list[int]:
        """Return the steps to calibrate: up to the last of ``fh``, else all."""
        return list(range(1, max(self.horizons, default=n_origins) + 1))

    def fit(self, y, X, *, continue_epochs: int | None = None) -> Recursive:
        """Fit the pipeline on the observed rows (see :meth:`_train`)."""
        self._remember_series(y, continue_epochs)
        frame = self._frame(y, X, self.leads)
        fitted = getattr(self, "pipeline_", None)
        self.pipeline_ = self._train(fitted, self._prepare, frame, continue_epochs)
        return self

    def _forecast_with(self, frame_of, steps, quantiles=False) -> np.ndarray:
        if quantiles:
            raise ValueError(
                "The recursive strategy feeds its point forecasts back as inputs, "
                "so the network's quantiles are those of one step only; use the "
                "direct or multioutput strategy to forecast quantiles."
            )
        steps = np.asarray(steps)
        frame, origins = frame_of(self.leads, int(steps.max()))
        paths = recursive_forecast(self.pipeline_, frame, origins, int(steps.max()))
        return paths[:, steps - 1]

    @property
    def fitted_pipelines(self) -> list[ForecastPipeline]:
        """The fitted pipelines of this strategy."""
        return [self.pipeline_]

    def _one_step(self, frame: pd.DataFrame, quantiles=False) -> np.ndarray:
        return _rows_method(self.pipeline_, quantiles)(frame)


class Direct(_Strategy):
    """One pipeline per step ``h``, trained ``h`` steps ahead."""

    name = "direct"

    def __init__(self, pipeline, targets, step, *, horizons, **options):
        super().__init__(pipeline, targets, step, **options)
        self.horizons = sorted({1, *horizons})

    @property
    def min_length(self) -> int:
        """Rows needed to fit the model of the longest step."""
        return max(_needed_rows(self._prepare(h)) for h in self.horizons)

    @property
    def trained_steps(self) -> list[int]:
        """The steps a pipeline was trained for, the only ones it forecasts."""
        return list(self.horizons)

    def calibration_steps(self, n_origins: int) -> list[int]:
        """Return the steps to calibrate: the trained ones."""
        return self.trained_steps

    def fit(self, y, X, *, continue_epochs: int | None = None) -> Direct:
        """Fit one pipeline per step (see :meth:`_train`)."""
        self._remember_series(y, continue_epochs)
        fitted = getattr(self, "pipelines_", {})
        self.pipelines_ = {
            h: self._train(
                fitted.get(h), partial(self._prepare, h), self._frame(y, X, (h,)),
                continue_epochs,
            )
            for h in self.horizons
        }  # fmt: skip
        return self

    def _forecast_with(self, frame_of, steps, quantiles=False) -> np.ndarray:
        self._check_steps(steps, self.horizons)
        parts = []
        for h in steps:
            frame, origins = frame_of((h,), h)
            pipeline = self.pipelines_[h]
            parts.append(_forecast_rows_at(pipeline, frame, origins + h, quantiles))
        return np.stack(parts, axis=1)

    @property
    def fitted_pipelines(self) -> list[ForecastPipeline]:
        """The fitted pipelines of this strategy."""
        return list(self.pipelines_.values())

    one_step_leads = (1,)

    def _one_step(self, frame: pd.DataFrame, quantiles=False) -> np.ndarray:
        return _rows_method(self.pipelines_[1], quantiles)(frame)


class MultiOutput(_Strategy):
    """One network whose output is the vector of the next ``n_steps`` values."""

    name = "multioutput"

    def __init__(self, pipeline, targets, step, *, n_steps, **options):
        super().__init__(pipeline, targets, step, **options)
        self.n_steps = max(1, int(n_steps))
        self.leads = tuple(range(1, self.n_steps + 1))

    def _multistep(self) -> MultiStepPipeline:
        prepared = self._prepare()
        return MultiStepPipeline(
            prepared.steps, target=prepared.target, n_steps=self.n_steps
        )

    @property
    def min_length(self) -> int:
        """Rows needed to fit: a window followed by ``n_steps`` targets."""
        return _needed_rows(self._multistep())

    @property
    def trained_steps(self) -> list[int]:
        """The steps of the network's outputs, the only ones it forecasts."""
        return list(range(1, self.n_steps + 1))

    def calibration_steps(self, n_origins: int) -> list[int]:
        """Return the steps to calibrate: all outputs."""
        return self.trained_steps

    def fit(self, y, X, *, continue_epochs: int | None = None) -> MultiOutput:
        """Fit the vector-output pipeline (see :meth:`_train`)."""
        self._remember_series(y, continue_epochs)
        frame = self._frame(y, X, self.leads)
        fitted = getattr(self, "pipeline_", None)
        self.pipeline_ = self._train(fitted, self._multistep, frame, continue_epochs)
        return self

    def _by_step(self, levels: np.ndarray) -> np.ndarray:
        """``(n, n_steps, n_targets[, n_quantiles])`` from step-major rows."""
        n_steps, n_targets = self.n_steps, len(self.targets)
        return levels.reshape(len(levels), n_steps, n_targets, *levels.shape[2:])

    def _forecast_with(self, frame_of, steps, quantiles=False) -> np.ndarray:
        self._check_steps(steps, range(1, self.n_steps + 1))
        frame, origins = frame_of(self.leads, 1)
        levels = _forecast_rows_at(self.pipeline_, frame, origins + 1, quantiles)
        return self._by_step(levels)[:, np.asarray(steps) - 1]

    @property
    def fitted_pipelines(self) -> list[ForecastPipeline]:
        """The fitted pipelines of this strategy."""
        return [self.pipeline_]

    def _one_step(self, frame: pd.DataFrame, quantiles=False) -> np.ndarray:
        return self._by_step(_rows_method(self.pipeline_, quantiles)(frame))[:, 0]


class StrategyWrapper:
    """A strategy around another: what it does not override is the wrapped one's.

    Subclasses name their own attributes in ``_OWN``: those are never looked
    up on the wrapped strategy (an unpickled copy lacks them while it is
    being restored, and the lookup would recurse).

    Parameters
    ----------
    strategy : object
        The wrapped strategy.
    """

    _OWN = frozenset({"strategy"})

    def __init__(self, strategy):
        self.strategy = strategy

    def __getattr__(self, name):
        # reached only for names the wrapper lacks
        if name in self._OWN:
            raise AttributeError(name)
        return getattr(self.strategy, name)


def _rows_method(pipeline: ForecastPipeline, quantiles: bool):
    """Return the pipeline's ``forecast_quantile_rows`` or its ``forecast_rows``."""
    return pipeline.forecast_quantile_rows if quantiles else pipeline.forecast_rows


def _forecast_rows_at(
    pipeline: ForecastPipeline, frame: pd.DataFrame, rows: np.ndarray, quantiles=False
) -> np.ndarray:
    """Forecast some rows of ``frame``, from the rows they need.

    Only the stretch from the earliest row's history to the latest row runs
    through the transformers (calibration asks for dozens of rows near the
    end of a long series). With ``quantiles``, the network's quantiles.
    """
    rows = np.asarray(rows)
    first = max(0, int(rows.min()) - pipeline.contract_.warmup)
    part = frame.iloc[first : int(rows.max()) + 1]
    forecast = _rows_method(pipeline, quantiles)
    return forecast(part, rows=rows - first)[rows - first]


STRATEGIES = {"recursive": Recursive, "direct": Direct, "multioutput": MultiOutput}
