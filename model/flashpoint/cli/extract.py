"""The ``flashpoint extract`` command: candidate figures in news articles, for review.

Registered by ``flashpoint.cli`` as ``app.command("extract")(extract)``. It reads text files,
runs :func:`flashpoint.sources.extract.extract_figures` on each and writes a CSV for a person
to review (``--out``) or prints a table.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from flashpoint.sources.extract import candidates_frame, extract_figures


def extract(
    files: list[Path] = typer.Argument(
        ..., help="News text files to scan (UTF-8); a 'date YYYY-MM-DD' header sets their date."
    ),
    out: Path | None = typer.Option(None, "--out", help="CSV to write (default: print a table)"),
    reference_date: str | None = typer.Option(
        None,
        "--date",
        help="Article date YYYY-MM-DD used to resolve 'Monday', 'since December' ... "
        "(default: each file's 'date' header, else only dates with a year are resolved).",
    ),
) -> None:
    """Find candidate figures (numbers, bounds, dates, actors) in news articles."""
    err = Console(stderr=True)
    ref: dt.date | None = None
    if reference_date is not None:
        try:
            ref = dt.date.fromisoformat(reference_date)
        except ValueError:
            err.print(f"error: --date takes YYYY-MM-DD, got {reference_date!r}")
            raise typer.Exit(2) from None
    missing = [f for f in files if not f.is_file()]
    if missing:
        err.print(f"error: no such file: {', '.join(str(f) for f in missing)}")
        raise typer.Exit(2)
    candidates = []
    for file in files:
        text = file.read_text(encoding="utf-8", errors="replace")
        candidates.extend(extract_figures(text, source=file.name, reference_date=ref))
    frame = candidates_frame(candidates)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(out, index=False)
        typer.echo(f"wrote {len(frame)} candidates from {len(files)} file(s) to {out}")
        return
    table = Table(title=f"{len(frame)} candidate figures", show_lines=False)
    for column in ("source", "number_text", "value", "kind", "dates", "actor", "metric_guess"):
        table.add_column(column.replace("_", " "), overflow="fold")
    table.add_column("sentence", overflow="fold", ratio=1)
    for row in frame.itertuples(index=False):
        table.add_row(
            row.source,
            row.number_text,
            f"{row.value:,.0f}" if row.value == int(row.value) else f"{row.value:,}",
            row.kind,
            row.dates.replace(";", "\n"),
            row.actor,
            row.metric_guess,
            row.sentence,
        )
    console = Console()
    (console if console.is_terminal else Console(width=160)).print(table)
