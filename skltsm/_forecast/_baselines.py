"""The naive forecasts every score is shown beside, on the same held-out rows.

"Does the LSTM beat the naive forecast?" is the first question about any
forecast. This module answers it where the answer is honest: on observations
the network was not trained on, forecast from the same origins at the same
steps by the network, the naive forecast (the last observation) and the
seasonal naive one (the observation one season before the target), and
M4's naive2 (the last seasonally adjusted observation, reseasonalised;
the naive forecast of a series without seasonal factors) and, for one
series given a :class:`~skltsm._forecast._theta.ThetaMethod`, the Theta
method.

* :func:`naive_forecasts` -- both baselines from any origins, vectorised.
* :class:`Holdout` -- the signed errors of each model on a holdout, step by
  step: the network's become conformal residuals
  (:mod:`skltsm._forecast._intervals`), and all of them become the MASE
  scores :class:`skltsm.sktime.LSTMForecaster` keeps in ``baseline_scores_``.
* :func:`baseline_scores` -- the same comparison for a fitted sklearn
  forecast pipeline on a block of rows.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils._param_validation import validate_params

from skltsm._constraints import POSITIVE_INT
from skltsm._series._observations import check_same_rows
from skltsm._series._panel import is_panel, panel_index

__all__ = [
    "MODELS",
    "THETA",
    "Holdout",
    "baseline_scores",
    "naive_forecasts",
    "season_lags",
]

#: The models every holdout compares, in the order of the scores.
MODELS = ("network", "naive", "seasonal_naive", "naive2")
#: The model a holdout of one series also compares when given a ThetaMethod.
THETA = "theta"
#: The models :func:`baseline_scores` compares (no seasonal factors there).
PIPELINE_MODELS = MODELS[:3]


def season_lags(steps: np.ndarray | int, sp: int) -> np.ndarray | int:
    """Rows back from each target to its seasonal naive source: ``sp * ceil(h / sp)``.

    The last observation of the same season at or before the forecast origin
    (``h`` rows before the target); with ``sp=1``, ``h`` itself (the naive).

    Examples
    --------
    >>> season_lags(np.array([1, 4, 5, 13]), 4).tolist()
    [4, 4, 8, 16]
    """
    return sp * -(-steps // sp)


def naive_forecasts(
    values: np.ndarray, origins: np.ndarray, steps: np.ndarray, sp: int = 1
) -> np.ndarray:
    """Seasonal naive forecasts: ``y[o + h - sp * ceil(h / sp)]``.

    With ``sp=1`` this is the naive forecast ``y[o]`` at every step.

    Parameters
    ----------
    values : ndarray of shape (n_rows, n_targets)
        The observed series.
    origins : ndarray of int
        Positions of the last observation each forecast may use.
    steps : ndarray of int
        Steps ahead, at least 1.
    sp : int, default=1
        Seasonal period.

    Returns
    -------
    forecasts : ndarray of shape (len(origins), len(steps), n_targets)
        NaN where the season before the target precedes the series.

    Examples
    --------
    >>> import numpy as np
    >>> values = np.arange(8.0).reshape(-1, 1)
    >>> naive_forecasts(values, np.array([7]), np.array([1, 2, 5]), sp=4)[0, :, 0]
    array([4., 5., 4.])
    """
    steps = np.asarray(steps)
    lags = season_lags(steps, sp)
    positions = np.asarray(origins)[:, None] + steps[None, :] - lags[None, :]
    forecasts = values[np.clip(positions, 0, None)].astype(np.float64)
    forecasts[positions < 0] = np.nan
    return forecasts


class Holdout:
    """Signed errors of the network and the naive forecasts on held-out rows.

    Parameters
    ----------
    sp : int
        Seasonal period of the seasonal naive forecast.
    factors : SeasonalFactors or None, default=None
        Seasonal indices of naive2 (:mod:`skltsm._forecast._seasonal`);
        ``None``: naive2 is the naive forecast.
    theta : ThetaMethod or None, default=None
        The Theta method of one series (:mod:`skltsm._forecast._theta`),
        scored as ``"theta"`` after the models of :data:`MODELS`; ``None``
        (a panel): no theta row.
    series : pandas.Index or None, default=None
        A panel's series, one per row of every block (a panel's holdout adds
        one block a step, a row a series), so that
        :meth:`losses_by_series` can name them; ``None`` for one series.

    Attributes
    ----------
    models : tuple of str
        :data:`MODELS`, and ``"theta"`` when given a ThetaMethod.
    errors : dict of str to dict of int to list of ndarray
        ``errors[model][h]``: blocks of ``y - forecast`` at step ``h``.
    levels : dict of int to list of ndarray
        Local scale of each error, that conformal residuals divide by.
    units : dict of int to list of ndarray
        Scale of each error for the MASE: the mean absolute one-step change
        of its series before the holdout.
    quantile_errors : dict of int to list of ndarray
        ``y - quantile`` of each of the network's quantile heads (a last axis
        of levels), when it has them.

    Examples
    --------
    >>> import numpy as np
    >>> holdout = Holdout(sp=1)
    >>> ones = np.ones((2, 1))
    >>> holdout.add(1, actual=2 * ones, network=1.5 * ones, naive=ones,
    ...             seasonal_naive=ones, naive2=ones, level=ones, unit=ones)
    >>> holdout.scores().to_dict()
    {'network': 0.5, 'naive': 1.0, 'seasonal_naive': 1.0, 'naive2': 1.0}
    """

    def __init__(self, sp: int, factors=None, theta=None, *, series=None):
        self.sp = sp
        self.factors = factors
        self.theta = theta
        self.series = series
        self.models = MODELS if theta is None else (*MODELS, THETA)
        self.errors = {model: defaultdict(list) for model in self.models}
        self.levels: dict[int, list[np.ndarray]] = defaultdict(list)
        self.units: dict[int, list[np.ndarray]] = defaultdict(list)
        self.quantile_errors: dict[int, list[np.ndarray]] = defaultdict(list)

    def add(self, step: int, *, actual, level, unit, heads=None, **forecasts) -> None:
        """Record the forecasts of ``step`` from a block of origins.

        Parameters
        ----------
        step : int
            The step ahead.
        actual : ndarray of shape (n, n_targets)
            The observations forecast.
        level, unit : ndarray of shape (n, n_targets)
            Scales of each error (see the class attributes).
        heads : ndarray of shape (n, n_targets, n_levels) or None, default=None
            The network's quantile forecasts, when it has quantile heads.
        **forecasts : ndarray of shape (n, n_targets)
            One array per model of :attr:`models`.
        """
        for model in self.models:
            self.errors[model][step].append(actual - forecasts[model])
        if heads is not None:
            self.quantile_errors[step].append(actual[..., None] - heads)
        self.levels[step].append(level)
        self.units[step].append(unit)

    def residuals(self, model: str = "network") -> dict[int, np.ndarray]:
        """Conformal residuals of ``model``: its errors over their local scale.

        Returns
        -------
        residuals : dict of int to ndarray of shape (n, n_targets)
            For each step with a finite residual, the finite rows in the
            order they were added.
        """
        residuals = {}
        for step, blocks in self.errors[model].items():
            scaled = np.concatenate(blocks) / np.concatenate(self.levels[step])
            finite = scaled[np.isfinite(scaled).all(axis=1)]
            if len(finite):
                residuals[step] = finite
        return residuals

    def quantile_residuals(self) -> dict[int, np.ndarray] | None:
        """Conformal residuals of the quantile heads: ``y - quantile`` over the scale.

        Returns
        -------
        residuals : dict of int to ndarray of shape (n, n_targets, n_levels) or None
            As :meth:`residuals`, one value per level; ``None`` when the
            network has no quantile heads.
        """
        if not self.quantile_errors:
            return None
        residuals = {}
        for step, blocks in self.quantile_errors.items():
            levels = np.concatenate(self.levels[step])[..., None]
            scaled = np.concatenate(blocks) / levels
            finite = scaled[np.isfinite(scaled).all(axis=(1, 2))]
            if len(finite):
                residuals[step] = finite
        return residuals

    def scores(self) -> pd.Series:
        """Mean absolute scaled error of each model, on the rows all could forecast.

        A model that forecasts no row at all (the seasonal naive of a series
        shorter than its season) does not take the others' rows away: it
        scores NaN, the others are scored on the rows they all forecast.

        Returns
        -------
        scores : pandas.Series
            Indexed by :attr:`models`, named ``"MASE"``; NaN for a model
            that forecast none of the rows scored.
        """
        scaled, common = self._scaled_errors(np.concatenate)
        values = [
            float(e[common].mean()) if np.isfinite(e[common]).any() else np.nan
            for e in scaled.values()
        ]
        return pd.Series(values, index=list(self.models), name="MASE")

    @property
    def n_scored(self) -> int:
        """Held-out forecasts the scores read: those every scored model made."""
        _, common = self._scaled_errors(np.concatenate)
        return int(common.any(axis=-1).sum())

    def losses_by_series(
        self, baseline: str, most: int = 3
    ) -> list[tuple[object, float, float]]:
        """Name the series the network loses most on against ``baseline``.

        A panel's pooled MASE can hide one series forecast many times worse
        than its baseline, in its own units.

        Parameters
        ----------
        baseline : str
            The model to compare with (one of :attr:`models`).
        most : int, default=3
            How many series at most.

        Returns
        -------
        losses : list of (series id, float, float)
            The network's and the baseline's MASE on each series whose network
            MASE is the higher, largest difference first, on the rows every
            model forecast (as :meth:`scores`); empty for one series.

        Examples
        --------
        >>> import numpy as np, pandas as pd
        >>> holdout = Holdout(sp=1, series=pd.Index(["a", "b"]))
        >>> holdout.add(1, actual=np.array([[1.0], [2.0]]), level=np.ones((2, 1)),
        ...             unit=np.ones((2, 1)), network=np.array([[4.0], [2.5]]),
        ...             naive=np.ones((2, 1)), seasonal_naive=np.ones((2, 1)),
        ...             naive2=np.ones((2, 1)))
        >>> holdout.losses_by_series("naive")
        [('a', 3.0, 0.0)]
        """
        if self.series is None:
            return []
        # each (n_steps, n_series, n_targets): a panel adds a row a series
        scaled, common = self._scaled_errors(np.stack)
        counts = common.sum(axis=(0, 2))
        with np.errstate(invalid="ignore", divide="ignore"):  # 0 / 0: no row
            network, other = (
                np.where(common, scaled[model], 0.0).sum(axis=(0, 2)) / counts
                for model in ("network", baseline)
            )
        gap = network - other
        worst = [i for i in np.argsort(-gap, kind="stable") if gap[i] > 0][:most]
        return [(self.series[i], float(network[i]), float(other[i])) for i in worst]

    def _scaled_errors(self, join) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Each model's absolute errors over their MASE scale, and where all are finite.

        ``join`` puts the steps together: ``np.concatenate`` (rows of every
        step) or ``np.stack`` (a leading axis of steps).
        """
        steps = list(self.units)
        units = join([np.concatenate(self.units[h]) for h in steps])
        scaled = {
            model: np.abs(join([np.concatenate(self.errors[model][h]) for h in steps]))
            / units
            for model in self.models
        }
        # rows every model forecast, of the models that forecast any row
        finite = [np.isfinite(e) for e in scaled.values()]
        common = np.logical_and.reduce([f for f in finite if f.any()] or finite)
        return scaled, common

    @property
    def n_rows(self) -> int:
        """Held-out forecasts recorded, over all steps."""
        return sum(len(block) for blocks in self.units.values() for block in blocks)


