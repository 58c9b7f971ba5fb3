"""Sample weights read as repetitions, for what a fit computes from all its samples.

scikit-learn's convention: a sample of weight 0 is the sample removed, and an
integer weight ``k`` the sample ``k`` times. The moments the Keras estimators
standardise with (:func:`skltsm._keras._sequence_layout.feature_moments`, the
regressor's :class:`~skltsm._keras._target_scaling.StandardizingTargetEncoder`)
follow it: both first keep the samples that weigh, then weigh them, unless
their weights are all equal, where the moments are computed as without
weights, to the bit.

In training, Keras multiplies each sample's loss by its weight; a target of
several steps of several series has a loss per step, which
:func:`loss_weights` shapes the weights to broadcast against.
"""

from __future__ import annotations

import numpy as np

__all__ = ["loss_weights", "positive_weights"]


def positive_weights(
    sample_weight, what: str = "sample"
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Return which samples weigh, and their weights.

    Parameters
    ----------
    sample_weight : array-like of shape (n_samples,)
        Non-negative weights (checked by the estimator's ``fit``).
    what : str, default="sample"
        What a sample is, for the message.

    Returns
    -------
    kept : ndarray of bool or None
        The samples of positive weight; ``None`` when all are.
    weights : ndarray or None
        The weights of the samples kept, of their own dtype; ``None`` when
        they are all equal.

    Raises
    ------
    ValueError
        If every weight is 0.

    Examples
    --------
    >>> positive_weights([0, 2, 2])
    (array([False,  True,  True]), None)
    >>> positive_weights([1, 3])
    (None, array([1, 3]))
    """
    weights = np.asarray(sample_weight)  # integers stay integers: exact sums
    kept = weights > 0
    if not kept.any():
        raise ValueError(
            f"sample_weight gives every {what} a weight of 0: there is nothing to "
            f"fit on. Give some {what}s a positive weight."
        )
    if kept.all():
        kept = None
    else:
        weights = weights[kept]
    return kept, (None if np.all(weights == weights[0]) else weights)


def loss_weights(
    sample_weight: np.ndarray | None, target_ndim: int
) -> np.ndarray | None:
    """Shape per-sample weights for the loss Keras computes on a target.

    Keras' losses average the last axis of the target away: a target of
    shape ``(n, steps, series)`` has a loss of shape ``(n, steps)``, which
    Keras multiplies by the weights as they are, without aligning their
    first axis with the samples. Weights of shape ``(n,)`` then fail to
    broadcast (``Incompatible shapes: [n, steps] vs. [n]``), or, where
    ``n`` equals ``steps``, weigh the steps instead of the samples. Shaped
    ``(n, 1)``, each weighs every step of its sample; a loss of one value
    per sample (the pinball loss of quantile heads) takes them too, Keras
    expanding the loss to ``(n, 1)``.

    Parameters
    ----------
    sample_weight : ndarray of shape (n_samples,) or None
        Per-sample weights.
    target_ndim : int
        Number of dimensions of the target, the sample axis included.

    Returns
    -------
    weights : ndarray or None
        ``sample_weight`` with ``target_ndim - 2`` axes of length 1 added
        after the first (as it is for a target of at most two dimensions);
        ``None`` for ``None``.

    Examples
    --------
    >>> loss_weights(np.array([1.0, 2.0]), 3)
    array([[1.],
           [2.]])
    >>> loss_weights(np.array([1.0, 2.0]), 2)
    array([1., 2.])
    """
    if sample_weight is None or target_ndim <= 2:
        return sample_weight
    return np.reshape(sample_weight, (-1, *[1] * (target_ndim - 2)))
