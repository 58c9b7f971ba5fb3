"""ForecastPipeline: the target's round trip, history, alignment, no leakage."""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import TimeSeriesSplit, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, MinMaxScaler, StandardScaler
from sklearn.utils._param_validation import InvalidParameterError

from skltsm import (
    Differencer,
    ForecastPipeline,
    LagTransformer,
    make_forecast_pipeline,
)
from skltsm.exceptions import InsufficientHistoryWarning
from tests.conftest import tiny_pipeline, tiny_regressor
from tests.forecast.test_panel_pipeline import make_panel
from tests.oracle import (
    MemorizingQuantiles,
    MemorizingRegressor,
    ShiftedMemorizingRegressor,
)


def oracle_pipeline(*steps, look_back=12, horizon=1):
    return make_forecast_pipeline(
        *steps, LagTransformer(look_back, horizon=horizon), MemorizingRegressor()
    )


#: Steps before the lag whose inverse the target takes, each made fresh.
TARGET_STEPS = pytest.mark.parametrize(
    "steps",
    [
        lambda: [],
        lambda: [MinMaxScaler((-1, 1))],
        lambda: [Differencer()],
        lambda: [Differencer([1, 12]), MinMaxScaler((-1, 1))],
        lambda: [
            FunctionTransformer(np.log, np.exp, feature_names_out="one-to-one"),
            Differencer(12),
            StandardScaler(),
            Differencer(1),
        ],
    ],
    ids=["none", "minmax", "diff1", "diff1-12+minmax", "log+diff12+std+diff1"],
)


@pytest.mark.parametrize("validate", [False, True])
def test_an_inverse_that_refuses_nan_gives_nan_where_there_is_no_forecast(
    airline, airline_X, validate
):
    """FunctionTransformer(validate=True) checks its input for NaN."""
    log = FunctionTransformer(np.log, np.exp, validate=validate)
    pipe = oracle_pipeline(log).fit(airline_X, airline)
    predicted = pipe.predict(airline_X.iloc[100:])  # history from the fit
    np.testing.assert_allclose(predicted, airline.iloc[100:], rtol=1e-9)
    with pytest.warns(InsufficientHistoryWarning):
        early = pipe.predict(airline_X.iloc[:24])  # no forecast for 12 rows
    assert early.isna().sum() == 12
    np.testing.assert_allclose(early.iloc[12:], airline.iloc[12:24], rtol=1e-9)


def test_a_step_after_the_windows_that_refuses_nan_gives_nan_without_a_window(
    airline, airline_X
):
    """The first look_back rows have no complete window: NaN, not an error."""
    checked = FunctionTransformer(validate=True)  # identity that refuses NaN
    pipe = make_forecast_pipeline(LagTransformer(3), checked, LinearRegression())
    plain = make_forecast_pipeline(LagTransformer(3), LinearRegression())
    pipe.fit(airline_X, airline)
    plain.fit(airline_X, airline)
    with pytest.warns(InsufficientHistoryWarning):
        predicted = pipe.predict(airline_X)
    with pytest.warns(InsufficientHistoryWarning):
        expected = plain.predict(airline_X)
    pd.testing.assert_series_equal(predicted, expected)


def test_a_step_that_refuses_nan_forecasts_as_one_that_takes_it(airline):
    """Rows past the data have a target forecast but no covariate values."""
    X = pd.DataFrame({"passengers": airline, "x": np.arange(len(airline)) + 1.0})
    from skltsm._forecast._multistep import MultiStepPipeline

    def forecasts(validate):
        log = FunctionTransformer(np.log, np.exp, validate=validate)
        steps = [("log", log), ("lag", LagTransformer(3)), ("lr", LinearRegression())]
        pipe = MultiStepPipeline(steps, target="passengers", n_steps=3)
        return pipe.fit(X, airline).predict(X.iloc[-3:])

    pd.testing.assert_frame_equal(forecasts(True), forecasts(False))


@pytest.mark.parametrize("panel", [False, True])
def test_a_step_that_mixes_columns_before_the_windows_is_refused(airline, panel):
    """PCA inverts exactly, but a forecast put back would read its row's target."""
    from sklearn.decomposition import PCA

    X = pd.DataFrame({"passengers": airline, "x": np.arange(len(airline)) + 1.0})
    if panel:
        X = pd.concat({"a": X, "b": X * 2}, names=["series", "month"])
    pipe = make_forecast_pipeline(PCA(), LagTransformer(3), LinearRegression())
    with pytest.raises(ValueError, match="changes with the other columns"):
        pipe.fit(X, X["passengers"])


