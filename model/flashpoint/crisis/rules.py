"""Decision rules of the state actors, as pure functions of what they observe and parameters.

Each day each actor, for each dyad it belongs to, computes a *drive* to escalate: a sum of named
terms (losses, domestic pressure, allies' signals, talks, ceasefire, the cost of standing high on
the ladder). The drive feeds a multinomial logit over (de-escalate, hold, escalate) with
utilities (-drive, inertia, +drive). The named terms let the model say which consideration
dominated a choice, so every rung change can point to its cause.

Other rules here: Turkey's decision to open or close its border with Greece, a ceasefire's
breakdown hazard and Greece's reinforcement of the Evros line.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from flashpoint.crisis.state import Observation

DE_ESCALATE, HOLD, ESCALATE = -1, 0, 1
NATO_MATERIEL = 3  # index of "materiel" in state.NATO_LEVELS

# Dyads where a ceasefire on the ground lowers the drive to escalate.
CEASEFIRE_DYADS = frozenset({"turkey_syria", "turkey_russia"})


def choice_probabilities(drive: float, inertia: float) -> tuple[float, float, float]:
    """Logit probabilities of (de-escalate, hold, escalate).

    Args:
        drive: Net drive to escalate (utility units); negative favours de-escalation.
        inertia: Utility of holding the current rung (higher: fewer moves).

    Returns:
        The three probabilities, summing to 1.
    """
    u = np.array([-drive, inertia, drive], dtype=float)
    u -= u.max()
    e = np.exp(u)
    p = e / e.sum()
    return float(p[0]), float(p[1]), float(p[2])


def drive_terms(
    actor: str, dyad: str, dyad_index: int, obs: Observation, p: Mapping[str, float]
) -> dict[str, float]:
    """Named contributions to ``actor``'s drive to escalate in ``dyad``.

    Args:
        actor: The deciding actor.
        dyad: The dyad's id (``turkey_syria`` ...).
        dyad_index: Position of the dyad in the observation's per-dyad tuples.
        obs: What the actor sees today.
        p: Model parameters by dotted name.

    Returns:
        Term name -> contribution (positive pushes up the ladder).
    """
    d = dyad_index
    terms: dict[str, float] = {
        "rung_cost": -p["actors.rung_cost_per_rung"] * (obs.rungs[d] - obs.start_rungs[d]),
        "talks": -p["actors.talks_weight_per_level"] * obs.talks_level[d],
    }
    if dyad in CEASEFIRE_DYADS:
        terms["ceasefire"] = -p["actors.ceasefire_weight"] * obs.ceasefire
    tr_losses = math.log1p(obs.turkish_losses_7d)
    sy_losses = math.log1p(obs.syrian_losses_by_turkey_7d)
    nato = obs.nato_level
    key = (actor, dyad)
    if key == ("turkey", "turkey_syria"):
        terms["losses"] = p["actors.turkey_casualty_sensitivity"] * tr_losses
        terms["ultimatum"] = p["actors.turkey_ultimatum_weight"] * obs.ultimatum_active
        terms["deadline"] = p["actors.turkey_deadline_weight"] * obs.deadline_passed
        terms["refugees"] = (
            p["actors.turkey_refugee_pressure_weight_per_million"] * obs.refugee_pressure_millions
        )
        terms["nato_support"] = p["actors.nato_encouragement_per_level"] * nato
    elif key == ("syria", "turkey_syria"):
        terms["offensive"] = p["actors.syria_offensive_drive"] * obs.offensive_on
        terms["losses"] = p["actors.syria_casualty_sensitivity"] * sy_losses
        terms["nato_deterrence"] = -p["actors.nato_deterrence_per_level"] * nato
    elif key == ("turkey", "turkey_russia"):
        terms["losses"] = (
            p["actors.turkey_casualty_sensitivity"]
            * p["actors.turkey_attribution_to_russia_share"]
            * tr_losses
        )
        terms["ties"] = -p["actors.turkey_russia_economic_ties"]
        terms["nato_support"] = p["actors.nato_encouragement_per_level"] * nato
        terms["repeated_mass_casualties"] = p["actors.turkey_repeated_mass_casualty_weight"] * max(
            0, obs.mass_casualty_days_30d - 1
        )
    elif key == ("russia", "turkey_russia"):
        terms["ally_losses"] = (
            p["actors.russia_support_for_syria"]
            * p["actors.russia_casualty_sensitivity"]
            * sy_losses
        )
        terms["own_losses"] = p["actors.russia_casualty_sensitivity"] * math.log1p(
            obs.russian_losses_7d
        )
        terms["ties"] = -p["actors.turkey_russia_economic_ties"]
        terms["nato_deterrence"] = -p["actors.nato_deterrence_per_level"] * nato
    elif key == ("russia", "russia_nato"):
        terms["nato_posture"] = p["actors.russia_nato_posture_per_level"] * nato
        terms["clash"] = p["actors.clash_spillover_weight"] * obs.clash_active
    elif key == ("nato", "russia_nato"):
        terms["clash"] = p["actors.clash_spillover_weight"] * obs.clash_active
        terms["ally_losses"] = p["actors.nato_solidarity_weight"] * 0.5 * tr_losses
    elif key == ("turkey", "turkey_eu"):
        terms["refugees"] = (
            p["actors.turkey_refugee_pressure_weight_per_million"] * obs.refugee_pressure_millions
        )
        terms["eu_money"] = -p["actors.eu_funding_weight_per_bn"] * obs.eu_funding_bn
    elif key == ("eu", "turkey_eu"):
        terms["migrants"] = p["actors.eu_migration_sensitivity"] * math.log1p(
            obs.migrants_at_border_thousands
        )
        terms["eu_money"] = -p["actors.eu_funding_weight_per_bn"] * obs.eu_funding_bn
    elif key == ("turkey", "turkey_nato"):
        unmet = 1.0 if nato < NATO_MATERIEL else 0.0
        terms["unmet_support"] = p["actors.turkey_unmet_support_weight"] * tr_losses * unmet
        terms["nato_support"] = -p["actors.nato_solidarity_weight"] * nato
    elif key == ("nato", "turkey_nato"):
        terms["solidarity"] = -p["actors.nato_solidarity_weight"] * tr_losses
    else:
        raise ValueError(f"actor '{actor}' has no rule for dyad '{dyad}'")
    return terms


def dominant_term(terms: Mapping[str, float], action: int) -> str:
    """The term that pushed most in the direction of ``action`` (for cause attribution)."""
    if action == HOLD:
        return ""
    sign = 1.0 if action == ESCALATE else -1.0
    name, value = max(terms.items(), key=lambda kv: sign * kv[1])
    return name if sign * value > 0 else ""


def combine_actions(actions: tuple[int, ...]) -> int:
    """How a dyad's rung moves given its parties' actions.

    It rises when someone escalates and nobody de-escalates, falls when someone de-escalates and
    nobody escalates, and holds when the parties pull in opposite directions or all hold.
    """
    up = any(a == ESCALATE for a in actions)
    down = any(a == DE_ESCALATE for a in actions)
    if up and not down:
        return 1
    if down and not up:
        return -1
    return 0


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


def ceasefire_breakdown_probability(
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
