"""Series a shared network sees as a sliver of its targets' range are named."""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import FunctionTransformer, MinMaxScaler

from skltsm import Differencer, LagTransformer, LSTMRegressor, make_forecast_pipeline
from skltsm._forecast._thin_series import thin_series
from skltsm.exceptions import ThinSeriesWarning

MONTHS = pd.period_range("2000-01", periods=48, freq="M")
SEASON = 1 + 0.3 * np.sin(np.arange(48) * np.pi / 6)


def _panel(levels=(("a", 1.0), ("b", 100.0), ("c", 1e4))) -> pd.DataFrame:
    """One seasonal shape at very different levels (the README's panel)."""
    frames = {
        name: pd.DataFrame({"y": level * SEASON}, index=MONTHS)
        for name, level in levels
    }
    return pd.concat(frames, names=["series", "time"])


def _network(window_scaling=None):
    return LSTMRegressor(
        units=2, epochs=1, random_state=0, window_scaling=window_scaling
    )


def _thin_warnings(*steps, panel=None):
    panel = _panel() if panel is None else panel
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        make_forecast_pipeline(*steps).fit(panel, panel["y"])
    return [str(w.message) for w in caught if w.category is ThinSeriesWarning]


def test_one_scaler_for_levels_1_to_10000_names_the_small_series():
    """The README's many-series example forecast series a below zero, silently
    without a holdout: the scaler fitted on every row left it 1/10,000 of the
    range."""
    (message,) = _thin_warnings(
        Differencer(), MinMaxScaler((-1, 1)), LagTransformer(12), _network()
    )
    assert "2 of 3 series" in message and "'a', 'b'" in message
    assert "window_scaling" in message


@pytest.mark.parametrize(
    "steps",
    [
        pytest.param(
            lambda: [Differencer(), LagTransformer(12), _network("standard")],
            id="each-window-on-its-scale",
        ),
        pytest.param(
            lambda: [
                FunctionTransformer(np.log, np.exp),
                Differencer(12),
                MinMaxScaler((-1, 1)),
                LagTransformer(12),
                _network(),
            ],
            id="logs-and-differences",  # the many-series tutorial's pipeline
        ),
        pytest.param(
            lambda: [Differencer(), LagTransformer(12), LinearRegression()],
            id="least-squares-any-scale",
        ),
    ],
)
def test_series_on_one_scale_or_a_model_of_any_scale_are_not_named(steps):
    noisy = _panel()
    noisy["y"] *= np.random.default_rng(0).lognormal(0, 0.05, len(noisy))
    assert _thin_warnings(*steps(), panel=noisy) == []


def test_levels_within_the_ratio_are_not_named():
    panel = _panel((("a", 10.0), ("b", 50.0), ("c", 100.0)))
    steps = [Differencer(), MinMaxScaler((-1, 1)), LagTransformer(12), _network()]
    assert _thin_warnings(*steps, panel=panel) == []


def test_thin_series_reads_the_windows_a_block_at_a_time(monkeypatch):
    """Blocks of two windows give what one block gives; a constant series (its
    own warning), one without windows and NaN targets are not thin."""
    monkeypatch.setattr("skltsm._series._panel.CHUNK_ROWS", 2)
    targets = np.array(
        [[0.0, 0.01], [5.0, np.nan], [10.0, 3.0], [7.0, 7.0], [2.0, 2.0]]
    )
    codes = np.array([0, 1, 1, 2, 3])
    thin = thin_series(targets, lambda part: codes[part], n_series=5)
    assert thin.tolist() == [True, False, False, False, False]
