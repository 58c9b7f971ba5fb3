"""sktime's ensemble of forecasters, with ``pretrain`` passed to its members.

sktime 1.2's ``EnsembleForecaster`` inherits ``BaseForecaster``'s no-op
``_pretrain``, as its ``TransformedTargetForecaster`` does
(:mod:`skltsm.sktime._pretrainable_pipeline`): the accuracy benchmark's M3
forecaster, two global networks averaged with Theta, could not be pretrained
on a panel and fitted on a new series. :class:`PretrainableEnsembleForecaster`
pretrains a copy of each member that can be pretrained; ``fit`` fits those
copies (sktime's clone of a pretrained forecaster keeps its pretraining) and
the other members as sktime's ensemble fits them (ADR 0020's amendment).
"""

from __future__ import annotations

from joblib import Parallel, delayed
from sktime.forecasting.compose import EnsembleForecaster

from skltsm._warn import warn
from skltsm.exceptions import SkltsmWarning
from skltsm.sktime._pretrainable_pipeline import (
    PretrainingOperators,
    can_pretrain,
    composite_test_forecasters,
    pretrain_all_or_none,
)
from skltsm.sktime._pretraining import changed_params, full_keys
from skltsm.sktime._rollback import ComposedAllOrNothing

__all__ = ["PretrainableEnsembleForecaster"]


