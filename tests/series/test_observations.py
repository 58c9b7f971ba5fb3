"""Bad input gets a clear scikit-learn-style error, and loses nothing."""

import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse
from sklearn.linear_model import Ridge

from skltsm import Differencer, LagTransformer, make_forecast_pipeline
from skltsm._series._observations import (
    as_observation_frame,
    as_target_frame,
    check_same_rows,
)
from skltsm.exceptions import ConstantSeriesWarning
from tests.conftest import tiny_pipeline


def test_nan_is_refused_with_its_timestamp(airline, airline_X):
    X = airline_X.copy()
    X.iloc[14, 0] = np.nan
    with pytest.raises(
        ValueError, match=r"contains NaN at 1950-03 \(row 14, column 'passengers'\)"
    ):
        tiny_pipeline().fit(X, airline)


def test_nan_in_a_panel_is_refused_with_advice_that_stays_in_each_series():
    """``X.interpolate()`` of a long frame would fill a series from the one before."""
    index = pd.MultiIndex.from_product(
        [["a", "b"], pd.period_range("2000-01", periods=4, freq="M")]
    )
    X = pd.DataFrame({"y": [1.0, 2.0, 3.0, 4.0, np.nan, 20.0, 30.0, 40.0]}, index)
    with pytest.raises(ValueError, match=r"contains NaN at \('b'") as error:
        as_observation_frame(X)
    advice = "X.groupby(level=0).transform(lambda s: s.interpolate().bfill())"
    assert advice in str(error.value)
    assert "X.interpolate()" not in str(error.value)
    filled = X.groupby(level=0).transform(lambda s: s.interpolate().bfill())
    # b's first row, which interpolate alone leaves NaN: 20.0, not 4.0 from a
    assert filled.loc[("b", "2000-01"), "y"] == 20.0
    as_observation_frame(filled)  # the advice followed, the frame passes


def test_y_whose_index_differs_from_x_in_dtype_only_is_refused_by_saying_so():
    """Periods of object dtype equal those of ``period[M]`` one by one."""
    times = pd.period_range("2000-01", periods=6, freq="M")
    y = pd.Series(
        np.arange(12.0), pd.MultiIndex.from_product([["a", "b"], times]), name="y"
    )
    X = y.to_frame().set_axis(
        pd.MultiIndex.from_arrays(
            [y.index.get_level_values(0), y.index.get_level_values(1).astype(object)]
        )
    )
    with pytest.raises(ValueError, match=r"different dtypes .*object.*period\[M\]"):
        as_target_frame(y, X)
    with pytest.raises(ValueError, match="y has 11 rows and X 12"):
        check_same_rows(y.index[1:], X.index)


def test_labels_that_print_alike_are_told_apart_by_repr_and_dtype():
    """0 and "0" print alike: the message shows their reprs and dtypes."""
    with pytest.raises(
        ValueError,
        match=r"position 0: 0 in y \(dtype int64\), '0' in X \(dtype object\)",
    ):
        check_same_rows(pd.Index([0, 1]), pd.Index(["0", "1"]))


def test_infinity_is_refused(airline, airline_X):
    X = airline_X.copy()
    X.iloc[3, 0] = np.inf
    with pytest.raises(ValueError, match="contains infinity at 1949-04"):
        tiny_pipeline().fit(X, airline)


def test_nan_in_y_is_refused(airline, airline_X):
    y = airline.copy()
    y.iloc[5] = np.nan
    with pytest.raises(ValueError, match="Input y contains NaN"):
        tiny_pipeline().fit(airline_X, y)


def test_nan_at_predict_time_outside_the_forecast_rows_is_refused(
    fitted_pipeline, airline_X
):
    X = airline_X.iloc[120:].copy()
    X.iloc[2, 0] = np.nan
    with pytest.raises(ValueError, match="contains NaN at 1959-03"):
        fitted_pipeline.predict(X)


def test_a_series_shorter_than_its_history_needs_is_refused(airline, airline_X):
    pipe = tiny_pipeline(look_back=12, lags=[1, 12])
    with pytest.raises(ValueError, match="at least 26 rows are needed") as error:
        pipe.fit(airline_X.iloc[:25], airline.iloc[:25])
    assert "Differencer(lags=[1, 12])" in str(error.value)
    assert "LagTransformer(look_back=12)" in str(error.value)


def test_unsorted_time_index_is_refused(airline, airline_X):
    order = np.r_[0:10, 11, 10, 12:144]
    with pytest.raises(
        ValueError, match="strictly increasing; first violation at position 11"
    ):
        tiny_pipeline().fit(airline_X.iloc[order], airline.iloc[order])


