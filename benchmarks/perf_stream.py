"""One epoch on a long series with look-back 256, windows streamed.

Run by ``benchmarks.perf`` in a fresh process (``python -m benchmarks.perf_stream
N``) so that its peak resident memory is its own; prints one JSON line. The
driver is lean on purpose: one float64 column, ``y`` a view of it.
"""

from __future__ import annotations

import json
import resource
import sys
import time

import numpy as np
import pandas as pd
import psutil
from sklearn.preprocessing import MinMaxScaler

from skltsm import LagTransformer, LSTMRegressor, make_forecast_pipeline

LOOK_BACK = 256


def main(n_rows: int) -> dict:
    import_rss = psutil.Process().memory_info().rss / 2**20
    X = pd.DataFrame({"load": np.sin(np.arange(n_rows) / 50.0)})
    X["load"] += np.random.default_rng(0).normal(scale=0.1, size=n_rows)
    pipe = make_forecast_pipeline(
        MinMaxScaler((-1, 1)),
        LagTransformer(LOOK_BACK),
        LSTMRegressor(units=8, epochs=1, batch_size=1024, random_state=0),
    )
    start = time.perf_counter()
    pipe.fit(X, X["load"])
    seconds = time.perf_counter() - start
    windows = n_rows - LOOK_BACK
    return {
        "rows": n_rows,
        "look_back": LOOK_BACK,
        "fit_seconds": seconds,
        "train_samples_per_second": windows / seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "import_rss_mb": import_rss,
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
