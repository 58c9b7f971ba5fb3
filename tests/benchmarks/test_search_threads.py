"""The /proc readers of benchmarks.search_threads (the search itself is too long)."""

import os
import sys

import pytest

from benchmarks import search_threads

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")


def test_sched_counters_are_read_by_name():
    text = (
        "python (1234, #threads: 3)\n"
        "se.nr_migrations                             :                 2326\n"
        "nr_switches                                  :                 9207\n"
        "nr_voluntary_switches                        :                 9029\n"
        "nr_involuntary_switches                      :                  178\n"
    )
    assert search_threads.parse_sched(text) == {
        "migrations": 2326,
        "waits": 9029,
        "preempted": 178,
    }


def test_cpu_seconds_skip_a_thread_name_with_spaces():
    ticks = os.sysconf("SC_CLK_TCK")
    fields = ["S"] + ["0"] * 10 + [str(3 * ticks), str(ticks)] + ["0"] * 5
    stat = "42 (tf Compute) " + " ".join(fields)
    assert search_threads.cpu_seconds(stat) == 4.0


@linux_only
def test_every_thread_of_this_process_is_counted():
    threads = search_threads.thread_counters(os.getpid())
    assert (os.getpid(), os.getpid()) in threads
    name, counters = threads[os.getpid(), os.getpid()]
    assert counters["cpu"] > 0
    assert set(counters) == {"cpu", "migrations", "waits", "preempted"}
