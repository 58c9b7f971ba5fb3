import numpy as np
import pandas as pd
import pytest
from sklearn.utils._param_validation import InvalidParameterError

from skltsm import Differencer


@pytest.fixture
def series(rng):
    return np.cumsum(rng.normal(size=(60, 2)), axis=0) + 100


@pytest.mark.parametrize("lags", [1, 12, [1, 12], [12, 1], [2, 3, 5]])
def test_inverse_transform_gives_back_the_fit_data(series, lags):
    differencer = Differencer(lags).fit(series)
    restored = differencer.inverse_transform(differencer.transform(series))
    np.testing.assert_allclose(restored, series, rtol=1e-10)


def test_transform_matches_the_definition(series):
    out = Differencer([1, 12]).fit_transform(series)
    expected = series[13:] - series[12:-1] - series[1:-12] + series[:-13]
    np.testing.assert_allclose(out[13:], expected)
    assert np.isnan(out[:13]).all()


def test_order_of_lags_does_not_matter(series):
    a = Differencer([1, 12]).fit_transform(series)
    b = Differencer([12, 1]).fit_transform(series)
    np.testing.assert_allclose(a, b)


def test_inverse_forecast_adds_the_forecast_to_actual_past_levels(series):
    differencer = Differencer([1, 12]).fit(series)
    diffs = differencer.transform(series)
    restored = differencer.inverse_forecast(diffs[-5:], history=series)
    np.testing.assert_allclose(restored, series[-5:])


@pytest.mark.parametrize("horizon", [2, 5, 13])
def test_forecast_target_inverse_uses_only_rows_at_least_horizon_back(series, horizon):
    differencer = Differencer([1, 12]).fit(series)
    target = differencer.forecast_target(series, horizon=horizon)
    history = series.copy()
    history[-horizon + 1 :] = np.nan if horizon > 1 else history[-horizon + 1 :]
    history[-1] = np.nan  # the forecast row itself is unknown
    restored = differencer.inverse_forecast(
        target[-1:], history=history, horizon=horizon
    )
    np.testing.assert_allclose(restored, series[-1:])


def test_forecast_lags_reach_at_least_the_horizon():
    assert Differencer([1, 12]).forecast_lags(1) == (1, 12)
    assert Differencer([1, 12]).forecast_lags(3) == (3, 12)
    assert Differencer([1, 12]).forecast_lags(13) == (13, 24)


def test_names_are_kept_so_the_target_can_be_followed():
    X = pd.DataFrame({"passengers": np.arange(5.0)})
    assert list(Differencer().fit(X).get_feature_names_out()) == ["passengers"]


def test_leading_nan_of_an_upstream_differencer_is_skipped(series):
    first = Differencer(1).fit(series)
    second = Differencer(12).fit(first.transform(series))
    assert second.start_ == 1
    chained = first.inverse_transform(
        second.inverse_transform(second.transform(first.transform(series)))
    )
    np.testing.assert_allclose(chained[1:], series[1:], rtol=1e-10)


def test_a_series_too_short_for_the_lags_is_refused():
    with pytest.raises(
        ValueError,
        match=r"needs more than 13 complete rows .* got 13 of 13 sample\(s\)",
    ):
        Differencer([1, 12]).fit(np.zeros((13, 1)))


INVALID_LAGS = [0, [], [1, 0], [1.5], "1", True, [1, True], np.array([[1, 12]])]
LAGS_MESSAGE = (
    r"The 'lags' parameter of Differencer must be a positive int or a non-empty "
    r"sequence of positive ints\. Got .* instead\."
)


@pytest.mark.parametrize("lags", INVALID_LAGS)
def test_invalid_lags_are_refused(lags):
    with pytest.raises(InvalidParameterError, match=LAGS_MESSAGE):
        Differencer(lags).fit(np.zeros((30, 1)))


