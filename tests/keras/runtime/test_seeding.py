import random

import keras
import numpy as np
import pytest

from skltsm._keras._runtime._seeding import resolve_seed, seeded_build


def test_resolve_seed_draws_from_a_random_state_and_advances_it():
    rs = np.random.RandomState(0)
    first, second = resolve_seed(rs), resolve_seed(rs)
    assert first != second
    assert resolve_seed(np.random.RandomState(0)) == first
    assert resolve_seed(5) == resolve_seed(5)


def test_a_seeded_build_makes_the_same_unseeded_keras_weights():
    def weights():
        return keras.initializers.GlorotUniform()((3, 2)).numpy()

    with seeded_build(11):
        a = weights()
    with seeded_build(11):
        b = weights()
    with seeded_build(12):
        c = weights()
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


def test_a_seeded_build_puts_the_global_generators_back_even_on_error():
    random.seed(3)
    np.random.seed(3)  # noqa: NPY002 - the legacy global state is what we watch
    python_state, numpy_state = random.getstate(), np.random.get_state()  # noqa: NPY002
    with pytest.raises(RuntimeError), seeded_build(1):
        random.random()
        np.random.random()  # noqa: NPY002
        raise RuntimeError("build failed")
    assert random.getstate() == python_state
    assert all(
        np.array_equal(a, b)
        for a, b in zip(np.random.get_state(), numpy_state, strict=True)  # noqa: NPY002
    )


def test_a_seeded_build_may_run_inside_another():
    # a user build function may fit another skltsm estimator with its own model=
    import threading

    state = random.getstate()
    inner = []

    def nested():
        with seeded_build(1):
            with seeded_build(2):
                inner.append(random.random())
            inner.append(random.random())

    thread = threading.Thread(target=nested, daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive(), "a seeded build inside another waits forever"
    random.seed(2)
    assert inner[0] == random.random()
    random.setstate(state)
