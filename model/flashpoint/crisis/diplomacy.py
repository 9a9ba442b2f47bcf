"""Diplomacy the actors make: Turkey and Russia hold summits and agree ceasefires on their own.

Scenario events can still force talks and ceasefires (``event_handlers.py``); this module is the
actors' own diplomacy, drawn each day in the actors' step while no ceasefire holds:

1. **Summit.** Turkey and Russia meet with a daily hazard (:func:`summit_probability`) driven by
   the week's military losses (Turkish and Russian), Turkey's passed ultimatum deadline, the
   refugee pressure on Turkey and third parties (NATO's support level, EU money pledged). The
   summit is an action row (``talks``) citing the row behind its strongest driver; it puts the
   Turkey-Russia and Turkey-Syria dyads in talks at the summit level for
   ``diplomacy.summit_days``.
2. **Ceasefire.** While a summit's talks last, a ceasefire is agreed with a daily chance
   (:func:`agree_probability`); it is an action row (``ceasefire_agreed``) citing the summit.
   Its terms follow the agreements in force before March 2020 (the Sochi memorandum of 2018,
   with its observation posts and de-militarised zone; the ceasefire of 12 January 2020): the
   line of contact frozen (no capture while it holds, ``military.py``), strikes down to the
   residual share ``1 - diplomacy.ceasefire_compliance`` of their usual rate, Turkish posts as
   monitors (violations are logged, ``ceasefire.py``), open-ended until it breaks down.

No scenario date makes this happen: it follows the run's own losses and pressures.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from flashpoint.crisis import ceasefire
from flashpoint.crisis.event_log import EventLog
from flashpoint.crisis.ladder import Ladder
from flashpoint.crisis.state import TALKS_LEVELS, CrisisState, Observation

PARTIES: tuple[str, ...] = ("turkey", "russia", "syria")


def summit_terms(obs: Observation, p: Mapping[str, float]) -> dict[str, float]:
    """The named contributions (per day) to the hazard of a Turkey-Russia summit."""
    return {
        "losses": p["diplomacy.summit_rate_per_log_loss"]
        * math.log1p(obs.turkish_losses_7d + obs.russian_losses_7d),
        "deadline": p["diplomacy.summit_rate_after_deadline"] * obs.deadline_passed,
        "refugees": p["diplomacy.summit_rate_per_million_displaced"]
        * obs.refugee_pressure_millions,
        "third_parties": p["diplomacy.summit_rate_per_third_party_signal"]
        * (int(obs.nato_level > 0) + int(obs.eu_funding_bn > 0)),
    }


def summit_probability(obs: Observation, talks_under_way: bool, p: Mapping[str, float]) -> float:
    """Daily chance that Turkey and Russia hold a summit (none while talks or a ceasefire last)."""
    if talks_under_way or obs.ceasefire:
        return 0.0
    return float(1.0 - math.exp(-sum(summit_terms(obs, p).values())))


def agree_probability(summit_on: bool, ceasefire: int, p: Mapping[str, float]) -> float:
    """Daily chance that the summit's talks yield a ceasefire."""
    if not summit_on or ceasefire:
        return 0.0
    return float(p["diplomacy.ceasefire_agree_probability_per_summit_day"])


def step(
    s: CrisisState,
    obs: Observation,
    p: Mapping[str, float],
    day: int,
    u: float,
    causes: Mapping[str, int],
    log: EventLog,
    ladder: Ladder,
    turkey_russia: int,
) -> None:
    """One day of the actors' diplomacy with the uniform draw ``u``.

    During a summit's days a ceasefire may be agreed; otherwise a summit may be held, citing the
    row in ``causes`` behind its largest term (losses, deadline, refugees, third parties).
    """
    if s.summit_until >= day:
        if u < agree_probability(True, int(s.ceasefire is not None), p):
            row = log.add(
                day, "turkey", "russia", "turkey_russia", "ceasefire_agreed",
                cause_id=s.summit_row, detail="made by the actors",
            )  # fmt: skip
            compliance = p["diplomacy.ceasefire_compliance"]
            ceasefire.agree(s, PARTIES, compliance, None, row, ladder)
            s.ceasefires_agreed += 1
            s.offensive_row = row
        return
    if u >= summit_probability(obs, bool(s.talks_level[turkey_russia] > 0), p):
        return
    terms = summit_terms(obs, p)
    why = max(terms, key=lambda k: terms[k])
    row = log.add(
        day, "turkey", "russia", "turkey_russia", "talks", cause_id=causes[why],
        detail=f"summit; {why}",
    )  # fmt: skip
    days = int(p["diplomacy.summit_days"])
    for d in ladder.dyads_between(("turkey", "russia")):
        s.talks_level[d] = TALKS_LEVELS.index("summit")
        s.talks_until[d] = max(s.talks_until[d], day + days - 1)
        s.talks_row[d] = row
    s.summit_until, s.summit_row = day + days - 1, row
