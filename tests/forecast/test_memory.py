"""``skltsm._forecast._memory``: the forecaster's memory, extended by updates."""

import re

import numpy as np
import pandas as pd
import pytest

from skltsm._forecast._memory import as_frame, extend


def panel(ends: dict[str, str], n: int = 6) -> pd.DataFrame:
    """Monthly series, each ``n`` months up to its end."""
    index = pd.MultiIndex.from_tuples(
        [
            (key, period)
            for key, end in ends.items()
            for period in pd.period_range(end=end, periods=n, freq="M")
        ],
        names=["series", "time"],
    )
    return pd.DataFrame({"y": np.arange(len(index), dtype=float)}, index=index)


@pytest.mark.parametrize("step", [None, 1])
def test_a_panels_gap_is_named_by_its_series_not_by_the_last_series_held(step):
    """The message named the memory's last row, the last series' ('b', 2001-12),
    whatever series left the gap."""
    old, _ = as_frame(panel({"a": "2001-12", "b": "2001-12"}), "y")
    new, _ = as_frame(panel({"a": "2002-03", "b": "2002-01"}, n=1), "y", step=1)
    with pytest.raises(ValueError) as caught:
        extend(old, new, "y", step=step)
    message = str(caught.value)
    assert message.startswith(
        "y passed to update must continue each series' observations seen so far "
        "without a gap"
    )
    assert re.search(r"series 'a'.*2002-03 should be 2002-01.*after 2001-12", message)
    assert "'b'" not in message


def test_a_single_series_gap_names_the_last_row_held():
    index = pd.period_range("2000-01", periods=6, freq="M")
    old, _ = as_frame(pd.DataFrame({"y": np.arange(6.0)}, index=index), "y")
    new, _ = as_frame(pd.DataFrame({"y": [1.0]}, index=index[-1:] + 3), "y")
    with pytest.raises(ValueError, match=r"\(the last at 2000-06\) without a gap"):
        extend(old, new, "y")


@pytest.mark.parametrize("step", [None, 1])
@pytest.mark.parametrize("names", [[None, None], ["store", "month"]])
def test_new_rows_named_otherwise_keep_the_memorys_names(step, names):
    """The merge dropped the names that differ: a global forecaster's forecasts
    came out indexed [None, None] after such an update."""
    old, _ = as_frame(panel({"a": "2001-12", "b": "2001-12"}), "y")
    new, _ = as_frame(panel({"a": "2002-01", "b": "2002-01"}, n=1), "y", step=1)
    memory = extend(old, new.rename_axis(names), "y", step=step)
    assert memory.index.names == ["series", "time"]
    assert len(memory) == len(old) + len(new)


def test_a_single_series_update_keeps_the_memorys_name():
    index = pd.period_range("2000-01", periods=6, freq="M", name="time")
    old, _ = as_frame(pd.DataFrame({"y": np.arange(6.0)}, index=index), "y")
    new, _ = as_frame(
        pd.DataFrame({"y": [1.0]}, index=(index[-1:] + 1).rename(None)), "y"
    )
    assert extend(old, new, "y").index.name == "time"
