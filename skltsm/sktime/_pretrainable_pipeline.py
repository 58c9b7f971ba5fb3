"""sktime's pipelines, with ``pretrain`` passed through their transformers.

sktime 1.2's ``TransformedTargetForecaster`` (what ``transformer *
forecaster`` builds: transformers of ``y``) and ``ForecastingPipeline``
(``transformer ** forecaster``: transformers of the covariates ``X``) have
no ``_pretrain``, so their ``pretrain`` is ``BaseForecaster``'s no-op:
``(PositiveDeseasonalizer(sp=12) * LSTMForecaster()).pretrain(panel)``
trains nothing, the ``fit`` on a new series that follows trains the network
from its initial weights, and ``evaluate(..., cv_global=...)`` scores that
as the pretrained forecaster, all without a warning.
:class:`PretrainableTransformedTargetForecaster` and
:class:`PretrainableForecastingPipeline` are those pipelines with the hook
sktime leaves out: ``pretrain`` fits the transformers in front of the
forecaster on the panel (each series its own, sktime's loop over series)
and pretrains the forecaster on what they return; ``fit`` then refits the
transformers on the new series and fits the pretrained forecaster (which
fine-tunes or uses its network as it is). ``LSTMForecaster``'s ``*`` and
``**`` build them (ADR 0020's amendments).
"""

from __future__ import annotations

import pickle

from sktime.forecasting.compose import (
    ForecastingPipeline,
    TransformedTargetForecaster,
)

from skltsm._warn import warn
from skltsm.exceptions import SkltsmWarning
from skltsm.sktime._pretraining import changed_params, full_keys
from skltsm.sktime._rollback import ComposedAllOrNothing

__all__ = [
    "PretrainableForecastingPipeline",
    "PretrainableTransformedTargetForecaster",
    "PretrainingOperators",
    "can_pretrain",
    "pretrain_all_or_none",
    "pretrainable",
]


def can_pretrain(forecaster) -> bool:
    """Whether ``forecaster`` has sktime's ``capability:pretrain``.

    sktime's forecasters without pretraining do not declare the tag.

    Examples
    --------
    >>> from sktime.forecasting.naive import NaiveForecaster
    >>> can_pretrain(NaiveForecaster())
    False
    """
    return bool(
        forecaster.get_tag(
            "capability:pretrain", tag_value_default=False, raise_error=False
        )
    )


def pretrain_all_or_none(owner, forecasters, y, X=None, fh=None) -> list:
    """Return copies of ``forecasters`` pretrained further on ``y``, all or none.

    A composite's further ``pretrain`` (its ``_pretrain_update``) trains each
    pretrained forecaster it holds on another panel; one that refuses (a
    network that cannot go on from its weights) must leave every one as it
    was. They train on copies, returned only when all of them have trained.
    The copies are a pickle's, which keeps who pretrained each network (a
    deep copy would not). ``None`` entries (forecasters that cannot be
    pretrained) stay ``None``.

    Parameters
    ----------
    owner : BaseForecaster
        The composite, named in the error.
    forecasters : list or None
        Its pretrained forecasters; ``None`` if it was fitted but never
        pretrained (sktime sends ``pretrain`` to ``_pretrain_update`` in any
        state but ``"new"``), which is a ``ValueError`` that says what to do.
    y, X, fh
        As ``pretrain``'s.

    Returns
    -------
    list
        The pretrained copies, in order.
    """
    if forecasters is None:
        raise ValueError(
            f"{type(owner).__name__} was fitted but never pretrained, so it has no "
            "pretrained forecasters to train further. To pretrain, call reset() "
            "first (or pretrain a new one), then fit the series."
        )
    copies = pickle.loads(pickle.dumps(forecasters))
    for forecaster in copies:
        if forecaster is not None:
            forecaster.pretrain(y, X=X, fh=fh)
    return copies


