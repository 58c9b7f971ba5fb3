"""skltsm: LSTM forecasting that follows scikit-learn and sktime conventions.

Transformers for lagging and differencing, a scikeras-based LSTM regressor and
classifier, and a forecast pipeline that carries the target through its
transformers and returns predictions in the units of ``y``, aligned with the
rows they forecast. The sktime adapter lives in :mod:`skltsm.sktime`.
"""

import keras as _keras

if _keras.backend.backend() != "tensorflow":  # pragma: no cover - environment
    raise ImportError(
        "skltsm needs Keras' TensorFlow backend (its training input pipeline is "
        f"tf.data); KERAS_BACKEND is {_keras.backend.backend()!r}. Unset it or "
        "set KERAS_BACKEND=tensorflow."
    )

from skltsm._keras._runtime._threads import honour_thread_budget  # noqa: E402

honour_thread_budget()  # joblib/dask workers: one TensorFlow thread budget

from skltsm._forecast._pipeline import ForecastPipeline, make_forecast_pipeline  # noqa: E402
from skltsm._keras._classifier import LSTMClassifier  # noqa: E402
from skltsm._keras._regressor import LSTMRegressor  # noqa: E402
from skltsm._keras._runtime._trainer_pool import release_trainers  # noqa: E402
from skltsm._transform._differencer import Differencer  # noqa: E402
from skltsm._transform._lag import LagTransformer  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "Differencer",
    "ForecastPipeline",
    "LSTMClassifier",
    "LSTMRegressor",
    "LagTransformer",
    "make_forecast_pipeline",
    "release_trainers",
]
