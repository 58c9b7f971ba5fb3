"""The choice between the network and a baseline, and the baseline's forecasts.

:class:`skltsm.sktime.LSTMForecaster` scores its network on a holdout beside
the naive forecasts (:class:`~skltsm._forecast._baselines.Holdout`). Its
``fallback`` parameter says what happens when the network loses:

* :func:`fallback_model` resolves ``fallback`` to the baseline forecast
  instead (``fallback_to_``), or none, from the data and whether the
  forecaster built its own pipeline;
* :class:`FallbackRule` decides, from the holdout's verdict, whether the
  forecasts are the baseline's (``fallback_``), and says why not when they
  are kept; :func:`warn_baseline` is the
  :class:`~skltsm.exceptions.BaselineWarning` a losing network gets, and
  :func:`warn_theta_alone` the one Theta gets when it forecasts alone (a
  series too short for a network) and loses to the seasonal naive;
* :func:`baseline_forecasts` forecasts with the baseline fallen back to.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from skltsm._forecast._baselines import THETA, season_lags
from skltsm._forecast._seasonal import SeasonalFactors
from skltsm._forecast._theta import ThetaMethod
from skltsm._warn import warn
from skltsm.exceptions import BaselineWarning

__all__ = [
    "BASELINE_NAMES",
    "FallbackRule",
    "baseline_forecasts",
    "fallback_model",
    "warn_baseline",
    "warn_theta_alone",
    "worse",
]

#: The baselines in a BaselineWarning's words.
BASELINE_NAMES = {
    "theta": "Theta method",
    "naive2": "naive2",
    "seasonal_naive": "seasonal naive",
}


def fallback_model(fallback: str, *, pipeline_given: bool, panel: bool) -> str | None:
    """Return the baseline forecast instead of the network, or None.

    Parameters
    ----------
    fallback : str
        ``LSTMForecaster``'s parameter.
    pipeline_given : bool
        Whether the user gave the pipeline (``"auto"`` keeps its forecasts).
    panel : bool
        Whether the data is a panel (no Theta: it forecasts one series).

    Raises
    ------
    ValueError
        ``fallback="theta"`` on a panel.
    """
    if fallback == "auto":
        if pipeline_given:
            return None
        return "seasonal_naive" if panel else THETA
    if fallback == THETA and panel:
        raise ValueError(
            "LSTMForecaster(fallback='theta') forecasts one series with the "
            "Theta method, but y is a panel. Set fallback='seasonal_naive' or "
            "'naive2', or pooling='local' (one forecaster per series)."
        )
    return None if fallback == "off" else fallback


@dataclass(frozen=True, eq=False)  # fields of arrays and indexes: no ==
class FallbackRule:
    """Whether a network that loses on the holdout gives way to its baseline.

    Parameters
    ----------
    fallback : str
        ``LSTMForecaster``'s parameter.
    to : str or None
        The baseline it resolved to (:func:`fallback_model`), if any.
    default_of_one_series : bool
        Whether the forecaster built its own pipeline for one series
        (``default_choices_`` of one series, not a panel).
    too_short : bool
        Whether it built it for a series too short for a network
        (``default_choices_.too_short``).
    """

    fallback: str
    to: str | None
    default_of_one_series: bool
    too_short: bool

    @property
    def baseline(self) -> str:
        """The baseline to beat: the fallback's, else the seasonal naive."""
        return self.to or "seasonal_naive"

    def keeps_the_default_combination(self) -> bool:
        """Whether ``fallback="auto"`` ignores the holdout: the default on one series.

        A panel's default falls back to the seasonal naive when it loses, as
        ``fallback="seasonal_naive"`` does.
        """
        return self.fallback == "auto" and self.default_of_one_series

    def falls_back(self, loses: bool) -> bool:
        """Whether the forecasts are the baseline's, the network losing or not."""
        if self.keeps_the_default_combination():
            # Theta on a series too short for a network; otherwise the
            # holdout, which also chose the epoch, decides nothing (ADR 0022)
            return self.theta_alone()
        return bool(loses and self.to)

    def lost_to(self, scores: pd.Series) -> str | None:
        """Return the baseline a warning names, or ``None`` if the network wins.

        The rule's baseline when the network loses to it (the one it falls
        back to); for the default's combination on one series, which the
        holdout does not overturn, also the seasonal naive: the default is
        to be no worse than it (ADR 0022), and Theta may be as bad.
        """
        if worse(scores["network"], scores[self.baseline]):
            return self.baseline
        if self.keeps_the_default_combination() and worse(
            scores["network"], scores["seasonal_naive"]
        ):
            return "seasonal_naive"
        return None

    def theta_alone(self) -> bool:
        """Whether Theta forecasts whatever the holdout says: the too-short default."""
        return bool(self.keeps_the_default_combination() and self.to and self.too_short)

    def why_kept(self) -> str:
        """Say why a losing network's forecasts are kept, in the warning's words."""
        if self.fallback == "off":
            return "fallback='off'"
        if self.keeps_the_default_combination():
            return (
                "fallback='auto' keeps the default's mean of the network and Theta "
                "on a series long enough for a network: the holdout also chose the "
                "epoch, and deciding on it made the benchmark worse"
            )
        return "fallback='auto' keeps the forecasts of a pipeline you give"


