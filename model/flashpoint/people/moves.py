"""Where displaced people go: the daily chance to move on, route choice, and travel.

People away from home move on with a chance by place type and conflict (Flee's move chances);
those driven on again by conflict count as secondary displacement in ``displacement_movements``;
movers pick a next place with Flee-style weights (distance, destination kind, capacity, danger:
``routes.RouteChooser``), or follow the shortest path when they travel toward a goal; everyone
on a route covers up to the daily distance and may arrive.
"""

from __future__ import annotations

import numpy as np

from flashpoint.people.population import (
    AT_BORDER,
    DISPLACED,
    IDLIB,
    TRANSIT,
    DayInputs,
    Population,
)
from flashpoint.people.routes import REGIME
from flashpoint.world.codes import PlaceKind

BORDER_KINDS = (PlaceKind.BORDER_POINT, PlaceKind.COAST)


def move_chance(pop: Population, inputs: DayInputs) -> np.ndarray:
    """Daily chance that a displaced person at each place moves on.

    Camps with room: the camp chance; towns with host room left: the chance with room (people
    who find room mostly stay); places with a limit and no room left, and places without a
    limit: the town chance (so arrivals spill over from a full camp belt). Conflict and the
    government's control raise it as before.
    """
    p = pop.p
    kind = pop.world.kind
    has_room = pop.crowding(pop.present_by_place()) < 1.0
    limited = np.isfinite(pop.room_people)
    chance = np.full(pop.world.n_places, p["displacement.move_chance_town_per_day"])
    chance[limited & has_room] = p["displacement.move_chance_with_room_per_day"]
    chance[(kind == PlaceKind.CAMP) & has_room] = p["displacement.move_chance_camp_per_day"]
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
    count_secondary_displacement(pop, inputs, staying[moving & (goal < 0)])
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
            inputs.intensity,
            inputs.control,
            pop.crowding(pop.present_by_place()),
            inputs.syria_turkey_open,
        )
        entry = pop.chooser.choose(loc[free], offsets, rng.random(int(free.sum())))
        go = entry >= 0
        pop.start_hops(movers[free][go], entry[go])


def count_secondary_displacement(pop: Population, inputs: DayInputs, movers: np.ndarray) -> None:
    """Count in ``displacement_movements`` the Idlib displaced driven on again by conflict.

    A mover (not a leaver of today, not on the way to a goal) who leaves a place the front has
    reached (within ``displacement.front_threat_scale_km`` of the line) or the government holds
    is displaced again: secondary displacement. Moving on from a quiet place is not counted.
    """
    again = movers[(pop.since[movers] != inputs.day) & (pop.group[movers] == IDLIB)]
    loc = pop.location[again]
    driven = inputs.control[loc] == REGIME
    if inputs.front_distance_km is not None:
        near_km = pop.p["displacement.front_threat_scale_km"]
        driven |= inputs.front_distance_km[loc] <= near_km
    pop.movements += int(driven.sum())


def route_entries(pop: Population, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Adjacency entries that lead from ``src`` to its neighbour ``dst``."""
    w = pop.world
    key = src * w.n_places + dst
    entry_key = np.repeat(np.arange(w.n_places), np.diff(w.adj_start)) * w.n_places + w.adj_to
    order = np.argsort(entry_key, kind="stable")
    pos = np.searchsorted(entry_key[order], key)
    return order[pos]


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
