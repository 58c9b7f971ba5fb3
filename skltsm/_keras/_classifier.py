"""LSTMClassifier: the regressor's networks with a sigmoid or softmax head."""

from __future__ import annotations

import numpy as np
from scikeras.wrappers import KerasClassifier
from sklearn.utils import ClassifierTags
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.multiclass import unique_labels
from sklearn.utils.validation import check_array, column_or_1d

from skltsm._constraints import ClassWeights
from skltsm._keras._architectures import ARCHITECTURES
from skltsm._keras._base import KerasSequenceEstimator

__all__ = ["LSTMClassifier"]

_SUPPORTED_TARGETS = ("binary", "multiclass")
# encoder-decoder outputs a sequence; a classifier predicts one label per window
_CLASSIFIER_ARCHITECTURES = set(ARCHITECTURES) - {"encoder-decoder"}


class LSTMClassifier(KerasSequenceEstimator, KerasClassifier):
    """Recurrent neural network classifier of sequences.

    A scikeras ``KerasClassifier`` with the networks of
    :class:`skltsm.LSTMRegressor` (same parameters, same input shapes) and a
    classification head: one sigmoid unit for two classes, a softmax over the
    classes otherwise. Labels may be any values scikit-learn accepts, strings
    included; scikeras encodes them for Keras and ``classes_`` holds them in
    sorted order.

    Parameters
    ----------
    model : callable or None, default=None
        ``None`` builds the network described by the parameters below. A
        function returning a ``keras.Model`` replaces it (the scikeras route);
        it may accept ``meta`` (fitted attributes such as ``input_shape_`` and
        ``n_classes_``) and ``compile_kwargs``. It runs with Python's and NumPy's
        global generators seeded from ``random_state`` and put back after,
        so layers and initialisers it leaves unseeded are reproducible too.
    architecture : {"recurrent", "cnn-lstm", "convlstm"}, default="recurrent"
        Network family, as in :class:`skltsm.LSTMRegressor`.
        ``"encoder-decoder"`` is not offered (``fit`` refuses it like any
        other invalid value): it decodes a sequence of outputs, one per
        future step, while a classifier predicts one label per window.
    units : int or tuple of int, default=32
        Units of each recurrent layer; a tuple stacks one layer per entry.
    cell : {"lstm", "gru"}, default="lstm"
        Recurrent cell.
    bidirectional : bool, default=False
        Read each window in both directions.
    dropout : float, default=0.0
        Rate of the dropout after each recurrent layer.
    activation : str or callable, default="tanh"
        Activation of the recurrent cells (``tanh`` keeps the cuDNN kernel).
    n_subsequences : int, default=2
        ``"cnn-lstm"`` and ``"convlstm"``: subsequences each window is split
        into; must divide the window length.
    filters : int, default=64
        ``"cnn-lstm"`` and ``"convlstm"``: convolution filters.
    kernel_size : int, default=2
        ``"cnn-lstm"`` and ``"convlstm"``: convolution length along time.
    pool_size : int, default=2
        ``"cnn-lstm"``: max-pooling length along time.
    stateful : bool, default=False
        Carry the recurrent state from one batch to the next (see
        :class:`skltsm.LSTMRegressor`); needs ``shuffle=False``.
    optimizer : str, keras.optimizers.Optimizer or its class, default="adam"
        Optimizer, by a name Keras knows (``"adam"``, ``"sgd"``, ...); extra
        arguments route as ``optimizer__name=value``.
    learning_rate : float, default=0.001
        Learning rate of the optimizer named by ``optimizer``. Not used where
        ``optimizer`` is an instance or ``optimizer__learning_rate`` is given:
        those set the rate (search over theirs, not over this one).
    loss : str, keras loss or None, default=None
        ``None`` chooses by the target: binary cross-entropy for two classes,
        sparse categorical cross-entropy for more. ``"categorical_crossentropy"``
        makes scikeras one-hot encode the labels.
    metrics : str, list or None, default=None
        Keras metrics recorded in ``history_``: names Keras knows,
        ``keras.metrics.Metric`` objects or classes, or functions. Like
        ``loss``, they compare the network's probabilities with the labels as
        scikeras encodes them (positions in ``classes_``, one-hot with
        ``"categorical_crossentropy"``), not with the labels of ``y``. For
        metrics of the labels themselves, score what :meth:`predict`
        returns, e.g. ``sklearn.metrics.f1_score(y_test, clf.predict(X_test),
        average="macro")``.
    epochs : int, default=100
        Passes over the training windows.
    batch_size : int, default=32
        Windows per gradient step.
    shuffle : bool, default=True
        Shuffle windows every epoch (seeded by ``random_state``).
    early_stopping : bool, default=False
        Stop when the loss on the most recent ``validation_fraction`` of the
        windows has not improved for ``patience`` epochs; keep the best
        weights.
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
        Seeds weight initialisation, dropout and shuffling. An instance gives
        a new seed to each fit that builds the network, and is advanced.
        Nothing global is seeded but while a ``model`` function runs (see
        ``model``).
    verbose : int, default=0
        Keras' verbosity.
    class_weight : dict, "balanced" or None, default=None
        Weights of the classes (``{label: weight}``), multiplied into
        ``sample_weight``; ``"balanced"`` weights inversely to class
        frequencies.
    **kwargs : dict
        Routed parameters in scikeras' syntax (``optimizer__beta_1``, ...).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The labels seen in fit, sorted.
    n_classes_ : int
        Number of classes.
    model_ : keras.Model
        The trained network.
    input_shape_ : tuple of int
        ``(timesteps, features)`` of one input sample, what ``predict``'s
        windows are checked against. The default recurrent networks (not
        stateful ones) are built for windows of any length
        (``model_.input_shape`` is ``(None, None, features)``), so that
        look-backs share a pooled trainer (ADR 0031).
    history_ : dict
        Loss (and metrics) per epoch, as in scikeras.
    n_features_in_ : int
        Number of columns (2-D input) or timesteps (3-D input) seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names seen in fit, when ``X`` is a DataFrame.

    See Also
    --------
    skltsm.LSTMRegressor : The same networks for forecasting.

    Notes
    -----
    scikeras 0.13 declares no ``__sklearn_tags__`` for scikit-learn >= 1.6, so
    ``is_classifier`` is False for its ``KerasClassifier``; this class declares
    the tags of a classifier. ``predict_proba`` always returns one column per
    class, also for a single window (scikeras squeezes that case to 1-D).

    Examples
    --------
    >>> import numpy as np
    >>> from skltsm import LSTMClassifier
    >>> X = np.array([[1, 2, 3], [3, 2, 1], [2, 3, 4], [4, 3, 2], [1, 3, 5], [5, 3, 1]])
    >>> y = np.array(["up", "down", "up", "down", "up", "down"])
    >>> clf = LSTMClassifier(units=8, epochs=50, learning_rate=0.01, random_state=0)
    >>> clf.fit(X, y).predict(np.array([[2, 4, 6], [6, 4, 2]]))
    array(['up', 'down'], dtype='<U4')
    >>> clf.classes_
    array(['down', 'up'], dtype='<U4')
    >>> clf.predict_proba(np.array([[2, 4, 6]])).shape
    (1, 2)
    """

    _parameter_constraints: dict = {
        **KerasSequenceEstimator._parameter_constraints,
        "architecture": [StrOptions(_CLASSIFIER_ARCHITECTURES)],
        "class_weight": [ClassWeights(), StrOptions({"balanced"}), None],
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
        class_weight=None,
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
        self.class_weight = class_weight

    def fit(self, X, y, sample_weight=None, **kwargs):
        """Train the network on windows ``X`` and their labels ``y``.

        As :meth:`skltsm.LSTMRegressor.fit`. With ``warm_start=True`` a
        refit keeps training the network; ``classes_`` stays set (scikeras
        clears it and sets it only when it builds a new network).

        Parameters
        ----------
        X : array-like of shape (n_samples, timesteps * features) or \
(n_samples, timesteps, features)
            Windows.
        y : array-like of shape (n_samples,)
            Labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weight of each window, as for
            :meth:`skltsm.LSTMRegressor.fit`: weight 0 leaves a window out,
            an integer weight counts it that many times in the input
            standardisation, and each window's loss is multiplied by its
            weight (times its class's ``class_weight``, which counts in the
            standardisation too); mini-batch training makes a weight of ``k``
            not exactly ``k`` copies for the optimiser.
        **kwargs : dict
            ``epochs`` or ``initial_epoch`` overrides, as in scikeras.

        Returns
        -------
        self : LSTMClassifier
            The fitted classifier.
        """
        sample_weight = _own_copy(sample_weight, self.class_weight)
        super().fit(X, y, sample_weight=sample_weight, **kwargs)
        if self.classes_ is None:  # a warm start: the encoder kept them
            self.classes_ = self.target_encoder_.get_metadata()["classes_"]
        return self

    def partial_fit(self, X, y, classes=None, sample_weight=None, **kwargs):
        """Train for one more epoch, building the network on the first call.

        Parameters
        ----------
        X, y, sample_weight, **kwargs
            As for :meth:`fit`.
        classes : array-like of shape (n_classes,), default=None
            Every class of the whole training set, in any order, needed on
            the first call when ``y`` does not hold them all (scikeras'
            ``partial_fit``). ``classes_`` holds them sorted, as after
            :meth:`fit`.

        Returns
        -------
        self : LSTMClassifier
            The classifier.
        """
        if classes is not None:
            # scikeras' encoder takes them as OrdinalEncoder categories, which
            # must be sorted for numbers and fix the order of classes_; sorted
            # as scikit-learn's partial_fit sorts them (unique_labels)
            classes = unique_labels(classes)
        sample_weight = _own_copy(sample_weight, self.class_weight)
        return super().partial_fit(
            X, y, classes=classes, sample_weight=sample_weight, **kwargs
        )

    def predict_proba(self, X):
        """Probability of each class for each window.

        Parameters
        ----------
        X : array-like of shape (n_samples, timesteps * features) or \
(n_samples, timesteps, features)
            Windows, shaped as in fit.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns follow ``classes_``.
        """
        proba = super().predict_proba(X)
        return proba.reshape(-1, self.n_classes_)

    def _output_spec(self):
        if self.target_type_ == "binary":
            return (), "sigmoid"
        return (self.n_classes_,), "softmax"

    def _default_loss(self):
        if self.target_type_ == "binary":
            return "binary_crossentropy"
        return "sparse_categorical_crossentropy"

    def _validate_data(self, X=None, y=None, reset=False, y_numeric=False):
        if reset and y is not None:
            # partial_fit(classes=...) names every class before a batch shows them
            _check_labels(y, known=getattr(self, "classes_", None))
        X, y = super()._validate_data(X, y, reset=reset, y_numeric=False)
        if reset and self.target_type_ not in _SUPPORTED_TARGETS:
            raise ValueError(
                f"Unknown label type: {self.target_type_!r}. LSTMClassifier "
                "supports binary and multiclass targets: one label per window, "
                "y of shape (n_samples,). For a numeric target use LSTMRegressor."
            )
        if y is not None and y.ndim == 2:
            y = column_or_1d(y, warn=True)  # scikit-learn's column-vector warning
            if reset:
                self.y_ndim_ = 1
        return X, y

    def _check_continued_target(self, y) -> None:
        """Refuse labels the first fit refuses, then labels never fitted.

        The first fit's checks come first: NaN (missing data) and labels of
        mixed types (a None among strings, say) are no class, and "the
        network was not fitted for" them would advise naming them as
        classes, or call the fitted ones new.
        """
        # scikeras clears classes_ at a refit; the encoder keeps them
        classes = self.target_encoder_.get_metadata()["classes_"]
        _check_labels(y, known=classes)  # as _validate_data, before check_array
        # the y parameters of the first fit's _validate_data
        y = check_array(
            y, input_name="y", ensure_2d=False, allow_nd=True, dtype=None,
            estimator=self,
        )  # fmt: skip
        _check_fitted_classes(y, classes)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.estimator_type = "classifier"
        tags.classifier_tags = ClassifierTags(poor_score=True, multi_label=False)
        return tags


def _check_fitted_classes(y, classes) -> None:
    """Refuse labels the network has no output for (warm start, partial_fit)."""
    try:
        new = np.setdiff1d(np.asarray(y, dtype=object), np.asarray(classes, object))
    except TypeError:  # labels of another type than the classes: none is known
        new = np.unique(np.asarray(y, dtype=object).astype(str))
    if len(new):
        raise ValueError(
            f"y holds the classes {new.tolist()[:5]} that the network was not "
            f"fitted for (classes_ = {np.asarray(classes).tolist()}): warm_start "
            "and partial_fit go on training the same network, whose output has "
            "a unit a class. Fit anew (warm_start=False), or name every class in "
            "the first partial_fit call (classes=[...])."
        )


def _check_labels(y, known=None) -> None:
    """Refuse labels of mixed types, or a single class none of ``known`` adds to."""
    if np.iscomplexobj(np.asarray(y)):
        return  # scikit-learn's own check refuses complex data
    try:
        labels = np.unique(np.asarray(y, dtype=object))
    except TypeError as error:  # '<' between a str and an int
        raise TypeError(
            "The labels of y must be all strings or all numbers; they mix types "
            f"({error}). Convert them first, e.g. y.astype(str)."
        ) from None
    if len(labels) < 2 and (known is None or len(np.unique(known)) < 2):
        # one message for fit and a first partial_fit: this check cannot tell
        # them apart, and a stream's first batch has classes= as its way out
        raise ValueError(
            "LSTMClassifier needs samples of at least 2 classes in the data, but "
            f"y holds one class only: {labels[0]!r}. Fit on data holding every "
            "class; to stream batches that may hold one class, name every class "
            "in the first call: partial_fit(X, y, classes=[...])."
            if len(labels)
            else "y is empty."
        )


def _own_copy(sample_weight, class_weight):
    """Return ``sample_weight`` as a float copy when ``class_weight`` is set.

    scikeras' ``KerasClassifier.fit`` multiplies the class weights into
    ``sample_weight`` in place (``sample_weight *= ...``): the caller's float
    array came back changed, and integer weights failed with a casting
    error. The copy leaves the caller's array as it was.
    """
    if sample_weight is None or class_weight is None:
        return sample_weight
    return np.array(sample_weight, dtype=np.float64)
