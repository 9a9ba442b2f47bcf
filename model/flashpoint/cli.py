"""The ``flashpoint`` command line: run and validate scenarios, list parameters, extract figures.

User mistakes (a bad scenario file, a missing file, a bad option) print a clear message and exit
with code 2, before any output is written. Nothing here is imported by the simulation.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from flashpoint.cli_calibrate import calibrate, forecast
from flashpoint.cli_extract import extract
from flashpoint.cli_sweep import compare, sweep
from flashpoint.parameters import registry
from flashpoint.scenario import ScenarioError, load_scenario

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Flashpoint: scenarios of the Idlib crisis 2019-2020 (escalation and displacement).",
)
err = Console(stderr=True)
out = Console()
app.command("extract", help="Find candidate figures in news text, for review.")(extract)
app.command("calibrate", help="Fit the uncertain parameters to the source figures (ABC-SMC).")(
    calibrate
)
app.command("forecast", help="Write forecasts/march2020.csv from the posterior.")(forecast)
app.command("sweep", help="Run a parameter sweep file (sensitivity, discovery).")(sweep)
app.command("compare", help="Compare scenarios on common random numbers.")(compare)


def fail(message: str) -> None:
    """Print a user-facing error and exit with code 2."""
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def load_all(paths: list[Path]) -> list:
    """Load every scenario or exit 2 listing every error found."""
    scenarios, problems = [], []
    for path in paths:
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
        for p in problems:
            err.print(f"[bold red]error:[/] {p}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    return scenarios


@app.command()
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
    posterior: Path | None = typer.Option(
        None, "--posterior", help="Posterior parameter samples (default: the shipped one)."
    ),
    no_posterior: bool = typer.Option(
        False, "--no-posterior", help="Use the registry defaults instead of a posterior."
    ),
) -> None:
    """Run scenarios and write DIR/<name>/ with daily.parquet, summary.csv, manifest.json,
    places.parquet, flows.parquet and events.csv."""
    from flashpoint.outputs import write_scenario
    from flashpoint.runner import run_tasks, tasks_for
    from flashpoint.simulate import run_parameters

    loaded = load_all(scenarios)
    post = choose_posterior(posterior, no_posterior)
    workers = workers or os.cpu_count() or 1
    plan = [s.with_overrides(seed=seed, replicates=replicates) for s in loaded]
    total = sum(s.replicates for s in plan)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    ) as progress:
        bar = progress.add_task("runs", total=total)
        for s in plan:
            started = datetime.now(UTC).isoformat(timespec="seconds")
            t0 = time.perf_counter()
            progress.update(bar, description=f"{s.name}")
            draws = None if post is None else [post.draw(s.seed, r) for r in range(s.replicates)]
            tasks = tasks_for(s, s.replicates, s.seed, scale, draws)
            results = list(run_tasks(tasks, workers, lambda _i: progress.advance(bar)))
            meta = {
                "seed": s.seed,
                "replicates": s.replicates,
                "scale": scale,
                "workers": workers,
                "started": started,
                "elapsed_seconds": round(time.perf_counter() - t0, 2),
                "parameters": run_parameters(s),
                "posterior": None
                if post is None
                else {
                    "source": post.source,
                    "sha256": post.sha256,
                    "note": "replicate r uses posterior.draw(seed, r); the scenario's own "
                    "parameters take precedence over the draw",
                },
                "command": sys.argv,
            }
            path = write_scenario(out_dir, s, results, meta)
            progress.console.print(f"wrote {path}", highlight=False)


def choose_posterior(path: Path | None, disabled: bool):
    """The posterior to draw parameters from, or None for the registry defaults."""
    from flashpoint.calibration.posterior import PosteriorError, load_posterior

    if disabled:
        if path is not None:
            fail("--posterior and --no-posterior cannot be used together")
        return None
    try:
        return load_posterior(path)
    except PosteriorError as e:
        if path is not None:
            fail(str(e))
        err.print(f"note: {e}; running with the registry defaults", highlight=False)
        return None


@app.command()
def validate(files: list[Path] = typer.Argument(..., help="Scenario YAML files.")) -> None:
    """Check scenario files without running them (exit 2 on any error)."""
    for s in load_all(files):
        out.print(f"ok: {s.name} ({len(s.events)} events, {s.start} to {s.end})", highlight=False)


@app.command()
def parameters() -> None:
    """List every model parameter with its default, unit, range and source."""
    for p in registry().values():
        typer.echo(f"{p.name} = {p.default} [{p.unit}; {p.minimum:g}..{p.maximum:g}]")
        typer.echo(f"    {p.description}")
        typer.echo(f"    source: {p.source}")


def main() -> None:
    """Entry point of the ``flashpoint`` console script."""
    app()
