"""The contract between a forecast pipeline and what drives it."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from skltsm import Differencer, ForecastPipeline, LagTransformer
from skltsm._capabilities import LAGGED_WINDOWS, SEQUENCE_TARGETS, has_capability
from skltsm._forecast._contract import ForecastContract, PipelineLayout
from skltsm._forecast._multistep import MultiStepPipeline
from skltsm._transform._lagged_windows import LaggedWindows


class Recorder(RegressorMixin, BaseEstimator):
    """Predicts the last lag; records what fit and predict were handed."""

    def __init__(self, capabilities=()):
        self.capabilities = capabilities

    @property
    def _skltsm_capabilities(self):
        return frozenset(self.capabilities)

    def fit(self, X, y):
        self.fit_input_, self.fit_target_ = X, np.asarray(y)
        return self

    def predict(self, X):
        self.predict_input_ = X
        last = X.to_numpy()[:, -1, 0] if isinstance(X, LaggedWindows) else None
        if last is None:
            last = np.asarray(X)[:, -1]
        n_out = self.fit_target_[0].size
        return np.repeat(last[:, None], n_out, axis=1).reshape(
            len(last), *self.fit_target_.shape[1:]
        )


def series(n=30):
    index = pd.period_range("2000-01", periods=n, freq="M")
    return pd.DataFrame({"y": np.arange(n, dtype=float) ** 1.5}, index=index)


def test_the_layout_sorts_steps_by_role():
    steps = [
        ("d", Differencer([1, 12])),
        ("s", MinMaxScaler()),
        ("lag", LagTransformer(3)),
        ("std", StandardScaler()),
        ("lr", LinearRegression()),
    ]
    layout = PipelineLayout.of(steps)
    assert [type(s).__name__ for s in layout.before] == ["Differencer", "MinMaxScaler"]
    assert isinstance(layout.lag, LagTransformer)
    assert [type(s).__name__ for s in layout.after] == ["StandardScaler"]
    assert isinstance(layout.regressor, LinearRegression)
    assert layout.differencers == (steps[0][1],)
    assert not layout.streams_windows  # a step after the lag needs the matrix


TWO_LAGS = [
    ("a", LagTransformer(2)),
    ("b", LagTransformer(1)),
    ("lr", LinearRegression()),
]
SCALER_LAST = [("lag", LagTransformer(2)), ("m", MinMaxScaler())]
NO_LAG = [("lr", LinearRegression())]
SCALER_AFTER_LAG_LAST = [("lag", LagTransformer(2)), ("s", MinMaxScaler()),
                         ("t", MinMaxScaler())]  # fmt: skip


@pytest.mark.parametrize(
    "steps, error",
    [(NO_LAG, ValueError), (TWO_LAGS, ValueError), (SCALER_LAST, TypeError),
     (SCALER_AFTER_LAG_LAST, TypeError)],
)  # fmt: skip
def test_the_layout_refuses_pipelines_that_cannot_forecast(steps, error):
    with pytest.raises(error):
        PipelineLayout.of(steps)


@pytest.mark.parametrize("lags, look_back, horizon, n_steps", [
    ((1,), 3, 1, 1), ((1, 12), 3, 1, 1), ((1, 12), 3, 4, 1), ((12,), 2, 1, 13),
    ((1,), 5, 1, 6), ((1, 12), 2, 1, 18),
])  # fmt: skip
def test_warmup_is_the_rows_the_forecasts_read(lags, look_back, horizon, n_steps):
    """Brute force: the warmup is the fewest rows before a row that its forecasts
    need, so removing one more row turns one of them into NaN."""
    steps = [("d", Differencer(list(lags))),
             ("lag", LagTransformer(look_back, horizon=horizon)),
             ("r", Recorder())]  # fmt: skip
    layout = PipelineLayout.of(steps)
    warmup = layout.warmup(n_steps)
    pipe = MultiStepPipeline(steps, n_steps=n_steps) if n_steps > 1 else (
        ForecastPipeline(steps))  # fmt: skip
    frame = series(80)
    pipe.fit(frame, frame["y"])
    assert pipe.contract_.warmup == warmup
    context = frame.iloc[-(warmup + 1) :]
    assert np.isfinite(pipe.forecast_rows(context)[-1]).all()
    assert np.isnan(pipe.forecast_rows(context.iloc[1:])[-1]).any()
    assert layout.min_rows(n_steps) == warmup + n_steps


def test_a_fitted_pipeline_states_its_contract():
    frame = series().assign(x=1.0)
    pipe = ForecastPipeline(
        [("d", Differencer()), ("lag", LagTransformer(2)), ("r", Recorder())],
        target="y",
    ).fit(frame, frame["y"])
    assert pipe.contract_ == ForecastContract(
        columns=("y", "x"), targets=(0,), target_names=("y",),
        horizon=1, warmup=3, n_steps=1,
    )  # fmt: skip
    assert pipe.forecast_rows(frame).shape == (len(frame), 1)


def test_the_multistep_pipeline_only_overrides_hooks():
    """It must not copy the base class's fit, training pairs or forecast."""
    own = set(vars(MultiStepPipeline))
    assert not own & {"fit", "forecast_rows", "_training_pairs", "predict"}
    assert {"_n_steps", "_layout"} <= own


@pytest.mark.parametrize("declared", [(), (LAGGED_WINDOWS,)])
def test_windows_are_streamed_only_to_regressors_that_declare_it(declared):
    frame = series()
    recorder = Recorder(capabilities=declared)
    pipe = ForecastPipeline([("lag", LagTransformer(3)), ("r", recorder)])
    pipe.fit(frame, frame["y"]).predict(frame.iloc[-2:])
    streamed = isinstance(recorder.fit_input_, LaggedWindows)
    assert streamed == (LAGGED_WINDOWS in declared)
    assert isinstance(recorder.predict_input_, LaggedWindows) == streamed


@pytest.mark.parametrize("declared, shape", [
    ((), (25, 6)), ((SEQUENCE_TARGETS,), (25, 3, 2)),
])  # fmt: skip
def test_several_targets_and_steps_reach_the_regressor_as_it_declares(declared, shape):
    frame = series().assign(z=lambda f: 2 * f["y"])
    recorder = Recorder(capabilities=declared)
    MultiStepPipeline([("lag", LagTransformer(3)), ("r", recorder)], n_steps=3).fit(
        frame, frame
    )
    assert recorder.fit_target_.shape == shape


def test_capabilities_are_named():
    assert not has_capability(LinearRegression(), SEQUENCE_TARGETS)
    with pytest.raises(ValueError, match="Unknown capability"):
        has_capability(LinearRegression(), "sequence-targets")
