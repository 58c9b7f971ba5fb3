"""The validation of the global forecaster's settings never reads the test months."""

import doctest
import json

import numpy as np
import pytest

from benchmarks import global_forecast, global_validation
from benchmarks.accuracy_data import LSTM, LSTM_COMBINED, Pool, View, monthly
from benchmarks.global_forecast import GlobalSettings


def seasonal_pool(rng, lengths=(60, 60, 40, 70), horizon=6) -> Pool:
    train, test = [], []
    for k, length in enumerate(lengths):
        months = np.arange(length + horizon)
        values = (
            50 + 5 * k + 4 * np.sin(months * np.pi / 6) + rng.normal(size=months.size)
        )
        whole = monthly(values)
        train.append(whole.iloc[:length])
        test.append(whole.iloc[length:])
    return Pool("toy", horizon, train, test, [View("toy", np.arange(len(lengths)), ())])


@pytest.mark.parametrize("module", [global_validation, global_forecast])
def test_docstring_examples(module):
    assert doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0


def test_an_earlier_origin_holds_out_the_months_before(rng):
    pool = seasonal_pool(rng)
    last, before = (global_validation.holdout_pool(pool, 12, k) for k in (1, 2))
    for k, series in enumerate(pool.train):
        assert before.test[k].index[-1] < last.test[k].index[0]
        assert before.test[k].index[-1] + 1 == last.test[k].index[0]
        assert before.train[k].index[-1] < before.test[k].index[0]
        assert series.index.isin(before.train[k].index).sum() == len(series) - 12


def test_the_holdout_is_the_end_of_each_training_part(rng):
    pool = seasonal_pool(rng)
    held = global_validation.holdout_pool(pool, look_back=40)
    # the 40-month series keeps 34 months, fewer than one look-back: left out
    assert [len(s) for s in held.train] == [54, 54, 64]
    for kept, original in zip(held.train + held.test, 2 * [0, 1, 3], strict=True):
        assert kept.index.isin(pool.train[original].index).all()
    assert [s.index[0] for s in held.test] == [
        pool.train[k].index[-6] for k in (0, 1, 3)
    ]
    assert held.views[0].positions.tolist() == [0, 1, 2]


def test_validation_scores_the_subset_the_test_reports(rng):
    pool = seasonal_pool(rng)
    pool.views = [View("toy", np.array([1, 2]), ())]  # series 2 is too short
    held = global_validation.holdout_pool(pool, look_back=40)
    assert held.views[0].positions.tolist() == [1]  # series 1, second kept
    # a look-back of 12 keeps every series to train on, and scores two
    (row,) = global_validation.validate(pool, [GlobalSettings.quick()])
    assert row["n_series"] == 2 and row["n_trained"] == 4


def test_validation_scores_ignore_the_test_months(rng):
    pool = seasonal_pool(rng)
    candidates = [GlobalSettings.quick(), GlobalSettings.quick()]
    rows = global_validation.validate(pool, candidates)
    pool.test = [series * 1000 for series in pool.test]  # garbage after the origin
    again = global_validation.validate(pool, candidates)
    assert [r["smape"] for r in rows] == [r["smape"] for r in again]
    assert rows[0]["smape"] == rows[1]["smape"]  # same settings and seed
    assert rows[0]["n_series"] == 4 and rows[0]["settings"]["epochs"] == 1
    assert 0 < rows[0]["smape"] < 200 and rows[0]["smape_spread"] == 0