@pytest.mark.parametrize("lags", INVALID_LAGS)
def test_invalid_lags_are_refused_before_fit_by_forecast_lags(lags):
    # the forecast pipeline asks forecast_lags of an unfitted Differencer
    with pytest.raises(InvalidParameterError, match=LAGS_MESSAGE):
        Differencer(lags).forecast_lags(3)


@pytest.mark.parametrize("lags", [np.array([1, 12]), (1, 12), [np.int64(1), 12]])
def test_lags_of_any_integer_sequence_become_a_tuple_of_int(lags):
    differencer = Differencer(lags)
    assert differencer.forecast_lags(1) == (1, 12)
    lags_ = differencer.fit(np.arange(40.0).reshape(-1, 1)).lags_
    assert lags_ == (1, 12) and all(type(lag) is int for lag in lags_)


def test_a_panel_is_refused_rather_than_differenced_across_its_series():
    """Series b's first difference would subtract series a's last value."""
    index = pd.MultiIndex.from_product([["a", "b"], range(4)], names=["series", "time"])
    panel = pd.DataFrame({"y": [1.0, 2, 3, 4, 100, 200, 300, 400]}, index=index)
    with pytest.raises(ValueError, match=r"rows of 2 series.*make_forecast_pipeline"):
        Differencer().fit(panel)
    differencer = Differencer().fit(panel.loc["a"])
    with pytest.raises(ValueError, match=r"rows of 2 series.*make_forecast_pipeline"):
        differencer.transform(panel)


def test_inverse_transform_refuses_rows_that_do_not_start_with_the_fit():
    """It integrates from the fit's first values: later rows would get 1949's."""
    index = pd.period_range("2000-01", periods=30, freq="M")
    X = pd.DataFrame({"y": np.arange(30.0) ** 2}, index=index)
    differencer = Differencer([1, 12]).set_output(transform="pandas").fit(X)
    head = X.iloc[:20]
    restored = differencer.inverse_transform(differencer.transform(head))
    np.testing.assert_allclose(restored[13:], head.to_numpy()[13:])
    with pytest.raises(
        ValueError, match=r"start at the fit data's first row \(2000-01"
    ):
        differencer.inverse_transform(differencer.transform(X.iloc[15:]))


@pytest.mark.parametrize("fit_tz, given_tz", [("UTC", None), (None, "UTC")])
def test_inverse_transform_refuses_labels_of_another_tz_awareness(fit_tz, given_tz):
    """Naive and aware labels cannot be compared: refused, not taken as aligned."""
    days = pd.date_range("2000-01-01", periods=10, freq="D", tz=fit_tz)
    X = pd.DataFrame({"a": np.arange(10.0) ** 2}, index=days)
    differencer = Differencer().set_output(transform="pandas").fit(X)
    D = differencer.transform(X)
    relabelled = D.tz_localize(given_tz) if given_tz else D.tz_localize(None)
    for block in (relabelled, relabelled.iloc[3:]):  # even at the fit's start
        with pytest.raises(
            TypeError,
            match="in time zone None, but the Differencer was fitted on labels in "
            "time zone UTC"
            if fit_tz
            else "in time zone UTC, but the Differencer was fitted on labels in "
            "time zone None",
        ):
            differencer.inverse_transform(block)
    np.testing.assert_allclose(differencer.inverse_transform(D)[1:], X[1:])


def test_inverse_transform_takes_positional_rows_after_a_fit_on_time_labels():
    """A frame rebuilt from arrays (a RangeIndex) carries no time to check."""
    index = pd.period_range("2000-01", periods=30, freq="M")
    X = pd.DataFrame({"y": np.arange(30.0) ** 2}, index=index)
    differencer = Differencer().fit(X)
    rebuilt = pd.DataFrame(differencer.transform(X), columns=X.columns)
    np.testing.assert_allclose(differencer.inverse_transform(rebuilt)[1:], X[1:])


