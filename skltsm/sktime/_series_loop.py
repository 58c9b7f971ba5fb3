"""Series matched by key in sktime's loop over the series of a panel.

With ``pooling="local"``, :class:`~skltsm.sktime.LSTMForecaster` lets
sktime fit one forecaster per series: sktime wraps ``y`` and ``X`` in a
``VectorizedDF`` each and walks them side by side, by position. The i-th
series of ``X`` then goes with the i-th series of ``y``, whatever their keys,
and an update's i-th series with the i-th fitted forecaster. These functions
put ``X`` in the order of the series it goes with, after the checks the
global pooling makes (every series has covariates), so that the loop pairs
series by key; and :class:`SeriesLoop` names the series in its errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd
from sktime.datatypes import VectorizedDF
from sktime.forecasting.base import ForecastingHorizon

from skltsm._forecast._covariates import check_every_series, check_rows_covered
from skltsm._series._panel import check_series_ids
from skltsm._warn import warnings_about

__all__ = [
    "SeriesLoop",
    "covariates_by_series",
    "fitted_in_loop_order",
    "series_keys",
    "unknown_series",
    "with_plain_keys",
]


class SeriesLoop(VectorizedDF):
    """sktime's loop over the series of a panel, naming the series in its errors.

    Each series has a forecaster of its own, whose messages speak of "y":
    with a thousand series, one too short or holding an infinity could not
    be found. An error of one series' ``fit``, ``update`` or ``predict``
    leaves the loop with the key of that series before its message, its type
    unchanged: ``Series 'b': y has 3 observations, ...``; skltsm's warnings
    start with it too.

    Each series' forecaster gets a horizon of its own: sktime passes every
    series the same ``ForecastingHorizon``, whose frequency the first series
    sets; weekly series on another weekday, or months at their end after
    months at their start, were refused ("Frequencies from two sources do
    not coincide"). A model per series forecasts each at its own frequency.
    """

    def _vectorize_est_single(self, vec_tuple: tuple, meta: dict) -> tuple:
        """Run the method of one series' forecaster; name the series if it fails.

        sktime's one step of ``vectorize_est``, on every parallel backend:
        ``vec_tuple`` starts with the series' ``(key, column, data)``; its
        ``fh`` is copied without a frequency, for the series to set its own.
        """
        (series, args, rowvec, estimator) = vec_tuple
        if isinstance(args.get("fh"), ForecastingHorizon):
            args = {**args, "fh": _without_frequency(args["fh"])}
            vec_tuple = (series, args, rowvec, estimator)
        (key, _, _), *_ = vec_tuple
        try:
            with warnings_about(f"Series {key!r}: "):
                return super()._vectorize_est_single(vec_tuple, meta)
        except Exception as error:
            _name_series(error, key)
            raise


def _without_frequency(fh: ForecastingHorizon) -> ForecastingHorizon:
    """Return a copy of ``fh`` whose frequency is not set yet.

    A relative horizon's steps are counted at each series' own frequency,
    which the series' forecaster sets (from its cutoff) in its copy. An
    absolute horizon's labels keep the frequency they carry.
    """
    return ForecastingHorizon(fh.to_pandas(), is_relative=fh.is_relative)


def _name_series(error: Exception, key) -> None:
    """Put the series' key before the message of ``error``, or in a note.

    Only an error whose one argument is its message, and that pickles
    through ``args`` (to come back from a worker process), takes the key
    in its message; others (``KeyError``, ``UnicodeDecodeError``, the
    ``json`` errors) keep their arguments and get a note
    (``add_note``), which tracebacks show after the message.
    """
    plain = (
        len(error.args) == 1
        and isinstance(error.args[0], str)
        and str(error) == error.args[0]
        and type(error).__reduce__ is BaseException.__reduce__
    )
    if plain:
        error.args = (f"Series {key!r}: {error.args[0]}",)
    else:
        error.add_note(f"(in series {key!r})")


def series_keys(data: VectorizedDF) -> pd.Index:
    """Return the keys of the series sktime's loop walks, in its order.

    The format of the rows of ``forecasters_``: an Index, a MultiIndex for
    a hierarchy.
    """
    return data.get_iter_indices()[0]


def with_plain_keys(data: VectorizedDF, what: str = "y") -> SeriesLoop:
    """Return ``data`` with the series keys as plain values, only those used.

    sktime's loop groups the rows by the key levels: a categorical level
    would give each category, used or not, a series (an empty ``y`` for a
    category that no row has), and a level's unused values too. The loop
    over the result names the series in its errors (:class:`SeriesLoop`).

    Raises
    ------
    ValueError
        If a row has no series id (NaN or None): sktime's loop would drop
        its series without a word. ``what`` names the data in the message.
    """
    frame = data.X_multiindex
    index = frame.index
    keys = [_plain(index.get_level_values(level)) for level in range(index.nlevels - 1)]
    for codes, _ in keys:
        check_series_ids(codes, index, what)
    plain = pd.MultiIndex(
        levels=[*(uniques for _, uniques in keys), index.levels[-1]],
        codes=[*(codes for codes, _ in keys), index.codes[-1]],
        names=index.names,
        verify_integrity=False,
    )  # the time level as it was: its frequency says what a step is
    return SeriesLoop(
        X=frame.set_axis(plain),
        iterate_as=data.iterate_as,
        is_scitype=data.is_scitype,
        iterate_cols=data.iterate_cols,
    )


def _plain(keys: pd.Index) -> tuple[np.ndarray, pd.Index]:
    """Factorize one key level: codes, and the values used (no categories)."""
    if isinstance(keys, pd.CategoricalIndex):
        keys = keys.astype(keys.categories.dtype)
    return pd.factorize(keys, sort=False)


def covariates_by_series(
    X: VectorizedDF, keys: pd.Index, what: str, rows: pd.Index | None = None
) -> VectorizedDF:
    """Return the covariates of the series ``keys``, in their order.

    Parameters
    ----------
    X : VectorizedDF
        Covariates of a panel, as sktime wraps them.
    keys : pandas.Index
        The series the loop walks (:func:`series_keys` of ``y``).
    what : str
        How the message names the covariates.
    rows : pandas.MultiIndex or None, default=None
        The rows of ``y`` (fit, update) ``X`` must have a row at each of;
        ``None`` for predict's future covariates.

    Returns
    -------
    X : VectorizedDF
        The rows of those series, grouped in their order; rows of other
        series left out (the global pooling ignores them too).

    Raises
    ------
    ValueError
        If ``X`` has no row of one of the series.
    """
    frame = with_plain_keys(X, "X").X_multiindex
    if rows is None:
        check_every_series(_as_index(keys), frame.index, what, fitted=True)
    else:  # names a series without any row first, as check_every_series does
        check_rows_covered(rows, frame.index, what)
    position = _as_index(keys).get_indexer(frame.index.droplevel(-1))
    kept = np.flatnonzero(position >= 0)
    order = kept[np.argsort(position[kept], kind="stable")]
    return VectorizedDF(
        X=frame.iloc[order],
        iterate_as=X.iterate_as,
        is_scitype=X.is_scitype,
        iterate_cols=X.iterate_cols,
    )


@contextmanager
def fitted_in_loop_order(
    estimator: object,
    attribute: str,
    keys: pd.Index,
    refusal: Callable[[list], Exception],
) -> Iterator[None]:
    """Give sktime's loop the fitted copies of the series ``keys``, in that order.

    sktime walks the series of the data and the table of fitted copies
    (``forecasters_``, ``transformers_``) side by side, by position: data of
    some series, or in another order, would reach other series' copies. In
    the block, the table holds the rows of ``keys`` only, in their order; it
    is put back after (rows a parallel backend replaced are the caller's to
    take from it before the block ends).

    Parameters
    ----------
    estimator : object
        The sktime estimator whose loop runs in the block.
    attribute : str
        Its table of fitted copies, one row per series.
    keys : pandas.Index
        The series the loop walks (:func:`series_keys`).
    refusal : callable
        ``refusal(unknown)``: the error for series the table lacks.

    Raises
    ------
    Exception
        ``refusal``'s, if some of ``keys`` were never fitted.
    """
    every = getattr(estimator, attribute)
    unknown = unknown_series(keys, every.index)
    if unknown:
        raise refusal(unknown)
    setattr(estimator, attribute, every.loc[keys])
    try:
        yield
    finally:
        setattr(estimator, attribute, every)


def unknown_series(keys: pd.Index, fitted: pd.Index) -> list:
    """Return the series of ``keys`` that are not among ``fitted`` (at most 10)."""
    return list(keys[~_as_index(keys).isin(fitted)][:10])


def _as_index(keys: pd.Index) -> pd.Index:
    """Keys of a hierarchy as a MultiIndex, to compare with an index's levels."""
    if not isinstance(keys, pd.MultiIndex) and len(keys) and isinstance(keys[0], tuple):
        return pd.MultiIndex.from_tuples(list(keys))
    return keys
