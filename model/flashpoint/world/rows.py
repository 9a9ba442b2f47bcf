"""Reading the world's CSV files row by row; errors name the file, row, line and column."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path

_SLUG = re.compile(r"[a-z][a-z0-9_]*")
_INTEGER = re.compile(r"[+-]?\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class WorldDataError(ValueError):
    """A malformed world data file; the message names the file, row, column and what is allowed."""


def close_ids(name: str, candidates) -> str:
    """A hint naming the candidates closest to ``name``."""
    close = difflib.get_close_matches(name, list(candidates), n=4, cutoff=0.6)
    return f"; close ids: {', '.join(close)}" if close else "; no similar id exists"


@dataclass(frozen=True)
class Row:
    """One data row of a CSV file, with typed accessors that fail with a located message."""

    file: str
    number: int
    line: int
    values: dict[str, str]

    def fail(self, column: str | None, problem: str) -> WorldDataError:
        """The error for ``problem`` in ``column`` of this row (None: the whole row)."""
        where = f"{self.file}: data row {self.number} (line {self.line})"
        return WorldDataError(f"{where}{f', column {column!r}' if column else ''}: {problem}")

    def text(self, column: str) -> str:
        """A non-empty text."""
        value = self.values[column]
        if not value:
            raise self.fail(column, "empty; a non-empty text is required")
        return value

    def slug(self, column: str) -> str:
        """A snake_case id."""
        value = self.text(column)
        if not _SLUG.fullmatch(value):
            raise self.fail(column, f"{value!r} is not a snake_case id (a-z, 0-9, _)")
        return value

    def integer(self, column: str, *, minimum: int, optional: bool = False) -> int | None:
        """An integer of at least ``minimum`` (None for an empty optional cell)."""
        raw = self.values[column]
        if not raw and optional:
            return None
        if not _INTEGER.fullmatch(raw):
            got = "missing value" if not raw else f"{raw!r} is not an integer"
            raise self.fail(column, f"{got}; expected an integer >= {minimum}")
        if int(raw) < minimum:
            raise self.fail(column, f"{raw} is out of range; expected an integer >= {minimum}")
        return int(raw)

    def real(self, column: str, low: float, high: float, *, above_low: bool = False) -> float:
        """A finite number from ``low`` (excluded with ``above_low``) to ``high``."""
        raw = self.values[column]
        bound = f"{'>' if above_low else '>='} {low:g} and <= {high:g}"
        try:
            value = float(raw)
        except ValueError:
            got = "missing value" if not raw else f"{raw!r} is not a number"
            raise self.fail(column, f"{got}; expected a number {bound}") from None
        if not math.isfinite(value) or value < low or value > high or (above_low and value == low):
            raise self.fail(column, f"{raw} is out of range; expected a number {bound}")
        return value

    def choice(self, column: str, allowed: tuple[str, ...], *, optional: bool = False) -> int:
        """The index of the value in ``allowed`` (-1 for an empty optional cell)."""
        raw = self.values[column]
        if not raw and optional:
            return -1
        if raw not in allowed:
            options = ", ".join(allowed) + (" (or empty)" if optional else "")
            got = "missing value" if not raw else f"{raw!r} is not allowed"
            raise self.fail(column, f"{got}; allowed: {options}")
        return allowed.index(raw)

    def place(self, column: str, lookup: dict[str, int]) -> int:
        """The index of a known place id."""
        raw = self.values[column]
        if raw not in lookup:
            raise self.fail(
                column, f"unknown place {raw!r} (not in places.csv){close_ids(raw, lookup)}"
            )
        return lookup[raw]

    def date(self, column: str) -> dt.date:
        """A date written YYYY-MM-DD."""
        raw = self.values[column]
        try:
            if _DATE.fullmatch(raw):
                return dt.date.fromisoformat(raw)
        except ValueError:
            pass
        raise self.fail(column, f"{raw!r} is not a date; expected YYYY-MM-DD")


def read_table(directory: Path | Traversable, filename: str, columns: tuple[str, ...]) -> list[Row]:
    """The data rows of one CSV file, after checking its header against ``columns``."""
    path = directory / filename
    label = str(path)
    if not path.is_file():
        raise WorldDataError(f"{label}: file not found")
    rows: list[Row] = []
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = [name.strip() for name in next(reader)]
        except StopIteration:
            raise WorldDataError(f"{label}: empty file; expected the header line") from None
        missing = [c for c in columns if c not in header]
        extra = [c for c in header if c not in columns]
        doubled = sorted({c for c in header if header.count(c) > 1})
        named = zip(("missing", "unexpected", "repeated"), (missing, extra, doubled), strict=True)
        problems = [f"{what} columns {cols}" for what, cols in named if cols]
        if problems:
            raise WorldDataError(
                f"{label}: line 1 (header): {'; '.join(problems)}; "
                f"expected exactly: {','.join(columns)}"
            )
        last_line = reader.line_num
        try:
            for fields in reader:
                start, last_line = last_line + 1, reader.line_num
                if not any(f.strip() for f in fields):
                    continue
                row = Row(label, len(rows) + 1, start, {})
                if len(fields) != len(header):
                    raise row.fail(None, f"{len(fields)} fields, expected {len(header)}")
                row.values.update(zip(header, (f.strip() for f in fields), strict=True))
                rows.append(row)
        except csv.Error as exc:
            raise WorldDataError(
                f"{label}: line {reader.line_num}: malformed CSV ({exc})"
            ) from None
    return rows
