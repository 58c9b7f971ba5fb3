"""The pieces of the perf benchmark that the suite can afford to run."""

import numpy as np

from benchmarks import perf, perf_cases
from benchmarks.airline_demo import skltsm_pipeline


def test_recursive_forecast_feeds_predictions_back(airline, airline_X):
    pipe = skltsm_pipeline(epochs=1).fit(airline_X, airline)
    forecast = perf_cases.recursive_with_pipeline(pipe, airline_X, steps=30)
    assert len(forecast) == 30 and np.isfinite(forecast).all()
    assert str(forecast.index[0]) == "1961-01" and str(forecast.index[-1]) == "1963-06"
    # step 1 is the pipeline's own one-step forecast past the end
    future = airline_X.iloc[-pipe.warmup_ :].copy()
    future.loc[forecast.index[0]] = np.nan
    assert forecast.iloc[0] == pipe.predict(future).iloc[-1]


def test_the_table_marks_targets():
    table = perf.markdown_table(
        {"wrapper_overhead_ratio": 1.2, "gridsearch_speedup_njobs2": 1.8, "other": 3.0}
    )
    assert "| wrapper_overhead_ratio | 1.2 | <= 1.03 | **no** |" in table
    assert "| gridsearch_speedup_njobs2 | 1.8 | >= 1.7 | yes |" in table
    assert "| other | 3 |  |  |" in table
