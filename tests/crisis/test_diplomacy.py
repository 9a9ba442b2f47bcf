"""The actors' diplomacy: pure hazards on fixed inputs, and a seeded run that agrees a ceasefire."""

from __future__ import annotations

import dataclasses
import math

import pytest

from flashpoint.crisis.diplomacy import agree_probability, summit_probability, summit_terms
from flashpoint.crisis.state import Observation

QUIET = Observation(
    turkish_losses_7d=0.0, mass_casualty_days_30d=0, syrian_losses_by_turkey_7d=0.0,
    russian_losses_7d=0.0, refugee_pressure_millions=0.0, migrants_at_border_thousands=0.0,
    talks_level=(0,) * 5, ceasefire=0, nato_level=0, eu_funding_bn=0.0, ultimatum_active=0,
    deadline_passed=0, offensive_on=1, rungs=(1, 3, 2, 1, 1), start_rungs=(1, 3, 2, 1, 1),
    clash_active=0, border_open=0,
)  # fmt: skip


def test_no_pressure_no_summit(params):
    assert summit_probability(QUIET, False, params) == 0.0


def test_summit_hazard_adds_its_named_terms(params):
    p = dict(params)
    p.update(
        {
            "diplomacy.summit_rate_per_log_loss": 0.1,
            "diplomacy.summit_rate_after_deadline": 0.2,
            "diplomacy.summit_rate_per_million_displaced": 0.05,
            "diplomacy.summit_rate_per_third_party_signal": 0.01,
        }
    )
    obs = dataclasses.replace(
        QUIET, turkish_losses_7d=30, russian_losses_7d=3, deadline_passed=1,
        refugee_pressure_millions=0.9, nato_level=2, eu_funding_bn=1.0,
    )  # fmt: skip
    terms = summit_terms(obs, p)
    assert terms == pytest.approx(
        {"losses": 0.1 * math.log(34), "deadline": 0.2, "refugees": 0.045, "third_parties": 0.02}
    )
    h = sum(terms.values())
    assert summit_probability(obs, False, p) == pytest.approx(1 - math.exp(-h))
    assert summit_probability(obs, True, p) == 0.0, "not while talks are under way"
    assert summit_probability(dataclasses.replace(obs, ceasefire=1), False, p) == 0.0


def test_agreement_only_during_a_summit_and_without_a_ceasefire(params):
    p = dict(params, **{"diplomacy.ceasefire_agree_probability_per_summit_day": 0.3})
    assert agree_probability(True, 0, p) == 0.3
    assert agree_probability(False, 0, p) == 0.0
    assert agree_probability(True, 1, p) == 0.0


def test_a_seeded_run_holds_a_summit_and_agrees_a_ceasefire_that_cites_it():
    import tempfile
    from pathlib import Path

    from flashpoint.runs.simulate import simulate
    from flashpoint.scenario import scenario_from_dict
    from flashpoint.world.world import load_world
    from small_world import write_small_world

    world = load_world(write_small_world(Path(tempfile.mkdtemp(prefix="flashpoint-world-"))))
    events = [
        {"id": "go", "type": "offensive", "side": "regime", "action": "resume", "on": "2019-12-01"},
        {"id": "s1", "type": "set_parameter", "name": "diplomacy.summit_rate_per_log_loss",
         "value": 1.0, "on": "2019-12-01"},
        {"id": "s2", "type": "set_parameter",
         "name": "diplomacy.ceasefire_agree_probability_per_summit_day", "value": 1.0,
         "on": "2019-12-01"},
        {"id": "hit", "type": "strike", "by": "syria", "target": "turkey", "size": 9,
         "on": "2019-12-05"},
    ]  # fmt: skip
    s = scenario_from_dict(
        {"name": "d", "start": "2019-12-01", "end": "2019-12-31", "seed": 1, "events": events}
    )
    r = simulate(s, seed=4, replicate=0, scale=1, world=world, posterior=None)
    ev = r.events.set_index("id")
    talks = ev[(ev.action == "talks")]
    agreed = ev[ev.action == "ceasefire_agreed"]
    assert len(talks) >= 1 and len(agreed) == 1
    assert agreed.cause_id.iloc[0] == talks.index[0]
    assert ev.loc[talks.cause_id.iloc[0]].action == "strike", "the summit cites the loss"
    assert r.daily["ceasefires_agreed"].iloc[-1] == 1
    assert r.daily["ceasefire_active"].iloc[-1] == 1