def test_a_numpy_integer_target_is_a_column_position():
    X = pd.DataFrame({"a": np.arange(30.0), "b": 2 * np.arange(30.0)})
    pipe = make_forecast_pipeline(
        LagTransformer(2), LinearRegression(), target=np.int64(1)
    )
    assert pipe.fit(X, X["b"]).contract_.target_names == ("b",)


def test_a_fold_whose_rows_lack_history_says_why_it_cannot_be_scored(
    airline, airline_X
):
    """TimeSeriesSplit's gap rows are the first test rows' look-back."""
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression())
    cv = TimeSeriesSplit(n_splits=2, test_size=12, gap=2)
    with pytest.raises(ValueError, match=r"3 of 12 rows to score have no forecast"):
        cross_validate(pipe, airline_X, airline, cv=cv, error_score="raise")
    with pytest.warns(InsufficientHistoryWarning, match=r"TimeSeriesSplit\(gap=0\)"):
        pipe.fit(airline_X.iloc[:100], airline.iloc[:100]).predict(airline_X.iloc[102:])


def test_a_target_position_outside_x_is_refused_with_its_columns(airline, airline_X):
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression(), target=5)
    with pytest.raises(
        ValueError, match=r"target=5 must name 1 column.*\['passengers'\]"
    ):
        pipe.fit(airline_X, airline)


def test_a_frame_after_a_fit_on_arrays_is_read_by_position(airline, airline_X):
    """As scikit-learn's estimators do: a warning, not a feature-name error."""
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression())
    pipe.fit(airline_X.to_numpy(), airline.to_numpy())
    block = airline_X.iloc[100:110]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InsufficientHistoryWarning)
        with pytest.warns(UserWarning, match="fitted without feature names"):
            from_frame = pipe.predict(block)
        from_array = pipe.predict(block.to_numpy())
    np.testing.assert_array_equal(from_frame.to_numpy(), from_array)
    assert from_frame.index.equals(block.index)


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (lambda X: X.iloc[:, :1].to_numpy(), r"X has 1 feature\(s\), but .* on 2 \("),
        (lambda X: X.assign(q=1.0).to_numpy(), r"X has 3 feature\(s\), but .* on 2"),
        (lambda X: X.iloc[:, :1], r"columns \['passengers'\], but .* on \['pass"),
        (lambda X: X.rename(columns={"x": "z"}), r"columns \['passengers', 'z'\], but"),
    ],
    ids=["narrow-array", "wide-array", "missing-column", "renamed"],
)
def test_a_block_of_other_columns_than_the_fit_is_refused(airline, block, message):
    X = airline.to_frame().assign(x=np.arange(len(airline)) % 7.0)
    pipe = make_forecast_pipeline(Differencer(), LagTransformer(3), LinearRegression())
    pipe.fit(X.iloc[:48], airline.iloc[:48])
    with pytest.raises(ValueError, match=message):
        pipe.predict(block(X.iloc[48:60]))


@pytest.mark.parametrize("panel", [False, True])
def test_a_block_of_the_fitted_columns_in_another_order_is_read_by_name(panel):
    X = make_panel() if panel else _monthly_frame()
    pipe = make_forecast_pipeline(Differencer(), LagTransformer(3), LinearRegression())
    pipe.fit(X, X["y"])
    block = X.groupby(level=0).tail(6) if panel else X.iloc[-6:]
    expected = pipe.predict(block)
    pd.testing.assert_series_equal(pipe.predict(block[block.columns[::-1]]), expected)


def test_an_array_of_another_width_than_the_fit_on_arrays_is_refused(airline):
    X = airline.to_frame().assign(x=1.0).to_numpy()
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression())
    pipe.fit(X[:48], airline.to_numpy()[:48])
    with pytest.raises(ValueError, match=r"X has 1 feature\(s\), but .*\['x0', 'x1'\]"):
        pipe.predict(X[48:, :1])


@pytest.mark.parametrize("indicator", [False, True])
def test_a_step_whose_inverse_fails_is_refused_at_fit_with_what_to_do(
    airline, airline_X, indicator
):
    """SimpleImputer inverts only with add_indicator=True, and then not a frame."""
    imputer = SimpleImputer(add_indicator=indicator)
    pipe = make_forecast_pipeline(imputer, LagTransformer(3), LinearRegression())
    with pytest.raises(ValueError, match=r"inverse_transform failed .* move this one"):
        pipe.fit(airline_X, airline)


