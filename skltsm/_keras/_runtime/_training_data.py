"""Feeding windows to Keras: seeded shuffling, time-ordered validation, batching.

Training data are a ``tf.data`` pipeline over *batch numbers*: batch ``b`` of
epoch ``e`` takes the sample positions ``b * batch_size ...``, permutes them
with ``tf.random.experimental.index_shuffle`` seeded by ``(seed, e)`` (a
stateless permutation: no shuffle buffer, reproducible across processes
without any global seed), and gathers the windows straight from the series
they read (:class:`~skltsm._transform._lagged_windows.LaggedWindows`, in-memory
windows included) by ``tf.gather``, so that ten million windows of 256 rows
are never held in memory at once. Batches are computed in the training
thread, on demand (no prefetch, no autotuning thread; ADR 0016).

Prediction calls ``Model.predict_on_batch`` on chunks: ``Model.predict``
pays a fixed cost of tens of milliseconds per call (measured: 62 ms for one
window, against 1 ms for ``predict_on_batch``), and its function is traced
once for any number of rows (:func:`prepare_predict_function`).
"""

from __future__ import annotations

from collections.abc import Callable
from math import ceil
from types import SimpleNamespace

import keras
import numpy as np
import tensorflow as tf

from skltsm._transform._lagged_windows import LaggedWindows
from skltsm._transform._window_scaling import ScaledWindows

__all__ = [
    "PREDICT_CHUNK",
    "predict_in_chunks",
    "prepare_predict_function",
    "split_validation_tail",
    "windows_to_stop_early",
    "training_dataset",
    "validation_batches",
]

#: Rows per ``predict_on_batch`` call: big enough to amortise the call, small
#: enough to keep the memory of one chunk of long windows modest.
PREDICT_CHUNK = 4096

#: The array functions :class:`~skltsm._transform._window_scaling.WindowScaling`
#: scales with, in a TensorFlow graph (``tf.math`` has no ``where``).
TENSORFLOW = SimpleNamespace(
    log=tf.math.log, exp=tf.math.exp, maximum=tf.math.maximum, where=tf.where
)


def split_validation_tail(n_samples: int, fraction: float) -> int:
    """Count the final samples held out for validation.

    Windows are in time order, so the tail is the most recent period and the
    model is validated on data that comes after everything it trains on.

    Parameters
    ----------
    n_samples : int
        Number of training windows.
    fraction : float
        Fraction to hold out, in (0, 1).

    Returns
    -------
    n_validation : int
        At least 1, and leaving at least 1 window to train on.

    Examples
    --------
    >>> split_validation_tail(100, 0.1)
    10
    """
    n_validation = max(1, ceil(n_samples * fraction))
    if n_validation >= n_samples:
        fewest = windows_to_stop_early(fraction)
        raise ValueError(
            f"early_stopping needs at least {fewest} training windows to hold out "
            f"a validation tail of validation_fraction={fraction} and train on the "
            f"rest; got {n_samples}. Pass at least {fewest} windows, lower "
            f"validation_fraction, or set early_stopping=False."
        )
    return n_validation


def windows_to_stop_early(fraction: float) -> int:
    """Return the fewest windows :func:`split_validation_tail` can split.

    Examples
    --------
    >>> windows_to_stop_early(0.5), windows_to_stop_early(0.8)
    (2, 5)
    """
    if not 0 < fraction < 1:
        raise ValueError(f"validation_fraction must lie in (0, 1); got {fraction}.")
    n_samples = 2
    while max(1, ceil(n_samples * fraction)) >= n_samples:
        n_samples += 1
    return n_samples


