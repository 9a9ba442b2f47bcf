"""The ``flashpoint calibrate`` command: options and messages around the calibration pipeline.

The work itself is :func:`flashpoint.calibration.pipeline.run_calibration`. The posterior goes
into the package data (where runs take it by default) only with ``--ship``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from flashpoint.calibration.pipeline import CalibrationInputError, run_calibration
from flashpoint.cli.common import fail, fail_all, parse_date, say
from flashpoint.runs.paths import output_problems


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
    ship: bool = typer.Option(
        False,
        "--ship",
        help="Also copy the posterior into the package data, where runs take it by default.",
    ),
) -> None:
    """Fit the uncertain parameters to the figures by ABC-SMC; write the posterior and REPORT.md."""
    until_date = parse_date(until, "--until")
    problems = output_problems(out)
    for option, path in (("--figures", figures), ("--priors", priors), ("--scenario", scenario)):
        if path.is_dir():
            problems.append(f"{option} {path}: is a folder; a file is expected")
    if problems:
        fail_all(problems)
    try:
        if not figures.is_file():
            raise CalibrationInputError(f"figures file not found: {figures}")
        if not priors.is_file():
            raise CalibrationInputError(f"priors file not found: {priors}")
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
            ship=ship,
            command=command,
            show_progress=True,
            echo=say,
        )
    except CalibrationInputError as exc:
        fail(str(exc))
