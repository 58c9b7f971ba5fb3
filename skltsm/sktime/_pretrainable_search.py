"""sktime's searches over a forecaster's parameters, with ``pretrain`` passed on.

sktime 1.2's ``ForecastingGridSearchCV`` and ``ForecastingRandomizedSearchCV``
inherit ``BaseForecaster``'s no-op ``_pretrain``, as its pipelines and
ensemble do (:mod:`skltsm.sktime._pretrainable_pipeline`): a search around
``LSTMForecaster`` pretrained on a panel, or scored by ``evaluate(search,
cv_global=...)``, tunes networks trained from scratch on each new series,
without a word. Pretraining the forecaster given to the search does not help
either: each candidate sets parameters that change the network (units,
look-back), which drops its pretraining.

The subclasses here pretrain one clone of the forecaster per candidate (the
candidates the search draws, each with its parameters set), and a ``fit``
scores those pretrained candidates on the series with sktime's own search:
a ``ForecastingGridSearchCV`` over sktime's ``MultiplexForecaster`` of the
candidates, one selected at a time, whose results are reported under the
candidates' parameters (ADR 0020's amendment).
"""

from __future__ import annotations

from copy import deepcopy

import numpy as np
from sktime.forecasting.compose import MultiplexForecaster
from sktime.forecasting.model_selection import (
    ForecastingGridSearchCV,
    ForecastingRandomizedSearchCV,
)
from sktime.utils.parallel import parallelize

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

__all__ = [
    "PretrainableForecastingGridSearchCV",
    "PretrainableForecastingRandomizedSearchCV",
]

#: the parameters of sktime's search that its inner search takes as they are
_SEARCH_PARAMS = (
    "cv",
    "scoring",
    "strategy",
    "update_behaviour",
    "refit",
    "verbose",
    "return_n_best_forecasters",
    "error_score",
    "backend",
    "backend_params",
)