@pytest.mark.parametrize(
    "inner",
    [
        lambda: make_pipeline(Differencer(), MinMaxScaler()),
        lambda: make_pipeline(FunctionTransformer(np.log, np.exp), Differencer()),
    ],
    ids=["diff+minmax", "log+diff"],
)
def test_a_differencer_inside_another_step_is_refused_at_fit(airline, airline_X, inner):
    """Its inverse would integrate from the fit's first rows, not the past levels."""
    pipe = make_forecast_pipeline(inner(), LagTransformer(3), LinearRegression())
    with pytest.raises(ValueError, match=r"holds a differencing step \(differencer\)"):
        pipe.fit(airline_X, airline)


class _Shifter(FunctionTransformer):
    """A step with a differencing class, not a step, among its parameters."""

    def __init__(self, fallback=Differencer):
        self.fallback = fallback
        super().__init__(np.log, np.exp)


def test_a_step_naming_the_differencer_class_is_not_a_nested_differencer(
    airline, airline_X
):
    pipe = make_forecast_pipeline(_Shifter(), LagTransformer(3), LinearRegression())
    pipe.fit(airline_X, airline)
    assert pipe.predict(airline_X.iloc[-12:]).notna().all()


# -- exact inversion ----------------------------------------------------------
@pytest.mark.parametrize("horizon", [1, 3, 13])
@TARGET_STEPS
def test_oracle_network_gives_back_the_true_values(airline, airline_X, steps, horizon):
    pipe = oracle_pipeline(*steps(), horizon=horizon).fit(airline_X, airline)
    with pytest.warns(InsufficientHistoryWarning):
        predicted = pipe.predict(airline_X)
    known = predicted.notna()
    assert known.sum() == len(airline) - pipe.warmup_
    np.testing.assert_allclose(predicted[known], airline[known], rtol=1e-9)


def test_training_target_for_horizon_above_one_never_needs_later_rows(
    airline, airline_X
):
    # With horizon 3, lag-1 differencing of the target becomes y[t] - y[t-3]:
    # the inverse then needs y[t-3], which is known three steps ahead.
    differencer = Differencer(1)
    pipe = oracle_pipeline(differencer, look_back=4, horizon=3).fit(airline_X, airline)
    assert differencer.forecast_lags(3) == (3,)
    assert pipe.warmup_ == 1 + 4 + 3 - 1


# -- no look-ahead --------------------------------------------------------------
@pytest.mark.parametrize("horizon", [1, 2])
def test_changing_rows_from_s_on_leaves_predictions_up_to_s_unchanged(
    airline, airline_X, horizon
):
    pipe = tiny_pipeline(lags=[1, 12], horizon=horizon).fit(
        airline_X.iloc[:100], airline.iloc[:100]
    )
    s = 120
    altered = airline_X.copy()
    altered.iloc[s:] *= 10  # rows from s onward change
    original = pipe.predict(airline_X.iloc[100:])
    changed = pipe.predict(altered.iloc[100:])
    up_to_s = original.index <= airline_X.index[s + horizon - 1]
    np.testing.assert_array_equal(original[up_to_s], changed[up_to_s])
    # and the test can fail: the next row does move
    assert original.iloc[s + horizon - 100] != changed.iloc[s + horizon - 100]


# -- no leakage ---------------------------------------------------------------------
def test_transformers_in_a_cv_fold_learn_only_from_its_training_rows(airline):
    y = airline.copy()
    y.iloc[-12:] = 1e6  # extreme values in the last test fold only
    X = y.to_frame()
    cv = TimeSeriesSplit(n_splits=2, test_size=12)
    result = cross_validate(
        tiny_pipeline(look_back=3, epochs=1),
        X,
        y,
        cv=cv,
        return_estimator=True,
        scoring="neg_root_mean_squared_error",
    )
    for (train, _), fitted in zip(cv.split(X), result["estimator"], strict=True):
        reference = tiny_pipeline(look_back=3, epochs=1).fit(
            X.iloc[train], y.iloc[train]
        )
        scaler = fitted.named_steps["minmaxscaler"]
        np.testing.assert_array_equal(
            scaler.data_max_, reference.named_steps["minmaxscaler"].data_max_
        )
        assert scaler.data_max_[0] < 1e5
        assert fitted.X_history_.index[-1] == X.index[train[-1]]


