"""Replicates of scenarios: the tasks, the parameters each replicate takes, and their fan-out.

Replicate ``r`` of a scenario with base seed ``s`` runs ``simulate(scenario, parameters_r, s,
replicate=r)``, where ``parameters_r`` is the posterior's draw for ``(s, r)`` (the same in every
scenario, so scenarios compare on common parameters and common random numbers) or nothing
(registry defaults). Tasks go through :func:`flashpoint.runs.fanout.fan_out`, and results come
back in task order, so they never depend on the number of workers or the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flashpoint.runs.fanout import fan_out
from flashpoint.runs.posterior import SHIPPED, Posterior, PosteriorChoice, resolve_posterior
from flashpoint.runs.simulate import RunResult, simulate

if TYPE_CHECKING:
    from flashpoint.scenario import Scenario
    from flashpoint.world.world import World


@dataclass(frozen=True)
class RunTask:
    """One replicate to run: everything ``simulate`` needs, picklable.

    Attributes:
        scenario: The resolved scenario.
        replicate: Replicate number (selects the random streams).
        seed: Base seed.
        scale: Persons per simulated entry.
        parameters: Parameter values by dotted name (a posterior draw, a sweep point), or None.
        world: Places and routes (None: the shipped world).
    """

    scenario: Scenario
    replicate: int
    seed: int
    scale: int
    parameters: Mapping[str, Any] | None = field(default=None)
    world: World | None = None


def run_task(task: RunTask) -> RunResult:
    """Run one task (a top-level function, so that it pickles to other processes)."""
    return simulate(
        task.scenario,
        task.parameters,
        task.seed,
        replicate=task.replicate,
        scale=task.scale,
        posterior=None,
        world=task.world,
    )


def replicate_tasks(
    scenario: Scenario,
    *,
    replicates: int | None = None,
    seed: int | None = None,
    scale: int = 10,
    posterior: Posterior | None = None,
    world: World | None = None,
) -> list[RunTask]:
    """The tasks of one scenario: replicates ``0..n-1``, each with its posterior draw.

    Args:
        scenario: The resolved scenario.
        replicates: How many (default: the scenario's).
        seed: Base seed (default: the scenario's).
        scale: Persons per simulated entry.
        posterior: Draw each replicate's parameters from it (None: registry defaults).
        world: Places and routes (None: the shipped world).
    """
    n = scenario.replicates if replicates is None else int(replicates)
    base = scenario.seed if seed is None else int(seed)
    return [
        RunTask(
            scenario,
            r,
            base,
            scale,
            None if posterior is None else posterior.draw(base, r),
            world,
        )
        for r in range(n)
    ]


def run_tasks(
    tasks: Sequence[RunTask],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    on_done: Callable[[int], None] | None = None,
) -> Iterator[RunResult]:
    """Run tasks and yield their results in task order.

    Args:
        tasks: The replicates to run.
        workers: Local processes (1: in this process).
        scheduler: Address of a running Dask scheduler instead of local processes.
        on_done: Called with a task's index as its result arrives (progress bars).
    """
    for _, result in fan_out(
        run_task, tasks, workers=workers, scheduler=scheduler, on_done=on_done
    ):
        yield result


def run_scenarios(
    scenarios: Sequence[Scenario],
    *,
    replicates: int | None = None,
    seed: int | None = None,
    scale: int = 10,
    posterior: PosteriorChoice = SHIPPED,
    workers: int = 1,
    scheduler: str | None = None,
    on_done: Callable[[int], None] | None = None,
) -> dict[str, list[RunResult]]:
    """Run every replicate of every scenario, exactly as ``flashpoint run`` does.

    Args:
        scenarios: Resolved scenarios (``load_scenario``); their names must differ.
        replicates: Replicates per scenario (default: each scenario's own).
        seed: Base seed (default: each scenario's own).
        scale: Persons per simulated entry.
        posterior: ``"shipped"`` (default, as the CLI), a posterior file, a ``Posterior``, or
            None for the registry defaults (the CLI's ``--no-posterior``).
        workers: Local processes; results do not depend on it.
        scheduler: Address of a running Dask scheduler instead of local processes.
        on_done: Called with a run's index (over all scenarios) as it finishes.

    Returns:
        Scenario name -> its replicates' results, in replicate order.
    """
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise ValueError(f"scenario names must differ, got {names}")
    post = resolve_posterior(posterior)
    plan = [
        replicate_tasks(s, replicates=replicates, seed=seed, scale=scale, posterior=post)
        for s in scenarios
    ]
    flat = [task for tasks in plan for task in tasks]
    results = iter(run_tasks(flat, workers=workers, scheduler=scheduler, on_done=on_done))
    return {
        s.name: [next(results) for _ in tasks] for s, tasks in zip(scenarios, plan, strict=True)
    }
