"""PositiveDeseasonalizer: sktime's multiplicative adjustment where a series allows."""

import numpy as np
import pandas as pd
import pytest
from sklearn.utils._param_validation import InvalidParameterError

pytest.importorskip("sktime")

from sktime.exceptions import NotFittedError
from sktime.forecasting.compose import TransformedTargetForecaster
from sktime.forecasting.naive import NaiveForecaster
from sktime.transformations.series.detrend import ConditionalDeseasonalizer
from sktime.utils.estimator_checks import check_estimator

from skltsm.sktime import PositiveDeseasonalizer

MONTHS = pd.period_range("2000-01", periods=60, freq="M")
SEASON = 1 + 0.5 * np.sin(np.arange(60) * np.pi / 6)


def panel_of(**series) -> pd.DataFrame:
    frames = [pd.DataFrame({"y": values}, index=MONTHS) for values in series.values()]
    return pd.concat(frames, keys=list(series), names=["series", "time"])


def seasonal_panel(rng) -> pd.DataFrame:
    noise = rng.normal(scale=0.01, size=(3, 60))
    with_zero = 20 * SEASON * (1 + noise[2])
    with_zero[7] = 0.0
    return panel_of(
        small=5 * SEASON * (1 + noise[0]),
        large=1e5 * SEASON[::-1] * (1 + noise[1]),  # another phase
        with_zero=with_zero,
    )


@pytest.mark.parametrize("params", PositiveDeseasonalizer.get_test_params())
def test_sktime_conformance(params):
    check_estimator(PositiveDeseasonalizer(**params), raise_exceptions=True)


def test_each_positive_series_is_adjusted_as_sktime_adjusts_it_alone(rng):
    panel = seasonal_panel(rng)
    adjusted = PositiveDeseasonalizer(sp=12).fit_transform(panel)
    for name in ("small", "large"):
        alone = ConditionalDeseasonalizer(sp=12, model="multiplicative")
        expected = alone.fit_transform(panel.loc[name, "y"])
        np.testing.assert_allclose(adjusted.loc[name, "y"], expected, rtol=1e-12)
        assert adjusted.loc[name, "y"].std() < 0.05 * panel.loc[name, "y"].std()
    pd.testing.assert_frame_equal(adjusted.loc["with_zero"], panel.loc["with_zero"])


def test_a_panel_of_positive_series_is_adjusted_as_by_sktimes_deseasonalizer(rng):
    panel = seasonal_panel(rng).drop("with_zero", level="series")
    ours = PositiveDeseasonalizer(sp=12).fit_transform(panel)
    sktimes = ConditionalDeseasonalizer(sp=12, model="multiplicative")
    pd.testing.assert_frame_equal(ours, sktimes.fit_transform(panel))


def test_forecasts_are_reseasonalised_with_their_own_series_indices(rng):
    panel = seasonal_panel(rng)
    forecaster = TransformedTargetForecaster(
        [("adjust", PositiveDeseasonalizer(sp=12)),
         ("mean", NaiveForecaster(strategy="mean"))]
    )  # fmt: skip
    forecast = forecaster.fit(panel, fh=range(1, 13)).predict()
    for name, season in (("small", SEASON), ("large", SEASON[::-1])):
        path = forecast.loc[name, "y"].to_numpy()
        # the season of the next 12 months (60 = 5 years: it starts again)
        np.testing.assert_allclose(path / path.mean(), season[:12], rtol=0.03)
    flat = forecast.loc["with_zero", "y"].to_numpy()
    np.testing.assert_allclose(flat, panel.loc["with_zero", "y"].mean())


def test_a_series_with_a_zero_or_a_negative_value_is_left_as_it_is():
    values = 10 * SEASON
    for bad in (0.0, -1.0):
        series = pd.Series(np.r_[values[:-1], bad], index=MONTHS)
        transformer = PositiveDeseasonalizer(sp=12).fit(series)
        assert not transformer.adjusted_ and transformer.deseasonalizer_ is None
        pd.testing.assert_series_equal(transformer.transform(series), series)
    positive = PositiveDeseasonalizer(sp=12).fit(pd.Series(values, index=MONTHS))
    assert positive.adjusted_


def test_a_panel_in_another_order_takes_each_series_own_indices(rng):
    """Series are matched by key, not by position (sktime's loop pairs them so)."""
    panel = seasonal_panel(rng)
    transformer = PositiveDeseasonalizer(sp=12).fit(panel)
    expected = transformer.transform(panel)
    reordered = panel.loc[["with_zero", "large", "small"]]
    adjusted = transformer.transform(reordered)
    assert adjusted.index.equals(reordered.index)
    pd.testing.assert_frame_equal(adjusted, expected.loc[reordered.index])
    restored = transformer.inverse_transform(adjusted)
    pd.testing.assert_frame_equal(restored, reordered, rtol=1e-12)


def test_some_of_the_fitted_series_take_their_own_indices(rng):
    panel = seasonal_panel(rng)
    transformer = PositiveDeseasonalizer(sp=12).fit(panel)
    expected = transformer.transform(panel).loc[["large"]]
    pd.testing.assert_frame_equal(transformer.transform(panel.loc[["large"]]), expected)
    restored = transformer.inverse_transform(expected)
    pd.testing.assert_frame_equal(restored, panel.loc[["large"]], rtol=1e-12)


