import numpy as np
import pandas as pd
import pytest
from sklearn.utils._param_validation import InvalidParameterError

from skltsm import LagTransformer
from skltsm._transform._lag import lag_windows


def test_row_t_holds_the_look_back_rows_ending_horizon_before_t():
    X = np.arange(20.0).reshape(10, 2)  # row t = [2t, 2t + 1]
    out = LagTransformer(look_back=3, horizon=2).fit_transform(X)
    # row 6 sees rows 2, 3, 4, time-major: [x0, x1] of row 2, then row 3, row 4
    np.testing.assert_array_equal(out[6], [4, 5, 6, 7, 8, 9])
    assert np.isnan(out[:4]).all() and np.isfinite(out[4:]).all()


def test_windows_never_contain_the_row_itself_or_later_rows():
    X = np.arange(50.0).reshape(-1, 1)
    for look_back in (1, 5):
        for horizon in (1, 3):
            out = LagTransformer(look_back, horizon=horizon).fit_transform(X)
            rows = np.arange(50)[:, None]
            assert (np.nan_to_num(out, nan=-np.inf) <= rows - horizon).all()


def test_feature_names_say_which_lag_each_column_is():
    X = pd.DataFrame({"a": np.arange(6.0), "b": np.arange(6.0)})
    lag = LagTransformer(look_back=2, horizon=3).fit(X)
    assert list(lag.get_feature_names_out()) == [
        "a_lag_4",
        "b_lag_4",
        "a_lag_3",
        "b_lag_3",
    ]


def test_pandas_output_keeps_the_index():
    X = pd.DataFrame(
        {"y": [1.0, 2.0, 3.0]}, index=pd.period_range("2000-01", periods=3, freq="M")
    )
    out = LagTransformer(1).set_output(transform="pandas").fit_transform(X)
    assert out.index.equals(X.index) and list(out.columns) == ["y_lag_1"]
    assert out["y_lag_1"].tolist()[1:] == [1.0, 2.0]


def test_incomplete_windows_are_entirely_nan():
    out = LagTransformer(look_back=3, horizon=2).fit_transform(np.ones((8, 1)))
    assert np.isnan(out[:4]).all() and np.isfinite(out[4:]).all()


def test_nan_input_propagates_to_windows_that_contain_it():
    X = np.array([[np.nan], [1.0], [2.0], [3.0]])
    out = LagTransformer(2).fit_transform(X)
    assert np.isnan(out[:3]).any(axis=1).all() and np.isfinite(out[3]).all()


def test_infinity_is_refused():
    with pytest.raises(ValueError, match="infinity"):
        LagTransformer(1).fit(np.array([[1.0], [np.inf], [2.0]]))


def test_a_series_shorter_than_the_window_is_refused():
    with pytest.raises(
        ValueError, match=r"needs at least 13 rows .* got 5 sample\(s\)"
    ):
        LagTransformer(look_back=12).fit(np.zeros((5, 1)))


@pytest.mark.parametrize("look_back", [0, -1, 1.5, True, False])
def test_invalid_look_back_is_refused(look_back):
    with pytest.raises(
        InvalidParameterError,
        match=r"'look_back' parameter of LagTransformer must be an int in the "
        r"range \[1, inf\)",
    ):
        LagTransformer(look_back).fit(np.zeros((5, 1)))


@pytest.mark.parametrize("horizon", [0, 1.5, True, False])
def test_invalid_horizon_is_refused(horizon):
    """A bool is a mistake, not horizon 1 (scikit-learn's Interval accepts it)."""
    with pytest.raises(
        InvalidParameterError,
        match=r"'horizon' parameter of LagTransformer must be an int in the "
        r"range \[1, inf\)",
    ):
        LagTransformer(2, horizon=horizon).fit(np.zeros((5, 1)))


def test_lag_windows_is_vectorised_and_fresh():
    X = np.arange(6.0).reshape(-1, 1)
    windows = lag_windows(X, 2)
    assert windows.shape == (6, 2, 1) and windows.flags.c_contiguous
    windows[3] = -1  # writing to the result never touches X
    assert X[2, 0] == 2.0


def test_a_panel_is_refused_rather_than_windowed_across_its_series():
    """Series b's first window would hold series a's last values."""
    index = pd.MultiIndex.from_product([["a", "b"], range(4)], names=["series", "time"])
    panel = pd.DataFrame({"y": [1.0, 2, 3, 4, 100, 200, 300, 400]}, index=index)
    lag = LagTransformer(2).fit(panel)  # the pipeline fits it on panels itself
    for transform in (lag.transform, lag.windows):
        with pytest.raises(
            ValueError, match=r"rows of 2 series.*make_forecast_pipeline"
        ):
            transform(panel)
    lag.transform(panel.loc["b"])  # one series at a time, as the message says
    lag.transform(panel.loc[["b"]])  # a slice of one series keeps its MultiIndex


def test_a_nan_series_key_counts_as_a_series():
    months = list(pd.period_range("2000-01", periods=3, freq="M"))
    keys = pd.MultiIndex.from_arrays([["a"] * 3 + [np.nan] * 3, months * 2])
    panel = pd.DataFrame({"y": [1.0, 2, 3, 100, 200, 300]}, index=keys)
    with pytest.raises(ValueError, match="rows of 2 series"):
        LagTransformer(1).fit_transform(panel)


def months(n: int = 6) -> pd.DataFrame:
    index = pd.period_range("2000-01", periods=n, freq="M")
    return pd.DataFrame({"y": np.arange(n, dtype=float) ** 2}, index=index)


@pytest.mark.parametrize(
    "mangle, message",
    [
        (lambda X: X.iloc[::-1], "strictly increasing"),  # read the future
        (lambda X: X.reset_index(drop=True).iloc[::-1], "strictly increasing"),
        (lambda X: pd.concat([X, X.iloc[-1:]]), "duplicated"),
    ],
)
@pytest.mark.parametrize("method", ["fit", "transform", "windows"])
def test_rows_out_of_time_order_are_refused(mangle, message, method):
    lag = LagTransformer(1).fit(months())
    bad = mangle(months())
    call = (
        getattr(LagTransformer(1), method) if method == "fit" else getattr(lag, method)
    )
    with pytest.raises(ValueError, match=f"LagTransformer reads the rows.*{message}"):
        call(bad)
    # labels that carry no time, or unequally spaced, are consecutive rows
    lag.transform(months().set_axis(list("abcdef"), axis=0))
    LagTransformer(1).fit_transform(months().drop(months().index[2]))  # a gap


def test_a_reversed_series_under_a_one_key_multiindex_is_refused():
    """A panel's slice (one key) passes refuse_panel, but its time order was never
    checked: reversed, each window held the row's future."""
    index = pd.MultiIndex.from_product([["a"], months().index])
    X = months().set_axis(index, axis=0)
    lag = LagTransformer(1).fit(X)
    with pytest.raises(ValueError, match="LagTransformer reads the rows.*increasing"):
        lag.transform(X.iloc[::-1])
