"""Sweep inputs: what an input name points at, and a point applied to the base scenario.

Names are model parameters (``military.strike_rate_per_day``) or event fields
(``events.ceasefire_6mar.on``).

A point's parameter values go into the scenario's own ``parameters`` block, so they take
precedence over the posterior draw and the registry defaults (a ``set_parameter`` event of the
scenario still applies from its day on). Event fields are set on the event with that id. The
modified scenario is rebuilt with :func:`flashpoint.scenario.scenario_from_dict`, so every point
is validated like a scenario file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from flashpoint.parameters import registry, unknown_parameter_message
from flashpoint.scenario import EVENT_TYPES, Scenario, ScenarioError, scenario_from_dict

ValueType = Literal["float", "int", "bool", "date", "text"]
EVENT_PREFIX = "events."
#: Event fields that identify or describe an event rather than set what it does.
FIXED_EVENT_FIELDS = frozenset({"id", "type", "when", "note", "source", "parties"})


class InputError(ValueError):
    """An input name or value that cannot be applied; ``allowed`` lists what can."""

    def __init__(self, message: str, allowed: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.allowed = allowed


@dataclass(frozen=True)
class Target:
    """What an input name points at.

    Attributes:
        name: The input name as written.
        value_type: Type of the values it takes.
        minimum: Smallest allowed value (registry parameters), else None.
        maximum: Largest allowed value (registry parameters), else None.
        event_id: The event's id for an event field, else None.
        field: The event field, else None.
    """

    name: str
    value_type: ValueType
    minimum: float | None = None
    maximum: float | None = None
    event_id: str | None = None
    field: str | None = None


def sweepable_fields(event_type: str) -> list[str]:
    """The fields of an event type that a sweep may set."""
    return [f for f in EVENT_TYPES[event_type].model_fields if f not in FIXED_EVENT_FIELDS]


def _field_type(event_type: str, field: str) -> ValueType:
    text = str(EVENT_TYPES[event_type].model_fields[field].annotation)
    for word, kind in (("date", "date"), ("Literal", "text"), ("float", "float"), ("int", "int")):
        if word in text:
            return kind  # type: ignore[return-value]
    return "float"


def resolve_target(name: str, base: Scenario) -> Target:
    """Find what ``name`` points at in the registry or among the base scenario's events.

    Raises:
        InputError: unknown parameter, unknown event id, or a field that cannot be swept.
    """
    if not name.startswith(EVENT_PREFIX):
        reg = registry()
        if name not in reg:
            raise InputError(unknown_parameter_message(name))
        p = reg[name]
        return Target(name, p.kind, p.minimum, p.maximum)  # type: ignore[arg-type]
    parts = name.split(".")
    ids = ", ".join(e.id for e in base.events) or None
    if len(parts) != 3 or not parts[1] or not parts[2]:
        raise InputError(f"an event input is written events.<event id>.<field>, got '{name}'", ids)
    event = next((e for e in base.events if e.id == parts[1]), None)
    if event is None:
        raise InputError(f"no event with id '{parts[1]}' in scenario '{base.name}'", ids)
    fields = sweepable_fields(event.type)
    if parts[2] not in fields:
        message = f"event '{event.id}' ({event.type}) has no field '{parts[2]}' a sweep can set"
        raise InputError(message, ", ".join(fields))
    return Target(name, _field_type(event.type, parts[2]), event_id=event.id, field=parts[2])


def check_value(target: Target, value: Any, base: Scenario) -> Any:
    """Check one value of an input (type and allowed range) and return it converted.

    Raises:
        InputError: the value is of the wrong type or out of range.
    """
    if target.event_id is None:
        try:
            return registry()[target.name].check(value)
        except ValueError as exc:
            raise InputError(str(exc)) from None
    if target.value_type == "date" and not isinstance(value, date):
        raise InputError(f"expected a date (YYYY-MM-DD), got {value!r}")
    if target.value_type in ("float", "int") and (
        isinstance(value, bool) or not isinstance(value, int | float)
    ):
        raise InputError(f"expected a number, got {value!r}")
    if target.value_type == "int" and float(value) != int(value):
        raise InputError(f"expected a whole number, got {value!r}")
    try:
        apply_point(base, {target.name: value})
    except ScenarioError as exc:
        raise InputError(exc.message, exc.allowed) from None
    return _convert(target, value)


def _convert(target: Target, value: Any) -> Any:
    if target.value_type == "int":
        return int(value)
    if target.value_type == "float":
        return float(value)
    return value


def apply_point(
    base: Scenario, values: Mapping[str, Any], source: str = "<sweep point>"
) -> Scenario:
    """The base scenario with one point's values applied and validated.

    Args:
        base: The resolved base scenario.
        values: Values by input name (parameters by dotted name, ``events.<id>.<field>``).
        source: Name used in error messages.

    Raises:
        ScenarioError: the modified scenario is not valid.
    """
    data = base.to_dict()
    parameters = dict(data.get("parameters", {}))
    events = [dict(e) for e in data["events"]]
    for name, value in values.items():
        if not name.startswith(EVENT_PREFIX):
            parameters[name] = value
            continue
        _, event_id, field = name.split(".", 2)
        for event in events:
            if event["id"] == event_id:
                event[field] = value.isoformat() if isinstance(value, date) else value
    data["parameters"] = parameters
    data["events"] = events
    return scenario_from_dict(data, source)


def with_end(base: Scenario, end: date | None) -> Scenario:
    """The scenario cut at ``end``: events that could only fire after it are dropped.

    An event dated after the end, or conditional with ``not_before`` after it, cannot fire
    within the period, so dropping it changes nothing before ``end``.
    """
    if end is None or end == base.end:
        return base
    data = base.to_dict()
    data["end"] = end.isoformat()

    def fires_by_end(event: dict[str, Any]) -> bool:
        on = event.get("on") or (event.get("when") or {}).get("not_before")
        return on is None or date.fromisoformat(on) <= end

    data["events"] = [e for e in data["events"] if fires_by_end(e)]
    return scenario_from_dict(data, f"{base.name} (cut at {end.isoformat()})")
