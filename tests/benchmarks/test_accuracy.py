"""The accuracy benchmark: metrics by hand, no test leakage, a quick end-to-end run."""

import dataclasses
import doctest
import json
import math

import numpy as np
import pandas as pd
import pytest

from benchmarks import (
    accuracy,
    accuracy_data,
    accuracy_metrics,
    accuracy_models,
    accuracy_report,
    global_forecast,
)
from benchmarks.accuracy import global_outcome
from benchmarks.accuracy_data import (
    COMPETITION_MODELS,
    LSTM,
    LSTM_COMBINED,
    LSTM_MULTIOUTPUT,
    NEURAL,
    Pool,
    View,
)
from benchmarks.accuracy_metrics import dataset_errors, mape, mase, rmse, smape
from benchmarks.global_forecast import GlobalSettings
from benchmarks.statistical_peers import PeerRun
from tests.benchmarks.test_global_validation import seasonal_pool

KEYS = {"dataset", "horizon", "model", "smape", "mase", "rmse", "fit_seconds"}


# -- metrics against hand-computed values ------------------------------------
def test_smape_is_the_m3_convention():
    # 200 * 10 / 210 = 9.5238..., 200 * 20 / 380 = 10.5263...; mean 10.0250...
    actual, forecast = np.array([100.0, 200.0]), np.array([110.0, 180.0])
    assert smape(actual, forecast) == pytest.approx((2000 / 210 + 4000 / 380) / 2)
    assert smape(np.array([0.0]), np.array([0.0])) == 0.0
    assert smape(np.array([10.0]), np.array([0.0])) == pytest.approx(200.0)


def test_mape_rmse_and_mase_by_hand():
    actual, forecast = np.array([100.0, 200.0]), np.array([110.0, 180.0])
    assert mape(actual, forecast) == pytest.approx((10 + 10) / 2)
    assert rmse(actual, forecast) == pytest.approx(math.sqrt((100 + 400) / 2))
    assert math.isnan(mape(np.array([0.0, 1.0]), np.array([1.0, 1.0])))
    # in-sample seasonal (m=2) naive errors |3-1|, |4-2|, |5-3| -> scale 2
    insample = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    assert mase(np.array([6.0, 8.0]), np.array([7.0, 5.0]), insample, m=2) == 1.0
    # too short for the season: falls back to the one-step naive (scale 1)
    assert mase(np.array([3.0]), np.array([1.0]), np.array([1.0, 2.0]), m=12) == 2.0


def test_dataset_errors_average_over_series_and_skip_nan():
    errors = dataset_errors(
        [np.array([100.0]), np.array([0.0])],
        [np.array([110.0]), np.array([1.0])],
        [np.array([90.0, 100.0]), np.array([1.0, 1.0])],  # second: MASE scale 0
        m=1,
    )
    assert errors["n_series"] == 2
    assert errors["smape"] == pytest.approx((200 * 10 / 210 + 200) / 2)
    assert errors["mape"] == pytest.approx(10.0)  # the zero actual is skipped
    assert errors["mase"] == pytest.approx(1.0)  # the constant in-sample is skipped
    assert errors["rmse"] == pytest.approx((10 + 1) / 2)


def test_a_forecast_that_is_not_finite_is_no_perfect_score():
    # NaN > 0 is False: the sMAPE of a NaN forecast used to be 0
    assert np.isnan(smape(np.array([100.0]), np.array([np.nan])))
    with pytest.raises(ValueError, match="1 series .* not finite"):
        dataset_errors(
            [np.array([100.0]), np.array([100.0])],
            [np.array([110.0]), np.array([np.nan])],
            [np.array([90.0, 100.0])] * 2,
        )


def test_a_global_seed_that_fails_a_series_counts_it_and_gives_it_the_naive():
    train = [pd.Series([1.0, 2.0, 3.0, 4.0]), pd.Series([5.0, 6.0, 7.0, 8.0])]
    good, bad = np.array([5.0, 6.0]), np.array([np.nan, 9.0])
    runs = [([good, good], 1.0), ([good, bad], 1.0)]  # seed 1 fails series 1
    outcome = global_outcome(runs, np.array([0, 1]), GlobalSettings(), train)
    assert outcome.failed == {0: False, 1: True}
    np.testing.assert_array_equal(
        outcome.seed_forecasts[1][1], [5.0, 6.0]
    )  # its last 12


