"""ForecastPipeline: a scikit-learn Pipeline that forecasts in the units of y."""

from __future__ import annotations

from copy import deepcopy
from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.metrics import r2_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.utils._param_validation import Hidden
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from skltsm._all_or_nothing import all_or_nothing
from skltsm._capabilities import SEQUENCE_TARGETS, has_capability
from skltsm._constraints import ColumnList, Integers
from skltsm._forecast import _target_path
from skltsm._forecast._contract import ForecastContract, PipelineLayout
from skltsm._forecast._fit_params import regressor_sample_weights, window_weights
from skltsm._forecast._lost_windows import STEPS_ADVICE, warn_lost_windows
from skltsm._forecast._panel_pipeline import (
    PanelHistory,
    in_time_order,
    panel_context,
    training_frame,
    warn_look_ahead,
)
from skltsm._forecast._thin_series import warn_thin_series
from skltsm._series._history import with_history
from skltsm._series._observations import (
    as_observation_frame,
    as_target_frame,
    check_same_rows,
    check_weight_rows,
)
from skltsm._series._panel import (
    Stacking,
    check_ids_print_apart,
    chunks,
    is_panel,
    panel_index,
    shown_ids,
)
from skltsm._series._time_index import check_regular, index_kind, infer_step
from skltsm._transform._frame_steps import around_nan, fit_on_values, run_step
from skltsm._transform._lagged_windows import LaggedWindows
from skltsm._warn import warn
from skltsm.exceptions import InsufficientHistoryWarning

__all__ = ["ForecastPipeline", "make_forecast_pipeline"]


def _step_objects(steps) -> list:
    """Return the estimators of ``steps`` (``"passthrough"`` left out), if pairs.

    Steps that are not ``(name, estimator)`` pairs have none: ``fit``
    refuses them (scikit-learn's ``InvalidParameterError``) before anything
    changes.
    """
    try:
        return [step for _, step in steps if hasattr(step, "__dict__")]
    except (TypeError, ValueError):
        return []