def training_dataset(
    X: LaggedWindows,
    y: np.ndarray,
    sample_weight: np.ndarray | None,
    *,
    batch_size: int,
    shuffle_seed: int | None,
    repeat: bool,
    fixed_batches: bool = False,
    any_length: bool = False,
) -> tuple[tf.data.Dataset, int]:
    """Batches of ``(x, y)`` or ``(x, y, w)`` and the number of batches per epoch.

    Parameters
    ----------
    X : LaggedWindows
        Standardised windows.
    y : ndarray
        Targets, first axis = samples.
    sample_weight : ndarray or None
        Per-sample weights.
    batch_size : int
        Samples per gradient step.
    shuffle_seed : int or None
        Seed of the per-epoch permutation; ``None`` keeps time order.
    repeat : bool
        Yield batches for ever (train with ``steps_per_epoch``, the batch
        counter then tells the epoch) or for one epoch (validation).
    fixed_batches : bool, default=False
        Give every batch the static size ``batch_size``, as a stateful
        network needs (the caller has checked that the samples split into
        whole batches).
    any_length : bool, default=False
        Declare the windows' length unknown, as a network built for windows
        of any length reads them: Keras traces its training function for the
        batches' declared shape, so one trace then serves every look-back
        (ADR 0031).

    Returns
    -------
    dataset : tf.data.Dataset
        The batches.
    steps : int
        Batches per epoch.
    """
    n_samples = len(X)
    steps = ceil(n_samples / batch_size)
    windows_of = _gatherer(X)
    columns = [_row_gatherer(y)] + (
        [] if sample_weight is None else [_row_gatherer(sample_weight)]
    )

    def batch(counter):
        epoch, position = counter // steps, counter % steps
        first = position * batch_size
        positions = tf.range(first, tf.minimum(first + batch_size, n_samples))
        if shuffle_seed is not None:
            seed = tf.stack([tf.constant(shuffle_seed, tf.int64), epoch])
            positions = tf.random.experimental.index_shuffle(
                positions, seed=seed, max_index=n_samples - 1
            )
        windows = windows_of(positions)
        if any_length:
            windows = _of_any_length(windows)
        parts = (windows, *(rows(positions) for rows in columns))
        if fixed_batches:  # a stateful network's input has a static batch size
            parts = tuple(tf.ensure_shape(p, [batch_size, *p.shape[1:]]) for p in parts)
        return parts

    counters = tf.data.Dataset.range(steps * (2**40 if repeat else 1))
    # plain Python branches on Python values: nothing for autograph to convert
    batches = counters.map(tf.autograph.experimental.do_not_convert(batch))
    return batches.with_options(_in_caller_thread()), steps


def validation_batches(
    parts: tuple[np.ndarray, ...], *, any_length: bool
) -> tf.data.Iterator:
    """Yield ``parts`` (windows, targets, weights) as one batch, at every ``next``.

    Keras traces its test function for the first batch's exact shape and again,
    relaxed, for a batch of another shape: the tail of another fit, with
    another number of windows or another look-back. Declared here with an
    unknown number of windows (and, with ``any_length``, an unknown window
    length), every fit of a pooled trainer shares one trace (ADR 0031).
    """

    def relaxed(windows, *rest):
        shape = [None, *windows.shape[1:]]
        if any_length and len(shape) > 2:
            shape[1] = None
        windows = _declared(windows, shape)
        return (windows, *(_declared(part, [None, *part.shape[1:]]) for part in rest))

    dataset = tf.data.Dataset.from_tensors(parts).repeat()
    dataset = dataset.map(tf.autograph.experimental.do_not_convert(relaxed))
    return iter(dataset.with_options(_in_caller_thread()))


def _declared(tensor: tf.Tensor, shape: list[int | None]) -> tf.Tensor:
    """Return the same tensor, its static shape ``shape`` (less specific)."""
    # an identity whose declared shape may be less specific than its input's
    return tf.raw_ops.PlaceholderWithDefault(input=tensor, shape=tf.TensorShape(shape))


def _of_any_length(windows: tf.Tensor) -> tf.Tensor:
    """Return the same windows, their length left out of their static shape."""
    return _declared(windows, [None, None, *windows.shape[2:]])


def _in_caller_thread() -> tf.data.Options:
    """Options under which ``get_next`` computes the batch in its caller."""
    # A batch is one gather: microseconds, against milliseconds for the
    # training step. A background producer (parallel map, prefetch, or the
    # prefetch and autotuning thread tf.data adds by itself) would gain
    # nothing and costs a cross-thread wake-up per step, which two worker
    # processes on two vCPUs pay as idle time (ADR 0016: 17.6 s instead of
    # 13.1 s for the same 64 fits).
    options = tf.data.Options()
    options.autotune.enabled = False
    options.experimental_optimization.inject_prefetch = False
    # and no graph rewrites for a range and a map (2 ms less per fit)
    options.experimental_optimization.apply_default_optimizations = False
    return options


def _gatherer(X: LaggedWindows) -> Callable[[tf.Tensor], tf.Tensor]:
    gather = _window_gatherer(X)
    return _scaled(gather, X) if isinstance(X, ScaledWindows) else gather