class _SearchOverPretrainedCandidates(ComposedAllOrNothing, PretrainingOperators):
    """What both searches add to sktime's: ``pretrain``, its ``fit``, ``set_params``.

    A call refused (an update the best forecaster refuses) changes nothing
    (:class:`~skltsm.sktime._rollback.ComposedAllOrNothing`).

    A subclass names the parameters that decide which candidates the search
    draws (``_drawing_params``): changing one after ``pretrain`` drops the
    pretrained candidates.
    """

    _drawing_params: tuple[str, ...]

    _tags = {
        # what pretrain leaves, which sktime keeps through the reset of a
        # refit and copies into clones
        "pretrain:fitted_params": ["pretrained_candidates_"],
    }

    def __post_init__(self):
        """Set sktime's tags, and two more of the forecaster's.

        ``capability:pretrain``, and ``capability:non_contiguous_X``: a
        forecaster that reads the covariates at every step up to the last one
        forecast (``LSTMForecaster``'s recursion) needs them from the search
        too; sktime's searches claim they do not.
        """
        super().__post_init__()
        self.set_tags(**{"capability:pretrain": can_pretrain(self.forecaster)})
        self.clone_tags(self.forecaster, ["capability:non_contiguous_X"])

    def _pretrain(self, y, X=None, fh=None):
        """Pretrain a clone of the forecaster for each candidate of the search.

        The candidates are drawn once, here (a randomized search without a
        ``random_state`` would draw others at each fit); each is a blank clone
        of the forecaster (one given pretrained is pretrained anew), pretrained
        on the search's ``backend``, as its fit scores them. A candidate whose
        ``pretrain`` fails fails this one: ``error_score`` applies to the
        scores of ``fit``.

        Parameters
        ----------
        y : pandas.DataFrame
            A long panel (``pd-multiindex`` or ``pd_multiindex_hier``).
        X : pandas.DataFrame or None
            Exogenous data at the rows of ``y``.
        fh : ForecastingHorizon or None
            Passed to each candidate's ``pretrain``.

        Returns
        -------
        self
        """
        if not self.get_tag("capability:pretrain"):
            return super()._pretrain(y, X=X, fh=fh)  # sktime's no-op
        candidates = list(self._run_search(list))  # what fit would search
        forecasters = parallelize(
            fun=_pretrained_candidate,
            iter=candidates,
            meta={"forecaster": self.forecaster, "y": y, "X": X, "fh": fh},
            backend=self.backend,
            backend_params=self.backend_params or {},
        )
        self.pretrained_candidates_ = list(zip(candidates, forecasters, strict=True))
        return self

    def _pretrain_update(self, y, X=None, fh=None):
        """Pretrain every candidate further on another panel, all or none."""
        if not self.get_tag("capability:pretrain"):
            return super()._pretrain_update(y, X=X, fh=fh)
        pretrained = getattr(self, "pretrained_candidates_", None)
        forecasters = None if pretrained is None else [f for _, f in pretrained]
        trained = pretrain_all_or_none(self, forecasters, y, X=X, fh=fh)
        self.pretrained_candidates_ = [
            (params, forecaster)
            for (params, _), forecaster in zip(pretrained, trained, strict=True)
        ]
        return self

    def _fit(self, y, X, fh):
        """Score the pretrained candidates on ``y``, keep the best (sktime's search).

        Without ``pretrain``, sktime's search. After it, sktime's
        ``ForecastingGridSearchCV`` over a ``MultiplexForecaster`` of the
        pretrained candidates: each is scored as sktime scores a candidate
        (cloned, which keeps the pretraining, then fitted on each training
        window of ``cv``), and the results are written here under the
        candidates' parameters.
        """
        pretrained = getattr(self, "pretrained_candidates_", None)
        if pretrained is None:
            return super()._fit(y, X, fh)
        names = [f"candidate_{i}" for i in range(len(pretrained))]
        candidates = dict(zip(names, pretrained, strict=True))
        search = ForecastingGridSearchCV(
            MultiplexForecaster([(n, f) for n, (_, f) in candidates.items()]),
            param_grid={"selected_forecaster": names},
            **{key: getattr(self, key) for key in _SEARCH_PARAMS},
        ).fit(y, X=X, fh=fh)
        self._report(search, candidates)
        return self

    def _report(self, search, candidates: dict) -> None:
        """Write the multiplexed search's results under the candidates' parameters.

        ``candidates`` maps the multiplexer's names to (parameters, pretrained
        forecaster) pairs.
        """

        def chosen(multiplex):
            # refitted: the candidate fitted on y; else the candidate, unfitted
            if self.refit:
                return multiplex.forecaster_
            return candidates[multiplex.selected_forecaster][1].clone()

        def params(selection: dict) -> dict:
            # a dict of its own, as sktime's: an edit must not reach the record
            return dict(candidates[selection["selected_forecaster"]][0])

        results = search.cv_results_.copy()
        results["params"] = results["params"].map(params)
        self.cv_results_ = results
        self.best_index_ = search.best_index_
        self.best_score_ = search.best_score_
        self.best_params_ = params(search.best_params_)
        self.best_forecaster_ = chosen(search.best_forecaster_)
        self.n_best_forecasters_ = [
            (rank, chosen(multiplex)) for rank, multiplex in search.n_best_forecasters_
        ]
        self.n_best_scores_ = list(search.n_best_scores_)

    def set_params(self, **params):
        """Set parameters, keeping the pretrained candidates where they can be kept.

        sktime's ``set_params`` resets the search to a new one. Here, after
        :meth:`pretrain`, how the candidates are scored (``cv``,
        ``scoring``, ``strategy``, ``refit``...) keeps them; a parameter of
        the forecaster (``forecaster__<name>``) is also set on each
        pretrained candidate whose own parameters do not fix it, and keeps
        them where each candidate keeps its pretraining
        (``LSTMForecaster``: ``fine_tune_epochs`` and the other parameters
        only a fit reads). The forecaster itself, or which candidates are
        drawn, changes what was pretrained: the pretraining is dropped, with
        a :class:`~skltsm.exceptions.SkltsmWarning`.

        Parameters
        ----------
        **params : dict
            ``<parameter>`` or ``forecaster__<parameter>`` keys.

        Returns
        -------
        self
        """
        pretrained = getattr(self, "pretrained_candidates_", None)
        if not getattr(self, "_pretrained_attrs", None) or not params:
            super().set_params(**params)
            if params:  # skbase reset before it set the forecaster's parameters:
                self.reset()  # the tags copied from it read them now
            return self
        params = full_keys(self, params)  # skbase's key suffixes: whose are they
        changed = changed_params(self, params)
        own = {
            key.removeprefix("forecaster__"): params[key]
            for key in changed
            if key.startswith("forecaster__")
        }
        super().set_params(**params)  # a new search, its parameters set
        redrawn = sorted(changed & {"forecaster", *self._drawing_params})
        if redrawn:
            _warn_dropped(f"set_params({', '.join(redrawn)}) changes the candidates")
            self.reset()  # the tags copied from the forecaster read it as set
            return self
        for candidate_params, forecaster in pretrained:
            left = _left_to_the_forecaster(own, candidate_params, forecaster)
            if left:
                forecaster.set_params(**left)  # may drop its pretraining
        if any(forecaster.state == "new" for _, forecaster in pretrained):
            _warn_dropped("a candidate's pretraining was dropped by its set_params")
            self.reset()  # the tags copied from the forecaster read it as set
            return self
        self.pretrained_candidates_ = pretrained
        self._pretrained_attrs = list(self.get_tag("pretrain:fitted_params"))
        self._state = "pretrained"
        # skbase reset (and sktime copied the forecaster's tags) before the
        # forecaster's parameters were set: reset again, keeping the candidates
        self._reset_at("pretrained")
        return self