@pytest.mark.parametrize(
    "module",
    [
        accuracy_metrics,
        accuracy_data,
        accuracy_models,
        accuracy_report,
        global_forecast,
    ],
)
def test_docstring_examples(module):
    assert doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0


@pytest.mark.parametrize(
    ("dataset", "first"), [("tourism-monthly", "low MAPE"), ("m3-monthly", "low sMAPE")]
)
def test_each_table_ranks_by_its_datasets_metric(dataset, first):
    entries = [
        {"dataset": dataset, "model": name, "smape": smape_, "mape": mape_,
         "mase": 1.0, "rmse": 1.0, "fit_seconds": 1.0, "n_failed": 0}
        for name, smape_, mape_ in [("low sMAPE", 10.0, 30.0), ("low MAPE", 12.0, 20.0)]
    ]  # fmt: skip
    rows = accuracy_report.view_table(entries).splitlines()[2:]
    assert rows[0].startswith(f"| {first}")


# -- data and protocols --------------------------------------------------------
def test_the_m3_subset_is_the_1045_series_of_makridakis_2018():
    pool = accuracy_data.m3_pool()
    views = {view.dataset: view for view in pool.views}
    assert len(pool.train) == 1428 and len(views["m3-monthly"].positions) == 1045
    assert len(views["m3-monthly-all"].positions) == 1428
    # every model on every series: no subsets for the slow ones
    assert all(view.models == COMPETITION_MODELS for view in pool.views)
    assert all(len(test) == 18 for test in pool.test)
    sampled = accuracy_data.m3_pool(300, seed=0).views
    assert len(sampled) == 1 and len(sampled[0].positions) == 300
    assert set(sampled[0].positions) <= set(views["m3-monthly"].positions)


def test_airline_protocols():
    one_step, h12, h36 = accuracy_data.airline_pools()
    assert one_step.one_step and len(one_step.train[0]) == 96
    assert len(one_step.test[0]) == 48
    assert str(h12.train[0].index[-1]) == "1959-12"
    assert str(h12.test[0].index[0]) == "1960-01" and len(h12.test[0]) == 12
    assert str(h36.train[0].index[-1]) == "1957-12"
    assert str(h36.test[0].index[-1]) == "1960-12" and len(h36.test[0]) == 36


# -- the global model reads nothing after the forecast origin -----------------
def synthetic_pool(rng, n_series=4, length=60, horizon=6) -> Pool:
    months = np.arange(length + horizon)
    train, test = [], []
    for k in range(n_series):
        values = (
            100 + 10 * k + 8 * np.sin(months * np.pi / 6) + rng.normal(size=len(months))
        )
        whole = accuracy_data.monthly(values)
        train.append(whole.iloc[:length])
        test.append(whole.iloc[length:])
    view = View("synthetic", np.arange(n_series), (LSTM,))
    return Pool("synthetic", horizon, train, test, [view])


def test_the_global_forecasts_do_not_change_with_the_test_values(rng):
    pool = synthetic_pool(rng)
    outcomes, _ = accuracy.run_lstm(pool, quick=True, log=lambda line: None)
    pool.test = [test * 1000 + 7 for test in pool.test]  # garbage after the origin
    again, _ = accuracy.run_lstm(pool, quick=True, log=lambda line: None)
    for position, forecast in outcomes[LSTM].forecasts.items():
        assert forecast.shape == (6,) and np.isfinite(forecast).all()
        np.testing.assert_array_equal(forecast, again[LSTM].forecasts[position])


