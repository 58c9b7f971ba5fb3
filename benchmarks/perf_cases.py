"""The measurements of ``benchmarks.perf``: one function per metric group.

Every function returns a dict of metrics and measures skltsm and its
alternative in the same run, on the same data.
"""

from __future__ import annotations

import gc
import statistics
import time
import warnings
from functools import partial

import joblib
import keras
import numpy as np
import pandas as pd
import psutil
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.preprocessing import MinMaxScaler

from benchmarks.airline_demo import TRAIN_FRACTION, skltsm_pipeline
from benchmarks.baselines import rmse
from benchmarks.tutorial import run_tutorial
from skltsm import (
    Differencer,
    LagTransformer,
    LSTMRegressor,
    make_forecast_pipeline,
    release_trainers,
)
from skltsm.datasets import load_airline
from skltsm.sktime import LSTMForecaster

TUTORIAL_PUBLISHED_RMSE = 48.8  # the airline tutorial's reported test RMSE


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def windows(n_samples: int, timesteps: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_samples, timesteps, 1)).astype(np.float32)
    return X, X[:, -1, 0] * 0.8 - X[:, -2, 0] * 0.3


# -- wrapper overhead ---------------------------------------------------------
def hand_built_network(input_shape: tuple, units: int) -> keras.Model:
    """Build skltsm's default network the way a Keras user writes it."""
    inputs = keras.Input(input_shape)
    outputs = keras.layers.Dense(1)(keras.layers.LSTM(units)(inputs))
    model = keras.Model(inputs, outputs)
    model.compile(keras.optimizers.Adam(1e-3), "mse")
    return model


def hand_built_fit(X, y, *, units, epochs, batch_size):
    """Build and fit the same network the way a Keras user writes it."""
    model = hand_built_network(X.shape[1:], units)
    model.fit(X, y, batch_size=batch_size, epochs=epochs, shuffle=True, verbose=0)
    return model


def wrapper_overhead(*, quick: bool) -> dict:
    X, y = windows(2_000 if quick else 20_000, 24)
    epochs, units, batch_size = (2 if quick else 5), 32, 64
    repeats = 1 if quick else 3
    wrapper, hand, warm = [], [], []

    def regressor(seed):
        return LSTMRegressor(
            units=units, epochs=epochs, batch_size=batch_size, random_state=seed
        )

    for repeat in range(repeats):
        release_trainers()  # a cold fit: the wrapper traces its network too
        wrapper.append(timed(regressor(repeat).fit, X, y)[0])
        warm.append(timed(regressor(repeat).fit, X, y)[0])  # pooled trainer
        hand.append(
            timed(
                hand_built_fit, X, y, units=units, epochs=epochs, batch_size=batch_size
            )[0]
        )
    return {
        "wrapper_overhead_ratio": statistics.median(wrapper) / statistics.median(hand),
        "wrapper_fit_seconds": statistics.median(wrapper),
        "wrapper_fit_seconds_pooled": statistics.median(warm),
        "keras_fit_seconds": statistics.median(hand),
    }