class ForecastPipeline(Pipeline):
    """Pipeline of transformers, a LagTransformer and a regressor, for forecasting.

    ``X`` holds what has been observed, one row per time step in time order:
    the target's own history as a column, plus any covariates; ``y`` is the
    target at the same rows. The prediction for row ``t`` uses only rows up
    to ``t - horizon`` (``horizon`` of the ``LagTransformer``), and comes back
    in the units of ``y``, labelled with the time it forecasts.

    Unlike :class:`sklearn.pipeline.Pipeline`, the target travels too: the
    transformers before the ``LagTransformer`` (differencing, scaling, log)
    transform the target column, the regressor learns the transformed target,
    and predictions are inverted step by step, differencing from the actual
    previous levels. Transformers after the ``LagTransformer`` act on the
    windows only.

    The pipeline keeps the rows it was fitted on. A block of rows that
    continues them, or lies inside them (a ``TimeSeriesSplit`` test fold,
    the last two years), gets its look-back windows and previous levels from
    those rows, found by time label.

    ``X`` may be a panel: a long frame indexed by series and time (the last
    index level). Differencing, windows, history and inversion then stay
    inside each series and one regressor learns from the windows of all of
    them (``docs/tutorials/many-series.md``); cross-validate it with
    :class:`skltsm.model_selection.PanelTimeSeriesSplit`.

    Parameters
    ----------
    steps : list of (str, estimator) tuples
        Column-wise invertible transformers and/or differencers, exactly one
        :class:`skltsm.LagTransformer`, optional transformers of the windows,
        and a regressor last.
    target : str, int, list or None, default=None
        Column(s) of ``X`` holding the target's history. ``None`` finds them:
        the columns named like ``y``, else the columns equal to ``y``.

    Attributes
    ----------
    layout_ : PipelineLayout
        The steps by role (before the lag, lag, after it, regressor), as
        validated in fit.
    contract_ : ForecastContract
        What the fitted pipeline promises whoever drives it through
        :meth:`forecast_rows`: its columns, target positions, horizon, warmup
        and steps per row (:mod:`skltsm._forecast._contract`).
    target_columns_ : list of str
        Names of the targets as ``y`` gives them (its name or columns), which
        :meth:`predict` labels its output with; the columns of ``X`` they
        are read from are ``contract_.targets`` (positions), named by
        ``target``.
    horizon_ : int
        Steps between the last row of a window and the row it forecasts.
    quantile_levels_ : ndarray of shape (n_quantiles,)
        With a regressor that predicts quantiles (``LSTMRegressor(quantiles=
        ...)``): the levels of :meth:`predict_quantiles`, increasing.
    warmup_ : int
        Rows of history the prediction of one row needs.
    X_history_ : pandas.DataFrame or None
        The rows of ``X`` seen in fit, when ``X`` had a time index. Its
        float64 columns are those of the ``X`` passed to fit, not a copy (a
        panel of many series is not held twice): changing that frame in
        place after fit changes the history later predictions read. Pass
        ``X.copy()`` if you will modify it.
    series_ : pandas.Index or None
        The series of a panel ``X`` (indexed by series and time), in order;
        ``None`` for a single series.
    time_step_ : int, pandas.DateOffset, pandas.Timedelta or None
        Step between consecutive rows of ``X``.

    See Also
    --------
    make_forecast_pipeline : Build one with step names generated.
    skltsm.sktime.LSTMForecaster : Forecast past the end of the data.

    Notes
    -----
    Rows without a complete history (the first ``warmup_`` rows of a series,
    or the start of a block that does not continue the fitted rows) get a NaN
    prediction and an :class:`skltsm.exceptions.InsufficientHistoryWarning`.
    Arrays carry no time labels, so a pipeline fitted on arrays never fills a
    block's start from its history; use pandas to get that.
    The last ``horizon_`` rows passed to :meth:`predict` may be NaN: no
    prediction depends on them, so this is how rows past the end of the data
    are forecast.
    A regressor that scales each window by the level of one feature
    (``LSTMRegressor(window_scaling=...)``) must scale by the target: its
    ``scaled_feature`` is the target's column position in ``X``, and
    :meth:`fit` refuses a covariate there, or several targets.

    Examples
    --------
    >>> from sklearn.preprocessing import MinMaxScaler
    >>> from skltsm import Differencer, LagTransformer, LSTMRegressor
    >>> from skltsm import make_forecast_pipeline
    >>> from skltsm.datasets import load_airline
    >>> y = load_airline()
    >>> X = y.to_frame()
    >>> pipe = make_forecast_pipeline(
    ...     Differencer(), MinMaxScaler((-1, 1)), LagTransformer(look_back=12),
    ...     LSTMRegressor(units=4, epochs=2, random_state=0),
    ... )
    >>> forecast = pipe.fit(X.iloc[:-12], y.iloc[:-12]).predict(X.iloc[-12:])
    >>> forecast.index.equals(X.index[-12:]), forecast.name
    (True, 'passengers')
    """

    _parameter_constraints: dict = {
        "steps": [list, Hidden(tuple)],
        # a column position may count from the end; True is not position 1
        "target": [None, str, Integers(None, None, closed="neither"), ColumnList()],
    }

    def __init__(self, steps, *, target=None):
        self.steps = steps
        self.target = target

    # -- structure ---------------------------------------------------------
    @property
    def _n_steps(self) -> int:
        """Consecutive steps each row forecasts (the multi-step hook)."""
        return 1

    def _layout(self) -> PipelineLayout:
        """Validate the parameters and sort the steps by role."""
        self._validate_params()
        self._validate_steps()
        return PipelineLayout.of(self.steps)

    def __sklearn_is_fitted__(self) -> bool:
        """Whether this pipeline was fitted, not merely its regressor.

        ``Pipeline`` asks its last step, which may have been fitted on its own
        before it was put here; ``check_is_fitted`` would then pass and
        :meth:`predict` fail on a missing attribute instead of raising
        ``NotFittedError``.
        """
        return hasattr(self, "contract_")

    @property
    def warmup_(self) -> int:
        """Rows of history one prediction needs (``contract_.warmup``)."""
        return self.contract_.warmup

    @property
    def horizon_(self) -> int:
        """Steps from a window's last row to the row it forecasts."""
        return self.contract_.horizon

    @property
    def target_columns_(self) -> list[str]:
        """Names of the targets as ``y`` gives them (:meth:`predict`'s labels)."""
        return list(self.contract_.target_names)

    @property
    def quantile_levels_(self) -> np.ndarray:
        """Levels of :meth:`forecast_quantile_rows`, increasing (the regressor's)."""
        regressor = self.layout_.regressor
        _check_quantile_heads(regressor)
        return regressor.quantile_levels_

    # -- fit ---------------------------------------------------------------
    def fit(self, X, y, **params):
        """Fit the transformers on ``X`` and the regressor on the windows.

        Parameters
        ----------
        X : DataFrame, Series or array-like of shape (n_samples, n_features)
            Observations in time order, including the target's own history.
        y : Series, DataFrame or array-like of shape (n_samples,) or \
(n_samples, n_targets)
            The target at the same rows (not shifted).
        **params : dict
            The regressor's ``sample_weight``, as scikit-learn's
            :class:`~sklearn.pipeline.Pipeline` takes it:
            ``<regressor step>__sample_weight`` (``lstmregressor__sample_weight``
            in a :func:`make_forecast_pipeline`), or, with metadata routing
            enabled, ``sample_weight`` requested by the regressor
            (``set_fit_request(sample_weight=True)``). A regressor that routes
            weights itself takes them as it would in a scikit-learn
            pipeline: a :class:`~sklearn.pipeline.Pipeline` for its steps,
            ``<regressor step>__<inner step>__sample_weight`` (one key per
            step weighted), and a
            :class:`~sklearn.compose.TransformedTargetRegressor`, which passes
            them on to its regressor, ``<regressor step>__sample_weight``;
            with metadata routing, ``sample_weight`` requested by an
            estimator inside them, or the alias it requested
            (``set_fit_request(sample_weight="w")``, then ``w=...``). Each
            is an array-like of shape ``(n_samples,)``: one non-negative
            weight per row of ``X`` (a pandas Series indexed like ``X``, in
            its order, as ``y``). Each training window weighs what the
            row it forecasts weighs (its first step, for several steps per
            row); the rows without a window (the first ``warmup_`` of each
            series, the rows a step made NaN, the last rows of a multi-step
            pipeline) drop their weights with them. The steps before the
            regressor take no fit parameters; set them with
            :meth:`set_params`.

        Returns
        -------
        self : ForecastPipeline
            The fitted pipeline.

        Raises
        ------
        TypeError
            If a fit parameter is not a sample weight of the regressor, or
            the estimator it is for takes no ``sample_weight`` (a step of a
            nested pipeline, the regressor of a
            ``TransformedTargetRegressor``), before anything is fitted.
        ValueError
            If the weights are not one non-negative number per row of ``X``
            (a Series indexed otherwise than ``X``), or every row with a
            training window has weight 0; if two series ids of a panel
            print alike (``1`` and ``"1"``); with metadata routing, an
            ``UnsetMetadataPassedError`` naming the estimator the weights
            reach that neither requests nor refuses them, before anything
            is fitted.

            Whatever refuses the fit, the pipeline and its steps are left as
            they were: a pipeline fitted before keeps its fit.

        Examples
        --------
        Weigh the forecasts of the last five years three times as much as
        the earlier ones:

        >>> import numpy as np
        >>> from skltsm import LagTransformer, LSTMRegressor
        >>> from skltsm import make_forecast_pipeline
        >>> from skltsm.datasets import load_airline
        >>> y = load_airline()
        >>> X = y.to_frame()
        >>> weights = np.where(X.index.year >= 1956, 3.0, 1.0)
        >>> pipe = make_forecast_pipeline(
        ...     LagTransformer(look_back=12),
        ...     LSTMRegressor(units=4, epochs=2, random_state=0),
        ... ).fit(X, y, lstmregressor__sample_weight=weights)
        >>> pipe.predict(X.iloc[-3:]).shape
        (3,)
        """
        # a step that refuses (its parameter, too few rows) comes after the
        # steps before it refitted: a pipeline fitted before keeps its fit
        with all_or_nothing(self, _step_objects(self.steps)):
            return self._train(X, y, params, refit=True)

    def _continue_fit(self, X, y) -> ForecastPipeline:
        """Train the fitted regressor further on ``X``, the other steps as fitted.

        What a driver that goes on training a fitted pipeline calls (the
        forecaster's fine-tuning and further pretraining, with the
        regressor's ``warm_start`` set:
        :func:`skltsm._forecast._strategies.continued_training`). The steps
        before the regressor transform ``X`` as they were fitted (a
        ``MinMaxScaler`` scales the new rows as it scaled those the network
        learnt from), and so do the steps of a nested ``Pipeline`` before
        its last; only the regressor (that last step) is fitted. :meth:`fit`
        refits every step, as scikit-learn's ``Pipeline`` does.

        Parameters
        ----------
        X : DataFrame
            Observations with the columns the pipeline was fitted on.
        y : Series or DataFrame
            The target at the same rows.

        Returns
        -------
        self : ForecastPipeline
            The pipeline, its regressor trained further.

        Raises
        ------
        ValueError
            If ``X`` or ``y`` has other columns, or targets, than the data
            the pipeline was fitted on: the fitted steps cannot read them.
        """
        check_is_fitted(self)
        return self._train(X, y, {}, refit=False)

    def _train(self, X, y, params: dict, *, refit: bool) -> ForecastPipeline:
        """:meth:`fit` (``refit``), or :meth:`_continue_fit`."""
        layout = self._layout()
        frame, is_pandas = as_observation_frame(X)
        sample_weights = regressor_sample_weights(self, frame, params)
        target, y_is_1d = as_target_frame(y, frame)
        panel = panel_index(frame.index) if is_panel(frame) else None
        if panel is not None:
            check_ids_print_apart(frame.index, "X")  # 1 and "1": two series
            _check_not_stateful(layout.regressor)
            step = panel.step
        else:
            step = infer_step(frame.index) if is_pandas else 1
        warmup = layout.warmup(self._n_steps)
        if panel is None and len(frame) <= warmup:
            raise ValueError(self._too_short_message(len(frame), warmup, layout))
        columns = self._target_positions(frame, target)
        self._check_scaled_feature(layout, frame.columns, columns)
        contract = ForecastContract(
            columns=tuple(frame.columns),
            targets=tuple(columns),
            target_names=tuple(target.columns),
            horizon=layout.lag.horizon,
            warmup=warmup,
            n_steps=self._n_steps,
        )
        if not refit and contract != self.contract_:
            raise ValueError(
                "The pipeline trains further only on data like the data it was "
                f"fitted on (columns {list(self.contract_.columns)}, targets "
                f"{list(self.contract_.target_names)}), which its fitted steps "
                f"read; got columns {list(contract.columns)}, targets "
                f"{list(contract.target_names)}. Pass the same columns, or fit anew."
            )
        del target  # long series: let every copy go before the network trains
        if panel is None:
            training, stacking = frame, None
        else:  # windows taken series by series need no gaps: no stacked copy
            in_place = _series_windows(layout) and panel.grouped
            training, stacking = training_frame(
                frame, panel, contract, in_place=in_place
            )
        windows, training_target, rows = self._training_pairs(
            layout, contract, training, stacking, refit=refit
        )
        if stacking is not None:
            warn_thin_series(layout.regressor, training_target, rows, stacking)
        fit_params = {
            key: window_weights(weights, rows, stacking)
            for key, weights in sample_weights.items()
        }
        del training, stacking, rows
        training_y = _as_training_y(training_target, y_is_1d, layout.regressor)
        if refit:
            layout.regressor.fit(windows, training_y, **fit_params)
        else:
            _fit_last_step(layout.regressor, windows, training_y)

        self.layout_ = layout
        self.contract_ = contract
        self._y_is_1d = y_is_1d
        self.time_step_ = step
        self.X_history_ = frame if is_pandas else None
        self.series_ = None if panel is None else panel.ids
        self._panel_history = None if panel is None else PanelHistory(frame, panel)
        return self

    def _training_pairs(
        self,
        layout: PipelineLayout,
        contract: ForecastContract,
        frame: pd.DataFrame,
        stacking: Stacking | None = None,
        *,
        refit: bool = True,
    ) -> tuple[object, np.ndarray, np.ndarray]:
        """Fit the transformers; return the windows and targets to train on.

        And the row of each window in ``frame``, for its weight. Targets have
        shape ``(n_windows, n_steps, n_targets)``: windows whose
        targets are not all known are left out. With ``stacking`` (``frame``
        is a stacked panel) the windows are ordered by the time of the row
        they forecast, so that the last ones, an early-stopping tail, are the
        most recent of every series. A function of its own so that the
        intermediate frames are freed when it returns, before the network
        trains (on ten million rows each one is 80 MB); targets are read at
        the windows' rows only, never for every row. Without ``refit``, the
        transformers as fitted transform ``frame``.
        """
        try:
            frames = _pre_lag_frames(layout, frame, contract.targets, fit=refit)
        except InfiniteStepOutputError as error:
            if stacking is None:
                raise
            source = stacking.source_rows(np.array([error.row]))[0]
            raise error.at(stacking.panel.index[source]) from None
        paths = _target_paths(layout, frames, contract)
        if stacking is not None and _series_windows(layout):
            windows = _inner_windows(
                layout.lag, frame, stacking, contract.n_steps, fit=refit
            )
            rows = windows.rows
        else:
            windows, rows = _complete_windows(layout, frames[-1], fit=refit)
        del frames
        if not len(rows):
            raise ValueError(
                f"X has {len(frame)} rows, but no window of "
                f"{layout.lag.look_back} rows is free of NaN after the steps "
                "before the LagTransformer (a log of negative values, say). "
                f"{STEPS_ADVICE}"
            )
        known = np.concatenate(
            [_known(_step_targets(paths, rows[part])) for part in chunks(len(rows))]
        )
        if not known.any():
            raise ValueError(
                f"X has {len(frame)} rows: none of its windows is followed by "
                f"{contract.n_steps} known target value(s). Use a longer series "
                "or fewer steps."
            )
        warn_lost_windows(
            rows[known] if not known.all() else rows, contract, frame.index, stacking
        )
        if isinstance(windows, LaggedWindows):  # select and order the rows alone
            windows = _with_rows(windows, rows[:0])  # each step frees the last rows
            if not known.all():
                rows = rows[known]
            if stacking is not None:
                rows = in_time_order(rows, stacking.time_keys)
            windows = _with_rows(windows, rows)
        elif stacking is not None or not known.all():
            kept = np.flatnonzero(known)
            if stacking is not None:
                kept = in_time_order(kept, lambda at: stacking.time_keys(rows[at]))
            windows, rows = _take(windows, kept), rows[kept]
        return windows, _step_targets(paths, rows), rows

    def _target_positions(self, frame: pd.DataFrame, target: pd.DataFrame) -> list[int]:
        names = self._target_names(frame, target)
        positions = [frame.columns.get_loc(name) for name in names]
        for name, (_, column) in zip(names, target.items(), strict=True):
            observed, expected = frame[name].to_numpy(), column.to_numpy()
            # exact comparison first: tolerances only where values differ
            suspects = np.flatnonzero(observed != expected)
            close = np.isclose(
                observed[suspects], expected[suspects], rtol=1e-6, atol=0
            )
            if not close.all():
                k = int(suspects[~close][0])
                raise ValueError(
                    f"y must be the target at the rows of X, equal to X[{name!r}]; "
                    f"they first differ at {frame.index[k]} (X: {observed[k]}, y: "
                    f"{column.iloc[k]}). Pass y unshifted: the LagTransformer "
                    "does the lagging. Set target= if another column is meant."
                )
        return positions

    def _target_names(self, frame: pd.DataFrame, target: pd.DataFrame) -> list[str]:
        if self.target is not None:
            wanted = (
                self.target if isinstance(self.target, list | tuple) else [self.target]
            )
            n_columns = len(frame.columns)
            # a bool in a list is a name to look up, not position 0 or 1
            names = [
                frame.columns[t]
                if isinstance(t, Integral) and not isinstance(t, bool | np.bool_)
                and -n_columns <= t < n_columns
                else str(t)
                for t in wanted
            ]  # fmt: skip
            missing = [name for name in names if name not in frame.columns]
            if missing or len(names) != target.shape[1]:
                raise ValueError(
                    f"target={self.target!r} must name {target.shape[1]} column(s) "
                    f"of X (one per column of y); X has columns {list(frame.columns)}."
                )
            return names
        names = []
        for name, column in target.items():
            if name in frame.columns:
                names.append(name)
                continue
            equal = [c for c in frame.columns if np.array_equal(frame[c], column)]
            if len(equal) != 1:
                raise ValueError(
                    f"Cannot tell which column of X holds the history of the target "
                    f"{name!r}: {len(equal)} columns of X equal y. X must contain "
                    "the target's own history as a column (y is that column at "
                    "the same rows); name it like y, or pass target=<column>."
                )
            names.append(equal[0])
        return names

    def _check_scaled_feature(self, layout: PipelineLayout, names, targets) -> None:
        """Refuse window scaling by a column that is not the (one) target.

        A window-scaled regressor (``LSTMRegressor(window_scaling=...)``, ADR
        0021) divides each window and its targets by the level of one input
        feature, ``scaled_feature``, which must be the target's own lags:
        scaled by a covariate, the targets keep their level and the forecasts
        of small series are off by orders of magnitude, without an error.
        The steps before the lag keep the columns of ``X`` in place, so the
        feature is the column at that position. Steps after the lag may move
        the features: their windows are not checked.
        """
        regressor = layout.regressor
        method = getattr(regressor, "window_scaling", None)
        if method is None or layout.after:
            return
        owner = f"{type(regressor).__name__}(window_scaling={method!r})"
        parameter = f"{self._step_name(regressor)}__scaled_feature"
        if len(targets) > 1:
            raise ValueError(
                f"{owner} scales the targets by the level of one series, but y "
                f"has {len(targets)} targets {[names[t] for t in targets]}: the "
                "others would be scaled by the first one's windows. Fit one "
                "pipeline per target, or set window_scaling=None."
            )
        scaled = getattr(regressor, "scaled_feature", 0)
        if scaled in targets or not 0 <= scaled < len(names):
            return  # out of range: the regressor says so itself
        raise ValueError(
            f"{owner} scales each window and its targets by the level of feature "
            f"scaled_feature={scaled}, column {names[scaled]!r} of X, but the "
            f"target {names[targets[0]]!r} is column {targets[0]}: the targets "
            "would keep their own level, and forecasts of series far from the "
            f"usual level would be far off. Set {parameter}={targets[0]} "
            "with set_params, or put the target first in X."
        )

    def _step_name(self, estimator) -> str:
        """Name of ``estimator`` among the steps, for ``set_params``."""
        return next(name for name, step in self.steps if step is estimator)

    @staticmethod
    def _too_short_message(n_rows: int, warmup: int, layout: PipelineLayout) -> str:
        parts = [repr(step) for step in layout.differencers] + [repr(layout.lag)]
        rows = "row" if n_rows == 1 else "rows"
        use = "uses" if len(parts) == 1 else "use"
        return (
            f"X has {n_rows} {rows}, but {' + '.join(parts)} {use} the first {warmup} "
            f"rows as history: at least {warmup + 1} rows are needed to make one "
            "training window. Use a longer series, a shorter look_back or fewer "
            "differencing lags."
        )

    # -- predict -----------------------------------------------------------
    def predict(self, X, **params):
        """Forecast the target at every row of ``X``, in the units of ``y``.

        Parameters
        ----------
        X : DataFrame, Series or array-like of shape (n_samples, n_features)
            Rows to forecast, in time order, with the columns seen in fit. The
            look-back of the first rows comes from the fitted rows when ``X``
            continues them (or lies inside them). The last ``horizon_`` rows
            may hold NaN.
        **params : dict
            Not supported.

        Returns
        -------
        y_pred : Series, DataFrame or ndarray
            One forecast per row of ``X``, indexed like ``X`` for pandas input;
            NaN where a row has no complete history (with a warning).

        Warns
        -----
        LookAheadWarning
            On a panel, for rows whose target ``X`` holds (a scorer could
            compare them) that come after their own series' training rows but
            before other series' last training rows: a ``TimeSeriesSplit`` by
            row position, whose scores would be optimistic. ``predict``
            cannot tell such a test fold from rows of a series that ended
            early and arrived after fit, passed to forecast from: then the
            forecasts are sound and the warning may be ignored
            (``warnings.filterwarnings("ignore", category=LookAheadWarning)``).
        """
        if params:
            raise TypeError(
                f"ForecastPipeline.predict takes no parameters; got {sorted(params)}."
            )
        levels, index, is_pandas = self._forecast_block(X, self.forecast_rows)
        return self._as_output(levels, index, is_pandas)

    @available_if(lambda self: _check_quantile_heads(self._final_estimator))
    def predict_quantiles(self, X):
        """Forecast quantiles of the target at every row of ``X``, in the units of y.

        Available when the regressor predicts quantiles itself
        (``LSTMRegressor(quantiles=...)``). Rows, history and warnings are
        those of :meth:`predict`; each quantile is inverted through the steps
        before the ``LagTransformer`` as a point forecast is (see
        :meth:`forecast_quantile_rows`).

        Parameters
        ----------
        X : DataFrame, Series or array-like of shape (n_samples, n_features)
            Rows to forecast, as for :meth:`predict`.

        Returns
        -------
        y_quantiles : DataFrame or ndarray
            For pandas input, a DataFrame indexed like ``X`` whose columns are
            those of :meth:`predict` (the target, or ``(step, target)``) with
            the quantile level as the last column level; for arrays, an
            ndarray of shape ``(n_samples, n_steps * n_targets,
            n_quantiles)``. Levels increase along the columns of each output.

        Examples
        --------
        >>> from skltsm import LagTransformer, LSTMRegressor, make_forecast_pipeline
        >>> from skltsm.datasets import load_airline
        >>> y = load_airline()
        >>> pipe = make_forecast_pipeline(
        ...     LagTransformer(look_back=12),
        ...     LSTMRegressor(units=2, epochs=2, quantiles=(0.1, 0.9), random_state=0),
        ... ).fit(y.to_frame().iloc[:-12], y.iloc[:-12])
        >>> bands = pipe.predict_quantiles(y.to_frame().iloc[-12:])
        >>> bands.shape, bands.columns.tolist()[:2]
        ((12, 2), [('passengers', 0.1), ('passengers', 0.9)])
        """
        levels, index, is_pandas = self._forecast_block(X, self.forecast_quantile_rows)
        return self._as_quantile_output(levels, index, is_pandas)

    def _forecast_block(self, X, forecast) -> tuple[np.ndarray, pd.Index, bool]:
        """Validate a block of rows, find its history and ``forecast`` its rows.

        Returns the forecasts of the block's rows (``forecast_rows`` or
        ``forecast_quantile_rows`` output), its index and whether it was pandas.
        """
        check_is_fitted(self)
        if self.series_ is not None or is_panel(X):
            levels, index = self._forecast_panel(X, forecast)
            _warn_missing(levels, index, self._scoring_hint())
            return levels, index, True
        frame, is_pandas = as_observation_frame(X, nan_tail=self.horizon_)
        frame = self._in_fitted_columns(
            frame, by_name=is_pandas and self.X_history_ is not None
        )
        if is_pandas and self.X_history_ is not None:
            self._check_time_axis(frame.index)
            context, n_prepended = with_history(
                frame, self.X_history_, self.time_step_, self.warmup_
            )
        else:
            if not is_pandas and self.X_history_ is not None:
                frame.columns = self.X_history_.columns  # positional columns
            if is_pandas and frame.shape[1] == len(self.contract_.columns):
                _warn_names_unused()  # fitted on an array: columns by position
                frame.columns = list(self.contract_.columns)
            context, n_prepended = frame, 0
        levels = forecast(context)[n_prepended:]
        _warn_missing(levels, frame.index, self._scoring_hint())
        return levels, frame.index, is_pandas

    def _scoring_hint(self) -> str:
        """Say what to change in cross-validation when rows have no forecast."""
        return _scoring_hint(self.warmup_, panel=self.series_ is not None)

    def _forecast_panel(self, X, forecast) -> tuple[np.ndarray, pd.Index]:
        """Forecast every row of a long (series, time) frame, series by series."""
        if self.series_ is None:
            raise ValueError(
                "X is indexed (series, time), but the pipeline was fitted on one "
                "series; fit it on a panel to forecast several series."
            )
        if not is_panel(X):
            raise ValueError(
                f"The pipeline was fitted on a panel of {len(self.series_)} series, "
                "so X must be indexed (series, time) too, e.g. "
                "X_panel.groupby(level=0).tail(12)."
            )
        # NaN is checked per series in panel_context (the last rows of each)
        frame, _ = as_observation_frame(X, nan_tail=len(X))
        frame = self._in_fitted_columns(frame, by_name=True)
        context, positions, panel = panel_context(
            frame, self._panel_history, self.contract_, self.time_step_
        )
        try:
            levels = forecast(context, rows=positions)
        except InfiniteStepOutputError as error:
            at = np.flatnonzero(positions == error.row)  # else a stored row
            label = frame.index[at[0]] if len(at) else "a row stored in fit"
            raise error.at(label) from None
        # scorers call predict: warn where a score would read the future
        warn_look_ahead(self._panel_history, frame, panel, self.contract_.targets)
        return levels[positions], frame.index

    def _in_fitted_columns(self, frame: pd.DataFrame, *, by_name: bool) -> pd.DataFrame:
        """Return a block's columns in the fitted order; refuse other columns.

        Frames after a fit on a frame are matched by name (the same names in
        another order are put in the fitted one); arrays, and anything after
        a fit on arrays, by position, so only their number can be checked.
        """
        fitted = list(self.contract_.columns)
        if by_name and list(frame.columns) != fitted:
            if sorted(frame.columns) != sorted(fitted):
                raise ValueError(
                    f"X has columns {list(frame.columns)}, but the pipeline was "
                    f"fitted on {fitted}; pass those columns."
                )
            return frame[fitted]
        if frame.shape[1] != len(fitted):
            raise ValueError(
                f"X has {frame.shape[1]} feature(s), but the pipeline was fitted "
                f"on {len(fitted)} ({fitted}); pass the same columns, in the "
                "same order."
            )
        return frame

    def forecast_rows(
        self, context: pd.DataFrame, rows: np.ndarray | None = None
    ) -> np.ndarray:
        """Forecast the rows of ``context`` from their own earlier rows.

        The call that drives a fitted pipeline (:mod:`skltsm._forecast._contract`):
        no validation and no history lookup, ``context`` holds all the rows the
        forecasts need, with the columns of ``contract_.columns``. The
        multi-step strategies, the batched recursion and the panel path call it
        on contexts they assemble (future rows, batches of forecast origins,
        stacked series).

        Parameters
        ----------
        context : pandas.DataFrame
            Rows in time order; a row's forecasts read its ``contract_.warmup``
            predecessors and nothing after ``t - horizon``.
        rows : ndarray of int or None, default=None
            Positions of the rows to forecast; ``None`` forecasts every row.
            The others are NaN and cost the regressor nothing.

        Returns
        -------
        levels : ndarray of shape (len(context), n_steps * n_targets)
            Forecasts in the units of ``y``, step-major; step ``h`` of row ``t``
            forecasts row ``t + h - 1``. NaN where a row has no complete window
            or was not asked for.
        """
        check_is_fitted(self)
        return self._forecast(context, rows, self.layout_.regressor.predict, 1)[..., 0]

    def forecast_quantile_rows(
        self, context: pd.DataFrame, rows: np.ndarray | None = None
    ) -> np.ndarray:
        """Forecast quantiles of the rows of ``context`` from their own earlier rows.

        :meth:`forecast_rows` for a regressor that predicts quantiles
        (``LSTMRegressor(quantiles=...)``, its ``predict_quantiles``). Every
        quantile is inverted through the steps before the ``LagTransformer``
        by the same code as a point forecast, one quantile at a time. Those
        inverses (``MinMaxScaler``, ``StandardScaler``, a log's ``exp``, a
        ``Differencer`` adding actual past levels, the regressor's window
        scaling) are increasing maps of each output column, so the quantile of
        the transformed target maps to the same quantile of ``y`` and the
        order of the levels is kept. A step whose inverse decreases (a
        transformer with a negative scale, say) would reverse them: the
        result would not be the quantiles of ``y``.

        Parameters
        ----------
        context : pandas.DataFrame
            Rows in time order, as for :meth:`forecast_rows`.
        rows : ndarray of int or None, default=None
            Positions of the rows to forecast; ``None`` forecasts every row.

        Returns
        -------
        levels : ndarray of shape (len(context), n_steps * n_targets, n_quantiles)
            Quantile forecasts in the units of ``y``, step-major, at the
            regressor's ``quantile_levels_``; NaN as in :meth:`forecast_rows`.

        Raises
        ------
        AttributeError
            When the regressor does not predict quantiles.
        """
        check_is_fitted(self)
        n_levels = len(self.quantile_levels_)
        predict = self.layout_.regressor.predict_quantiles
        return self._forecast(context, rows, predict, n_levels)

    def _forecast(self, context, rows, predict, n_columns: int) -> np.ndarray:
        """Forecast rows of ``context``: ``n_columns`` values per output.

        ``predict`` is the regressor's method that gives them (``predict``:
        one, ``predict_quantiles``: one per level); each column is inverted
        to the units of ``y`` on its own. Returns ``(len(context), n_steps *
        n_targets, n_columns)``.
        """
        layout, contract = self.layout_, self.contract_
        n_rows, n_steps = len(context), contract.n_steps
        n_targets = len(contract.targets)
        # a row's later steps are inverted at rows past the context
        extended = _with_empty_rows(context, n_steps - 1)
        frames = _pre_lag_frames(layout, extended, None, fit=False)
        windows, complete = _complete_windows(layout, frames[-1], fit=False)
        wanted = complete < n_rows if rows is None else np.isin(complete, rows)
        if not wanted.all():
            windows, complete = _take(windows, np.flatnonzero(wanted)), complete[wanted]
        rows = complete
        levels = np.full((n_rows, n_steps, n_targets, n_columns), np.nan)
        if not len(rows):
            return levels.reshape(n_rows, -1, n_columns)
        predicted = np.asarray(predict(windows), np.float64)
        predicted = predicted.reshape(len(rows), n_steps, n_targets, n_columns)
        for step in range(n_steps):
            horizon = contract.horizon + step
            path = _target_path.forward(
                layout.before, frames, contract.targets, horizon
            )
            for column in range(n_columns):
                forecast = np.full((len(extended), n_targets), np.nan)
                forecast[rows + step] = predicted[:, step, :, column]
                inverted = _target_path.inverse(
                    forecast, layout.before, frames, path, contract.targets, horizon
                )
                levels[rows, step, :, column] = inverted[rows + step]
        return levels.reshape(n_rows, -1, n_columns)

    def _check_time_axis(self, index: pd.Index) -> None:
        fitted = self.X_history_.index
        if index_kind(index) != index_kind(fitted):
            raise TypeError(
                f"X has an index of kind {index_kind(index)}, but the pipeline was "
                f"fitted on one of kind {index_kind(fitted)}; pass rows with the "
                "same kind of time index."
            )
        infer_step(index)
        if self.time_step_ is not None:
            check_regular(index, self.time_step_)

    def _as_output(self, levels: np.ndarray, index: pd.Index, is_pandas: bool):
        if not is_pandas:
            return levels[:, 0] if self._y_is_1d else levels
        if self._y_is_1d:
            return pd.Series(levels[:, 0], index=index, name=self.target_columns_[0])
        return pd.DataFrame(levels, index=index, columns=self.target_columns_)

    def _as_quantile_output(self, levels: np.ndarray, index: pd.Index, is_pandas: bool):
        """Quantile forecasts as :meth:`_as_output` labels them, a level each."""
        if not is_pandas:
            return levels
        point = self._as_output(levels[..., 0], index, is_pandas=True)
        if isinstance(point, pd.Series):
            labels = pd.Index([point.name], name="target")
        else:
            labels = point.columns
        quantiles = self.quantile_levels_
        columns = pd.MultiIndex.from_tuples(
            [
                (*(label if isinstance(label, tuple) else (label,)), level)
                for label in labels
                for level in quantiles.tolist()
            ],
            names=[*labels.names, "quantile"],
        )
        return pd.DataFrame(
            levels.reshape(len(levels), -1), index=index, columns=columns
        )

    def score(self, X, y, sample_weight=None, **params):
        """Coefficient of determination R² of :meth:`predict` in the units of y.

        Parameters
        ----------
        X : DataFrame, Series or array-like of shape (n_samples, n_features)
            Rows to forecast.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            True values at those rows.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights (a pandas Series indexed like ``X``, in its order,
            as ``y``).
        **params : dict
            Not supported.

        Returns
        -------
        score : float
            R² of the forecasts.
        """
        predicted = self.predict(X, **params)  # warns of look-ahead on a panel
        _check_every_row_forecast(predicted, self._scoring_hint())
        if hasattr(predicted, "index"):  # r2_score pairs by position
            if isinstance(y, pd.Series | pd.DataFrame):
                check_same_rows(y.index, predicted.index)
            check_weight_rows(sample_weight, predicted.index)
        return r2_score(y, predicted, sample_weight=sample_weight)

    def __getitem__(self, ind):
        """Return a step (by position or name), or a slice as a plain ``Pipeline``.

        A slice transforms ``X`` only, so it is not a forecaster any more. It
        is returned as an independent copy whose steps pass DataFrames, as
        they do inside this pipeline, so that the feature names they were
        fitted with still match.
        """
        if isinstance(ind, slice):
            return Pipeline(deepcopy(self.steps[ind])).set_output(transform="pandas")
        return super().__getitem__(ind)