def _window_gatherer(X: LaggedWindows) -> Callable[[tf.Tensor], tf.Tensor]:
    series = _row_gatherer(X.values, np.float32)
    offsets = tf.range(X.look_back, dtype=tf.int64)
    if X.is_contiguous:  # window i starts at starts[0] + i: store nothing
        first = int(X.starts[0]) if len(X) else 0
        return lambda positions: series((first + positions)[:, None] + offsets)
    # a window starts look_back + horizon - 1 rows before its row: read the
    # rows themselves (shared, no array of starts beside them)
    rows = _row_gatherer(X.rows)
    from_row = offsets - (X.look_back + X.horizon - 1)
    return lambda positions: series(
        tf.cast(rows(positions), tf.int64)[:, None] + from_row
    )


#: Bytes to which TensorFlow's CPU kernels need a tensor's data aligned
#: (``EIGEN_MAX_ALIGN_BYTES``): a kernel reading an unaligned tensor aborts the
#: process (``Check failed: IsAligned()``).
TENSOR_ALIGNMENT = 64

#: Arrays smaller than this (bytes) are copied rather than shared: 1 MiB.
SHARED_BYTES = 2**20

#: Kinds of arrays a tensor shares through DLPack: real numbers.
_SHAREABLE_KINDS = frozenset("fiu")


def _row_gatherer(
    array: np.ndarray, dtype: type | None = None
) -> Callable[[tf.Tensor], tf.Tensor]:
    """Return ``lambda rows: tf.gather(array, rows)``, reading ``array`` itself.

    ``tf.constant`` holds two copies of a NumPy array (measured: 190 MB of
    memory for 95 MB of float32), which for the series, rows and targets of
    tens of millions of windows is gigabytes. A tensor made through DLPack
    reads the array's own memory instead, if that memory is aligned as
    TensorFlow's kernels need; NumPy aligns its arrays to 16 bytes only. So
    the tensor starts at the first aligned row, and the few rows before it
    (12 of float32 numbers) are a small tensor of their own, read only by the
    batches that need them. Arrays that cannot be shared (another ``dtype``, not
    contiguous, read-only) are read from one aligned copy, cast as
    ``tf.constant(array, dtype)`` casts. The array must not change while the
    gatherer is in use.

    Parameters
    ----------
    array : ndarray
        Rows of numbers.
    dtype : numpy dtype or None, default=None
        Type of the rows gathered; ``None`` keeps the array's.

    Returns
    -------
    gather : callable
        From a tensor of row positions to the tensor of those rows.

    Examples
    --------
    >>> import numpy as np
    >>> gather = _row_gatherer(np.arange(100.0).reshape(50, 2)[1:])
    >>> gather(tf.constant([0, 30])).numpy()
    array([[ 2.,  3.],
           [62., 63.]])
    """
    array = np.asarray(array)
    # a small array is copied: sharing saves nothing there, and the branch
    # that reads the rows before the aligned one (a tf.cond) costs 30 ms of
    # graph building in every fit
    small = array.nbytes < SHARED_BYTES
    lead = None if small else _rows_before_alignment(array, dtype)
    if lead is None:  # small, or not shareable: one aligned copy
        tensor = _as_tensor(array, dtype)
        return lambda rows: tf.gather(tensor, rows)
    body = tf.experimental.dlpack.from_dlpack(array[lead:].__dlpack__())
    if lead == 0:
        return lambda rows: tf.gather(body, rows)
    head = tf.constant(array[:lead])

    def gather(rows: tf.Tensor) -> tf.Tensor:
        in_head = rows < lead

        def with_head():
            # the rows of either tensor, each read inside its bounds
            first = tf.gather(head, tf.minimum(rows, lead - 1))
            after = tf.gather(body, tf.maximum(rows - lead, 0))
            chosen = in_head
            for _ in range(array.ndim - 1):  # broadcast over each row's values
                chosen = chosen[..., None]
            return tf.where(chosen, first, after)

        return tf.cond(
            tf.reduce_any(in_head), with_head, lambda: tf.gather(body, rows - lead)
        )

    return gather


