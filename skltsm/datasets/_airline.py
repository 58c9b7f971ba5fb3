"""The airline passengers series (Box & Jenkins, series G)."""

from __future__ import annotations

from importlib.resources import files

import pandas as pd

__all__ = ["load_airline"]


def load_airline() -> pd.Series:
    """Monthly totals of international airline passengers, 1949 to 1960.

    The 144 values (in thousands of passengers) of Box & Jenkins' series G,
    the data of the best-known LSTM forecasting tutorial. Shipped with the
    package: no network access.

    Returns
    -------
    y : pandas.Series
        Named ``passengers``, float64, indexed by a monthly ``PeriodIndex``
        named ``month`` (1949-01 to 1960-12).

    Examples
    --------
    >>> from skltsm.datasets import load_airline
    >>> y = load_airline()
    >>> len(y), y.index[0], y.index[-1], y.index.freqstr
    (144, Period('1949-01', 'M'), Period('1960-12', 'M'), 'M')
    >>> y.iloc[:3].tolist()
    [112.0, 118.0, 132.0]
    """
    with files("skltsm.datasets").joinpath("data/airline.csv").open() as handle:
        table = pd.read_csv(handle)
    index = pd.PeriodIndex(table["month"], freq="M", name="month")
    return pd.Series(
        table["passengers"].to_numpy(float), index=index, name="passengers"
    )
