"""The panel case of the perf benchmark, at a size the suite can afford."""

import numpy as np

from benchmarks import perf, perf_panel


def test_the_panel_fit_reports_its_memory_and_every_window_of_every_series():
    n_series, n_points = 3, 60
    measured = perf_panel.main(n_series, n_points)

    assert set(measured) >= {
        "windows", "windows_per_second", "fit_seconds", "peak_rss_mb",
        "data_rss_mb", "import_rss_mb",
    }  # fmt: skip
    # every row of a series after its first look_back has a window (and the
    # target after it is known); no window spans two series
    panel = perf_panel.synthetic_panel(n_series, n_points)
    lengths = panel.groupby(level="series").size().to_numpy()
    assert measured["windows"] == np.sum(lengths - perf_panel.LOOK_BACK) == 36
    assert measured["windows_per_second"] > 0
    # a peak is never below a reading (the kernel's high-water mark can lag)
    assert measured["peak_rss_mb"] >= measured["data_rss_mb"] > 0


def test_the_synthetic_panel_is_positive_and_spans_six_orders_of_magnitude():
    panel = perf_panel.synthetic_panel(200, 48)
    assert panel.index.names == ["series", "time"]
    assert (panel["y"] > 0).all()
    means = panel["y"].groupby(level="series").mean()
    assert means.min() < 10 and means.max() > 1e5


def test_the_table_shows_panel_windows_per_second_beside_the_single_series():
    table = perf.markdown_table(
        {
            "train_samples_per_second": 2.0e4,
            "streamed_fit_seconds": 1.0,
            "peak_rss_mb_panel": 2500.0,
            "panel_windows_per_second": 9.0e4,
        }
    ).splitlines()
    names = [row.split("|")[1].strip() for row in table[2:]]
    assert names == [
        "train_samples_per_second",
        "panel_windows_per_second",
        "streamed_fit_seconds",
        "peak_rss_mb_panel",
    ]
    assert "| peak_rss_mb_panel | 2500 | <= 2000.0 | **no** |" in table
