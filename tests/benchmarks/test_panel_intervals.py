"""The interval scores of the panel benchmark, on hand-made cases."""

import json

import numpy as np
import pytest

pytest.importorskip("sktime")

from benchmarks.accuracy_metrics import coverage, msis
from benchmarks.panel_intervals import LEVELS, SKLTSM, target_line


def test_msis_adds_the_width_and_scaled_misses():
    actual = np.array([[5.0, 1.0]])
    lower, upper = np.array([[0.0, 2.0]]), np.array([[4.0, 3.0]])
    insample = [np.array([0.0, 2.0, 4.0])]  # mean absolute change 2 at lag 1
    # width 4 + 40 * 1 (above by 1), width 1 + 40 * 1 (below by 1), a = 0.05
    assert msis(actual, lower, upper, insample, 95, season=1) == pytest.approx(
        (44 + 41) / 2 / 2
    )
    assert coverage(actual, lower, upper) == 0.0


def test_the_target_needs_both_levels_near_nominal_and_an_msis_at_most_autoets():
    near = {f"coverage_{level}": level / 100 + 0.02 for level in LEVELS}
    models = {SKLTSM: near | {"msis_95": 10.0}, "AutoETS": {"msis_95": 11.0}}
    assert "yes; MSIS (95 %) no worse than AutoETS's: yes" in target_line(models)
    models[SKLTSM]["coverage_80"] = 0.76
    assert "nominal at 80 % and 95 %: **no**" in target_line(models)


def test_added_peers_join_the_saved_results_without_refitting(tmp_path, monkeypatch):
    from dataclasses import replace

    from benchmarks import panel_intervals
    from tests.benchmarks.test_accuracy import synthetic_pool

    rng = np.random.default_rng(0)
    pools = {name: replace(synthetic_pool(rng, 3), name=name) for name in ("a", "b")}
    for name, pool in pools.items():
        monkeypatch.setitem(panel_intervals.POOLS, name, lambda pool=pool: pool)
    monkeypatch.setattr(panel_intervals, "skltsm_intervals", None)  # must not run
    skltsm_row = {"coverage_80": 0.5, "coverage_95": 0.5, "msis_80": 9.0}
    skltsm_row |= {"msis_95": 9.0, "seconds": 1.0}
    results = {
        "command": "python -m benchmarks.panel_intervals",
        "date": "2026-12-01",
        "datasets": {
            name: {"series": 3, "horizon": 6, "models": {SKLTSM: skltsm_row}}
            for name in pools
        },
    }
    (tmp_path / "panel_intervals.json").write_text(json.dumps(results))
    added = panel_intervals.main(["--add", "AutoETS", "--out", str(tmp_path)])
    for name in pools:
        models = added["datasets"][name]["models"]
        assert models[SKLTSM] == skltsm_row
        assert 0 <= models["AutoETS"]["coverage_95"] <= 1
        assert np.isfinite(models["AutoETS"]["msis_95"])
    assert json.loads((tmp_path / "panel_intervals.json").read_text()) == added
    table = (tmp_path / "panel_intervals.md").read_text()
    assert "`python -m benchmarks.panel_intervals --add AutoETS`" in table
    assert table.count("| AutoETS |") == 2


def test_the_airline_backtest_is_reported_beside_the_panels(tmp_path, monkeypatch):
    from benchmarks import interval_coverage, panel_intervals

    def backtest(strategy, *args):
        return {"strategy": strategy, "forecasts": 60} | {
            "coverage 80%": 0.75, "coverage 95%": 0.9
        }  # fmt: skip

    monkeypatch.setattr(interval_coverage, "backtest", backtest)
    interval_coverage.main(["--strategies", "direct", "--out", str(tmp_path)])
    assert "--out" not in (tmp_path / "interval_coverage.md").read_text()
    assert "| direct" in (tmp_path / "interval_coverage.md").read_text()
    results = {"command": "c", "date": "d", "datasets": {}}
    panel_intervals.write(results, tmp_path)
    table = (tmp_path / "panel_intervals.md").read_text()
    assert "## One series: the airline backtest" in table
    assert "interval_coverage --strategies direct" in table
    assert "| direct | 60 | 0.750 | 0.900 |" in table


def test_one_dataset_rerun_keeps_the_others_results(tmp_path, monkeypatch):
    from benchmarks import panel_intervals

    row = {"coverage_80": 0.8, "coverage_95": 0.95, "msis_80": 1.0}
    row |= {"msis_95": 2.0, "seconds": 1.0}

    def run_dataset(pool, *args, **kwargs):
        return {"series": 3, "horizon": pool.horizon, "models": {SKLTSM: row}}

    monkeypatch.setattr(panel_intervals, "run_dataset", run_dataset)
    saved = {"command": "old", "date": "2026-12-01", "datasets": {}}
    saved["datasets"]["m3-monthly"] = {"series": 9, "horizon": 18, "models": {}}
    (tmp_path / "panel_intervals.json").write_text(json.dumps(saved))
    results = panel_intervals.main(
        ["--datasets", "m1-monthly", "--out", str(tmp_path)]
    )  # fmt: skip
    assert results["datasets"]["m3-monthly"] == saved["datasets"]["m3-monthly"]
    m1 = results["datasets"]["m1-monthly"]
    assert m1["models"] == {SKLTSM: row}
    assert m1["command"].endswith("--datasets m1-monthly")
    table = (tmp_path / "panel_intervals.md").read_text()
    assert "## m1-monthly (3 series, h=18)" in table
