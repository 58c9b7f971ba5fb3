"""What skltsm's Keras estimators add to scikeras 0.13, and what they fix in it.

:class:`skltsm.LSTMRegressor` and :class:`skltsm.LSTMClassifier` subclass
scikeras' ``KerasRegressor`` and ``KerasClassifier`` and put this mixin first
in their bases. scikeras keeps doing what it does well (parameter routing such
as ``optimizer__beta_1``, user build functions receiving ``meta``, callbacks,
``warm_start``/``partial_fit``, ``history_``, label encoding for
classification). The mixin changes:

* **Input shape.** 2-D windows, ``LagTransformer`` output and 3-D arrays are
  all accepted; ``(timesteps, features)`` is inferred from the data (see
  :mod:`skltsm._keras._sequence_layout`) and recorded as ``input_shape_``;
  the default recurrent networks themselves (not stateful ones) take windows
  of any length, so one pooled trainer serves every look-back (ADR 0031).
* **Validation.** scikit-learn's public ``validate_data`` replaces scikeras'
  own checks, so ``feature_names_in_`` is recorded and checked and error
  messages are scikit-learn's.
* **Randomness.** scikeras wraps model building and fitting in a context that
  seeds Python, NumPy and TensorFlow globally and enables op determinism; the
  base hides the seed from it and seeds locally instead; a user's build
  function runs with Python's and NumPy's generators seeded, and put back
  after (:mod:`skltsm._keras._runtime._seeding`).
* **Training.** ``tf.data`` with a seeded shuffle, an optional time-ordered
  validation tail with early stopping (scored in one batch per epoch,
  :mod:`skltsm._keras._runtime._early_stopping`), on a pooled trainer
  (:mod:`skltsm._keras._runtime._trainer_pool`), with settings for small graphs
  on CPU (:mod:`skltsm._keras._runtime._executor`).
* **Prediction.** ``predict_on_batch`` on chunks instead of ``Model.predict``,
  on a pooled trainer holding ``model_``'s weights, whose prediction function
  is traced once per configuration instead of once per fitted estimator.
* **Architecture.** Without ``model=``, the network is one of the tutorials'
  architectures (:mod:`skltsm._keras._architectures`), chosen and shaped by plain
  constructor arguments, optionally stateful (:mod:`skltsm._keras._stateful`).
* **Weights.** ``sample_weight`` weighs what is fitted on the training windows
  as a whole (the input moments, the regressor's target encoder), which
  scikeras fits in ``_initialize`` without the weights, before it drops the
  windows of weight 0 (ADR 0005's amendment of 2026-12-06). The regressor
  leaves window-scaled windows without a level out the same way, through
  ``_rows_to_fit`` (:mod:`skltsm._keras._window_levels`).
* **Parameters.** scikeras' ``__init__`` stores parameters that skltsm does not
  use (``build_fn``, ``validation_split``, ...); the shared ``__init__``
  (:mod:`skltsm._keras._params`) stores only skltsm's, so
  ``check_no_attributes_set_in_init`` passes.
"""

from __future__ import annotations

from collections import defaultdict

import keras
import numpy as np
from sklearn.base import BaseEstimator, _fit_context
from sklearn.preprocessing import FunctionTransformer
from sklearn.utils.validation import (
    FLOAT_DTYPES,
    _assert_all_finite,
    _check_sample_weight,
    check_array,
    check_consistent_length,
    check_is_fitted,
    validate_data,
)

