"""Crossing toward Greece: the land border on the Evros and the sea to the islands.

People waiting at a Turkey-Greece border place try to cross each day with a set chance. On land,
Greek enforcement turns an attempt into a success or a stop (push-backs included), both counted;
on the sea, the Turkish coast guard intercepts a share of boats first (a share that falls when
Turkey lets migrants go and rises after an EU deal), then Greek enforcement stops or lets
through the rest. After a failed attempt a person gives up and goes home, or waits and tries
again; the chance of giving up grows with the failures so far (``give_up_chance``). When Turkey
closes its side, Turkish police clear the land border area at a daily rate.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from flashpoint.people.population import AT_BORDER, CROSSED, DayInputs, Population
from flashpoint.world.codes import Border, PlaceKind
from flashpoint.world.world import World


def across_place(world: World) -> np.ndarray:
    """For each place, the Greek place across its border link (-1 if none)."""
    across = np.full(world.n_places, -1, dtype=np.int64)
    greek = set(np.flatnonzero(world.country == "GR").tolist())
    crossing = {Border.TURKEY_GREECE_LAND, Border.TURKEY_GREECE_SEA}
    for r in range(world.n_routes):
        if int(world.route_border[r]) not in crossing:
            continue
        a, b = int(world.route_from[r]), int(world.route_to[r])
        if b in greek and a not in greek:
            across[a] = b
        elif a in greek and b not in greek:
            across[b] = a
    return across


def land_success(p: Mapping[str, float], enforcement_land: float) -> float:
    """Chance that one attempt on the land border gets through."""
    return p["borders.land_success_max"] * (1.0 - enforcement_land)


def turkish_interception(p: Mapping[str, float], turkey_open: bool, eu_funding_bn: float) -> float:
    """Share of boats the Turkish coast guard intercepts.

    Smaller while Turkey lets migrants go; an EU deal adds
    ``borders.turkish_sea_interception_per_deal_bn`` of the boats not otherwise intercepted per
    billion euros pledged (as Turkey undertook in the EU-Turkey Statement of 18 March 2016 to
    prevent new sea routes from Turkey to the EU).
    """
    base = (
        p["borders.turkish_sea_interception_open"]
        if turkey_open
        else p["borders.turkish_sea_interception_closed"]
    )
    deal = min(1.0, p["borders.turkish_sea_interception_per_deal_bn"] * max(0.0, eu_funding_bn))
    return 1.0 - (1.0 - base) * (1.0 - deal)


def sea_success(
    p: Mapping[str, float], turkey_open: bool, enforcement_sea: float, eu_funding_bn: float = 0.0
) -> float:
    """Chance that one sea attempt lands on an island (past both coast guards)."""
    interception = turkish_interception(p, turkey_open, eu_funding_bn)
    return (1.0 - interception) * p["borders.sea_success_max"] * (1.0 - enforcement_sea)


def give_up_chance(p: Mapping[str, float], failures: np.ndarray | int) -> np.ndarray:
    """Chance of giving up after the ``failures``-th failed attempt (1, 2, ...).

    ``borders.give_up_per_failure`` after the first failure, plus
    ``borders.give_up_increase_per_failure`` for each failure before it, capped at 1.
    """
    k = np.maximum(np.asarray(failures, dtype=float), 1.0)
    increase = p["borders.give_up_increase_per_failure"] * (k - 1.0)
    return np.minimum(1.0, p["borders.give_up_per_failure"] + increase)


def eventual_success(
    per_attempt: float, p: Mapping[str, float], max_attempts: int = 10_000
) -> float:
    """Chance that someone who keeps trying until success or giving up eventually crosses.

    With per-attempt success s and give-up chance g_k after the k-th failure,
    P = sum over k >= 1 of s (1 - s)^(k - 1) prod_{j < k} (1 - g_j) (docs/MODEL.md).
    """
    if per_attempt <= 0:
        return 0.0
    k = np.arange(1, max_attempts + 1)
    stay = np.cumprod(np.concatenate([[1.0], (1.0 - give_up_chance(p, k[:-1]))]))
    fail_before = (1.0 - per_attempt) ** (k - 1)
    return float(np.sum(per_attempt * fail_before * stay))


class Borders:
    """The crossing rules, with the places they act on."""

    def __init__(self, world: World, params: Mapping[str, float]) -> None:
        self.p = params
        self.across = across_place(world)
        self.is_land = world.kind == PlaceKind.BORDER_POINT
        self.is_coast = world.kind == PlaceKind.COAST
        self.attempts_today = 0
        self.stops_today = 0

    def step(self, pop: Population, inputs: DayInputs, rng: np.random.Generator) -> None:
        """Attempts, successes, stops and give-ups of everyone waiting at a border today."""
        p = self.p
        a = pop.active
        waiting = a[pop.status[a] == AT_BORDER]
        self.attempts_today = self.stops_today = 0
        if len(waiting) == 0:
            return
        loc = pop.location[waiting].astype(np.int64)
        land = self.is_land[loc]
        if not inputs.turkey_greece_open:
            cleared = land & (
                rng.random(len(waiting)) < p["borders.turkish_clearance_rate_per_day"]
            )
            pop.start_direct(waiting[cleared], pop.origin[waiting[cleared]].astype(np.int64))
            waiting, loc, land = waiting[~cleared], loc[~cleared], land[~cleared]
        rate = np.where(
            land, p["borders.land_attempt_rate_per_day"], p["borders.sea_attempt_rate_per_day"]
        )
        trying = rng.random(len(waiting)) < rate
        waiting, loc, land = waiting[trying], loc[trying], land[trying]
        u = rng.random(len(waiting))
        s_land = land_success(p, inputs.enforcement_land)
        interception = turkish_interception(p, inputs.turkey_greece_open, inputs.eu_funding_bn)
        s_greek_sea = p["borders.sea_success_max"] * (1.0 - inputs.enforcement_sea)
        # Sea: u < interception -> Turkish interception; then Greek success or push-back.
        intercepted = ~land & (u < interception)
        sea_ok = ~land & ~intercepted & (u < interception + (1 - interception) * s_greek_sea)
        land_ok = land & (u < s_land)
        success = land_ok | sea_ok
        stopped = ~success & ~intercepted  # stopped by Greece, push-backs included
        self.attempts_today = len(waiting)
        self.stops_today = int(stopped.sum())
        crossed = waiting[success]
        dest = self.across[loc[success]]
        pop.status[crossed] = CROSSED
        pop.location[crossed] = dest
        np.add.at(pop.crossed_at_place, dest, 1)
        np.add.at(pop.flow_today, (loc[success], dest), 1)
        pop.crossed += len(crossed)
        pop.sea_arrivals += int(sea_ok.sum())
        pop.prevented += self.stops_today
        failed = waiting[~success]
        pop.attempts[failed] = np.minimum(pop.attempts[failed].astype(np.int16) + 1, 127)
        quit_ = rng.random(len(failed)) < give_up_chance(p, pop.attempts[failed])
        pop.start_direct(failed[quit_], pop.origin[failed[quit_]].astype(np.int64))
