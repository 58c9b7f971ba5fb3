"""Warnings point at the user's line, whatever the depth of calls."""

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

from skltsm import LagTransformer, LSTMRegressor, make_forecast_pipeline
from skltsm.exceptions import ConstantSeriesWarning, InsufficientHistoryWarning


def caught_where(call, category) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    return [Path(w.filename).name for w in caught if issubclass(w.category, category)]


def test_a_warning_names_the_callers_line_through_sklearn_and_skltsm():
    months = pd.period_range("2000-01", periods=40, freq="M")
    X = pd.DataFrame({"y": np.sin(np.arange(40.0))}, index=months)
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression()).fit(X, X["y"])
    later = X.iloc[30:].set_axis(months[30:] + 100)  # no history stored before
    assert caught_where(lambda: pipe.predict(later), InsufficientHistoryWarning) == [
        "test_warn.py"
    ]
    search = GridSearchCV(
        make_forecast_pipeline(LagTransformer(3), LSTMRegressor(units=2, epochs=1)),
        {"lagtransformer__look_back": [3]},
        cv=TimeSeriesSplit(2),
    )
    flat = pd.DataFrame({"y": 7.0}, index=months)
    # sklearn's fit, the pipeline's, the regressor's: the warning is still ours
    names = caught_where(lambda: search.fit(flat, flat["y"]), ConstantSeriesWarning)
    assert names and set(names) == {"test_warn.py"}
