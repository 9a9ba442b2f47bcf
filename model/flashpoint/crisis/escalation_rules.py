"""How each state actor decides to escalate: the table of drive terms per (actor, dyad).

Each day each actor, for each dyad it belongs to, computes a *drive* to escalate: the sum of the
named terms of its rule in :data:`RULES` (losses, domestic pressure, allies' signals, talks,
ceasefire, the cost of standing high on the ladder). The drive feeds a multinomial logit over
(de-escalate, hold, escalate) with utilities (-drive, inertia, +drive).

Every term declares beside its formula the :class:`Cause` it points to, the kind of
``events.csv`` row that a rung change driven by it cites as ``cause_id``; a term without a
cause cannot be written, and an (actor, dyad) without a rule raises.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from flashpoint.crisis.ceasefire import CEASEFIRE_DYADS
from flashpoint.crisis.state import NATO_LEVELS, Observation

DE_ESCALATE, HOLD, ESCALATE = -1, 0, 1
NATO_MATERIEL = NATO_LEVELS.index("materiel")


class Cause(enum.Enum):
    """Which earlier ``events.csv`` row a rung change driven by a term points to."""

    TURKISH_LOSS = "the last incident that killed Turkish soldiers"
    SYRIAN_LOSS = "the last Syrian loss to Turkish fire"
    RUSSIAN_LOSS = "the last Russian loss"
    TALKS = "the talks under way in the dyad"
    CEASEFIRE = "the ceasefire in force"
    NATO = "NATO's last change of support"
    EU = "the EU's last deal"
    BORDER_POLICY = "Turkey's last change of border policy"
    ULTIMATUM = "the event that set Turkey's ultimatum"
    OFFENSIVE = "the offensive's last capture or the event that last set its pace"
    LAST_RUNG_CHANGE = "the dyad's last rung change (a standing condition)"


Params = Mapping[str, float]
TermValue = Callable[[Observation, Params, int], float]


@dataclass(frozen=True)
class Term:
    """One named consideration in an actor's drive.

    Attributes:
        name: Name logged as the ``detail`` of the action.
        value: Contribution to the drive from (observation, parameters, dyad index).
        cause: The row a rung change driven by this term points to.
    """

    name: str
    value: TermValue
    cause: Cause


def _log_turkish_losses(o: Observation) -> float:
    return math.log1p(o.turkish_losses_7d)


def _log_syrian_losses(o: Observation) -> float:
    return math.log1p(o.syrian_losses_by_turkey_7d)


COMMON_TERMS: tuple[Term, ...] = (
    Term(
        "rung_cost",
        lambda o, p, d: -p["actors.rung_cost_per_rung"] * (o.rungs[d] - o.start_rungs[d]),
        Cause.LAST_RUNG_CHANGE,
    ),
    Term(
        "talks", lambda o, p, d: -p["actors.talks_weight_per_level"] * o.talks_level[d], Cause.TALKS
    ),
)
CEASEFIRE_TERM = Term(
    "ceasefire", lambda o, p, d: -p["actors.ceasefire_weight"] * o.ceasefire, Cause.CEASEFIRE
)

_NATO_ENCOURAGEMENT = Term(
    "nato_support",
    lambda o, p, d: p["actors.nato_encouragement_per_level"] * o.nato_level,
    Cause.NATO,
)
_NATO_DETERRENCE = Term(
    "nato_deterrence",
    lambda o, p, d: -p["actors.nato_deterrence_per_level"] * o.nato_level,
    Cause.NATO,
)
_TIES = Term(
    "ties", lambda o, p, d: -p["actors.turkey_russia_economic_ties"], Cause.LAST_RUNG_CHANGE
)
_REFUGEES = Term(
    "refugees",
    lambda o, p, d: (
        p["actors.turkey_refugee_pressure_weight_per_million"] * o.refugee_pressure_millions
    ),
    Cause.LAST_RUNG_CHANGE,
)
_EU_MONEY = Term(
    "eu_money", lambda o, p, d: -p["actors.eu_funding_weight_per_bn"] * o.eu_funding_bn, Cause.EU
)
_CLASH = Term(
    "clash",
    lambda o, p, d: p["actors.clash_spillover_weight"] * o.clash_active,
    Cause.LAST_RUNG_CHANGE,
)

#: The rule of each (actor, dyad): the terms added to the common ones.
RULES: dict[tuple[str, str], tuple[Term, ...]] = {
    ("turkey", "turkey_syria"): (
        Term(
            "losses",
            lambda o, p, d: p["actors.turkey_casualty_sensitivity"] * _log_turkish_losses(o),
            Cause.TURKISH_LOSS,
        ),
        Term(
            "ultimatum",
            lambda o, p, d: p["actors.turkey_ultimatum_weight"] * o.ultimatum_active,
            Cause.ULTIMATUM,
        ),
        Term(
            "deadline",
            lambda o, p, d: p["actors.turkey_deadline_weight"] * o.deadline_passed,
            Cause.ULTIMATUM,
        ),
        _REFUGEES,
        _NATO_ENCOURAGEMENT,
    ),
    ("syria", "turkey_syria"): (
        Term(
            "offensive",
            lambda o, p, d: p["actors.syria_offensive_drive"] * o.offensive_on,
            Cause.OFFENSIVE,
        ),
        # Cites the last Turkish loss, as the model always has (see docs/MODEL.md).
        Term(
            "losses",
            lambda o, p, d: p["actors.syria_casualty_sensitivity"] * _log_syrian_losses(o),
            Cause.TURKISH_LOSS,
        ),
        _NATO_DETERRENCE,
    ),
    ("turkey", "turkey_russia"): (
        Term(
            "losses",
            lambda o, p, d: (
                p["actors.turkey_casualty_sensitivity"]
                * p["actors.turkey_attribution_to_russia_share"]
                * _log_turkish_losses(o)
            ),
            Cause.TURKISH_LOSS,
        ),
        _TIES,
        _NATO_ENCOURAGEMENT,
        Term(
            "repeated_mass_casualties",
            lambda o, p, d: (
                p["actors.turkey_repeated_mass_casualty_weight"]
                * max(0, o.mass_casualty_days_30d - 1)
            ),
            Cause.TURKISH_LOSS,
        ),
    ),
    ("russia", "turkey_russia"): (
        Term(
            "ally_losses",
            lambda o, p, d: (
                p["actors.russia_support_for_syria"]
                * p["actors.russia_casualty_sensitivity"]
                * _log_syrian_losses(o)
            ),
            Cause.SYRIAN_LOSS,
        ),
        Term(
            "own_losses",
            lambda o, p, d: (
                p["actors.russia_casualty_sensitivity"] * math.log1p(o.russian_losses_7d)
            ),
            Cause.RUSSIAN_LOSS,
        ),
        _TIES,
        _NATO_DETERRENCE,
    ),
    ("russia", "russia_nato"): (
        Term(
            "nato_posture",
            lambda o, p, d: p["actors.russia_nato_posture_per_level"] * o.nato_level,
            Cause.NATO,
        ),
        _CLASH,
    ),
    ("nato", "russia_nato"): (
        _CLASH,
        Term(
            "ally_losses",
            lambda o, p, d: (
                p["actors.nato_solidarity_weight"]
                * p["actors.nato_solidarity_russia_share"]
                * _log_turkish_losses(o)
            ),
            Cause.SYRIAN_LOSS,
        ),
    ),
    ("turkey", "turkey_eu"): (_REFUGEES, _EU_MONEY),
    ("eu", "turkey_eu"): (
        Term(
            "migrants",
            lambda o, p, d: (
                p["actors.eu_migration_sensitivity"] * math.log1p(o.migrants_at_border_thousands)
            ),
            Cause.BORDER_POLICY,
        ),
        _EU_MONEY,
    ),
    ("turkey", "turkey_nato"): (
        Term(
            "unmet_support",
            lambda o, p, d: (
                p["actors.turkey_unmet_support_weight"]
                * _log_turkish_losses(o)
                * (1.0 if o.nato_level < NATO_MATERIEL else 0.0)
            ),
            Cause.TURKISH_LOSS,
        ),
        Term(
            "nato_support",
            lambda o, p, d: -p["actors.nato_solidarity_weight"] * o.nato_level,
            Cause.NATO,
        ),
    ),
    ("nato", "turkey_nato"): (
        Term(
            "solidarity",
            lambda o, p, d: -p["actors.nato_solidarity_weight"] * _log_turkish_losses(o),
            Cause.TURKISH_LOSS,
        ),
    ),
}


def rule_terms(actor: str, dyad: str) -> tuple[Term, ...]:
    """Every term of ``actor``'s rule in ``dyad``, common terms first.

    Raises:
        ValueError: The actor has no rule for the dyad.
    """
    try:
        own = RULES[(actor, dyad)]
    except KeyError:
        raise ValueError(f"actor '{actor}' has no rule for dyad '{dyad}'") from None
    ceasefire = (CEASEFIRE_TERM,) if dyad in CEASEFIRE_DYADS else ()
    return (*COMMON_TERMS, *ceasefire, *own)


def drive_terms(
    actor: str, dyad: str, dyad_index: int, obs: Observation, p: Params
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
    return {t.name: t.value(obs, p, dyad_index) for t in rule_terms(actor, dyad)}


def term_cause(actor: str, dyad: str, term: str) -> Cause:
    """The cause a rung change driven by ``term`` of ``actor``'s rule in ``dyad`` points to.

    Raises:
        KeyError: The rule has no such term.
    """
    for t in rule_terms(actor, dyad):
        if t.name == term:
            return t.cause
    raise KeyError(f"the rule of '{actor}' in '{dyad}' has no term '{term}'")


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
    prob = e / e.sum()
    return float(prob[0]), float(prob[1]), float(prob[2])


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
