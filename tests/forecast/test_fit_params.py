"""ForecastPipeline.fit's sample_weight: one per row of X, aligned with the windows."""

import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.exceptions import UnsetMetadataPassedError
from sklearn.model_selection import TimeSeriesSplit, cross_validate
from sklearn.preprocessing import StandardScaler

from skltsm import (
    Differencer,
    ForecastPipeline,
    LagTransformer,
    make_forecast_pipeline,
)
from skltsm._forecast._multistep import MultiStepPipeline
from tests.conftest import tiny_pipeline
from tests.oracle import MemorizingRegressor


class WeightRecorder(RegressorMixin, BaseEstimator):
    """Keeps the targets and weights it was fitted on; predicts 0."""

    def fit(self, X, y, sample_weight=None):
        self.y_ = np.asarray(y)
        self.sample_weight_ = sample_weight
        return self

    def predict(self, X):
        return np.zeros((len(X), *self.y_.shape[1:]))


class StreamedWeightRecorder(WeightRecorder):
    """A WeightRecorder that takes streamed windows, as LSTMRegressor does."""

    _skltsm_capabilities = frozenset({"lagged_windows"})


def _series(increments, index) -> pd.DataFrame:
    """A series whose difference at each row is that row's (distinct) increment."""
    return pd.DataFrame({"y": np.cumsum(increments).astype(float)}, index=index)


@pytest.fixture
def series(rng):
    """40 monthly rows; row k's first difference is increments[k], all distinct."""
    increments = rng.permutation(40) + 1
    index = pd.period_range("2000-01", periods=40, freq="M")
    return _series(increments, index), increments


def _recorder_pipeline(look_back=3, horizon=1):
    return make_forecast_pipeline(
        Differencer(), LagTransformer(look_back, horizon=horizon), WeightRecorder()
    )


@pytest.mark.parametrize("horizon", [1, 3])
def test_each_window_weighs_what_the_row_it_forecasts_weighs(series, rng, horizon):
    X, increments = series
    weights = rng.uniform(0.5, 2.0, size=len(X))
    pipe = _recorder_pipeline(horizon=horizon).fit(
        X, X["y"], weightrecorder__sample_weight=weights
    )
    recorder = pipe.named_steps["weightrecorder"]
    # the target of the window at row k is y[k] - y[k - horizon]; with horizon
    # 1 it is increments[k], which names the row
    rows = np.arange(pipe.warmup_, len(X))
    assert len(recorder.sample_weight_) == len(rows)  # the first rows dropped theirs
    np.testing.assert_array_equal(recorder.sample_weight_, weights[rows])
    if horizon == 1:
        np.testing.assert_array_equal(recorder.y_, increments[rows])


def test_a_multi_step_window_weighs_what_its_first_step_weighs(series, rng):
    X, increments = series
    weights = rng.uniform(0.5, 2.0, size=len(X))
    pipe = MultiStepPipeline(
        [("d", Differencer()), ("lag", LagTransformer(3)), ("r", WeightRecorder())],
        n_steps=3,
    ).fit(X, X["y"], r__sample_weight=weights)
    recorder = pipe.named_steps["r"]
    rows = np.arange(pipe.warmup_, len(X) - 2)  # the last two lack targets
    np.testing.assert_array_equal(recorder.y_[:, 0], increments[rows])
    np.testing.assert_array_equal(recorder.sample_weight_, weights[rows])


@pytest.mark.parametrize("recorder", [WeightRecorder, StreamedWeightRecorder])
@pytest.mark.parametrize("order", ["interleaved", "grouped"])
@pytest.mark.parametrize("steps", ["differencer", "none"])
def test_a_panels_windows_weigh_what_their_rows_weigh(rng, steps, order, recorder):
    # series of other lengths: the windows are taken from a stacked frame
    # whose rows are not those of X, or (grouped, streamed, no step before the
    # lag) from X's own rows. Values and differences are distinct integers
    parts = []
    for name, increments in zip(
        "ab", np.split(rng.permutation(35) + 1, [20]), strict=True
    ):
        time = pd.period_range(end="2009-12", periods=len(increments), freq="M")
        index = pd.MultiIndex.from_product([[name], time], names=["series", "time"])
        parts.append(_series(increments, index) + 1000 * len(parts))
    X = pd.concat(parts)
    if order == "interleaved":
        X = X.sort_index(level="time", sort_remaining=False)
    weights = rng.uniform(0.5, 2.0, size=len(X))
    before = [Differencer()] if steps == "differencer" else []
    pipe = ForecastPipeline(
        [*[("d", step) for step in before], ("lag", LagTransformer(3)),
         ("r", recorder())]
    )  # fmt: skip
    pipe.fit(X, X["y"], r__sample_weight=weights)
    recorder = pipe.named_steps["r"]
    # each target names its row: its increment (differenced) or its value
    names = pd.concat([p["y"].diff() if before else p["y"] for p in parts])
    names = names.reindex(X.index)
    row_of = {value: row for row, value in enumerate(names) if np.isfinite(value)}
    rows = np.array([row_of[value] for value in recorder.y_])
    assert len(rows) == len(X) - 2 * pipe.warmup_
    np.testing.assert_array_equal(recorder.sample_weight_, weights[rows])


