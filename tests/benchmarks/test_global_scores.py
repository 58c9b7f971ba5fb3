"""The global forecaster's test scores sit beside naive ones fitted in the same run."""

import dataclasses
import doctest
import json

import numpy as np
import pytest

from benchmarks import global_scores, global_validation, stored_runs
from benchmarks.accuracy_data import LSTM, LSTM_COMBINED, NEURAL
from benchmarks.accuracy_metrics import dataset_errors
from benchmarks.global_forecast import GlobalSettings
from benchmarks.statistical_peers import PeerRun
from tests.benchmarks.test_global_validation import seasonal_pool


def test_docstring_examples():
    assert doctest.testmod(global_scores).failed == 0


def test_the_naive_rows_are_the_naive_forecasts(rng):
    pool = seasonal_pool(rng, lengths=(40, 50, 60))
    settings = GlobalSettings.quick()
    views = global_scores.score_pool(pool, settings)
    rows = views["toy"]
    assert list(rows) == [LSTM, "Naive", "Seasonal naive"]
    by_hand = dataset_errors(
        [s.to_numpy() for s in pool.test],
        [np.resize(s.to_numpy()[-12:], pool.horizon) for s in pool.train],
        [s.to_numpy() for s in pool.train],
    )
    assert rows["Seasonal naive"]["smape"] == pytest.approx(by_hand["smape"])
    assert rows["Seasonal naive"]["n_series"] == 3
    assert rows[LSTM]["n_series"] == 3 and rows[LSTM]["smape_spread"] == 0
    # the same seed gives the same scores run to run
    again = global_scores.score_pool(pool, settings)["toy"][LSTM]
    assert [again[m] for m in ("smape", "mape", "mase")] == [
        rows[LSTM][m] for m in ("smape", "mape", "mase")
    ]


def test_the_mean_with_autoets_has_its_row_beside_the_network_alone(rng):
    pool = seasonal_pool(rng, lengths=(40, 50, 60))
    settings = dataclasses.replace(GlobalSettings.quick(), ets_weight=0.5)
    rows = global_scores.score_pool(pool, settings)["toy"]
    assert list(rows) == [LSTM, LSTM_COMBINED, "Naive", "Seasonal naive"]
    alone = global_scores.score_pool(pool, GlobalSettings.quick())["toy"][LSTM]
    assert rows[LSTM]["smape"] == alone["smape"]  # the network, fitted alone
    assert rows[LSTM_COMBINED]["smape"] != alone["smape"]
    assert rows[LSTM_COMBINED]["n_series"] == 3 and rows[LSTM_COMBINED]["seconds"] > 0


def test_main_adds_the_mean_with_autoets_when_asked(rng, tmp_path, monkeypatch):
    monkeypatch.setitem(global_validation.POOLS, "toy", lambda: seasonal_pool(rng))
    quick = lambda dataset: GlobalSettings.quick()  # noqa: E731
    monkeypatch.setattr(global_scores, "global_settings_for", quick)
    monkeypatch.setattr(global_scores, "NEURAL_PYTHON", tmp_path / "no-such-python")
    ets = ["--ets-weight", "0.4", "--ets-model", "ZNM"]
    global_scores.main(
        ["--datasets", "toy", "--seeds", "0", *ets, "--out", str(tmp_path)]
    )
    (measured,) = json.loads((tmp_path / "global_scores.json").read_text())[
        "datasets"
    ].values()
    assert "--ets-weight 0.4 --ets-model ZNM" in measured["command"]
    assert "ets_weight=0.4, ets_model='ZNM'" in measured["settings"]
    assert list(measured["views"]["toy"])[:2] == [LSTM, LSTM_COMBINED]


def test_main_writes_the_page_and_keeps_other_datasets(rng, tmp_path, monkeypatch):
    for name in ("toy", "toy2"):
        monkeypatch.setitem(global_validation.POOLS, name, lambda: seasonal_pool(rng))
    quick = lambda dataset: GlobalSettings.quick()  # noqa: E731
    monkeypatch.setattr(global_scores, "global_settings_for", quick)
    # the neural peer runs only where `make bench-neural` made its venv
    monkeypatch.setattr(global_scores, "NEURAL_PYTHON", tmp_path / "no-such-python")
    out = ["--out", str(tmp_path)]
    # TensorFlow started long ago in this process: the variable changes nothing
    # here but the command, which must say how the stored runs were made
    for name in stored_runs.THREAD_VARIABLES:  # `make test` sets some
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TF_NUM_INTRAOP_THREADS", "1")
    global_scores.main(["--datasets", "toy", "--seeds", "0", "1", *out])
    monkeypatch.delenv("TF_NUM_INTRAOP_THREADS")
    peers = ["--peers", "AutoTheta", "--peer-jobs", "2"]
    global_scores.main(["--datasets", "toy2", "--seeds", "0", *peers, *out])
    results = json.loads((tmp_path / "global_scores.json").read_text())
    assert sorted(results["datasets"]) == ["toy", "toy2"]
    first = results["datasets"]["toy"]
    assert "seeds=(0, 1)" in first["settings"]
    assert first["views"]["toy"][LSTM]["smape_spread"] > 0  # two seeds differ
    assert "AutoTheta" in results["datasets"]["toy2"]["views"]["toy"]
    page = (tmp_path / "global_scores.md").read_text()
    assert "## toy2" in page and "| Seasonal naive |" in page
    assert "--seeds 0 1" in page
    assert "--peer-jobs 2" in results["datasets"]["toy2"]["command"]
    assert "--peer-jobs" not in first["command"]  # one process: the default
    assert first["command"].startswith("TF_NUM_INTRAOP_THREADS=1 python -m")
    assert results["datasets"]["toy2"]["command"].startswith("python -m")


def test_the_neural_peer_gets_its_row_when_its_venv_is_given(rng, monkeypatch):
    pool = seasonal_pool(rng, lengths=(40, 50))
    asked = {}

    def fake_neural(pool, python, *, threads):
        asked.update(python=python, threads=threads)
        paths = [np.full(pool.horizon, s.iloc[-1]) for s in pool.train]
        return PeerRun(paths, 1.5, "fake", [False] * len(paths))

    monkeypatch.setattr(global_scores, "neural_forecasts", fake_neural)
    views = global_scores.score_pool(
        pool, GlobalSettings.quick(), neural_python="venv/python", neural_threads=2
    )
    assert asked == {"python": "venv/python", "threads": 2}
    neural, naive = views["toy"][NEURAL], views["toy"]["Naive"]
    assert neural["smape"] == pytest.approx(naive["smape"])  # both the last value
    assert neural["seconds"] == 1.5


def test_series_failed_by_different_seeds_all_count_as_failed(rng, monkeypatch):
    """n_failed was the most failures of one seed, not the series that failed.

    Seed 0 failing series 0 and seed 1 series 1 gave two series the seasonal
    naive in some seed's score, but the row said 1; the accuracy benchmark
    (``accuracy.global_outcome``) counts a series failed in any seed.
    """
    pool = seasonal_pool(rng, lengths=(40, 50, 60))
    good = [np.full(pool.horizon, s.iloc[-1]) for s in pool.train]
    seed0, seed1 = list(good), list(good)
    seed0[0], seed1[1] = np.full(pool.horizon, np.nan), np.full(pool.horizon, np.nan)
    runs = [(np.stack(seed0), 1.0), (np.stack(seed1), 1.0)]
    monkeypatch.setattr(global_scores, "run_global", lambda *args: runs)
    rows = global_scores.score_pool(pool, GlobalSettings.quick(), ("Naive",))
    assert rows["toy"][LSTM]["n_failed"] == 2
