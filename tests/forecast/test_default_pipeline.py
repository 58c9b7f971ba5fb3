"""``skltsm._forecast._default_pipeline``: the strategy wrapped as the default chose."""

import numpy as np
import pytest

from skltsm._forecast._default_pipeline import DefaultChoices
from skltsm._forecast._seasonal import (
    BenchmarkCombination,
    Deseasonalised,
    SeasonalFactors,
)
from skltsm._forecast._strategies import Recursive

FACTORS = SeasonalFactors(2, "multiplicative", np.array([[0.5], [1.5]]))
THETA = object()  # a benchmark stand-in: wrapped, never called


def choices(**chosen):
    settings = {
        "sp": 2, "seasonal": True, "differencing": (), "look_back": 4,
        "strategy": "recursive", "n_steps": 1, "panel": False,
        "validation_fraction": 0.1, "batch_size": 8, "tested": "1 series",
    }  # fmt: skip
    return DefaultChoices(**{**settings, **chosen})


def test_a_panels_strategy_is_kept_as_it_is():
    strategy = Recursive(None, ["y"], 1)

    assert choices(panel=True).wrapped(strategy, start=None) is strategy


@pytest.mark.parametrize(
    ("chosen", "layers"),
    [
        ({"seasonal_factors": FACTORS}, [Deseasonalised]),
        ({"theta": THETA, "combine": True}, [BenchmarkCombination]),
        (  # the mean of Theta's and the network's reseasonalised forecasts
            {"seasonal_factors": FACTORS, "theta": THETA, "combine": True},
            [BenchmarkCombination, Deseasonalised],
        ),
        ({"theta": THETA, "too_short": True}, []),  # Theta forecasts alone
    ],
)
def test_the_network_learns_the_adjusted_series_and_is_averaged_with_theta(
    chosen, layers
):
    strategy = Recursive(None, ["y"], 1)

    wrapped = choices(**chosen).wrapped(strategy, start="2001-01")

    for layer in layers:
        assert type(wrapped) is layer and wrapped.start == "2001-01"
        if layer is Deseasonalised:
            assert wrapped.factors is FACTORS
        else:
            assert wrapped.benchmark is THETA
        wrapped = wrapped.strategy
    assert wrapped is strategy
