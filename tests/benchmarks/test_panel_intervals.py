"""The interval scores of the panel benchmark, on hand-made cases."""

import numpy as np
import pytest

pytest.importorskip("sktime")

from benchmarks.panel_intervals import LEVELS, SKLTSM, coverage, msis, target_line


def test_msis_adds_the_width_and_scaled_misses():
    actual = np.array([[5.0, 1.0]])
    lower, upper = np.array([[0.0, 2.0]]), np.array([[4.0, 3.0]])
    insample = [np.array([0.0, 2.0, 4.0])]  # mean absolute change 2 at lag 1
    # width 4 + 40 * 1 (above by 1), width 1 + 40 * 1 (below by 1), a = 0.05
    assert msis(actual, lower, upper, insample, 95, season=1) == pytest.approx(
        (44 + 41) / 2 / 2
    )
    assert coverage(actual, lower, upper) == 0.0


def test_the_target_needs_both_levels_near_nominal_and_an_msis_at_most_autoets():
    near = {f"coverage_{level}": level / 100 + 0.02 for level in LEVELS}
    models = {SKLTSM: near | {"msis_95": 10.0}, "AutoETS": {"msis_95": 11.0}}
    assert "yes; MSIS (95 %) no worse than AutoETS's: yes" in target_line(models)
    models[SKLTSM]["coverage_80"] = 0.76
    assert "nominal at 80 % and 95 %: **no**" in target_line(models)
