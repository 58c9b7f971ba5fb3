"""Run the documentation pages (their ``>>>`` examples) as tests.

pytest collects every ``docs/**/*.md`` as a doctest (``--doctest-glob`` in
pyproject.toml). Pages that draw a figure save it to their working folder: a
temporary one in the test suite, the page's own folder under
``make docs-figures`` (``SKLTSM_WRITE_FIGURES=1``), which reruns the tutorials
and ``docs/sktime.md``, the pages that draw the PNGs the site shows.
"""

import os

import matplotlib
import pytest

matplotlib.use("Agg")  # no display in tests or CI


@pytest.fixture(autouse=True)
def _figure_folder(request, tmp_path, monkeypatch):
    keep = os.environ.get("SKLTSM_WRITE_FIGURES") == "1"
    monkeypatch.chdir(request.path.parent if keep else tmp_path)
