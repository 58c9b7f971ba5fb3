"""Per-window scaling: each window on the scale of its own inputs.

One network trained on many series sees levels from 1 to a million. Scaling
the whole panel (a ``MinMaxScaler``) leaves the small series at zero; scaling
each series by statistics of its whole training part reads values a window
must not see. Scaling each *window* by statistics of its own inputs does
neither: the network learns shapes, whatever the level, and nothing reads a
value after the window's last input (the approach of ES-RNN and of
neuralforecast's ``scaler_type``; ADR 0021).

A :class:`WindowScaling` computes, for every window, a ``shift`` and a
``scale`` from the last ``level_steps`` inputs of one feature (the target's
own history), and maps that feature and the targets to::

    "standard":  (v - mean) / std           any series
    "mean":      v / mean(|v|)              positive series
    "log_mean":  log(max(v / mean(|v|), FLOOR))   positive series, multiplicative

The std of ``"standard"`` is at least ``RELATIVE_STD_FLOOR`` (1e-3) times the
window's |mean|, so that a flat window far from zero is not blown up: the
scaling is then no longer shift-invariant (a series and the same series plus
1e5, a cumulative meter reading say, can be forecast differently).

The formulas are written once for NumPy and TensorFlow alike (``xp`` is the
array namespace), so that streamed training batches, scored in a TensorFlow
graph, are scaled exactly as the NumPy prediction batches are.
:class:`ScaledWindows` carries the statistics beside the windows they belong
to, so that subsets, standardised copies and gathered batches stay scaled,
and nothing is materialised.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from skltsm._series._panel import chunks
from skltsm._transform._lagged_windows import LaggedWindows

__all__ = ["FLOOR", "METHODS", "SAFE_EXPONENT", "ScaledWindows", "WindowScaling"]

#: Per-window scalings by name.
METHODS = ("standard", "mean", "log_mean")

#: Smallest ratio to the level before the log: a zero month would be -inf.
FLOOR = 1e-3

#: Smallest std relative to the window's mean: a flat window of a series at
#: 1e6 would otherwise blow its targets up by the std's rounding error.
RELATIVE_STD_FLOOR = 1e-3

#: Binary exponent of the largest (and, negated, the smallest non-zero)
#: magnitude the scaled feature may take. The network reads it in float32
#: before each window is scaled (ADR 0021), whose normal range is 2 ** ±126:
#: 1e39 would be inf and every forecast NaN. The margin leaves room for a
#: window's spread and statistics, which are float32 in the training graph.
SAFE_EXPONENT = 120

#: Windows whose statistics are computed at once (a block of 65,536 windows of
#: 48 inputs is 25 MB): memory stays flat whatever the number of windows.
CHUNK = 65_536

NUMPY = SimpleNamespace(log=np.log, exp=np.exp, maximum=np.maximum, where=np.where)


@dataclass(frozen=True)
class WindowScaling:
    """How each window and its targets are scaled, from the window's inputs.

    Parameters
    ----------
    method : {"standard", "mean", "log_mean"}
        The scaling (see the module docstring).
    feature : int, default=0
        Position, among a window's features, of the series whose level the
        window is scaled by (the target's own lags). Other features are left
        as they are.
    level_steps : int or None, default=None
        The last inputs the statistics read; ``None`` reads the whole window.

    Examples
    --------
    >>> import numpy as np
    >>> windows = LaggedWindows(np.array([[1.0], [3.0], [100.0], [300.0]]), 2)
    >>> scaling = WindowScaling("mean")
    >>> shift, scale = scaling.statistics(windows)
    >>> scale
    array([ 2. , 51.5])
    >>> scaling.scale(np.array([4.0, 103.0]), shift, scale)
    array([2., 2.])
    """

    method: str
    feature: int = 0
    level_steps: int | None = None

    @property
    def is_log(self) -> bool:
        """Whether scaled values are logs of ratios (``"log_mean"``)."""
        return self.method == "log_mean"

    @property
    def divides_by_level(self) -> bool:
        """Whether windows are divided by a level, with no shift (not ``"standard"``).

        Such a scaling needs a non-negative series, and a relative error of
        its scaled values is the relative error in the series' units.
        """
        return self.method != "standard"

    def check_series(self, values: np.ndarray) -> None:
        """Refuse a series the scaling cannot represent.

        Raises
        ------
        ValueError
            If the method needs a non-negative series and it is not.
        """
        self.check_magnitudes(values)
        if not self.divides_by_level:
            return
        column = values[:, self.feature]
        negative = np.flatnonzero(column < 0)
        if negative.size:
            row = int(negative[0])
            raise ValueError(
                _negative_message(self.method, f"row {row} is {float(column[row])}")
            )

    def check_windows(self, windows: LaggedWindows) -> None:
        """Refuse windows that read a negative value of the scaled feature.

        :meth:`check_series` for the windows ``predict`` is given: a window
        of a negative series would be divided by its level all the same and
        forecast on the wrong side of zero (``"log_mean"`` floors its
        negative ratios), silently. Only the rows some window reads are
        checked, a block at a time: a forecast pipeline passes a context
        whose other rows are no input, and there may be millions of windows.

        Parameters
        ----------
        windows : LaggedWindows
            The windows, over the series in its own units.

        Raises
        ------
        ValueError
            If the method needs a non-negative series and a window reads a
            negative value.
        """
        if not self.divides_by_level or not len(windows):
            return
        column = windows.covered_values()[:, self.feature]
        counts = windows.coverage()
        for block in chunks(len(column), CHUNK):  # no full-length temporary
            negative = np.flatnonzero((column[block] < 0) & (counts[block] > 0))
            if negative.size:
                value = float(column[block][negative[0]])
                raise ValueError(
                    _negative_message(self.method, f"a window of X reads {value}")
                )

    def check_magnitudes(self, values: np.ndarray) -> None:
        """Refuse a scaled feature outside float32's range (``2 ** ±SAFE_EXPONENT``).

        Raises
        ------
        ValueError
            If a finite non-zero value of the feature is that large or that
            small, naming the first such row.
        """
        limit = 2.0**SAFE_EXPONENT
        for block in chunks(len(values), CHUNK):  # no full-length temporary
            size = np.abs(values[block, self.feature])
            outside = np.flatnonzero((size > limit) | ((size > 0) & (size < 1 / limit)))
            if outside.size:
                row = block.start + int(outside[0])
                value = float(values[row, self.feature])
                raise ValueError(_magnitude_message(self.method, row, value))

    def statistics(self, windows: LaggedWindows) -> tuple[np.ndarray, np.ndarray]:
        """Compute the shift and scale of each window from its last inputs.

        Parameters
        ----------
        windows : LaggedWindows
            Windows over the series in its own units.

        Returns
        -------
        shift, scale : ndarray of shape (n_windows,)
            Float64; ``scale`` is 0 for a window without a level (all zero,
            or flat at 0 for ``"standard"``): :meth:`scale` divides it by 1,
            :meth:`unscale` gives it its shift (0), as the series' own
            constant, and the regressor leaves it out of training (its
            scaled targets are in the series' units, and its forecast does
            not read the network).
        """
        column = np.asarray(windows.values[:, self.feature], dtype=np.float64)
        steps = min(self.level_steps or windows.look_back, windows.look_back)
        # the last `steps` rows before one past each window's last row
        offsets = np.arange(windows.look_back - steps, windows.look_back)
        shift, scale = np.zeros(len(windows)), np.ones(len(windows))
        for block in chunks(len(windows), CHUNK):
            inputs = column[windows.starts_of(block)[:, None] + offsets]
            shift[block], scale[block] = self._block_statistics(inputs)
        return shift, scale

    def _block_statistics(self, inputs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self.method == "standard":
            mean = inputs.mean(axis=1)
            spread = np.maximum(inputs.std(axis=1), RELATIVE_STD_FLOOR * np.abs(mean))
            return mean, spread
        level = np.abs(inputs).mean(axis=1)
        return np.zeros_like(level), level

    def scale(self, values, shift, scale, xp=NUMPY):
        """Map values to the window's scale (``shift``/``scale`` broadcast).

        A window without a level (``scale`` 0) is divided by 1: its targets
        stay in the units of the series.
        """
        ratio = (values - shift) / xp.where(scale > 0, scale, 1.0)
        return xp.log(xp.maximum(ratio, FLOOR)) if self.is_log else ratio

    def unscale(self, scaled, shift, scale, xp=NUMPY):
        """Invert :meth:`scale` (up to the floor of ``"log_mean"``).

        A window without a level forecasts its shift: 0 after a run of zeros,
        whatever the network says on a scale the window does not have. A
        ratio of ``"mean"`` is floored at 0, as ``"log_mean"``'s exponential
        is: the series is non-negative (``fit`` and ``predict`` refuse
        others), so a negative forecast is farther from any value it may
        take, and fed back by a recursive forecast it would be refused.
        """
        if self.is_log:
            ratio = xp.exp(scaled)
        elif self.divides_by_level:
            ratio = xp.maximum(scaled, 0.0)
        else:
            ratio = scaled
        return ratio * scale + shift


class ScaledWindows(LaggedWindows):
    """:class:`LaggedWindows` whose windows come out scaled, each by its own inputs.

    The statistics are computed once, from the windows' series in its own
    units; later copies over standardised values (``with_values``) keep them.

    Parameters
    ----------
    windows : LaggedWindows
        The windows, over the series in its own units.
    scaling : WindowScaling
        How to scale them.
    shift, scale : ndarray of shape (len(windows),) or None, default=None
        Statistics already computed (``None`` computes them).

    Examples
    --------
    >>> import numpy as np
    >>> raw = LaggedWindows(np.array([[1.0], [3.0], [100.0], [300.0]]), 2)
    >>> windows = ScaledWindows(raw, WindowScaling("mean"))
    >>> windows.to_numpy()[:, :, 0]
    array([[0.5       , 1.5       ],
           [0.05825243, 1.94174757]])
    >>> windows.unscale_targets(windows.scale_targets(np.array([100.0, 300.0])))
    array([100., 300.])
    """

    def __init__(
        self,
        windows: LaggedWindows,
        scaling: WindowScaling,
        shift: np.ndarray | None = None,
        scale: np.ndarray | None = None,
    ):
        super().__init__(
            windows.values, windows.look_back, windows.horizon, windows.rows,
            windows.feature_names,
        )  # fmt: skip
        self.scaling = scaling
        if shift is None or scale is None:
            shift, scale = scaling.statistics(windows)
        self.window_shift, self.window_scale = shift, scale

    @property
    def has_level(self) -> np.ndarray:
        """Whether each window has a level (``scale`` > 0), as a bool array.

        A window without one forecasts its shift whatever the network says
        (:meth:`WindowScaling.unscale`): nothing to train on.
        """
        return self.window_scale > 0

    def take(self, selection) -> ScaledWindows:
        """Windows of a subset of the rows, with their statistics."""
        return ScaledWindows(
            super().take(selection), self.scaling,
            self.window_shift[selection], self.window_scale[selection],
        )  # fmt: skip

    def with_values(self, values: np.ndarray) -> ScaledWindows:
        """Return the same windows and statistics over other values."""
        return ScaledWindows(
            super().with_values(values), self.scaling, self.window_shift,
            self.window_scale,
        )  # fmt: skip

    def gather(self, positions: np.ndarray | slice) -> np.ndarray:
        """Materialise some windows, the scaled feature on each window's scale."""
        batch = super().gather(positions)
        f = self.scaling.feature
        shift = self.window_shift[positions, None]
        scale = self.window_scale[positions, None]
        batch = batch.astype(np.result_type(batch.dtype, np.float32), copy=True)
        batch[:, :, f] = self.scaling.scale(batch[:, :, f], shift, scale)
        return batch

    def scale_targets(self, y: np.ndarray) -> np.ndarray:
        """Targets on the scale of the window each belongs to."""
        shift, scale = self._per_sample(np.ndim(y))
        return self.scaling.scale(np.asarray(y, dtype=np.float64), shift, scale)

    def unscale_targets(self, scaled: np.ndarray) -> np.ndarray:
        """Predictions of scaled targets, back in the units of the series."""
        shift, scale = self._per_sample(np.ndim(scaled))
        return self.scaling.unscale(np.asarray(scaled, np.float64), shift, scale)

    def _per_sample(self, ndim: int) -> tuple[np.ndarray, np.ndarray]:
        shape = (-1,) + (1,) * (ndim - 1)
        return self.window_shift.reshape(shape), self.window_scale.reshape(shape)


def _negative_message(method: str, where: str) -> str:
    return (
        f"window_scaling={method!r} divides each window by its mean level and "
        f"needs a non-negative series; {where}. Use window_scaling='standard' "
        "for series that take negative values."
    )


def _magnitude_message(method: str, row: int, value: float) -> str:
    limit = 2.0**SAFE_EXPONENT
    return (
        f"window_scaling={method!r} reads the scaled series in float32 before "
        f"scaling each window, which holds magnitudes from about {1 / limit:.0e} "
        f"to {limit:.0e}; row {row} is {value:.6g}. Multiply the "
        "series by a power of ten in front of the network (a FunctionTransformer), "
        "or use window_scaling=None, which standardises the series in float64."
    )
