"""Where the README's grid search spends its time, thread by thread (Linux).

Runs the README quick start's search warm with ``n_jobs=1`` and ``n_jobs=2``
and prints, for every thread of this process and of the joblib workers that
ran during the search: CPU seconds, migrations between cores, and voluntary
(waiting) and involuntary (preempted) context switches, from
``/proc/<pid>/task/<tid>/{stat,sched}``. ADR 0018 quotes its figures: alone,
the Python thread and TensorFlow's ``tf_Compute`` thread hand every call to
each other across the two cores (thousands of migrations, wall time well
above CPU time); as two workers they share one core each.

Run ``make bench-threads`` (about a minute) on an idle machine.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import psutil

from benchmarks.perf_cases import README_GRID, airline_search, readme_pipeline
from skltsm.datasets import load_airline

SCHED_FIELDS = {
    "se.nr_migrations": "migrations",
    "nr_voluntary_switches": "waits",
    "nr_involuntary_switches": "preempted",
}


def parse_sched(text: str) -> dict:
    r"""Read the counters of ``SCHED_FIELDS`` from a ``/proc/.../sched`` file.

    Examples
    --------
    >>> parse_sched("se.nr_migrations  :  7\nnr_voluntary_switches : 3\n")
    {'migrations': 7, 'waits': 3}
    """
    counters = {}
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip() in SCHED_FIELDS:
            counters[SCHED_FIELDS[name.strip()]] = int(float(value))
    return counters


def cpu_seconds(stat: str) -> float:
    """User plus system CPU seconds from a ``/proc/.../stat`` line."""
    fields = stat.rsplit(")", 1)[1].split()  # the name may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def thread_counters(pid: int) -> dict:
    """``{(pid, tid): (thread name, counters)}`` for every thread of ``pid``."""
    threads = {}
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            counters = {"cpu": cpu_seconds((task / "stat").read_text())}
            name = (task / "comm").read_text().strip()
        except OSError:  # the thread ended meanwhile
            continue
        sched = task / "sched"  # only on kernels built with CONFIG_SCHED_DEBUG
        counters |= dict.fromkeys(SCHED_FIELDS.values(), "n/a")
        if sched.exists():
            counters |= parse_sched(sched.read_text())
        threads[pid, int(task.name)] = (name, counters)
    return threads


def all_counters() -> dict:
    pids = [os.getpid(), *(c.pid for c in psutil.Process().children(recursive=True))]
    return {key: value for pid in pids for key, value in thread_counters(pid).items()}


def report(n_jobs: int, seconds: float, before: dict, after: dict) -> None:
    print(f"\nn_jobs={n_jobs}: {seconds:.2f} s")
    print(f"{'pid':>8} {'thread':<16} {'cpu s':>6} migrations  waits  preempted")
    for (pid, tid), (name, counters) in sorted(after.items()):
        old = before.get((pid, tid), (name, {}))[1]
        delta = {
            key: value if isinstance(value, str) else value - old.get(key, 0)
            for key, value in counters.items()
        }
        if delta["cpu"] >= 0.05:
            print(
                f"{pid:>8} {name:<16} {delta['cpu']:>6.2f} {delta['migrations']:>10}"
                f" {delta['waits']:>6} {delta['preempted']:>10}"
            )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=100)
    args = parser.parse_args(argv)
    y = load_airline()
    X = y.to_frame()

    def search(n_jobs):
        return airline_search(readme_pipeline(args.epochs), README_GRID, n_jobs)

    search(2).fit(X, y)  # start the workers; every process traces its networks
    search(1).fit(X, y)
    for n_jobs in (1, 2):
        before = all_counters()
        start = time.perf_counter()
        search(n_jobs).fit(X, y)
        seconds = time.perf_counter() - start
        report(n_jobs, seconds, before, all_counters())


if __name__ == "__main__":
    main()
