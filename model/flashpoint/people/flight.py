"""One day of flight, movement and return for the people of the model.

Order within the day (called from the model's step):

1. civilians killed today are removed where the strikes fell;
2. residents leave home with a hazard set by their place's conflict intensity (and most of those
   still there flee on the day their town is captured);
3. people away from home decide whether to move on (chance by place type and conflict), and
   movers pick a next place (Flee-style weights, or the shortest path for goal-directed
   travellers);
4. displaced people whose home has been quiet for a while set off home;
5. everyone on a route travels up to the daily distance and may arrive.

Migrants in Turkey set off (``migrants``) between steps 2 and 3, and crossings toward Greece
(``borders``) follow step 5; the model's step calls the pieces in that order.
"""

from __future__ import annotations

import numpy as np

from flashpoint.people.population import (
    AT_BORDER,
    DISPLACED,
    IDLIB,
    SYRIA_OTHER,
    TRANSIT,
    DayInputs,
    Population,
)
from flashpoint.people.routes import KIND, REGIME

BORDER_KINDS = (KIND["border_point"], KIND["coast"])


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


def move_chance(pop: Population, inputs: DayInputs) -> np.ndarray:
    """Daily chance that a displaced person at each place moves on."""
    p = pop.p
    kind = pop.world.kind
    chance = np.full(pop.world.n_places, p["displacement.move_chance_town_per_day"])
    chance[kind == KIND["camp"]] = p["displacement.move_chance_camp_per_day"]
    conflict = np.minimum(1.0, p["displacement.move_chance_conflict_per_day"] * inputs.intensity)
    chance = np.maximum(chance, np.where(inputs.intensity > 0, conflict, 0.0))
    return np.where(inputs.control == REGIME, np.maximum(chance, conflict), chance)


def decide_moves(
    pop: Population, inputs: DayInputs, new_leavers: np.ndarray, rng: np.random.Generator
) -> None:
    """Step 3: people at places decide to move; movers start a hop."""
    a = pop.active
    staying = a[pop.status[a] == DISPLACED]
    if len(staying) == 0:
        return
    loc = pop.location[staying].astype(np.int64)
    goal = pop.target[staying]
    u = rng.random(len(staying))
    moving = u < move_chance(pop, inputs)[loc]
    moving |= goal >= 0  # goal-directed travellers keep going
    moving |= pop.since[staying] == inputs.day  # today's leavers all set off
    movers, loc, goal = staying[moving], loc[moving], goal[moving]
    directed = goal >= 0
    if directed.any():
        d_idx = movers[directed]
        nxt = pop.next_hop[loc[directed], goal[directed]].astype(np.int64)
        ok = nxt >= 0
        entries = route_entries(pop, loc[directed][ok], nxt[ok])
        pop.start_hops(d_idx[ok], entries)
    free = ~directed
    if free.any():
        offsets = pop.chooser.cumulative_offsets(
            inputs.intensity, inputs.control, pop.present_by_place(), inputs.syria_turkey_open
        )
        entry = pop.chooser.choose(loc[free], offsets, rng.random(int(free.sum())))
        go = entry >= 0
        pop.start_hops(movers[free][go], entry[go])


def route_entries(pop: Population, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Adjacency entries that lead from ``src`` to its neighbour ``dst``."""
    w = pop.world
    key = src * w.n_places + dst
    entry_key = np.repeat(np.arange(w.n_places), np.diff(w.adj_start)) * w.n_places + w.adj_to
    order = np.argsort(entry_key, kind="stable")
    pos = np.searchsorted(entry_key[order], key)
    return order[pos]


def go_home(pop: Population, inputs: DayInputs, rng: np.random.Generator) -> None:
    """Step 4: displaced Syrians whose home has been quiet set off home."""
    p = pop.p
    pop.quiet_days = np.where(
        inputs.intensity > p["displacement.quiet_intensity_threshold"], 0, pop.quiet_days + 1
    )
    a = pop.active
    cand = a[(pop.status[a] == DISPLACED) & (pop.group[a] <= SYRIA_OTHER) & (pop.target[a] < 0)]
    if len(cand) == 0:
        return
    home = pop.origin[cand].astype(np.int64)
    rate = np.where(
        pop.quiet_days[home] >= p["displacement.return_quiet_days"],
        p["displacement.return_rate_per_day"],
        0.0,
    )
    rate = np.where(
        inputs.control[home] == REGIME, rate * p["displacement.return_to_regime_area_factor"], rate
    )
    rate = np.where(pop.location[cand] == home, 0.0, rate)
    back = rng.random(len(cand)) < rate
    pop.start_direct(cand[back], home[back])


def travel(pop: Population) -> None:
    """Step 5: everyone on a route covers up to the daily distance; arrivals settle."""
    a = pop.active
    moving = a[pop.status[a] == TRANSIT]
    if len(moving) == 0:
        return
    pop.km_left[moving] -= pop.p["displacement.max_speed_km_per_day"]
    arrived = moving[pop.km_left[moving] <= 0]
    pop.km_left[arrived] = 0
    pop.route[arrived] = -1
    reached_home = pop.location[arrived] == pop.origin[arrived]
    going_home = reached_home & (pop.target[arrived] == pop.origin[arrived])
    pop.arrive_home(arrived[going_home])
    rest = arrived[~going_home]
    at_goal = pop.location[rest] == pop.target[rest]
    border = np.isin(pop.world.kind[pop.location[rest]], BORDER_KINDS) & at_goal
    pop.status[rest] = DISPLACED
    pop.status[rest[border]] = AT_BORDER
    pop.target[rest[at_goal]] = -1
