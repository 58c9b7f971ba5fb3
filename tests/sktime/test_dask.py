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


MULTIPROCESSING_SCRIPT = """
from skltsm.sktime import LSTMForecaster
from tests.sktime.conftest import lstm_pipeline
from tests.sktime.test_panels import lines

def run(**config):
    forecaster = LSTMForecaster(
        lstm_pipeline(epochs=1, units=2), pooling="local", calibration_size=0,
        random_state=0,
    ).set_config(**config)
    return forecaster.fit(lines(n=30), fh=[1, 2]).predict()

run()  # TensorFlow has run in this process
try:
    run(**{"backend:parallel": "multiprocessing",
           "backend:parallel:params": {"n_jobs": 2}})
except Exception as error:  # a clear refusal would do
    print("refused:", error)
print("done")
"""


def test_local_pooling_on_the_multiprocessing_backend_ends():
    """pooling="local" with ``backend:parallel="multiprocessing"`` hung forever.

    sktime's "multiprocessing" backend forks; once TensorFlow has run in the
    parent (any earlier fit), the forked workers deadlock in TensorFlow and
    the fit never returns, silently (docs/scale-out.md lists the backend
    among those tried for the deseasonaliser's loop). Expected: the fit
    completes or refuses the backend with a clear error.
    """
    import contextlib
    import os
    import signal
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-c", MULTIPROCESSING_SCRIPT],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        start_new_session=True, env={**os.environ, "PYTHONPATH": "."},
    )  # fmt: skip
    try:
        output, _ = process.communicate(timeout=40)
    except subprocess.TimeoutExpired:
        output = "hung"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the forked workers too
        process.wait()
    assert output.strip().endswith("done"), output
