"""All or nothing: an sktime estimator put back as it was when a call fails.

sktime's ``update`` moves the cutoff and stores the new rows before the
estimator reads them, and under a loop over series updates one series after
another. New data refused part way would leave forecasts of the old data
labelled from the new cutoff, or some series updated and others not.
:func:`all_or_nothing` puts the estimator back as it was bound before.

sktime's ``predict`` and its kin store the ``fh`` passed (as the forecaster's
``fh``) before the forecaster reads it: an ``fh`` the forecaster then
refuses would stay stored, and every later ``predict()`` without one would
be refused too. ``fit_predict``, ``update_predict`` and
``update_predict_single`` move the cutoff and store new rows before they
forecast. :class:`PredictsAllOrNothing` runs each of them all or nothing,
``y`` checked first as the forecaster's ``fit`` or ``update`` checks it;
``update_predict(reset_forecaster=True)``, which sktime runs on a copy
after checking ``y`` on the original, leaves the original as it was
(:func:`as_it_was`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pandas as pd

from skltsm.sktime._moving_cutoff import warning_of_revisions_only

__all__ = ["PredictsAllOrNothing", "all_or_nothing"]


@contextmanager
def all_or_nothing(estimator: object, parts: Iterable[object] = ()) -> Iterator[None]:
    """Put ``estimator`` and ``parts`` back as they were if the block raises.

    Their attributes are restored as bound before the block: the methods run
    in it must bind new objects (frames, fitted models) rather than change
    those held in place, as skltsm's do; sktime's dicts (the names of the
    data last seen, say), which sktime changes in place, are copied.

    Parameters
    ----------
    estimator : object
        The estimator whose method runs in the block.
    parts : iterable of object, default=()
        Objects it holds that the block may change too (one forecaster a
        series, under a loop over series).

    Examples
    --------
    >>> class Counter:
    ...     count = 0
    >>> counter = Counter()
    >>> counter.count = 1
    >>> try:
    ...     with all_or_nothing(counter):
    ...         counter.count = 2
    ...         raise ValueError("refused")
    ... except ValueError:
    ...     pass
    >>> counter.count
    1
    """
    saved = _saved(estimator, parts)
    try:
        yield
    except BaseException:
        _restore(saved)
        raise


@contextmanager
def as_it_was(estimator: object, parts: Iterable[object] = ()) -> Iterator[None]:
    """Put ``estimator`` and ``parts`` back as they were after the block, always.

    As :func:`all_or_nothing`, whether the block raises or not: for a
    method that must leave them as they were and works on a copy, but
    stores something on the original first (sktime's checks of ``y``).
    """
    saved = _saved(estimator, parts)
    try:
        yield
    finally:
        _restore(saved)


def _saved(estimator: object, parts: Iterable[object]) -> list:
    return [(each, _attributes(each)) for each in (estimator, *parts)]


def _restore(saved: list) -> None:
    for each, attributes in saved:
        vars(each).clear()
        vars(each).update(attributes)


def _attributes(obj: object) -> dict:
    """Return a copy of ``obj``'s attributes, its plain dicts copied too."""
    return {k: v.copy() if type(v) is dict else v for k, v in vars(obj).items()}


class PredictsAllOrNothing:
    """Mixin of an sktime forecaster: a forecast refused changes nothing.

    ``predict``, ``predict_interval``, ``predict_quantiles``,
    ``predict_var``, ``predict_proba``, ``predict_residuals``,
    ``fit_predict``, ``update_predict`` and ``update_predict_single`` run
    :func:`all_or_nothing`: one that raises leaves the forecaster (its
    ``fh``, its cutoff, its data, what it forecasts) and the parts
    :meth:`_series_forecasters` names as they were. One that succeeds
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
            all_or_nothing(self, self._series_forecasters()),
        ):
            yield

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

    def predict(self, fh=None, X=None):
        """Forecast ``fh`` (sktime's ``predict``); refused, nothing changes."""
        with all_or_nothing(self, self._series_forecasters()):
            return super().predict(fh=fh, X=X)

    def predict_interval(self, fh=None, X=None, coverage=0.90):
        """Forecast intervals (sktime's); refused, nothing changes."""
        with all_or_nothing(self, self._series_forecasters()):
            return super().predict_interval(fh=fh, X=X, coverage=coverage)

    def predict_quantiles(self, fh=None, X=None, alpha=None):
        """Forecast quantiles (sktime's); refused, nothing changes."""
        with all_or_nothing(self, self._series_forecasters()):
            return super().predict_quantiles(fh=fh, X=X, alpha=alpha)

    def predict_var(self, fh=None, X=None, cov=False):
        """Forecast variances (sktime's); refused, nothing changes."""
        with all_or_nothing(self, self._series_forecasters()):
            return super().predict_var(fh=fh, X=X, cov=cov)

    def predict_proba(self, fh=None, X=None, marginal=True):
        """Forecast distributions (sktime's); refused, nothing changes."""
        with all_or_nothing(self, self._series_forecasters()):
            return super().predict_proba(fh=fh, X=X, marginal=marginal)

    def predict_residuals(self, y=None, X=None):
        """Return in-sample residuals (sktime's); refused, nothing changes."""
        with all_or_nothing(self, self._series_forecasters()):
            return super().predict_residuals(y=y, X=X)

    def fit_predict(self, y, X=None, fh=None, X_pred=None):
        """Fit, then forecast ``fh``: ``fit(y, X, fh).predict(X=X_pred or X)``.

        sktime's own, without ``X_pred``, fits without the forecaster's
        ``fit`` (its checks of ``y``, its reset of a fitted forecaster);
        this one calls ``fit`` and ``predict``. Refused, by either, nothing
        changes: a forecaster fitted before keeps its fit.
        """
        with all_or_nothing(self, self._series_forecasters()):
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
        with kept(self, self._series_forecasters()):
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
