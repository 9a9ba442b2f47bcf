"""People as arrays: Idlib residents, other Syrians, and migrants in Turkey.

One array entry stands for ``scale`` persons. Entries are sorted by (group, origin) at the start,
so the people who still live at home in a place form a contiguous block: departures from home
are drawn as binomial counts per place and picked inside the block, and nothing loops over people
in Python. People away from home are kept in ``active`` (an index array updated each day).

Each entry has an origin, a current place (or the destination of the hop it is travelling), a
route (-1 at a place, -2 on a direct trip home), the km left on that hop, a target place for
goal-directed travel, the day it was last displaced, a crossing-attempt count and a status.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from flashpoint.people.routes import RouteChooser, next_hop_matrix
from flashpoint.world.codes import Control, PlaceKind
from flashpoint.world.world import World, haversine_km

HOME, DISPLACED, TRANSIT, AT_BORDER, CROSSED, DEAD = range(6)
STATUS_NAMES = ("home", "displaced", "in_transit", "at_border", "crossed", "dead")
IDLIB, SYRIA_OTHER, SYRIANS_TR, OTHERS_TR = range(4)
GROUP_NAMES = ("idlib_area", "syria_other", "syrians_in_turkey", "others_in_turkey")
DIRECT_TRIP = -2


@dataclass(frozen=True)
class DayInputs:
    """What the rest of the model tells the population on a day.

    Attributes:
        day: Day index (0 = start).
        intensity: Conflict intensity per place, 0..1.
        captured_today: True for places the government took today.
        civilian_deaths: Civilians killed per place today (persons).
        control: Who holds each place (a ``world.codes.Control``).
        syria_turkey_open: Whether the displaced may cross into Turkey.
        turkey_greece_open: Whether Turkey lets migrants go toward Greece.
        enforcement_land: Greek land-border enforcement, 0..1.
        enforcement_sea: Greek sea enforcement, 0..1.
        front_distance_km: Distance from each place to the front line, km (float32; inf outside
            Syria), from :class:`flashpoint.crisis.front.Front`; None where no front is given.
        front_captured: True where the government holds a place the opposition held at the
            start.
        front_approach_km_per_week: Km the front came closer to each place over the last 7
            days (positive: approaching).
        eu_funding_bn: EU money pledged to Turkey by deals so far, billions of euros.
    """

    day: int
    intensity: np.ndarray
    captured_today: np.ndarray
    civilian_deaths: np.ndarray
    control: np.ndarray
    syria_turkey_open: bool
    turkey_greece_open: bool
    enforcement_land: float
    enforcement_sea: float
    front_distance_km: np.ndarray | None = None
    front_captured: np.ndarray | None = None
    front_approach_km_per_week: np.ndarray | None = None
    eu_funding_bn: float = 0.0


def host_room_people(world: World, params: Mapping[str, float]) -> np.ndarray:
    """Room for the displaced at each place, persons (inf where there is no limit).

    Camps (places of kind ``camp``): their capacity from ``places.csv`` (all people present
    count against it). Other Syrian places held by the opposition or Turkish-backed forces:
    host families and informal settlements, ``displacement.host_room_per_resident`` times the
    starting population (only the displaced count against it). Elsewhere: no limit.
    """
    room = np.full(world.n_places, np.inf)
    host = (
        (world.country == "SY")
        & np.isin(world.control, (Control.OPPOSITION, Control.TURKISH_BACKED))
        & np.isin(world.kind, (PlaceKind.TOWN, PlaceKind.CONFLICT_TOWN))
    )
    room[host] = params["displacement.host_room_per_resident"] * world.population[host]
    camp = world.kind == PlaceKind.CAMP
    room[camp] = np.where(world.capacity[camp] >= 0, world.capacity[camp], np.inf)
    return room


class Population:
    """The people of the model and the counts kept about them.

    Args:
        world: Places and routes.
        params: Model parameters by dotted name.
        scale: Persons per array entry (``--scale``).
        rng: Generator for the set-up (stochastic rounding of place populations).
    """

    def __init__(
        self, world: World, params: Mapping[str, float], scale: int, rng: np.random.Generator
    ) -> None:
        self.world, self.p, self.scale = world, params, int(scale)
        n_places = world.n_places
        opposition = world.control == Control.OPPOSITION
        syrian = world.country == "SY"
        sizes = np.zeros((4, n_places), dtype=np.int64)
        sizes[IDLIB] = np.where(syrian & opposition, world.population, 0)
        sizes[SYRIA_OTHER] = np.where(syrian & ~opposition, world.population, 0)
        sizes[SYRIANS_TR] = np.where(world.country == "TR", world.population, 0)
        sizes[OTHERS_TR] = np.where(world.country == "TR", world.other_migrants, 0)
        exact = sizes / self.scale
        entries = np.floor(exact).astype(np.int64)
        entries += rng.random(exact.shape) < (exact - entries)
        counts = entries.ravel()  # group-major, then place
        self.block_start = np.concatenate([[0], np.cumsum(counts)])[:-1].reshape(4, n_places)
        self.block_end = self.block_start + entries
        n = int(counts.sum())
        self.n = n
        self.group = np.repeat(np.repeat(np.arange(4), n_places), counts).astype(np.int8)
        self.origin = np.repeat(np.tile(np.arange(n_places), 4), counts).astype(np.int16)
        self.location = self.origin.copy()
        self.status = np.zeros(n, dtype=np.int8)
        self.route = np.full(n, -1, dtype=np.int16)
        self.km_left = np.zeros(n, dtype=np.float32)
        self.target = np.full(n, -1, dtype=np.int16)
        self.since = np.full(n, -1, dtype=np.int16)
        self.attempts = np.zeros(n, dtype=np.int8)
        self.ever_displaced = np.zeros(n, dtype=bool)
        self.home_count = entries.copy()
        self.active = np.zeros(0, dtype=np.int64)
        self.starting_entries = n
        # Counters, in entries (multiplied by scale when reported).
        self.displaced_ever = 0
        self.movements = 0
        self.returns = 0
        self.dead_by_group = np.zeros(4, dtype=np.int64)
        self.crossed = 0
        self.crossed_at_place = np.zeros(n_places, dtype=np.int64)
        self.sea_arrivals = 0
        self.prevented = 0
        self.group_size = entries.sum(axis=1)
        self.quiet_days = np.full(n_places, 10_000, dtype=np.int64)
        self.chooser = RouteChooser(world, params)
        self.next_hop = next_hop_matrix(world)
        #: Great-circle distance between places, km.
        self.km_between = haversine_km(
            world.lat[:, None], world.lon[:, None], world.lat[None, :], world.lon[None, :]
        )
        self.direct_km = params["displacement.return_detour_factor"] * self.km_between
        #: Share of each place destroyed so far (``returns``).
        self.destroyed = np.zeros(n_places)
        self.is_camp = world.kind == PlaceKind.CAMP
        self.room_people = host_room_people(world, params)
        self.flow_today = np.zeros((n_places, n_places), dtype=np.int64)
        #: Residents who fled home today, per place of origin (entries; reset each day).
        self.fled_today = np.zeros(n_places, dtype=np.int64)
        #: Syrians who reached home again today, per place of origin (entries; reset each day).
        self.returned_today = np.zeros(n_places, dtype=np.int64)

    # ----------------------------------------------------------------- selection helpers
    def pick_home(self, group: int, place: int, k: int, rng: np.random.Generator) -> np.ndarray:
        """Indices of ``k`` residents of ``place`` (group ``group``) still at home, at random."""
        s, e = int(self.block_start[group, place]), int(self.block_end[group, place])
        n_home = int(self.home_count[group, place])
        k = min(k, n_home)
        if k <= 0:
            return np.zeros(0, dtype=np.int64)
        if n_home == e - s:
            return s + rng.choice(e - s, size=k, replace=False)
        if n_home * 4 < (e - s) or k * 4 > n_home:
            at_home = s + np.flatnonzero(self.status[s:e] == HOME)
            return rng.choice(at_home, size=k, replace=False)
        chosen = np.zeros(0, dtype=np.int64)
        while len(chosen) < k:
            draw = s + rng.integers(0, e - s, size=2 * (k - len(chosen)) + 8)
            draw = draw[self.status[draw] == HOME]
            chosen = np.concatenate([chosen, draw])
            _, first = np.unique(chosen, return_index=True)
            chosen = chosen[np.sort(first)]
        return chosen[:k]

    def leave_home(self, idx: np.ndarray, day: int, conflict: bool) -> None:
        """Mark ``idx`` (all at home) as having left; counts and the active set follow."""
        if len(idx) == 0:
            return
        g = self.group[idx]
        np.subtract.at(self.home_count, (g, self.origin[idx]), 1)
        self.status[idx] = DISPLACED
        self.since[idx] = day
        if conflict:
            syrians = g <= SYRIA_OTHER
            idlib = idx[g == IDLIB]
            self.displaced_ever += int((~self.ever_displaced[idlib]).sum())
            self.movements += len(idlib)
            self.fled_today += np.bincount(self.origin[idx], minlength=self.world.n_places)
            self.ever_displaced[idx[syrians]] = True
        self.active = np.concatenate([self.active, idx])

    def arrive_home(self, idx: np.ndarray) -> None:
        """People in ``idx`` reach their origin: they are home again."""
        if len(idx) == 0:
            return
        self.status[idx] = HOME
        self.location[idx] = self.origin[idx]
        self.route[idx] = -1
        self.target[idx] = -1
        self.attempts[idx] = 0
        g = self.group[idx]
        np.add.at(self.home_count, (g, self.origin[idx]), 1)
        self.returns += int((g == IDLIB).sum())
        syrians = self.origin[idx][g <= SYRIA_OTHER]
        self.returned_today += np.bincount(syrians, minlength=self.world.n_places)

    def kill(self, idx: np.ndarray) -> None:
        """People in ``idx`` die (civilians killed in strikes)."""
        if len(idx) == 0:
            return
        at_home = idx[self.status[idx] == HOME]
        np.subtract.at(self.home_count, (self.group[at_home], self.origin[at_home]), 1)
        self.status[idx] = DEAD
        self.route[idx] = -1
        np.add.at(self.dead_by_group, self.group[idx], 1)

    def crowding(self, present: np.ndarray) -> np.ndarray:
        """Occupancy of each place's room for the displaced (entries / entries; 0 without limit).

        Camps: everyone present over the camp's capacity. Towns with host room: the displaced
        present over the room. A place with a limit and no room is full (occupancy inf).
        """
        room = self.room_people / self.scale
        displaced_here = present - self.home_count.sum(axis=0) - self.crossed_at_place
        occupants = np.where(self.is_camp, present, displaced_here).astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            fill = np.where(room > 0, occupants / room, np.where(occupants > 0, np.inf, 1.0))
        return np.where(np.isfinite(self.room_people), fill, 0.0)

    def over_capacity(self, present: np.ndarray) -> np.ndarray:
        """Entries above each place's room (camps: capacity; towns: host room), per place."""
        room = self.room_people / self.scale
        displaced_here = present - self.home_count.sum(axis=0) - self.crossed_at_place
        occupants = np.where(self.is_camp, present, displaced_here).astype(float)
        over = np.maximum(0.0, occupants - room)
        return np.where(np.isfinite(self.room_people), over, 0.0)

    def compact_active(self) -> None:
        """Drop from ``active`` everyone who is home, dead or in Greece."""
        st = self.status[self.active]
        self.active = self.active[(st >= DISPLACED) & (st <= AT_BORDER)]

    def present_by_place(self) -> np.ndarray:
        """Entries at each place (home or staying there, not travelling), per place."""
        a = self.active
        staying = a[self.status[a] != TRANSIT]
        away = np.bincount(self.location[staying], minlength=self.world.n_places)
        return self.home_count.sum(axis=0) + away + self.crossed_at_place

    # ----------------------------------------------------------------- start a hop
    def start_hops(self, idx: np.ndarray, entries: np.ndarray) -> None:
        """Movers ``idx`` set off along adjacency ``entries`` (one hop each)."""
        w = self.world
        src = self.location[idx].astype(np.int64)
        dst = w.adj_to[entries]
        self.route[idx] = w.adj_route[entries]
        self.km_left[idx] = w.route_distance_km[w.adj_route[entries]]
        self.location[idx] = dst
        self.status[idx] = TRANSIT
        np.add.at(self.flow_today, (src, dst.astype(np.int64)), 1)

    def start_direct(self, idx: np.ndarray, dest: np.ndarray) -> None:
        """Movers ``idx`` set off on a direct trip to ``dest`` (going home)."""
        src = self.location[idx].astype(np.int64)
        self.km_left[idx] = self.direct_km[src, dest]
        self.route[idx] = DIRECT_TRIP
        self.target[idx] = dest
        self.location[idx] = dest
        self.status[idx] = TRANSIT
        np.add.at(self.flow_today, (src, dest.astype(np.int64)), 1)

    # ----------------------------------------------------------------- reporting
    def persons(self, entries: float) -> float:
        """Entries converted to persons."""
        return float(entries) * self.scale

    def conservation_gap(self) -> int:
        """Starting entries minus (at places + on routes + dead), from the kept counts.

        Zero when nobody was created or lost: a check of the incremental bookkeeping (home
        counts, the active set, crossings and deaths) against the starting population.
        """
        in_transit = int((self.status[self.active] == TRANSIT).sum())
        at_places = int(self.present_by_place().sum())
        dead = int(self.dead_by_group.sum())
        return int(self.starting_entries - (at_places + in_transit + dead))