def _warn_dropped(why: str) -> None:
    warn(
        f"{why}, so the pretrained candidates were dropped: the search is reset to "
        "a new one. Call pretrain again before fit.",
        SkltsmWarning,
    )


def _left_to_the_forecaster(params: dict, candidate_params: dict, candidate) -> dict:
    """Return the forecaster's ``params`` that a candidate's own do not set.

    A candidate's key (skbase's suffix resolved on the candidate) sets the
    parameter it names and everything nested in it: a candidate's
    ``pipeline`` sets ``pipeline__lagtransformer__look_back``, as in a
    fresh search, where the candidate's parameters are set last.
    """
    own = full_keys(candidate, candidate_params)
    return {
        key: value
        for key, value in params.items()
        if not any(key == name or key.startswith(f"{name}__") for name in own)
    }


def _pretrained_candidate(params: dict, meta: dict):
    """Return a blank clone of the forecaster with ``params`` set, pretrained.

    Blank: sktime's clone of a forecaster given pretrained keeps its network,
    which the candidates whose parameters leave it would train on (and the
    others not). The candidate's parameters are copies, so that a later
    ``set_params`` of the search does not reach the estimators of the grid.
    """
    forecaster = meta["forecaster"]._clone_at("new").set_params(**deepcopy(params))
    return forecaster.pretrain(meta["y"], X=meta["X"], fh=meta["fh"])


