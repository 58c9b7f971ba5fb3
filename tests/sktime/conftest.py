"""Fixtures of the sktime adapter's tests: exact pipelines and tiny LSTMs.

Nothing here imports sktime, so that this file loads without it: each test
module skips itself with ``pytest.importorskip("sktime")``. A skip raised
while a conftest is imported is a collection error when pytest is run on
``tests/sktime`` itself (it only skips the folder when pytest reaches the
folder from above).
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression

from skltsm import Differencer, LagTransformer, make_forecast_pipeline
from tests.conftest import tiny_pipeline


def linear_pipeline(look_back=3):
    """Differencing and a linear regression: exact on the series below."""
    return make_forecast_pipeline(
        Differencer(), LagTransformer(look_back=look_back), LinearRegression()
    )


#: sktime's index types of y and fh in test_predict_time_index's case ids
INDEX_FH_TYPES = (
    "int-int-True", "int-int-False", "range-int-True", "range-int-False",
    "period-int-True", "period-period-False", "datetime-int-True",
    "datetime-datetime-False", "datetime-timedelta-True",
)  # fmt: skip

#: the update kinds in test_update_predict_predicted_index's case ids
UPDATE_KINDS = (
    "update_params=True", "update_params=False-step=1", "update_params=False-step=5",
)  # fmt: skip


def time_index_cases(estimator: str) -> tuple[str, ...]:
    """sktime's ``test_predict_time_index`` cases worth running (63 of 108).

    Every index type and fh kind on one column; on two columns, the fh that
    mixes in-sample and future steps only: a second column changes which
    columns are forecast, not their time labels.
    """
    one_column = tuple(
        f"{estimator}-y:1cols-fh={fh}-{index}"
        for fh in ("1", "[2 5]", "-3", "[-2 -5]", "0", "[-3  2]")
        for index in INDEX_FH_TYPES
    )
    return one_column + tuple(
        f"{estimator}-y:2cols-fh=[-3  2]-{index}" for index in INDEX_FH_TYPES
    )


def update_index_cases(estimator: str) -> tuple[str, ...]:
    """sktime's ``test_update_predict_predicted_index`` cases worth running (16 of 24).

    Every update kind, window and fh on one column; on two columns the
    refitting update only, the one that fits the columns again: the others
    move the cutoff, whatever the columns.
    """
    one_column = tuple(
        f"{estimator}-y:1cols-{update}-{window}-fh={fh}"
        for update in UPDATE_KINDS
        for window in (0, 1)
        for fh in ("1", "[2 5]")
    )
    return one_column + tuple(
        f"{estimator}-y:2cols-update_params=True-{window}-fh={fh}"
        for window in (0, 1)
        for fh in ("1", "[2 5]")
    )


def run_sktime_check(estimator, check: str, cases=None) -> None:
    """Run sktime's ``check`` on ``estimator``: every case, or the ``cases`` named.

    ``cases`` are sktime's fixture ids (as :func:`time_index_cases` gives
    them); each must run, or the check fails.
    """
    # imported here: this file loads without sktime (see its docstring)
    from sktime.utils.estimator_checks import check_estimator

    fixtures = [f"{check}[{case}]" for case in cases] if cases else None
    results = check_estimator(
        estimator,
        tests_to_run=None if cases else check,
        fixtures_to_run=fixtures,
        raise_exceptions=True,
    )
    if cases:  # each case ran: sktime still names its cases so
        assert sorted(results) == sorted(fixtures), sorted(results)


def run_tiny_network_check(estimator, check: str, cases=None) -> None:
    """:func:`run_sktime_check` on tiny networks, their expected warnings silenced.

    sktime's series are tiny: few calibration residuals, first rows without
    history, and networks of one or two epochs that lose to the naive ones.
    """
    from skltsm.exceptions import (
        BaselineWarning,
        CalibrationWarning,
        InsufficientHistoryWarning,
    )

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalibrationWarning)
        warnings.simplefilter("ignore", InsufficientHistoryWarning)
        warnings.simplefilter("ignore", BaselineWarning)
        run_sktime_check(estimator, check, cases)


#: sktime's checks that skltsm's pretrainable composites skip: sktime's own
#: composite code, which the subclasses do not change, around an
#: ``LSTMForecaster`` that passes them itself (test_check_estimator.py);
#: slow on the tiny LSTM (4 to 60 s each)
SKTIMES_COMPOSITE_CHECKS = (
    "test_predict_time_index",
    "test_predict_time_index_in_sample_full",
    "test_update_predict_predicted_index",
    "test_update_predict_single",
    "test_update_with_exogenous_variables",
    "test_predict_interval",
    "test_predict_quantiles",
    "test_fit_idempotent",
    "test_methods_have_no_side_effects",
    "test_non_state_changing_method_contract",
    "test_deepcopy_fitted_predict",
    "test_persistence_via_pickle",  # each composite's test pickles it pretrained
    "test_save_estimators_to_file",
    "test_score",
)


class WarmLinearRegression(LinearRegression):
    """A linear regression with ``warm_start`` and ``epochs``: skltsm trains it on.

    Least squares trained to convergence ends where it would from any start:
    going on from its coefficients is refitting. Fine-tuning and a further
    ``pretrain`` refuse a regressor without ``warm_start`` and ``epochs``
    (those of a network); this one keeps their tests exact. ``epochs`` is
    ignored.
    """

    def __init__(self, *, fit_intercept=True, warm_start=False, epochs=1):
        super().__init__(fit_intercept=fit_intercept)
        self.warm_start = warm_start
        self.epochs = epochs


def warm_linear_pipeline(look_back=3):
    """:func:`linear_pipeline` with a regressor that can train further."""
    return make_forecast_pipeline(
        Differencer(), LagTransformer(look_back=look_back), WarmLinearRegression()
    )


def lstm_pipeline(look_back=3, **regressor_params):
    """A tiny LSTM pipeline (about a second a fit)."""
    return tiny_pipeline(look_back=look_back, **regressor_params)


@pytest.fixture
def trend() -> pd.Series:
    """A straight line on a monthly PeriodIndex: every forecast is exact."""
    index = pd.period_range("2000-01", periods=40, freq="M")
    return pd.Series(5.0 + 2.0 * np.arange(40), index=index, name="level")


@pytest.fixture
def driven():
    """y[t] = y[t-1] + x[t]: the change at t is the covariate at t (known ahead)."""
    rng = np.random.default_rng(0)
    index = pd.period_range("2000-01", periods=60, freq="M")
    x = pd.DataFrame({"x": rng.normal(size=60)}, index=index)
    y = (100 + x["x"].cumsum()).rename("y")
    return y, x
