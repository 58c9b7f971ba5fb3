"""SeriesLoop: sktime's loop over the series of a panel, as local pooling runs it."""

import warnings

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")

from sktime.datatypes import VectorizedDF
from sktime.forecasting.base import ForecastingHorizon
from sktime.forecasting.naive import NaiveForecaster

from skltsm._warn import warn
from skltsm.exceptions import ConstantSeriesWarning
from skltsm.sktime._series_loop import SeriesLoop, with_plain_keys


def weekly_on_two_weekdays() -> VectorizedDF:
    sundays = pd.date_range("2000-01-02", periods=6, freq="W-SUN")
    wednesdays = pd.date_range("2000-01-05", periods=6, freq="W-WED")
    index = pd.MultiIndex.from_tuples(
        [("a", t) for t in sundays] + [("b", t) for t in wednesdays],
        names=["series", "time"],
    )
    panel = pd.DataFrame({"y": np.arange(12.0)}, index=index)
    return VectorizedDF(panel, iterate_as="Series", is_scitype="Panel")


# sktime's, of each NaiveForecaster made: a default that will change
@pytest.mark.filterwarnings("ignore:The default of config:FutureWarning")
def test_each_series_gets_a_horizon_of_its_own_frequency():
    """sktime passes every series one horizon, whose frequency the first sets."""
    loop = with_plain_keys(weekly_on_two_weekdays())
    assert isinstance(loop, SeriesLoop)
    fh = ForecastingHorizon([1, 2])
    naive = NaiveForecaster()
    clones = loop.vectorize_est(naive, method="clone")
    fitted = loop.vectorize_est(clones, method="fit", y=loop, fh=fh)
    assert fh.freq is None  # the caller's horizon is left as it was
    assert [f.fh.freq for f in fitted.iloc[:, 0]] == ["W-SUN", "W-WED"]
    forecasts = loop.vectorize_est(fitted, method="predict", return_type="list", fh=fh)
    assert [str(f.index[0].date()) for f in forecasts] == ["2000-02-13", "2000-02-16"]


class _WarningForecaster(NaiveForecaster):
    """A naive forecaster that warns through skltsm while it fits."""

    def _fit(self, y, X=None, fh=None):
        warn("the training target is constant", ConstantSeriesWarning)
        return super()._fit(y, X, fh)


@pytest.mark.filterwarnings("ignore:The default of config:FutureWarning")
def test_skltsm_warnings_of_one_series_start_with_its_key():
    """With a thousand series, a warning that does not name one is no help."""
    loop = with_plain_keys(weekly_on_two_weekdays())
    clones = loop.vectorize_est(_WarningForecaster(), method="clone")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loop.vectorize_est(clones, method="fit", y=loop, fh=ForecastingHorizon([1]))
    messages = [str(w.message) for w in caught if w.category is ConstantSeriesWarning]
    assert messages == [
        "Series 'a': the training target is constant",
        "Series 'b': the training target is constant",
    ]
    with warnings.catch_warnings(record=True) as caught:  # the prefix is gone
        warnings.simplefilter("always")
        warn("after the loop", ConstantSeriesWarning)
    assert str(caught[0].message) == "after the loop"
