"""The network ``pretrain`` left, and what ``fit`` checks and warns about with it.

``LSTMForecaster.pretrain(panel)`` trains one network on a panel and keeps
it in three attributes: ``pretrained_strategy_`` (the fitted strategy),
``pretrained_series_`` (the series it saw) and ``pretrained_covariates_``
(the columns of ``X`` it reads). ``fit(series)`` then forecasts with a copy
of that network, and a further ``pretrain`` trains it on another panel (ADR
0020). The forecaster's hooks (``_pretrain``, ``_pretrain_update``,
``_fit_from_pretrained``) do that in a few lines, with the three attributes
read as one :class:`PretrainedNetwork`, which holds:

* the network's copy for a series (:meth:`PretrainedNetwork.copy`);
* the checks that the data fits the network: the same variables and
  covariates (:meth:`~PretrainedNetwork.check_variables`), steps it was
  trained for (:meth:`~PretrainedNetwork.check_steps`);
* the warnings that a score may not be out of sample: a series calibrated
  on rows it was pretrained on (:meth:`~PretrainedNetwork.warn_seen`), a
  network pretrained by a clone going on (:meth:`~PretrainedNetwork.warn_copied`);
* the refusals to train further a network that cannot go on from its
  weights (:meth:`~PretrainedNetwork.check_fine_tuning`,
  :meth:`~PretrainedNetwork.check_continues`).

:class:`PretrainedHere` (``pretrained_here_``) tells the forecaster that
pretrained the network from its clones and copies.

:func:`check_pretrained_length` is what a series must give the copy:
enough rows for its forecasts from its end (the strategy's
``origin_history``), or for fine-tuning.

The copy is a :class:`RenamedTargets`. ``pretrain`` fixes the names of the
target columns its pipelines read (their ``target``, and the names of the
lagged features a scikit-learn regressor checks). ``fit`` then takes series
whose variables may be named otherwise (an unnamed ``pandas.Series`` is
``"0"``). The forecaster keeps the user's names in its memory, so that
``update`` takes the same series again, and the wrapper renames the
targets, by position, of every frame it passes on.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass

import numpy as np
import pandas as pd

from skltsm._forecast._holdout import check_length
from skltsm._forecast._strategies import StrategyWrapper
from skltsm._series._panel import shown_ids
from skltsm._warn import warn
from skltsm.exceptions import CalibrationWarning, LookAheadWarning

__all__ = [
    "changed_params",
    "PretrainedHere",
    "PretrainedNetwork",
    "RenamedTargets",
    "check_pretrained_length",
    "full_keys",
]


def full_keys(estimator, params: dict) -> dict:
    """Return ``params`` with skbase's key suffixes replaced by the full keys.

    skbase's ``set_params`` takes a unique ``__`` suffix for a key
    (``fine_tune_epochs`` for ``LSTMForecaster__fine_tune_epochs``); which
    parameters a ``set_params`` after ``pretrain`` changes, and whose they
    are, is read from the full keys. A key that is neither raises skbase's
    ``ValueError``.

    Examples
    --------
    >>> from sktime.forecasting.compose import TransformedTargetForecaster
    >>> from sktime.forecasting.naive import NaiveForecaster
    >>> from sktime.transformations.series.exponent import ExponentTransformer
    >>> pipe = TransformedTargetForecaster([ExponentTransformer(), NaiveForecaster()])
    >>> full_keys(pipe, {"strategy": "mean"})
    {'NaiveForecaster__strategy': 'mean'}
    """
    return estimator._alias_params(params, estimator.get_params(deep=True))


def changed_params(estimator, params: dict) -> set[str]:
    """Keys of ``params`` whose value differs from ``estimator.get_params(deep=True)``.

    A parameter set to the value it has changes nothing, so it does not drop
    a pretraining: ``clone().set_params(random_state=0)`` with
    ``random_state`` already 0, ``set_params(**get_params(deep=False))``.
    Estimators (and anything whose ``==`` is not a plain bool, an array's)
    count as unchanged only when they are the same object. The
    ``set_params`` of ``LSTMForecaster`` and of the pretrainable sktime
    composites read it.

    Examples
    --------
    >>> from sklearn.linear_model import Ridge
    >>> sorted(changed_params(Ridge(alpha=1.0), {"alpha": 1.0, "tol": 0.5}))
    ['tol']
    """
    current = estimator.get_params(deep=True)
    changed = set()
    for key, new in params.items():
        old = current.get(key, _MISSING)
        if new is old:
            continue
        if hasattr(new, "get_params") or hasattr(old, "get_params"):
            changed.add(key)
            continue
        try:
            same = new == old
        except Exception:  # anything that cannot compare: changed
            same = False
        if not (isinstance(same, bool | np.bool_) and same):
            changed.add(key)
    return changed


#: A parameter ``get_params`` does not list: never a current value.
_MISSING = object()


class RenamedTargets(StrategyWrapper):
    """A fitted strategy that reads the targets under the names it learnt.

    What it does not override is the wrapped strategy's (``min_length``,
    ``fitted_pipelines``, ``calibration_steps``, ``trained_steps``...).

    Parameters
    ----------
    strategy : object
        A fitted strategy (:mod:`skltsm._forecast._strategies`); its
        ``targets`` are the names the pipelines read.
    """

    def _renamed(self, y: pd.DataFrame) -> pd.DataFrame:
        return y.set_axis(self.strategy.targets, axis=1)

    def fit(self, y, X, *, continue_epochs: int | None = None) -> RenamedTargets:
        """Fit, or keep training, the wrapped strategy on ``y`` renamed."""
        self.strategy.fit(self._renamed(y), X, continue_epochs=continue_epochs)
        return self

    def forecast(self, y, X, origins, steps, *, quantiles=False) -> np.ndarray:
        """Forecast ``steps`` after each origin, ``y`` renamed."""
        return self.strategy.forecast(
            self._renamed(y), X, origins, steps, quantiles=quantiles
        )

    def forecast_ends(self, y, X, steps, *, quantiles=False) -> np.ndarray:
        """Forecast ``steps`` after the end of ``y`` (or of each series), renamed."""
        return self.strategy.forecast_ends(
            self._renamed(y), X, steps, quantiles=quantiles
        )

    def one_step_ahead(self, y, X, *, quantiles=False) -> np.ndarray:
        """In-sample one-step-ahead forecasts of ``y`` renamed."""
        return self.strategy.one_step_ahead(self._renamed(y), X, quantiles=quantiles)


class PretrainedHere:
    """True in the forecaster that pretrained the network, False in its copies.

    Kept as the pretrained attribute ``pretrained_here_``, so that sktime
    keeps it through the resets of ``fit`` and ``set_params``, and a pickle
    restores it as it was. A deep copy gives ``False``: sktime's clone
    deep-copies the pretrained attributes into the clone, and
    ``copy.deepcopy`` copies the forecaster; neither copy pretrained the
    network it holds (:meth:`PretrainedNetwork.warn_copied`).

    Parameters
    ----------
    here : bool, default=True
        Whether the forecaster holding it pretrained the network.
    """

    def __init__(self, here: bool = True):
        self.here = here

    def __bool__(self) -> bool:
        return self.here

    def __deepcopy__(self, memo: dict) -> PretrainedHere:
        return PretrainedHere(here=False)

    def __repr__(self) -> str:
        return f"PretrainedHere({self.here})"


@dataclass(frozen=True, eq=False)  # fields of arrays and indexes: no ==
class PretrainedNetwork:
    """The network :meth:`LSTMForecaster.pretrain` left, with what it saw.

    Parameters
    ----------
    strategy : object
        ``pretrained_strategy_``: the strategy fitted on the panel; its
        ``targets`` are the names the pipelines read.
    series : pandas.Index
        ``pretrained_series_``: the keys of the series it trained on.
    covariates : list of str
        ``pretrained_covariates_``: the columns of ``X`` it reads (empty
        without ``X``).
    """

    strategy: object
    series: pd.Index
    covariates: list[str]

    def copy(self, step) -> RenamedTargets:
        """Return a copy of the pretrained strategy, to forecast this data.

        Parameters
        ----------
        step : int, pandas.DateOffset or pandas.Timedelta
            The step of this data's index (``time_step_``).
        """
        strategy = deepcopy(self.strategy)
        # the step of this series' index, not the panel's: the same frequency
        # may come as a PeriodIndex (step 1) in one, a DatetimeIndex in the other
        strategy.step = step
        # the pretrained pipelines read the variables by the names they learnt;
        # the memory keeps the user's, so that update takes the same series
        return RenamedTargets(strategy)

    def check_variables(
        self, y: pd.DataFrame, X: pd.DataFrame | None, method: str
    ) -> pd.DataFrame | None:
        """Refuse variables the pretrained network cannot read; order ``X``'s.

        The targets are matched by position (:class:`RenamedTargets` gives
        them the names the network learnt), the covariates by name: their
        leads are the network's input features, in the pretrained order.
        Targets named as pretrained but in another order are refused: read
        by position, one would be forecast as the other, silently.

        Parameters
        ----------
        y : pandas.DataFrame
            Targets passed to ``method``.
        X : pandas.DataFrame or None
            Covariates passed to ``method``.
        method : str
            ``"fit"`` or ``"pretrain"``, for messages.

        Returns
        -------
        X : pandas.DataFrame or None
            ``X`` with its columns in the pretrained order.
        """
        targets = list(self.strategy.targets)
        if y.shape[1] != len(targets):
            raise ValueError(
                f"y passed to {method} has {y.shape[1]} column(s), but the network "
                f"was pretrained on {len(targets)} ({targets}); pass series with "
                "the same variables, or pretrain a new LSTMForecaster on these."
            )
        named = list(y.columns)
        if named != targets and sorted(map(str, named)) == sorted(map(str, targets)):
            # by position, price would be read as sales: say so, not guess
            raise ValueError(
                f"y passed to {method} has the pretrained targets in another order "
                f"({named}, pretrained as {targets}); the network reads targets by "
                f"position. Pass y[{targets}]."
            )
        pretrained = self.covariates
        given = [] if X is None else list(X.columns)
        if set(given) != set(pretrained):
            raise ValueError(_covariates_mismatch(given, pretrained, method))
        return None if X is None else X[pretrained]

    def check_steps(self, steps: list[int], method: str) -> None:
        """Refuse steps of ``fh`` that the pretrained network lacks.

        Parameters
        ----------
        steps : list of int
            The out-of-sample steps of the ``fh`` passed.
        method : str
            ``"fit"``, ``"predict"`` or ``"pretrain"`` (a further one, which
            trains the same network), for messages.
        """
        strategy = self.strategy
        trained = strategy.trained_steps
        if trained is None:  # recursive: any step, forecasts are fed back
            return
        missing = sorted(set(steps) - set(trained))
        if not missing:
            return
        if method == "pretrain":
            raise ValueError(
                f"fh passed to pretrain asks for steps {missing}, but the network "
                f"was pretrained (strategy={strategy.name!r}) for steps {trained}, "
                "and a further pretrain trains the same network on: it does not "
                "add steps. Pass an fh within those steps (or none), or call "
                "reset() and pretrain once, with an fh that covers them, on all "
                "the series."
            )
        raise ValueError(
            f"fh passed to {method} asks for steps {missing}, but the network was "
            f"pretrained (strategy={strategy.name!r}) for steps {trained}, and "
            "fit does not add steps to it. Forecast fewer steps, or pretrain a "
            "new LSTMForecaster with an fh that covers them."
        )

    def check_fine_tuning(self, fine_tune_epochs: int) -> None:
        """Refuse to fine-tune a network that cannot go on from its weights.

        Without a step that continues training (``warm_start`` and
        ``epochs``, or scikit-learn's ``MLPRegressor`` or ``SGDRegressor``,
        :func:`~skltsm._capabilities.continued_training_parameter`: a
        scikit-learn ensemble's ``warm_start`` adds estimators and refit
        with as many trains nothing), fitting
        the copy again trains it anew on the series alone: the pretraining
        would be lost, silently.

        Parameters
        ----------
        fine_tune_epochs : int
            ``LSTMForecaster``'s parameter.
        """
        if fine_tune_epochs and not self.strategy.continues_training():
            raise ValueError(
                f"fine_tune_epochs={fine_tune_epochs} trains the pretrained network "
                "further on the series, but no step of its pipeline continues "
                "training from its weights (a regressor with warm_start and "
                "epochs, such as LSTMRegressor, or scikit-learn's MLPRegressor "
                "or SGDRegressor, as a step of the pipeline; a scikit-learn "
                "ensemble's warm_start only adds estimators, and a meta-estimator "
                "such as TransformedTargetRegressor fits a clone, trained anew): "
                "fit would not train the pretrained network on the "
                "series. Set fine_tune_epochs=0 to forecast with the pretrained "
                "network as it is, or pretrain a pipeline whose regressor has "
                "warm_start and epochs (or is an MLPRegressor or SGDRegressor)."
            )

    def check_continues(self) -> None:
        """Refuse a further ``pretrain`` of a network that cannot go on.

        It would be trained anew on the new panel alone, while
        ``pretrained_series_`` still named the earlier panels' series.
        """
        if not self.strategy.continues_training():
            raise ValueError(
                "pretrain was called again, but no step of the pretrained pipeline "
                "continues training from its weights (a regressor with "
                "warm_start and epochs, such as LSTMRegressor, or scikit-learn's "
                "MLPRegressor or SGDRegressor, as a step of the pipeline; a "
                "scikit-learn ensemble's warm_start only adds estimators, and a "
                "meta-estimator such as TransformedTargetRegressor fits a clone, "
                "trained anew): it would be "
                "trained anew on "
                f"this panel alone, forgetting the series {shown_ids(self.series)} "
                "it was pretrained on. Call reset() and pretrain once on all the "
                "series (the panels concatenated), or use a regressor with "
                "warm_start and epochs (or an MLPRegressor or SGDRegressor)."
            )

    def warn_seen(self, ids: pd.Index | None, calibration_size: float | int) -> None:
        """Warn when a panel's series were pretrained on: their holdout may be too.

        The rows held out to calibrate must be new to the network. A series
        of the pretraining panel is known by its key (``ids``: the panel
        fitted, or under local pooling the series of sktime's loop); a
        single series has none (``None``), and the docs ask for a new one.

        Parameters
        ----------
        ids : pandas.Index or None
            The keys of the series fitted.
        calibration_size : float or int
            ``LSTMForecaster``'s parameter: ``0`` holds nothing out.
        """
        if calibration_size == 0 or ids is None:
            return
        seen = ids[ids.isin(self.series)]
        if len(seen):
            warn(
                f"Series {list(seen[:10])}{' ...' if len(seen) > 10 else ''} "
                "were in the pretraining panel. The last rows of each series "
                "are held out to calibrate the intervals; if the network was "
                "pretrained on them, their errors are in-sample and the "
                "intervals too narrow. Pretrain on rows before those (or on "
                "other series), or set calibration_size=0.",
                CalibrationWarning,
            )

    def warn_copied(self, new_series: pd.Index) -> bool:
        """Warn that ``pretrain`` goes on with a network pretrained elsewhere.

        sktime's clone carries the pretrained state (``_PretrainedCloner``),
        and ``evaluate(cv_global=..., strategy="update")`` (and
        ``"no-update_params"``) clones the last fold's forecaster at each new
        fold, then pretrains it: the network goes on from one that trained on
        the series the new fold tests. The
        caller asks only about a network it did not pretrain itself.

        Parameters
        ----------
        new_series : pandas.Index
            The series of the panel it now trains on.

        Returns
        -------
        warned : bool
            Whether the network trained on series this panel lacks (and a
            :class:`~skltsm.exceptions.LookAheadWarning` said so).
        """
        earlier = self.series.difference(new_series)
        if not len(earlier):
            return False
        warn(
            f"pretrain() goes on training a network pretrained by another "
            f"forecaster (a clone, or a copy), on series {shown_ids(earlier)} that "
            "this panel lacks. If they are series this forecaster is scored on, "
            "their scores are not out of sample: sktime's evaluate(cv_global=..., "
            "strategy='update' or 'no-update_params') does this at every new fold; "
            "use strategy='refit' "
            "for global evaluation, or call reset() before pretrain to start anew.",
            LookAheadWarning,
        )
        return True


def check_pretrained_length(
    strategy, n_rows: int, *, fine_tune_epochs: int, strategy_name: str
) -> None:
    """Refuse a series too short for the pretrained network to forecast.

    Fine-tuning trains on the series: it needs what a fit needs. Without
    it, the series only gives the network its input: the rows a forecast
    from its end reads (``strategy.origin_history``: the look_back plus the
    differencing order, more where a step's differences reach further
    back), so that a short series, the reason to pretrain, is still
    accepted.

    Parameters
    ----------
    strategy : object
        The copy of the pretrained strategy that forecasts the series.
    n_rows : int
        Observations of the series.
    fine_tune_epochs : int
        ``LSTMForecaster``'s parameter.
    strategy_name : str
        The strategy's name, for the message of a fit's length check.
    """
    if fine_tune_epochs:
        check_length(strategy, n_rows, strategy_name)
        return
    needed = strategy.origin_history
    if n_rows < needed:
        raise ValueError(
            f"y has {n_rows} observations, but the pretrained network reads "
            f"{needed} to forecast: the look_back of the LagTransformer plus "
            "the differencing order (whose lags grow to reach the steps "
            "ahead). Use a longer series, or pretrain with a shorter look_back "
            "or fewer differencing lags."
        )


def _covariates_mismatch(given: list, pretrained: list, method: str) -> str:
    """Say how the covariates passed to ``method`` differ from the pretrained ones."""
    if not pretrained:
        return (
            f"X passed to {method} has the covariates {given}, but the network was "
            "pretrained without X: it has no input for them. Pass no X, or "
            "pretrain a new LSTMForecaster with these covariates."
        )
    if not given:
        return (
            f"The network was pretrained with the covariates {pretrained} (X), "
            f"so {method} needs X with those columns at every row of y: they are "
            "inputs of the network. Pass X, or pretrain a new LSTMForecaster "
            "without X."
        )
    return (
        f"X passed to {method} has the covariates {given}, but the network was "
        f"pretrained with {pretrained}, which it reads by name. Pass X with "
        f"the columns {pretrained}."
    )