def make_forecast_pipeline(*steps, target=None) -> ForecastPipeline:
    """Build a :class:`ForecastPipeline`, naming steps as ``make_pipeline`` does.

    Parameters
    ----------
    *steps : list of estimators
        Transformers, one :class:`skltsm.LagTransformer`, and a regressor.
    target : str, int, list or None, default=None
        Column(s) of ``X`` holding the target's history (see
        :class:`ForecastPipeline`).

    Returns
    -------
    pipeline : ForecastPipeline
        Steps named after their lowercased class names, so that parameters
        read ``lagtransformer__look_back`` and ``lstmregressor__units``.

    Examples
    --------
    >>> from sklearn.preprocessing import MinMaxScaler
    >>> from skltsm import Differencer, LagTransformer, LSTMRegressor
    >>> pipe = make_forecast_pipeline(
    ...     Differencer(), MinMaxScaler(), LagTransformer(12), LSTMRegressor()
    ... )
    >>> [name for name, _ in pipe.steps]
    ['differencer', 'minmaxscaler', 'lagtransformer', 'lstmregressor']
    """
    return ForecastPipeline(make_pipeline(*steps).steps, target=target)


def _check_no_nested_differencing(step) -> None:
    """Refuse a differencing step hidden inside a pipeline before the windows.

    Only a top-level differencing step is inverted from the actual past
    levels (``inverse_forecast``); inside a ``Pipeline`` its
    ``inverse_transform`` would integrate from the fit's first rows, and
    forecasts of later rows would come back as wrong levels.
    """
    nested = _nested_differencing(step)
    if nested:
        raise ValueError(
            f"{type(step).__name__} holds a differencing step ({nested}) before "
            "the LagTransformer. A forecast is differenced back from the actual "
            "past levels, which only a step of make_forecast_pipeline itself is "
            "given: pass the Differencer as a step of its own, e.g. "
            "make_forecast_pipeline(FunctionTransformer(np.log, np.exp), "
            "Differencer(), LagTransformer(12), regressor)."
        )


