"""Running scenarios: many replicates, on one or more processes, with the same numbers.

Each (scenario, replicate) is an independent call of ``simulate``; results are gathered in
(scenario, replicate) order whatever the number of workers, so the output does not depend on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from flashpoint.runs.simulate import RunResult, simulate
from flashpoint.world.world import World


@dataclass(frozen=True)
class RunTask:
    """One replicate to run."""

    scenario: Any
    replicate: int
    seed: int
    scale: int
    parameters: dict[str, Any] | None = None
    world: World | None = None


def _run(task: RunTask) -> RunResult:
    return simulate(
        task.scenario,
        task.parameters,
        task.seed,
        replicate=task.replicate,
        scale=task.scale,
        world=task.world,
    )


def run_tasks(
    tasks: Sequence[RunTask], workers: int = 1, on_done: Callable[[int], None] | None = None
) -> Iterator[RunResult]:
    """Run tasks and yield their results in task order.

    Args:
        tasks: The replicates to run.
        workers: Processes to use (1 = in this process).
        on_done: Called with the task's index as each result arrives (for progress bars).
    """
    if workers <= 1:
        for i, task in enumerate(tasks):
            result = _run(task)
            if on_done:
                on_done(i)
            yield result
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_run, t) for t in tasks]
        for i, fut in enumerate(futures):
            result = fut.result()
            if on_done:
                on_done(i)
            yield result


def tasks_for(
    scenario: Any,
    replicates: int,
    seed: int,
    scale: int,
    parameters: Sequence[dict[str, Any] | None] | None = None,
    world: World | None = None,
) -> list[RunTask]:
    """The tasks of one scenario: replicates 0..n-1, with per-replicate parameters if given."""
    return [
        RunTask(scenario, r, seed, scale, None if parameters is None else parameters[r], world)
        for r in range(replicates)
    ]
