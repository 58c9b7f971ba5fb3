"""ForecastPipeline.fit's sample_weight: one per row of X, aligned with the windows."""

import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn.base import BaseEstimator, RegressorMixin, clone
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import UnsetMetadataPassedError
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit, cross_validate
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from skltsm import (
    Differencer,
    ForecastPipeline,
    LagTransformer,
    make_forecast_pipeline,
)
from skltsm._forecast._multistep import MultiStepPipeline
from tests.conftest import tiny_pipeline, tiny_regressor
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


def _two_series_of_distinct_values(rng, order: str) -> pd.DataFrame:
    """Series of 20 and 15 months whose values and differences are distinct integers.

    ``order``: ``"grouped"`` (series after series) or ``"interleaved"`` (by time).
    """
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
    return X


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
    X = _two_series_of_distinct_values(rng, order)
    weights = rng.uniform(0.5, 2.0, size=len(X))
    before = [Differencer()] if steps == "differencer" else []
    pipe = ForecastPipeline(
        [*[("d", step) for step in before], ("lag", LagTransformer(3)),
         ("r", recorder())]
    )  # fmt: skip
    pipe.fit(X, X["y"], r__sample_weight=weights)
    recorder = pipe.named_steps["r"]
    # each target names its row: its increment (differenced) or its value
    names = X.groupby(level="series")["y"].diff() if before else X["y"]
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


def test_weights_as_a_series_must_be_indexed_like_x(rng):
    """Weights built before X was sorted were read by position: other rows'."""
    grouped = _two_series_of_distinct_values(rng, "grouped")
    weights = pd.Series(rng.uniform(0.5, 2.0, size=len(grouped)), index=grouped.index)
    X = grouped.sort_index(level="time", sort_remaining=False)
    pipe = ForecastPipeline([("lag", LagTransformer(3)), ("r", WeightRecorder())])
    with pytest.raises(
        ValueError,
        match=r"^r__sample_weight and X must have the same index .* align "
        r"sample_weight with X, e.g. sample_weight\.reindex\(X\.index\)\.$",
    ):
        pipe.fit(X, X["y"], r__sample_weight=weights)
    aligned = weights.reindex(X.index)
    by_label = clone(pipe).fit(X, X["y"], r__sample_weight=aligned)
    by_position = clone(pipe).fit(X, X["y"], r__sample_weight=aligned.to_numpy())
    np.testing.assert_array_equal(
        by_label.named_steps["r"].sample_weight_,
        by_position.named_steps["r"].sample_weight_,
    )


def test_score_refuses_weights_indexed_otherwise_than_x(rng):
    X = _two_series_of_distinct_values(rng, "grouped")
    pipe = make_forecast_pipeline(LagTransformer(3), Ridge()).fit(X, X["y"])
    block = X.groupby(level="series").tail(4)
    weights = pd.Series(1.0, index=block.index)
    assert pipe.score(block, block["y"], sample_weight=weights) == pytest.approx(
        pipe.score(block, block["y"])
    )
    with pytest.raises(ValueError, match="^sample_weight and X must have the same"):
        pipe.score(block, block["y"], sample_weight=weights.sort_index(level=1))


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


# -- regressors that route the weights themselves ----------------------------


class WindowRecorder(WeightRecorder):
    """A WeightRecorder that keeps its windows too, as it gets them."""

    def fit(self, X, y, sample_weight=None):
        self.X_ = X
        return super().fit(X, y, sample_weight=sample_weight)


def _nested(nesting, inner, request=None):
    """``inner`` in a Pipeline or a TransformedTargetRegressor, and its weights' key.

    Returns the regressor, the fit parameter for its weights (as a step
    ``r`` of a forecast pipeline) and a function that finds the fitted
    ``inner`` in the fitted regressor. With ``request`` (metadata routing),
    ``inner`` requests its weights under that name.
    """
    if request:
        inner = inner.set_fit_request(sample_weight=request)
    if nesting == "pipeline":
        regressor = Pipeline([("before", FunctionTransformer()), ("inner", inner)])
        key = "r__inner__sample_weight"
        return regressor, key, lambda fitted: fitted.named_steps["inner"]
    regressor = TransformedTargetRegressor(regressor=inner)
    return regressor, "r__sample_weight", lambda fitted: fitted.regressor_


# metadata routing off; on, with the weights requested as sample_weight; on,
# with an alias (set_fit_request(sample_weight="w"), then fit(..., w=weights))
REQUESTS = pytest.mark.parametrize(
    "request_as", [None, "sample_weight", "w"], ids=["plain", "routing", "alias"]
)


