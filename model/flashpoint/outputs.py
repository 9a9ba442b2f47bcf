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
from flashpoint.simulate import RunResult

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