def worse(score: float, other: float) -> bool:
    """Whether a MASE is worse than another beyond rounding.

    Two exact forecasts score zero up to rounding (1.4e-17 against 1.2e-17):
    no loss to warn of, or to fall back on. NaN (a model that forecast none
    of the rows) is never beaten.
    """
    return bool(score > other and not np.isclose(score, other, rtol=1e-9, atol=1e-12))


def _fallback_options(panel: bool) -> str:
    """Name the ``fallback`` values that work for the data fitted."""
    if panel:  # Theta forecasts one series only
        return "fallback='naive2' or 'seasonal_naive'"
    return "fallback='theta', 'naive2' or 'seasonal_naive'"


def warn_baseline(
    rule: FallbackRule,
    fell_back: bool,
    scores: pd.Series,
    *,
    baseline: str,
    n_rows: int,
    sp: int,
    panel: bool,
    losses: list[tuple[object, float, float]] = (),
) -> None:
    """Warn that the network forecast the holdout worse than its baseline.

    Parameters
    ----------
    rule : FallbackRule
        The rule that chose (its baseline, why it kept the network).
    fell_back : bool
        Whether the forecasts are the baseline's.
    scores : pandas.Series
        The holdout's MASE of each model (``Holdout.scores``).
    baseline : str
        The baseline the network lost to (:meth:`FallbackRule.lost_to`).
    n_rows : int
        Held-out forecasts scored.
    sp : int
        The seasonal period, for the message.
    panel : bool
        Whether the data fitted is a panel (Theta is no option then).
    losses : list of (series id, float, float), default=()
        A panel's series the network loses most on, with its and the
        baseline's MASE (``Holdout.losses_by_series``): the pooled MASE does
        not say which series are wrong.
    """
    if fell_back:
        action = (
            f"LSTMForecaster forecasts the {BASELINE_NAMES[baseline]} instead; "
            "set fallback='off' to keep the network's forecasts."
        )
    else:
        action = (
            f"Its forecasts are kept ({rule.why_kept()}); set "
            f"{_fallback_options(panel)} to forecast that baseline instead, or "
            "try another pipeline."
        )
    theta = f", Theta: {scores[THETA]:.3f}" if THETA in scores else ""
    worst = ", ".join(
        f"{key!r} ({network:.3f} against {other:.3f})" for key, network, other in losses
    )
    most = f" It loses most on the series {worst}." if worst else ""
    warn(
        f"On {n_rows} held-out forecasts (observations the network was not "
        f"trained on), the network's MASE {scores['network']:.3f} is worse "
        f"than the {BASELINE_NAMES[baseline]}'s {scores[baseline]:.3f} (sp="
        f"{sp}; naive: {scores['naive']:.3f}, seasonal naive: "
        f"{scores['seasonal_naive']:.3f}, naive2: {scores['naive2']:.3f}{theta})."
        f"{most} {action}",
        BaselineWarning,
    )