def test_main_writes_the_page(rng, tmp_path, monkeypatch):
    monkeypatch.setitem(global_validation.POOLS, "toy", lambda: seasonal_pool(rng))
    # tiny networks, unless a grid of units is asked for
    tiny = lambda units, **settings: GlobalSettings(  # noqa: E731
        units=4 if units == 64 else units, **settings
    )
    monkeypatch.setattr(global_validation, "GlobalSettings", tiny)
    out = ["--out", str(tmp_path)]
    global_validation.main(
        ["--epochs", "1", "2", "--look-backs", "12", "18", "--datasets", "toy", *out]
    )
    results = json.loads((tmp_path / "global_validation.json").read_text())
    (run,) = results["datasets"]["toy"]
    rows = run["rows"]
    settings = [(r["settings"]["look_back"], r["settings"]["epochs"]) for r in rows]
    assert settings == [(12, 1), (12, 2), (18, 1), (18, 2)]
    assert {r["n_series"] for r in rows} == {4}  # the same series for every one
    page = (tmp_path / "global_validation.md").read_text()
    assert (
        "## toy" in page and "| 1 | 2 | 18 | 4 | 0.001 | median (MAE) | 4 | 4 |" in page
    )
    # a run on another dataset keeps the first one's results
    monkeypatch.setitem(global_validation.POOLS, "toy2", lambda: seasonal_pool(rng))
    global_validation.main(
        ["--epochs", "1", "--look-backs", "12", "--datasets", "toy2", *out]
    )
    results = json.loads((tmp_path / "global_validation.json").read_text())
    assert sorted(results["datasets"]) == ["toy", "toy2"]
    # another grid on the same dataset is added beside the first; a rerun of
    # the same command replaces its earlier run
    rates = ["--learning-rates", "0.003", "--datasets", "toy", *out]
    for _ in range(2):
        global_validation.main(["--epochs", "1", "--look-backs", "12", *rates])
    results = json.loads((tmp_path / "global_validation.json").read_text())
    first, second = results["datasets"]["toy"]
    assert len(first["rows"]) == 4 and "--learning-rates 0.003" in second["command"]
    assert second["rows"][0]["settings"]["learning_rate"] == 0.003
    # two origins: a row each, then their mean
    two = ["--origins", "1", "2", "--look-backs", "12", "--epochs", "1"]
    global_validation.main([*two, "--datasets", "toy", *out])
    *_, both = json.loads((tmp_path / "global_validation.json").read_text())[
        "datasets"
    ]["toy"]
    assert [row["origin"] for row in both["rows"]] == [1, 2]
    page = (tmp_path / "global_validation.md").read_text()
    mean = np.mean([row["smape"] for row in both["rows"]])
    assert (
        f"| **mean** | 1 | 12 | 4 | 0.001 | median (MAE) | – | 4 | {mean:.2f} ±" in page
    )
    assert page.count("--datasets toy ") == 3
    assert "| 1 | 1 | 12 | 4 | 0.003 | median (MAE) | 4 | 4 |" in page


GRID = ["--epochs", "1", "--look-backs", "12", "--datasets", "toy"]


def validate_toy(rng, tmp_path, monkeypatch, *candidates: str) -> tuple[dict, str]:
    """Run ``main`` on a toy pool with tiny networks: the run saved, and the page."""
    monkeypatch.setitem(global_validation.POOLS, "toy", lambda: seasonal_pool(rng))
    # tiny networks, unless a grid of units is asked for
    tiny = lambda units, **settings: GlobalSettings(  # noqa: E731
        units=4 if units == 64 else units, **settings
    )
    monkeypatch.setattr(global_validation, "GlobalSettings", tiny)
    global_validation.main([*GRID, *candidates, "--out", str(tmp_path)])
    saved = json.loads((tmp_path / "global_validation.json").read_text())
    return saved["datasets"]["toy"][-1], (tmp_path / "global_validation.md").read_text()


def test_a_point_quantile_is_a_candidate(rng, tmp_path, monkeypatch):
    levels = ["--point-quantiles", "none", "0.45"]
    run, page = validate_toy(rng, tmp_path, monkeypatch, *levels)
    assert [r["settings"]["point_quantile"] for r in run["rows"]] == [None, 0.45]
    assert "--point-quantiles none 0.45" in run["command"]
    assert run["rows"][0]["smape"] != run["rows"][1]["smape"]  # another loss
    assert "| 1 | 1 | 12 | 4 | 0.001 | quantile 0.45 | 4 | 4 |" in page
    with pytest.raises(SystemExit):  # argparse's refusal of a level outside (0, 1)
        global_validation.main([*GRID, "--point-quantiles", "1.5"])


