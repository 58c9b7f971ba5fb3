"""Running scikit-learn steps from frame to frame, around missing cells."""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.decomposition import PCA
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from skltsm._transform._frame_steps import around_nan, fit_on_values


def frame_with_gaps() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.uniform(1, 2, size=(20, 2)), columns=["y", "x"])
    frame.iloc[0, 0] = frame.iloc[5, 1] = np.nan
    return frame


def test_a_step_that_refuses_nan_transforms_every_other_cell_as_it_would():
    frame = frame_with_gaps()
    refusing = FunctionTransformer(np.log, validate=True)
    values = around_nan(refusing, "transform", frame)
    np.testing.assert_array_equal(np.isnan(values), frame.isna().to_numpy())
    np.testing.assert_allclose(values, np.log(frame.to_numpy()))


def test_a_step_that_refuses_nan_is_fitted_on_the_complete_rows():
    frame = frame_with_gaps()
    scaler = StandardScaler().fit(frame.dropna())
    fitted = StandardScaler()
    values = around_nan(_Refusing(fitted), "transform", frame, fit=True)
    np.testing.assert_allclose(fitted.mean_, scaler.mean_)
    complete = frame.notna().all(axis=1).to_numpy()
    np.testing.assert_allclose(values[complete], scaler.transform(frame.dropna()))


def test_a_step_that_mixes_columns_gives_nan_on_every_row_with_a_gap():
    frame = frame_with_gaps()
    pca = _Refusing(PCA()).fit(frame.dropna())
    values = around_nan(pca, "transform", frame)
    incomplete = frame.isna().any(axis=1).to_numpy()
    assert np.isnan(values[incomplete]).all()
    np.testing.assert_allclose(values[~incomplete], pca.transform(frame.dropna()))


def test_a_step_is_fitted_on_the_rows_that_hold_a_value():
    """Rows of NaN (a panel's gaps) are left out; its columns are kept."""
    frame = frame_with_gaps()
    frame.iloc[10:13] = np.nan
    log = FunctionTransformer(np.log, np.exp, feature_names_out="one-to-one")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "not strictly inverse" on a row of NaN
        fit_on_values(log.set_output(transform="pandas"), frame.iloc[6:])
    assert list(log.get_feature_names_out()) == ["y", "x"]
    scaler = fit_on_values(StandardScaler(), frame)
    np.testing.assert_array_equal(scaler.n_samples_seen_, [16, 16])
    refusing = fit_on_values(_Refusing(StandardScaler()), frame)
    np.testing.assert_allclose(refusing.inner.mean_, frame.dropna().mean())


def test_the_error_of_a_step_stands_when_no_cell_is_missing():
    with pytest.raises(ValueError, match="refused"):
        around_nan(_Refusing(StandardScaler(), always=True), "transform",
                   frame_with_gaps().dropna(), fit=True)  # fmt: skip


class _Refusing:
    """A transformer that refuses NaN (as validate=True does), around another."""

    def __init__(self, inner, always=False):
        self.inner, self.always = inner, always

    def _check(self, X):
        if self.always or np.isnan(np.asarray(X, dtype=float)).any():
            raise ValueError("NaN refused")

    def fit(self, X, y=None):
        self._check(X)
        self.inner.fit(X)
        return self

    def fit_transform(self, X, y=None):
        return self.fit(X).transform(X)

    def transform(self, X):
        self._check(X)
        return self.inner.transform(X)


def test_a_step_that_mixes_columns_is_caught_when_the_gap_column_is_constant():
    """A column with one known value gave the same max and min stand-in.

    The two transforms then agreed, so a PCA fitted where the columns vary
    together (it mixes them) was taken for a cell-wise step: the row with
    the gap got components computed from the stand-in, not NaN. (A PCA
    fitted on the frame itself, whose gap column is constant, is cell-wise:
    its components are the columns.)
    """
    rng = np.random.default_rng(0)
    base = rng.normal(size=50)
    pca = PCA(2).fit(np.column_stack([base, base + 0.1 * rng.normal(size=50)]))
    frame = pd.DataFrame({"y": [1.0, 2.0, 3.0, 4.0, 5.0], "x": [1.0, np.nan, 1, 1, 1]})
    values = around_nan(pca, "transform", frame.set_axis(["x0", "x1"], axis=1))
    assert np.isnan(values[1]).all()
    assert np.isfinite(np.delete(values, 1, axis=0)).all()
