"""neuralforecast's global LSTM, the neural peer of the accuracy benchmark.

One ``LSTM`` learns from every in-sample part of a pool and forecasts them
all (input ``2 * horizon`` months, 1,000 steps, ``robust`` window scaler):
the configuration measured at sMAPE 12.73 on the 1,045 M3 monthly series
when issue 14 was written (131 s on one core then; the stored runs' times are
in ``benchmarks/results/``, with the threads each was given). PyTorch is a
large install, so it lives in the ``neural`` extra and its own venv:
``make bench-neural`` creates ``.venv-neural`` and runs ``python -m
benchmarks.neural_peer``, which forecasts M3 monthly and Tourism monthly
and writes ``benchmarks/results/neural_peer.json``.

Flags: ``--quick`` (8 random series scored per dataset, 10 training steps:
to test the script), ``--seed``, ``--threads`` (PyTorch's), ``--out``.

The accuracy benchmark runs the peer in the same run from its own venv
(:func:`neural_forecasts`): it hands the series over in a file
(``--series``), and reads the forecasts back (``--forecasts``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.accuracy_data import Pool, m3_pool, tourism_pool
from benchmarks.statistical_peers import (
    PeerRun,
    long_frame,
    paths,
    peer_run,
    pool_errors,
)

__all__ = ["NEURAL_PYTHON", "neural_forecasts", "neuralforecast_lstm"]

RESULT = Path(__file__).parent / "results" / "neural_peer.json"
#: The interpreter of the venv ``make bench-neural`` makes.
NEURAL_PYTHON = Path(__file__).parents[1] / ".venv-neural" / "bin" / "python"
QUICK_SERIES = 8
QUICK_STEPS = 10


def neuralforecast_lstm(
    trains: list[pd.Series],
    horizon: int,
    *,
    season: int = 12,
    seed: int = 0,
    n_threads: int = 1,
    quick: bool = False,
) -> PeerRun:
    """Fit one neuralforecast ``LSTM`` on all the series and forecast each.

    Parameters
    ----------
    trains : list of pandas.Series
        In-sample values of each series (only the order of the values is
        read); the network learns from all of them.
    horizon : int
        Steps forecast past the end of each series.
    season : int, default=12
        Season of the seasonal naive path that replaces a non-finite forecast.
    seed : int, default=0
        ``random_seed`` of the network.
    n_threads : int, default=1
        PyTorch's intra-op threads (``torch.set_num_threads``).
    quick : bool, default=False
        Train 10 steps instead of 1,000 (to test a script).

    Returns
    -------
    run : PeerRun
        ``seconds`` is the wall time of fitting and forecasting.

    Raises
    ------
    ModuleNotFoundError
        Without neuralforecast or PyTorch (the ``neural`` extra).
    """
    try:
        import torch
        from neuralforecast import NeuralForecast
        from neuralforecast.models import LSTM
    except ModuleNotFoundError as error:
        raise ModuleNotFoundError(
            f"The neural peer needs neuralforecast and PyTorch ({error.name} is"
            " missing): `make bench-neural` installs them in .venv-neural, or"
            ' pip install "skltsm[neural]".',
            name=error.name,
        ) from error

    torch.set_num_threads(n_threads)
    logging.getLogger("pytorch_lightning").setLevel(logging.WARNING)
    input_size = 2 * horizon
    model = LSTM(
        h=horizon,
        input_size=input_size,
        max_steps=QUICK_STEPS if quick else 1000,
        scaler_type="robust",
        random_seed=seed,
        accelerator="cpu",
        devices=1,
        logger=False,
        enable_progress_bar=False,
        enable_model_summary=False,
    )
    start = time.perf_counter()
    forecaster = NeuralForecast(models=[model], freq=1)
    forecaster.fit(df=long_frame(trains))
    forecast = forecaster.predict()
    seconds = time.perf_counter() - start
    method = (
        f"neuralforecast {version('neuralforecast')} global LSTM (torch"
        f" {torch.__version__}, {n_threads} thread(s)), input {input_size},"
        f" {model.max_steps} steps, robust window scaler, seed {seed}"
    )
    found = paths(forecast, "LSTM", horizon)
    return peer_run(trains, found, seconds, method, season)


def neural_forecasts(
    pool: Pool, python: Path, *, quick: bool = False, threads: int = 1
) -> PeerRun:
    """Run :func:`neuralforecast_lstm` on a pool's series with another python.

    neuralforecast lives in its own venv (PyTorch is never installed beside
    skltsm's tests); this runs it there, in a subprocess, on exactly the
    series of ``pool``, and reads its forecasts back.

    Parameters
    ----------
    pool : Pool
        The series (``pool.train``) and ``pool.horizon``.
    python : Path
        The interpreter of a venv with the ``neural`` extra.
    quick : bool, default=False
        Train 10 steps (to test a script).
    threads : int, default=1
        PyTorch's intra-op threads.

    Returns
    -------
    run : PeerRun
        As :func:`neuralforecast_lstm` returns it.
    """
    with tempfile.TemporaryDirectory() as folder:
        series, forecasts = Path(folder) / "series.npz", Path(folder) / "out.npz"
        lengths = [len(t) for t in pool.train]
        values = np.concatenate([t.to_numpy(np.float64) for t in pool.train])
        np.savez(series, values=values, lengths=lengths, horizon=pool.horizon)
        command = [str(python), "-m", "benchmarks.neural_peer", "--series", str(series)]
        command += ["--forecasts", str(forecasts), "--threads", str(threads)]
        command += ["--quick"] if quick else []
        subprocess.run(command, check=True, cwd=Path(__file__).parents[1])
        found = np.load(forecasts)
        return PeerRun(
            list(found["forecasts"]), float(found["seconds"]), str(found["method"]),
            list(found["failed"]),
        )  # fmt: skip


def _forecast_file(args) -> None:
    """``--series`` mode: forecast the series of a file, write them to another."""
    given = np.load(args.series)
    ends = np.cumsum(given["lengths"])
    trains = [pd.Series(v) for v in np.split(given["values"], ends[:-1])]
    run = neuralforecast_lstm(
        trains, int(given["horizon"]), seed=args.seed, n_threads=args.threads,
        quick=args.quick,
    )  # fmt: skip
    np.savez(
        args.forecasts, forecasts=np.stack(run.forecasts), seconds=run.seconds,
        method=run.method, failed=np.array(run.failed),
    )  # fmt: skip


def main(argv: list[str] | None = None) -> dict | None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="to test the script")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=RESULT)
    parser.add_argument("--series", type=Path, help="forecast the series of a file")
    parser.add_argument("--forecasts", type=Path, help="where --series writes")
    args = parser.parse_args(argv)
    if args.series is not None:
        return _forecast_file(args)
    n_scored = QUICK_SERIES if args.quick else None
    start, load_before = time.perf_counter(), os.getloadavg()
    pools = {}
    for pool in (m3_pool(n_scored), tourism_pool(n_scored)):
        run = neuralforecast_lstm(
            pool.train,
            pool.horizon,
            seed=args.seed,
            n_threads=args.threads,
            quick=args.quick,
        )
        views = pool_errors(pool, run)
        pools[pool.name] = {"method": run.method, "seconds": run.seconds, **views}
        print(f"{pool.name}: {run.seconds:.0f} s, {json.dumps(views)}", flush=True)
    facts = {
        "command": " ".join(["python -m benchmarks.neural_peer", *sys.argv[1:]]),
        "wall_seconds": time.perf_counter() - start,
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "versions": {
            name: version(name)
            for name in ("neuralforecast", "torch", "pytorch-lightning", "numpy")
        },
        "pools": pools,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(facts, indent=2) + "\n")
    print(f"wrote {args.out}")
    return facts


if __name__ == "__main__":
    main()
