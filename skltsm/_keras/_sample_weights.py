"""Sample weights read as repetitions, for what a fit computes from all its samples.

scikit-learn's convention: a sample of weight 0 is the sample removed, and an
integer weight ``k`` the sample ``k`` times. The moments the Keras estimators
standardise with (:func:`skltsm._keras._sequence_layout.feature_moments`, the
regressor's :class:`~skltsm._keras._target_scaling.StandardizingTargetEncoder`)
follow it: both first keep the samples that weigh, then weigh them, unless
their weights are all equal, where the moments are computed as without
weights, to the bit.
"""

from __future__ import annotations

import numpy as np

__all__ = ["positive_weights"]


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
