"""What every command shares: the consoles, the one way to refuse user input, date options.

User text (names, keys, paths, messages) is printed with console markup off, so a ``[`` in a
file name is shown as it is.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:
    from flashpoint.scenario import Scenario

#: Exit code of every refused user input.
USAGE_EXIT_CODE = 2

err = Console(stderr=True)
out = Console()


def say(message: str, *, console: Console = err) -> None:
    """Print a line of plain text (never read as markup)."""
    console.print(Text(message), highlight=False, soft_wrap=True)


def error_line(message: str) -> Text:
    """``error: message`` with the prefix in bold red and the message as plain text."""
    return Text.assemble(("error:", "bold red"), " ", message)


def fail(message: str) -> NoReturn:
    """Print a user-facing error and exit with code 2."""
    err.print(error_line(message), highlight=False, soft_wrap=True)
    raise typer.Exit(USAGE_EXIT_CODE)


def fail_all(messages: list[str]) -> NoReturn:
    """Print every message as an error, then exit with code 2."""
    for message in messages:
        err.print(error_line(message), highlight=False, soft_wrap=True)
    raise typer.Exit(USAGE_EXIT_CODE)


def parse_date(text: str, option: str) -> dt.date:
    """An ISO date from the command line; exits 2 naming the option otherwise."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"{option} takes a date YYYY-MM-DD, got {text!r}")


#: Exit code of a command interrupted with Ctrl-C (128 + SIGINT).
INTERRUPTED_EXIT_CODE = 130
#: The default horizon of the shipped scenarios; later days are flagged as extrapolation.
SHIPPED_HORIZON = dt.date(2020, 6, 30)
#: The last day the source articles describe.
KNOWLEDGE_END = dt.date(2020, 2, 29)


def worker_count(workers: int, n_tasks: int) -> int:
    """Processes to start: ``workers`` (0 = one per core) capped at the tasks.

    Warns when more are asked for than the machine has cores.
    """
    from flashpoint.runs.fanout import effective_workers, machine_cores

    cores = machine_cores()
    wanted = workers or cores
    if wanted > cores:
        say(f"warning: --workers {wanted} is more than this machine's {cores} cores")
    return effective_workers(wanted, n_tasks)


def check_run_options(*, replicates: int | None, scale: int) -> None:
    """Refuse options outside the limits a scenario file has (exit 2)."""
    from flashpoint.runs.population_scale import largest_scale
    from flashpoint.scenario.schema import MAX_REPLICATES

    problems = []
    if replicates is not None and not 1 <= replicates <= MAX_REPLICATES:
        problems.append(f"--replicates {replicates}: allowed from 1 to {MAX_REPLICATES:,}")
    biggest = largest_scale()
    if not 1 <= scale <= biggest:
        problems.append(
            f"--scale {scale}: allowed from 1 to {biggest:,} (a larger scale would leave a "
            "populated place with no one simulated)"
        )
    if problems:
        fail_all(problems)


def period_warnings(scenario: Scenario) -> list[str]:
    """What a scenario's period extrapolates, in words (empty when nothing)."""
    from flashpoint.scenario.validators import EARLIEST_START

    warnings = []
    if scenario.start > EARLIEST_START:
        warnings.append(
            f"starts on {scenario.start}, but the world (places, populations, who holds what) "
            f"is as of {EARLIEST_START}: the run begins from that state, not from the state "
            f"on {scenario.start}"
        )
    if scenario.end > SHIPPED_HORIZON:
        months = (scenario.end - KNOWLEDGE_END).days // 30
        warnings.append(
            f"runs to {scenario.end}, about {months} months past the last figure of the source "
            f"articles ({KNOWLEDGE_END}) and past the shipped horizon ({SHIPPED_HORIZON}): "
            "everything after the articles is extrapolation from assumed dynamics"
        )
    return warnings


def scenario_or_problems(path: Path) -> tuple[Scenario | None, list[str]]:
    """The scenario in ``path``, or every mistake found in it (file, line, field, allowed)."""
    from flashpoint.scenario import load_scenario, validate_file

    if path.is_dir():
        return None, [f"{path}: is a folder; a scenario YAML file is expected"]
    if not path.is_file():
        return None, [f"{path}: no such scenario file"]
    errors = validate_file(path)
    if errors:
        return None, [str(e) for e in errors]
    return load_scenario(path), []