def test_inverse_transform_compares_time_labels_of_any_index_type():
    """Periods, timestamps and a panel slice's time level are one clock."""
    months = pd.period_range("2000-01", periods=6, freq="M")
    X = pd.DataFrame({"y": [1.0, 3, 6, 10, 15, 21]}, index=months)
    differencer = Differencer().fit(pd.concat({"a": X}))  # a one-series slice
    D = pd.DataFrame(differencer.transform(X), index=months, columns=["y"])
    for later in (D.iloc[2:], D.iloc[2:].to_timestamp()):
        with pytest.raises(ValueError, match="X must start at the fit data's first"):
            differencer.inverse_transform(later)
    years = pd.DataFrame({"y": X["y"].to_numpy()}, index=pd.Index(range(1949, 1955)))
    yearly = Differencer().fit(years)  # a RangeIndex from 0: taken as positions
    rebuilt = pd.DataFrame(yearly.transform(years), columns=["y"])
    np.testing.assert_allclose(yearly.inverse_transform(rebuilt)[1:, 0], X["y"][1:])


@pytest.mark.parametrize("start", [0, 1949])
def test_inverse_transform_compares_integer_time_labels(start):
    """``transform(X).iloc[2:]`` starts two steps late, whatever the labels."""
    values = [1.0, 3, 6, 10, 15, 21]
    X = pd.DataFrame({"y": values}, index=pd.RangeIndex(start, start + 6))
    differencer = Differencer().set_output(transform="pandas").fit(X)
    D = differencer.transform(X)
    np.testing.assert_allclose(differencer.inverse_transform(D)[1:, 0], values[1:])
    with pytest.raises(ValueError, match=f"first row \\({start}\\); it starts at"):
        differencer.inverse_transform(D.iloc[2:])  # was [1, 5, 10, 16]


@pytest.mark.parametrize(
    "mangle, message",
    [
        (lambda X: X.iloc[::-1], "strictly increasing"),  # signs flipped
        (lambda X: pd.concat([X, X.iloc[-1:]]), "duplicated"),
    ],
)
def test_rows_out_of_time_order_are_refused(mangle, message):
    index = pd.period_range("2000-01", periods=6, freq="M")
    X = pd.DataFrame({"y": [1.0, 3, 6, 10, 15, 21]}, index=index)
    with pytest.raises(ValueError, match=f"Differencer reads the rows.*{message}"):
        Differencer().fit(mangle(X))
    with pytest.raises(ValueError, match=f"Differencer reads the rows.*{message}"):
        Differencer().fit(X).transform(mangle(X))


def test_inverse_forecast_refuses_a_history_of_another_width():
    """History of one column was broadcast over a fit of two: silent levels."""
    differencer = Differencer().fit(np.arange(10.0).reshape(5, 2))
    with pytest.raises(ValueError, match="features"):
        differencer.inverse_forecast(np.zeros((2, 2)), history=np.ones((5, 1)))


def test_a_reversed_series_under_a_one_key_multiindex_is_refused():
    """A panel's slice (one key) passes refuse_panel, but its time order was never
    checked: reversed, it was differenced backwards (signs flipped) silently."""
    index = pd.MultiIndex.from_product(
        [["a"], pd.period_range("2000-01", periods=6, freq="M")]
    )
    X = pd.DataFrame({"y": [1.0, 3, 6, 10, 15, 21]}, index=index)
    with pytest.raises(ValueError, match="Differencer reads the rows.*increasing"):
        Differencer().fit(X.iloc[::-1])


@pytest.mark.parametrize("horizon", [0, -2, 1.5])
def test_an_invalid_horizon_is_refused_by_forecast_lags(horizon):
    """horizon=0 gave lag 0 (a target of zeros), -2 a lag into the future, 1.5
    was rounded up: none was refused, as LagTransformer(horizon=...) is."""
    with pytest.raises((ValueError, TypeError), match="horizon"):
        Differencer([1, 12]).forecast_lags(horizon)
