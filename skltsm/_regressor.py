"""LSTMRegressor: a scikeras KerasRegressor that builds its own recurrent network."""

from __future__ import annotations

from scikeras.wrappers import KerasRegressor
from sklearn.utils import RegressorTags

from skltsm._keras_wrapper import SequenceWrapperMixin
from skltsm._target_scaling import StandardizingTargetEncoder

__all__ = ["LSTMRegressor"]


class LSTMRegressor(SequenceWrapperMixin, KerasRegressor):
    """Recurrent neural network regressor on windows of past values.

    A scikeras ``KerasRegressor`` whose network is described by plain
    constructor arguments, so that it can be cloned, grid-searched and
    pickled like any scikit-learn estimator. The input shape is inferred from
    the data at each fit: 3-D arrays ``(samples, timesteps, features)``, 2-D
    windows of one series (the tutorials' framing, one column per timestep),
    or :class:`skltsm.LagTransformer` output, whose column names give
    ``(timesteps, features)``. The target is standardised internally and
    predictions come back in its units.

    Parameters
    ----------
    model : callable or None, default=None
        ``None`` builds the network described by the parameters below. A
        function returning a ``keras.Model`` replaces it (the scikeras route);
        it may accept ``meta`` (fitted attributes such as ``input_shape_`` and
        ``n_outputs_``) and ``compile_kwargs``.
    units : int or tuple of int, default=32
        Units of each recurrent layer. A tuple stacks one layer per entry
        (``(64, 32)`` is a two-layer stacked network).
    cell : {"lstm", "gru"}, default="lstm"
        Recurrent cell.
    bidirectional : bool, default=False
        Read each window in both directions.
    dropout : float, default=0.0
        Rate of the dropout after each recurrent layer.
    activation : str or callable, default="tanh"
        Activation of the recurrent cells. ``tanh`` keeps the fused cuDNN
        kernel on a GPU; the tutorials' ``relu`` disables it.
    optimizer : str or keras.optimizers.Optimizer class, default="adam"
        Optimizer; extra arguments route as ``optimizer__name=value``.
    learning_rate : float, default=0.001
        Learning rate of the optimizer.
    loss : str or keras loss, default="mse"
        Training loss, on the standardised target.
    metrics : list or None, default=None
        Keras metrics recorded in ``history_``.
    epochs : int, default=100
        Passes over the training windows.
    batch_size : int, default=32
        Windows per gradient step (the tutorials' ``batch_size=1`` is 10-50
        times slower per epoch).
    shuffle : bool, default=True
        Shuffle windows every epoch (with a seed derived from
        ``random_state``).
    early_stopping : bool, default=False
        Hold out the most recent ``validation_fraction`` of the windows, stop
        when their loss has not improved for ``patience`` epochs, and keep the
        best weights.
    validation_fraction : float, default=0.1
        Size of the time-ordered validation tail used by ``early_stopping``.
    patience : int, default=10
        Epochs without improvement before early stopping.
    callbacks : list or None, default=None
        Extra Keras callbacks (scikeras semantics).
    warm_start : bool, default=False
        Keep training the existing network on the next ``fit``.
    random_state : int, RandomState instance or None, default=None
        Seeds weight initialisation, dropout and shuffling; with an int,
        results are identical run to run on CPU. Nothing global is seeded.
    verbose : int, default=0
        Keras' verbosity.
    **kwargs : dict
        Routed parameters in scikeras' syntax (``optimizer__beta_1``,
        ``model__hidden``, ``callbacks__patience``, ...).

    Attributes
    ----------
    model_ : keras.Model
        The trained network.
    input_shape_ : tuple of int
        ``(timesteps, features)`` of one input sample.
    history_ : dict
        Loss (and metrics) per epoch, as in scikeras.
    n_features_in_ : int
        Number of columns (2-D input) or timesteps (3-D input) seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names seen in fit, when ``X`` is a DataFrame.
    n_outputs_ : int
        Number of outputs (columns of ``y``).

    See Also
    --------
    skltsm.make_forecast_pipeline : Lagging, differencing and scaling around it.
    skltsm.LSTMClassifier : The same networks for sequence classification.

    Notes
    -----
    scikeras 0.13 declares no ``__sklearn_tags__`` for scikit-learn >= 1.6 (its
    mixins sit right of ``BaseEstimator``), so ``is_regressor`` is False and
    ``check_estimator`` fails. This class declares the tags of a regressor.

    Examples
    --------
    >>> import numpy as np
    >>> from skltsm import LSTMRegressor
    >>> X = np.array([[10, 20, 30], [20, 30, 40], [30, 40, 50], [40, 50, 60]])
    >>> y = np.array([40, 50, 60, 70])
    >>> reg = LSTMRegressor(units=8, epochs=5, random_state=0).fit(X, y)
    >>> reg.input_shape_
    (3, 1)
    >>> reg.predict(np.array([[50, 60, 70]])).shape
    (1,)
    """

    def __init__(
        self,
        model=None,
        *,
        units=32,
        cell="lstm",
        bidirectional=False,
        dropout=0.0,
        activation="tanh",
        optimizer="adam",
        learning_rate=0.001,
        loss="mse",
        metrics=None,
        epochs=100,
        batch_size=32,
        shuffle=True,
        early_stopping=False,
        validation_fraction=0.1,
        patience=10,
        callbacks=None,
        warm_start=False,
        random_state=None,
        verbose=0,
        **kwargs,
    ):
        self.model = model
        self.units = units
        self.cell = cell
        self.bidirectional = bidirectional
        self.dropout = dropout
        self.activation = activation
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.loss = loss
        self.metrics = metrics
        self.epochs = epochs
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.callbacks = callbacks
        self.warm_start = warm_start
        self.random_state = random_state
        self.verbose = verbose
        vars(self).update(kwargs)  # scikeras' routed parameters
        if kwargs:
            self._user_params = set(kwargs)

    @property
    def target_encoder(self):
        """Standardises the target for the network and restores its units."""
        return StandardizingTargetEncoder(owner=type(self).__name__)

    def _output_spec(self):
        return self.target_encoder_.output_shape_, None

    def _validate_data(self, X=None, y=None, reset=False, y_numeric=True):
        return super()._validate_data(X, y, reset=reset, y_numeric=True)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.estimator_type = "regressor"
        tags.regressor_tags = RegressorTags(poor_score=True)
        tags.target_tags.multi_output = True
        return tags