@pytest.mark.parametrize("method", ["transform", "inverse_transform", "update"])
def test_a_series_never_fitted_is_a_clear_error(rng, method):
    panel = seasonal_panel(rng)
    transformer = PositiveDeseasonalizer(sp=12).fit(panel)
    renamed = panel.rename(index={"large": "other"}, level="series")
    with pytest.raises(ValueError, match=r"series \['other'\].*Fit it on a panel"):
        getattr(transformer, method)(renamed)


@pytest.mark.parametrize("method", ["transform", "inverse_transform", "update"])
def test_a_panel_after_a_fit_on_one_series_is_a_clear_error(rng, method):
    panel = seasonal_panel(rng)
    transformer = PositiveDeseasonalizer(sp=12).fit(panel.loc["small", "y"])
    with pytest.raises(ValueError, match="is a panel, but .* fitted on one series"):
        getattr(transformer, method)(panel)


def test_a_global_model_behind_it_forecasts_each_series_in_its_season(rng):
    """The pipeline of ADR 0026: the global panel forecast reseasonalised by key.

    A linear regression stands in for the network: the reseasonalising is
    the forecaster's and the deseasonaliser's, not the network's. Of one lag
    and no intercept, it forecasts either scale (5 and 1e5) alike and no
    season of its own (without the deseasonaliser, correlations of 0.76 and
    -0.77 with the series' seasons): the season comes back by key or not at all.
    """
    from sklearn.linear_model import LinearRegression

    from skltsm import LagTransformer, make_forecast_pipeline
    from skltsm.sktime import LSTMForecaster

    panel = seasonal_panel(rng).drop("with_zero", level="series")
    network = make_forecast_pipeline(
        LagTransformer(look_back=1), LinearRegression(fit_intercept=False)
    )
    forecaster = TransformedTargetForecaster(
        [("adjust", PositiveDeseasonalizer(sp=12)),
         ("lstm", LSTMForecaster(network, pooling="global", calibration_size=0,
                                 random_state=0))]
    )  # fmt: skip
    forecast = forecaster.fit(panel, fh=range(1, 13)).predict()
    assert forecast.index.get_level_values("series").unique().tolist() == [
        "small",
        "large",
    ]
    for name, season in (("small", SEASON), ("large", SEASON[::-1])):
        path = forecast.loc[name, "y"].to_numpy()
        assert np.isfinite(path).all()
        # each series' own season: the adjusted forecast is the path divided by it
        indices = path / path.mean()
        assert np.corrcoef(indices, season[:12])[0, 1] > 0.9


@pytest.mark.parametrize("sp", [0, -3, 2.5, "12", True])
@pytest.mark.parametrize("panel", [False, True], ids=["series", "panel"])
def test_an_invalid_season_is_refused_before_fit(rng, sp, panel):
    X = seasonal_panel(rng) if panel else pd.Series(5 * SEASON, index=MONTHS)
    with pytest.raises(InvalidParameterError, match="'sp' parameter"):
        PositiveDeseasonalizer(sp=sp).fit(X)
    with pytest.raises(InvalidParameterError, match="'sp' parameter"):
        PositiveDeseasonalizer().set_params(sp=sp).fit(X)


def test_adjusted_before_fit_is_not_fitted_error():
    with pytest.raises(NotFittedError):
        _ = PositiveDeseasonalizer().adjusted_


@pytest.mark.parametrize("freq", ["MS", "ME", "W-SUN", "QE", "B"])
def test_forecasts_after_fifty_timestamps_take_the_season_of_their_own_rows(freq):
    """Month starts: the forecasts took another month's seasonal indices.

    sktime's decomposition finds a row's phase from its label's distance to
    the first, in units of the index's frequency, not from its position:
    50 months on month starts put the first forecast in another phase than
    monthly periods do, so the exact seasonal series (100 times its season)
    was forecast as 143.3, 120, 100, ... instead of its next months. Month
    ends, weeks, quarter ends and business days were refused by sktime
    ("Index type not supported"); fitted by position, each takes its season.
    """
    times = pd.date_range("2000-01-01", periods=60, freq=freq)
    y = pd.Series(100 * SEASON, index=times)
    forecast = _adjusted_mean().fit(y.iloc[:50], fh=range(1, 11)).predict()
    np.testing.assert_allclose(forecast.to_numpy(), 100 * SEASON[50:], rtol=1e-9)
    assert forecast.index.equals(times[50:])


def test_integer_labels_by_two_are_refused_at_sktime_s_forecast_labels():
    """Integers by 2: sktime labels their forecasts 99, 100, ... after 98.

    Those labels are off the series' grid, where the phase of each was read
    from the label (wrong seasonal indices, silently); they are refused,
    saying how to label the series.
    """
    y = pd.Series(100 * SEASON, index=pd.Index(np.arange(0, 120, 2)))
    forecaster = _adjusted_mean().fit(y.iloc[:50], fh=range(1, 11))
    with pytest.raises(ValueError, match=r"label 99 .*reset_index\(drop=True\)"):
        forecaster.predict()


def _adjusted_mean() -> TransformedTargetForecaster:
    return TransformedTargetForecaster(
        [("adjust", PositiveDeseasonalizer(sp=12)),
         ("mean", NaiveForecaster(strategy="mean"))]
    )  # fmt: skip