class PretrainedMembers(ComposedAllOrNothing, PretrainingOperators):
    """What sktime's composites of several forecasters need to pretrain them.

    A call refused (an update a member refuses) changes no member
    (:class:`~skltsm.sktime._rollback.ComposedAllOrNothing`).

    ``pretrain`` pretrains a copy of each member that can be pretrained
    (``pretrained_forecasters_``: the copies, ``None`` for the others), a
    further ``pretrain`` trains them on, all or none, and ``set_params``
    passes a member's parameters to its copy. A subclass says how its
    members are listed (``_member_list``) and fits the copies in its
    ``_fit``; ``_members_now`` refreshes what sktime caches of the members.
    """

    _tags = {
        # what pretrain leaves, which sktime keeps through the reset of a
        # refit and copies into clones
        "pretrain:fitted_params": ["pretrained_forecasters_"],
    }

    def _member_list(self) -> list:
        """Return the members, as given (one given with a count: once)."""
        raise NotImplementedError

    def _members_now(self) -> None:
        """Refresh what sktime caches of the members before pretrain reads them."""

    def _pretrained_copies(self, members: list, y, X, fh) -> list:
        """Return each member's pretrained copy (``None`` if it cannot be), in turn."""
        return [_pretrained_copy(member, y, X, fh) for member in members]

    def _set_member_tags(self) -> None:
        """Set two tags from the members, which sktime's composites leave out.

        ``capability:pretrain`` if any member can be pretrained; and
        ``capability:non_contiguous_X`` only if every member can forecast
        without the covariates between the steps forecast (sktime claims it
        can): ``LSTMForecaster``'s recursion reads them at every step.
        """
        members = self._member_list()
        gaps_allowed = all(
            m.get_tag("capability:non_contiguous_X", True, raise_error=False)
            for m in members
        )
        self.set_tags(
            **{
                "capability:pretrain": any(map(can_pretrain, members)),
                "capability:non_contiguous_X": gaps_allowed,
            }
        )

    def _pretrained_or_own(self) -> list:
        """Each member's pretrained copy, or the member where there is none."""
        pretrained = self.pretrained_forecasters_
        members = self._member_list()
        return [
            own if copy is None else copy
            for own, copy in zip(members, pretrained, strict=True)
        ]

    def _pretrain(self, y, X=None, fh=None):
        """Pretrain a copy of each member that can be pretrained.

        Parameters
        ----------
        y : pandas.DataFrame
            A long panel (``pd-multiindex`` or ``pd_multiindex_hier``).
        X : pandas.DataFrame or None
            Exogenous data at the rows of ``y``.
        fh : ForecastingHorizon or None
            Passed to each member's ``pretrain``.

        Returns
        -------
        self
        """
        if not self.get_tag("capability:pretrain"):
            return super()._pretrain(y, X=X, fh=fh)  # sktime's no-op
        self._members_now()
        members = self._member_list()
        self.pretrained_forecasters_ = self._pretrained_copies(members, y, X, fh)
        return self

    def _pretrain_update(self, y, X=None, fh=None):
        """Pretrain each pretrained member further on another panel, all or none.

        A member that refuses (a network that cannot go on from its weights)
        leaves every member as it was (:func:`pretrain_all_or_none`).
        """
        if not self.get_tag("capability:pretrain"):
            return super()._pretrain_update(y, X=X, fh=fh)
        self.pretrained_forecasters_ = pretrain_all_or_none(
            self, getattr(self, "pretrained_forecasters_", None), y, X=X, fh=fh
        )
        return self

    def set_params(self, **params):
        """Set parameters, keeping the pretrained members where they can be kept.

        sktime's ``set_params`` resets the composite to a new one, so after
        :meth:`pretrain` a ``ForecastingGridSearchCV`` over a member's
        ``fine_tune_epochs`` would score networks trained from scratch. Here
        a pretrained member's parameters are also set on its pretrained copy,
        which keeps its network or drops it as its own ``set_params`` says;
        the other parameters (an ensemble's ``weights`` and ``aggfunc``, a
        multiplexer's ``selected_forecaster``, the members that were not
        pretrained) keep the pretraining. New ``forecasters`` drop it,
        with a :class:`~skltsm.exceptions.SkltsmWarning`.

        Parameters
        ----------
        **params : dict
            ``<parameter>`` or ``<member name>__<parameter>`` keys.

        Returns
        -------
        self
        """
        pretrained = getattr(self, "pretrained_forecasters_", None)
        before = [member for _, member in self._forecasters]
        params, replaced = self._put_members_named(params)
        if not getattr(self, "_pretrained_attrs", None) or not (params or replaced):
            super().set_params(**params)
            if params or replaced:  # skbase reset (and sktime set the tags)
                self.reset()  # before the members' parameters were set: again
            return self
        params = full_keys(self, params)  # skbase's key suffixes: whose are they
        changed = changed_params(self, params)
        super().set_params(**params)  # a new ensemble, its parameters set
        if "forecasters" in changed:
            warn(
                "set_params(forecasters) replaces the members that were pretrained, "
                "so the pretraining was dropped: the composite is reset to a new one. "
                "Call pretrain again before fit.",
                SkltsmWarning,
            )
            return self
        # a (name, estimator, count) triple is one estimator under count names:
        # a parameter set under one name is set on each of its pretrained copies
        names, members = zip(*self._forecasters, strict=True)
        for name, member in zip(names, members, strict=True):
            prefix = f"{name}__"
            own = {
                k.removeprefix(prefix): params[k]
                for k in changed
                if k.startswith(prefix)
            }
            for other, copy in zip(members, pretrained, strict=True):
                if own and other is member and copy is not None:
                    copy.set_params(**own)  # may drop its pretraining, and say so
        self.pretrained_forecasters_ = self._without_replaced(pretrained, before)
        self._pretrained_attrs = list(self.get_tag("pretrain:fitted_params"))
        self._state = "pretrained"
        # skbase reset (and sktime set the tags) before the members' parameters
        # were set: reset again, keeping what pretrain left
        self._reset_at("pretrained")
        return self

    def _put_members_named(self, params: dict) -> tuple[dict, bool]:
        """Put the members ``params`` names into ``forecasters``; return the rest.

        skbase's ``set_params(<member name>=estimator)`` replaces the member in
        sktime's list of (name, member) pairs only; the ensemble rebuilds that
        list from ``forecasters`` at each reset, which undid the replacement
        (sktime's own ensemble loses it at ``fit``). Members given with a
        count are left to skbase. Also returns whether a member was put.
        """
        pairs = list(self._forecasters)
        named = {key: value for key, value in params.items() if key in dict(pairs)}
        if not named or len(pairs) != len(self.forecasters):
            return params, False
        self.forecasters = [
            _with_estimator(entry, named[name]) if name in named else entry
            for entry, (name, _) in zip(self.forecasters, pairs, strict=True)
        ]
        self._members_now()
        return {k: v for k, v in params.items() if k not in named}, True

    def _without_replaced(self, pretrained: list, before: list) -> list:
        """Drop the copies of members that ``set_params(<name>=...)`` replaced.

        A replaced member is fitted as given (a forecaster pretrained by its
        user keeps its network); one that could be pretrained but was not is
        warned of.
        """
        kept, untrained = [], []
        for (name, member), old, copy in zip(
            self._forecasters, before, pretrained, strict=True
        ):
            replaced = member is not old
            kept.append(None if replaced else copy)
            if replaced and can_pretrain(member) and member.state == "new":
                untrained.append(name)
        if untrained:
            warn(
                f"set_params({', '.join(untrained)}) replaces a pretrained member by "
                "one that was not pretrained: it is fitted from scratch on the "
                "series. Call pretrain again to pretrain it with the others.",
                SkltsmWarning,
            )
        return kept


