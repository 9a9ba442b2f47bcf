"""The ``flashpoint run`` and ``flashpoint validate`` commands.

``run`` loads every scenario first (all mistakes reported at once, exit 2, nothing written),
then runs the replicates through :func:`flashpoint.runs.replicates.run_tasks` and writes one
result folder per scenario.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from flashpoint.cli.common import err, fail, fail_all, out, say
from flashpoint.runs.fanout import effective_workers, machine_cores
from flashpoint.runs.posterior import PosteriorError, load_posterior, registry_mismatch
from flashpoint.scenario import ScenarioError, load_scenario

if TYPE_CHECKING:
    from flashpoint.runs.posterior import Posterior
    from flashpoint.scenario import Scenario


def load_all(paths: list[Path]) -> list[Scenario]:
    """Load every scenario or exit 2 listing every error found."""
    scenarios, problems = [], []
    for path in paths:
        if path.is_dir():
            problems.append(f"{path}: is a folder; a scenario YAML file is expected")
            continue
        if not path.is_file():
            problems.append(f"{path}: no such scenario file")
            continue
        try:
            scenarios.append(load_scenario(path))
        except ScenarioError as e:
            problems.append(str(e))
    names = [s.name for s in scenarios]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        problems.append(
            f"several scenarios are named {', '.join(dupes)}: names must differ "
            "(they name the output folders)"
        )
    if problems:
        fail_all(problems)
    return scenarios


def choose_posterior(path: Path | None, disabled: bool) -> Posterior | None:
    """The posterior to draw parameters from, or None for the registry defaults."""
    if disabled:
        if path is not None:
            fail("--posterior and --no-posterior cannot be used together")
        return None
    try:
        post = load_posterior(path)
    except PosteriorError as e:
        if path is not None:
            fail(str(e))
        say(f"note: {e}; running with the registry defaults")
        return None
    mismatch = registry_mismatch(post)
    if mismatch:
        say(f"warning: {mismatch}")
    return post


def run(
    scenarios: list[Path] = typer.Argument(..., help="Scenario YAML files."),
    out_dir: Path = typer.Option(Path("results"), "--out", help="Folder for the results."),
    replicates: int | None = typer.Option(
        None, "--replicates", min=1, help="Replicates per scenario (default: the file's)."
    ),
    seed: int | None = typer.Option(None, "--seed", min=0, help="Seed (default: the file's)."),
    scale: int = typer.Option(10, "--scale", min=1, help="Persons per simulated entry."),
    workers: int = typer.Option(
        0, "--workers", min=0, help="Processes (0 = one per CPU core). Results do not depend on it."
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        help="Address of a running Dask scheduler (tcp://host:port) instead of local processes.",
    ),
    posterior: Path | None = typer.Option(
        None, "--posterior", help="Posterior parameter samples (default: the shipped one)."
    ),
    no_posterior: bool = typer.Option(
        False, "--no-posterior", help="Use the registry defaults instead of a posterior."
    ),
    no_charts: bool = typer.Option(
        False, "--no-charts", help="Do not write DIR/<name>/charts/ (PNG and SVG)."
    ),
) -> None:
    """Run scenarios and write one result folder DIR/<name>/ for each.

    Each holds daily.parquet, summary.csv, outcomes.csv, manifest.json, places.parquet,
    flows.parquet, events.csv and charts/ (PNG and SVG).
    """
    from flashpoint.runs.outputs import write_scenario
    from flashpoint.runs.replicates import replicate_tasks, run_tasks
    from flashpoint.runs.simulate import run_parameters

    loaded = load_all(scenarios)
    post = choose_posterior(posterior, no_posterior)
    plan = [s.with_overrides(seed=seed, replicates=replicates) for s in loaded]
    total = sum(s.replicates for s in plan)
    n_workers = effective_workers(workers or machine_cores(), max(s.replicates for s in plan))
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    ) as progress:
        bar = progress.add_task("runs", total=total)
        for s in plan:
            started = datetime.now(UTC).isoformat(timespec="seconds")
            t0 = time.perf_counter()
            progress.update(bar, description=s.name)
            tasks = replicate_tasks(s, scale=scale, posterior=post)
            results = list(
                run_tasks(
                    tasks,
                    workers=n_workers,
                    scheduler=scheduler,
                    on_done=lambda _i: progress.advance(bar),
                )
            )
            meta = {
                "seed": s.seed,
                "replicates": s.replicates,
                "scale": scale,
                "workers": n_workers if scheduler is None else f"dask {scheduler}",
                "started": started,
                "elapsed_seconds": round(time.perf_counter() - t0, 2),
                "parameters": run_parameters(s),
                "posterior": None
                if post is None
                else {
                    "source": post.source,
                    "sha256": post.sha256,
                    "registry_sha256": post.registry_sha256,
                    "note": "replicate r uses posterior.draw(seed, r); the scenario's own "
                    "parameters take precedence over the draw",
                },
                "command": sys.argv,
            }
            path = write_scenario(out_dir, s, results, meta)
            say(f"wrote {path}", console=progress.console)
            if not no_charts:
                from flashpoint.briefing.catalog import write_run_charts

                charts = write_run_charts(path)
                say(f"wrote {len(charts)} charts in {path / 'charts'}", console=progress.console)


def validate(files: list[Path] = typer.Argument(..., help="Scenario YAML files.")) -> None:
    """Check scenario files without running them (exit 2 on any error)."""
    for s in load_all(files):
        say(f"ok: {s.name} ({len(s.events)} events, {s.start} to {s.end})", console=out)
