"""The strategies over cloned pipelines: what they say they were trained for."""

import pytest

from skltsm._forecast._strategies import (
    Direct,
    MultiOutput,
    Recursive,
    StrategyWrapper,
)


@pytest.mark.parametrize(
    ("strategy", "trained"),
    [
        (Recursive(None, ["y"], 1, horizons=[3, 1]), None),  # any: fed back
        (Direct(None, ["y"], 1, horizons=[3, 2]), [1, 2, 3]),  # step 1 always
        (MultiOutput(None, ["y"], 1, n_steps=3), [1, 2, 3]),
    ],
)
def test_trained_steps_do_not_depend_on_how_many_origins_are_calibrated(
    strategy, trained
):
    assert strategy.trained_steps == trained
    if trained is not None:  # the steps to calibrate are the trained ones
        assert strategy.calibration_steps(0) == strategy.calibration_steps(9)
        assert strategy.calibration_steps(0) == trained
    assert StrategyWrapper(strategy).trained_steps == trained  # delegated
