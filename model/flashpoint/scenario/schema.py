"""The scenario schema: conditions, the ten event types and the resolved scenario.

All models forbid unknown keys and are frozen. Numbers are strict (``"3"`` is not a number,
``true`` is not 1); dates are ``YYYY-MM-DD``. Validators raise ``PydanticCustomError`` of type
``scenario`` whose context carries ``allowed`` (the allowed values, or None) and ``subpath``
(a key below the failing location that the message is about), so that the error translation in
:mod:`flashpoint.scenario.errors` can name the exact YAML path.
"""

from __future__ import annotations

import difflib
import math
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from flashpoint.metrics import METRIC_NAMES
from flashpoint.parameters import registry, unknown_parameter_message
from flashpoint.scenario.validators import (
    Date,
    Description,
    EventId,
    Float,
    Parties,
    PeriodDate,
    Slug,
    _in_range,
    check_parameter,
    fail,
)
from flashpoint.world.front_timeline import LAST_CAPTURE_DATE

DEFAULT_START = date(2019, 12, 1)
DEFAULT_END = date(2020, 6, 30)
DEFAULT_SEED = 20191201
DEFAULT_REPLICATES = 50
ACTORS: tuple[str, ...] = ("turkey", "russia", "syria", "nato", "eu", "greece", "opposition")
OPS: tuple[str, ...] = (">", ">=", "<", "<=", "==", "!=")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Condition(_Frozen):
    """A condition on a daily metric, checked each day (data, never code).

    Attributes:
        metric: A name from :data:`flashpoint.metrics.METRIC_NAMES`.
        op: Comparison operator.
        value: Number compared against.
        over_last_days: If set, compare the change ``value[t] - value[t-N]`` instead of today's
            value.
        not_before: The condition is only checked from this date on.
    """

    metric: StrictStr
    op: Literal[">", ">=", "<", "<=", "==", "!="]
    value: Annotated[Float, _in_range(-math.inf)]
    over_last_days: Annotated[StrictInt, _in_range(1, 365)] | None = None
    not_before: Date | None = None

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, name: str) -> str:
        if name in METRIC_NAMES:
            return name
        close = difflib.get_close_matches(name, METRIC_NAMES, n=3)
        if close:
            raise fail(f"unknown metric '{name}': did you mean {', '.join(close)}?")
        raise fail(f"unknown metric '{name}'", ", ".join(METRIC_NAMES))


class EventBase(_Frozen):
    """Fields common to every event: exactly one of ``on`` (a date) or ``when`` (a condition).

    Attributes:
        id: Unique id within the resolved scenario.
        type: The event type (the discriminator).
        on: Date the event fires.
        when: Condition that fires the event the first day it holds.
        note: Free text.
        source: A citation for the event.
    """

    id: EventId
    type: str
    on: Date | None = None
    when: Condition | None = None
    note: StrictStr | None = None
    source: StrictStr | None = None

    @model_validator(mode="after")
    def _one_trigger(self) -> EventBase:
        if self.on is not None and self.when is not None:
            raise fail(
                "an event takes exactly one of 'on' (a date) or 'when' (a condition), not both",
                subpath="when",
            )
        if self.on is None and self.when is None:
            raise fail("an event needs exactly one of 'on' (a date) or 'when' (a condition)")
        return self


class TalksEvent(EventBase):
    """Talks between parties (a call, delegations or a summit) lasting ``days``."""

    type: Literal["talks"]
    parties: Parties
    level: Literal["call", "delegation", "summit"]
    days: Annotated[StrictInt, _in_range(1, 60)] = 1


class CeasefireEvent(EventBase):
    """A ceasefire among parties, honoured with ``compliance``, for ``days`` or open-ended."""

    type: Literal["ceasefire"]
    parties: Parties
    compliance: Annotated[Float, _in_range(0, 1)] = 0.8
    days: Annotated[StrictInt, _in_range(1, 365)] | None = None


class BorderPolicyEvent(EventBase):
    """A border opened or closed by its gatekeeper."""

    type: Literal["border_policy"]
    border: Literal["syria_turkey", "turkey_greece"]
    state: Literal["open", "closed"]