# -- tutorial time ------------------------------------------------------------
def tutorial_time(*, quick: bool) -> dict:
    """Time for skltsm's airline pipeline to beat the tutorial's test RMSE.

    Cold: the network's functions are traced, as for the first fit of a
    configuration in a process (the trainer pool is emptied first; TensorFlow
    itself is already running, as it is for the tutorial). Median of three.
    Warm: as any later fit of that configuration.
    """
    y = load_airline()
    X = y.to_frame()
    n_train = int(len(y) * TRAIN_FRACTION)
    tutorial = run_tutorial(y, n_train, epochs=2 if quick else 100)
    goal = min(TUTORIAL_PUBLISHED_RMSE, rmse(y.iloc[n_train:], tutorial.forecast))

    def fit_and_forecast(epochs, *, cold=True):
        if cold:
            release_trainers()
            gc.collect()  # the dropped trainers' garbage is not the fit's cost
        pipe = skltsm_pipeline(epochs=epochs)
        seconds, forecast = timed(
            lambda: pipe.fit(X.iloc[:n_train], y.iloc[:n_train]).predict(
                X.iloc[n_train:]
            )
        )
        return seconds, rmse(y.iloc[n_train:], forecast)

    for epochs in (1, 2, 5, 10, 20, 50, 100, 300):
        seconds, error = fit_and_forecast(epochs)
        if error <= goal:
            break
    cold = [seconds] + [fit_and_forecast(epochs)[0] for _ in range(2)]
    warm = [fit_and_forecast(epochs, cold=False)[0] for _ in range(3)]
    seconds, warm_seconds = statistics.median(cold), statistics.median(warm)
    return {
        "tutorial_time_ratio": seconds / tutorial.seconds,
        "tutorial_time_ratio_warm": warm_seconds / tutorial.seconds,
        "tutorial_seconds": tutorial.seconds,
        "tutorial_rmse": rmse(y.iloc[n_train:], tutorial.forecast),
        "skltsm_seconds_to_tutorial_rmse": seconds,
        "skltsm_seconds_to_tutorial_rmse_cold_runs": cold,
        "skltsm_seconds_to_tutorial_rmse_warm": warm_seconds,
        "skltsm_rmse_at_that_point": error,
        "skltsm_epochs_needed": epochs,
    }


# -- prediction latency -------------------------------------------------------
def predict_latency(*, quick: bool) -> dict:
    X, y = windows(2_000, 24)
    reg = LSTMRegressor(units=32, epochs=1, batch_size=64, random_state=0).fit(X, y)
    repeats = 5 if quick else 50
    results = {}
    for n in (1, 1000):
        batch = X[:n]
        sequences = reg.feature_encoder_.transform(batch).to_numpy()
        for label, call, data, kwargs in (
            ("predict_latency_ms", reg.predict, batch, {}),
            ("keras_predict_latency_ms", reg.model_.predict, sequences, {"verbose": 0}),
        ):
            call(data, **kwargs)  # trace once
            times = [timed(call, data, **kwargs)[0] for _ in range(repeats)]
            results[f"{label}_{n}"] = 1e3 * statistics.median(times)
    return results


# -- the default forecaster on an hourly series ---------------------------------
HOURLY_LENGTH, HOURLY_STEPS = 1_000, 48


def previous_default() -> LSTMForecaster:
    """``LSTMForecaster()`` as it was before issue 15: monthly settings, 3 networks."""
    pipeline = make_forecast_pipeline(
        Differencer(),
        MinMaxScaler((-1, 1)),
        LagTransformer(look_back=12),
        LSTMRegressor(units=16, epochs=100, batch_size=16),
    )
    return LSTMForecaster(
        pipeline, strategy="recursive", calibration_folds=2, random_state=0
    )


