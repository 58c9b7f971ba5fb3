"""sktime interface: :class:`LSTMForecaster`, a skltsm pipeline as a forecaster.

Needs the ``sktime`` extra (``pip install skltsm[sktime]``).

Examples
--------
>>> from skltsm.sktime import LSTMForecaster
>>> LSTMForecaster(strategy="direct").get_tag("requires-fh-in-fit")
True
"""

from skltsm.sktime._forecaster import LSTMForecaster

__all__ = ["LSTMForecaster"]