class PretrainingOperators:
    """sktime's ``*`` and ``**`` for a forecaster that pretrains: its pipelines too.

    sktime's operators build its ``TransformedTargetForecaster`` (``*``) and
    ``ForecastingPipeline`` (``**``), whose ``pretrain`` does nothing; a
    forecaster with this mixin before sktime's base class gets the same steps
    as :class:`PretrainableTransformedTargetForecaster` and
    :class:`PretrainableForecastingPipeline`. ``LSTMForecaster``, the two
    pipelines and ``PretrainableEnsembleForecaster`` have it, so any nesting
    of them keeps pretraining.
    """

    def __mul__(self, other):
        """Return ``self * transformer``: a transformer of the forecasts after."""
        return pretrainable(super().__mul__(other))

    def __rmul__(self, other):
        """Return ``transformer * self``: a transformer of ``y`` in front."""
        return pretrainable(super().__rmul__(other))

    def __rpow__(self, other):
        """Return ``transformer ** self``: a transformer of ``X`` in front."""
        return pretrainable(super().__rpow__(other))

    def __or__(self, other):
        """Return ``self | forecaster``: one of them, chosen by a parameter."""
        return pretrainable(super().__or__(other))


class _PretrainedThroughSteps(ComposedAllOrNothing, PretrainingOperators):
    """What both pipelines add to sktime's: ``pretrain`` and ``set_params``.

    A call refused (an update a step refuses) changes none of the steps
    (:class:`~skltsm.sktime._rollback.ComposedAllOrNothing`).

    A subclass says which data its transformers transform before the
    forecaster is pretrained (:meth:`_pretrain_steps`) and whether sktime
    allows transformers after the forecaster (``_allow_postproc``, for the
    clone of the steps :meth:`_pretrain` makes).
    """

    _allow_postproc: bool

    _tags = {
        # what pretrain leaves: the transformers and the pretrained forecaster
        # (in steps_, which a fit refits), and the pretrained forecaster as
        # pretrain left it; sktime keeps them through the reset of a refit
        # and copies them into clones
        "pretrain:fitted_params": ["steps_", "pretrained_forecaster_"],
    }

    def __dynamic_tags__(self):
        """Copy two more of the forecaster's tags than sktime's pipelines do.

        ``capability:pretrain``, and ``capability:non_contiguous_X``: a
        forecaster that reads the covariates at every step up to the last one
        forecast (``LSTMForecaster``'s recursion) needs them in the pipeline
        too; sktime's pipelines claim they do not.
        """
        super().__dynamic_tags__()
        self.set_tags(**{"capability:pretrain": can_pretrain(self.forecaster_)})
        self.clone_tags(self.forecaster_, ["capability:non_contiguous_X"])

    def _pretrain(self, y, X=None, fh=None):
        """Fit the transformers on the panel, then pretrain the forecaster.

        Parameters
        ----------
        y : pandas.DataFrame
            A long panel (``pd-multiindex`` or ``pd_multiindex_hier``).
        X : pandas.DataFrame or None
            Exogenous data at the rows of ``y``.
        fh : ForecastingHorizon or None
            Passed to the forecaster's ``pretrain``.

        Returns
        -------
        self
        """
        if not self.get_tag("capability:pretrain"):
            return super()._pretrain(y, X=X, fh=fh)  # sktime's no-op
        # sktime clones steps_ from steps at construction, and set_params
        # resets before it sets the steps' parameters: a fit resets again,
        # pretrain does not, so it clones the steps as they are now
        self.steps_ = self._check_steps(self.steps, allow_postproc=self._allow_postproc)
        self.pretrained_forecaster_ = self.forecaster_
        return self._pretrain_and_record(y, X=X, fh=fh)

    def _pretrain_update(self, y, X=None, fh=None):
        """Pretrain further on another panel, each of its series transformed anew.

        sktime's ``ForecastingPipeline`` fits a clone of its forecaster (its
        target pipeline fits it in place): pretraining goes on with the
        forecaster pretrained, which knows that it pretrained its network
        (a copy's further ``pretrain`` is warned of, or starts anew).
        """
        if not self.get_tag("capability:pretrain"):
            return super()._pretrain_update(y, X=X, fh=fh)
        # fitted but never pretrained: the fitted forecaster's pretrain says
        # what it does then (LSTMForecaster: refuses, and says what to do)
        forecaster = getattr(self, "pretrained_forecaster_", self.forecaster_)
        self._put_forecaster(forecaster)
        self.pretrained_forecaster_ = forecaster
        return self._pretrain_and_record(y, X=X, fh=fh)

    def _pretrain_and_record(self, y, X=None, fh=None):
        """Pretrain through the steps, and record what pretraining left."""
        self._pretrain_steps(y, X=X, fh=fh)
        self._record_pretrained()
        return self

    def _record_pretrained(self) -> None:
        # sktime records as pretrained only the attributes pretrain creates;
        # steps_ exists from construction, and its clone plugin and the reset
        # of a refit keep nothing of an estimator that recorded none
        self._pretrained_attrs = list(self.get_tag("pretrain:fitted_params"))

    def _put_forecaster(self, forecaster) -> None:
        """Put ``forecaster`` in the forecaster's place of ``steps_``."""
        steps = list(self.steps_)
        index = self._get_forecaster_index(steps)
        steps[index] = (steps[index][0], forecaster)
        self.steps_ = steps

    def _pretrain_steps(self, y, X=None, fh=None) -> None:
        """Fit the transformers of ``steps_`` on the panel, pretrain its forecaster."""
        raise NotImplementedError

    def set_params(self, **params):
        """Set parameters, keeping the pretrained forecaster where it can be kept.

        sktime's ``set_params`` resets the pipeline to a new one, so after
        :meth:`pretrain` a ``ForecastingGridSearchCV`` over what only ``fit``
        reads (``LSTMForecaster__fine_tune_epochs``, say) would score a
        network trained from scratch. Here the parameters of the forecaster
        are also set on the pretrained one, which keeps its network or drops
        it as its own ``set_params`` says (``LSTMForecaster``: with a
        :class:`~skltsm.exceptions.SkltsmWarning`). A parameter of a
        transformer (or the steps themselves) changes what the network was
        pretrained on: the pretraining is dropped, with a ``SkltsmWarning``.

        Parameters
        ----------
        **params : dict
            ``<parameter>`` or ``<step name>__<parameter>`` keys.

        Returns
        -------
        self
        """
        if not getattr(self, "_pretrained_attrs", None) or not params:
            super().set_params(**params)
            if params:  # skbase reset before it set the steps (or, for a step
                self.reset()  # replaced by name, not at all): the tags read them now
            return self
        steps, forecaster = self.steps_, self.pretrained_forecaster_
        name = steps[self._get_forecaster_index(steps)][0]
        prefix = f"{name}__"
        params = full_keys(self, params)  # skbase's key suffixes: whose are they
        changed = changed_params(self, params)
        elsewhere = sorted(key for key in changed if not key.startswith(prefix))
        super().set_params(**params)  # a new pipeline, its steps set
        if elsewhere:
            what = (
                "replaces the pretrained forecaster"
                if name in elsewhere
                else "changes the data the forecaster was pretrained on"
            )
            warn(
                f"set_params({', '.join(elsewhere)}) {what}, so the pretraining was "
                "dropped: the pipeline is reset to a new one. Call pretrain again "
                f"before fit. Parameters of the forecaster ({prefix}...) keep it "
                "where the forecaster does.",
                SkltsmWarning,
            )
            self.reset()  # skbase does not reset for a step replaced by name
            return self
        own = {k.removeprefix(prefix): v for k, v in params.items() if k in changed}
        if own:
            forecaster.set_params(**own)  # may drop its pretraining, and say so
        if forecaster.state != "new":
            self.steps_ = steps
            self._put_forecaster(forecaster)
            self.pretrained_forecaster_ = forecaster
            self._record_pretrained()
            self._state = "pretrained"
            # skbase reset (and the tags read the forecaster) before the steps'
            # parameters were set: reset again, keeping what pretrain left
            self._reset_at("pretrained")
        else:
            self.reset()  # the tags read the steps as they are now
        return self


