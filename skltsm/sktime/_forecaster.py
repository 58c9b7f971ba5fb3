"""LSTMForecaster: an sktime forecaster around a skltsm ForecastPipeline."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.utils._param_validation import (
    Interval,
    RealNotInt,
    StrOptions,
)
from sktime.forecasting.base import BaseForecaster, ForecastingHorizon
from sktime.utils.validation.forecasting import check_fh

from skltsm._constraints import (
    NON_NEGATIVE_INT,
    POSITIVE_INT,
    RANDOM_SEED,
    validate_params,
)
from skltsm._forecast._baselines import THETA, Holdout
from skltsm._forecast._calibrated_quantiles import HoldoutResiduals, forecast_scales
from skltsm._forecast._covariates import (
    check_index_levels,
    check_rows_covered,
)
from skltsm._forecast._fallback import (
    BASELINE_NAMES,
    FallbackRule,
    baseline_forecasts,
    fallback_model,
    warn_baseline,
    warn_theta_alone,
)
from skltsm._forecast._holdout import HoldoutPlan, check_length
from skltsm._forecast._memory import as_frame, extend, located_frame
from skltsm._forecast._memory_forecasts import MemoryForecasts, quantile_levels
from skltsm._forecast._pipeline import ForecastPipeline
from skltsm._forecast._quantile_heads import check_levels, interpolate_quantiles
from skltsm._forecast._seasonal import rows_before
from skltsm._forecast._strategies import STRATEGIES, Direct, MultiOutput, Recursive
from skltsm._keras._base import KerasSequenceEstimator
from skltsm._keras._runtime._seeding import resolve_seed
from skltsm._keras._runtime._training_data import windows_to_stop_early
from skltsm._series._frequency import seasonal_period, with_frequency
from skltsm._series._panel import (
    PanelIndex,
    check_unique_rows,
    is_panel,
    panel_index,
    shown_ids,
)
from skltsm._warn import warn
from skltsm.exceptions import BaselineWarning, ShortSeriesWarning, SkltsmWarning
from skltsm.sktime._data_kind import check_same_kind, kind_of
from skltsm.sktime._default_choices import choose_defaults, theta_method
from skltsm.sktime._input_checks import (
    checked_before_sktime,
    covariates_checked_before_sktime,
)
from skltsm.sktime._moving_cutoff import MovingCutoffLoop, ends_of
from skltsm.sktime._not_fitted import RaisesSklearnNotFitted
from skltsm.sktime._panel_horizon import index_from_each_end, steps_from_each_end
from skltsm.sktime._panel_residuals import PanelResiduals
from skltsm.sktime._pretrainable_pipeline import PretrainingOperators
from skltsm.sktime._pretraining import (
    PretrainedHere,
    PretrainedNetwork,
    changed_params,
    check_pretrained_length,
    full_keys,
)
from skltsm.sktime._rollback import PredictsAllOrNothing
from skltsm.sktime._series_loop import (
    covariates_by_series,
    fitted_in_loop_order,
    series_keys,
    with_plain_keys,
)

__all__ = ["LSTMForecaster"]

_PANEL_MTYPES = ["pd.DataFrame", "pd-multiindex", "pd_multiindex_hier"]

#: The parameters that ``pretrain`` does not read: only a fit after it does
#: (fine-tuning, calibration, the fallback, which a fit after pretrain resolves
#: again), so setting them keeps the pretrained network. ``verbose`` is passed
#: to the network's steps, whose pretrained copies keep printing as they did.
#: The pipeline, ``strategy``, ``series_identity``, ``random_state`` and ``sp``
#: (the default pipeline's seasonality; with a pipeline given, only each fit
#: reads it) shape or train the network; ``pooling`` sets what ``fit`` takes,
#: left out to be safe.
_FIT_ONLY_PARAMS = frozenset(
    {
        "fine_tune_epochs",
        "calibration_size",
        "calibration_folds",
        "scale_window",
        "fallback",
        "head_calibration",
        "verbose",
    }
)


#: What ``pretrain`` leaves, which sktime keeps through the resets of ``fit``
#: and ``set_params``, carries into clones and reports as the pretrained
#: parameters (``get_pretrained_params``): the network and what it saw, and
#: the default pipeline's choices (``None`` with a given pipeline), which the
#: fit after it reads and does not make again. The seasonal period, time
#: step and fallback that pretrain resolves too are a fit's: each fit sets
#: its own.
_PRETRAINED_ATTRIBUTES = (
    "pretrained_strategy_",
    "pretrained_series_",
    "pretrained_covariates_",
    "pretrained_kind_",
    "pretrained_here_",
    "default_choices_",
)


def _covariates_of(y: pd.DataFrame, X, method: str, step=None) -> pd.DataFrame | None:
    """Validate ``X`` passed to ``method`` with ``y``: a row at each of ``y``'s."""
    if X is None:
        return None
    covariates = as_frame(X, "X", step=step)[0]
    check_rows_covered(y.index, covariates.index, f"X passed to {method}")
    return covariates


def _refuse_forking_backend(backend) -> None:
    """Refuse sktime's ``"multiprocessing"`` backend for the loop over series.

    joblib's multiprocessing backend forks this process: once TensorFlow has
    run here, a forked worker deadlocks in it and the call never returns,
    without a word.
    """
    if backend == "multiprocessing":
        raise ValueError(
            "backend:parallel='multiprocessing' forks this process, and "
            "TensorFlow deadlocks in a forked process once it has run: the loop "
            "over series would never return. Use 'loky' (worker processes "
            "started afresh), 'threading' or 'dask' in set_config."
        )


def _check_X_covers_one_series(y, X, method: str) -> None:
    """Name the rows of one series' ``y`` that ``X`` lacks, before sktime does.

    sktime's own check says "(time) indices of series 0 are not contained in
    index of series 0", which names no method and no way out; a panel's
    ``X`` is checked after sktime's checks (:func:`_covariates_of`, the loop
    over series), with this message.
    """
    frames = pd.Series | pd.DataFrame
    if not (isinstance(y, frames) and isinstance(X, frames)):
        return
    if isinstance(y.index, pd.MultiIndex) or type(X.index) is not type(y.index):
        return  # a panel, or labels of another kind: sktime's checks say so
    check_rows_covered(y.index, X.index, f"X passed to {method}")


def _rows_span(index: pd.Index) -> str:
    """Say where some rows are: their times and, on a panel, their series.

    Examples
    --------
    >>> t = pd.period_range("2001-09", periods=2, freq="M")
    >>> _rows_span(pd.MultiIndex.from_product([["a"], ["x", "y"], t]))
    "from 2001-09 to 2001-10, of the series ('a', 'x'), ('a', 'y')"
    """
    panel = isinstance(index, pd.MultiIndex)
    times = index.get_level_values(-1) if panel else index
    span = f"from {times.min()} to {times.max()}"
    if not panel:
        return span
    return f"{span}, of the series {shown_ids(index.droplevel(-1).unique())}"


def _series_ids(memory: pd.DataFrame) -> pd.Index | None:
    """Return the series of a panel held, in order (``None`` for one series)."""
    return panel_index(memory.index).ids if is_panel(memory) else None


def _rows_from(held: pd.Index, new: pd.Index) -> np.ndarray:
    """Tell the rows ``held`` at or after their series' first time in ``new``.

    One series: the times from ``new``'s first. A panel: per series, the
    times from that series' first in ``new``; none of a series ``new``
    lacks.
    """
    times = held.get_level_values(-1)
    if held.nlevels == 1:
        return np.asarray(times >= new.min())
    levels = list(range(new.nlevels - 1))
    new_times = pd.Series(new.get_level_values(-1), index=new.droplevel(-1))
    firsts = new_times.groupby(level=levels, observed=True).min()
    firsts = firsts.reindex(held.droplevel(-1))
    return np.asarray(firsts.notna().to_numpy() & (times >= firsts.array))


def _id_types(ids: pd.Index) -> str:
    """Name the types of the series ids, e.g. ``'str'`` or ``'int, str'``."""
    return ", ".join(sorted({type(i).__name__ for i in ids.tolist()}))


def _min_copy_windows(strategy) -> int:
    """Windows a copy of the network needs to fit: more when it stops early.

    skltsm's networks hold out ``validation_fraction`` of their windows
    and need :func:`windows_to_stop_early` of them. Another regressor's
    parameters of those names may mean something else (scikit-learn's
    gradient boosting takes a count, or ``"auto"``), so one that stops
    early is given two windows: one to train on and one to hold out.
    """
    regressor = strategy.pipeline.steps[-1][1]
    if isinstance(regressor, KerasSequenceEstimator):
        if not regressor.early_stopping:
            return 1
        return windows_to_stop_early(regressor.validation_fraction)
    return 2 if regressor.get_params().get("early_stopping", False) else 1