def test_a_mape_loss_is_a_candidate_beside_the_quantiles(rng, tmp_path, monkeypatch):
    points = ["--point-quantiles", "none", "0.4", "--losses", "mae", "mape"]
    run, page = validate_toy(rng, tmp_path, monkeypatch, *points)
    # a quantile head has the pinball loss: no "quantile 0.4 with the MAPE"
    settings = [
        (r["settings"]["point_quantile"], r["settings"]["loss"]) for r in run["rows"]
    ]
    assert settings == [(None, "mae"), (None, "mape"), (0.4, "mae")]
    assert "--losses mae mape" in run["command"]
    assert len({r["smape"] for r in run["rows"]}) == 3
    assert "| 1 | 1 | 12 | 4 | 0.001 | MAPE loss | 4 | 4 |" in page


def test_a_point_quantile_trains_one_pinball_head():
    settings = GlobalSettings(point_quantile=0.45)
    lstm = global_forecast.global_forecaster(settings, seed=0, deseasonalize=False)
    regressor = lstm.pipeline.steps[-1][1]
    assert regressor.quantiles == (0.45,) and regressor.loss is None
    median = global_forecast.global_forecaster(
        GlobalSettings(), seed=0, deseasonalize=False
    ).pipeline.steps[-1][1]
    assert median.quantiles is None and median.loss == "mae"


def test_a_mape_setting_trains_the_percentage_loss():
    settings = GlobalSettings(loss="mape")
    lstm = global_forecast.global_forecaster(settings, seed=0, deseasonalize=False)
    regressor = lstm.pipeline.steps[-1][1]
    assert regressor.loss == "mape" and regressor.quantiles is None
    assert regressor.window_scaling == "log_mean"


def test_interval_heads_and_a_point_quantile_are_not_both_given():
    with pytest.raises(ValueError, match="point_quantile"):
        global_forecast.global_forecaster(
            GlobalSettings(point_quantile=0.35), seed=0, deseasonalize=False,
            quantiles=(0.1, 0.9),
        )  # fmt: skip


def test_members_forecast_the_median_of_networks_fitted_alone(rng):
    # The ensemble fits its networks in worker processes (joblib): each must
    # train as it would alone, and the forecast is their median step by step.
    pool = seasonal_pool(rng)
    panel = global_forecast.panel_of(pool.train)
    settings = GlobalSettings(look_back=12, units=4, epochs=1, members=3)
    ensemble = global_forecast.global_forecaster(settings, 1, deseasonalize=False)
    ensemble.fit(panel, fh=range(1, 7))
    alone = []
    for seed in (3, 4, 5):  # seed 1's members: 1 * 3 + k
        one = global_forecast.global_forecaster(
            GlobalSettings(look_back=12, units=4, epochs=1, seeds=(seed,)),
            seed, deseasonalize=False,
        )  # fmt: skip
        alone.append(one.fit(panel, fh=range(1, 7)).predict()["y"].to_numpy())
    assert len({tuple(np.round(a, 6)) for a in alone}) == 3  # three networks
    np.testing.assert_allclose(
        ensemble.predict()["y"].to_numpy(), np.median(alone, axis=0), rtol=1e-6
    )


def test_members_are_a_point_forecast():
    with pytest.raises(ValueError, match="members=2"):
        global_forecast.global_forecaster(
            GlobalSettings(members=2), 0, deseasonalize=False, quantiles=(0.1, 0.9)
        )
    with pytest.raises(ValueError, match="members=2"):
        global_forecast.global_forecaster(
            GlobalSettings(members=2), 0, deseasonalize=False, calibration_size=0.2
        )
    # a point quantile is the members' point forecast
    quantile = GlobalSettings(members=2, point_quantile=0.35)
    ensemble = global_forecast.global_forecaster(quantile, 0, deseasonalize=False)
    heads = [f.pipeline.steps[-1][1].quantiles for _, f in ensemble.forecasters]
    assert heads == [(0.35,), (0.35,)]


