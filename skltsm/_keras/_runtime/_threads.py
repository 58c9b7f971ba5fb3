"""TensorFlow's thread pools, sized from the process's declared thread budget.

joblib's process workers (``GridSearchCV(n_jobs=k)``) and dask's workers tell
the libraries in them how many threads they may use through
``OMP_NUM_THREADS`` (``cpu_count // n_jobs`` for joblib, 1 for dask). NumPy's
BLAS, MKL and OpenMP honour it; TensorFlow does not, and starts one thread per
core in every worker: two workers on two cores then run four busy threads.
When skltsm is imported, before TensorFlow has run anything, it sizes
TensorFlow's pools from that budget: each pool whose own variable
(``TF_NUM_INTRAOP_THREADS``, ``TF_NUM_INTEROP_THREADS``) is not set, so that
either variable overrides the budget for its pool.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import tensorflow as tf

__all__ = ["honour_thread_budget"]


def honour_thread_budget(environ: Mapping[str, str] = os.environ) -> int | None:
    """Limit TensorFlow's thread pools to ``OMP_NUM_THREADS`` threads.

    Parameters
    ----------
    environ : mapping, default=os.environ
        Where to read the budget.

    Returns
    -------
    threads : int or None
        The number of threads of the pools set, or None when nothing was
        changed (no budget, both of TensorFlow's variables set, or
        TensorFlow already running).
    """
    budget = environ.get("OMP_NUM_THREADS", "")
    if not budget.isdigit() or int(budget) < 1:
        return None
    # a pool's own variable, set by the user, wins over the budget
    setters = [setter for variable, setter in _POOLS.items() if variable not in environ]
    if not setters:
        return None
    try:
        for setter in setters:
            getattr(tf.config.threading, setter)(int(budget))
    except RuntimeError:  # TensorFlow has started: pool sizes are fixed now
        return None
    return int(budget)


#: TensorFlow's variable for each thread pool -> the setter of that pool
_POOLS = {
    "TF_NUM_INTRAOP_THREADS": "set_intra_op_parallelism_threads",
    "TF_NUM_INTEROP_THREADS": "set_inter_op_parallelism_threads",
}
