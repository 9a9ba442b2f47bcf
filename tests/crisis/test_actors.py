"""The state actors: Mesa agents of the model whose ``decide`` is pure given its inputs."""

from __future__ import annotations

import copy

import mesa
import numpy as np
import pytest
from crisis_helpers import quiet_observation
from hypothesis import given, settings
from hypothesis import strategies as st

from flashpoint.crisis.actors import Greece, StateActor, Turkey, make_actors
from flashpoint.crisis.escalation_rules import DE_ESCALATE, ESCALATE, HOLD, rule_terms
from flashpoint.crisis.ladder import load_ladder
from flashpoint.parameters import defaults

LADDER = load_ladder()
START = tuple(d.start_rung for d in LADDER.dyads)
NAMES = ("turkey", "russia", "syria", "nato", "eu")


observation = quiet_observation


@pytest.fixture
def model_and_actors():
    model = mesa.Model(rng=0)
    actors, greece = make_actors(model, LADDER)
    return model, actors, greece


def test_actors_are_mesa_agents_of_the_model(model_and_actors):
    model, actors, greece = model_and_actors
    assert list(actors) == list(NAMES)
    assert isinstance(actors["turkey"], Turkey)
    for agent in (*actors.values(), greece):
        assert isinstance(agent, mesa.Agent)
        assert agent.model is model
        assert agent in model.agents
    assert len(model.agents) == len(NAMES) + 1
    assert isinstance(greece, Greece) and greece.name == "greece"


def test_each_actor_sits_in_exactly_its_dyads(model_and_actors):
    _, actors, _ = model_and_actors
    for name, actor in actors.items():
        expected = [(i, d.id) for i, d in enumerate(LADDER.dyads) if name in d.parties]
        assert actor.dyads == expected and expected, f"{name} has dyads"


@settings(max_examples=50, deadline=None)
@given(
    losses=st.floats(0, 500),
    pressure=st.floats(0, 4),
    talks=st.integers(0, 3),
    nato=st.integers(0, 4),
    shift=st.integers(-1, 2),
    seed=st.integers(0, 2**32 - 1),
)
def test_decide_gives_one_action_per_dyad_with_a_term_of_its_rule(
    losses, pressure, talks, nato, shift, seed
):
    model = mesa.Model(rng=0)
    actors, _ = make_actors(model, LADDER)
    rungs = tuple(int(np.clip(r + shift, 0, LADDER.top)) for r in START)
    obs = observation(
        turkish_losses_7d=losses,
        syrian_losses_by_turkey_7d=losses,
        refugee_pressure_millions=pressure,
        talks_level=(talks,) * len(START),
        nato_level=nato,
        rungs=rungs,
    )
    rng = np.random.default_rng(seed)
    for name, actor in actors.items():
        out = actor.decide(obs, defaults(), rng)
        assert sorted(out) == [i for i, _ in actor.dyads]
        for index, dyad in actor.dyads:
            action, term = out[index]
            assert action in (DE_ESCALATE, HOLD, ESCALATE)
            if action == HOLD:
                assert term == ""
            elif term:
                assert term in {t.name for t in rule_terms(name, dyad)}


@pytest.mark.parametrize(("below", "expected"), [(1, ESCALATE), (-1, DE_ESCALATE)])
def test_a_large_drive_moves_every_actor_in_its_direction(model_and_actors, below, expected):
    # rungs one below (above) the start, with a huge rung cost: drive +1000 (-1000) everywhere
    _, actors, _ = model_and_actors
    params = dict(defaults())
    params["actors.rung_cost_per_rung"] = 1000.0
    obs = observation(rungs=tuple(r - below for r in START))
    rng = np.random.default_rng(0)
    for _ in range(20):
        for actor in actors.values():
            for action, term in actor.decide(obs, params, rng).values():
                assert (action, term) == (expected, "rung_cost")


def test_with_no_drive_and_high_inertia_actors_hold(model_and_actors):
    _, actors, _ = model_and_actors
    params = dict(defaults())
    params["actors.inertia_utility"] = 50.0
    rng = np.random.default_rng(0)
    for actor in actors.values():
        assert set(actor.decide(observation(), params, rng).values()) == {(HOLD, "")}


def test_turkish_losses_push_turkey_up_against_syria(model_and_actors):
    _, actors, _ = model_and_actors
    ts = LADDER.dyad_index("turkey_syria")
    params = dict(defaults())
    rng = np.random.default_rng(1)

    def ups(obs) -> int:
        return sum(actors["turkey"].decide(obs, params, rng)[ts][0] == ESCALATE for _ in range(400))

    assert ups(observation(turkish_losses_7d=200.0)) > ups(observation()) + 40


def test_decide_is_pure_and_seeded(model_and_actors):
    _, actors, _ = model_and_actors
    obs, params = observation(turkish_losses_7d=30.0), dict(defaults())
    frozen = copy.deepcopy(params)
    turkey = actors["turkey"]
    a = [turkey.decide(obs, params, np.random.default_rng(9)) for _ in range(2)]
    assert a[0] == a[1]
    assert params == frozen
    draws = [turkey.decide(obs, params, np.random.default_rng(s)) for s in range(30)]
    assert len({tuple(sorted(d.items())) for d in draws}) > 1, "the seed matters"


def test_an_actor_without_dyads_decides_nothing():
    model = mesa.Model(rng=0)
    stranger = StateActor(model, "opposition", LADDER)
    assert stranger.dyads == []  # the opposition sits in no dyad: it decides nothing
    greece_like = StateActor(model, "greece", LADDER)
    assert greece_like.decide(observation(), defaults(), np.random.default_rng(0)) == {}
