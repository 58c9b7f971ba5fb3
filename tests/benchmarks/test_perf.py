"""The pieces of the perf benchmark that the suite can afford to run."""

from benchmarks import perf, perf_cases


def test_recursive_case_times_the_forecaster():
    measured = perf_cases.recursive_forecast(quick=True)
    assert measured["recursive_36_seconds"] > 0
    assert (
        measured["thirty_six_predict_calls_seconds"]
        == 36 * measured["one_predict_seconds"]
    )


def test_the_table_marks_targets():
    table = perf.markdown_table(
        {"wrapper_overhead_ratio": 1.2, "gridsearch_speedup_njobs2": 1.8, "other": 3.0}
    )
    assert "| wrapper_overhead_ratio | 1.2 | <= 1.03 | **no** |" in table
    assert "| gridsearch_speedup_njobs2 | 1.8 | >= 1.7 | yes |" in table
    assert "| other | 3 |  |  |" in table
