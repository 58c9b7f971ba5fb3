"""Capabilities: whether an estimator goes on from its weights when warm-started."""

import pytest
from sklearn.ensemble import (
    GradientBoostingRegressor,
    HistGradientBoostingRegressor,
    RandomForestRegressor,
)
from sklearn.linear_model import ElasticNet, LinearRegression, SGDRegressor
from sklearn.neural_network import MLPRegressor

from skltsm import LSTMRegressor
from skltsm._capabilities import continued_training_parameter


class WiderMLP(MLPRegressor):
    """A subclass goes on from its weights as its base does."""


@pytest.mark.parametrize(
    ("estimator", "expected"),
    [
        (LSTMRegressor(), "epochs"),  # warm_start and epochs: a network
        (MLPRegressor(), "max_iter"),
        (WiderMLP(), "max_iter"),
        (SGDRegressor(), "max_iter"),
        # warm_start adds estimators: refit with as many trains nothing
        (RandomForestRegressor(), None),
        (GradientBoostingRegressor(), None),
        (HistGradientBoostingRegressor(), None),
        # warm_start only starts the solver: it ends at the new data's optimum
        (ElasticNet(), None),
        (LinearRegression(), None),  # no warm_start at all
        (object(), None),
    ],
    ids=lambda value: type(value).__name__ if not isinstance(value, str) else value,
)
def test_only_estimators_whose_warm_start_goes_on_from_the_weights_continue(
    estimator, expected
):
    assert continued_training_parameter(estimator) == expected
