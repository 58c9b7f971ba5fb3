"""evaluate(..., backend="dask") with LSTMForecaster on a dask cluster.

Worker processes on loopback, as in ``tests/test_dask.py``: the folds run on
other processes, and the result equals the local run with the same seeds.
"""

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")

from sktime.forecasting.model_evaluation import evaluate
from sktime.split import ExpandingWindowSplitter

from skltsm.sktime import LSTMForecaster
from tests.conftest import executed_counts
from tests.sktime.conftest import lstm_pipeline
from tests.sktime.test_panels import exact, lines

dask = pytest.importorskip("dask")
pytest.importorskip("distributed")


@pytest.mark.slow
def test_evaluate_on_a_dask_cluster_equals_the_local_run(airline, dask_client):
    def run(**backend):
        # no calibration networks: one network a fold is enough to compare
        forecaster = LSTMForecaster(
            lstm_pipeline(epochs=2), calibration_size=0, random_state=0
        )
        cv = ExpandingWindowSplitter(initial_window=96, step_length=12, fh=[1, 2])
        return evaluate(forecaster, cv, airline, return_data=True, **backend)

    local = run()
    before = executed_counts(dask_client)
    # keep y_pred as Series: dask would turn object columns into pyarrow strings
    with dask.config.set({"dataframe.convert-string": False}):
        remote = run(backend="dask")
    after = executed_counts(dask_client)
    assert len(remote) == len(local) == 4
    np.testing.assert_array_equal(remote.iloc[:, 0], local.iloc[:, 0])
    for ours, theirs in zip(remote["y_pred"], local["y_pred"], strict=True):
        np.testing.assert_array_equal(ours.to_numpy(), theirs.to_numpy())
    assert all(after[w] > before.get(w, 0) for w in after)  # both workers did some


@pytest.mark.slow
def test_local_pooling_fits_each_series_on_the_dask_cluster(dask_client):
    """pooling="local": sktime's loop over series runs on the cluster's workers."""
    from tests.sktime.test_panels import lines

    panel = lines(n=30)

    def run(**config):
        forecaster = LSTMForecaster(
            lstm_pipeline(epochs=2), pooling="local", calibration_size=0,
            random_state=0,
        ).set_config(**config)  # fmt: skip
        return forecaster.fit(panel, fh=[1, 2]).predict()

    local = run()
    before = sum(executed_counts(dask_client).values())
    remote = run(**{"backend:parallel": "dask"})
    pd.testing.assert_frame_equal(remote, local)
    ran = sum(executed_counts(dask_client).values()) - before
    assert ran >= 3  # the three series' fits ran remotely


MULTIPROCESSING = {
    "backend:parallel": "multiprocessing",
    "backend:parallel:params": {"n_jobs": 2},
}


def test_local_pooling_refuses_the_forking_multiprocessing_backend():
    """pooling="local" with ``backend:parallel="multiprocessing"`` hung forever.

    sktime's "multiprocessing" backend forks; once TensorFlow has run in the
    parent (any earlier fit), the forked workers deadlock in TensorFlow and
    the call never returns, silently (review revDask, in a fresh process).
    The loop over series refuses it, at fit and at predict, saying what to
    use; a refused fit keeps the fit before it. A linear pipeline here: were
    the refusal gone, the fork would not hang on it, and the test would fail.
    """
    forecaster = exact(pooling="local").fit(lines(n=30), fh=[1, 2])
    expected = forecaster.predict()
    forecaster.set_config(**MULTIPROCESSING)
    with pytest.raises(ValueError, match="forks this process.*'loky'"):
        forecaster.predict()
    with pytest.raises(ValueError, match="forks this process"):
        forecaster.fit(lines(n=40), fh=[1, 2])
    forecaster.set_config(**{"backend:parallel": None})
    pd.testing.assert_frame_equal(forecaster.predict(), expected)
