"""Turkish forces in Idlib as state: troops at the observation posts and at added positions.

Turkey holds the 12 observation posts of the Sochi memorandum (``observation_posts.csv``) and
adds positions when it reinforces (article 002: Turkey was "sending troops and equipment into
Idlib Province"). Reinforcement and withdrawal are Turkey's decisions (pure rules below, drawn
by the model in the actors' step); the force is finite (``forces.max_added_positions``).

Exposure is contact with the front: an added position within ``forces.contact_distance_km`` of
the front line (the distance of :mod:`flashpoint.crisis.front`) or behind it (its place held by
the government) counts fully; an observation post in contact or encircled counts
``military.encircled_post_exposure`` (the posts were agreed positions that the offensive
bypassed: article 002 reports them "encircled", while the losses of February struck the troops
sent in). The daily hazard of incidents is the rate per exposed position times the exposure
times a saturating effect of the Turkey-Syria rung (:func:`rung_effect`, never above
``forces.rung_effect_ceiling``). An incident hits one exposed position, chosen by exposure, and
its size is a bounded mixture (:func:`incident_size`): frequent shelling that kills a few, or a
rare strike on the position or a convoy that kills a share of the troops there (the shape of
the documented incidents of 3, 10 and 27 February, articles 003 and 004: 8, 5 and 33 killed;
the mixture itself is assumed). Deaths leave the position, so a day never kills more soldiers
than were exposed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from flashpoint.crisis.event_log import EventLog
from flashpoint.world.codes import Control
from flashpoint.world.world import World

POST, ADDED = 0, 1


def rung_effect(rung_excess: int, multiplier: float, ceiling: float) -> float:
    """Factor on the incident hazard from a rung ``rung_excess`` steps above the reference.

    ``multiplier ** excess``, saturating at ``ceiling`` (never below 1).
    """
    return float(min(ceiling, multiplier ** max(0, rung_excess)))


def reinforce_probability(
    ultimatum_active: int,
    turkish_losses_7d: float,
    encircled_posts: int,
    ceasefire: int,
    room: bool,
    p: Mapping[str, float],
) -> float:
    """Daily chance that Turkey adds one position in the offensive's path.

    Hazard = ultimatum term + losses term (log of the week's losses) + encircled posts term;
    none while a ceasefire holds or when the force is exhausted (``room`` False).
    """
    if ceasefire or not room:
        return 0.0
    h = (
        p["forces.reinforce_rate_per_day_under_ultimatum"] * ultimatum_active
        + p["forces.reinforce_rate_per_log_loss"] * math.log1p(turkish_losses_7d)
        + p["forces.reinforce_rate_per_encircled_post"] * encircled_posts
    )
    return float(1.0 - math.exp(-h))


def withdraw_probability(ceasefire: int, added_positions: int, p: Mapping[str, float]) -> float:
    """Daily chance that Turkey pulls one added position back while a ceasefire holds."""
    if not ceasefire or added_positions == 0:
        return 0.0
    return float(1.0 - math.exp(-p["forces.withdraw_rate_per_day_in_ceasefire"]))


def incident_size(rng: np.random.Generator, troops: int, p: Mapping[str, float]) -> int:
    """Deaths in one incident at a position of ``troops`` soldiers (never more than them).

    With probability ``forces.position_strike_share`` a strike on the position or a convoy
    kills a binomial share ``forces.position_strike_lethality`` of the troops; otherwise
    shelling kills ``1 + Poisson(forces.shelling_mean_deaths - 1)``.
    """
    if troops <= 0:
        return 0
    if rng.random() < p["forces.position_strike_share"]:
        size = int(rng.binomial(troops, p["forces.position_strike_lethality"]))
    else:
        size = 1 + int(rng.poisson(max(0.0, p["forces.shelling_mean_deaths"] - 1.0)))
    return min(size, troops)


class TurkishForces:
    """Positions (place, troops, kind) of the Turkish forces in Idlib.

    Args:
        world: The world (posts and their places).
        params: Model parameters by dotted name.
    """

    def __init__(self, world: World, params: Mapping[str, float]) -> None:
        self.p = params
        n_posts = len(world.post_place)
        self.place = np.asarray(world.post_place, dtype=np.int64).copy()
        self.troops = np.full(n_posts, int(params["forces.troops_per_post"]), dtype=np.int64)
        self.kind = np.full(n_posts, POST, dtype=np.int8)
        self.exposed_today = 0

    def total(self) -> int:
        """Soldiers deployed in Idlib."""
        return int(self.troops.sum())

    def added(self) -> np.ndarray:
        """Indices of the positions added by reinforcement."""
        return np.flatnonzero(self.kind == ADDED)

    def room(self) -> bool:
        """Whether Turkey can still add a position (the force is finite)."""
        return len(self.added()) < int(self.p["forces.max_added_positions"])

    def encircled_posts(self, control: np.ndarray) -> int:
        """Observation posts whose place the government holds."""
        posts = self.place[self.kind == POST]
        return int((control[posts] == Control.REGIME).sum())

    def reinforce(self, place: int, day: int, log: EventLog, cause_id: int, why: str) -> int:
        """Add a position at ``place``; returns its log row."""
        n = int(self.p["forces.troops_per_added_position"])
        self.place = np.append(self.place, place)
        self.troops = np.append(self.troops, n)
        self.kind = np.append(self.kind, np.int8(ADDED))
        return log.add(
            day, "turkey", "syria", "turkey_syria", "reinforce", casualties=0,
            cause_id=cause_id, detail=f"{n} troops; {why}",
        )  # fmt: skip

    def withdraw(self, day: int, log: EventLog, cause_id: int) -> int:
        """Pull the last added position out; returns its log row."""
        last = int(self.added()[-1])
        n = int(self.troops[last])
        keep = np.arange(len(self.place)) != last
        self.place, self.troops, self.kind = self.place[keep], self.troops[keep], self.kind[keep]
        return log.add(
            day, "turkey", "syria", "turkey_syria", "withdraw", cause_id=cause_id,
            detail=f"{n} troops",
        )  # fmt: skip

    def take_losses(self, size: int) -> None:
        """Remove ``size`` soldiers killed by a forced strike, from the largest positions."""
        left = int(size)
        for i in np.argsort(-self.troops, kind="stable"):
            k = min(left, int(self.troops[i]))
            self.troops[i] -= k
            left -= k
            if left == 0:
                return

    def exposure(self, front_distance_km: np.ndarray, control: np.ndarray) -> np.ndarray:
        """Exposure weight of each position today (0 when out of contact)."""
        at = self.place
        contact = (front_distance_km[at] <= self.p["forces.contact_distance_km"]) | (
            control[at] == Control.REGIME
        )
        weight = np.where(self.kind == POST, self.p["military.encircled_post_exposure"], 1.0)
        return np.where(contact & (self.troops > 0), weight, 0.0)

    def strike(
        self, rng: np.random.Generator, n: int, weights: np.ndarray
    ) -> list[tuple[int, int]]:
        """``n`` incidents on positions drawn by ``weights``: (position, deaths) each.

        The deaths leave the position, so the day's total never exceeds the troops exposed.
        """
        out: list[tuple[int, int]] = []
        for _ in range(n):
            w = np.where(self.troops > 0, weights, 0.0)
            if w.sum() <= 0:
                break
            i = int(rng.choice(len(w), p=w / w.sum()))
            size = incident_size(rng, int(self.troops[i]), self.p)
            self.troops[i] -= size
            if size:
                out.append((i, size))
        return out

    def exposed_troops(self, weights: np.ndarray) -> int:
        """Soldiers at positions in contact today."""
        return int(self.troops[weights > 0].sum())
