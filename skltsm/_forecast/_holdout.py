"""The observations a fit holds out, forecast by the network and the baselines.

:class:`skltsm.sktime.LSTMForecaster` scores its network beside the naive
forecasts, and calibrates its intervals, on observations the network was not
trained on (:class:`~skltsm._forecast._baselines.Holdout`). They come from
one of two places:

* the **calibration holdout** (:meth:`HoldoutPlan.forecast`): the last
  ``calibration_size`` observations of one series, in folds, each forecast
  by a copy of the strategy fitted on the rows before it; on a panel, each
  series' last steps, forecast by one copy
  (:func:`~skltsm._forecast._intervals.panel_holdout`);
* the **early-stopping tail** (:meth:`HoldoutPlan.forecast_tail`): the last
  ``n_validation_`` observations, which the network held out for early
  stopping and no training window targets; no copy is fitted.

Which one, and which copies, the forecaster decides (a fresh fit, or a fit
after pretraining); this module forecasts them. :func:`check_length` is the
length check a fit makes before it trains anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from skltsm._forecast._baselines import Holdout
from skltsm._forecast._intervals import (
    add_forecasts,
    calibration_origins,
    holdout_forecasts,
    panel_holdout,
    windows_before_cuts,
)
from skltsm._forecast._seasonal import SeasonalFactors
from skltsm._forecast._theta import ThetaMethod
from skltsm._series._panel import is_panel, panel_index

__all__ = ["HoldoutPlan", "check_length", "panel_held_out"]


def check_length(strategy, n_rows: int, strategy_name: str) -> None:
    """Refuse a series shorter than the rows ``strategy`` needs to fit.

    Parameters
    ----------
    strategy : object
        A strategy (:mod:`skltsm._forecast._strategies`): its ``min_length``.
    n_rows : int
        Observations of the series.
    strategy_name : str
        The strategy as ``LSTMForecaster(strategy=...)`` resolved it, for the
        message.

    Raises
    ------
    ValueError
        ``n_rows`` is under ``strategy.min_length``.
    """
    needed = strategy.min_length
    if n_rows < needed:
        raise ValueError(
            f"y has {n_rows} observations, but LSTMForecaster(strategy="
            f"{strategy_name!r}) needs at least {needed}: the look_back "
            "of the LagTransformer plus the differencing order as history, and the "
            "steps ahead the strategy trains for. Use a longer series, a "
            "shorter look_back, fewer differencing lags or fewer steps."
        )


def panel_held_out(
    lengths: np.ndarray, size: float | int, min_length: int, min_windows: int
) -> int:
    """Return the steps a panel's holdout allows (the recursive strategy's, no ``fh``).

    One series holds out ``calibration_size`` of its observations and
    calibrates every step of them (:func:`calibration_origins`). A panel
    cuts every series the same number of steps before its end: as many as
    the shortest series that can be trained on (``min_length`` rows) allows
    by the same rule, so that every series adds a residual at every step;
    fewer if the rows before the cuts would give the copy fewer than
    ``min_windows`` windows. At least one step.

    Examples
    --------
    >>> panel_held_out(np.array([60, 60]), 0.4, 4, 1)
    24
    >>> panel_held_out(np.array([60, 20, 2]), 0.4, 4, 1)  # 2 rows: not trained on
    8
    >>> panel_held_out(np.array([60, 20]), 0.4, 18, 1)  # 20 rows leave 2 steps
    2
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    trained = lengths[lengths > min_length]  # series too short add no residual
    if not trained.size:
        return 1
    wanted = np.ceil(size * trained) if isinstance(size, float) else int(size)
    held_out = max(int(np.min(np.minimum(wanted, trained - min_length))), 1)
    while (
        held_out > 1
        and windows_before_cuts(lengths, held_out, min_length) < min_windows
    ):
        held_out -= 1
    return held_out


