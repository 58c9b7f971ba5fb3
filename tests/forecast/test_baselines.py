"""The naive forecasts beside every score: vectorised, scored on the same rows."""

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression

from skltsm import Differencer, LagTransformer, make_forecast_pipeline
from skltsm._forecast._baselines import Holdout, naive_forecasts
from skltsm.model_selection import baseline_scores


def test_naive_forecasts_match_the_definition_at_every_origin_and_step():
    rng = np.random.default_rng(0)
    values = rng.normal(size=(30, 2))
    origins, steps = np.array([0, 3, 11, 29]), np.arange(1, 15)
    for sp in (1, 4, 12):
        got = naive_forecasts(values, origins, steps, sp)
        for i, o in enumerate(origins):
            for j, h in enumerate(steps):
                source = o + h - sp * int(np.ceil(h / sp))  # the season before
                expected = values[source] if source >= 0 else np.full(2, np.nan)
                np.testing.assert_array_equal(got[i, j], expected)


def test_holdout_scores_divide_by_the_scale_and_skip_rows_a_model_cannot_forecast():
    holdout = Holdout(sp=2)
    actual = np.array([[1.0], [2.0], [3.0]])
    holdout.add(
        1, actual=actual, level=np.ones((3, 1)), unit=np.array([[2.0], [2.0], [4.0]]),
        network=np.array([[1.0], [1.0], [1.0]]),
        naive=np.array([[0.0], [0.0], [np.nan]]),
        seasonal_naive=np.array([[3.0], [2.0], [3.0]]),
        naive2=np.array([[2.0], [2.0], [2.0]]),
    )  # fmt: skip
    scores = holdout.scores()
    # the third row has no naive forecast, so no model is scored on it
    assert scores.to_dict() == {
        "network": 0.25, "naive": 0.75, "seasonal_naive": 0.5, "naive2": 0.25,
    }  # fmt: skip
    assert holdout.residuals()[1][:, 0].tolist() == [0.0, 1.0, 2.0]
    assert holdout.n_rows == 3


def test_baseline_scores_of_a_pipeline_are_its_errors_beside_the_naive_ones():
    index = pd.period_range("2000-01", periods=60, freq="M")
    t = np.arange(60)
    y = pd.Series(10 + 0.5 * t + np.sin(t * np.pi / 6), index=index, name="y")
    X = y.to_frame()
    pipe = make_forecast_pipeline(
        Differencer(), LagTransformer(look_back=3), LinearRegression()
    ).fit(X.iloc[:36], y.iloc[:36])
    block = slice(36, 60)
    scores = baseline_scores(pipe, X.iloc[block], y.iloc[block], sp=12)
    assert scores.name == "MAE"
    predicted = pipe.predict(X.iloc[block]).to_numpy()
    actual = y.iloc[block].to_numpy()
    rows = slice(12, None)  # the seasonal naive needs 12 rows of the block
    assert scores["network"] == pytest.approx(np.abs(actual - predicted)[rows].mean())
    assert scores["naive"] == pytest.approx(np.abs(np.diff(actual))[11:].mean())
    assert scores["seasonal_naive"] == pytest.approx(6.0)  # 12 months of 0.5


def test_baseline_scores_on_a_panel_never_read_another_series():
    index = pd.MultiIndex.from_product(
        [["a", "b"], pd.period_range("2000-01", periods=30, freq="M")],
        names=["series", "time"],
    )
    t = np.tile(np.arange(30.0), 2)
    y = pd.Series(np.where(np.arange(60) < 30, t, 1000 + 3 * t), index=index, name="y")
    X = y.to_frame()
    pipe = make_forecast_pipeline(
        Differencer(), LagTransformer(look_back=2), LinearRegression()
    ).fit(X, y)
    scores = baseline_scores(pipe, X, y, sp=1)
    # per series, the naive error is the slope: 1 for a, 3 for b
    assert scores["naive"] == pytest.approx(2.0)
    assert scores["network"] == pytest.approx(0.0, abs=1e-9)


def test_baseline_scores_say_when_the_block_is_too_short():
    y = pd.Series(np.arange(40.0), index=pd.RangeIndex(40), name="y")
    pipe = make_forecast_pipeline(
        Differencer(), LagTransformer(look_back=2), LinearRegression()
    ).fit(y.to_frame(), y)
    with pytest.raises(ValueError, match="needs 12 earlier rows of the block"):
        baseline_scores(pipe, y.to_frame().iloc[-12:], y.iloc[-12:], sp=12)


def hierarchy() -> pd.DataFrame:
    """Stores of two regions, the second of north 100 times the first's level."""
    months = pd.period_range("2000-01", periods=20, freq="M")
    t = np.arange(20.0)
    frames = {
        ("north", "a"): pd.DataFrame({"y": 10 + t}, index=months),
        ("north", "b"): pd.DataFrame({"y": 1000 + 3 * t}, index=months),
        ("south", "c"): pd.DataFrame({"y": 100 + 2 * t}, index=months),
    }
    return pd.concat(frames, names=["region", "store", "month"])


def test_baseline_scores_on_a_hierarchy_read_each_store_apart():
    """Grouped by region only, store b's first naive forecast read store a."""
    X = hierarchy()
    pipe = make_forecast_pipeline(
        Differencer(), LagTransformer(look_back=2), LinearRegression()
    ).fit(X, X["y"])
    block = X.groupby(level=["region", "store"]).tail(6)  # forecast from history
    scores = baseline_scores(pipe, block, block["y"], sp=1)
    # per store, the naive error is the slope: 1, 3 and 2
    assert scores["naive"] == pytest.approx(2.0)
    interleaved = block.sort_index(level="month", sort_remaining=False)
    assert baseline_scores(pipe, interleaved, interleaved["y"]).equals(scores)


@pytest.mark.parametrize(
    "reorder",
    [
        lambda y: y.sort_index(level="month"),  # another row order
        lambda y: y.reset_index(drop=True),  # no index to pair it by
    ],
    ids=["sorted-by-time", "index-dropped"],
)
def test_baseline_scores_refuse_y_not_indexed_like_x(reorder):
    """The forecasts, in X's row order, were compared with y's by position."""
    X = hierarchy()
    pipe = make_forecast_pipeline(LagTransformer(look_back=2), LinearRegression())
    pipe.fit(X, X["y"])
    with pytest.raises(ValueError, match="y and X must have the same index"):
        baseline_scores(pipe, X, reorder(X["y"]))


def test_losses_by_series_name_the_worst_first_on_rows_every_model_forecast():
    holdout = Holdout(sp=1, series=pd.Index(["a", "b", "c", "d"]))
    ones = np.ones((4, 1))
    for step, network in [(1, [5.0, 3.0, 1.0, 9.0]), (2, [7.0, 3.0, 1.0, 9.0])]:
        holdout.add(
            step, actual=np.zeros((4, 1)), level=ones, unit=ones,
            network=np.array(network)[:, None],
            naive=np.array([[1.0], [1.0], [2.0], [np.nan]]),  # d: no naive
            seasonal_naive=ones, naive2=ones,
        )  # fmt: skip
    # a loses by 5, b by 2, c wins; d has no row every model forecast
    assert holdout.losses_by_series("naive") == [("a", 6.0, 1.0), ("b", 3.0, 1.0)]
    assert holdout.losses_by_series("naive", most=1) == [("a", 6.0, 1.0)]
    assert Holdout(sp=1).losses_by_series("naive") == []  # one series: none named
