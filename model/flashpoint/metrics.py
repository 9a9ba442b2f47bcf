"""The daily output metrics: their exact names, meanings and kinds.

Every run yields one row per day with one column per metric named here. The names are the
stable interface used by scenario conditions (``when:``), summaries, calibration and charts.

``kind`` says how a metric behaves over time: ``cumulative`` never decreases (counts since the
scenario's start), ``level`` is a state on the day (it can go up and down), ``flag`` is 0 or 1.

``calibrated`` is True only for the metrics that a figure of ``calibration/figures.yaml`` is
fitted to; every other metric is **uncalibrated**: it follows from assumed parameters and no
figure checks it (a test keeps this list and the figures table in step).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MetricKind = Literal["cumulative", "level", "flag"]


@dataclass(frozen=True)
class Metric:
    """One daily output column.

    Attributes:
        name: Column name in ``daily.parquet`` and ``summary.csv``.
        kind: ``cumulative``, ``level`` or ``flag``.
        unit: Unit of the value (``persons``, ``deaths``, ``share``, ``rung``, ``score``, ``0/1``).
        description: What the number means.
        calibrated: True when a fitted figure constrains it (see the module docstring).
    """

    name: str
    kind: MetricKind
    unit: str
    description: str
    calibrated: bool = False


METRICS: tuple[Metric, ...] = (
    Metric(
        "displaced_total",
        "cumulative",
        "persons",
        "Residents of the Idlib area displaced at least once since the start.",
        calibrated=True,
    ),
    Metric(
        "displacement_movements",
        "cumulative",
        "persons",
        "Conflict-caused departures of Idlib-area residents from home, plus secondary "
        "displacement (displaced people driven on from a place the front has reached or the "
        "government holds), cumulative (twice displaced counts twice).",
    ),
    Metric(
        "displaced_current",
        "level",
        "persons",
        "Idlib-area residents away from home on the day (alive).",
    ),
    Metric(
        "in_border_camps",
        "level",
        "persons",
        "People in the camp belt near the Turkish border (all, incl. earlier IDPs).",
    ),
    Metric("returned_home", "cumulative", "persons", "Returns home of displaced residents."),
    Metric("civilian_deaths", "cumulative", "deaths", "Civilians killed since the start.", True),
    Metric(
        "turkish_military_deaths",
        "cumulative",
        "deaths",
        "Turkish soldiers killed since the start (real, not claimed).",
        calibrated=True,
    ),
    Metric(
        "syrian_military_deaths",
        "cumulative",
        "deaths",
        "Syrian government soldiers killed since the start (real, not claimed).",
    ),
    Metric(
        "russian_military_deaths",
        "cumulative",
        "deaths",
        "Russian military personnel killed since the start.",
    ),
    Metric(
        "regime_territory_share",
        "level",
        "share",
        "Share of the opposition-held zone of the start, weighted by starting population, "
        "held by the government on the day.",
        calibrated=True,
    ),
    Metric(
        "over_capacity_people",
        "level",
        "persons",
        "People above the room of the places that have one, summed over places: in camps everyone "
        "present above the camp's capacity, in host towns the displaced above their host room "
        "(capacity is a soft limit).",
    ),
    Metric(
        "displaced_in_turkish_held_north",
        "level",
        "persons",
        "Displaced Syrians staying in places held by Turkish-backed forces (Afrin, Azaz, al-Bab, "
        "Jarabulus) on the day.",
    ),
    Metric(
        "at_greek_border",
        "level",
        "persons",
        "People gathered at the Turkey-Greece land border on the day.",
    ),
    Metric(
        "crossed_to_greece",
        "cumulative",
        "persons",
        "Entries into Greece since the start, land and sea together.",
    ),
    Metric("sea_arrivals", "cumulative", "persons", "Entries into Greece by sea since the start."),
    Metric(
        "prevented_crossings",
        "cumulative",
        "persons",
        "Crossing attempts stopped by Greece since the start, push-backs included.",
    ),
    Metric("escalation_turkey_russia", "level", "rung", "Rung of the Turkey-Russia dyad."),
    Metric("escalation_turkey_syria", "level", "rung", "Rung of the Turkey-Syria dyad."),
    Metric("escalation_russia_nato", "level", "rung", "Rung of the Russia-NATO dyad."),
    Metric("escalation_turkey_eu", "level", "rung", "Rung of the Turkey-EU dyad."),
    Metric("escalation_turkey_nato", "level", "rung", "Rung of the Turkey-NATO dyad."),
    Metric(
        "escalation_score",
        "level",
        "score",
        "Sum over dyads of the severity weight of their rungs.",
    ),
    Metric("ceasefire_active", "flag", "0/1", "A ceasefire is in force on the day."),
    Metric(
        "border_open_turkey_greece",
        "flag",
        "0/1",
        "Turkey lets migrants go toward Greece on the day.",
    ),
    Metric(
        "direct_clash_turkey_russia",
        "flag",
        "0/1",
        "The Turkey-Russia dyad is at 'limited direct strikes' or above on the day.",
    ),
    Metric(
        "clash_occurred_turkey_russia",
        "flag",
        "0/1",
        "A direct Turkey-Russia clash has happened on or before the day.",
    ),
)

METRIC_NAMES: tuple[str, ...] = tuple(m.name for m in METRICS)
#: Units whose values are whole numbers (stored as integers in ``daily.parquet``).
WHOLE_UNITS = frozenset({"persons", "deaths", "rung", "0/1"})
INTEGER_METRICS: tuple[str, ...] = tuple(m.name for m in METRICS if m.unit in WHOLE_UNITS)
METRIC_BY_NAME: dict[str, Metric] = {m.name: m for m in METRICS}
CALIBRATED_METRICS: tuple[str, ...] = tuple(m.name for m in METRICS if m.calibrated)
UNCALIBRATED_METRICS: tuple[str, ...] = tuple(m.name for m in METRICS if not m.calibrated)
