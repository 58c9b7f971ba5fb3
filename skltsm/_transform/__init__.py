"""Layer 2, transformers: lagging, differencing, and windows of past rows.

The public transformers (:class:`skltsm.LagTransformer`,
:class:`skltsm.Differencer`), the windows interface every estimator reads
(:class:`~skltsm._transform._lagged_windows.LaggedWindows`, streamed from a
series or wrapping an array) and the running of scikit-learn steps from
DataFrame to DataFrame. Builds on :mod:`skltsm._series` only.
"""