def _nested_differencing(step) -> str | None:
    """Name a differencing step among a pipeline's steps, at any depth."""
    for name, inner in getattr(step, "steps", None) or []:
        if _target_path.is_differencing(inner) and not isinstance(inner, type):
            return name
        found = _nested_differencing(inner)
        if found:
            return f"{name}__{found}"
    return None


def _check_not_stateful(regressor) -> None:
    """Refuse a stateful network on a panel: its state would run across series.

    A stateful network carries its state from one window to the next; the
    windows of a panel interleave the series (in time order), so one
    series' state would start another's forecast.
    """
    if regressor.get_params().get("stateful") is True:
        raise ValueError(
            f"{type(regressor).__name__}(stateful=True) carries its state from "
            "one window to the next, but X is a panel of several series, whose "
            "windows would pass one series' state to another. Set "
            "stateful=False to fit one network on the panel, or fit a stateful "
            "pipeline on each series alone."
        )


def _check_column_wise(step, before: pd.DataFrame, after: pd.DataFrame) -> None:
    if after.shape[1] != before.shape[1]:
        raise ValueError(
            f"{type(step).__name__} turned {before.shape[1]} columns into "
            f"{after.shape[1]}. Steps before the LagTransformer must transform "
            "each column on its own (like MinMaxScaler or Differencer), so that "
            "the target column can be followed and inverted."
        )