@REQUESTS
@pytest.mark.parametrize("nesting", ["pipeline", "ttr"])
def test_a_nested_regressors_windows_weigh_what_their_rows_weigh(
    series, rng, nesting, request_as
):
    X, increments = series
    weights = rng.uniform(0.5, 2.0, size=len(X))
    with sklearn.config_context(enable_metadata_routing=request_as is not None):
        regressor, key, inner = _nested(nesting, WeightRecorder(), request_as)
        pipe = ForecastPipeline(
            [("d", Differencer()), ("lag", LagTransformer(3)), ("r", regressor)]
        ).fit(X, X["y"], **{request_as or key: weights})
    recorder = inner(pipe.named_steps["r"])
    rows = np.arange(pipe.warmup_, len(X))
    np.testing.assert_array_equal(recorder.y_, increments[rows])
    np.testing.assert_array_equal(recorder.sample_weight_, weights[rows])


@pytest.mark.parametrize("nesting", ["pipeline", "ttr"])
def test_a_nested_multi_step_window_weighs_what_its_first_step_weighs(
    series, rng, nesting
):
    X, increments = series
    weights = rng.uniform(0.5, 2.0, size=len(X))
    regressor, key, inner = _nested(nesting, WeightRecorder())
    pipe = MultiStepPipeline(
        [("d", Differencer()), ("lag", LagTransformer(3)), ("r", regressor)],
        n_steps=3,
    ).fit(X, X["y"], **{key: weights})
    recorder = inner(pipe.named_steps["r"])
    rows = np.arange(pipe.warmup_, len(X) - 2)  # the last two lack targets
    np.testing.assert_array_equal(recorder.y_[:, 0], increments[rows])
    np.testing.assert_array_equal(recorder.sample_weight_, weights[rows])


@pytest.mark.parametrize("nesting", ["pipeline", "ttr"])
@pytest.mark.parametrize("order", ["interleaved", "grouped"])
def test_a_panels_windows_weigh_their_rows_in_a_nested_regressor(rng, order, nesting):
    # as in the test of a panel above: series of other lengths, windows taken
    # from a stacked frame, targets that name their rows
    X = _two_series_of_distinct_values(rng, order)
    weights = rng.uniform(0.5, 2.0, size=len(X))
    regressor, key, inner = _nested(nesting, WeightRecorder())
    pipe = ForecastPipeline(
        [("d", Differencer()), ("lag", LagTransformer(3)), ("r", regressor)]
    ).fit(X, X["y"], **{key: weights})
    recorder = inner(pipe.named_steps["r"])
    names = X.groupby(level="series")["y"].diff()
    row_of = {value: row for row, value in enumerate(names) if np.isfinite(value)}
    rows = np.array([row_of[value] for value in recorder.y_])
    assert len(rows) == len(X) - 2 * pipe.warmup_
    np.testing.assert_array_equal(recorder.sample_weight_, weights[rows])


def _scaled_ridge(request_as):
    scale, ridge = StandardScaler(), Ridge(alpha=3.0)
    if request_as:
        scale = scale.set_fit_request(sample_weight=request_as)
        ridge = ridge.set_fit_request(sample_weight=request_as)
    regressor = Pipeline([("scale", scale), ("ridge", ridge)])
    return regressor, ["r__scale__sample_weight", "r__ridge__sample_weight"]


def _ttr_ridge(request_as):
    ridge = Ridge(alpha=3.0)
    if request_as:
        ridge = ridge.set_fit_request(sample_weight=request_as)
    regressor = TransformedTargetRegressor(
        regressor=ridge, func=np.arcsinh, inverse_func=np.sinh
    )
    return regressor, ["r__sample_weight"]


@REQUESTS
@pytest.mark.parametrize("nested", [_scaled_ridge, _ttr_ridge], ids=["pipeline", "ttr"])
def test_integer_weights_fit_a_nested_ridge_as_repeated_windows_do(
    series, rng, nested, request_as
):
    X, _ = series
    weights = rng.integers(0, 4, size=len(X)).astype(float)
    steps = [("d", Differencer()), ("lag", LagTransformer(3))]
    # the windows and their weights, as the regressor gets them
    windows = ForecastPipeline([*steps, ("r", WindowRecorder())]).fit(
        X, X["y"], r__sample_weight=weights
    )
    windows = windows.named_steps["r"]
    counts = windows.sample_weight_.astype(int)
    assert 0 in counts and counts.max() > 1
    with sklearn.config_context(enable_metadata_routing=request_as is not None):
        regressor, keys = nested(request_as)
        params = {request_as: weights} if request_as else dict.fromkeys(keys, weights)
        pipe = ForecastPipeline([*steps, ("r", regressor)]).fit(X, X["y"], **params)
        repeats = np.repeat(np.arange(len(counts)), counts)
        repeated = clone(regressor).fit(windows.X_.iloc[repeats], windows.y_[repeats])
    np.testing.assert_allclose(
        pipe.named_steps["r"].predict(windows.X_),
        repeated.predict(windows.X_),
        rtol=1e-9,
    )
    unweighted = clone(regressor).fit(windows.X_, windows.y_)
    assert not np.allclose(
        unweighted.predict(windows.X_), repeated.predict(windows.X_), rtol=1e-3
    )


