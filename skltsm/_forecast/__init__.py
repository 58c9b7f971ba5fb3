"""Layer 5, forecasting: the pipeline and everything that drives it.

:class:`skltsm.ForecastPipeline` carries the target through its steps and
back; the multi-step strategies (recursive, direct, multioutput), batched
recursion, conformal intervals, known future covariates and the forecaster's
memory drive fitted pipelines through one typed contract
(:mod:`skltsm._forecast._contract`). None of it imports sktime: the adapter
in :mod:`skltsm.sktime` is a thin layer over this one.
"""
