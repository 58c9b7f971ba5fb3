"""Training windows lost to NaN that a step of the pipeline made are reported."""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import FunctionTransformer, MinMaxScaler

from skltsm import Differencer, LagTransformer, make_forecast_pipeline
from skltsm._forecast._multistep import MultiStepPipeline
from skltsm.exceptions import LostWindowsWarning
from tests.forecast.test_panel_pipeline import WindowRecorder, make_panel


def _log_step():
    # np.log of a value <= 0 is NaN (or -inf): the step makes NaN inside the series
    return FunctionTransformer(np.log, np.exp, check_inverse=False)


def _series(n=60, nonpositive=()):
    values = 2 + np.sin(np.arange(n) * np.pi / 6)
    values[list(nonpositive)] = -1.0
    index = pd.period_range("2000-01", periods=n, freq="M")
    return pd.Series(values, index=index, name="y")


def _fit_quietly(pipe, X, y):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(invalid="ignore", divide="ignore"):
            pipe.fit(X, y)
    return [w for w in caught if issubclass(w.category, LostWindowsWarning)]


def test_a_log_of_a_negative_value_reports_the_windows_it_costs():
    y = _series(nonpositive=[20])
    pipe = make_forecast_pipeline(
        _log_step(), LagTransformer(look_back=3), WindowRecorder()
    )
    lost = _fit_quietly(pipe, y.to_frame(), y)
    # rows 20 to 23 read row 20 (as target, then as one of three inputs)
    assert len(lost) == 1
    message = str(lost[0].message)
    assert message.startswith("4 of 57 training windows were left out")
    assert "Period('2001-09', 'M')" in message  # row 20, the first lost
    assert len(pipe.layout_.regressor.windows_) == 57 - 4


def test_a_panel_names_the_series_that_lost_windows():
    X = make_panel()
    X.loc[("b", X.loc["b"].index[30]), "x"] = -1.0  # its log is NaN, in b only
    pipe = make_forecast_pipeline(
        _log_step(), LagTransformer(look_back=4), WindowRecorder(), target="y"
    )
    lost = _fit_quietly(pipe, X, X["y"])
    assert len(lost) == 1
    message = str(lost[0].message)
    assert message.startswith(f"4 of {60 + 48 + 72 - 3 * 4} training windows")
    assert "They are in 1 series: 'b'." in message


@pytest.mark.parametrize(
    "make_pipe",
    [
        lambda: make_forecast_pipeline(
            Differencer([1, 12]),
            MinMaxScaler(),
            LagTransformer(look_back=5, horizon=2),
            LinearRegression(),
        ),
        lambda: MultiStepPipeline(
            [
                ("diff", Differencer([1, 12])),
                ("lag", LagTransformer(look_back=5)),
                ("lr", LinearRegression()),
            ],
            n_steps=4,
        ),
        lambda: make_forecast_pipeline(LagTransformer(look_back=5), LinearRegression()),
    ],
)
@pytest.mark.parametrize("panel", [False, True])
def test_no_warning_when_every_window_is_kept(make_pipe, panel):
    X = make_panel() if panel else _series().to_frame()
    pipe = make_pipe()
    assert _fit_quietly(pipe, X, X["y"]) == []


def test_every_window_lost_is_an_error_not_a_warning():
    y = _series(nonpositive=range(0, 60, 2))
    pipe = make_forecast_pipeline(
        _log_step(), LagTransformer(look_back=3), LinearRegression()
    )
    with pytest.raises(ValueError, match="no window of 3 rows is free of NaN"):
        _fit_quietly(pipe, y.to_frame(), y)


def test_infinity_made_by_a_step_is_blamed_on_the_step():
    y = _series()
    X = y.to_frame().assign(x=1.0)
    X.iloc[20, 1] = 0.0  # its log is -inf
    pipe = make_forecast_pipeline(
        _log_step(), LagTransformer(look_back=3), LinearRegression(), target="y"
    )
    made = r"before the LagTransformer, FunctionTransformer\(.*\), made infinity"
    with pytest.raises(
        ValueError, match=made + r" from finite X at 2001-09, column 'x'"
    ):
        _fit_quietly(pipe, X, y)


@pytest.mark.parametrize("panel", [True, False])
def test_infinity_before_a_difference_names_the_step_and_the_row_of_x(panel):
    """The Differencer would blame its input, which is not X, and name no row."""
    clean = make_panel() if panel else make_panel().loc["b"]
    X = clean.copy()
    X.loc[("b", "2007-06") if panel else "2007-06", "y"] = 0.0  # its log is -inf
    pipe = make_forecast_pipeline(
        _log_step(), Differencer(12), LagTransformer(look_back=3),
        LinearRegression(), target="y",
    )  # fmt: skip
    where = r"\('b', Period\('2007-06', 'M'\)\)" if panel else "2007-06"
    made = rf"FunctionTransformer\(.*\), made infinity from finite X at {where}"
    with pytest.raises(ValueError, match=made + r".*np\.log1p") as raised:
        _fit_quietly(pipe, X, X["y"])
    assert not type(raised.value).__name__.startswith("_")  # users' tracebacks
    _fit_quietly(pipe, clean, clean["y"])
    block = (clean.groupby(level=0).tail(6) if panel else clean.iloc[-6:]).copy()
    block.iloc[-2, 0] = 0.0  # the last series' (or the series') 2009-11
    where = r"\('c', Period\('2009-11', 'M'\)\)" if panel else "2009-11"
    with pytest.raises(ValueError, match=rf"made infinity from finite X at {where}"):
        with np.errstate(divide="ignore"):
            pipe.predict(block)