def default_forecaster(*, quick: bool) -> dict:
    """Time the default, Theta and the old default on simulated hourly series.

    Each series has 1,000 observations (daily and weekly cycles, trend, level
    shifts, AR noise; :mod:`benchmarks.frequencies`) and 48 steps to forecast.
    ``default_hourly_seconds`` is the median over the series of
    ``LSTMForecaster().fit(y, fh).predict()`` after a first fit in the process
    (``_cold``: that first fit, tracing its network), on one TensorFlow thread;
    ``theta_hourly_seconds`` the same for sktime's ``ThetaForecaster(sp=24)``,
    ``previous_default_hourly_seconds`` for the default before issue 15
    (:func:`previous_default`). The ``_mase`` rows score the 48 steps against
    the seasonal naive's in-sample scale, as the frequency benchmark does.
    """
    from sktime.forecasting.theta import ThetaForecaster

    from benchmarks.accuracy_metrics import mase
    from benchmarks.frequencies import FREQUENCIES, simulate_one

    hourly = FREQUENCIES["hourly"]
    series = [
        simulate_one(hourly, seed=1, i=i, length=HOURLY_LENGTH + HOURLY_STEPS)
        for i in range(2 if quick else 6)
    ]
    fh = np.arange(1, HOURLY_STEPS + 1)
    models = {
        "default_hourly": lambda: LSTMForecaster(random_state=0),
        "theta_hourly": lambda: ThetaForecaster(sp=hourly.sp),
        "previous_default_hourly": previous_default,
    }
    if quick:  # the old default's 100 epochs of three networks: minutes
        models.pop("previous_default_hourly")
    results = {}
    for name, make in models.items():
        seconds, scores = [], []
        for one in series:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                elapsed, forecast = timed(
                    lambda: make().fit(one.train, fh=fh).predict()  # noqa: B023
                )
            seconds.append(elapsed)
            scores.append(
                mase(
                    one.test.to_numpy(),
                    np.asarray(forecast),
                    one.train.to_numpy(),
                    hourly.sp,
                )
            )
        results[f"{name}_seconds_cold"] = seconds[0]
        results[f"{name}_seconds"] = statistics.median(seconds[1:])
        results[f"{name}_mase"] = float(np.mean(scores))
    results["default_hourly_vs_theta"] = (
        results["default_hourly_seconds"] / results["theta_hourly_seconds"]
    )
    if "previous_default_hourly_seconds" in results:
        results["default_hourly_vs_previous_default"] = (
            results["default_hourly_seconds"]
            / results["previous_default_hourly_seconds"]
        )
    return results


# -- recursive forecast -------------------------------------------------------
RECURSIVE_STEPS = 36


def recursive_forecast(*, quick: bool) -> dict:
    """Time a 36-step recursive forecast by LSTMForecaster and by hand in Keras.

    Both sides forecast the 36 months after the airline data with the same
    fitted network: :func:`skltsm_recursive` (``LSTMForecaster.predict``, one
    network call per step) and :func:`keras_recursive` (a hand-written loop of
    36 ``Model.predict`` calls). ``one_predict_seconds`` is one
    ``Model.predict`` call on one window.
    """
    y = load_airline()
    forecaster = LSTMForecaster(
        skltsm_pipeline(epochs=2), strategy="recursive", calibration_size=0
    ).fit(y)
    skltsm_recursive(forecaster)  # trace the network's call once
    runs = [timed(skltsm_recursive, forecaster) for _ in range(3 if quick else 10)]
    seconds, forecast = statistics.median(t for t, _ in runs), runs[-1][1]
    regressor = forecaster.strategy_.pipeline_.named_steps["lstmregressor"]
    one = np.zeros((1, *regressor.input_shape_), np.float32)
    regressor.model_.predict(one, verbose=0)  # trace Model.predict once
    one_predict = statistics.median(
        timed(regressor.model_.predict, one, verbose=0)[0]
        for _ in range(5 if quick else 20)
    )
    by_hand = [timed(keras_recursive, forecaster, y) for _ in range(1 if quick else 3)]
    assert forecast.index.equals(by_hand[-1][1].index)
    assert np.isfinite(forecast.to_numpy()).all()
    return {
        "recursive_36_seconds": seconds,
        "one_predict_seconds": one_predict,
        "thirty_six_predict_calls_seconds": statistics.median(t for t, _ in by_hand),
    }


def skltsm_recursive(forecaster: LSTMForecaster, steps: int = RECURSIVE_STEPS):
    """Forecast ``steps`` steps past the cutoff with the fitted ``forecaster``."""
    return forecaster.predict(fh=range(1, steps + 1))


