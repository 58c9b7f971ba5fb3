"""Forecasts from the observations a forecaster holds, ahead and in-sample.

:class:`skltsm.sktime.LSTMForecaster` keeps its own memory of ``y`` and
``X`` (:mod:`skltsm._forecast._memory`) and forecasts from it with its
fitted strategy (:mod:`skltsm._forecast._strategies`):

* **ahead**: the steps after the last observation of one series, or of every
  series of a panel (all of them in the same network calls), with the
  covariates of the memory followed by those of the future steps;
* **in-sample**: the observed times (steps ``<= 0``), one step ahead (the
  fitted values); a time without a complete look-back window before it is
  NaN, with an :class:`~skltsm.exceptions.InsufficientHistoryWarning`.

Steps are counted from the end of each series: the forecaster turns sktime's
horizon into them (:mod:`skltsm.sktime._panel_horizon`), forecasts the
baseline it fell back to itself (:func:`~skltsm._forecast._fallback.baseline_forecasts`)
and makes frames of the arrays :class:`MemoryForecasts` returns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from skltsm._forecast._covariates import (
    check_future_X,
    future_labels,
    panel_covariates,
    with_future_rows,
)
from skltsm._forecast._memory import as_frame
from skltsm._series._panel import PanelIndex, shown_ids
from skltsm._series._time_index import Step
from skltsm._warn import warn
from skltsm.exceptions import InsufficientHistoryWarning

__all__ = ["MemoryForecasts", "quantile_levels", "warn_missing_history"]


def quantile_levels(strategy) -> np.ndarray:
    """Return the levels a fitted strategy's network predicts, increasing.

    Parameters
    ----------
    strategy : object
        A fitted strategy whose network has quantile heads
        (``LSTMRegressor(quantiles=...)``, ADR 0023).

    Returns
    -------
    levels : ndarray of float
    """
    return strategy.fitted_pipelines[0].quantile_levels_


def warn_missing_history(n_missing: int, n_in_sample: int) -> None:
    """Warn that ``n_missing`` of the in-sample steps are NaN (none: no warning).

    Parameters
    ----------
    n_missing : int
        In-sample forecasts without a complete look-back window before them.
    n_in_sample : int
        In-sample steps asked for.
    """
    if n_missing:
        warn(
            f"{n_missing} of the {n_in_sample} in-sample steps have "
            "no complete look-back window before them (the first observations "
            "of the series); their forecast is NaN.",
            InsufficientHistoryWarning,
        )


@dataclass(frozen=True, eq=False)  # fields of frames and a strategy: no ==
class MemoryForecasts:
    """A fitted strategy and the observations it forecasts from.

    Parameters
    ----------
    strategy : object
        The fitted strategy (``strategy_``).
    y : pandas.DataFrame
        The observations held (``y_memory_``): one series, or a long panel
        whose rows are grouped by series, each in time order.
    X : pandas.DataFrame or None
        The covariates at the same rows (``X_memory_``), ``None`` without.
    step : int, pandas.DateOffset, pandas.Timedelta or None
        Step between consecutive time labels (``time_step_``).
    owner : str
        The forecaster's class name, for the messages.
    """

    strategy: object
    y: pd.DataFrame
    X: pd.DataFrame | None
    step: Step | None
    owner: str

    def value_shape(self, quantiles: bool) -> tuple[int, ...]:
        """Values of one forecast: one per variable, times the levels with heads."""
        n_targets = self.y.shape[1]
        if not quantiles:
            return (n_targets,)
        return n_targets, len(quantile_levels(self.strategy))

    # -- one series ---------------------------------------------------------
    def of_series(
        self, steps: np.ndarray, X_future, *, quantiles: bool = False
    ) -> np.ndarray:
        """Forecast the steps of one series: ahead from its end, else in-sample.

        Parameters
        ----------
        steps : ndarray of int, shape (n_steps,)
            Steps from the last observation; ``<= 0`` are observed times
            (``0`` the last).
        X_future : pandas.DataFrame or None
            Covariates at the future steps (needed when ``X`` is held).
        quantiles : bool, default=False
            Forecast the network's quantiles instead (quantile heads).

        Returns
        -------
        forecasts : ndarray of shape (n_steps, n_targets)
            With ``quantiles``, a last axis of one value per level.

        Raises
        ------
        ValueError
            ``X_future`` misses a column or a future row the forecast needs.
        """
        values = np.full((len(steps), *self.value_shape(quantiles)), np.nan)
        ahead = steps > 0
        if ahead.any():
            covariates = self.covariates(int(steps.max()), X_future)
            last = len(self.y) - 1
            values[ahead] = self.strategy.forecast(
                self.y, covariates, [last], steps[ahead], quantiles=quantiles
            )[0]
        if (~ahead).any():
            values[~ahead] = self.in_sample(steps[~ahead], quantiles=quantiles)
        return values

    def covariates(self, n_steps: int, X_future) -> pd.DataFrame | None:
        """Return the covariates of the memory and of the next ``n_steps`` steps.

        Parameters
        ----------
        n_steps : int
            Steps after the last observation the forecast reaches.
        X_future : pandas.DataFrame or None
            Covariates passed to ``predict``.

        Returns
        -------
        covariates : pandas.DataFrame or None
            ``X`` followed by ``X_future``'s rows at the next ``n_steps``
            labels; ``None`` when no covariates are held.
        """
        if self.X is None:
            return None
        labels = future_labels(self.y.index, self.step, n_steps)
        future = None if X_future is None else as_frame(X_future, "X")[0]
        rows = check_future_X(future, self.X.columns, labels, self.owner)
        return with_future_rows(self.X, rows)

    def in_sample(self, steps: np.ndarray, *, quantiles: bool = False) -> np.ndarray:
        """One-step-ahead forecasts of observed times (step 0 is the last).

        Parameters
        ----------
        steps : ndarray of int
            Steps ``<= 0`` from the last observation.
        quantiles : bool, default=False
            Forecast the network's quantiles instead.

        Returns
        -------
        forecasts : ndarray of shape (len(steps), n_targets)
            NaN (with an :class:`~skltsm.exceptions.InsufficientHistoryWarning`)
            where no complete look-back window precedes the time.
        """
        fitted = self.strategy.one_step_ahead(self.y, self.X, quantiles=quantiles)
        positions = len(fitted) - 1 + steps
        values = np.full((len(steps), *fitted.shape[1:]), np.nan)
        inside = positions >= 0
        values[inside] = fitted[positions[inside]]
        missing = np.isnan(values).reshape(len(steps), -1).any(axis=1)
        warn_missing_history(int(missing.sum()), len(steps))
        return values

    # -- a panel ------------------------------------------------------------
    def of_panel(
        self,
        panel: PanelIndex,
        own_steps: np.ndarray,
        X_future,
        *,
        quantiles: bool = False,
    ) -> np.ndarray:
        """Forecast every series of the panel, all in the same network calls.

        Parameters
        ----------
        panel : PanelIndex
            ``panel_index(y.index)``.
        own_steps : ndarray of int, shape (n_series, n_steps)
            Each series' steps from its own last observation (``<= 0``:
            observed times).
        X_future : pandas.DataFrame or None
            Covariates of every series at its future steps (needed when
            ``X`` is held).
        quantiles : bool, default=False
            Forecast the network's quantiles instead.

        Returns
        -------
        forecasts : ndarray of shape (n_series, n_steps, n_targets)
            With ``quantiles``, a last axis of one value per level.

        Raises
        ------
        ValueError
            A series forecast ahead is shorter than one window, or
            ``X_future`` misses a row the forecast needs.
        """
        values = np.full((*own_steps.shape, *self.value_shape(quantiles)), np.nan)
        ahead = own_steps > 0
        if ahead.any():
            self.check_long_enough(panel)
            values[ahead] = self._panel_ahead(own_steps, X_future, quantiles)[ahead]
        if (~ahead).any():
            in_sample = self._panel_in_sample(panel, own_steps, quantiles)
            values[~ahead] = in_sample[~ahead]
        return values

    def _panel_ahead(
        self, own_steps: np.ndarray, X_future, quantiles: bool
    ) -> np.ndarray:
        """Forecasts past each series' end, ``(n_series, n_steps, n_targets)``.

        Only the entries of positive steps are forecasts; the others repeat
        the first step's. With ``quantiles``, a last axis of one value per
        level.
        """
        needed = np.unique(own_steps[own_steps > 0])
        covariates = None
        if self.X is not None:
            covariates = panel_covariates(
                self.X, X_future, self.y.index, self.step, int(needed.max()),
                self.owner,
            )  # fmt: skip
        forecasts = self.strategy.forecast_ends(
            self.y, covariates, needed, quantiles=quantiles
        )
        at = np.searchsorted(needed, np.clip(own_steps, needed[0], None))
        at = at.reshape(*at.shape, *[1] * (forecasts.ndim - 2))
        return np.take_along_axis(forecasts, at, axis=1)

    def _panel_in_sample(
        self, panel: PanelIndex, own_steps: np.ndarray, quantiles: bool
    ) -> np.ndarray:
        """One-step-ahead forecasts of the observed times of every series.

        Only the entries of steps ``<= 0`` are in-sample forecasts (NaN,
        with one :class:`~skltsm.exceptions.InsufficientHistoryWarning` for
        all, before a series' first complete window); the others are its
        last one.
        """
        fitted = self.strategy.one_step_ahead(self.y, self.X, quantiles=quantiles)
        firsts = panel.starts[:, None]  # the frame groups rows by series
        rows = firsts + panel.lengths[:, None] - 1 + np.minimum(own_steps, 0)
        values = fitted[np.maximum(rows, firsts)]
        values[rows < firsts] = np.nan
        in_sample = own_steps <= 0
        missing = np.isnan(values).reshape(*own_steps.shape, -1).any(axis=-1)
        missing &= in_sample
        warn_missing_history(int(missing.sum()), int(in_sample.sum()))
        return values

    @property
    def origin_history(self) -> int:
        """Return the observations a forecast from a series' end reads."""
        return self.strategy.origin_history

    def short_series(self, panel: PanelIndex) -> pd.Index:
        """Return the ids of the series with fewer rows than :attr:`origin_history`."""
        return panel.ids[panel.lengths < self.origin_history]

    def check_long_enough(self, panel: PanelIndex) -> None:
        """Refuse to forecast a series of the panel shorter than one window.

        Raises
        ------
        ValueError
            Naming the series with fewer rows than one forecast reads (the
            first ten, and how many in all).
        """
        short = self.short_series(panel)
        if len(short):
            raise ValueError(
                f"{len(short)} of {len(panel.ids)} series of the panel have fewer "
                f"than the {self.origin_history} observations one forecast reads "
                "(the look_back and the differencing order, whose lags grow to "
                "reach the steps ahead they were trained for), "
                f"so they cannot be forecast: {shown_ids(short)}. Drop them, give "
                "them more history, or train for fewer steps."
            )
