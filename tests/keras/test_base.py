"""Tests of skltsm._keras._base beyond what the estimators' own tests cover."""

import hashlib
import inspect
import tracemalloc

import numpy as np
import pytest
from scikeras.wrappers import BaseWrapper
from sklearn.utils.multiclass import type_of_target

from skltsm import LSTMRegressor

# sha256 of scikeras 0.13.0's BaseWrapper._initialize, which
# KerasSequenceEstimator._initialize copies but for the target encoder's fit
# (ADR 0005, amendment of 2026-12-06)
SCIKERAS_INITIALIZE = "f0aa8f86204ff5202dbc5be137cd2c5174b7655a30f48269fdad5bfa3b7d7b79"


def test_the_copy_of_scikeras_initialize_is_of_the_installed_scikeras():
    source = inspect.getsource(BaseWrapper._initialize)
    digest = hashlib.sha256(source.encode()).hexdigest()
    assert digest == SCIKERAS_INITIALIZE, (
        "scikeras' BaseWrapper._initialize changed: compare "
        "KerasSequenceEstimator._initialize (skltsm/_keras/_base.py), a copy of "
        "it that fits the target encoder with the sample weights, with the new "
        "one, bring the copy up to date, then record the new digest here."
    )


@pytest.mark.parametrize(
    "y",
    [
        np.array([0.5, 1.0, 2.0]),
        np.array([1.0, 2.0, 3.0]),  # integral floats: scikit-learn's own path
        np.array([0.0, 1.0, 1.0]),
        np.array([[0.5, 1.0], [2.0, 3.0]]),
        np.array([[0.5], [2.0]]),
        np.array([[0.0, 1.0], [1.0, 0.0]]),  # multilabel-indicator
        np.array([0.5, 1e300, -1e300]),  # beyond int64
        np.array([1.0, 2.5], dtype=np.float32),
        np.arange(6.0).reshape(3, 1, 2) / 4,  # 3-D: unknown
        np.array([1, 2, 3]),
        [0.5, 1.5],
        np.empty(0),
    ],
)
def test_type_of_target_is_scikit_learns(y):
    # KerasSequenceEstimator answers for fractional float arrays itself, a
    # block at a time; the answer must stay scikit-learn's
    with np.errstate(invalid="ignore", over="ignore"):
        expected = type_of_target(y)
    assert LSTMRegressor()._type_of_target(y) == expected


def test_type_of_target_refuses_a_non_finite_target_as_scikit_learn_does():
    y = np.array([0.5, np.inf, 1.0])
    with pytest.raises(ValueError) as expected, np.errstate(invalid="ignore"):
        type_of_target(y)
    with pytest.raises(ValueError) as got:
        LSTMRegressor()._type_of_target(y)
    assert str(got.value) == str(expected.value)


def test_type_of_target_makes_no_full_length_copy_of_a_long_target(monkeypatch):
    # scikit-learn casts y to int64 and back, 16 bytes a target: 400 MB for the
    # 25 million targets of the panel benchmark, while they were validated
    monkeypatch.setattr("skltsm._series._panel.CHUNK_ROWS", 2**16)
    y = np.random.default_rng(0).normal(size=2**21)  # 16 MB
    tracemalloc.start()
    try:
        assert LSTMRegressor()._type_of_target(y) == "continuous"
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < y.nbytes / 4
