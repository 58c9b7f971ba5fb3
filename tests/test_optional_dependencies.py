"""An optional dependency that is missing gets a message naming the extra."""

import subprocess
import sys
import textwrap

import pytest


def run_without(module: str, code: str, tmp_path) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter in which ``module`` cannot be imported."""
    (tmp_path / "sitecustomize.py").write_text(
        f"import sys\nsys.modules[{module!r}] = None  # import {module} now fails\n"
    )
    env = {"PYTHONPATH": str(tmp_path), "TF_CPP_MIN_LOG_LEVEL": "3", "PATH": ""}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip


@pytest.mark.slow
def test_the_sktime_adapter_without_sktime_names_the_extra(tmp_path):
    result = run_without(
        "sktime",
        """
        import skltsm  # the core works without sktime
        try:
            from skltsm.sktime import LSTMForecaster
        except ImportError as error:
            print(type(error).__name__, error.name, str(error))
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ModuleNotFoundError sktime ")
    assert 'pip install "skltsm[sktime]"' in result.stdout
