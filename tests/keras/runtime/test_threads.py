"""TensorFlow follows the thread budget of joblib and dask workers."""

import os
import subprocess
import sys

import joblib
import pytest
import tensorflow as tf
from joblib.externals.loky import get_reusable_executor

from skltsm._keras._runtime._threads import honour_thread_budget

PROBE = (
    "import skltsm, tensorflow as tf; "
    "print(tf.config.threading.get_intra_op_parallelism_threads())"
)


def threads_in_fresh_process(**env):
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "TF_NUM"))
    }
    output = subprocess.check_output(
        [sys.executable, "-c", PROBE], env={**clean, **env}, text=True
    )
    return int(output.strip().splitlines()[-1])


BOTH = ("intra", "inter")
TF_VARIABLES = ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS")


@pytest.mark.parametrize(
    "env, expected, pools",
    [
        ({}, None, ()),  # TensorFlow's default stays: one thread per core
        ({"OMP_NUM_THREADS": "1"}, 1, BOTH),
        ({"OMP_NUM_THREADS": "3"}, 3, BOTH),
        # TensorFlow's own variable sizes its pool; the budget the other one
        ({"OMP_NUM_THREADS": "1", "TF_NUM_INTRAOP_THREADS": "2"}, 1, ("inter",)),
        ({"OMP_NUM_THREADS": "1", "TF_NUM_INTEROP_THREADS": "2"}, 1, ("intra",)),
        (
            {"OMP_NUM_THREADS": "1", **dict.fromkeys(TF_VARIABLES, "2")},
            None,
            (),
        ),
        ({"OMP_NUM_THREADS": "0"}, None, ()),
        ({"OMP_NUM_THREADS": "two"}, None, ()),
    ],
)
def test_the_budget_sizes_both_pools_unless_tensorflow_is_told_otherwise(
    monkeypatch, env, expected, pools
):
    sized = []  # (pool, threads) of every call

    def recorder(pool):
        return lambda threads: sized.append((pool, threads))

    for pool in ("intra", "inter"):
        setter = f"set_{pool}_op_parallelism_threads"
        monkeypatch.setattr(tf.config.threading, setter, recorder(pool))
    assert honour_thread_budget(env) == expected
    assert sized == [(pool, expected) for pool in pools]


def test_a_running_tensorflow_keeps_its_pools():
    tf.constant(1.0) + 1.0  # noqa: B018 -- TensorFlow has run: pool sizes are fixed
    assert honour_thread_budget({"OMP_NUM_THREADS": "1"}) is None


def test_the_budget_is_read_at_import():
    # one fresh process: importing skltsm sizes TensorFlow's pools from it
    # (the decisions themselves are tested in this process, above)
    assert threads_in_fresh_process(OMP_NUM_THREADS="3") == 3


def _worker_threads():
    import tensorflow as tf

    import skltsm  # noqa: F401

    return os.environ.get(
        "OMP_NUM_THREADS"
    ), tf.config.threading.get_intra_op_parallelism_threads()


def test_joblib_process_workers_get_their_share(monkeypatch):
    for name in ("OMP_NUM_THREADS", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
        monkeypatch.delenv(name, raising=False)
    n_jobs = 2
    # loky's workers outlive a joblib call: those an earlier test of this
    # process started hold the environment of then (`make test` exports
    # TF_NUM_INTRAOP_THREADS=1, which TensorFlow obeys over OMP_NUM_THREADS)
    get_reusable_executor(max_workers=n_jobs, reuse=False).shutdown(wait=True)
    results = joblib.Parallel(n_jobs=n_jobs, backend="loky")(
        joblib.delayed(_worker_threads)() for _ in range(2)
    )
    share = max(joblib.cpu_count() // n_jobs, 1)
    assert results == [(str(share), share)] * 2


def test_a_users_inter_op_variable_is_not_overridden_by_the_budget(monkeypatch):
    """TF_NUM_INTEROP_THREADS alone was overridden by OMP_NUM_THREADS.

    docs/scale-out.md: "Set TF_NUM_INTRAOP_THREADS / TF_NUM_INTEROP_THREADS
    yourself to override". Only the intra-op variable was looked at: with
    OMP_NUM_THREADS=1 and TF_NUM_INTEROP_THREADS=4 skltsm set the inter-op pool
    to 1 thread, and TensorFlow's configured size wins over its variable (one
    tf_Compute thread in that process instead of four).
    """
    sized = []
    for pool in ("intra", "inter"):
        setter = f"set_{pool}_op_parallelism_threads"
        monkeypatch.setattr(
            tf.config.threading, setter, lambda n, pool=pool: sized.append((pool, n))
        )
    honour_thread_budget({"OMP_NUM_THREADS": "1", "TF_NUM_INTEROP_THREADS": "4"})
    assert ("inter", 1) not in sized