class OffensiveEvent(EventBase):
    """An offensive surges (rates times ``factor``), halts or resumes."""

    type: Literal["offensive"]
    side: Literal["regime", "turkey"]
    action: Literal["surge", "halt", "resume"]
    factor: Annotated[Float, _in_range(0, 10, lo_open=True)] = 2.0


class StrikeEvent(EventBase):
    """A single strike by ``by`` on ``target`` causing ``size`` deaths."""

    type: Literal["strike"]
    by: Literal["syria", "russia", "turkey"]
    target: Literal["turkey", "syria", "russia", "civilians", "opposition"]
    size: Annotated[StrictInt, _in_range(0, 100_000)]

    @model_validator(mode="after")
    def _not_self(self) -> StrikeEvent:
        if self.by == self.target:
            raise fail(f"a strike by {self.by} cannot target {self.target}", subpath="target")
        return self


class NatoSupportEvent(EventBase):
    """NATO's support for Turkey set to a level."""

    type: Literal["nato_support"]
    level: Literal["none", "consultations", "statement", "materiel", "air_cover"]


class EuDealEvent(EventBase):
    """An EU-Turkey deal with funding in million euro."""

    type: Literal["eu_deal"]
    funding_eur_million: Annotated[Float, _in_range(0, 100_000)] = 1000.0


class BorderEnforcementEvent(EventBase):
    """Greek enforcement strength (0 none, 1 sealed) on the land border, the sea or both."""

    type: Literal["border_enforcement"]
    level: Annotated[Float, _in_range(0, 1)]
    border: Literal["land", "sea", "both"] = "both"


class SetParameterEvent(EventBase):
    """A model parameter set to a new value from the event's day on."""

    type: Literal["set_parameter"]
    name: StrictStr
    value: bool | int | float

    @field_validator("name")
    @classmethod
    def _known_name(cls, name: str) -> str:
        if name not in registry():
            raise fail(unknown_parameter_message(name))
        return name

    @field_validator("value", mode="before")
    @classmethod
    def _checked_value(cls, value: Any, info: ValidationInfo) -> Any:
        name = info.data.get("name")
        if name is None:
            if isinstance(value, bool | int | float):
                return value
            raise fail(f"expected a number or true/false, got {value!r}")
        return check_parameter(name, value)


class FrontTimelineEvent(EventBase):
    """The front's documented captures (``data/world/front_timeline.csv``) forced to ``until``.

    From its day (``on``; a condition cannot start it) to ``until`` inclusive the offensive takes
    exactly the documented places on their dates (and the opposition retakes what the record
    says); the model's own advance is off. ``until`` is at most 29 February 2020, the last day
    of the documented timeline.
    """

    type: Literal["front_timeline"]
    until: Date

    @model_validator(mode="after")
    def _forced_period(self) -> FrontTimelineEvent:
        if self.when is not None:
            raise fail(
                "a front_timeline event is forced from a date: give 'on', not 'when'",
                subpath="when",
            )
        if self.on is not None and self.until < self.on:
            raise fail(f"until {self.until} is before the event's date {self.on}", subpath="until")
        if self.until > LAST_CAPTURE_DATE:
            raise fail(
                f"until {self.until} is after {LAST_CAPTURE_DATE}, the last day of the documented "
                "timeline (the model advances on its own afterwards)",
                subpath="until",
            )
        return self


EVENT_CLASSES = (
    TalksEvent,
    CeasefireEvent,
    BorderPolicyEvent,
    OffensiveEvent,
    StrikeEvent,
    NatoSupportEvent,
    EuDealEvent,
    BorderEnforcementEvent,
    SetParameterEvent,
    FrontTimelineEvent,
)
EVENT_TYPES: dict[str, type[EventBase]] = {
    cls.model_fields["type"].annotation.__args__[0]: cls for cls in EVENT_CLASSES
}
Event = Annotated[
    TalksEvent
    | CeasefireEvent
    | BorderPolicyEvent
    | OffensiveEvent
    | StrikeEvent
    | NatoSupportEvent
    | EuDealEvent
    | BorderEnforcementEvent
    | SetParameterEvent
    | FrontTimelineEvent,
    Field(discriminator="type"),
]
#: Most replicates of one scenario (files and the ``--replicates`` option alike).
MAX_REPLICATES = 100_000
#: Largest seed (it is stored in 64-bit integer columns).
MAX_SEED = 2**63 - 1
Replicates = Annotated[StrictInt, _in_range(1, MAX_REPLICATES)]
Seed = Annotated[StrictInt, _in_range(0, MAX_SEED)]


