"""The percentage-error loss, against the MAPE computed in the units of y."""

import keras
import numpy as np
import pytest
from sklearn.metrics import mean_absolute_percentage_error

from skltsm._keras._percentage_loss import MeanAbsolutePercentageError
from skltsm._transform._window_scaling import FLOOR

MEAN, SCALE = np.array([0.1, -0.2, 0.3]), np.array([0.5, 0.8, 1.2])


def on_window_scale(standardised):
    return standardised * SCALE + MEAN


def loss_value(y_true, y_pred, log):
    loss = MeanAbsolutePercentageError(
        MEAN.tolist(), SCALE.tolist(), log=log, floor=FLOOR
    )
    return float(loss(y_true.astype("float32"), y_pred.astype("float32")))


@pytest.mark.parametrize("log", [True, False], ids=["log_mean", "mean"])
def test_the_loss_is_the_mape_in_the_units_of_y(rng, log):
    t, p = rng.normal(size=(6, 3)), rng.normal(size=(6, 3))
    level = 10.0 ** rng.integers(0, 6, size=(6, 1))  # divides out
    to_units = (lambda v: level * np.exp(v)) if log else (lambda v: level * v)
    if not log:  # "mean" ratios are positive
        t, p = np.abs(t) + 2, np.abs(p) + 2
    actual, forecast = to_units(on_window_scale(t)), to_units(on_window_scale(p))
    expected = mean_absolute_percentage_error(actual.T, forecast.T)
    assert loss_value(t, p, log) == pytest.approx(expected, rel=1e-4)


def test_by_hand():
    loss = MeanAbsolutePercentageError([0.0], [1.0], log=True, floor=FLOOR)
    # forecast e^0.1 times the actual: |1 - e^0.1|; the same below
    y_true = np.zeros((2, 1), dtype="float32")
    y_pred = np.array([[0.1], [-0.1]], dtype="float32")
    expected = (abs(1 - np.exp(0.1)) + abs(1 - np.exp(-0.1))) / 2
    assert float(loss(y_true, y_pred)) == pytest.approx(expected, rel=1e-5)


@pytest.mark.parametrize("log", [True, False], ids=["log_mean", "mean"])
def test_zero_actuals_are_left_out(rng, log):
    floor = np.log(FLOOR) if log else 0.0
    t = rng.normal(size=(4, 3)) + (0 if log else 3)
    p = rng.normal(size=(4, 3)) + (0 if log else 3)
    with_zero = t.copy()
    with_zero[0, 1] = (floor - MEAN[1]) / SCALE[1]  # a zero month on that scale
    kept = np.ones_like(t, dtype=bool)
    kept[0, 1] = False
    full, masked = loss_value(t, p, log), loss_value(with_zero, p, log)
    assert np.isfinite(masked) and masked != full
    # the zero month counts 0: the rest, averaged over all outputs
    errors = np.abs(
        1 - np.exp(on_window_scale(p) - on_window_scale(t))
        if log
        else (on_window_scale(p) - on_window_scale(t)) / on_window_scale(t)
    )
    assert masked == pytest.approx((errors * kept).mean(), rel=1e-4)


def test_a_wild_forecast_stays_finite():
    loss = MeanAbsolutePercentageError([0.0], [1.0], log=True, floor=FLOOR)
    value = float(loss(np.zeros((1, 1), "float32"), np.full((1, 1), 1e4, "float32")))
    assert np.isfinite(value) and value > 1e3


def test_a_scalar_target_matches_a_column_of_one(rng):
    loss = MeanAbsolutePercentageError([0.2], [0.7], log=True, floor=FLOOR)
    t = rng.normal(size=5).astype("float32")
    p = rng.normal(size=(5, 1)).astype("float32")
    assert float(loss(t, p)) == pytest.approx(float(loss(t[:, None], p)))


def test_it_serialises_with_its_statistics():
    loss = MeanAbsolutePercentageError([0.1, 0.2], [1.0, 2.0], log=True, floor=FLOOR)
    restored = keras.losses.deserialize(keras.losses.serialize(loss))
    assert isinstance(restored, MeanAbsolutePercentageError)
    assert restored.get_config() == loss.get_config()