# -- history and continuity -------------------------------------------------------
def test_a_block_alone_equals_the_tail_of_a_longer_block(fitted_pipeline, airline_X):
    # fitted on rows 0-119: the block 120-131 continues them
    alone = fitted_pipeline.predict(airline_X.iloc[120:132])
    as_tail = fitted_pipeline.predict(airline_X.iloc[100:132]).iloc[-12:]
    pd.testing.assert_series_equal(alone, as_tail, rtol=1e-6)


def test_a_block_inside_the_fitted_rows_takes_its_history_from_them(
    fitted_pipeline, airline_X
):
    inside = airline_X.iloc[60:70]
    with warnings.catch_warnings():
        warnings.simplefilter("error", InsufficientHistoryWarning)
        predicted = fitted_pipeline.predict(inside)
    assert predicted.notna().all()
    assert predicted.index.equals(inside.index)


def test_every_row_of_a_timeseriessplit_test_fold_gets_a_forecast(airline, airline_X):
    for train, test in TimeSeriesSplit(n_splits=3, test_size=12).split(airline_X):
        pipe = tiny_pipeline(lags=[1, 12], look_back=12, epochs=1)
        pipe.fit(airline_X.iloc[train], airline.iloc[train])
        with warnings.catch_warnings():
            warnings.simplefilter("error", InsufficientHistoryWarning)
            assert pipe.predict(airline_X.iloc[test]).notna().all()


def test_rows_without_history_are_nan_with_a_warning(fitted_pipeline, airline_X):
    with pytest.warns(InsufficientHistoryWarning, match="4 of 144 rows"):
        predicted = fitted_pipeline.predict(airline_X)
    assert predicted.iloc[:4].isna().all() and predicted.iloc[4:].notna().all()


def test_a_gap_after_the_fitted_rows_is_not_bridged(fitted_pipeline, airline_X):
    with pytest.warns(InsufficientHistoryWarning):
        predicted = fitted_pipeline.predict(airline_X.iloc[130:])  # fitted to row 119
    assert predicted.iloc[:4].isna().all()


def test_forecast_past_the_end_from_a_nan_row(airline, airline_X):
    pipe = tiny_pipeline().fit(airline_X, airline)
    next_month = pd.DataFrame(
        {"passengers": [np.nan]}, index=pd.period_range("1961-01", periods=1, freq="M")
    )
    forecast = pipe.predict(next_month)
    assert forecast.index[0] == pd.Period("1961-01", "M") and np.isfinite(
        forecast.iloc[0]
    )


def test_more_future_nan_rows_than_the_horizon_are_refused_for_that_reason(
    airline, airline_X
):
    """README: "pass future rows with NaN in the target column".

    Three such rows with horizon 1 were refused as missing values to "fill or
    interpolate" (inventing the future), naming 1961-01, the row forecast.
    """
    pipe = make_forecast_pipeline(LagTransformer(3), LinearRegression())
    pipe.fit(airline_X, airline)
    months = pd.period_range("1961-01", periods=3, freq="M")
    future = pd.DataFrame({"passengers": np.nan}, index=months)
    with pytest.raises(ValueError, match="horizon") as error:
        pipe.predict(future)
    assert "interpolate" not in str(error.value)


# -- alignment and output types ---------------------------------------------------
def test_pandas_in_pandas_out_with_the_same_index(fitted_pipeline, airline_X):
    block = airline_X.iloc[-24:]
    predicted = fitted_pipeline.predict(block)
    assert isinstance(predicted, pd.Series)
    assert predicted.index.equals(block.index) and predicted.name == "passengers"


def test_arrays_in_arrays_out(airline):
    X = airline.to_numpy().reshape(-1, 1)
    pipe = tiny_pipeline().fit(X, airline.to_numpy())
    with pytest.warns(InsufficientHistoryWarning):
        predicted = pipe.predict(X[-10:])
    assert isinstance(predicted, np.ndarray) and predicted.shape == (10,)
    assert pipe.X_history_ is None


