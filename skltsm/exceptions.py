"""Warnings that skltsm raises, so that users can filter them by class.

Errors are sklearn's own types (``ValueError``, ``TypeError``,
``sklearn.exceptions.NotFittedError``); only warnings get classes of their own,
following ``skforecast.exceptions``.

Examples
--------
>>> import warnings
>>> from skltsm.exceptions import InsufficientHistoryWarning
>>> warnings.simplefilter("ignore", InsufficientHistoryWarning)
"""

__all__ = [
    "BaselineWarning",
    "CalibrationWarning",
    "ConstantSeriesWarning",
    "InsufficientHistoryWarning",
    "LookAheadWarning",
    "LostWindowsWarning",
    "ShortSeriesWarning",
    "SkltsmWarning",
    "ThinSeriesWarning",
]


class SkltsmWarning(UserWarning):
    """Base class of every warning skltsm emits."""


class ConstantSeriesWarning(SkltsmWarning):
    """The training target is constant, so the model predicts that constant."""


class InsufficientHistoryWarning(SkltsmWarning):
    """Some rows have no complete look-back window, so their prediction is NaN."""


class CalibrationWarning(SkltsmWarning):
    """Intervals whose coverage is not guaranteed.

    Too few calibration residuals for a quantile, or, after ``pretrain``,
    series that were in the pretraining panel, whose held-out rows the
    network may have trained on.
    """


class LookAheadWarning(SkltsmWarning):
    """The model may have trained on what it is scored on.

    Rows forecast whose target is known (rows a scorer can compare), newer
    than their own series' training rows, are older than rows of other
    series the model trained on (a panel split by row position), or
    ``pretrain`` goes on with a network another forecaster pretrained on
    series the new panel lacks (sktime's clone carries it).
    """


class LostWindowsWarning(SkltsmWarning):
    """Training windows were left out: they read NaN, or have no level.

    ``fit`` refuses NaN in ``X``; a step can still make it (a log of negative
    values), and the windows whose inputs or targets read it cannot train.
    With ``window_scaling``, a window whose inputs that set its level are all
    zero has none: its forecast is 0 whatever the network outputs, so it is
    not trained on.
    """


class ShortSeriesWarning(SkltsmWarning):
    """Some series of a panel are too short for one window and are left out.

    After ``pretrain`` without fine-tuning: too short for one forecast.
    """


class ThinSeriesWarning(SkltsmWarning):
    """Some series of a panel span a sliver of the shared network's targets.

    A step fitted on every series (one ``MinMaxScaler``) kept their levels
    apart; ``LSTMRegressor(window_scaling=...)`` puts each window on its own
    scale.
    """


class BaselineWarning(SkltsmWarning):
    """The network forecast the held-out observations worse than its baseline.

    The baseline is the one ``fallback`` names (Theta for the default
    forecaster of one series), else the seasonal naive forecast.
    """