def test_duplicated_time_stamps_are_refused(airline, airline_X):
    rows = np.r_[0:10, 9, 10:144]
    with pytest.raises(ValueError, match="duplicated time stamps: 1949-10"):
        tiny_pipeline().fit(airline_X.iloc[rows], airline.iloc[rows])


def test_irregular_datetime_index_is_refused(airline):
    stamps = pd.date_range("2000-01-01", periods=144, freq="D").delete(50)
    y = pd.Series(airline.to_numpy()[:143], index=stamps, name="passengers")
    with pytest.raises(
        ValueError, match="irregular: 2000-02-21 00:00:00 at position 50"
    ):
        tiny_pipeline().fit(y.to_frame(), y)


def test_three_dimensional_input_is_refused_by_transformers():
    X3 = np.zeros((10, 3, 2))
    for transformer in (LagTransformer(2), Differencer()):
        with pytest.raises(ValueError, match="Found array with dim 3"):
            transformer.fit(X3)


def test_three_dimensional_input_is_refused_by_the_pipeline(airline):
    with pytest.raises(ValueError, match="Found array with dim 3"):
        tiny_pipeline().fit(np.zeros((144, 1, 1)), airline.to_numpy())


def test_text_values_are_refused_with_the_column_named(airline, airline_X):
    X = airline_X.astype(object)
    X.iloc[7, 0] = "n/a"
    with pytest.raises(
        TypeError,
        match=r"Column 'passengers' of X has dtype object .* "
        r"'n/a' at Period\('1949-08'",
    ):
        tiny_pipeline().fit(X, airline)


def test_numbers_stored_as_text_are_accepted(airline, airline_X):
    pipe = tiny_pipeline(epochs=1).fit(airline_X.astype(str), airline)
    assert pipe.predict(airline_X.iloc[-5:]).notna().all()


def test_empty_input_is_refused(airline, airline_X):
    with pytest.raises(ValueError, match=r"Found array with 0 sample\(s\)"):
        tiny_pipeline().fit(airline_X.iloc[:0], airline.iloc[:0])
    with pytest.raises(ValueError, match=r"Found array with 0 feature\(s\)"):
        tiny_pipeline().fit(airline_X.iloc[:, :0], airline)


def test_x_and_y_of_different_lengths_are_refused(airline, airline_X):
    with pytest.raises(
        ValueError, match=r"inconsistent numbers of samples: \[144, 143\]"
    ):
        tiny_pipeline().fit(airline_X, airline.iloc[:-1].to_numpy())


def test_a_shifted_y_is_refused(airline, airline_X):
    shifted = airline.shift(-1).iloc[:-1]  # the classic "y = next value" framing
    with pytest.raises(ValueError, match="Pass y unshifted"):
        tiny_pipeline().fit(airline_X.iloc[:-1], shifted)


def test_a_one_dimensional_array_is_refused_with_the_fix(airline):
    with pytest.raises(ValueError, match=r"reshape\(-1, 1\)"):
        tiny_pipeline().fit(airline.to_numpy(), airline.to_numpy())


def test_a_constant_series_predicts_the_constant(airline):
    y = pd.Series(7.0, index=airline.index, name="level")
    with pytest.warns(ConstantSeriesWarning):
        pipe = tiny_pipeline(lags=1).fit(y.to_frame().iloc[:120], y.iloc[:120])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        predicted = pipe.predict(y.to_frame().iloc[120:])
    np.testing.assert_allclose(predicted, 7.0, rtol=1e-12)


def test_a_constant_series_without_differencing_predicts_the_constant(airline):
    from sklearn.preprocessing import MinMaxScaler

    from skltsm import make_forecast_pipeline
    from tests.conftest import tiny_regressor

    y = pd.Series(-3.5, index=airline.index, name="level")
    pipe = make_forecast_pipeline(MinMaxScaler(), LagTransformer(4), tiny_regressor())
    with pytest.warns(ConstantSeriesWarning):
        pipe.fit(y.to_frame().iloc[:120], y.iloc[:120])
    np.testing.assert_allclose(pipe.predict(y.to_frame().iloc[120:]), -3.5, rtol=1e-12)


def test_wrong_index_kind_at_predict_time_is_refused(fitted_pipeline, airline_X):
    block = airline_X.iloc[120:].reset_index(drop=True)
    with pytest.raises(
        TypeError, match="kind integer, but the pipeline was fitted on one of kind p"
    ):
        fitted_pipeline.predict(block)


