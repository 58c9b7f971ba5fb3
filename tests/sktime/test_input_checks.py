"""skltsm's checks of y and X before sktime's own (skltsm/sktime/_input_checks.py).

sktime's messages cannot say where a problem is; each case below got one of
them before (quoted in the test), and gets skltsm's now: what is wrong,
which series, time and column, and what to do.
"""

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")

from skltsm.sktime import LSTMForecaster
from tests.sktime.conftest import linear_pipeline

MONTHS = pd.period_range("2000-01", periods=43, freq="M")


def panel(n=40, names="abc"):
    """Straight lines, one per series, indexed (series, time)."""
    index = pd.MultiIndex.from_product(
        [list(names), MONTHS[:n]], names=["series", "time"]
    )
    t = np.tile(np.arange(n, dtype=float), len(names))
    levels = np.repeat(10.0 ** np.arange(len(names)), n)
    return pd.DataFrame({"y": levels + 2.0 * t}, index=index)


def exact(**params):
    return LSTMForecaster(linear_pipeline(), calibration_size=0, **params)


def with_cell(frame, row, value):
    """``frame`` with ``value`` at ``row`` of its first column (as objects if text)."""
    frame = frame.astype(object) if isinstance(value, str) else frame.copy()
    frame.iloc[row, 0] = value
    return frame


# -- F3: text in y ------------------------------------------------------------
TEXT_IN_Y = (
    r"^Column 'y' of y has dtype object and holds values that are not numbers, "
    r"e\.g\. 'n/a' at \('b', Period\('2000-06', 'M'\)\): text and categorical "
    r"features are not supported\. Convert it with pandas\.to_numeric"
)


@pytest.mark.parametrize("pooling", ["global", "local"])
def test_text_in_one_series_of_y_is_named_at_fit_and_update(pooling):
    # sktime's: "Forecasters do not support categorical features in endogeneous y."
    with pytest.raises(TypeError, match=TEXT_IN_Y):
        exact(pooling=pooling).fit(with_cell(panel(), 45, "n/a"), fh=[1])
    fitted = exact(pooling=pooling).fit(panel(n=38), fh=[1])
    new_rows = with_cell(panel(), 79, "n/a").groupby(level=0).tail(2)
    with pytest.raises(TypeError, match=r"'n/a' at \('b', Period\('2003-04'.*categ"):
        fitted.update(new_rows, update_params=False)


def test_text_in_y_is_named_at_pretrain():
    with pytest.raises(TypeError, match=TEXT_IN_Y):
        exact().pretrain(with_cell(panel(), 45, "n/a"), fh=[1])


def test_text_in_y_still_says_categorical_as_sktimes_tests_ask():
    # sktime's test_categorical_y_raises_error: a frame of text, no time index
    y = pd.DataFrame({"col_0": ["a", "b", "c", "a", "b", "c"]})
    with pytest.raises(TypeError, match=r"dtype object .* 'a' at .*categorical"):
        exact().fit(y, fh=[1])
    with pytest.raises(TypeError, match=r"dtype category .* 'a' at .*categorical"):
        exact().fit(y.astype("category"), fh=[1])
