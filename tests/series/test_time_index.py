import numpy as np
import pandas as pd
import pytest

from skltsm._series._time_index import check_continues, index_kind, infer_step


@pytest.mark.parametrize(
    "index, step",
    [
        (pd.period_range("2000-01", periods=5, freq="M"), 1),
        (pd.RangeIndex(3, 30, 3), 3),
        (pd.date_range("2000-01-31", periods=5, freq="ME"), pd.offsets.MonthEnd()),
        (
            pd.DatetimeIndex(["2000-01-01", "2000-02-01", "2000-03-01"]),
            pd.offsets.MonthBegin(),
        ),
        (pd.DatetimeIndex(["2000-01-01", "2000-01-03"]), pd.Timedelta(days=2)),
        (pd.Index([5]), None),
    ],
)
def test_step_of_regular_indexes(index, step):
    assert infer_step(index) == step


def test_a_datetime_index_without_freq_and_a_gap_is_located():
    stamps = pd.date_range("2000-01-01", periods=10, freq="MS").delete(6)
    with pytest.raises(
        ValueError, match="2000-08-01 00:00:00 at position 6 should be 2000-07-01"
    ):
        infer_step(stamps)


def test_irregular_integer_index_is_located():
    with pytest.raises(ValueError, match="irregular: 5 at position 2"):
        infer_step(pd.Index([1, 2, 5, 6]))


def test_non_time_index_is_a_type_error():
    with pytest.raises(
        TypeError, match="must be a PeriodIndex, a DatetimeIndex or an integer"
    ):
        infer_step(pd.Index(["a", "b"]))
    with pytest.raises(TypeError):
        infer_step(pd.Index([0.5, 1.5]))


def test_missing_timestamp_is_refused():
    with pytest.raises(ValueError, match="NaT"):
        infer_step(pd.DatetimeIndex(["2000-01-01", None, "2000-01-03"]))


def test_continuation_needs_exactly_one_step():
    months = pd.period_range("2000-01", periods=3, freq="M")
    assert check_continues(months, pd.Period("2000-04", "M"), 1)
    assert not check_continues(months, pd.Period("2000-05", "M"), 1)
    assert not check_continues(months[:0], pd.Period("2000-01", "M"), 1)
    assert not check_continues(months, pd.Period("2000-04", "M"), None)


def test_index_kinds():
    assert index_kind(pd.RangeIndex(3)) == "integer"
    assert index_kind(pd.DatetimeIndex(["2000-01-01"])) == "datetime"
    assert index_kind(pd.Index(np.array([1.5]))).startswith("Index")
