"""All or nothing: a refused forecast leaves the forecaster as it was.

sktime stores the ``fh`` passed to ``predict`` and its kin before the
forecaster reads it; a refused one stayed stored, and every later
``predict()`` was refused too.
"""

import warnings

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")

from sktime.forecasting.base import ForecastingHorizon

from skltsm.exceptions import CalibrationWarning
from skltsm.sktime import LSTMForecaster
from tests.sktime.conftest import linear_pipeline
from tests.sktime.test_panels import lines

MONTHS = pd.period_range("2000-01", periods=40, freq="M")
#: absolute labels of another kind than the months of y: refused by skltsm
DAYS = pd.DatetimeIndex(["2003-05-31"])
QUARTERS = pd.period_range("2003-05", periods=2, freq="Q")

FORECASTS = ["predict", "predict_interval", "predict_quantiles", "predict_var"]


def _forecaster(y, calibration_size=8, **params):
    return LSTMForecaster(
        linear_pipeline(), calibration_size=calibration_size, **params
    ).fit(y, fh=[1, 2])


def _check_refused_forecast_changes_nothing(forecaster, method, fh, error):
    fh_before, cutoff = forecaster.fh, forecaster.cutoff
    before = forecaster.predict()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalibrationWarning)
        with pytest.raises(error):
            getattr(forecaster, method)(fh=fh)
    assert forecaster.fh is fh_before
    assert forecaster.cutoff.equals(cutoff)
    assert forecaster.predict().equals(before)


#: sktime's distributions without skpro: a warning, nothing wrong
PROBA = pytest.param(
    "predict_proba",
    marks=pytest.mark.filterwarnings("ignore:Forecasters' predict_proba requires"),
)


@pytest.mark.parametrize("method", [*FORECASTS, PROBA])
def test_a_refused_fh_of_another_kind_keeps_fits_fh_on_a_series(method):
    y = pd.Series(5.0 + 2.0 * np.arange(40), index=MONTHS)
    forecaster = _forecaster(y)
    _check_refused_forecast_changes_nothing(forecaster, method, DAYS, TypeError)


def test_refused_absolute_integer_labels_keep_fits_fh():
    y = pd.Series(5.0 + 2.0 * np.arange(40), index=MONTHS)
    forecaster = _forecaster(y, calibration_size=0)
    integers = ForecastingHorizon([45], is_relative=False)
    _check_refused_forecast_changes_nothing(forecaster, "predict", integers, TypeError)


def test_a_refused_step_between_integer_labels_keeps_fits_fh():
    y = pd.Series(5.0 + 2.0 * np.arange(40), index=pd.Index(np.arange(0, 80, 2)))
    forecaster = LSTMForecaster(linear_pipeline(), calibration_size=0)
    forecaster.fit(y, fh=[2, 4])
    _check_refused_forecast_changes_nothing(forecaster, "predict", [1], ValueError)


@pytest.mark.parametrize("method", FORECASTS)
def test_a_refused_fh_keeps_fits_fh_on_a_global_panel(method):
    forecaster = _forecaster(lines())
    _check_refused_forecast_changes_nothing(forecaster, method, DAYS, TypeError)


@pytest.mark.parametrize("method", ["predict", "predict_interval"])
def test_a_refused_fh_keeps_fits_fh_of_every_series_under_local_pooling(method):
    forecaster = _forecaster(lines(), pooling="local")
    _check_refused_forecast_changes_nothing(forecaster, method, QUARTERS, ValueError)
    for series in forecaster.forecasters_.iloc[:, 0]:
        assert list(series.fh) == [1, 2]


def test_a_refused_fh_after_a_forecast_keeps_the_fh_of_that_forecast():
    y = pd.Series(5.0 + 2.0 * np.arange(40), index=MONTHS)
    forecaster = _forecaster(y, calibration_size=0)
    forecaster.predict(fh=[3])  # accepted: stored, as sktime does
    _check_refused_forecast_changes_nothing(forecaster, "predict", DAYS, TypeError)
    assert list(forecaster.fh) == [3]
