"""What every command shares: the consoles, the one way to refuse user input, date options.

User text (names, keys, paths, messages) is printed with console markup off, so a ``[`` in a
file name is shown as it is.
"""

from __future__ import annotations

import datetime as dt
from typing import NoReturn

import typer
from rich.console import Console
from rich.text import Text

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
