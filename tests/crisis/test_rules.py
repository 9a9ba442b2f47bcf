"""Decision rules are pure functions: fixed inputs give fixed, sensible outputs."""

import math

import pytest
from crisis_helpers import quiet_observation

from flashpoint.crisis.border_policy import (
    greek_enforcement_update,
    turkey_border_switch_probability,
)
from flashpoint.crisis.ceasefire import breakdown_probability as ceasefire_breakdown_probability
from flashpoint.crisis.escalation_rules import (
    DE_ESCALATE,
    ESCALATE,
    HOLD,
    RULES,
    Cause,
    choice_probabilities,
    combine_actions,
    dominant_term,
    drive_terms,
    rule_terms,
    term_cause,
)
from flashpoint.crisis.ladder import load_ladder
from flashpoint.parameters import defaults

LADDER = load_ladder()
P = defaults()


obs = quiet_observation


def test_choice_probabilities_sum_to_one_and_are_symmetric():
    down, hold, up = choice_probabilities(0.0, 4.0)
    assert down + hold + up == pytest.approx(1.0)
    assert down == pytest.approx(up)
    assert up == pytest.approx(1 / (2 + math.exp(4.0)))
    d2, _, u2 = choice_probabilities(1.5, 4.0)
    assert u2 > up > d2


def test_turkish_losses_raise_turkeys_drive_against_syria():
    d = LADDER.dyad_index("turkey_syria")
    calm = sum(drive_terms("turkey", "turkey_syria", d, obs(), P).values())
    hit = sum(drive_terms("turkey", "turkey_syria", d, obs(turkish_losses_7d=33), P).values())
    assert hit - calm == pytest.approx(P["actors.turkey_casualty_sensitivity"] * math.log(34))


def test_talks_and_ceasefire_lower_the_drive():
    d = LADDER.dyad_index("turkey_russia")
    talks = [0] * 5
    talks[d] = 3
    base = sum(drive_terms("russia", "turkey_russia", d, obs(), P).values())
    with_talks = sum(
        drive_terms("russia", "turkey_russia", d, obs(talks_level=tuple(talks)), P).values()
    )
    with_cf = sum(drive_terms("russia", "turkey_russia", d, obs(ceasefire=1), P).values())
    assert with_talks == pytest.approx(base - 3 * P["actors.talks_weight_per_level"])
    assert with_cf == pytest.approx(base - P["actors.ceasefire_weight"])


def test_rung_cost_pulls_back_toward_the_start():
    d = LADDER.dyad_index("turkey_syria")
    rungs = list(obs().rungs)
    rungs[d] += 2
    terms = drive_terms("syria", "turkey_syria", d, obs(rungs=tuple(rungs)), P)
    assert terms["rung_cost"] == pytest.approx(-2 * P["actors.rung_cost_per_rung"])


def test_every_party_has_a_rule_for_each_of_its_dyads():
    for i, dyad in enumerate(LADDER.dyads):
        for actor in dyad.parties:
            assert drive_terms(actor, dyad.id, i, obs(), P)
    with pytest.raises(ValueError):
        drive_terms("greece", "turkey_syria", 1, obs(), P)


def test_combine_actions():
    assert combine_actions((ESCALATE, HOLD)) == 1
    assert combine_actions((HOLD, DE_ESCALATE)) == -1
    assert combine_actions((ESCALATE, DE_ESCALATE)) == 0
    assert combine_actions((HOLD, HOLD)) == 0


def test_dominant_term_names_the_strongest_push():
    terms = {"losses": 2.0, "ties": -1.0, "talks": -0.5}
    assert dominant_term(terms, ESCALATE) == "losses"
    assert dominant_term(terms, DE_ESCALATE) == "ties"
    assert dominant_term(terms, HOLD) == ""


def test_eu_money_raises_the_chance_turkey_closes_the_border():
    p0 = turkey_border_switch_probability(True, 0, obs(), P)
    p1 = turkey_border_switch_probability(True, 0, obs(eu_funding_bn=1.0), P)
    assert p1 == pytest.approx(p0 + P["actors.eu_deal_close_hazard_per_bn_per_day"])
    assert turkey_border_switch_probability(False, 0, obs(refugee_pressure_millions=1), P) == 0


def test_ceasefire_breakdown_grows_with_violations():
    base = ceasefire_breakdown_probability(0, 0, P)
    assert base == pytest.approx(P["ceasefire.breakdown_base_hazard_per_day"])
    assert ceasefire_breakdown_probability(3, 0, P) > base
    assert ceasefire_breakdown_probability(1000, 10, P) == 1.0


def test_greece_reinforces_under_pressure_and_relaxes_when_quiet():
    start = P["borders.greek_enforcement_land_start"]
    up = greek_enforcement_update(start, 1e5, P)
    assert start < up <= P["greece.max_enforcement"]
    assert greek_enforcement_update(up, 0, P) < up


def test_a_second_mass_casualty_day_turns_turkey_against_russia():
    d = LADDER.dyad_index("turkey_russia")
    one = drive_terms("turkey", "turkey_russia", d, obs(mass_casualty_days_30d=1), P)
    two = drive_terms("turkey", "turkey_russia", d, obs(mass_casualty_days_30d=2), P)
    assert one["repeated_mass_casualties"] == 0
    assert two["repeated_mass_casualties"] == P["actors.turkey_repeated_mass_casualty_weight"]


def test_every_dyad_party_has_a_rule_and_every_term_a_cause():
    for dyad in LADDER.dyads:
        for actor in dyad.parties:
            if actor in {"turkey", "russia", "syria", "nato", "eu"}:
                terms = rule_terms(actor, dyad.id)
                assert all(isinstance(t.cause, Cause) for t in terms)
                names = [t.name for t in terms]
                assert len(names) == len(set(names)), f"{actor}/{dyad.id}: repeated term"
    assert set(RULES) <= {(a, d.id) for d in LADDER.dyads for a in d.parties}


def test_an_unknown_term_or_rule_fails_loudly():
    with pytest.raises(KeyError, match="no term 'bravado'"):
        term_cause("turkey", "turkey_syria", "bravado")
    with pytest.raises(ValueError, match="no rule"):
        drive_terms("greece", "turkey_syria", 0, obs(), P)


def test_turkeys_losses_point_to_the_incident_that_killed_its_soldiers():
    assert term_cause("turkey", "turkey_syria", "losses") is Cause.TURKISH_LOSS
    assert term_cause("turkey", "turkey_syria", "talks") is Cause.TALKS
    assert term_cause("russia", "turkey_russia", "own_losses") is Cause.RUSSIAN_LOSS
