"""The frame a pipeline sees: a panel's is each of its series' frames, stacked.

``model_frame`` of a panel is built for all series at once; the oracle is
the single-series ``model_frame`` of each series in turn, keyed again.
"""

import numpy as np
import pandas as pd
import pytest

from skltsm._forecast._covariates import (
    check_every_series,
    check_index_levels,
    model_frame,
    panel_covariates,
)
from skltsm._series._panel import panel_index

GRIDS = {
    "monthly periods": (lambda n: pd.period_range("2000-01", periods=n, freq="M"), 1),
    "integers of step 2": (lambda n: pd.RangeIndex(0, 2 * n, 2), 2),
    "month ends": (
        lambda n: pd.date_range("2000-01-31", periods=n, freq="ME"),
        pd.offsets.MonthEnd(),
    ),
    "business days": (
        lambda n: pd.bdate_range("2000-01-03", periods=n),
        pd.offsets.BDay(),
    ),
    "hours across a DST change": (
        lambda n: pd.date_range(
            "2000-03-25 20:00", periods=n, freq="h", tz="Europe/Paris"
        ),
        pd.Timedelta("1h"),
    ),
}
KEYS = {"panel": ["s1", "s0", "s2"], "hierarchy": [("a", "x"), ("a", "y"), ("b", "x")]}


def _panel(grid: str, keys: str, interleaved: bool):
    """Three series of lengths 5, 3, 7 starting at different labels, and covariates.

    ``X`` covers each series and two labels past its end (the first series
    none), with one row missing inside the first series.
    """
    labels_of, step = GRIDS[grid]
    labels = labels_of(20)
    y_rows, x_rows = [], []
    for key, start, length in zip(KEYS[keys], [2, 0, 4], [5, 3, 7], strict=True):
        key = key if isinstance(key, tuple) else (key,)
        extra = 0 if key == KEYS[keys][0] or key == (KEYS[keys][0],) else 2
        y_rows += [(*key, t) for t in labels[start : start + length]]
        x_rows += [(*key, t) for t in labels[start : start + length + extra]]
    names = ["region", "shop", "time"] if keys == "hierarchy" else ["series", "time"]
    rng = np.random.default_rng(0)
    y_index = pd.MultiIndex.from_tuples(y_rows, names=names)
    y = pd.DataFrame(rng.normal(size=(len(y_rows), 2)), y_index, columns=["y", "z"])
    x_index = pd.MultiIndex.from_tuples(x_rows, names=names)
    X = pd.DataFrame(rng.normal(size=(len(x_rows), 2)), x_index, columns=["p", "q"])
    X = X.drop(X.index[1])  # a missing row: the value before it is carried on
    if interleaved:  # the series' rows alternate; each stays in time order
        position = y.groupby(level=names[:-1], sort=False).cumcount().to_numpy()
        y = y.iloc[np.argsort(position, kind="stable")]
    return y, X, step


def _series_by_series(y, X, leads, step, n_future):
    """The oracle: each series' own model frame, keyed and stacked."""
    panel = panel_index(y.index)
    frames = []
    for k, key in enumerate(panel.ids):
        series = y.iloc[panel.rows_of(k)].droplevel(list(range(y.index.nlevels - 1)))
        key = key if isinstance(key, tuple) else (key,)
        covariates = None if X is None else X.xs(key, drop_level=True)
        frames.append(model_frame(series, covariates, leads, step, n_future=n_future))
    names = list(y.index.names)
    stacked = pd.concat(frames, keys=list(panel.ids), names=names[:-1])
    return stacked.set_axis(stacked.index.set_names(names))


@pytest.mark.parametrize("grid", GRIDS)
@pytest.mark.parametrize("keys", KEYS)
@pytest.mark.parametrize("interleaved", [False, True])
@pytest.mark.parametrize("n_future", [0, 3])
@pytest.mark.parametrize("leads", [(1,), (1, 2, 3)])
@pytest.mark.parametrize("with_X", [False, True])
def test_a_panels_frame_is_its_series_frames(
    grid, keys, interleaved, n_future, leads, with_X
):
    y, X, step = _panel(grid, keys, interleaved)
    X = X if with_X else None
    expected = _series_by_series(y, X, leads, step, n_future)
    frame = model_frame(y, X, leads, step, n_future=n_future)
    pd.testing.assert_frame_equal(frame, expected, check_index_type=False)
    assert frame.index.tolist() == expected.index.tolist()


def test_covariates_are_carried_forward_within_a_series_only():
    """The first series' X ends at its last label: its leads repeat that value,
    never the next series' first one."""
    y, X, step = _panel("monthly periods", "panel", interleaved=False)
    frame = model_frame(y, X, [2], step, n_future=1)
    first = frame.loc["s1"]
    last_x = X.loc["s1", "p"].iloc[-1]
    assert (first["p_lead_2"].iloc[-3:] == last_x).all()


def test_a_series_without_covariates_is_named():
    y, X, step = _panel("monthly periods", "panel", interleaved=False)
    with pytest.raises(ValueError, match=r"X has no rows for the series \['s0'\]"):
        model_frame(y, X.drop(index="s0", level="series"), [1], step)


def test_missing_aggregator_totals_point_at_the_aggregator():
    index = pd.MultiIndex.from_tuples(
        [(r, s, t) for r in ("__total", "r") for s in ("__total", "s") for t in (0, 1)]
    )
    ids = index.droplevel(-1).unique()
    X_index = index[index.get_level_values(1) != "__total"]
    with pytest.raises(ValueError, match=r"'__total'\)\].*through an Aggregator"):
        check_every_series(ids, X_index)
    with pytest.raises(ValueError, match=r"every series\.$"):  # no totals: no advice
        check_every_series(ids[-1:], X_index[:0])  # ('r', 's') alone


def test_future_covariates_of_each_series_are_asked_for_by_label():
    """Two steps after each series' own end; the first series has no X past it."""
    y, X, step = _panel("month ends", "hierarchy", interleaved=True)
    memory = X.loc[X.index.intersection(y.index)]
    with pytest.raises(ValueError, match=r"no values at \[\('a', 'x', "):
        panel_covariates(memory, X, y.index, step, 2, "LSTMForecaster")
    others = y.drop(index=("a", "x"))
    rows = panel_covariates(memory, X, others.index, step, 2, "LSTMForecaster")
    future = rows.index.difference(memory.index)
    ends = others.groupby(level=[0, 1]).tail(1).index
    expected = [(a, b, t + k * step) for a, b, t in ends for k in (1, 2)]
    assert sorted(future.tolist()) == sorted(expected)


def test_covariates_with_the_levels_of_y_pass_whatever_their_names():
    # levels are matched by position: other names, or none, are fine
    X_index = pd.MultiIndex.from_product([["a"], [0, 1]], names=["store", None])
    check_index_levels(X_index, ["series", "time"])
    check_index_levels(pd.RangeIndex(3), ["time"], fitted=True)


@pytest.mark.parametrize("fitted", [False, True])
def test_a_panels_covariates_are_refused_for_a_hierarchy(fitted):
    X_index = pd.MultiIndex.from_product([["a"], [0, 1]], names=["series", "time"])
    y = "the forecaster was fitted on" if fitted else "y is"
    message = (
        rf"X is indexed by \(series, time\), but {y} a panel indexed by "
        r"\(region, series, time\): X needs as many levels"
    )
    with pytest.raises(ValueError, match=message):
        check_index_levels(X_index, ["region", "series", "time"], fitted=fitted)