def test_members_are_a_candidate(rng, tmp_path, monkeypatch):
    run, page = validate_toy(rng, tmp_path, monkeypatch, "--members", "1", "2")
    assert [r["settings"]["members"] for r in run["rows"]] == [1, 2]
    assert "--members 1 2" in run["command"]
    assert run["rows"][0]["smape"] != run["rows"][1]["smape"]
    assert (
        "| 1 | 1 | 12 | 4 | 0.001 | median (MAE), median of 2 networks | 4 | 4 |"
        in page
    )


def test_each_positive_series_can_be_deseasonalised_beside_one_with_a_zero(rng):
    pool = seasonal_pool(rng)
    pool.train[0] = pool.train[0].where(
        pool.train[0].index != pool.train[0].index[5], 0
    )
    per_series = GlobalSettings(look_back=12, units=4, epochs=1, seeds=(0,),
                                deseasonalize="each_positive")  # fmt: skip
    assert global_forecast.deseasonalizes(per_series, pool.train)
    forecaster = global_forecast.global_forecaster(per_series, 0, deseasonalize=True)
    assert type(forecaster.steps[0][1]).__name__ == "PositiveDeseasonalizer"
    forecaster.fit(global_forecast.panel_of(pool.train), fh=range(1, 7))
    adjusted = forecaster.steps_[0][1].transformers_["transformers"]
    assert [t.adjusted_ for t in adjusted] == [False, True, True, True]
    whole = GlobalSettings(look_back=12, units=4, epochs=1, seeds=(0,))
    assert not global_forecast.deseasonalizes(whole, pool.train)  # sktime's refuses


def test_the_seasonal_adjustment_is_a_candidate(rng, tmp_path, monkeypatch):
    adjust = ["--deseasonalize", "if_all_positive", "each_positive"]
    run, page = validate_toy(rng, tmp_path, monkeypatch, *adjust)
    assert [r["settings"]["deseasonalize"] for r in run["rows"]] == [
        "if_all_positive", "each_positive",
    ]  # fmt: skip
    assert "--deseasonalize if_all_positive each_positive" in run["command"]
    # an all-positive pool: both adjust every series the same way
    assert run["rows"][0]["smape"] == run["rows"][1]["smape"]
    assert "| median (MAE), each positive series deseasonalised | 4 | 4 |" in page


def test_an_ets_weight_averages_the_network_with_autoets_fitted_alone(rng):
    # The network sits behind the deseasonaliser; AutoETS models the season
    # itself and reads the series as given. Both fit in worker processes.
    from sktime.forecasting.statsforecast import StatsForecastAutoETS

    pool = seasonal_pool(rng)
    panel, fh = global_forecast.panel_of(pool.train), range(1, 7)
    settings = GlobalSettings(look_back=12, units=4, epochs=1, seeds=(0,),
                              ets_weight=0.4, ets_model="ZNM")  # fmt: skip
    mean = global_forecast.global_forecaster(settings, 0, deseasonalize=True)
    forecast = mean.fit(panel, fh=fh).predict()["y"].to_numpy()
    network = global_forecast.global_forecaster(
        global_forecast.network_alone(settings), 0, deseasonalize=True
    )
    alone = network.fit(panel, fh=fh).predict()["y"].to_numpy()
    ets = StatsForecastAutoETS(season_length=12, model="ZNM")
    ets_alone = ets.fit(panel, fh=fh).predict()["y"].to_numpy()
    assert not np.allclose(alone, ets_alone)
    np.testing.assert_allclose(forecast, 0.6 * alone + 0.4 * ets_alone, rtol=1e-6)


def test_an_ets_weight_is_a_share_and_gives_a_point_forecast():
    for weight in (-0.1, 1.0):
        with pytest.raises(ValueError, match="ets_weight"):
            GlobalSettings(ets_weight=weight)
    combined = GlobalSettings(ets_weight=0.5)
    for asked in ({"quantiles": (0.1, 0.9)}, {"calibration_size": 0.2}):
        with pytest.raises(ValueError, match="ets_weight=0.5"):
            global_forecast.global_forecaster(combined, 0, deseasonalize=False, **asked)
    alone = global_forecast.global_forecaster(
        global_forecast.network_alone(combined), 0, deseasonalize=False
    )
    assert type(alone).__name__ == "LSTMForecaster"


