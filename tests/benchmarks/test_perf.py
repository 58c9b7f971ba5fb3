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


def test_the_timed_search_is_the_readme_quick_starts():
    """The grid-search target is measured on the search users copy first."""
    import re
    from pathlib import Path

    from sklearn.base import clone

    readme = Path(__file__).parents[2].joinpath("README.md").read_text()
    block = re.search(r"```python\n(.*?search\.fit\(X, y\))", readme, re.S).group(1)
    namespace: dict = {}
    exec(block.replace("search.fit(X, y)", ""), namespace)  # noqa: S102 - our README
    theirs = clone(namespace["search"]).get_params(deep=True)
    ours = perf_cases.airline_search(
        perf_cases.readme_pipeline(), perf_cases.README_GRID, n_jobs=None
    ).get_params(deep=True)
    # transformers compare by their own parameters, not by identity
    assert {k: repr(v) for k, v in ours.items()} == {
        k: repr(v) for k, v in theirs.items()
    }
