"""The package's layers import downwards only (docs/architecture.md).

Every module of ``skltsm`` belongs to one layer; a module may import from its
own layer and the layers below it, never from a layer above. Only the sktime
adapter imports sktime, so that everything else works without the extra.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "skltsm"

#: Lowest first. A module's layer is the longest prefix of its dotted name here.
LAYERS = {
    "skltsm.exceptions": 0,
    "skltsm._capabilities": 0,
    "skltsm._constraints": 0,
    "skltsm._warn": 0,
    "skltsm._all_or_nothing": 0,
    "skltsm.datasets": 0,
    "skltsm._series": 1,
    "skltsm._transform": 2,
    "skltsm._keras._runtime": 3,
    "skltsm._keras": 4,
    "skltsm._forecast": 5,
    "skltsm.model_selection": 5,
    "skltsm.dask": 5,
    "skltsm.sktime": 6,
    "skltsm": 7,  # the package's own __init__: the public names
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(name: str) -> int:
    prefixes = [p for p in LAYERS if name == p or name.startswith(p + ".")]
    if not prefixes:
        raise AssertionError(f"{name} belongs to no layer: add it to LAYERS")
    return LAYERS[max(prefixes, key=len)]


def imported_modules(path: Path) -> list[str]:
    """Absolute names of every module ``path`` imports (anywhere in the file)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            # ``from skltsm._forecast import _target_path`` imports a submodule
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_imports_a_higher_layer(path):
    own = layer_of(module_name(path))
    upward = [
        name
        for name in imported_modules(path)
        if name.startswith("skltsm") and _is_module(name) and layer_of(name) > own
    ]
    assert not upward, f"{module_name(path)} (layer {own}) imports {upward}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_only_the_adapter_imports_sktime(path):
    sktime = [
        name
        for name in imported_modules(path)
        if name == "sktime" or name.startswith("sktime.")
    ]
    if module_name(path).startswith("skltsm.sktime"):
        return
    assert not sktime, f"{module_name(path)} imports {sktime}"


def test_every_module_has_a_layer():
    for path in MODULES:
        layer_of(module_name(path))


def test_the_check_sees_an_upward_import(tmp_path):
    """The test can fail: a transformer importing the pipeline is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("from skltsm._forecast._pipeline import ForecastPipeline\n")
    names = [n for n in imported_modules(bad) if _is_module(n)]
    assert layer_of("skltsm._transform._lag") < max(layer_of(n) for n in names)


def _is_module(name: str) -> bool:
    """Whether ``name`` is a module or package of skltsm (not a class in one)."""
    relative = Path(*name.split("."))
    root = PACKAGE.parent
    return (root / relative).with_suffix(".py").exists() or (root / relative).is_dir()
