"""An ARIMA of fixed orders from statsforecast, as an sktime forecaster.

sktime 1.2 adapts statsforecast's ``AutoARIMA``, which searches the orders,
but not its ``ARIMA``, which fits the orders it is given. The classic
seasonal model of Box and Jenkins, the "airline" model
``(0, 1, 1)(0, 1, 1)`` on the log scale, is a partner for a global network
in a combination (ADR 0028): one fixed model a series, no search.
sktime's own fixed-order ``ARIMA`` (pmdarima, through statsmodels) fits the
same model about seven times slower (134 against 19 ms a series, fit and
forecast one series at a time, on 102 of M3's monthly series, logs, one
core), too slow to average with a network across a thousand series.
:class:`StatsForecastARIMA` is sktime's statsforecast adapter (the base of
``StatsForecastAutoARIMA``) pointed at ``ARIMA``.

A panel is not handed to sktime's loop over series: the whole panel goes to
one ``StatsForecast`` call, on ``n_jobs`` processes, and the forecasts of
every series come from its fitted models in one pass. On the logs of M3's
1,428 monthly series, fit and forecast of 18 months took 21.0 s through
sktime's loop, 15.9 s in one call and 8.7 s on two processes (ADR 0028,
amendment).
"""

from __future__ import annotations

import multiprocessing
import warnings
from numbers import Integral

import joblib
import numpy as np
import pandas as pd
from sklearn.utils._param_validation import Options
from sktime.forecasting.base import ForecastingHorizon
from sktime.forecasting.base.adapters._generalised_statsforecast import (
    _GeneralisedStatsForecastAdapter,
)

from skltsm._constraints import (
    ARIMA_ORDER,
    POSITIVE_INT,
    as_int_tuple,
    validate_params,
)
from skltsm._series._panel import panel_index
from skltsm._series._time_index import infer_step
from skltsm.sktime._arima_inputs import (
    FIT_ERRORS,
    Standardisation,
    in_units_of_series,
    intercept_terms,
    minimum_length,
    series_that_fail,
    series_with_infinite_values,
)
from skltsm.sktime._moving_cutoff import MovingCutoffLoop
from skltsm.sktime._not_fitted import RaisesSklearnNotFitted
from skltsm.sktime._panel_horizon import index_from_each_end, steps_from_each_end
from skltsm.sktime._panel_residuals import PanelResiduals
from skltsm.sktime._rollback import PredictsAllOrNothing

__all__ = ["StatsForecastARIMA"]


