"""The calibration pipeline: fit by ABC-SMC, write the posterior, check it, write the report.

:func:`run_calibration` is the work behind ``flashpoint calibrate``: load the figures, priors and
scenario; run (or resume) the ABC; write ``posterior.parquet``; run the posterior-predictive
passes (posterior at the fitting scale, registry defaults, and the end check at a finer scale);
write ``REPORT.md``; and copy the posterior into the package data only when asked (``ship``).
Invalid input raises :class:`CalibrationInputError` before any work starts.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flashpoint.calibration.priors import PriorsError, load_priors
from flashpoint.parameters import registry_sha256
from flashpoint.runs.hashing import file_sha256
from flashpoint.runs.posterior import load_posterior, write_posterior
from flashpoint.scenario import ScenarioError, load_scenario
from flashpoint.sources.figures import MODEL_START, FiguresError, figures_until, load_figures
from flashpoint.world.world import World

WORK_DIR_NAME = ".calibration-work"
#: Where ``ship=True`` copies the posterior: the package data that runs use by default.
PACKAGE_POSTERIOR = Path(__file__).parents[1] / "data" / "posterior.parquet"


class CalibrationInputError(ValueError):
    """Input the calibration refuses (the CLI exits 2 with this message)."""


def count_runs(echo: Callable[[str], None], label: str, n: int) -> Callable[[int], None]:
    """A progress callback that reports every quarter of ``n`` runs through ``echo``."""
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
        CalibrationInputError: Invalid input (files, dates, budget) or a checkpoint that
            cannot resume.
    """
    from flashpoint.calibration import abc, predictive, report
    from flashpoint.calibration.distance import build_targets

    t_start = time.perf_counter()
    try:
        figures = load_figures(figures_path)
        priors = load_priors(priors_path)
        if not scenario_path.is_file():
            raise CalibrationInputError(f"scenario file not found: {scenario_path}")
        scenario = load_scenario(scenario_path)
    except (FiguresError, PriorsError, ScenarioError) as exc:
        raise CalibrationInputError(str(exc)) from None
    if until < MODEL_START or until > scenario.end:
        raise CalibrationInputError(
            f"--until {until} must lie from {MODEL_START} to the scenario's end {scenario.end}"
        )
    kept = figures_until(figures, until, start=max(MODEL_START, scenario.start))
    fitted, checks = build_targets(kept, priors.distance, until)
    if not fitted:
        raise CalibrationInputError(
            f"no figure with use 'fit' and a model metric is dated up to {until}"
        )
    if budget < abc.smallest_budget(population):
        raise CalibrationInputError(
            f"--budget {budget} cannot complete one generation of {population} particles: it "
            f"needs at least {abc.smallest_budget(population)} simulations (or "
            f"--population {max(1, abc.largest_population(budget))} or fewer for this budget)"
        )
    setup = abc.RunSetup(
        scenario=scenario.name,
        figures_sha256=file_sha256(figures_path),
        priors_sha256=priors.sha256,
        until=until.isoformat(),
        scale=scale,
        population=population,
        seed=seed,
        targets=tuple(t.id for t in fitted),
        registry_sha256=registry_sha256(),
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
        raise CalibrationInputError(str(exc)) from None
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
            on_done=count_runs(echo, f"{labels[key]} at scale {k}", n),
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