@pytest.mark.parametrize(
    ("regressor", "key", "match"),
    [
        (
            Pipeline([("scale", StandardScaler()), ("m", MemorizingRegressor())]),
            "r__m__sample_weight",
            r"MemorizingRegressor\.fit takes no sample_weight \(step 'm' of the "
            r"regressor 'r'\), so r__m__sample_weight cannot reach it",
        ),
        (
            TransformedTargetRegressor(regressor=MemorizingRegressor()),
            "r__sample_weight",
            r"MemorizingRegressor\.fit takes no sample_weight \(the regressor of "
            r"the regressor 'r'\)",
        ),
        (
            Pipeline([("scale", StandardScaler()), ("ridge", Ridge())]),
            "r__sample_weight",
            r"the regressor 'r' is a Pipeline.*pass r__<step>__sample_weight.*"
            r"\['scale', 'ridge'\].*\(got r__sample_weight\)",
        ),
        (
            Pipeline([("scale", StandardScaler()), ("ridge", Ridge())]),
            "r__lasso__sample_weight",
            r"\['scale', 'ridge'\].*\(got r__lasso__sample_weight\)",
        ),
        (
            Pipeline([("scale", StandardScaler()), ("ridge", Ridge())]),
            "r__ridge__alpha",
            r"sample weights only.*r__<step>__sample_weight for a Pipeline.*"
            r"got \['ridge__alpha'\]",
        ),
        (
            GridSearchCV(Ridge(), {"alpha": [1.0, 2.0]}),
            "r__sample_weight",
            r"GridSearchCV\.fit takes no sample_weight.*Pipeline regressor.*"
            r"TransformedTargetRegressor.*enable metadata routing",
        ),
    ],
    ids=[
        "pipeline step",
        "ttr regressor",
        "pipeline unprefixed",
        "no such step",
        "not a weight",
        "another router",
    ],  # fmt: skip
)
def test_weights_no_nested_estimator_takes_are_refused_before_fitting(
    series, regressor, key, match
):
    X, _ = series
    pipe = ForecastPipeline(
        [("d", Differencer()), ("lag", LagTransformer(3)), ("r", regressor)]
    )
    with pytest.raises(TypeError, match=match):
        pipe.fit(X, X["y"], **{key: np.ones(len(X))})
    assert not hasattr(pipe, "contract_")
    assert not hasattr(pipe.named_steps["d"], "n_features_in_")


@pytest.mark.parametrize("request_as", [None, "w"], ids=["plain", "alias"])
@pytest.mark.parametrize("nesting", ["pipeline", "ttr"])
def test_weights_reach_a_network_nested_in_a_regressor(rng, nesting, request_as):
    # two steps of two series: inside a Pipeline or a TransformedTargetRegressor
    # the network gets them flattened, (n, 4), and the weights as (n,)
    index = pd.period_range("2000-01", periods=40, freq="M")
    X = pd.DataFrame(rng.normal(size=(40, 2)).cumsum(axis=0), index, ["a", "b"])

    def fit(weights=None):
        regressor, key, inner = _nested(nesting, tiny_regressor(epochs=2), request_as)
        params = {} if weights is None else {request_as or key: weights}
        pipe = MultiStepPipeline(
            [("lag", LagTransformer(3)), ("r", regressor)], n_steps=2
        ).fit(X, X, **params)
        assert inner(pipe.named_steps["r"]).y_ndim_ == 2
        return np.asarray(pipe.predict(X.iloc[-4:]))

    with sklearn.config_context(enable_metadata_routing=request_as is not None):
        plain = fit()
        np.testing.assert_array_equal(fit(np.ones(len(X))), plain)
        assert np.abs(fit(np.r_[np.zeros(25), np.ones(15)]) - plain).max() > 1e-3


class GroupRecorder(WeightRecorder):
    """A WeightRecorder whose fit takes groups too, which are not weights."""

    def fit(self, X, y, sample_weight=None, groups=None):
        return super().fit(X, y, sample_weight=sample_weight)


def _requesting():
    return WeightRecorder().set_fit_request(sample_weight=True)


