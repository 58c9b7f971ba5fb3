"""The contract between a forecast pipeline and whatever drives it.

A :class:`skltsm.ForecastPipeline` is driven by more than ``predict``: the
multi-step strategies, the batched recursion and the calibration of intervals
(:mod:`skltsm._forecast._strategies`, :mod:`skltsm._forecast._recursion`) ask
a fitted pipeline for forecasts of contexts they assemble themselves. This
module is the whole of what they may rely on:

* :class:`PipelineLayout` -- the steps by role, validated once. Drivers ask it
  before fitting how many rows a pipeline needs (:meth:`PipelineLayout.min_rows`).
* :class:`ForecastContract` -- what a *fitted* pipeline promises
  (``pipeline.contract_``): the columns its frames must have, where the target
  columns are, the horizon, the rows of history one forecast reads, and how
  many steps each row forecasts.
* ``pipeline.forecast_rows(context)`` -- the one call: forecast every row of
  a frame with the contract's columns from its own earlier rows, in the units
  of ``y``, shape ``(len(context), n_steps * n_targets)``, NaN where a row has
  fewer than ``warmup`` rows before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sklearn.base import is_regressor

from skltsm._capabilities import LAGGED_WINDOWS, has_capability
from skltsm._forecast import _target_path
from skltsm._transform._lag import LagTransformer

__all__ = ["ForecastContract", "PipelineLayout"]


@dataclass(frozen=True)
class PipelineLayout:
    """The steps of a forecast pipeline by the role they play.

    Parameters
    ----------
    before : tuple of transformers
        Steps before the ``LagTransformer``; the target travels through them
        and back (differencing, scaling, log).
    lag : LagTransformer
        The step that makes the windows.
    after : tuple of transformers
        Steps between the ``LagTransformer`` and the regressor; they see the
        windows only.
    regressor : regressor
        The last step.

    Examples
    --------
    >>> from sklearn.linear_model import LinearRegression
    >>> from skltsm import Differencer, LagTransformer
    >>> layout = PipelineLayout.of(
    ...     [("d", Differencer([1, 12])), ("lag", LagTransformer(3)),
    ...      ("lr", LinearRegression())]
    ... )
    >>> layout.warmup(), layout.min_rows()
    (16, 17)
    """

    before: tuple
    lag: LagTransformer
    after: tuple
    regressor: Any

    @classmethod
    def of(cls, steps: list) -> PipelineLayout:
        """Sort ``steps`` (a Pipeline's ``(name, estimator)`` list) by role.

        Raises
        ------
        ValueError
            If there is not exactly one ``LagTransformer`` before the last step.
        TypeError
            If the last step is not a regressor, or a step before the
            ``LagTransformer`` cannot be inverted.
        """
        estimators = [est for _, est in steps if est not in (None, "passthrough")]
        lag_positions = [
            i for i, est in enumerate(estimators) if isinstance(est, LagTransformer)
        ]
        if len(lag_positions) != 1 or lag_positions[0] == len(estimators) - 1:
            raise ValueError(
                "A ForecastPipeline needs exactly one LagTransformer before the "
                f"regressor, so that row t only sees rows up to t - horizon; got "
                f"{len(lag_positions)} in {[name for name, _ in steps]}."
            )
        regressor = estimators[-1]
        if not is_regressor(regressor):
            raise TypeError(
                "The last step of a ForecastPipeline must be a regressor; got "
                f"{type(regressor).__name__}."
            )
        at = lag_positions[0]
        for step in estimators[:at]:
            _check_invertible_type(step)
        # the warmup reads look_back and horizon before the lag is fitted
        estimators[at]._validate_params()
        return cls(
            before=tuple(estimators[:at]),
            lag=estimators[at],
            after=tuple(estimators[at + 1 : -1]),
            regressor=regressor,
        )

    @property
    def differencers(self) -> tuple:
        """The steps before the lag that follow the differencing protocol."""
        return tuple(step for step in self.before if _target_path.is_differencing(step))

    @property
    def streams_windows(self) -> bool:
        """Whether the regressor reads the lag's windows streamed, not materialised."""
        return not self.after and has_capability(self.regressor, LAGGED_WINDOWS)

    def warmup(self, n_steps: int = 1) -> int:
        """Rows of history the forecasts of one row need (from parameters only).

        Parameters
        ----------
        n_steps : int, default=1
            Consecutive steps each row forecasts: step ``h`` of row ``t`` is
            the forecast of row ``t + h - 1``, ``horizon + h - 1`` rows after
            the window's last row, inverted with levels from before it.
        """
        horizon = self.lag.horizon
        input_order = sum(sum(d.forecast_lags(1)) for d in self.differencers)
        window = input_order + self.lag.look_back + horizon - 1
        target = max(
            sum(sum(d.forecast_lags(horizon + h)) for d in self.differencers) - h
            for h in range(n_steps)
        )
        return max(window, target)

    def min_rows(self, n_steps: int = 1) -> int:
        """Rows needed to fit: one row's history and its ``n_steps`` targets."""
        return self.warmup(n_steps) + n_steps


@dataclass(frozen=True)
class ForecastContract:
    """What a fitted forecast pipeline promises whoever drives it.

    Parameters
    ----------
    columns : tuple of str
        The columns, in order, of the frames the pipeline forecasts from.
    targets : tuple of int
        Positions of the target columns among ``columns``.
    target_names : tuple of str
        Their names.
    horizon : int
        Rows from a window's last row to the first row it forecasts.
    warmup : int
        Rows before a row that its forecasts read; rows with fewer get NaN.
    n_steps : int
        Consecutive steps each row forecasts (the output has
        ``n_steps * len(targets)`` columns, step-major).
    """

    columns: tuple[str, ...]
    targets: tuple[int, ...]
    target_names: tuple[str, ...]
    horizon: int
    warmup: int
    n_steps: int = 1

    @property
    def origin_history(self) -> int:
        """Rows up to a forecast's origin (the window's last row) that it reads.

        The forecasts of the row ``horizon`` rows after the origin read the
        ``warmup`` rows before that row, of which the last ``horizon - 1``
        come after the origin: by the row convention their target is not
        read (future rows hold NaN there), so a series as long as this is
        forecast from its end. Less than ``warmup`` for a horizon over 1.
        """
        return self.warmup - self.horizon + 1


def _check_invertible_type(step) -> None:
    if _target_path.is_differencing(step) or hasattr(step, "inverse_transform"):
        return
    raise TypeError(
        f"{type(step).__name__} comes before the LagTransformer, so it "
        "transforms the target, but it has no inverse_transform to "
        "bring predictions back to the units of y. Use an invertible "
        "transformer (e.g. FunctionTransformer(func, inverse_func)) or "
        "move it after the LagTransformer."
    )
