"""Who leaves home today: the civilians killed where strikes fell, and residents who flee.

Residents leave home with a daily hazard set by their place's conflict intensity
(``displacement.flight_rate_per_day_at_full_intensity``), and most of those still there flee on
the day their town is captured (``displacement.capture_flight_share``). Today's leavers all set
off on a route the same day (``moves.decide_moves``).
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


def flee_conflict(pop: Population, inputs: DayInputs, rng: np.random.Generator) -> np.ndarray:
    """Step 2: residents leave home under fire; returns the indices of today's leavers."""
    p = pop.p
    hazard = 1.0 - np.exp(
        -p["displacement.flight_rate_per_day_at_full_intensity"] * inputs.intensity
    )
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