@dataclass(frozen=True, eq=False)  # fields of arrays and indexes: no ==
class HoldoutPlan:
    """How a fit holds out observations and scores the forecasts of them.

    Parameters
    ----------
    calibration_size : float or int
        ``LSTMForecaster``'s parameter: a fraction or count of one series'
        observations to hold out; ``0`` holds out none.
    scale_window : int or None
        ``LSTMForecaster``'s parameter: the residuals' local scale
        (:func:`~skltsm._forecast._intervals.local_scale`); ``None``: raw.
    sp : int
        Seasonal period of the seasonal naive baseline.
    factors : SeasonalFactors or None
        The default's seasonal factors (naive2 adjusts by them), if any.
    theta : ThetaMethod or None
        The Theta method of one series, scored beside the network, if any.
    """

    calibration_size: float | int
    scale_window: int | None
    sp: int
    factors: SeasonalFactors | None
    theta: ThetaMethod | None

    def forecast(
        self,
        fitted_copy: Callable,
        strategy,
        y: pd.DataFrame,
        X: pd.DataFrame | None,
        *,
        min_length: int,
        min_windows: int,
        n_folds: int,
    ) -> Holdout | None:
        """Forecast the calibration holdout with the models ``fitted_copy`` gives.

        Parameters
        ----------
        fitted_copy : callable
            ``fitted_copy(y_part, X_part)`` returns a strategy that has seen no
            row after ``y_part``.
        strategy : object
            The strategy fitted on all of ``y``: its calibration steps.
        y, X : pandas.DataFrame
            The data fitted.
        min_length : int
            Rows before the holdout a copy needs for one window.
        min_windows : int
            Windows a copy needs (pooled across the series of a panel).
        n_folds : int
            Folds of a single series' holdout, one copy each.

        Returns
        -------
        holdout : Holdout or None
            ``None`` when ``calibration_size`` is 0 or nothing can be held out.

        Raises
        ------
        ValueError
            A copy failed to fit; the message says how to hold out fewer.
        """
        if self.calibration_size == 0:
            return None

        def checked_copy(y_part, X_part):
            try:
                return fitted_copy(y_part, X_part)
            except ValueError as error:  # e.g. a foreign regressor's own minimum
                raise ValueError(
                    "The calibration copy of the pipeline, fitted on y without "
                    f"the observations it holds out, failed: {error} The fit on "
                    "all of y may succeed: hold out fewer (calibration_size and "
                    "calibration_folds; a panel holds out each series' last "
                    "max(fh) rows), or set calibration_size=0 to fit without "
                    "intervals."
                ) from error

        if is_panel(y):  # one forecast per series and step
            held_out = panel_held_out(
                panel_index(y.index).lengths, self.calibration_size,
                min_length, min_windows,
            )  # fmt: skip
            return panel_holdout(
                checked_copy, y, X, strategy.calibration_steps(held_out),
                scaled=self.scale_window is not None, sp=self.sp,
                min_length=min_length, min_windows=min_windows,
            )  # fmt: skip
        # a row for each window beyond the first
        folds = calibration_origins(
            len(y), self.calibration_size, min_length + min_windows - 1, n_folds
        )
        if not folds:
            return None
        return holdout_forecasts(
            checked_copy, y, X, folds, strategy.calibration_steps, self.scale_window,
            self.sp, self.factors, self.theta,
        )  # fmt: skip

    def forecast_tail(self, strategy, y: pd.DataFrame, X) -> Holdout:
        """Forecast the observations the network held out for early stopping.

        Its last ``n_validation_`` windows target the last ``n_validation_``
        observations, whatever the strategy, and no earlier window targets
        them: forecasts from the origins before them are out of sample.

        Parameters
        ----------
        strategy : object
            The strategy fitted on all of ``y`` (one series).
        y, X : pandas.DataFrame
            The data fitted.

        Raises
        ------
        ValueError
            The regressor held nothing out (no early stopping).
        """
        held_out = min(
            getattr(p._final_estimator, "n_validation_", 0)
            for p in strategy.fitted_pipelines
        )
        if held_out < 1:
            raise ValueError(
                "calibration_folds=0 calibrates on the windows the network holds "
                "out for early stopping, but the pipeline's regressor trains on all "
                "of them. Set early_stopping=True on the LSTMRegressor, or "
                "calibration_folds >= 1."
            )
        origins = np.arange(len(y) - held_out - 1, len(y) - 1)
        holdout = Holdout(self.sp, self.factors, self.theta)
        steps = strategy.calibration_steps(len(origins))
        add_forecasts(holdout, strategy, y, X, origins, steps, self.scale_window)
        return holdout
