"""Tests of the scenario schema: every event type, defaults, the resolved Scenario, properties."""

from __future__ import annotations

import pickle
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from flashpoint.metrics import METRIC_NAMES
from flashpoint.parameters import registry
from flashpoint.scenario import (
    ACTORS,
    EVENT_TYPES,
    BorderEnforcementEvent,
    CeasefireEvent,
    Condition,
    OffensiveEvent,
    Scenario,
    ScenarioError,
    SetParameterEvent,
    TalksEvent,
    load_scenario,
    scenario_from_dict,
)
from flashpoint.scenario.schema import MAX_REPLICATES, MAX_SEED, OPS


def some_parameter() -> tuple[str, Any, Any]:
    """A registry parameter picked at runtime, with a valid and an invalid value."""
    name, p = sorted(registry().items())[0]
    if p.kind == "bool":
        return name, not p.default, 3
    bad = p.maximum + 1 if p.maximum < float("inf") else p.minimum - 1
    if p.kind == "int":
        return name, int(p.minimum), int(bad)
    return name, (p.minimum + p.maximum) / 2, bad


ONE_OF_EACH: dict[str, dict[str, Any]] = {
    "talks": {"parties": ["turkey", "russia"], "level": "summit", "days": 2},
    "ceasefire": {"parties": ["turkey", "russia"], "compliance": 0.5, "days": 30},
    "border_policy": {"border": "syria_turkey", "state": "closed"},
    "offensive": {"side": "turkey", "action": "halt"},
    "strike": {"by": "russia", "target": "civilians", "size": 12},
    "nato_support": {"level": "air_cover"},
    "eu_deal": {"funding_eur_million": 6000.0},
    "border_enforcement": {"level": 0.3, "border": "sea"},
    "set_parameter": {"name": some_parameter()[0], "value": some_parameter()[1]},
    "front_timeline": {"until": "2020-02-29"},
}


def test_event_types_are_the_ten_in_order() -> None:
    assert list(EVENT_TYPES) == list(ONE_OF_EACH)
    for name, cls in EVENT_TYPES.items():
        assert cls.model_fields["type"].annotation.__args__ == (name,)


@pytest.mark.parametrize("kind", list(ONE_OF_EACH))
def test_every_event_type_round_trips(kind: str) -> None:
    event = {"id": f"ev-{kind}", "type": kind, "on": "2020-02-01", **ONE_OF_EACH[kind]}
    scenario = scenario_from_dict({"name": "one", "events": [event]})
    (parsed,) = scenario.events
    assert isinstance(parsed, EVENT_TYPES[kind])
    assert parsed.on == date(2020, 2, 1)
    (dumped,) = scenario.to_dict()["events"]
    assert {key: dumped[key] for key in event} == event
    assert set(dumped) - set(event) <= {"days", "compliance", "factor"}
    assert scenario_from_dict(scenario.to_dict()) == scenario
    assert pickle.loads(pickle.dumps(parsed)) == parsed


def test_event_defaults() -> None:
    events = [
        {
            "id": "t",
            "type": "talks",
            "on": "2020-01-02",
            "parties": ["eu", "turkey"],
            "level": "call",
        },
        {"id": "c", "type": "ceasefire", "on": "2020-01-02", "parties": ["turkey", "russia"]},
        {"id": "o", "type": "offensive", "on": "2020-01-02", "side": "regime", "action": "surge"},
        {"id": "d", "type": "eu_deal", "on": "2020-01-02"},
        {"id": "b", "type": "border_enforcement", "on": "2020-01-02", "level": 1},
    ]
    t, c, o, d, b = scenario_from_dict({"name": "defaults", "events": events}).events
    assert isinstance(t, TalksEvent) and t.days == 1 and t.note is None and t.source is None
    assert isinstance(c, CeasefireEvent) and c.compliance == 0.8 and c.days is None
    assert isinstance(o, OffensiveEvent) and o.factor == 2.0
    assert d.funding_eur_million == 1000.0
    assert isinstance(b, BorderEnforcementEvent) and b.border == "both" and b.level == 1.0


