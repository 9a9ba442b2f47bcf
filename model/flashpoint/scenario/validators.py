"""Validators shared by the scenario schema: located, typed errors with what is allowed.

Each raises ``PydanticCustomError`` of type ``scenario`` whose context carries ``allowed`` and
``subpath`` (see :mod:`flashpoint.scenario.schema`).
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Strict, StrictStr
from pydantic_core import PydanticCustomError

from flashpoint.parameters import ParameterError, registry, unknown_parameter_message


def fail(message: str, allowed: str | None = None, subpath: str = "") -> PydanticCustomError:
    """Build a validation error carrying an ``allowed`` list and a ``subpath`` key."""
    return PydanticCustomError(
        "scenario", "{message}", {"message": message, "allowed": allowed, "subpath": subpath}
    )


def check_parameter(name: str, value: Any) -> bool | int | float:
    """A parameter value checked (and converted) by the registry, as a validation error."""
    if name not in registry():
        raise fail(unknown_parameter_message(name))
    try:
        return registry()[name].check(value)
    except ParameterError as exc:
        raise fail(str(exc)) from None


def _to_date(value: Any) -> Any:
    if isinstance(value, datetime):
        raise fail(f"bad date '{value}': expected a date as YYYY-MM-DD, without a time")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise fail(f"bad date {value!r}: expected a calendar date as YYYY-MM-DD")


def _number_text(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _in_range(lo: float, hi: float = math.inf, *, lo_open: bool = False) -> AfterValidator:
    low, high = _number_text(lo), _number_text(hi)
    rule = f"greater than {low} and at most {high}" if lo_open else f"from {low} to {high}"
    rule = rule if math.isfinite(hi) else f"{low} or more"

    def check(value: float) -> float:
        if isinstance(value, float) and not math.isfinite(value):
            raise fail(f"expected a finite number, got {value}")
        if value < lo or (lo_open and value == lo) or value > hi:
            raise fail(f"{value} is out of range: must be {rule}")
        return value

    return AfterValidator(check)


def _pattern(regex: str, what: str) -> AfterValidator:
    def check(value: str) -> str:
        if not re.fullmatch(regex, value):
            raise fail(f"{value!r} is not a valid {what} (must match {regex})")
        return value

    return AfterValidator(check)


def _length(most: int, what: str) -> AfterValidator:
    def check(value: str) -> str:
        if len(value) > most:
            raise fail(f"{what} is {len(value):,} characters long; at most {most:,} are allowed")
        return value

    return AfterValidator(check)


def _date_range(first: date, last: date) -> AfterValidator:
    def check(value: date) -> date:
        if not first <= value <= last:
            raise fail(
                f"{value} is outside the period the model covers",
                f"dates from {first} to {last}",
            )
        return value

    return AfterValidator(check)


#: The world data (places, populations, control) describe this day; no run starts earlier.
EARLIEST_START = date(2019, 12, 1)
#: The latest last day a scenario may have (beyond it every output would be extrapolation).
LATEST_END = date(2021, 12, 31)
#: Longest scenario name: it names a folder, with room for the temporary name.
MAX_NAME_CHARS = 100
#: Longest description (it is copied into every manifest and chart footer).
MAX_DESCRIPTION_CHARS = 4000

Date = Annotated[date, BeforeValidator(_to_date)]
PeriodDate = Annotated[date, BeforeValidator(_to_date), _date_range(EARLIEST_START, LATEST_END)]
Float = Annotated[float, Strict()]
Slug = Annotated[
    StrictStr,
    _pattern(r"[a-z0-9][a-z0-9_-]*", "scenario name"),
    _length(MAX_NAME_CHARS, "the name"),
]
Description = Annotated[StrictStr, _length(MAX_DESCRIPTION_CHARS, "the description")]
EventId = Annotated[StrictStr, _pattern(r"[A-Za-z0-9_.-]+", "event id")]
Actor = Literal["turkey", "russia", "syria", "nato", "eu", "greece", "opposition"]


def _distinct_parties(parties: list[str]) -> tuple[str, ...]:
    if len(parties) < 2:
        raise fail(f"needs at least 2 parties, got {len(parties)}")
    if len(set(parties)) != len(parties):
        raise fail(f"parties must be distinct, got {', '.join(parties)}")
    return tuple(parties)


Parties = Annotated[tuple[Actor, ...], AfterValidator(_distinct_parties)]
