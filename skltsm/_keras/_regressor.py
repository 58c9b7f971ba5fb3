"""LSTMRegressor: a scikeras KerasRegressor that builds the tutorials' networks."""

from __future__ import annotations

from scikeras.wrappers import KerasRegressor
from sklearn.utils import RegressorTags

from skltsm._capabilities import LAGGED_WINDOWS, SEQUENCE_TARGETS
from skltsm._keras._base import KerasSequenceEstimator
from skltsm._keras._target_scaling import StandardizingTargetEncoder

__all__ = ["LSTMRegressor"]


class LSTMRegressor(KerasSequenceEstimator, KerasRegressor):
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
    architecture : {"recurrent", "encoder-decoder", "cnn-lstm", "convlstm"}, \
default="recurrent"
        Network family (the tutorials' models):

        - ``"recurrent"``: recurrent layers and a dense head; vanilla, stacked,
          bidirectional, LSTM or GRU by the parameters below. Several target
          values come from one dense layer (the "vector output" model).
        - ``"encoder-decoder"``: an encoder reads the window, ``RepeatVector``
          repeats its summary once per output step, a decoder (``units``
          reversed) unrolls it and a ``TimeDistributed`` dense layer gives the
          series at each step. ``y`` of shape ``(n_samples, steps)`` or
          ``(n_samples, steps, series)``.
        - ``"cnn-lstm"``: each window is split into ``n_subsequences``; a
          ``TimeDistributed(Conv1D, MaxPooling1D, Flatten)`` block reads each
          subsequence and the recurrent layers read the sequence of results.
        - ``"convlstm"``: a ``ConvLSTM2D`` layer over the subsequences, each a
          ``(1, steps)`` image with the features as channels (``units``,
          ``cell`` and ``bidirectional`` are not used).
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
    n_subsequences : int, default=2
        ``"cnn-lstm"`` and ``"convlstm"``: number of equal subsequences each
        window is split into; must divide the window length.
    filters : int, default=64
        ``"cnn-lstm"`` and ``"convlstm"``: convolution filters.
    kernel_size : int, default=2
        ``"cnn-lstm"`` and ``"convlstm"``: convolution length along time
        (``"same"`` padding, so any length fits any subsequence).
    pool_size : int, default=2
        ``"cnn-lstm"``: max-pooling length along time (``"same"`` padding).
    stateful : bool, default=False
        Each recurrent layer starts a batch from the state the previous batch
        left (the airline tutorial's "memory between batches"). The network is
        built for batches of exactly ``batch_size`` windows (the tutorial's
        ``batch_size=1`` makes each window continue the one before), training
        needs ``shuffle=False`` and a number of windows divisible by
        ``batch_size``, and the state is reset at the start of every epoch.
        Each ``predict`` call starts from a reset state and carries it through
        its rows in order; see Notes.
    optimizer : str or keras.optimizers.Optimizer class, default="adam"
        Optimizer; extra arguments route as ``optimizer__name=value``.
    learning_rate : float, default=0.001
        Learning rate of the optimizer.
    loss : str, keras loss or None, default=None
        Training loss, on the standardised target; ``None`` is mean squared
        error.
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
    target_encoder_ : StandardizingTargetEncoder
        The fitted target standardisation (``output_shape_`` is the shape of
        one target sample).

    See Also
    --------
    skltsm.make_forecast_pipeline : Lagging, differencing and scaling around it.
    skltsm.LSTMClassifier : The same networks for sequence classification.

    Notes
    -----
    The shape of ``y`` sets the output: ``(n_samples,)`` one value,
    ``(n_samples, k)`` ``k`` values (several steps of one series, or one step
    of ``k`` parallel series), ``(n_samples, steps, series)`` several steps of
    several series. Predictions have the same shape per sample.

    With ``stateful=True``, ``predict(X_train)`` followed by
    ``predict(X_test)`` resets the state in between, as the tutorial does
    (``model.reset_states()`` before predicting the test rows). To let the
    test rows start from the state the training rows leave, predict both in
    one call and keep the tail.

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

    Two steps ahead with an encoder-decoder, windows split for a CNN-LSTM:

    >>> Y = np.column_stack([y, y + 10])
    >>> s2s = LSTMRegressor(architecture="encoder-decoder", epochs=2, random_state=0)
    >>> s2s.fit(X, Y).predict(X).shape
    (4, 2)
    >>> X4 = np.array([[10, 20, 30, 40], [20, 30, 40, 50], [30, 40, 50, 60]])
    >>> cnn = LSTMRegressor(architecture="cnn-lstm", epochs=2, random_state=0)
    >>> cnn.fit(X4, np.array([50, 60, 70])).predict(X4).shape
    (3,)
    """

    _skltsm_capabilities = frozenset({LAGGED_WINDOWS, SEQUENCE_TARGETS})

    @property
    def target_encoder(self):
        """Standardises the target for the network and restores its units."""
        return StandardizingTargetEncoder(owner=type(self).__name__)

    def _output_spec(self):
        return self.target_encoder_.output_shape_, None

    def _default_loss(self):
        return "mse"

    def _validate_data(self, X=None, y=None, reset=False, y_numeric=True):
        return super()._validate_data(X, y, reset=reset, y_numeric=True)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.estimator_type = "regressor"
        tags.regressor_tags = RegressorTags(poor_score=True)
        tags.target_tags.multi_output = True
        return tags