class PretrainableTransformedTargetForecaster(
    _PretrainedThroughSteps, TransformedTargetForecaster
):
    """sktime's ``TransformedTargetForecaster`` whose ``pretrain`` works.

    The transformers before the forecaster are fitted on the panel given to
    ``pretrain`` and transform it; the forecaster is pretrained on the
    result. A ``fit`` after ``pretrain`` refits the transformers on its own
    series (a deseasonaliser learns the new series' seasonal indices) and
    fits the pretrained forecaster on what they return, as sktime's
    pipeline does on its first fit. Everything else is sktime's.

    ``set_params`` of the forecaster's parameters sets them on the pretrained
    forecaster too, which keeps its network where its own ``set_params``
    does (what only ``fit`` reads); a transformer's parameter drops the
    pretraining, with a warning.

    ``pretrain`` trains something only when the forecaster can
    (``capability:pretrain``, which the pipeline copies); otherwise it is
    sktime's no-op, as for sktime's pipeline.

    Parameters
    ----------
    steps : list of sktime transformers and one forecaster, or (name, estimator) pairs
        As sktime's ``TransformedTargetForecaster``: transformers before the
        forecaster transform ``y`` (their inverse brings the forecasts back),
        those after it post-process the forecasts.

    Attributes
    ----------
    steps_ : list of (str, estimator)
        The fitted (and, after ``pretrain``, pretrained) clones of ``steps``,
        which sktime keeps through the resets of later fits and carries into
        clones.
    pretrained_forecaster_ : sktime forecaster
        After ``pretrain``: the forecaster as pretraining left it, which a
        further ``pretrain`` trains on (a fit may fit a clone of it).

    See Also
    --------
    LSTMForecaster : ``transformer * LSTMForecaster(...)`` builds this pipeline.
    PretrainableForecastingPipeline : the same for transformers of ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from skltsm import LagTransformer, LSTMRegressor, make_forecast_pipeline
    >>> from skltsm.sktime import LSTMForecaster, PositiveDeseasonalizer
    >>> months = pd.period_range("2000-01", periods=48, freq="M")
    >>> season = 1 + 0.3 * np.sin(np.arange(48) * np.pi / 6)
    >>> panel = pd.concat(
    ...     {k: pd.DataFrame({"y": level * season}, index=months)
    ...      for k, level in [("a", 10.0), ("b", 20.0)]},
    ...     names=["series", "time"],
    ... )
    >>> network = LSTMForecaster(
    ...     make_forecast_pipeline(
    ...         LagTransformer(look_back=6),
    ...         LSTMRegressor(units=4, epochs=2, window_scaling="mean",
    ...                       random_state=0),
    ...     ),
    ...     random_state=0,
    ... )
    >>> pipe = PositiveDeseasonalizer(sp=12) * network
    >>> type(pipe).__name__
    'PretrainableTransformedTargetForecaster'
    >>> pipe = pipe.pretrain(panel, fh=[1, 2, 3])
    >>> new = pd.Series(15.0 * season, index=months, name="y")
    >>> pipe.fit(new, fh=[1, 2, 3]).predict().shape
    (3,)
    """

    _allow_postproc = True

    def __init__(self, steps):
        # sktime's signature, declared here for the documentation's sake
        super().__init__(steps)

    def _pretrain_steps(self, y, X=None, fh=None) -> None:
        """Fit the transformers of ``y`` on the panel, pretrain the forecaster on it."""
        transformed = y
        for _, transformer in self.transformers_pre_:
            transformed = transformer.fit_transform(X=transformed, y=X)
        self.forecaster_.pretrain(transformed, X=X, fh=fh)

    @classmethod
    def get_test_params(cls, parameter_set: str = "default") -> list[dict]:
        """Return the pipelines sktime's checks run: a tiny network behind each.

        Parameters
        ----------
        parameter_set : str, default="default"
            Unused: one set.

        Returns
        -------
        params : list of dict
            A per-series seasonal adjustment in front of a pretrainable
            ``LSTMForecaster`` around a tiny MLP (instance 0, which the tests
            check), and sktime's exponent transform in front of a tiny LSTM.
        """
        from sktime.transformations.series.exponent import ExponentTransformer

        from skltsm.sktime._deseasonalizer import PositiveDeseasonalizer

        fast, network = composite_test_forecasters()
        return [
            {"steps": [PositiveDeseasonalizer(sp=2), fast]},
            {"steps": [ExponentTransformer(power=1), network]},
        ]


