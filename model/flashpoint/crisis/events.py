"""Applying a scenario's events to a run: when they fire and what they change.

An event fires once: on its date, or on the first day its condition on the model's daily
outputs holds (conditions compare yesterday's values, so they never look ahead). Each firing is
logged as a root row of ``events.csv`` (no cause), and the changes it makes point back to it.

What each type changes:
- ``talks``: the dyads between the parties (and Turkey-Syria when Turkey and Russia talk, Russia
  speaking for Damascus) get a talks level for the given days, which lowers the parties' drive.
- ``ceasefire``: violence is scaled down by the compliance; it lasts its days or until it breaks.
- ``border_policy``: opens or closes the Syria-Turkey border to the displaced, or Turkey's
  border toward Greece (Turkey keeps deciding afterwards, on its own rules).
- ``offensive``: the government offensive surges (a factor on advance and strikes), halts or
  resumes; for Turkey, a surge or halt scales its fire on Syrian forces.
- ``strike``: a forced incident of the given size (deaths) by one side on another.
- ``nato_support``: NATO's support level; ``eu_deal``: EU money for Turkey (billions add up);
  ``border_enforcement``: Greek enforcement set to a level (Greece never goes below it after);
  ``set_parameter``: a model parameter changes from that day on.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np

from flashpoint.crisis.event_log import EventLog
from flashpoint.crisis.ladder import Ladder
from flashpoint.crisis.state import NATO_LEVELS, TALKS_LEVELS, Ceasefire, CrisisState
from flashpoint.parameters import registry

OPS: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}


def condition_holds(when: Any, history: Mapping[str, Sequence[float]], today: date) -> bool:
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
    """Fires a scenario's events on their day and applies them.

    Args:
        events: The scenario's events (resolved).
        start: The scenario's start date.
        ladder: The escalation ladder (dyads).
    """

    def __init__(self, events: Sequence[Any], start: date, ladder: Ladder) -> None:
        self.pending = list(events)
        self.start = start
        self.ladder = ladder
        self.param_rows: dict[str, int] = {}

    def due(self, day: int, history: Mapping[str, Sequence[float]]) -> list[Any]:
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

    def dyads_between(self, parties: Sequence[str]) -> list[int]:
        """Dyads whose two parties are both among ``parties`` (plus Turkey-Syria for Turkey and
        Russia, Russia speaking for Damascus)."""
        found = [i for i, d in enumerate(self.ladder.dyads) if set(d.parties) <= set(parties)]
        if {"turkey", "russia"} <= set(parties):
            ts = self.ladder.dyad_index("turkey_syria")
            if ts not in found:
                found.append(ts)
        return found

    def apply(
        self,
        event: Any,
        day: int,
        state: CrisisState,
        params: dict[str, Any],
        log: EventLog,
        military: Any,
    ) -> np.ndarray | None:
        """Apply one event; returns extra civilian deaths per place for a strike on civilians."""
        parties = list(getattr(event, "parties", []) or [])
        actor = (
            parties[0]
            if parties
            else {
                "nato_support": "nato",
                "eu_deal": "eu",
                "border_enforcement": "greece",
                "border_policy": "turkey",
                "offensive": getattr(event, "side", ""),
                "strike": getattr(event, "by", ""),
            }.get(event.type, "scenario")
        )
        row = log.add(day, actor, "", "", f"scenario:{event.type}", detail=event.id)
        kind = event.type
        if kind == "talks":
            for d in self.dyads_between(parties):
                state.talks_level[d] = max(state.talks_level[d], TALKS_LEVELS.index(event.level))
                state.talks_until[d] = max(state.talks_until[d], day + event.days - 1)
                state.talks_row[d] = row
        elif kind == "ceasefire":
            until = None if event.days is None else day + event.days - 1
            state.ceasefire = Ceasefire(tuple(parties), float(event.compliance), until, row)
            for d in self.dyads_between(parties):
                state.talks_row[d] = row
        elif kind == "border_policy":
            is_open = event.state == "open"
            if event.border == "syria_turkey":
                state.border_open_syria_turkey = is_open
            else:
                state.border_open_turkey_greece = is_open
            state.border_policy_row = row
        elif kind == "offensive":
            self._offensive(event, state)
        elif kind == "strike":
            return self._strike(event, day, state, log, military, row)
        elif kind == "nato_support":
            state.nato_level = NATO_LEVELS.index(event.level)
            state.nato_row = row
        elif kind == "eu_deal":
            state.eu_funding_eur_million += float(event.funding_eur_million)
            state.eu_row = row
        elif kind == "border_enforcement":
            if event.border in ("land", "both"):
                state.greek_enforcement_land = float(event.level)
                state.greek_enforcement_floor = float(event.level)
            if event.border in ("sea", "both"):
                state.greek_enforcement_sea = float(event.level)
        elif kind == "set_parameter":
            params[event.name] = registry()[event.name].check(event.value)
            self.param_rows[event.name] = row
        else:  # the schema admits no other type
            raise ValueError(f"unknown event type {kind!r}")
        return None

    @staticmethod
    def _offensive(event: Any, state: CrisisState) -> None:
        if event.side == "regime":
            if event.action == "surge":
                state.offensive_factor, state.offensive_halted = float(event.factor), False
            elif event.action == "halt":
                state.offensive_halted = True
            else:
                state.offensive_factor, state.offensive_halted = 1.0, False
        else:
            state.turkish_fire_factor = {"surge": float(event.factor), "halt": 0.0}.get(
                event.action, 1.0
            )

    @staticmethod
    def _strike(
        event: Any, day: int, state: CrisisState, log: EventLog, military: Any, row: int
    ) -> np.ndarray | None:
        size = int(event.size)
        if event.target == "turkey":
            military.turkish_loss(day, state, size, event.by, log, cause_id=row)
        elif event.target == "syria":
            military.syrian_loss(
                day, state, size, by_turkey=event.by == "turkey", log=log, cause_id=row
            )
        elif event.target == "russia":
            state.russian_deaths[day] += size
            state.last_russian_loss_row = row
        else:  # civilians or the opposition's areas: deaths where the front is
            weights = military.front_weights()
            if weights.sum() == 0:
                return None
            deaths = np.floor(size * weights / weights.sum())
            deaths[np.argmax(weights)] += size - deaths.sum()
            state.civilian_deaths[day] += size if event.target == "civilians" else 0
            return deaths if event.target == "civilians" else None
        return None