from skltsm._capabilities import LAGGED_WINDOWS
from skltsm._keras._architectures import (
    NetworkSpec,
    as_units,
    build_network,
    network_input_shape,
)
from skltsm._keras._params import SequenceParameters
from skltsm._keras._runtime._early_stopping import MAX_IN_ONE_BATCH, ValidationScores
from skltsm._keras._runtime._executor import small_graph_settings
from skltsm._keras._runtime._network_pickling import QuietNetwork
from skltsm._keras._runtime._one_replica import skip_one_replica_all_reduce
from skltsm._keras._runtime._seeding import SeedStream, resolve_seed, seeded_build
from skltsm._keras._runtime._trainer_pool import default_pool
from skltsm._keras._runtime._training_data import (
    predict_in_chunks,
    split_validation_tail,
    training_dataset,
)
from skltsm._keras._sample_weights import loss_weights
from skltsm._keras._sequence_layout import (
    as_windows,
    feature_moments,
    read_blocks,
    sequence_shape,
    to_sequences,
)
from skltsm._keras._stateful import (
    ResetStatesEachEpoch,
    check_stateful_training,
    is_stateful,
    predict_statefully,
)
from skltsm._keras._window_levels import FitRows
from skltsm._series._panel import chunks
from skltsm._transform._lagged_windows import LaggedWindows

__all__ = ["KerasSequenceEstimator"]


