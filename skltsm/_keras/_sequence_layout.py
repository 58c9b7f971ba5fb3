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

__all__ = ["feature_moments", "sequence_shape", "to_sequences"]

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


def to_sequences(
    X: np.ndarray,
    input_shape: tuple[int, int],
    mean: np.ndarray | float = 0.0,
    scale: np.ndarray | float = 1.0,
) -> np.ndarray:
    """Reshape windows to ``(n_samples, *input_shape)`` and standardise features.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_columns) or (n_samples, timesteps, features)
        Windows.
    input_shape : tuple of int
        ``(timesteps, features)``, e.g. from :func:`sequence_shape`.
    mean, scale : ndarray of shape (features,) or float
        Per-feature moments, e.g. from :func:`feature_moments`.

    Returns
    -------
    sequences : ndarray of shape (n_samples, timesteps, features)
        ``(X - mean) / scale`` in float32, as Keras computes.

    Examples
    --------
    >>> import numpy as np
    >>> to_sequences(np.array([[1.0, 3.0]]), (2, 1), mean=2.0, scale=1.0)[0, :, 0]
    array([-1.,  1.], dtype=float32)
    """
    if isinstance(X, LaggedWindows):  # standardise the series, not the windows
        return X.with_values(_standardized(X.values, mean, scale))
    sequences = np.asarray(X).reshape(X.shape[0], *input_shape)
    return _standardized(sequences, mean, scale)


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
    X: np.ndarray, input_shape: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and scale of each feature over all samples and timesteps.

    Parameters
    ----------
    X : ndarray
        Windows, flat or 3-D.
    input_shape : tuple of int
        ``(timesteps, features)``.

    Returns
    -------
    mean, scale : ndarray of shape (features,)
        Float64 mean and standard deviation (1 where a feature is constant,
        so that it maps to 0).

    Examples
    --------
    >>> import numpy as np
    >>> feature_moments(np.array([[1.0, 3.0], [5.0, 7.0]]), (2, 1))
    (array([4.]), array([2.23606798]))
    """
    if isinstance(X, LaggedWindows):
        # each row counted as often as windows read it: the flat windows' moments
        values, weights = X.read_values()
    else:
        values = np.asarray(X, dtype=np.float64).reshape(-1, input_shape[1])
        weights = None
    mean = np.average(values, axis=0, weights=weights)
    scale = np.sqrt(np.average((values - mean) ** 2, axis=0, weights=weights))
    return mean, np.where(scale > 0, scale, 1.0)
