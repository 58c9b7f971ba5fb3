"""Classical seasonal adjustment around a fitted strategy, as M4's naive2 and Theta do.

:class:`SeasonalFactors` holds the seasonal index of each position of a
season, estimated on the training part by sktime's ``Deseasonalizer``
(statsmodels' classical decomposition: multiplicative for a positive series,
additive otherwise) in the adapter layer
(:func:`skltsm.sktime._default_choices.seasonal_factors`: only the adapter
imports sktime). :class:`Deseasonalised` wraps a strategy of
:mod:`skltsm._forecast._strategies`: the network learns the seasonally
adjusted series, and its forecasts are reseasonalised at the positions they
forecast. :func:`naive2_forecasts` is M4's naive2 on the same factors (a
baseline every holdout scores), and :class:`BenchmarkCombination` averages a
strategy's forecasts with a benchmark's (the default's: the Theta method,
:class:`skltsm._forecast._theta.ThetaMethod`).
``docs/adr/0022-frequency-aware-default.md`` gives the reasons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from skltsm._forecast._strategies import StrategyWrapper

__all__ = [
    "BenchmarkCombination",
    "Deseasonalised",
    "SeasonalFactors",
    "naive2_forecasts",
    "rows_before",
]


@dataclass(frozen=True, eq=False)
class SeasonalFactors:
    """Seasonal indices by position: ``factors[t % sp]`` is the index of row ``t``.

    Positions count from the first row the factors were estimated on; a
    row before it (earlier history an update brought) has a negative
    position, in the same phase (``-1 % sp`` is ``sp - 1``).

    Parameters
    ----------
    sp : int
        Seasonal period.
    model : {"multiplicative", "additive"}
        How the index combines with the adjusted series.
    factors : ndarray of shape (sp, n_targets)
        Index of rows ``0 .. sp - 1`` of the series (row 0 its first).

    Examples
    --------
    >>> import numpy as np
    >>> values = np.tile([1.0, 3.0], 8)[:, None] * np.linspace(1, 2, 16)[:, None]
    >>> factors = SeasonalFactors(2, "multiplicative", np.array([[0.5], [1.5]]))
    >>> adjusted = factors.adjust(values, np.arange(16))
    >>> np.round(adjusted[:4, 0], 2).tolist()
    [2.0, 2.13, 2.27, 2.4]
    >>> bool(np.allclose(factors.restore(adjusted, np.arange(16)), values))
    True

    :func:`skltsm.sktime._default_choices.seasonal_factors` estimates them
    with sktime's classical decomposition.
    """

    sp: int
    model: str
    factors: np.ndarray

    def at(self, positions: np.ndarray) -> np.ndarray:
        """Seasonal index of each row position, ``positions.shape + (n_targets,)``."""
        return self.factors[np.asarray(positions) % self.sp]

    def adjust(self, values: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """Remove the season from ``values`` observed at row ``positions``."""
        index = self.at(positions)
        return values / index if self.model == "multiplicative" else values - index

    def restore(self, values: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """Put the season back into adjusted ``values`` forecast at ``positions``.

        ``values`` may have a last axis more than ``positions`` has after the
        targets (quantile levels): the index then applies to each level.
        """
        index = self.at(positions)
        if values.ndim > index.ndim:
            index = index[..., None]
        return values * index if self.model == "multiplicative" else values + index

    def adjust_frame(self, y: pd.DataFrame, first: int = 0) -> pd.DataFrame:
        """Return the seasonally adjusted series, indexed as ``y``.

        ``first`` is the row of ``y`` at position 0 (see :func:`rows_before`).
        """
        values = self.adjust(y.to_numpy(np.float64), np.arange(len(y)) - first)
        return pd.DataFrame(values, index=y.index, columns=y.columns)


def rows_before(index: pd.Index, start) -> int:
    """Count the rows of ``index`` before the label ``start`` (0 for ``None``).

    Seasonal factors and the Theta method are estimated on a series whose
    first row is phase 0 and the start of the smoothing. An update without
    refitting may bring earlier history: the memory then gains rows before
    that one, and positions counted from row 0 would shift the season. The
    label of the first row fitted stays in the memory (rows are added or
    replaced, never dropped), so counting the rows before it keeps every
    position tied to its time.

    Examples
    --------
    >>> import pandas as pd
    >>> rows_before(pd.period_range("2000-01", periods=6, freq="M"),
    ...             pd.Period("2000-04", "M"))
    3
    """
    if start is None:
        return 0
    if start not in index:
        raise ValueError(
            f"The series no longer holds the first label the seasonal factors "
            f"and the Theta method were fitted from ({start}): their phase is "
            "unknown. Fit again (or update with update_params=True)."
        )
    return int(index.get_loc(start))


def naive2_forecasts(
    values: np.ndarray,
    origins: np.ndarray,
    steps: np.ndarray,
    factors: SeasonalFactors | None,
) -> np.ndarray:
    """M4's naive2: the last seasonally adjusted value, reseasonalised.

    Without factors (a series the test finds not seasonal), the naive forecast.

    Returns
    -------
    forecasts : ndarray of shape (len(origins), len(steps), n_targets)

    Examples
    --------
    >>> import numpy as np
    >>> factors = SeasonalFactors(2, "multiplicative", np.array([[0.5], [1.5]]))
    >>> values = np.array([[1.0], [3.0], [1.0], [3.0]])
    >>> naive2_forecasts(values, np.array([3]), np.array([1, 2, 3]), factors)[0, :, 0]
    array([1., 3., 1.])
    """
    origins, steps = np.asarray(origins), np.asarray(steps)
    last = values[origins].astype(np.float64)[:, None, :]
    if factors is None:
        return np.repeat(last, len(steps), axis=1)
    adjusted = factors.adjust(last, origins[:, None])
    targets = origins[:, None] + steps[None, :]
    return factors.restore(
        np.broadcast_to(adjusted, (*targets.shape, last.shape[-1])), targets
    )


class _SeriesStrategyWrapper(StrategyWrapper):
    """A strategy around another; both wrappers below forecast one series.

    ``start`` is the first label of the series the seasonal factors and the
    Theta method were estimated on, given by whoever estimated them (the
    forecaster, which counts its baselines' rows from the same label): they
    count their rows from it, whatever earlier rows the series gains later
    (:func:`rows_before`).
    """

    #: The wrappers' own attributes, never looked up on the wrapped strategy.
    _OWN = frozenset({"strategy", "factors", "benchmark", "start"})

    def __init__(self, strategy, *, start):
        super().__init__(strategy)
        self.start = start

    def _first(self, y: pd.DataFrame) -> int:
        """Row of ``y`` labelled ``start``: position 0 of the factors and Theta."""
        return rows_before(y.index, self.start)

    def forecast_ends(self, y, X, steps, *, quantiles=False) -> np.ndarray:
        """Forecast ``steps`` after the last row of ``y`` (one series)."""
        return self.forecast(y, X, [len(y) - 1], steps, quantiles=quantiles)


class Deseasonalised(_SeriesStrategyWrapper):
    """A strategy that learns the seasonally adjusted series of one series.

    ``fit`` adjusts ``y`` by ``factors`` before the wrapped strategy sees it;
    every forecast (point or quantile) is reseasonalised at the row it
    forecasts. Row positions count from the row of ``y`` labelled
    ``start``, so earlier history an update brings keeps the phase; ``y``
    must keep that label (the forecaster's memory does).

    Parameters
    ----------
    strategy : Recursive, Direct or MultiOutput
        The strategy to wrap (unfitted, or fitted on the adjusted series).
    factors : SeasonalFactors
        Seasonal indices of the series.
    start : object
        Label of the row the factors were estimated from (their position 0).
    """

    def __init__(self, strategy, factors: SeasonalFactors, *, start):
        super().__init__(strategy, start=start)
        self.factors = factors

    def fit(self, y, X, *, continue_epochs: int | None = None) -> Deseasonalised:
        """Fit the wrapped strategy on the seasonally adjusted ``y``."""
        self.strategy.fit(
            self.factors.adjust_frame(y, self._first(y)),
            X,
            continue_epochs=continue_epochs,
        )
        return self

    def forecast(self, y, X, origins, steps, *, quantiles=False) -> np.ndarray:
        """Forecast as the wrapped strategy, reseasonalised (see ``forecast``)."""
        first = self._first(y)
        adjusted = self.strategy.forecast(
            self.factors.adjust_frame(y, first), X, origins, steps, quantiles=quantiles
        )
        targets = np.asarray(origins)[:, None] + np.asarray(steps)[None, :]
        return self.factors.restore(adjusted, targets - first)

    def one_step_ahead(self, y, X, *, quantiles=False) -> np.ndarray:
        """In-sample one-step-ahead forecasts, reseasonalised."""
        first = self._first(y)
        adjusted = self.strategy.one_step_ahead(
            self.factors.adjust_frame(y, first), X, quantiles=quantiles
        )
        return self.factors.restore(adjusted, np.arange(len(y)) - first)


class BenchmarkCombination(_SeriesStrategyWrapper):
    """A strategy whose forecasts are the mean of the wrapped one's and a benchmark's.

    Combining a learnt forecast with a simple benchmark is the most reliable
    gain of the M competitions: on a short or noisy series the network's
    errors and the benchmark's are far from perfectly correlated, and their
    mean rarely does worse than the better of the two. The holdout scores,
    the conformal residuals and the intervals are those of the combination.

    Parameters
    ----------
    strategy : object
        The strategy to wrap (a :class:`Deseasonalised` one, or a plain one).
    benchmark : object
        Forecasts ``benchmark.forecast(values, origins, steps, first=first)``
        of shape ``(len(origins), len(steps), n_targets)`` from the observed
        values alone, ignoring the rows before ``first`` (history older than
        the fit's), such as :class:`skltsm._forecast._theta.ThetaMethod` (the
        default's).
    start : object
        Label of the row the benchmark was estimated from (its ``first``).
    """

    def __init__(self, strategy, benchmark, *, start):
        super().__init__(strategy, start=start)
        self.benchmark = benchmark

    def fit(self, y, X, *, continue_epochs: int | None = None) -> BenchmarkCombination:
        """Fit the wrapped strategy (the benchmark is fitted already)."""
        self.strategy.fit(y, X, continue_epochs=continue_epochs)
        return self

    def _mean(self, network: np.ndarray, benchmark: np.ndarray) -> np.ndarray:
        if network.ndim > benchmark.ndim:  # quantile levels: shifted all alike
            benchmark = benchmark[..., None]
        return (network + benchmark) / 2

    def forecast(self, y, X, origins, steps, *, quantiles=False) -> np.ndarray:
        """Forecast the mean of the wrapped strategy's forecasts and the benchmark's."""
        network = self.strategy.forecast(y, X, origins, steps, quantiles=quantiles)
        benchmark = self.benchmark.forecast(
            y.to_numpy(np.float64),
            np.asarray(origins),
            np.asarray(steps),
            first=self._first(y),
        )
        return self._mean(network, benchmark)

    def one_step_ahead(self, y, X, *, quantiles=False) -> np.ndarray:
        """In-sample one-step-ahead forecasts of the combination."""
        network = self.strategy.one_step_ahead(y, X, quantiles=quantiles)
        values = y.to_numpy(np.float64)
        benchmark = np.full(values.shape, np.nan)
        if len(values) > 1:
            origins = np.arange(len(values) - 1)
            benchmark[1:] = self.benchmark.forecast(
                values, origins, np.array([1]), first=self._first(y)
            )[:, 0]
        return self._mean(network, benchmark)