class KerasSequenceEstimator(SequenceParameters):
    """Shared behaviour of skltsm's scikeras subclasses (see module docstring)."""

    __repr__ = BaseEstimator.__repr__
    #: what a forecast pipeline may hand these estimators (skltsm._capabilities)
    _skltsm_capabilities = frozenset({LAGGED_WINDOWS})

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, **kwargs):
        """Build the network for the shape of ``X`` and train it.

        Parameters
        ----------
        X : array-like of shape (n_samples, timesteps * features) or \
(n_samples, timesteps, features)
            Windows of past values, oldest first (e.g. ``LagTransformer``
            output, or the tutorials' 2-D windows of one series).
        y : array-like of shape (n_samples,), (n_samples, n_outputs) or \
(n_samples, steps, series)
            Targets (labels for the classifier).
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weight of each window, scikit-learn's convention: a
            window of weight 0 is left out of the fit, as if removed, and an
            integer weight ``k`` counts the window ``k`` times in what is
            fitted on the training windows as a whole (the input
            standardisation ``input_mean_`` and ``input_scale_``, and the
            regressor's target standardisation, ``target_encoder_``). In
            training, each window's loss (every step of every series of a
            3-D ``y``) is multiplied by its weight, in the early-stopping
            tail too. Training runs on mini-batches of
            ``batch_size`` windows, so a weight of ``k`` is not exactly ``k``
            copies for the optimiser: copies would fall in other batches and
            change them. ``None``: every window weighs 1.
        **kwargs : dict
            ``epochs`` or ``initial_epoch`` overrides, as in scikeras.

        Returns
        -------
        self
            The fitted estimator.
        """
        if self.warm_start and self.initialized_:
            self._check_continued_target(y)
        return super().fit(X, y, sample_weight=sample_weight, **kwargs)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None, **kwargs):
        """Train for one more epoch, building the network on the first call.

        Parameters are validated on the first call, as in :meth:`fit`
        (scikeras' own ``partial_fit`` validates nothing).

        Parameters
        ----------
        X, y, sample_weight, **kwargs
            As for :meth:`fit`.

        Returns
        -------
        self
            The estimator.

        Notes
        -----
        Each call goes on from the network's weights, and from the
        optimizer's state (Adam's step count and moments) that the previous
        ``partial_fit``, or a ``fit`` with ``warm_start=True``, left. A plain
        :meth:`fit` does not keep the optimizer's state in the fitted network
        (ADR 0011: it stays with the trainer of the configuration), so the
        first ``partial_fit`` after it starts the optimizer afresh from the
        fitted weights, where Keras' ``Model.fit`` called twice would go on
        with the same moments.
        """
        if self.initialized_:
            self._check_continued_target(y)
        return super().partial_fit(X, y, sample_weight=sample_weight, **kwargs)

    def _fit(self, X, y, sample_weight, warm_start, epochs, initial_epoch, **kwargs):
        # scikeras fits what is computed from the training data as a whole
        # (the input moments, the target encoder) in _initialize, which takes
        # no weights, and drops the windows of weight 0 only after it: the
        # weights reach it through _sample_weight_in_fit (see _fit_weights)
        if sample_weight is not None:
            _check_non_negative(sample_weight)
        self._sample_weight_in_fit = sample_weight
        try:
            super()._fit(
                X, y, sample_weight=sample_weight, warm_start=warm_start,
                epochs=epochs, initial_epoch=initial_epoch, **kwargs,
            )  # fmt: skip
        finally:
            del self._sample_weight_in_fit

    def _initialize(self, X, y=None):
        """Initialize as scikeras does, the target encoder fitted with the weights.

        As in scikeras 0.13, line for line, but for the target encoder,
        fitted by :meth:`_fit_target_encoder` with the fit's ``sample_weight``
        (scikeras calls ``target_encoder.fit(y)``), so that a window of weight
        0 does not move the target's moments.
        """
        if isinstance(self.random_state, np.random.RandomState):
            # Keras needs an integer: scikeras draws one from a copy of the state
            r = np.random.RandomState()
            r.set_state(self.random_state.get_state())
            self._random_state = r.randint(low=1)
        else:
            self._random_state = self.random_state

        X, y = self._validate_data(X, y, reset=True)

        self.target_encoder_ = self._fit_target_encoder(y, self._fit_weights(y))
        target_metadata = getattr(self.target_encoder_, "get_metadata", dict)()
        vars(self).update(**target_metadata)
        self.feature_encoder_ = self.feature_encoder.fit(X)
        feature_meta = getattr(self.feature_encoder, "get_metadata", dict)()
        vars(self).update(**feature_meta)

        self.model_ = self._build_keras_model()
        self._initialize_callbacks()

        return X, y

    def _fit_target_encoder(self, y, sample_weight):
        """Return the fitted target encoder; the regressor's is weighted."""
        return self.target_encoder.fit(y)

    def _fit_weights(self, X) -> np.ndarray | None:
        """Return the ``sample_weight`` of the fit in progress, checked against ``X``.

        ``None`` outside ``fit`` and ``partial_fit`` (``initialize``,
        ``_validate_data`` called alone) and without weights.
        """
        weights = getattr(self, "_sample_weight_in_fit", None)
        if weights is None:
            return None
        weights = _check_sample_weight(weights, X, dtype=np.float64)
        if not weights.any():  # scikeras refuses it too, but after the moments
            raise ValueError(
                "No training samples had any weight; only zeros were passed in "
                "sample_weight. Give some windows a positive weight."
            )
        return weights

    def _check_continued_target(self, y) -> None:
        """Refuse a target the fitted network has no output for.

        ``warm_start`` and ``partial_fit`` go on training the same network,
        whose output layer is fixed: the subclasses say what it fits (the
        classifier's classes, the regressor's outputs), clearly, before the
        target encoder fails on it.
        """

    def predict(self, X):
        """Predict the target (regressor) or the label (classifier) of each window.

        Parameters
        ----------
        X : array-like of shape (n_samples, timesteps * features) or \
(n_samples, timesteps, features)
            Windows, shaped as in fit. With ``stateful=True`` they are read in
            order, from a reset state.

        Returns
        -------
        y_pred : ndarray
            One prediction per window, shaped like one sample of the ``y``
            seen in fit.
        """
        return super().predict(X)

    def __getstate__(self):
        state = dict(super().__getstate__())  # may be the live __dict__ itself
        if "model_" in state:  # unpickles as the model itself, without a warning
            state["model_"] = QuietNetwork(state["model_"])
        return state

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "model_")

    # -- model construction ------------------------------------------------
    def _type_of_target(self, y):
        # scikit-learn casts y to int64 to tell labels from values, which
        # warns for values beyond int64's range (1e39): not the user's concern
        with np.errstate(invalid="ignore", over="ignore"):
            if _has_fractions(y):  # its answer, without its full-length copies
                _assert_all_finite(y, input_name="")
                wide = y.ndim == 2 and y.shape[1] > 1
                return "continuous-multioutput" if wide else "continuous"
            return super()._type_of_target(y)

    def _check_model_param(self):
        if self.model is None:
            return self._default_model
        if isinstance(self.model, keras.Model):
            raise TypeError(
                f"{type(self).__name__}(model=...) takes a function that builds "
                "and returns a keras.Model, not a built model: a model instance "
                "cannot be cloned safely by GridSearchCV. Wrap its construction "
                "in a function, e.g. def build(meta, compile_kwargs): ..."
            )
        return self.model

    def _build_keras_model(self):
        # From random_state itself, as scikit-learn does: scikeras' own
        # _random_state is RandomState.randint(low=1), always 0, for every
        # instance, and leaves the instance where it was.
        self._fit_seed = resolve_seed(self.random_state)
        # scikeras would wrap the build in tensorflow_random_state(seed), which
        # seeds numpy/python/TF globally; with the seed hidden it does not.
        scikeras_seed, self._random_state = self._random_state, None
        try:
            if self.model is None:  # seeded throughout (SeedStream)
                return super()._build_keras_model()
            with seeded_build(self._fit_seed):  # Keras' unseeded defaults
                return super()._build_keras_model()
        finally:
            self._random_state = scikeras_seed

    def _new_trainer(self):
        # Built like model_, without touching the estimator's state: its own
        # initial weights are overwritten by model_'s before training.
        return self._default_model(self._get_metadata(), self._get_compile_kwargs())

    def _default_model(self, meta, compile_kwargs):
        model = build_network(
            self.architecture, self._network_spec(), SeedStream(self._fit_seed)
        )
        model.compile(**compile_kwargs)
        return model

    def _network_spec(self) -> NetworkSpec:
        output_shape, output_activation = self._output_spec()
        return NetworkSpec(
            input_shape=self.input_shape_,
            output_shape=output_shape,
            units=as_units(self.units),
            cell=self.cell,
            bidirectional=self.bidirectional,
            dropout=self.dropout,
            activation=self.activation,
            n_subsequences=self.n_subsequences,
            filters=self.filters,
            kernel_size=self.kernel_size,
            pool_size=self.pool_size,
            stateful=self.stateful,
            batch_size=self.batch_size,
            output_activation=output_activation,
        )

    def _get_compile_kwargs(self):
        compile_kwargs = super()._get_compile_kwargs()
        if self._compiles_learning_rate():
            compile_kwargs["optimizer"].learning_rate = self.learning_rate
        if compile_kwargs["loss"] is None:
            compile_kwargs["loss"] = self._default_loss()
        return compile_kwargs

    # -- data --------------------------------------------------------------
    def _validate_data(self, X=None, y=None, reset=False, y_numeric=False):
        if X is None:  # scikeras' score() validates y alone
            return None, np.asarray(y)
        if reset and y is None:
            raise ValueError(
                f"This {type(self).__name__} estimator requires y to be passed, "
                "but the target y is None."
            )
        if isinstance(X, LaggedWindows):
            return self._validate_windows(X, y, reset=reset, y_numeric=y_numeric)
        shape = _shape_of(X)
        # scikit-learn's check refuses an empty axis of 2-D input only
        _check_no_empty_window_axis(shape, type(self).__name__)
        if not reset:
            # before scikit-learn's check, which calls a window's steps features
            self._check_window_shape(shape)
        x_params = {"allow_nd": True, "dtype": FLOAT_DTYPES}
        if y is None:
            X = validate_data(self, X, reset=reset, **x_params)
        else:
            y_params = {
                "ensure_2d": False,
                "allow_nd": True,
                "dtype": "numeric" if y_numeric else None,
            }
            X, y = validate_data(
                self, X, y, reset=reset, validate_separately=(x_params, y_params)
            )
            check_consistent_length(X, y)
        if reset:
            self.X_dtype_, self.X_shape_ = X.dtype, X.shape
            self.input_shape_ = sequence_shape(
                X, getattr(self, "feature_names_in_", None)
            )
            self._record_moments(X)
            if y is not None:
                self.y_dtype_, self.y_ndim_ = y.dtype, y.ndim
                self.target_type_ = self._type_of_target(y)
        elif X.ndim != len(self.X_shape_) or X.shape[1:] != self.X_shape_[1:]:
            raise ValueError(
                f"X has shape {X.shape[1:]} per sample, but {type(self).__name__} "
                f"was fitted on samples of shape {self.X_shape_[1:]}."
            )
        return X, y

    def _check_window_shape(self, shape: tuple[int, ...]) -> None:
        """Refuse 3-D windows of another length or width than those fitted."""
        fitted = getattr(self, "X_shape_", ())
        if len(shape) != 3 or len(fitted) != 3 or shape[1:] == fitted[1:]:
            return
        raise ValueError(
            f"X holds windows of shape (time steps, features) {tuple(shape[1:])}, "
            f"but {type(self).__name__} was fitted on windows of shape "
            f"{tuple(fitted[1:])}. Give windows of the fitted length (its look-back) "
            "and features, or fit it on these."
        )

    def _validate_windows(self, X, y, *, reset, y_numeric):
        """``_validate_data`` for lazy windows: check the series they read."""
        coverage = X.coverage()  # once: the check and the moments
        self._check_read_values(X, coverage)
        names = X.feature_names
        if reset:
            self.n_features_in_ = X.shape[1]
            if names is not None:
                self.feature_names_in_ = np.asarray(names, dtype=object)
            elif hasattr(self, "feature_names_in_"):
                del self.feature_names_in_
            self.X_dtype_, self.X_shape_ = X.values.dtype, X.shape
            self.input_shape_ = sequence_shape(X)
            self._record_moments(X, coverage)
        elif (
            X.shape[1] != self.n_features_in_ or sequence_shape(X) != self.input_shape_
        ):
            raise ValueError(
                f"X holds windows of shape {sequence_shape(X)}, but "
                f"{type(self).__name__} was fitted on windows of shape "
                f"{self.input_shape_}."
            )
        if y is not None:
            y = check_array(
                y, input_name="y", ensure_2d=False, allow_nd=True,
                dtype="numeric" if y_numeric else None, estimator=self,
            )  # fmt: skip
            check_consistent_length(np.empty(len(X)), y)
            if reset:
                self.y_dtype_, self.y_ndim_ = y.dtype, y.ndim
                self.target_type_ = self._type_of_target(y)
        return X, y

    def _check_read_values(self, X: LaggedWindows, coverage: np.ndarray) -> None:
        """Check the rows the windows read, a block at a time.

        A block at a time rather than ``check_array(X.read_values()[0])``: when
        some rows are read by no window, that is a copy of the series, held
        while the moments are computed.
        """
        checked = False
        for values, _ in read_blocks(X, coverage):
            check_array(values, input_name="X", estimator=self)
            checked = True
        if not checked:  # no window: the error check_array gives for no rows
            check_array(X.values[:0], input_name="X", estimator=self)

    def _record_moments(self, X, coverage=None) -> None:
        """Record the per-feature mean and scale the encoder standardises with.

        ``coverage`` is ``X.coverage()`` when the caller has it already. In a
        fit with ``sample_weight``, the moments of the windows each repeated
        its weight times (a window of weight 0 left out).
        """
        windows = as_windows(X, self.input_shape_)
        self.input_mean_, self.input_scale_ = feature_moments(
            windows, coverage=coverage, sample_weight=self._fit_weights(X)
        )

    @property
    def feature_encoder(self):
        """Windows as :class:`LaggedWindows` of ``input_shape_``, standardised.

        Every input (flat or 3-D arrays, streamed windows) leaves the encoder
        as ``LaggedWindows`` (:func:`~skltsm._keras._sequence_layout.as_windows`),
        so training, validation and prediction read one windows interface.
        Standardising here rather than in a Keras ``Normalization`` layer keeps
        the data out of the traced training graph, so that pooled trainers
        (:mod:`skltsm._keras._runtime._trainer_pool`) serve any data of the same shape.
        """
        return FunctionTransformer(
            to_sequences,
            kw_args={
                "input_shape": self.input_shape_,
                "mean": self.input_mean_,
                "scale": self.input_scale_,
            },
        )

    # -- training and prediction -------------------------------------------
    def _fit_keras_model(
        self, X, y, sample_weight, warm_start, epochs, initial_epoch, **kwargs
    ):
        if kwargs:
            raise TypeError(
                f"{type(self).__name__}.fit got unexpected keyword arguments "
                f"{sorted(kwargs)}; set training options as constructor parameters."
            )
        n_validation = (
            split_validation_tail(len(X), self.validation_fraction)
            if self.early_stopping
            else 0
        )
        n_train = len(X) - n_validation
        # the forecaster calibrates intervals on these windows (never trained on)
        self.n_validation_ = n_validation
        if self.stateful:
            check_stateful_training(
                type(self).__name__,
                shuffle=self.shuffle,
                batch_size=self.batch_size,
                model_batch_size=self.model_.inputs[0].shape[0],
                n_train=n_train,
                n_validation=n_validation,
                user_model=self.model is not None,
                n_weightless=_count_zeros(getattr(self, "_sample_weight_in_fit", None)),
            )
        rows = self._rows_to_fit(X, sample_weight, n_train)
        train, steps = self._dataset(
            X, y, rows.sample_weight, rows.train, training=True,
            initial_epoch=initial_epoch,
        )  # fmt: skip
        validation, scores = self._validation(X, y, rows.sample_weight, rows.validation)
        callbacks = scores + self._training_callbacks(
            early_stopping=rows.validation is not None
        )
        # warm_start and partial_fit go on from model_'s optimizer state
        continued = warm_start or initial_epoch > 0
        key = self._training_key()
        if continued and getattr(self, "_network_key_", key) != key:
            key = None  # set_params changed model_'s configuration: train it as it is
        with (
            small_graph_settings(),
            default_pool.training_copy(
                self.model_, key, self._new_trainer, continued=continued
            ) as trainer,
        ):
            # TensorFlow would keep each traced training graph (ADR 0011)
            skip_one_replica_all_reduce(trainer.optimizer)
            history = trainer.fit(
                train,
                steps_per_epoch=steps,
                validation_data=validation,
                epochs=initial_epoch + epochs,
                initial_epoch=initial_epoch,
                callbacks=callbacks,
                verbose=self.verbose,
                shuffle=False,  # the dataset is already shuffled, with our seed
            )
        # the configuration model_ was built with, for predict and the next
        # continued training to borrow a trainer of (set_params may change the
        # parameters before them)
        if key is not None or not continued:
            self._network_key_ = key
        if not warm_start or not hasattr(self, "history_") or initial_epoch == 0:
            self.history_ = defaultdict(list)
        for key, values in history.history.items():
            self.history_[key] += list(values)

    def _rows_to_fit(self, X, sample_weight, n_train: int) -> FitRows:
        """Return the windows to train and validate on, and their weights.

        The first ``n_train`` windows train, the others (if any) are the
        early-stopping tail; the regressor leaves out windows without a
        level.
        """
        tail = slice(n_train, None) if n_train < len(X) else None
        return FitRows(slice(0, n_train), tail, sample_weight)

    def _validation(self, X, y, sample_weight, rows) -> tuple:
        """Keras ``validation_data``, or a callback that scores the tail itself.

        Small tails are scored in one batch by :class:`ValidationScores`
        (see :mod:`skltsm._keras._runtime._early_stopping` for why); long tails
        and stateful networks go through Keras' own validation.
        """
        if rows is None:
            return None, []
        windows = X.take(rows)
        if self.stateful or len(windows) > MAX_IN_ONE_BATCH:
            dataset, _ = self._dataset(X, y, sample_weight, rows, training=False)
            return dataset, []
        weights = None if sample_weight is None else sample_weight[rows]
        weights = loss_weights(weights, np.ndim(y))
        sequences = windows.to_numpy().astype(np.float32)
        return None, [ValidationScores(sequences, y[rows], weights)]

    def _training_callbacks(self, *, early_stopping: bool) -> list:
        callbacks = list(self._fit_callbacks)
        if self.stateful:
            callbacks.append(ResetStatesEachEpoch())
        if early_stopping:
            callbacks.append(
                keras.callbacks.EarlyStopping(
                    patience=self.patience, restore_best_weights=True
                )
            )
        return callbacks

    #: Parameters that change how a network is trained, not the training graph.
    _TRAINING_LOOP_PARAMS = frozenset(
        {
            "epochs", "batch_size", "shuffle", "early_stopping", "validation_fraction",
            "patience", "callbacks", "warm_start", "random_state", "verbose",
            "class_weight",
        }
    )  # fmt: skip

    #: Parameters that act on the windows before the network reads them (and on
    #: its outputs after), not on the training graph: a subclass's own.
    _DATA_PARAMS: frozenset = frozenset()

    def _compiles_learning_rate(self) -> bool:
        """Whether ``learning_rate`` is what the optimizer is compiled with.

        Not where ``optimizer`` is an instance or ``optimizer__learning_rate``
        is routed to it: those set the rate themselves.
        """
        user_rate = "optimizer__learning_rate" in self.get_params()
        return isinstance(self.optimizer, str | type) and not user_rate

    def _training_key(self):
        """Describe what determines the training graph; ``None`` if not poolable.

        User-built networks are trained as they are (their configuration is
        theirs), and so is a stateful network, whose layer states are part of
        what it learns. A network that continues training (``warm_start`` or
        ``partial_fit``) trains on a pooled trainer too, with its optimizer
        state (:meth:`TrainerPool.training_copy`).
        """
        if self.model is not None or self.stateful:
            return None
        from skltsm._keras._runtime._trainer_pool import configuration_key

        # a learning rate that is a number lives in an optimizer variable,
        # which a trainer takes with the weights (take_learning_rate)
        outside_the_graph = (
            self._TRAINING_LOOP_PARAMS
            | self._DATA_PARAMS
            | ({"learning_rate"} if self._compiles_learning_rate() else set())
        )
        params = {
            name: value
            for name, value in self.get_params().items()
            if name not in outside_the_graph
        }
        # callables by identity: a repr prints an address another one may reuse;
        # the network's input shape, not the windows': look-backs share a trainer
        return configuration_key(
            (
                type(self), params, self._network_input_shape(),
                self._output_spec(), self._fitted_loss_configuration(),
            )
        )  # fmt: skip

    def _network_input_shape(self) -> tuple[int | None, int]:
        """Return the default network's input shape (``None`` timesteps: any length)."""
        return network_input_shape(
            self.architecture, self.input_shape_, stateful=self.stateful
        )

    def _fitted_loss_configuration(self) -> dict | None:
        """Return what the compiled loss reads from the training data, or ``None``.

        A trainer compiled with a loss built from one fit's data must not
        train another fit's network.
        """
        return None

    def _prediction_key(self):
        """Return the pool key to predict with, or ``None`` to use ``model_``.

        ``None`` also when ``set_params`` changed the network since ``fit``:
        a trainer built now would not match ``model_``.
        """
        fitted = getattr(self, "_network_key_", None)
        current = self._training_key()
        return fitted if fitted == current else None

    def _dataset(self, X, y, sample_weight, rows, *, training, initial_epoch=0):
        """Endless shuffled training batches, or one epoch of validation batches."""
        weights = None if sample_weight is None else sample_weight[rows]
        return training_dataset(
            X.take(rows),
            y[rows],
            loss_weights(weights, np.ndim(y)),
            batch_size=self.batch_size,
            # epoch e of this call is epoch initial_epoch + e of the estimator,
            # so partial_fit does not repeat the first epoch's order
            shuffle_seed=(
                self._fit_seed + initial_epoch if training and self.shuffle else None
            ),
            repeat=training,
            fixed_batches=self.stateful,
            # one traced training function for every look-back (ADR 0031); a
            # user-built network keeps the windows' own shape
            any_length=self.model is None and self._network_input_shape()[0] is None,
        )

    def _predict_raw(self, X, **kwargs):
        if kwargs:
            raise TypeError(
                f"{type(self).__name__}.predict got unexpected keyword arguments "
                f"{sorted(kwargs)}."
            )
        check_is_fitted(self)
        X, _ = self._validate_data(X=X)
        sequences = self.feature_encoder_.transform(X)
        with small_graph_settings():
            return self._predict_sequences(sequences)

    def _predict_sequences(self, sequences):
        # the fitted network's kind, not the parameter: set_params may change it
        if is_stateful(self.model_):  # small by nature: one series read in order
            return predict_statefully(self.model_, sequences.to_numpy())
        with default_pool.inference_copy(
            self.model_, self._prediction_key(), self._new_trainer
        ) as net:
            return predict_in_chunks(net, sequences)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.target_tags.required = True
        tags.non_deterministic = False  # given random_state, on CPU
        return tags