_MIXING_SAMPLE = 100


def _check_target_alone(
    step, before: pd.DataFrame, after: pd.DataFrame, columns
) -> None:
    """Refuse a step whose target output reads the other columns of its row.

    The inverse puts a forecast back into the target column of a row whose
    other columns hold that row's own values: a step that mixes columns
    (``PCA``) would make the forecast of a row read its actual target. The
    other columns of a sample of rows are swapped between rows; the
    target's output must not change.
    """
    columns = list(columns)
    others = [c for c in range(before.shape[1]) if c not in columns]
    if not others or _target_path.is_differencing(step):
        return
    complete = np.flatnonzero(np.isfinite(before.to_numpy(np.float64)).all(axis=1))
    sample = complete[np.linspace(0, len(complete) - 1, _MIXING_SAMPLE, dtype=int)]
    sample = np.unique(sample)
    if len(sample) < 2:
        return
    swapped = before.iloc[sample].copy()
    swapped.iloc[:, others] = swapped.iloc[::-1, others].to_numpy()
    target = np.asarray(step.transform(swapped), dtype=np.float64)[:, columns]
    if not np.allclose(
        target, after.iloc[sample, columns].to_numpy(), rtol=1e-7, equal_nan=True
    ):
        raise ValueError(
            f"{step!r} comes before the LagTransformer, and its output for the "
            "target column changes with the other columns of the row: a "
            "forecast put back into a row would read that row's own values. "
            "Steps before the LagTransformer must transform each column on "
            "its own (like MinMaxScaler or Differencer); move this one after "
            "the LagTransformer."
        )


