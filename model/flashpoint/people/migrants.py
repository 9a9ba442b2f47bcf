"""Migrants already in Turkey (Syrians and other nationalities) who head for Greece.

Before any change of policy a small background reproduces the 2019 arrivals in Greece (UNHCR):
by sea, background migrants travel to the coast and cross like everyone else; by land, the 2019
crossings went over the Evros river away from the border gates, with smugglers, so background
land crossers are drawn as direct attempts from home (success -> in Greece, failure -> counted as
prevented, they stay home) and never gather at the border points. When Turkey says its border
is open, awareness spreads (``awareness_growth_per_day``), and each migrant at home leaves
with a daily chance equal to awareness times a propensity of their group; failure at the
border discourages others (awareness falls with the share of attempts stopped), and awareness
fades once the border is closed again. Leavers travel by the shortest road path to a land
border point or a departure coast.

**Facilitation.** Turkey's opening is announced and organised: word is spread and transport laid
on toward Edirne. On the day the border opens the land departures are multiplied by
``migrants.facilitation_factor``; the excess over 1 decays by
``migrants.facilitation_decay_per_day`` each further open day (a pulse), and Turkey withdraws it
at once (back to 1) when it closes the border or once the EU has pledged money in a deal. On the
opening day the departures toward Edirne (Pazarkule) are, in expectation, the migrants at home
in Turkey x :func:`set_out_probability` x the facilitation factor.
These people never count in the Idlib displacement metrics.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from flashpoint.people.borders import eventual_success, land_success, sea_success
from flashpoint.people.population import CROSSED, OTHERS_TR, SYRIANS_TR, DayInputs, Population
from flashpoint.world.codes import PlaceKind


class Migrants:
    """Awareness of an open border and the departures it causes.

    Args:
        pop: The population (its Turkish blocks are the migrants).
        params: Model parameters by dotted name.
    """

    def __init__(self, pop: Population, params: Mapping[str, float]) -> None:
        self.p = params
        world = pop.world
        self.awareness = 0.0
        self.land_points = np.flatnonzero(world.kind == PlaceKind.BORDER_POINT)
        self.coasts = np.flatnonzero(world.kind == PlaceKind.COAST)
        ids = list(world.place_ids)
        main = ids.index("pazarkule_kastanies") if "pazarkule_kastanies" in ids else -1
        self.pazarkule = main
        share = params["migrants.pazarkule_share"]
        others = [i for i in self.land_points if i != main]
        self.land_weights = np.array(
            [share if i == main else (1 - share) / max(1, len(others)) for i in self.land_points]
        )
        self.land_weights /= self.land_weights.sum()
        self.cities = np.flatnonzero(world.country == "TR")
        self.mainland = ids.index("greek_mainland") if "greek_mainland" in ids else -1
        self.background = self._background_rates(pop)
        self.facilitation = 1.0
        self.was_open = False
        #: Migrants who set out today, per border place they head for (entries).
        self.set_out_today = np.zeros(world.n_places, dtype=np.int64)

    def _background_rates(self, pop: Population) -> dict[tuple[int, str], float]:
        """Daily departure hazards per (group, mode) that reproduce the 2019 arrivals."""
        p = self.p
        s_land = land_success(p, p["borders.greek_enforcement_land_start"])
        s_sea = eventual_success(sea_success(p, False, p["borders.greek_enforcement_sea_start"]), p)
        out = {}
        syr_share = p["migrants.background_syrian_share"]
        for group, share in ((SYRIANS_TR, syr_share), (OTHERS_TR, 1 - syr_share)):
            size = max(1, int(pop.home_count[group].sum()))
            for mode, arrivals, success in (
                ("land", p["migrants.background_land_arrivals_per_day"], s_land),
                ("sea", p["migrants.background_sea_arrivals_per_day"], s_sea),
            ):
                departures = arrivals * share / max(success, 1e-6) / pop.scale
                out[(group, mode)] = min(1.0, departures / size)
        return out

    def set_out_probability(self, group: int) -> float:
        """Today's chance that a migrant of ``group`` at home sets out for Pazarkule-Kastanies.

        Awareness x the group's propensity x the land share x Pazarkule's share of the land
        border points, before facilitation (the Edirne crossing of the model).
        """
        p = self.p
        propensity = (
            p["migrants.syrian_propensity_per_day"]
            if group == SYRIANS_TR
            else p["migrants.other_propensity_per_day"]
        )
        main = self.land_points == self.pazarkule
        edirne_share = float(self.land_weights[main].sum())
        return self.awareness * propensity * (1 - p["migrants.sea_route_share"]) * edirne_share

    def update_facilitation(self, turkey_open: bool, eu_funding_bn: float) -> None:
        """Turkey's pulse of facilitated travel: set on opening, decaying, withdrawn."""
        p = self.p
        if turkey_open and not self.was_open:
            self.facilitation = p["migrants.facilitation_factor"]
        elif turkey_open:
            decay = 1.0 - p["migrants.facilitation_decay_per_day"]
            self.facilitation = 1.0 + (self.facilitation - 1.0) * decay
        if not turkey_open or eu_funding_bn > 0:
            self.facilitation = 1.0
        self.was_open = turkey_open

    def update_awareness(self, turkey_open: bool, stop_share_yesterday: float) -> None:
        """Word of an open border spreads while it is open and fades when it is not."""
        p = self.p
        if turkey_open:
            self.awareness += p["migrants.awareness_growth_per_day"] * (1 - self.awareness)
        else:
            self.awareness *= 1 - p["migrants.awareness_decay_per_day"]
        self.awareness *= 1 - p["migrants.failure_discouragement"] * stop_share_yesterday
        self.awareness = float(min(1.0, max(0.0, self.awareness)))

    def depart(self, pop: Population, inputs: DayInputs, rng: np.random.Generator) -> None:
        """Migrants leave home toward a land border point or a departure coast."""
        p = self.p
        propensity = {
            SYRIANS_TR: p["migrants.syrian_propensity_per_day"],
            OTHERS_TR: p["migrants.other_propensity_per_day"],
        }
        sea_share = p["migrants.sea_route_share"]
        self.set_out_today[:] = 0
        for group in (SYRIANS_TR, OTHERS_TR):
            opened = self.awareness * propensity[group] if inputs.turkey_greece_open else 0.0
            h_river = self.background[(group, "land")]
            h_land = opened * (1 - sea_share) * self.facilitation
            h_sea = self.background[(group, "sea")] + opened * sea_share
            total = h_river + h_land + h_sea
            if total > 1.0:  # a border that is all but shut asks for more than everyone
                h_river, h_land, h_sea = h_river / total, h_land / total, h_sea / total
            s_river = land_success(p, inputs.enforcement_land)
            for place in self.cities:
                n_home = int(pop.home_count[group, place])
                if n_home == 0:
                    continue
                k_river, k_land, k_sea, _ = rng.multinomial(
                    n_home, [h_river, h_land, h_sea, max(0.0, 1 - h_river - h_land - h_sea)]
                )
                self._river_crossings(pop, group, place, int(k_river), s_river, rng)
                idx = pop.pick_home(group, place, int(k_land + k_sea), rng)
                if len(idx) == 0:
                    continue
                goal = np.concatenate(
                    [
                        rng.choice(self.land_points, size=int(k_land), p=self.land_weights),
                        rng.choice(self.coasts, size=int(k_sea)),
                    ]
                ).astype(np.int16)
                pop.leave_home(idx, inputs.day, conflict=False)
                pop.target[idx] = goal[: len(idx)]
                np.add.at(self.set_out_today, goal[: len(idx)].astype(np.int64), 1)

    def _river_crossings(
        self,
        pop: Population,
        group: int,
        place: int,
        k: int,
        success: float,
        rng: np.random.Generator,
    ) -> None:
        """Background land crossers: ``k`` attempts from home over the Evros river."""
        if k == 0:
            return
        ok = int(rng.binomial(k, success))
        pop.prevented += k - ok
        idx = pop.pick_home(group, place, ok, rng)
        if len(idx) == 0:
            return
        pop.leave_home(idx, -1, conflict=False)
        pop.status[idx] = CROSSED
        pop.location[idx] = self.mainland
        pop.crossed_at_place[self.mainland] += len(idx)
        pop.flow_today[place, self.mainland] += len(idx)
        pop.crossed += len(idx)
