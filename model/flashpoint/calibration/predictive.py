"""Posterior-predictive runs of the history scenario: what the calibrated model says at each figure.

Replicate r runs with ``posterior.draw(seed, r)`` (as every run with the posterior does) and
yields one row: per target its value over the nominal window and whether some candidate window
matches the figure within its tolerance, plus the outputs the acceptance checks and the report
name (displacement on 18 and 28 February, Turkish losses, incidents, uncalibrated outputs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from flashpoint.calibration.distance import Target, summary_stats
from flashpoint.runs.fanout import fan_out
from flashpoint.runs.posterior import Posterior
from flashpoint.runs.simulate import simulate
from flashpoint.world.world import World

FEB_1, FEB_18, FEB_28 = dt.date(2020, 2, 1), dt.date(2020, 2, 18), dt.date(2020, 2, 28)
#: Displacement values a history run reports for the checks: (metric, date); each becomes the
#: column ``<metric>_<mmdd>``.
DISPLACEMENT_CHECKS = tuple(
    (metric, day)
    for metric in ("displaced_total", "displacement_movements")
    for day in (FEB_18, FEB_28)
)

UNCALIBRATED: dict[str, str] = {
    "crossed_to_greece": "entries into Greece since 1 Dec (end of run)",
    "sea_arrivals": "sea arrivals in Greece since 1 Dec (end of run)",
    "at_greek_border": "most people at the Greek land border on one day",
    "prevented_crossings": "crossings stopped by Greece since 1 Dec (end of run)",
    "returned_home": "returns home since 1 Dec (end of run)",
    "russian_military_deaths": "Russian military deaths since 1 Dec (end of run)",
    "syrian_military_deaths": "Syrian military deaths since 1 Dec (end of run)",
    "escalation_turkey_syria": "Turkey-Syria rung (end of run)",
    "escalation_turkey_russia": "Turkey-Russia rung (end of run)",
}
"""Outputs no fitted figure constrains, with how the report summarises each."""


def _value_on(daily: pd.DataFrame, metric: str, day: dt.date) -> float:
    rows = daily.loc[pd.to_datetime(daily["date"]).dt.date == day, metric]
    return float(rows.iloc[0]) if len(rows) else float("nan")


def outputs_row(daily: pd.DataFrame, events: pd.DataFrame) -> dict[str, float]:
    """The extra outputs of one history run (acceptance checks and uncalibrated outputs)."""
    row = {
        f"{metric}_{day:%m%d}": _value_on(daily, metric, day) for metric, day in DISPLACEMENT_CHECKS
    }
    row[f"turkish_deaths_to_{FEB_28:%m%d}"] = _value_on(daily, "turkish_military_deaths", FEB_28)
    hits = events[(events["action"] == "strike") & (events["target"] == "turkey")]
    dates = pd.to_datetime(hits["date"]).dt.date
    feb = hits[(dates >= FEB_1) & (dates <= FEB_28)]
    row["turkish_incidents_feb"] = float(len(feb))
    row["turkish_incidents_5plus_feb"] = float((feb["casualties"] >= 5).sum())
    row["largest_turkish_incident_feb"] = float(feb["casualties"].max()) if len(feb) else 0.0
    row["turkish_deaths_before_feb"] = float(hits.loc[dates < FEB_1, "casualties"].sum())
    for metric in UNCALIBRATED:
        column = daily[metric].to_numpy(dtype=float)
        row[metric] = float(column.max() if metric == "at_greek_border" else column[-1])
    return row


def predictive_row(
    scenario: Any,
    parameters: dict[str, float],
    replicate: int,
    scale: int,
    targets: Sequence[Target],
    cap: float,
    world: World | None = None,
) -> dict[str, float]:
    """Run one replicate and summarise it (see the module docstring)."""
    result = simulate(
        scenario,
        parameters,
        scenario.seed,
        replicate=replicate,
        scale=scale,
        posterior=None,
        world=world,
    )
    stats = summary_stats(result.daily, result.events, targets)
    row: dict[str, float] = {"replicate": float(replicate), "scale": float(scale)}
    for t in targets:
        row[t.id] = float(stats[t.id][0]) if len(stats[t.id]) else float("nan")
        row[f"{t.id}__discrepancy"] = t.discrepancy(stats[t.id], cap)
    row.update(outputs_row(result.daily, result.events))
    row.update({f"param__{k}": float(v) for k, v in parameters.items()})
    return row


def _row_task(args: tuple) -> dict[str, float]:
    return predictive_row(*args)


def predictive(
    scenario: Any,
    posterior: Posterior | None,
    targets: Sequence[Target],
    *,
    replicates: int,
    scale: int,
    cap: float,
    workers: int = 1,
    world: World | None = None,
    on_done: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """Posterior-predictive rows for replicates ``0..replicates-1``.

    With ``posterior`` None the registry defaults are used. Rows come in replicate order
    whatever the number of workers.
    """
    tasks = [
        (
            scenario,
            {} if posterior is None else posterior.draw(scenario.seed, r),
            r,
            scale,
            list(targets),
            cap,
            world,
        )
        for r in range(replicates)
    ]
    rows = [row for _, row in fan_out(_row_task, tasks, workers=workers, on_done=on_done)]
    return pd.DataFrame(rows)
