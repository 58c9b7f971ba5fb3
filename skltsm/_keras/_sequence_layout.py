"""How flat windows map to the (timesteps, features) input of a recurrent net.

:class:`skltsm.LagTransformer` names its columns ``{feature}_lag_{k}``, oldest
lag first, time-major. From those names a network recovers its input shape,
so grid-searching ``look_back`` changes only the lag step. Without such
names, a 2-D window matrix is read the way the tutorials frame it: one
feature, one timestep per column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from skltsm._transform._lagged_windows import LaggedWindows

__all__ = ["as_windows", "feature_moments", "sequence_shape", "to_sequences"]

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
        The same windows over ``(values - mean) / scale`` in float32, as Keras
        computes: the series is standardised, not each window.

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
    # float32 arithmetic, in place: the same rounding for lazy and dense
    # windows, and no float64 copy of long inputs
    out = np.array(values, dtype=np.float32)
    out -= np.asarray(mean, dtype=np.float32)
    out /= np.asarray(scale, dtype=np.float32)
    return out


def _shape_from_lag_names(names: Sequence[str]) -> tuple[int, int] | None:
    matches = [_LAG_NAME.match(str(name)) for name in names]
    if not matches or not all(matches):
        return None
    features = list(dict.fromkeys(m["feature"] for m in matches))
    lags = list(dict.fromkeys(int(m["lag"]) for m in matches))
    expected = [f"{feature}_lag_{lag}" for lag in lags for feature in features]
    if [str(name) for name in names] != expected or lags != sorted(lags, reverse=True):
        return None
    return len(lags), len(features)


def feature_moments(
    windows: LaggedWindows, read: tuple[np.ndarray, np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and scale of each feature over all windows and timesteps.

    Parameters
    ----------
    windows : LaggedWindows
        Windows, e.g. from :func:`as_windows`.
    read : tuple of ndarray or None, default=None
        ``windows.read_values()``, when the caller has it already.

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
    """
    # each row counted as often as windows read it: the flat windows' moments
    values, counts = windows.read_values() if read is None else read
    values = np.asarray(values, dtype=np.float64)
    weights = None if np.all(counts == 1) else counts
    mean = np.average(values, axis=0, weights=weights)
    deviations = values - mean  # one temporary, squared in place
    deviations **= 2
    scale = np.sqrt(np.average(deviations, axis=0, weights=weights))
    return mean, np.where(scale > 0, scale, 1.0)