def keras_recursive(
    forecaster: LSTMForecaster, y: pd.Series, steps: int = RECURSIVE_STEPS
) -> pd.Series:
    """Forecast the same way by hand, as a Keras user writes a recursive loop.

    The fitted network of ``forecaster`` (``skltsm_pipeline``'s log,
    ``(1 - B)(1 - B^12)`` and min-max scaling, undone by hand) is called with
    ``Model.predict`` on the last window, and its forecast appended to the
    window, ``steps`` times. The regressor's own encoders standardise the
    window and restore the forecast, as its network expects.
    """
    pipeline = forecaster.strategy_.pipeline_
    assert pipeline.named_steps["differencer"].lags == [1, 12]
    scaler = pipeline.named_steps["minmaxscaler"]
    scale, offset = float(scaler.scale_[0]), float(scaler.min_[0])
    regressor = pipeline.named_steps["lstmregressor"]
    look_back = regressor.input_shape_[0]
    log = list(np.log(y.to_numpy(np.float64)))
    window = [
        (log[t] - log[t - 1] - log[t - 12] + log[t - 13]) * scale + offset
        for t in range(len(log) - look_back, len(log))
    ]
    for _ in range(steps):
        windows_in = regressor.feature_encoder_.transform(
            np.array([window[-look_back:]])
        )
        x = windows_in.to_numpy()  # the encoder's windows, as the array Keras takes
        network_output = regressor.model_.predict(x, verbose=0)
        change = regressor.target_encoder_.inverse_transform(network_output)
        window.append(float(np.ravel(change)[0]))
        log.append((window[-1] - offset) / scale + log[-1] + log[-12] - log[-13])
    index = pd.period_range(y.index[-1] + 1, periods=steps)
    return pd.Series(np.exp(log[-steps:]), index=index, name=y.name)


# -- grid search with two worker processes ----------------------------------
README_GRID = {
    "lagtransformer__look_back": [3, 12, 24],
    "lstmregressor__units": [8, 32],
}
DEMO_GRID = {
    "lagtransformer__look_back": [12, 13, 24],
    "lstmregressor__units": [8, 32],
}


def readme_pipeline(epochs: int = 100):
    """Build the README quick start's pipeline (``LSTMRegressor``'s 100 epochs)."""
    return make_forecast_pipeline(
        Differencer(),
        MinMaxScaler((-1, 1)),
        LagTransformer(look_back=12),
        LSTMRegressor(units=32, epochs=epochs, random_state=0),
    )


def airline_search(pipeline, grid: dict, n_jobs: int | None) -> GridSearchCV:
    """Search ``grid`` over the airline data as the README does (4 splits, RMSE)."""
    return GridSearchCV(
        pipeline,
        grid,
        cv=TimeSeriesSplit(n_splits=4, test_size=12),
        scoring="neg_root_mean_squared_error",
        n_jobs=n_jobs,
    )


def gridsearch_speedup(*, quick: bool) -> dict:
    """Time two searches with n_jobs=1 and n_jobs=2, both cold and both warm.

    The target is on the README quick start's search (6 candidates x 4
    time-series splits of the airline data, every fit 100 epochs), the search
    a user runs first. The demo's search (its log and seasonal-difference
    pipeline, 60 epochs with early stopping) is measured beside it, as are the
    same-sized fits of hand-built Keras networks, with joblib.
    """
    y = load_airline()
    X = y.to_frame()
    quick_grid = {"lagtransformer__look_back": [3, 12], "lstmregressor__units": [8]}

    def search(pipeline, grid):
        return partial(airline_search, pipeline, quick_grid if quick else grid)

    readme = two_worker_speedup(
        search(readme_pipeline(epochs=2 if quick else 100), README_GRID),
        X, y, repeats=1 if quick else 5,
    )  # fmt: skip
    demo = two_worker_speedup(
        search(skltsm_pipeline(epochs=2 if quick else 60), DEMO_GRID),
        X, y, repeats=1 if quick else 3,
    )  # fmt: skip
    grid = quick_grid if quick else README_GRID
    keras_serial, keras_parallel = hand_built_searches(
        [(seed, units, look_back) for units in grid["lstmregressor__units"]
         for look_back in grid["lagtransformer__look_back"] for seed in range(4)],
        epochs=2 if quick else 100,
        repeats=1 if quick else 3,
    )  # fmt: skip
    return {
        **{f"gridsearch_{key}": value for key, value in readme.items()},
        **{
            f"gridsearch_demo_{key}": demo[key]
            for key in (
                "speedup_njobs2",
                "speedup_njobs2_search_only",
                "refit_seconds",
                "same_scores",
            )
        },
        "keras_gridsearch_speedup_njobs2": keras_serial / keras_parallel,
        "cpu_count": joblib.cpu_count(),
    }


