"""Running a sweep: one task per (point, replicate), results streamed to Parquet, resumable.

Replicate r of every point runs with the same seed and replicate index, so it uses the same
random streams (they are keyed by seed, replicate, component and day) and, with the posterior
on, the same posterior draw ``posterior.draw(seed, r)``; the point's values override the draw.
Differences between points are then not noise.

Output folder ``OUT``:

- ``sweep.json``: what was run (file hash, seed, sampler, points, replicates, scale, posterior);
- ``points.parquet``: ``point``, ``unit:<input>`` (the unit-cube coordinates) and
  ``input:<input>`` per point;
- ``parts/part-NNNNN.parquet``: finished runs, written every :data:`PART_RUNS` runs or
  :data:`PART_SECONDS` seconds while the sweep runs;
- ``results.parquet``: every run, one row each, sorted by point and replicate (the parts are
  compacted into it at the end).

With ``resume`` the finished (point, replicate) rows with status ``ok`` are kept and only the
other runs are done (failed runs are tried again).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from flashpoint.scenario import Scenario
from flashpoint.sweeps import engine
from flashpoint.sweeps.inputs import EVENT_PREFIX, apply_point
from flashpoint.sweeps.outcomes import evaluate, outcome_columns
from flashpoint.sweeps.samplers import Design, as_cell, draw
from flashpoint.sweeps.spec import OutcomeSpec, Sweep

INPUT_PREFIX = "input:"
UNIT_PREFIX = "unit:"
PART_RUNS = 50
PART_SECONDS = 5.0
RESULTS = "results.parquet"


class SweepOutputError(ValueError):
    """The output folder cannot be used (it holds another sweep, or nothing to resume)."""


class SweepInterrupted(RuntimeError):
    """The sweep stopped before the end (``stop_after_runs``); finished runs are on disk."""


@dataclass(frozen=True)
class RunItem:
    """One run to do: a point's values and a replicate."""

    point: int
    replicate: int
    values: dict[str, Any]


@dataclass(frozen=True)
class SweepTask:
    """The function applied to each :class:`RunItem` (picklable, no global state)."""

    base: Scenario
    references: dict[str, Scenario]
    outcomes: tuple[OutcomeSpec, ...]
    seed: int
    scale: int
    posterior: Any

    def __call__(self, item: RunItem) -> dict[str, Any]:
        """Run one (point, replicate) and return its row."""
        t0 = time.perf_counter()
        row: dict[str, Any] = {"point": item.point, "replicate": item.replicate}
        row.update({INPUT_PREFIX + k: as_cell(v) for k, v in item.values.items()})
        try:
            row.update(self._outcomes(item))
            row.update(status="ok", error="")
        except Exception as exc:  # a failed run is recorded and the sweep goes on
            row.update({c: float("nan") for c in outcome_columns(self.outcomes)})
            row.update(status="failed", error=f"{type(exc).__name__}: {exc}")
        row["seconds"] = time.perf_counter() - t0
        row["worker"] = f"{socket.gethostname()}:{os.getpid()}"
        return row

    def _outcomes(self, item: RunItem) -> dict[str, Any]:
        draw_ = None if self.posterior is None else self.posterior.draw(self.seed, item.replicate)
        scenario = apply_point(self.base, item.values)
        daily = self._daily(scenario, draw_, item.replicate)
        params = {k: v for k, v in item.values.items() if not k.startswith(EVENT_PREFIX)}
        refs = {
            path: self._daily(apply_point(ref, params), draw_, item.replicate)
            for path, ref in self.references.items()
        }
        return evaluate(self.outcomes, daily, refs)

    def _daily(self, scenario: Scenario, parameters: Any, replicate: int) -> pd.DataFrame:
        run = engine.simulate(
            scenario, parameters, self.seed, replicate=replicate, scale=self.scale, posterior=None
        )
        return run.daily


