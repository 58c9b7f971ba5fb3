"""The pipeline LSTMForecaster builds when none is given, from choices about the data.

:class:`DefaultChoices` holds what the forecaster decided from the series it
is fitted on (the seasonal period, whether the series is seasonal, the
look-back, the strategy; see :mod:`skltsm.sktime._default_choices`), and
:meth:`DefaultChoices.pipeline` turns them into a :class:`ForecastPipeline`,
:meth:`DefaultChoices.wrapped` a strategy of it into the one that forecasts.
``docs/adr/0022-frequency-aware-default.md`` gives the reasons for each.
"""

from __future__ import annotations

from dataclasses import dataclass

from skltsm._forecast._pipeline import ForecastPipeline, make_forecast_pipeline
from skltsm._forecast._seasonal import (
    BenchmarkCombination,
    Deseasonalised,
    SeasonalFactors,
)
from skltsm._forecast._theta import ThetaMethod
from skltsm._keras._regressor import LSTMRegressor
from skltsm._transform._differencer import Differencer
from skltsm._transform._lag import LagTransformer

__all__ = ["NOT_TESTED", "DefaultChoices"]


#: ``DefaultChoices.tested`` when no series is long enough for M4's test.
NOT_TESTED = "fewer than 3 seasons"


@dataclass(frozen=True)
class DefaultChoices:
    """What the default forecaster chose, and the pipeline that follows.

    Parameters
    ----------
    sp : int
        Seasonal period: from the index frequency, or the ``sp`` parameter.
    seasonal : bool
        Whether the seasonality test at lag ``sp`` found a season (on at
        least half the series tested, for a panel).
    differencing : tuple of int
        Lags of the ``Differencer`` (empty: none, as for a panel).
    look_back : int
        Observations in each window.
    strategy : str
        ``"multioutput"`` when the steps are known in ``fit``, else
        ``"recursive"``.
    n_steps : int
        Steps the multioutput network forecasts (1 for recursive).
    panel : bool
        One network for many series.
    validation_fraction : float
        Time-ordered tail of the windows held out for early stopping (and,
        for a single series, to calibrate intervals and score the naive
        forecasts).
    batch_size : int
        Windows per gradient step.
    tested : str
        What the seasonality test saw, in words; :data:`NOT_TESTED` when no
        series was long enough for it.
    seasonal_factors : SeasonalFactors or None, default=None
        The classical decomposition of a seasonal single series (its
        training part), of period ``sp``, or of a longer period that ``sp``
        divides when the series also holds that cycle (a week of hours:
        :func:`skltsm.sktime._default_choices.longer_factors`; its indices
        combine both): the network learns the seasonally adjusted series,
        and its forecasts are reseasonalised (see
        :class:`skltsm._forecast._seasonal.Deseasonalised`). ``None``: the
        network learns the series itself.
    theta : ThetaMethod or None, default=None
        The Theta method of a single series (on ``seasonal_factors``), that
        the network's forecasts are averaged with (``combine``) or that
        forecasts alone (``too_short``); ``None`` for a panel.
    combine : bool, default=False
        Forecast the mean of the network's forecasts and ``theta``'s (see
        :class:`skltsm._forecast._seasonal.BenchmarkCombination`).
    too_short : bool, default=False
        Too few training windows for a network: ``theta`` forecasts alone
        (the forecaster's ``fallback="auto"``).

    Examples
    --------
    >>> choices = DefaultChoices(sp=24, seasonal=True, differencing=(1,), look_back=48,
    ...     strategy="multioutput", n_steps=48, panel=False,
    ...     validation_fraction=0.1, batch_size=64, tested="1 series")
    >>> [name for name, _ in choices.pipeline().steps]
    ['differencer', 'lagtransformer', 'lstmregressor']
    >>> print(choices)  # doctest: +NORMALIZE_WHITESPACE
    seasonal period 24, seasonal (M4 test at lag 24 on 1 series)
    seasonal adjustment: none
    differencing: at lags [1]
    look-back: 48 observations
    strategy: multioutput, 48 steps
    network: LSTM(32), window standardisation, batch 64, learning rate 0.01, early
      stopping on the last 10% of the windows
    forecast: the network's
    """

    sp: int
    seasonal: bool
    differencing: tuple[int, ...]
    look_back: int
    strategy: str
    n_steps: int
    panel: bool
    validation_fraction: float
    batch_size: int
    tested: str
    seasonal_factors: SeasonalFactors | None = None
    theta: ThetaMethod | None = None
    combine: bool = False
    too_short: bool = False

    #: Network settings of every default (kept small: seconds per series).
    UNITS = 32
    EPOCHS = 30
    PATIENCE = 4
    #: Ten times Adam's default: a few hundred steps must reach a good fit.
    LEARNING_RATE = 0.01

    def pipeline(self) -> ForecastPipeline:
        """Build the pipeline these choices describe (new, unfitted).

        Returns
        -------
        pipeline : ForecastPipeline
            ``Differencer`` (when differencing) -> ``LagTransformer`` ->
            ``LSTMRegressor`` with each window standardised by its own inputs.
        """
        differencing = (
            [Differencer(list(self.differencing))] if self.differencing else []
        )
        return make_forecast_pipeline(
            *differencing,
            LagTransformer(look_back=self.look_back),
            LSTMRegressor(
                units=self.UNITS, epochs=self.EPOCHS, batch_size=self.batch_size,
                early_stopping=True, validation_fraction=self.validation_fraction,
                patience=self.PATIENCE, learning_rate=self.LEARNING_RATE,
                window_scaling="standard",
            ),
        )  # fmt: skip

    def wrapped(self, strategy, *, start):
        """Return a strategy of :meth:`pipeline` as these choices forecast with it.

        The network learns the series adjusted by ``seasonal_factors``
        (:class:`~skltsm._forecast._seasonal.Deseasonalised`), and with
        ``combine`` its forecasts are averaged with ``theta``'s
        (:class:`~skltsm._forecast._seasonal.BenchmarkCombination`); without
        either (a panel), the strategy is returned as it is.

        Parameters
        ----------
        strategy : object
            A strategy (:mod:`skltsm._forecast._strategies`), fitted or not.
        start : object
            The first time label fitted: the seasonal factors' phase and
            Theta's smoothing start at it, whatever rows come before later.

        Returns
        -------
        strategy : object
            ``strategy``, wrapped.
        """
        if self.seasonal_factors is not None:
            strategy = Deseasonalised(strategy, self.seasonal_factors, start=start)
        if self.combine:
            strategy = BenchmarkCombination(strategy, self.theta, start=start)
        return strategy

    def _adjustment(self) -> str:
        factors = self.seasonal_factors
        if factors is None:
            return "none"
        if factors.sp == self.sp:
            return (
                f"{factors.model} classical decomposition; the network learns the "
                "adjusted series"
            )
        # a longer cycle the test found as well (a week of hours)
        periods = (
            f"periods {self.sp} and {factors.sp}"
            if self.seasonal
            else f"period {factors.sp}"
        )
        return (
            f"{factors.model} classical decomposition at {periods};\n  the network "
            "learns the adjusted series"
        )

    def _forecast(self) -> str:
        if self.too_short:
            return (
                "Theta alone (too few windows to forecast with a network; one "
                "is\n  trained only to be scored on the holdout)"
            )
        if self.combine:
            return "the mean of the network's and Theta's"
        return "the network's"

    def __str__(self) -> str:
        verdict = "seasonal" if self.seasonal else "not seasonal"
        if self.panel:
            differencing = "none (one network for many series, windows standardised)"
        elif self.differencing:
            differencing = f"at lags {list(self.differencing)}"
        else:
            differencing = "none"
        steps = f", {self.n_steps} steps" if self.strategy == "multioutput" else ""
        test = f" (M4 test at lag {self.sp} on {self.tested})" if self.sp > 1 else ""
        if self.sp > 1 and self.tested == NOT_TESTED:
            verdict, test = f"not tested ({NOT_TESTED})", ""
        return "\n".join(
            [
                f"seasonal period {self.sp}, {verdict}{test}",
                f"seasonal adjustment: {self._adjustment()}",
                f"differencing: {differencing}",
                f"look-back: {self.look_back} observations",
                f"strategy: {self.strategy}{steps}",
                f"network: LSTM({self.UNITS}), window standardisation, batch "
                f"{self.batch_size}, learning rate {self.LEARNING_RATE}, early "
                "stopping on\n  the last "
                f"{self.validation_fraction:.0%} of the windows",
                f"forecast: {self._forecast()}",
            ]
        )