_INVERTIBILITY_SAMPLE = 10_000


def _check_invertible(step, before: pd.DataFrame, after: pd.DataFrame, columns) -> None:
    """Refuse a step whose inverse_transform does not undo its transform.

    ``FunctionTransformer(np.log)`` without ``inverse_func`` has an identity
    inverse: without this check, forecasts would silently stay in log units.
    """
    if _target_path.is_differencing(step):
        return
    # A transform that does not invert fails on any rows: check a sample of
    # them (long series would otherwise pay several full-length temporaries).
    sample = np.unique(
        np.linspace(0, len(before) - 1, _INVERTIBILITY_SAMPLE, dtype=int)
    )
    before, after = before.iloc[sample], after.iloc[sample]
    columns = list(columns)
    original = before.iloc[:, columns].to_numpy()
    try:
        restored = around_nan(step, "inverse_transform", after)
    except Exception as error:  # any failure: the target could not come back
        raise ValueError(
            f"{step!r} comes before the LagTransformer, so it transforms the "
            "target, but its inverse_transform failed on the rows it transformed "
            f"({type(error).__name__}: {error}). Steps before the LagTransformer "
            "need an exact inverse (MinMaxScaler, FunctionTransformer(np.log, "
            "np.exp), Differencer); move this one after the LagTransformer, or "
            "apply it to X before the pipeline."
        ) from error
    restored = restored[:, columns]
    finite = np.isfinite(original) & np.isfinite(after.iloc[:, columns].to_numpy())
    scale = np.nanmax(np.abs(original)) if finite.any() else 1.0
    if not np.allclose(
        restored[finite], original[finite], rtol=1e-5, atol=1e-9 * scale
    ):
        raise ValueError(
            f"{step!r} comes before the LagTransformer, so it transforms the "
            "target, but its inverse_transform does not undo its transform on the "
            "target column: predictions could not be brought back to the units "
            "of y. Give it an exact inverse (e.g. FunctionTransformer(np.log, "
            "np.exp)) or move it after the LagTransformer."
        )