def two_worker_speedup(make_search, X, y, *, repeats: int) -> dict:
    """Measure how much faster ``make_search(2)`` is than ``make_search(1)``.

    Cold: the first search of each kind in the session (the two workers start,
    import TensorFlow and trace their networks; this process traces its own).
    Warm: the searches again, every process having traced every configuration
    (joblib reuses its workers), alternating, median of ``repeats``.
    """
    cold_two, _ = timed(make_search(2).fit, X, y)
    cold_one, _ = timed(make_search(1).fit, X, y)
    serial, parallel, serial_refit, parallel_refit = [], [], [], []
    for _ in range(repeats):
        seconds, serial_search = timed(make_search(1).fit, X, y)
        serial.append(seconds)
        serial_refit.append(serial_search.refit_time_)
        seconds, parallel_search = timed(make_search(2).fit, X, y)
        parallel.append(seconds)
        parallel_refit.append(parallel_search.refit_time_)
    median = statistics.median
    one, two = median(serial), median(parallel)
    # the refit of the best candidate runs alone, after the search (Amdahl)
    searches_one = without_refit(serial, serial_refit)
    searches_two = without_refit(parallel, parallel_refit)
    search_one, search_two = median(searches_one), median(searches_two)
    return {
        "speedup_njobs2": one / two,
        "speedup_njobs2_runs": ratios(serial, parallel),
        "speedup_njobs2_search_only": search_one / search_two,
        # a ratio of medians: each run's, to tell a gain above 2 from noise
        "speedup_njobs2_search_only_runs": ratios(searches_one, searches_two),
        "speedup_njobs2_amdahl_bound": one / (search_one / 2 + median(serial_refit)),
        "refit_seconds": median(serial_refit + parallel_refit),
        "speedup_njobs2_cold": cold_one / cold_two,
        "seconds_njobs1": one,
        "seconds_njobs2": two,
        "seconds_njobs1_cold": cold_one,
        "seconds_njobs2_cold": cold_two,
        "same_scores": bool(
            np.allclose(
                serial_search.cv_results_["mean_test_score"],
                parallel_search.cv_results_["mean_test_score"],
            )
        ),
    }


def ratios(serial: list, parallel: list) -> str:
    """Each run's speed-up, as the results table lists them."""
    return ", ".join(f"{a / b:.3f}" for a, b in zip(serial, parallel, strict=True))


def without_refit(seconds: list, refit_seconds: list) -> list:
    """Each search's seconds less its refit's (``GridSearchCV.refit_time_``)."""
    return [t - r for t, r in zip(seconds, refit_seconds, strict=True)]


_HAND_BUILT_NETWORKS: dict = {}  # per process: each worker keeps its own


def hand_built_refit(seed: int, units: int, look_back: int, epochs: int) -> float:
    """Fit a hand-built Keras LSTM as a Keras user would in a search, reusing it.

    Airline-sized (80 windows, 72 to train, batch 32 as ``LSTMRegressor``'s
    default), one network per
    ``(units, look_back)`` kept for the life of the process so that, like
    skltsm's pooled trainers, it is traced once.
    """
    rng = np.random.default_rng(seed)
    X, y = windows(80, look_back, seed)
    key = (units, look_back)
    if key not in _HAND_BUILT_NETWORKS:
        _HAND_BUILT_NETWORKS[key] = hand_built_network((look_back, 1), units)
    model = _HAND_BUILT_NETWORKS[key]
    order = rng.permutation(72)
    model.fit(X[order], y[order], batch_size=32, epochs=epochs, verbose=0)
    return float(model.predict_on_batch(X[72:]).sum())


