"""The road to Greece (issue 11): Turkey's facilitated opening, giving up that grows with
failures, the eventual crossing chance of docs/MODEL.md, Greece's sea response and the deal's
Turkish interception.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from flashpoint.crisis.border_policy import greek_sea_enforcement_update
from flashpoint.parameters import defaults
from flashpoint.people.borders import (
    Borders,
    eventual_success,
    give_up_chance,
    turkish_interception,
)
from flashpoint.people.day import People, step_day
from flashpoint.people.population import (
    AT_BORDER,
    DIRECT_TRIP,
    OTHERS_TR,
    SYRIANS_TR,
    DayInputs,
)
from flashpoint.rng import Streams
from flashpoint.world.world import load_world
from small_world import write_small_world

WORLD = load_world(write_small_world(Path(tempfile.mkdtemp(prefix="flashpoint-greece-"))))
PAZARKULE = WORLD.place_ids.index("pazarkule_kastanies")
OPEN_DAY = 3


def inputs(day: int, turkey_open: bool, land: float = 0.7, eu_bn: float = 0.0) -> DayInputs:
    n = WORLD.n_places
    return DayInputs(
        day,
        np.zeros(n),
        np.zeros(n, dtype=bool),
        np.zeros(n),
        WORLD.control,
        False,
        turkey_open,
        land,
        0.3,
        eu_funding_bn=eu_bn,
    )


def params() -> dict:
    p = defaults()
    p["migrants.syrian_propensity_per_day"] = 0.05
    p["migrants.other_propensity_per_day"] = 0.1
    return p


def opening_day(seed: int, p: dict) -> tuple[int, float]:
    """Departures toward Pazarkule on the opening day, and their expectation."""
    streams = Streams(seed, 0)
    people = People.new(WORLD, p, 1, streams.static("init"))
    pop, migrants = people.population, people.migrants
    at_home = pop.home_count.copy()
    for day in range(OPEN_DAY + 1):
        at_home = pop.home_count.copy()
        step_day(people, inputs(day, day >= OPEN_DAY), streams)
    left = migrants.set_out_today[PAZARKULE]
    expected = sum(
        at_home[g].sum() * migrants.set_out_probability(g) * migrants.facilitation
        for g in (SYRIANS_TR, OTHERS_TR)
    )
    return int(left), float(expected)


def test_opening_day_departures_toward_edirne_follow_the_product():
    p = params()
    runs = [opening_day(seed, p) for seed in range(40)]
    counts = np.array([c for c, _ in runs])
    expected = np.array([e for _, e in runs])  # people at home differ a little by seed
    # A sum of binomials with small chances: its spread is about the square root of its mean.
    assert abs(counts.sum() - expected.sum()) < 4 * np.sqrt(expected.sum()), (
        counts.sum(),
        expected.sum(),
    )
    # The factor is the facilitation: without it the departures are a third as many.
    p1 = dict(p, **{"migrants.facilitation_factor": 1.0})
    plain = np.array([opening_day(seed, p1)[0] for seed in range(40)])
    ratio = counts.mean() / plain.mean()
    assert abs(ratio - p["migrants.facilitation_factor"]) < 0.6, ratio


def test_facilitation_is_a_pulse_that_turkey_withdraws():
    p = params()
    people = People.new(WORLD, p, 1, Streams(0, 0).static("init"))
    m = people.migrants
    m.update_facilitation(True, 0.0)
    assert m.facilitation == p["migrants.facilitation_factor"]
    m.update_facilitation(True, 0.0)
    assert 1.0 < m.facilitation < p["migrants.facilitation_factor"]
    m.update_facilitation(True, 1.0)  # an EU deal
    assert m.facilitation == 1.0
    m.update_facilitation(False, 0.0)
    m.update_facilitation(True, 0.0)  # a new opening is a new pulse
    assert m.facilitation == p["migrants.facilitation_factor"]


def test_giving_up_grows_with_failures_at_the_greek_border():
    p = params()
    p["borders.land_attempt_rate_per_day"] = 1.0
    shares = []
    for earlier_failures in (0, 3, 8):
        people = People.new(WORLD, p, 1, Streams(5, 0).static("init"))
        pop = people.population
        idx = pop.pick_home(
            SYRIANS_TR, WORLD.place_ids.index("istanbul"), 4000, np.random.default_rng(1)
        )
        pop.leave_home(idx, 0, conflict=False)
        pop.location[idx] = PAZARKULE
        pop.status[idx] = AT_BORDER
        pop.attempts[idx] = earlier_failures
        borders = Borders(WORLD, p)
        borders.step(pop, inputs(1, True, land=1.0), np.random.default_rng(7))  # all fail
        gave_up = (pop.route[idx] == DIRECT_TRIP).mean()
        shares.append(gave_up)
        expected = give_up_chance(p, earlier_failures + 1)
        assert abs(gave_up - expected) < 4 * np.sqrt(expected * (1 - expected) / len(idx))
    assert shares[0] < shares[1] < shares[2], shares


def test_eventual_crossing_chance_matches_the_process():
    p = params()
    rng = np.random.default_rng(3)
    s, n = 0.2, 200_000
    alive = np.ones(n, dtype=bool)
    crossed = np.zeros(n, dtype=bool)
    failures = np.zeros(n)
    while alive.any():
        ok = alive & (rng.random(n) < s)
        crossed |= ok
        failed = alive & ~ok
        failures[failed] += 1
        quit_ = failed & (rng.random(n) < give_up_chance(p, failures))
        alive &= ~ok & ~quit_
    assert abs(crossed.mean() - eventual_success(s, p)) < 0.005


def test_greece_reinforces_the_sea_while_turkey_lets_migrants_go():
    p = params()
    start = p["borders.greek_enforcement_sea_start"]
    assert greek_sea_enforcement_update(start, False, p) == start
    level = start
    for _ in range(60):
        level = greek_sea_enforcement_update(level, True, p)
    assert start < level <= p["greece.max_sea_enforcement"]
    assert np.isclose(level, p["greece.max_sea_enforcement"], atol=0.01)


def test_an_eu_deal_raises_turkish_interception_at_sea():
    p = params()
    closed = turkish_interception(p, False, 0.0)
    assert closed == p["borders.turkish_sea_interception_closed"]
    after_deal = turkish_interception(p, False, 1.0)
    assert np.isclose(
        1 - after_deal, (1 - closed) * (1 - p["borders.turkish_sea_interception_per_deal_bn"])
    )
