"""Tests of loading scenario files: fixtures, inheritance chains, parameters and dict input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from flashpoint.parameters import registry
from flashpoint.scenario import (
    BorderEnforcementEvent,
    Condition,
    ScenarioError,
    StrikeEvent,
    load_scenario,
    scenario_from_dict,
    validate_file,
)

FIXTURES = Path(__file__).parent / "fixtures"


def some_parameter() -> tuple[str, object]:
    """A registry parameter picked at runtime with a valid non-default-typed value."""
    name, p = sorted(registry().items())[0]
    return name, (not p.default) if p.kind == "bool" else p.maximum


def as_yaml(value: object) -> str:
    """A scalar written as YAML text (floats keep their dot: 1.0e-05)."""
    return yaml.safe_dump(value).splitlines()[0]


def test_all_events_fixture_loads() -> None:
    s = load_scenario(FIXTURES / "all_events.yaml")
    assert (s.name, s.description) == ("all-events", "every event type once")
    assert (s.start, s.end, s.seed, s.replicates, s.days) == (
        date(2020, 1, 1),
        date(2020, 3, 31),
        11,
        3,
        91,
    )
    assert [e.type for e in s.events] == [
        "talks",
        "ceasefire",
        "border_policy",
        "offensive",
        "strike",
        "nato_support",
        "eu_deal",
        "border_enforcement",
    ]
    talks = s.events[0]
    assert talks.parties == ("turkey", "russia") and talks.days == 3
    assert talks.source == "Reuters, 2020-02-08" and talks.note == "delegations meet in Ankara"
    surge = s.events[3]
    assert surge.on is None
    assert surge.when == Condition(
        metric="regime_territory_share", op="<", value=0.5, not_before=date(2020, 1, 15)
    )
    nato = s.events[5]
    assert nato.when.over_last_days == 7 and nato.when.op == ">="
    assert isinstance(s.events[7], BorderEnforcementEvent) and s.events[7].border == "land"
    assert s.files == (str((FIXTURES / "all_events.yaml").resolve()),)
    assert validate_file(FIXTURES / "all_events.yaml") == []
    assert json.loads(json.dumps(s.to_dict())) == s.to_dict()
    assert s.to_dict()["start"] == "2020-01-01"


def test_child_overrides_scalars_and_replaces_a_removed_event() -> None:
    s = load_scenario(FIXTURES / "child.yaml")
    assert s.name == "child" and s.description == ""
    assert (s.start, s.end, s.seed, s.replicates) == (date(2020, 1, 1), date(2020, 4, 30), 5, 20)
    assert [e.id for e in s.events] == ["first", "third", "second", "fourth"]
    strike = s.events[2]
    assert isinstance(strike, StrikeEvent) and strike.size == 100
    assert s.files == tuple(str((FIXTURES / f).resolve()) for f in ("child.yaml", "base.yaml"))


def test_grandchild_chain_through_a_subfolder() -> None:
    s = load_scenario(FIXTURES / "nested" / "grandchild.yaml")
    assert (s.name, s.end, s.seed, s.replicates) == ("grandchild", date(2020, 5, 31), 5, 20)
    assert [e.id for e in s.events] == ["third", "second", "fourth"]
    assert [Path(f).name for f in s.files] == ["grandchild.yaml", "child.yaml", "base.yaml"]
    assert all(Path(f).is_absolute() for f in s.files)


def test_parameters_merge_key_by_key(tmp_path: Path) -> None:
    names = sorted(registry())
    first, value = some_parameter()
    p = registry()[first]
    other = p.default if p.kind == "bool" else p.minimum
    (tmp_path / "parent.yaml").write_text(
        f"name: parent\nparameters:\n  {first}: {as_yaml(other)}\n"
    )
    (tmp_path / "plain.yaml").write_text("name: plain\nextends: parent.yaml\n")
    inherited = load_scenario(tmp_path / "plain.yaml")
    assert inherited.parameters == {first: p.check(other)}
    (tmp_path / "kid.yaml").write_text(
        f"name: kid\nextends: parent.yaml\nparameters:\n  {first}: {as_yaml(value)}\n"
    )
    assert load_scenario(tmp_path / "kid.yaml").parameters == {first: p.check(value)}
    if len(names) > 1:  # a second key from the child is added, the parent's is kept
        second = registry()[names[1]]
        (tmp_path / "two.yaml").write_text(
            f"name: two\nextends: parent.yaml\nparameters:\n"
            f"  {second.name}: {as_yaml(second.default)}\n"
        )
        assert load_scenario(tmp_path / "two.yaml").parameters == {
            first: p.check(other),
            second.name: second.default,
        }


def test_type_conversion_of_parameter_values(tmp_path: Path) -> None:
    name, value = some_parameter()
    s = scenario_from_dict({"name": "p", "parameters": {name: value}})
    assert s.parameters == {name: registry()[name].check(value)}
    assert type(s.parameters[name]) is type(registry()[name].check(value))


def test_name_and_description_are_never_inherited(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("name: p\ndescription: parent text\n")
    (tmp_path / "c.yaml").write_text("extends: p.yaml\n")
    with pytest.raises(ScenarioError, match="missing required key 'name'"):
        load_scenario(tmp_path / "c.yaml")
    (tmp_path / "c.yaml").write_text("name: c\nextends: p.yaml\n")
    assert load_scenario(tmp_path / "c.yaml").description == ""


def test_child_inherits_start_and_end_separately(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("name: p\nstart: 2020-02-01\n")
    (tmp_path / "c.yaml").write_text("name: c\nextends: p.yaml\nend: 2020-02-29\n")
    s = load_scenario(tmp_path / "c.yaml")
    assert (s.start, s.end, s.days) == (date(2020, 2, 1), date(2020, 2, 29), 29)


def test_remove_then_redefine_in_the_same_file_and_extends_absolute(tmp_path: Path) -> None:
    child = tmp_path / "c.yaml"
    child.write_text(
        f"name: c\nextends: {(FIXTURES / 'base.yaml').resolve()}\n"
        "remove_events: [first, third]\nevents: []\n"
    )
    assert [e.id for e in load_scenario(child).events] == ["second"]


def test_scenario_from_dict_extends_relative_to_base_dir() -> None:
    s = scenario_from_dict(
        {"name": "nb", "extends": "child.yaml", "seed": 9}, source="notebook", base_dir=FIXTURES
    )
    assert (s.seed, s.replicates, len(s.events)) == (9, 20, 4)
    assert [Path(f).name for f in s.files] == ["child.yaml", "base.yaml"]


def test_scenario_from_dict_accepts_date_objects() -> None:
    s = scenario_from_dict(
        {
            "name": "d",
            "start": date(2020, 1, 1),
            "end": "2020-01-31",
            "events": [{"id": "x", "type": "eu_deal", "on": date(2020, 1, 5)}],
        }
    )
    assert s.days == 31 and s.events[0].on == date(2020, 1, 5)


def test_yaml_keys_on_and_yes_are_names_not_booleans(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text("name: keys\nevents:\n  - {id: a, type: eu_deal, on: 2020-01-05}\n")
    assert load_scenario(path).events[0].on == date(2020, 1, 5)


def test_anchors_and_aliases_are_plain_data(tmp_path: Path) -> None:
    path = tmp_path / "alias.yaml"
    path.write_text(
        "name: alias\nevents:\n"
        "  - {id: a, type: talks, on: 2020-01-05, parties: &p [turkey, russia], level: call}\n"
        "  - {id: b, type: ceasefire, on: 2020-01-06, parties: *p}\n"
    )
    assert load_scenario(path).events[1].parties == ("turkey", "russia")
