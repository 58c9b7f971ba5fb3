"""LaggedWindows: windows of past rows, gathered on demand; the one windows type.

Ten million rows with a look-back of 256 make 2.56 billion window values: 20 GB
as float64. ``LagTransformer.windows`` returns this object instead: the series
itself (one copy, ``n_rows x n_features``) and, for each row that has a complete
window, where its window starts. Batches of windows are gathered when they are
needed (by ``tf.gather`` during training, by NumPy indexing for prediction),
so memory stays proportional to the series, not to the windows.

It is also the one interface through which the Keras estimators read windows
of any origin: an in-memory array of windows ``(n, timesteps, features)`` is
the same thing with the windows laid end to end
(:meth:`LaggedWindows.from_sequences`), so fitting, validation, batching and
prediction never ask which kind they were given.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from skltsm._series._panel import chunks

__all__ = ["LaggedWindows"]


class LaggedWindows:
    """Windows of past rows for some rows of a series, never materialised.

    Equivalent to the rows ``rows`` of ``LagTransformer(look_back,
    horizon=horizon).transform(values)``: row ``t`` gets rows ``t - horizon -
    look_back + 1`` to ``t - horizon``, oldest first.

    Parameters
    ----------
    values : ndarray of shape (n_rows, n_features)
        The series, in time order.
    look_back : int
        Rows per window.
    horizon : int, default=1
        Distance from the window's last row to the row it belongs to.
    rows : array-like of int or None, default=None
        Rows to give windows to; ``None`` means every row whose window is
        complete (inside the series and free of NaN).
    feature_names : sequence of str or None, default=None
        Names of the flattened window columns, as
        ``LagTransformer.get_feature_names_out`` gives them.

    Attributes
    ----------
    rows : ndarray of int
        The rows these windows belong to: int64, or the int32 ``rows`` given
        (the rows of tens of millions of windows are hundreds of megabytes).
    shape : tuple of int
        ``(len(rows), look_back * n_features)``, the shape of the equivalent
        ``LagTransformer`` output.

    Examples
    --------
    >>> import numpy as np
    >>> windows = LaggedWindows(np.arange(5.0).reshape(-1, 1), look_back=2)
    >>> windows.rows
    array([2, 3, 4])
    >>> windows.to_numpy()[:, :, 0]
    array([[0., 1.],
           [1., 2.],
           [2., 3.]])
    """

    def __init__(
        self,
        values: np.ndarray,
        look_back: int,
        horizon: int = 1,
        rows: Sequence[int] | None = None,
        feature_names: Sequence[str] | None = None,
    ):
        self.values = np.asarray(values)
        if self.values.ndim != 2:
            raise ValueError(
                "LaggedWindows needs a 2-D series (rows, features); got an array "
                f"with dim {self.values.ndim}."
            )
        self.look_back = int(look_back)
        self.horizon = int(horizon)
        self.rows = self._complete_rows() if rows is None else _as_rows(rows)
        if rows is not None:
            self._check_rows_inside()
        self.feature_names = None if feature_names is None else list(feature_names)

    def _check_rows_inside(self) -> None:
        """Refuse rows whose window starts before the series or ends after it.

        NumPy would read a negative row from the series' end: ``LagTransformer``
        gives such a row NaN, the windows would give it the series' last rows.
        A row after the series (the one forecast from its end) has a window.
        """
        if not self.rows.size:
            return
        first = self.look_back + self.horizon - 1
        last = len(self.values) + self.horizon - 1
        lowest, highest = int(self.rows.min()), int(self.rows.max())
        if lowest < first or highest > last:
            raise ValueError(
                f"LaggedWindows(look_back={self.look_back}, horizon={self.horizon}) "
                f"of a series of {len(self.values)} rows gives windows to rows "
                f"{first} to {last}; got rows {lowest} to {highest}. "
                "Pass rows whose window lies inside the series, or rows=None for "
                "every complete one."
            )

    @classmethod
    def from_sequences(cls, sequences: np.ndarray) -> LaggedWindows:
        """Windows ``(n, timesteps, features)`` held in memory, as LaggedWindows.

        The windows are laid end to end, ``n * timesteps`` rows (a view when
        ``sequences`` is C-contiguous), window ``i`` reading rows
        ``i * timesteps`` to ``(i + 1) * timesteps - 1``.

        Examples
        --------
        >>> import numpy as np
        >>> sequences = np.arange(12.0).reshape(2, 3, 2)
        >>> windows = LaggedWindows.from_sequences(sequences)
        >>> np.array_equal(windows.to_numpy(), sequences), windows.shape
        (True, (2, 6))
        """
        n_windows, timesteps, n_features = sequences.shape
        return cls(
            sequences.reshape(n_windows * timesteps, n_features),
            look_back=timesteps,
            rows=timesteps * np.arange(1, n_windows + 1),
        )

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_windows, look_back * n_features)``, as the flat windows would be."""
        return len(self.rows), self.look_back * self.values.shape[1]

    @property
    def starts(self) -> np.ndarray:
        """First row of each window."""
        return self.starts_of(slice(None))

    def starts_of(self, positions: np.ndarray | slice) -> np.ndarray:
        """First row of the windows at ``positions`` (a block, say), alone."""
        return self.rows[positions] - (self.horizon + self.look_back - 1)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, selection) -> LaggedWindows:
        # scikeras indexes samples as X[mask, ...]; rows are the only axis here
        if isinstance(selection, tuple):
            selection = selection[0]
        return self.take(selection)

    def take(self, selection) -> LaggedWindows:
        """Windows of a subset of the rows (a boolean mask, positions or a slice)."""
        return LaggedWindows(
            self.values, self.look_back, self.horizon, self.rows[selection],
            self.feature_names,
        )  # fmt: skip

    def with_values(self, values: np.ndarray) -> LaggedWindows:
        """Return the same windows over other values (e.g. a standardised series)."""
        return LaggedWindows(
            values, self.look_back, self.horizon, self.rows, self.feature_names
        )

    def gather(self, positions: np.ndarray | slice) -> np.ndarray:
        """Materialise some windows: ``(len(positions), look_back, n_features)``."""
        starts = self.starts[positions]
        return self.values[starts[:, None] + np.arange(self.look_back)]

    def to_numpy(self) -> np.ndarray:
        """Materialise every window (only sensible for small data)."""
        return self.gather(slice(None))

    def read_values(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the rows some window reads, and how many windows read each.

        Rows that no window reads (NaN between windows, say) are left out;
        weighting the others by their count gives the moments of the flat
        windows without materialising them.
        """
        values, counts = self.covered_values(), self.coverage()
        if counts.all():  # the usual case: no copy
            return values, counts
        read = counts > 0
        return values[read], counts[read]

    def covered_values(self) -> np.ndarray:
        """Return the part of the series that some window reads."""
        if not len(self.rows):
            return self.values[:0]
        return self.values[self._first_start() : self.rows.max() - self.horizon + 1]

    def coverage(self, weights: np.ndarray | None = None) -> np.ndarray:
        """Count, for each row of :meth:`covered_values`, the windows reading it.

        Weighting rows by their coverage gives the moments of the flat windows
        without materialising them. Counted a block of windows at a time into
        one int32 array, and returned in the smallest unsigned type that holds
        the counts (uint8 when no row is read by more than 255 windows): for
        tens of millions of windows, a full-length count per block (a
        ``bincount``) would be hundreds of megabytes.

        Parameters
        ----------
        weights : ndarray of shape (len(self),) or None, default=None
            Non-negative weight of each window (``sample_weight``): each row
            then counts the sum of the weights of the windows reading it, as
            if each window were repeated its weight times. Integer weights
            are summed exactly (int64); others in float64, see
            :meth:`_weighted_coverage`.

        Returns
        -------
        counts : ndarray of shape (len(self.covered_values()),)
            Windows (or their weights) reading each row.
        """
        if weights is not None:
            return self._weighted_coverage(np.asarray(weights))
        if not len(self.rows):
            return np.zeros(0, dtype=np.uint8)
        first = self._first_start()
        span = int(self.rows.max()) - self.horizon + 1 - first
        changes = np.zeros(span + 1, dtype=np.int32)
        for block in chunks(len(self.rows)):
            # distinct starts, so that each is added once without np.add.at
            starts, n = np.unique(self.starts_of(block) - first, return_counts=True)
            changes[starts] += n.astype(np.int32)
            changes[starts + self.look_back] -= n.astype(np.int32)
        counts = np.cumsum(changes[:-1], dtype=np.int32, out=changes[:-1])
        return counts.astype(np.min_scalar_type(int(counts.max())))

    def _weighted_coverage(self, weights: np.ndarray) -> np.ndarray:
        """:meth:`coverage` with each window counted by its weight.

        The weights are added where each window starts and subtracted where
        it ends, then summed along the rows, as the counts are. Integer
        weights (of exact integer sum) stay integers, so that a weight of
        ``k`` counts exactly as ``k`` copies of the window. Float weights
        are summed in float64; their running sum can leave a rounding error
        where windows end, so a row that no window reads is set to 0 and
        negative sums to 0.
        """
        if len(weights) != len(self.rows):
            raise ValueError(
                f"weights has {len(weights)} entries, but there are "
                f"{len(self.rows)} windows; give one weight per window."
            )
        if not len(self.rows):
            return np.zeros(0, dtype=np.float64)
        integral = bool(
            np.all(weights == np.trunc(weights))
            and np.sum(weights, dtype=np.float64) < 2.0**53
        )
        dtype = np.int64 if integral else np.float64
        first = self._first_start()
        span = int(self.rows.max()) - self.horizon + 1 - first
        changes = np.zeros(span + 1, dtype=dtype)
        for block in chunks(len(self.rows)):
            starts = self.starts_of(block) - first
            block_weights = weights[block].astype(dtype)
            np.add.at(changes, starts, block_weights)  # starts may repeat
            np.subtract.at(changes, starts + self.look_back, block_weights)
        totals = np.cumsum(changes[:-1], out=changes[:-1])
        if not integral:
            totals[self.coverage() == 0] = 0.0
            np.maximum(totals, 0.0, out=totals)
        return totals

    def _first_start(self) -> int:
        return int(self.starts_of(np.argmin(self.rows)))

    @property
    def is_contiguous(self) -> bool:
        """Whether the rows are consecutive.

        Then window ``i`` starts at ``starts[0] + i`` and no start positions
        need to be stored.
        """
        return len(self.rows) == 0 or (
            int(self.rows[-1]) - int(self.rows[0]) + 1 == len(self.rows)
            and bool(np.all(np.diff(self.rows) == 1))
        )

    def _complete_rows(self) -> np.ndarray:
        # A window is complete when it starts inside the series and holds no
        # NaN. Count the incomplete rows before each row, once; skip that
        # (and its temporaries) when there are none.
        first = self.look_back + self.horizon - 1
        incomplete = ~np.isfinite(self.values).all(axis=1)
        if not incomplete.any():
            return np.arange(first, len(self.values))
        before = np.concatenate([[0], np.cumsum(incomplete)])
        rows = np.arange(first, len(self.values))
        clean = before[rows - self.horizon + 1] == before[rows - first]
        return rows[clean]

    def __repr__(self) -> str:
        return (
            f"LaggedWindows({len(self)} windows of {self.look_back} rows x "
            f"{self.values.shape[1]} features, horizon={self.horizon})"
        )


def _as_rows(rows: Sequence[int]) -> np.ndarray:
    """Row numbers as int64, or as they are when int32 or int64 already (no copy)."""
    rows = np.asarray(rows)
    if rows.dtype in (np.dtype(np.int32), np.dtype(np.int64)):
        return rows
    return rows.astype(np.int64)
