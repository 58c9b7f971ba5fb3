"""The pages that describe the code cannot drift from it.

The pages' own examples run as doctests (``docs/conftest.py``); these tests
check what a doctest cannot: that ``docs/architecture.md``'s module table
lists every module of ``skltsm`` with its layer, that ``docs/contract.md``
lists the public names the package has, that nothing cites a file outside
the repository, and that the README's code (plain ``python`` blocks, not
doctests) runs as written.
"""

import ast
import importlib
import os
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

from tests.test_layers import PACKAGE, layer_of, module_name

ROOT = PACKAGE.parent
README = ROOT / "README.md"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
CONTRACT = ROOT / "docs" / "contract.md"

#: Modules whose ``__all__`` makes up the public names.
PUBLIC_MODULES = [
    "skltsm",
    "skltsm.sktime",
    "skltsm.datasets",
    "skltsm.dask",
    "skltsm.exceptions",
    "skltsm.model_selection",
]


def section(text: str, heading: str) -> str:
    """The body of the ``## heading`` section of a Markdown page."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no '## {heading}' section"
    return match.group(1)


def table_rows(text: str) -> list[list[str]]:
    """The cells of every body row of the Markdown tables in ``text``."""
    rows = []
    for line in text.splitlines():
        if not line.startswith("|") or set(line) <= set("|-: "):
            continue
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows[1:] if rows else rows  # the header row


def module_table(text: str) -> dict[str, int]:
    """``{path: layer}`` from the table of the architecture page."""
    table = {}
    for layer, module, *_ in table_rows(section(text, "Where things live")):
        path = re.fullmatch(r"`(skltsm/[\w/]+\.py)`", module)
        assert path, f"not one module path in backticks: {module!r}"
        assert path.group(1) not in table, f"{path.group(1)} is listed twice"
        table[path.group(1)] = int(layer)
    return table


def holds_code(path: Path) -> bool:
    """Whether a module holds more than a docstring."""
    tree = ast.parse(path.read_text())
    return len(tree.body) > (ast.get_docstring(tree) is not None)


def package_modules() -> set[str]:
    """Every module file of skltsm; an ``__init__.py`` only when it holds code."""
    return {
        path.relative_to(ROOT).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py" or holds_code(path)
    }


def drift(listed: set[str], actual: set[str]) -> str:
    missing, stale = sorted(actual - listed), sorted(listed - actual)
    return f"not in the table: {missing}; in the table but not in skltsm/: {stale}"


def test_the_module_table_lists_every_module():
    listed = set(module_table(ARCHITECTURE.read_text()))
    actual = package_modules()
    assert listed == actual, drift(listed, actual)


def test_the_module_table_gives_the_tested_layers():
    wrong = {
        path: (layer, layer_of(module_name(ROOT / path)))
        for path, layer in module_table(ARCHITECTURE.read_text()).items()
        if layer != layer_of(module_name(ROOT / path))
    }
    assert not wrong, f"(page, tests/test_layers.py) layers differ: {wrong}"


def test_the_table_check_sees_a_missing_row():
    """The check can fail: a row removed from the page is reported."""
    removed = "skltsm/_forecast/_contract.py"
    lines = ARCHITECTURE.read_text().splitlines(keepends=True)
    page = "".join(line for line in lines if f"`{removed}`" not in line)
    assert package_modules() - set(module_table(page)) == {removed}


def test_the_contract_lists_the_public_names():
    listed = {
        re.fullmatch(r"`([\w.]+)`", name).group(1)
        for name, *_ in table_rows(section(CONTRACT.read_text(), "Public names"))
    }
    public = {
        f"{module}.{name}"
        for module in PUBLIC_MODULES
        for name in importlib.import_module(module).__all__
    }
    assert listed == public, (
        f"public but not in docs/contract.md: {sorted(public - listed)}; "
        f"in docs/contract.md but not public: {sorted(listed - public)}"
    )


def test_nothing_cites_a_file_outside_the_repository():
    """The project stands on its own; the ADRs are history and keep their words."""
    outside = re.compile(r"\.\./" + "shared" + "|" + "DESIGN" + r"\.md")
    skipped = {"adr", "build", "site", "__pycache__"}
    citing = []
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [
            name
            for name in subfolders
            if not name.startswith(".")
            and name not in skipped
            and not name.endswith(".egg-info")
        ]
        for name in files:
            path = Path(folder, name)
            if path.suffix in {".py", ".md", ".yml", ".toml"} or name == "Makefile":
                if outside.search(path.read_text(errors="replace")):
                    citing.append(path.relative_to(ROOT).as_posix())
    assert not citing, f"cite a file outside the repository: {citing}"


def readme_blocks(text: str) -> list[str]:
    """The plain ``python`` blocks of a piece of the README, in order."""
    return re.findall(r"^```python\n(.*?)^```", text, re.M | re.S)


def run_blocks(blocks: list[str], first: int) -> dict:
    """Run blocks one after another in one namespace, as a reader runs them."""
    namespace = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for number, block in enumerate(blocks, start=first):
            exec(compile(block, f"README.md, python block {number}", "exec"), namespace)
    return namespace


def readme_path(name: str) -> tuple[list[str], int]:
    """The blocks of one of the README's two paths, and the number of its first.

    Each path stands alone (its own imports and data): ``"one series"`` (the
    quick start, sktime, the default), then ``"many series"``. A test each, so
    that two workers share the README's minutes.
    """
    one, many = README.read_text().split("\n## Many series\n")
    blocks = {"one series": readme_blocks(one), "many series": readme_blocks(many)}
    first = 1 if name == "one series" else len(blocks["one series"]) + 1
    return blocks[name], first


@pytest.mark.slow
def test_the_readme_one_series_code_runs_as_written():
    blocks, first = readme_path("one series")
    assert len(blocks) >= 4, "the README's python blocks were not found"
    namespace = run_blocks(blocks, first)
    # the quick start's one-step forecasts of the last two years, in passengers
    forecasts = namespace["last_two_years"]
    assert forecasts.index.equals(namespace["X"].index[-24:])
    assert namespace["f"].fallback_ is False  # the default's network, not a baseline


@pytest.mark.slow
def test_the_readme_many_series_code_runs_alone_as_written():
    blocks, first = readme_path("many series")
    assert len(blocks) >= 3, "the README's many-series blocks were not found"
    namespace = run_blocks(blocks, first)
    assert namespace["combined"].predict().index.nlevels == 2  # the last block ran
    assert namespace["global_lstm"].get_tag("capability:pretrain")
    assert namespace["combined"].get_tag("capability:pretrain")
    # the many-series block: its season repeats every 12 months, and each
    # series, level 1 as level 10,000, is forecast on its own scale (the quick
    # start's one MinMaxScaler put series a's forecasts below zero)
    panel = namespace["panel"]
    forecasts = namespace["f"].predict()["y"].to_numpy()
    season = panel.groupby(level=0).tail(12)["y"].to_numpy()
    np.testing.assert_allclose(forecasts, season, rtol=0.02)
