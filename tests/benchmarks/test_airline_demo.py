"""The main job runs end to end (tiny epochs) and writes what it promises."""

import pytest

from benchmarks import airline_demo


@pytest.mark.slow
def test_the_demo_prints_the_table_and_writes_the_plot(tmp_path, capsys):
    table = airline_demo.main(["--quick", "--out", str(tmp_path)])
    assert list(table.index) == [
        "skltsm",
        "differencing only",
        "linear",
        "tutorial",
        "naive",
        "seasonal naive",
        "SARIMA",
    ]
    assert table.loc["naive", "test RMSE"] == pytest.approx(48.0, abs=0.05)
    assert table.loc["seasonal naive", "test RMSE"] == pytest.approx(41.9, abs=0.05)
    assert table.loc["SARIMA", "test RMSE"] == pytest.approx(13.7, abs=0.1)
    # the training mean after log and differencing: what the LSTM must beat
    assert table.loc["differencing only", "test RMSE"] == pytest.approx(15.6, abs=0.05)
    assert table.loc["linear", "test RMSE"] < table.loc["seasonal naive", "test RMSE"]
    for name in ("airline_demo.png", "airline_demo.md", "airline_demo.csv"):
        assert (tmp_path / name).stat().st_size > 0
    assert "test RMSE" in capsys.readouterr().out
