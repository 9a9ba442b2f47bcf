"""Comparing scenarios on common random numbers.

Every scenario runs replicates 0..n-1 with the same seed (and, with the posterior on, the same
draw ``posterior.draw(seed, r)`` for replicate r), so replicate r of two scenarios shares its
random streams wherever their events do not differ. The difference of a metric between a
scenario and the first one (the reference) is then taken replicate by replicate (paired): its
quantiles over replicates, and a 95% t interval of its mean. The unpaired interval (the two
scenarios' spreads added as if independent) is given beside it to show what pairing gains.

Tables (``compare`` writes them to ``OUT``):

- ``bands.csv``: ``scenario, date, metric, mean, p05, p25, p50, p75, p95``;
- ``differences.csv``: :data:`DIFFERENCE_COLUMNS`, per scenario (not the reference), metric
  and date on which both run;
- ``outcome_differences.csv``: :data:`OUTCOME_COLUMNS`, per scenario and outcome on the last
  common day (a Turkey-Russia clash has happened, a ceasefire is in force, Turkey's border with
  Greece is open).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from flashpoint.metrics import METRIC_NAMES
from flashpoint.scenario import Scenario
from flashpoint.sweeps import engine

DIFFERENCE_COLUMNS = [
    "scenario",
    "reference",
    "date",
    "metric",
    "mean",
    "reference_mean",
    "diff_mean",
    "diff_p05",
    "diff_p50",
    "diff_p95",
    "diff_low95",
    "diff_high95",
    "unpaired_low95",
    "unpaired_high95",
]
OUTCOME_COLUMNS = [
    "scenario",
    "reference",
    "outcome",
    "date",
    "share",
    "reference_share",
    "difference",
    "low95",
    "high95",
]
#: Outcomes on the last common day: name -> (metric, the value that means it holds).
OUTCOMES = {
    "clash_turkey_russia": "clash_occurred_turkey_russia",
    "ceasefire_in_force": "ceasefire_active",
    "border_open_turkey_greece": "border_open_turkey_greece",
}
HEADLINE_METRICS = (
    "civilian_deaths",
    "displaced_total",
    "turkish_military_deaths",
    "crossed_to_greece",
    "at_greek_border",
)
QUANTILES = {"p05": 0.05, "p25": 0.25, "p50": 0.5, "p75": 0.75, "p95": 0.95}


@dataclass(frozen=True)
class CompareItem:
    """One run of a comparison."""

    scenario: Scenario
    replicate: int
    seed: int
    scale: int
    parameters: dict[str, Any] | None


def run_daily(item: CompareItem) -> pd.DataFrame:
    """The daily table of one run (a top-level function, for the fan-out)."""
    run = engine.simulate(
        item.scenario,
        item.parameters,
        item.seed,
        replicate=item.replicate,
        scale=item.scale,
        posterior=None,
    )
    return run.daily


def labels(scenarios: Sequence[Scenario]) -> list[str]:
    """Scenario names, made unique (``name#2`` for a second scenario of the same name)."""
    out: list[str] = []
    for s in scenarios:
        label, k = s.name, 1
        while label in out:
            k += 1
            label = f"{s.name}#{k}"
        out.append(label)
    return out


@dataclass(frozen=True)
class Comparison:
    """The tables of a comparison (see the module docstring)."""

    daily: pd.DataFrame
    bands: pd.DataFrame
    differences: pd.DataFrame
    outcomes: pd.DataFrame

    def write(self, out_dir: str | Path) -> Path:
        """Write ``bands.csv``, ``differences.csv`` and ``outcome_differences.csv``."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        self.bands.to_csv(out / "bands.csv", index=False)
        self.differences.to_csv(out / "differences.csv", index=False)
        self.outcomes.to_csv(out / "outcome_differences.csv", index=False)
        return out

    def headline(self) -> pd.DataFrame:
        """Paired differences of the headline metrics on the last common day."""
        last = self.differences["date"].max()
        rows = self.differences[
            (self.differences["date"] == last) & self.differences["metric"].isin(HEADLINE_METRICS)
        ]
        return rows[["scenario", "metric", "date", "diff_mean", "diff_low95", "diff_high95"]]


def _t(n: int) -> float:
    return float(stats.t.ppf(0.975, n - 1)) if n > 1 else float("nan")


def _cube(daily: pd.DataFrame, names: list[str], dates: np.ndarray, n: int) -> np.ndarray:
    """Values as an array [scenario, replicate, date, metric]."""
    keyed = daily.set_index(["scenario", "replicate", "date"])[list(METRIC_NAMES)]
    index = pd.MultiIndex.from_product([names, range(n), dates])
    values = keyed.reindex(index).to_numpy(dtype=float)
    return values.reshape(len(names), n, len(dates), len(METRIC_NAMES))


def tables(daily: pd.DataFrame, names: list[str], n: int) -> Comparison:
    """Bands and paired differences from the daily tables of all runs."""
    per = [set(daily.loc[daily["scenario"] == s, "date"]) for s in names]
    dates = np.array(sorted(set.intersection(*per)), dtype="datetime64[ns]")
    cube = _cube(daily, names, dates, n)
    bands = []
    for i, s in enumerate(names):
        frame = {"mean": cube[i].mean(axis=0)}
        frame.update({k: np.quantile(cube[i], q, axis=0) for k, q in QUANTILES.items()})
        bands.append(_long(s, dates, frame))
    t = _t(n)
    diffs, outs = [], []
    for i, s in enumerate(names[1:], start=1):
        d = cube[i] - cube[0]
        half = t * d.std(axis=0, ddof=1) / np.sqrt(n) if n > 1 else np.nan * d[0]
        var_sum = cube[i].var(axis=0, ddof=1) + cube[0].var(axis=0, ddof=1) if n > 1 else d[0]
        unpaired = t * np.sqrt(var_sum / n) if n > 1 else np.nan * d[0]
        mean_d = d.mean(axis=0)
        frame = {
            "mean": cube[i].mean(axis=0),
            "reference_mean": cube[0].mean(axis=0),
            "diff_mean": mean_d,
            "diff_p05": np.quantile(d, 0.05, axis=0),
            "diff_p50": np.quantile(d, 0.5, axis=0),
            "diff_p95": np.quantile(d, 0.95, axis=0),
            "diff_low95": mean_d - half,
            "diff_high95": mean_d + half,
            "unpaired_low95": mean_d - unpaired,
            "unpaired_high95": mean_d + unpaired,
        }
        part = _long(s, dates, frame)
        part.insert(1, "reference", names[0])
        diffs.append(part)
        for outcome, metric in OUTCOMES.items():
            j = METRIC_NAMES.index(metric)
            a, b = cube[i, :, -1, j] >= 0.5, cube[0, :, -1, j] >= 0.5
            pd_ = a.astype(float) - b.astype(float)
            h = t * pd_.std(ddof=1) / np.sqrt(n) if n > 1 else float("nan")
            outs.append(
                {
                    "scenario": s,
                    "reference": names[0],
                    "outcome": outcome,
                    "date": pd.Timestamp(dates[-1]),
                    "share": a.mean(),
                    "reference_share": b.mean(),
                    "difference": pd_.mean(),
                    "low95": pd_.mean() - h,
                    "high95": pd_.mean() + h,
                }
            )
    return Comparison(
        daily,
        pd.concat(bands, ignore_index=True),
        pd.concat(diffs, ignore_index=True).reindex(columns=DIFFERENCE_COLUMNS)
        if diffs
        else pd.DataFrame(columns=DIFFERENCE_COLUMNS),
        pd.DataFrame(outs, columns=OUTCOME_COLUMNS),
    )


def _long(scenario: str, dates: np.ndarray, frame: dict[str, np.ndarray]) -> pd.DataFrame:
    """Arrays [date, metric] into rows ``scenario, date, metric, <columns>``."""
    n_dates, n_metrics = len(dates), len(METRIC_NAMES)
    out = pd.DataFrame(
        {
            "scenario": scenario,
            "date": np.repeat(dates, n_metrics),
            "metric": np.tile(np.array(METRIC_NAMES), n_dates),
        }
    )
    for key, values in frame.items():
        out[key] = values.reshape(-1)
    return out


def compare(
    scenarios: Sequence[Scenario],
    *,
    replicates: int,
    seed: int,
    scale: int = 10,
    workers: int = 1,
    scheduler: str | None = None,
    posterior: Any = None,
    on_done: Callable[[int], None] | None = None,
) -> Comparison:
    """Run scenarios on common random numbers and compare them with the first.

    Args:
        scenarios: Two or more resolved scenarios; the first is the reference.
        replicates: Replicates per scenario.
        seed: The seed all of them use.
        scale: Persons per simulated entry.
        workers: Local processes (ignored with ``scheduler``).
        scheduler: Address of an existing Dask scheduler.
        posterior: A posterior to draw replicate r's parameters from, or None for the defaults.
        on_done: Called as each run finishes (progress bars).

    Returns:
        The comparison's tables; identical for any engine and number of workers.
    """
    names = labels(scenarios)
    draws = [None if posterior is None else posterior.draw(seed, r) for r in range(replicates)]
    items = [CompareItem(s, r, seed, scale, draws[r]) for s in scenarios for r in range(replicates)]
    frames = []
    for i, daily in engine.fan_out(
        run_daily, items, workers=workers, scheduler=scheduler, ordered=True, on_done=on_done
    ):
        frames.append(daily.assign(scenario=names[i // replicates]))
    return tables(pd.concat(frames, ignore_index=True), names, replicates)
