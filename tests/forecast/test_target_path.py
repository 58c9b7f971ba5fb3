"""The target's path through the steps before the lag: read, not copied."""

import numpy as np
import pandas as pd
import pytest

from skltsm import Differencer
from skltsm._forecast import _target_path


@pytest.fixture
def frame():
    n = 50
    return pd.DataFrame(
        {
            "load": np.sin(np.arange(n) / 3.0) + 2.0,
            "temp": np.cos(np.arange(n) / 5.0),
            "day": np.arange(n) % 7,
        }
    )


@pytest.mark.parametrize("column", [0, 1])
def test_a_float64_target_column_is_read_in_place(frame, column):
    # iloc with a list of columns copies them: a second float64 copy of the
    # target of every row of a panel while its windows are chosen
    (path,) = _target_path.forward([], [frame], [column], horizon=1)
    expected = frame.iloc[:, [column]].to_numpy()
    assert np.shares_memory(path, frame.iloc[:, column].to_numpy())
    assert not path.flags.writeable  # a write must not reach the frame
    assert path.shape == expected.shape and path.dtype == expected.dtype
    assert path.tobytes() == np.ascontiguousarray(expected).tobytes()


@pytest.mark.parametrize("columns", [[2], [0, 1], [1, 0]])
def test_other_target_columns_are_as_iloc_gives_them(frame, columns):
    (path,) = _target_path.forward([], [frame], columns, horizon=1)
    expected = frame.iloc[:, columns].to_numpy()
    assert path.dtype == expected.dtype
    np.testing.assert_array_equal(path, expected)


def test_the_steps_see_the_target_and_leave_the_frame_alone(frame):
    before = frame.copy()
    differencer = Differencer([1]).fit(frame)
    frames = [frame, differencer.transform(frame)]
    path = _target_path.forward([differencer], frames, [0], horizon=1)
    expected = np.diff(frame["load"].to_numpy(), prepend=np.nan)
    np.testing.assert_array_equal(path[1][:, 0], expected)
    pd.testing.assert_frame_equal(frame, before)
