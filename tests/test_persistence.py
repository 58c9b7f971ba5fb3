"""Fitted pipelines survive pickle and joblib, also across fresh processes."""

import copy
import pickle
import subprocess
import sys
import textwrap
import warnings

import joblib
import keras
import numpy as np
import pytest

from tests.conftest import tiny_pipeline, tiny_regressor

FIT_AND_PREDICT = textwrap.dedent(
    """
    import pickle, sys
    import numpy as np
    from tests.conftest import tiny_pipeline
    from skltsm.datasets import load_airline
    y = load_airline(); X = y.to_frame()
    pipe = tiny_pipeline(lags=[1, 12], look_back=12, dropout=0.1)
    pipe.fit(X.iloc[:120], y.iloc[:120])
    np.save(sys.argv[1], pipe.predict(X.iloc[120:]).to_numpy())
    with open(sys.argv[2], "wb") as handle:
        pickle.dump(pipe, handle)
    """
)


def run_python(code, *args):
    subprocess.run([sys.executable, "-c", code, *map(str, args)], check=True)


def test_pickle_and_joblib_round_trips_predict_identically(
    fitted_pipeline, airline_X, tmp_path
):
    expected = fitted_pipeline.predict(airline_X.iloc[120:])
    restored = pickle.loads(pickle.dumps(fitted_pipeline))
    np.testing.assert_array_equal(restored.predict(airline_X.iloc[120:]), expected)
    joblib.dump(fitted_pipeline, tmp_path / "pipe.joblib")
    loaded = joblib.load(tmp_path / "pipe.joblib")
    np.testing.assert_array_equal(loaded.predict(airline_X.iloc[120:]), expected)


def test_loading_a_fitted_pipeline_warns_nothing_and_keeps_it_usable(
    fitted_pipeline, airline, airline_X
):
    pickled = pickle.dumps(fitted_pipeline)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        restored = pickle.loads(pickled)
    # Keras would warn that the (never built) optimizer's variables were skipped
    assert [str(w.message) for w in caught if "optimizer" in str(w.message)] == []
    assert isinstance(fitted_pipeline[-1].model_, keras.Model)  # left as it was
    assert isinstance(restored[-1].model_, keras.Model)
    restored.fit(airline_X.iloc[:120], airline.iloc[:120])  # and it trains again
    np.testing.assert_array_equal(
        restored.predict(airline_X.iloc[120:]),
        fitted_pipeline.predict(airline_X.iloc[120:]),
    )


@pytest.mark.slow
def test_same_random_state_same_predictions_in_a_fresh_process(
    airline, airline_X, tmp_path
):
    # one fresh process fits, predicts and pickles; this process (whatever
    # it ran before) fits the same pipeline again, and loads the other's
    run_python(FIT_AND_PREDICT, tmp_path / "a.npy", tmp_path / "a.pkl")
    first = np.load(tmp_path / "a.npy")
    pipe = tiny_pipeline(lags=[1, 12], look_back=12, dropout=0.1)
    pipe.fit(airline_X.iloc[:120], airline.iloc[:120])
    np.testing.assert_array_equal(pipe.predict(airline_X.iloc[120:]), first)
    with open(tmp_path / "a.pkl", "rb") as handle:
        loaded = pickle.load(handle)
    np.testing.assert_array_equal(loaded.predict(airline_X.iloc[120:]), first)


def test_an_unfitted_pipeline_pickles_too():
    pipe = tiny_pipeline()
    assert (
        pickle.loads(pickle.dumps(pipe)).get_params()["lagtransformer__look_back"] == 3
    )


def joblib_round_trip(estimator, path):
    joblib.dump(estimator, path)
    return joblib.load(path)


@pytest.mark.parametrize("restore", ["pickle", "joblib", "deepcopy"])
def test_a_restored_estimator_with_dropout_continues_training_identically(
    restore, rng, tmp_path
):
    # the dropout seed generators' counters travel with the network
    restorers = {
        "pickle": lambda est: pickle.loads(pickle.dumps(est)),
        "joblib": lambda est: joblib_round_trip(est, tmp_path / "est.joblib"),
        "deepcopy": copy.deepcopy,
    }
    X = rng.normal(size=(48, 5, 2))
    y = X[:, -1, 0] * 2 + X[:, 0, 1]
    original = tiny_regressor(epochs=2, dropout=0.2).fit(X, y)
    restored = restorers[restore](original)
    np.testing.assert_array_equal(
        restored.partial_fit(X, y).predict(X), original.partial_fit(X, y).predict(X)
    )
    warm = tiny_regressor(epochs=2, dropout=0.2, warm_start=True).fit(X, y)
    restored = restorers[restore](warm)
    np.testing.assert_array_equal(
        restored.fit(X, y).predict(X), warm.fit(X, y).predict(X)
    )