class PretrainableForecastingGridSearchCV(
    _SearchOverPretrainedCandidates, ForecastingGridSearchCV
):
    """sktime's ``ForecastingGridSearchCV`` whose ``pretrain`` pretrains each candidate.

    ``pretrain(panel)`` pretrains a clone of ``forecaster`` for each point
    of ``param_grid`` (its parameters set: units, look-back); a ``fit`` on a
    series then scores those pretrained candidates with ``cv`` on it
    (each fitted on each training window as a pretrained forecaster is:
    fine-tuned, or as it is) and keeps the best, fitted on the series. So
    ``evaluate(search, cv_global=...)`` tunes pretrained networks, where
    sktime's search trains each candidate from scratch on each series.
    Without ``pretrain``, or around a forecaster that cannot be pretrained,
    it is sktime's search.

    Parameters
    ----------
    forecaster : BaseForecaster
        The forecaster searched: each candidate is its clone with the
        candidate's parameters set.
    cv : BaseSplitter
        sktime's splitter of the series ``fit`` scores the candidates on.
    param_grid : dict or list of dict
        The candidates' parameters, as sktime's (and scikit-learn's).
    scoring : sktime metric, str or None, default=None
        As sktime's (``None``: the mean absolute percentage error).
    strategy : {"refit", "update", "no-update_params"}, default="refit"
        How each candidate goes from one window of ``cv`` to the next, as
        sktime's ``evaluate``.
    update_behaviour : {"full_refit", "inner_only", "no_update"}, default="full_refit"
        What ``update`` does, as sktime's.
    refit : bool, default=True
        Whether the best candidate is fitted on the whole series.
    tune_by_instance, tune_by_variable : bool, default=False
        Search each series (each variable) on its own, as sktime's.
    verbose : int, default=0
        As sktime's.
    return_n_best_forecasters : int, default=1
        How many of the best candidates ``n_best_forecasters_`` holds.
    error_score : "raise" or float, default=np.nan
        The score of a candidate whose fit fails, as sktime's.
    backend : str or None, default="loky"
        sktime's parallel backend, for the candidates' scores and, here,
        for their pretraining too.
    backend_params : dict or None, default=None
        Passed to ``backend``.
    n_jobs : str, default="deprecated"
        Ignored, as sktime's.

    Attributes
    ----------
    pretrained_candidates_ : list of (dict, forecaster)
        After ``pretrain``: each candidate's parameters and its pretrained
        forecaster. sktime keeps it through the resets of later fits and
        carries it into clones.
    best_forecaster_, best_params_, best_score_, best_index_, cv_results_,
    n_best_forecasters_, n_best_scores_
        As sktime's, after ``fit``: the best pretrained candidate, fitted on
        the series when ``refit``.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from sktime.split import SingleWindowSplitter
    >>> from skltsm import LagTransformer, LSTMRegressor, make_forecast_pipeline
    >>> from skltsm.sktime import (
    ...     LSTMForecaster, PretrainableForecastingGridSearchCV,
    ... )
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
    >>> search = PretrainableForecastingGridSearchCV(
    ...     network,
    ...     cv=SingleWindowSplitter(fh=[1, 2], window_length=30),
    ...     param_grid={"pipeline__lagtransformer__look_back": [3, 6]},
    ...     backend=None,  # this process; the default, "loky", starts workers
    ... )
    >>> search = search.pretrain(panel, fh=[1, 2])
    >>> len(search.pretrained_candidates_)
    2
    >>> new = pd.Series(15.0 + np.arange(36.0), index=months, name="y")
    >>> search.fit(new, fh=[1, 2]).predict().shape
    (2,)
    >>> search.best_forecaster_.state
    'fitted'
    """

    _drawing_params = ("param_grid",)

    def __init__(
        self,
        forecaster,
        cv,
        param_grid,
        scoring=None,
        strategy="refit",
        update_behaviour="full_refit",
        refit=True,
        tune_by_instance=False,
        tune_by_variable=False,
        verbose=0,
        return_n_best_forecasters=1,
        error_score=np.nan,
        backend="loky",
        backend_params=None,
        n_jobs="deprecated",
    ):
        super().__init__(
            forecaster,
            cv,
            param_grid,
            scoring=scoring,
            strategy=strategy,
            update_behaviour=update_behaviour,
            refit=refit,
            tune_by_instance=tune_by_instance,
            tune_by_variable=tune_by_variable,
            verbose=verbose,
            return_n_best_forecasters=return_n_best_forecasters,
            error_score=error_score,
            backend=backend,
            backend_params=backend_params,
            n_jobs=n_jobs,
        )

    @classmethod
    def get_test_params(cls, parameter_set: str = "default") -> list[dict]:
        """Return the searches sktime's checks run: grids over tiny forecasters.

        Parameters
        ----------
        parameter_set : str, default="default"
            Unused: one set.

        Returns
        -------
        params : list of dict
            ``LSTMForecaster`` around a tiny MLP searched over its
            look-back on one window; its first test instance, a tiny LSTM,
            over its fine-tuning epochs.
        """
        return _test_searches({"param_grid": _look_backs()}, {"param_grid": _tunings()})


