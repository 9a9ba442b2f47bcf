"""Border decisions of the state actors, as pure functions of what they observe.

Turkey's policy on migrants leaving for Greece and Greece's enforcement of the Evros line and of
the sea.
"""

from __future__ import annotations

from collections.abc import Mapping

from flashpoint.crisis.state import Observation


def turkey_border_switch_probability(
    is_open: bool, tension: int, obs: Observation, p: Mapping[str, float]
) -> float:
    """Daily probability that Turkey switches its policy on migrants leaving for Greece.

    Closed -> open: a hazard that grows with refugee pressure at the Syrian border and with
    ``tension``, the Turkey-EU rung above its start (Turkey uses migrants as leverage).
    Open -> closed: a base hazard plus the effect of EU money pledged by a deal.
    """
    if is_open:
        h = p["actors.turkey_close_border_hazard_per_day"] + (
            p["actors.eu_deal_close_hazard_per_bn_per_day"] * obs.eu_funding_bn
        )
    else:
        h = p["actors.turkey_open_border_hazard_per_day"] * tension * obs.refugee_pressure_millions
    return float(min(1.0, max(0.0, h)))


def greek_enforcement_update(
    level: float, at_border_persons: float, p: Mapping[str, float]
) -> float:
    """Greece's enforcement of the land border tomorrow.

    Greece reinforces the Evros line while crowds at the border exceed a threshold, up to a
    ceiling; it relaxes slowly toward its starting level when the border is quiet.
    """
    start = p["borders.greek_enforcement_land_start"]
    if at_border_persons > p["greece.reinforce_threshold_persons"]:
        level = level + p["greece.reinforce_step_per_day"] * (p["greece.max_enforcement"] - level)
    else:
        level = level + p["greece.relax_step_per_day"] * (start - level)
    return float(min(1.0, max(0.0, level)))


def greek_sea_enforcement_update(level: float, turkey_open: bool, p: Mapping[str, float]) -> float:
    """Greece's sea enforcement tomorrow (coast guard patrols and push-backs at sea).

    While Turkey lets migrants go, Greece reinforces its sea border toward
    ``greece.max_sea_enforcement``; it does not relax on its own (a ``border_enforcement``
    event may still set it). Never lowers a level above the ceiling.
    """
    if not turkey_open:
        return level
    ceiling = p["greece.max_sea_enforcement"]
    if level >= ceiling:
        return level
    return float(level + p["greece.sea_reinforce_step_per_day"] * (ceiling - level))