def _has_fractions(y) -> bool:
    """Whether ``y`` is a 1-D or 2-D float array holding a value not an integer.

    What makes scikit-learn's ``type_of_target`` answer ``"continuous"``
    (``"-multioutput"`` for several columns), once ``y`` is finite: it casts
    the whole of ``y`` to int64 and back to compare, two full-length copies
    (400 MB for the 25 million targets of the panel benchmark, while they
    were validated). Here a block of samples at a time, stopping at the
    first block with a fraction (for real-valued targets, the first).
    Anything else (lists, frames, integers, other shapes) is left to
    ``type_of_target``.
    """
    if not (
        type(y) is np.ndarray and y.dtype.kind == "f" and y.ndim in (1, 2) and y.size
    ):
        return False
    return any(
        np.any(y[rows] != y[rows].astype(np.int64).astype(y.dtype))
        for rows in chunks(len(y))
    )


def _count_zeros(sample_weight) -> int:
    """Windows of weight 0, which scikeras leaves out of training."""
    return 0 if sample_weight is None else int(np.sum(np.asarray(sample_weight) == 0))


def _check_non_negative(sample_weight) -> None:
    """Refuse negative weights: a weight is how often a window counts.

    Non-numeric weights are left to scikit-learn's validation, which follows.
    """
    weights = np.asarray(sample_weight)
    if weights.dtype.kind in "iuf" and np.any(weights < 0):
        raise ValueError(
            f"sample_weight holds negative values (the smallest is "
            f"{float(np.min(weights))!r}); a weight is how many times a window "
            "counts, in the standardisation as in the loss. Give weights >= 0 "
            "(0 leaves a window out)."
        )


