"""In-sample residuals of a panel: sktime's ``predict_residuals`` on series ids.

sktime 1.2's ``BaseForecaster.predict_residuals(y)`` forecasts at
``ForecastingHorizon(y.index, is_relative=False)``, which a panel's or a
hierarchy's MultiIndex is not: it raised ``TypeError: Invalid fh`` for every
forecaster, sktime's own included (sktime issue #2765). The forecasters that
take panels (:class:`~skltsm.sktime.LSTMForecaster`,
:class:`~skltsm.sktime.StatsForecastARIMA`) get :class:`PanelResiduals`,
which forecasts a panel's rows with one relative horizon, counted from each
series' own end as sktime's loop over series counts it: the rows of a ragged
panel (series of other lengths and ends) are then all in-sample steps, never
steps ahead of a series that ended early.
"""

from __future__ import annotations

from copy import deepcopy

import numpy as np
import pandas as pd
from sktime.forecasting.base import ForecastingHorizon

from skltsm._series._panel import shown_ids
from skltsm._series._time_index import steps_apart

__all__ = ["PanelResiduals", "residual_horizon"]


def residual_horizon(index: pd.MultiIndex, ends: pd.Series, freq) -> ForecastingHorizon:
    """Return the relative steps that reach every row of a panel from its series' end.

    Parameters
    ----------
    index : pandas.MultiIndex
        The panel's rows: series levels, then time.
    ends : pandas.Series
        The last time held of each series fitted, indexed by its key.
    freq : pandas.DateOffset or None
        The cutoff's frequency (needed for timestamps).

    Returns
    -------
    fh : ForecastingHorizon
        Relative steps, in sktime's units (label units on an integer index).

    Raises
    ------
    ValueError
        If a series of ``index`` was never fitted.

    Examples
    --------
    >>> index = pd.MultiIndex.from_tuples([("a", 1), ("a", 2), ("b", 3)])
    >>> ends = pd.Series([2, 4], index=["a", "b"])
    >>> residual_horizon(index, ends, None).to_numpy().tolist()
    [-1, 0]
    """
    keys = index.droplevel(-1)
    positions = ends.index.get_indexer(keys)
    if (positions < 0).any():
        raise UnknownSeries(pd.Index(keys[positions < 0].unique()), ends.index)
    end_codes, unique_ends = pd.factorize(positions)
    time_codes, times = pd.factorize(index.get_level_values(-1))
    labels = pd.Index(ends.iloc[unique_ends].tolist())
    steps = steps_apart(labels, pd.Index(times), freq)[end_codes, time_codes]
    return ForecastingHorizon(np.unique(steps), is_relative=True)


class UnknownSeries(ValueError):
    """Series of ``y`` that the forecaster was not fitted on (their ids, held)."""

    def __init__(self, unknown: pd.Index, held: pd.Index):
        super().__init__(unknown, held)
        self.unknown, self.held = unknown, held


class PanelResiduals:
    """sktime's ``predict_residuals``, on a panel or a hierarchy too.

    A series is left to sktime. A panel is forecast at the relative steps
    that reach its rows from each series' own end (:func:`residual_horizon`),
    in one ``predict``; the residuals are ``y`` less the forecast at exactly
    ``y``'s rows (NaN where there is none: before a series' first complete
    look-back window). The forecaster's ``fh`` is restored afterwards, as
    sktime restores it.

    Subclasses give :meth:`_ends_held` and ``_moving_cutoff_frequency``
    (:class:`~skltsm.sktime._moving_cutoff.MovingCutoffLoop`'s); they may
    override :meth:`_observed_y` (``y`` when none is passed) and
    :meth:`_unknown_series_advice`.
    """

    def predict_residuals(self, y=None, X=None):
        """Return the residuals ``y - forecast`` at ``y``'s rows (sktime's).

        Parameters
        ----------
        y : sktime time series, optional
            Observations (a series, a panel or a hierarchy) to compute the
            residuals of; by default the observations the forecaster holds.
        X : sktime time series, optional
            Covariates at those rows (needed if fitted with ``X``).

        Returns
        -------
        y_res : pandas.DataFrame or pandas.Series
            ``y - forecast``, indexed and shaped as ``y``.

        Raises
        ------
        ValueError
            If ``y`` has series the forecaster was not fitted on, or none is
            passed and the forecaster holds no observations.
        """
        if y is None and self.is_fitted:
            y = self._observed_y()
        if not isinstance(getattr(y, "index", None), pd.MultiIndex):
            return super().predict_residuals(y=y, X=X)
        self.check_is_fitted()
        return self._panel_residuals(y, X)

    def _observed_y(self):
        """Return the observations sktime remembers (``None``: it does not)."""
        return self._y if self.get_config()["remember_data"] else None

    def _residual_step(self):
        """Return the unit of a relative step: ``None`` (label units) on integers.

        sktime counts a relative ``fh`` in label units on an integer index,
        and in steps of the data's frequency on timestamps, which a panel's
        cutoff does not carry: the frequency fitted
        (``_moving_cutoff_frequency``) gives it.
        """
        if pd.api.types.is_integer_dtype(self.cutoff.dtype):
            return None
        return self._moving_cutoff_frequency()

    def _unknown_series_advice(self) -> str:
        """Say how to get residuals of series never fitted."""
        return "fit it on a panel that has them, or pass only the series fitted"

    def _panel_residuals(self, y, X):
        """``y - forecast`` on the rows of a panel ``y``."""
        try:
            fh = residual_horizon(y.index, self._ends_held(), self._residual_step())
        except UnknownSeries as error:
            raise ValueError(
                f"y passed to predict_residuals has rows of the series "
                f"{shown_ids(error.unknown)}, which {type(self).__name__} was not "
                f"fitted on (it holds {shown_ids(error.held)}): it has no forecasts "
                f"of them. To get their residuals, {self._unknown_series_advice()}."
            ) from None
        fh_before = deepcopy(self._fh)
        try:
            y_pred = self.predict(fh=fh, X=X)
        finally:  # as sktime: predict_residuals leaves fh as it was
            self._fh = fh_before
        if isinstance(y, pd.Series):
            return y - y_pred.iloc[:, 0].reindex(y.index).to_numpy()
        y_pred = y_pred.reindex(y.index)
        return y - y_pred.set_axis(y.columns, axis=1)