def test_theta_and_a_raw_network_average_with_the_network_fitted_alone(rng):
    # The deseasonalised network, the same network on the series as given (the
    # first network's seed) and statsforecast's standard Theta, weighted
    # 0.25, 0.25 and 0.5: each part's forecast is what it forecasts alone.
    from sktime.forecasting.statsforecast import StatsForecastAutoTheta

    pool = seasonal_pool(rng)
    panel, fh = global_forecast.panel_of(pool.train), range(1, 7)
    settings = GlobalSettings(look_back=12, units=4, epochs=1, seeds=(0,),
                              theta_weight=0.5, raw_member=True)  # fmt: skip
    mean = global_forecast.global_forecaster(settings, 0, deseasonalize=True)
    forecast = mean.fit(panel, fh=fh).predict()["y"].to_numpy()
    alone = global_forecast.network_alone(settings)
    network = global_forecast.global_forecaster(alone, 0, deseasonalize=True)
    deseasonalised = network.fit(panel, fh=fh).predict()["y"].to_numpy()
    raw = global_forecast.global_forecaster(alone, 0, deseasonalize=False)
    as_given = raw.fit(panel, fh=fh).predict()["y"].to_numpy()
    theta = StatsForecastAutoTheta(season_length=12, model="STM")
    theta_alone = theta.fit(panel, fh=fh).predict()["y"].to_numpy()
    assert not np.allclose(deseasonalised, as_given)
    assert not np.allclose(deseasonalised, theta_alone)
    expected = 0.25 * deseasonalised + 0.25 * as_given + 0.5 * theta_alone
    np.testing.assert_allclose(forecast, expected, rtol=1e-6)


def test_the_airline_model_averages_as_it_forecasts_alone(rng):
    # The network weighted 0.7 and statsforecast's ARIMA (0,1,1)(0,1,1)12 of
    # the logs 0.3: the partner's part is what it forecasts alone.
    from sktime.forecasting.compose import TransformedTargetForecaster
    from sktime.transformations.series.boxcox import LogTransformer

    from skltsm.sktime import StatsForecastARIMA

    panel, fh = global_forecast.panel_of(seasonal_pool(rng).train), range(1, 7)
    settings = GlobalSettings(look_back=12, units=4, epochs=1, arima_weight=0.3)
    mean = global_forecast.global_forecaster(settings, 0, deseasonalize=True)
    forecast = mean.fit(panel, fh=fh).predict()["y"].to_numpy()
    alone = global_forecast.network_alone(settings)
    network = global_forecast.global_forecaster(alone, 0, deseasonalize=True)
    deseasonalised = network.fit(panel, fh=fh).predict()["y"].to_numpy()
    airline = TransformedTargetForecaster(
        [
            ("log", LogTransformer()),
            ("arima", StatsForecastARIMA((0, 1, 1), (0, 1, 1), season_length=12)),
        ]
    )
    airline_alone = airline.fit(panel, fh=fh).predict()["y"].to_numpy()
    assert not np.allclose(deseasonalised, airline_alone)
    expected = 0.7 * deseasonalised + 0.3 * airline_alone
    np.testing.assert_allclose(forecast, expected, rtol=1e-6)
    assert "0.3 for statsforecast's ARIMA(0,1,1)(0,1,1) of the logs" in (
        global_forecast.describe_combination(settings)
    )


