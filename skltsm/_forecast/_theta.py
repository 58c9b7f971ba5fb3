"""The Theta method of Assimakopoulos and Nikolopoulos, from any forecast origins.

:class:`ThetaMethod` forecasts as sktime's ``ThetaForecaster`` (Hyndman and
Billah's form: simple exponential smoothing of the seasonally adjusted
series, plus half the slope of its least-squares line as a drift), from
every origin at once without refitting: the smoothing parameter and the
initial level are fixed, estimated once on the training part by statsmodels
in the adapter layer (:func:`skltsm.sktime._default_choices.theta_method`:
only the adapter imports sktime and statsmodels), and the level and the
slope at each origin read the observations up to it. The default forecaster
of one series averages its network with it (:class:`BenchmarkCombination
<skltsm._forecast._seasonal.BenchmarkCombination>`) and forecasts it alone
when the series is too short for a network;
``docs/adr/0022-frequency-aware-default.md`` gives the reasons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import lfilter
from scipy.stats import norm

from skltsm._forecast._seasonal import SeasonalFactors

__all__ = ["ThetaMethod"]


@dataclass(frozen=True, eq=False)
class ThetaMethod:
    """The Theta method with fixed parameters, forecast from any origins.

    From origin ``o`` (``n = o + 1`` rows) at step ``h``, on the series
    adjusted by ``factors``: the exponentially smoothed level at ``o`` plus
    ``b * (h + (1 - (1 - alpha) ** n) / alpha)`` (``b * h`` when ``alpha``
    is 0), ``b`` half the least-squares slope of the adjusted rows ``0 ..
    o``; the season is restored at the row forecast. This is sktime's
    ``ThetaForecaster`` fitted on the rows up to ``o`` with these
    parameters.

    Parameters
    ----------
    factors : SeasonalFactors or None
        Seasonal indices of the series (row 0 its first); ``None``: the
        series is not adjusted.
    alpha : ndarray of shape (n_targets,)
        Smoothing parameter of each target, in [0, 1].
    initial_level : ndarray of shape (n_targets,)
        Level before row 0 of each target (on the adjusted series).

    Examples
    --------
    >>> import numpy as np
    >>> values = np.arange(10.0)[:, None]  # a line of slope 1
    >>> theta = ThetaMethod(None, alpha=np.array([1.0]), initial_level=np.array([0.0]))
    >>> theta.forecast(values, origins=np.array([4, 9]), steps=np.array([1, 2]))[..., 0]
    array([[ 5. ,  5.5],
           [10. , 10.5]])

    With ``alpha=1`` the level is the last value and the drift half the
    slope, one step more: ``4 + 0.5 * (1 + 1)`` from row 4.
    """

    factors: SeasonalFactors | None
    alpha: np.ndarray
    initial_level: np.ndarray

    def forecast(
        self,
        values: np.ndarray,
        origins: np.ndarray,
        steps: np.ndarray,
        *,
        first: int = 0,
    ) -> np.ndarray:
        """Forecast ``steps`` ahead of each origin from the rows up to it.

        Parameters
        ----------
        values : ndarray of shape (n_rows, n_targets)
            The observed series.
        origins : ndarray of int
            Rows of ``values`` of the last observation each forecast may
            use; an origin before ``first`` (no observation) is forecast as
            NaN.
        steps : ndarray of int
            Steps ahead, at least 1.
        first : int, default=0
            The row the factors and the initial level refer to (the first
            row fitted). Earlier rows, history an update brought without
            refitting, are ignored: the level is smoothed from the initial
            one at ``first``, as when the parameters were estimated.

        Returns
        -------
        forecasts : ndarray of shape (len(origins), len(steps), n_targets)
        """
        values = np.asarray(values, dtype=np.float64)[first:]
        origins, steps = np.asarray(origins) - first, np.asarray(steps)
        rows = np.arange(len(values))
        adjusted = values if self.factors is None else self.factors.adjust(values, rows)
        at = np.clip(origins, 0, None)
        n = (at + 1)[:, None]  # rows up to each origin
        alpha = np.asarray(self.alpha, dtype=np.float64)
        constant = np.isclose(alpha, 0.0)  # SES constant: the drift is the trend's
        safe = np.where(constant, 1.0, alpha)
        weight = np.where(constant, 0.0, (1 - (1 - safe) ** n) / safe)
        trend = self._half_slopes(adjusted)[at]
        drift = trend[:, None, :] * (steps[None, :, None] + weight[:, None, :])
        forecasts = self._levels(adjusted)[at][:, None, :] + drift
        forecasts[origins < 0] = np.nan
        if self.factors is None:
            return forecasts
        return self.factors.restore(forecasts, origins[:, None] + steps[None, :])

    def quantiles(
        self,
        values: np.ndarray,
        forecasts: np.ndarray,
        steps: np.ndarray,
        alpha,
        *,
        first: int = 0,
    ) -> np.ndarray:
        """Gaussian quantiles around ``forecasts``, as sktime's ``ThetaForecaster``.

        Hyndman and Billah's state-space form of simple exponential
        smoothing: at step ``h`` the standard error is ``sigma * sqrt(1 + h
        alpha^2)`` (sktime 1.2's expression), ``sigma`` the root mean square
        of the in-sample one-step errors of the smoothing on the adjusted
        series (their sum of squares over ``n - 1``, ``n`` the rows from
        ``first``). As in sktime, the errors are those of the adjusted
        series and the width is added to the seasonal forecast unscaled.

        Parameters
        ----------
        values : ndarray of shape (n_rows, n_targets)
            The observed series, up to the forecast origin.
        forecasts : ndarray of shape (len(steps), n_targets)
            The forecasts to centre the quantiles on.
        steps : ndarray of int
            Steps ahead of each forecast; an in-sample one (``<= 0``, a
            one-step forecast) counts as 1.
        alpha : sequence of float
            Quantile levels, in (0, 1).
        first : int, default=0
            The first row fitted, as in :meth:`forecast`.

        Returns
        -------
        quantiles : ndarray of shape (len(steps), n_targets, len(alpha))
        """
        values = np.asarray(values, dtype=np.float64)[first:]
        adjusted = values
        if self.factors is not None:
            adjusted = self.factors.adjust(values, np.arange(len(values)))
        levels = self._levels(adjusted)
        before = np.vstack([self.initial_level[None, :], levels[:-1]])
        sse = np.sum((adjusted - before) ** 2, axis=0)
        sigma = np.sqrt(sse / max(len(adjusted) - 1, 1))
        h = np.maximum(np.asarray(steps), 1)[:, None]
        errors = sigma * np.sqrt(h * np.asarray(self.alpha) ** 2 + 1)
        z = norm.ppf(np.asarray(alpha, dtype=np.float64))
        return np.asarray(forecasts)[:, :, None] + errors[:, :, None] * z

    def _levels(self, adjusted: np.ndarray) -> np.ndarray:
        """Smoothed level after each row: ``l[t] = a y[t] + (1 - a) l[t - 1]``."""
        levels = np.empty_like(adjusted)
        for k, (a, start) in enumerate(
            zip(self.alpha, self.initial_level, strict=True)
        ):
            levels[:, k] = lfilter(
                [a], [1.0, a - 1.0], adjusted[:, k], zi=[(1.0 - a) * start]
            )[0]
        return levels

    @staticmethod
    def _half_slopes(adjusted: np.ndarray) -> np.ndarray:
        """Half the least-squares slope of rows ``0 .. t``, for every row ``t``.

        From cumulative sums: ``S_ty - S_t S_y / n`` over ``n (n^2 - 1) / 12``;
        0 for a single row (as ``numpy.linalg.lstsq``'s minimum-norm line).
        """
        t = np.arange(len(adjusted), dtype=np.float64)[:, None]
        n = t + 1
        sum_y = np.cumsum(adjusted, axis=0)
        sum_ty = np.cumsum(t * adjusted, axis=0)
        centred = sum_ty - (n - 1) / 2 * sum_y  # sum of (t - mean t) * y
        spread = n * (n * n - 1) / 12  # sum of (t - mean t) ** 2
        slope = np.divide(centred, spread, out=np.zeros_like(centred), where=spread > 0)
        return slope / 2
