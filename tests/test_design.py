"""The code of ../shared/DESIGN.md, run as written (epochs reduced by set_params)."""

import numpy as np
import pandas as pd


def test_gridsearch_over_look_back_and_units_in_passengers():
    from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
    from sklearn.preprocessing import MinMaxScaler

    from skltsm import (
        Differencer,
        LagTransformer,
        LSTMRegressor,
        make_forecast_pipeline,
    )
    from skltsm.datasets import load_airline

    y = load_airline()
    X = y.to_frame()

    pipe = make_forecast_pipeline(
        Differencer(),  # y[t] - y[t-1]
        MinMaxScaler((-1, 1)),
        LagTransformer(look_back=12),
        LSTMRegressor(units=32, random_state=0),
    )
    pipe.set_params(lstmregressor__epochs=2)  # the one change: fewer epochs
    search = GridSearchCV(
        pipe,
        {"lagtransformer__look_back": [3, 12, 24], "lstmregressor__units": [8, 32]},
        cv=TimeSeriesSplit(n_splits=4, test_size=12),
        scoring="neg_root_mean_squared_error",  # in passengers, not in scaled units
    )
    search.fit(X, y)
    last_two_years = search.predict(
        X.iloc[-24:]
    )  # one-step-ahead, passengers, indexed like X.iloc[-24:]

    assert isinstance(last_two_years, pd.Series)
    assert last_two_years.index.equals(X.index[-24:])
    assert last_two_years.between(250, 800).all()  # passengers, not scaled units
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert 5 < -search.best_score_ < 200  # an RMSE in passengers (scaled would be < 2)


def test_the_tutorials_2d_framing():
    import numpy as np

    from skltsm import LSTMRegressor

    X = np.array(
        [
            [10, 20, 30],
            [20, 30, 40],
            [30, 40, 50],
            [40, 50, 60],
            [50, 60, 70],
            [60, 70, 80],
        ]
    )
    y = np.array([40, 50, 60, 70, 80, 90])
    prediction = (
        LSTMRegressor(random_state=0).fit(X, y).predict(np.array([[70, 80, 90]]))
    )  # close to 100

    # tanh cells extrapolate conservatively beyond the training range (93-97 over
    # seeds 0-5); the tutorial's relu reaches 100-106 but loses the cuDNN kernel.
    assert abs(prediction[0] - 100) < 7


def test_the_sktime_forecaster_and_its_benchmark():
    from sklearn.preprocessing import MinMaxScaler

    from skltsm import (
        Differencer,
        LagTransformer,
        LSTMRegressor,
        make_forecast_pipeline,
    )
    from skltsm.datasets import load_airline

    y = load_airline()
    pipe = make_forecast_pipeline(  # as in the first snippet
        Differencer(),  # y[t] - y[t-1]
        MinMaxScaler((-1, 1)),
        LagTransformer(look_back=12),
        LSTMRegressor(units=32, random_state=0),
    )
    pipe.set_params(lstmregressor__epochs=2)  # the one change: fewer epochs

    # sktime: forecast past the end of the data, and benchmark against ARIMA
    from sktime.forecasting.arima import AutoARIMA  # noqa: F401
    from sktime.forecasting.model_evaluation import evaluate
    from sktime.split import ExpandingWindowSplitter

    from skltsm.sktime import LSTMForecaster

    f = LSTMForecaster(pipeline=pipe).fit(y, fh=range(1, 13))
    forecast = f.predict()  # the 12 months after 1960-12
    cv = ExpandingWindowSplitter(initial_window=96, step_length=12, fh=range(1, 13))
    results = evaluate(LSTMForecaster(pipeline=pipe), cv, y)  # and for AutoARIMA

    assert [str(t) for t in forecast.index[[0, -1]]] == ["1961-01", "1961-12"]
    assert forecast.between(250, 900).all()  # passengers, not scaled units
    assert len(results) == 4 and np.isfinite(results.iloc[:, 0]).all()
