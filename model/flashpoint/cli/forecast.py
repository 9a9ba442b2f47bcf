"""The ``flashpoint forecast`` command: every shipped scenario with the posterior, summarised.

The work is :mod:`flashpoint.calibration.forecast`; this module parses options and prints.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import typer

from flashpoint.cli.common import check_run_options, fail, fail_all, say, worker_count
from flashpoint.runs.paths import output_problems
from flashpoint.runs.posterior import PosteriorError, load_posterior
from flashpoint.scenario import ScenarioError, load_scenario


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
    """Run every shipped scenario with the posterior; write March-April 2020 bands.

    The table holds medians and 90% bands per scenario, day and metric.
    """
    from flashpoint.calibration.forecast import (
        forecast_manifest,
        forecast_scenario_paths,
        run_forecast,
        write_forecast,
    )

    if not scenarios_dir.is_dir():
        fail(f"--scenarios {scenarios_dir}: no such folder")
    problems = output_problems(out, want="file") + output_problems(
        out.with_suffix(".json"), want="file"
    )
    check_run_options(replicates=replicates, scale=scale)
    if out.suffix != ".csv":
        problems.append(f"--out {out}: the forecast is a .csv file")
    if problems:
        fail_all(problems)
    paths = forecast_scenario_paths(scenarios_dir)
    if not paths:
        fail(f"no scenario files (other than history) in {scenarios_dir}")
    try:
        posterior = load_posterior(posterior_path)
        loaded = [load_scenario(p) for p in paths]
    except (PosteriorError, ScenarioError) as exc:
        fail(str(exc))
    n_workers = worker_count(workers, replicates)
    say(
        f"forecast: {len(loaded)} scenarios x {replicates} replicates at scale {scale}, "
        f"posterior {posterior.source} (sha256 {posterior.sha256[:12]})"
    )
    started = time.perf_counter()

    def done(name: str, i: int) -> None:
        if i + 1 == replicates:
            say(f"  {name}: {replicates} runs ({time.perf_counter() - started:.0f} s)")

    try:
        table = run_forecast(
            loaded, posterior, replicates=replicates, scale=scale, workers=n_workers, on_done=done
        )
    except ValueError as exc:
        fail(str(exc))
    manifest = forecast_manifest(
        posterior,
        dict(zip([s.name for s in loaded], paths, strict=True)),
        replicates=replicates,
        scale=scale,
        command=" ".join(["flashpoint forecast", *sys.argv[2:]]),
        seconds=time.perf_counter() - started,
    )
    if write_forecast(table, out, manifest):
        say(f"wrote {out} ({len(table)} rows) and {out.with_suffix('.json')}")
    else:
        say(f"the forecast is unchanged: {out} and {out.with_suffix('.json')} left as they were")