def points_table(design: Design) -> pd.DataFrame:
    """``point``, ``unit:<input>`` and ``input:<input>`` for every point."""
    columns: dict[str, Any] = {"point": range(len(design))}
    for j, name in enumerate(design.names):
        columns[UNIT_PREFIX + name] = design.unit[:, j]
    for name in design.names:
        columns[INPUT_PREFIX + name] = [as_cell(v[name]) for v in design.values]
    return pd.DataFrame(columns)


def read_runs(out_dir: Path) -> pd.DataFrame:
    """Every row on disk: ``results.parquet`` and the parts not yet compacted."""
    files = [out_dir / RESULTS] if (out_dir / RESULTS).is_file() else []
    files += sorted((out_dir / "parts").glob("part-*.parquet"))
    frames = [pd.read_parquet(f) for f in files]
    if not frames:
        return pd.DataFrame()
    rows = pd.concat(frames, ignore_index=True)
    return rows.drop_duplicates(["point", "replicate"], keep="last")


def compact(out_dir: Path, rows: pd.DataFrame) -> pd.DataFrame:
    """Write ``rows`` sorted as ``results.parquet`` (atomically) and remove the parts."""
    rows = rows.sort_values(["point", "replicate"], kind="stable").reset_index(drop=True)
    tmp = out_dir / f".{RESULTS}.tmp"
    rows.to_parquet(tmp, index=False)
    os.replace(tmp, out_dir / RESULTS)
    shutil.rmtree(out_dir / "parts", ignore_errors=True)
    return rows


class PartWriter:
    """Buffers finished rows and writes them as numbered part files."""

    def __init__(
        self, folder: Path, every_runs: int = PART_RUNS, every_seconds: float = PART_SECONDS
    ):
        self.folder = folder
        self.every_runs = every_runs
        self.every_seconds = every_seconds
        self.rows: list[dict[str, Any]] = []
        self.last = time.monotonic()
        folder.mkdir(parents=True, exist_ok=True)
        self.next_index = len(list(folder.glob("part-*.parquet")))

    def add(self, row: dict[str, Any]) -> None:
        """Keep a row; write a part when enough rows or time have gathered."""
        self.rows.append(row)
        if len(self.rows) >= self.every_runs or time.monotonic() - self.last >= self.every_seconds:
            self.flush()

    def flush(self) -> None:
        """Write the buffered rows as the next part file."""
        if self.rows:
            path = self.folder / f"part-{self.next_index:05d}.parquet"
            tmp = self.folder / f".{path.name}.tmp"
            pd.DataFrame(self.rows).to_parquet(tmp, index=False)
            os.replace(tmp, path)
            self.next_index += 1
            self.rows = []
        self.last = time.monotonic()


def check_output(sweep: Sweep, out_dir: Path, resume: bool) -> bool:
    """Check that the folder can take this sweep, writing nothing; True if it is a resume.

    Raises:
        SweepOutputError: the folder holds another sweep, or a sweep and ``resume`` is off, or
            ``resume`` is on and the folder holds no sweep.
    """
    manifest_path = out_dir / "sweep.json"
    if manifest_path.is_file():
        old = json.loads(manifest_path.read_text())
        if not resume:
            raise SweepOutputError(
                f"{out_dir} already holds a sweep: use --resume or another --out"
            )
        if old.get("sha256") != sweep.sha256:
            raise SweepOutputError(f"{out_dir} holds a sweep of another file (or an edited one)")
        return True
    if resume and out_dir.exists() and any(out_dir.iterdir()):
        raise SweepOutputError(f"{out_dir} holds no sweep to resume (no sweep.json)")
    return False


