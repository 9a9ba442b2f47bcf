"""The ``flashpoint sweep`` and ``flashpoint compare`` commands.

A bad sweep or scenario file, or an output folder that cannot be used, prints
``error: FILE:LINE: PATH: message; allowed: ...`` and exits with code 2 before anything is
written. User text is printed with rich markup off.
"""

from __future__ import annotations

import time
from pathlib import Path

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

from flashpoint.cli.common import fail_all, say, scenario_or_problems, worker_count
from flashpoint.runs.paths import output_problems

err = Console(stderr=True)
out = Console()


def _fail(messages: list[str]) -> None:
    fail_all(messages)


def _workers(workers: int, tasks: int = 1_000_000) -> int:
    return worker_count(workers, tasks)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=err,
    )


def _posterior(enabled: bool):
    from flashpoint.sweeps.engine import PosteriorError, load_posterior

    if not enabled:
        return None
    try:
        return load_posterior()
    except PosteriorError as exc:
        _fail([f"{exc} (set posterior: false in the sweep file, or --no-posterior)"])


def sweep(
    sweep_file: Path = typer.Argument(..., help="Sweep YAML file."),
    out_dir: Path | None = typer.Option(
        None, "--out", help="Output folder (default: results/sweeps/<sweep name>)."
    ),
    workers: int = typer.Option(
        0,
        "--workers",
        min=0,
        help="Local processes (0 = one per core). Results do not depend on it.",
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Address of an existing Dask scheduler (tcp://host:port)."
    ),
    resume: bool = typer.Option(
        False, "--resume", help="Keep the finished runs in the output folder; do only the rest."
    ),
) -> None:
    """Run a parameter sweep file.

    Writes results.parquet (one row per run), then sensitivity.csv (Sobol, Morris) and
    discovery.csv (outcomes of kind occurs).
    """
    from flashpoint.sweeps.runner import (
        SweepInterrupted,
        SweepOutputError,
        check_output,
        run_sweep,
    )
    from flashpoint.sweeps.sensitivity import analyze_sweep
    from flashpoint.sweeps.spec import load_sweep, sweep_errors

    problems = sweep_errors(sweep_file)
    if problems:
        _fail([str(p) for p in problems])
    plan = load_sweep(sweep_file)
    posterior = _posterior(plan.spec.posterior)
    folder = out_dir or Path("results") / "sweeps" / plan.spec.name
    problems = [str(p) for p in output_problems(folder)]
    if problems:
        _fail(problems)
    try:
        check_output(plan, folder, resume)
    except SweepOutputError as exc:
        _fail([str(exc)])
    t0 = time.perf_counter()
    failed = runs = 0
    with _progress() as progress:
        bar = progress.add_task(plan.spec.name, total=None, rate="")

        def started(todo: int, done: int) -> None:
            progress.update(bar, total=todo + done, completed=done)

        def finished(row: dict) -> None:
            nonlocal failed, runs
            failed += row["status"] != "ok"
            runs += 1
            per_minute = 60 * runs / max(time.perf_counter() - t0, 1e-9)
            note = f"{per_minute:.0f} runs/min" + (f", {failed} failed" if failed else "")
            progress.update(bar, advance=1, rate=note)

        try:
            results = run_sweep(
                plan,
                folder,
                workers=_workers(workers),
                scheduler=scheduler,
                resume=resume,
                posterior=posterior,
                on_run=finished,
                on_start=started,
            )
        except (KeyboardInterrupt, SweepInterrupted):
            say(f"interrupted; finished runs kept in {folder} (rerun with --resume)")
            raise typer.Exit(130) from None
    report = analyze_sweep(folder)
    ok = int((results["status"] == "ok").sum())
    out.print(
        f"{ok} of {len(results)} runs ok in {time.perf_counter() - t0:.1f} s; wrote {folder}",
        markup=False,
        highlight=False,
    )
    for note in report["notes"]:
        out.print(f"note: {note}", markup=False, highlight=False)
    if (folder / "discovery.txt").is_file():
        out.print((folder / "discovery.txt").read_text(), markup=False, highlight=False)


def compare(
    scenarios: list[Path] = typer.Argument(
        ..., help="Scenario YAML files; the first is the reference."
    ),
    out_dir: Path = typer.Option(Path("results/compare"), "--out", help="Output folder."),
    replicates: int = typer.Option(20, "--replicates", min=2, help="Replicates per scenario."),
    seed: int | None = typer.Option(
        None, "--seed", min=0, help="Seed for all (default: the first scenario's)."
    ),
    scale: int = typer.Option(10, "--scale", min=1, help="Persons per simulated entry."),
    workers: int = typer.Option(0, "--workers", min=0, help="Local processes (0 = one per core)."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Address of an existing Dask scheduler (tcp://host:port)."
    ),
    no_posterior: bool = typer.Option(
        False, "--no-posterior", help="Use the registry defaults instead of the posterior."
    ),
) -> None:
    """Compare scenarios on common random numbers.

    Writes bands.csv, differences.csv (paired, from the first scenario) and
    outcome_differences.csv.
    """
    from flashpoint.runs.population_scale import largest_scale
    from flashpoint.scenario.schema import MAX_REPLICATES
    from flashpoint.sweeps.compare import compare as run_compare

    loaded, problems = [], []
    for path in scenarios:
        scenario, found = scenario_or_problems(path)
        problems += found
        if scenario is not None:
            loaded.append(scenario)
    if len(scenarios) < 2:
        problems.append("compare needs at least two scenarios")
    if not 2 <= replicates <= MAX_REPLICATES:
        problems.append(f"--replicates {replicates}: allowed from 2 to {MAX_REPLICATES:,}")
    if not 1 <= scale <= largest_scale():
        problems.append(
            f"--scale {scale}: allowed from 1 to {largest_scale():,} (a larger scale would "
            "leave a populated place with no one simulated)"
        )
    problems += output_problems(out_dir)
    if problems:
        _fail(problems)
    posterior = _posterior(not no_posterior)
    seed = loaded[0].seed if seed is None else seed
    with _progress() as progress:
        bar = progress.add_task("compare", total=len(loaded) * replicates, rate="")
        result = run_compare(
            loaded,
            replicates=replicates,
            seed=seed,
            scale=scale,
            workers=_workers(workers),
            scheduler=scheduler,
            posterior=posterior,
            on_done=lambda _i: progress.advance(bar),
        )
    folder = result.write(out_dir)
    table = Table(title=f"Paired differences from {loaded[0].name} (mean, 95% interval)")
    for col in ("scenario", "metric", "date", "difference", "95% interval"):
        table.add_column(col)
    for r in result.headline().itertuples():
        interval = f"{r.diff_low95:,.0f} to {r.diff_high95:,.0f}"
        diff = f"{r.diff_mean:,.0f}"
        table.add_row(Text(r.scenario), Text(r.metric), str(r.date.date()), diff, interval)
    for r in result.outcomes.itertuples():
        interval = f"{r.low95:+.0%} to {r.high95:+.0%}"
        diff = f"{r.difference:+.0%}"
        table.add_row(Text(r.scenario), Text(r.outcome), str(r.date.date()), diff, interval)
    out.print(table)
    out.print(f"wrote {folder}", markup=False, highlight=False)