def hand_built_searches(tasks, *, epochs: int, repeats: int) -> tuple[float, float]:
    """Median seconds of the hand-built fits with n_jobs=1 and n_jobs=2, warm."""

    def run(n_jobs):
        parallel = joblib.Parallel(n_jobs=n_jobs)
        return timed(
            parallel, (joblib.delayed(hand_built_refit)(*t, epochs) for t in tasks)
        )[0]

    run(2), run(1)  # start the workers; trace every network in every process
    serial = statistics.median(run(1) for _ in range(repeats))
    parallel = statistics.median(run(2) for _ in range(repeats))
    return serial, parallel


# -- memory over many fits ------------------------------------------------------
def rss_growth(*, quick: bool) -> dict:
    X, y = windows(200, 12)
    process = psutil.Process()
    n_fits = 20 if quick else 100
    rss = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for seed in range(n_fits):
            LSTMRegressor(units=8, epochs=2, random_state=seed).fit(X, y).predict(X[:5])
            gc.collect()
            rss.append(process.memory_info().rss / 2**20)
    return {
        f"rss_growth_{n_fits}_fits" if quick else "rss_growth_100_fits": rss[-1]
        / rss[9],
        "rss_mb_after_10_fits": rss[9],
        f"rss_mb_after_{n_fits}_fits": rss[-1],
    }


# -- a panel's forecast ---------------------------------------------------------
PANEL_FORECAST = (20_000, 120)  # month-end series x points
QUICK_PANEL_FORECAST = (1_000, 60)
PANEL_STEPS = 18


def panel_forecast(*, quick: bool) -> dict:
    """Time the forecast of every series of a panel, in both interfaces.

    A synthetic panel of month-end series (20,000 x 120), one small global
    network (look-back 12, 4 units, one epoch), each timing the median of
    three:

    * sktime: a global ``LSTMForecaster``'s ``predict`` and
      ``predict_interval`` (90 %, conformal) of 18 months of every series,
      against the 18 calls of the same Keras model on one window per series
      that a recursive forecast needs, nothing around them
      (``panel_predict_over_network_calls``);
    * scikit-learn: the pipeline fitted on all but the last 18 months of
      each series predicts those months, one step ahead (each series' block
      stacked after its own stored rows), against one call of its Keras
      model on as many windows (``panel_pipeline_predict_over_network_call``).

    The ratios are what building the frames, windows, labels and intervals
    of every series adds to the network's own work.
    """
    n_series, n_points = QUICK_PANEL_FORECAST if quick else PANEL_FORECAST
    panel = month_end_panel(n_series, n_points)
    forecaster = LSTMForecaster(tiny_global_pipeline(), random_state=0)
    forecaster.fit(panel, fh=range(1, PANEL_STEPS + 1))
    forecaster.predict()  # trace the network's calls once
    predict = median_time(forecaster.predict)
    interval = median_time(forecaster.predict_interval, coverage=0.9)
    network = forecaster.strategy_.pipeline_.named_steps["lstmregressor"].model_
    one_window_each = np.zeros((n_series, 12, 1), np.float32)
    network.predict(one_window_each, batch_size=n_series, verbose=0)  # trace
    calls = median_time(keras_calls, network, one_window_each, PANEL_STEPS)

    months = panel.index.get_level_values("time")
    last = months >= months.unique().sort_values()[-PANEL_STEPS]
    pipeline = tiny_global_pipeline().fit(panel[~last], panel.loc[~last, "y"])
    pipeline.predict(panel[last])  # trace
    block = median_time(pipeline.predict, panel[last])
    windows = np.zeros((int(last.sum()), 12, 1), np.float32)
    network = pipeline.named_steps["lstmregressor"].model_
    network.predict(windows, batch_size=len(windows), verbose=0)  # trace
    one_call = median_time(network.predict, windows, batch_size=len(windows), verbose=0)
    return {
        "panel_forecast_series": n_series,
        "panel_predict_seconds": predict,
        "panel_predict_interval_seconds": interval,
        "panel_network_calls_seconds": calls,
        "panel_predict_over_network_calls": predict / calls,
        "panel_pipeline_predict_seconds": block,
        "panel_pipeline_network_call_seconds": one_call,
        "panel_pipeline_predict_over_network_call": block / one_call,
    }