def test_float_columns_are_shared_with_the_callers_frame_not_copied():
    X = pd.DataFrame({0: [1.0, 2.0], "b": [3.0, 4.0]})
    frame, is_pandas = as_observation_frame(X)
    assert is_pandas and np.shares_memory(frame.to_numpy(), X.to_numpy())
    assert list(frame.columns) == ["0", "b"] and list(X.columns) == [0, "b"]
    converted, _ = as_observation_frame(pd.DataFrame({"a": [1, 2]}))
    assert converted["a"].dtype == np.float64


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        (["passengers", "x", "x"], r"got: 'x' 2 times\. "),
        (["passengers", 1, "1"], r"got: '1' 2 times as strings\. "),
    ],
)
def test_column_names_that_repeat_are_refused(airline, airline_X, columns, message):
    X = airline_X.assign(a=1.0, b=2.0)
    X.columns = columns
    with pytest.raises(ValueError, match="unique column names in X, " + message):
        tiny_pipeline().fit(X, airline)


def test_column_names_that_repeat_are_refused_in_a_panel(airline_X):
    panel = pd.concat({"a": airline_X, "b": airline_X}).assign(x=1.0, z=2.0)
    panel.columns = ["passengers", "x", "x"]
    with pytest.raises(ValueError, match="'x' 2 times"):
        tiny_pipeline().fit(panel, panel["passengers"])


def test_target_names_that_repeat_are_refused(airline, airline_X):
    y = pd.concat([airline, airline], axis=1)
    with pytest.raises(ValueError, match="unique column names in y"):
        as_target_frame(y, as_observation_frame(airline_X)[0])


def test_a_sparse_matrix_is_refused_with_what_to_pass():
    sparse = scipy.sparse.csr_matrix(np.eye(4))
    with pytest.raises(TypeError, match=r"sparse input is not supported.*toarray"):
        as_observation_frame(sparse)


class _OnlyArray:
    """An array-like with ``__array__`` alone, as scikit-learn's checks wrap y.

    numpy functions other than ``np.asarray`` (``np.ndim``, ``len``) refuse it.
    """

    def __init__(self, values):
        self._values = np.asarray(values)

    def __array__(self, dtype=None, copy=None):
        return self._values

    def __array_function__(self, func, types, args, kwargs):
        raise TypeError(f"{func.__name__} called on an array-like")


@pytest.mark.filterwarnings("ignore::skltsm.exceptions.InsufficientHistoryWarning")
def test_a_target_that_implements_only_array_is_accepted():
    rng = np.random.default_rng(0)
    y = rng.normal(size=30).cumsum()
    X = np.column_stack([y, rng.normal(size=30)])
    pipe = make_forecast_pipeline(LagTransformer(look_back=2), Ridge())
    np.testing.assert_array_equal(
        pipe.fit(X, _OnlyArray(y)).predict(X),
        make_forecast_pipeline(LagTransformer(look_back=2), Ridge())
        .fit(X, y)
        .predict(X),
    )
    target, is_1d = as_target_frame(_OnlyArray(y[:, None]), as_observation_frame(X)[0])
    assert target.shape == (30, 1) and not is_1d


@pytest.mark.parametrize("where", ["X", "y"])
def test_complex_data_is_refused_as_scikit_learn_refuses_it(where):
    # the ValueError of the pipeline's own LagTransformer (check_array), so
    # that one except clause serves the step and the pipeline
    rng = np.random.default_rng(0)
    y = rng.uniform(size=20)
    X = y.reshape(-1, 1)
    complex_y = y + 1j
    args = (X + 1j, complex_y) if where == "X" else (X, complex_y)
    pipe = make_forecast_pipeline(LagTransformer(look_back=2), Ridge())
    with pytest.raises(
        ValueError, match=f"Complex data not supported: column .* of {where}"
    ):
        pipe.fit(*args)
    if where == "X":
        with pytest.raises(ValueError, match="Complex data not supported"):
            LagTransformer(look_back=2).fit(*args)


@pytest.mark.parametrize(
    "to_y",
    [
        lambda index: index.to_timestamp(),
        lambda index: index.to_timestamp().tz_localize("UTC"),
        lambda index: pd.to_timedelta(np.arange(len(index)), unit="D"),
    ],
    ids=["timestamps", "aware timestamps", "timedeltas"],
)
def test_labels_of_another_kind_than_x_get_the_rows_message(to_y):
    """Timestamps against periods: pandas raises on looking one up among the
    other, which came out instead of the message (not the same labels)."""
    periods = pd.period_range("2000-01", periods=4, freq="M")
    with pytest.raises(ValueError, match="first differ at position 0") as caught:
        check_same_rows(pd.Index(to_y(periods)), periods)
    assert "another order" not in str(caught.value)
