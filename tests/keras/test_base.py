"""Tests of skltsm._keras._base beyond what the estimators' own tests cover."""

import hashlib
import inspect

from scikeras.wrappers import BaseWrapper

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
