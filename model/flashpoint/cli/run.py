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
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from flashpoint.cli.common import (
    INTERRUPTED_EXIT_CODE,
    check_run_options,
    err,
    fail,
    fail_all,
    out,
    period_warnings,
    say,
    worker_count,
)
from flashpoint.runs.paths import output_problems
from flashpoint.runs.posterior import PosteriorError, load_posterior, registry_mismatch
from flashpoint.scenario import load_scenario, validate_file

if TYPE_CHECKING:
    from flashpoint.runs.posterior import Posterior
    from flashpoint.scenario import Scenario


def load_all(paths: list[Path]) -> list[Scenario]:
    """Load every scenario or exit 2 listing every mistake of every file."""
    scenarios, problems = [], []
    for path in paths:
        if path.is_dir():
            problems.append(f"{path}: is a folder; a scenario YAML file is expected")
            continue
        if not path.is_file():
            problems.append(f"{path}: no such scenario file")
            continue
        errors = validate_file(path)
        if errors:
            problems.extend(str(e) for e in errors)
            continue
        scenarios.append(load_scenario(path))
    names = [s.name for s in scenarios]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        problems.append(
            f"several scenarios are named {', '.join(dupes)}: names must differ "
            "(they name the output folders)"
        )
    if problems:
        fail_all(problems)
    for s in scenarios:
        for warning in period_warnings(s):
            say(f"warning: {s.name}: {warning}")
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
    flows.parquet, returns.parquet, events.csv and charts/ (PNG and SVG).
    """
    from flashpoint.runs.outputs import write_scenario
    from flashpoint.runs.replicates import replicate_tasks, run_tasks

    loaded = load_all(scenarios)
    check_run_options(replicates=replicates, scale=scale)
    plan = [s.with_overrides(seed=seed, replicates=replicates) for s in loaded]
    problems = output_problems(out_dir, child_names=tuple(s.name for s in plan))
    if problems:
        fail_all(problems)
    post = choose_posterior(posterior, no_posterior)
    total = sum(s.replicates for s in plan)
    n_workers = worker_count(workers, max(s.replicates for s in plan))
    written: list[Path] = []
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("left"),
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
                meta = run_metadata(s, post, scale, n_workers, scheduler, started, t0)
                path, replaced = write_scenario(out_dir, s, results, meta)
                written.append(path)
                verb = "replaced the earlier results in" if replaced else "wrote"
                say(f"{verb} {path}", console=progress.console)
                if not no_charts:
                    from flashpoint.briefing.catalog import write_run_charts

                    charts = write_run_charts(path)
                    say(
                        f"wrote {len(charts)} charts in {path / 'charts'}", console=progress.console
                    )
    except KeyboardInterrupt:
        done = ", ".join(str(p) for p in written) or "none"
        say(f"interrupted: the scenario under way was not written (finished scenarios: {done})")
        raise typer.Exit(INTERRUPTED_EXIT_CODE) from None
    print_headlines(written)


def run_metadata(
    s: Scenario,
    post: Posterior | None,
    scale: int,
    workers: int,
    scheduler: str | None,
    started: str,
    t0: float,
) -> dict[str, Any]:
    """What ``manifest.json`` records about how a scenario was run."""
    from flashpoint.runs.simulate import run_parameters

    return {
        "seed": s.seed,
        "replicates": s.replicates,
        "scale": scale,
        "workers": workers if scheduler is None else f"dask {scheduler}",
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


#: Width of printed tables when the output is a file or a pipe (no terminal to measure).
TABLE_WIDTH_OFF_TERMINAL = 120


def print_headlines(folders: list[Path]) -> None:
    """The headline numbers of each scenario written, then the paths to open."""
    import pandas as pd

    from flashpoint.runs.headline import headline_rows

    if not folders:
        return
    table = Table(title="Headline numbers: median [90% interval] over replicates")
    for column in ("scenario", "metric", "date", "median [p05–p95]"):
        table.add_column(Text(column))
    for folder in folders:
        daily = pd.read_parquet(folder / "daily.parquet")
        for metric, day, value in headline_rows(daily):
            table.add_row(Text(folder.name), Text(metric), day, value)
        outcomes = pd.read_csv(folder / "outcomes.csv")
        for row in outcomes.itertuples(index=False):
            share = f"{row.share:.0%} [{row.low95:.0%}–{row.high95:.0%}]"
            table.add_row(Text(folder.name), Text(row.outcome), "by the end", share)
    wide = out if out.is_terminal else Console(width=TABLE_WIDTH_OFF_TERMINAL)
    wide.print(table)
    say("open:", console=out)
    for folder in folders:
        charts = " and charts/" if (folder / "charts").is_dir() else ""
        say(f"  {folder}/summary.csv, outcomes.csv, events.csv{charts}", console=out)


def validate(files: list[Path] = typer.Argument(..., help="Scenario YAML files.")) -> None:
    """Check scenario files without running them (exit 2 if any has a mistake).

    Prints ok for each good file and every mistake of the others.
    """
    problems = []
    for path in files:
        if path.is_dir():
            problems.append(f"{path}: is a folder; a scenario YAML file is expected")
        elif not path.is_file():
            problems.append(f"{path}: no such scenario file")
        elif errors := validate_file(path):
            problems.extend(str(e) for e in errors)
        else:
            s = load_scenario(path)
            say(f"ok: {path}: {s.name} ({len(s.events)} events, {s.start} to {s.end})", console=out)
            for warning in period_warnings(s):
                say(f"warning: {s.name}: {warning}")
    if problems:
        fail_all(problems)
