"""Sweep throughput: runs per minute with 1 and 2 local workers, and the Dask overhead.

Runs one small sweep (a 2-input grid on ceasefire_march.yaml cut at 31 January 2020, scale 100)
three ways: 1 local process, 2 local processes, and a ``distributed.LocalCluster`` of 2 workers
(1 thread each) started here, and prints runs per minute and the Dask time against local
processes. Every way must give the same table (checked).

    python benchmarks/bench_sweeps.py [--runs-per-point N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

from flashpoint.sweeps import load_sweep, run_sweep

ROOT = Path(__file__).resolve().parents[1]
SWEEP = f"""\
name: bench
base: {ROOT / "scenarios" / "ceasefire_march.yaml"}
end: 2020-01-31
replicates: {{replicates}}
scale: 100
posterior: false
sampler: grid
inputs:
  - {{{{name: military.strike_rate_per_day, range: [10, 40], levels: 4}}}}
  - {{{{name: displacement.front_flight_rate_per_day, range: [0.05, 0.2], levels: 3}}}}
outcomes:
  - {{{{name: deaths_31jan, kind: value, metric: civilian_deaths, date: 2020-01-31}}}}
"""


def timed(folder: Path, name: str, **engine) -> tuple[float, pd.DataFrame]:
    """Seconds taken by the sweep in ``folder`` and its results (timing columns dropped)."""
    sweep = load_sweep(folder / "bench.yaml")
    t0 = time.perf_counter()
    results = run_sweep(sweep, folder / name, **engine)
    seconds = time.perf_counter() - t0
    table = results.drop(columns=["seconds", "worker"]).sort_values(["point", "replicate"])
    return seconds, table.reset_index(drop=True)


def main() -> None:
    """Print runs per minute for each engine."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--replicates", type=int, default=4, help="replicates per point (12 points)"
    )
    args = parser.parse_args()
    from distributed import LocalCluster

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "bench.yaml").write_text(SWEEP.format(replicates=args.replicates))
        runs = 12 * args.replicates
        one, t1 = timed(folder, "one", workers=1)
        two, t2 = timed(folder, "two", workers=2)
        t0 = time.perf_counter()
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster:
            start_s = time.perf_counter() - t0
            dask, td = timed(folder, "dask", scheduler=cluster.scheduler_address)
        assert t1.equals(t2) and t1.equals(td), "engines disagree"
        print(f"{runs} runs (12 points x {args.replicates} replicates), identical tables")
        for label, s in (
            ("1 local worker", one),
            ("2 local workers", two),
            ("Dask, 2 workers", dask),
        ):
            print(f"{label:>16}: {s:6.1f} s  {60 * runs / s:7.0f} runs/min")
        print(
            f"Dask overhead against 2 local processes: {dask - two:+.1f} s "
            f"({(dask / two - 1):+.0%}); cluster start-up {start_s:.1f} s, not counted"
        )


if __name__ == "__main__":
    main()