class PretrainableEnsembleForecaster(PretrainedMembers, EnsembleForecaster):
    """sktime's ``EnsembleForecaster`` whose ``pretrain`` pretrains its members.

    ``pretrain`` pretrains a copy of each member that can be pretrained
    (``capability:pretrain``); a ``fit`` after it fits those copies, which
    forecast with their pretrained networks (fine-tuned or as they are), and
    fits the other members (Theta, say) on the series as sktime's ensemble
    does. The forecasts are aggregated as sktime's. Without a member that can
    be pretrained, ``pretrain`` is sktime's no-op. A transformer in front
    (``transformer * ensemble``, ``transformer ** ensemble``) builds the
    pipelines whose ``pretrain`` goes through it.

    Parameters
    ----------
    forecasters : list of estimator, (str, estimator) or (str, estimator, count)
        As sktime's ``EnsembleForecaster``.
    n_jobs : int or None, default=None
        Members fitted, and pretrained, side by side (joblib), as sktime fits them.
    aggfunc : str, default="mean"
        How the members' forecasts are aggregated, as sktime's.
    weights : list of float or None, default=None
        The members' weights in the aggregate, as sktime's.

    Attributes
    ----------
    pretrained_forecasters_ : list
        After ``pretrain``: for each member, its pretrained copy, or ``None``
        for a member that cannot be pretrained. sktime keeps it through the
        resets of later fits and carries it into clones.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from sktime.forecasting.naive import NaiveForecaster
    >>> from skltsm import LagTransformer, LSTMRegressor, make_forecast_pipeline
    >>> from skltsm.sktime import LSTMForecaster, PretrainableEnsembleForecaster
    >>> months = pd.period_range("2000-01", periods=36, freq="M")
    >>> panel = pd.concat(
    ...     {k: pd.DataFrame({"y": level + np.arange(36.0)}, index=months)
    ...      for k, level in [("a", 10.0), ("b", 20.0)]},
    ...     names=["series", "time"],
    ... )
    >>> network = LSTMForecaster(
    ...     make_forecast_pipeline(
    ...         LagTransformer(look_back=6),
    ...         LSTMRegressor(units=4, epochs=2, window_scaling="mean",
    ...                       random_state=0),
    ...     ),
    ...     calibration_size=0,
    ...     random_state=0,
    ... )
    >>> ensemble = PretrainableEnsembleForecaster(
    ...     [("network", network), ("naive", NaiveForecaster())], weights=[0.5, 0.5]
    ... )
    >>> ensemble = ensemble.pretrain(panel, fh=[1, 2])
    >>> [f is None for f in ensemble.pretrained_forecasters_]
    [False, True]
    >>> new = pd.Series(15.0 + np.arange(36.0), index=months, name="y")
    >>> ensemble.fit(new, fh=[1, 2]).predict().shape
    (2,)
    """

    def __init__(self, forecasters, n_jobs=None, aggfunc="mean", weights=None):
        super().__init__(forecasters, n_jobs=n_jobs, aggfunc=aggfunc, weights=weights)
        self._set_member_tags()

    def _member_list(self) -> list:
        return self._get_forecaster_list()

    def _members_now(self) -> None:
        # skbase's set_params resets (cloning forecasters_ from the members)
        # before it sets the members' parameters: a fit resets again, pretrain
        # does not, so it takes the members as they are now
        self._initialize_forecaster_tuples(
            self._parse_fc_multiplicities(self.forecasters)
        )

    def _pretrained_copies(self, members: list, y, X, fh) -> list:
        """Pretrain the members side by side on ``n_jobs``, as sktime fits them."""
        return Parallel(n_jobs=self.n_jobs)(
            delayed(_pretrained_copy)(member, y, X, fh) for member in members
        )

    def _fit(self, y, X, fh):
        """Fit the pretrained copies and the other members, as sktime's ensemble."""
        if getattr(self, "pretrained_forecasters_", None) is None:
            return super()._fit(y, X, fh)
        self._cur_y, self._cur_X = y, X  # as sktime's _fit
        # sktime fits a clone of each: its clone plugin keeps the pretraining
        self._fit_forecasters(self._pretrained_or_own(), y, X, fh)
        return self

    @classmethod
    def get_test_params(cls, parameter_set: str = "default") -> list[dict]:
        """Return the ensembles sktime's checks run: a tiny network and a naive.

        Parameters
        ----------
        parameter_set : str, default="default"
            Unused: one set.

        Returns
        -------
        params : list of dict
            An ``LSTMForecaster`` around a tiny MLP averaged with sktime's
            naive forecast (weights 0.7 and 0.3; instance 0, which the tests
            check), and the median of a tiny LSTM and two naive forecasts
            (:func:`composite_test_forecasters`).
        """
        from sktime.forecasting.naive import NaiveForecaster

        fast, network = composite_test_forecasters()
        return [
            {
                "forecasters": [("network", fast), ("naive", NaiveForecaster())],
                "weights": [0.7, 0.3],
            },
            {
                "forecasters": [
                    ("network", network),
                    ("last", NaiveForecaster()),
                    ("mean", NaiveForecaster(strategy="mean")),
                ],
                "aggfunc": "median",
            },
        ]


def _pretrained_copy(member, y, X, fh):
    """Return a clone of ``member`` pretrained, or ``None`` if it cannot be."""
    return member.clone().pretrain(y, X=X, fh=fh) if can_pretrain(member) else None


def _with_estimator(entry, estimator):
    """Return a member's entry of ``forecasters`` with ``estimator`` in it."""
    if isinstance(entry, tuple):
        return (entry[0], estimator, *entry[2:])
    return estimator
