"""sktime's conformance checks on LSTMForecaster, one pytest case per check.

Every check of ``TestAllObjects``, ``TestAllEstimators`` and
``TestAllForecasters`` runs on each of the three ``get_test_params``
instances (one per strategy, two-unit networks trained for two epochs), and
the class-level checks on the class. Checks that cannot
apply are listed in ``EXCLUDED`` with the reason.
"""

import warnings

import pytest
from sktime.utils.estimator_checks import check_estimator, parametrize_with_checks

from skltsm.exceptions import CalibrationWarning, InsufficientHistoryWarning
from skltsm.sktime import LSTMForecaster

#: check name -> why it is not run
EXCLUDED: dict[str, str] = {}


INSTANCES = [LSTMForecaster(**params) for params in LSTMForecaster.get_test_params()]


# one case per instance and check, so that pytest-xdist can spread them
@parametrize_with_checks(INSTANCES)
def test_sktime_check(obj, test_name):
    if test_name in EXCLUDED:
        pytest.skip(EXCLUDED[test_name])
    with warnings.catch_warnings():
        # tiny series: few calibration residuals, first rows without history
        warnings.simplefilter("ignore", CalibrationWarning)
        warnings.simplefilter("ignore", InsufficientHistoryWarning)
        check_estimator(obj, tests_to_run=test_name, raise_exceptions=True)
