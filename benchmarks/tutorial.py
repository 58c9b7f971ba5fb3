"""The best-known airline LSTM tutorial, reproduced as written, for comparison.

Jason Brownlee, "Time Series Prediction with LSTM Recurrent Neural Networks in
Python with Keras": ``MinMaxScaler`` fitted on the *whole* series (leakage),
look-back 1, ``LSTM(4)``, ``Dense(1)``, Adam, MSE, ``batch_size=1``, 100 epochs,
a hand-made windowing loop. Only the Keras 3 syntax changes (``keras.Input``
instead of ``input_shape=``). Its leakage and its speed are what skltsm's
comparison is about, so they are kept on purpose.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import keras
import numpy as np
import pandas as pd
from sklearn.preprocessing import MinMaxScaler


@dataclass
class TutorialResult:
    """One-step forecasts of the tutorial's model and what it cost."""

    forecast: pd.Series  # one forecast per test month
    rmse_as_published: float  # on the tutorial's own (off-by-one) test windows
    seconds: float


def create_dataset(dataset: np.ndarray, look_back: int = 1):
    """Window the series as the tutorial does, off-by-one included."""
    data_x, data_y = [], []
    for i in range(len(dataset) - look_back - 1):
        data_x.append(dataset[i : (i + look_back), 0])
        data_y.append(dataset[i + look_back, 0])
    return np.array(data_x), np.array(data_y)


def run_tutorial(
    y: pd.Series, n_train: int, *, epochs: int = 100, seed: int = 7
) -> TutorialResult:
    """Train the tutorial's model on ``y[:n_train]`` and forecast the rest.

    Parameters
    ----------
    y : pandas.Series
        The series (airline passengers).
    n_train : int
        Training length (the tutorial's 67 %).
    epochs : int, default=100
        The tutorial's 100; lower only to test this code quickly.
    seed : int, default=7
        The tutorial's seed (it seeds NumPy and TensorFlow globally).

    Returns
    -------
    TutorialResult
        Forecasts for every month after ``n_train`` (each from the month
        before it, as the model is meant to be used), the RMSE on the
        tutorial's own test windows, and the wall time.
    """
    keras.utils.set_random_seed(seed)  # the tutorial's global seeding
    start = time.perf_counter()
    values = y.to_numpy(dtype="float32").reshape(-1, 1)
    scaler = MinMaxScaler(feature_range=(0, 1))
    dataset = scaler.fit_transform(values)  # fitted on train AND test: leakage
    train, test = dataset[:n_train], dataset[n_train:]
    look_back = 1
    train_x, train_y = create_dataset(train, look_back)
    test_x, test_y = create_dataset(test, look_back)
    train_x = train_x.reshape(train_x.shape[0], 1, train_x.shape[1])
    test_x = test_x.reshape(test_x.shape[0], 1, test_x.shape[1])

    model = keras.Sequential(
        [keras.Input((1, look_back)), keras.layers.LSTM(4), keras.layers.Dense(1)]
    )
    model.compile(loss="mean_squared_error", optimizer="adam")
    model.fit(train_x, train_y, epochs=epochs, batch_size=1, verbose=0)

    published = scaler.inverse_transform(model.predict(test_x, verbose=0))
    truth = scaler.inverse_transform(test_y.reshape(-1, 1))
    rmse_as_published = float(np.sqrt(np.mean((published - truth) ** 2)))

    previous = dataset[n_train - 1 : -1].reshape(-1, 1, 1)  # month t-1 for each t
    every_month = scaler.inverse_transform(model.predict(previous, verbose=0))
    seconds = time.perf_counter() - start
    forecast = pd.Series(every_month[:, 0], index=y.index[n_train:], name="tutorial")
    return TutorialResult(forecast, rmse_as_published, seconds)
