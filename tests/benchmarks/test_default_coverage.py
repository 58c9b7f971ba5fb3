"""The default forecaster's coverage benchmark, on a fast stand-in forecaster."""

import json

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")

from sktime.forecasting.naive import NaiveForecaster

from benchmarks import default_coverage


class WideIntervals:
    """Intervals of width 2e6 around 0: every month inside (what coverage_of calls)."""

    def clone(self):
        return WideIntervals()

    def fit(self, y, fh):
        self.name, self.index = (
            y.name,
            pd.period_range(y.index[-1] + 1, periods=len(fh), freq="M"),
        )
        return self

    def predict_interval(self, coverage):
        columns = pd.MultiIndex.from_product(
            [[self.name], coverage, ["lower", "upper"]]
        )
        return pd.DataFrame([[-1e6, 1e6] * len(coverage)] * len(self.index),
                            index=self.index, columns=columns)  # fmt: skip


def test_coverage_counts_the_held_out_months_inside():
    series = default_coverage.simulated_series(3, seed=1)
    found = default_coverage.coverage_of(WideIntervals(), series)
    assert found == {"coverage 80%": 1.0, "coverage 95%": 1.0}


def test_the_series_are_reproducible_monthly_and_long_enough():
    first, again = (default_coverage.simulated_series(5, seed=3) for _ in range(2))
    for a, b in zip(first, again, strict=True):
        pd.testing.assert_series_equal(a, b)
        assert 144 <= len(a) <= 156 and a.index.freqstr == "M"
    assert not np.allclose(first[0].iloc[:144], first[1].iloc[:144])


def test_main_writes_every_configuration(tmp_path, monkeypatch):
    made = []

    def stand_in(**params):
        made.append(params)
        return NaiveForecaster(sp=12)

    monkeypatch.setattr(default_coverage, "LSTMForecaster", stand_in)
    default_coverage.main(["--n-series", "2", "--out", str(tmp_path)])
    assert made == [{"random_state": 0}, {"calibration_folds": 2, "random_state": 0}]
    stored = json.loads((tmp_path / "default_coverage.json").read_text())
    (run,) = stored["datasets"].values()
    assert run["command"].endswith("python -m benchmarks.default_coverage --n-series 2")
    assert list(run["configurations"]) == [
        *default_coverage.CONFIGURATIONS,
        *default_coverage.BASELINES,
    ]
    for measured in run["configurations"].values():
        assert 0 <= measured["coverage 80%"] <= measured["coverage 95%"] <= 1
    assert "calibration_folds=2" in (tmp_path / "default_coverage.md").read_text()