class StatsForecastARIMA(
    RaisesSklearnNotFitted,
    PredictsAllOrNothing,
    PanelResiduals,
    MovingCutoffLoop,
    _GeneralisedStatsForecastAdapter,
):
    """statsforecast's ARIMA of fixed orders, as an sktime forecaster.

    The orders are fitted as given (no search), by conditional sum of squares
    for the starting values, then maximum likelihood (statsforecast's
    ``method="CSS-ML"``, as R's ``forecast::Arima``). On a panel (sktime's
    ``pd-multiindex`` or ``pd_multiindex_hier``), one model a series, all
    fitted by one ``StatsForecast`` call on ``n_jobs`` processes; a relative
    ``fh`` counts from each series' own end, as sktime's loop over series
    does.

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
    n_jobs : int, default=1
        Processes that fit a panel's series (``-1``: every core the process
        may use); a single series is one fit. Inside a daemonic worker (for
        example of ``multiprocessing``), which cannot start processes, the
        panel is fitted in the worker itself.

    Attributes
    ----------
    models_ : pandas.Series of statsforecast.models.ARIMA
        On a panel, the fitted model of each series, indexed by its key. (A
        single series' fitted values are copied onto the forecaster, as
        sktime's statsforecast adapters do.) Each describes its series in
        the units of ``y`` (coefficients, ``sigma2``, likelihood and
        information criteria, residuals), whatever units it was fitted in.
    standardisation_ : pandas.DataFrame
        Each series' ``shift`` and ``scale`` (columns; indexed by series on
        a panel, one row for a single series): what statsforecast fitted,
        ``(y - shift) / scale``, before the model was described in the units
        of ``y``. With a mean, each series' mean and standard deviation; with
        a drift and no mean, 0 and the standard deviation; otherwise 0 and 1,
        the series as given (see Notes).

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

    statsforecast 2.1.1's estimation is mended or guarded here (ADR 0028's
    2026-12-07 amendment). Its optimiser ignores R's ``parscale``, so an
    intercept was searched in steps fixed in the series' units, and a series
    of 1e-4 with a spread of 1e-5 lost its AR or MA term. An ARIMA is the
    same model of the series scaled (and, with a mean, shifted), so a model
    with a mean or a drift is fitted to each series standardised, then
    described in the series' units, so that statsforecast's own forecasts,
    intervals and fitted values, and its ``aic``, are the series'. What it
    cannot fit is a ``ValueError`` before it runs (series shorter than the
    differences and autoregressive lags it conditions on, infinite values
    such as a zero under a log in front) or after (a fit that fails inside
    statsforecast, for example an explosive starting estimate on a short
    series, or a drift on a straight line), naming the series.

    :meth:`update` with ``update_params=False`` (or with sktime's
    ``remember_data`` config off; it is on by default here, also after sktime
    1.3 turns sktime's default off) does not use the new observations: the
    models stay as fitted, and each series' forecasts are the numbers it
    forecast before the update, labelled from its new end (``fh=1`` after
    the update is the one-step forecast from the old end, not from the last
    new observation; points, intervals alike). sktime's
    ``StatsForecastAutoARIMA`` does the same for one series. For forecasts
    from the new observations, update with ``update_params=True`` (a refit
    on the whole history).

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

    On a panel, every series gets its own model and its forecasts from its own
    end:

    >>> import pandas as pd
    >>> months = load_airline().to_numpy()
    >>> panel = pd.concat(
    ...     {"short": pd.Series(months[:120]), "long": pd.Series(months)},
    ...     names=["series", "month"],
    ... ).to_frame("passengers")
    >>> arima = StatsForecastARIMA((0, 1, 1), (0, 1, 1), season_length=12)
    >>> arima.fit(panel, fh=[1]).predict().index.tolist()
    [('short', 120), ('long', 144)]
    """

    _parameter_constraints: dict = {
        "order": [ARIMA_ORDER],
        "seasonal_order": [ARIMA_ORDER],
        "season_length": [POSITIVE_INT],
        "include_mean": ["boolean"],
        "include_drift": ["boolean"],
        "n_jobs": [POSITIVE_INT, Options(Integral, {-1})],
    }

    # a panel's refitting update reads the history sktime stores; sktime 1.3
    # turns that store off by default, so it is kept on here explicitly
    _config = {"remember_data": True}

    _tags = {
        "authors": ["skltsm developers"],
        "capability:exogenous": False,  # its X: one forecast a row, not a step of fh
        "capability:pred_int": True,
        "capability:pred_int:insample": True,
        "y_inner_mtype": ["pd.Series", "pd-multiindex", "pd_multiindex_hier"],
        "python_dependencies": ["statsforecast>=2.0,<3"],
    }

    def __init__(
        self,
        order: tuple[int, int, int] = (0, 0, 0),
        seasonal_order: tuple[int, int, int] = (0, 0, 0),
        season_length: int = 1,
        include_mean: bool = True,
        include_drift: bool = False,
        n_jobs: int = 1,
    ):
        self.order = order
        self.seasonal_order = seasonal_order
        self.season_length = season_length
        self.include_mean = include_mean
        self.include_drift = include_drift
        self.n_jobs = n_jobs
        self._ids: pd.Index | None = None  # the series of a panel's fit
        with warnings.catch_warnings():
            # sktime warns of remember_data's default changing in sktime 1.3 to
            # every forecaster that keeps it on; this one sets it on (_config),
            # and keeps it on after 1.3: the warning's advice does not apply
            warnings.filterwarnings(
                "ignore", "The default of config ``remember_data``", FutureWarning
            )
            super().__init__()

    def _fit(self, y, X, fh):
        """Fit the orders to ``y``; what statsforecast cannot fit is a clear error."""
        validate_params(self)
        if isinstance(y.index, pd.MultiIndex):
            return self._fit_panel(y)
        # a gap would shift the seasonal lags
        self._step = infer_step(y.index, what="y")
        values, lengths = y.to_numpy(dtype=float), np.array([len(y)])
        # a named series is named in the messages (sktime's loop over a
        # frame's columns passes each column without its name)
        name = None if y.name is None else pd.Index([y.name])
        scaling = self._fittable(values, lengths, name)
        try:
            scaled = pd.Series(scaling.apply(values, lengths), y.index, name=y.name)
            super()._fit(scaled, X, fh)
        except FIT_ERRORS as error:
            raise self._cannot_fit(values, lengths, name, scaling) from error
        self._cur_y = y  # sktime's adapter keeps the data it fitted: the user's
        if not scaling.is_none:  # the model described in the series' units
            fitted = self._fitted_forecaster
            fitted.model_ = in_units_of_series(
                fitted.model_, scaling.shift[0], scaling.scale[0]
            )
            self.model_ = fitted.model_  # sktime's adapter copied the fitted one
        self._fitted(y.index[-1:], lengths, scaling)
        return self

    def _fit_panel(self, y: pd.DataFrame) -> StatsForecastARIMA:
        """Fit one model a series, the whole panel in one statsforecast call."""
        from statsforecast import StatsForecast

        panel = panel_index(y.index, what="y")
        values = y.iloc[panel.order, 0].to_numpy(dtype=float)
        scaling = self._fittable(values, panel.lengths, panel.ids, panel=True)
        long_frame = pd.DataFrame(
            {
                "unique_id": np.repeat(np.arange(len(panel.ids)), panel.lengths),
                "ds": np.arange(panel.n_rows),  # increasing within each series
                "y": scaling.apply(values, panel.lengths),
            }
        )
        forecaster = StatsForecast(
            models=[self._instantiate_model()], freq=1, n_jobs=self._processes()
        )
        try:
            forecaster.fit(long_frame)
        except FIT_ERRORS as error:
            raise self._cannot_fit(
                values, panel.lengths, panel.ids, scaling, panel=True
            ) from error
        self._ids, self._step = panel.ids, panel.step
        self._panel_names = list(y.index.names)
        models = list(forecaster.fitted_[:, 0])
        if not scaling.is_none:  # each model described in its series' units
            for model, shift, scale in zip(
                models, scaling.shift, scaling.scale, strict=True
            ):
                model.model_ = in_units_of_series(model.model_, shift, scale)
        self.models_ = pd.Series(models, index=panel.ids)
        self._fitted(panel.ends, panel.lengths, scaling)
        return self

    def _fittable(
        self,
        values: np.ndarray,
        lengths: np.ndarray,
        ids: pd.Index | None,
        *,
        panel: bool = False,
    ) -> Standardisation:
        """Refuse what statsforecast cannot fit; return the units to fit in.

        Series one after the other in ``values``; ``ids`` their keys (a
        single series': its name, or ``None``).
        """
        shortest = minimum_length(self.order, self.seasonal_order, self.season_length)
        short = np.flatnonzero(lengths < shortest)
        if len(short):
            raise self._too_short(_which(ids, short, lengths, panel=panel), shortest)
        infinite = series_with_infinite_values(values, lengths)
        if infinite:
            where = ", ".join(
                f"series {ids[k]!r} at its row {row}"
                if ids is not None
                else f"row {row}"
                for k, row in infinite[:5]
            )
            raise ValueError(
                f"y holds infinite values ({where}{_more(len(infinite))}): "
                f"{type(self).__name__} cannot fit them (statsforecast would forecast "
                "NaN). A zero or a negative value under a log transform in front "
                "becomes -inf: replace or drop them, or add an offset before the log."
            )
        mean, drift = intercept_terms(
            self.order, self.seasonal_order,
            include_mean=self.include_mean, include_drift=self.include_drift,
        )  # fmt: skip
        if not (mean or drift):  # no intercept to search: fitted as given
            return Standardisation.none(len(lengths))
        # a model without a mean is not the same model of a shifted series
        return Standardisation.of(values, lengths, shift=mean)

    def _cannot_fit(
        self,
        values: np.ndarray,
        lengths: np.ndarray,
        ids: pd.Index | None,
        scaling: Standardisation,
        *,
        panel: bool = False,
    ) -> ValueError:
        """Say which series statsforecast failed to fit, and what to do."""
        if not panel:
            what = _which(ids, np.array([0]), lengths, panel=False)
        else:
            fit = self._instantiate_model().fit
            failing = series_that_fail(fit, scaling.apply(values, lengths), lengths)
            # none alone: the panel's call itself failed (its processes, say)
            what = _which(ids, np.array(failing), lengths, panel=True) or "the panel"
        return ValueError(
            f"{self._described()} could not be fitted to {what}: statsforecast's "
            "estimation failed there (on short or very regular series its starting "
            "estimates can leave the stationary region, and a drift cannot be "
            "estimated on a straight line). Use lower orders (fewer autoregressive "
            "terms, no drift), give longer series, or forecast these series with "
            "another model (sktime's NaiveForecaster or StatsForecastAutoARIMA)."
        )

    def _described(self) -> str:
        """Name the model and its orders, for messages."""
        return (
            f"{type(self).__name__}(order={self.order}, seasonal_order="
            f"{self.seasonal_order}, season_length={self.season_length})"
        )

    def _fitted(
        self, ends: pd.Index, lengths: np.ndarray, scaling: Standardisation
    ) -> None:
        """Remember each series' last label, rows and units, as fitted.

        ``_lengths`` then counts the rows through each series' end as it
        moves with ``update``, ``_fitted_lengths`` stays the rows the model
        has fitted values for: an in-sample time is found by its position
        from the series' start, which an update does not move.
        """
        self._ends, self._lengths, self._fitted_lengths = ends, lengths, lengths
        index = self._ids if self._ids is not None else pd.RangeIndex(1)
        self.standardisation_ = pd.DataFrame(
            {"shift": scaling.shift, "scale": scaling.scale}, index=index
        )

    def _processes(self) -> int:
        """Count the processes for a panel's fit (a daemonic one cannot start any)."""
        if multiprocessing.current_process().daemon:
            return 1
        return joblib.cpu_count() if self.n_jobs == -1 else self.n_jobs

    def update(self, y, X=None, update_params=True):
        """Update the forecaster with new data (sktime's ``update``).

        sktime moves the cutoff and stores the new rows before it calls
        ``_update``; new data this forecaster refuses (a gap after a series'
        end, a series never fitted) leaves it as it was before the call.

        Parameters
        ----------
        y : sktime time series
            New observations (a series, or a panel as in ``fit``).
        X : sktime time series, optional
            Ignored (the model has no covariates).
        update_params : bool, default=True
            Refit every series' model on its whole history (needs sktime's
            ``remember_data`` config, on by default). ``False`` only moves
            each series' end: the new observations are not used, and the
            forecasts are those made before the update, labelled from the
            new end (see Notes).

        Returns
        -------
        self : StatsForecastARIMA
            The updated forecaster.

        Warns
        -----
        UserWarning
            If a series of ``y`` brings no row after its last row held, as
            :meth:`skltsm.sktime.LSTMForecaster.update` warns.
        """
        # a refit resets the forecaster first; a loop over columns updates each
        with self._updating(y):
            return super().update(y, X=X, update_params=update_params)

    def _moving_cutoff_frequency(self):
        """Return the step fitted: ``update_predict`` steps back by it.

        On sktime's loop over columns the step is each column's model's
        (one index for all of them).
        """
        if "forecasters_" in vars(self):
            return vars(self.forecasters_.iloc[0, 0]).get("_step")
        return vars(self).get("_step")

    def _ends_held(self) -> pd.Series:
        """Return the last time held of each series (read by the revisions warning)."""
        if "forecasters_" in vars(self):  # sktime's loop over columns: all alike
            return self.forecasters_.iloc[0, 0]._ends_held()
        if self._ids is None:
            return pd.Series([self._ends[0]], index=[None])
        return pd.Series(list(self._ends), index=self._ids)

    def _update_y_X(self, y, X=None, enforce_index_type=None):
        """Set the cutoff from new data (sktime's), never back before the data held.

        An update of past rows only (its last label before the cutoff) keeps
        the cutoff at the latest label held: moved back, every forecast from
        the data held would be labelled in the past. ``update_predict``
        sets the cutoff back before ``y``'s first row and marks the
        forecaster ``_backdated``
        (:class:`~skltsm.sktime._moving_cutoff.MovingCutoffLoop`): its first
        window is checked (:meth:`_check_not_set_back`), no later window nor
        any ``update``, whatever the cutoff.
        """
        held = self.cutoff if self.is_fitted else None  # fit starts afresh
        backdated = vars(self).pop("_backdated", False)  # update_predict's first
        if held is not None and len(held) and y is not None and backdated:
            self._check_not_set_back(y, held)
        super()._update_y_X(y, X, enforce_index_type=enforce_index_type)
        if held is not None and len(held) and self.cutoff[0] < held[0]:
            self._set_cutoff(held)

    def _check_not_set_back(self, y, held: pd.Index) -> None:
        """Refuse ``update_predict``'s ``y`` that starts in a series' data held.

        ``update_predict`` sets the cutoff, ``held``, to the label before
        ``y``'s first row, then forecasts each window of ``cv`` from its end;
        ``y`` here is the first window. The models forecast from the end of
        the data they were fitted on only: a series whose rows in ``y``
        start at or before its last label held would get forecasts from that
        end under the window's labels. Later windows go over rows again
        (an expanding window), and an ``update`` may revise rows; the cutoff
        alone cannot tell them from a first window: after
        ``update_predict(reset_forecaster=False)`` of some series, it lies
        before the others' ends.
        """
        if "forecasters_" in vars(self):  # sktime's loop over columns: each model
            for forecaster in self.forecasters_.to_numpy().ravel():
                forecaster._check_not_set_back(y.X, held)
            return
        if self._ids is None:
            starts = [("y", y.index.min(), self._ends[0])]
        else:
            new = panel_index(y.index, what="y", step=self._step)
            firsts = new.times_at(new.rows_at(new.starts))
            held_at = self._ids.get_indexer(new.ids)  # a series never fitted: -1
            starts = [
                (f"series {key!r}", first, self._ends[k])
                for key, first, k in zip(new.ids, firsts, held_at, strict=True)
                if k >= 0
            ]
        for what, first, end in starts:
            if first <= end:
                raise ValueError(
                    f"update_predict was passed {what} from {first}, at or before "
                    f"the last observation {type(self).__name__} holds ({end}): its "
                    "models forecast from the end of the data they were fitted on, "
                    "not from each window's end. Pass the rows after it only, fit "
                    "on the rows before y first, or compare forecasts over past "
                    "windows with sktime's evaluate, which fits at each window."
                )

    def _update(self, y, X=None, update_params=True):
        """Refit on the whole history, or move each series' end without a refit.

        Without a refit (``update_params=False``, or sktime not remembering
        the data), the models stay as fitted and each series' forecasts are
        labelled from its new end, as sktime's statsforecast adapters do for
        one series. Its fitted values keep their times (sktime's adapters
        move them with the end); the new times have none (``NaN``).
        """
        if self._ids is None:
            if len(y):
                infer_step(y.index, what="y")  # no gap inside the new data
                end, new_rows = self._end_after("y", self._ends[0], y.index)
                self._moved(pd.Index([end]), np.array([new_rows]))
            return super()._update(y, X, update_params)
        if update_params and self.get_config()["remember_data"]:
            validate_params(self)
            return self._fit_panel(self._y)
        self._moved(*self._ends_after(y))
        return self

    def _moved(self, ends: pd.Index, new_rows: np.ndarray) -> None:
        """Move each series' end to ``ends``, ``new_rows`` rows after the last.

        New arrays, not changed in place: ``update`` restores the attributes
        it saved when it refuses new data.
        """
        self._ends = ends
        self._lengths = self._lengths + new_rows

    def _ends_after(self, y: pd.DataFrame) -> tuple[pd.Index, np.ndarray]:
        """Each series' last label once ``y``, new data of the panel, is seen.

        Returns
        -------
        ends : pandas.Index
            Each series' last label.
        new_rows : ndarray of int
            Rows each series gains after its last label.
        """
        new = panel_index(y.index, what="y", step=self._step)
        positions = self._ids.get_indexer(new.ids)
        if (positions < 0).any():
            unknown = new.ids[positions < 0].tolist()
            refit = (
                "update with update_params=True, which refits on the whole history"
                if self.get_config()["remember_data"]
                else "fit it again on the whole panel"
            )
            raise ValueError(
                f"update() brought series {unknown[:5]} that {type(self).__name__} "
                f"was not fitted on. To forecast them, {refit}."
            )
        ends, new_rows = list(self._ends), np.zeros(len(self._ids), dtype=np.int64)
        for k, position in enumerate(positions):
            ends[position], new_rows[position] = self._end_after(
                self._ids[position], ends[position], new.times_at(new.rows_of(k))
            )
        return pd.Index(ends), new_rows

    def _end_after(self, key, end, times: pd.Index) -> tuple[object, int]:
        """Return a series' last label, and the rows it gains, once ``times`` are seen.

        ``times``, the series' new data in time order, must continue it
        (:meth:`_check_continues`); times at or before ``end`` add no row.
        """
        self._check_continues(key, end, times[0])
        return max(end, times[-1]), _rows_after(times, end)

    def _check_continues(self, key, end, first) -> None:
        """Refuse new data that does not start on the step after a series' end."""
        if self._step is None or first <= end or first == end + self._step:
            return
        raise ValueError(
            f"The new data of series {key!r} starts at {first}, but its next time "
            f"after {end} is {end + self._step}: a gap or a time off its grid would "
            "shift the seasonal lags. Fill the missing times, or put the new data "
            "on the series' grid."
        )

    def _too_short(self, what: str, shortest: int) -> ValueError:
        differences = self.order[1] + self.seasonal_order[1] * self.season_length
        return ValueError(
            f"{self._described()} cannot be fitted to {what}: statsforecast needs "
            f"at least {shortest} values for these orders (its differences take "
            f"{differences}, and it conditions on the autoregressive lags after "
            "them). Give longer series, or lower orders."
        )

    def _predict(self, fh, X):
        """Forecast the series, or every series of a panel."""
        values = self._predict_values(fh)[..., 0].reshape(-1)
        if self._ids is None:
            return pd.Series(values, self._forecast_index(fh), name=self._cur_y.name)
        return pd.DataFrame(
            values, self._forecast_index(fh), columns=self._get_varnames()
        )

    def _predict_interval(self, fh, X, coverage):
        """Prediction intervals of the series, or of every series of a panel."""
        values = self._predict_values(fh, coverage)[..., 1:]
        columns = pd.MultiIndex.from_product(
            [self._get_varnames(), coverage, ["lower", "upper"]]
        )
        return pd.DataFrame(
            values.reshape(-1, len(columns)), self._forecast_index(fh), columns
        )

    def _forecast_index(self, fh: ForecastingHorizon) -> pd.Index:
        """Label the forecasts: the times of ``fh``, by series on a panel."""
        if self._ids is None:
            return fh.to_absolute_index(self.cutoff)
        return index_from_each_end(
            self._ids, self._ends, fh, self.cutoff, self._step, self._panel_names
        )

    def _predict_values(self, fh: ForecastingHorizon, coverage=()) -> np.ndarray:
        """Each series' forecasts of ``fh`` from its own model (one series: one).

        A single series is forecast here too, not by sktime's adapter, which
        reads a fitted value by its distance from the cutoff: after an update
        without a refit it labels each fitted value with a later time.

        Returns
        -------
        values : ndarray, shape (n_series, len(fh), 1 + 2 * len(coverage))
            The point forecast, then the lower and upper end of each
            interval; ``NaN`` before a series' first observation, and at the
            times an update without a refit brought (no fitted value).
        """
        steps = steps_from_each_end(self._ends, fh, self.cutoff, self._step)
        levels = [100 * c for c in coverage]
        level = levels or None  # statsforecast: None for no interval
        values = np.full((*steps.shape, 1 + 2 * len(levels)), np.nan)
        horizon = int(steps.max())
        for k, model in enumerate(self._models()):
            ahead = steps[k] > 0
            if ahead.any():
                future = _columns(model.predict(horizon, level=level), "", levels)
                values[k, ahead] = future[steps[k, ahead] - 1]
            # position in the series of each observed time, counted from its
            # start, which no update moves (< 0: before it)
            seen = self._lengths[k] - 1 + steps[k]
            observed = ~ahead & (seen >= 0) & (seen < self._fitted_lengths[k])
            if observed.any():
                fitted = model.predict_in_sample(level=level)
                values[k, observed] = _columns(fitted, "fitted", levels)[seen[observed]]
        return values

    def _models(self) -> np.ndarray:
        """Return the fitted statsforecast model of each series."""
        if self._ids is None:
            return np.array([self._fitted_forecaster], dtype=object)
        return self.models_.to_numpy()

    def _get_statsforecast_class(self):
        """Return statsforecast's fixed-order ``ARIMA``."""
        from statsforecast.models import ARIMA

        return ARIMA

    def _get_statsforecast_params(self) -> dict:
        """Return the parameters of statsforecast's ``ARIMA`` (method fixed)."""
        return {
            "order": as_int_tuple(self.order),  # statsforecast: plain ints
            "seasonal_order": as_int_tuple(self.seasonal_order),
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
            A white-noise mean, and a seasonal airline model of season 4,
            both on one process: sktime's ``test_multiprocessing_idempotent``
            fits each set's panels on every core too (``n_jobs=-1``) and
            compares, so the other checks need not start worker processes
            for each of their panel fits.
        """
        del parameter_set
        return [
            {},
            {"order": (0, 1, 1), "seasonal_order": (0, 1, 1), "season_length": 4},
        ]


def _columns(predictions: dict, prefix: str, levels: list[float]) -> np.ndarray:
    """Return statsforecast's forecasts as columns: point, then interval ends.

    ``prefix`` is ``""`` for forecasts ahead (``mean``, ``lo-95``, ...) and
    ``"fitted"`` for fitted values (``fitted``, ``fitted-lo-95``, ...).
    """
    point = "fitted" if prefix else "mean"
    lead = f"{prefix}-" if prefix else ""
    names = [point] + [
        f"{lead}{end}-{level}" for level in levels for end in ("lo", "hi")
    ]
    return np.column_stack([np.asarray(predictions[name]) for name in names])


def _which(
    ids: pd.Index | None, positions: np.ndarray, lengths: np.ndarray, *, panel: bool
) -> str:
    """Name the series at ``positions`` and their lengths, for a message."""
    if not len(positions):
        return ""
    if ids is None:
        return f"a series of {lengths[0]} values"
    named = ", ".join(f"{ids[k]!r} ({lengths[k]} values)" for k in positions[:5])
    return f"series {named}{_more(len(positions))}" + (" of the panel" if panel else "")


def _more(count: int, shown: int = 5) -> str:
    """`` and N more`` where a message lists ``shown`` of ``count`` items."""
    return f" and {count - shown} more" if count > shown else ""


def _rows_after(times: pd.Index, end) -> int:
    """Count the labels of ``times`` after ``end``: the rows a series gains."""
    return int((times > end).sum())