Problem = tuple[int, tuple[str, ...], str, int | None]


def cross_check(start: date, end: date, events: tuple[EventBase, ...]) -> list[Problem]:
    """Facts that need the resolved scenario: event dates within [start, end], unique ids.

    Args:
        start: First simulated day.
        end: Last simulated day.
        events: The resolved events.

    Returns:
        Problems as ``(event index, keys below the event, message, index of the first event
        with the same id or None)``; ``end`` not after ``start`` is checked by the caller.
    """
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, event in enumerate(events):
        if event.id in seen:
            problems.append((i, ("id",), f"duplicate event id '{event.id}'", seen[event.id]))
        seen.setdefault(event.id, i)
        dated = [(("on",), event.on)]
        if event.when is not None:
            dated.append((("when", "not_before"), event.when.not_before))
        for keys, day in dated:
            if day is not None and not start <= day <= end:
                message = (
                    f"date {day.isoformat()} is outside the scenario period "
                    f"{start.isoformat()} to {end.isoformat()}"
                )
                problems.append((i, keys, message, None))
    return problems


class Scenario(_Frozen):
    """A resolved scenario (inheritance applied, everything validated).

    Attributes:
        name: Slug, used as the output folder name.
        description: Free text.
        start: First simulated day.
        end: Last simulated day (inclusive).
        seed: Base random seed.
        replicates: Number of replicate runs.
        parameters: Parameter overrides by dotted name (not the full parameter set; use
            :func:`flashpoint.parameters.resolve`).
        events: Events in order (inherited first).
        files: Absolute paths of every file read, child first.
    """

    name: Slug
    description: Description = ""
    start: PeriodDate = DEFAULT_START
    end: PeriodDate = DEFAULT_END
    seed: Seed = DEFAULT_SEED
    replicates: Replicates = DEFAULT_REPLICATES
    parameters: dict[StrictStr, bool | int | float] = Field(default_factory=dict)
    events: tuple[Event, ...] = ()
    files: tuple[str, ...] = ()

    @field_validator("parameters", mode="before")
    @classmethod
    def _checked_parameters(cls, values: Any) -> Any:
        if not isinstance(values, dict):
            return values
        return {name: check_parameter(name, value) for name, value in values.items()}

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        if self.end <= self.start:
            raise fail(f"end {self.end} must be after start {self.start}", subpath="end")
        for i, keys, message, first in cross_check(self.start, self.end, self.events):
            also = f" (also events[{first}])" if first is not None else ""
            where = ".".join((f"events[{i}]", *keys))
            raise fail(f"{where}: {message}{also}")
        return self

    @property
    def days(self) -> int:
        """Number of simulated days, end inclusive."""
        return (self.end - self.start).days + 1

    def with_overrides(self, seed: int | None = None, replicates: int | None = None) -> Scenario:
        """A validated copy with another seed and/or number of replicates."""
        values = {name: getattr(self, name) for name in type(self).model_fields}
        if seed is not None:
            values["seed"] = seed
        if replicates is not None:
            values["replicates"] = replicates
        return type(self)(**values)

    def to_dict(self) -> dict[str, Any]:
        """The resolved scenario as JSON-serialisable data in the file format.

        Dates are ISO strings, events are dicts without unset optional keys, and ``files`` is
        left out, so ``scenario_from_dict(s.to_dict())`` rebuilds an equal scenario (with no
        files).
        """
        out = self.model_dump(mode="json", exclude={"events", "files"})
        out["events"] = [e.model_dump(mode="json", exclude_none=True) for e in self.events]
        return out
