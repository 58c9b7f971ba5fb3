"""How the data fitted is indexed, which an update must match.

``LSTMForecaster`` keeps, from the data of ``fit``, the number of index
levels (one series, or a panel and its levels of keys), the kind of its time
labels (periods, timestamps or integers) and their frequency: a
:class:`DataKind`, from :func:`kind_of`. ``update`` refuses new data of
another kind (:func:`check_same_kind`) before sktime compares its labels with
the cutoff: the networks forecast steps of the frequency they were fitted at.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
from sktime.datatypes import VectorizedDF

from skltsm._series._frequency import (
    at_a_coarser_frequency,
    at_another_frequency,
    index_frequency,
)
from skltsm._series._panel import time_labels_kind
from skltsm._series._time_index import index_kind

__all__ = ["DataKind", "check_same_kind", "kind_of"]


def _time_labels(y) -> tuple[int, pd.Index]:
    """Return the index levels of ``y`` and its time labels (a panel's time level).

    ``y`` as sktime passes it on: a frame, or a ``VectorizedDF`` of a panel
    that sktime loops over (local pooling).
    """
    frame = y.X_multiindex if isinstance(y, VectorizedDF) else y
    return frame.index.nlevels, time_labels_kind(frame.index)


class DataKind(NamedTuple):
    """How the data fitted is indexed, which an update must match."""

    levels: int  #: index levels: 1 for one series, more for a panel
    kind: str  #: of the time labels (``index_kind``): ``period[M]``, ``datetime[D]``
    frequency: pd.DateOffset | None  #: of the time labels, when known


def kind_of(y) -> DataKind:
    """Return the index levels of ``y``, the kind of its time labels, their frequency.

    The kind of timestamps names their frequency when it is known, as that
    of periods does: ``datetime[D]`` like ``period[D]``.
    """
    levels, labels = _time_labels(y)
    frequency = index_frequency(labels)
    return DataKind(levels, index_kind(labels, frequency), frequency)


def _describe_levels(n_levels: int) -> str:
    if n_levels == 1:
        return "one series (an index of time)"
    keys = "series" if n_levels == 2 else f"{n_levels - 1} levels of series keys"
    return f"a panel indexed by ({keys}, time)"


def check_same_kind(
    y, fitted: DataKind, *, pretrained: bool = False, method: str = "update"
) -> None:
    """Refuse new data ``y`` of another kind than the data fitted (:func:`kind_of`).

    With ``pretrained``, ``y`` is the data of a ``fit`` after ``pretrain``
    (or of a further ``pretrain``) and ``fitted`` the pretraining panel's
    kind: one series may follow a panel, and month-end or month-start dates
    periods, but not a finer frequency, nor a coarser one (the network
    forecasts steps of the frequency it was trained at). ``y`` is then whole,
    so a coarser frequency is told apart from rows that skip steps
    (:func:`~skltsm._series._frequency.at_a_coarser_frequency`); an update's
    new rows are not, and a coarser update of timestamps fails the check
    that it continues the series instead. ``method`` names the call in
    messages (``"fit"``, ``"pretrain"``).

    Raises
    ------
    ValueError
        One series after a panel, a panel after one series, or another
        number of series levels (not checked with ``pretrained``).
    TypeError
        Time labels of another kind (periods, timestamps, integers; not
        checked with ``pretrained``) or another frequency
        (:func:`~skltsm._series._frequency.at_another_frequency`).
    """
    levels, labels = _time_labels(y)
    fitted_levels, fitted_times, fitted_frequency = fitted
    done = "pretrained" if pretrained else "fitted"
    again = (
        "pretrain on data of that kind, or fit a forecaster that was not pretrained"
        if pretrained
        else "fit again"
    )
    if levels != fitted_levels and not pretrained:
        raise ValueError(
            f"y passed to update is {_describe_levels(levels)}, but LSTMForecaster "
            f"was fitted on {_describe_levels(fitted_levels)}; pass new rows "
            "indexed as in fit, or fit again."
        )
    if fitted_frequency is None:  # integers, a timestamp or two
        times = index_kind(labels)
        same_type = times == fitted_times
    else:  # "period[D]", "datetime[h]": the type, then the frequency
        times = index_kind(labels, index_frequency(labels))
        same_type = times.partition("[")[0] == fitted_times.partition("[")[0]
    differ = (
        f"y passed to {method} has time labels of kind {times}, but "
        f"LSTMForecaster was {done} on labels of kind {fitted_times}"
    )
    if not same_type and not pretrained:
        raise TypeError(
            f"{differ}; pass rows on the time index {done} on (the same type "
            f"and frequency), or {again}."
        )
    if pretrained and isinstance(labels, pd.PeriodIndex):
        labels = labels.to_timestamp()  # months as dates: MS, ME and M alike
    if at_another_frequency(labels, fitted_frequency):
        raise TypeError(
            f"{differ}: another frequency, and the networks forecast steps of the "
            f"frequency {done}. Pass rows at that frequency (aggregate them to "
            f"it, e.g. with resample), or {again}."
        )
    if pretrained and at_a_coarser_frequency(labels, fitted_frequency):
        instead = (
            "pretrain further on data at the frequency pretrained, or call reset() "
            "to pretrain anew at this one"
            if method == "pretrain"
            else "pretrain on data at the frequency of y, or fit a forecaster that "
            "was not pretrained"
        )
        raise TypeError(
            f"{differ}: a coarser frequency, and the network forecasts steps of the "
            "frequency pretrained: it would read each step of y as one step of "
            f"that frequency. Rows of y cannot be split into finer steps; {instead}."
        )
