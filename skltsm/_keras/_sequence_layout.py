"""How flat windows map to the (timesteps, features) input of a recurrent net.

:class:`skltsm.LagTransformer` names its columns ``{feature}_lag_{k}``, oldest
lag first, time-major. From those names a network recovers its input shape,
so grid-searching ``look_back`` changes only the lag step. Without such
names, a 2-D window matrix is read the way the tutorials frame it: one
feature, one timestep per column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import numpy as np

from skltsm._keras._sample_weights import positive_weights
from skltsm._series._panel import chunks
from skltsm._transform._lagged_windows import LaggedWindows

__all__ = [
    "as_windows",
    "feature_moments",
    "power_of_two_scaling",
    "read_blocks",
    "sequence_shape",
    "standard_deviation",
    "to_sequences",
]

_LAG_NAME = re.compile(r"^(?P<feature>.+)_lag_(?P<lag>[1-9]\d*)$")


def sequence_shape(
    X: np.ndarray, feature_names: Sequence[str] | None = None
) -> tuple[int, int]:
    """Infer ``(timesteps, features)`` of the samples in ``X``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_columns) or (n_samples, timesteps, features)
        Windows, flat or already 3-D.
    feature_names : sequence of str or None, default=None
        Column names of a 2-D ``X``.

    Returns
    -------
    shape : tuple of int
        ``(timesteps, features)``.

    Examples
    --------
    >>> import numpy as np
    >>> sequence_shape(np.zeros((5, 4)), ["a_lag_2", "b_lag_2", "a_lag_1", "b_lag_1"])
    (2, 2)
    >>> sequence_shape(np.zeros((5, 3)))
    (3, 1)

    Raises
    ------
    ValueError
        If the names are every lag of every feature (``{feature}_lag_{k}``)
        but not time-major, oldest lag first: read in that order, they would
        be other timesteps and features.
    """
    if isinstance(X, LaggedWindows):
        return X.look_back, X.values.shape[1]
    if X.ndim == 3:
        return X.shape[1], X.shape[2]
    if X.ndim != 2:
        raise ValueError(
            "Expected windows of shape (n_samples, timesteps * features) or "
            f"(n_samples, timesteps, features); got an array with dim {X.ndim}."
        )
    from_names = (
        _shape_from_lag_names(feature_names) if feature_names is not None else None
    )
    return from_names if from_names is not None else (X.shape[1], 1)


def as_windows(X, input_shape: tuple[int, int]) -> LaggedWindows:
    """Any windows the estimators accept, as :class:`LaggedWindows`.

    The one place that tells arrays from streamed windows: everything after
    it (standardising, batching, validation, prediction) reads windows
    through the ``LaggedWindows`` interface.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_columns) or (n_samples, timesteps, \
features), or LaggedWindows
        Validated windows; flat ones are time-major.
    input_shape : tuple of int
        ``(timesteps, features)``, e.g. from :func:`sequence_shape`.

    Returns
    -------
    windows : LaggedWindows
        ``X`` itself, or the array's windows laid end to end (no copy when
        the array is C-contiguous).

    Examples
    --------
    >>> import numpy as np
    >>> as_windows(np.array([[1.0, 2.0], [3.0, 4.0]]), (2, 1)).to_numpy()[:, :, 0]
    array([[1., 2.],
           [3., 4.]])
    """
    if isinstance(X, LaggedWindows):
        return X
    return LaggedWindows.from_sequences(np.asarray(X).reshape(len(X), *input_shape))


def to_sequences(
    X,
    input_shape: tuple[int, int],
    mean: np.ndarray | float = 0.0,
    scale: np.ndarray | float = 1.0,
) -> LaggedWindows:
    """Windows of shape ``input_shape``, each feature standardised.

    Parameters
    ----------
    X : ndarray or LaggedWindows
        Windows, as :func:`as_windows` takes them.
    input_shape : tuple of int
        ``(timesteps, features)``, e.g. from :func:`sequence_shape`.
    mean, scale : ndarray of shape (features,) or float
        Per-feature moments, e.g. from :func:`feature_moments`.

    Returns
    -------
    sequences : LaggedWindows
        The same windows over ``(values - mean) / scale``, computed in
        float64 and rounded to float32: the series is standardised, not each
        window.

    Examples
    --------
    >>> import numpy as np
    >>> windows = to_sequences(np.array([[1.0, 3.0]]), (2, 1), mean=2.0, scale=1.0)
    >>> windows.to_numpy()[0, :, 0]
    array([-1.,  1.], dtype=float32)
    """
    windows = as_windows(X, input_shape)
    return windows.with_values(_standardized(windows.values, mean, scale))


def _standardized(values: np.ndarray, mean, scale) -> np.ndarray:
    """Return ``(values - mean) / scale`` in float32, computed in float64.

    Rounding to float32 only after centring keeps a large offset's digits
    (1e8 + O(1) would round to a handful of values) and values beyond
    float32's range (1e39 would be inf). A block of rows at a time, so
    that no full-length float64 copy of a long input is made.
    """
    mean = np.asarray(mean, dtype=np.float64)
    scale = np.asarray(scale, dtype=np.float64)
    out = np.empty(values.shape, dtype=np.float32)
    for rows in chunks(len(values), _block_rows(values)):
        block = np.subtract(values[rows], mean, dtype=np.float64)
        block /= scale
        out[rows] = block
    return out


def _shape_from_lag_names(names: Sequence[str]) -> tuple[int, int] | None:
    given = [str(name) for name in names]
    matches = [_LAG_NAME.match(name) for name in given]
    lagged = [m for m in matches if m]
    features = list(dict.fromkeys(m["feature"] for m in lagged))
    if not all(matches):  # one feature a timestep, unless lags of several
        if len(features) > 1:
            raise ValueError(_lags_beside_other_columns(given, matches, features))
        return None
    if not matches:
        return None
    lags = sorted({int(m["lag"]) for m in matches}, reverse=True)
    expected = [f"{feature}_lag_{lag}" for lag in lags for feature in features]
    if given == expected:
        return len(lags), len(features)
    if sorted(given) == sorted(expected):  # every lag of every feature, reordered
        raise ValueError(_lag_order_message(given, expected, len(lags), features))
    return None  # not a grid of lags: one feature, a timestep per column


def _lags_beside_other_columns(given, matches, features) -> str:
    # read a column a timestep, the features' lags would be one series interleaved
    lags = [name for name, m in zip(given, matches, strict=True) if m]
    others = [name for name, m in zip(given, matches, strict=True) if not m]
    return (
        f"X's columns hold lags of {len(features)} features "
        f"({', '.join(features)}: {', '.join(lags[:4])}, ...) beside columns "
        f"that are not lags ({', '.join(others[:5])}): a recurrent network "
        "reads windows of (timesteps, features), and read as one feature a "
        "column, the features' lags would be one series interleaved. Lag "
        "every input column with the LagTransformer (a calendar column too), "
        "or pass 3-D windows (n_samples, timesteps, features)."
    )


def _lag_order_message(given, expected, n_lags: int, features) -> str:
    # read in another order, the columns would be other timesteps and features
    shown = ", ".join(expected[: 2 * len(features)])
    return (
        f"X's columns are {n_lags} lags of {len(features)} feature(s) "
        f"({', '.join(features)}), named {{feature}}_lag_{{k}}, but not in the "
        "order a recurrent network reads them: time-major, oldest lag first, "
        f"each timestep's features in order of first appearance ({shown}, ...), "
        f"not ({', '.join(given[: 2 * len(features)])}, ...). Select the columns in "
        "that order (X[order]; a ColumnTransformer with one transformer per "
        "feature groups them by feature, so scale every lag column with one "
        "transformer instead), or pass 3-D windows (n_samples, timesteps, "
        "features)."
    )


def feature_moments(
    windows: LaggedWindows,
    read: tuple[np.ndarray, np.ndarray] | None = None,
    *,
    coverage: np.ndarray | None = None,
    sample_weight: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and scale of each feature over all windows and timesteps.

    Above :data:`BLOCKWISE_ROWS` rows the moments are summed a block of rows
    at a time, in the order NumPy sums the full-length arrays, so that the
    result is the same to the bit without full-length float64 temporaries.

    With ``sample_weight``, the moments of the windows each repeated its
    weight times (scikit-learn's convention): windows of weight 0 are left
    out, so that their values change nothing, and windows of one common
    weight give the unweighted moments of the others to the bit.

    Parameters
    ----------
    windows : LaggedWindows
        Windows, e.g. from :func:`as_windows`.
    read : tuple of ndarray or None, default=None
        ``windows.read_values()``, when the caller has it already.
    coverage : ndarray or None, default=None
        ``windows.coverage()``, when the caller has it already (and not
        ``read``); not used with ``sample_weight``.
    sample_weight : ndarray of shape (len(windows),) or None, default=None
        Non-negative weight of each window, not all 0 (not with ``read``).

    Returns
    -------
    mean, scale : ndarray of shape (features,)
        Float64 mean and standard deviation (1 where a feature is constant,
        so that it maps to 0).

    Examples
    --------
    >>> import numpy as np
    >>> feature_moments(as_windows(np.array([[1.0, 3.0], [5.0, 7.0]]), (2, 1)))
    (array([4.]), array([2.23606798]))

    A window of weight 0 is left out, a weight of 2 counts it twice:

    >>> windows = as_windows(np.array([[1.0], [3.0], [1000.0]]), (1, 1))
    >>> feature_moments(windows, sample_weight=np.array([2.0, 1.0, 0.0]))
    (array([1.66666667]), array([0.94280904]))
    """
    if sample_weight is not None:
        if read is not None:
            raise TypeError("feature_moments takes read or sample_weight, not both.")
        windows, coverage = _weighted_windows(windows, sample_weight)
    if read is None:
        values = windows.covered_values()
        counts = windows.coverage() if coverage is None else coverage
        factor = power_of_two_scaling(values)
        if len(values) > BLOCKWISE_ROWS and _summation_order(values, counts):
            return _blockwise_moments(values, counts, factor)
        read = _compacted(values, counts)
    else:
        factor = power_of_two_scaling(read[0])
    return _full_length_moments(*read, factor)