def _check_no_empty_window_axis(shape: tuple[int, ...], name: str) -> None:
    """Refuse 3-D windows of no time step or no feature.

    scikit-learn's ``check_array`` refuses 2-D input of no column but lets
    such 3-D windows through, which then fail deep in the standardisation
    (a zero-size reduction, a division by zero).

    Examples
    --------
    >>> _check_no_empty_window_axis((10, 4, 1), "LSTMRegressor")
    >>> _check_no_empty_window_axis((10, 0, 1), "LSTMRegressor")
    Traceback (most recent call last):
    ...
    ValueError: Found windows of 0 time step(s) and 1 feature(s) ...
    """
    if len(shape) != 3 or min(shape[1:]) > 0:
        return
    timesteps, features = shape[1:]
    raise ValueError(
        f"Found windows of {timesteps} time step(s) and {features} feature(s) "
        f"(X of shape {tuple(shape)}), while a minimum of 1 of each is required "
        f"by {name}. Give windows of shape (n_samples, time steps, features) "
        "with at least one time step of at least one feature."
    )


def _shape_of(X) -> tuple[int, ...]:
    """Return the shape of an array, a frame or nested lists; ``()`` if unknown.

    Not ``np.shape`` on anything else: scikit-learn's checks pass objects
    that refuse numpy's functions.
    """
    if isinstance(X, list | tuple):
        try:
            return np.shape(X)
        except ValueError:  # ragged: scikit-learn's check says what is wrong
            return ()
    return tuple(getattr(X, "shape", ()))
