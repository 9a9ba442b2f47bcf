"""The one place where work is fanned out: in this process, to local processes, or to Dask.

Every caller that runs many independent tasks (scenario replicates, the calibration's predictive
passes, forecasts, sweeps) goes through :func:`fan_out`. A task is a picklable top-level
function applied to one item; results come back either in item order (``ordered=True``, so the
output never depends on the engine or the number of workers) or as they finish, tagged with
their index (for sweeps that stream results to disk).

Engines:
- ``workers <= 1`` and no scheduler: in this process, one item after the other;
- ``workers > 1``: a ``ProcessPoolExecutor`` of that many processes;
- ``scheduler="tcp://host:port"``: an existing Dask cluster (``dask.distributed``), imported
  only when asked for, so the simulation never depends on Dask.

With ``capture_errors=True`` an exception raised by a task is returned as a
:class:`TaskFailure` in its place and the other tasks go on; otherwise it propagates after the
pending tasks are cancelled.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: At most this many tasks per worker are submitted ahead of the results being read, so
#: memory stays bounded when results are large.
TASKS_AHEAD_PER_WORKER = 4


@dataclass(frozen=True)
class TaskFailure:
    """A task that raised: its error type, message and traceback text."""

    error_type: str
    message: str
    traceback: str

    @classmethod
    def from_exception(cls, exc: BaseException) -> TaskFailure:
        """The failure describing ``exc``."""
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        return cls(type(exc).__name__, str(exc), text)


class _Guarded:
    """Wraps a task function so that its exceptions come back as values."""

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn = fn

    def __call__(self, item: Any) -> Any:
        try:
            return self.fn(item)
        except Exception as exc:  # a task's failure is data here, by request
            return TaskFailure.from_exception(exc)


def effective_workers(workers: int, n_tasks: int) -> int:
    """Workers actually started: never more than the tasks, at least one."""
    return max(1, min(int(workers), int(n_tasks)))


def machine_cores() -> int:
    """CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def fan_out(
    fn: Callable[[T], R],
    items: Sequence[T],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    ordered: bool = True,
    capture_errors: bool = False,
    on_done: Callable[[int], None] | None = None,
) -> Iterator[tuple[int, R | TaskFailure]]:
    """Apply ``fn`` to every item and yield ``(index, result)`` pairs.

    Args:
        fn: A picklable top-level function of one item.
        items: The items (picklable).
        workers: Local processes (1 or less: in this process). Ignored with ``scheduler``.
        scheduler: Address of a running Dask scheduler (``tcp://127.0.0.1:8786``).
        ordered: Yield in item order (True) or as results arrive (False).
        capture_errors: Return a :class:`TaskFailure` for a task that raises, instead of
            raising.
        on_done: Called with an item's index as its result arrives (progress bars).

    Yields:
        ``(index, result)``; with ``ordered`` the indices are 0, 1, 2 ...
    """
    task = _Guarded(fn) if capture_errors else fn
    if scheduler is not None:
        stream = _dask(task, items, scheduler)
    elif effective_workers(workers, len(items)) <= 1:
        stream = ((i, task(item)) for i, item in enumerate(items))
    else:
        stream = _processes(task, items, effective_workers(workers, len(items)))
    if not ordered:
        for i, result in stream:
            if on_done is not None:
                on_done(i)
            yield i, result
        return
    waiting: dict[int, Any] = {}
    next_index = 0
    for i, result in stream:
        if on_done is not None:
            on_done(i)
        waiting[i] = result
        while next_index in waiting:
            yield next_index, waiting.pop(next_index)
            next_index += 1


def _start_context() -> multiprocessing.context.BaseContext:
    """How worker processes start: forked where the platform can, else spawned.

    Forked workers inherit the imported package instead of importing it again. The context is
    chosen here rather than through the global start method, which Mesa's batch runner forces
    to "spawn" when it is imported.
    """
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _processes(
    fn: Callable[[Any], Any], items: Sequence[Any], workers: int
) -> Iterator[tuple[int, Any]]:
    """Results from a process pool as they finish, with a bounded number in flight."""
    ahead = workers * TASKS_AHEAD_PER_WORKER
    with ProcessPoolExecutor(max_workers=workers, mp_context=_start_context()) as pool:
        running: dict[Future, int] = {}
        queue = iter(enumerate(items))
        try:
            for i, item in queue:
                running[pool.submit(fn, item)] = i
                if len(running) >= ahead:
                    break
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in sorted(done, key=running.__getitem__):
                    i = running.pop(fut)
                    yield i, fut.result()
                    nxt = next(queue, None)
                    if nxt is not None:
                        running[pool.submit(fn, nxt[1])] = nxt[0]
        finally:
            for fut in running:
                fut.cancel()


def _dask(
    fn: Callable[[Any], Any], items: Sequence[Any], address: str
) -> Iterator[tuple[int, Any]]:
    """Results from an existing Dask cluster as they finish."""
    from distributed import Client, as_completed

    with Client(address, set_as_default=False) as client:
        futures = client.map(fn, list(items), pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        try:
            for fut in as_completed(futures, loop=client.loop):
                yield index[fut.key], fut.result()
        finally:
            client.cancel(futures)
