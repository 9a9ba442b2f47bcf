"""The ``flashpoint extract`` command: candidate figures in news articles, for review.

Registered by ``flashpoint.cli`` as ``app.command("extract")(extract)``. It reads text files,
runs :func:`flashpoint.sources.extract.extract_figures` on each and writes a CSV for a person
to review (``--out``) or prints a table.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from flashpoint.cli.common import fail_all, parse_date, say
from flashpoint.cli.common import out as stdout
from flashpoint.runs.paths import make_folder, output_problems
from flashpoint.sources.extract import candidates_frame, extract_figures

#: Largest news file read (bytes): articles are a few kilobytes.
MAX_TEXT_BYTES = 5_000_000


def read_news_text(file: Path) -> str:
    """The text of a news file; ValueError (naming the file) for anything that is not text."""
    if file.is_dir():
        raise ValueError(f"{file}: is a folder; a text file is expected")
    if not file.is_file():
        raise ValueError(f"{file}: no such file")
    if file.stat().st_size > MAX_TEXT_BYTES:
        raise ValueError(f"{file}: larger than {MAX_TEXT_BYTES:,} bytes; not a news article")
    data = file.read_bytes()
    if b"\x00" in data:
        raise ValueError(f"{file}: not a text file (it holds binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{file}: not UTF-8 text (byte {exc.start})") from None


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
    ref = None if reference_date is None else parse_date(reference_date, "--date")
    texts, problems = {}, []
    for file in files:
        try:
            texts[file] = read_news_text(file)
        except ValueError as exc:
            problems.append(str(exc))
    if out is not None:
        problems += output_problems(out, want="file")
    if problems:
        fail_all(problems)
    candidates = []
    for file, text in texts.items():
        candidates.extend(extract_figures(text, source=file.name, reference_date=ref))
    frame = candidates_frame(candidates)
    if out is not None:
        make_folder(out.parent)
        tmp = out.with_name(f".{out.name}.tmp")
        frame.to_csv(tmp, index=False)
        tmp.replace(out)
        say(f"wrote {len(frame)} candidates from {len(files)} file(s) to {out}", console=stdout)
        return
    table = Table(title=f"{len(frame)} candidate figures", show_lines=False)
    for column in ("source", "number_text", "value", "kind", "dates", "actor", "metric_guess"):
        table.add_column(column.replace("_", " "), overflow="fold")
    table.add_column("sentence", overflow="fold", ratio=1)
    for row in frame.itertuples(index=False):
        table.add_row(
            Text(row.source),
            Text(row.number_text),
            f"{row.value:,.0f}" if row.value == int(row.value) else f"{row.value:,}",
            row.kind,
            row.dates.replace(";", "\n"),
            Text(row.actor),
            row.metric_guess,
            Text(row.sentence),
        )
    console = Console()
    (console if console.is_terminal else Console(width=160)).print(table)
