"""One LSTM for a whole dataset: the global model of the accuracy benchmark.

M3 and Tourism hold hundreds of short series (M3 monthly: 48 to 126 months).
One network per series would see a few dozen windows each and cost a fit per
series; one network trained on the windows of every series sees tens of
thousands and is fitted once (see ``docs/adr/0014-global-lstm-benchmark.md``).

Scaling is per window, which makes it per series and free of leakage: every
window (``look_back`` inputs followed by ``horizon`` targets) is divided by
its *level*, the mean of the last ``season`` inputs, and then put on a log
scale. At forecast time the window is the last ``look_back`` in-sample
values, so the level is the series' last in-sample year. Nothing in the
scaling reads a value after the window's inputs, and the forecast of a series
reads only its in-sample part.

The network is :class:`skltsm.LSTMRegressor` with a 2-D target: one dense
output per horizon step (the tutorials' "vector output" model), so that an
18-step forecast of 1,428 series is one ``predict`` call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from benchmarks.accuracy_metrics import smape_by_step
from benchmarks.seasonality import seasonal_factors, seasonal_indices
from skltsm import LSTMRegressor

__all__ = [
    "GlobalConfig",
    "GlobalLSTM",
    "describe_global",
    "forecast_windows",
    "select_and_fit",
    "training_windows",
    "window_levels",
]

#: Floor of a scaled value before the log, relative to the window's level:
#: Tourism has zero months, and log(0) would be -inf.
FLOOR = 1e-3


@dataclass(frozen=True)
class GlobalConfig:
    """Hyperparameters of the global model.

    Parameters
    ----------
    horizon : int
        Steps forecast at once (one network output each).
    look_back : int, default=36
        Past values the network reads.
    season : int, default=12
        Values averaged into a window's level.
    units : int, default=64
        LSTM units.
    epochs : int, default=20
        Passes over the windows of all series.
    batch_size : int, default=256
        Windows per gradient step.
    learning_rate : float, default=0.001
        Adam's learning rate.
    loss : str, default="mae"
        Loss on the scaled log values (absolute error there is close to the
        symmetric percentage error sMAPE measures).
    seeds : tuple of int, default=(0,)
        One network per seed; the forecast is their median.
    deseasonalize : bool, default=False
        Divide each series by classical multiplicative seasonal indices
        (estimated on its in-sample part, where a seasonality test passes)
        before cutting windows, and multiply the forecasts back.
    """

    horizon: int
    look_back: int = 36
    season: int = 12
    units: int = 64
    epochs: int = 20
    batch_size: int = 256
    learning_rate: float = 0.001
    loss: str = "mae"
    seeds: tuple[int, ...] = (0,)
    deseasonalize: bool = False

    def with_(self, **changes) -> GlobalConfig:
        """Return a copy with some fields changed."""
        return replace(self, **changes)


def window_levels(inputs: np.ndarray, season: int) -> np.ndarray:
    """Level of each window: the mean of its last ``season`` inputs.

    Parameters
    ----------
    inputs : ndarray of shape (n_windows, look_back)
        Input values of the windows, in the units of the series.
    season : int
        Number of final inputs averaged.

    Returns
    -------
    levels : ndarray of shape (n_windows, 1)
        Positive levels (a window of zeros gets 1, so that it scales to 0).

    Examples
    --------
    >>> window_levels(np.array([[1.0, 2.0, 4.0], [0.0, 0.0, 0.0]]), season=2)
    array([[3.],
           [1.]])
    """
    levels = inputs[:, -season:].mean(axis=1, keepdims=True)
    return np.where(levels > 0, levels, 1.0)


def scale(values: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Log of the values relative to their window's level (floored above 0)."""
    return np.log(np.maximum(values / levels, FLOOR))


