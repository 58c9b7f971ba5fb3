"""Stateful recurrent networks: the airline tutorial's "memory between batches".

A stateful layer starts each batch from the state the previous batch left:
window ``i`` of a batch continues window ``i`` of the batch before. For one
series in time order with ``batch_size=1``, each window continues the one
before it, so the network carries memory along the whole series. That fixes
what training and prediction may do:

* the network is built for batches of exactly ``batch_size`` windows
  (``keras.Input(batch_size=...)``), so the number of windows must split into
  whole batches;
* windows must arrive in time order: no shuffling;
* the state is reset at the start of every epoch (:class:`ResetStatesEachEpoch`),
  so each epoch reads the series from its beginning;
* each ``predict`` call starts from a reset state and carries it through the
  rows it is given, in order (:func:`predict_statefully`).
"""

from __future__ import annotations

import keras
import numpy as np

__all__ = [
    "ResetStatesEachEpoch",
    "check_stateful_training",
    "is_stateful",
    "predict_statefully",
    "reset_states",
]


def check_stateful_training(
    owner: str,
    *,
    shuffle: bool,
    batch_size: int,
    model_batch_size: int | None,
    n_train: int,
    n_validation: int,
    user_model: bool = True,
    n_weightless: int = 0,
) -> None:
    """Refuse training settings a stateful network cannot honour.

    Parameters
    ----------
    owner : str
        Estimator name, for the messages.
    shuffle : bool
        The estimator's ``shuffle``.
    batch_size : int
        The fixed batch size.
    model_batch_size : int or None
        The batch size the network's input was built for.
    n_train, n_validation : int
        Windows trained on, and held out by early stopping.
    user_model : bool, default=True
        Whether the network comes from a build function passed as ``model=``;
        the default network is built for ``batch_size``, so a mismatch is
        a fit that continues it after ``set_params(batch_size=...)``.
    n_weightless : int, default=0
        Windows of ``sample_weight`` 0, left out before ``n_train`` was
        counted (scikit-learn's convention, which scikeras follows): named
        when the others do not split into whole batches.

    Raises
    ------
    ValueError
        With the constraint, the offending values and the fix.

    Examples
    --------
    >>> check_stateful_training(
    ...     "LSTMRegressor",
    ...     shuffle=False,
    ...     batch_size=4,
    ...     model_batch_size=4,
    ...     n_train=10,
    ...     n_validation=0,
    ... )
    Traceback (most recent call last):
    ...
    ValueError: LSTMRegressor(stateful=True) is built for batches of exactly ...
    """
    if shuffle:
        raise ValueError(
            f"{owner}(stateful=True) carries the state of each recurrent layer "
            "from one batch to the next, so the windows must arrive in time "
            "order, but shuffle=True reorders them every epoch. Set shuffle=False."
        )
    if model_batch_size != batch_size:
        advice = (
            "A build function passed as model= must create keras.Input(..., "
            "batch_size=params['batch_size']) and stateful recurrent layers."
            if user_model
            else f"The fitted network was built for batch_size={model_batch_size}, "
            "and a continued fit (warm_start=True or partial_fit) trains it as "
            f"it is: set batch_size={model_batch_size} again, or fit a new "
            "network with warm_start=False."
        )
        raise ValueError(
            f"{owner}(stateful=True) needs a network built for batches of exactly "
            f"batch_size={batch_size} windows, but the network's input takes "
            f"batches of {model_batch_size}. {advice}"
        )
    _check_whole_batches(owner, batch_size, n_train, "training windows", n_weightless)
    if n_validation:
        _check_whole_batches(
            owner,
            batch_size,
            n_validation,
            "windows held out by early_stopping (validation_fraction)",
        )


def _check_whole_batches(
    owner: str, batch_size: int, n: int, what: str, n_weightless: int = 0
) -> None:
    left_over = n % batch_size
    if left_over:
        divisors = ", ".join(str(d) for d in range(1, n + 1) if n % d == 0)
        weightless = (
            f" ({n_weightless} window(s) of sample_weight 0 were left out, as "
            "scikit-learn leaves them out; a stateful network then reads the "
            "windows after each from the state of the windows before it)"
            if n_weightless
            else ""
        )
        raise ValueError(
            f"{owner}(stateful=True) is built for batches of exactly "
            f"batch_size={batch_size} windows, but the {n} {what}{weightless} do "
            f"not split into whole batches of {batch_size} ({left_over} left "
            f"over). Use batch_size=1 (the tutorial's) or a divisor of {n} "
            f"({divisors}), or drop the {left_over} oldest windows."
        )


def reset_states(model: keras.Model) -> None:
    """Zero the state of every stateful layer of ``model``."""
    for layer in _stateful_layers(model):
        layer.reset_state()


def is_stateful(model: keras.Model) -> bool:
    """Whether ``model`` carries a state from one batch to the next.

    What a fitted network is, whatever ``stateful`` says after a
    ``set_params``: its predictions must be read as it was built.
    """
    return any(True for _ in _stateful_layers(model))


def _stateful_layers(model: keras.Model):
    return (layer for layer in model.layers if getattr(layer, "stateful", False))


class ResetStatesEachEpoch(keras.callbacks.Callback):
    """Keras callback: every epoch reads the series from a zero state."""

    def on_epoch_begin(self, epoch, logs=None):
        """Reset the states before the first batch of the epoch."""
        reset_states(self.model)


def predict_statefully(model: keras.Model, X: np.ndarray) -> np.ndarray:
    """Predict the rows of ``X`` in order, carrying the state from row to row.

    The state is reset first, so the result depends only on ``X``. The last
    batch is completed with copies of the last row, whose outputs are
    dropped: they come after every real row and cannot change its output.

    Parameters
    ----------
    model : keras.Model
        A network built for a fixed batch size.
    X : ndarray of shape (n_samples, timesteps, features)
        Windows in time order.

    Returns
    -------
    predictions : ndarray
        Model outputs, one per row of ``X``.
    """
    batch_size = model.inputs[0].shape[0]
    n_samples = len(X)
    padding = -n_samples % batch_size
    padded = np.concatenate([X, np.repeat(X[-1:], padding, axis=0)]) if padding else X
    reset_states(model)
    outputs = [
        np.asarray(model.predict_on_batch(padded[start : start + batch_size]))
        for start in range(0, len(padded), batch_size)
    ]
    return np.concatenate(outputs)[:n_samples]
