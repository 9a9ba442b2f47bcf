"""Everything a ceasefire is and does.

A ceasefire is agreed by a scenario event (``type: ceasefire``) or by the actors
(:mod:`flashpoint.crisis.diplomacy`) among parties, with a compliance (the share of the usual
violence it suppresses; ``1 - compliance`` is the residual violation share) and a duration or
none. While it is in force:

- the line of contact is frozen: the offensive takes no place (``military.py``);

- the military engine scales violence by ``1 - compliance`` and counts every violent incident
  as a violation (``military.py``);
- the parties' drive to escalate falls by ``actors.ceasefire_weight`` in the dyads of
  :data:`CEASEFIRE_DYADS` (``escalation_rules.py``);
- each day with violations the military engine logs a ``ceasefire_violation`` row;
- each day it may break down, with a hazard that rises with the day's violations and with how
  far the most escalated dyad between its parties stands above "limited direct strikes"
  (:func:`breakdown_probability`); the breakdown row cites the day's violation row or that
  dyad's last rung change (the pressure), :func:`breakdown_cause`; a breakdown ends it and
  resumes the offensive;
- it expires after its last agreed day.

Every start, expiry and breakdown is a row of ``events.csv`` with its cause.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from flashpoint.crisis.event_log import EventLog
from flashpoint.crisis.ladder import Ladder
from flashpoint.crisis.state import CrisisState

if TYPE_CHECKING:
    from flashpoint.scenario import CeasefireEvent

#: Dyads where a ceasefire on the ground lowers the parties' drive to escalate.
CEASEFIRE_DYADS = frozenset({"turkey_syria", "turkey_russia"})
#: The rung above which a dyad between the parties presses on the ceasefire.
PRESSURE_RUNG = "limited_strikes"


@dataclass
class Ceasefire:
    """A ceasefire in force.

    Attributes:
        parties: Actors bound by it.
        compliance: Share of the usual violence it suppresses (0..1).
        until_day: Last day it is agreed for, or None if open-ended.
        cause_id: The events.csv row that started it.
    """

    parties: tuple[str, ...]
    compliance: float
    until_day: int | None
    cause_id: int


def start(state: CrisisState, event: CeasefireEvent, day: int, row: int, ladder: Ladder) -> None:
    """Put the ceasefire of ``event`` in force from ``day`` (``row``: the event's log row)."""
    until = None if event.days is None else day + event.days - 1
    agree(state, tuple(event.parties), float(event.compliance), until, row, ladder)


def agree(
    state: CrisisState,
    parties: tuple[str, ...],
    compliance: float,
    until: int | None,
    row: int,
    ladder: Ladder,
) -> None:
    """Put a ceasefire among ``parties`` in force (``row``: the event or action that made it)."""
    state.ceasefire = Ceasefire(parties, compliance, until, row)
    for d in ladder.dyads_between(parties):
        state.talks_row[d] = row


def expire_if_due(state: CrisisState, day: int, log: EventLog) -> None:
    """End the ceasefire in force if its last agreed day has passed."""
    cf = state.ceasefire
    if cf is not None and cf.until_day is not None and day > cf.until_day:
        log.add(day, "scenario", "", "", "ceasefire_expired", cause_id=cf.cause_id)
        state.ceasefire = None


def breakdown_probability(
    violations_today: int, pressure_rung_excess: int, p: Mapping[str, float]
) -> float:
    """Daily probability that a ceasefire collapses.

    Args:
        violations_today: Violent incidents that happened despite the ceasefire today.
        pressure_rung_excess: How far the most escalated ceasefire dyad stands above the rung
            "limited direct strikes" (a ceasefire cannot survive sustained combat).
        p: Model parameters.
    """
    h = (
        p["ceasefire.breakdown_base_hazard_per_day"]
        + p["ceasefire.breakdown_per_violation"] * violations_today
        + p["ceasefire.breakdown_per_rung_above_limited_strikes"] * max(0, pressure_rung_excess)
    )
    return float(min(1.0, max(0.0, h)))


def breakdown_cause(
    state: CrisisState, dyads: list[int], violations: int, excess: int, limited: int
) -> int:
    """The row a breakdown cites: today's violation row, else the pressure row.

    The pressure row is the last rung change of the most escalated ceasefire dyad above
    "limited direct strikes"; with neither (only a non-zero base hazard) the ceasefire's own row.
    """
    if violations > 0 and state.last_violation_row >= 0:
        return state.last_violation_row
    if excess > 0:
        worst = max(dyads, key=lambda d: int(state.rungs[d]))
        return state.last_rung_row[worst]
    return state.ceasefire.cause_id if state.ceasefire is not None else -1


def check_breakdown(
    state: CrisisState,
    ladder: Ladder,
    violations: int,
    p: Mapping[str, float],
    rng: np.random.Generator,
    day: int,
    log: EventLog,
) -> None:
    """Let the ceasefire in force break down with today's hazard.

    A breakdown is logged and resumes the offensive at its normal pace.
    """
    cf = state.ceasefire
    if cf is None:
        return
    limited = ladder.rung(PRESSURE_RUNG)
    dyads = ladder.dyads_between(cf.parties) if cf.parties else []
    excess = max((int(state.rungs[d]) - limited for d in dyads), default=0)
    if rng.random() < breakdown_probability(violations, excess, p):
        log.add(
            day,
            "syria",
            "turkey",
            "turkey_syria",
            "ceasefire_breakdown",
            cause_id=breakdown_cause(state, dyads, violations, excess, limited),
            detail=f"violations today: {violations}",
        )
        state.ceasefire, state.ceasefire_broken = None, True
        state.ceasefire_breakdowns += 1
        state.offensive_factor, state.offensive_halted = 1.0, False
