"""A block of rows gets the stored rows that end one step before it."""

import numpy as np
import pandas as pd
import pytest

from skltsm._series._history import with_history

HOURS = pd.date_range("2000-01-01", periods=10, freq="h", tz="Europe/Paris")


def frame(index):
    return pd.DataFrame({"y": np.arange(len(index), dtype=float)}, index=index)


def test_a_block_in_another_time_zone_is_the_same_instants():
    history, block = frame(HOURS[:7]), frame(HOURS[7:]).tz_convert("UTC")
    context, n_prepended = with_history(block, history, HOURS.freq, 3)
    assert n_prepended == 3
    np.testing.assert_array_equal(context["y"], [4.0, 5.0, 6.0, 0.0, 1.0, 2.0])


@pytest.mark.parametrize("naive", ["block", "history"])
def test_naive_and_aware_labels_are_refused_with_the_fix(naive):
    history, block = frame(HOURS[:7]), frame(HOURS[7:])
    if naive == "block":
        block = block.tz_localize(None)
        fix = r"X\.tz_localize\('Europe/Paris'\)"
    else:
        history = history.tz_localize(None)
        fix = r"X\.tz_localize\(None\)"
    with pytest.raises(TypeError, match=fix):
        with_history(block, history, HOURS.freq, 3)
