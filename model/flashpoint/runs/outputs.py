"""Writing a scenario's results: daily table, summary bands, manifest, places, flows, returns.

A scenario's folder is written under a temporary name and renamed into place at the end, so an
interrupted or failed run never leaves a partial result folder behind.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from flashpoint import __version__
from flashpoint.crisis.ladder import load_ladder
from flashpoint.runs.hashing import file_sha256
from flashpoint.runs.paths import FOLDER_MODE, make_folder
from flashpoint.runs.simulate import RunResult
from flashpoint.runs.summary import bands, wilson_interval

if TYPE_CHECKING:
    from flashpoint.scenario import Scenario

#: Version of the results folder's layout, written into ``manifest.json``. Readers (charts,
#: the briefing) refuse a folder whose major version they do not know.
FORMAT_VERSION = "1.0"


def combine(results: Sequence[RunResult]) -> dict[str, pd.DataFrame]:
    """Concatenate the tables of a scenario's replicates."""
    return {
        "daily": pd.concat([r.daily for r in results], ignore_index=True),
        "places": pd.concat([r.places for r in results], ignore_index=True),
        "flows": pd.concat([r.flows for r in results], ignore_index=True),
        "events": pd.concat([r.events for r in results], ignore_index=True),
        "returns": pd.concat([r.returns for r in results], ignore_index=True),
    }


@dataclass(frozen=True)
class Outcome:
    """An outcome counted as the share of replicates in which it holds on the last day.

    Attributes:
        metric: The daily metric it reads.
        at_least: The outcome holds when the metric is at least this.
        description: What it means.
    """

    metric: str
    at_least: float
    description: str


def outcomes() -> dict[str, Outcome]:
    """The outcomes of ``outcomes.csv`` by name (rungs looked up by id on the ladder)."""
    ladder = load_ladder()
    return {
        "clash_turkey_russia": Outcome(
            "clash_occurred_turkey_russia", 1, "A direct Turkey-Russia clash"
        ),
        "ceasefire_in_force_at_end": Outcome(
            "ceasefire_active", 1, "A ceasefire in force on the last day"
        ),
        "border_open_at_end": Outcome(
            "border_open_turkey_greece", 1, "Turkey's border toward Greece open"
        ),
        "turkey_syria_sustained_combat_at_end": Outcome(
            "escalation_turkey_syria",
            ladder.rung("sustained_combat"),
            "Turkey-Syria at 'sustained direct combat' or above",
        ),
    }


def outcome_shares(daily: pd.DataFrame) -> pd.DataFrame:
    """Share of replicates in each outcome on the last day (with a 95% Wilson interval).

    Columns: ``scenario, outcome, description, replicates, share, low95, high95``.
    """
    last = daily[daily["date"] == daily["date"].max()]
    n = len(last)
    rows = []
    for name, outcome in outcomes().items():
        k = int((last[outcome.metric] >= outcome.at_least).sum())
        low, high = wilson_interval(k, n)
        rows.append((last["scenario"].iloc[0], name, outcome.description, n, k / n, low, high))
    return pd.DataFrame(
        rows,
        columns=["scenario", "outcome", "description", "replicates", "share", "low95", "high95"],
    )


#: Columns of ``summary.csv``: the median first, then the bands, the mean last.
SUMMARY_QUANTILES = {"median": 0.5, "p05": 0.05, "p25": 0.25, "p75": 0.75, "p95": 0.95}
#: Columns of ``events.csv`` where -1 means "not applicable"; written as empty cells.
NOT_APPLICABLE_COLUMNS = ("rung_before", "rung_after", "claimed_casualties", "cause_id")


def summary_table(daily: pd.DataFrame) -> pd.DataFrame:
    """``summary.csv``: per scenario, date and metric the median, the bands, then the mean."""
    table = bands(daily, quantiles=SUMMARY_QUANTILES, with_mean=False)
    means = bands(daily, quantiles={}, with_mean=True)["mean"]
    return table.assign(mean=means.to_numpy())


def events_table(events: pd.DataFrame) -> pd.DataFrame:
    """``events.csv``: rung names beside rung numbers, empty cells where nothing applies."""
    ladder = load_ladder()
    out = events.copy()
    for column in NOT_APPLICABLE_COLUMNS:
        out[column] = out[column].astype("Int64").mask(out[column] < 0)
    names = pd.Series(ladder.rung_ids)
    for column in ("rung_before", "rung_after"):
        position = out.columns.get_loc(column) + 1
        label = out[column].map(names)
        out.insert(position, f"{column}_name", label)
    return out


def write_scenario(
    out_dir: Path, scenario: Scenario, results: Sequence[RunResult], meta: dict[str, Any]
) -> tuple[Path, bool]:
    """Write ``out_dir/<scenario name>/`` atomically.

    Returns:
        The folder and whether it replaced an earlier result of the same name.
    """
    tables = combine(results)
    final = out_dir / scenario.name
    make_folder(out_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f".{scenario.name}.", dir=out_dir))
    try:
        os.chmod(tmp, FOLDER_MODE)
        tables["daily"].to_parquet(tmp / "daily.parquet", index=False)
        summary_table(tables["daily"]).to_csv(tmp / "summary.csv", index=False)
        outcome_shares(tables["daily"]).to_csv(tmp / "outcomes.csv", index=False)
        tables["places"].to_parquet(tmp / "places.parquet", index=False)
        tables["flows"].to_parquet(tmp / "flows.parquet", index=False)
        tables["returns"].to_parquet(tmp / "returns.parquet", index=False)
        events_table(tables["events"]).to_csv(tmp / "events.csv", index=False)
        manifest = {
            "format_version": FORMAT_VERSION,
            "scenario": scenario.to_dict(),
            "package_version": __version__,
            "python": platform.python_version(),
            "numpy": np.__version__,
            "input_files": {str(f): file_sha256(f) for f in scenario.files},
            "conservation_gap_entries": [int(r.conservation_gap) for r in results],
            **meta,
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n")
        replaced = final.exists()
        if replaced:
            # Move the earlier result aside first, so that a failed rename loses nothing.
            old = Path(tempfile.mkdtemp(prefix=f".{scenario.name}.old.", dir=out_dir))
            old.rmdir()
            final.rename(old)
            try:
                tmp.rename(final)
            except BaseException:
                old.rename(final)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final, replaced
