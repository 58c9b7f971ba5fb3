"""Checks and units of statsforecast's fixed-order ARIMA (``_arima_inputs``)."""

import numpy as np

from skltsm.sktime._arima_inputs import Standardisation, series_with_infinite_values


def test_standardised_series_map_back_to_their_units(rng):
    lengths = np.array([5, 1, 4])
    values = np.concatenate([1e-4 * rng.normal(size=5), [3.0], np.full(4, -2.0)])
    scaling = Standardisation.of(values, lengths)
    scaled = np.split(scaling.apply(values, lengths), np.cumsum(lengths)[:-1])
    np.testing.assert_allclose(scaled[0].mean(), 0.0, atol=1e-12)
    np.testing.assert_allclose(scaled[0].std(), 1.0)
    assert scaling.scale[1:].tolist() == [1.0, 1.0]  # constant: shifted only
    forecasts = np.stack([s[:1] for s in scaled])[:, :, None]  # (series, 1, 1)
    restored = scaling.restore(forecasts).ravel()
    np.testing.assert_allclose(restored, values[[0, 5, 6]], rtol=1e-12)


def test_the_first_infinite_value_of_each_series_is_found():
    values = np.array([1.0, -np.inf, np.inf, 2.0, 3.0, np.inf])
    assert series_with_infinite_values(values, np.array([3, 2, 1])) == [
        (0, 1),
        (2, 0),
    ]


def test_a_series_as_given_is_returned_unchanged():
    values = np.array([1.0, 2.0])
    assert Standardisation.none(1).apply(values, np.array([2])) is values
