"""``flashpoint brief``: the briefing page and slide charts from results folders.

Every input is checked before anything is written; a bad input prints ``error: ...`` naming
the folder or file and what is wrong, and exits with code 2.
"""

from __future__ import annotations

from pathlib import Path

import typer

from flashpoint.briefing.catalog import read_fit, read_sweep
from flashpoint.briefing.page import write_briefing
from flashpoint.briefing.results import ResultsError, read_manifest
from flashpoint.cli.common import fail_all, say
from flashpoint.cli.common import out as out_console
from flashpoint.runs.paths import output_problems


def check_inputs(results: list[Path], fit: Path | None, sweep: Path | None) -> list[str]:
    """Every problem with the inputs, as user-facing messages (empty when all is well)."""
    problems = []
    for folder in results:
        try:
            read_manifest(folder)
        except ResultsError as e:
            problems.append(str(e))
    for path, reader in ((fit, read_fit), (sweep, read_sweep)):
        if path is not None:
            try:
                reader(path)
            except ResultsError as e:
                problems.append(str(e))
    return problems


def brief(
    results: list[Path] = typer.Argument(..., help="Results folders, one per scenario."),
    out: Path = typer.Option(
        Path("briefing"), "--out", help="Folder for briefing.html and charts/."
    ),
    fit: Path | None = typer.Option(None, "--fit", help="Calibration fit table (fit.csv)."),
    sweep: Path | None = typer.Option(
        None, "--sweep", help="Sweep folder (results.parquet, sensitivity.csv)."
    ),
) -> None:
    """Write DIR/briefing.html (self-contained) and every chart as PNG and SVG in DIR/charts/."""
    problems = check_inputs(results, fit, sweep) + output_problems(out)
    if not problems:
        try:
            page = write_briefing(results, out, fit_csv=fit, sweep_dir=sweep)
        except ResultsError as e:
            problems.append(str(e))
    if problems:
        fail_all(problems)
    say(f"wrote {page} and its charts in {page.parent / 'charts'}", console=out_console)
