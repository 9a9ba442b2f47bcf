"""The committed forecast: every shipped scenario run with the posterior, summarised per day.

Replicate r of scenario s runs ``simulate(s, posterior.draw(s.seed, r), s.seed, replicate=r,
scale=K)``; the scenario's own parameters and ``set_parameter`` events still win over the draw.
For each scenario, day of the forecast window (March and April 2020 by default) and metric, the
table holds the median and the 5% and 95% quantiles over replicates.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from flashpoint.runs.posterior import Posterior
from flashpoint.runs.replicates import replicate_tasks, run_tasks
from flashpoint.runs.summary import bands

FORECAST_START = dt.date(2020, 3, 1)
FORECAST_END = dt.date(2020, 4, 30)
COLUMNS = ("scenario", "date", "metric", "median", "p05", "p95", "replicates")
FORECAST_QUANTILES = {"median": 0.5, "p05": 0.05, "p95": 0.95}


def forecast_scenario_paths(
    scenarios_dir: Path, exclude: Sequence[str] = ("history",)
) -> list[Path]:
    """Shipped scenario files in ``scenarios_dir`` except those named in ``exclude`` (by stem)."""
    return sorted(p for p in Path(scenarios_dir).glob("*.yaml") if p.stem not in exclude)


def summarise_daily(
    daily: pd.DataFrame, start: dt.date = FORECAST_START, end: dt.date = FORECAST_END
) -> pd.DataFrame:
    """Median, p05 and p95 per (scenario, date, metric) over replicates, for start..end."""
    days = pd.to_datetime(daily["date"])
    keep = daily[(days >= pd.Timestamp(start)) & (days <= pd.Timestamp(end))]
    out = bands(keep, quantiles=FORECAST_QUANTILES, with_mean=False, with_count=True)
    out["date"] = pd.to_datetime(out["date"]).dt.strftime("%Y-%m-%d")
    return out[list(COLUMNS)]


def run_forecast(
    scenarios: Sequence[Any],
    posterior: Posterior | None,
    *,
    replicates: int,
    scale: int,
    workers: int = 1,
    start: dt.date = FORECAST_START,
    end: dt.date = FORECAST_END,
    on_done: Callable[[str, int], None] | None = None,
) -> pd.DataFrame:
    """Run each scenario's replicates with the posterior and summarise the forecast window.

    Args:
        scenarios: Resolved scenarios.
        posterior: The posterior (None: registry defaults).
        replicates: Replicates per scenario.
        scale: Persons per simulated entry.
        workers: Processes.
        start: First day kept.
        end: Last day kept.
        on_done: Called with (scenario name, replicate index) as runs finish.

    Raises:
        ValueError: A scenario does not cover the window.
    """
    tables = []
    for s in scenarios:
        if s.start > start or s.end < end:
            raise ValueError(
                f"scenario '{s.name}' runs {s.start}..{s.end}, which does not cover the "
                f"forecast window {start}..{end}"
            )
        tasks = replicate_tasks(s, replicates=replicates, scale=scale, posterior=posterior)
        dailies = [
            result.daily
            for result in run_tasks(
                tasks,
                workers=workers,
                on_done=None if on_done is None else functools.partial(on_done, s.name),
            )
        ]
        tables.append(summarise_daily(pd.concat(dailies, ignore_index=True), start, end))
    return pd.concat(tables, ignore_index=True)


def forecast_manifest(
    posterior: Posterior,
    scenario_files: dict[str, Path],
    *,
    replicates: int,
    scale: int,
    command: str,
    seconds: float,
    start: dt.date = FORECAST_START,
    end: dt.date = FORECAST_END,
) -> dict[str, Any]:
    """How a forecast was made.

    The command, package version, posterior and its hash, scenario files, replicates, scale,
    window and time.
    """
    from flashpoint import __version__

    return {
        "command": command,
        "package_version": __version__,
        "posterior": str(posterior.source),
        "posterior_sha256": posterior.sha256,
        "scenarios": {name: str(path) for name, path in scenario_files.items()},
        "replicates": replicates,
        "scale": scale,
        "window": [start.isoformat(), end.isoformat()],
        "note": "replicate r of every scenario uses posterior.draw(scenario seed, r); the "
        "scenario's own parameters and set_parameter events win over the draw",
        "made": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 1),
    }


def write_forecast(
    table: pd.DataFrame, path: Path | str, manifest: dict[str, Any] | None = None
) -> bool:
    """Write the forecast table as CSV and, if given, its manifest as JSON beside it.

    Numbers are rounded to 4 decimals. The manifest (how it was made: command, posterior hash,
    replicates, scale) takes the same name with ``.json``. When the table is byte for byte the
    one already there, nothing is written (a tracked forecast stays clean); otherwise both are
    written to temporary files first, then renamed.

    Returns:
        True if the files were written, False if the forecast was unchanged.
    """
    import json

    file = Path(path)
    out = table.copy()
    for c in ("median", "p05", "p95"):
        out[c] = out[c].astype(float).round(4)
    text = out.to_csv(index=False)
    meta = file.with_suffix(".json")
    if file.is_file() and file.read_text() == text and (manifest is None or meta.is_file()):
        return False
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_name(file.name + ".tmp")
    tmp.write_text(text)
    try:
        if manifest is not None:
            meta_tmp = meta.with_name(meta.name + ".tmp")
            meta_tmp.write_text(json.dumps(manifest, indent=2, default=str) + "\n")
            meta_tmp.replace(meta)
        tmp.replace(file)
    finally:
        tmp.unlink(missing_ok=True)
    return True