def standard_deviation(values: np.ndarray):
    """``values.std(axis=0)``, to the bit, without a full-length temporary.

    NumPy's ``std`` subtracts the mean from every value into a new array
    (200 MB for the 25 million targets of the panel benchmark). Above
    :data:`BLOCKWISE_ROWS` rows the squared deviations are summed a block
    of rows at a time, in NumPy's own order, as :func:`feature_moments`
    sums its moments; below, and where that order is not certain, NumPy's
    ``std`` itself.

    Parameters
    ----------
    values : ndarray of float64, shape (n_rows, ...)
        Values; the deviation is taken along the first axis.

    Returns
    -------
    scale : float64 or ndarray of shape values.shape[1:]
        As ``values.std(axis=0)`` gives it.

    Examples
    --------
    >>> import numpy as np
    >>> standard_deviation(np.array([[1.0, 3.0], [5.0, 7.0]]))
    array([2., 2.])
    """
    n_rows = len(values)
    if n_rows <= BLOCKWISE_ROWS or values.dtype != np.float64 or values.ndim > 2:
        return values.std(axis=0)
    columns = values.reshape(n_rows, -1)  # a view: one column for 1-D values
    ones = np.broadcast_to(np.uint8(1), (n_rows,))  # every row read once
    order = _summation_order(columns, ones)
    if order is None:
        return values.std(axis=0)
    # NumPy's _var: the mean of the same array, deviations squared in place
    mean = np.asarray(values.mean(axis=0)).reshape(-1)

    def squares(block: np.ndarray, _) -> np.ndarray:
        deviations = np.subtract(block, mean)
        return np.multiply(deviations, deviations, out=deviations)

    variance = _sum(columns, ones, n_rows, order, squares) / n_rows
    return np.sqrt(variance).reshape(values.shape[1:])[()]


