"""A pretrained strategy, fed each series under the target names it learnt.

``LSTMForecaster.pretrain`` fixes the names of the target columns its
pipelines read (their ``target``, and the names of the lagged features a
scikit-learn regressor checks). ``fit`` then takes series whose variables
may be named otherwise (an unnamed ``pandas.Series`` is ``"0"``). The
forecaster keeps the user's names in its memory, so that ``update`` takes
the same series again, and wraps the strategy in :class:`RenamedTargets`,
which renames the targets, by position, of every frame it passes on.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from skltsm._forecast._strategies import StrategyWrapper

__all__ = ["RenamedTargets"]


class RenamedTargets(StrategyWrapper):
    """A fitted strategy that reads the targets under the names it learnt.

    What it does not override is the wrapped strategy's (``min_length``,
    ``fitted_pipelines``, ``calibration_steps``...).

    Parameters
    ----------
    strategy : object
        A fitted strategy (:mod:`skltsm._forecast._strategies`); its
        ``targets`` are the names the pipelines read.
    """

    def _renamed(self, y: pd.DataFrame) -> pd.DataFrame:
        return y.set_axis(self.strategy.targets, axis=1)

    def fit(self, y, X, *, continue_epochs: int | None = None) -> RenamedTargets:
        """Fit, or keep training, the wrapped strategy on ``y`` renamed."""
        self.strategy.fit(self._renamed(y), X, continue_epochs=continue_epochs)
        return self

    def forecast(self, y, X, origins, steps, *, quantiles=False) -> np.ndarray:
        """Forecast ``steps`` after each origin, ``y`` renamed."""
        return self.strategy.forecast(
            self._renamed(y), X, origins, steps, quantiles=quantiles
        )

    def forecast_ends(self, y, X, steps, *, quantiles=False) -> np.ndarray:
        """Forecast ``steps`` after the end of ``y`` (or of each series), renamed."""
        return self.strategy.forecast_ends(
            self._renamed(y), X, steps, quantiles=quantiles
        )

    def one_step_ahead(self, y, X, *, quantiles=False) -> np.ndarray:
        """In-sample one-step-ahead forecasts of ``y`` renamed."""
        return self.strategy.one_step_ahead(self._renamed(y), X, quantiles=quantiles)
