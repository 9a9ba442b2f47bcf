"""Writing a scenario's results: daily table, summary bands, manifest, places, flows, events.

A scenario's folder is written under a temporary name and renamed into place at the end, so an
interrupted or failed run never leaves a partial result folder behind.
"""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from flashpoint import __version__
from flashpoint.metrics import METRIC_NAMES
from flashpoint.runs.simulate import RunResult

QUANTILES = {"p05": 0.05, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p95": 0.95}


def combine(results: Sequence[RunResult]) -> dict[str, pd.DataFrame]:
    """Concatenate the tables of a scenario's replicates."""
    return {
        "daily": pd.concat([r.daily for r in results], ignore_index=True),
        "places": pd.concat([r.places for r in results], ignore_index=True),
        "flows": pd.concat([r.flows for r in results], ignore_index=True),
        "events": pd.concat([r.events for r in results], ignore_index=True),
    }


def summarise(daily: pd.DataFrame) -> pd.DataFrame:
    """Bands across replicates: ``scenario, date, metric, mean, p05, p25, p50, p75, p95``."""
    long = daily.melt(
        id_vars=["scenario", "replicate", "date"], value_vars=list(METRIC_NAMES), var_name="metric"
    )
    grouped = long.groupby(["scenario", "date", "metric"], sort=False)["value"]
    out = grouped.mean().rename("mean").to_frame()
    for name, q in QUANTILES.items():
        out[name] = grouped.quantile(q)
    out = out.reset_index()
    order = {m: i for i, m in enumerate(METRIC_NAMES)}
    out["_m"] = out["metric"].map(order)
    out = out.sort_values(["date", "_m"], kind="stable").drop(columns="_m")
    return out.reset_index(drop=True)


#: Outcomes reported as the share of replicates in which they happened by the end of the run.
OUTCOMES = {
    "clash_turkey_russia": ("clash_occurred_turkey_russia", "A direct Turkey-Russia clash"),
    "ceasefire_in_force_at_end": ("ceasefire_active", "A ceasefire in force on the last day"),
    "border_open_at_end": ("border_open_turkey_greece", "Turkey's border toward Greece open"),
    "turkey_syria_sustained_combat_at_end": (
        "escalation_turkey_syria",
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
    for outcome, (metric, text) in OUTCOMES.items():
        hit = last[metric] >= (5 if metric == "escalation_turkey_syria" else 1)
        k = int(hit.sum())
        low, high = wilson_interval(k, n)
        rows.append((last["scenario"].iloc[0], outcome, text, n, k / n, low, high))
    return pd.DataFrame(
        rows,
        columns=["scenario", "outcome", "description", "replicates", "share", "low95", "high95"],
    )


def wilson_interval(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for a binomial share k/n."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write_scenario(
    out_dir: Path, scenario: Any, results: Sequence[RunResult], meta: dict[str, Any]
) -> Path:
    """Write ``out_dir/<scenario name>/`` atomically and return its path."""
    tables = combine(results)
    final = out_dir / scenario.name
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{scenario.name}.", dir=out_dir))
    try:
        tables["daily"].to_parquet(tmp / "daily.parquet", index=False)
        summarise(tables["daily"]).to_csv(tmp / "summary.csv", index=False)
        outcome_shares(tables["daily"]).to_csv(tmp / "outcomes.csv", index=False)
        tables["places"].to_parquet(tmp / "places.parquet", index=False)
        tables["flows"].to_parquet(tmp / "flows.parquet", index=False)
        tables["events"].to_csv(tmp / "events.csv", index=False)
        manifest = {
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
        if final.exists():
            shutil.rmtree(final)
        tmp.rename(final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final
