"""Multiplicative seasonal adjustment of each series that allows it.

A multiplicative decomposition divides by seasonal indices estimated from
ratios, so it needs positive values: sktime's ``ConditionalDeseasonalizer``
with ``model="multiplicative"`` refuses a series with a zero month, and a
panel of hundreds of series (Tourism: 61 of 366 with a zero) is then left
seasonal as a whole. :class:`PositiveDeseasonalizer` decides per series:
sktime's ``ConditionalDeseasonalizer`` (its seasonality test at lag ``sp``,
then the classical multiplicative decomposition) for a series whose values
are all positive, the series unchanged otherwise. sktime fits it series by
series on a panel (``scitype:instancewise``), so in a
``TransformedTargetForecaster`` one global network learns the adjusted
series and the unchanged ones together, and each forecast is reseasonalised
with its own series' indices. ADR 0026 gives the measurements.

sktime's loop pairs the series of a panel with the transformers fitted on
them by position; this one pairs them by key (as ``LSTMForecaster``'s local
pooling does, ADR 0009's amendments), so that a panel in another order, or
some of the series fitted, is adjusted with each series' own indices.
"""

from __future__ import annotations

import pandas as pd
from sktime.datatypes import VectorizedDF
from sktime.transformations.base import BaseTransformer
from sktime.transformations.series.detrend import ConditionalDeseasonalizer

from skltsm._constraints import POSITIVE_INT, validate_params
from skltsm._series._panel import is_panel
from skltsm._series._time_index import infer_step, step_name, steps_apart
from skltsm.sktime._not_fitted import RaisesSklearnNotFitted
from skltsm.sktime._series_loop import (
    fitted_in_loop_order,
    series_keys,
    with_plain_keys,
)

__all__ = ["PositiveDeseasonalizer"]


