"""``skltsm.sktime._pretraining``: what ``pretrain`` leaves, and old pickles of it."""

import pickle
import pickletools
from types import SimpleNamespace

import pandas as pd

from skltsm.sktime import _pretrained, _pretraining
from skltsm.sktime._pretraining import RenamedTargets

OLD_PATH = "skltsm.sktime._pretrained"


def globals_named(pickled: bytes) -> set[str]:
    """The ``module name`` pairs a pickle's opcodes look up on loading."""
    names, strings = set(), []
    for opcode, arg, _ in pickletools.genops(pickled):
        if opcode.name in {"SHORT_BINUNICODE", "BINUNICODE", "UNICODE"}:
            strings.append(arg)
        elif opcode.name == "STACK_GLOBAL":
            names.add(" ".join(strings[-2:]))
        elif opcode.name == "GLOBAL":
            names.add(arg)
    return names


def test_renamed_targets_is_defined_in_pretraining():
    assert RenamedTargets.__module__ == "skltsm.sktime._pretraining"
    assert _pretrained.RenamedTargets is _pretraining.RenamedTargets


def test_a_pickle_naming_the_old_module_still_loads(monkeypatch):
    """A forecaster pickled before the merge names ``_pretrained.RenamedTargets``.

    The class is pickled as it was then, under its old module path (pickle
    itself checks that the path finds the same class), in every protocol.
    """
    wrapper = RenamedTargets(SimpleNamespace(targets=["learnt"]))
    with monkeypatch.context() as patched:
        patched.setattr(RenamedTargets, "__module__", OLD_PATH)
        old_pickles = [
            pickle.dumps(wrapper, protocol=protocol)
            for protocol in range(pickle.HIGHEST_PROTOCOL + 1)
        ]
    for pickled in old_pickles:
        assert f"{OLD_PATH} RenamedTargets" in globals_named(pickled)
        restored = pickle.loads(pickled)
        assert type(restored) is RenamedTargets
        assert restored.targets == ["learnt"]  # the wrapped strategy's
        renamed = restored._renamed(pd.DataFrame({"0": [1.0, 2.0]}))
        assert list(renamed.columns) == ["learnt"]


def test_a_new_pickle_names_pretraining():
    wrapper = RenamedTargets(SimpleNamespace(targets=["learnt"]))
    pickled = pickle.dumps(wrapper, protocol=4)
    assert "skltsm.sktime._pretraining RenamedTargets" in globals_named(pickled)
    assert not any(name.startswith(OLD_PATH + " ") for name in globals_named(pickled))
