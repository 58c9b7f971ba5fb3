import pandas as pd

from skltsm.datasets import load_airline


def test_airline_is_the_box_jenkins_series():
    y = load_airline()
    assert isinstance(y.index, pd.PeriodIndex) and y.index.freqstr == "M"
    assert len(y) == 144 and y.name == "passengers" and y.dtype == float
    assert (y.iloc[0], y.iloc[-1], y.sum()) == (112.0, 432.0, 40363.0)
    assert y.index[0] == pd.Period("1949-01", "M") and y.index.is_monotonic_increasing


def test_each_call_returns_a_fresh_copy():
    y = load_airline()
    y.iloc[0] = -1
    assert load_airline().iloc[0] == 112.0
