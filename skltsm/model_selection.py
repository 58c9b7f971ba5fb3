"""Model selection for forecasts: panel splits, and the naive forecasts to beat.

:func:`baseline_scores` scores a fitted forecast pipeline beside the naive and
seasonal naive forecasts of the same rows (see :mod:`skltsm._forecast._baselines`).

Cross-validation for long panel frames: every split cuts all series at once.

scikit-learn's :class:`~sklearn.model_selection.TimeSeriesSplit` counts rows,
so on a panel stacked series after series its folds would train on the later
rows of one series and test on the earlier rows of the next.
:class:`PanelTimeSeriesSplit` applies ``TimeSeriesSplit`` to the sorted time
points of the panel instead and maps each fold of time points back to the rows
that carry them, whatever series they belong to.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
from sklearn.model_selection import BaseCrossValidator, TimeSeriesSplit
from sklearn.utils._param_validation import validate_parameter_constraints

from skltsm._constraints import NON_NEGATIVE_INT, POSITIVE_INT, Integers
from skltsm._forecast._baselines import baseline_scores
from skltsm._series._panel import (
    check_key_levels,
    check_time_not_first,
    shown_ids,
)
from skltsm._series._time_index import index_kind, is_time_index
from skltsm._warn import warn
from skltsm.exceptions import InsufficientHistoryWarning

__all__ = ["PanelTimeSeriesSplit", "baseline_scores"]

_LONG_FRAME_HINT = (
    "Pass a long frame indexed (series, time), e.g. "
    "df.set_index(['series', 'time']); for a single series use "
    "sklearn.model_selection.TimeSeriesSplit."
)


class PanelTimeSeriesSplit(BaseCrossValidator):
    """Like sklearn's ``TimeSeriesSplit``, for a long panel indexed (series, time).

    Every split cuts all series at the same time: the split is scikit-learn's
    :class:`~sklearn.model_selection.TimeSeriesSplit` applied to the sorted
    distinct time points of ``X`` (the values of the last level of its
    index); the test fold then holds every row whose time is among the
    ``test_size`` time points of that fold, for all series, and the training
    set every row whose time comes before them (less ``gap`` time points). No
    test row therefore precedes a training row of any series.

    Series may have different lengths, starts and ends (a ragged panel): rows
    are selected by their time label only, so a series that has no rows at a
    fold's test time points simply has no test rows in that fold. A series
    that starts late may have too few rows before an early fold's cut for one
    look-back window of a forecast pipeline: its first test rows there have
    no forecast (NaN, with an ``InsufficientHistoryWarning`` that names it),
    scikit-learn's scorers refuse NaN, and the whole fold scores NaN, for
    every series; a search whose folds are all NaN returns its first
    candidate. Set ``min_train_size`` to the pipeline's ``warmup_`` to leave
    such series out of the folds that cannot forecast them: every test row
    then has a forecast. By default (``None``) every series is tested, and a
    series with test rows but no training rows in a fold is named in an
    ``InsufficientHistoryWarning`` when :meth:`split` is called: a forecast
    pipeline fitted on that fold has never seen it and refuses it.

    Parameters
    ----------
    n_splits : int, default=5
        Number of splits. Must be at least 2.
    test_size : int, default=None
        Number of time points (not rows) in each test fold. Defaults to
        ``n_time_points // (n_splits + 1)``, as ``TimeSeriesSplit`` does.
    gap : int, default=0
        Number of time points left out between the end of each training set
        and the start of its test fold. A forecast pipeline
        (:class:`skltsm.ForecastPipeline`) cannot score a fold with a gap: it
        stores the training rows as history, its first test rows' look-back
        windows read the gap's rows, which it never saw, and every fold
        scores NaN. Leave ``gap=0`` for it; to score forecasts made ``h``
        steps ahead, give its ``LagTransformer`` ``horizon=h`` instead.
    min_train_size : int or None, default=None
        Fewest training rows a series needs in a fold for its rows to be in
        that fold's test set (``TimeSeriesSplit``'s ``max_train_size``
        bounds the training set from above; sktime's ``SyncToLongest`` calls
        its like ``min_length``). A series with fewer, one that starts late,
        is left out of that fold's test set and keeps its training rows;
        every split still cuts all series at the same time. Set it to a
        forecast pipeline's ``warmup_``, the rows of history its first
        forecast of a series reads (``look_back + horizon - 1`` plus the
        lags of its ``Differencer`` steps; in a search, the largest among the
        candidates, so that all are scored on the same rows). ``None``
        tests every series.

    See Also
    --------
    sklearn.model_selection.TimeSeriesSplit : The same splits for one series,
        counted in rows.

    Notes
    -----
    ``X`` is a pandas ``DataFrame`` or ``Series`` whose index is a
    ``MultiIndex`` of at least two levels: the last level is time (periods,
    datetimes or integers), the levels before it identify the series (one for
    a panel, more for a hierarchy). Within each series the times must be
    strictly increasing in row order; the series themselves may come in any
    order and may even be interleaved. The positions yielded refer to the
    rows of ``X`` in their given order, in ascending order.

    The parameters are validated when :meth:`split` or :meth:`get_n_splits`
    is called, as scikit-learn estimators validate theirs in ``fit``: an
    invalid value raises
    :class:`sklearn.utils._param_validation.InvalidParameterError`.

    Examples
    --------
    Series ``a`` runs from 2000 to 2004, series ``b`` from 2002 to 2006: seven
    time points, cut into two test folds of two years each.

    >>> import pandas as pd
    >>> from skltsm.model_selection import PanelTimeSeriesSplit
    >>> index = pd.MultiIndex.from_arrays(
    ...     [["a"] * 5 + ["b"] * 5, [*range(2000, 2005), *range(2002, 2007)]],
    ...     names=["series", "year"],
    ... )
    >>> X = pd.DataFrame({"x": range(10)}, index=index)
    >>> cv = PanelTimeSeriesSplit(n_splits=2, test_size=2)
    >>> cv
    PanelTimeSeriesSplit(gap=0, min_train_size=None, n_splits=2, test_size=2)
    >>> for train, test in cv.split(X):
    ...     years = X.index[test].get_level_values("year")
    ...     print(train, test, sorted(set(years)))
    [0 1 2 5] [3 4 6 7] [2003, 2004]
    [0 1 2 3 4 5 6 7] [8 9] [2005, 2006]

    With ``min_train_size=2``, ``b``, which has one training year in the
    first split, is tested from the second split on:

    >>> cv = PanelTimeSeriesSplit(n_splits=2, test_size=2, min_train_size=2)
    >>> for train, test in cv.split(X):
    ...     print(train, test)
    [0 1 2 5] [3 4]
    [0 1 2 3 4 5 6 7] [8 9]

    Pass it as ``cv`` to ``GridSearchCV``, ``cross_val_score`` and the like.
    """

    _parameter_constraints: dict = {
        "n_splits": [Integers(2, None, closed="left")],
        "test_size": [POSITIVE_INT, None],
        "gap": [NON_NEGATIVE_INT],
        "min_train_size": [POSITIVE_INT, None],
    }

    def __init__(
        self,
        n_splits: int = 5,
        *,
        test_size: int | None = None,
        gap: int = 0,
        min_train_size: int | None = None,
    ):
        self.n_splits = n_splits
        self.test_size = test_size
        self.gap = gap
        self.min_train_size = min_train_size

    def get_n_splits(self, X=None, y=None, groups=None) -> int:
        """Return the number of splits, ``n_splits``.

        Parameters
        ----------
        X : object, default=None
            Always ignored, exists for API compatibility.
        y : object, default=None
            Always ignored, exists for API compatibility.
        groups : object, default=None
            Always ignored, exists for API compatibility.

        Returns
        -------
        n_splits : int
            The number of splits :meth:`split` yields.

        Examples
        --------
        >>> PanelTimeSeriesSplit(n_splits=3).get_n_splits()
        3
        """
        self._validate_params()
        return self.n_splits

    def split(
        self, X: pd.DataFrame | pd.Series, y=None, groups=None
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Generate the row positions of the training and test set of each split.

        ``X`` is checked when ``split`` is called, not when the first split is
        drawn, so that a bad panel fails before any fitting starts.

        Parameters
        ----------
        X : pandas.DataFrame or pandas.Series
            Long panel frame whose index is a ``MultiIndex`` (series ...,
            time); see the class notes.
        y : object, default=None
            Always ignored, exists for API compatibility.
        groups : object, default=None
            Always ignored, exists for API compatibility.

        Returns
        -------
        splits : iterator of (train, test)
            ``train`` and ``test`` are ascending integer positions of rows of
            ``X``, one pair per split.

        Raises
        ------
        TypeError
            If ``X`` is not a pandas object or its time level does not hold
            periods, datetimes or integers.
        ValueError
            If the index of ``X`` is not a ``MultiIndex`` of at least two
            levels, has missing or duplicated (series, time) labels, is not
            sorted by time within a series, or has too few time points for the
            requested splits, or if ``min_train_size`` leaves a test fold
            without rows.

        Examples
        --------
        >>> import pandas as pd
        >>> index = pd.MultiIndex.from_product([["a", "b"], range(4)])
        >>> X = pd.Series(range(8), index=index)
        >>> [test.tolist() for _, test in PanelTimeSeriesSplit(3).split(X)]
        [[1, 5], [2, 6], [3, 7]]
        """
        self._validate_params()
        if groups is not None:
            warn(
                f"The groups parameter is ignored by {type(self).__name__}",
                UserWarning,
            )
        time_codes, n_time = _time_codes(X)
        folds = self._time_point_folds(n_time, X.index.names[-1])
        if self.min_train_size is None:
            _warn_unseen_in_training(X.index, time_codes, n_time, folds)
            tested = [None] * len(folds)
        else:
            tested = self._tested_series(X.index, time_codes, n_time, folds)
        return (
            (
                _rows_at(time_codes, train, n_time),
                _rows_of(_rows_at(time_codes, test, n_time), series),
            )
            for (train, test), series in zip(folds, tested, strict=True)
        )

    def _validate_params(self) -> None:
        validate_parameter_constraints(
            self._parameter_constraints,
            {
                "n_splits": self.n_splits,
                "test_size": self.test_size,
                "gap": self.gap,
                "min_train_size": self.min_train_size,
            },
            caller_name=type(self).__name__,
        )

    def _tested_series(
        self,
        index: pd.MultiIndex,
        time_codes: np.ndarray,
        n_time: int,
        folds: list[tuple[np.ndarray, np.ndarray]],
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each row's series, and each series' ``min_train_size`` test, per fold.

        Each item is ``(series_codes, tested)``: the position of each row's
        series and whether each series has ``min_train_size`` training rows
        in that fold. Raises ``ValueError`` when that leaves a fold without
        test rows.
        """
        series_codes, ids = pd.factorize(index.droplevel(-1), use_na_sentinel=False)
        tested = []
        for number, (train, test) in enumerate(folds, start=1):
            # the training time points are a prefix of the sorted time points
            training = np.bincount(
                series_codes[time_codes < len(train)], minlength=len(ids)
            )
            tested.append((series_codes, training >= self.min_train_size))
            if not len(_rows_of(_rows_at(time_codes, test, n_time), tested[-1])):
                raise ValueError(
                    f"min_train_size={self.min_train_size} leaves fold {number} of "
                    f"{len(folds)} without test rows: no series with rows at its "
                    f"test time points has {self.min_train_size} training rows "
                    "before them. Ask for fewer splits or a smaller test_size, or "
                    "pass a smaller min_train_size."
                )
        return tested

    def _time_point_folds(
        self, n_time: int, time_name: object
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """scikit-learn's folds of the ``n_time`` sorted time points."""
        splitter = TimeSeriesSplit(
            self.n_splits, test_size=self.test_size, gap=self.gap
        )
        try:
            # list(): TimeSeriesSplit checks the sizes on the first draw only
            return list(splitter.split(np.zeros((n_time, 1))))
        except ValueError as error:
            raise ValueError(
                f"X has {n_time} distinct time points (level {time_name!r} of its "
                f"index), too few for n_splits={self.n_splits}, test_size="
                f"{self.test_size} and gap={self.gap}, which count time points. "
                f"sklearn's TimeSeriesSplit, applied to the time points, says: "
                f"{error} Ask for fewer splits, a smaller test_size or gap, or "
                f"pass a longer panel."
            ) from error


def _time_codes(X: object) -> tuple[np.ndarray, int]:
    """Validate a long panel; return each row's rank among the time points.

    Returns
    -------
    time_codes : ndarray of shape (n_rows,)
        Position of each row's time in the sorted distinct time points.
    n_time : int
        Number of distinct time points.
    """
    if not isinstance(X, pd.DataFrame | pd.Series):
        raise TypeError(
            "PanelTimeSeriesSplit needs X as a pandas DataFrame or Series indexed "
            f"(series, time); got {type(X).__name__}. {_LONG_FRAME_HINT}"
        )
    index = X.index
    if not isinstance(index, pd.MultiIndex) or index.nlevels < 2:
        raise ValueError(
            "PanelTimeSeriesSplit needs the index of X to be a MultiIndex of at "
            "least two levels, the series then time; got a "
            f"{type(index).__name__} of {index.nlevels} level. {_LONG_FRAME_HINT}"
        )
    check_time_not_first(index)  # the likelier cause first
    time = index.get_level_values(-1)
    if not is_time_index(time):
        raise TypeError(
            f"The last level of the index of X ({time.name!r}) is the time and "
            "must hold periods, datetimes or integers; got "
            f"{index_kind(time)}. Put time last, e.g. "
            "df.set_index(['series', 'time']), and convert it, e.g. with "
            "pd.PeriodIndex(..., freq='M') or pd.to_datetime(...)."
        )
    check_key_levels(index, "X")  # an id missing in any level before time
    if time.hasnans:
        row = int(np.flatnonzero(time.isna())[0])
        raise ValueError(
            f"The time level of the index of X has a missing value at row {row}. "
            "Drop or fill that row first."
        )
    time_codes, time_points = pd.factorize(time, sort=True)
    if len(index):
        _check_sorted_within_series(index, time_codes)
    return time_codes, len(time_points)


def _check_sorted_within_series(index: pd.MultiIndex, time_codes: np.ndarray) -> None:
    """Raise ``ValueError`` for duplicated or unsorted times within a series."""
    duplicated = index.duplicated()
    if duplicated.any():
        row = int(np.flatnonzero(duplicated)[0])
        raise ValueError(
            f"X has more than one row for (series, time) {index[row]!r} (row "
            f"{row}): each series may have one row per time point. Drop or "
            "aggregate the duplicates first, e.g. "
            "df.groupby(level=list(range(df.index.nlevels))).mean()."
        )
    series_codes, _ = pd.factorize(index.droplevel(-1), use_na_sentinel=False)
    # stable: the rows of each series stay in X's order, which must be time order
    order = np.argsort(series_codes, kind="stable")
    same_series = series_codes[order][1:] == series_codes[order][:-1]
    backwards = same_series & (time_codes[order][1:] < time_codes[order][:-1])
    if backwards.any():
        k = int(np.flatnonzero(backwards)[0])
        before, after = int(order[k]), int(order[k + 1])
        labels = index[after][:-1]
        series = labels[0] if len(labels) == 1 else labels
        raise ValueError(
            "The times of each series must increase down the rows of X; series "
            f"{series!r} has time {index[after][-1]!r} at row {after} after "
            f"{index[before][-1]!r} at row {before}. Sort the rows first, "
            "e.g. df.sort_index()."
        )


def _warn_unseen_in_training(
    index: pd.MultiIndex,
    time_codes: np.ndarray,
    n_time: int,
    folds: list[tuple[np.ndarray, np.ndarray]],
) -> None:
    """Warn of series that have test rows but no training rows in a fold.

    A forecast pipeline fitted on such a fold's training rows keeps no
    history of the series and refuses it: the fold scores NaN, or raises with
    ``error_score="raise"``, and a search over all-NaN folds returns its
    first candidate. Only without ``min_train_size``, which leaves them out.
    """
    if not len(index):
        return
    series_codes, ids = pd.factorize(index.droplevel(-1), use_na_sentinel=False)
    first = np.full(len(ids), np.iinfo(np.int64).max)
    np.minimum.at(first, series_codes, time_codes)
    unseen_in = []  # (fold, its series unseen in training), each fold its own
    for number, (train, test) in enumerate(folds, start=1):
        # the training time points are a prefix: a series has training rows
        # when it starts before the fold's first time point after them
        tested = np.zeros(len(ids), dtype=bool)
        tested[series_codes[_rows_at(time_codes, test, n_time)]] = True
        late = tested & (first >= len(train))
        if late.any():
            unseen_in.append((number, shown_ids(pd.Index(ids)[late])))
    if unseen_in:
        where = "; ".join(
            f"Series {shown} of X have test rows but no training rows in fold "
            f"{number} of {len(folds)}"
            for number, shown in unseen_in
        )
        warn(
            f"{where}: a forecast pipeline fitted on that fold's training rows "
            "keeps no history of them and refuses them, so the fold scores NaN (or "
            'raises with error_score="raise"); a regressor on features of their '
            "own may still predict them, untested on their past. Pass "
            "min_train_size=<the pipeline's warmup_> to leave each series out of "
            "the test folds it has too few training rows for, leave series that "
            "start late out of X, or ask for fewer splits or a smaller test_size "
            "so that every series starts before the first test fold.",
            InsufficientHistoryWarning,
        )


def _rows_of(
    rows: np.ndarray, series: tuple[np.ndarray, np.ndarray] | None
) -> np.ndarray:
    """Keep the ``rows`` of the tested series (``None``: all of them)."""
    if series is None:
        return rows
    series_codes, tested = series
    return rows[tested[series_codes[rows]]]


def _rows_at(
    time_codes: np.ndarray, time_points: np.ndarray, n_time: int
) -> np.ndarray:
    """Positions of the rows whose time is one of ``time_points``."""
    # a lookup table over time points: one pass over the rows, any fold shape
    selected = np.zeros(n_time, dtype=bool)
    selected[time_points] = True
    return np.flatnonzero(selected[time_codes])