def test_covariates_and_an_explicit_target_column(airline):
    X = pd.DataFrame(
        {"month": airline.index.month.astype(float), "passengers": airline},
        index=airline.index,
    )
    pipe = make_forecast_pipeline(
        MinMaxScaler(), LagTransformer(3), tiny_regressor(), target="passengers"
    ).fit(X.iloc[:120], airline.iloc[:120])
    assert pipe.target_columns_ == ["passengers"]
    assert pipe.named_steps["lstmregressor"].input_shape_ == (3, 2)
    assert pipe.predict(X.iloc[120:]).notna().all()


def test_several_targets_come_back_as_a_frame(airline):
    X = pd.DataFrame({"a": airline, "b": airline * 2 + 1}, index=airline.index)
    pipe = oracle_pipeline(Differencer(), look_back=3).fit(X, X)
    with pytest.warns(InsufficientHistoryWarning):
        predicted = pipe.predict(X)
    assert list(predicted.columns) == ["a", "b"]
    np.testing.assert_allclose(predicted.iloc[4:], X.iloc[4:], rtol=1e-9)


def test_a_target_equal_to_an_unnamed_column_is_found(airline):
    X = np.column_stack([np.arange(144.0), airline.to_numpy()])
    pipe = oracle_pipeline(Differencer(), look_back=3).fit(X, airline.to_numpy())
    assert pipe.target_columns_ == ["y"] and pipe.contract_.targets == (1,)


# -- sklearn conventions ------------------------------------------------------------
def test_step_names_and_params_follow_make_pipeline():
    pipe = tiny_pipeline()
    params = pipe.get_params()
    assert "lagtransformer__look_back" in params and "lstmregressor__units" in params
    pipe.set_params(lagtransformer__look_back=7)
    assert clone(pipe).named_steps["lagtransformer"].look_back == 7
    assert isinstance(pipe, ForecastPipeline)


@pytest.mark.parametrize(
    "param, value", [("look_back", None), ("look_back", "3"), ("horizon", None)]
)
def test_a_lag_parameter_set_through_the_pipeline_is_validated_first(
    param, value, airline_X
):
    # the warmup added look_back and horizon first: a bare TypeError
    pipe = make_forecast_pipeline(Differencer(), LagTransformer(3), LinearRegression())
    pipe.set_params(**{f"lagtransformer__{param}": value})
    with pytest.raises(InvalidParameterError, match=f"'{param}' parameter of LagT"):
        pipe.fit(airline_X, airline_X["passengers"])


def test_slicing_returns_a_plain_pipeline_of_the_transformers(
    fitted_pipeline, airline_X
):
    head = fitted_pipeline[:-1]
    assert type(head).__name__ == "Pipeline"
    windows = head.transform(airline_X)
    assert list(windows.columns) == [f"passengers_lag_{k}" for k in (3, 2, 1)]
    assert head.steps[0][1] is not fitted_pipeline.steps[0][1]


def test_score_is_r2_in_the_units_of_y(fitted_pipeline, airline, airline_X):
    score = fitted_pipeline.score(airline_X.iloc[120:], airline.iloc[120:])
    predicted = fitted_pipeline.predict(airline_X.iloc[120:])
    residual = ((airline.iloc[120:] - predicted) ** 2).sum()
    total = ((airline.iloc[120:] - airline.iloc[120:].mean()) ** 2).sum()
    assert score == pytest.approx(1 - residual / total)


# -- structure errors ---------------------------------------------------------
def test_a_pipeline_without_a_lagtransformer_is_refused(airline, airline_X):
    with pytest.raises(ValueError, match="exactly one LagTransformer"):
        make_forecast_pipeline(MinMaxScaler(), tiny_regressor()).fit(airline_X, airline)


def test_a_non_invertible_step_before_the_lag_is_refused(airline, airline_X):
    pipe = make_forecast_pipeline(
        FunctionTransformer(np.log), LagTransformer(3), tiny_regressor()
    )
    with pytest.raises(ValueError, match="inverse"):
        pipe.fit(airline_X, airline)


def test_a_step_that_mixes_columns_before_the_lag_is_refused(airline):
    from sklearn.decomposition import PCA

    X = pd.DataFrame({"passengers": airline, "other": np.arange(144.0)})
    pipe = make_forecast_pipeline(PCA(1), LagTransformer(3), tiny_regressor())
    with pytest.raises(ValueError, match="each column on its own"):
        pipe.fit(X, airline)


