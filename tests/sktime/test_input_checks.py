"""skltsm's checks of y and X before sktime's own (skltsm/sktime/_input_checks.py).

sktime's messages cannot say where a problem is; each case below got one of
them before (quoted in the test), and gets skltsm's now: what is wrong,
which series, time and column, and what to do.
"""

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sktime")

from sktime.split import ExpandingWindowSplitter

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


def covariates(n=43, names="abc"):
    """One covariate column over ``n`` months of each series (future rows too)."""
    index = pd.MultiIndex.from_product(
        [list(names), MONTHS[:n]], names=["series", "time"]
    )
    return pd.DataFrame({"promo": np.arange(len(index)) % 3.0}, index=index)


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


# -- F4: X checked as y is ------------------------------------------------------
@pytest.mark.parametrize("pooling", ["global", "local"])
def test_nan_and_text_in_one_series_of_X_are_named_at_fit(pooling):
    y, X = panel(), covariates()
    # sktime's: "LSTMForecaster cannot handle missing data (nans), but X ..."
    with pytest.raises(
        ValueError,
        match=r"^Input X contains NaN at \('b', Period\('2000-04', 'M'\)\) "
        r"\(row 46, column 'promo'\)\. .*X\.groupby\(level=0\)",
    ):
        exact(pooling=pooling).fit(y, X=with_cell(X, 46, np.nan), fh=[1])
    # sktime's: "Forecaster LSTMForecaster(...whole repr...) does not support
    # categorical features in exogenous X."
    with pytest.raises(
        TypeError,
        match=r"^Column 'promo' of X has dtype object .* 'yes' at \('b', "
        r"Period\('2000-04', 'M'\)\): text and categorical",
    ):
        exact(pooling=pooling).fit(y, X=with_cell(X, 46, "yes"), fh=[1])


@pytest.mark.parametrize("pooling", ["global", "local"])
def test_bad_future_X_is_named_at_predict(pooling):
    X = covariates()
    future = X.groupby(level=0).tail(3)
    fitted = exact(pooling=pooling).fit(panel(), X=X.groupby(level=0).head(40))
    fh = [1, 2, 3]
    # the Differencer's "Input X contains infinity or a value too large ..."
    with pytest.raises(
        ValueError,
        match=r"^Input X contains infinity at \('b', Period\('2003-06', 'M'\)\) "
        r"\(row 4, column 'promo'\)",
    ):
        fitted.predict(fh=fh, X=with_cell(future, 4, np.inf))
    # sktime's: "cannot handle missing data (nans), but X passed ..."
    with pytest.raises(ValueError, match=r"^Input X contains NaN at \('c'"):
        fitted.predict(fh=fh, X=with_cell(future, 7, np.nan))
    # sktime's 2,300 characters: "input X must be in an sktime compatible format"
    with pytest.raises(
        ValueError,
        match=r"^The time index of series 'c' of X is unsorted: 2003-06 follows "
        r"2003-07\. .*X\.sort_index\(\)",
    ):
        fitted.predict(fh=fh, X=future.iloc[::-1])


def test_bad_X_is_named_at_update_and_pretrain():
    y, X = panel(n=42), covariates()
    fitted = exact().fit(y.groupby(level=0).head(40), X=X, fh=[1])
    new_y = y.groupby(level=0).tail(2)
    new_X = X.groupby(level=0).nth([40, 41])
    with pytest.raises(ValueError, match=r"^Input X contains NaN at \('b'"):
        fitted.update(new_y, X=with_cell(new_X, 3, np.nan), update_params=False)
    with pytest.raises(TypeError, match=r"'yes' at \('a'.*categorical"):
        fitted.update(new_y, X=with_cell(new_X, 0, "yes"), update_params=False)
    assert fitted.cutoff[0] == pd.Period("2003-04", "M")  # nothing changed
    with pytest.raises(ValueError, match=r"^Input X contains NaN at \('b'"):
        exact().pretrain(panel(), X=with_cell(covariates(n=40), 46, np.nan), fh=[1])