def test_a_mean_with_autoets_is_scored_beside_the_network_alone(rng, monkeypatch):
    pool = synthetic_pool(rng)
    quick = global_forecast.GlobalSettings.quick()
    combined = dataclasses.replace(quick, ets_weight=0.5, ets_model="ZNM")
    chosen = lambda name, quick: combined if quick else None  # noqa: E731
    monkeypatch.setattr(accuracy, "global_settings_for", chosen)
    outcomes, info = accuracy.run_lstm(pool, quick=True, log=lambda line: None)
    assert list(outcomes) == [LSTM, LSTM_COMBINED]
    assert "AutoETS(model='ZNM'" in outcomes[LSTM_COMBINED].method
    assert "AutoETS" not in outcomes[LSTM].method
    assert len(info["combined_seed_seconds"]) == len(info["seed_seconds"]) == 1
    for position, network in outcomes[LSTM].forecasts.items():
        assert not np.allclose(network, outcomes[LSTM_COMBINED].forecasts[position])


def test_seeds_are_scored_separately_and_averaged(rng):
    pool = synthetic_pool(rng, n_series=2)
    perfect = {p: pool.test[p].to_numpy() for p in range(2)}
    off = {p: 1.1 * pool.test[p].to_numpy() for p in range(2)}
    book = {"seconds": {0: 0.0, 1: 0.0}, "failed": {0: False, 1: False}}
    seeds = accuracy.Outcome(perfect, **book, seed_forecasts=[perfect, off])
    single = accuracy.Outcome(off, **book)
    entry = accuracy.score(pool, pool.views[0], LSTM, seeds)
    alone = accuracy.score(pool, pool.views[0], LSTM, single)
    assert entry["n_seeds"] == 2 and alone["n_seeds"] == 1
    assert entry["smape"] == pytest.approx(alone["smape"] / 2)
    assert entry["smape_spread"] == pytest.approx(alone["smape"] / 2)


# -- end to end -----------------------------------------------------------------
EXPECTED = {
    ("airline", 1): 7,
    ("airline", 12): 8,  # with the multioutput strategy
    ("airline", 36): 8,
    ("shampoo", 12): 7,
    ("elecequip", 24): 7,
    ("m3-monthly", 18): 6,
    ("tourism-monthly", 24): 6,
}


@pytest.mark.slow
def test_a_quick_run_writes_every_entry(tmp_path, monkeypatch):
    # the neural peer runs only where `make bench-neural` made its venv
    monkeypatch.setattr(accuracy, "NEURAL_PYTHON", tmp_path / "no-such-python")
    accuracy.main(["--quick", "--n-jobs", "1", "--out", str(tmp_path)])
    entries = json.loads((tmp_path / "accuracy.json").read_text())
    cells = pd.Series([(e["dataset"], e["horizon"]) for e in entries]).value_counts()
    assert cells.to_dict() == EXPECTED
    assert len({(e["dataset"], e["horizon"], e["model"]) for e in entries}) == 49
    for entry in entries:
        assert KEYS <= set(entry)
        assert all(math.isfinite(entry[key]) for key in ("smape", "mase", "rmse"))
        assert entry["fit_seconds"] >= 0
    assert {e["model"] for e in entries} >= {LSTM, LSTM_MULTIOUTPUT, "AutoARIMA"}
    csv = pd.read_csv(tmp_path / "accuracy.csv")
    assert len(csv) == len(entries)
    markdown = (tmp_path / "accuracy.md").read_text()
    assert "## m3-monthly, horizon 18" in markdown and "11.28" in markdown
    for name in ("accuracy_airline.png", "accuracy_by_horizon.png"):
        assert (tmp_path / name).stat().st_size > 0
        (tmp_path / name).unlink()
    accuracy_report.main(["--out", str(tmp_path)])  # redrawn from the JSON alone
    assert (tmp_path / "accuracy_airline.png").stat().st_size > 0


def test_fallback_replaces_a_failing_model():
    train = accuracy_data.monthly(np.arange(1.0, 25.0))
    test = accuracy_data.monthly(np.arange(25.0, 28.0), start="1992-01")
    path, _, failed = accuracy_models.timed_forecast(
        "no such model", train, test, is_one_step=False, quick=True
    )
    assert failed
    np.testing.assert_array_equal(path, [13.0, 14.0, 15.0])


