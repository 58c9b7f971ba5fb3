"""The series identity columns: one per known series, zeros for the others."""

import numpy as np
import pandas as pd

from skltsm._forecast._series_identity import series_ids, with_series_identity


def test_each_row_is_marked_with_its_own_series_only():
    index = pd.MultiIndex.from_product([["a", "b", "c"], range(4)])
    frame = pd.DataFrame({"y": np.arange(12.0)}, index=index)
    out = with_series_identity(frame, pd.Index(["c", "a"]))
    assert list(out.columns) == ["y", "series=c", "series=a"]
    np.testing.assert_array_equal(out["series=c"], np.r_[[0] * 8, [1] * 4])
    np.testing.assert_array_equal(out["series=a"], np.r_[[1] * 4, [0] * 8])
    np.testing.assert_array_equal(out["y"], frame["y"])  # untouched


def test_hierarchical_series_are_identified_by_all_their_levels():
    index = pd.MultiIndex.from_tuples(
        [("x", "a", 0), ("x", "b", 0), ("y", "a", 0)], names=["r", "s", "t"]
    )
    frame = pd.DataFrame({"y": [1.0, 2.0, 3.0]}, index=index)
    ids = series_ids(frame)
    out = with_series_identity(frame, ids)
    np.testing.assert_array_equal(out.iloc[:, 1:].to_numpy(), np.eye(3))


def test_a_single_series_has_no_identity_of_its_own():
    series = pd.DataFrame({"y": [1.0, 2.0]})
    assert len(series_ids(series)) == 0
    out = with_series_identity(series, pd.Index(["a", "b"]))
    np.testing.assert_array_equal(out[["series=a", "series=b"]], np.zeros((2, 2)))
    assert with_series_identity(series, pd.Index([])) is series
