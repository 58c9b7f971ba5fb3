"""sktime's multiplexer of forecasters, with ``pretrain`` passed to its members.

sktime 1.2's ``MultiplexForecaster`` (what ``forecaster | forecaster``
builds: one of several forecasters, chosen by ``selected_forecaster``,
often by a search over it) inherits ``BaseForecaster``'s no-op
``_pretrain``: ``(LSTMForecaster(...) | theta).pretrain(panel)`` trains
nothing, and the ``fit`` after it trains the network from scratch on the
one series. :class:`PretrainableMultiplexForecaster` pretrains a copy of
each member that can be pretrained, so that a search over
``selected_forecaster`` compares pretrained networks with the others, and
fits the selected one's copy (ADR 0020's amendment).
"""

from __future__ import annotations

from sktime.forecasting.compose import MultiplexForecaster

from skltsm.sktime._pretrainable_ensemble import PretrainedMembers
from skltsm.sktime._pretrainable_pipeline import composite_test_forecasters

__all__ = ["PretrainableMultiplexForecaster"]


class PretrainableMultiplexForecaster(PretrainedMembers, MultiplexForecaster):
    """sktime's ``MultiplexForecaster`` whose ``pretrain`` pretrains its members.

    ``pretrain`` pretrains a copy of every member that can be pretrained
    (``capability:pretrain``), whichever is selected, so that
    ``set_params(selected_forecaster=...)`` (a search over it) keeps the
    pretraining; a ``fit`` after it fits the selected member's pretrained
    copy, or the selected member itself if it cannot be pretrained (Theta,
    say), as sktime's multiplexer does. ``LSTMForecaster(...) | other``
    builds it (``other | LSTMForecaster(...)`` is ``other``'s operator:
    sktime's multiplexer).

    Parameters
    ----------
    forecasters : list of estimator or (str, estimator)
        As sktime's ``MultiplexForecaster``.
    selected_forecaster : str or None, default=None
        The name of the member that forecasts (``None``: the first).

    Attributes
    ----------
    pretrained_forecasters_ : list
        After ``pretrain``: for each member, its pretrained copy, or ``None``
        for a member that cannot be pretrained. sktime keeps it through the
        resets of later fits and carries it into clones.
    forecaster_ : BaseForecaster
        The selected member, fitted (its pretrained copy after ``pretrain``).

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from sktime.forecasting.naive import NaiveForecaster
    >>> from skltsm import LagTransformer, LSTMRegressor, make_forecast_pipeline
    >>> from skltsm.sktime import LSTMForecaster
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
    >>> either = network | NaiveForecaster()
    >>> type(either).__name__
    'PretrainableMultiplexForecaster'
    >>> either = either.pretrain(panel, fh=[1, 2])
    >>> new = pd.Series(15.0 + np.arange(36.0), index=months, name="y")
    >>> either.fit(new, fh=[1, 2]).forecaster_.state
    'fitted'
    """

    def __init__(self, forecasters: list, selected_forecaster=None):
        super().__init__(forecasters, selected_forecaster=selected_forecaster)
        self._set_member_tags()

    def _member_list(self) -> list:
        return self._get_estimator_list(self.forecasters)

    def _fit(self, y, X, fh):
        """Fit the selected member's pretrained copy, or the member, as sktime's."""
        if getattr(self, "pretrained_forecasters_", None) is not None:
            names = self._get_estimator_names(self._forecasters, make_unique=True)
            selected = self.selected_forecaster
            index = 0 if selected is None else names.index(selected)
            # sktime's clone of a pretrained forecaster keeps its pretraining
            self.forecaster_ = self._pretrained_or_own()[index].clone()
        return super()._fit(y, X, fh)

    @classmethod
    def get_test_params(cls, parameter_set: str = "default") -> list[dict]:
        """Return the multiplexers sktime's checks run: a tiny network and a naive.

        Parameters
        ----------
        parameter_set : str, default="default"
            Unused: one set.

        Returns
        -------
        params : list of dict
            An ``LSTMForecaster`` around a tiny MLP beside sktime's naive
            forecast, the network selected (instance 0, which the tests
            check); and a tiny LSTM beside it, the naive one selected
            (:func:`composite_test_forecasters`).
        """
        from sktime.forecasting.naive import NaiveForecaster

        fast, network = composite_test_forecasters()
        return [
            {
                "forecasters": [("network", fast), ("naive", NaiveForecaster())],
                "selected_forecaster": "network",
            },
            {
                "forecasters": [("network", network), ("naive", NaiveForecaster())],
                "selected_forecaster": "naive",
            },
        ]