def warn_theta_alone(scores: pd.Series, *, n_rows: int, sp: int) -> None:
    """Warn that Theta, forecast alone, lost to the seasonal naive on the holdout.

    The default forecasts Theta alone on a series too short for a network
    (:meth:`FallbackRule.theta_alone`), whatever the holdout says; on a
    seasonal series shorter than three seasons (no seasonality test, no
    seasonal adjustment) the seasonal naive can be several times better.

    Parameters
    ----------
    scores : pandas.Series
        The holdout's MASE of each model (``Holdout.scores``).
    n_rows : int
        Held-out forecasts scored.
    sp : int
        The seasonal period; no warning for ``sp <= 1``.
    """
    if sp <= 1 or not worse(scores[THETA], scores["seasonal_naive"]):
        return
    warn(
        f"On {n_rows} held-out forecasts, the Theta method's MASE "
        f"{scores[THETA]:.3f} is worse than the seasonal naive's "
        f"{scores['seasonal_naive']:.3f} (sp={sp}; naive: {scores['naive']:.3f}, "
        f"naive2: {scores['naive2']:.3f}, network: {scores['network']:.3f}), but "
        "LSTMForecaster forecasts the Theta method: the series leaves too few "
        "training windows to forecast with a network (default_choices_.too_short"
        "). Set "
        "fallback='seasonal_naive' to forecast the seasonal naive unless the "
        "network beats it on the holdout, or use sktime's "
        f"NaiveForecaster(strategy='last', sp={sp}) for the seasonal naive alone.",
        BaselineWarning,
    )


def baseline_forecasts(
    values: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    own_steps: np.ndarray,
    *,
    to: str,
    sp: int,
    factors: SeasonalFactors | None,
    theta: ThetaMethod | None,
    first: int,
) -> np.ndarray:
    """Forecast with the baseline fallen back to, every series at once.

    The seasonal naive; naive2: the naive forecast of the seasonally
    adjusted series (``factors``), reseasonalised, the naive forecast
    without factors (a panel, a series without a season); or the Theta
    method of one series.

    Parameters
    ----------
    values : ndarray of shape (n_rows, n_targets)
        The observations, rows grouped by series.
    starts : ndarray of int
        Each series' first row in ``values``.
    ends : ndarray of int
        Each series' end in ``values`` (its start plus its length).
    own_steps : ndarray of int, shape (n_series, len(fh))
        Steps relative to each series' last observation; in-sample steps
        (``<= 0``) are forecast one step ahead.
    to : str
        The baseline: ``"theta"``, ``"naive2"`` or ``"seasonal_naive"``.
    sp : int
        Seasonal period of the seasonal naive.
    factors : SeasonalFactors or None
        One series' seasonal factors, for naive2.
    theta : ThetaMethod or None
        One series' Theta method, for ``"theta"``.
    first : int
        Rows before the first the factors and Theta were fitted from (rows an
        update brought earlier), which keep their phase.

    Returns
    -------
    forecasts : ndarray of shape (n_series, len(fh), n_targets)
    """
    own_steps = np.broadcast_to(own_steps, (len(ends), own_steps.shape[-1]))
    origins = ends[:, None] - 1 + np.minimum(own_steps, 1) - 1
    steps = np.maximum(own_steps, 1)
    if to == THETA:  # one series: every (origin, step) pair
        needed = np.unique(steps)
        forecasts = theta.forecast(values, origins.ravel(), needed, first=first)
        pairs = forecasts[
            np.arange(origins.size), np.searchsorted(needed, steps.ravel())
        ]
        return pairs.reshape(*origins.shape, -1)
    naive2 = to == "naive2"
    lags = steps if naive2 else season_lags(steps, sp)
    sources = origins + steps - lags
    forecasts = values[np.maximum(sources, starts[:, None])]
    forecasts[sources < starts[:, None]] = np.nan
    if naive2 and factors is not None:  # one series: positions from `first`
        adjusted = factors.adjust(forecasts, np.maximum(sources, 0) - first)
        forecasts = factors.restore(adjusted, origins + steps - first)
    return forecasts