def prepare_output(
    sweep: Sweep, design: Design, out_dir: Path, resume: bool
) -> set[tuple[int, int]]:
    """Check the folder, write ``sweep.json`` and ``points.parquet``; return the finished runs.

    Raises:
        SweepOutputError: the folder holds another sweep, or a sweep without ``resume``.
    """
    if check_output(sweep, out_dir, resume):
        kept = read_runs(out_dir)
        if kept.empty:
            return set()
        kept = compact(out_dir, kept[kept["status"] == "ok"])
        return set(zip(kept["point"].astype(int), kept["replicate"].astype(int), strict=True))
    out_dir.mkdir(parents=True, exist_ok=True)
    points_table(design).to_parquet(out_dir / "points.parquet", index=False)
    manifest = {
        "name": sweep.spec.name,
        "file": sweep.file,
        "sha256": sweep.sha256,
        "spec": sweep.spec.model_dump(mode="json"),
        "seed": sweep.seed,
        "points": len(design),
        "replicates": sweep.spec.replicates,
        "runs": len(design) * sweep.spec.replicates,
        "base_scenario": sweep.base.to_dict(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    (out_dir / "sweep.json").write_text(json.dumps(manifest, indent=2, default=str))
    return set()


def run_sweep(
    sweep: Sweep,
    out_dir: str | Path,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    resume: bool = False,
    posterior: Any = None,
    on_run: Callable[[dict[str, Any]], None] | None = None,
    on_start: Callable[[int, int], None] | None = None,
    stop_after_runs: int | None = None,
) -> pd.DataFrame:
    """Run a validated sweep and return its results table (also in ``OUT/results.parquet``).

    Args:
        sweep: From :func:`flashpoint.sweeps.load_sweep`.
        out_dir: Output folder.
        workers: Local processes (1: in this process).
        scheduler: Address of an existing Dask scheduler (then ``workers`` is ignored).
        resume: Keep the finished runs in ``out_dir`` and do only the rest.
        posterior: A posterior (``Posterior``) when the sweep's ``posterior`` is on, else None.
        on_run: Called with each finished row (progress bars).
        on_start: Called with (runs to do, runs already done) before the first run.
        stop_after_runs: Stop (raising :class:`SweepInterrupted`) after this many runs of this
            session, keeping them on disk: an interruption on purpose, for tests.

    Raises:
        SweepOutputError: the output folder cannot be used.
        SweepInterrupted: ``stop_after_runs`` was reached before the end.
    """
    out = Path(out_dir)
    design = draw(sweep)
    done = prepare_output(sweep, design, out, resume)
    items = [
        RunItem(p, r, design.values[p])
        for p in range(len(design))
        for r in range(sweep.spec.replicates)
        if (p, r) not in done
    ]
    if on_start is not None:
        on_start(len(items), len(done))
    task = SweepTask(
        sweep.base,
        sweep.references,
        tuple(sweep.spec.outcomes),
        sweep.seed,
        sweep.spec.scale,
        posterior if sweep.spec.posterior else None,
    )
    writer = PartWriter(out / "parts")
    finished = 0
    try:
        stream = engine.fan_out(
            task, items, workers=workers, scheduler=scheduler, ordered=False, capture_errors=True
        )
        for i, result in stream:
            row = (
                _failure_row(items[i], result) if isinstance(result, engine.TaskFailure) else result
            )
            writer.add(row)
            finished += 1
            if on_run is not None:
                on_run(row)
            if stop_after_runs is not None and finished >= stop_after_runs < len(items):
                raise SweepInterrupted(f"stopped after {finished} runs, as asked")
    finally:
        writer.flush()
    return compact(out, read_runs(out))


def _failure_row(item: RunItem, failure: Any) -> dict[str, Any]:
    """The row of a task that failed outside the simulation (e.g. it could not be sent)."""
    row: dict[str, Any] = {"point": item.point, "replicate": item.replicate}
    row.update({INPUT_PREFIX + k: as_cell(v) for k, v in item.values.items()})
    row.update(status="failed", error=f"{failure.error_type}: {failure.message}")
    row.update(seconds=float("nan"), worker="")
    return row
