"""What each daily metric means on a chart: a short label, its unit and whether it is calibrated.

A copy of the facts the charts need (the briefing reads results as data and imports nothing from
the simulation). A manifest that carries a ``metrics`` list of ``{name, unit, description,
calibrated}`` takes precedence; a metric named nowhere gets its column name and no unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MetricInfo:
    """How to show one metric.

    Attributes:
        name: Column name in ``daily.parquet``.
        label: Short label for an axis or a table.
        unit: Unit (persons, deaths, share, rung, score, 0/1).
        calibrated: True when a source figure constrains it.
    """

    name: str
    label: str
    unit: str
    calibrated: bool = False

    @property
    def axis_title(self) -> str:
        """Label with its unit, for an axis."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


_INFO = (
    MetricInfo("displaced_total", "Displaced at least once since the start", "persons", True),
    MetricInfo("displacement_movements", "Departures since the start", "persons"),
    MetricInfo("displaced_current", "Away from home on the day", "persons"),
    MetricInfo("in_border_camps", "In the camps near the Turkish border", "persons"),
    MetricInfo("returned_home", "Returns home since the start", "persons"),
    MetricInfo("civilian_deaths", "Civilians killed since the start", "deaths", True),
    MetricInfo(
        "turkish_military_deaths",
        "Turkish soldiers killed since the start",
        "deaths",
        calibrated=True,
    ),
    MetricInfo("syrian_military_deaths", "Syrian soldiers killed since the start", "deaths"),
    MetricInfo("russian_military_deaths", "Russian military killed since the start", "deaths"),
    MetricInfo("regime_territory_share", "Opposition zone held by the government", "share", True),
    MetricInfo("at_greek_border", "Gathered at the Greek land border", "persons"),
    MetricInfo("crossed_to_greece", "Entered Greece since the start", "persons"),
    MetricInfo("sea_arrivals", "Entered Greece by sea since the start", "persons"),
    MetricInfo("prevented_crossings", "Crossings prevented by Greece", "persons"),
    MetricInfo("escalation_turkey_russia", "Turkey-Russia rung", "rung"),
    MetricInfo("escalation_turkey_syria", "Turkey-Syria rung", "rung"),
    MetricInfo("escalation_russia_nato", "Russia-NATO rung", "rung"),
    MetricInfo("escalation_turkey_eu", "Turkey-EU rung", "rung"),
    MetricInfo("escalation_turkey_nato", "Turkey-NATO rung", "rung"),
    MetricInfo("escalation_score", "Escalation score (sum of rung weights)", "score"),
    MetricInfo("ceasefire_active", "Ceasefire in force", "0/1"),
    MetricInfo("border_open_turkey_greece", "Turkey's border toward Greece open", "0/1"),
    MetricInfo("direct_clash_turkey_russia", "Turkey-Russia direct clash on the day", "0/1"),
    MetricInfo("clash_occurred_turkey_russia", "Turkey-Russia clash so far", "0/1"),
)
METRIC_INFO: dict[str, MetricInfo] = {m.name: m for m in _INFO}


def metric_info(name: str, manifest: dict[str, Any] | None = None) -> MetricInfo:
    """How to show metric ``name``, preferring what a manifest says about it.

    Args:
        name: Metric (column) name.
        manifest: A results manifest, optionally with a ``metrics`` list.

    Returns:
        The metric's label, unit and calibration status.
    """
    known = METRIC_INFO.get(name, MetricInfo(name, name.replace("_", " "), ""))
    for entry in (manifest or {}).get("metrics") or []:
        if isinstance(entry, dict) and entry.get("name") == name:
            return MetricInfo(
                name,
                known.label,
                str(entry.get("unit", known.unit)),
                bool(entry.get("calibrated", known.calibrated)),
            )
    return known
