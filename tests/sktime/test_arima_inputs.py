"""Checks and units of statsforecast's fixed-order ARIMA (``_arima_inputs``)."""

import numpy as np
import pytest
from statsforecast.models import ARIMA

from skltsm.sktime._arima_inputs import (
    Standardisation,
    in_units_of_series,
    intercept_terms,
    series_with_infinite_values,
)


def test_standardised_series_have_mean_zero_and_spread_one(rng):
    lengths = np.array([5, 1, 4])
    values = np.concatenate([1e-4 * rng.normal(size=5), [3.0], np.full(4, -2.0)])
    scaling = Standardisation.of(values, lengths, shift=True)
    scaled = np.split(scaling.apply(values, lengths), np.cumsum(lengths)[:-1])
    np.testing.assert_allclose(scaled[0].mean(), 0.0, atol=1e-12)
    np.testing.assert_allclose(scaled[0].std(), 1.0)
    assert scaling.scale[1:].tolist() == [1.0, 1.0]  # constant: shifted only
    assert Standardisation.of(values, lengths, shift=False).shift.tolist() == [0] * 3


@pytest.mark.parametrize(
    "orders",
    [
        {"order": (1, 0, 0)},  # a mean: shifted and scaled
        {"order": (1, 0, 0), "include_mean": False, "include_drift": True},
        {"order": (0, 1, 1), "include_drift": True},
        {"order": (1, 0, 1), "seasonal_order": (1, 0, 0), "season_length": 4},
    ],
)
def test_a_model_of_the_standardised_series_forecasts_in_the_series_units(rng, orders):
    # described in the series' units, statsforecast's own forecasts, intervals
    # and fitted values are the standardised ones mapped back
    noise, y = rng.normal(size=80), np.zeros(80)
    for t in range(1, 80):  # an AR(1) about a slow trend
        y[t] = 0.6 * y[t - 1] + noise[t]
    y += 10 + 0.02 * np.arange(80)
    mean, _ = intercept_terms(
        orders["order"], orders.get("seasonal_order", (0, 0, 0)),
        include_mean=orders.get("include_mean", True),
        include_drift=orders.get("include_drift", False),
    )  # fmt: skip
    shift, scale = (y.mean() if mean else 0.0), y.std()
    model = ARIMA(method="CSS-ML", **orders).fit((y - shift) / scale)
    ahead, fitted = model.predict(5, level=[80]), model.predict_in_sample(level=[80])
    model.model_ = in_units_of_series(model.model_, shift, scale)
    for before, after in [(ahead, model.predict(5, level=[80])),
                          (fitted, model.predict_in_sample(level=[80]))]:  # fmt: skip
        for key, values in before.items():
            np.testing.assert_allclose(after[key], values * scale + shift, rtol=1e-12)


def test_the_likelihood_of_the_standardised_series_is_moved_to_the_series():
    y = 10 + 3 * np.random.default_rng(0).normal(size=50)
    direct = ARIMA(order=(1, 0, 0), method="CSS-ML").fit(y).model_
    scaled = ARIMA(order=(1, 0, 0), method="CSS-ML").fit((y - y.mean()) / y.std())
    moved = in_units_of_series(scaled.model_, y.mean(), y.std())
    for key in ("loglik", "aic", "aicc", "bic", "sigma2"):
        np.testing.assert_allclose(moved[key], direct[key], rtol=1e-6)
    np.testing.assert_allclose(moved["coef"]["intercept"], direct["coef"]["intercept"])


def test_the_first_infinite_value_of_each_series_is_found():
    values = np.array([1.0, -np.inf, np.inf, 2.0, 3.0, np.inf])
    assert series_with_infinite_values(values, np.array([3, 2, 1])) == [
        (0, 1),
        (2, 0),
    ]


def test_a_series_as_given_is_returned_unchanged():
    values = np.array([1.0, 2.0])
    assert Standardisation.none(1).apply(values, np.array([2])) is values


def test_a_constant_series_keeps_scale_one_whatever_its_mean_rounds_to():
    """A constant 0.1 got scale 2.8e-17 (its rounded mean is 0.1 + 3e-17), not 1.

    ``Standardisation.of`` says "1 if constant", as ``standardisation_`` does;
    a drift without a mean then divides the series by 2.8e-17 (3.6e15).
    """
    scaling = Standardisation.of(np.full(30, 0.1), np.array([30]), shift=True)
    assert scaling.scale.tolist() == [1.0]