def test_scenario_defaults_days_and_overrides() -> None:
    s = scenario_from_dict({"name": "plain"})
    assert (s.start, s.end, s.seed, s.replicates) == (
        date(2019, 12, 1),
        date(2020, 6, 30),
        20191201,
        50,
    )
    assert s.description == "" and s.parameters == {} and s.events == () and s.files == ()
    assert s.days == 213
    other = s.with_overrides(seed=3, replicates=7)
    assert (other.seed, other.replicates, s.seed) == (3, 7, 20191201)
    assert s.with_overrides() == s
    with pytest.raises(ValidationError):
        s.with_overrides(replicates=0)
    with pytest.raises(ValidationError):
        s.with_overrides(seed=-1)


def test_models_are_frozen() -> None:
    s = scenario_from_dict(
        {"name": "frozen", "events": [{"id": "x", "type": "eu_deal", "on": "2020-01-01"}]}
    )
    with pytest.raises(ValidationError):
        s.seed = 3  # type: ignore[misc]
    with pytest.raises(ValidationError):
        s.events[0].funding_eur_million = 5.0  # type: ignore[misc]


def test_condition_fields() -> None:
    cond = Condition(
        metric="civilian_deaths", op=">=", value=100, over_last_days=7, not_before="2020-02-01"
    )
    assert cond.value == 100.0 and cond.not_before == date(2020, 2, 1)
    for bad in (
        {"op": "=>"},
        {"metric": "deaths"},
        {"over_last_days": 0},
        {"over_last_days": 366},
        {"value": float("nan")},
        {"value": "3"},
    ):
        with pytest.raises(ValidationError):
            Condition(**{"metric": "civilian_deaths", "op": ">", "value": 1, **bad})


def test_set_parameter_checks_the_registry() -> None:
    name, good, bad = some_parameter()
    event = SetParameterEvent(id="p", type="set_parameter", on="2020-01-05", name=name, value=good)
    assert event.value == registry()[name].check(good)
    with pytest.raises(ValidationError, match=name):
        SetParameterEvent(id="p", type="set_parameter", on="2020-01-05", name=name, value=bad)
    with pytest.raises(ValidationError, match="unknown parameter"):
        SetParameterEvent(
            id="p", type="set_parameter", on="2020-01-05", name="no.such_parameter_here", value=1
        )


def test_direct_scenario_construction_checks_cross_fields() -> None:
    ev = TalksEvent(
        id="a", type="talks", on="2020-01-05", parties=["turkey", "russia"], level="call"
    )
    with pytest.raises(ValidationError, match="duplicate event id 'a'"):
        Scenario(name="dup", events=(ev, ev))
    with pytest.raises(ValidationError, match="outside the scenario period"):
        Scenario(name="late", start="2020-02-01", events=(ev,))
    with pytest.raises(ValidationError, match="must be after start"):
        Scenario(name="short", start="2020-02-01", end="2020-02-01")
    with pytest.raises(ValidationError, match="unknown parameter"):
        Scenario(name="p", parameters={"no.such_parameter_here": 1})