class LSTMForecaster(
    RaisesSklearnNotFitted,
    PredictsAllOrNothing,
    PanelResiduals,
    MovingCutoffLoop,
    PretrainingOperators,
    BaseForecaster,
):
    """Forecast with a skltsm LSTM pipeline, in sktime's forecasting interface.

    Wraps a :class:`skltsm.ForecastPipeline` (differencing, scaling, lagging,
    an LSTM) as a sktime forecaster: forecasts for any horizon ``fh``,
    relative or absolute, in-sample or past the end of the data, several
    multi-step strategies, known future covariates ``X``, ``update`` without
    refitting, and conformal prediction intervals. On a panel of many series
    one network learns from all of them (``pooling="global"``), and
    :meth:`pretrain` trains it on one panel to forecast series it never saw.

    Parameters
    ----------
    pipeline : ForecastPipeline or None, default=None
        The pipeline to train (``make_forecast_pipeline(...)``), cloned in
        ``fit``; its ``LagTransformer`` must keep ``horizon=1``, the strategy
        sets it. ``None`` builds one from the data in ``fit``
        (``default_choices_`` says what it chose, ADR 0022): the seasonal
        period ``sp`` from the index frequency; M4's seasonality test at lag
        ``sp``; for one seasonal series, the network learns the series
        deseasonalised by sktime's classical decomposition (multiplicative
        for a positive series) and its forecasts are reseasonalised; for one
        series, a first difference when KPSS asks for it, none for a panel;
        one series forecasts the mean of the network's forecasts and the
        Theta method's (sktime's ``ThetaForecaster``, on the same seasonal
        adjustment; Theta alone under 20 training windows, see
        ``fallback``); a
        look-back of two seasons (``max(sp, 6)`` observations without a
        season), at least the horizon and at most half the data;
        ``LSTMRegressor(units=32)`` with each window standardised by its own
        inputs (``window_scaling="standard"``), batches of an eighth of the
        windows, at most 30 epochs with early stopping on the latest windows.
        With the steps known in ``fit``, one network forecasts all of them
        (``strategy="auto"``), and for one series the early-stopping tail
        calibrates the intervals (``calibration_folds="auto"``): one network
        is trained, no more.
    strategy : {"auto", "recursive", "direct", "multioutput"}, default="auto"
        How steps beyond the first are forecast. ``"auto"`` is
        ``"multioutput"`` when the forecaster builds its own pipeline and
        ``fh`` is given in ``fit``, else ``"recursive"``.

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
        intervals: a float fraction in [0, 1) or an int count >= 0. ``0``
        turns intervals off (no extra network is trained). It shrinks when the
        series leaves too few rows to fit the calibration model. Steps are
        calibrated up to the last step of ``fh`` (for the recursive strategy
        without ``fh`` in ``fit``, every step the holdout allows; on a panel,
        as many as the shortest series trained on allows, every series cut
        that many steps before its end). A network with quantile heads needs
        no calibration. Where the default forecasts Theta alone, its
        intervals are the Theta method's own, not calibrated on the holdout
        (see Notes), but ``0`` turns them off too.
    calibration_folds : int or "auto", default="auto"
        Consecutive folds of the holdout; each is forecast by a copy of the
        strategy fitted on everything before it (expanding window), so this
        many extra fits. One fold is plain split conformal prediction. ``0``
        trains no extra network: the holdout is the tail the network held out
        for early stopping (its ``n_validation_`` windows target the last
        ``n_validation_`` observations, which no training window targets);
        it needs ``early_stopping=True``. ``"auto"``: ``0`` when the
        forecaster builds its own pipeline, else ``2``. A panel always
        calibrates on one cut of every series (see ``pooling``).
    scale_window : int or None, default=12
        Divide each calibration residual by the mean absolute one-step change
        of ``y`` over the ``scale_window`` (at least 1) observations before its
        forecast origin, and multiply the quantiles by the same scale at the
        cutoff (normalised conformal prediction), so that intervals follow the
        series' current level and volatility; no scale falls below a tenth
        of the series' mean absolute change. On a panel, each series'
        residuals are divided instead by its in-sample seasonal naive error
        (the mean absolute change ``y[t] - y[t - sp_]`` over all its
        observations before the calibration cut, the scale of M4's MSIS), and
        its quantiles multiplied by the same at the cutoff, so that series of
        any level and season calibrate together. ``None`` uses raw residuals.
    pooling : {"global", "local"}, default="global"
        How a panel (``y`` indexed by series and time, sktime's
        ``pd-multiindex`` or ``pd_multiindex_hier``) is learnt:

        - ``"global"``: one network trained on the windows of every series,
          each series differenced, windowed and inverted on its own; all
          series forecast in the same network calls; intervals calibrated
          on one residual per series and step. Series too short for one
          window are left out of training with a
          :class:`~skltsm.exceptions.ShortSeriesWarning`. The series share
          one step: weekly series on different weekdays, or months at their
          start and at their end, are refused.
        - ``"local"``: one pipeline per series, fitted by sktime's loop over
          series (on dask with sktime's ``backend:parallel`` config). Each
          series keeps its own frequency and anchor (weekly on its own
          weekday, months at their start or end), and is forecast at its
          own next dates. That loop has no ``predict_proba`` (sktime's
          distribution forecasts, and so the CRPS and LogLoss scorers): use
          global pooling for them, or ``predict_interval``,
          ``predict_quantiles`` and their scorers (``PinballLoss``,
          ``EmpiricalCoverage``). The fitted attributes below
          (``fallback_``, ``baseline_scores_``, ``residuals_`` ...) are then
          each series' forecaster's, in sktime's ``forecasters_``: a frame of
          one fitted forecaster per series, ``forecasters_.loc[key,
          "forecasters"]``.

        A single series is fitted the same way by both.
    fine_tune_epochs : int, default=0
        After :meth:`pretrain`, what ``fit`` does with the pretrained
        network: ``0`` forecasts the series with it as it is (no training);
        ``k > 0`` trains it ``k`` more epochs on the series first (the
        network alone: the pipeline's other steps, a scaler say, stay as
        :meth:`pretrain` fitted them, so that the network reads the series
        on the scale it learnt), from the pretrained weights and the
        optimizer state the network holds: none after one ``pretrain``,
        whose fit keeps none, so Adam starts afresh
        (``LSTMRegressor.partial_fit``'s notes). Its
        intervals are calibrated on the last ``calibration_size``
        observations (on a panel, each series' last ``max(fh)``): forecast
        by the pretrained network as it is, or with ``k > 0`` by a copy
        fine-tuned on the rows before them (``calibration_folds`` copies,
        at least one). Those rows must be new to the network: a series, or
        its last rows, left out of pretraining (a panel's series that were
        pretrained on get a :class:`~skltsm.exceptions.CalibrationWarning`;
        one series alone has no id to check, so pass it as a one-series
        panel, ``y.loc[["id"]]``, to have it checked).
        The same holdout scores the network against the naive forecasts:
        ``fallback`` applies as in any fit.
        ``k > 0`` needs a pipeline that continues training from its weights
        (a regressor with ``warm_start`` and ``epochs``, such as
        ``LSTMRegressor``, or scikit-learn's ``MLPRegressor`` or
        ``SGDRegressor``, whose ``max_iter`` is then set to ``k``); with
        another (any other scikit-learn regressor, even an ensemble with
        ``warm_start``, which only adds estimators, or a network inside a
        meta-estimator that fits a clone, such as
        ``TransformedTargetRegressor``) fit raises a
        ``ValueError`` rather than train it anew on the series alone. So
        does a further :meth:`pretrain` of the forecaster with such a
        pipeline (``reset()`` and pretrain once on all the series instead).
        Setting this parameter (or another that only fit reads) keeps the
        pretrained network; see :meth:`set_params`.
    series_identity : bool, default=False
        With global pooling, give the network the identity of each series:
        one input column per series seen in the first fit (or in
        :meth:`pretrain`), 1 on that series' rows. Lets one network tell
        apart series whose windows look alike but behave differently; a
        series not seen then (and a single series) gets zeros, the
        forecast for "any series". One column per series: for tens of
        series; for more, pass a few static features of each as ``X``.
    sp : int or None, default=None
        Seasonal period (at least 1) of the seasonal naive forecast and of the
        default pipeline. ``None`` infers it from the index frequency: 24
        hourly, 7 daily, 5 business-daily, 52 weekly, 24 semi-monthly, 12
        monthly, 4 quarterly (business and custom variants alike), 1
        otherwise.
    fallback : {"auto", "theta", "naive2", "seasonal_naive", "off"}, default="auto"
        What ``fit`` does when the network forecasts the holdout worse than
        a baseline (a higher MASE in ``baseline_scores_``): it always warns
        (:class:`skltsm.exceptions.BaselineWarning`); ``"theta"`` (the Theta
        method as sktime's ``ThetaForecaster``: exponential smoothing plus
        half the linear trend, of the seasonally adjusted series; one series
        only), ``"naive2"`` (M4's naive2: the naive forecast of the
        seasonally adjusted series, reseasonalised) or ``"seasonal_naive"``
        then forecasts that baseline instead (and calibrates its intervals
        on its errors), ``"off"`` keeps the network's forecasts. The
        seasonal adjustment is the default's; with a pipeline you give,
        theta and naive2 forecast the series unadjusted. ``"auto"``: for the
        pipeline the forecaster builds on one series, Theta when the series
        leaves fewer than 20 training windows
        (``default_choices_.too_short``), whatever the holdout says (it
        warns when, on a seasonal series, Theta loses to the seasonal
        naive), and the network (averaged with Theta) otherwise; for the
        one it builds on a
        panel, ``"seasonal_naive"`` (the seasonal naive's forecasts when the
        network loses to it); a pipeline you give is kept. The warning says
        which of these kept the forecasts, and names the values that work
        for the data (``"theta"`` not on a panel, nor with :meth:`pretrain`:
        the pretrained network forecasts a series as a panel's). The MASE
        is over the
        holdout's steps: those of the ``fh`` passed to ``fit``, or, without
        one, every step the holdout allows (see ``calibration_size``). Pass
        the ``fh`` you will forecast to ``fit`` to decide on those steps.
    head_calibration : {"median", "per_level"}, default="median"
        How a holdout calibrates quantile heads (a regressor with
        ``quantiles``, and ``calibration_size > 0``; ignored otherwise).
        ``"median"``: the median head plus the conformal quantiles of its
        holdout residuals, each divided by the geometric mean of the series'
        scale (``scale_window``) and the distance between the outermost heads,
        times the same at forecast time (normalised conformal prediction: the
        heads set each forecast's width, the holdout the coverage).
        ``"per_level"``: each head shifted by the conformal quantile of its
        own residuals (conformalised quantile regression). ADR 0023 gives the
        coverage and interval scores measured with each.
    verbose : int, default=0
        ``1`` or more: ``fit`` prints what the default chose and the holdout
        scores beside the naive ones, and every step of the pipeline with a
        ``verbose`` parameter gets this value (``LSTMRegressor`` passes it to
        Keras: ``1`` a progress bar per epoch, ``2`` one line per epoch).
    random_state : int, RandomState instance or None, default=None
        Seed given to every step of the pipeline that has a ``random_state``
        (the network's weights, dropout and shuffling). An int in
        [0, 2**32 - 1] is given as it is. A ``RandomState`` instance gives
        one int seed, drawn from it at each call that trains networks anew
        (``fit``, ``pretrain``, ``update(update_params=True)``) and shared
        by every network of that call as an int is, calibration copies
        included; the instance is advanced, as scikit-learn's estimators
        advance it, so two fits with one instance differ and two instances
        in the same state give the same forecasts. A fit after ``pretrain``
        trains the pretrained network on, with ``pretrain``'s seed.
        ``pooling="local"``: sktime fits a clone of the forecaster per
        series, each with its own copy of the instance in the same state,
        so every series draws the same seed (as with an int) and the
        instance passed is not advanced. ``None`` keeps the pipeline's own.

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
    series_ids_ : pandas.Index or None
        The series of a panel in ``y_memory_``: those of ``fit``, then those
        each ``update`` added, in that order (``None`` for one series).
    time_step_ : int, pandas.DateOffset or pandas.Timedelta
        Step between consecutive time labels.
    residuals_ : dict of int to ndarray or None
        Signed calibration residuals of each step (``y - forecast``), or
        ``None`` without calibration.
    quantile_residuals_ : dict of int to ndarray or None
        With quantile heads and calibration: the signed residuals of each
        head (``y - quantile``, a last axis of levels) of each step, over the
        scale; they calibrate the heads (``head_calibration``). ``None``
        otherwise.
    sp_ : int
        The seasonal period used (``sp``, or the one the index implies).
    default_choices_ : DefaultChoices or None
        What the forecaster chose when it built its own pipeline (``None``
        for a given one); ``print`` it for a summary, ``.pipeline()`` builds
        the pipeline again.
    baseline_scores_ : pandas.Series or None
        MASE on the holdout (the calibration holdout, or the early-stopping
        tail) of the ``"network"`` (the forecaster's own forecasts: for the
        default on one series, the mean of the network's and Theta's), the
        ``"naive"``, the ``"seasonal_naive"`` and the ``"naive2"`` forecasts
        (a panel's naive2 is its naive), and for one series with the
        default pipeline or ``fallback="theta"`` the ``"theta"`` forecasts
        (its parameters estimated on all of ``y``, as the seasonal factors),
        from the same origins at the same steps, each error divided by the
        mean absolute one-step change of its series before the holdout.
        ``None`` when nothing was held out (``calibration_size=0`` with
        calibration folds, or a series too short to hold any out).
    fallback_ : bool
        Whether the forecasts are the baseline's (see ``fallback``).
    fallback_to_ : str or None
        The baseline ``fallback`` resolved to (``"theta"``, ``"naive2"``,
        ``"seasonal_naive"``) or ``None``.
    pretrained_strategy_ : object
        After :meth:`pretrain`: the strategy fitted on the panel, kept by
        ``fit`` (see ``get_pretrained_params``).
    pretrained_series_ : pandas.Index
        After :meth:`pretrain`: the series it was trained on (a series too
        short for one training window is left out of pretraining, with a
        :class:`~skltsm.exceptions.ShortSeriesWarning`, and of this index).
    pretrained_covariates_ : list of str
        After :meth:`pretrain`: the columns of ``X`` the network reads (empty
        without ``X``); ``fit`` and a further ``pretrain`` need the same.
    pretrained_kind_ : tuple
        After :meth:`pretrain`: how the panel was indexed (levels, the kind
        of its time labels, their frequency); ``fit`` needs time labels of
        the same kind and frequency.
    pretrained_here_ : PretrainedHere
        After :meth:`pretrain`: true in the forecaster that pretrained the
        network, false in a clone or copy of it (sktime's clone carries the
        network), whose further ``pretrain`` warns of the series it trained
        on (:class:`~skltsm.exceptions.LookAheadWarning`).

    See Also
    --------
    skltsm.make_forecast_pipeline : Build the pipeline.
    sktime.forecasting.compose.make_reduction : sktime's reduction to
        tabular regressors, with the same strategy names.

    Notes
    -----
    The parameters are validated at the start of ``fit`` against
    ``_parameter_constraints``, as scikit-learn estimators do: an invalid
    value raises ``sklearn.utils._param_validation.InvalidParameterError`` (a
    ``ValueError`` and a ``TypeError``) that names the parameter and what it
    accepts.

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

    Unless Theta forecasts alone (the default on a series too short for a
    network, ``default_choices_.too_short``): its intervals are then the
    Theta method's own, Gaussian, as sktime's ``ThetaForecaster`` computes
    them (standard error ``sigma * sqrt(1 + h alpha^2)`` at step ``h``,
    ``sigma`` from the in-sample one-step errors of the smoothing of the
    seasonally adjusted series), centred on the forecasts, for every step
    (the short holdout would leave the later steps without one). Where the
    default of one series forecasts its network (with Theta), or the
    baseline an explicit ``fallback`` gave way to, but a step has fewer
    residuals than a level needs (9 for 80 % intervals, 39 for 95 %), that
    level is the farther from the forecast of the extreme residual and the
    Theta method's Gaussian quantile (Theta's alone at a step of fit's
    ``fh`` with one residual or none; a step beyond those fit calibrated is
    refused), with a ``CalibrationWarning``: on the frequencies benchmark
    this brought every series intervals and the quarterly and monthly ones
    nearer their coverage. See ``docs/adr/0022-frequency-aware-default.md``.

    Unless the network forecasts quantiles itself: when the pipeline's
    regressor has quantile heads (``LSTMRegressor(quantiles=(0.025, 0.1,
    0.5, 0.9, 0.975))``, say), ``predict_quantiles`` and ``predict_interval``
    give the network's quantiles, linear between its levels, and refuse
    levels outside them (``ValueError``); no calibration is needed
    (``calibration_size=0`` trains one network in all). With calibration,
    the holdout restores the coverage the heads promise
    (``head_calibration``: around the median head, with widths from the
    heads, or each head shifted on its own; ``quantile_residuals_``). Only the
    ``"direct"`` and ``"multioutput"`` strategies take quantile heads
    (``fit`` refuses the recursive one: it feeds back point forecasts, so
    its heads would describe one step). See
    ``docs/adr/0023-quantile-heads.md``.

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

    Without a pipeline, the forecaster configures itself from the data and
    scores the naive forecasts beside its own:

    >>> default = LSTMForecaster(random_state=0).fit(y, fh=range(1, 13))
    >>> default.sp_, default.default_choices_.look_back
    (12, 24)
    >>> default.baseline_scores_.index.tolist()
    ['network', 'naive', 'seasonal_naive', 'naive2', 'theta']
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
        "capability:pretrain": True,
        # what pretrain leaves and a fit after it reads (the default's choices
        # included); pretrain's sp_, time_step_, fallback_to_ are a fit's
        "pretrain:fitted_params": list(_PRETRAINED_ATTRIBUTES),
    }
    # the forecaster keeps its own memory (_memory.py); sktime's is not needed
    _config = {"remember_data": False}

    _parameter_constraints: dict = {
        "pipeline": [ForecastPipeline, None],
        "strategy": [StrOptions({"auto", *STRATEGIES})],
        # a count, or a fraction: calibration_origins tells them apart by float
        "calibration_size": [
            NON_NEGATIVE_INT,
            Interval(RealNotInt, 0, 1, closed="left"),
        ],
        "calibration_folds": [NON_NEGATIVE_INT, StrOptions({"auto"})],
        "scale_window": [POSITIVE_INT, None],
        # scikit-learn's "random_state" would take True as seed 1; an instance
        # gives an int seed per training call (_training_seed), which
        # prepare_pipeline passes on to every step
        "random_state": [RANDOM_SEED, np.random.RandomState, None],
        "pooling": [StrOptions({"global", "local"})],
        "fine_tune_epochs": [NON_NEGATIVE_INT],
        "series_identity": ["boolean"],
        "sp": [POSITIVE_INT, None],
        "fallback": [StrOptions({"auto", "theta", "naive2", "seasonal_naive", "off"})],
        "head_calibration": [StrOptions({"median", "per_level"})],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        pipeline: ForecastPipeline | None = None,
        *,
        strategy: str = "auto",
        calibration_size: float | int = 0.4,
        calibration_folds: int | str = "auto",
        scale_window: int | None = 12,
        pooling: str = "global",
        fine_tune_epochs: int = 0,
        series_identity: bool = False,
        sp: int | None = None,
        fallback: str = "auto",
        head_calibration: str = "median",
        verbose: int = 0,
        random_state: int | np.random.RandomState | None = None,
    ):
        self.pipeline = pipeline
        self.strategy = strategy
        self.calibration_size = calibration_size
        self.calibration_folds = calibration_folds
        self.scale_window = scale_window
        self.pooling = pooling
        self.fine_tune_epochs = fine_tune_epochs
        self.series_identity = series_identity
        self.sp = sp
        self.fallback = fallback
        self.head_calibration = head_calibration
        self.verbose = verbose
        self.random_state = random_state
        super().__init__()
        # BaseForecaster creates its data store only when remember_data is on
        # at construction; create it empty so that set_config can turn it on
        self._y = self._X = None

    def __dynamic_tags__(self):
        """Set the tags that depend on the pipeline, strategy and calibration."""
        # quantile heads need no calibration (ADR 0023)
        heads = hasattr(self.pipeline, "predict_quantiles")
        intervals = self.calibration_size != 0 or heads
        # an invalid strategy needs no fh, so that fit reaches the validation
        needs_fh = isinstance(self.strategy, str) and self.strategy in {
            "direct",
            "multioutput",
        }
        # global pooling takes panels itself; local lets sktime loop the series
        mtypes = _PANEL_MTYPES if self.pooling == "global" else "pd.DataFrame"
        self.set_tags(
            **{
                # the default pipeline scales and tests one variable; sktime
                # then forecasts each column of y on its own
                "capability:multivariate": self.pipeline is not None,
                "requires-fh-in-fit": needs_fh,
                "capability:pred_int": intervals,
                "capability:pred_int:insample": intervals,
                "y_inner_mtype": mtypes,
                "X_inner_mtype": mtypes,
            }
        )

    def set_params(self, **params):
        """Set parameters, nested ones of the pipeline included; reset the tags.

        skbase's ``set_params`` resets the forecaster, which sets its tags,
        before it sets the parameters of its components: the tags that read
        the pipeline (quantile heads give intervals) would describe the
        pipeline as it was.

        After :meth:`pretrain`, the parameters that only a fit after it
        reads (``fine_tune_epochs``, ``calibration_size``,
        ``calibration_folds``, ``scale_window``, ``fallback``,
        ``head_calibration``, ``verbose``, and ``sp`` with a pipeline
        given) keep the pretrained network: the
        forecaster is reset to its pretrained state (sktime's
        ``_set_params_at("pretrained", ...)``), so that
        ``ForecastingGridSearchCV`` over them scores the pretrained network.
        Any other parameter changes the network, and resets the forecaster
        to a new one with a :class:`~skltsm.exceptions.SkltsmWarning`:
        call :meth:`pretrain` again. A parameter set to the value it has
        (an estimator: the same object) changes nothing and keeps the
        pretrained network too: ``clone().set_params(random_state=0)``,
        ``set_params(**get_params(deep=False))``.

        Parameters
        ----------
        **params : dict
            ``<parameter>`` or ``<component>__<parameter>`` keys.

        Returns
        -------
        self : LSTMForecaster
            The forecaster, reset, with the new parameters.
        """
        pretrained = bool(params) and hasattr(self, "pretrained_strategy_")
        if pretrained:
            params = full_keys(self, params)
        # a value set again as it is changes nothing
        changed = changed_params(self, params) if pretrained else set(params)
        # sp shapes the default pipeline; with one given, only each fit reads it
        fit_only = _FIT_ONLY_PARAMS | ({"sp"} if self.pipeline is not None else set())
        read_by_pretrain = sorted(changed - fit_only)
        if pretrained and not read_by_pretrain:
            self._set_params_at("pretrained", params)  # fit resolves fallback
        else:
            super().set_params(**params)
        self.__dynamic_tags__()
        if pretrained and read_by_pretrain:
            warn(
                f"set_params({', '.join(read_by_pretrain)}) changes what the "
                "pretrained network was made for (its pipeline, strategy, series "
                "identity, seed, the default pipeline's seasonality, or the pooling "
                "of the fits it serves), so the pretraining was dropped: the "
                "forecaster is reset to a new one. Call pretrain again before fit. "
                f"Only {', '.join(sorted(fit_only))} keep the pretrained network.",
                SkltsmWarning,
            )
        return self

    # -- fit ---------------------------------------------------------------
    def fit(self, y, X=None, fh=None):
        """Fit the forecaster to ``y`` (sktime's ``fit``, skltsm's checks first).

        ``y`` is checked as skltsm checks data before sktime checks it, so
        that a NaN, a time index out of order or a row without a series id
        is named where it is (sktime's own messages cannot say), and numbers
        stored as objects are read as floats
        (:mod:`skltsm.sktime._input_checks`).

        Parameters
        ----------
        y : sktime time series
            A series, or a panel (``pd-multiindex``, ``pd_multiindex_hier``).
        X : sktime time series, optional
            Covariates at the rows of ``y``.
        fh : int, list or ForecastingHorizon, optional
            The steps to forecast (needed here by the direct and multioutput
            strategies).

        Returns
        -------
        self : LSTMForecaster
            The fitted forecaster.
        """
        y = self._checked_y(y)
        _check_X_covers_one_series(y, X, "fit")
        self._warn_of_local_fit_without_identity(y)
        return super().fit(y, X=X, fh=fh)

    def _warn_of_local_fit_without_identity(self, y) -> None:
        """Warn that a local fit forecasts pretrained series without their identity.

        ``pretrain`` is global whatever ``pooling`` says; under local pooling
        sktime fits each series alone, without its key, so each gets the
        zeros of a series not seen ("any series"), also those pretrained on.
        """
        pretrained = getattr(self, "pretrained_strategy_", None)
        identities = getattr(pretrained, "identities_", [])
        if self.pooling != "local" or not len(identities) or not is_panel(y):
            return
        warn(
            "series_identity: under pooling='local' each series is fitted alone, "
            "without its key, so the pretrained network forecasts every series "
            "with the zeros of a series not seen, also the "
            f"{len(identities)} it was pretrained with an identity. Fit with "
            "pooling='global' to forecast them with it.",
            SkltsmWarning,
        )

    def _checked_y(self, y, *, new_rows: bool = False):
        """Return ``y`` checked as skltsm checks it, before sktime's checks.

        ``fit``'s checks (:func:`checked_before_sktime`), or with
        ``new_rows`` an update's (values only: :meth:`_update_y_X` checks the
        kind, then sktime the labels). ``fit_predict``, ``update_predict``
        and ``update_predict_single`` check their ``y`` here too
        (:class:`~skltsm.sktime._rollback.PredictsAllOrNothing`).
        """
        if new_rows:
            return checked_before_sktime(y, new_rows=True)
        # local pooling: a model per series, each at its own step (anchor)
        return checked_before_sktime(y, own_steps=self.pooling == "local")

    def _check_X_y(self, X=None, y=None, **kwargs):
        """Check ``X`` as skltsm does, then ``X`` and ``y`` as sktime does.

        Every method that takes ``X`` (fit, the predicts, update, pretrain)
        checks it here first (:func:`covariates_checked_before_sktime`), so
        that a NaN, text or rows out of order are named where they are, and
        its index levels against those of ``y``, or without ``y`` (predict)
        of the ``y`` fitted (:func:`check_index_levels`): a calendar without
        a series level for a panel, or a panel's ``X`` for one series,
        reached pandas' errors in sktime's checks or the lookup of rows.
        """
        names = self._level_names_of_y(y)
        if isinstance(X, pd.Series | pd.DataFrame) and names is not None:
            check_index_levels(X.index, names, fitted=y is None)
        X = covariates_checked_before_sktime(X)
        return super()._check_X_y(X=X, y=y, **kwargs)

    def _level_names_of_y(self, y) -> list | None:
        """Return the index level names of ``y``, or of the ``y`` fitted.

        Without ``y`` (predict): those of the memory, or under local pooling
        of the panel sktime's loop walks. ``None`` when unknown: ``y`` of
        another type than pandas' (left to sktime), or nothing fitted.
        """
        if y is not None:
            is_pandas = isinstance(y, pd.Series | pd.DataFrame)
            return list(y.index.names) if is_pandas else None
        if not self.is_fitted:
            return None
        held = vars(self).get("y_memory_")
        if held is None:  # local pooling of a panel: no memory of its own
            held = getattr(getattr(self, "_yvec", None), "X", None)
        return None if held is None else list(held.index.names)

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
        validate_params(self)
        # the steps fit trains and calibrates for, which an update's refit
        # keeps: predict replaces self._fh with its own (recursive strategy)
        self._fh_of_fit = fh
        self.y_memory_, self.time_step_ = as_frame(y, "y")
        self.series_ids_ = _series_ids(self.y_memory_)
        self.X_memory_ = _covariates_of(self.y_memory_, X, "fit")
        if hasattr(self, "pretrained_strategy_"):
            self._fit_from_pretrained()
        else:
            self._fit_models()
        return self

    def _fit_models(self) -> None:
        """(Re)fit the strategy, calibrate, and compare with the naive forecasts."""
        y, X = self.y_memory_, self.X_memory_
        self._choose(y)
        seed = self._training_seed()
        template = self._new_strategy(seed)
        if not is_panel(y):  # short series of a panel are left out, with a warning
            check_length(template, len(y), self._strategy_name())
        self.strategy_ = template.fit(y, X)
        self._compare_with_baselines(self._holdout(template, y, X, seed))
        self._report(f"scores on the holdout:\n{self.baseline_scores_}")

    def _choose(self, y: pd.DataFrame, fh: ForecastingHorizon | None = None) -> None:
        """Fix the seasonal period and, without a pipeline, the default's settings.

        ``fh`` is the horizon (default: fit's).
        """
        self.sp_ = seasonal_period(y.index) if self.sp is None else self.sp
        self.default_choices_ = None
        if self.pipeline is None:
            steps = self._fit_steps(y, fh)
            self.default_choices_ = choose_defaults(
                y, sp=self.sp, n_steps=max(steps) if steps else None
            )
            self._report(f"the default pipeline's choices:\n{self.default_choices_}")
        self.fallback_to_ = fallback_model(
            self.fallback, pipeline_given=self.pipeline is not None, panel=is_panel(y)
        )
        self._theta = self._theta_method(y)
        # the factors' phase and Theta's smoothing start at this label, not row 0:
        # the one record of it, given to the wrappers (_new_strategy) and read
        # by the baselines (_baseline), so that both keep the same phase
        self._fitted_start = None if is_panel(y) else y.index[0]

    def _theta_method(self, y: pd.DataFrame):
        """Return the Theta method of one series: the default's, or for the fallback.

        ``None`` on a panel, and with a given pipeline unless ``fallback``
        is ``"theta"`` (then estimated without seasonal adjustment).
        """
        if is_panel(y):
            return None
        if self.default_choices_ is not None:
            return self.default_choices_.theta
        if self.fallback_to_ == THETA:
            return theta_method(y.to_numpy(np.float64), None)
        return None

    def _report(self, message: str) -> None:
        if self.verbose:
            print(f"[LSTMForecaster] {message}", flush=True)

    def _fit_from_pretrained(self) -> None:
        """Forecast the series with the pretrained network, fine-tuned or not."""
        self._check_pretrained_kind(self.y_memory_, "fit")
        pretrained = self._pretrained()
        self.X_memory_ = pretrained.check_variables(
            self.y_memory_, self.X_memory_, "fit"
        )
        self.strategy_ = pretrained.copy(self.time_step_)
        if not is_panel(self.y_memory_):  # a panel's short series: at predict
            check_pretrained_length(
                self.strategy_, len(self.y_memory_),
                fine_tune_epochs=self.fine_tune_epochs,
                strategy_name=self._strategy_name(),
            )  # fmt: skip
        elif not self.fine_tune_epochs:  # fine-tuning's fit warns of its own
            self._warn_short_series()
        pretrained.check_steps(self._fit_steps(), "fit")
        pretrained.check_fine_tuning(self.fine_tune_epochs)
        self.sp_ = seasonal_period(self.y_memory_.index) if self.sp is None else self.sp
        self._theta = None  # chosen on pretrain's panel: no Theta (nor kept by clone)
        self._fitted_start = None  # no factors nor Theta to anchor
        self.fallback_to_ = self._pretrained_fallback()  # set_params may change it
        holdout = self._pretrained_holdout()  # before the network tunes on the holdout
        if self.fine_tune_epochs:
            self.strategy_.fit(
                self.y_memory_, self.X_memory_, continue_epochs=self.fine_tune_epochs
            )
        self._compare_with_baselines(holdout)

    def _warn_short_series(self) -> None:
        """Warn of the series of the panel held too short to forecast, by name.

        As a fit warns of the series too short to train on
        (:class:`~skltsm.exceptions.ShortSeriesWarning`): after
        :meth:`pretrain` without fine-tuning nothing trains at fit, and
        ``predict`` refuses the series with fewer rows than one forecast
        reads.
        """
        panel = panel_index(self.y_memory_.index)
        forecasts = self._memory_forecasts()
        short = forecasts.short_series(panel)
        if len(short):
            warn(
                f"{len(short)} of {len(panel.ids)} series have fewer than the "
                f"{forecasts.origin_history} rows one forecast of the pretrained "
                f"network reads, and cannot be forecast: {shown_ids(short)}. "
                "Forecasting them needs more history; predict refuses the panel "
                "while they are in it.",
                ShortSeriesWarning,
            )

    # -- pretraining (sktime/_pretraining.py) ------------------------------
    def pretrain(self, y, X=None, fh=None):
        """Train one network on every series of a panel, to forecast others.

        sktime's :meth:`~sktime.forecasting.base.BaseForecaster.pretrain`
        (see :meth:`_pretrain`), with ``X`` taken as a panel whatever
        ``pooling`` says. sktime 1.2 widens the data types ``y`` may take
        for pretraining to panels, but not those of ``X``: under
        ``pooling="local"`` (one series at a time) it looped ``X`` over the
        series and refused, "does not support automatic vectorization".

        What it leaves (the ``pretrain:fitted_params`` tag: the
        ``pretrained_*`` attributes and ``default_choices_``) is what
        ``get_pretrained_params`` reports, and what sktime keeps through the
        resets of ``fit`` and ``set_params`` and copies into clones; the
        ``sp_``, ``time_step_`` and ``fallback_to_`` it sets are each fit's.

        Parameters
        ----------
        y : pandas.DataFrame
            A panel (``pd-multiindex`` or ``pd_multiindex_hier``).
        X : pandas.DataFrame, optional
            Known covariates at the rows of ``y``.
        fh : int, list or ForecastingHorizon, optional
            Steps the direct and multioutput strategies train for.

        Returns
        -------
        self : LSTMForecaster
            The pretrained forecaster.
        """
        y = checked_before_sktime(y)
        own = self.get_tag("X_inner_mtype")
        self.set_tags(X_inner_mtype=_PANEL_MTYPES)
        try:
            super().pretrain(y, X=X, fh=fh)
        finally:
            self.set_tags(X_inner_mtype=own)
        # sktime records every attribute pretrain created (sp_, time_step_,
        # fallback_to_, which each fit sets again) as pretrained; its resets
        # keep those of the pretrain:fitted_params tag: record those alone
        self._pretrained_attrs = [a for a in _PRETRAINED_ATTRIBUTES if hasattr(self, a)]
        return self

    def _get_fitted_params(self):
        """Return skbase's fitted parameters, less those ``pretrain`` left.

        sktime 1.2's ``get_fitted_params`` removes ``_pretrained_attrs``
        (``"pretrained_series_"``) from keys without the trailing ``"_"``
        (``"pretrained_series"``), so it removed none, against its own
        documentation ("pretrained parameters ... are excluded"): they are
        removed here, before skbase adds the nested components' keys, so no
        ``pretrained_*__`` key follows either. ``get_pretrained_params``
        reports them.

        Returns
        -------
        fitted_params : dict
            Fitted parameters by name, without the trailing ``"_"``.
        """
        fitted = super()._get_fitted_params()
        for name in getattr(self, "_pretrained_attrs", ()):
            fitted.pop(name.removesuffix("_"), None)
        return fitted

    def _pretrain(self, y, X=None, fh=None):
        """Train one network on every series of a panel, to forecast others.

        After ``pretrain(panel)``, ``fit(series)`` forecasts ``series`` with the
        pretrained network: as it is (``fine_tune_epochs=0``), or after that
        many more epochs on ``series``. ``pooling`` does not matter here:
        pretraining is always one network for all the series.

        Parameters
        ----------
        y : pandas.DataFrame
            A long panel (``pd-multiindex`` or ``pd_multiindex_hier``).
        X : pandas.DataFrame or None
            Known covariates at the rows of ``y``.
        fh : ForecastingHorizon or None
            Steps the direct and multioutput strategies train for.

        Returns
        -------
        self : LSTMForecaster
            The pretrained forecaster.
        """
        validate_params(self)
        if fh is None and self.get_tag("requires-fh-in-fit"):  # fit's steps: fh's
            raise ValueError(
                f"LSTMForecaster(strategy={self.strategy!r}) trains for the steps "
                "of fh, and fit after pretrain forecasts only the steps pretrained "
                "for, so pretrain needs fh: pass the steps to forecast, e.g. "
                "pretrain(y, fh=[1, 2, 3])."
            )
        self._pretrained_fallback()  # Theta refused as pretrain's, not as a panel's
        y_panel, step = as_frame(y, "y")
        X_panel = _covariates_of(y_panel, X, "pretrain")
        # fh is pretrain's own: self._fh is fit's, which sktime sets and clears
        self.time_step_ = step
        self._choose(y_panel, fh)
        strategy = self._new_strategy(
            self._training_seed(), targets=list(y_panel.columns), y=y_panel, fh=fh
        )
        self.pretrained_strategy_ = strategy.fit(y_panel, X_panel)
        self.pretrained_series_ = strategy.series_trained(y_panel)
        self.pretrained_covariates_ = [] if X_panel is None else list(X_panel.columns)
        self.pretrained_kind_ = kind_of(y_panel)
        self.pretrained_here_ = PretrainedHere()  # a clone's copy of it is False
        return self

    def _pretrain_update(self, y, X=None, fh=None):
        """Train the pretrained network further on another panel.

        The network alone trains further: the pipeline's other steps (a
        scaler, say) stay as the first ``pretrain`` fitted them, so that
        every panel, and every series forecast later, is read on the scale
        the network learnt.

        Parameters
        ----------
        y : pandas.DataFrame
            A long panel with the variables of the first one.
        X : pandas.DataFrame or None
            Known covariates at the rows of ``y``.
        fh : ForecastingHorizon or None
            The steps of the first ``pretrain`` are the network's: an ``fh``
            that asks for others is refused.

        Returns
        -------
        self : LSTMForecaster
            The pretrained forecaster.
        """
        if not hasattr(self, "pretrained_strategy_"):
            # sktime sends pretrain here in any state but "new"
            raise ValueError(
                "LSTMForecaster was fitted but never pretrained, so it has no "
                "pretrained network to train further. To pretrain, call reset() "
                "first (or pretrain a new LSTMForecaster), then fit the series."
            )
        y_panel, step = as_frame(y, "y")
        self._check_pretrained_kind(y_panel, "pretrain")
        pretrained = self._pretrained()
        self.time_step_ = step  # as in fit: the steps of fh count in it
        if fh is not None:  # else _fit_steps would read the last fit's
            pretrained.check_steps(self._fit_steps(y_panel, fh), "pretrain")
        continues = self._goes_on(pretrained, panel_index(y_panel.index).ids)
        X_panel = _covariates_of(y_panel, X, "pretrain")
        # the same network trains further: it needs the same variables
        X_panel = pretrained.check_variables(y_panel, X_panel, "pretrain")
        targets = list(self.pretrained_strategy_.targets)
        y_panel = y_panel.set_axis(targets, axis=1)
        self.pretrained_strategy_.step = step
        self.pretrained_strategy_.fit(y_panel, X_panel, continue_epochs=0)
        new_series = self.pretrained_strategy_.series_trained(y_panel)
        if continues:
            self._warn_of_series_without_identity(new_series)
            new_series = self.pretrained_series_.append(new_series).unique()
        self.pretrained_series_ = new_series
        return self

    def _warn_of_series_without_identity(self, trained: pd.Index) -> None:
        """Warn that a further pretrain's new series train with no identity column.

        The identity columns are fixed by the panel the network was first
        trained on: a network that goes on cannot grow an input column.
        """
        if not self.series_identity:
            return
        known = self.pretrained_strategy_.identities_
        unknown = trained[~trained.isin(known)]
        if len(unknown):
            warn(
                f"series_identity: the network's identity columns are those of the "
                f"panel it was first pretrained on ({len(known)} series); the "
                f"{len(unknown)} new series of this panel ({shown_ids(unknown)}) "
                "train without "
                "one (zeros, as 'any series') and are forecast so. To give every "
                "series its identity, reset() and pretrain once on all of them.",
                SkltsmWarning,
            )

    def _goes_on(self, pretrained: PretrainedNetwork, new_series: pd.Index) -> bool:
        """Whether a further ``pretrain`` goes on from the network's weights.

        The network this forecaster pretrained must go on: one that cannot
        is refused (it would forget the earlier panels). A clone carries the
        pretrained state, not who pretrained it (``pretrained_here_``):
        sktime's ``evaluate(cv_global=..., strategy="update")`` clones the
        last fold's forecaster at each new fold and pretrains it. Its network
        is pretrained anew on the panel when it cannot go on, and the
        series it trained on are warned of when it does.
        """
        here = bool(self.pretrained_here_)
        if here:
            pretrained.check_continues()
            return True
        if not self.pretrained_strategy_.continues_training():
            self.pretrained_here_ = PretrainedHere()  # trained anew: now its own
            return False
        if pretrained.warn_copied(new_series):
            self.pretrained_here_ = PretrainedHere()  # warned once
        return True

    def _check_pretrained_kind(self, y: pd.DataFrame, method: str) -> None:
        """Refuse ``y`` at a finer or coarser frequency than the pretraining panel's.

        The network forecasts steps of the frequency it was trained at: a
        monthly network would read days as months, a daily one months as
        days, silently.
        """
        check_same_kind(y, self.pretrained_kind_, pretrained=True, method=method)

    def _pretrained_fallback(self) -> str | None:
        """``fallback`` resolved for the pretrained network, one for panels.

        Theta forecasts one series, from its own fit; the pretrained network
        forecasts a series with the panel's. ``_choose`` would refuse it
        with advice for panels (``pooling='local'``), which pretrain ignores.
        """
        if self.fallback == THETA:
            raise ValueError(
                "LSTMForecaster(fallback='theta') cannot be used with pretrain: "
                "the pretrained network forecasts each series as a panel's, and "
                "Theta is fitted to one series alone. Set fallback='seasonal_naive' "
                "or 'naive2' (or 'off', or 'auto')."
            )
        return fallback_model(
            self.fallback, pipeline_given=self.pipeline is not None, panel=True
        )

    def _pretrained(self) -> PretrainedNetwork:
        """Return what :meth:`pretrain` left: network, series and covariates."""
        return PretrainedNetwork(
            self.pretrained_strategy_,
            self.pretrained_series_,
            self.pretrained_covariates_,
        )

    # -- the strategy and its settings ------------------------------------
    def _training_seed(self) -> int | None:
        """Return the seed of one training call: ``random_state``, or one drawn.

        A ``RandomState`` instance gives one int, drawn as ``LSTMRegressor``
        draws it (advancing the instance), which every network of the call
        shares; an int and ``None`` are given as they are.
        """
        if isinstance(self.random_state, np.random.RandomState):
            return resolve_seed(self.random_state)
        return self.random_state

    def _new_strategy(
        self,
        seed: int | None,
        targets: list[str] | None = None,
        y: pd.DataFrame | None = None,
        fh: ForecastingHorizon | None = None,
    ):
        common = {
            "pipeline": self._template(),
            "targets": list(self.y_memory_.columns) if targets is None else targets,
            "step": self.time_step_,
            "random_state": seed,
            "series_identity": self.series_identity,
        }
        steps = self._fit_steps(y, fh)
        strategy = self._strategy_name()
        self._check_quantile_strategy(strategy)
        if strategy == "direct":
            built = Direct(horizons=steps, **common)
        elif strategy == "multioutput":
            built = MultiOutput(n_steps=max(steps, default=1), **common)
        else:
            built = Recursive(horizons=steps, **common)
        if self.default_choices_ is not None:  # its seasonal adjustment, Theta
            built = self.default_choices_.wrapped(built, start=self._fitted_start)
        return built

    def _seasonal_factors(self):
        """Return the default's seasonal decomposition, when it deseasonalises."""
        choices = self.default_choices_
        return None if choices is None else choices.seasonal_factors

    def _check_quantile_strategy(self, strategy: str) -> None:
        """Refuse quantile heads with the recursive strategy (ADR 0023)."""
        if strategy == "recursive" and hasattr(self.pipeline, "predict_quantiles"):
            raise ValueError(
                "The pipeline's regressor predicts quantiles, but LSTMForecaster("
                f"strategy={self.strategy!r}) is recursive: it feeds point "
                "forecasts back, so the network's quantiles would hold for one "
                "step only. Set strategy='direct' or 'multioutput' (and give fh "
                "in fit)."
            )

    def _template(self) -> ForecastPipeline:
        """Return the pipeline every model clones: given or built, ``verbose`` set."""
        choices = self.default_choices_
        pipeline = self.pipeline if choices is None else choices.pipeline()
        if not self.verbose:
            return pipeline
        pipeline = clone(pipeline)
        return pipeline.set_params(
            **{
                f"{name}__verbose": self.verbose
                for name, step in pipeline.steps
                if "verbose" in step.get_params(deep=False)
            }
        )

    def _strategy_name(self) -> str:
        """``strategy``, with ``"auto"`` resolved (see the parameter)."""
        if self.strategy != "auto":
            return self.strategy
        if self.default_choices_ is None:
            return "recursive"
        return self.default_choices_.strategy

    def _calibration_folds(self) -> int:
        """``calibration_folds``, with ``"auto"`` resolved (see the parameter)."""
        if self.calibration_folds != "auto":
            return self.calibration_folds
        return 0 if self.default_choices_ is not None else 2

    def _fit_steps(
        self, y: pd.DataFrame | None = None, fh: ForecastingHorizon | None = None
    ) -> list[int]:
        """Return the out-of-sample steps of ``fh`` from the end of ``y``.

        ``y`` is the data being fitted (default: the memory), ``fh`` the
        horizon (default: fit's, or without one the last ``predict``'s); on
        a panel an absolute ``fh`` counts from each series' own end.
        """
        if fh is None:
            fitted = getattr(self, "_fh_of_fit", None)
            fh = self._fh if fitted is None else fitted
        if fh is None:
            return []
        steps = self._steps_from_ends(fh, y)
        return sorted({int(s) for s in np.ravel(steps) if s > 0})

    def _steps_from_ends(self, fh, y: pd.DataFrame | None = None) -> np.ndarray:
        """Return the steps of ``fh`` from the end of ``y`` (default: the memory).

        One series: an array of steps from the cutoff; a panel: one row per
        series, of the steps from its own end.
        """
        y = self.y_memory_ if y is None else y
        if is_panel(y):
            ends = panel_index(y.index).ends
            return steps_from_each_end(ends, fh, self.cutoff, self.time_step_)
        return self._relative_steps(fh)

    # -- the holdout and the baselines (_forecast/_holdout, _fallback.py) --
    def _holdout_plan(self) -> HoldoutPlan:
        """Return how this fit holds out observations and scores their forecasts."""
        return HoldoutPlan(
            self.calibration_size, self.scale_window, self.sp_,
            self._seasonal_factors(), self._theta,
        )  # fmt: skip

    def _holdout(self, strategy, y, X, seed: int | None) -> Holdout | None:
        """Forecasts of held-out observations, by the network and the naive ones.

        The early-stopping tail of the fitted network (``calibration_folds=0``,
        no extra fit), else the calibration holdout (``calibration_folds``
        extra fits; one for a panel); ``None`` when nothing is held out.
        The copies are trained with ``seed``, the fitted network's.
        """
        if not is_panel(y) and self._calibration_folds() == 0:
            return self._holdout_plan().forecast_tail(self.strategy_, y, X)

        def fitted_copy(y_part, X_part):
            return self._new_strategy(seed).fit(y_part, X_part)

        return self._holdout_plan().forecast(
            fitted_copy, strategy, y, X,
            min_length=strategy.min_length,
            min_windows=_min_copy_windows(strategy),
            n_folds=self._calibration_folds(),
        )  # fmt: skip

    def _pretrained_holdout(self) -> Holdout | None:
        """Forecasts of the calibration holdout by the pretrained network.

        Without fine-tuning the network has seen none of this data: it
        forecasts the holdout as it is, every origin a look-back window
        after the first row (one fold, no copy). With ``fine_tune_epochs``,
        a copy fine-tuned on the rows before the holdout forecasts it, as
        ``fit``'s calibration copy does (``calibration_folds`` copies, at
        least one).
        """
        y, X = self.y_memory_, self.X_memory_
        ids = panel_index(y.index).ids if is_panel(y) else None
        self._pretrained().warn_seen(ids, self.calibration_size)
        if not self.fine_tune_epochs:
            return self._holdout_plan().forecast(
                lambda y_part, X_part: self.strategy_, self.strategy_, y, X,
                min_length=self.strategy_.origin_history, min_windows=1,
                n_folds=1,
            )  # fmt: skip

        def fine_tuned_copy(y_part, X_part):
            copy = self._pretrained().copy(self.time_step_)
            return copy.fit(y_part, X_part, continue_epochs=self.fine_tune_epochs)

        return self._holdout_plan().forecast(
            fine_tuned_copy, self.strategy_, y, X,
            min_length=self.strategy_.min_length,
            min_windows=_min_copy_windows(self.strategy_),
            n_folds=max(self._calibration_folds(), 1),
        )  # fmt: skip

    def _compare_with_baselines(self, holdout: Holdout | None) -> None:
        """Keep the scores, warn when the network loses, and fall back if asked."""
        self.baseline_scores_ = None if holdout is None else holdout.scores()
        scores = self.baseline_scores_
        rule = self._fallback_rule()
        lost_to = None if scores is None else rule.lost_to(scores)
        self.fallback_ = rule.falls_back(lost_to == rule.baseline)
        if scores is not None and rule.theta_alone():  # Theta, whatever it scores
            warn_theta_alone(scores, n_rows=holdout.n_scored, sp=self.sp_)
        elif lost_to is not None:
            warn_baseline(
                rule, self.fallback_, scores, baseline=lost_to,
                n_rows=holdout.n_scored, sp=self.sp_, panel=is_panel(self.y_memory_),
                losses=holdout.losses_by_series(lost_to),
            )  # fmt: skip
        self._calibrated_steps = self._fit_steps()  # fit's fh
        if holdout is None or self.calibration_size == 0:
            self.residuals_ = self.quantile_residuals_ = None
            return
        self.residuals_ = holdout.residuals(
            rule.baseline if self.fallback_ else "network"
        )
        heads = None if self.fallback_ else holdout.quantile_residuals()
        self.quantile_residuals_ = heads

    def _fallback_rule(self) -> FallbackRule:
        """Return when the network gives way to its baseline (``fallback``)."""
        choices = self.default_choices_
        return FallbackRule(
            self.fallback,
            getattr(self, "fallback_to_", None),
            default_of_one_series=choices is not None and not choices.panel,
            too_short=choices is not None and choices.too_short,
        )

    # -- predict (_forecast/_memory_forecasts.py) ---------------------------
    def _predict(self, fh, X, quantiles=False):
        """Forecast the steps of ``fh``.

        Parameters
        ----------
        fh : ForecastingHorizon
            Steps to forecast; in-sample steps get one-step-ahead forecasts.
        X : pandas.DataFrame or None
            Covariates at the future steps (required if ``fit`` had ``X``).
        quantiles : bool, default=False
            Forecast the quantiles the network was trained for instead
            (quantile heads, ADR 0023).

        Returns
        -------
        y_pred : pandas.DataFrame
            Forecasts indexed by the absolute ``fh``, columns as ``y`` (with
            ``quantiles``: columns ``(variable, level)``).
        """
        if is_panel(self.y_memory_):
            return self._predict_panel(fh, X, quantiles)
        steps = self._relative_steps(fh)
        if self.fallback_:
            values = self._baseline(np.array([len(self.y_memory_)]), steps)[0]
        else:
            values = self._memory_forecasts().of_series(steps, X, quantiles=quantiles)
        return pd.DataFrame(
            values.reshape(len(steps), -1),
            index=fh.to_absolute_index(self.cutoff),
            columns=self._forecast_columns(quantiles),
        )

    def _memory_forecasts(self) -> MemoryForecasts:
        """Return the fitted strategy and the memory it forecasts from."""
        return MemoryForecasts(
            self.strategy_, self.y_memory_, self.X_memory_, self.time_step_,
            type(self).__name__,
        )  # fmt: skip

    def _forecast_columns(self, quantiles: bool) -> pd.Index:
        if not quantiles:
            return self._y_columns()
        levels = self._quantile_levels().tolist()
        return self._get_columns(method="predict_quantiles", alpha=levels)

    def _quantile_levels(self) -> np.ndarray:
        """Return the levels the network predicts (quantile heads), increasing."""
        return quantile_levels(self.strategy_)

    def _predict_panel(self, fh, X, quantiles=False) -> pd.DataFrame:
        """Forecast every series of the panel, all in the same network calls.

        A relative ``fh`` counts from each series' own last observation (as
        sktime's loop over series does when the series end at different
        times); an absolute one names the same times for every series.
        """
        panel = panel_index(self.y_memory_.index)
        own_steps = steps_from_each_end(panel.ends, fh, self.cutoff, self.time_step_)
        if self.fallback_:
            values = self._baseline(panel.starts + panel.lengths, own_steps)
            if not quantiles:
                values = self._network_where_no_baseline(values, panel, own_steps, X)
        else:
            values = self._memory_forecasts().of_panel(
                panel, own_steps, X, quantiles=quantiles
            )
        return pd.DataFrame(
            values.reshape(own_steps.size, -1),
            index=index_from_each_end(
                panel.ids,
                panel.ends,
                fh,
                self.cutoff,
                self.time_step_,
                self.y_memory_.index.names,
            ),
            columns=self._forecast_columns(quantiles),
        )

    def _network_where_no_baseline(
        self, values: np.ndarray, panel: PanelIndex, own_steps: np.ndarray, X
    ) -> np.ndarray:
        """Give the network's forecasts to the series the baseline cannot forecast.

        The seasonal naive of a series shorter than its season has no
        observation a season back: falling back (decided on the series it
        forecasts) left such a series NaN, silently. The network forecasts it
        (as without the fallback), and a BaselineWarning names it.
        """
        missing = np.isnan(values).any(axis=(1, 2))
        if not missing.any():
            return values
        network = self._memory_forecasts().of_panel(panel, own_steps, X)
        values = values.copy()
        values[missing] = network[missing]
        warn(
            f"The {BASELINE_NAMES[self.fallback_to_]} LSTMForecaster fell back to "
            f"has no forecast for the series {shown_ids(panel.ids[missing])} (too "
            f"short for it: sp={self.sp_}); they are forecast by the network.",
            BaselineWarning,
        )
        return values

    def _baseline(self, ends: np.ndarray, own_steps: np.ndarray) -> np.ndarray:
        """Forecast ``fh`` with the fallback's baseline, every series at once.

        :func:`~skltsm._forecast._fallback.baseline_forecasts` of the memory.

        Parameters
        ----------
        ends : ndarray of int
            Each series' end in the rows grouped by series (its start plus
            its length; the length for one series).
        own_steps : ndarray of int, shape (n_series, len(fh))
            Steps relative to each series' last observation; in-sample steps
            (``<= 0``) are forecast one step ahead.

        Returns
        -------
        forecasts : ndarray of shape (n_series, len(fh), n_targets)
        """
        values = self.y_memory_.to_numpy(np.float64)
        if is_panel(self.y_memory_):
            panel = panel_index(self.y_memory_.index)
            values, starts = values[panel.order], panel.starts
        else:
            starts = np.zeros(1, dtype=np.int64)
        # earlier rows an update brought keep the phase
        first = rows_before(self.y_memory_.index, self._fitted_start)
        return baseline_forecasts(
            values, starts, ends, own_steps, to=self.fallback_to_, sp=self.sp_,
            factors=self._seasonal_factors(), theta=self._theta,
            first=first,
        )  # fmt: skip

    def _relative_steps(self, fh) -> np.ndarray:
        """Count the steps of ``fh`` from the cutoff (no frequency needed on it)."""
        cutoff = pd.Index(self.cutoff[:1])
        return steps_from_each_end(cutoff, fh, self.cutoff, self.time_step_)[0]

    def _y_columns(self) -> pd.Index:
        return pd.Index(self._get_varnames())

    # -- intervals (_forecast/_calibrated_quantiles.py) --------------------
    def predict_interval(self, fh=None, X=None, coverage=0.90):
        """Forecast intervals (sktime's ``predict_interval``).

        Raises
        ------
        NotImplementedError
            With ``calibration_size=0`` and a pipeline without quantile
            heads, saying what to set instead.
        """
        self._check_intervals("prediction intervals")
        return super().predict_interval(fh=fh, X=X, coverage=coverage)

    def predict_quantiles(self, fh=None, X=None, alpha=None):
        """Forecast quantiles (sktime's ``predict_quantiles``).

        Raises
        ------
        NotImplementedError
            As :meth:`predict_interval`.
        """
        self._check_intervals("quantile predictions")
        return super().predict_quantiles(fh=fh, X=X, alpha=alpha)

    def predict_var(self, fh=None, X=None, cov=False):
        """Forecast variances (sktime's ``predict_var``).

        Raises
        ------
        NotImplementedError
            As :meth:`predict_interval`.
        """
        self._check_intervals("variance predictions")
        return super().predict_var(fh=fh, X=X, cov=cov)

    def _check_intervals(self, what: str) -> None:
        """Refuse ``what`` without calibration nor quantile heads, saying why.

        sktime's own refusal (the ``capability:pred_int`` tag off) asks to
        open an issue on sktime; ``what`` is the words sktime's checks
        expect in the message.
        """
        if self.get_tag("capability:pred_int"):
            return
        raise NotImplementedError(
            f"LSTMForecaster(calibration_size=0) does not have the capability to "
            f"return {what}: calibration_size=0 kept no holdout to calibrate them "
            "on. Set calibration_size to a fraction of each series (the default "
            "is 0.4) or a number of observations, and fit again; or pass a "
            "pipeline whose regressor has quantile heads (LSTMRegressor("
            "quantiles=(0.1, 0.5, 0.9))), which need no holdout."
        )

    def _predict_quantiles(self, fh, X, alpha):
        """Quantile forecasts: the network's own (quantile heads), else conformal.

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
        if self.fallback_ and self._fallback_rule().theta_alone():
            return self._theta_quantiles(fh, X, alpha)  # the Theta method's own
        heads = self.strategy_.has_quantile_heads and not self.fallback_
        if heads:  # in every mode: "median" reads only the median head
            check_levels(self._quantile_levels(), alpha)
        if heads and self.quantile_residuals_ is None:  # the heads as they are
            return self._head_quantiles(fh, X, alpha)
        steps, scales = forecast_scales(
            self.y_memory_, self._steps_from_ends(fh), self.scale_window, self.sp_
        )
        calibration = HoldoutResiduals(
            self.residuals_, self.quantile_residuals_,
            self._quantile_levels() if heads else None, self.head_calibration,
            self.calibration_size, self._calibration_folds(),
            pooled=is_panel(self.y_memory_),  # one cut of each series
        )  # fmt: skip
        if heads:  # recalibrated by the holdout (head_calibration)
            trained = self._predict(fh, X, quantiles=True)
            values = self._head_values(trained)
            quantiles = calibration.head_quantiles(values, steps, scales, alpha)
            return self._quantile_frame(quantiles, trained.index, alpha)
        point = self._predict(fh, X)  # conformal: shifted by its residuals
        point_values = point.to_numpy()
        if self.default_choices_ is None or self._theta is None:
            quantiles = calibration.point_quantiles(point_values, steps, scales, alpha)
        else:  # the default of one series, its fallback's too: Theta where few
            quantiles = calibration.point_quantiles_beside(
                point_values, steps, scales, alpha,
                self._theta_gaussian(point_values, fh, alpha), "the Theta method",
                expected_steps=self._calibrated_steps,
            )  # fmt: skip
        return self._quantile_frame(quantiles, point.index, alpha)

    def _theta_quantiles(self, fh, X, alpha) -> pd.DataFrame:
        """Theta's Gaussian quantiles around its forecasts (the too-short default)."""
        point = self._predict(fh, X)
        quantiles = self._theta_gaussian(point.to_numpy(), fh, alpha)
        return self._quantile_frame(quantiles, point.index, alpha)

    def _theta_gaussian(self, point: np.ndarray, fh, alpha) -> np.ndarray:
        """Theta's Gaussian quantiles around ``point``, as sktime's ``ThetaForecaster``.

        (:meth:`~skltsm._forecast._theta.ThetaMethod.quantiles`), from the
        rows fitted on (earlier ones an update brought are ignored).
        """
        first = rows_before(self.y_memory_.index, self._fitted_start)
        return self._theta.quantiles(
            self.y_memory_.to_numpy(np.float64),
            point,
            self._relative_steps(fh),
            alpha,
            first=first,
        )

    def _quantile_frame(self, quantiles, index, alpha) -> pd.DataFrame:
        columns = self._get_columns(method="predict_quantiles", alpha=alpha)
        return pd.DataFrame(
            quantiles.reshape(len(quantiles), -1), index=index, columns=columns
        )

    def _head_values(self, trained: pd.DataFrame) -> np.ndarray:
        """Return the heads' forecasts as ``(n_rows, n_targets, n_levels)``."""
        levels = self._quantile_levels()
        return trained.to_numpy().reshape(len(trained), -1, len(levels))

    def _head_quantiles(self, fh, X, alpha) -> pd.DataFrame:
        """Forecast the network's quantiles, linear between its levels (ADR 0023)."""
        trained = self._predict(fh, X, quantiles=True)
        values = self._head_values(trained)
        quantiles = interpolate_quantiles(values, self._quantile_levels(), alpha)
        return self._quantile_frame(quantiles, trained.index, alpha)

    def predict_proba(self, fh=None, X=None, marginal=True):
        """Forecast distributions (sktime's ``predict_proba``): global pooling only.

        A single series, or a panel under ``pooling="global"``, as sktime
        does it, from the predictive quantiles. Under ``pooling="local"`` a
        panel's forecasters are sktime's loop over series, which has no
        ``predict_proba`` (sktime 1.2): refused with a message that says what
        to use instead.

        Parameters
        ----------
        fh : int, list or ForecastingHorizon, optional
            The steps to forecast (``fit``'s by default).
        X : sktime time series, optional
            Future covariates, as for ``predict``.
        marginal : bool, default=True
            Marginal distribution by time point, as in sktime.

        Returns
        -------
        pred_dist : sktime or skpro distribution
            The forecast distribution, as sktime returns it.

        Raises
        ------
        NotImplementedError
            Under ``pooling="local"`` on a panel; as :meth:`predict_interval`.
        """
        self._check_intervals("probabilistic predictions")
        if self._loops_over_series():
            raise NotImplementedError(
                "LSTMForecaster(pooling='local') has no predict_proba on a panel: "
                "sktime's loop over series, which fits one forecaster per series, "
                "does not vectorize it. Use pooling='global', whose forecasts of "
                "every series form one distribution, or predict_interval and "
                "predict_quantiles (and their scorers, such as PinballLoss or "
                "EmpiricalCoverage, in evaluate instead of CRPS or LogLoss)."
            )
        return super().predict_proba(fh=fh, X=X, marginal=marginal)

    def _loops_over_series(self) -> bool:
        """Whether sktime's loop runs a forecaster per series of a panel.

        Local pooling of a panel; not the loop over the columns of one
        multivariate series that sktime runs for a univariate pipeline.
        """
        vectorized = getattr(self, "_is_vectorized", False)  # unset before fit
        looped = getattr(self, "_yvec", None) if vectorized else None
        return self.pooling == "local" and getattr(looped, "is_scitype", None) in (
            "Panel",
            "Hierarchical",
        )

    # -- update ------------------------------------------------------------
    def update(self, y, X=None, update_params=True):
        """Update the cutoff and the data held, and refit if ``update_params``.

        sktime's :meth:`~sktime.forecasting.base.BaseForecaster.update`, all
        or nothing: sktime moves the cutoff before the forecaster reads the
        new data, so an update refused after that (X without the new rows,
        a series too short to refit) would leave forecasts of the old data
        labelled from the new cutoff. A refused update now leaves the
        forecaster, and under local pooling every series' forecaster, as it
        was.

        Parameters
        ----------
        y : sktime time series
            New observations (a series, or a panel as in ``fit``).
        X : sktime time series, optional
            Covariates at the new rows (required if ``fit`` had ``X``).
        update_params : bool, default=True
            Refit every network on all observations held (after
            :meth:`pretrain`, as ``fit`` does); without it only the
            look-back window moves.

        Returns
        -------
        self : LSTMForecaster
            The updated forecaster.

        Warns
        -----
        UserWarning
            If a series of ``y`` brings no row after its last row held: it is
            still forecast from that row (an update never sets the forecasts
            back). Forecasts from earlier cutoffs come from ``update_predict``
            on this forecaster itself (not on a composite around it) or from
            sktime's ``evaluate``.
        """
        y = self._checked_y(y, new_rows=True)
        _check_X_covers_one_series(y, X, "update")
        with self._updating(y):
            return super().update(y, X=X, update_params=update_params)

    def _update(self, y, X=None, update_params=True):
        """Append new observations; refit if ``update_params``.

        Parameters
        ----------
        y : pandas.DataFrame
            New observations, continuing the ones seen so far.
        X : pandas.DataFrame or None
            Covariates at the new rows (required if ``fit`` had ``X``).
        update_params : bool, default=True
            Refit every network on all observations (after :meth:`pretrain`,
            as ``fit`` does: the pretrained network, fine-tuned on them if
            ``fine_tune_epochs``). Without it, the networks stay as they are
            and only the look-back window moves.

        Returns
        -------
        self : LSTMForecaster
            The updated forecaster.
        """
        new_y, new_panel = located_frame(y, "y", step=self.time_step_)
        self.y_memory_ = extend(self.y_memory_, new_y, "y", step=self.time_step_)
        if self.series_ids_ is not None:
            self._add_series(new_panel)
        if self.X_memory_ is not None:
            if X is None:
                raise ValueError(
                    "LSTMForecaster was fitted with exogenous X, so update needs X "
                    f"at the new rows too ({_rows_span(new_y.index)})."
                )
            new_X = _covariates_of(new_y, X, "update", step=self.time_step_)
            self.X_memory_ = extend(self.X_memory_, new_X, "X", step=self.time_step_)
        if update_params and hasattr(self, "pretrained_strategy_"):
            self._fit_from_pretrained()  # as fit does: not a network from scratch
        elif update_params:
            self._fit_models()
        return self

    def _add_series(self, new: PanelIndex) -> None:
        """Hold the ids of an update's new series, refusing those too short.

        ``new`` locates the update's rows only: the ids held
        (``series_ids_``) tell its new series, whose rows are all the new
        ones, without locating the series of the whole memory.
        """
        unseen = ~new.ids.isin(self.series_ids_)
        if not self.fallback_:  # the baseline forecasts any
            self._check_new_series(new, unseen)
        if unseen.any():
            self.series_ids_ = self.series_ids_.append(new.ids[unseen])

    def _check_new_series(self, new: PanelIndex, unseen: np.ndarray) -> None:
        """Refuse new series of an update too short to forecast, by name.

        One global network forecasts any series, so an update may bring
        series never fitted; one with fewer rows than a forecast reads
        would make every later ``predict`` of the panel refuse. When none
        of the update's series is held, its ids are likely the held ones
        in another type or spelling: the held ids are shown.

        Parameters
        ----------
        new : PanelIndex
            The update's rows.
        unseen : ndarray of bool
            Whether each series of ``new`` is new to the forecaster.

        Raises
        ------
        ValueError
            Naming the new series too short to forecast.
        """
        needed = self._memory_forecasts().origin_history
        new_short = new.ids[unseen & (new.lengths < needed)]
        if not len(new_short):
            return
        message = (
            f"y passed to update brings {len(new_short)} new series with fewer "
            f"than the {needed} observations one forecast reads: "
            f"{shown_ids(new_short)}. They could not be forecast, and every later "
            "predict of the panel would be refused."
        )
        held_ids = self.series_ids_
        if unseen.all():
            message += (
                " None of the update's series is one LSTMForecaster holds "
                f"({shown_ids(held_ids)}, ids of type {_id_types(held_ids)}; the "
                f"update's are of type {_id_types(new.ids)}): pass the new rows "
                "under the ids fitted, or give the new series"
            )
        else:
            message += " Give them"
        raise ValueError(
            f"{message} at least {needed} observations (update with their history)."
        )

    def _with_a_frequency(self, y):
        """Return one series of timestamps with a frequency sktime can count on.

        pandas infers none from two timestamps, and sktime then
        cannot label a relative ``fh`` (it failed in ``predict`` with a bare
        ``TypeError``). The pretrained network's frequency is given to such a
        series when its labels are on it; otherwise the fit is refused.
        """
        index = getattr(y, "index", None)  # a panel's is ours to label
        if not isinstance(index, pd.DatetimeIndex) or index.freq is not None:
            return y
        if len(index) != 2:  # 3+: pandas infers it; 1: too short, and said so
            return y
        pretrained = getattr(self, "pretrained_kind_", None)
        if pretrained is not None:
            y = with_frequency(y, pretrained.frequency)
        if y.index.freq is None:
            raise ValueError(
                "y has two timestamps and no frequency, and none can be inferred "
                "from fewer than three: forecasts could not be labelled. "
                "Give its index a frequency, e.g. y.asfreq('D'), or index it by "
                "periods."
            )
        return y

    def _moving_cutoff_frequency(self) -> pd.DateOffset | None:
        """Return the frequency fitted: ``update_predict`` steps back by it."""
        return self._fitted_kind.frequency

    def _ends_held(self) -> pd.Series:
        """Return the last time held of each series (read by the revisions warning)."""
        if "forecasters_" not in vars(self):
            return ends_of(self.y_memory_.index)
        if not self._loops_over_series():  # the columns of y in turn: all alike
            return self.forecasters_.iloc[0, 0]._ends_held()
        ends = [each._ends_held().iloc[0] for each in self.forecasters_.iloc[:, 0]]
        return pd.Series(ends, index=self.forecasters_.index)

    def _update_y_X(self, y, X=None, enforce_index_type=None):
        """Check new data against the data fitted; set the cutoff from it.

        An update must be indexed as the data fitted (:func:`check_same_kind`),
        checked here before sktime compares its labels with the cutoff.
        sktime sets the cutoff to the last label of the data each ``fit`` and
        ``update`` passes (``BaseForecaster._set_cutoff_from_y``). An update
        may revise past rows or bring earlier history, whose last label comes
        before the cutoff: the forecaster still holds the later observations
        (``y_memory_``) and forecasts from them, so the cutoff stays at the
        latest label it holds; moved back, it would label every forecast in
        the past. Only ``update_predict`` sets the cutoff back before the
        rows held (before ``y``'s first row, :meth:`_predict_moving_cutoff`,
        which marks the forecaster ``_backdated``): in its first window they
        are then held up to the cutoff only (:meth:`_forget_from`), so that
        each window is forecast from its own end, as sktime's forecasters
        do. An ``update`` itself never forgets rows, whatever the cutoff.
        """
        held = self.cutoff if self.is_fitted else None  # fit starts afresh
        if y is not None:
            if held is not None:  # an update, checked
                fitted = self._fitted_kind
                check_same_kind(y, fitted)  # before sktime compares labels
                y = with_frequency(y, fitted.frequency)
                if vars(self).pop("_backdated", False):  # update_predict's first
                    self._forget_from(y, held)
            else:
                y = self._with_a_frequency(y)
                self._fitted_kind = kind_of(y)
        super()._update_y_X(y, X, enforce_index_type=enforce_index_type)
        if held is not None and len(held) and self.cutoff[0] < held[0]:
            self._set_cutoff(held)

    def _forget_from(self, y, held: pd.Index) -> None:
        """Forget the rows held from where ``y`` starts: sktime set the cutoff back.

        ``update_predict`` (:meth:`_predict_moving_cutoff`) sets the
        cutoff, ``held``, to the label before ``y``'s first row, then updates
        and forecasts window by window; ``y`` here is the first window (an
        ``update`` never comes here, whatever its cutoff and rows). Rows
        held at or after a series' first label in it would be forecast from,
        under the labels of the window: each such series is held up to that
        label only (``update_predict`` forecasts each window from its own
        end). A series the window continues keeps its rows; sktime's loop
        over series (or over columns) leaves this to each series'
        forecaster, whose cutoff it sets back and marks ``_backdated``, for
        its own update to read. New frames are bound, as
        :func:`~skltsm.sktime._rollback.all_or_nothing` needs.
        """
        if "forecasters_" in vars(self):
            rows = self.forecasters_  # a loop over columns: every one
            if series_keys(y) is not None:  # over series: those of y
                rows = rows[rows.index.isin(series_keys(with_plain_keys(y)))]
            for forecaster in rows.to_numpy().ravel():
                if forecaster.cutoff[0] > held[0]:
                    forecaster._set_cutoff(held)
                    forecaster._backdated = True  # read by its own update
            return
        memory = vars(self).get("y_memory_")
        if memory is None or memory.index.get_level_values(-1).max() <= held[0]:
            return
        self.y_memory_ = memory[~_rows_from(memory.index, y.index)]
        self._forgot_rows = True  # predict_residuals() can no longer use it
        if self.X_memory_ is not None:
            X_rows = _rows_from(self.X_memory_.index, y.index)
            self.X_memory_ = self.X_memory_[~X_rows]

    def _check_fh(self, fh, pred_int: bool = False) -> ForecastingHorizon | None:
        """Check ``fh`` as sktime does, but serve every step the fit trained for.

        sktime refuses an ``fh`` in ``predict`` other than fit's for the
        strategies that train for its steps (direct, multioutput), asking to
        fit again. A fitted forecaster of those strategies takes any ``fh``
        whose steps after the cutoff it was trained for: in-sample steps
        (one-step-ahead forecasts, which need no step of their own, so
        ``predict_residuals()`` works) and any of fit's steps. After
        :meth:`pretrain`, fit cannot add a step the network was not
        pretrained for: such a step is refused as fit refuses it
        (:meth:`~skltsm.sktime._pretraining.PretrainedNetwork.check_steps`),
        saying what to do instead.
        """
        # sktime's loop over series (local pooling) or columns: each decides
        looped = self.is_fitted and "forecasters_" in vars(self)
        if fh is not None and looped and self.get_tag("requires-fh-in-fit"):
            return self._check_fh_of_each(fh, pred_int)
        # predict and the like; fit itself checks fit's fh (_fit_from_pretrained)
        fitted = self.is_fitted and hasattr(self, "strategy_")
        if fh is None or not fitted:
            return super()._check_fh(fh, pred_int=pred_int)
        asked = check_fh(fh, freq=self._cutoff)
        steps = self._fit_steps(fh=asked)
        if hasattr(self, "pretrained_strategy_"):
            self._pretrained().check_steps(steps, "predict")
        trained = self.strategy_.trained_steps
        if trained is not None and set(steps) <= set(trained):
            return asked  # fit's fh (self._fh) stays, as sktime keeps it
        return super()._check_fh(fh, pred_int=pred_int)

    def _check_fh_of_each(self, fh, pred_int: bool) -> ForecastingHorizon | None:
        """Check ``fh`` in sktime's loop (local pooling, columns): each forecaster's.

        The fh is served if every series' (or column's) forecaster serves it
        from its own cutoff, as :meth:`_check_fh` does; otherwise sktime
        decides (and refuses another fh than fit's where one is needed).
        """
        each = self.forecasters_.to_numpy().ravel()
        try:
            for forecaster in each:
                forecaster._check_fh(fh, pred_int=pred_int)
        except ValueError:
            return super()._check_fh(fh, pred_int=pred_int)
        return check_fh(fh)  # sktime's loop checks no frequency: cutoffs differ

    # -- residuals (_panel_residuals.py) -------------------------------------
    def _observed_y(self) -> pd.DataFrame:
        """Return every observation held, as sktime's ``_y`` would hold them.

        ``predict_residuals()`` without ``y``: ``y_memory_`` holds every row
        of ``fit`` and of each ``update`` (sktime's memory, the
        ``remember_data`` config, is off). Under local pooling, or sktime's
        loop over the columns of ``y``, each forecaster's memory, by series
        and column.

        Raises
        ------
        ValueError
            If ``update_predict(reset_forecaster=False)`` forgot rows: the
            memory is no longer all the forecaster has seen.
        """
        looped = vars(self).get("forecasters_")
        every = [self] if looped is None else list(looped.to_numpy().ravel())
        if any(vars(each).get("_forgot_rows", False) for each in every):
            raise ValueError(
                "predict_residuals() without y uses the observations "
                f"{type(self).__name__} holds, but update_predict(reset_forecaster="
                "False) set its cutoff back and it no longer holds all it has "
                "seen. Pass the observations as y: predict_residuals(y)."
            )
        if looped is None:
            return self.y_memory_.set_axis(self._y_columns(), axis=1)
        rows = [
            pd.concat([each._observed_y() for each in row], axis=1)
            for row in looped.to_numpy()
        ]
        if not self._loops_over_series():
            return rows[0]
        names = self._level_names_of_y(None)  # those of the panel fitted
        return pd.concat(rows, keys=list(looped.index), names=names)

    def _unknown_series_advice(self) -> str:
        """Say how to get residuals of series never fitted, as ``update`` does."""
        if self.pooling == "local":
            return (
                "fit again on a panel that has them (pooling='local' keeps one "
                "pipeline per series fitted), or use pooling='global'"
            )
        return (
            "update the forecaster with their rows first (its one network "
            "forecasts any series it holds), or pass only the series fitted"
        )

    # -- local pooling: sktime's loop over series -----------------------------
    def _vectorize(self, methodname, **kwargs):
        """Run sktime's loop over series (``pooling="local"``), series matched by key.

        sktime walks the series of ``y``, of ``X`` and the fitted forecasters
        side by side, by position: ``X`` without a series, or with another
        one, would give a series another's covariates; an update of some
        series, or of a series never fitted, another series' forecaster.
        ``X`` is therefore checked as the global pooling checks it and put in
        the order of the series it goes with, and an update reaches the
        forecasters of its own series only. The loop walks ``y`` as a
        :class:`~skltsm.sktime._series_loop.SeriesLoop` (from
        ``with_plain_keys``): an error of one series names that series.
        The default pipeline forecasts one variable: sktime loops over the
        columns of ``y`` for it, and a loop over the columns of one series
        needs none of this.
        """
        _refuse_forking_backend(self.get_config()["backend:parallel"])
        walked = kwargs.get("y")
        if walked is None:  # predict: the series fitted
            walked = self._yvec
        if series_keys(walked) is None:  # one series, its columns in turn
            return super()._vectorize(methodname, **kwargs)
        X = kwargs.pop("X", None)
        if X is not None:  # sktime's loop would reach pandas' errors with it
            check_unique_rows(X.X_multiindex.index, "X")
        if methodname == "update":
            return self._update_series(kwargs["y"], X, kwargs["update_params"])
        if methodname == "update_predict_single":  # sktime's default: both in turn
            self._update_series(kwargs["y"], X, kwargs["update_params"])
            return self._vectorize("predict", fh=kwargs["fh"], X=X)
        if methodname == "fit":
            kwargs["y"] = with_plain_keys(kwargs["y"])
            if "pretrained_series_" in vars(self):  # each loop fits one, unkeyed
                ids = pd.Index(series_keys(kwargs["y"]))
                self._pretrained().warn_seen(ids, self.calibration_size)
        walked = kwargs.get("y")
        if walked is None:  # predict: the series fitted
            walked = self._yvec
        if X is not None:
            what = "X" if methodname == "fit" else "X passed to predict"
            rows = walked.X_multiindex.index if methodname == "fit" else None
            X = covariates_by_series(X, series_keys(walked), what, rows)
        return super()._vectorize(methodname, X=X, **kwargs)

    def _update_series(self, y, X, update_params: bool):
        """Update the forecaster of each series of ``y``, the others as they are."""
        y = with_plain_keys(y)
        keys = series_keys(y)

        def refusal(unknown: list) -> ValueError:
            return ValueError(
                f"y passed to update has rows of the series {unknown}, which "
                "LSTMForecaster(pooling='local') was not fitted on: it keeps one "
                "pipeline per series it was fitted on. Fit again on the whole "
                "panel to forecast them, or use pooling='global', whose one "
                "network forecasts any series."
            )

        every, fitted_y = self.forecasters_, self._yvec
        with fitted_in_loop_order(self, "forecasters_", keys, refusal):
            if X is not None:
                X = covariates_by_series(
                    X, keys, "X passed to update", y.X_multiindex.index
                )
            try:
                super()._vectorize("update", y=y, X=X, update_params=update_params)
                updated = self.forecasters_
            finally:  # predict walks every series fitted, not only those updated
                self._yvec = fitted_y
        # a parallel backend returns copies: put them in place of the old ones
        # (one column of forecasters per column of y the default loops over)
        positions = every.index.get_indexer(updated.index)
        columns = {}
        for column in every.columns:
            cells = list(every[column])
            for position, forecaster in zip(positions, updated[column], strict=True):
                cells[position] = forecaster
            columns[column] = cells
        self.forecasters_ = pd.DataFrame(columns, index=every.index)
        return self

    # -- testing -----------------------------------------------------------
    @classmethod
    def get_test_params(cls, parameter_set="default"):
        """Return testing parameter settings: tiny networks, fast to train.

        Parameters
        ----------
        parameter_set : str, default="default"
            Name of the set of test parameters to return: ``"fast"`` for the
            one instance skltsm's composites put first, whose sktime checks
            exercise the composite's code rather than the network's; any
            other name for the default set.

        Returns
        -------
        params : list of dict
            One dict per test instance: each strategy, on a two-unit LSTM
            trained for one epoch (the recursive one calibrated on its
            early-stopping tail, the direct one without intervals, the
            multioutput one on a calibration network); local pooling;
            fine-tuning with series identity; the tail with the seasonal naive
            fallback; intervals from quantile heads, calibrated on a holdout.
            ``"fast"``: the recursive strategy around scikit-learn's
            ``MLPRegressor`` of four units, which pretrains and fine-tunes as
            the LSTM does (its ``warm_start`` trains on) in a fraction of the
            time, without intervals (``calibration_size=0``: one network per
            fit where calibration would train three; the composites' own
            tests ask for their intervals).
        """
        from sklearn.neural_network import MLPRegressor
        from sklearn.preprocessing import MinMaxScaler

        from skltsm._forecast._pipeline import make_forecast_pipeline
        from skltsm._keras._regressor import LSTMRegressor
        from skltsm._transform._differencer import Differencer
        from skltsm._transform._lag import LagTransformer

        if parameter_set == "fast":
            regressor = MLPRegressor(
                hidden_layer_sizes=(4,), max_iter=50, random_state=0
            )
            pipeline = make_forecast_pipeline(
                Differencer(),
                MinMaxScaler((-1, 1)),
                LagTransformer(look_back=3),
                regressor,
            )
            return [{"pipeline": pipeline, "calibration_size": 0, "random_state": 0}]

        def tiny(look_back, **regressor):
            return make_forecast_pipeline(
                Differencer(),
                MinMaxScaler((-1, 1)),
                LagTransformer(look_back=look_back),
                LSTMRegressor(units=2, epochs=1, batch_size=8, **regressor),
            )

        return [
            {  # intervals from the early-stopping tail: one network per fit
                "pipeline": tiny(2, early_stopping=True, validation_fraction=0.3),
                "calibration_folds": 0,
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
            {  # one network per series: sktime loops the series of a panel
                "pipeline": tiny(2),
                "pooling": "local",
                "calibration_size": 0,
                "random_state": 3,
            },
            {  # a pretrained network used after a few more epochs on the series,
                # calibrated by a copy fine-tuned on the rows before the holdout;
                # one input column per series seen in pretraining (or training),
                # zeros on the series fitted after it
                "pipeline": tiny(2),
                "fine_tune_epochs": 1,
                "series_identity": True,
                "random_state": 4,
            },
            {  # calibrated on the early-stopping tail; the seasonal naive if it wins
                "pipeline": tiny(2, early_stopping=True, validation_fraction=0.3),
                "calibration_folds": 0,
                "fallback": "seasonal_naive",
                "sp": 2,
                "random_state": 6,
            },
            {  # quantile heads, calibrated around their median on a holdout
                "pipeline": tiny(2, quantiles=(0.025, 0.1, 0.5, 0.9, 0.975)),
                "strategy": "multioutput",
                "calibration_folds": 1,
                "random_state": 7,
            },
        ]