class PretrainableForecastingPipeline(_PretrainedThroughSteps, ForecastingPipeline):
    """sktime's ``ForecastingPipeline`` (of ``X``) whose ``pretrain`` works.

    The transformers before the forecaster are fitted on the covariates of
    the panel given to ``pretrain`` (each series its own) and transform
    them; the forecaster is pretrained on the panel with what they return.
    A ``fit`` after ``pretrain`` refits the transformers on the new series'
    covariates and fits the pretrained forecaster, as sktime's pipeline does
    on its first fit. As in sktime's, the transformers are skipped when the
    forecaster ignores ``X``, or when ``X`` is not given and the first
    transformer needs it. Everything else is sktime's.

    ``set_params`` and a forecaster that cannot pretrain behave as in
    :class:`PretrainableTransformedTargetForecaster`.

    Parameters
    ----------
    steps : list of sktime transformers and one forecaster, or (name, estimator) pairs
        As sktime's ``ForecastingPipeline``: transformers of ``X``, then the
        forecaster, last.

    Attributes
    ----------
    steps_ : list of (str, estimator)
        The fitted (and, after ``pretrain``, pretrained) clones of ``steps``,
        which sktime keeps through the resets of later fits and carries into
        clones.
    pretrained_forecaster_ : sktime forecaster
        After ``pretrain``: the forecaster as pretraining left it, which a
        further ``pretrain`` trains on (a fit may fit a clone of it).

    See Also
    --------
    LSTMForecaster : ``transformer ** LSTMForecaster(...)`` builds this pipeline.
    PretrainableTransformedTargetForecaster : the same for transformers of ``y``.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sktime.transformations.series.adapt import TabularToSeriesAdaptor
    >>> from skltsm import LagTransformer, LSTMRegressor, make_forecast_pipeline
    >>> from skltsm.sktime import LSTMForecaster
    >>> months = pd.period_range("2000-01", periods=30, freq="M")
    >>> index = pd.MultiIndex.from_product([["a", "b"], months])
    >>> panel = pd.DataFrame({"y": np.arange(60.0) % 30 + 10}, index=index)
    >>> prices = pd.DataFrame({"price": np.arange(60.0) % 7 + 1}, index=index)
    >>> network = LSTMForecaster(
    ...     make_forecast_pipeline(
    ...         LagTransformer(look_back=6),
    ...         LSTMRegressor(units=4, epochs=2, window_scaling="mean",
    ...                       random_state=0),
    ...     ),
    ...     random_state=0,
    ... )
    >>> standardised = TabularToSeriesAdaptor(StandardScaler())  # each series its own
    >>> pipe = standardised ** network
    >>> type(pipe).__name__
    'PretrainableForecastingPipeline'
    >>> pipe = pipe.pretrain(panel, X=prices, fh=[1, 2])
    >>> new = pd.Series(np.arange(30.0) + 5, index=months, name="y")
    >>> future = pd.period_range("2000-01", periods=32, freq="M")
    >>> new_prices = pd.DataFrame({"price": np.arange(32.0) % 7 + 1}, index=future)
    >>> pipe.fit(new, X=new_prices.iloc[:30], fh=[1, 2])
    PretrainableForecastingPipeline(...)
    >>> pipe.predict(X=new_prices.iloc[30:]).shape
    (2,)
    """

    _allow_postproc = False

    def __init__(self, steps):
        # sktime's signature, declared here for the documentation's sake
        super().__init__(steps)

    def _pretrain_steps(self, y, X=None, fh=None) -> None:
        """Fit the transformers of ``X`` on the panel, pretrain the forecaster on it."""
        if not self._skips_transformers(X):
            for _, _, transformer in self._iter_transformers():
                X = transformer.fit_transform(X=X, y=y)
        self.forecaster_.pretrain(y, X=X, fh=fh)

    def _skips_transformers(self, X) -> bool:
        """Skip them when ``X`` goes unused or is missing (sktime's ``_fit``'s rule)."""
        first = self.steps_[0][1]
        missing = len(self.steps_) > 1 and first.get_tag("requires_X") and X is None
        return missing or not self.get_tag("capability:exogenous")

    @classmethod
    def get_test_params(cls, parameter_set: str = "default") -> list[dict]:
        """Return the pipelines sktime's checks run: a tiny network behind each.

        Parameters
        ----------
        parameter_set : str, default="default"
            Unused: one set.

        Returns
        -------
        params : list of dict
            sktime's exponent transform of ``X`` in front of a pretrainable
            ``LSTMForecaster`` around a tiny MLP (instance 0, which the tests
            check), and a scaling of ``X`` by scikit-learn's ``StandardScaler``
            in front of a tiny LSTM.
        """
        from sklearn.preprocessing import StandardScaler
        from sktime.transformations.series.adapt import TabularToSeriesAdaptor
        from sktime.transformations.series.exponent import ExponentTransformer

        fast, network = composite_test_forecasters()
        return [
            {"steps": [ExponentTransformer(power=0.5), fast]},
            {"steps": [TabularToSeriesAdaptor(StandardScaler()), network]},
        ]


