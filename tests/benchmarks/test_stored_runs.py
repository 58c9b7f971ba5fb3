"""Stored results keep the datasets measured before; commands say their threads."""

import doctest
import json

from benchmarks import stored_runs


def test_docstring_examples():
    assert doctest.testmod(stored_runs).failed == 0


def test_write_keeps_the_datasets_measured_before_and_replaces_a_rerun(tmp_path):
    def render(results):
        return "\n".join(f"{name}: {v}" for name, v in results["datasets"].items())

    stored_runs.write({"datasets": {"a": 1, "b": 2}}, tmp_path, "page", render)
    merged = stored_runs.write({"datasets": {"b": 3}}, tmp_path, "page", render)
    assert merged == {"datasets": {"b": 3, "a": 1}}
    assert json.loads((tmp_path / "page.json").read_text()) == merged
    assert (tmp_path / "page.md").read_text() == "b: 3\na: 1"


def test_the_results_folder_is_the_one_beside_the_scripts():
    assert stored_runs.RESULTS.name == "results"
    assert (stored_runs.RESULTS.parent / "stored_runs.py").exists()
