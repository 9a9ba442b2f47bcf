"""Who leaves home today: the civilians killed where strikes fell, and residents who flee.

A resident's daily hazard of leaving home follows the threat they face (``threat_rate_per_day``):

- **the front line**: ``displacement.front_flight_rate_per_day`` at the line, falling as
  ``exp(-distance_km / displacement.front_threat_scale_km)`` with the place's distance to it;
- **its approach** (anticipatory flight): that term times
  ``1 + displacement.anticipation_per_km_per_week * approach_km_per_week`` while the front
  comes closer;
- **strikes per resident**: ``displacement.flight_rate_per_death_per_1000_residents`` times
  the civilians killed at the place today per 1,000 residents still there (the toll of the
  strikes on one's neighbours, not the count of strikes on the place);
- **capture**: on the day their town is captured most of those still there flee
  (``displacement.capture_flight_share``); afterwards the residents of a captured town keep
  leaving at ``displacement.captured_flight_rate_per_day``.

The hazard is ``1 - exp(-rate)``. Today's leavers all set off on a route the same day
(``moves.decide_moves``). Without a front (``DayInputs.front_distance_km`` None) only the
strikes and captures act. The front term acts on places the opposition holds (the
Turkish-held north and government areas are not on the Idlib front).
"""

from __future__ import annotations

import numpy as np

from flashpoint.people.population import (
    DISPLACED,
    IDLIB,
    SYRIA_OTHER,
    DayInputs,
    Population,
)
from flashpoint.world.codes import Control


def remove_killed(pop: Population, inputs: DayInputs, rng: np.random.Generator) -> None:
    """Step 1: remove the civilians killed today from the places where they were."""
    deaths = inputs.civilian_deaths / pop.scale
    places = np.flatnonzero(deaths > 0)
    if len(places) == 0:
        return
    a = pop.active
    staying = a[(pop.status[a] == DISPLACED)]
    loc = pop.location[staying]
    for place in places:
        k = int(np.floor(deaths[place]) + (rng.random() < deaths[place] % 1.0))
        if k == 0:
            continue
        n_home = int(pop.home_count[IDLIB, place] + pop.home_count[SYRIA_OTHER, place])
        here = staying[loc == place]
        k = min(k, n_home + len(here))
        k_home = int(rng.hypergeometric(n_home, len(here), k)) if k > 0 else 0
        killed = [rng.choice(here, size=k - k_home, replace=False)] if k > k_home else []
        remaining = k_home
        for group in (IDLIB, SYRIA_OTHER):
            take = min(remaining, int(pop.home_count[group, place]))
            killed.append(pop.pick_home(group, place, take, rng))
            remaining -= take
        pop.kill(np.concatenate(killed) if killed else np.zeros(0, dtype=np.int64))


def threat_rate_per_day(pop: Population, inputs: DayInputs) -> np.ndarray:
    """Daily flight rate of a resident at each place from the threat they face (per day)."""
    p = pop.p
    n = pop.world.n_places
    rate = np.zeros(n)
    if inputs.front_distance_km is not None:
        dist_km = np.asarray(inputs.front_distance_km, dtype=float)
        with np.errstate(over="ignore", invalid="ignore"):
            near = np.exp(-dist_km / p["displacement.front_threat_scale_km"])
        near = np.where(np.isfinite(dist_km), near, 0.0)
        approach = inputs.front_approach_km_per_week
        approach_km = np.zeros(n) if approach is None else np.maximum(0.0, approach)
        anticipation = 1.0 + p["displacement.anticipation_per_km_per_week"] * approach_km
        held = inputs.control == Control.OPPOSITION  # the Idlib front only moves there
        rate += np.where(
            held, p["displacement.front_flight_rate_per_day"] * near * anticipation, 0.0
        )
    residents_thousands = pop.home_count[IDLIB] + pop.home_count[SYRIA_OTHER]
    residents_thousands = residents_thousands * pop.scale / 1000.0
    with np.errstate(divide="ignore", invalid="ignore"):
        deaths_per_1000 = np.where(
            residents_thousands > 0, inputs.civilian_deaths / residents_thousands, 0.0
        )
    rate += p["displacement.flight_rate_per_death_per_1000_residents"] * deaths_per_1000
    if inputs.front_captured is not None:
        rate += np.where(inputs.front_captured, p["displacement.captured_flight_rate_per_day"], 0.0)
    return rate


def flee_conflict(pop: Population, inputs: DayInputs, rng: np.random.Generator) -> np.ndarray:
    """Step 2: residents leave home under threat; returns the indices of today's leavers."""
    p = pop.p
    hazard = 1.0 - np.exp(-threat_rate_per_day(pop, inputs))
    hazard = np.where(
        inputs.captured_today, np.maximum(hazard, p["displacement.capture_flight_share"]), hazard
    )
    leavers = []
    for group in (IDLIB, SYRIA_OTHER):
        at_home = pop.home_count[group]
        for place in np.flatnonzero((hazard > 0) & (at_home > 0)):
            k = int(rng.binomial(int(at_home[place]), hazard[place]))
            leavers.append(pop.pick_home(group, place, k, rng))
    idx = np.concatenate(leavers) if leavers else np.zeros(0, dtype=np.int64)
    pop.leave_home(idx, inputs.day, conflict=True)
    return idx