def composite_test_forecasters() -> tuple:
    """Return the forecasters the composites' test instances are built around.

    ``LSTMForecaster``'s ``"fast"`` test instance, around a tiny MLP, for each
    composite's first instance, the one skltsm's tests run sktime's checks
    on: what they exercise is the composite's code, in a fraction of the
    time. Then its first test instance, a tiny LSTM, for the others.
    """
    from skltsm.sktime._forecaster import LSTMForecaster

    return (
        LSTMForecaster.create_test_instance(parameter_set="fast"),
        LSTMForecaster(**LSTMForecaster.get_test_params()[0]),
    )


#: sktime's pipeline class -> skltsm's, whose pretrain works
_PRETRAINABLE = {
    TransformedTargetForecaster: PretrainableTransformedTargetForecaster,
    ForecastingPipeline: PretrainableForecastingPipeline,
}


def pretrainable(pipeline):
    """Return sktime's pipeline as skltsm's class of it, whose ``pretrain`` works.

    A ``TransformedTargetForecaster`` becomes a
    :class:`PretrainableTransformedTargetForecaster`, a
    ``ForecastingPipeline`` a :class:`PretrainableForecastingPipeline`, with
    the same steps; a ``MultiplexForecaster`` (``|``) a
    ``PretrainableMultiplexForecaster`` of the same members. Anything else
    (``NotImplemented``) is returned as it is, for Python to try the other
    operand of the operator.
    """
    from sktime.forecasting.compose import MultiplexForecaster

    # imported here: that module imports this one
    from skltsm.sktime._pretrainable_multiplexer import (
        PretrainableMultiplexForecaster,
    )

    if isinstance(pipeline, MultiplexForecaster):
        return PretrainableMultiplexForecaster(**pipeline.get_params(deep=False))
    for sktimes, ours in _PRETRAINABLE.items():
        if isinstance(pipeline, sktimes):
            return ours(steps=pipeline.steps)
    return pipeline