class PretrainableForecastingRandomizedSearchCV(
    _SearchOverPretrainedCandidates, ForecastingRandomizedSearchCV
):
    """sktime's ``ForecastingRandomizedSearchCV``, its candidates pretrained.

    As :class:`PretrainableForecastingGridSearchCV`, for the ``n_iter``
    candidates drawn from ``param_distributions``. They are drawn once, by
    ``pretrain``: a ``fit`` after it scores those, whatever the
    ``random_state``.

    Parameters
    ----------
    forecaster : BaseForecaster
        The forecaster searched: each candidate is its clone with the
        candidate's parameters set.
    cv : BaseSplitter
        sktime's splitter of the series ``fit`` scores the candidates on.
    param_distributions : dict or list of dict
        What the candidates' parameters are drawn from, as sktime's.
    n_iter : int, default=10
        How many candidates are drawn.
    scoring : sktime metric, str or None, default=None
        As sktime's (``None``: the mean absolute percentage error).
    strategy : {"refit", "update", "no-update_params"}, default="refit"
        How each candidate goes from one window of ``cv`` to the next, as
        sktime's ``evaluate``.
    update_behaviour : {"full_refit", "inner_only", "no_update"}, default="full_refit"
        What ``update`` does, as sktime's.
    refit : bool, default=True
        Whether the best candidate is fitted on the whole series.
    tune_by_instance, tune_by_variable : bool, default=False
        Search each series (each variable) on its own, as sktime's.
    verbose : int, default=0
        As sktime's.
    return_n_best_forecasters : int, default=1
        How many of the best candidates ``n_best_forecasters_`` holds.
    error_score : "raise" or float, default=np.nan
        The score of a candidate whose fit fails, as sktime's.
    backend : str or None, default="loky"
        sktime's parallel backend, for the candidates' scores and, here,
        for their pretraining too.
    backend_params : dict or None, default=None
        Passed to ``backend``.
    random_state : int, RandomState or None, default=None
        The draw's seed. The candidates are drawn by ``pretrain`` (or by
        each ``fit`` without it).
    n_jobs : str, default="deprecated"
        Ignored, as sktime's.

    Attributes
    ----------
    pretrained_candidates_ : list of (dict, forecaster)
        After ``pretrain``: each candidate's parameters and its pretrained
        forecaster.
    best_forecaster_, best_params_, best_score_, best_index_, cv_results_,
    n_best_forecasters_, n_best_scores_
        As sktime's, after ``fit``.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from sktime.split import SingleWindowSplitter
    >>> from skltsm import LagTransformer, LSTMRegressor, make_forecast_pipeline
    >>> from skltsm.sktime import (
    ...     LSTMForecaster, PretrainableForecastingRandomizedSearchCV,
    ... )
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
    >>> search = PretrainableForecastingRandomizedSearchCV(
    ...     network,
    ...     cv=SingleWindowSplitter(fh=[1, 2], window_length=30),
    ...     param_distributions={"pipeline__lstmregressor__units": [2, 4, 8]},
    ...     n_iter=2,
    ...     backend=None,  # this process; the default, "loky", starts workers
    ... )
    >>> drawn = search.pretrain(panel, fh=[1, 2]).pretrained_candidates_
    >>> new = pd.Series(15.0 + np.arange(36.0), index=months, name="y")
    >>> search.fit(new, fh=[1, 2]).best_params_ in [params for params, _ in drawn]
    True
    """

    _drawing_params = ("param_distributions", "n_iter", "random_state")

    def __init__(
        self,
        forecaster,
        cv,
        param_distributions,
        n_iter=10,
        scoring=None,
        strategy="refit",
        update_behaviour="full_refit",
        refit=True,
        tune_by_instance=False,
        tune_by_variable=False,
        verbose=0,
        return_n_best_forecasters=1,
        error_score=np.nan,
        backend="loky",
        backend_params=None,
        random_state=None,
        n_jobs="deprecated",
    ):
        super().__init__(
            forecaster,
            cv,
            param_distributions,
            n_iter=n_iter,
            scoring=scoring,
            strategy=strategy,
            update_behaviour=update_behaviour,
            refit=refit,
            tune_by_instance=tune_by_instance,
            tune_by_variable=tune_by_variable,
            verbose=verbose,
            return_n_best_forecasters=return_n_best_forecasters,
            error_score=error_score,
            backend=backend,
            backend_params=backend_params,
            random_state=random_state,
            n_jobs=n_jobs,
        )

    @classmethod
    def get_test_params(cls, parameter_set: str = "default") -> list[dict]:
        """Return the searches sktime's checks run: draws over tiny forecasters.

        Parameters
        ----------
        parameter_set : str, default="default"
            Unused: one set.

        Returns
        -------
        params : list of dict
            As :class:`PretrainableForecastingGridSearchCV`'s, two draws each.
        """
        return _test_searches(
            {"param_distributions": _look_backs(), "n_iter": 2, "random_state": 0},
            {"param_distributions": _tunings(), "n_iter": 2, "random_state": 0},
        )


def _look_backs() -> dict:
    return {"pipeline__lagtransformer__look_back": [2, 3]}


def _tunings() -> dict:
    return {"fine_tune_epochs": [0, 1]}


def _test_searches(look_backs: dict, tunings: dict) -> list[dict]:
    """Two searches on one window: over look-backs, over fine-tuning epochs.

    The first searches ``LSTMForecaster`` around a tiny MLP, the second
    around a tiny LSTM (:func:`composite_test_forecasters`).
    """
    from sktime.split import SingleWindowSplitter

    linear, network = composite_test_forecasters()
    cv = SingleWindowSplitter(fh=1, window_length=10)
    return [
        {"forecaster": linear, "cv": cv, **look_backs},
        {"forecaster": network, "cv": cv, **tunings},
    ]
