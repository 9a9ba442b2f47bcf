"""Flight follows the threat to a resident (issue 11), shown on the small test world.

Town A and Town B (3,000 residents each) stand at the same distance from the front; the front
approaches A and holds before B. Residents of A leave sooner (anticipatory flight). Strikes act
per resident: the same deaths in a smaller town drive a larger share away. Displaced people
driven on from a place the front has reached count again in ``displacement_movements``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from flashpoint.parameters import defaults
from flashpoint.people.day import People, step_day
from flashpoint.people.flight import threat_rate_per_day
from flashpoint.people.population import DayInputs
from flashpoint.rng import Streams
from flashpoint.world.world import load_world
from small_world import write_small_world

WORLD = load_world(write_small_world(Path(tempfile.mkdtemp(prefix="flashpoint-flight-"))))
A, B, C = (WORLD.place_ids.index(x) for x in ("town_a", "town_b", "town_c"))


def inputs(day: int, distance_km: np.ndarray, approach: np.ndarray, deaths=None) -> DayInputs:
    n = WORLD.n_places
    return DayInputs(
        day,
        np.zeros(n),
        np.zeros(n, dtype=bool),
        np.zeros(n) if deaths is None else deaths,
        WORLD.control,
        False,
        False,
        0.7,
        0.3,
        front_distance_km=distance_km,
        front_captured=np.zeros(n, dtype=bool),
        front_approach_km_per_week=approach,
    )


def front(distance_a: float, distance_b: float, approach_a: float) -> tuple[np.ndarray, ...]:
    distance = np.full(WORLD.n_places, np.inf)
    distance[A], distance[B] = distance_a, distance_b
    approach = np.zeros(WORLD.n_places)
    approach[A] = approach_a
    return distance, approach


def test_residents_flee_ahead_of_an_approaching_front():
    p = defaults()
    left = np.zeros((20, 2))
    for seed in range(20):
        streams = Streams(seed, 0)
        people = People.new(WORLD, p, 1, streams.static("init"))
        pop = people.population
        start = pop.home_count[:, [A, B]].sum(axis=0).copy()
        for day in range(5):  # same distance (15 km); A's front comes 10 km/week closer
            step_day(people, inputs(day, *front(15.0, 15.0, 10.0)), streams)
        left[seed] = start - pop.home_count[:, [A, B]].sum(axis=0)
    rate = threat_rate_per_day(pop, inputs(0, *front(15.0, 15.0, 10.0)))
    expected = 1 + p["displacement.anticipation_per_km_per_week"] * 10.0
    assert rate[A] / rate[B] == np.float64(expected)
    assert left[:, 0].mean() > 1.2 * left[:, 1].mean(), left.mean(axis=0)


def test_flight_fades_with_distance_and_is_zero_without_a_front():
    p = defaults()
    pop = People.new(WORLD, p, 1, Streams(0, 0).static("init")).population
    near = threat_rate_per_day(pop, inputs(0, *front(2.0, 30.0, 0.0)))
    assert near[A] > near[B] > 0
    ratio = np.exp(-28.0 / p["displacement.front_threat_scale_km"])
    assert np.isclose(near[B] / near[A], ratio)
    far = threat_rate_per_day(pop, inputs(0, *front(np.inf, np.inf, 0.0)))
    assert far[A] == far[B] == 0


def test_strikes_act_per_resident_not_per_place():
    p = defaults()
    pop = People.new(WORLD, p, 1, Streams(0, 0).static("init")).population
    deaths = np.zeros(WORLD.n_places)
    deaths[A] = deaths[C] = 2.0  # Town A has 3,000 residents, Town C 2,000
    rate = threat_rate_per_day(pop, inputs(0, *front(np.inf, np.inf, 0.0), deaths=deaths))
    assert np.isclose(rate[C] / rate[A], 3000 / 2000)


def test_secondary_displacement_counts_in_movements():
    p = defaults()
    p["displacement.front_flight_rate_per_day"] = 5.0
    streams = Streams(3, 0)
    people = People.new(WORLD, p, 1, streams.static("init"))
    pop = people.population
    step_day(people, inputs(0, *front(0.0, 50.0, 0.0)), streams)  # Town A flees
    distance = np.full(WORLD.n_places, 0.0)  # the front reaches every place
    for day in range(1, 6):
        step_day(people, inputs(day, distance, np.zeros(WORLD.n_places)), streams)
    # Every first departure counts once in both; the rest of the movements are secondary.
    assert pop.movements > pop.displaced_ever > 0