@validate_params(
    {
        "estimator": [BaseEstimator],
        "X": [pd.DataFrame],
        "y": [pd.Series, pd.DataFrame],
        "sp": [POSITIVE_INT],
    },
    prefer_skip_nested_validation=True,
)
def baseline_scores(estimator, X: pd.DataFrame, y, *, sp: int = 1) -> pd.Series:
    """Score a fitted forecast pipeline beside the naive forecasts of the same rows.

    The pipeline's ``predict(X)`` forecasts each row ``horizon`` steps ahead
    (its ``LagTransformer``'s horizon). The naive forecast of the same row is
    the observation ``horizon`` rows before it, the seasonal naive one the
    observation ``sp * ceil(horizon / sp)`` rows before it, both read from
    ``y`` within the block (per series for a panel: every level of the
    index but the last, time, names a series). Rows that some model cannot
    forecast (the first rows of the block) are left out of every score.

    Parameters
    ----------
    estimator : ForecastPipeline
        A fitted pipeline (or a search over one), forecasting ``X``'s rows.
    X : pandas.DataFrame
        A block of rows, indexed by time (or by series and time).
    y : pandas.Series or pandas.DataFrame
        The observed targets at the rows of ``X``: indexed like ``X``, in
        the same order (as :meth:`ForecastPipeline.score` asks).
    sp : int, default=1
        Seasonal period of the seasonal naive forecast.

    Returns
    -------
    scores : pandas.Series
        Mean absolute error of ``"network"``, ``"naive"`` and
        ``"seasonal_naive"``, in the units of ``y``, named ``"MAE"``.

    Raises
    ------
    ValueError
        If ``y``'s index is not ``X``'s (other rows, another order, or a
        plain index after ``reset_index``): the forecasts of ``X``'s rows
        would be compared with other rows' targets. Also if no row of the
        block can be forecast by every model.
    NotImplementedError
        For a pipeline that forecasts several steps per row (the
        ``"multioutput"`` strategy's): each column has another row's target.

    Examples
    --------
    >>> from skltsm import LagTransformer, LSTMRegressor, make_forecast_pipeline
    >>> from skltsm.datasets import load_airline
    >>> from skltsm.model_selection import baseline_scores
    >>> y = load_airline()
    >>> X = y.to_frame()
    >>> pipe = make_forecast_pipeline(
    ...     LagTransformer(look_back=12),
    ...     LSTMRegressor(units=4, epochs=2, window_scaling="standard", random_state=0),
    ... ).fit(X.iloc[:-24], y.iloc[:-24])
    >>> baseline_scores(pipe, X.iloc[-24:], y.iloc[-24:], sp=12).index.tolist()
    ['network', 'naive', 'seasonal_naive']
    """
    pipeline = getattr(estimator, "best_estimator_", estimator)
    if pipeline.contract_.n_steps > 1:  # each step's column has its own target
        raise NotImplementedError(
            "baseline_scores scores one forecast per row, but "
            f"{type(pipeline).__name__} forecasts {pipeline.contract_.n_steps} "
            "steps per row (each column a later row's target); score each step's "
            "column of predict against the target it forecasts, or use "
            "LSTMForecaster's baseline_scores_."
        )
    horizon = pipeline.contract_.horizon
    check_same_rows(y.index, X.index)  # the forecasts are in X's row order
    actual = y.to_frame() if isinstance(y, pd.Series) else y
    predicted = np.asarray(estimator.predict(X), dtype=np.float64)
    predicted = predicted.reshape(len(X), -1)
    lag = season_lags(horizon, sp)
    shifts = {"naive": horizon, "seasonal_naive": lag}
    group = _by_series(actual, pipeline.time_step_)
    forecasts = {"network": predicted}
    forecasts |= {
        name: group.shift(k).to_numpy(np.float64) for name, k in shifts.items()
    }
    errors = {
        name: np.abs(actual.to_numpy(np.float64) - f) for name, f in forecasts.items()
    }
    common = np.logical_and.reduce(
        [np.isfinite(e).all(axis=1) for e in errors.values()]
    )
    if not common.any():
        raise ValueError(
            f"No row of the block of {len(X)} rows can be forecast by every model: "
            f"the seasonal naive forecast needs {lag} earlier rows of the block. "
            "Pass a longer block."
        )
    values = [float(errors[model][common].mean()) for model in PIPELINE_MODELS]
    return pd.Series(values, index=list(PIPELINE_MODELS), name="MAE")


def _by_series(actual: pd.DataFrame, step):
    """``actual`` grouped by series (every level but time), or as is for one series.

    Each series' rows are in time order in the frame (:func:`panel_index`
    checked it, at the fitted ``step``), so a shift by ``k`` rows within a
    group reads the observation ``k`` steps before.
    """
    if not is_panel(actual):
        return actual
    codes = panel_index(actual.index, what="y", step=step).codes
    return actual.groupby(codes, sort=False)
