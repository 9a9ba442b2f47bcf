"""Where people go: room, crowding and spill-over to the Turkish-held north (issue 11).

Small world: 2,000 residents of Town D flee (the front reaches it) toward the camp belt (two
camps 20-25 km away) or, 210 km farther by Town C, the Turkish-held North Town. When the camps
have room most stay in them; when the camps are full (capacity below the people already there)
they lose attraction and arrivals move on, so more reach the north.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from flashpoint.parameters import defaults
from flashpoint.people.day import People, step_day
from flashpoint.people.population import DayInputs
from flashpoint.rng import Streams
from flashpoint.world.world import load_world
from small_world import PLACES, write_small_world


def world_with_camp_capacity(capacity: int):
    places = [(*row[:10], capacity) if row[3] == "camp" else row for row in PLACES]
    return load_world(write_small_world(Path(tempfile.mkdtemp(prefix="fp-cap-")), places))


def run(world, seed: int, days: int = 25) -> tuple[float, float, float]:
    """Displaced in North Town and in the camps at the end, and the over-capacity total."""
    p = defaults()
    p["displacement.front_flight_rate_per_day"] = 5.0
    streams = Streams(seed, 0)
    people = People.new(world, p, 1, streams.static("init"))
    pop = people.population
    d = world.place_ids.index("town_d")
    north = world.place_ids.index("north_town")
    n = world.n_places
    for day in range(days):
        distance = np.full(n, np.inf)
        distance[d] = 0.0 if day == 0 else np.inf
        inputs = DayInputs(
            day,
            np.zeros(n),
            np.zeros(n, dtype=bool),
            np.zeros(n),
            world.control,
            False,
            False,
            0.7,
            0.3,
            front_distance_km=distance,
            front_captured=np.zeros(n, dtype=bool),
            front_approach_km_per_week=np.zeros(n),
        )
        step_day(people, inputs, streams)
    present = pop.present_by_place()
    displaced_north = present[north] - pop.home_count[:, north].sum()
    in_camps = present[pop.is_camp].sum()
    return float(displaced_north), float(in_camps), float(pop.over_capacity(present).sum())


def test_arrivals_spill_over_to_the_north_when_the_camps_are_full():
    roomy, full = world_with_camp_capacity(10_000), world_with_camp_capacity(100)
    with_room = np.array([run(roomy, s) for s in range(10)])
    no_room = np.array([run(full, s) for s in range(10)])
    print("north, camps, over capacity (room):", with_room.mean(axis=0))
    print("north, camps, over capacity (full):", no_room.mean(axis=0))
    assert no_room[:, 0].mean() > 2 * max(1.0, with_room[:, 0].mean())
    assert with_room[:, 2].mean() == 0 < no_room[:, 2].mean()


def test_people_who_find_room_mostly_stay():
    p = defaults()
    assert (
        p["displacement.move_chance_with_room_per_day"]
        < 0.1 * p["displacement.move_chance_town_per_day"]
    )
    roomy = world_with_camp_capacity(10_000)
    _, in_camps, _ = np.array([run(roomy, s) for s in range(5)]).mean(axis=0)
    start_in_camps = sum(row[6] for row in PLACES if row[3] == "camp")
    assert in_camps - start_in_camps > 0.5 * 2000
