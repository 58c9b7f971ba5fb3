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


def test_an_update_in_another_time_zone_continues_the_stored_rows():
    """New rows in UTC after rows fitted in Europe/Paris: "not a DatetimeIndex".

    A block in another zone is the same instants for predict (above), but
    ``LSTMForecaster.update`` concatenated the two zones into an object
    index and refused it with "The index of y must be a PeriodIndex, a
    DatetimeIndex or an integer index ... got Index of dtype object. Set a
    time index, e.g. ... freq='M'", though the user passed hourly
    timestamps that continue the series.
    """
    pytest.importorskip("sktime")
    from skltsm.sktime import LSTMForecaster
    from tests.sktime.conftest import linear_pipeline

    y = frame(HOURS)["y"] * 2.0 + 5.0
    fitted = LSTMForecaster(linear_pipeline(), calibration_size=0)
    fitted.fit(y.iloc[:8], fh=[1, 2])
    fitted.update(y.iloc[8:].tz_convert("UTC"))
    assert fitted.predict().tolist() == [25.0, 27.0]


def test_a_block_of_month_starts_after_a_fit_on_month_ends_names_both_frequencies():
    """A regular block at another anchor was called irregular, with gaps to fill.

    Fitted on month ends, ``predict`` of three month starts said "The time
    index of X is irregular: 2025-10-01 ... should be 2025-09-30 (one step
    of ME after 2025-09-01) ... fill the gaps", though X is regular: it is
    at ``MS``, another frequency than fit's ``ME``, and no filling helps.
    """
    from tests.sktime.conftest import linear_pipeline

    months = pd.date_range("2024-01-31", periods=23, freq="ME")
    y = pd.Series(5.0 + 2.0 * np.arange(23), index=months, name="y")
    pipeline = linear_pipeline().fit(y.iloc[:20], y.iloc[:20])
    block = y.iloc[20:].set_axis(months[20:] - pd.offsets.MonthBegin())
    with pytest.raises((TypeError, ValueError), match="MS") as error:
        pipeline.predict(block)
    assert "irregular" not in str(error.value)
