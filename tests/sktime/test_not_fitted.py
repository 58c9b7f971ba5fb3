"""scikit-learn's NotFittedError from skltsm's sktime estimators, skbase's too."""

import pandas as pd
import pytest

pytest.importorskip("sktime")

import sklearn.exceptions
import sktime.exceptions

from skltsm.sktime import LSTMForecaster, PositiveDeseasonalizer, StatsForecastARIMA
from tests.sktime.conftest import linear_pipeline
from tests.sktime.test_panels import lines

UNFITTED = {
    "lstm": lambda: LSTMForecaster(linear_pipeline(), calibration_size=0),
    "pretrained": lambda: LSTMForecaster(
        linear_pipeline(), calibration_size=0
    ).pretrain(lines(), fh=[1]),
    "arima": lambda: StatsForecastARIMA(order=(0, 1, 1)),
}
ERRORS = {
    "sklearn": sklearn.exceptions.NotFittedError,
    "skbase": sktime.exceptions.NotFittedError,  # sktime's checks expect it
}


@pytest.mark.parametrize("error", list(ERRORS))
@pytest.mark.parametrize("estimator", list(UNFITTED))
def test_a_forecast_before_fit_raises_sklearns_and_skbases_error(estimator, error):
    with pytest.raises(ERRORS[error], match="has not been fitted"):
        UNFITTED[estimator]().predict(fh=[1])


@pytest.mark.parametrize("error", list(ERRORS))
def test_a_transform_before_fit_raises_sklearns_and_skbases_error(error):
    y = pd.Series(1.0 + pd.RangeIndex(24) % 12, dtype=float)
    with pytest.raises(ERRORS[error], match="has not been fitted"):
        PositiveDeseasonalizer(sp=12).transform(y)