def test_rows_out_of_order_in_one_series_X_are_named():
    y = panel().loc["a"]
    X = covariates().loc["a"]
    fitted = exact().fit(y, X=X.iloc[:40], fh=[1, 2])
    with pytest.raises(
        ValueError, match=r"^The time index of X must be strictly increasing"
    ):
        fitted.predict(X=X.iloc[40:].iloc[::-1])
    with pytest.raises(ValueError, match=r"^Input X contains infinity at 2003-06"):
        fitted.predict(X=with_cell(X.iloc[40:], 1, np.inf))


def test_X_may_run_past_y_hold_series_y_lacks_and_numbers_as_objects():
    # future rows at fit and an extra series are no error (ignored, as before);
    # numbers stored as objects were sktime's "categorical features"
    y, X = panel(names="ab"), covariates(names="abc")
    as_objects = X.astype(object)  # numbers stored as objects, read as floats
    expected = exact().fit(y, X=X, fh=[1, 2]).predict(X=X)
    predicted = exact().fit(y, X=as_objects, fh=[1, 2]).predict(X=as_objects)
    pd.testing.assert_frame_equal(predicted, expected)
    assert predicted.index.get_level_values(0).unique().tolist() == ["a", "b"]


# -- F5: a Series indexed as a panel ---------------------------------------------
def test_a_series_indexed_as_a_panel_is_refused_with_to_frame():
    # sktime 1.2 has no panel mtype of pd.Series: a 2,300-character TypeError
    with pytest.raises(TypeError, match=r"^y is a pandas Series .* y\.to_frame\(\)"):
        exact().fit(panel()["y"], fh=[1])
    fitted = exact().fit(panel(n=38), fh=[1])
    with pytest.raises(TypeError, match=r"y\.to_frame\(\)"):
        fitted.update(panel()["y"], update_params=False)
    with pytest.raises(TypeError, match=r"^X is a pandas Series .* X\.to_frame\(\)"):
        exact().fit(panel(), X=covariates()["promo"], fh=[1])


# -- F13: ids that print alike ----------------------------------------------------
def test_series_ids_that_print_alike_are_refused_at_fit_as_at_update():
    # both were fitted, and forecast as two series shown as 1
    ids = panel().rename(index={"a": 1, "b": "1"}, level=0)
    message = r"^y has series 1 \(int\) and '1' \(str\) in level 0 .* one type"
    for pooling in ("global", "local"):
        with pytest.raises(ValueError, match=message):
            exact(pooling=pooling).fit(ids, fh=[1])
    with pytest.raises(ValueError, match=message):
        exact().pretrain(ids, fh=[1])
    distinct = panel().rename(index={"a": 1, "b": "2"}, level=0)  # mixed, apart
    assert len(exact().fit(distinct, fh=[1]).predict()) == 3
    # a frame sliced keeps "1" in its index's levels, no row with it
    sliced = ids[ids.index.get_level_values(0) != "1"]
    assert len(exact().fit(sliced, fh=[1]).predict()) == 2


# -- F14: index levels sharing a name ------------------------------------------------
def test_index_levels_sharing_a_name_are_refused():
    # pandas' "Cannot create duplicate column labels" from sktime's get_cutoff
    y = panel()
    y.index = y.index.set_names(["id", "id"])
    with pytest.raises(
        ValueError,
        match=r"^The index levels of y share names: \['id', 'id'\]\. .*"
        r"y\.index\.set_names\(\['series', 'time'\]\)",
    ):
        exact().fit(y, fh=[1])
    X = covariates()
    X.index = X.index.set_names(["id", "id"])
    with pytest.raises(ValueError, match=r"^The index levels of X share names"):
        exact().fit(panel(), X=X, fh=[1])


