"""The pinball loss of quantile heads, against a hand computation."""

import keras
import numpy as np
import pytest

from skltsm._keras._quantile_loss import PinballLoss


def pinball(y_true, y_pred, levels):
    """The definition, one value at a time."""
    total, count = 0.0, 0
    for index in np.ndindex(y_pred.shape):
        error = y_true[index[:-1]] - y_pred[index]
        level = levels[index[-1]]
        total += level * error if error >= 0 else (level - 1) * error
        count += 1
    return total / count


def test_the_loss_is_the_mean_pinball_loss_over_levels_and_outputs(rng):
    levels = [0.1, 0.5, 0.95]
    y_true = rng.normal(size=(5, 2)).astype("float32")
    y_pred = rng.normal(size=(5, 2, 3)).astype("float32")
    value = float(PinballLoss(levels)(y_true, y_pred))
    assert value == pytest.approx(pinball(y_true, y_pred, levels), rel=1e-5)


def test_by_hand():
    # errors 1 - 0 = 1 at level 0.1 (0.1), 1 - 3 = -2 at level 0.9 (0.2); 0, 0
    loss = PinballLoss([0.1, 0.9])
    y_pred = np.array([[0.0, 3.0], [2.0, 2.0]], dtype="float32")
    value = float(loss(np.array([1.0, 2.0], dtype="float32"), y_pred))
    assert value == pytest.approx((0.1 + 0.2) / 2 / 2)


def test_a_scalar_target_may_come_with_an_axis_of_one(rng):
    y_true = rng.normal(size=4).astype("float32")
    y_pred = rng.normal(size=(4, 1, 2)).astype("float32")
    loss = PinballLoss([0.2, 0.8])
    assert float(loss(y_true, y_pred)) == pytest.approx(
        float(loss(y_true, y_pred[:, 0])), rel=1e-6
    )


def test_it_serialises_with_its_levels():
    restored = keras.losses.deserialize(keras.losses.serialize(PinballLoss([0.1, 0.9])))
    assert isinstance(restored, PinballLoss) and restored.quantiles == (0.1, 0.9)
