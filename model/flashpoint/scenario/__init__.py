"""Scenario files: the validated schema, loading with inheritance, and located errors.

A scenario file is YAML data (never code). :func:`load_scenario` reads one file and the files
it ``extends``, validates everything and returns a frozen :class:`Scenario`; mistakes raise
:class:`ScenarioError` naming the file, the YAML path and the line.
"""

from flashpoint.scenario.errors import ScenarioError
from flashpoint.scenario.loader import load_scenario, scenario_from_dict, validate_file
from flashpoint.scenario.schema import (
    ACTORS,
    EVENT_TYPES,
    BorderEnforcementEvent,
    BorderPolicyEvent,
    CeasefireEvent,
    Condition,
    EuDealEvent,
    Event,
    EventBase,
    FrontTimelineEvent,
    NatoSupportEvent,
    OffensiveEvent,
    Scenario,
    SetParameterEvent,
    StrikeEvent,
    TalksEvent,
)

__all__ = [
    "ACTORS",
    "EVENT_TYPES",
    "BorderEnforcementEvent",
    "BorderPolicyEvent",
    "CeasefireEvent",
    "Condition",
    "EuDealEvent",
    "Event",
    "EventBase",
    "FrontTimelineEvent",
    "NatoSupportEvent",
    "OffensiveEvent",
    "Scenario",
    "ScenarioError",
    "SetParameterEvent",
    "StrikeEvent",
    "TalksEvent",
    "load_scenario",
    "scenario_from_dict",
    "validate_file",
]
