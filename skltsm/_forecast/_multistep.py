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

The base class writes its training targets and its inversion for any number
of steps per row (``contract_.n_steps``); this subclass only sets that number
(the ``_n_steps`` hook), requires ``horizon=1`` and shapes its output.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from skltsm._constraints import POSITIVE_INT
from skltsm._forecast._contract import PipelineLayout
from skltsm._forecast._pipeline import ForecastPipeline

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
    the rows up to ``t - 1``. The regressor is trained on ``y`` of shape
    ``(n_samples, n_steps)`` for one target; for several, ``(n_samples,
    n_steps, n_targets)`` if it declares the ``"sequence_targets"`` capability
    (:class:`skltsm.LSTMRegressor`, vector output or encoder-decoder), else
    flattened step-major to ``(n_samples, n_steps * n_targets)``.

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
        **ForecastPipeline._parameter_constraints,
        "n_steps": [POSITIVE_INT],
    }

    def __init__(self, steps, *, target=None, n_steps: int = 1):
        super().__init__(steps, target=target)
        self.n_steps = n_steps

    @property
    def _n_steps(self) -> int:
        return self.n_steps

    def _layout(self) -> PipelineLayout:
        layout = super()._layout()
        if layout.lag.horizon != 1:
            raise ValueError(
                f"MultiStepPipeline forecasts steps 1 to n_steps={self.n_steps} "
                f"from the window that ends right before them, so its "
                f"LagTransformer needs horizon=1; got horizon={layout.lag.horizon}."
            )
        return layout

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