def test_the_flags_choose_subsets():
    args = accuracy.parse_args(["--m3-series", "5", "--datasets", "m3"])
    pools = accuracy.build_pools(args)
    assert [view.dataset for view in pools[0].views] == ["m3-monthly"]
    assert len(pools[0].views[0].positions) == 5


def test_the_neural_peer_gets_the_threads_asked_for(rng, monkeypatch):
    pool = seasonal_pool(rng, lengths=(40, 50))
    asked = {}

    def fake_neural(pool, python, *, quick, threads):
        asked.update(python=str(python), threads=threads)
        paths = [np.full(pool.horizon, s.iloc[-1]) for s in pool.train]
        return PeerRun(paths, 1.5, "fake", [False] * len(paths))

    monkeypatch.setattr(accuracy, "neural_forecasts", fake_neural)
    monkeypatch.setattr(accuracy, "statistical_forecasts", lambda *a, **k: {})
    argv = ["--neural-python", "venv/python", "--neural-threads", "2"]
    outcomes = accuracy.run_peers(pool, accuracy.parse_args(argv), log=print)
    assert asked == {"python": "venv/python", "threads": 2}
    assert outcomes[NEURAL].shared_seconds == 1.5


def test_the_competitors_list_names_each_method_a_model_ran_with():
    """accuracy.md's "Competitors" list keyed methods by model name, last one kept.

    AutoARIMA is sktime's (pmdarima) on the single series and statsforecast's
    on M3; the page named only statsforecast's, for every table (the stored
    accuracy.md says so of the airline rows, which pmdarima fitted).
    """
    run = {"command": "x", "wall_seconds": 60.0, "cpu_count": 2, "n_jobs": 2,
           "load_average_before": [0.1], "load_average_after": [0.1]}  # fmt: skip
    entries = [
        {"dataset": dataset, "horizon": 12, "model": "AutoARIMA", "method": method,
         "smape": 1.0, "mape": 1.0, "mase": 1.0, "rmse": 1.0, "fit_seconds": 1.0,
         "n_failed": 0, "protocol": "one origin", "subset": "all", "n_series": 1}
        for dataset, method in [("airline", "sktime AutoARIMA (pmdarima)"),
                                ("m3-monthly", "statsforecast AutoARIMA")]
    ]  # fmt: skip
    page = accuracy_report.markdown(entries, run)
    assert "sktime AutoARIMA (pmdarima)" in page
    assert "statsforecast AutoARIMA" in page


def test_msis_scales_a_short_series_as_mase_does():
    """A series shorter than its season made a whole dataset's MSIS NaN.

    ``mase`` falls back to the lag-1 scale there; ``msis``, with the same
    in-sample scale by its docstring, took the mean of no differences.
    """
    actual, lower, upper = np.array([[5.0]]), np.array([[4.0]]), np.array([[6.0]])
    long, short = np.arange(1.0, 30.0), np.arange(1.0, 7.0)  # scales 12 and 1
    score = accuracy_metrics.msis(
        np.vstack([actual, actual]), np.vstack([lower, lower]),
        np.vstack([upper, upper]), [long, short], 95, season=12,
    )  # fmt: skip
    assert score == pytest.approx((2 / 12 + 2 / 1) / 2)


def test_a_failing_one_step_model_gets_the_one_step_seasonal_naive():
    """In the one-step protocol a failed model got the multi-step seasonal naive.

    Each test month's seasonal naive is the actual month a year before it;
    the stand-in repeated the last training year instead, so past the first
    12 test months it was not the "seasonal naive forecast" the page names.
    """
    train = accuracy_data.monthly(np.arange(1.0, 25.0))
    test = accuracy_data.monthly(np.arange(25.0, 40.0), start="1992-01")
    path, _, failed = accuracy_models.timed_forecast(
        "no such model", train, test, is_one_step=True, quick=True
    )
    assert failed
    whole = pd.concat([train, test])
    np.testing.assert_array_equal(path, whole.shift(12).iloc[len(train) :])


def test_a_subset_of_no_series_is_refused():
    """``--m3-series 0`` scored all 1,045 series (``0 or None``), silently."""
    with pytest.raises(SystemExit):
        accuracy.parse_args(["--m3-series", "0"])