class PositiveDeseasonalizer(RaisesSklearnNotFitted, BaseTransformer):
    """Deseasonalise multiplicatively each series whose values are all positive.

    Parameters
    ----------
    sp : int, default=1
        Seasonal period (12 for monthly data); 1 leaves every series as is.

    Attributes
    ----------
    adjusted_ : bool
        Whether the series was all positive, so adjusted (sktime's
        ``ConditionalDeseasonalizer`` may still find no seasonality in it and
        leave it as is). On a panel, sktime keeps one fitted transformer per
        series in ``transformers_``.
    deseasonalizer_ : ConditionalDeseasonalizer or None
        The fitted multiplicative adjustment of an all-positive series,
        fitted on the series labelled by position (0, 1, 2, ...), so that
        each row's place in the season is counted in steps of the series,
        whatever its time labels (month starts, integers by 2).
    first_label_ : pandas.Index
        The first time label of an all-positive series fitted.
    step_ : int, pandas.DateOffset or pandas.Timedelta
        The step between its labels.

    See Also
    --------
    sktime.transformations.series.detrend.ConditionalDeseasonalizer :
        The adjustment applied to each positive series.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from skltsm.sktime import PositiveDeseasonalizer
    >>> months = pd.period_range("2000-01", periods=48, freq="M")
    >>> season = 1 + 0.5 * np.sin(np.arange(48) * np.pi / 6)
    >>> panel = pd.concat(
    ...     [pd.DataFrame({"y": 100 * season}, index=months),
    ...      pd.DataFrame({"y": np.r_[0.0, 100 * season[1:]]}, index=months)],
    ...     keys=["positive", "with a zero"], names=["series", "time"])
    >>> adjusted = PositiveDeseasonalizer(sp=12).fit_transform(panel)
    >>> adjusted.loc["positive", "y"].round(6).unique()  # the season divided out
    array([100.])
    >>> adjusted.loc["with a zero"].equals(panel.loc["with a zero"])
    True
    """

    _tags = {
        "authors": ["skltsm developers"],
        "scitype:transform-input": "Series",
        "scitype:transform-output": "Series",
        "scitype:instancewise": True,
        "X_inner_mtype": "pd.Series",
        "y_inner_mtype": "None",
        "capability:multivariate": False,
        "capability:categorical_in_X": False,
        "python_dependencies": "statsmodels",
        "fit_is_empty": False,
        "capability:inverse_transform": True,
        "transform-returns-same-time-index": True,
    }

    _parameter_constraints: dict = {"sp": [POSITIVE_INT]}

    def __init__(self, sp: int = 1):
        self.sp = sp
        super().__init__()

    def _fit(self, X: pd.Series, y=None) -> PositiveDeseasonalizer:
        validate_params(self)
        self.deseasonalizer_ = None
        if (X > 0).all():
            self.first_label_ = X.index[:1]
            self.step_ = infer_step(X.index, what="X")
            deseasonalizer = ConditionalDeseasonalizer(
                sp=self.sp, model="multiplicative"
            )
            self.deseasonalizer_ = deseasonalizer.fit(self._by_position(X))
        return self

    def _by_position(self, X: pd.Series) -> pd.Series:
        """Label ``X`` by its rows' steps from the first row fitted.

        sktime's decomposition reads a row's place in the season from its
        label's distance to the first label fitted, in units of the index's
        frequency: right for periods and for integers 0, 1, 2, ..., but
        month starts (``MS``), integers by 2 and the like took the season of
        other months. Counted in steps, every index gets its own.
        """
        try:
            steps = steps_apart(self.first_label_, X.index, self.step_)[0]
        except ValueError as error:  # labels off the grid of the series fitted
            raise ValueError(
                f"{type(self).__name__}: {error} The series fitted has a step of "
                f"{step_name(self.step_)} between its labels. "
                + _off_grid_advice(X.index)
            ) from None
        return X.set_axis(pd.Index(steps))

    @property
    def adjusted_(self) -> bool:
        """Whether the series was all positive, so adjusted (see the class)."""
        self.check_is_fitted()  # NotFittedError, not the attribute's absence
        return self.deseasonalizer_ is not None

    def _transform(self, X: pd.Series, y=None) -> pd.Series:
        if _is_panel(X):  # after a fit on one series: its indices only
            raise self._fitted_on_one_series("transform")
        if self.deseasonalizer_ is None:
            return X
        return self.deseasonalizer_.transform(self._by_position(X)).set_axis(X.index)

    def _inverse_transform(self, X: pd.Series, y=None) -> pd.Series:
        if _is_panel(X):
            raise self._fitted_on_one_series("inverse_transform")
        if self.deseasonalizer_ is None:
            return X
        adjusted = self._by_position(X)
        return self.deseasonalizer_.inverse_transform(adjusted).set_axis(X.index)

    def _fitted_on_one_series(self, methodname: str) -> ValueError:
        """Return the error for a panel passed after a fit on one series."""
        return ValueError(
            f"X passed to {methodname} is a panel, but {type(self).__name__} "
            "was fitted on one series: it holds that series' seasonal indices "
            "only. Fit it on the panel to adjust each of its series with its "
            "own, or pass that one series."
        )

    def _vectorize(self, methodname: str, **kwargs):
        """Run sktime's loop over series, each with the transformer fitted on it.

        sktime walks the series of ``X`` and the fitted transformers side by
        side, by position: a panel in another order would take another
        series' seasonal indices, and one with a series never fitted whatever
        indices sit at its position. The loop is therefore given the
        transformers of ``X``'s series, in ``X``'s order. (A loop over the
        columns of one series only, without series keys, is sktime's.)
        """
        if methodname == "fit":  # once, not in the loop over the series
            validate_params(self)
        if series_keys(kwargs["X"]) is None:
            return super()._vectorize(methodname, **kwargs)
        # keys as plain values: a categorical level's unused categories
        # would otherwise be fitted as empty series
        kwargs["X"] = with_plain_keys(kwargs["X"], "X")
        if methodname == "fit":
            return super()._vectorize(methodname, **kwargs)
        if "transformers_" not in vars(self):  # fitted on one series
            raise self._fitted_on_one_series(methodname)

        def refusal(unknown: list) -> ValueError:
            return ValueError(
                f"X passed to {methodname} has the series {unknown}, which "
                f"{type(self).__name__} was not fitted on: it keeps the seasonal "
                "indices of each series it was fitted on, by key. Fit it on a "
                "panel with these series too, or pass only the fitted ones."
            )

        # the whole table comes back after the loop: update learns nothing
        # (the indices are fitted once), so no row of it is replaced
        keys = series_keys(kwargs["X"])
        with fitted_in_loop_order(self, "transformers_", keys, refusal):
            return super()._vectorize(methodname, **kwargs)

    @classmethod
    def get_test_params(cls, parameter_set: str = "default") -> list[dict]:
        """Return the parameters of the instances sktime's checks run.

        Parameters
        ----------
        parameter_set : str, default="default"
            Unused: one set.

        Returns
        -------
        params : list of dict
            A non-seasonal and a seasonal period.
        """
        return [{"sp": 1}, {"sp": 4}]


def _off_grid_advice(labels: pd.Index) -> str:
    """Say how to label a series whose labels are off the grid fitted."""
    if pd.api.types.is_integer_dtype(labels.dtype):
        # sktime steps an integer index by 1 from the cutoff, whatever its step
        return (
            "sktime labels the forecasts of integer-indexed series one apart; "
            "label the series 0, 1, 2, ... (y.reset_index(drop=True)) or by periods."
        )
    return "Pass rows on the time grid of the series fitted."


def _is_panel(X) -> bool:
    """Whether sktime passed a panel: its loop over series, or a long series."""
    return isinstance(X, VectorizedDF) or is_panel(X)
