"""One epoch of one global network on a panel of many series, windows streamed.

Run by ``benchmarks.perf`` in a fresh process (``python -m benchmarks.perf_panel
N_SERIES N_POINTS``) so that its peak resident memory is its own; prints one
JSON line. The panel is synthetic: ``N_SERIES`` positive seasonal series of
``N_POINTS`` steps (100,000 x 300 in the benchmark), their levels spread
log-uniformly from 1 to 1e6, built in NumPy and passed as the long frame a
user would pass: one float64 column ``y`` indexed (series, time), ``y`` that
column. The pipeline is the public one, ``make_forecast_pipeline(
LagTransformer(look_back=48), LSTMRegressor(units=4, epochs=1,
batch_size=16384))``: a small network and large batches, so that the epoch
over 25.2 million windows takes minutes on two cores (about 95,000 windows
a second on the machine the benchmark was written on, against 48,000 with
8 units and batches of 4,096), and what is measured is the data path around
it: validating the (series, time) index, stacking the series, ordering the
windows by time and gathering them batch by batch.

``peak_rss_mb`` is the process's peak resident memory (``ru_maxrss``, never
below a resident size read, which the kernel's high-water mark can lag);
``data_rss_mb`` its resident memory once the panel is built, before the fit;
``windows`` the training windows the network received (every row of a
series after its first ``look_back``).
"""

from __future__ import annotations

import json
import resource
import sys
import time

import numpy as np
import pandas as pd
import psutil

from skltsm import LagTransformer, LSTMRegressor, make_forecast_pipeline

LOOK_BACK = 48
UNITS = 4
BATCH_SIZE = 16384
PERIOD = 12


def synthetic_panel(n_series: int, n_points: int, seed: int = 0) -> pd.DataFrame:
    """Positive seasonal series of levels 1 to 1e6, indexed (series, time)."""
    rng = np.random.default_rng(seed)
    levels = 10.0 ** rng.uniform(0.0, 6.0, size=(n_series, 1))
    phases = rng.uniform(0.0, 2 * np.pi, size=(n_series, 1))
    t = np.arange(n_points)
    values = np.sin(2 * np.pi * t / PERIOD + phases)
    values *= 0.3
    values += 1.0 + 0.001 * t
    values += rng.normal(scale=0.05, size=values.shape)
    values *= levels  # positive: 1 + 0.3 sin + noise stays above 0.5
    index = pd.MultiIndex.from_product(
        [pd.RangeIndex(n_series), pd.RangeIndex(n_points)], names=["series", "time"]
    )
    return pd.DataFrame(values.reshape(-1, 1), index=index, columns=["y"])


def main(n_series: int, n_points: int, look_back: int = LOOK_BACK) -> dict:
    process = psutil.Process()
    import_rss = process.memory_info().rss / 2**20
    X = synthetic_panel(n_series, n_points)
    y = X["y"]
    data_rss = process.memory_info().rss / 2**20
    pipe = make_forecast_pipeline(
        LagTransformer(look_back=look_back),
        LSTMRegressor(units=UNITS, epochs=1, batch_size=BATCH_SIZE, random_state=0),
    )
    start = time.perf_counter()
    pipe.fit(X, y)
    seconds = time.perf_counter() - start
    windows = pipe[-1].X_shape_[0]  # the windows the network was fitted on
    return {
        "series": n_series,
        "points": n_points,
        "look_back": look_back,
        "units": UNITS,
        "batch_size": BATCH_SIZE,
        "windows": int(windows),
        "fit_seconds": seconds,
        "windows_per_second": windows / seconds,
        "peak_rss_mb": _peak_rss_mb(process, import_rss, data_rss),
        "data_rss_mb": data_rss,
        "import_rss_mb": import_rss,
    }


def _peak_rss_mb(process: psutil.Process, *readings: float) -> float:
    """Return the peak resident memory: ``ru_maxrss``, never below a reading.

    Linux updates the high-water mark from per-thread counters that can lag
    the resident size by a few pages: in a busy process (a test worker),
    ``ru_maxrss`` came out 0.2 MB below an RSS read before the fit.
    """
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return max(peak, process.memory_info().rss / 2**20, *readings)


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))