def test_cross_validation_slices_the_weights_with_the_rows(series, rng):
    X, increments = series
    weights = rng.uniform(0.5, 2.0, size=len(X))
    result = cross_validate(
        _recorder_pipeline(),
        X,
        X["y"],
        cv=TimeSeriesSplit(n_splits=2, test_size=8),
        params={"weightrecorder__sample_weight": weights},
        return_estimator=True,
    )
    for fitted in result["estimator"]:
        recorder = fitted.named_steps["weightrecorder"]
        row_of = {value: row for row, value in enumerate(increments)}
        rows = [row_of[value] for value in recorder.y_]
        np.testing.assert_array_equal(recorder.sample_weight_, weights[rows])


def test_metadata_routing_sends_sample_weight_to_the_regressor_that_requests_it(
    series, rng
):
    X, _ = series
    weights = rng.uniform(0.5, 2.0, size=len(X))
    with sklearn.config_context(enable_metadata_routing=True):
        pipe = make_forecast_pipeline(
            Differencer(),
            LagTransformer(3),
            WeightRecorder().set_fit_request(sample_weight=True),
        ).fit(X, X["y"], sample_weight=weights)
        recorder = pipe.named_steps["weightrecorder"]
        np.testing.assert_array_equal(recorder.sample_weight_, weights[pipe.warmup_ :])
        with pytest.raises(UnsetMetadataPassedError, match="set_fit_request"):
            _recorder_pipeline().fit(X, X["y"], sample_weight=weights)
        scaled = make_forecast_pipeline(
            StandardScaler().set_fit_request(sample_weight=True),
            LagTransformer(3),
            WeightRecorder().set_fit_request(sample_weight=True),
        )
        with pytest.raises(TypeError, match=r"step 'standardscaler' .*set_fit_request"):
            scaled.fit(X, X["y"], sample_weight=weights)


def test_weights_change_the_network_and_equal_weights_do_not(airline, airline_X):
    X, y = airline_X.iloc[:60], airline.iloc[:60]
    block = X.iloc[12:]  # rows with history: no NaN, no warning
    plain = tiny_pipeline(epochs=3).fit(X, y).predict(block)
    equal = tiny_pipeline(epochs=3).fit(
        X, y, lstmregressor__sample_weight=np.ones(len(X))
    )
    np.testing.assert_array_equal(equal.predict(block), plain)
    halved = tiny_pipeline(epochs=3).fit(
        X, y, lstmregressor__sample_weight=np.r_[np.zeros(30), np.ones(30)]
    )
    assert np.abs(halved.predict(block) - plain).max() > 0.5  # passengers


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"sample_weight": 1}, TypeError, r"lstmregressor__sample_weight=\.\.\."),
        ({"net__sample_weight": 1}, TypeError, r"'net__sample_weight'.*the steps are"),
        (
            {"differencer__sample_weight": 1},
            TypeError,
            "regressor 'lstmregressor' only",
        ),
        ({"lstmregressor__epochs": 1}, TypeError, r"got \['epochs'\]"),
        ({"lstmregressor__sample_weight": np.ones(5)}, ValueError, "shape"),
        ({"lstmregressor__sample_weight": -np.ones(40)}, ValueError, "Negative"),
        (
            {"lstmregressor__sample_weight": np.r_[np.ones(4), np.zeros(36)]},
            ValueError,
            "weight 0 to every row that has a training window",
        ),
    ],
    ids=[
        "unprefixed",
        "no such step",
        "a step before",
        "not a weight",
        "length",
        "negative",
        "no window weighs",
    ],  # fmt: skip
)
def test_fit_parameters_the_pipeline_cannot_align_are_refused(
    series, params, error, match
):
    X, _ = series
    with pytest.raises(error, match=match):
        tiny_pipeline().fit(X, X["y"], **params)


def test_a_regressor_without_sample_weight_is_refused_with_what_to_do(series):
    X, _ = series
    pipe = make_forecast_pipeline(LagTransformer(3), MemorizingRegressor())
    with pytest.raises(
        TypeError, match="MemorizingRegressor.fit takes no sample_weight"
    ):
        pipe.fit(X, X["y"], memorizingregressor__sample_weight=np.ones(len(X)))


def test_the_weights_error_names_the_last_rows_of_a_multi_step_pipeline(series):
    # only the last two rows weigh: they have no window of three known steps
    X, _ = series
    pipe = MultiStepPipeline(
        [("lag", LagTransformer(3)), ("r", WeightRecorder())], n_steps=3
    )
    with pytest.raises(ValueError, match="several steps per row, the last rows"):
        pipe.fit(X, X["y"], r__sample_weight=np.r_[np.zeros(38), np.ones(2)])
