"""Forecast quantiles from the residuals a holdout kept (ADR 0010, ADR 0023).

``LSTMForecaster.predict_quantiles`` turns forecasts into quantiles with the
signed residuals of its holdout, one array per step, each over its scale:

* a **point forecast** is shifted by the conformal quantile of its step's
  residuals (``residuals_``), times each row's scale (conformal prediction);
* **quantile heads** calibrated ``"per_level"`` are each shifted by the
  conformal quantile of their own residuals (``quantile_residuals_``:
  conformalised quantile regression), then kept in order;
* quantile heads calibrated around the ``"median"`` head: the median head
  shifted by multiples of the heads' width (normalised conformal prediction,
  the heads saying how uncertain each forecast is).

:class:`HoldoutResiduals` holds the residuals and gives the three;
:func:`forecast_scales` is the step and the scale of each row forecast
(:func:`origin_scales` for one series: its scale at each row's origin).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from skltsm._forecast._intervals import (
    SCALE_FLOOR,
    conformal_quantiles,
    local_scale,
    pooled_advice,
    residuals_needed,
    series_scales,
    thin_quantiles,
    warn_clipped,
)
from skltsm._forecast._quantile_heads import (
    heads_width,
    interpolate_quantiles,
    median_scores,
)
from skltsm._series._panel import is_panel
from skltsm._warn import warn
from skltsm.exceptions import CalibrationWarning

__all__ = ["HoldoutResiduals", "forecast_scales", "origin_scales"]


@dataclass(frozen=True, eq=False)  # fields of arrays and indexes: no ==
class HoldoutResiduals:
    """The holdout's residuals of each step, and the quantiles they give.

    Parameters
    ----------
    residuals : dict of int to ndarray or None
        ``residuals_``: the point forecasts' signed residuals of each step,
        over their scale; ``None`` without calibration.
    quantile_residuals : dict of int to ndarray or None
        ``quantile_residuals_``: the heads' residuals, a last axis of levels.
    levels : ndarray or None
        The heads' levels, increasing; ``None`` without heads.
    head_calibration : str
        ``"median"`` or ``"per_level"`` (``LSTMForecaster``'s parameter).
    calibration_size : float or int
        ``LSTMForecaster``'s parameter, for the messages.
    calibration_folds : int
        The folds it calibrated on (``0``: the early-stopping tail), for the
        messages.
    pooled : bool, default=False
        Whether the residuals are a panel's under global pooling, one per
        series and step (:func:`~skltsm._forecast._intervals.panel_holdout`):
        the messages on too few then advise more series, not a larger
        ``calibration_size`` (:func:`~skltsm._forecast._intervals.pooled_advice`).
    """

    residuals: dict | None
    quantile_residuals: dict | None
    levels: np.ndarray | None
    head_calibration: str
    calibration_size: float | int
    calibration_folds: int
    pooled: bool = False

    def point_quantiles(
        self,
        point: np.ndarray,
        steps: np.ndarray,
        scales: np.ndarray,
        alpha: Sequence[float],
    ) -> np.ndarray:
        """Shift point forecasts by the conformal quantiles of their residuals.

        Parameters
        ----------
        point : ndarray of shape (n_rows, n_targets)
            The point forecasts.
        steps : ndarray of int, shape (n_rows,)
            Each row's step ahead (whose residuals calibrate it).
        scales : ndarray of shape (n_rows, n_targets)
            Each row's scale of the residuals.
        alpha : list of float
            Quantile levels.

        Returns
        -------
        quantiles : ndarray of shape (n_rows, n_targets, len(alpha))
        """
        base = point[:, :, None]
        return _shifted(
            base, scales, steps, alpha, self._conformal_shifts, advice=self._advice
        )

    def point_quantiles_beside(
        self,
        point: np.ndarray,
        steps: np.ndarray,
        scales: np.ndarray,
        alpha: Sequence[float],
        partner: np.ndarray,
        partner_name: str,
        expected_steps: Sequence[int] = (),
    ) -> np.ndarray:
        """Conformal quantiles, widened to a partner's where residuals are few.

        A level whose step has fewer residuals than it needs
        (:func:`~skltsm._forecast._intervals.residuals_needed`: 9 for 0.1 and
        0.9, 39 for 0.025 and 0.975, 1 for the median) would be clipped to
        the extreme residual, an interval that covers less than it promises:
        it is instead the farther from the forecast of that residual's
        quantile and the partner's (another model's quantile around the same
        forecast), the partner's alone at a step of one residual (which has
        no spread) or of none (an expected step). Levels with enough
        residuals are the conformal ones, even at a step of one residual (its
        median). A tail that would then cross the median (one residual
        beyond the partner's tail) is moved out to it. One
        :class:`~skltsm.exceptions.CalibrationWarning` names each thin
        level's need and steps.

        Parameters
        ----------
        point, steps, scales, alpha
            As for :meth:`point_quantiles`.
        partner : ndarray of shape (n_rows, n_targets, len(alpha))
            The partner's quantiles around ``point``.
        partner_name : str
            The partner, for the warning.
        expected_steps : sequence of int, default=()
            Steps the holdout was meant to calibrate (the steps of ``fit``'s
            ``fh``, as ``fit`` recorded them): one it left without residuals
            (too short a tail) counts as zero residuals, the partner's alone;
            any other step without residuals is refused.

        Returns
        -------
        quantiles : ndarray of shape (n_rows, n_targets, len(alpha))

        Raises
        ------
        ValueError
            If a step outside ``expected_steps`` has no residuals (as
            :meth:`point_quantiles`).
        """
        steps = np.asarray(steps)
        counts = np.array([self._count(int(step), expected_steps) for step in steps])
        needed = np.array([residuals_needed(level) for level in alpha])
        thin = counts[:, None] < needed[None, :]  # rows x levels
        conformal = np.full(np.shape(partner), np.nan)  # none at a step without
        rows = counts > 0
        if rows.any():
            conformal[rows] = _shifted(
                point[rows][:, :, None], scales[rows], steps[rows], alpha,
                self._shifts_it_gives, warn_clipping=False,
            )  # fmt: skip
        # the farther of the two; the partner's where there is no conformal one
        lower = np.asarray(alpha) < 0.5
        farther = np.where(
            lower, np.fmin(conformal, partner), np.fmax(conformal, partner)
        )
        if thin.any():
            _warn_widened(steps, counts, thin, alpha, partner_name)
        return _widened_into_order(
            np.where(thin[:, None, :], farther, conformal), alpha
        )

    def head_quantiles(
        self,
        heads: np.ndarray,
        steps: np.ndarray,
        scales: np.ndarray,
        alpha: Sequence[float],
    ) -> np.ndarray:
        """Recalibrate the quantile heads' forecasts (``head_calibration``).

        ``"per_level"``: each head at ``alpha``, shifted by its own residuals
        (over the series' scale); ``"median"``: the median head, shifted by
        its residuals over the heads' width (:func:`heads_width`).

        Parameters
        ----------
        heads : ndarray of shape (n_rows, n_targets, n_levels)
            The heads' forecasts, at ``levels``.
        steps, scales, alpha
            As for :meth:`point_quantiles`.

        Returns
        -------
        quantiles : ndarray of shape (n_rows, n_targets, len(alpha))
        """
        if self.head_calibration == "per_level":
            base = interpolate_quantiles(heads, self.levels, alpha)
            quantiles = _shifted(
                base, scales, steps, alpha, self._head_shifts, advice=self._advice
            )
            order = np.argsort(alpha)  # keep them in order
            quantiles[..., order] = np.sort(quantiles[..., order], axis=-1)
            return quantiles
        median = interpolate_quantiles(heads, self.levels, [0.5])
        widths = heads_width(heads, scales)
        return _shifted(
            median, widths, steps, alpha, self._median_shifts, advice=self._advice
        )

    @property
    def _advice(self) -> str | None:
        """What gives more residuals, for the messages (``None``: one series')."""
        return pooled_advice(self.levels is not None) if self.pooled else None

    def _conformal_shifts(self, step: int, alpha, clipped) -> np.ndarray:
        """Shift of the point forecast for each level: its residuals' quantile."""
        residuals = self._residuals_of(step)
        return conformal_quantiles(
            residuals, alpha, step=step, clipped=clipped, advice=self._advice
        )

    def _shifts_it_gives(self, step: int, alpha, clipped) -> np.ndarray:
        """Conformal shifts, clipped where thin; NaN where one residual cannot give.

        A single residual gives the levels that need one (the median), and
        no spread beyond it: the others are ``NaN``, left to the partner.
        """
        residuals = self._residuals_of(step)
        if len(residuals) > 1:
            return self._conformal_shifts(step, alpha, clipped)
        shifts = np.full((len(alpha), residuals.shape[1]), np.nan)
        given = [i for i, level in enumerate(alpha) if residuals_needed(level) == 1]
        if given:
            levels = [alpha[i] for i in given]
            shifts[given] = conformal_quantiles(residuals, levels, step=step)
        return shifts

    def _head_shifts(self, step: int, alpha, clipped) -> np.ndarray:
        """Shift of each level's head: the conformal quantile of its own residuals.

        Conformalised quantile regression (Romano et al. 2019), one tail at a
        time: the residuals ``y - head`` of level ``a`` (linear between the
        trained levels, as the heads) and their quantile ``a``.
        """
        residuals = self._residuals_of(step, self.quantile_residuals)
        return np.concatenate(
            [
                conformal_quantiles(
                    interpolate_quantiles(residuals, self.levels, [a])[..., 0], [a],
                    step=step, clipped=clipped, advice=self._advice,
                )
                for a in alpha
            ]
        )  # fmt: skip

    def _median_shifts(self, step: int, alpha, clipped) -> np.ndarray:
        """Multiples of the heads' width to add to the median head, per level.

        The conformal quantiles of the median head's residuals over the
        heads' width at the holdout (:func:`median_scores`): normalised
        conformal prediction, the heads saying how uncertain each forecast is.
        """
        residuals = self._residuals_of(step, self.quantile_residuals)
        scores = median_scores(residuals, self.levels)
        return conformal_quantiles(
            scores, alpha, step=step, clipped=clipped, advice=self._advice
        )

    def _count(self, step: int, expected_steps: Sequence[int]) -> int:
        """Residuals of ``step``: 0 for an expected step the holdout left out."""
        if self.residuals is not None and step not in self.residuals:
            if step in expected_steps:
                return 0
        return len(self._residuals_of(step))

    def _residuals_of(self, step: int, residuals=None) -> np.ndarray:
        """Return the residuals of ``step``; say why when there are none."""
        residuals = self.residuals if residuals is None else residuals
        if residuals is None:
            if self.calibration_size == 0:
                raise ValueError(
                    "LSTMForecaster has no calibration residuals: it was fitted "
                    "with calibration_size=0. Fit with calibration_size > 0 for "
                    "intervals."
                )
            raise ValueError(
                "LSTMForecaster has no calibration residuals: y (on a panel, "
                "every series) was too short to hold out observations beyond the "
                "rows a model needs to fit. Use a longer series, a smaller "
                "look_back or a shorter horizon."
            )
        if step not in residuals:
            advice = (
                "Use a larger calibration_size (it must exceed the longest step)"
                if self.calibration_folds
                else "It calibrated on the windows held out for early stopping "
                "(calibration_folds=0): use a longer series, or calibration_folds "
                ">= 1 with a calibration_size exceeding the longest step,"
            )
            raise ValueError(
                f"LSTMForecaster has no calibration residuals at step {step}: the "
                f"holdout gave residuals for steps {sorted(residuals)}. It "
                "calibrates the steps of the fh passed to fit: fit with an fh "
                f"that includes step {step}. If it did, the holdout was too short: "
                f"{advice[0].lower()}{advice[1:]} or a shorter horizon."
            )
        return residuals[step]


def _shifted(
    base: np.ndarray,
    scales: np.ndarray,
    steps: np.ndarray,
    alpha: Sequence[float],
    shift_of: Callable[[int, Sequence[float], list], np.ndarray],
    *,
    warn_clipping: bool = True,
    advice: str | None = None,
) -> np.ndarray:
    """Add to ``base`` each row's scale times its step's shift of each level.

    Levels beyond a step's residuals get one warning for all the steps
    (none with ``warn_clipping=False``: the caller replaces them), with
    ``advice`` (:func:`~skltsm._forecast._intervals.conformal_quantiles`).
    """
    # one shift per step, not per row: a panel repeats each step per series
    distinct, step_of_row = np.unique(steps, return_inverse=True)
    clipped = []
    shifts = np.stack([shift_of(int(step), alpha, clipped).T for step in distinct])
    if warn_clipping:
        warn_clipped(clipped, advice)
    return base + scales[:, :, None] * shifts[step_of_row]


def _widened_into_order(quantiles: np.ndarray, alpha: Sequence[float]) -> np.ndarray:
    """Return quantiles that do not cross, by moving the crossing ones outwards.

    A conformal median beside a partner's tails may lie beyond them (one
    residual of 3, the partner's 0.9 quantile 1). Each level at or above
    one half becomes at least every lower level's quantile, each level below
    at most every higher one's: the median from the residuals is kept and
    the tail moved out to it, never in (an interval only widens).
    """
    alpha = np.asarray(alpha)
    order = np.argsort(alpha, kind="stable")
    ordered = quantiles[..., order]
    upper = alpha[order] >= 0.5
    if upper.any():
        ordered[..., upper] = np.fmax.accumulate(ordered[..., upper], axis=-1)
    if (~upper).any():
        below = ordered[..., ~upper][..., ::-1]
        if upper.any():  # none above the lowest of the upper levels either
            below[..., 0] = np.fmin(below[..., 0], ordered[..., upper][..., 0])
        ordered[..., ~upper] = np.fmin.accumulate(below, axis=-1)[..., ::-1]
    widened = np.empty_like(quantiles)
    widened[..., order] = ordered
    return widened


def _warn_widened(
    steps: np.ndarray,
    counts: np.ndarray,
    thin: np.ndarray,
    alpha: Sequence[float],
    partner_name: str,
) -> None:
    """Say which levels were widened to the partner's, where, and why."""
    by_level = {
        level: dict(zip(steps[rows].tolist(), counts[rows].tolist(), strict=True))
        for level, rows in zip(alpha, thin.T, strict=True)
        if rows.any()
    }
    warn(
        f"Too few calibration residuals: {thin_quantiles(by_level)}. Each such "
        "quantile is the farther from the forecast of the extreme residual and "
        f"{partner_name}'s Gaussian quantile, {partner_name}'s alone at a step "
        "of one residual or none; their coverage is not guaranteed. For "
        "conformal ones, use calibration_folds >= 1 with a larger "
        "calibration_size, or a longer series.",
        CalibrationWarning,
    )


def origin_scales(
    values: np.ndarray, origins: np.ndarray, scale_window: int | None
) -> np.ndarray:
    """Scale of the residuals at each origin (relative to the cutoff, <= 0).

    Parameters
    ----------
    values : ndarray of shape (n_rows, n_targets)
        One series' observations, up to the cutoff.
    origins : ndarray of int
        Forecast origins, ``0`` the cutoff, ``-1`` the row before it.
    scale_window : int or None
        ``LSTMForecaster``'s parameter; ``None``: every scale is 1.

    Returns
    -------
    scales : ndarray of shape (len(origins), n_targets)
    """
    if scale_window is None:
        return np.ones((len(origins), values.shape[1]))
    positions = np.maximum(len(values) - 1 + origins, 0)
    # floored as the calibration residuals' scales (add_forecasts)
    return local_scale(values, positions, scale_window, floor=SCALE_FLOOR)


def forecast_scales(
    y: pd.DataFrame, steps: np.ndarray, scale_window: int | None, sp: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return the step and the residuals' scale of each forecast row.

    Parameters
    ----------
    y : pandas.DataFrame
        The observations forecast from (``y_memory_``): one series, or a long
        panel whose rows are grouped by series.
    steps : ndarray of int
        One series: the steps of the forecast from its last observation,
        shape ``(n_rows,)``. A panel: each series' steps from its own last
        observation, shape ``(n_series, n_steps)``, whose rows are forecast
        series after series. ``<= 0``: observed times.
    scale_window : int or None
        ``LSTMForecaster``'s parameter; ``None``: every scale is 1.
    sp : int
        The seasonal period of a panel's scales.

    Returns
    -------
    row_steps : ndarray of int, shape (n_rows,)
        The step whose residuals calibrate each row; in-sample rows, step 1.
    scales : ndarray of shape (n_rows, n_targets)
        One series: the local scale at each row's origin
        (:func:`origin_scales`). A panel: each series' in-sample seasonal
        naive error at the cutoff (:func:`series_scales`).

    Examples
    --------
    >>> y = pd.DataFrame({"y": [0.0, 1.0, 3.0, 6.0]})
    >>> row_steps, scales = forecast_scales(y, np.array([-1, 0, 2]), 2, sp=1)
    >>> row_steps.tolist(), scales[:, 0].tolist()  # origins -2, -1 and 0
    ([1, 1, 2], [1.0, 1.5, 2.5])
    """
    if not is_panel(y):
        origins = np.minimum(steps - 1, 0)
        scales = origin_scales(y.to_numpy(), origins, scale_window)
        return np.maximum(steps, 1), scales  # in-sample: one step ahead
    scaled = scale_window is not None
    series = series_scales(y, 0, sp, scaled=scaled)
    scales = np.repeat(series, steps.shape[1], axis=0)
    return np.maximum(steps, 1).reshape(-1), scales
