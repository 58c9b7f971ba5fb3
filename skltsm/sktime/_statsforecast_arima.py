"""An ARIMA of fixed orders from statsforecast, as an sktime forecaster.

sktime 1.2 adapts statsforecast's ``AutoARIMA``, which searches the orders,
but not its ``ARIMA``, which fits the orders it is given. The classic
seasonal model of Box and Jenkins, the "airline" model
``(0, 1, 1)(0, 1, 1)`` on the log scale, is a partner for a global network
in a combination (ADR 0028): one fixed model a series, no search.
sktime's own fixed-order ``ARIMA`` (pmdarima, through statsmodels) fits the
same model about seven times slower (49 against 7 ms a series of M3 monthly
on this project's machine), too slow to average with a network across a
thousand series. :class:`StatsForecastARIMA` is sktime's statsforecast
adapter (the base of ``StatsForecastAutoARIMA``) pointed at ``ARIMA``.
"""

from __future__ import annotations

from sktime.forecasting.base.adapters._generalised_statsforecast import (
    _GeneralisedStatsForecastAdapter,
)

__all__ = ["StatsForecastARIMA"]


class StatsForecastARIMA(_GeneralisedStatsForecastAdapter):
    """statsforecast's ARIMA of fixed orders, as an sktime forecaster.

    The orders are fitted as given (no search), by conditional sum of squares
    for the starting values, then maximum likelihood (statsforecast's
    ``method="CSS-ML"``, as R's ``forecast::Arima``). On a panel, sktime fits
    one model a series.

    Parameters
    ----------
    order : tuple of int, default=(0, 0, 0)
        Non-seasonal orders ``(p, d, q)``: autoregressive terms, differences,
        moving-average terms.
    seasonal_order : tuple of int, default=(0, 0, 0)
        Seasonal orders ``(P, D, Q)``, at lags of ``season_length``.
    season_length : int, default=1
        Steps per season (12 for monthly data).
    include_mean : bool, default=True
        Estimate a mean where the model has no difference.
    include_drift : bool, default=False
        Estimate a linear drift where the model has one difference.

    See Also
    --------
    sktime.forecasting.statsforecast.StatsForecastAutoARIMA :
        Searches the orders.
    sktime.forecasting.arima.ARIMA : The same fixed orders through pmdarima.

    Notes
    -----
    The estimation method is fixed on purpose: in statsforecast 2.1.1,
    ``method="CSS"`` forecasts 0 for the airline model of the log airline
    series, and ``method="ML"`` stops at a convergence warning with forecasts
    1 to 7 % below the others; ``"CSS-ML"`` gives 450.2, 425.7 and 479.6
    passengers for January to March 1961, sktime's pmdarima ``ARIMA`` of the
    same orders 450.4, 425.7 and 479.0.

    Examples
    --------
    The airline model: the log of the series, one difference at lag 1 and one
    at lag 12, a moving-average term at each.

    >>> import numpy as np
    >>> from sktime.datasets import load_airline
    >>> from sktime.forecasting.compose import TransformedTargetForecaster
    >>> from sktime.transformations.series.boxcox import LogTransformer
    >>> from skltsm.sktime import StatsForecastARIMA
    >>> airline = TransformedTargetForecaster([
    ...     ("log", LogTransformer()),
    ...     ("arima", StatsForecastARIMA(
    ...         order=(0, 1, 1), seasonal_order=(0, 1, 1), season_length=12)),
    ... ])
    >>> forecast = airline.fit(load_airline()).predict(fh=[1, 2, 3])
    >>> np.round(forecast.to_numpy(), 1)
    array([450.2, 425.7, 479.6])
    """

    _tags = {
        "authors": ["skltsm developers"],
        "capability:exogenous": False,  # its X: one forecast a row, not a step of fh
        "capability:pred_int": True,
        "capability:pred_int:insample": True,
        "python_dependencies": ["statsforecast>=2.0,<3"],
    }

    def __init__(
        self,
        order: tuple[int, int, int] = (0, 0, 0),
        seasonal_order: tuple[int, int, int] = (0, 0, 0),
        season_length: int = 1,
        include_mean: bool = True,
        include_drift: bool = False,
    ):
        self.order = order
        self.seasonal_order = seasonal_order
        self.season_length = season_length
        self.include_mean = include_mean
        self.include_drift = include_drift
        super().__init__()

    def _fit(self, y, X, fh):
        """Fit the orders to ``y``; a series too short for them is a clear error."""
        try:
            return super()._fit(y, X, fh)
        except ValueError as error:
            if "Not enough data" not in str(error):
                raise
            differences = self.order[1] + self.seasonal_order[1] * self.season_length
            raise ValueError(
                f"{type(self).__name__}(order={self.order}, seasonal_order="
                f"{self.seasonal_order}, season_length={self.season_length}) cannot "
                f"be fitted to a series of {len(y)} values: its differences alone "
                f"take {differences}, and statsforecast needs more left to estimate "
                "the terms. Give a longer series, or lower orders."
            ) from error

    def _get_statsforecast_class(self):
        """Return statsforecast's fixed-order ``ARIMA``."""
        from statsforecast.models import ARIMA

        return ARIMA

    def _get_statsforecast_params(self) -> dict:
        """Return the parameters of statsforecast's ``ARIMA`` (method fixed)."""
        return {
            "order": tuple(self.order),
            "seasonal_order": tuple(self.seasonal_order),
            "season_length": self.season_length,
            "include_mean": self.include_mean,
            "include_drift": self.include_drift,
            "method": "CSS-ML",
        }

    @classmethod
    def get_test_params(cls, parameter_set: str = "default") -> list[dict]:
        """Return parameters of the instances sktime's tests build.

        Parameters
        ----------
        parameter_set : str, default="default"
            Name of the set (only ``"default"``).

        Returns
        -------
        params : list of dict
            A white-noise mean, and a seasonal airline model of season 4.
        """
        del parameter_set
        return [
            {},
            {"order": (0, 1, 1), "seasonal_order": (0, 1, 1), "season_length": 4},
        ]