# -- the routes past fit and update ------------------------------------------------
def _series_or_panel(pooling, n):
    """Series 'a' of :func:`panel` (``pooling`` None), else the panel."""
    return panel(n=n).loc["a"] if pooling is None else panel(n=n)


def _refusal(call):
    """The type and message of the error ``call`` raises."""
    with pytest.raises((TypeError, ValueError)) as caught:
        call()
    return type(caught.value), str(caught.value)


BAD_VALUES = {"NaN": np.nan, "text": "n/a"}
#: the start of skltsm's message for each way of spoiling y
SAYS = {
    "NaN": "Input y contains NaN at",
    "text": "Column 'y' of y has dtype object",
    "unsorted": "The time index of ",
}


def _spoiled(y, bad):
    """``y`` with a NaN or text at its row 1, or its rows in reverse order."""
    return y.iloc[::-1] if bad == "unsorted" else with_cell(y, 1, BAD_VALUES[bad])


UPDATE_ROUTES = {
    "update_predict_single": lambda forecaster, y: forecaster.update_predict_single(
        y, fh=[1], update_params=False
    ),
    "update_predict": lambda forecaster, y: forecaster.update_predict(
        y, cv=ExpandingWindowSplitter(fh=[1], initial_window=1), update_params=False
    ),
}


@pytest.mark.parametrize("route", list(UPDATE_ROUTES))
@pytest.mark.parametrize("bad", list(SAYS))
@pytest.mark.parametrize("pooling", [None, "global", "local"])
def test_bad_new_y_gets_updates_message_from_update_predict(route, bad, pooling):
    # sktime's: "cannot handle missing data (nans)", "Forecasters do not
    # support categorical features in endogeneous y.", and for unsorted rows
    # (update too) "must be in an sktime compatible format"
    fitted = exact(pooling=pooling or "global")
    fitted.fit(_series_or_panel(pooling, 40), fh=[1])
    new_rows = _series_or_panel(pooling, 43)
    new_rows = new_rows[new_rows.index.get_level_values(-1) > MONTHS[39]]
    new_rows = _spoiled(new_rows, bad)
    expected = _refusal(lambda: fitted.update(new_rows, update_params=False))
    assert expected[1].startswith(SAYS[bad])
    assert _refusal(lambda: UPDATE_ROUTES[route](fitted, new_rows)) == expected


@pytest.mark.parametrize("bad", list(SAYS))
@pytest.mark.parametrize("pooling", [None, "global", "local"])
def test_bad_y_gets_fits_message_from_fit_predict(bad, pooling):
    # sktime's, as above
    y = _spoiled(_series_or_panel(pooling, 40), bad)
    forecaster = exact(pooling=pooling or "global")
    expected = _refusal(lambda: forecaster.fit(y, fh=[1]))
    assert expected[1].startswith(SAYS[bad])
    assert _refusal(lambda: forecaster.fit_predict(y, fh=[1])) == expected


# -- X without rows of y, one series ----------------------------------------------
def test_X_without_rows_of_one_series_y_is_named_as_for_a_panel():
    """A single series gets the panel's message, not sktime's "series 0 ... series 0".

    A panel whose X lacks rows of y is told "X passed to fit has no rows at
    [...], where y has observations"; one series got sktime's "(time) indices
    of series 0 are not contained in index of series 0, extra indices are:
    ...", at fit and at update, which names no method and no way out.
    """
    y, X = panel(n=43).loc["a"], covariates().loc["a"]
    with pytest.raises(ValueError, match=r"^X passed to fit has no rows at .*2000-01"):
        exact().fit(y.iloc[:40], X=X.iloc[5:40], fh=[1])
    fitted = exact().fit(y.iloc[:40], X=X.iloc[:40], fh=[1])
    with pytest.raises(
        ValueError, match=r"^X passed to update has no rows at .*2003-07"
    ):
        fitted.update(y.iloc[40:], X=X.iloc[40:42], update_params=False)
    assert fitted.cutoff[0] == MONTHS[39]  # nothing changed
