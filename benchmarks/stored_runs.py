"""Where the benchmarks store their results, and how a stored run says how it ran.

Every benchmark writes ``benchmarks/results/<stem>.{json,md}``. The scripts of
the global forecaster (validation, test scores) keep the datasets measured
before beside the new ones (:func:`write`), so that datasets can run one at a
time or side by side; and every stored command starts with the thread
variables it ran under (:func:`thread_settings`), because on two cores they
decide the seconds (``docs/scale-out.md``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path

__all__ = ["RESULTS", "THREAD_VARIABLES", "thread_settings", "write"]

RESULTS = Path(__file__).parent / "results"
#: The variables that size TensorFlow's thread pools (``docs/scale-out.md``):
#: on two cores the global fit is faster with one intra-op thread than with
#: TensorFlow's one a core, so the stored runs set it and their command says so.
THREAD_VARIABLES = (
    "TF_NUM_INTRAOP_THREADS",
    "TF_NUM_INTEROP_THREADS",
    "OMP_NUM_THREADS",
)


def thread_settings(environ: Mapping[str, str] = os.environ) -> list[str]:
    """Say which thread variables the run had, as they prefix its command.

    Examples
    --------
    >>> thread_settings({"TF_NUM_INTRAOP_THREADS": "1", "HOME": "/root"})
    ['TF_NUM_INTRAOP_THREADS=1']
    >>> thread_settings({})
    []
    """
    return [f"{name}={environ[name]}" for name in THREAD_VARIABLES if name in environ]


def write(results: dict, out: Path, stem: str, render: Callable[[dict], str]) -> dict:
    """Add the results to the saved ones (other datasets kept) and write the page.

    ``stem.json`` keeps every dataset measured so far, so that datasets can
    be run one at a time (or side by side, one core each); ``render`` draws
    ``stem.md`` from it.

    Parameters
    ----------
    results : dict
        ``{"datasets": {name: measured}}`` of this run.
    out : Path
        The results folder.
    stem : str
        Name of the two files.
    render : callable
        Draws the Markdown page from every dataset's results.

    Returns
    -------
    results : dict
        This run's datasets and the saved ones it did not measure.
    """
    path = out / f"{stem}.json"
    if path.exists():
        saved = json.loads(path.read_text())
        for name, measured in saved["datasets"].items():
            results["datasets"].setdefault(name, measured)
    page = render(results)
    print(page)
    out.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2))
    (out / f"{stem}.md").write_text(page)
    return results
