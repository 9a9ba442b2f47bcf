"""Per-person reference implementation of the displacement rules (the test oracle).

One plain Python object per person, one loop per day, written from the rules in
docs/MODEL.md and ``flashpoint/displacement.py``'s docstring, importing nothing from the
vectorised code. It covers flight from home under conflict, the decision to move on, Flee-style
route choice, travel with a daily distance limit, and returns home once home is quiet. The
vectorised kernel must match it in distribution (``tests/test_movement_reference.py``); the
benchmarks use it as the baseline speed.

The world is given as plain data: ``places`` is a list of dicts with ``id, kind, control,
capacity, lat, lon``; ``routes`` a list of ``(a, b, distance_km, border)`` with place indices.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

HOME, DISPLACED, TRANSIT = "home", "displaced", "transit"
NO_WEIGHT_KINDS = {"border_point", "coast", "island", "mainland"}
GREEK_BORDERS = {"turkey_greece_land", "turkey_greece_sea"}


@dataclass
class Person:
    """One person: where they come from, where they are, what they are doing."""

    origin: int
    location: int
    status: str = HOME
    km_left: float = 0.0
    target: int = -1
    since: int = -1


@dataclass
class ReferenceWorld:
    """Places and undirected routes as plain lists."""

    places: list[dict]
    routes: list[tuple[int, int, float, str]]
    neighbours: list[list[tuple[int, float, str]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.neighbours = [[] for _ in self.places]
        for a, b, km, border in self.routes:
            self.neighbours[a].append((b, km, border))
            self.neighbours[b].append((a, km, border))


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance on a sphere of radius 6371 km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


class ReferenceModel:
    """The displacement rules, one person at a time.

    Args:
        world: Places and routes.
        residents: Starting residents per place (all at home).
        params: Model parameters by dotted name (the registry's names).
        seed: Seed of Python's ``random``.
    """

    def __init__(self, world: ReferenceWorld, residents: list[int], params: dict, seed: int):
        self.world, self.p = world, params
        self.rng = random.Random(seed)
        self.people = [Person(o, o) for o, n in enumerate(residents) for _ in range(n)]
        self.quiet = [10_000] * len(world.places)
        self.destroyed = [0.0] * len(world.places)
        self.room = [self.room_of(place) for place in world.places]
        self.home_here = [0] * len(world.places)
        self.day = 0

    def counts(self) -> list[int]:
        """People at each place (not travelling)."""
        c = [0] * len(self.world.places)
        for person in self.people:
            if person.status != TRANSIT:
                c[person.location] += 1
        return c

    def step(
        self,
        intensity: list[float],
        captured: list[bool],
        front_km: list[float] | None = None,
        approach_km_per_week: list[float] | None = None,
        held_by_government: list[bool] | None = None,
    ) -> None:
        """One day: flee, decide and choose, go home, travel (the kernel's order).

        Flight follows the threat to a resident: the front line's distance and approach and a
        town's capture (no civilians are killed in the reference, so the strikes-per-resident
        term is zero).
        """
        p, rng, day = self.p, self.rng, self.day
        places = self.world.places
        # 1. flight from home
        for person in self.people:
            if person.status != HOME:
                continue
            o = person.origin
            rate = 0.0
            on_front = front_km is not None and places[o]["control"] == "opposition"
            if on_front and math.isfinite(front_km[o]):
                approach = max(0.0, approach_km_per_week[o]) if approach_km_per_week else 0.0
                rate += (
                    p["displacement.front_flight_rate_per_day"]
                    * math.exp(-front_km[o] / p["displacement.front_threat_scale_km"])
                    * (1 + p["displacement.anticipation_per_km_per_week"] * approach)
                )
            if held_by_government is not None and held_by_government[o]:
                rate += p["displacement.captured_flight_rate_per_day"]
            h = 1 - math.exp(-rate)
            if captured[o]:
                h = max(h, p["displacement.capture_flight_share"])
            if h > 0 and rng.random() < h:
                person.status, person.since = DISPLACED, day
        # 2. decide to move, choose a neighbour
        present = self.counts()
        self.home_here = [0] * len(places)
        for person in self.people:
            if person.status == HOME:
                self.home_here[person.origin] += 1
        for person in self.people:
            if person.status != DISPLACED:
                continue
            loc = person.location
            chance = self.move_chance(loc, intensity, present)
            if not (rng.random() < chance or person.since == day):
                continue
            weights = [
                self.weight(n, km, border, intensity, present)
                for n, km, border in self.world.neighbours[loc]
            ]
            total = sum(weights)
            if total <= 0:
                continue
            u, acc = rng.random() * total, 0.0
            for (n, km, _), w in zip(self.world.neighbours[loc], weights, strict=True):
                acc += w
                if u < acc:
                    person.status, person.location, person.km_left = TRANSIT, n, km
                    break
        # 3. go home once no strike has fallen near home for a while
        thr = p["displacement.quiet_intensity_threshold"]
        reach = p["displacement.return_reset_distance_km"]
        struck = [j for j, i in enumerate(intensity) if i > thr]
        for k, place in enumerate(places):
            near = any(
                great_circle_km(place["lat"], place["lon"], places[j]["lat"], places[j]["lon"])
                <= reach
                for j in struck
            )
            self.quiet[k] = 0 if near else self.quiet[k] + 1
            kept = math.exp(-p["displacement.destruction_per_intensity_day"] * intensity[k])
            self.destroyed[k] = 1 - (1 - self.destroyed[k]) * kept
        for person in self.people:
            if person.status != DISPLACED or person.target >= 0 or person.location == person.origin:
                continue
            o = person.origin
            if self.quiet[o] < p["displacement.return_quiet_days"]:
                continue
            rate = p["displacement.return_rate_per_day"] * (1 - self.destroyed[o])
            if places[o]["control"] == "regime":
                rate *= p["displacement.return_to_regime_area_factor"]
            if rng.random() < rate:
                a, b = places[person.location], places[o]
                person.km_left = p["displacement.return_detour_factor"] * great_circle_km(
                    a["lat"], a["lon"], b["lat"], b["lon"]
                )
                person.status, person.location, person.target = TRANSIT, o, o
        # 4. travel
        for person in self.people:
            if person.status != TRANSIT:
                continue
            person.km_left -= p["displacement.max_speed_km_per_day"]
            if person.km_left <= 0:
                person.km_left = 0.0
                if person.target == person.location == person.origin:
                    person.status, person.target = HOME, -1
                else:
                    person.status = DISPLACED
                    if person.location == person.target:
                        person.target = -1
        self.day += 1

    def room_of(self, place: dict) -> float:
        """Room for the displaced at a place, persons (inf: no limit)."""
        if place["kind"] == "camp":
            return place["capacity"] if place["capacity"] >= 0 else math.inf
        host = place["kind"] in ("town", "conflict_town") and place["country"] == "SY"
        if host and place["control"] in ("opposition", "turkish_backed"):
            return self.p["displacement.host_room_per_resident"] * place["population"]
        return math.inf

    def fill(self, n: int, present: list[int]) -> float:
        """Occupancy of the room at ``n`` (camps: everyone present; towns: the displaced)."""
        room = self.room[n]
        if math.isinf(room):
            return 0.0
        if self.world.places[n]["kind"] == "camp":
            occupants = present[n]
        else:
            occupants = present[n] - self.home_here[n]
        if room > 0:
            return occupants / room
        return math.inf if occupants > 0 else 1.0

    def move_chance(self, loc: int, intensity: list[float], present: list[int]) -> float:
        """Daily chance of moving on from ``loc``."""
        p = self.p
        kind = self.world.places[loc]["kind"]
        chance = p["displacement.move_chance_town_per_day"]
        if self.fill(loc, present) < 1.0:
            if kind == "camp":
                chance = p["displacement.move_chance_camp_per_day"]
            elif not math.isinf(self.room[loc]):
                chance = p["displacement.move_chance_with_room_per_day"]
        conflict = min(1.0, p["displacement.move_chance_conflict_per_day"] * intensity[loc])
        if intensity[loc] > 0:
            chance = max(chance, conflict)
        if self.world.places[loc]["control"] == "regime":
            chance = max(chance, conflict)
        return chance

    def weight(
        self, n: int, km: float, border: str, intensity: list[float], present: list[int]
    ) -> float:
        """Flee-style attractiveness of moving to neighbour ``n`` over ``km``."""
        p = self.p
        place = self.world.places[n]
        kind = place["kind"]
        if kind in NO_WEIGHT_KINDS or border in GREEK_BORDERS or border == "syria_turkey":
            return 0.0
        w = {
            "camp": p["displacement.camp_weight"],
            "border_crossing": p["displacement.crossing_weight"],
        }.get(kind, 1.0)
        w /= km ** p["displacement.distance_exponent"]
        w *= math.exp(-p["displacement.danger_aversion"] * intensity[n])
        if intensity[n] > 0:
            w *= p["displacement.conflict_weight"]
        if place["control"] == "regime":
            w *= p["displacement.regime_area_weight"]
        w *= min(1.0, max(p["displacement.full_camp_weight_floor"], 1 - self.fill(n, present)))
        return w


def reference_world_of(world) -> ReferenceWorld:
    """The reference's plain-Python copy of a ``flashpoint.world.world.World``.

    The only function here that reads the package's types (to build the oracle's input); the
    rules below it import nothing from the package.
    """
    from flashpoint.world.codes import CONTROLS, PLACE_KINDS

    return ReferenceWorld(
        places=[
            {
                "id": world.place_ids[i],
                "kind": PLACE_KINDS[world.kind[i]],
                "control": CONTROLS[world.control[i]],
                "capacity": int(world.capacity[i]),
                "country": str(world.country[i]),
                "population": int(world.population[i]),
                "lat": float(world.lat[i]),
                "lon": float(world.lon[i]),
            }
            for i in range(world.n_places)
        ],
        routes=[
            (
                int(world.route_from[r]),
                int(world.route_to[r]),
                float(world.route_distance_km[r]),
                "",
            )
            for r in range(world.n_routes)
        ],
    )
