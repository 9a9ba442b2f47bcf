"""The ``flashpoint calibrate`` and ``flashpoint forecast`` commands.

Registered by ``flashpoint.cli`` as ``app.command("calibrate")(calibrate)`` and
``app.command("forecast")(forecast)``. ``calibrate`` fits the parameters of
``calibration/priors.yaml`` to the figures of ``calibration/figures.yaml`` by ABC-SMC on the
history scenario, writes the posterior and ``REPORT.md``; ``forecast`` runs every shipped
scenario with the posterior and writes the medians and 90% bands for March and April 2020.
Bad input (a missing or invalid file, a bad date, nothing to resume) exits with code 2.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import typer
from rich.console import Console

from flashpoint.sources.figures import MODEL_START, FiguresError, figures_until, load_figures
from flashpoint.runs.posterior import PosteriorError, load_posterior, write_posterior
from flashpoint.calibration.priors import PriorsError, load_priors
from flashpoint.scenario import ScenarioError, load_scenario
from flashpoint.world.world import World

err = Console(stderr=True)
WORK_DIR_NAME = ".calibration-work"
PACKAGE_POSTERIOR = Path(__file__).parents[1] / "data" / "posterior.parquet"


class InputError(ValueError):
    """User input the commands refuse (exit 2)."""


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(2)


def parse_date(text: str, option: str) -> dt.date:
    """An ISO date from the command line, or InputError naming the option."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option} takes a date YYYY-MM-DD, got {text!r}") from None