def _rows_before_alignment(array: np.ndarray, dtype) -> int | None:
    """Count the rows of ``array`` before its first aligned one.

    ``None`` if no tensor can share the array: another ``dtype`` is wanted,
    or it is empty, not C-contiguous, read-only (DLPack cannot mark it so),
    not of real numbers in native byte order, or has no aligned row.
    """
    if (
        (dtype is not None and np.dtype(dtype) != array.dtype)
        or array.size == 0
        or array.ndim == 0
        or array.dtype.kind not in _SHAREABLE_KINDS
        or not array.dtype.isnative
        or not array.flags.c_contiguous
        or not array.flags.writeable
    ):
        return None
    row_bytes = array.strides[0]
    address = array.ctypes.data
    for lead in range(min(TENSOR_ALIGNMENT, len(array))):
        if (address + lead * row_bytes) % TENSOR_ALIGNMENT == 0:
            return lead
    return None


def _as_tensor(array: np.ndarray, dtype: type | None = None) -> tf.Tensor:
    """Return a tensor of an aligned copy of ``array``, cast to ``dtype``.

    One copy, where ``tf.constant`` keeps two; the cast rounds as
    ``tf.constant(array, dtype)`` does (both round to nearest).
    """
    dtype = array.dtype if dtype is None else np.dtype(dtype)
    if array.size == 0 or dtype.kind not in _SHAREABLE_KINDS or not dtype.isnative:
        return tf.constant(array, dtype=dtype)
    copy = _aligned_empty(array.shape, dtype)
    copy[...] = array
    return tf.experimental.dlpack.from_dlpack(copy.__dlpack__())


def _aligned_empty(shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
    """Return an uninitialised C-contiguous array aligned for a tensor."""
    n_bytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    buffer = np.empty(n_bytes + TENSOR_ALIGNMENT, dtype=np.uint8)
    skip = -buffer.ctypes.data % TENSOR_ALIGNMENT
    return buffer[skip : skip + n_bytes].view(dtype).reshape(shape)


def _scaled(
    gather: Callable[[tf.Tensor], tf.Tensor], X: ScaledWindows
) -> Callable[[tf.Tensor], tf.Tensor]:
    """Scale the windows' scaled feature in the graph, as ``X.gather`` does."""
    shifts = _row_gatherer(X.window_shift, np.float32)
    scales = _row_gatherer(X.window_scale, np.float32)
    f = X.scaling.feature

    def windows_of(positions):
        batch = gather(positions)
        column = X.scaling.scale(
            batch[:, :, f],
            shifts(positions)[:, None],
            scales(positions)[:, None],
            xp=TENSORFLOW,
        )
        return tf.concat([batch[:, :, :f], column[:, :, None], batch[:, :, f + 1 :]], 2)

    return windows_of


def predict_in_chunks(model: keras.Model, X: LaggedWindows) -> np.ndarray:
    """Predict with ``predict_on_batch``, :data:`PREDICT_CHUNK` rows at a time.

    Parameters
    ----------
    model : keras.Model
        A built model.
    X : LaggedWindows
        Standardised windows, gathered one chunk at a time.

    Returns
    -------
    predictions : ndarray
        Model outputs, first axis = samples.
    """
    prepare_predict_function(model)
    chunks = []
    for start in range(0, len(X), PREDICT_CHUNK):
        rows = slice(start, start + PREDICT_CHUNK)
        batch = X.gather(rows)
        chunks.append(np.asarray(model.predict_on_batch(batch.astype(np.float32))))
    return np.concatenate(chunks) if chunks else np.empty((0,))


def prepare_predict_function(model: keras.Model) -> None:
    """Trace ``model``'s prediction function once, for batches of any size.

    Keras traces ``predict_on_batch``'s function for the first batch's exact
    shape and again, relaxed, for the first batch of another size: a network
    scores its validation tail (8 windows for the airline data) and then
    forecasts the test rows (29), two traces and two graph instantiations
    (measured: 0.05 s each, a sixth of a first fit and forecast). Traced here
    with an unknown batch dimension, every batch size shares one function.
    Does nothing once the function exists, for eager models, and for models
    whose inputs are unknown until called (subclassed, unbuilt ``Sequential``)
    or several.
    """
    if model.predict_function is not None:  # every call after the first
        return
    # subclassed models have no ``inputs``; unbuilt Sequential ones raise
    inputs = getattr(model, "inputs", None)
    if not inputs or len(inputs) != 1:
        return
    model.make_predict_function()
    if hasattr(model.predict_function, "get_concrete_function"):
        spec = tf.TensorSpec(inputs[0].shape, tf.float32)
        model.predict_function.get_concrete_function([(spec,)])