def test_a_step_without_inverse_before_the_lag_is_refused(airline, airline_X):
    from sklearn.preprocessing import PolynomialFeatures

    pipe = make_forecast_pipeline(
        PolynomialFeatures(2), LagTransformer(3), tiny_regressor()
    )
    with pytest.raises(TypeError, match="no inverse_transform"):
        pipe.fit(airline_X, airline)


# -- quantile forecasts -------------------------------------------------------------
@pytest.mark.parametrize("horizon", [1, 3])
@TARGET_STEPS
def test_each_quantile_is_inverted_exactly_as_a_point_forecast(
    airline, airline_X, steps, horizon
):
    shifts = (-0.5, 0.0, 0.25)
    pipe = make_forecast_pipeline(
        *steps(), LagTransformer(12, horizon=horizon), MemorizingQuantiles(shifts)
    ).fit(airline_X, airline)
    quantiles = pipe.forecast_quantile_rows(airline_X)
    assert quantiles.shape == (len(airline), 1, 3)
    for k, shift in enumerate(shifts):
        point = clone(pipe).set_params(
            memorizingquantiles=ShiftedMemorizingRegressor(shift)
        )
        expected = point.fit(airline_X, airline).forecast_rows(airline_X)
        np.testing.assert_allclose(quantiles[..., k], expected, rtol=1e-12)
    known = ~np.isnan(quantiles).any(axis=(1, 2))
    assert known.sum() == len(airline) - pipe.warmup_
    # every inverse is increasing: the levels keep their order in the units of y
    assert (np.diff(quantiles[known], axis=-1) > 0).all()


def test_predict_quantiles_has_the_history_index_and_labels_of_predict(
    airline, airline_X
):
    pipe = tiny_pipeline(quantiles=(0.1, 0.5, 0.9)).fit(
        airline_X.iloc[:120], airline.iloc[:120]
    )
    block = airline_X.iloc[120:]
    quantiles = pipe.predict_quantiles(block)
    assert quantiles.index.equals(block.index)
    assert quantiles.columns.tolist() == [("passengers", q) for q in (0.1, 0.5, 0.9)]
    assert quantiles.columns.names == ["target", "quantile"]
    np.testing.assert_array_equal(quantiles.iloc[:, 1], pipe.predict(block))
    assert (np.diff(quantiles.to_numpy(), axis=1) >= 0).all()
    np.testing.assert_array_equal(pipe.quantile_levels_, [0.1, 0.5, 0.9])
    with pytest.warns(InsufficientHistoryWarning):  # arrays carry no history
        assert pipe.predict_quantiles(block.to_numpy()).shape == (24, 1, 3)


def test_a_multistep_pipeline_labels_quantiles_by_step(airline, airline_X):
    from skltsm._forecast._multistep import MultiStepPipeline

    steps = oracle_pipeline(Differencer(), look_back=3).steps[:-1]
    pipe = MultiStepPipeline([*steps, ("net", MemorizingQuantiles())], n_steps=2)
    block = airline_X.iloc[-6:-3]  # rows the memorised windows forecast
    quantiles = pipe.fit(airline_X, airline).predict_quantiles(block)
    assert quantiles.columns.tolist() == [(1, 0.1), (1, 0.5), (1, 0.9)] + [
        (2, 0.1), (2, 0.5), (2, 0.9)
    ]  # fmt: skip
    np.testing.assert_allclose(
        quantiles.xs(0.5, axis=1, level="quantile"),
        pipe.predict(block),
        rtol=1e-12,
    )


def test_quantiles_need_a_regressor_that_predicts_them(fitted_pipeline, airline_X):
    assert not hasattr(fitted_pipeline, "predict_quantiles")
    with pytest.raises(AttributeError, match="does not predict quantiles"):
        fitted_pipeline.forecast_quantile_rows(airline_X)


# -- window scaling by the target -------------------------------------------


def covariate_first(airline):
    return airline.to_frame().assign(x=np.arange(len(airline)) % 7.0)[
        ["x", "passengers"]
    ]


def test_window_scaling_by_a_covariate_is_refused_with_the_parameter_to_set(
    airline,
):
    regressor = tiny_regressor(window_scaling="mean")
    pipe = make_forecast_pipeline(LagTransformer(3), regressor)
    with pytest.raises(
        ValueError,
        match=r"scaled_feature=0, column 'x' of X, but the target 'passengers' is "
        r"column 1.*Set lstmregressor__scaled_feature=1",
    ):
        pipe.fit(covariate_first(airline), airline)
    assert regressor.scaled_feature == 0  # the user's parameter is left alone


