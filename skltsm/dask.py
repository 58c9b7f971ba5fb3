"""Grid searches on a dask cluster that survive the loss of a worker.

joblib's dask backend sends every argument larger than 1 KB (training and test
index arrays, for instance) to *one* worker and lets the tasks fetch it from
there. If that worker dies, the data die with it, and the search fails with
``FutureCancelledError: ... already forgotten``: with a worker killed
mid-search, 3 of 4 runs here failed that way. :func:`dask_backend` ships such
arguments inside each task instead, so that the scheduler can re-run a dead
worker's tasks elsewhere (5 of 5 runs completed, with the same scores as a
local search). Large shared data (``X``, ``y``) should be passed as
``scatter=[X, y]``: they are sent once, and each worker fetches them once.

joblib's own ``scatter`` broadcasts them, but dask's active memory manager
drops every replica no waiting task needs (every 2 s), so the data soon live
on one worker, and a search that loses it fails ("lost scattered data, which
can't be recovered"). :func:`dask_backend` puts them in the cluster as the
results of tasks instead: a result the scheduler can recompute, so a lost
copy is made again (``tests/test_dask.py`` kills a worker after the memory
manager has run). The joblib calls a task makes itself (the inner search of
``cross_val_score(GridSearchCV(...))``) run on the same backend, not on
joblib's plain one.

Examples
--------
>>> from skltsm.dask import dask_backend  # doctest: +SKIP
>>> from distributed import Client  # doctest: +SKIP
>>> client = Client("tcp://scheduler:8786")  # doctest: +SKIP
>>> with dask_backend(scatter=[X, y]):  # doctest: +SKIP
...     search.fit(X, y)
"""

from __future__ import annotations

import functools

import joblib

__all__ = ["dask_backend"]

BACKEND_NAME = "skltsm-dask"


def dask_backend(*, scatter: list | None = None, **backend_args):
    """Configure joblib to run on the current dask client, resiliently.

    Parameters
    ----------
    scatter : list or None, default=None
        Objects to send to the cluster once (``[X, y]``), as results of
        tasks that the scheduler recomputes if the worker holding them dies.
    **backend_args : dict
        Passed to joblib's dask backend (``client=``, ``wait_for_workers_timeout=``,
        ``retries=``, ...).

    Returns
    -------
    context : joblib.parallel_config
        Use it in a ``with`` statement around ``search.fit``.

    Examples
    --------
    A cluster in this process (``Client("tcp://scheduler:8786")`` for a real
    one; ``docs/scale-out.md``):

    >>> import numpy as np
    >>> from dask.distributed import Client
    >>> from sklearn.linear_model import Ridge
    >>> from sklearn.model_selection import GridSearchCV
    >>> client = Client(processes=False, n_workers=1, dashboard_address=None)
    >>> X = np.arange(20.0).reshape(10, 2)
    >>> y = X @ [1.0, 2.0]
    >>> search = GridSearchCV(Ridge(), {"alpha": [0.01, 100.0]}, cv=2)
    >>> with dask_backend(scatter=[X, y]):
    ...     search = search.fit(X, y)
    >>> search.best_params_
    {'alpha': 0.01}
    >>> client.close()
    """
    _check_backend_args(backend_args)
    _register_backend()
    return joblib.parallel_config(backend=BACKEND_NAME, scatter=scatter, **backend_args)


def _check_backend_args(backend_args: dict) -> None:
    """Refuse a keyword no layer takes, before a task fails on it.

    joblib hands keywords its config and the dask backend do not name to
    ``Client.submit`` of every task, so a misspelt one (``scater=``) failed
    only when the tasks ran, as an unexpected argument of joblib's batch.
    """
    import inspect

    from joblib._dask import DaskDistributedBackend

    try:
        from distributed import Client
    except ImportError as error:
        raise ImportError(
            "dask_backend needs dask's distributed, which is not installed. "
            'Install it with: pip install "skltsm[dist]"'
        ) from error

    taken = {
        name
        for function in (
            joblib.parallel_config.__init__,
            DaskDistributedBackend.__init__,
            Client.submit,
        )
        for name, parameter in inspect.signature(function).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
        or parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    } - {"self", "func", "backend"}
    unknown = sorted(set(backend_args) - taken)
    if unknown:
        raise TypeError(
            f"dask_backend() got unexpected keyword arguments {unknown}: it takes "
            "scatter=, joblib.parallel_config's arguments, those of joblib's dask "
            f"backend and of dask's Client.submit ({', '.join(sorted(taken))})."
        )


def _same(value):
    """Return ``value``: a task whose result the scheduler can recompute."""
    return value


def _register_backend() -> None:
    joblib.register_parallel_backend(BACKEND_NAME, _backend_class())


class _ResilientBatch:
    """joblib's dask ``Batch``, its tasks' own joblib calls on this backend.

    joblib's runs them under its plain dask backend (``backend="dask"``).
    """

    def __init__(self, batch):
        self._batch = batch

    def __call__(self, tasks=None):
        _register_backend()  # in a worker process, where nothing registered it
        with joblib.parallel_config(backend=BACKEND_NAME):
            return [func(*args, **kwargs) for func, args, kwargs in tasks]

    def __repr__(self):
        return repr(self._batch)  # joblib names the dask task after it


def _new_backend():
    """Return the backend a task's own joblib calls run on (no scatter).

    A module-level function, so that a pickled backend names something a
    worker can import: the class is made on first use (dask is optional).
    """
    return _backend_class()()


@functools.cache
def _backend_class() -> type:
    # joblib's dask backend lives in a private module; this is the one place
    # skltsm depends on it, and tests/test_dask.py guards the behaviour.
    from joblib._dask import DaskDistributedBackend

    class ResilientDaskBackend(DaskDistributedBackend):
        """joblib's dask backend without its single-copy auto-scatter."""

        def __init__(self, *args, scatter=None, **kwargs):
            listed = isinstance(scatter, (list, tuple))
            super().__init__(*args, scatter=[] if listed else scatter, **kwargs)
            if listed and scatter:  # results of tasks, recomputed if lost
                self._scatter = list(scatter)
                futures = [self.client.submit(_same, x, pure=False) for x in scatter]
                self.data_futures = {
                    id(x): future for x, future in zip(scatter, futures, strict=True)
                }

        def start_call(self):
            super().start_call()
            self.call_data_futures = None  # no auto-scatter: arguments ride in tasks

        def stop_call(self):
            self.call_data_futures = {}  # joblib clears it when a call ends
            super().stop_call()

        # joblib's own name DaskDistributedBackend, and its batches run their
        # tasks under it: a task's nested calls (the inner search of
        # cross_val_score(GridSearchCV(...))) would scatter their arguments to
        # one worker again
        def get_nested_backend(self):
            return type(self)(client=self.client), -1

        def __reduce__(self):
            return (_new_backend, ())

        async def _to_func_args(self, func):
            batch, tasks = await super()._to_func_args(func)
            return _ResilientBatch(batch), tasks

    return ResilientDaskBackend
