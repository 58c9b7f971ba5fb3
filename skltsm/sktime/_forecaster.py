"""LSTMForecaster: an sktime forecaster around a skltsm ForecastPipeline."""

from __future__ import annotations

import warnings
from numbers import Integral, Real

import numpy as np
import pandas as pd
from sktime.forecasting.base import BaseForecaster

from skltsm._forecast._covariates import check_future_X, future_labels
from skltsm._forecast._default_pipeline import default_pipeline
from skltsm._forecast._intervals import (
    calibration_origins,
    conformal_quantiles,
    conformal_residuals,
    local_scale,
)
from skltsm._forecast._memory import as_frame, extend
from skltsm._forecast._pipeline import ForecastPipeline
from skltsm._forecast._strategies import STRATEGIES, Direct, MultiOutput, Recursive
from skltsm.exceptions import InsufficientHistoryWarning

__all__ = ["LSTMForecaster"]


class LSTMForecaster(BaseForecaster):
    """Forecast with a skltsm LSTM pipeline, in sktime's forecasting interface.

    Wraps a :class:`skltsm.ForecastPipeline` (differencing, scaling, lagging,
    an LSTM) as a sktime forecaster: forecasts for any horizon ``fh``,
    relative or absolute, in-sample or past the end of the data, several
    multi-step strategies, known future covariates ``X``, ``update`` without
    refitting, and conformal prediction intervals.

    Parameters
    ----------
    pipeline : ForecastPipeline or None, default=None
        The pipeline to train (``make_forecast_pipeline(...)``), cloned in
        ``fit``; its ``LagTransformer`` must keep ``horizon=1``, the strategy
        sets it. ``None`` uses ``Differencer() -> MinMaxScaler((-1, 1)) ->
        LagTransformer(look_back=12) -> LSTMRegressor(units=16, epochs=100,
        batch_size=16)``.
    strategy : {"recursive", "direct", "multioutput"}, default="recursive"
        How steps beyond the first are forecast:

        - ``"recursive"``: one one-step-ahead network; each forecast is fed
          back as the input of the next step (``fh`` may be given late, in
          ``predict``).
        - ``"direct"``: one network per step ``h`` of ``fh``, trained ``h``
          steps ahead (``LagTransformer(horizon=h)``), plus the step-1 one for
          in-sample forecasts. Needs ``fh`` in ``fit``.
        - ``"multioutput"``: one network whose output is the vector of steps
          ``1 .. max(fh)`` (``LSTMRegressor`` vector output, or
          ``architecture="encoder-decoder"``). Needs ``fh`` in ``fit``.
    calibration_size : float or int, default=0.4
        Observations held out at the end of ``y`` to calibrate prediction
        intervals: a fraction in (0, 1) or a count. ``0`` turns intervals off
        (no extra network is trained). It shrinks when the series leaves too
        few rows to fit the calibration model. Steps are calibrated up to the
        last step of ``fh`` (for the recursive strategy without ``fh`` in
        ``fit``, every step the holdout allows).
    calibration_folds : int, default=2
        Consecutive folds of the holdout; each is forecast by a copy of the
        strategy fitted on everything before it (expanding window), so this
        many extra fits. One fold is plain split conformal prediction.
    scale_window : int or None, default=12
        Divide each calibration residual by the mean absolute one-step change
        of ``y`` over the ``scale_window`` observations before its forecast
        origin, and multiply the quantiles by the same scale at the cutoff
        (normalised conformal prediction), so that intervals follow the
        series' current volatility. ``None`` uses raw residuals.
    random_state : int or None, default=None
        Seed given to every step of the pipeline that has a
        ``random_state`` (the network's weights, dropout and shuffling);
        ``None`` keeps the pipeline's own.

    Attributes
    ----------
    strategy_ : object
        The fitted strategy; ``strategy_.pipeline_`` (recursive,
        multioutput) or ``strategy_.pipelines_[h]`` (direct) are the fitted
        pipelines.
    y_memory_ : pandas.DataFrame
        The observations of ``y`` seen in ``fit`` and ``update`` (float
        columns named by strings).
    X_memory_ : pandas.DataFrame or None
        The covariates at the same rows, when ``X`` was given in ``fit``.
    time_step_ : int, pandas.DateOffset or pandas.Timedelta
        Step between consecutive time labels.
    residuals_ : dict of int to ndarray or None
        Signed calibration residuals of each step (``y - forecast``), or
        ``None`` without calibration.

    See Also
    --------
    skltsm.make_forecast_pipeline : Build the pipeline.
    sktime.forecasting.compose.make_reduction : sktime's reduction to
        tabular regressors, with the same strategy names.

    Notes
    -----
    In-sample forecasts (``fh <= 0``) are one-step-ahead: the forecast of
    each observed time from the observations before it (the fitted
    values). The first rows of the series have no complete look-back window
    (``look_back`` plus the differencing order); their forecast is NaN, with
    an :class:`skltsm.exceptions.InsufficientHistoryWarning`.

    Exogenous ``X`` holds *known future* covariates: the network sees their
    values up to the time it forecasts, so ``predict`` needs ``X`` at every
    step from the cutoff to the last step of ``fh``.

    Intervals are conformal: the quantile ``alpha`` of step ``h`` adds to
    the point forecast the matching order statistic of the signed residuals
    of step ``h`` on the calibration holdout, times the series' recent
    volatility (``scale_window``); in-sample forecasts use step 1. Steps
    longer than the holdout have no interval. See
    ``docs/adr/0010-conformal-intervals.md`` for the coverage measured on the
    airline data (below nominal).

    Examples
    --------
    >>> from sklearn.preprocessing import MinMaxScaler
    >>> from skltsm import Differencer, LagTransformer, LSTMRegressor
    >>> from skltsm import make_forecast_pipeline
    >>> from skltsm.datasets import load_airline
    >>> from skltsm.sktime import LSTMForecaster
    >>> y = load_airline()
    >>> pipe = make_forecast_pipeline(
    ...     Differencer(), MinMaxScaler((-1, 1)), LagTransformer(look_back=12),
    ...     LSTMRegressor(units=4, epochs=2),
    ... )
    >>> forecaster = LSTMForecaster(pipe, random_state=0).fit(y, fh=[1, 2, 3])
    >>> forecaster.predict().index.astype(str).tolist()
    ['1961-01', '1961-02', '1961-03']
    >>> forecaster.predict_interval(coverage=0.8).shape
    (3, 2)
    """

    _tags = {
        "authors": ["skltsm developers"],
        "maintainers": ["skltsm developers"],
        "python_dependencies": ["tensorflow", "scikeras"],
        "y_inner_mtype": "pd.DataFrame",
        "X_inner_mtype": "pd.DataFrame",
        "capability:multivariate": True,
        "capability:exogenous": True,
        "capability:insample": True,
        "capability:pred_int": True,
        "capability:pred_int:insample": True,
        "capability:missing_values": False,
        "capability:non_contiguous_X": False,
        "capability:categorical_in_X": False,
        "capability:update": True,
        "capability:random_state": True,
        "property:randomness": "derandomized",
        "requires-fh-in-fit": False,
        "X-y-must-have-same-index": True,
        "fit_is_empty": False,
    }
    # the forecaster keeps its own memory (_memory.py); sktime's is not needed
    _config = {"remember_data": False}

    def __init__(
        self,
        pipeline: ForecastPipeline | None = None,
        *,
        strategy: str = "recursive",
        calibration_size: float | int = 0.4,
        calibration_folds: int = 2,
        scale_window: int | None = 12,
        random_state: int | None = None,
    ):
        self.pipeline = pipeline
        self.strategy = strategy
        self.calibration_size = calibration_size
        self.calibration_folds = calibration_folds
        self.scale_window = scale_window
        self.random_state = random_state
        super().__init__()
        # BaseForecaster creates its data store only when remember_data is on
        # at construction; create it empty so that set_config can turn it on
        self._y = self._X = None

    def __dynamic_tags__(self):
        """Set the tags that depend on the strategy and the calibration."""
        intervals = self.calibration_size != 0
        self.set_tags(
            **{
                "requires-fh-in-fit": self.strategy != "recursive",
                "capability:pred_int": intervals,
                "capability:pred_int:insample": intervals,
            }
        )

    # -- fit ---------------------------------------------------------------
    def _fit(self, y, X, fh):
        """Fit the strategy's pipelines and calibrate the intervals.

        Parameters
        ----------
        y : pandas.DataFrame
            Target series, one column per variable.
        X : pandas.DataFrame or None
            Known covariates at the rows of ``y``.
        fh : ForecastingHorizon or None
            Required by the direct and multioutput strategies.

        Returns
        -------
        self : LSTMForecaster
            The fitted forecaster.
        """
        self._check_params()
        self.y_memory_, self.time_step_ = as_frame(y, "y")
        self.X_memory_ = None if X is None else as_frame(X, "X")[0]
        self._fit_models()
        return self

    def _check_params(self) -> None:
        if self.strategy not in STRATEGIES:
            raise ValueError(
                f"LSTMForecaster(strategy={self.strategy!r}) is not one of "
                f"{sorted(STRATEGIES)}."
            )
        if self.pipeline is not None and not isinstance(
            self.pipeline, ForecastPipeline
        ):
            raise TypeError(
                "LSTMForecaster(pipeline=...) takes a skltsm ForecastPipeline, "
                "e.g. make_forecast_pipeline(Differencer(), MinMaxScaler(), "
                f"LagTransformer(12), LSTMRegressor()); got "
                f"{type(self.pipeline).__name__}."
            )
        size = self.calibration_size
        valid_size = (isinstance(size, Integral) and size >= 0) or (
            isinstance(size, Real) and 0 <= size < 1
        )
        if isinstance(size, bool) or not valid_size:
            raise ValueError(
                "LSTMForecaster(calibration_size=...) must be a fraction in "
                f"[0, 1) or a number of observations >= 0; got {size!r}."
            )
        for name, allow_none in (("calibration_folds", False), ("scale_window", True)):
            value = getattr(self, name)
            if value is None and allow_none:
                continue
            if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
                raise ValueError(
                    f"LSTMForecaster({name}=...) must be an integer >= 1"
                    f"{' or None' if allow_none else ''}; got {value!r}."
                )

    def _fit_models(self) -> None:
        """(Re)fit the strategy and the calibration on the memory."""
        y, X = self.y_memory_, self.X_memory_
        template = self._new_strategy()
        self._check_length(template, len(y))
        self.strategy_ = template.fit(y, X)
        self.residuals_ = self._calibrate(template, y, X)

    def _new_strategy(self):
        pipeline = default_pipeline() if self.pipeline is None else self.pipeline
        common = {
            "pipeline": pipeline,
            "targets": list(self.y_memory_.columns),
            "step": self.time_step_,
            "random_state": self.random_state,
        }
        steps = self._fit_steps()
        if self.strategy == "direct":
            return Direct(horizons=steps, **common)
        if self.strategy == "multioutput":
            return MultiOutput(n_steps=max(steps, default=1), **common)
        return Recursive(horizons=steps, **common)

    def _fit_steps(self) -> list[int]:
        """Return the out-of-sample steps of ``fh``, relative to the cutoff."""
        if self._fh is None:
            return []
        steps = self._fh.to_relative(self.cutoff).to_numpy()
        return sorted(int(s) for s in steps if s > 0)

    def _check_length(self, strategy, n_rows: int) -> None:
        needed = strategy.min_length
        if n_rows < needed:
            raise ValueError(
                f"y has {n_rows} observations, but LSTMForecaster(strategy="
                f"{self.strategy!r}) needs at least {needed}: the look_back of the "
                "LagTransformer plus the differencing order as history, and the "
                "steps ahead the strategy trains for. Use a longer series, a "
                "shorter look_back, fewer differencing lags or fewer steps."
            )

    def _calibrate(self, strategy, y, X) -> dict[int, np.ndarray] | None:
        if self.calibration_size == 0:
            return None
        folds = calibration_origins(
            len(y), self.calibration_size, strategy.min_length, self.calibration_folds
        )
        if not folds:
            return None

        def fitted_copy(y_part, X_part):
            return self._new_strategy().fit(y_part, X_part)

        return conformal_residuals(
            fitted_copy, y, X, folds, strategy.calibration_steps, self.scale_window
        )

    # -- predict -----------------------------------------------------------
    def _predict(self, fh, X):
        """Forecast the steps of ``fh``.

        Parameters
        ----------
        fh : ForecastingHorizon
            Steps to forecast; in-sample steps get one-step-ahead forecasts.
        X : pandas.DataFrame or None
            Covariates at the future steps (required if ``fit`` had ``X``).

        Returns
        -------
        y_pred : pandas.DataFrame
            Forecasts indexed by the absolute ``fh``, columns as ``y``.
        """
        steps = self._relative_steps(fh)
        values = np.full((len(steps), self.y_memory_.shape[1]), np.nan)
        ahead = steps > 0
        if ahead.any():
            covariates = self._covariates(int(steps.max()), X)
            last = len(self.y_memory_) - 1
            values[ahead] = self.strategy_.forecast(
                self.y_memory_, covariates, [last], steps[ahead]
            )[0]
        if (~ahead).any():
            values[~ahead] = self._in_sample(steps[~ahead])
        return pd.DataFrame(
            values, index=fh.to_absolute_index(self.cutoff), columns=self._y_columns()
        )

    def _relative_steps(self, fh) -> np.ndarray:
        return np.asarray(fh.to_relative(self.cutoff).to_numpy(), dtype=np.int64)

    def _y_columns(self) -> pd.Index:
        return pd.Index(self._get_varnames())

    def _covariates(self, n_steps: int, X) -> pd.DataFrame | None:
        """Return the covariates of the memory and of the next ``n_steps`` steps."""
        if self.X_memory_ is None:
            return None
        labels = future_labels(self.y_memory_.index, self.time_step_, n_steps)
        future = None if X is None else as_frame(X, "X")[0]
        rows = check_future_X(
            future, self.X_memory_.columns, labels, type(self).__name__
        )
        return pd.concat([self.X_memory_, rows])

    def _in_sample(self, steps: np.ndarray) -> np.ndarray:
        """One-step-ahead forecasts of observed times (step 0 is the cutoff)."""
        fitted = self.strategy_.one_step_ahead(self.y_memory_, self.X_memory_)
        positions = len(fitted) - 1 + steps
        values = np.full((len(steps), fitted.shape[1]), np.nan)
        inside = positions >= 0
        values[inside] = fitted[positions[inside]]
        missing = np.isnan(values).any(axis=1)
        if missing.any():
            warnings.warn(
                f"{int(missing.sum())} of the {len(steps)} in-sample steps have no "
                "complete look-back window before them (the first observations of "
                "the series); their forecast is NaN.",
                InsufficientHistoryWarning,
                stacklevel=4,
            )
        return values

    def _predict_quantiles(self, fh, X, alpha):
        """Conformal quantile forecasts.

        Parameters
        ----------
        fh : ForecastingHorizon
            Steps to forecast.
        X : pandas.DataFrame or None
            Covariates at the future steps.
        alpha : list of float
            Quantile levels.

        Returns
        -------
        quantiles : pandas.DataFrame
            Columns ``(variable, alpha)``, rows as in ``predict``.
        """
        point = self._predict(fh, X).to_numpy()
        relative = self._relative_steps(fh)
        steps = np.maximum(relative, 1)  # in-sample: one step ahead
        scales = self._scales(np.minimum(relative - 1, 0))
        quantiles = np.empty((len(steps), point.shape[1], len(alpha)))
        for i, step in enumerate(steps):
            shift = conformal_quantiles(self._residuals_of(int(step)), alpha, step=step)
            quantiles[i] = point[i][:, None] + scales[i][:, None] * shift.T
        columns = self._get_columns(method="predict_quantiles", alpha=alpha)
        return pd.DataFrame(
            quantiles.reshape(len(steps), -1),
            index=fh.to_absolute_index(self.cutoff),
            columns=columns,
        )

    def _scales(self, origins: np.ndarray) -> np.ndarray:
        """Scale of the residuals at each origin (relative to the cutoff, <= 0)."""
        values = self.y_memory_.to_numpy()
        if self.scale_window is None:
            return np.ones((len(origins), values.shape[1]))
        positions = np.maximum(len(values) - 1 + origins, 0)
        return local_scale(values, positions, self.scale_window)

    def _residuals_of(self, step: int) -> np.ndarray:
        residuals = self.residuals_
        if residuals is None:
            raise ValueError(
                "LSTMForecaster has no calibration residuals: y was too short to "
                "hold out observations beyond the rows a model needs to fit. Use "
                "a longer series or a smaller look_back."
            )
        if step not in residuals:
            raise ValueError(
                f"LSTMForecaster has no calibration residuals at step {step}: the "
                f"holdout gave residuals for steps {sorted(residuals)}. Use a "
                "larger calibration_size (it must exceed the longest step) or a "
                "shorter horizon."
            )
        return residuals[step]

    # -- update ------------------------------------------------------------
    def _update(self, y, X=None, update_params=True):
        """Append new observations; refit if ``update_params``.

        Parameters
        ----------
        y : pandas.DataFrame
            New observations, continuing the ones seen so far.
        X : pandas.DataFrame or None
            Covariates at the new rows (required if ``fit`` had ``X``).
        update_params : bool, default=True
            Refit every network on all observations. Without it, the networks
            stay as they are and only the look-back window moves.

        Returns
        -------
        self : LSTMForecaster
            The updated forecaster.
        """
        new_y, _ = as_frame(y, "y")
        self.y_memory_ = extend(self.y_memory_, new_y, "y")
        if self.X_memory_ is not None:
            if X is None:
                raise ValueError(
                    "LSTMForecaster was fitted with exogenous X, so update needs X "
                    f"at the new rows too (from {y.index[0]} to {y.index[-1]})."
                )
            self.X_memory_ = extend(self.X_memory_, as_frame(X, "X")[0], "X")
        if update_params:
            self._fit_models()
        return self

    # -- testing -----------------------------------------------------------
    @classmethod
    def get_test_params(cls, parameter_set="default"):
        """Return testing parameter settings: tiny networks, fast to train.

        Parameters
        ----------
        parameter_set : str, default="default"
            Name of the set of test parameters to return.

        Returns
        -------
        params : list of dict
            One dict per test instance: each strategy, on a two-unit LSTM
            trained for two epochs; the direct one without intervals.
        """
        from sklearn.preprocessing import MinMaxScaler

        from skltsm._forecast._pipeline import make_forecast_pipeline
        from skltsm._keras._regressor import LSTMRegressor
        from skltsm._transform._differencer import Differencer
        from skltsm._transform._lag import LagTransformer

        def tiny(look_back):
            return make_forecast_pipeline(
                Differencer(),
                MinMaxScaler((-1, 1)),
                LagTransformer(look_back=look_back),
                LSTMRegressor(units=2, epochs=2, batch_size=8),
            )

        return [
            {
                "pipeline": tiny(2),
                "calibration_size": 0.25,
                "calibration_folds": 1,
                "random_state": 0,
            },
            {
                "pipeline": tiny(3),
                "strategy": "direct",
                "calibration_size": 0,  # no intervals: the other tag values
                "random_state": 1,
            },
            {
                "pipeline": tiny(2),
                "strategy": "multioutput",
                "calibration_folds": 1,
                "scale_window": None,
                "random_state": 2,
            },
        ]