def unscale(scaled: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Invert :func:`scale` (up to the floor)."""
    return np.exp(scaled) * levels


def deseasonalized(
    series: Sequence[np.ndarray], season: int
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Each series divided by its seasonal indices, and those indices."""
    values = [np.asarray(s, dtype=np.float64) for s in series]
    indices = [seasonal_indices(v, season) for v in values]
    adjusted = [
        v / seasonal_factors(i, 0, len(v)) for v, i in zip(values, indices, strict=True)
    ]
    return adjusted, indices


def padded(series: np.ndarray, length: int) -> np.ndarray:
    """Left-pad a series shorter than ``length`` with its first value."""
    missing = length - len(series)
    if missing <= 0:
        return series
    return np.concatenate([np.full(missing, series[0]), series])


def training_windows(
    series: Sequence[np.ndarray], config: GlobalConfig
) -> tuple[np.ndarray, np.ndarray]:
    """Cut every (inputs, targets) window from the series and scale it.

    Parameters
    ----------
    series : sequence of 1-D ndarray
        In-sample values of each series (nothing from the test period).
    config : GlobalConfig
        ``look_back``, ``horizon`` and ``season``.

    Returns
    -------
    X : ndarray of shape (n_windows, look_back)
        Scaled inputs; series too short for one window contribute none.
    Y : ndarray of shape (n_windows, horizon)
        Scaled targets, on the scale of their window's inputs.
    """
    width = config.look_back + config.horizon
    cuts = [
        sliding_window_view(np.asarray(s, dtype=np.float64), width)
        for s in series
        if len(s) >= width
    ]
    windows = np.concatenate(cuts) if cuts else np.empty((0, width))
    inputs, targets = windows[:, : config.look_back], windows[:, config.look_back :]
    levels = window_levels(inputs, config.season)
    return scale(inputs, levels), scale(targets, levels)


def forecast_windows(
    series: Sequence[np.ndarray], config: GlobalConfig
) -> tuple[np.ndarray, np.ndarray]:
    """Scale the last ``look_back`` values of each series; return them and levels.

    Parameters
    ----------
    series : sequence of 1-D ndarray
        In-sample values of each series.
    config : GlobalConfig
        ``look_back`` and ``season``.

    Returns
    -------
    X : ndarray of shape (n_series, look_back)
        Scaled inputs (a series shorter than ``look_back`` is left-padded
        with its first value).
    levels : ndarray of shape (n_series, 1)
        The level each forecast is multiplied back by.
    """
    inputs = np.stack(
        [
            padded(np.asarray(s, dtype=np.float64), config.look_back)[
                -config.look_back :
            ]
            for s in series
        ]
    )
    levels = window_levels(inputs, config.season)
    return scale(inputs, levels), levels


class GlobalLSTM:
    """One :class:`skltsm.LSTMRegressor` (or a median of a few) for many series.

    Parameters
    ----------
    config : GlobalConfig
        Window sizes and network hyperparameters.

    Attributes
    ----------
    networks_ : list of LSTMRegressor
        One fitted network per seed.
    n_windows_ : int
        Training windows cut from all series.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> months = np.arange(60)
    >>> series = [100 + 10 * np.sin(months * np.pi / 6) + rng.normal(size=60)
    ...           for _ in range(5)]
    >>> model = GlobalLSTM(GlobalConfig(horizon=6, look_back=24, units=4, epochs=1))
    >>> model.fit(series).predict(series).shape
    (5, 6)
    """

    def __init__(self, config: GlobalConfig):
        self.config = config

    def network(self, seed: int) -> LSTMRegressor:
        """Build the unfitted regressor of one seed."""
        c = self.config
        return LSTMRegressor(
            units=c.units,
            epochs=c.epochs,
            batch_size=c.batch_size,
            learning_rate=c.learning_rate,
            loss=c.loss,
            random_state=seed,
        )

    def fit(self, series: Sequence[np.ndarray]) -> GlobalLSTM:
        """Train the network(s) on the windows of all series' in-sample values.

        Parameters
        ----------
        series : sequence of 1-D ndarray
            In-sample values of each series.

        Returns
        -------
        self : GlobalLSTM
            The fitted model.
        """
        if self.config.deseasonalize:
            series, _ = deseasonalized(series, self.config.season)
        X, Y = training_windows(series, self.config)
        if len(X) == 0:
            raise ValueError(
                f"No series is long enough for one window of look_back="
                f"{self.config.look_back} + horizon={self.config.horizon} values."
            )
        self.n_windows_ = len(X)
        self.networks_ = [self.network(seed).fit(X, Y) for seed in self.config.seeds]
        return self

    def predict(self, series: Sequence[np.ndarray]) -> np.ndarray:
        """Forecast ``horizon`` steps past the end of each series.

        Parameters
        ----------
        series : sequence of 1-D ndarray
            In-sample values of each series (those fitted, or others).

        Returns
        -------
        forecasts : ndarray of shape (n_series, horizon)
            In the units of the series.
        """
        c = self.config
        indices = [np.ones(c.season)] * len(series)
        if c.deseasonalize:
            series, indices = deseasonalized(series, c.season)
        X, levels = forecast_windows(series, c)
        scaled = np.median([net.predict(X) for net in self.networks_], axis=0)
        forecasts = unscale(scaled.reshape(len(X), -1), levels)
        factors = [
            seasonal_factors(i, len(s), c.horizon)
            for s, i in zip(series, indices, strict=True)
        ]
        return forecasts * np.stack(factors)


def validation_split(
    series: Sequence[np.ndarray], horizon: int
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Hold out the last ``horizon`` in-sample values of each series.

    Examples
    --------
    >>> heads, tails = validation_split([np.arange(5.0)], horizon=2)
    >>> heads[0], tails[0]
    (array([0., 1., 2.]), array([3., 4.]))
    """
    values = [np.asarray(s, dtype=np.float64) for s in series]
    return [v[:-horizon] for v in values], [v[-horizon:] for v in values]


def validation_smape(config: GlobalConfig, series: Sequence[np.ndarray]) -> float:
    """Score a config by forecasting the last ``horizon`` in-sample values.

    The network is trained on the series without those values, so the
    choice between configs never reads the test period.
    """
    heads, tails = validation_split(series, config.horizon)
    forecasts = GlobalLSTM(config).fit(heads).predict(heads)
    return float(np.mean(smape_by_step(np.stack(tails), forecasts)))


def select_and_fit(
    candidates: Sequence[GlobalConfig], series: Sequence[np.ndarray]
) -> tuple[GlobalLSTM, dict[str, float]]:
    """Pick the config with the best validation sMAPE and refit it on all.

    Parameters
    ----------
    candidates : sequence of GlobalConfig
        Configs to compare (one: no validation run).
    series : sequence of 1-D ndarray
        In-sample values of each series.

    Returns
    -------
    model : GlobalLSTM
        The chosen config, fitted on the whole in-sample parts.
    scores : dict of str to float
        Validation sMAPE of each candidate (by its ``repr``).
    """
    scores = {}
    if len(candidates) > 1:
        scores = {repr(c): validation_smape(c, series) for c in candidates}
        best = min(candidates, key=lambda c: scores[repr(c)])
    else:
        best = candidates[0]
    return GlobalLSTM(best).fit(series), scores


def describe_global(config: GlobalConfig, n_series: int) -> str:
    """Say in one line what the global model is, for the results."""
    seasonal = "deseasonalised, " if config.deseasonalize else ""
    return (
        f"one global network for all {n_series} series: windows divided by their "
        f"last-year level and logged, {seasonal}look-back {config.look_back} "
        f"(chosen on the in-sample validation tail), LSTM({config.units}), "
        f"{config.epochs} epochs, Dense({config.horizon}) vector output, "
        f"median of {len(config.seeds)} seeds"
    )
