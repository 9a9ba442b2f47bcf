"""The one fan-out: order, completeness, failures captured or raised, and the worker count.

Importing Mesa forces the "spawn" start method on every process (``mesa/batchrunner.py``), so a
pool of two costs two fresh interpreters that import flashpoint (about 14 s on 2 cores). One test,
marked slow (``.ci/run`` runs it), runs the pool as shipped; the others fork their workers, which
tests the same fan-out logic in well under a second.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor

import pytest

from flashpoint.runs import fanout
from flashpoint.runs.fanout import TaskFailure, effective_workers, fan_out


@pytest.fixture(autouse=True)
def forked_workers(request, monkeypatch):
    if request.function is not test_the_shipped_pool_runs_tasks_elsewhere_in_item_order:
        fork = multiprocessing.get_context("fork")
        monkeypatch.setattr(
            fanout, "ProcessPoolExecutor", functools.partial(ProcessPoolExecutor, mp_context=fork)
        )


# Tasks are top-level so that worker processes can unpickle them.
def square_slowly(x: int) -> int:
    """Square ``x``, the first items slowest, so they finish out of order."""
    time.sleep(0.05 * max(0, 4 - x))
    return x * x


def first_is_slow(x: int) -> int:
    time.sleep(0.5 if x == 0 else 0.0)
    return x


def fail_on_odd(x: int) -> int:
    if x % 2:
        raise ValueError(f"odd item {x}")
    return x


def square_and_pid(x: int) -> tuple[int, int]:
    return square_slowly(x), os.getpid()


def pid(_x: int) -> int:
    return os.getpid()


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_in_item_order(workers):
    out = list(fan_out(square_slowly, range(6), workers=workers))
    assert out == [(i, i * i) for i in range(6)]


@pytest.mark.slow
def test_the_shipped_pool_runs_tasks_elsewhere_in_item_order():
    out = list(fan_out(square_and_pid, range(4), workers=2))
    assert [(i, r[0]) for i, r in out] == [(i, i * i) for i in range(4)]
    assert os.getpid() not in {r[1] for _, r in out}


def test_as_completed_covers_every_index_once_and_is_not_item_order():
    done = []
    out = list(fan_out(first_is_slow, range(6), workers=2, ordered=False, on_done=done.append))
    assert sorted(i for i, _ in out) == list(range(6))
    assert all(i == r for i, r in out)
    assert done == [i for i, _ in out], "progress is reported as results arrive"
    assert out[0][0] != 0, "the slow first item did not hold the others back"


@pytest.mark.parametrize("workers", [1, 2])
def test_captured_failures_come_back_and_the_rest_go_on(workers):
    out = dict(fan_out(fail_on_odd, range(5), workers=workers, capture_errors=True))
    assert sorted(out) == list(range(5))
    for i in (0, 2, 4):
        assert out[i] == i
    for i in (1, 3):
        failure = out[i]
        assert isinstance(failure, TaskFailure)
        assert failure.error_type == "ValueError" and failure.message == f"odd item {i}"
        assert "fail_on_odd" in failure.traceback


@pytest.mark.parametrize("workers", [1, 2])
def test_errors_propagate_without_capture(workers):
    with pytest.raises(ValueError, match=r"odd item [13]"):
        list(fan_out(fail_on_odd, range(5), workers=workers))


def test_nothing_to_do_yields_nothing():
    assert list(fan_out(square_slowly, [], workers=4)) == []


@pytest.mark.parametrize(
    ("workers", "tasks", "expected"),
    [(4, 2, 2), (2, 100, 2), (0, 5, 1), (-3, 5, 1), (3, 0, 1), (1, 1, 1)],
)
def test_effective_workers_caps_at_the_task_count(workers, tasks, expected):
    assert effective_workers(workers, tasks) == expected


def test_the_pool_never_has_more_processes_than_tasks(monkeypatch):
    started = []

    def recording(fn, items, workers):
        started.append(workers)
        return ((i, fn(x)) for i, x in enumerate(items))

    monkeypatch.setattr(fanout, "_processes", recording)
    assert list(fan_out(square_slowly, [4, 5, 6], workers=16)) == [(0, 16), (1, 25), (2, 36)]
    assert started == [3]


def test_one_task_or_one_worker_runs_in_this_process():
    assert list(fan_out(pid, [0], workers=8)) == [(0, os.getpid())]
    assert {p for _, p in fan_out(pid, range(3), workers=1)} == {os.getpid()}
    # and the check can fail: two workers are other processes
    assert os.getpid() not in {p for _, p in fan_out(pid, range(4), workers=2)}
