"""The ``flashpoint`` command line: argument parsing and printing only.

Each command lives in its own module (``run``, ``calibrate``, ``forecast``, ``extract``); the
work is done by the package's other folders. User mistakes print a clear message and exit with
code 2 before any output is written. Nothing here is imported by the simulation.
"""

from __future__ import annotations

import typer

from flashpoint.cli.brief import brief
from flashpoint.cli.calibrate import calibrate
from flashpoint.cli.extract import extract
from flashpoint.cli.forecast import forecast
from flashpoint.cli.run import run, validate
from flashpoint.cli.sweep import compare, sweep
from flashpoint.parameters import registry

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Flashpoint: scenarios of the Idlib crisis 2019-2020 (escalation and displacement).",
)
app.command("run")(run)
app.command("validate")(validate)
app.command("extract", help="Find candidate figures in news text, for review.")(extract)
app.command("calibrate", help="Fit the uncertain parameters to the source figures (ABC-SMC).")(
    calibrate
)
app.command("forecast", help="Write forecasts/march2020.csv from the posterior.")(forecast)
app.command("brief", help="Write a self-contained briefing page and slide charts.")(brief)
app.command("sweep", help="Run a parameter sweep file; sensitivity and discovery.")(sweep)
app.command("compare", help="Compare scenarios on common random numbers.")(compare)


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
