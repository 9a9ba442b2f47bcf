"""The state actors as Mesa agents: Turkey, Russia, Syria, NATO, the EU and Greece.

Each actor belongs to some dyads of the ladder. Each day it observes the last week (an
``Observation``) and, per dyad, chooses to de-escalate, hold or escalate with the logit rule
of ``escalation_rules``; the choice is returned with the consideration that dominated it, so the
model can log a cause. Turkey also decides its border policy toward Greece; Greece sets its
enforcement of the Evros line. The armed opposition acts only through the military engine
(resistance).

Interests and sensitivities (see docs/MODEL.md for every weight):
- Turkey: casualty-sensitive; domestic pressure from refugees (resentment of the 3.6 million
  Syrians it hosts) and its end-of-February ultimatum; economic ties to Russia (gas, arms, trade);
  seeks NATO support and uses migration as leverage on the EU.
- Russia: supports Syria's offensive; values its ties with Turkey; deterred by NATO's posture.
- Syria: wants to retake Idlib; sensitive to losses from Turkish fire; deterred by NATO support.
- NATO: solidarity with Turkey after losses; stands against Russia in a clash.
- EU: sensitive to migrants at its border; offers money for a deal.
- Greece: reinforces the border when crowds gather.
"""

from __future__ import annotations

from collections.abc import Mapping

import mesa
import numpy as np

from flashpoint.crisis.border_policy import (
    greek_enforcement_update,
    turkey_border_switch_probability,
)
from flashpoint.crisis.escalation_rules import (
    DE_ESCALATE,
    ESCALATE,
    HOLD,
    choice_probabilities,
    dominant_term,
    drive_terms,
)
from flashpoint.crisis.ladder import Ladder
from flashpoint.crisis.state import Observation


class StateActor(mesa.Agent):
    """A state actor that takes a position in each of its dyads.

    Args:
        model: The Mesa model.
        name: Actor name (``turkey``, ``russia`` ...).
        ladder: The ladder, to know the actor's dyads.
    """

    def __init__(self, model: mesa.Model, name: str, ladder: Ladder) -> None:
        super().__init__(model)
        self.name = name
        self.dyads = [(i, d.id) for i, d in enumerate(ladder.dyads) if name in d.parties]

    def decide(
        self, obs: Observation, params: Mapping[str, float], rng: np.random.Generator
    ) -> dict[int, tuple[int, str]]:
        """Choose an action per dyad: dyad index -> (action, dominant consideration)."""
        out: dict[int, tuple[int, str]] = {}
        inertia = params["actors.inertia_utility"]
        for index, dyad in self.dyads:
            terms = drive_terms(self.name, dyad, index, obs, params)
            p_down, p_hold, _ = choice_probabilities(sum(terms.values()), inertia)
            u = rng.random()
            action = DE_ESCALATE if u < p_down else HOLD if u < p_down + p_hold else ESCALATE
            out[index] = (action, dominant_term(terms, action))
        return out


class Turkey(StateActor):
    """Turkey: also decides whether migrants may leave for Greece."""

    def border_switch(
        self,
        is_open: bool,
        turkey_eu_index: int,
        obs: Observation,
        params: Mapping[str, float],
        rng: np.random.Generator,
    ) -> bool:
        """True if Turkey switches its border policy today."""
        tension = max(0, obs.rungs[turkey_eu_index] - obs.start_rungs[turkey_eu_index])
        return bool(rng.random() < turkey_border_switch_probability(is_open, tension, obs, params))


class Greece(mesa.Agent):
    """Greece: enforces the land border; reinforces it when crowds gather."""

    def __init__(self, model: mesa.Model) -> None:
        super().__init__(model)
        self.name = "greece"

    def enforcement(
        self, level: float, floor: float, at_border_persons: float, params: Mapping[str, float]
    ) -> float:
        """Tomorrow's land enforcement level (never below a level set by a scenario event)."""
        return max(floor, greek_enforcement_update(level, at_border_persons, params))


def make_actors(model: mesa.Model, ladder: Ladder) -> tuple[dict[str, StateActor], Greece]:
    """Create the five state actors and Greece in a fixed order."""
    actors: dict[str, StateActor] = {"turkey": Turkey(model, "turkey", ladder)}
    for name in ("russia", "syria", "nato", "eu"):
        actors[name] = StateActor(model, name, ladder)
    return actors, Greece(model)
