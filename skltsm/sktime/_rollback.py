"""All or nothing: an sktime estimator put back as it was when a call fails.

sktime's ``update`` moves the cutoff and stores the new rows before the
estimator reads them, and under a loop over series updates one series after
another. New data refused part way would leave forecasts of the old data
labelled from the new cutoff, or some series updated and others not.
:func:`~skltsm._all_or_nothing.all_or_nothing` puts the estimator back as it
was bound before.

sktime's ``predict`` and its kin store the ``fh`` passed (as the forecaster's
``fh``) before the forecaster reads it: an ``fh`` the forecaster then
refuses would stay stored, and every later ``predict()`` without one would
be refused too. ``fit_predict``, ``update_predict`` and
``update_predict_single`` move the cutoff and store new rows before they
forecast. :class:`PredictsAllOrNothing` runs each of them all or nothing,
``y`` checked first as the forecaster's ``fit`` or ``update`` checks it;
``update_predict(reset_forecaster=True)``, which sktime runs on a copy
after checking ``y`` on the original, leaves the original as it was
(:func:`~skltsm._all_or_nothing.as_it_was`). Its ``fit`` refused (a series
too short, covariates that miss rows) leaves a forecaster fitted before with
its fit: sktime's ``fit`` resets the forecaster before the checks that
refuse. So does its ``pretrain`` refused.

sktime's composites (pipelines, ensembles, multiplexers, searches) update
themselves, then their members one by one: a member that refuses new rows
left the composite's cutoff and the members before it updated.
:class:`ComposedAllOrNothing` puts back every estimator a composite holds,
at any depth (:func:`held_estimators`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from numbers import Real

import pandas as pd
from skbase.base import BaseObject
from sklearn.base import BaseEstimator

from skltsm._all_or_nothing import all_or_nothing, as_it_was
from skltsm.sktime._moving_cutoff import warning_of_revisions_only

__all__ = ["ComposedAllOrNothing", "PredictsAllOrNothing", "held_estimators"]


def held_estimators(estimator: object) -> list:
    """Return every estimator ``estimator`` holds, at any depth, once each.

    sktime's and scikit-learn's estimators found in its attributes, in the
    lists, tuples and dicts among them and in the object frames of sktime's
    loops (``forecasters_``), then in theirs: a composite's members as given
    and as fitted, their steps, their own members.

    Examples
    --------
    >>> from sktime.forecasting.compose import EnsembleForecaster
    >>> from sktime.forecasting.naive import NaiveForecaster
    >>> ensemble = EnsembleForecaster([("naive", NaiveForecaster())])
    >>> sorted({type(each).__name__ for each in held_estimators(ensemble)})
    ['NaiveForecaster']
    """
    found, seen = [], {id(estimator)}
    pending = list(vars(estimator).values())
    while pending:
        value = pending.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, BaseObject | BaseEstimator):
            found.append(value)
            pending.extend(vars(value).values())
        elif isinstance(value, list | tuple | set):
            pending.extend(value)
        elif isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, pd.DataFrame) and value.dtypes.eq(object).all():
            pending.extend(value.to_numpy().ravel())
    return found


def _as_floats(levels):
    """Return levels given as ints (``1``, ``[0.5, 1]``) as floats, else as given.

    sktime's checks of ``coverage`` and ``alpha`` take floats only: an int
    reached "'int' object is not iterable", where the float says which
    values a level may take.

    Examples
    --------
    >>> _as_floats(1), _as_floats([0.5, 1]), _as_floats(None)
    (1.0, [0.5, 1.0], None)
    """

    def is_number(value) -> bool:
        return isinstance(value, Real) and not isinstance(value, bool)

    if is_number(levels):
        return float(levels)
    if isinstance(levels, list) and all(map(is_number, levels)):
        return [float(level) for level in levels]
    return levels


class PredictsAllOrNothing:
    """Mixin of an sktime forecaster: a forecast refused changes nothing.

    ``predict``, ``predict_interval``, ``predict_quantiles``,
    ``predict_var``, ``predict_proba``, ``predict_residuals``,
    ``fit_predict``, ``update_predict`` and ``update_predict_single`` run
    :func:`all_or_nothing`: one that raises leaves the forecaster (its
    ``fh``, its cutoff, its data, what it forecasts) and the parts
    :meth:`_held` names as they were. So do ``fit`` (a forecaster fitted
    before keeps its fit) and ``pretrain``. One that succeeds
    stores its ``fh`` as sktime does. ``fit_predict`` calls ``fit``;
    ``update_predict`` and ``update_predict_single`` check ``y`` first as
    ``update`` does (:meth:`_checked_y`): sktime's routes reach the
    forecaster's ``update`` only after sktime's own checks. Put it left of
    ``BaseForecaster``.
    """

    @contextmanager
    def _updating(self, y) -> Iterator[None]:
        """Run an update: refused, it changes nothing; of rows held only, it warns.

        :func:`all_or_nothing` over the forecaster and its series'
        forecasters, inside
        :func:`~skltsm.sktime._moving_cutoff.warning_of_revisions_only`
        (which warns after the update succeeded).
        """
        with (
            warning_of_revisions_only(self, y),
            all_or_nothing(self, self._held()),
        ):
            yield

    def _held(self) -> list:
        """Return what a refused call puts back besides the forecaster itself."""
        return self._series_forecasters()

    def _series_forecasters(self) -> list:
        """Return the forecasters of sktime's loop over series or columns, if any."""
        forecasters = vars(self).get("forecasters_")
        if not isinstance(forecasters, pd.DataFrame):
            return []
        return list(forecasters.to_numpy().ravel())

    def __deepcopy__(self, memo: dict):
        """Copy every attribute deeply, the forecasters of sktime's loop too.

        ``copy.deepcopy`` copies an object frame without its elements
        (pandas), so the copy of a fit looped over series or columns would
        share ``forecasters_``, each series' forecaster, with the original
        (sktime's own vectorised forecasters do): updating one would update
        the other, ``update_predict(reset_forecaster=True)`` the original.
        """
        copied = type(self).__new__(type(self))
        memo[id(self)] = copied
        for name, value in vars(self).items():
            if name == "forecasters_" and isinstance(value, pd.DataFrame):
                value = pd.DataFrame(
                    [[copy.deepcopy(f, memo) for f in row] for row in value.values],
                    index=value.index.copy(),
                    columns=value.columns.copy(),
                    dtype=object,
                )
            else:
                value = copy.deepcopy(value, memo)
            vars(copied)[name] = value
        return copied

    def _checked_y(self, y, *, new_rows: bool = False):
        """Return ``y`` checked as ``fit`` (``update``: ``new_rows``) checks it.

        Here, as passed: sktime checks it.
        """
        return y

    def fit(self, y, X=None, fh=None):
        """Fit (sktime's ``fit``); refused, a forecaster fitted before keeps its fit."""
        with all_or_nothing(self, self._held()):
            return super().fit(y, X=X, fh=fh)

    def pretrain(self, y, X=None, fh=None):
        """Pretrain (sktime's ``pretrain``); refused, nothing changes.

        sktime records the panel's type and columns, and the forecaster sets
        its time step, before the checks that refuse: a fitted forecaster
        then forecast in the refused panel's format, or failed to.
        """
        with all_or_nothing(self, self._held()):
            return super().pretrain(y, X=X, fh=fh)

    def predict(self, fh=None, X=None):
        """Forecast ``fh`` (sktime's ``predict``); refused, nothing changes."""
        with all_or_nothing(self, self._held()):
            return super().predict(fh=fh, X=X)

    def predict_interval(self, fh=None, X=None, coverage=0.90):
        """Forecast intervals (sktime's); refused, nothing changes."""
        with all_or_nothing(self, self._held()):
            return super().predict_interval(fh=fh, X=X, coverage=_as_floats(coverage))

    def predict_quantiles(self, fh=None, X=None, alpha=None):
        """Forecast quantiles (sktime's); refused, nothing changes."""
        with all_or_nothing(self, self._held()):
            return super().predict_quantiles(fh=fh, X=X, alpha=_as_floats(alpha))

    def predict_var(self, fh=None, X=None, cov=False):
        """Forecast variances (sktime's); refused, nothing changes."""
        with all_or_nothing(self, self._held()):
            return super().predict_var(fh=fh, X=X, cov=cov)

    def predict_proba(self, fh=None, X=None, marginal=True):
        """Forecast distributions (sktime's); refused, nothing changes."""
        with all_or_nothing(self, self._held()):
            return super().predict_proba(fh=fh, X=X, marginal=marginal)

    def predict_residuals(self, y=None, X=None):
        """Return in-sample residuals (sktime's); refused, nothing changes."""
        with all_or_nothing(self, self._held()):
            return super().predict_residuals(y=y, X=X)

    def fit_predict(self, y, X=None, fh=None, X_pred=None):
        """Fit, then forecast ``fh``: ``fit(y, X, fh).predict(X=X_pred or X)``.

        sktime's own, without ``X_pred``, fits without the forecaster's
        ``fit`` (its checks of ``y``, its reset of a fitted forecaster);
        this one calls ``fit`` and ``predict``. Refused, by either, nothing
        changes: a forecaster fitted before keeps its fit.
        """
        with all_or_nothing(self, self._held()):
            self.fit(y, X=X, fh=fh)
            return self.predict(X=X if X_pred is None else X_pred)

    def update_predict(
        self, y, cv=None, X=None, update_params=True, reset_forecaster=True
    ):
        """Update and forecast at each cutoff of ``cv`` (sktime's); all or nothing.

        With ``reset_forecaster=False`` a step refused part way left the
        forecaster updated by the steps before it (sktime's loop). With
        ``reset_forecaster=True`` sktime's loop runs on a copy, but sktime
        checked ``y`` on the forecaster itself, which then took ``y``'s type
        as the type of its later forecasts: it is put back as it was
        (:func:`as_it_was`).

        With covariates, ``X`` needs the rows of every series held, even
        when ``y`` has some of them: each window forecasts every series
        (from each one's covariates), and returns those of ``y``'s series.

        With ``reset_forecaster=False`` the forecaster holds the rows up to
        the last window's end (its cutoff, as sktime's forecasters do): the
        last rows of ``y``, which no window ends at, are not held. A second
        such call must start right after that cutoff, or follow an
        ``update`` with those rows; otherwise it is refused for the gap.
        """
        y = self._checked_y(y, new_rows=True)
        kept = as_it_was if reset_forecaster else all_or_nothing
        with kept(self, self._held()):
            return super().update_predict(
                y,
                cv=cv,
                X=X,
                update_params=update_params,
                reset_forecaster=reset_forecaster,
            )

    def update_predict_single(self, y=None, fh=None, X=None, update_params=True):
        """Update, then forecast ``fh`` (sktime's); refused, nothing changes.

        An update of rows held only warns, as ``update`` does
        (:func:`~skltsm.sktime._moving_cutoff.warning_of_revisions_only`).
        """
        y = self._checked_y(y, new_rows=True)
        with self._updating(y):
            return super().update_predict_single(
                y=y, fh=fh, X=X, update_params=update_params
            )


class ComposedAllOrNothing(PredictsAllOrNothing):
    """Mixin of an sktime composite: a call refused changes none of its estimators.

    As :class:`PredictsAllOrNothing`, with ``update`` too, over every
    estimator the composite holds (:func:`held_estimators`): sktime's
    composites move their own cutoff, then update their members one by one,
    so a member that refuses the new rows left the composite's cutoff on
    them and the members before it updated (an ensemble's forecasts then no
    longer shared their time labels). Put it left of sktime's composite.
    """

    def _held(self) -> list:
        """Return every estimator the composite holds, its members' members too."""
        return held_estimators(self)

    @contextmanager
    def _updating(self, y) -> Iterator[None]:
        """Run an update all or nothing; its forecasters warn of revisions."""
        with all_or_nothing(self, self._held()):
            yield

    def update(self, y, X=None, update_params=True):
        """Update the composite (sktime's ``update``); refused, nothing changes."""
        with self._updating(y):
            return super().update(y, X=X, update_params=update_params)
