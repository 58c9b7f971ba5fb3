"""The choice between the network and a baseline, and the baseline's forecasts."""

import warnings

import numpy as np
import pandas as pd
import pytest

from skltsm._forecast._fallback import (
    FallbackRule,
    baseline_forecasts,
    fallback_model,
    warn_baseline,
    warn_theta_alone,
)
from skltsm.exceptions import BaselineWarning


@pytest.mark.parametrize(
    "fallback, pipeline_given, panel, expected",
    [
        ("auto", True, False, None),  # a pipeline you give keeps its forecasts
        ("auto", False, False, "theta"),  # the default of one series
        ("auto", False, True, "seasonal_naive"),  # the default of a panel
        ("off", False, False, None),
        ("naive2", True, True, "naive2"),
        ("theta", True, False, "theta"),
    ],
)
def test_fallback_resolves_to_a_baseline(fallback, pipeline_given, panel, expected):
    resolved = fallback_model(fallback, pipeline_given=pipeline_given, panel=panel)
    assert resolved == expected


def test_theta_cannot_forecast_a_panel():
    with pytest.raises(ValueError, match="fallback='theta'.*y is a panel"):
        fallback_model("theta", pipeline_given=True, panel=True)


@pytest.mark.parametrize(
    "rule, loses, falls_back",
    [
        # the default of one series: the holdout decides nothing (ADR 0022) ...
        (FallbackRule("auto", "theta", True, False), True, False),
        # ... except on a series too short for a network: Theta alone
        (FallbackRule("auto", "theta", True, True), False, True),
        # the default of a panel falls back when it loses, and only then
        (FallbackRule("auto", "seasonal_naive", False, False), True, True),
        (FallbackRule("auto", "seasonal_naive", False, False), False, False),
        # fallback='off', or a pipeline given under 'auto': never
        (FallbackRule("off", None, False, False), True, False),
        (FallbackRule("auto", None, False, False), True, False),
        (FallbackRule("naive2", "naive2", False, False), True, True),
    ],
)
def test_who_forecasts_when_the_network_loses(rule, loses, falls_back):
    assert rule.falls_back(loses) is falls_back


def test_the_baseline_to_beat_and_why_a_loser_is_kept():
    given = FallbackRule("auto", None, False, False)
    assert given.baseline == "seasonal_naive"
    assert "a pipeline you give" in given.why_kept()
    assert FallbackRule("off", None, False, False).why_kept() == "fallback='off'"
    default = FallbackRule("auto", "theta", True, False)
    assert default.baseline == "theta" and "Theta" in default.why_kept()


SCORES = pd.Series(
    {"network": 1.2, "naive": 1.1, "seasonal_naive": 0.9, "naive2": 1.0, "theta": 0.8}
)


@pytest.mark.parametrize("fell_back", [True, False])
def test_the_warning_gives_every_score_and_what_happens(fell_back):
    rule = FallbackRule("theta", "theta", False, False)
    with pytest.warns(BaselineWarning) as caught:
        warn_baseline(
            rule, fell_back, SCORES, baseline="theta", n_rows=12, sp=12, panel=False
        )
    message = str(caught[0].message)
    assert "On 12 held-out forecasts" in message
    assert "MASE 1.200 is worse than the Theta method's 0.800" in message
    assert "naive2: 1.000, Theta: 0.800" in message
    if fell_back:
        assert "forecasts the Theta method instead" in message
    else:
        assert "Its forecasts are kept" in message


def test_theta_alone_warns_only_when_a_seasonal_naive_beats_it():
    assert FallbackRule("auto", "theta", True, True).theta_alone()
    assert not FallbackRule("theta", "theta", True, True).theta_alone()
    assert not FallbackRule("auto", "theta", True, False).theta_alone()
    losing = SCORES.copy()
    losing["theta"] = 1.5
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warn_theta_alone(SCORES, n_rows=12, sp=12)  # Theta 0.8 wins
        warn_theta_alone(losing, n_rows=12, sp=1)  # no season
        assert not caught
        warn_theta_alone(losing, n_rows=12, sp=12)
    message = str(caught[0].message)
    assert "MASE 1.500 is worse than the seasonal naive's 0.900" in message
    assert "fallback='seasonal_naive'" in message
    assert "NaiveForecaster(strategy='last', sp=12)" in message


def test_a_panel_is_not_offered_theta():
    rule = FallbackRule("auto", None, False, False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warn_baseline(
            rule, False, SCORES.drop("theta"), baseline=rule.baseline, n_rows=3,
            sp=1, panel=True,
        )  # fmt: skip
    assert "fallback='naive2' or 'seasonal_naive'" in str(caught[0].message)


def test_baseline_forecasts_repeat_each_series_own_season():
    # two series of 6 rows, rows grouped by series; season of 3
    values = np.arange(12.0)[:, None]
    starts, ends = np.array([0, 6]), np.array([6, 12])
    steps = np.array([[1, 2, 4], [1, 2, 4]])
    forecasts = baseline_forecasts(
        values, starts, ends, steps,
        to="seasonal_naive", sp=3, factors=None, theta=None, first=0,
    )  # fmt: skip
    # step h repeats the last observed value of its season: steps 1 and 2 one
    # season back (rows 3, 4), step 4 two seasons back (row 3); +6 for b
    np.testing.assert_array_equal(forecasts[..., 0], [[3, 4, 3], [9, 10, 9]])
    naive2 = baseline_forecasts(
        values, starts, ends, steps,
        to="naive2", sp=3, factors=None, theta=None, first=0,
    )  # fmt: skip
    np.testing.assert_array_equal(naive2[..., 0], [[5, 5, 5], [11, 11, 11]])


def test_in_sample_steps_are_one_step_ahead_and_nan_before_a_season():
    values = np.arange(6.0)[:, None]
    forecasts = baseline_forecasts(
        values, np.array([0]), np.array([6]), np.array([[-4, 0]]),
        to="seasonal_naive", sp=3, factors=None, theta=None, first=0,
    )  # fmt: skip
    # row 1 has no season before it; row 5 is forecast by row 2
    assert np.isnan(forecasts[0, 0, 0]) and forecasts[0, 1, 0] == 2.0


def test_the_default_warns_of_the_seasonal_naive_and_ties_are_no_loss():
    """The default's combination is warned against the seasonal naive too.

    It keeps its forecasts whatever the holdout says; a network behind Theta
    warned, one that beat Theta but lost to the seasonal naive did not. Two
    exact forecasts (MASE 1e-17 apart) are a tie, not a loss.
    """
    default = FallbackRule("auto", "theta", True, False)
    beats_theta = SCORES.copy()
    beats_theta["network"] = 0.95
    beats_theta["theta"] = 1.0  # beaten; the seasonal naive (0.9) is not
    assert default.lost_to(beats_theta) == "seasonal_naive"
    assert FallbackRule("theta", "theta", True, False).lost_to(beats_theta) is None
    tie = pd.Series({"network": 1.4e-17, "seasonal_naive": 1.2e-17, "theta": 1e-17})
    assert default.lost_to(tie) is None