@pytest.mark.parametrize(
    ("before", "regressor", "where"),  # regressor: made with routing enabled
    [
        (
            [],
            lambda: Pipeline([("scale", StandardScaler()), ("inner", _requesting())]),
            r"StandardScaler \(step 'scale' of the regressor 'r'\)",
        ),
        (
            [],
            lambda: Pipeline(
                [("before", FunctionTransformer()), ("inner", WeightRecorder())]
            ),
            r"WeightRecorder \(step 'inner' of the regressor 'r'\)",
        ),
        (
            [],
            lambda: TransformedTargetRegressor(regressor=WeightRecorder()),
            r"WeightRecorder \('regressor' of the regressor 'r'\)",
        ),
        ([], WeightRecorder, r"WeightRecorder \(the regressor 'r'\)"),
        (
            [("scale", StandardScaler())],
            _requesting,
            r"StandardScaler \(step 'scale', before the regressor\)",
        ),
    ],
    ids=[
        "nested pipeline step",
        "nested pipeline regressor",
        "ttr regressor",
        "regressor",
        "step before",
    ],
)
def test_a_request_left_unset_is_named_before_fitting(series, before, regressor, where):
    # scikit-learn raises for a nested estimator in the regressor's own fit,
    # after the steps before were fitted, naming its class only. A step
    # before the regressor is told to refuse the weights
    X, _ = series
    call = rf"\.set_fit_request\(sample_weight={not before}\)"
    with sklearn.config_context(enable_metadata_routing=True):
        steps = [*before, ("lag", LagTransformer(3)), ("r", regressor())]
        pipe = ForecastPipeline([("d", Differencer()), *steps])
        with pytest.raises(
            UnsetMetadataPassedError,
            match=rf"{where} neither requests nor refuses it.*{call}",
        ):
            pipe.fit(X, X["y"], sample_weight=np.ones(len(X)))
    assert not hasattr(pipe, "contract_")
    assert not hasattr(pipe.named_steps["d"], "n_features_in_")


@pytest.mark.parametrize("nesting", ["pipeline", "ttr"])
def test_an_alias_that_reaches_no_sample_weight_is_refused_before_fitting(
    series, nesting
):
    X, _ = series
    with sklearn.config_context(enable_metadata_routing=True):
        regressor, _, _ = _nested(nesting, GroupRecorder().set_fit_request(groups="w"))
        pipe = ForecastPipeline(
            [("d", Differencer()), ("lag", LagTransformer(3)), ("r", regressor)]
        )
        with pytest.raises(
            TypeError, match=r"sample weights only.*'w' reaches.*as groups"
        ):
            pipe.fit(X, X["y"], w=np.ones(len(X)))
    assert not hasattr(pipe.named_steps["d"], "n_features_in_")


def test_an_unset_score_request_is_worded_for_the_score(series):
    """An inner search's scorer left unset: not "for its fit", "fit it"."""
    X, _ = series
    with sklearn.config_context(enable_metadata_routing=True):
        search = GridSearchCV(
            Ridge().set_fit_request(sample_weight=True),
            {"alpha": [1.0]},
            cv=TimeSeriesSplit(2),
        )
        pipe = make_forecast_pipeline(LagTransformer(3), search)
        with pytest.raises(UnsetMetadataPassedError) as caught:
            pipe.fit(X, X["y"], sample_weight=np.ones(len(X)))
    message = str(caught.value)
    assert "set_score_request(sample_weight=True) for its score to take" in message
    assert "for its score to ignore them" in message
    assert "fit" not in message.partition("set_score_request")[2]


@pytest.mark.parametrize(
    ("regressor", "keyword"),
    [
        (lambda: Pipeline([("r", Ridge())]), "pipeline__r__sample_weight"),
        (
            lambda: TransformedTargetRegressor(Pipeline([("r", Ridge())])),
            "transformedtargetregressor__r__sample_weight",
        ),
        (
            lambda: TransformedTargetRegressor(Ridge()),
            "transformedtargetregressor__sample_weight",
        ),
        (Ridge, "ridge__sample_weight"),
    ],
    ids=["pipeline", "ttr pipeline", "ttr", "ridge"],
)
def test_an_unknown_parameter_is_told_the_keyword_that_takes_weights(
    series, regressor, keyword
):
    """Routing off, a Pipeline regressor was told <name>__sample_weight, refused."""
    X, _ = series
    w = np.linspace(1, 2, len(X))
    pipe = make_forecast_pipeline(LagTransformer(3), regressor())
    with pytest.raises(TypeError, match=rf"weights as {keyword}=\.\.\."):
        pipe.fit(X, X["y"], w=w)
    pipe.fit(X, X["y"], **{keyword: w})  # the keyword named is taken
