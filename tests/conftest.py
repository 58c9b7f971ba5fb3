"""Shared fixtures: the airline data and small, fast pipelines."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from sklearn.preprocessing import MinMaxScaler  # noqa: E402

from skltsm import (  # noqa: E402
    Differencer,
    LagTransformer,
    LSTMRegressor,
    make_forecast_pipeline,
)
from skltsm.datasets import load_airline  # noqa: E402


def pytest_collection_modifyitems(items):
    """Run the tests marked ``slow`` first, in their collected order.

    A long test that starts near the end of the run leaves the other
    pytest-xdist worker idle until it ends; started first, it overlaps with
    the short ones (``make test`` lets an idle worker take the other's
    pending tests: ``--dist worksteal``).
    """
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture
def airline() -> pd.Series:
    return load_airline()


@pytest.fixture
def airline_X(airline) -> pd.DataFrame:
    return airline.to_frame()


def tiny_regressor(**params) -> LSTMRegressor:
    """A network small and short enough for tests (about a second a fit)."""
    defaults = {"units": 4, "epochs": 3, "batch_size": 16, "random_state": 0}
    return LSTMRegressor(**{**defaults, **params})


def user_built(meta, compile_kwargs):
    """A build function of the user's own (``model=``): trained as it is, not pooled."""
    import keras

    inputs = keras.Input(meta["input_shape_"])
    model = keras.Model(inputs, keras.layers.Dense(1)(keras.layers.LSTM(3)(inputs)))
    model.compile(**compile_kwargs)
    return model


def tiny_pipeline(look_back=3, lags=1, horizon=1, **regressor_params):
    return make_forecast_pipeline(
        Differencer(lags=lags),
        MinMaxScaler((-1, 1)),
        LagTransformer(look_back=look_back, horizon=horizon),
        tiny_regressor(**regressor_params),
    )


@pytest.fixture
def fitted_pipeline(airline, airline_X):
    return tiny_pipeline().fit(airline_X.iloc[:120], airline.iloc[:120])


@pytest.fixture
def rng():
    return np.random.default_rng(0)


@pytest.fixture(scope="session")
def dask_client():
    """One local cluster of two worker processes per pytest process.

    Each dask worker imports TensorFlow (seconds), so the dask tests a pytest
    worker runs share one cluster. (``--dist loadgroup`` would send them all
    to one pytest worker, but it does not group on pytest 9.2:
    pytest-dev/pytest-xdist#1386.) A test that kills a dask worker waits for
    the nanny's replacement before it returns the cluster.
    """
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    with cluster, distributed.Client(cluster) as client:
        yield client


def executed_counts(client) -> dict[str, int]:
    """Tasks each dask worker has run so far, by address."""
    return client.run(lambda dask_worker: dask_worker.state.executed_count)