def _pre_lag_frames(
    layout: PipelineLayout, frame: pd.DataFrame, columns, *, fit: bool
) -> list[pd.DataFrame]:
    """``frame`` and its image after each step before the LagTransformer.

    With ``fit``, each step is fitted first and checked to be column-wise
    and invertible on the target ``columns``; a step other than a
    difference is fitted on the rows that hold a value
    (:func:`~skltsm._transform._frame_steps.fit_on_values`). Each step's
    output is checked for infinity (:class:`InfiniteStepOutputError`).
    """
    frames = [frame]
    for transformer in layout.before:
        if fit and not _target_path.is_differencing(transformer):
            fit_on_values(transformer, frames[-1])  # not on a panel's gaps
            frames.append(run_step(transformer, frames[-1]))
        else:  # a difference reads its rows in time order, gaps and all
            frames.append(run_step(transformer, frames[-1], fit=fit))
        _check_finite_output(transformer, frames[-1])
        if fit:
            _check_no_nested_differencing(transformer)
            _check_column_wise(transformer, frames[-2], frames[-1])
            _check_target_alone(transformer, frames[-2], frames[-1], columns)
            _check_invertible(transformer, frames[-2], frames[-1], columns)
    return frames


class InfiniteStepOutputError(ValueError):
    """A step before the LagTransformer made infinity from finite input.

    ``X`` was checked finite, so the step made it (a log of 0); the next
    step or the windows would blame their own input. Raised at a row of the
    step's frame, labelled by its time unless the frame is positional (a
    stacked panel), whose caller places it in ``X`` with :meth:`at`. A
    subclass so that those callers can catch it; named without the leading
    underscore because it reaches users' tracebacks (catch ``ValueError``).
    """

    def __init__(self, step, row: int, column: str, label=None):
        self.step, self.row, self.column = step, row, column
        where = f"row {row}" if label is None else str(label)
        shown = " ".join(repr(step).split())  # scikit-learn wraps long reprs
        super().__init__(
            f"A step before the LagTransformer, {shown}, made infinity from "
            f"finite X at {where}, column {column!r} (a log of 0, say), which "
            "no difference or window can read. Keep it finite there: use "
            "FunctionTransformer(np.log1p, np.expm1) instead of np.log, say, "
            "or shift the column to positive values first."
        )

    def at(self, label) -> InfiniteStepOutputError:
        """Return the same error at ``label``, the row's label in ``X``."""
        return InfiniteStepOutputError(self.step, self.row, self.column, label)


def _check_finite_output(step, frame: pd.DataFrame) -> None:
    """Raise :class:`InfiniteStepOutputError` at the first row of infinity in ``frame``.

    A block of rows at a time: a full-length boolean temporary of a long
    panel is hundreds of megabytes.
    """
    values = frame.to_numpy(np.float64)
    for part in chunks(len(values)):
        infinite = np.isinf(values[part]).any(axis=1)
        if infinite.any():
            row = part.start + int(np.argmax(infinite))
            column = frame.columns[int(np.argmax(np.isinf(values[row])))]
            positional = isinstance(frame.index, pd.RangeIndex)
            label = None if positional else frame.index[row]
            raise InfiniteStepOutputError(step, row, column, label)


def _complete_windows(layout: PipelineLayout, frame: pd.DataFrame, *, fit: bool):
    """Windows of the rows that have a complete one, and those rows.

    A regressor with the ``"lagged_windows"`` capability takes them streamed
    (``LaggedWindows``: memory stays proportional to the series); any other
    gets the DataFrame that ``LagTransformer.transform`` and the steps after
    it produce.
    """
    if fit:
        layout.lag.fit(frame)  # finite: each step before it was checked
    if layout.streams_windows:
        windows = _streamed_windows(layout.lag, frame)
        return windows, windows.rows
    windows = run_step(layout.lag, frame)
    for transformer in layout.after:
        windows = run_step(transformer, windows, fit=fit)
    rows = np.flatnonzero(np.isfinite(windows.to_numpy()).all(axis=1))
    return windows.iloc[rows], rows


def _take(windows, order: np.ndarray):
    """Windows in another order (streamed or a DataFrame)."""
    return (
        windows.iloc[order]
        if isinstance(windows, pd.DataFrame)
        else windows.take(order)
    )


def _streamed_windows(lag, frame: pd.DataFrame) -> LaggedWindows:
    """``lag.windows(frame)``, its complete rows found a block of rows at a time.

    Finding them at once costs several full-length int64 temporaries (1.3 GB
    for a stacked panel of 35 million rows); a block's windows read at most
    ``look_back + horizon - 1`` rows before it, so each block is searched
    with those rows in front.
    """
    values = lag._validate(frame)
    reach = lag.look_back + lag.horizon - 1
    parts = []
    for part in chunks(len(values)):
        start = max(0, part.start - reach)
        block = LaggedWindows(values[start : part.stop], lag.look_back, lag.horizon)
        parts.append(block.rows[block.rows >= part.start - start] + start)
    rows = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
    return LaggedWindows(
        values, lag.look_back, lag.horizon, rows, lag.get_feature_names_out()
    )


def _series_windows(layout: PipelineLayout) -> bool:
    """Whether the windows of a panel are found from its layout alone.

    With no step before the LagTransformer the panel has no NaN (validated),
    so the rows with a window and known targets are those far enough inside
    their series; with streamed windows nothing reads the rows between them.
    """
    return layout.streams_windows and not layout.before


def _inner_windows(
    lag, frame: pd.DataFrame, stacking: Stacking, n_steps: int, *, fit: bool = True
) -> LaggedWindows:
    """Return the windows of each series of a panel ``frame``, none across two.

    The rows :func:`_streamed_windows` would find in a stacked frame and
    keep for their known targets, without searching the rows for NaN; the
    ``LagTransformer`` fitted on ``frame`` first if ``fit``.
    """
    if fit:
        lag.fit(frame)
    reach = lag.look_back + lag.horizon - 1
    return LaggedWindows(
        lag._validate(frame),
        lag.look_back,
        lag.horizon,
        stacking.inner_rows(reach, n_steps - 1),
        lag.get_feature_names_out(),
    )