def pretrained_forecast(*, quick: bool) -> dict:
    """Time a new series' fit and forecast with a pretrained network.

    A global ``LSTMForecaster`` (differences, windows of 12, ``LSTM(32)`` for
    20 epochs, the 12 months at once) is pretrained on 30 month-end series;
    each of 8 other series is then fitted and forecast three ways, the
    median over the series after the first (which traces the training and
    prediction functions):

    * ``pretrained_fine_tune_seconds``: ``fine_tune_epochs=2``, the
      pretrained network trained two more epochs on the series;
    * ``pretrained_as_is_seconds``: ``fine_tune_epochs=0``, the pretrained
      network as it is;
    * ``from_scratch_seconds``: the same forecaster without ``pretrain``,
      a network trained on the series alone for the pipeline's 20 epochs,
      what a user without pretraining runs.

    ``pretrained_fine_tune_over_from_scratch``: the first over the last.
    Fine-tuning continues the training of the pretrained network on a
    trainer of its configuration (ADR 0011), so no training function is
    traced for it.
    """
    n_seen, n_new, n_points = (6, 3, 60) if quick else (30, 8, 120)
    panel = month_end_panel(n_seen + n_new, n_points)
    seen = panel.loc[pd.RangeIndex(n_seen)]
    new_series = [panel.loc[i] for i in range(n_seen, n_seen + n_new)]
    steps = range(1, 13)

    def forecaster(fine_tune_epochs: int = 0) -> LSTMForecaster:
        pipeline = make_forecast_pipeline(
            Differencer(),
            LagTransformer(look_back=12),
            LSTMRegressor(units=32, epochs=20, random_state=0),
        )
        return LSTMForecaster(
            pipeline,
            strategy="multioutput",
            calibration_size=0,
            fine_tune_epochs=fine_tune_epochs,
            random_state=0,
        )

    fine_tuned = forecaster(fine_tune_epochs=2).pretrain(seen, fh=steps)
    as_is = forecaster().pretrain(seen, fh=steps)

    def fit_and_predict(model: LSTMForecaster, series: pd.DataFrame) -> None:
        model.fit(series, fh=steps).predict()

    def median_over_new_series(make_model) -> float:
        seconds = [timed(fit_and_predict, make_model(), s)[0] for s in new_series]
        return statistics.median(seconds[1:])  # the first traces

    fine_tune = median_over_new_series(lambda: fine_tuned)
    return {
        "pretrained_fine_tune_seconds": fine_tune,
        "pretrained_as_is_seconds": median_over_new_series(lambda: as_is),
        "from_scratch_seconds": (scratch := median_over_new_series(forecaster)),
        "pretrained_fine_tune_over_from_scratch": fine_tune / scratch,
    }


def tiny_global_pipeline():
    """Differences, windows of 12 and an LSTM(4) trained for one epoch."""
    return make_forecast_pipeline(
        Differencer(),
        LagTransformer(look_back=12),
        LSTMRegressor(units=4, epochs=1, batch_size=4096, random_state=0),
    )


def median_time(function, *args, **kwargs) -> float:
    """Median seconds of three calls."""
    return statistics.median(timed(function, *args, **kwargs)[0] for _ in range(3))


def month_end_panel(n_series: int, n_points: int, seed: int = 0) -> pd.DataFrame:
    """Random walks around 100, indexed (series, month end)."""
    rng = np.random.default_rng(seed)
    values = 100 + rng.normal(size=(n_series, n_points)).cumsum(axis=1)
    index = pd.MultiIndex.from_product(
        [
            pd.RangeIndex(n_series, name="series"),
            pd.date_range("2000-01-31", periods=n_points, freq="ME", name="time"),
        ]
    )
    return pd.DataFrame({"y": values.ravel()}, index=index)


def keras_calls(network: keras.Model, windows: np.ndarray, steps: int) -> None:
    """Call ``network`` ``steps`` times on ``windows``, as a recursive forecast does."""
    for _ in range(steps):
        network.predict(windows, batch_size=len(windows), verbose=0)