def _weighted_windows(
    windows: LaggedWindows, sample_weight: np.ndarray
) -> tuple[LaggedWindows, np.ndarray | None]:
    """Return the windows of positive weight, and the weighted coverage of their rows.

    ``None`` for the coverage when the weights left are all equal: the
    moments are then the windows' own, computed as without weights.
    """
    kept, weights = positive_weights(sample_weight, "window")
    if kept is not None:
        windows = windows.take(kept)
    return windows, None if weights is None else windows.coverage(weights)


def power_of_two_scaling(values: np.ndarray) -> np.ndarray | None:
    """Powers of two bringing each column's magnitude near 1, if it is extreme.

    Squared deviations of values far from 1 underflow to 0 (1e-160) or
    overflow (1e160), so that their standard deviation comes out 0 or inf.
    Multiplying by a power of two is exact, and so are the moments of the
    scaled values, divided by it: the moments of the values themselves.

    Parameters
    ----------
    values : ndarray of shape (n_rows, ...)
        Finite values; moments are taken along the first axis.

    Returns
    -------
    factor : ndarray of shape values.shape[1:] or None
        ``2 ** -e``, ``e`` the binary exponent of each column's largest
        magnitude; ``None`` when every magnitude lies within
        ``2 ** ±SAFE_EXPONENT`` (then the moments are computed unscaled, so
        that they stay the same to the bit).

    Examples
    --------
    >>> import numpy as np
    >>> values = np.array([[1e-300, 3.0], [2e-300, 4.0]])
    >>> values * power_of_two_scaling(values)
    array([[0.33484644, 3.        ],
           [0.66969288, 4.        ]])
    >>> power_of_two_scaling(np.array([[1e-3, 1e6]])) is None
    True
    """
    if not np.size(values):
        return None
    # max and min read the values in place: no full-length temporary
    largest = np.maximum(np.abs(np.max(values, axis=0)), np.abs(np.min(values, axis=0)))
    _, exponent = np.frexp(np.asarray(largest, dtype=np.float64))
    if np.all(np.abs(exponent) <= SAFE_EXPONENT):
        return None
    return np.ldexp(1.0, np.where(np.abs(exponent) <= SAFE_EXPONENT, 0, -exponent))


