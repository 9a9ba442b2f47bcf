"""When a scenario's events fire: on their date, or when a condition on the model's outputs holds.

An event fires once: on its date, or on the first day its condition on the model's daily
outputs holds (conditions compare yesterday's values, so they never look ahead). What an event
then changes is :mod:`flashpoint.crisis.event_handlers`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flashpoint.scenario import Condition, EventBase

OPS: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}


def condition_holds(when: Condition, history: Mapping[str, Sequence[float]], today: date) -> bool:
    """Whether a ``when:`` condition holds, judged on the days before today.

    Without ``over_last_days`` the latest value is compared; with it, the change over that many
    days. No history yet (day 0) means the condition does not hold.
    """
    if getattr(when, "not_before", None) is not None and today < when.not_before:
        return False
    series = history.get(when.metric, [])
    if len(series) == 0:
        return False
    value = float(series[-1])
    n = getattr(when, "over_last_days", None)
    if n:
        value -= float(series[-1 - n]) if len(series) > n else 0.0
    return OPS[when.op](value, float(when.value))


class EventScheduler:
    """Fires a scenario's events on their day.

    Args:
        events: The scenario's events (resolved).
        start: The scenario's start date.
    """

    def __init__(self, events: Sequence[EventBase], start: date) -> None:
        self.pending = list(events)
        self.start = start

    def due(self, day: int, history: Mapping[str, Sequence[float]]) -> list[EventBase]:
        """Events that fire today, in file order; they are removed from the pending list."""
        today = date.fromordinal(self.start.toordinal() + day)
        fire = [
            e
            for e in self.pending
            if (e.on is not None and e.on == today)
            or (e.when is not None and condition_holds(e.when, history, today))
        ]
        self.pending = [e for e in self.pending if e not in fire]
        return fire