def _fit_last_step(regressor, windows, y) -> None:
    """Fit ``regressor``, or the last step of a nested ``Pipeline`` alone.

    The steps of a nested pipeline before its last transform ``windows``
    as they were fitted (a scaler of the windows keeps its scale), as the
    steps of the forecast pipeline do in :meth:`ForecastPipeline._continue_fit`.
    """
    while isinstance(regressor, Pipeline) and len(regressor.steps) > 1:
        for _, step in regressor.steps[:-1]:
            if step is not None and step != "passthrough":
                windows = step.transform(windows)
        regressor = regressor.steps[-1][1]
    regressor.fit(windows, y)


def _with_rows(windows: LaggedWindows, rows: np.ndarray) -> LaggedWindows:
    """Return windows of the same series for other rows."""
    return LaggedWindows(
        windows.values, windows.look_back, windows.horizon, rows, windows.feature_names
    )


def _target_paths(
    layout: PipelineLayout, frames: list[pd.DataFrame], contract: ForecastContract
) -> list[np.ndarray]:
    """Training target ``(n_rows, n_targets)`` of every row, for each step.

    Step ``h`` of row ``t`` (the window ending ``horizon`` rows before ``t``)
    is the target a ``horizon + h - 1`` pipeline learns for row ``t + h - 1``:
    with a ``Differencer``, the change from the last level the window saw.
    """
    return [
        _target_path.forward(
            layout.before, frames, contract.targets, contract.horizon + step
        )[-1]
        for step in range(contract.n_steps)
    ]


def _step_targets(paths: list[np.ndarray], rows: np.ndarray) -> np.ndarray:
    """Targets ``(len(rows), n_steps, n_targets)`` of ``rows`` (NaN past the end).

    Step ``h`` of row ``t`` is row ``t + h - 1`` of path ``h``.
    """
    n_rows, n_targets = paths[0].shape
    targets = np.full((len(rows), len(paths), n_targets), np.nan)
    for part in chunks(len(rows)):
        for step, path in enumerate(paths):
            read = rows[part] + step
            inside = read < n_rows
            targets[part, step][inside] = path[read[inside]]
    return targets


def _known(targets: np.ndarray) -> np.ndarray:
    """Whether every target of each window is known."""
    return np.isfinite(targets).reshape(len(targets), -1).all(axis=1)


def _as_training_y(targets: np.ndarray, y_is_1d: bool, regressor) -> np.ndarray:
    """Shape ``(n, n_steps, n_targets)`` targets as the regressor takes them.

    One step: ``(n,)`` for a 1-D ``y``, else ``(n, n_targets)``, except that
    one target column is ``(n,)`` for regressors without the
    ``"sequence_targets"`` capability, which scikit-learn's warn a
    ``DataConversionWarning`` for a column (forecasts are reshaped alike).
    Several steps: ``(n, n_steps)`` for one target; ``(n, n_steps,
    n_targets)`` for regressors with the ``"sequence_targets"`` capability,
    flattened step-major to ``(n, n_steps * n_targets)`` for the others
    (scikit-learn's take 2-D ``y`` only).
    """
    n_samples, n_steps, n_targets = targets.shape
    if n_steps == 1:
        as_column = not y_is_1d and (
            n_targets > 1 or has_capability(regressor, SEQUENCE_TARGETS)
        )
        return targets[:, 0] if as_column else targets[:, 0, 0]
    if n_targets == 1:
        return targets[:, :, 0]
    if has_capability(regressor, SEQUENCE_TARGETS):
        return targets
    return targets.reshape(n_samples, -1)


def _with_empty_rows(frame: pd.DataFrame, n_rows: int) -> pd.DataFrame:
    """``frame`` followed by ``n_rows`` rows of NaN (positional index then)."""
    if n_rows == 0:
        return frame
    padding = pd.DataFrame(np.nan, index=range(n_rows), columns=frame.columns)
    return pd.concat([frame.reset_index(drop=True), padding], ignore_index=True)


def _check_quantile_heads(regressor) -> bool:
    """Refuse a regressor that does not predict quantiles (``AttributeError``)."""
    if not hasattr(regressor, "predict_quantiles"):
        raise AttributeError(
            f"The pipeline's regressor {type(regressor).__name__} does not "
            "predict quantiles; use LSTMRegressor(quantiles=(0.1, 0.5, 0.9)), "
            "say, to forecast them."
        )
    return True


def _scoring_hint(warmup: int, *, panel: bool) -> str:
    """Why a scorer fails on a fold, and what to change (scorers refuse NaN).

    A gap between a fold's training and test rows is never bridged: its rows
    are the first test rows' history, which the pipeline did not store. The
    first ``warmup`` rows of every series have no forecast in-sample, so
    train scores are NaN too.
    """
    if panel:
        split = (
            f"split the panel with PanelTimeSeriesSplit(gap=0, min_train_size="
            f"{warmup}), which gives each test fold the rows before it and leaves "
            f"out of it the series with fewer than {warmup} rows before its cut "
            "(those that start late; in a search, pass the largest warmup_ of "
            "the candidates)"
        )
    else:
        split = (
            "give each test fold the rows before it (TimeSeriesSplit(gap=0): the "
            "rows of a gap are the first test rows' history, which no fold stores)"
        )
    return (
        f"Scorers refuse NaN: in cross-validation, {split}, and score the test "
        f"folds only (return_train_score=False: in-sample, the first {warmup} "
        "rows of each series have no forecast)."
    )


def _rows_without_forecast(levels) -> np.ndarray:
    """Whether each row's forecast is missing (NaN in any of its values)."""
    levels = np.asarray(levels, dtype=np.float64)
    return np.isnan(levels.reshape(len(levels), -1)).any(axis=1)


def _warn_missing(levels: np.ndarray, index: pd.Index, hint: str) -> None:
    """Warn of the rows of ``index`` without a forecast, and of their series."""
    missing = _rows_without_forecast(levels)
    if missing.any():
        of_series = ""
        if isinstance(index, pd.MultiIndex):  # a panel: name the series
            ids = index[missing].droplevel(-1).unique()
            of_series = f" of the series {shown_ids(ids)}"
        warn(
            f"{int(missing.sum())} of {len(index)} rows{of_series} have no complete "
            f"look-back window (first: {index[int(np.flatnonzero(missing)[0])]}); "
            "their forecast is NaN. Pass rows that continue the fitted data (with "
            f"a time index), or include the preceding rows. {hint}",
            InsufficientHistoryWarning,
        )


def _warn_names_unused() -> None:
    """Warn as scikit-learn does when names reach an estimator fitted without."""
    warn(
        "X has feature names, but ForecastPipeline was fitted without feature "
        "names (on an array): its columns are taken by position, and its rows "
        "have no time labels to find their look-back in the fitted rows.",
        UserWarning,
    )


def _check_every_row_forecast(
    predicted: pd.Series | pd.DataFrame | np.ndarray, hint: str
) -> None:
    """Refuse to score rows without a forecast (their look-back is incomplete)."""
    missing = _rows_without_forecast(predicted)
    if missing.any():
        k = int(np.flatnonzero(missing)[0])
        first = predicted.index[k] if hasattr(predicted, "index") else f"row {k}"
        raise ValueError(
            f"{int(missing.sum())} of {len(missing)} rows to score have no "
            f"forecast (no complete look-back window; first: {first}). {hint}"
        )