#: Binary exponent of the largest magnitudes whose squared deviations can
#: neither underflow nor overflow in float64 (whose range is 2 ** ±1022).
SAFE_EXPONENT = 256


def read_blocks(
    windows: LaggedWindows, coverage: np.ndarray | None = None
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``windows.read_values()`` a block of rows at a time.

    Parameters
    ----------
    windows : LaggedWindows
        Windows, e.g. from :func:`as_windows`.
    coverage : ndarray or None, default=None
        ``windows.coverage()``, when the caller has it already.

    Yields
    ------
    values, counts : ndarray
        Consecutive parts of ``windows.read_values()``; none when no window
        reads any row.

    Examples
    --------
    >>> import numpy as np
    >>> windows = as_windows(np.arange(4.0).reshape(2, 2), (2, 1))
    >>> [values[:, 0].tolist() for values, _ in read_blocks(windows)]
    [[0.0, 1.0, 2.0, 3.0]]
    """
    values = windows.covered_values()
    counts = windows.coverage() if coverage is None else coverage
    yield from _blocks(values, counts, _block_rows(values))


# Rows read above which the moments are summed block-wise. The blockwise sums
# follow NumPy's reduction order, and are bit-identical to the full-length
# ones wherever tested (tests/keras/test_sequence_layout.py); below this size
# every fit keeps the full-length path, so that typical fits do not depend on
# that order (should NumPy change it), for a few float64 temporaries of at
# most 8 MB a feature.
BLOCKWISE_ROWS = 1 << 20
# Values (rows x features) per block: 8 MB float64 temporaries.
BLOCK_VALUES = 1 << 20
# NumPy sums up to this many values of a column without splitting them
# (PW_BLOCKSIZE in its pairwise summation): leaves must be at least as long.
_PAIRWISE_BLOCK = 128


def _full_length_moments(values, counts, factor=None) -> tuple[np.ndarray, np.ndarray]:
    # each row counted as often as windows read it: the flat windows' moments
    values = np.asarray(values, dtype=np.float64)
    if factor is not None:  # extreme magnitudes: see power_of_two_scaling
        values = values * factor
    weights = None if np.all(counts == 1) else counts
    mean = np.average(values, axis=0, weights=weights)
    deviations = values - mean  # one temporary, squared in place
    deviations **= 2
    scale = np.sqrt(np.average(deviations, axis=0, weights=weights))
    return _moments_of_values(mean, scale, factor)


def _moments_of_values(mean, scale, factor) -> tuple[np.ndarray, np.ndarray]:
    """Undo :func:`power_of_two_scaling`; a constant feature gets scale 1."""
    if factor is not None:  # exact: a power of two
        mean, scale = mean / factor, scale / factor
    return mean, np.where(scale > 0, scale, 1.0)


def _compacted(values: np.ndarray, counts: np.ndarray):
    """Return the rows of ``values`` some window reads, as ``read_values`` does."""
    if counts.all():  # the usual case: no copy
        return values, counts
    read = counts > 0
    return values[read], counts[read]


def _block_rows(values: np.ndarray) -> int:
    return max(_PAIRWISE_BLOCK, BLOCK_VALUES // max(values.shape[1], 1))


def _blocks(values, counts, size: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    for start in range(0, len(values), size):
        block = _compacted(values[start : start + size], counts[start : start + size])
        if len(block[1]):
            yield block


def _summation_order(values: np.ndarray, counts: np.ndarray) -> str | None:
    """How NumPy sums the full-length moments along rows: its reduction order.

    ``"columns"``: each column pairwise, when rows are the fastest axis (one
    feature, or column-major values). ``"rows"``: row after row, when
    features are (row-major values, or the C-ordered copy that boolean
    indexing makes of partly read rows). ``None`` for layouts where that is
    not certain (negative, zero or equal strides): then the full-length path.
    """
    if values.ndim != 2 or not len(values) or not counts.any():
        return None
    if values.shape[1] == 1:
        return "columns"
    if not counts.all():
        return "rows"
    row_stride, feature_stride = values.strides
    if row_stride <= 0 or feature_stride <= 0 or row_stride == feature_stride:
        return None
    return "columns" if row_stride < feature_stride else "rows"


def _blockwise_moments(values, counts, factor=None) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_full_length_moments` of ``_compacted(values, counts)``, by blocks."""
    order = _summation_order(values, counts)
    n_rows = int(np.count_nonzero(counts))
    fractional = counts.dtype.kind == "f"  # sample weights
    weighted = fractional or bool(counts.max() > 1)
    if fractional:  # np.average's float64 sum of the weights, in its order
        size = _block_rows(values)
        rows = _ReadRows(_blocks(values, counts, size))
        total = _pairwise_sum(n_rows, size, lambda n: np.add.reduce(rows.take(n)[1]))
    else:  # np.average divides by the weights' float64 sum: exact for integers
        total = np.float64(counts.sum(dtype=np.uint64) if weighted else n_rows)

    def terms(block_values, block_counts, mean=None):
        term = np.asarray(block_values, dtype=np.float64)
        if factor is not None:
            term = term * factor
        if mean is not None:
            term = term - mean
            term **= 2
        if weighted:
            term = np.multiply(term, block_counts[:, None], dtype=np.float64)
        return term

    mean = _sum(values, counts, n_rows, order, terms) / total
    variance = _sum(values, counts, n_rows, order, lambda v, c: terms(v, c, mean))
    scale = np.sqrt(variance / total)
    return _moments_of_values(mean, scale, factor)


def _sum(values, counts, n_rows: int, order: str, terms) -> np.ndarray:
    """``terms(*_compacted(values, counts)).sum(axis=0)``, in NumPy's order."""
    size = _block_rows(values)
    if order == "rows":
        return _sequential_sum(terms(*block) for block in _blocks(values, counts, size))
    rows = _ReadRows(_blocks(values, counts, size))
    return _pairwise_sum(n_rows, size, lambda n: _leaf_sum(terms(*rows.take(n))))


def _sequential_sum(blocks: Iterator[np.ndarray]) -> np.ndarray:
    # NumPy adds row-major rows one after another: carry the running sum in
    # as the first row of the next block
    total = None
    for block in blocks:
        block = np.ascontiguousarray(block)
        if total is not None:
            block = np.concatenate([total[None], block])
        total = np.add.reduce(block, axis=0)
    return total


def _pairwise_sum(n: int, leaf: int, leaf_sum) -> np.ndarray:
    """NumPy's pairwise summation of ``n`` rows, leaves of up to ``leaf`` rows.

    NumPy halves a run of more than 128 values, the first half rounded down
    to a multiple of 8; ``np.add.reduce`` of a leaf continues the same tree.
    ``leaf_sum(k)`` sums the next ``k`` rows.
    """
    if n <= leaf:
        return leaf_sum(n)
    half = n // 2 - (n // 2) % 8
    first = _pairwise_sum(half, leaf, leaf_sum)  # the leaves in order
    return first + _pairwise_sum(n - half, leaf, leaf_sum)


def _leaf_sum(terms: np.ndarray) -> np.ndarray:
    # column-major, so that NumPy sums each column pairwise
    return np.add.reduce(np.asfortranarray(terms), axis=0)


class _ReadRows:
    """Rows from blocks of ``(values, counts)``, handed out ``n`` at a time."""

    def __init__(self, blocks: Iterator[tuple[np.ndarray, np.ndarray]]):
        self._blocks = blocks
        self._values = self._counts = np.empty(0)

    def take(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Return the next ``n`` rows and their counts."""
        values, counts = [], []
        while n > 0:
            if not len(self._counts):
                self._values, self._counts = next(self._blocks)
            values.append(self._values[:n])
            counts.append(self._counts[:n])
            self._values, self._counts = self._values[n:], self._counts[n:]
            n -= len(counts[-1])
        if len(values) == 1:
            return values[0], counts[0]
        return np.concatenate(values), np.concatenate(counts)
