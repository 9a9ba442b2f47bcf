"""Returns start after ``return_quiet_days`` without strikes near home (issue 11).

Town A's residents flee on day 0 (the front reaches it, with a strike on A). From day 1 strikes
fall every day on Town B, 22 km away: beyond ``return_reset_distance_km`` (15 km), so they do not
reset A's clock, and the first people set off home on day ``return_quiet_days``. A strike on A
itself on day 7 resets the clock: returns then start on day 7 + ``return_quiet_days``.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from flashpoint.parameters import defaults
from flashpoint.people.day import People, step_day
from flashpoint.people.population import DIRECT_TRIP, TRANSIT, DayInputs
from flashpoint.people.returns import return_rate_per_day
from flashpoint.rng import Streams
from flashpoint.world.codes import Control
from flashpoint.world.world import load_world
from small_world import write_small_world

WORLD = load_world(write_small_world(Path(tempfile.mkdtemp(prefix="flashpoint-returns-"))))
A, B = WORLD.place_ids.index("town_a"), WORLD.place_ids.index("town_b")
DAYS = 30


def day_inputs(day: int, strike_on_a_day: int | None) -> DayInputs:
    n = WORLD.n_places
    intensity = np.zeros(n)
    distance = np.full(n, np.inf)
    if day == 0:
        intensity[A], distance[A] = 1.0, 0.0
    else:
        intensity[B] = 0.5
    if day == strike_on_a_day:
        intensity[A] = 0.5
    return DayInputs(
        day,
        intensity,
        np.zeros(n, dtype=bool),
        np.zeros(n),
        WORLD.control,
        False,
        False,
        0.7,
        0.3,
        front_distance_km=distance,
        front_captured=np.zeros(n, dtype=bool),
        front_approach_km_per_week=np.zeros(n),
    )


def first_return_day(strike_on_a_day: int | None, p: dict) -> int:
    streams = Streams(11, 0)
    people = People.new(WORLD, p, 1, streams.static("init"))
    pop = people.population
    for day in range(DAYS):
        step_day(people, day_inputs(day, strike_on_a_day), streams)
        going = (pop.status == TRANSIT) & (pop.route == DIRECT_TRIP) & (pop.target == A)
        if going.any() or pop.returned_today[A] > 0:
            return day
    return -1


@pytest.fixture
def params() -> dict:
    p = defaults()
    p["displacement.front_flight_rate_per_day"] = 20.0  # everyone in A leaves on day 0
    p["displacement.return_rate_per_day"] = 0.5
    p["displacement.move_chance_town_per_day"] = 0.0
    return p


def test_the_test_world_puts_b_beyond_the_reset_distance(params):
    pop = People.new(WORLD, params, 1, Streams(0, 0).static("init")).population
    assert pop.km_between[A, B] > params["displacement.return_reset_distance_km"]


def test_returns_start_after_quiet_days_despite_farther_strikes(params):
    assert first_return_day(None, params) == params["displacement.return_quiet_days"]


def test_a_strike_near_home_resets_the_clock(params):
    quiet_days = params["displacement.return_quiet_days"]
    assert first_return_day(7, params) == 7 + quiet_days


def test_fewer_return_to_destroyed_and_captured_towns(params):
    pop = People.new(WORLD, params, 1, Streams(0, 0).static("init")).population
    pop.quiet_days[:] = 100
    pop.destroyed[A] = 0.5
    control = WORLD.control.copy()
    control[B] = Control.REGIME
    rate = return_rate_per_day(pop, replace(day_inputs(1, None), control=control))
    c = WORLD.place_ids.index("town_c")
    assert np.isclose(rate[A], 0.5 * rate[c])
    assert np.isclose(rate[B], params["displacement.return_to_regime_area_factor"] * rate[c])
