"""The peers of the accuracy benchmark: order, shapes, fallback, missing extra."""

import doctest
import importlib.util

import numpy as np
import pandas as pd
import pytest
from statsforecast.models import Naive

from benchmarks import neural_peer, statistical_peers
from benchmarks.accuracy_data import monthly
from benchmarks.statistical_peers import statistical_forecasts

HORIZON = 15  # past one season, so the seasonal naive must repeat it


@pytest.fixture(scope="module")
def trains() -> list[pd.Series]:
    """Three seasonal series of different lengths and levels (10, 100, 1000)."""
    rng = np.random.default_rng(0)
    season = np.sin(2 * np.pi * np.arange(60) / 12)
    return [
        monthly(level * (1 + 0.2 * season[:n]) + rng.normal(0, level / 100, n))
        for level, n in ((10, 60), (100, 40), (1000, 50))
    ]


@pytest.fixture(scope="module")
def runs(trains):
    return statistical_forecasts(trains, HORIZON, n_jobs=1, quick=True)


def test_every_model_forecasts_every_series_in_order(trains, runs):
    names = ["AutoARIMA", "AutoETS", "AutoTheta", "Naive", "Seasonal naive"]
    assert list(runs) == names
    for name, run in runs.items():
        assert [path.shape for path in run.forecasts] == [(HORIZON,)] * 3, name
        assert run.failed == [False] * 3 and run.seconds > 0, name
        assert run.method.startswith("statsforecast "), name
        # each path sits at its own series' level: the order is the input's
        levels = [np.mean(path) for path in run.forecasts]
        assert levels == sorted(levels), name
    lasts = [train.iloc[-1] for train in trains]
    assert [path[0] for path in runs["Naive"].forecasts] == pytest.approx(lasts)


def test_seasonal_naive_repeats_the_last_season(trains, runs):
    for train, path in zip(trains, runs["Seasonal naive"].forecasts, strict=True):
        last_season = train.to_numpy()[-12:]
        np.testing.assert_allclose(path[:12], last_season)
        np.testing.assert_allclose(path[12:], last_season[: HORIZON - 12])


class Raises(Naive):
    """A model that fails on every series."""

    def forecast(self, *args, **kwargs):
        raise ValueError("no forecast")


def test_a_failed_series_gets_the_seasonal_naive_and_is_counted(
    trains, runs, monkeypatch
):
    models = {"Broken": Raises()}
    monkeypatch.setattr(statistical_peers, "_models", lambda season, quick: models)
    broken = statistical_forecasts(trains, HORIZON, n_jobs=1)["Broken"]
    assert broken.failed == [True] * 3
    for path, naive in zip(
        broken.forecasts, runs["Seasonal naive"].forecasts, strict=True
    ):
        np.testing.assert_allclose(path, naive)


def test_docstring_examples():
    failed = doctest.testmod(statistical_peers, optionflags=doctest.ELLIPSIS).failed
    assert failed == 0


@pytest.mark.skipif(
    importlib.util.find_spec("neuralforecast") is not None,
    reason="neuralforecast is installed",
)
def test_the_neural_peer_without_neuralforecast_names_its_make_target(trains):
    with pytest.raises(ModuleNotFoundError, match="make bench-neural"):
        neural_peer.neuralforecast_lstm(trains, HORIZON, quick=True)