def _count_runs(echo: Callable[[str], None], label: str, n: int) -> Callable[[int], None]:
    """A progress callback that reports every quarter of ``n`` runs."""
    step = max(1, n // 4)

    def done(i: int) -> None:
        if (i + 1) % step == 0 or i + 1 == n:
            echo(f"  {label}: {i + 1}/{n} runs")

    return done


@dataclass(frozen=True)
class CalibrationOutcome:
    """Files written by :func:`run_calibration` and the run's numbers."""

    posterior_path: Path
    report_path: Path
    shipped_path: Path | None
    total_simulations: int
    generations: int
    resumed_from: int
    stop_reason: str


def run_calibration(
    *,
    figures_path: Path,
    priors_path: Path,
    scenario_path: Path,
    until: dt.date,
    budget: int,
    population: int,
    scale: int,
    workers: int,
    seed: int,
    out_dir: Path,
    resume: bool,
    check_scale: int,
    check_draws: int,
    report_draws: int,
    ship: bool,
    command: str = "flashpoint calibrate",
    show_progress: bool = False,
    world: World | None = None,
    echo: Callable[[str], None] = print,
) -> CalibrationOutcome:
    """Calibrate, write the posterior and the report (the work behind ``calibrate``).

    Raises:
        InputError: Invalid input (files, dates, budget) or a checkpoint that cannot resume.
    """
    from flashpoint.calibration import abc, predictive, report
    from flashpoint.calibration.distance import build_targets

    t_start = time.perf_counter()
    try:
        figures = load_figures(figures_path)
        priors = load_priors(priors_path)
        if not scenario_path.is_file():
            raise InputError(f"scenario file not found: {scenario_path}")
        scenario = load_scenario(scenario_path)
    except (FiguresError, PriorsError, ScenarioError) as exc:
        raise InputError(str(exc)) from None
    if until < MODEL_START or until > scenario.end:
        raise InputError(
            f"--until {until} must lie from {MODEL_START} to the scenario's end {scenario.end}"
        )
    kept = figures_until(figures, until, start=max(MODEL_START, scenario.start))
    fitted, checks = build_targets(kept, priors.distance, until)
    if not fitted:
        raise InputError(f"no figure with use 'fit' and a model metric is dated up to {until}")
    if budget < 3 * population:
        raise InputError(
            f"--budget {budget} is below three populations ({3 * population} simulations), "
            "the least a first generation needs"
        )
    setup = abc.RunSetup(
        scenario=scenario.name,
        figures_sha256=abc.file_sha256(figures_path),
        priors_sha256=priors.sha256,
        until=until.isoformat(),
        scale=scale,
        population=population,
        seed=seed,
        targets=tuple(t.id for t in fitted),
        registry_sha256=abc.registry_sha256(),
    )
    simulator = abc.HistorySimulator(scenario, priors, fitted, scale, world)
    echo(
        f"calibrating {len(priors.parameters)} parameters on {len(fitted)} figures "
        f"({', '.join(t.id for t in fitted)}); budget {budget} simulations at scale {scale}, "
        f"population {population}, {workers} worker(s)"
    )

    def on_generation(g: abc.Generation) -> None:
        echo(
            f"generation {g.t}: epsilon {g.epsilon:.3f}, accepted {g.accepted}/{g.simulations} "
            f"({g.acceptance_rate:.0%}), ESS {g.ess:.0f}, {g.total_simulations}/{budget} "
            f"simulations used, {g.seconds:.0f} s"
        )

    try:
        result = abc.run_abc(
            simulator,
            setup,
            out_dir / WORK_DIR_NAME,
            budget=budget,
            workers=workers,
            resume=resume,
            show_progress=show_progress,
            on_generation=on_generation,
        )
    except abc.CalibrationError as exc:
        raise InputError(str(exc)) from None
    echo(f"stopped: {result.stop_reason}; posterior: generation {result.posterior_t}")
    posterior_path = out_dir / "posterior.parquet"
    sha = write_posterior(result.posterior, posterior_path)
    echo(f"wrote {posterior_path}")
    cap = priors.distance.max_discrepancy
    targets = [*fitted, *checks]
    posterior = load_posterior(posterior_path)
    echo(
        f"posterior-predictive runs: {report_draws} at scale {scale}, "
        f"{check_draws} at scale {check_scale}"
    )
    runs = {
        "coarse": (posterior, report_draws, scale),
        "defaults": (None, report_draws, scale),
        "fine": (posterior, check_draws, check_scale),
    }
    labels = {"coarse": "posterior", "defaults": "registry defaults", "fine": "end check"}
    tables = {}
    for key, (post, n, k) in runs.items():
        tables[key] = predictive.predictive(
            scenario,
            post,
            targets,
            replicates=n,
            scale=k,
            cap=cap,
            workers=workers,
            world=world,
            on_done=_count_runs(echo, f"{labels[key]} at scale {k}", n),
        )
    header = [
        ("figures", f"{figures_path} (sha256 {setup.figures_sha256[:12]}), up to {until}"),
        ("priors", f"{priors_path} (sha256 {priors.sha256[:12]})"),
        ("fixed parameters", f"registry parameters.yaml (sha256 {setup.registry_sha256[:12]})"),
        ("scenario", f"{scenario_path} ({scenario.start} to {scenario.end})"),
        ("fitting scale", f"{scale} persons per simulated entry; check scale {check_scale}"),
        ("budget", f"{budget} simulations; used {result.total_simulations}"),
        ("population", str(population)),
        (
            "generations",
            f"{len(result.generations)} (this invocation resumed from generation "
            f"{result.resumed_from})"
            if resume
            else str(len(result.generations)),
        ),
        ("stop", result.stop_reason),
        (
            "posterior",
            f"generation {result.posterior_t} (the last with an effective sample size of at "
            f"least {abc.MIN_ESS_SHARE:.0%} of the population)",
        ),
        ("seed", f"{seed}; workers {workers}"),
        (
            "posterior file",
            f"{posterior_path} (sha256 {sha[:12]}, {len(posterior)} weighted samples)",
        ),
        ("wall time", f"{time.perf_counter() - t_start:.0f} s"),
    ]
    events = [f for f in kept if f.metric == "event"]
    inputs = report.ReportInputs(
        command=command,
        header=header,
        priors=priors,
        posterior=posterior,
        generations=result.generations,
        fitted=fitted,
        checks=checks,
        events=events,
        scenario_event_ids=tuple(e.id for e in scenario.events),
        coarse=tables["coarse"],
        defaults=tables["defaults"],
        fine=tables["fine"],
    )
    report_path = out_dir / "REPORT.md"
    report_path.write_text(report.render(inputs), encoding="utf-8")
    echo(f"wrote {report_path}")
    shipped = None
    if ship:
        PACKAGE_POSTERIOR.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(posterior_path, PACKAGE_POSTERIOR)
        shipped = PACKAGE_POSTERIOR
        echo(f"copied the posterior to {PACKAGE_POSTERIOR} (package data)")
    return CalibrationOutcome(
        posterior_path,
        report_path,
        shipped,
        result.total_simulations,
        len(result.generations),
        result.resumed_from,
        result.stop_reason,
    )


def calibrate(
    figures: Path = typer.Option(
        Path("calibration/figures.yaml"), "--figures", help="Figures table (YAML)."
    ),
    until: str = typer.Option(
        "2020-02-29", "--until", help="Use figures dated up to this day (YYYY-MM-DD)."
    ),
    budget: int = typer.Option(
        16000, "--budget", min=1, help="Total model simulations of the ABC (all generations)."
    ),
    resume: bool = typer.Option(
        False, "--resume", help="Continue the interrupted run in OUT/.calibration-work."
    ),
    scale: int = typer.Option(100, "--scale", min=1, help="Persons per entry while fitting."),
    out: Path = typer.Option(Path("calibration"), "--out", help="Folder for posterior and report."),
    priors: Path = typer.Option(
        Path("calibration/priors.yaml"), "--priors", help="Priors and distance settings (YAML)."
    ),
    scenario: Path = typer.Option(
        Path("scenarios/history.yaml"), "--scenario", help="Scenario the figures describe."
    ),
    population: int = typer.Option(250, "--population", min=5, help="Particles per generation."),
    workers: int = typer.Option(
        2, "--workers", min=1, help="Worker processes (results do not depend on it)."
    ),
    seed: int = typer.Option(20200229, "--seed", min=0, help="Seed of the ABC sampler."),
    check_scale: int = typer.Option(
        1, "--check-scale", min=1, help="Scale of the end check (1: one simulated person each)."
    ),
    check_draws: int = typer.Option(40, "--check-draws", min=2, help="Runs in the end check."),
    report_draws: int = typer.Option(
        400, "--report-draws", min=2, help="Posterior-predictive runs at the fitting scale."
    ),
    ship: bool | None = typer.Option(
        None,
        "--ship/--no-ship",
        help="Copy the posterior into the package data (default: only when OUT is calibration).",
    ),
) -> None:
    """Fit the uncertain parameters to the figures by ABC-SMC; write the posterior and REPORT.md."""
    try:
        until_date = parse_date(until, "--until")
        if not figures.is_file():
            raise InputError(f"figures file not found: {figures}")
        if not priors.is_file():
            raise InputError(f"priors file not found: {priors}")
        do_ship = ship if ship is not None else out.resolve() == Path("calibration").resolve()
        command = (
            " ".join(["flashpoint calibrate", *sys.argv[2:]])
            if len(sys.argv) > 1
            else ("flashpoint calibrate")
        )
        run_calibration(
            figures_path=figures,
            priors_path=priors,
            scenario_path=scenario,
            until=until_date,
            budget=budget,
            population=population,
            scale=scale,
            workers=workers,
            seed=seed,
            out_dir=out,
            resume=resume,
            check_scale=check_scale,
            check_draws=check_draws,
            report_draws=report_draws,
            ship=do_ship,
            command=command,
            show_progress=True,
            echo=lambda line: err.print(line, highlight=False, soft_wrap=True),
        )
    except InputError as exc:
        raise _fail(str(exc)) from None


def forecast(
    scenarios_dir: Path = typer.Option(
        Path("scenarios"), "--scenarios", help="Folder of shipped scenarios (history excluded)."
    ),
    posterior_path: Path | None = typer.Option(
        None, "--posterior", help="Posterior parquet (default: the shipped one)."
    ),
    replicates: int = typer.Option(40, "--replicates", min=2, help="Replicates per scenario."),
    scale: int = typer.Option(20, "--scale", min=1, help="Persons per simulated entry."),
    out: Path = typer.Option(Path("forecasts/march2020.csv"), "--out", help="CSV to write."),
    workers: int = typer.Option(0, "--workers", min=0, help="Processes (0 = one per core)."),
) -> None:
    """Run every shipped scenario with the posterior; write medians and 90% bands for
    March and April 2020."""
    from flashpoint.calibration.forecast import (
        forecast_manifest,
        forecast_scenario_paths,
        run_forecast,
        write_forecast,
    )

    if not scenarios_dir.is_dir():
        raise _fail(f"scenarios folder not found: {scenarios_dir}")
    paths = forecast_scenario_paths(scenarios_dir)
    if not paths:
        raise _fail(f"no scenario files (other than history) in {scenarios_dir}")
    try:
        posterior = load_posterior(posterior_path)
        loaded = [load_scenario(p) for p in paths]
    except (PosteriorError, ScenarioError) as exc:
        raise _fail(str(exc)) from None
    n_workers = workers or os.cpu_count() or 1
    err.print(
        f"forecast: {len(loaded)} scenarios x {replicates} replicates at scale {scale}, "
        f"posterior {posterior.source} (sha256 {posterior.sha256[:12]})",
        highlight=False,
    )
    started = time.perf_counter()

    def done(name: str, i: int) -> None:
        if i + 1 == replicates:
            err.print(f"  {name}: {replicates} runs ({time.perf_counter() - started:.0f} s)")

    try:
        table = run_forecast(
            loaded, posterior, replicates=replicates, scale=scale, workers=n_workers, on_done=done
        )
    except ValueError as exc:
        raise _fail(str(exc)) from None
    manifest = forecast_manifest(
        posterior,
        dict(zip([s.name for s in loaded], paths, strict=True)),
        replicates=replicates,
        scale=scale,
        command=" ".join(["flashpoint forecast", *sys.argv[2:]]),
        seconds=time.perf_counter() - started,
    )
    path = write_forecast(table, out, manifest)
    err.print(f"wrote {path} ({len(table)} rows) and {path.with_suffix('.json')}", highlight=False)
