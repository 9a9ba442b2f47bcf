"""People are neither created nor lost, and the population's counts stay consistent."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashpoint.parameters import defaults
from flashpoint.people.day import People, step_day
from flashpoint.people.population import (
    DEAD,
    HOME,
    IDLIB,
    TRANSIT,
    DayInputs,
    Population,
)
from flashpoint.rng import Streams
from flashpoint.world.world import load_world
from small_world import write_small_world

WORLD = load_world(write_small_world(Path(tempfile.mkdtemp(prefix="flashpoint-world-"))))


def run_days(seed: int, days: int, p: dict, scale: int = 1, open_day: int = 5) -> Population:
    streams = Streams(seed, 0)
    people = People.new(WORLD, p, scale, streams.static("init"))
    pop = people.population
    start = pop.n
    for day in range(days):
        rng = np.random.default_rng([seed, day])  # the test's own schedule of fighting
        intensity = np.where(WORLD.offensive_order > 0, rng.random(WORLD.n_places), 0.0)
        captured = (WORLD.offensive_order == 1) & (day == 3)
        deaths = np.where(intensity > 0.5, rng.poisson(3, WORLD.n_places), 0).astype(float)
        syrian = WORLD.country == "SY"
        distance_km = np.where(syrian, rng.uniform(0.0, 40.0, WORLD.n_places), np.inf)
        inputs = DayInputs(
            day,
            intensity,
            captured,
            deaths,
            WORLD.control,
            day % 7 == 0,
            day >= open_day,
            0.7,
            0.3,
            front_distance_km=distance_km,
            front_captured=(WORLD.offensive_order == 1) & (day >= 3),
            front_approach_km_per_week=np.where(syrian, rng.uniform(-5, 15, WORLD.n_places), 0),
        )
        step_day(people, inputs, streams)
        assert pop.n == start
        assert pop.conservation_gap() == 0, f"day {day}"
        check_counts(pop)
    return pop


def check_counts(pop: Population) -> None:
    """The incrementally kept counts agree with a recount of the arrays."""
    home = pop.status == HOME
    for g in range(4):
        recount = np.bincount(pop.origin[home & (pop.group == g)], minlength=WORLD.n_places)
        assert (recount == pop.home_count[g]).all()
    assert int((pop.status == DEAD).sum()) == int(pop.dead_by_group.sum())
    away = ~home & (pop.status != DEAD) & (pop.status != 4)
    assert set(np.flatnonzero(away).tolist()) == set(pop.active.tolist())
    assert (pop.location[pop.status == HOME] == pop.origin[pop.status == HOME]).all()
    assert (pop.route[pop.status == TRANSIT] != -1).all()


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    flight=st.floats(0.0, 2.0),
    town_move=st.floats(0.0, 1.0),
    give_up=st.floats(0.0, 1.0),
    speed=st.floats(5.0, 400.0),
)
def test_people_are_conserved(seed, flight, town_move, give_up, speed):
    p = defaults()
    p["displacement.front_flight_rate_per_day"] = flight
    p["displacement.move_chance_town_per_day"] = town_move
    p["borders.give_up_per_failure"] = give_up
    p["displacement.max_speed_km_per_day"] = speed
    p["migrants.syrian_propensity_per_day"] = 0.05
    run_days(seed, 25, p)


def test_flight_crossings_and_returns_all_happen():
    p = defaults()
    p["migrants.syrian_propensity_per_day"] = 0.05
    p["displacement.return_quiet_days"] = 0
    pop = run_days(1, 40, p)
    assert pop.displaced_ever > 0 and pop.movements >= pop.displaced_ever
    assert pop.crossed > 0 and pop.prevented > 0 and pop.sea_arrivals > 0
    assert pop.returns > 0
    assert pop.dead_by_group[IDLIB] > 0


@pytest.mark.parametrize("scale", [1, 5])
def test_scale_keeps_the_population_in_persons(scale):
    pop = Population(WORLD, defaults(), scale, Streams(0, 0).static("init"))
    persons = pop.n * scale
    total = WORLD.population.sum() + WORLD.other_migrants.sum()
    assert abs(persons - total) <= 16 * scale


def test_same_seed_same_people():
    a, b = run_days(7, 15, defaults()), run_days(7, 15, defaults())
    assert (a.status == b.status).all() and (a.location == b.location).all()