START = date(2020, 1, 1)
END = date(2020, 4, 30)
day = st.integers(0, (END - START).days).map(lambda n: START + timedelta(days=n))
text = st.text(
    st.characters(
        min_codepoint=32, max_codepoint=0x2FFF, blacklist_categories=("Cs", "Cc", "Zl", "Zp")
    ),
    max_size=12,
)
finite = st.floats(-1e9, 1e9, allow_nan=False)
unit = st.floats(0, 1)
parties = st.lists(st.sampled_from(ACTORS), min_size=2, max_size=4, unique=True)
condition = st.fixed_dictionaries(
    {"metric": st.sampled_from(METRIC_NAMES), "op": st.sampled_from(OPS), "value": finite},
    optional={"over_last_days": st.integers(1, 365), "not_before": day},
)
trigger = st.one_of(st.fixed_dictionaries({"on": day}), st.fixed_dictionaries({"when": condition}))
BODIES = {
    "talks": st.fixed_dictionaries(
        {"parties": parties, "level": st.sampled_from(["call", "delegation", "summit"])},
        optional={"days": st.integers(1, 60)},
    ),
    "ceasefire": st.fixed_dictionaries(
        {"parties": parties}, optional={"compliance": unit, "days": st.none() | st.integers(1, 365)}
    ),
    "border_policy": st.fixed_dictionaries(
        {
            "border": st.sampled_from(["syria_turkey", "turkey_greece"]),
            "state": st.sampled_from(["open", "closed"]),
        }
    ),
    "offensive": st.fixed_dictionaries(
        {
            "side": st.sampled_from(["regime", "turkey"]),
            "action": st.sampled_from(["surge", "halt", "resume"]),
        },
        optional={"factor": st.floats(0.01, 10)},
    ),
    "strike": st.fixed_dictionaries(
        {
            "by": st.just("russia"),
            "target": st.sampled_from(["turkey", "syria", "civilians", "opposition"]),
            "size": st.integers(0, 100_000),
        }
    ),
    "nato_support": st.fixed_dictionaries(
        {"level": st.sampled_from(["none", "consultations", "statement", "materiel", "air_cover"])}
    ),
    "eu_deal": st.fixed_dictionaries({}, optional={"funding_eur_million": st.floats(0, 100_000)}),
    "border_enforcement": st.fixed_dictionaries(
        {"level": unit}, optional={"border": st.sampled_from(["land", "sea", "both"])}
    ),
    "set_parameter": st.just({"name": some_parameter()[0], "value": some_parameter()[1]}),
}
event_body = st.sampled_from(sorted(BODIES)).flatmap(
    lambda kind: st.tuples(
        st.just(kind),
        BODIES[kind],
        trigger,
        st.fixed_dictionaries({}, optional={"note": text, "source": text}),
    )
)
scenario_dicts = st.builds(
    lambda events, seed, reps, with_param: {
        "name": "prop",
        "start": START,
        "end": END,
        "seed": seed,
        "replicates": reps,
        "parameters": dict([some_parameter()[:2]]) if with_param else {},
        "events": [
            {"id": f"e{i}", "type": kind, **body, **trig, **extra}
            for i, (kind, body, trig, extra) in enumerate(events)
        ],
    },
    st.lists(event_body, max_size=8),
    st.integers(0, MAX_SEED),
    st.integers(1, MAX_REPLICATES),
    st.booleans(),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_dicts)
def test_random_valid_scenarios_validate_pickle_and_round_trip(data: dict[str, Any]) -> None:
    scenario = scenario_from_dict(data)
    assert len(scenario.events) == len(data["events"])
    assert [type(e) for e in scenario.events] == [EVENT_TYPES[e["type"]] for e in data["events"]]
    assert pickle.loads(pickle.dumps(scenario)) == scenario
    assert scenario_from_dict(scenario.to_dict()) == scenario
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "prop.yaml"
        path.write_text(yaml.safe_dump(scenario.to_dict(), allow_unicode=True), "utf-8")
        loaded = load_scenario(path)
    assert loaded.model_copy(update={"files": ()}) == scenario
    assert loaded.files == (str(path.resolve()),)


def test_error_pickles() -> None:
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict({"name": "x", "seed": -3})
    err = pickle.loads(pickle.dumps(info.value))
    assert (err.file, err.path, err.line, err.message) == (
        "<dict>",
        "seed",
        None,
        info.value.message,
    )
    expected = "<dict>: seed: -3 is out of range: must be from 0 to 9223372036854775807"
    assert str(err) == str(info.value) == expected
