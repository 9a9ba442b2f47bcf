"""Computing the day's metrics (see ``metrics.py`` for their meanings) from a model's state."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from flashpoint.people.population import AT_BORDER, DISPLACED, IDLIB, SYRIA_OTHER

if TYPE_CHECKING:
    from flashpoint.model import FlashpointModel
from flashpoint.world.codes import Control, PlaceKind


def daily_metrics(model: FlashpointModel, present: np.ndarray) -> dict[str, float]:
    """The metric values at the end of the model's current day, in persons where counts.

    Args:
        model: A ``FlashpointModel`` after the day's step.
        present: Entries at each place (from ``Population.present_by_place``).
    """
    pop, s, d, ladder = model.population, model.state, model.day, model.ladder
    k = pop.scale
    world = model.world
    a = pop.active
    waiting = a[pop.status[a] == AT_BORDER]
    at_land = int((world.kind[pop.location[waiting]] == PlaceKind.BORDER_POINT).sum())
    idlib_home = int(pop.home_count[IDLIB].sum())
    idlib_away = int(pop.group_size[IDLIB]) - idlib_home - int(pop.dead_by_group[IDLIB])
    rungs = s.rungs
    staying = a[(pop.status[a] == DISPLACED) & (pop.group[a] <= SYRIA_OTHER)]
    north = model.military.control == Control.TURKISH_BACKED
    north_displaced = int(north[pop.location[staying]].sum())
    out = {
        "displaced_total": pop.displaced_ever * k,
        "displacement_movements": pop.movements * k,
        "displaced_current": idlib_away * k,
        "in_border_camps": int(present[pop.is_camp].sum()) * k,
        "returned_home": pop.returns * k,
        "civilian_deaths": float(s.civilian_deaths[: d + 1].sum()),
        "turkish_military_deaths": float(s.turkish_deaths[: d + 1].sum()),
        "syrian_military_deaths": float(s.syrian_deaths[: d + 1].sum()),
        "russian_military_deaths": float(s.russian_deaths[: d + 1].sum()),
        "regime_territory_share": model.military.regime_territory_share(),
        "over_capacity_people": float(pop.over_capacity(present).sum()) * k,
        "displaced_in_turkish_held_north": north_displaced * k,
        "at_greek_border": at_land * k,
        "crossed_to_greece": pop.crossed * k,
        "sea_arrivals": pop.sea_arrivals * k,
        "prevented_crossings": pop.prevented * k,
    }
    for i, dyad in enumerate(ladder.dyads):
        out[f"escalation_{dyad.id}"] = int(rungs[i])
    out["escalation_score"] = ladder.score(rungs)
    out["ceasefire_active"] = int(s.ceasefire is not None)
    out["border_open_turkey_greece"] = int(s.border_open_turkey_greece)
    clash = int(rungs[model.tr] >= ladder.clash_rung)
    out["direct_clash_turkey_russia"] = clash
    out["clash_occurred_turkey_russia"] = int(s.clash_occurred or clash)
    return {name: float(v) for name, v in out.items()}
