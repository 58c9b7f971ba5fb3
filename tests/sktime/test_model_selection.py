"""LSTMForecaster inside sktime's evaluation and tuning tools."""

import numpy as np
import pytest

pytest.importorskip("sktime")

from sktime.forecasting.model_evaluation import evaluate
from sktime.forecasting.model_selection import ForecastingGridSearchCV
from sktime.split import ExpandingWindowSplitter, SlidingWindowSplitter

from skltsm.sktime import LSTMForecaster
from tests.sktime.conftest import lstm_pipeline


def forecaster(**params):
    return LSTMForecaster(
        lstm_pipeline(epochs=2), calibration_size=0, random_state=0, **params
    )


@pytest.mark.parametrize(
    "cv",
    [
        # half a year: contiguous steps past the look-back (3), as a year would be;
        # the sliding case reaches step 12 (its direct networks: steps 1, 6, 12)
        ExpandingWindowSplitter(initial_window=96, step_length=24, fh=range(1, 7)),
        SlidingWindowSplitter(window_length=60, step_length=36, fh=[1, 6, 12]),
    ],
    ids=["expanding", "sliding"],
)
@pytest.mark.parametrize("strategy", ["recursive", "direct"])
def test_evaluate_with_splitters(airline, cv, strategy):
    results = evaluate(forecaster(strategy=strategy), cv, airline, return_data=True)
    assert len(results) == cv.get_n_splits(airline)
    assert np.isfinite(results.iloc[:, 0]).all()
    for _, fold in results.iterrows():
        assert fold["y_pred"].index.equals(fold["y_test"].index)


def test_update_predict_with_expanding_window_and_no_refit(airline):
    fitted = forecaster().fit(airline.iloc[:96], fh=[1, 2, 3])
    cv = ExpandingWindowSplitter(initial_window=96, step_length=12, fh=[1, 2, 3])
    predictions = fitted.update_predict(airline, cv=cv, update_params=False)
    # one column per cutoff (96 to 132), three forecasts each
    assert predictions.shape[1] == 4
    assert (predictions.notna().sum() == 3).all()


@pytest.mark.slow
def test_grid_search_over_look_back_and_units(airline):
    search = ForecastingGridSearchCV(
        forecaster(),
        param_grid={
            "pipeline__lagtransformer__look_back": [3, 12],
            "pipeline__lstmregressor__units": [2, 4],
        },
        # two folds (cutoffs 119 and 131) to average each candidate's score over
        cv=ExpandingWindowSplitter(initial_window=120, step_length=12, fh=[1, 2]),
        # sktime's default "loky" would leave a pool of worker processes that
        # later joblib calls in this process reuse (tests/test_threads.py
        # needs fresh ones); TensorFlow fits gain nothing from it on 2 cores
        backend=None,
    )
    search.fit(airline, fh=[1, 2])
    assert len(search.cv_results_) == 4
    assert set(search.best_params_) == {
        "pipeline__lagtransformer__look_back",
        "pipeline__lstmregressor__units",
    }
    best = search.best_forecaster_.strategy_.pipeline_
    assert best.get_params()["lagtransformer__look_back"] in (3, 12)
    assert search.predict().index[0] == airline.index[-1] + 1
