"""MultiStepPipeline: one window forecasts several steps at once (vector output).

The ``"multioutput"`` strategy of :class:`skltsm.sktime.LSTMForecaster` trains
one network whose output is the vector of the next ``n_steps`` values. This
pipeline is the :class:`skltsm.ForecastPipeline` that feeds it: the steps
before the ``LagTransformer`` are fitted and run as in the base class, but the
training target of the window that ends at ``t - 1`` holds, for every step
``h = 1 .. n_steps``, the target that a ``horizon=h`` pipeline would learn for
row ``t + h - 1``. With a ``Differencer`` that is the change from the last
observed level (``y[t+h-1] - y[t-1]`` for lag 1), so each step is inverted
with actual levels that were known at ``t - 1`` only.
"""

from __future__ import annotations

from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.utils._param_validation import Interval

from skltsm._forecast import _target_path
from skltsm._forecast._pipeline import ForecastPipeline
from skltsm._keras._base import KerasSequenceEstimator

__all__ = ["MultiStepPipeline"]


class MultiStepPipeline(ForecastPipeline):
    """A ForecastPipeline whose row ``t`` forecasts ``t, ..., t + n_steps - 1``.

    Parameters
    ----------
    steps : list of (str, estimator) tuples
        As for :class:`skltsm.ForecastPipeline`; the ``LagTransformer`` must
        have ``horizon=1`` (the window ends right before the first step).
    target : str, int, list or None, default=None
        Column(s) of ``X`` holding the target's history.
    n_steps : int, default=1
        Number of consecutive steps each window forecasts.

    Attributes
    ----------
    warmup_ : int
        Rows of history one row's forecasts need.

    Notes
    -----
    :meth:`predict` returns, for each row ``t`` of ``X``, a DataFrame row whose
    columns ``(target, step)`` hold the forecast of ``t + step - 1`` made from
    the rows up to ``t - 1``. The regressor must accept ``y`` of shape
    ``(n_samples, n_steps)`` (one target) or ``(n_samples, n_steps,
    n_targets)``, as :class:`skltsm.LSTMRegressor` does (vector output or
    encoder-decoder).

    Examples
    --------
    >>> from sklearn.preprocessing import MinMaxScaler
    >>> from skltsm import Differencer, LagTransformer, LSTMRegressor
    >>> from skltsm.datasets import load_airline
    >>> y = load_airline()
    >>> pipe = MultiStepPipeline(
    ...     [("diff", Differencer()), ("scale", MinMaxScaler((-1, 1))),
    ...      ("lag", LagTransformer(12)),
    ...      ("net", LSTMRegressor(units=4, epochs=2, random_state=0))],
    ...     n_steps=3,
    ... ).fit(y.to_frame(), y)
    >>> pipe.predict(y.to_frame().iloc[-2:]).shape  # 2 rows x 3 steps
    (2, 3)
    """

    _parameter_constraints: dict = {
        "n_steps": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(self, steps, *, target=None, n_steps: int = 1):
        super().__init__(steps, target=target)
        self.n_steps = n_steps

    def _parts(self):
        self._validate_params()
        before, lag, after, regressor = super()._parts()
        if lag.horizon != 1:
            raise ValueError(
                f"MultiStepPipeline forecasts steps 1 to n_steps={self.n_steps} "
                f"from the window that ends right before them, so its "
                f"LagTransformer needs horizon=1; got horizon={lag.horizon}."
            )
        return before, lag, after, regressor

    def _warmup(self, before, lag) -> int:
        differencers = [step for step in before if _target_path.is_differencing(step)]
        # step h is inverted at row t + h - 1 with levels from >= h rows before it
        target_order = max(
            sum(sum(step.forecast_lags(h)) for step in differencers) - (h - 1)
            for h in range(1, self.n_steps + 1)
        )
        return max(super()._warmup(before, lag), target_order)

    def _training_pairs(self, frame, columns, y_is_1d):
        before, lag, after, regressor = self._parts()
        frames = self._pre_lag_frames(before, frame, columns, fit=True)
        windows, rows = self._complete_windows(
            lag, after, regressor, frames[-1], fit=True
        )
        targets = self._step_targets(before, frames, columns)[rows]
        known = np.isfinite(targets).reshape(len(rows), -1).all(axis=1)
        if not known.any():
            raise ValueError(
                f"X has {len(frame)} rows: none of its windows is followed by "
                f"n_steps={self.n_steps} known target values. Use a longer "
                "series or fewer steps."
            )
        return windows[known], _training_y(targets[known], regressor)

    def _step_targets(self, before, frames, columns) -> np.ndarray:
        """Return training targets ``(n_rows, n_steps, n_targets)`` (window: to t-1)."""
        n_rows = len(frames[0])
        targets = np.full((n_rows, self.n_steps, len(columns)), np.nan)
        for h in range(1, self.n_steps + 1):
            step_target = _target_path.forward(before, frames, columns, h)[-1]
            targets[: n_rows - h + 1, h - 1] = step_target[h - 1 :]
        return targets

    def _predict_context(self, context: pd.DataFrame) -> np.ndarray:
        """Levels ``(len(context), n_steps * n_targets)``, step-major columns."""
        before, lag, after, regressor = self._parts()
        columns = self._target_positions_
        n_rows, n_steps, n_targets = len(context), self.n_steps, len(columns)
        # the last row's later steps are inverted on rows past the context
        padding = pd.DataFrame(
            np.nan, index=range(n_steps - 1), columns=context.columns
        )
        extended = pd.concat(
            [context.reset_index(drop=True), padding], ignore_index=True
        )
        frames = self._pre_lag_frames(before, extended, None, fit=False)
        windows, rows = self._complete_windows(
            lag, after, regressor, frames[-1], fit=False
        )
        rows = rows[rows < n_rows]
        levels = np.full((n_rows, n_steps, n_targets), np.nan)
        if not len(rows):
            return levels.reshape(n_rows, -1)
        predicted = np.asarray(regressor.predict(windows[: len(rows)]), np.float64)
        predicted = predicted.reshape(len(rows), n_steps, n_targets)
        for h in range(1, n_steps + 1):
            path = _target_path.forward(before, frames, columns, h)
            step = np.full((len(extended), n_targets), np.nan)
            step[rows + h - 1] = predicted[:, h - 1]
            inverted = _target_path.inverse(step, before, frames, path, columns, h)
            levels[rows, h - 1] = inverted[rows + h - 1]
        return levels.reshape(n_rows, -1)

    def _as_output(self, levels: np.ndarray, index: pd.Index, is_pandas: bool):
        n_targets = len(self.target_columns_)
        if not is_pandas:
            shaped = levels.reshape(len(levels), self.n_steps, n_targets)
            return shaped[:, :, 0] if self._y_is_1d else shaped
        names = pd.MultiIndex.from_product(
            [range(1, self.n_steps + 1), self.target_columns_], names=["step", "target"]
        )
        frame = pd.DataFrame(levels, index=index, columns=names)
        return frame.droplevel("target", axis=1) if self._y_is_1d else frame

    def score(self, X, y, sample_weight=None, **params):
        """Not defined: each row holds several forecasts.

        Parameters
        ----------
        X, y, sample_weight, **params
            Ignored.

        Raises
        ------
        NotImplementedError
            Always; score each step's column of :meth:`predict` instead.
        """
        raise NotImplementedError(
            "MultiStepPipeline.predict gives n_steps forecasts per row; score each "
            "step's column against the target it forecasts instead."
        )


def _training_y(targets: np.ndarray, regressor) -> np.ndarray:
    """``(n, steps)`` for one target; ``(n, steps, targets)`` for our networks.

    Other regressors get several targets flattened step-major, ``(n, steps *
    targets)``, since scikit-learn's take 2-D ``y`` only.
    """
    n_samples, _, n_targets = targets.shape
    if n_targets == 1:
        return targets[:, :, 0]
    if isinstance(regressor, KerasSequenceEstimator):
        return targets
    return targets.reshape(n_samples, -1)
