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


def test_the_readme_code_runs_as_written():
    # its blocks build on each other (pipe, y, panel), as a reader runs them
    blocks = re.findall(r"^```python\n(.*?)^```", README.read_text(), re.M | re.S)
    assert len(blocks) >= 6, "the README's python blocks were not found"
    namespace = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for number, block in enumerate(blocks, start=1):
            exec(compile(block, f"README.md, python block {number}", "exec"), namespace)
    assert namespace["combined"].predict().index.nlevels == 2  # the last block ran
    # the many-series block: its season repeats every 12 months, and each
    # series, level 1 as level 10,000, is forecast on its own scale (the quick
    # start's one MinMaxScaler put series a's forecasts below zero)
    panel = namespace["panel"]
    forecasts = namespace["f"].predict()["y"].to_numpy()
    season = panel.groupby(level=0).tail(12)["y"].to_numpy()
    np.testing.assert_allclose(forecasts, season, rtol=0.02)
