"""Reading a results folder (``flashpoint run`` output) into tidy tables for the charts.

Only column names are relied on, never column order; extra columns are kept and ignored. Nothing
from the simulation is imported: a results folder is data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

#: The major version of the results format this code reads (``manifest.json: format_version``).
FORMAT_MAJOR = 1
#: Files without which a folder is not a results folder.
REQUIRED_FILES = ("daily.parquet", "manifest.json")
#: Columns of ``daily.parquet`` that identify a row (all others are metrics).
DAILY_KEYS = ("scenario", "replicate", "date")
#: Optional tables: file name -> attribute of :class:`Results`.
OPTIONAL_TABLES = {
    "summary.csv": "summary",
    "outcomes.csv": "outcomes",
    "places.parquet": "places",
    "flows.parquet": "flows",
    "events.csv": "events",
}


class ResultsError(ValueError):
    """A results folder that cannot be read; the message names the folder and the problem."""


@dataclass(frozen=True)
class Results:
    """One scenario's results folder, as tables.

    Attributes:
        path: The folder.
        manifest: ``manifest.json`` as a dict.
        daily: One row per (scenario, replicate, date), one column per metric.
        summary: ``summary.csv`` or None when absent.
        outcomes: ``outcomes.csv`` or None when absent.
        places: ``places.parquet`` (people per place and day) or None when absent.
        flows: ``flows.parquet`` (people per route and day) or None when absent.
        events: ``events.csv`` or None when absent.
    """

    path: Path
    manifest: dict[str, Any]
    daily: pd.DataFrame
    summary: pd.DataFrame | None = None
    outcomes: pd.DataFrame | None = None
    places: pd.DataFrame | None = None
    flows: pd.DataFrame | None = None
    events: pd.DataFrame | None = None
    tables: tuple[str, ...] = field(default=())

    @property
    def scenario(self) -> dict[str, Any]:
        """The resolved scenario recorded in the manifest (empty dict when absent)."""
        return self.manifest.get("scenario") or {}

    @property
    def name(self) -> str:
        """Scenario name (from the manifest, else the folder name)."""
        return str(self.scenario.get("name") or self.path.name)

    @property
    def description(self) -> str:
        """Scenario description, or an empty string."""
        return " ".join(str(self.scenario.get("description") or "").split())

    @property
    def replicates(self) -> int:
        """Number of replicates present in the daily table."""
        return int(self.daily["replicate"].nunique())

    @property
    def scale(self) -> Any:
        """Persons per simulated entry (from the manifest; None when not recorded)."""
        return self.manifest.get("scale")

    @property
    def seed(self) -> Any:
        """The scenario's seed (from the manifest; None when not recorded)."""
        return self.manifest.get("seed", self.scenario.get("seed"))

    def metrics(self) -> list[str]:
        """Numeric metric columns of the daily table, in file order."""
        return [
            c
            for c in self.daily.columns
            if c not in DAILY_KEYS and pd.api.types.is_numeric_dtype(self.daily[c])
        ]


def read_manifest(path: Path, *, check_format: bool = True) -> dict[str, Any]:
    """Check that ``path`` is a results folder of a readable format and return its manifest.

    Args:
        path: The results folder.
        check_format: Require ``format_version`` with major :data:`FORMAT_MAJOR`.

    Returns:
        The manifest.

    Raises:
        ResultsError: the folder is missing, not a folder, lacks a required file, has an
            unreadable manifest, or comes from another version of the format.
    """
    if not path.exists():
        raise ResultsError(f"{path}: no such folder")
    if not path.is_dir():
        raise ResultsError(f"{path}: not a folder (give the folder flashpoint run wrote)")
    missing = [f for f in REQUIRED_FILES if not (path / f).is_file()]
    if missing:
        raise ResultsError(
            f"{path}: not a results folder: {' and '.join(missing)} missing "
            "(expected the output of flashpoint run for one scenario)"
        )
    try:
        manifest = json.loads((path / "manifest.json").read_text())
    except (OSError, json.JSONDecodeError) as e:
        raise ResultsError(f"{path / 'manifest.json'}: unreadable ({e})") from e
    if not isinstance(manifest, dict):
        raise ResultsError(f"{path / 'manifest.json'}: expected a JSON object")
    if check_format:
        check_format_version(path, manifest.get("format_version"))
    return manifest


def check_format_version(path: Path, version: Any) -> None:
    """Raise :class:`ResultsError` unless ``version`` has the major this code reads."""
    if version is None:
        raise ResultsError(
            f"{path}: results from an older version of flashpoint (manifest.json has no "
            f"format_version; this version reads format {FORMAT_MAJOR}.x): run the scenario again"
        )
    major = str(version).split(".")[0]
    if major != str(FORMAT_MAJOR):
        raise ResultsError(
            f"{path}: results format {version} cannot be read by this version of flashpoint "
            f"(it reads format {FORMAT_MAJOR}.x): run the scenario again with this version"
        )


def read_table(file: Path) -> pd.DataFrame:
    """Read a Parquet or CSV table, parsing a ``date`` column as dates."""
    try:
        table = pd.read_parquet(file) if file.suffix == ".parquet" else pd.read_csv(file)
    except Exception as e:  # pyarrow and pandas raise many types for a damaged file
        raise ResultsError(f"{file}: unreadable ({type(e).__name__}: {e})") from e
    if "date" in table.columns:
        table["date"] = pd.to_datetime(table["date"])
    return table


def load_results(path: str | Path, *, check_format: bool = True) -> Results:
    """Load a results folder into :class:`Results`.

    Args:
        path: The folder ``flashpoint run`` wrote for one scenario.
        check_format: Require a ``format_version`` this code reads (see :func:`read_manifest`).

    Returns:
        The folder's tables; optional tables that are absent are None.

    Raises:
        ResultsError: see :func:`read_manifest`; also a daily table without the key columns.
    """
    folder = Path(path)
    manifest = read_manifest(folder, check_format=check_format)
    daily = read_table(folder / "daily.parquet")
    lacking = [c for c in DAILY_KEYS if c not in daily.columns]
    if lacking:
        raise ResultsError(f"{folder / 'daily.parquet'}: lacks the columns {', '.join(lacking)}")
    optional = {
        attr: read_table(folder / name)
        for name, attr in OPTIONAL_TABLES.items()
        if (folder / name).is_file()
    }
    return Results(path=folder, manifest=manifest, daily=daily, tables=tuple(optional), **optional)
