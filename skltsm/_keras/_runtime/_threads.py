"""TensorFlow's thread pools, sized from the process's declared thread budget.

joblib's process workers (``GridSearchCV(n_jobs=k)``) and dask's workers tell
the libraries in them how many threads they may use through
``OMP_NUM_THREADS`` (``cpu_count // n_jobs`` for joblib, 1 for dask). NumPy's
BLAS, MKL and OpenMP honour it; TensorFlow does not, and starts one thread per
core in every worker: two workers on two cores then run four busy threads.
When skltsm is imported, before TensorFlow has run anything, it sizes
TensorFlow's pools from that budget, unless ``TF_NUM_INTRAOP_THREADS`` already
says otherwise.
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
        The number of threads set, or None when nothing was changed (no
        budget, TensorFlow's own variable set, or TensorFlow already running).
    """
    budget = environ.get("OMP_NUM_THREADS", "")
    if "TF_NUM_INTRAOP_THREADS" in environ or not budget.isdigit() or int(budget) < 1:
        return None
    try:
        tf.config.threading.set_intra_op_parallelism_threads(int(budget))
        tf.config.threading.set_inter_op_parallelism_threads(int(budget))
    except RuntimeError:  # TensorFlow has started: pool sizes are fixed now
        return None
    return int(budget)