def test_the_partners_weights_leave_the_networks_a_share():
    for weights in ({"theta_weight": 1.0}, {"theta_weight": -0.2}):
        with pytest.raises(ValueError, match="theta_weight"):
            GlobalSettings(**weights)
    with pytest.raises(ValueError, match="keep their sum below 1"):
        GlobalSettings(ets_weight=0.5, theta_weight=0.5)
    with pytest.raises(ValueError, match="theta_weight=0.6, arima_weight=0.4 leave"):
        GlobalSettings(theta_weight=0.6, arima_weight=0.4)
    every = GlobalSettings(
        ets_weight=0.2, theta_weight=0.3, arima_weight=0.1, raw_member=True
    )
    mean = global_forecast.global_forecaster(every, 2, deseasonalize=True)
    assert [name for name, _ in mean.forecasters] == [
        "network", "raw_network", "ets", "theta", "arima",
    ]  # fmt: skip
    np.testing.assert_allclose(mean.weights, [0.2, 0.2, 0.2, 0.3, 0.1])
    both = GlobalSettings(ets_weight=0.2, theta_weight=0.3, raw_member=True)
    assert mean.forecasters[1][1].random_state == 2
    assert list(global_forecast.result_rows(both)) == [LSTM, LSTM_COMBINED]


def test_a_raw_member_needs_the_deseasonaliser_in_front_of_the_other():
    raw = GlobalSettings(raw_member=True)
    with pytest.raises(ValueError, match="both would read the same series"):
        global_forecast.global_forecaster(raw, 0, deseasonalize=False)
    with pytest.raises(ValueError, match="raw_member=True"):
        global_forecast.global_forecaster(raw, 0, deseasonalize=True, quantiles=(0.1,))


def test_theta_a_raw_member_and_units_are_candidates(rng, tmp_path, monkeypatch):
    kinds = ["--theta-weights", "0", "0.5", "--raw-member", "no", "yes"]
    run, page = validate_toy(rng, tmp_path, monkeypatch, *kinds, "--units", "3")
    chosen = [
        (r["settings"]["theta_weight"], r["settings"]["raw_member"])
        for r in run["rows"]
    ]
    assert chosen == [(0.0, False), (0.0, True), (0.5, False), (0.5, True)]
    assert {r["settings"]["units"] for r in run["rows"]} == {3}
    assert "--theta-weights 0 0.5 --raw-member no yes --units 3" in run["command"]
    assert len({r["smape"] for r in run["rows"]}) == 4
    assert (
        "| 3 | 0.001 | median (MAE), with the network on the series as given, "
        "0.5 Theta (STM) | 4 | 4 |" in page
    )


def test_the_arima_weight_is_a_candidate_where_the_networks_keep_a_share(
    rng, tmp_path, monkeypatch
):
    weights = ["--theta-weights", "0.5", "--arima-weights", "0.2", "0.5"]
    run, page = validate_toy(rng, tmp_path, monkeypatch, *weights)
    # Theta 0.5 and ARIMA 0.5 would leave the network nothing: not a candidate
    assert [r["settings"]["arima_weight"] for r in run["rows"]] == [0.2]
    assert "--theta-weights 0.5 --arima-weights 0.2 0.5" in run["command"]
    assert "0.5 Theta (STM), 0.2 airline ARIMA (logs) | 4 | 4 |" in page


def test_the_ets_weight_is_a_candidate(rng, tmp_path, monkeypatch):
    ets = ["--ets-weights", "0", "0.5", "--ets-models", "ZZZ", "ZNM"]
    run, page = validate_toy(rng, tmp_path, monkeypatch, *ets)
    # without AutoETS its model does not matter: one candidate, not two
    chosen = [
        (r["settings"]["ets_weight"], r["settings"]["ets_model"]) for r in run["rows"]
    ]
    assert chosen == [(0.0, "ZZZ"), (0.5, "ZZZ"), (0.5, "ZNM")]
    assert "--ets-weights 0 0.5 --ets-models ZZZ ZNM" in run["command"]
    assert len({r["smape"] for r in run["rows"]}) == 3
    assert (
        "| 1 | 1 | 12 | 4 | 0.001 | median (MAE), 0.5 AutoETS (ZNM) | 4 | 4 |" in page
    )
    plain, _ = validate_toy(rng, tmp_path, monkeypatch)  # the default
    assert "--ets" not in plain["command"]
