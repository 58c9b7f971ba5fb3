"""sktime interface: :class:`LSTMForecaster`, a skltsm pipeline as a forecaster.

:class:`PositiveDeseasonalizer` adjusts the seasonality of each series of a
panel that allows a multiplicative decomposition, before a global network.
:class:`PretrainableTransformedTargetForecaster` is sktime's target pipeline
(what ``transformer * LSTMForecaster(...)`` builds) with a ``pretrain`` that
trains the network behind the transformers, :class:`PretrainableForecastingPipeline`
the same for transformers of ``X`` (``transformer ** LSTMForecaster(...)``);
:class:`PretrainableEnsembleForecaster`
is sktime's ensemble whose ``pretrain`` pretrains the members that can be,
:class:`PretrainableMultiplexForecaster` its multiplexer (what
``LSTMForecaster(...) | other`` builds) the same;
:class:`PretrainableForecastingGridSearchCV` and
:class:`PretrainableForecastingRandomizedSearchCV` are sktime's searches
whose ``pretrain`` pretrains each candidate.
:class:`StatsForecastARIMA` fits statsforecast's ARIMA of fixed orders (the
airline model, a network's partner in a combination).

Needs the ``sktime`` extra (``pip install skltsm[sktime]``).

Examples
--------
>>> from skltsm.sktime import LSTMForecaster
>>> LSTMForecaster(strategy="direct").get_tag("requires-fh-in-fit")
True
"""

try:
    import sktime  # noqa: F401
except ModuleNotFoundError as error:  # as sktime's own soft dependencies say
    if error.name != "sktime":
        raise
    raise ModuleNotFoundError(
        "skltsm.sktime needs sktime, an optional dependency of skltsm that is not "
        'installed. Install it with: pip install "skltsm[sktime]"',
        name="sktime",
    ) from error

from skltsm.sktime._deseasonalizer import PositiveDeseasonalizer  # noqa: E402
from skltsm.sktime._forecaster import LSTMForecaster  # noqa: E402
from skltsm.sktime._pretrainable_ensemble import (  # noqa: E402
    PretrainableEnsembleForecaster,
)
from skltsm.sktime._pretrainable_multiplexer import (  # noqa: E402
    PretrainableMultiplexForecaster,
)
from skltsm.sktime._pretrainable_pipeline import (  # noqa: E402
    PretrainableForecastingPipeline,
    PretrainableTransformedTargetForecaster,
)
from skltsm.sktime._pretrainable_search import (  # noqa: E402
    PretrainableForecastingGridSearchCV,
    PretrainableForecastingRandomizedSearchCV,
)
from skltsm.sktime._statsforecast_arima import StatsForecastARIMA  # noqa: E402

__all__ = [
    "LSTMForecaster",
    "PositiveDeseasonalizer",
    "PretrainableEnsembleForecaster",
    "PretrainableForecastingGridSearchCV",
    "PretrainableForecastingPipeline",
    "PretrainableForecastingRandomizedSearchCV",
    "PretrainableMultiplexForecaster",
    "PretrainableTransformedTargetForecaster",
    "StatsForecastARIMA",
]