def test_window_scaling_by_the_target_in_another_column_fits(airline):
    pipe = make_forecast_pipeline(
        MinMaxScaler(),
        LagTransformer(3),
        tiny_regressor(window_scaling="standard", scaled_feature=1, epochs=1),
    )
    X = covariate_first(airline)
    forecast = pipe.fit(X.iloc[:120], airline.iloc[:120]).predict(X.iloc[120:])
    assert np.isfinite(forecast).all()


def test_window_scaling_of_several_targets_is_refused(airline):
    X = airline.to_frame().assign(other=airline * 2.0 + 1)
    pipe = make_forecast_pipeline(
        LagTransformer(3), tiny_regressor(window_scaling="standard")
    )
    with pytest.raises(ValueError, match=r"y has 2 targets \['passengers', 'other'"):
        pipe.fit(X, X)


@pytest.mark.parametrize("method", ["predict", "score", "forecast_rows"])
def test_a_pipeline_around_a_fitted_regressor_is_not_fitted_until_it_is(
    airline_X, method
):
    regressor = LinearRegression().fit(np.arange(20.0).reshape(10, 2), np.arange(10.0))
    pipe = make_forecast_pipeline(LagTransformer(2), regressor)
    args = (airline_X, airline_X.iloc[:, 0]) if method == "score" else (airline_X,)
    with pytest.raises(NotFittedError):
        getattr(pipe, method)(*args)


def _monthly_frame(n=60):
    t = np.arange(n)
    index = pd.period_range("2000-01", periods=n, freq="M")
    return pd.DataFrame(
        {"y": 10 + np.sin(t / 2) + 0.1 * t, "x": np.cos(t)}, index=index
    )


@pytest.mark.parametrize("regressor", ["HistGradientBoostingRegressor", "MLPRegressor"])
def test_one_target_column_reaches_a_scikit_learn_regressor_as_1d(
    airline, airline_X, regressor
):
    """y as one column: scikit-learn's regressors get it 1-D, with no
    DataConversionWarning, and forecast as they do from a 1-D y."""
    from sklearn.ensemble import HistGradientBoostingRegressor
    from sklearn.exceptions import DataConversionWarning
    from sklearn.neural_network import MLPRegressor

    make = {
        "HistGradientBoostingRegressor": lambda: HistGradientBoostingRegressor(
            max_iter=10, random_state=0
        ),
        "MLPRegressor": lambda: MLPRegressor(
            hidden_layer_sizes=(4,), max_iter=5, random_state=0
        ),
    }[regressor]
    X = airline_X.iloc[:60]
    block = X.iloc[12:]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # MLPRegressor's ConvergenceWarning
        from_series = make_forecast_pipeline(LagTransformer(3), make()).fit(
            X, airline.iloc[:60]
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataConversionWarning)
        warnings.filterwarnings("ignore", message="Stochastic Optimizer")
        from_column = make_forecast_pipeline(LagTransformer(3), make()).fit(X, X)
    predicted = from_column.predict(block)
    assert isinstance(predicted, pd.DataFrame)
    assert predicted.shape == (len(block), 1)
    np.testing.assert_array_equal(
        predicted.iloc[:, 0].to_numpy(), from_series.predict(block).to_numpy()
    )


def test_a_refit_refused_for_a_bad_regressor_parameter_keeps_the_fitted_pipeline(
    airline, airline_X
):
    """A refused refit leaves the pipeline as fitted, not half refitted.

    The refit's new rows reached the transformers (the scaler learnt their
    range) before the regressor refused its parameter: with the parameter
    set back, predict combined the new scaler with the old regression and
    gave other forecasts, with no error and no warning.
    """
    pipe = make_forecast_pipeline(
        Differencer(), LagTransformer(3), MinMaxScaler(), LinearRegression()
    ).fit(airline_X.iloc[:100], airline.iloc[:100])
    expected = pipe.predict(airline_X.iloc[100:])
    pipe.set_params(linearregression__fit_intercept="no")
    with pytest.raises(InvalidParameterError, match="'fit_intercept' parameter"):
        pipe.fit(airline_X * 3.0, airline * 3.0)
    pipe.set_params(linearregression__fit_intercept=True)
    np.testing.assert_array_equal(pipe.predict(airline_X.iloc[100:]), expected)
