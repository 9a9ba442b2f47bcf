"""How each scenario event changes the crisis: one handler per event type.

Every firing is first logged as a root row of ``events.csv`` (no cause); the changes the handler
makes point back to that row. :data:`HANDLERS` maps each schema class of
:mod:`flashpoint.scenario` to its handler (a test checks that every event type has one):

- ``talks``: the dyads between the parties (and Turkey-Syria when Turkey and Russia talk,
  Russia speaking for Damascus) get a talks level for the given days, which lowers the parties'
  drive;
- ``ceasefire``: see :mod:`flashpoint.crisis.ceasefire`;
- ``border_policy``: opens or closes the Syria-Turkey border to the displaced, or Turkey's
  border toward Greece (Turkey keeps deciding afterwards, on its own rules);
- ``offensive``: the government offensive surges (a factor on advance and strikes), halts or
  resumes; for Turkey, a surge or halt scales its fire on Syrian forces;
- ``strike``: a forced incident of the given size (deaths) by one side on another;
- ``nato_support``: NATO's support level; ``eu_deal``: EU money for Turkey (pledges add up);
- ``border_enforcement``: Greek enforcement set to a level (Greece never goes below it after);
- ``set_parameter``: a model parameter changes from that day on;
- ``front_timeline``: the front's documented captures are forced to ``until`` and the model's
  own advance is off meanwhile (:mod:`flashpoint.crisis.front`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from flashpoint.crisis import ceasefire
from flashpoint.crisis.event_log import EventLog
from flashpoint.crisis.front import ForcedFront
from flashpoint.crisis.ladder import Ladder
from flashpoint.crisis.military import MilitaryEngine
from flashpoint.crisis.state import NATO_LEVELS, TALKS_LEVELS, CrisisState
from flashpoint.parameters import registry
from flashpoint.scenario import (
    BorderEnforcementEvent,
    BorderPolicyEvent,
    CeasefireEvent,
    EuDealEvent,
    EventBase,
    FrontTimelineEvent,
    NatoSupportEvent,
    OffensiveEvent,
    SetParameterEvent,
    StrikeEvent,
    TalksEvent,
)
from flashpoint.world.codes import Control

#: The actor a firing is logged under when the event names no parties.
EVENT_ACTOR: dict[str, str] = {
    "nato_support": "nato",
    "eu_deal": "eu",
    "border_enforcement": "greece",
    "border_policy": "turkey",
}


@dataclass
class EventContext:
    """What a handler may read and change on the day an event fires.

    Attributes:
        day: Day index.
        state: The crisis state.
        params: The run's parameters (``set_parameter`` changes them).
        log: The events log.
        military: The military engine (forced strikes go through it).
        ladder: The escalation ladder.
        param_rows: Parameter name -> the log row of the event that last set it.
        extra_civilian_deaths: Civilians killed per place by forced strikes today.
        present: Persons present per place this morning (caps forced civilian deaths).
    """

    day: int
    state: CrisisState
    params: dict[str, Any]
    log: EventLog
    military: MilitaryEngine
    ladder: Ladder
    param_rows: dict[str, int] = field(default_factory=dict)
    extra_civilian_deaths: np.ndarray | None = None
    present: np.ndarray | None = None


def talks(event: TalksEvent, ctx: EventContext, row: int) -> None:
    """Talks between the parties, at a level, for some days."""
    s = ctx.state
    for d in ctx.ladder.dyads_between(event.parties):
        s.talks_level[d] = max(s.talks_level[d], TALKS_LEVELS.index(event.level))
        s.talks_until[d] = max(s.talks_until[d], ctx.day + event.days - 1)
        s.talks_row[d] = row


def start_ceasefire(event: CeasefireEvent, ctx: EventContext, row: int) -> None:
    """A ceasefire among the parties (see :mod:`flashpoint.crisis.ceasefire`)."""
    ceasefire.start(ctx.state, event, ctx.day, row, ctx.ladder)


def border_policy(event: BorderPolicyEvent, ctx: EventContext, row: int) -> None:
    """A border opened or closed to the displaced or to migrants."""
    is_open = event.state == "open"
    if event.border == "syria_turkey":
        ctx.state.border_open_syria_turkey = is_open
    else:
        ctx.state.border_open_turkey_greece = is_open
    ctx.state.border_policy_row = row


def offensive(event: OffensiveEvent, ctx: EventContext, row: int) -> None:
    """The government offensive (or Turkey's fire) surges, halts or resumes."""
    s = ctx.state
    s.offensive_row = row  # captures and Syria's offensive drive cite it
    if event.side == "regime":
        if event.action == "surge":
            s.offensive_factor, s.offensive_halted = float(event.factor), False
        elif event.action == "halt":
            s.offensive_halted = True
        else:
            s.offensive_factor, s.offensive_halted = 1.0, False
    else:
        s.turkish_fire_factor = {"surge": float(event.factor), "halt": 0.0}.get(event.action, 1.0)


def strike(event: StrikeEvent, ctx: EventContext, row: int) -> None:
    """A forced incident of ``size`` deaths by one side on another."""
    s, day, size = ctx.state, ctx.day, int(event.size)
    mil = ctx.military
    if event.target == "turkey":
        dyad = ctx.ladder.dyad_index(f"turkey_{event.by}")  # the attacker's dyad with Turkey
        mil.forces.take_losses(size)
        mil.turkish_loss(day, s, size, event.by, ctx.log, cause_id=row, dyad=dyad)
    elif event.target == "syria" and event.by == "turkey":
        mil.syrian_loss(day, s, size, by_turkey=True, log=ctx.log, cause_id=row)
    elif event.target == "syria":  # by Russia or the opposition: not Turkish retaliation
        s.syrian_deaths[day] += size
    elif event.target == "russia":
        s.russian_deaths[day] += size
        s.last_russian_loss_row = row
    else:  # civilians or the opposition's areas: where the front is, or anywhere people are
        present = ctx.present if ctx.present is not None else np.zeros(mil.world.n_places)
        opposition = (mil.control == Control.OPPOSITION) & mil.start_opposition
        weights = mil.front_weights() * (present > 0)
        if weights.sum() == 0:
            weights = np.where(opposition, present, 0.0)
        if weights.sum() == 0:
            return
        if event.target == "civilians":
            deaths = np.minimum(spread(size, weights), present)
            s.civilian_deaths[day] += deaths.sum()
            base = ctx.extra_civilian_deaths
            ctx.extra_civilian_deaths = deaths if base is None else base + deaths
        else:  # the armed opposition's losses (not counted in any metric, logged)
            s.opposition_deaths_forced += size


def spread(size: int, weights: np.ndarray) -> np.ndarray:
    """``size`` deaths spread over places in proportion to ``weights`` (whole numbers)."""
    deaths = np.floor(size * weights / weights.sum())
    deaths[np.argmax(weights)] += size - deaths.sum()
    return deaths


def nato_support(event: NatoSupportEvent, ctx: EventContext, row: int) -> None:
    """NATO's support for Turkey set to a level."""
    ctx.state.nato_level = NATO_LEVELS.index(event.level)
    ctx.state.nato_row = row


def eu_deal(event: EuDealEvent, ctx: EventContext, row: int) -> None:
    """EU money pledged to Turkey (pledges add up)."""
    ctx.state.eu_funding_eur_million += float(event.funding_eur_million)
    ctx.state.eu_row = row


def border_enforcement(event: BorderEnforcementEvent, ctx: EventContext, row: int) -> None:
    """Greek enforcement set to a level; on land, Greece never goes below it afterwards."""
    s = ctx.state
    if event.border in ("land", "both"):
        s.greek_enforcement_land = float(event.level)
        s.greek_enforcement_floor = float(event.level)
    if event.border in ("sea", "both"):
        s.greek_enforcement_sea = float(event.level)
    s.border_enforcement_row = row


def set_parameter(event: SetParameterEvent, ctx: EventContext, row: int) -> None:
    """A model parameter changes from today on."""
    ctx.params[event.name] = registry()[event.name].check(event.value)
    ctx.param_rows[event.name] = row


def front_timeline(event: FrontTimelineEvent, ctx: EventContext, row: int) -> None:
    """The documented captures forced from today to ``until`` (the advance hazard off)."""
    if event.on is None:  # the schema requires a date; kept for type checkers
        raise ValueError(f"front_timeline event {event.id!r} has no date")
    ctx.military.forced = ForcedFront.schedule(
        ctx.military.world.front_timeline, event.on, event.until, ctx.day, row
    )


Handler = Callable[[Any, EventContext, int], None]
#: The handler of each event type, keyed by its schema class.
HANDLERS: dict[type[EventBase], Handler] = {
    TalksEvent: talks,
    CeasefireEvent: start_ceasefire,
    BorderPolicyEvent: border_policy,
    OffensiveEvent: offensive,
    StrikeEvent: strike,
    NatoSupportEvent: nato_support,
    EuDealEvent: eu_deal,
    BorderEnforcementEvent: border_enforcement,
    SetParameterEvent: set_parameter,
    FrontTimelineEvent: front_timeline,
}


def apply_event(event: EventBase, ctx: EventContext) -> int:
    """Log the firing of ``event`` and apply it; returns its log row.

    Raises:
        TypeError: No handler for the event's class (a new event type without a handler).
    """
    handler = HANDLERS.get(type(event))
    if handler is None:
        raise TypeError(f"no handler for scenario events of type {type(event).__name__}")
    parties = list(getattr(event, "parties", []) or [])
    if parties:
        actor = parties[0]
    elif isinstance(event, OffensiveEvent):
        actor = event.side
    elif isinstance(event, StrikeEvent):
        actor = event.by
    else:
        actor = EVENT_ACTOR.get(event.type, "scenario")
    row = ctx.log.add(ctx.day, actor, "", "", f"scenario:{event.type}", detail=event.id)
    handler(event, ctx, row)
    return row
