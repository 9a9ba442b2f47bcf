"""Tests that every scenario mistake names its file, YAML path, line and allowed values."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from flashpoint.metrics import METRIC_NAMES
from flashpoint.parameters import registry, unknown_parameter_message
from flashpoint.scenario import ScenarioError, load_scenario, scenario_from_dict, validate_file

FIXTURES = Path(__file__).parent / "fixtures"
TYPES = (
    "talks, ceasefire, border_policy, offensive, strike, nato_support, eu_deal, "
    "border_enforcement, set_parameter, front_timeline"
)


def error_in(tmp_path: Path, text: str, name: str = "s.yaml") -> ScenarioError:
    """Write ``text`` and return the error load_scenario raises (also validate_file's first)."""
    path = tmp_path / name
    path.write_text(dedent(text), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    errors = validate_file(path)
    assert errors and str(errors[0]) == str(info.value)
    return info.value


def where(err: ScenarioError) -> tuple[str, str, int | None]:
    return Path(err.file).name, err.path, err.line


def talks(**extra: str) -> str:
    """A talks event as YAML lines under ``events:`` (5 lines before the extras)."""
    lines = [
        "  - id: t",
        "    type: talks",
        "    on: 2020-01-05",
        "    parties: [turkey, russia]",
        "    level: call",
    ] + [f"    {k}: {v}" for k, v in extra.items()]
    return "\n".join(lines) + "\n"


def test_unknown_event_type_message_matches_the_documented_form(tmp_path: Path) -> None:
    err = error_in(
        tmp_path, "name: x\nevents:\n  - id: a\n    type: airstrike\n    on: 2020-01-02\n"
    )
    assert where(err) == ("s.yaml", "events[0].type", 4)
    assert err.allowed == TYPES
    assert str(err) == (
        f"{tmp_path / 's.yaml'}:4: events[0].type: unknown event type 'airstrike'; allowed: {TYPES}"
    )


def test_yaml_syntax_error_has_its_line(tmp_path: Path) -> None:
    err = error_in(tmp_path, "name: x\nevents:\n  - id: a\n    type: [talks\n  - b\n")
    assert err.message.startswith("YAML syntax error") and err.line == 5
    assert "flow sequence started on line 4" in err.message
    err = error_in(tmp_path, "name: x\nseed: 3\n  bad: indent\n")
    assert (err.path, err.line) == ("", 3)


def test_unquoted_operator_gets_a_hint(tmp_path: Path) -> None:
    text = "name: x\nevents:\n  - id: a\n    type: eu_deal\n    when: {metric: x, op: >=}\n"
    err = error_in(tmp_path, text)
    assert err.line == 5 and 'op: ">="' in err.message


@pytest.mark.parametrize(
    "text, got", [("- a\n", "list"), ("", "an empty document"), ("just text\n", "str")]
)
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str, got: str) -> None:
    err = error_in(tmp_path, text)
    assert err.path == "" and err.message.endswith(got)


def test_unknown_top_level_key_lists_allowed_keys(tmp_path: Path) -> None:
    err = error_in(tmp_path, "name: x\nseed: 3\nreplicate: 4\n")
    assert where(err) == ("s.yaml", "replicate", 3)
    assert err.allowed == (
        "name, description, start, end, seed, replicates, extends, "
        "parameters, events, remove_events"
    )


def test_unknown_event_key_lists_the_types_keys(tmp_path: Path) -> None:
    err = error_in(tmp_path, "name: x\nevents:\n" + talks(date="2020-01-01"))
    assert where(err) == ("s.yaml", "events[0].date", 8)
    assert err.allowed == "id, type, on, when, note, source, parties, level, days"


def test_unknown_condition_key(tmp_path: Path) -> None:
    text = (
        "name: x\nevents:\n  - id: a\n    type: eu_deal\n    when:\n      metric: sea_arrivals"
        "\n      op: '>'\n      value: 5\n      over_days: 3\n"
    )
    err = error_in(tmp_path, text)
    assert where(err) == ("s.yaml", "events[0].when.over_days", 9)
    assert err.allowed == "metric, op, value, over_last_days, not_before"


def test_missing_required_fields(tmp_path: Path) -> None:
    err = error_in(
        tmp_path,
        "name: x\nevents:\n  - id: a\n    type: talks\n    on: 2020-01-02\n"
        "    parties: [turkey, eu]\n",
    )
    assert where(err) == ("s.yaml", "events[0].level", 3)
    assert err.message == "missing required key 'level'"
    err = error_in(tmp_path, "name: x\nevents:\n  - id: a\n    on: 2020-01-02\n")
    assert where(err) == ("s.yaml", "events[0].type", 3) and err.allowed == TYPES
    err = error_in(tmp_path, "description: no name\n")
    assert where(err) == ("s.yaml", "name", 1)


@pytest.mark.parametrize(
    "extra, path, word",
    [
        ({"days": "two"}, "events[0].days", "whole number"),
        ({"days": "2.5"}, "events[0].days", "whole number"),
        ({"note": "123"}, "events[0].note", "text"),
        ({"parties": "turkey"}, "events[0].parties", "list"),
    ],
)
def test_wrong_types(tmp_path: Path, extra: dict[str, str], path: str, word: str) -> None:
    base = {"parties": "[turkey, russia]"}
    text = "name: x\nevents:\n  - id: t\n    type: talks\n    on: 2020-01-05\n    level: call\n"
    text += "".join(f"    {k}: {v}\n" for k, v in {**base, **extra}.items())
    err = error_in(tmp_path, text)
    assert err.path == path and word in err.message
    assert err.line == 7 + list({**base, **extra}).index(path.split(".")[-1])


@pytest.mark.parametrize(
    "value", ["2020-02-30", "03/01/2020", "2020-1-5", "'2020-01-05 10:00'", "2020-01-05 10:00:00"]
)
def test_bad_dates_name_the_format(tmp_path: Path, value: str) -> None:
    err = error_in(tmp_path, f"name: x\nstart: 2020-01-01\nend: {value}\n")
    assert where(err) == ("s.yaml", "end", 3) and "YYYY-MM-DD" in err.message


@pytest.mark.parametrize(
    "extra, path, rule",
    [
        ({"compliance": "1.5"}, "compliance", "from 0 to 1"),
        ({"days": "0"}, "days", "from 1 to 365"),
    ],
)
def test_out_of_range_numbers_say_the_range(tmp_path, extra, path, rule) -> None:
    text = (
        "name: x\nevents:\n  - id: c\n    type: ceasefire\n    on: 2020-01-05\n"
        "    parties: [turkey, russia]\n" + "".join(f"    {k}: {v}\n" for k, v in extra.items())
    )
    err = error_in(tmp_path, text)
    assert where(err) == ("s.yaml", f"events[0].{path}", 7) and rule in err.message


def test_out_of_range_top_level_and_open_interval(tmp_path: Path) -> None:
    err = error_in(tmp_path, "name: x\nreplicates: 100001\n")
    assert where(err) == ("s.yaml", "replicates", 2) and "from 1 to 100000" in err.message
    err = error_in(
        tmp_path,
        "name: x\nevents:\n  - {id: o, type: offensive, on: 2020-01-02,\n"
        "     side: regime, action: surge, factor: 0}\n",
    )
    assert where(err) == ("s.yaml", "events[0].factor", 4)
    assert "greater than 0 and at most 10" in err.message


def test_name_must_be_a_slug(tmp_path: Path) -> None:
    err = error_in(tmp_path, "description: d\nname: Idlib Base\n")
    assert where(err) == ("s.yaml", "name", 2) and "scenario name" in err.message


def test_end_not_after_start_points_at_the_value_written_last(tmp_path: Path) -> None:
    err = error_in(tmp_path, "name: x\nstart: 2020-03-01\nend: 2020-03-01\n")
    assert where(err) == ("s.yaml", "end", 3) and "must be after start" in err.message
    (tmp_path / "p.yaml").write_text("name: p\nend: 2020-02-01\n")
    err = error_in(tmp_path, "name: c\nextends: p.yaml\nstart: 2020-02-15\n", "c.yaml")
    assert where(err) == ("c.yaml", "start", 3)


def test_on_and_when_exactly_one(tmp_path: Path) -> None:
    both = (
        "name: x\nevents:\n  - id: a\n    type: eu_deal\n    on: 2020-01-02\n"
        "    when: {metric: sea_arrivals, op: '>', value: 1}\n"
    )
    err = error_in(tmp_path, both)
    assert where(err) == ("s.yaml", "events[0].when", 6) and "not both" in err.message
    err = error_in(tmp_path, "name: x\nevents:\n  - id: a\n    type: eu_deal\n")
    assert where(err) == ("s.yaml", "events[0]", 3) and "exactly one of 'on'" in err.message


def test_unknown_metric_lists_close_names(tmp_path: Path) -> None:
    text = (
        "name: x\nevents:\n  - id: a\n    type: eu_deal\n    when:\n"
        "      metric: civilian_death\n      op: '>'\n      value: 1\n"
    )
    err = error_in(tmp_path, text)
    assert where(err) == ("s.yaml", "events[0].when.metric", 6)
    assert "did you mean civilian_deaths" in err.message
    err = error_in(tmp_path, text.replace("civilian_death", "zzzz"))
    assert err.allowed == ", ".join(METRIC_NAMES)


def test_unknown_op_lists_the_operators(tmp_path: Path) -> None:
    err = error_in(
        tmp_path,
        "name: x\nevents:\n  - id: a\n    type: eu_deal\n"
        "    when: {metric: sea_arrivals, op: '=>', value: 1}\n",
    )
    assert where(err) == ("s.yaml", "events[0].when.op", 5)
    assert err.allowed == ">, >=, <, <=, ==, !="


def test_event_dates_outside_the_period(tmp_path: Path) -> None:
    text = (
        "name: x\nstart: 2020-01-01\nend: 2020-01-31\nevents:\n"
        + talks()
        + "  - id: late\n    type: eu_deal\n    on: 2020-02-01\n"
    )
    err = error_in(tmp_path, text)
    assert where(err) == ("s.yaml", "events[1].on", 12) and "outside" in err.message
    text = (
        "name: x\nstart: 2020-01-01\nend: 2020-01-31\nevents:\n  - id: a\n    type: eu_deal\n"
        "    when: {metric: sea_arrivals, op: '>', value: 1, not_before: 2019-12-31}\n"
    )
    assert where(error_in(tmp_path, text)) == ("s.yaml", "events[0].when.not_before", 7)


def test_inherited_event_outside_the_childs_period_points_at_the_parent(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text((FIXTURES / "base.yaml").read_text())
    err = error_in(tmp_path, "name: c\nextends: base.yaml\nend: 2020-02-15\n", "c.yaml")
    assert where(err) == ("base.yaml", "events[1].on", 15)
    assert "the period is set in" in err.message


def test_unknown_parameter_names_its_key_line(tmp_path: Path) -> None:
    err = error_in(tmp_path, "name: x\nparameters:\n  military.strike_rat_per_day: 3\n")
    assert where(err) == ("s.yaml", "parameters.military.strike_rat_per_day", 3)
    assert err.message == unknown_parameter_message("military.strike_rat_per_day")


def test_parameter_value_error_uses_the_registry_text(tmp_path: Path) -> None:
    name, p = sorted(registry().items())[0]
    bad = "maybe"
    err = error_in(tmp_path, f"name: x\nparameters:\n\n  {name}:\n    {bad}\n")
    assert where(err) == ("s.yaml", f"parameters.{name}", 5)
    with pytest.raises(ValueError) as info:
        p.check(bad)
    assert err.message == str(info.value)


def test_set_parameter_errors(tmp_path: Path) -> None:
    name = sorted(registry())[0]
    head = "name: x\nevents:\n  - id: p\n    type: set_parameter\n    on: 2020-01-02\n"
    err = error_in(tmp_path, head + "    name: no.such_thing\n    value: 1\n")
    assert where(err) == ("s.yaml", "events[0].name", 6)
    err = error_in(tmp_path, head + f"    name: {name}\n    value: lots\n")
    assert where(err) == ("s.yaml", "events[0].value", 7) and name in err.message


def test_remove_events_id_not_inherited(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text((FIXTURES / "base.yaml").read_text())
    err = error_in(
        tmp_path, "name: c\nextends: base.yaml\nremove_events:\n  - first\n  - fifth\n", "c.yaml"
    )
    assert where(err) == ("c.yaml", "remove_events[1]", 5)
    assert err.allowed == "first, second, third"
    err = error_in(tmp_path, "name: c\nremove_events: [first]\n", "alone.yaml")
    assert where(err) == ("alone.yaml", "remove_events[0]", 2)


def test_duplicate_ids(tmp_path: Path) -> None:
    err = error_in(tmp_path, "name: x\nevents:\n" + talks() + talks())
    assert where(err) == ("s.yaml", "events[1].id", 8) and "duplicate event id 't'" in err.message
    (tmp_path / "base.yaml").write_text((FIXTURES / "base.yaml").read_text())
    err = error_in(
        tmp_path,
        "name: c\nextends: base.yaml\nevents:\n  - {id: third, type: eu_deal, on: 2020-03-02}\n",
        "c.yaml",
    )
    assert where(err) == ("c.yaml", "events[0].id", 4)
    assert "base.yaml:19" in err.message and "remove_events" in err.message


def test_duplicate_yaml_keys(tmp_path: Path) -> None:
    err = error_in(tmp_path, "name: x\nseed: 1\nseed: 2\n")
    assert where(err) == ("s.yaml", "seed", 3) and "line 2" in err.message


@pytest.mark.parametrize(
    "name, closing, line",
    [("cycle_a.yaml", "cycle_b.yaml", 2), ("self_cycle.yaml", "self_cycle.yaml", 2)],
)
def test_extends_cycle(name: str, closing: str, line: int) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(FIXTURES / name)
    assert where(info.value) == (closing, "extends", line)
    assert "extends cycle" in info.value.message and info.value.message.endswith(name)


def test_extends_file_missing_names_the_referring_file() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(FIXTURES / "missing_parent.yaml")
    assert where(info.value) == ("missing_parent.yaml", "extends", 3)
    assert "no_such_parent.yaml" in info.value.message


def test_error_in_a_parent_names_the_parent(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("name: p\nseed: -1\n")
    err = error_in(tmp_path, "name: c\nextends: p.yaml\n", "c.yaml")
    assert where(err) == ("p.yaml", "seed", 2)


def test_yaml_tags_are_rejected_and_nothing_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"name: x\ndescription: !!python/object/apply:os.system ['touch {marker}']\n"
    err = error_in(tmp_path, text)
    assert where(err) == ("s.yaml", "description", 2) and "not allowed" in err.message
    assert not marker.exists()
    err = error_in(tmp_path, "name: x\nevents: !custom []\n")
    assert where(err) == ("s.yaml", "events", 2)


def test_yaml_booleans_get_a_hint(tmp_path: Path) -> None:
    err = error_in(
        tmp_path,
        "name: x\nevents:\n  - id: b\n    type: border_policy\n"
        "    on: 2020-01-02\n    border: turkey_greece\n    state: on\n",
    )
    assert where(err) == ("s.yaml", "events[0].state", 7)
    assert "quote the word" in err.message and err.allowed == "open, closed"


def test_parties_must_be_distinct_actors(tmp_path: Path) -> None:
    text = "name: x\nevents:\n" + talks().replace("[turkey, russia]", "[turkey, turkey]")
    assert where(error_in(tmp_path, text)) == ("s.yaml", "events[0].parties", 6)
    text = "name: x\nevents:\n" + talks().replace("[turkey, russia]", "[turkey, usa]")
    err = error_in(tmp_path, text)
    assert where(err) == ("s.yaml", "events[0].parties[1]", 6)
    assert err.allowed == "turkey, russia, syria, nato, eu, greece, opposition"


def test_validate_file_reports_all_errors_in_line_order(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text("name: x\nseed: -1\nfoo: 1\nevents:\n" + talks(days="99"))
    errors = validate_file(path)
    assert [(e.path, e.line) for e in errors] == [("seed", 2), ("foo", 3), ("events[0].days", 10)]


def test_validate_file_does_not_raise_for_user_mistakes(tmp_path: Path) -> None:
    (errors,) = [validate_file(tmp_path / "nope.yaml")]
    assert len(errors) == 1 and errors[0].line is None and "not found" in errors[0].message
    (tmp_path / "bin.yaml").write_bytes(b"name: \xff\xfe\n")
    assert "UTF-8" in validate_file(tmp_path / "bin.yaml")[0].message
    assert "not a file" in validate_file(tmp_path)[0].message
    (tmp_path / "deep.yaml").write_text("name: x\ndescription: " + "[" * 5000 + "]" * 5000)
    assert "nested too deeply" in validate_file(tmp_path / "deep.yaml")[0].message
    (tmp_path / "bomb.yaml").write_text(
        "name: x\na: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
        + "".join(
            f"{k}: &{k} [{', '.join([f'*{p}'] * 10)}]\n"
            for p, k in zip("abcde", "bcdef", strict=True)
        )
    )
    assert "too large" in validate_file(tmp_path / "bomb.yaml")[0].message


def test_errors_from_dicts_have_no_line() -> None:
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(
            {"name": "x", "events": [{"id": "a", "type": "eu_deal"}]}, source="notebook"
        )
    assert (info.value.file, info.value.path, info.value.line) == ("notebook", "events[0]", None)
    assert str(info.value).startswith("notebook: events[0]: ")


@pytest.mark.parametrize(
    ("lines", "path", "words"),
    [
        (["on: 2020-01-02", "until: 2020-01-01"], "events[0].until", "before the event's date"),
        (["on: 2020-01-02", "until: 2020-03-01"], "events[0].until", "last day of the documented"),
        (["on: 2020-01-02"], "events[0].until", "missing required key 'until'"),
        (
            ["when: {metric: sea_arrivals, op: '>', value: 1}", "until: 2020-02-01"],
            "events[0].when",
            "forced from a date",
        ),
    ],
)
def test_front_timeline_period_errors(tmp_path: Path, lines, path, words) -> None:
    head = "name: x\nevents:\n  - id: f\n    type: front_timeline\n"
    err = error_in(tmp_path, head + "".join(f"    {line}\n" for line in lines))
    assert err.path == path and words in err.message, str(err)
