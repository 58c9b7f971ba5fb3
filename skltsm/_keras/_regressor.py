"""LSTMRegressor: a scikeras KerasRegressor that builds the tutorials' networks."""

from __future__ import annotations

import numpy as np
from scikeras.utils import loss_name
from scikeras.wrappers import KerasRegressor
from sklearn.utils import RegressorTags
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from skltsm._capabilities import LAGGED_WINDOWS, SEQUENCE_TARGETS
from skltsm._constraints import NON_NEGATIVE_INT, POSITIVE_INT, QUANTILE_LEVELS
from skltsm._keras._base import KerasSequenceEstimator
from skltsm._keras._percentage_loss import MeanAbsolutePercentageError
from skltsm._keras._quantile_loss import PinballLoss
from skltsm._keras._sequence_layout import as_windows
from skltsm._keras._target_scaling import StandardizingTargetEncoder
from skltsm._keras._window_levels import (
    FitRows,
    level_weights,
    rows_with_a_level,
    warn_left_out,
)
from skltsm._transform._window_scaling import (
    FLOOR,
    METHODS,
    ScaledWindows,
    WindowScaling,
)

__all__ = ["LSTMRegressor"]


class LSTMRegressor(KerasSequenceEstimator, KerasRegressor):
    """Recurrent neural network regressor on windows of past values.

    A scikeras ``KerasRegressor`` whose network is described by plain
    constructor arguments, so that it can be cloned, grid-searched and
    pickled like any scikit-learn estimator. The input shape is inferred from
    the data at each fit: 3-D arrays ``(samples, timesteps, features)``, 2-D
    windows of one series (the tutorials' framing, one column per timestep),
    or :class:`skltsm.LagTransformer` output, whose column names give
    ``(timesteps, features)``. Names ``{feature}_lag_{k}`` must then be in
    ``LagTransformer``'s order: time-major, oldest lag first (``a_lag_2,
    b_lag_2, a_lag_1, b_lag_1``); every lag of every feature in another order
    (a ``ColumnTransformer`` grouping columns by feature, say) is refused with
    a ``ValueError``, rather than read as other timesteps. Other names give
    one feature, a timestep per column. The target is standardised internally and
    predictions come back in its units.

    Parameters
    ----------
    model : callable or None, default=None
        ``None`` builds the network described by the parameters below. A
        function returning a ``keras.Model`` replaces it (the scikeras route);
        it may accept ``meta`` (fitted attributes such as ``input_shape_`` and
        ``n_outputs_``) and ``compile_kwargs``. It runs with Python's and NumPy's
        global generators seeded from ``random_state`` and put back after,
        so layers and initialisers it leaves unseeded are reproducible too.
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
        ``batch_size`` (windows of ``sample_weight`` 0 are left out first,
        as scikit-learn leaves them out), and the state is reset at the start
        of every epoch.
        Each ``predict`` call starts from a reset state and carries it through
        its rows in order; see Notes.
    optimizer : str, keras.optimizers.Optimizer or its class, default="adam"
        Optimizer, by a name Keras knows (``"adam"``, ``"sgd"``, ...); extra
        arguments route as ``optimizer__name=value``.
    learning_rate : float, default=0.001
        Learning rate of the optimizer named by ``optimizer``. Not used where
        ``optimizer`` is an instance or ``optimizer__learning_rate`` is given:
        those set the rate (search over theirs, not over this one).
    loss : str, keras loss or None, default=None
        Training loss, on the standardised target; ``None`` is mean squared
        error (the pinball loss with ``quantiles``, which takes no other).
        ``"mape"`` (or Keras' percentage error in any spelling) is the mean
        absolute percentage error in the units of ``y``, zero actuals left
        out (:class:`~skltsm._keras._percentage_loss.\
MeanAbsolutePercentageError`), not Keras' percentage error of the
        standardised values; it needs ``window_scaling="mean"`` or
        ``"log_mean"``, whose level divides out of a relative error. Like the
        metric, it favours low forecasts (an under-forecast costs at most
        100 %); a quantile below the median (``quantiles=(0.4,)``) aims low
        with the pinball loss instead (ADR 0025).
    metrics : str, list or None, default=None
        Keras metrics recorded in ``history_``: names Keras knows,
        ``keras.metrics.Metric`` objects or classes, or functions. Like
        ``loss``, they are computed on the standardised target (scaled by
        each window's level too, with ``window_scaling``), not in the units
        of ``y``: without ``window_scaling``, an ``"mae"`` of 0.5 is half a
        standard deviation of ``y``. For metrics in the units of ``y``,
        score what :meth:`predict` returns, e.g.
        ``sklearn.metrics.mean_absolute_error(y_test, reg.predict(X_test))``.
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
        Extra ``keras.callbacks.Callback`` instances or classes (scikeras
        semantics).
    warm_start : bool, default=False
        Keep training the existing network on the next ``fit``.
    random_state : int, RandomState instance or None, default=None
        Seeds weight initialisation, dropout and shuffling; with an int,
        results are identical run to run on CPU. An instance gives a new
        seed to each fit that builds the network, and is advanced. Nothing
        global is seeded but while a ``model`` function runs (see ``model``).
    verbose : int, default=0
        Keras' verbosity.
    window_scaling : {"standard", "mean", "log_mean"} or None, default=None
        Scale each window, and the targets it is trained on, by statistics of
        its own last ``level_steps`` inputs of feature ``scaled_feature`` (the
        target's own lags), and bring predictions back to the units of that
        window: what lets one network learn from series of any level (ES-RNN's
        and neuralforecast's per-window scaling; nothing reads a value after
        a window's inputs). ``"standard"``: minus the mean, over the standard
        deviation (any series); ``"mean"``: over the mean absolute value;
        ``"log_mean"``: log of that ratio, floored at 1e-3 (non-negative
        series with multiplicative changes). ``"mean"`` and ``"log_mean"``
        need a non-negative series: ``fit`` and ``predict`` refuse windows
        that read a negative value, and their forecasts are at least 0.
        ``None`` standardises each feature over the whole training series.
        The scaled feature is not standardised again; other features are,
        as without it. ``y`` must hold steps of that one series:
        ``(n_samples,)`` or ``(n_samples, steps)``. A window whose
        ``level_steps`` inputs are all zero has no level: it is forecast as
        0, and left out of the fit as a window of ``sample_weight`` 0 is (a
        ``LostWindowsWarning`` says how many), unless no training window has
        a level.
    level_steps : int or None, default=None
        Inputs the window statistics read (the last ones); ``None`` reads
        the whole window.
    scaled_feature : int, default=0
        Position of the scaled series among the window's features.
    quantiles : sequence of float or None, default=None
        Quantile levels for the network to output directly, e.g. ``(0.1,
        0.5, 0.9)``: distinct floats in (0, 1). The output layer then has one
        unit per output and level, trained on the pinball loss averaged over
        both (:class:`~skltsm._keras._quantile_loss.PinballLoss`), and
        :meth:`predict_quantiles` gives them. :meth:`predict` gives the median
        head when 0.5 is among the levels, else the median interpolated
        linearly between the heads either side of 0.5, else (all levels on
        one side of it) the mean of the quantile forecasts. ``None`` trains
        one point forecast per output (mean squared error by default).
    **kwargs : dict
        Routed parameters in scikeras' syntax (``optimizer__beta_1``,
        ``callbacks__patience``, ...; ``model__hidden`` and unprefixed
        keywords only with a custom ``model`` that takes them: ``fit``
        refuses them with the default network).

    Attributes
    ----------
    model_ : keras.Model
        The trained network.
    input_shape_ : tuple of int
        ``(timesteps, features)`` of one input sample, what ``predict``'s
        windows are checked against. The default recurrent networks (not
        stateful ones) are built for windows of any length
        (``model_.input_shape`` is ``(None, None, features)``), so that
        look-backs share a pooled trainer (ADR 0031).
    history_ : dict
        Loss (and metrics) per epoch, as in scikeras, on the standardised
        target (see ``metrics``).
    n_validation_ : int
        Windows held out at the end for ``early_stopping`` (the most recent
        ones), 0 without it.
    n_features_in_ : int
        Number of columns (2-D input) or timesteps (3-D input) seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names seen in fit, when ``X`` is a DataFrame.
    n_outputs_ : int
        Number of outputs (columns of ``y``).
    target_encoder_ : StandardizingTargetEncoder
        The fitted target standardisation (``output_shape_`` is the shape of
        one target sample).
    window_scaling_ : WindowScaling or None
        The per-window scaling fitted with (``None`` without).
    quantile_levels_ : ndarray of shape (n_quantiles,) or None
        The levels of ``quantiles`` in increasing order, the order of the last
        axis of :meth:`predict_quantiles` (``None`` without quantiles).

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

    Windows of series a thousand times apart, each on its own scale, so that
    the same shape gets the same forecast, in its own units:

    >>> big = np.vstack([X, 1000 * X])
    >>> scaled = LSTMRegressor(window_scaling="mean", epochs=5, random_state=0)
    >>> pair = scaled.fit(big, np.concatenate([y, 1000 * y])).predict(big[[0, 4]])
    >>> float(round(pair[1] / pair[0], 6))
    1000.0

    Quantile heads, trained on the pinball loss:

    >>> heads = LSTMRegressor(quantiles=(0.1, 0.5, 0.9), epochs=2, random_state=0)
    >>> bands = heads.fit(X, y).predict_quantiles(X)
    >>> bands.shape, bool((np.diff(bands, axis=-1) >= 0).all())
    ((4, 1, 3), True)
    """

    _skltsm_capabilities = frozenset({LAGGED_WINDOWS, SEQUENCE_TARGETS})

    # each window is scaled (and each forecast unscaled) outside the network,
    # so scalings share a trainer; loss="mape"'s use of the scaling is keyed
    # by _fitted_loss_configuration
    _DATA_PARAMS = frozenset({"window_scaling", "level_steps", "scaled_feature"})

    _parameter_constraints: dict = {
        **KerasSequenceEstimator._parameter_constraints,
        "window_scaling": [StrOptions(set(METHODS)), None],
        "level_steps": [POSITIVE_INT, None],
        "scaled_feature": [NON_NEGATIVE_INT],
        "quantiles": [QUANTILE_LEVELS, None],
    }

    def __init__(
        self,
        model=None,
        *,
        architecture="recurrent",
        units=32,
        cell="lstm",
        bidirectional=False,
        dropout=0.0,
        activation="tanh",
        n_subsequences=2,
        filters=64,
        kernel_size=2,
        pool_size=2,
        stateful=False,
        optimizer="adam",
        learning_rate=0.001,
        loss=None,
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
        window_scaling=None,
        level_steps=None,
        scaled_feature=0,
        quantiles=None,
        **kwargs,
    ):
        super().__init__(
            model,
            architecture=architecture,
            units=units,
            cell=cell,
            bidirectional=bidirectional,
            dropout=dropout,
            activation=activation,
            n_subsequences=n_subsequences,
            filters=filters,
            kernel_size=kernel_size,
            pool_size=pool_size,
            stateful=stateful,
            optimizer=optimizer,
            learning_rate=learning_rate,
            loss=loss,
            metrics=metrics,
            epochs=epochs,
            batch_size=batch_size,
            shuffle=shuffle,
            early_stopping=early_stopping,
            validation_fraction=validation_fraction,
            patience=patience,
            callbacks=callbacks,
            warm_start=warm_start,
            random_state=random_state,
            verbose=verbose,
            **kwargs,
        )
        self.window_scaling = window_scaling
        self.level_steps = level_steps
        self.scaled_feature = scaled_feature
        self.quantiles = quantiles

    def predict(self, X):
        """Predict the target of each window, in the units of ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, timesteps * features) or \
(n_samples, timesteps, features)
            Windows, shaped as in fit.

        Returns
        -------
        y_pred : ndarray
            One prediction per window, shaped like one sample of ``y``. With
            ``quantiles``: the median head if 0.5 is among the levels, else
            the median interpolated between the heads either side of it,
            else the mean of the quantile forecasts (after their sorting,
            see :meth:`predict_quantiles`).
        """
        if getattr(self, "quantile_levels_", None) is not None:
            return self._point_forecast(self.predict_quantiles(X))
        if getattr(self, "window_scaling_", None) is None:
            return super().predict(X)
        windows = self._scaled_windows(X)
        return windows.unscale_targets(super().predict(windows))

    def _check_continued_target(self, y) -> None:
        """Refuse a ``y`` of other outputs than the network was fitted for."""
        fitted = getattr(getattr(self, "target_encoder_", None), "output_shape_", None)
        given = tuple(np.shape(y)[1:])
        if fitted is None or given == fitted:
            return
        raise ValueError(
            f"y has outputs of shape {given} per sample, but the network was "
            f"fitted for {fitted}: warm_start and partial_fit go on training the "
            "same network, whose output layer is fixed. Fit anew "
            "(warm_start=False), or give y the shape it was fitted with."
        )

    @staticmethod
    def scorer(y_true, y_pred, **kwargs) -> float:
        """R² of the predictions, as :meth:`score` computes it.

        A ``y`` of shape ``(n_samples, steps, series)``, which ``fit`` takes
        and ``predict`` returns, is scored as ``(n_samples, steps * series)``:
        each step of each series one output, their R² averaged uniformly.

        Parameters
        ----------
        y_true, y_pred : array-like of shape (n_samples,), (n_samples, \
n_outputs) or (n_samples, steps, series)
            True and predicted targets.
        **kwargs : dict
            Passed to :func:`sklearn.metrics.r2_score` (``sample_weight``).

        Returns
        -------
        score : float
            The coefficient of determination.
        """
        y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
        if y_true.ndim > 2:  # r2_score takes at most 2-D targets
            y_true = y_true.reshape(len(y_true), -1)
            y_pred = y_pred.reshape(len(y_pred), -1)
        return KerasRegressor.scorer(y_true, y_pred, **kwargs)

    @available_if(lambda self: self._check_quantile_heads())
    def predict_quantiles(self, X) -> np.ndarray:
        """Predict the quantiles of the target of each window, in the units of ``y``.

        Only with ``quantiles``. Each head is brought back to the units of
        ``y`` as a point forecast is (the target standardisation and the
        window scaling are increasing maps), then the values of each output
        are sorted: heads trained separately may cross, and sorting repairs
        that (it never makes a set of quantiles worse in pinball loss).

        Parameters
        ----------
        X : array-like
            Windows, as for :meth:`predict`.

        Returns
        -------
        y_quantiles : ndarray of shape (n_samples, n_outputs, n_quantiles)
            The quantile forecasts of each output (a ``y`` of shape
            ``(n_samples, steps, series)`` flattened step-major), at the levels
            of ``quantile_levels_``, increasing along the last axis.
        """
        check_is_fitted(self)
        if self.quantile_levels_ is None:
            raise ValueError(
                f"{type(self).__name__} was fitted without quantiles; fit it "
                "again to predict them."
            )
        windows = self._scaled_windows(X)
        raw = np.asarray(self._predict_raw(windows), dtype=np.float64)
        heads = [
            self.target_encoder_.inverse_transform(raw[..., k]).reshape(len(raw), -1)
            for k in range(raw.shape[-1])
        ]
        levels = np.stack(heads, axis=-1)
        if isinstance(windows, ScaledWindows):
            levels = windows.unscale_targets(levels)
        return np.sort(levels, axis=-1)

    def _check_quantile_heads(self) -> bool:
        """Whether the network outputs quantiles (``available_if``'s check).

        The fitted network's heads count, whatever ``quantiles`` says after a
        ``set_params`` (the next fit's setting): ``predict`` reads them.
        """
        if self.quantiles is None and getattr(self, "quantile_levels_", None) is None:
            raise AttributeError(
                f"{type(self).__name__}(quantiles=None) has no quantile heads; "
                "set quantiles=(0.1, 0.5, 0.9), say, to predict quantiles."
            )
        return True

    def _scaled_windows(self, X):
        """``X`` validated as windows on their own scale, with window scaling.

        Without it, ``X`` unchanged: ``predict`` validates it.
        """
        if getattr(self, "window_scaling_", None) is None:
            return X
        check_is_fitted(self)
        windows, _ = self._validate_data(X)
        return windows

    def _point_forecast(self, quantiles: np.ndarray) -> np.ndarray:
        """Return the median of sorted quantiles, shaped as y.

        The median head where 0.5 is a level; else the median interpolated
        linearly between the heads either side of it (as the forecaster's
        ``predict_quantiles`` reads it); else (every level on one side) the
        mean of the heads.
        """
        levels = self.quantile_levels_
        upper = int(np.searchsorted(levels, 0.5))
        if upper < len(levels) and levels[upper] == 0.5:
            point = quantiles[..., upper]
        elif 0 < upper < len(levels):
            low, high = levels[upper - 1], levels[upper]
            weight = (0.5 - low) / (high - low)
            below, above = quantiles[..., upper - 1], quantiles[..., upper]
            point = below * (1 - weight) + above * weight
        else:
            point = quantiles.mean(axis=-1)
        return point.reshape(len(point), *self.target_encoder_.output_shape_)

    def _validate_data(self, X=None, y=None, reset=False, y_numeric=True):
        if isinstance(X, ScaledWindows) and y is None:  # predict validated them
            return X, y
        # a regressor's target is numeric
        X, y = super()._validate_data(X, y, reset=reset, y_numeric=True)
        if reset:
            self.quantile_levels_ = self._quantile_levels()
            self.window_scaling_ = self._window_scaling(y)
            self._check_percentage_loss()
        scaling = getattr(self, "window_scaling_", None)
        if scaling is None or X is None:
            return X, y
        windows = as_windows(X, self.input_shape_)
        if reset:
            scaling.check_series(windows.values)
        else:  # predict and continued fits: the rows the windows read
            scaling.check_magnitudes(windows.values)
            scaling.check_windows(windows)
        windows = ScaledWindows(windows, scaling)
        if reset:
            self._weigh_out_levelless(X, windows)
        return windows, (None if y is None else windows.scale_targets(y))

    def _weigh_out_levelless(self, X, windows: ScaledWindows) -> None:
        """Give the windows without a level weight 0 in the moments fitted now.

        Their scaled targets are in the series' units (``log(1e-3)`` for a
        zero of ``"log_mean"``): in the target's standardisation they would
        squeeze every other window's targets (see
        :mod:`skltsm._keras._window_levels`). Kept until ``_initialize``
        ends, for the target encoder; the input moments are computed again
        only where covariates are standardised over the windows.
        """
        weights = level_weights(windows.has_level, self._fit_weights(windows))
        if weights is None:
            return
        self._level_weights_in_fit = weights
        if self.input_shape_[1] > 1:
            self._record_moments(X)

    def _fit_weights(self, X) -> np.ndarray | None:
        """Return the fit's ``sample_weight``, 0 where a window has no level."""
        weights = getattr(self, "_level_weights_in_fit", None)
        return super()._fit_weights(X) if weights is None else weights

    def _initialize(self, X, y=None):
        try:
            return super()._initialize(X, y)
        finally:  # the weights of one fit's windows: not kept, not pickled
            self.__dict__.pop("_level_weights_in_fit", None)

    def _rows_to_fit(self, X, sample_weight, n_train: int) -> FitRows:
        """Leave the windows without a level out of training and validation."""
        if not isinstance(X, ScaledWindows):
            return super()._rows_to_fit(X, sample_weight, n_train)
        rows = rows_with_a_level(
            X.has_level, n_train, sample_weight, by_weight=self.stateful
        )
        warn_left_out(rows, len(X), type(self).__name__, self.window_scaling_)
        return rows

    def _window_scaling(self, y) -> WindowScaling | None:
        if self.window_scaling is None:
            return None
        n_features = self.input_shape_[1]
        if self.scaled_feature >= n_features:
            raise ValueError(
                f"scaled_feature={self.scaled_feature}, but the windows have "
                f"{n_features} feature(s); give the position of the target's "
                "own lags among them."
            )
        if y is not None and np.ndim(y) > 2:
            raise ValueError(
                f"window_scaling={self.window_scaling!r} scales the targets by "
                "the level of one series, but y has shape "
                f"{np.shape(y)} (several series per step). Forecast one series "
                "per network, or use window_scaling=None."
            )
        return WindowScaling(self.window_scaling, self.scaled_feature, self.level_steps)

    def _quantile_levels(self) -> np.ndarray | None:
        """Return the levels of ``quantiles``, sorted; refuse a loss or metrics too."""
        if self.quantiles is None:
            return None
        if self.loss is not None:
            raise ValueError(
                f"{type(self).__name__}(quantiles={self.quantiles!r}) trains on "
                f"the pinball loss of those quantiles, but loss={self.loss!r} was "
                "given too; leave loss=None, or set quantiles=None."
            )
        if self.metrics:  # Keras would compare y with every head at once
            raise ValueError(
                f"{type(self).__name__}(quantiles={self.quantiles!r}) outputs one "
                "forecast per quantile level, which Keras' metrics cannot compare "
                f"with y, but metrics={self.metrics!r} was given; leave metrics=None "
                "and score predict_quantiles after fit (scikit-learn's "
                "mean_pinball_loss, say)."
            )
        return np.sort(np.asarray(self.quantiles, dtype=np.float64))

    def _trains_on_percentage_error(self) -> bool:
        """Whether ``loss`` is Keras' percentage error, in any of its spellings."""
        if self.loss is None or isinstance(self.loss, dict | list | tuple):
            return False
        try:
            return loss_name(self.loss) == "mean_absolute_percentage_error"
        except (TypeError, ValueError):  # not a loss scikeras can name
            return False

    def _check_percentage_loss(self) -> None:
        """Refuse ``loss="mape"`` where the level does not divide out."""
        scaling = self.window_scaling_
        if self._trains_on_percentage_error() and not (
            scaling is not None and scaling.divides_by_level
        ):
            raise ValueError(
                f"loss={self.loss!r} trains on the percentage error in the units of y, "
                f"which needs each window divided by its level, but "
                f"window_scaling={self.window_scaling!r}. Set "
                "window_scaling='log_mean' (or 'mean') for a positive series."
            )

    def _get_compile_kwargs(self):
        compile_kwargs = super()._get_compile_kwargs()
        if self._trains_on_percentage_error():
            compile_kwargs["loss"] = MeanAbsolutePercentageError(
                **self._fitted_loss_configuration()
            )
        return compile_kwargs

    def _fitted_loss_configuration(self) -> dict | None:
        """Return ``loss="mape"``'s statistics of the fitted target (pool key)."""
        if not self._trains_on_percentage_error():
            return None
        encoder = self.target_encoder_
        return {
            "target_mean": np.ravel(encoder.mean_).tolist(),
            "target_scale": np.ravel(encoder.scale_).tolist(),
            "log": self.window_scaling_.is_log,
            "floor": FLOOR,
        }

    def _record_moments(self, X, coverage=None) -> None:
        super()._record_moments(X, coverage)
        if self.window_scaling is not None and self.scaled_feature < len(
            self.input_mean_
        ):  # that feature is scaled per window, not over the series
            self.input_mean_[self.scaled_feature] = 0.0
            self.input_scale_[self.scaled_feature] = 1.0

    @property
    def target_encoder(self):
        """Standardises the target for the network and restores its units."""
        return StandardizingTargetEncoder(owner=type(self).__name__)

    def _fit_target_encoder(self, y, sample_weight):
        encoder = self.target_encoder
        if isinstance(encoder, StandardizingTargetEncoder):
            return encoder.fit(y, sample_weight=sample_weight)
        return encoder.fit(y)  # a subclass's own encoder

    def _output_spec(self):
        shape = self.target_encoder_.output_shape_
        levels = getattr(self, "quantile_levels_", None)
        if levels is None:
            return shape, None
        return (*(shape or (1,)), len(levels)), None  # a level per output

    def _default_loss(self):
        levels = getattr(self, "quantile_levels_", None)
        return "mse" if levels is None else PinballLoss(levels.tolist())

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.estimator_type = "regressor"
        tags.regressor_tags = RegressorTags(poor_score=True)
        tags.target_tags.multi_output = True
        return tags
