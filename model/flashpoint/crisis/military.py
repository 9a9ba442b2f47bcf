"""The military engine: the government offensive, strikes, incidents and retaliation.

Each day, in this order:

1. the violence level is set by the offensive's posture (normal, surge or halt), a ceasefire's
   compliance and NATO air cover;
2. the offensive may take the next place along the M5/M4 axis (a daily hazard that Turkish
   resistance slows; none while a ceasefire holds: the line is frozen) or, while a scenario
   forces the documented timeline, the places the record shows taken that day (and retaken by
   the opposition) with the hazard off
   (:mod:`flashpoint.crisis.front`); the front line's distances are updated; observation posts
   behind the new front become encircled;
3. Russian and Syrian air strikes fall on the places ahead of the front and, for a share, deeper
   in the opposition-held zone; civilian deaths follow from the strikes and the people present;
4. incidents hit the Turkish positions in contact with the front (see
   :mod:`flashpoint.crisis.turkish_forces`: exposure, a saturating rung effect, sizes bounded
   by the troops at the position) and, in a direct Turkey-Russia clash, Russian strikes;
   violence between two parties lifts their dyad one rung a day up to "limited direct strikes";
5. Turkey retaliates against Syrian forces after losses (while its forces are deployed, at
   "proxy support" or above) and while in sustained combat (real deaths;
   the Turkish claim is real deaths times a claim ratio, kept for comparison);
6. Syrian losses to the opposition and Russian losses in a direct clash;
7. the conflict intensity of each place (0..1), which drives flight.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from flashpoint.crisis.event_log import EventLog
from flashpoint.crisis.front import ForcedFront, Front
from flashpoint.crisis.ladder import Ladder
from flashpoint.crisis.state import NATO_LEVELS, CrisisState
from flashpoint.crisis.turkish_forces import TurkishForces, incident_size, rung_effect
from flashpoint.world.codes import Control, PlaceKind
from flashpoint.world.world import World

OPPOSITION, REGIME = Control.OPPOSITION, Control.REGIME
AIR_COVER = NATO_LEVELS.index("air_cover")


@dataclass
class MilitaryDay:
    """What the engine produced today.

    Attributes:
        intensity: Conflict intensity per place, 0..1.
        captured_today: True for places taken today.
        civilian_deaths: Civilians killed per place (persons).
        violations: Violent incidents counted against a ceasefire in force.
    """

    intensity: np.ndarray
    captured_today: np.ndarray
    civilian_deaths: np.ndarray
    violations: int


class MilitaryEngine:
    """The offensive, strikes and losses.

    Args:
        world: Places (with the offensive order and observation posts).
        ladder: The escalation ladder (rung indices).
        params: Model parameters by dotted name.
    """

    def __init__(self, world: World, ladder: Ladder, params: Mapping[str, float]) -> None:
        self.world, self.ladder, self.p = world, ladder, params
        self.control = world.control.astype(np.int64).copy()
        on_axis = np.flatnonzero((world.offensive_order >= 0) & (self.control == OPPOSITION))
        self.axis = on_axis[np.argsort(world.offensive_order[on_axis], kind="stable")]
        self.front = Front(world)
        self.forces = TurkishForces(world, params)
        self.last_capture_row = -1
        self.forced: ForcedFront | None = None
        self.start_opposition = (self.control == OPPOSITION) & (world.country == "SY")
        self.deep_targets = self.start_opposition & (world.kind == PlaceKind.CONFLICT_TOWN)
        self.start_pop = world.population.astype(float)
        self.opposition_weight = np.where(self.start_opposition, self.start_pop, 0.0)
        self.turkey_syria = ladder.dyad_index("turkey_syria")
        self.turkey_russia = ladder.dyad_index("turkey_russia")
        self.tr_start = ladder.dyads[self.turkey_russia].start_rung
        self.proxy = ladder.rung("proxy")
        self.limited = ladder.rung("limited_strikes")
        self.sustained = ladder.rung("sustained_combat")

    # ------------------------------------------------------------------ helpers
    def encircled_posts(self) -> int:
        """Observation posts whose place the government holds."""
        return int((self.control[self.world.post_place] == REGIME).sum())

    def regime_territory_share(self) -> float:
        """Share of the start's opposition zone (population-weighted) now held by the regime."""
        taken = np.where(self.control == REGIME, self.opposition_weight, 0.0).sum()
        return float(taken / max(1.0, self.opposition_weight.sum()))

    def ahead(self) -> np.ndarray:
        """The places of the axis still held by the opposition, in the assumed order."""
        return self.axis[self.control[self.axis] == OPPOSITION]

    def front_weights(self) -> np.ndarray:
        """Per-place weight of being near the front (1 for the next place, decaying behind)."""
        w = np.zeros(self.world.n_places)
        ahead = self.ahead()
        k = np.arange(len(ahead))
        w[ahead] = np.exp(-k / self.p["military.front_depth_places"])
        return w

    # ------------------------------------------------------------------ the day
    def step(
        self,
        day: int,
        state: CrisisState,
        present: np.ndarray,
        rng: np.random.Generator,
        log: EventLog,
    ) -> MilitaryDay:
        """Run one day (see the module docstring); losses are written into ``state``."""
        p = self.p
        n = self.world.n_places
        compliance = state.ceasefire_compliance()
        air_cover = p["nato.air_cover_strike_reduction"] if state.nato_level >= AIR_COVER else 0.0
        halt = p["military.halt_residual_share"] if state.offensive_halted else 1.0
        violence = state.offensive_factor * halt * (1 - compliance)
        ts_rung = int(state.rungs[self.turkey_syria])
        tr_rung = int(state.rungs[self.turkey_russia])
        violations = 0

        # 2. advance: the documented timeline while it is forced, else the daily hazard
        captured = np.zeros(n, dtype=bool)
        changed = captured  # the same array: a capture by the hazard is a change of hands
        ahead = self.ahead()
        if self.forced is not None and self.forced.covers(day):
            captured, changed = self.forced.apply(day, self.control, log, self.world.place_ids)
            if changed.any():
                self.last_capture_row = len(log.rows) - 1
            violations += int(compliance > 0) * int(captured.sum())
        elif len(ahead) and not state.offensive_halted and state.ceasefire is None:
            resistance = 1 + p["military.turkish_resistance_per_rung"] * max(
                0, ts_rung - self.proxy
            )
            rate = p["military.advance_rate_places_per_day"] * violence / resistance
            if rng.random() < 1 - np.exp(-rate):
                place = int(ahead[0])
                self.control[place] = REGIME
                captured[place] = True
                violations += int(compliance > 0)
                self.last_capture_row = log.add(
                    day,
                    "syria",
                    "opposition",
                    "",
                    "capture",
                    casualties=0,
                    cause_id=max(state.offensive_row, state.last_rung_row[self.turkey_syria]),
                    detail=self.world.place_ids[place],
                )

        self.front.update(self.control, changed)

        # 3. strikes and civilian deaths
        front = self.front_weights()
        strikes = np.zeros(n)
        n_strikes = rng.poisson(p["military.strike_rate_per_day"] * violence * (1 - air_cover))
        state.strikes[day] = n_strikes
        if n_strikes:
            deep = np.where(self.control == OPPOSITION, present, 0.0) * self.deep_targets
            mix = (1 - p["military.deep_strike_share"]) * front / max(front.sum(), 1e-9)
            if deep.sum() > 0:
                mix = mix + p["military.deep_strike_share"] * deep / deep.sum()
            if mix.sum() > 0:
                strikes = rng.multinomial(n_strikes, mix / mix.sum()).astype(float)
        density = np.minimum(
            p["military.strike_density_cap"], present / np.maximum(self.start_pop, 1.0)
        )
        civ = rng.poisson(p["military.civilian_deaths_per_strike"] * strikes * density)
        civ = np.minimum(civ, present).astype(float)
        state.civilian_deaths[day] += civ.sum()

        # 4. incidents against Turkish forces at the positions in contact with the front
        weights = self.forces.exposure(self.front.distance_km, self.control)
        state.turkish_troops[day] = self.forces.total()
        state.turkish_exposed[day] = self.forces.exposed_troops(weights)
        effect = rung_effect(
            ts_rung - self.proxy,
            p["military.incident_rung_multiplier"],
            p["forces.rung_effect_ceiling"],
        )
        hazard = p["military.turkish_incident_rate_per_day"] * float(weights.sum()) * effect
        hazard *= violence * (1 - air_cover) * bool(p["military.model_turkish_incidents"])
        for _, size in self.forces.strike(rng, int(rng.poisson(hazard)), weights):
            self.turkish_loss(day, state, size, "syria", log, cause_id=-1)
            violations += int(compliance > 0)

        # 4b. direct Turkish-Russian incidents
        violations += self.direct_incidents(day, state, ts_rung, tr_rung, compliance, rng, log)

        # 5. Turkish retaliation
        window = int(p["military.retaliation_window_days"])
        recent = state.turkish_deaths[max(0, day - window + 1) : day + 1].sum()
        mean = 0.0
        if ts_rung >= self.proxy and recent > 0:
            mean += p["military.retaliation_deaths_per_turkish_death"] * recent / window
        if ts_rung >= self.sustained:
            mean += p["military.sustained_combat_syrian_deaths_per_day"]
        killed = int(rng.poisson(mean * state.turkish_fire_factor * (1 - compliance)))
        if killed:
            self.syrian_loss(
                day, state, killed, by_turkey=True, log=log, cause_id=state.last_turkish_loss_row
            )
            violations += int(compliance > 0)

        # 6. other losses
        opp = int(rng.poisson(p["military.syrian_deaths_from_opposition_per_day"] * violence))
        state.syrian_deaths[day] += opp
        if tr_rung >= self.ladder.clash_rung:
            ru = int(rng.poisson(p["military.russian_deaths_per_clash_day"] * (1 - compliance)))
            if ru:
                state.russian_deaths[day] += ru
                state.last_russian_loss_row = log.add(
                    day,
                    "turkey",
                    "russia",
                    "turkey_russia",
                    "strike",
                    casualties=ru,
                    cause_id=state.last_rung_row[self.turkey_russia],
                )

        # 7. intensity
        strike_heat = 1 - np.exp(-p["military.intensity_per_strike"] * strikes)
        intensity = np.clip(violence * front + strike_heat, 0.0, 1.0)
        intensity[changed] = 1.0
        intensity[~(self.start_opposition | changed)] = 0.0
        if violations and compliance > 0:
            state.last_violation_row = log.add(
                day, "syria", "turkey", "turkey_syria", "ceasefire_violation",
                casualties=violations, cause_id=len(log.rows) - 1,
                detail=f"{violations} violent incidents despite the ceasefire",
            )  # fmt: skip
        return MilitaryDay(intensity, captured, civ, violations)

    def direct_incidents(
        self,
        day: int,
        state: CrisisState,
        ts_rung: int,
        tr_rung: int,
        compliance: float,
        rng: np.random.Generator,
        log: EventLog,
    ) -> int:
        """Incidents between Turkish and Russian forces; returns how many happened.

        While Turkey and Syria are in sustained combat, Russian aircraft supporting Syria and
        Turkish forces meet: a daily hazard that rises per Turkey-Syria rung above "sustained
        direct combat" and per Turkey-Russia rung above its starting rung (deconfliction erodes
        as relations worsen), each factor saturating at ``forces.rung_effect_ceiling``, and only
        while some Turkish position is in contact with the front.
        During a clash (Turkey-Russia at "limited direct strikes" or above) there is also the
        clash's own rate. Each incident either kills Turkish soldiers (a Russian strike) or
        Russian personnel (Turkish fire), with a share each; it marks a clash as having happened
        and lifts the Turkey-Russia dyad one rung (at most one a day) toward "limited direct
        strikes".
        """
        p = self.p
        ceiling = p["forces.rung_effect_ceiling"]
        weights = self.forces.exposure(self.front.distance_km, self.control)
        hazard = 0.0
        if ts_rung >= self.sustained:
            hazard += (
                p["military.turkey_russia_incident_rate_per_day"]
                * rung_effect(
                    ts_rung - self.sustained,
                    p["military.turkey_russia_incident_rung_multiplier"],
                    ceiling,
                )
                * rung_effect(
                    tr_rung - self.tr_start,
                    p["military.turkey_russia_incident_tension_multiplier"],
                    ceiling,
                )
            )
        if tr_rung >= self.ladder.clash_rung:
            hazard += p["military.clash_incident_rate_per_day"]
        hazard *= float(weights.sum() > 0)  # no contact, no incident
        n = int(rng.poisson(hazard * (1 - compliance)))
        state.clash_occurred |= n > 0  # violence between their forces is a clash, for good
        for _ in range(n):
            if rng.random() < p["military.turkish_share_of_direct_incidents"]:
                for _, size in self.forces.strike(rng, 1, weights):
                    self.turkish_loss(
                        day, state, size, "russia", log, cause_id=-1, dyad=self.turkey_russia
                    )
            else:
                size = incident_size(rng, int(p["forces.troops_per_added_position"]), p)
                state.russian_deaths[day] += size
                row = log.add(
                    day,
                    "turkey",
                    "russia",
                    "turkey_russia",
                    "strike",
                    casualties=int(size),
                    cause_id=state.last_rung_row[self.turkey_syria],
                )
                state.last_russian_loss_row = row
                self._raise_to(
                    state, self.turkey_russia, self.ladder.clash_rung, day, log, row, actor="turkey"
                )
        return n

    def turkish_loss(
        self,
        day: int,
        state: CrisisState,
        size: int,
        by: str,
        log: EventLog,
        cause_id: int,
        dyad: int | None = None,
    ) -> int:
        """Record an incident killing ``size`` Turkish soldiers.

        It lifts the dyad of the attacker and Turkey (default Turkey-Syria) one rung toward
        "limited direct strikes" (violence between them is violent escalation; at most one rung
        a day); a Russian strike marks a Turkey-Russia clash as having happened.
        """
        dyad = self.turkey_syria if dyad is None else dyad
        state.turkish_deaths[day] += size
        cause = cause_id if cause_id >= 0 else state.last_rung_row[dyad]
        row = log.add(
            day, by, "turkey", self.ladder.dyads[dyad].id, "strike", casualties=size, cause_id=cause
        )
        state.last_turkish_loss_row = row
        state.clash_occurred |= dyad == self.turkey_russia
        self._raise_to(state, dyad, self.limited, day, log, row, actor=by)
        return row

    def syrian_loss(
        self,
        day: int,
        state: CrisisState,
        size: int,
        by_turkey: bool,
        log: EventLog,
        cause_id: int,
    ) -> int:
        """Record Syrian soldiers killed by Turkish fire (real, with the Turkish claim)."""
        state.syrian_deaths[day] += size
        state.syrian_deaths_by_turkey[day] += size if by_turkey else 0
        claimed = round(size * self.p["military.turkish_claim_ratio"])
        row = log.add(
            day,
            "turkey",
            "syria",
            "turkey_syria",
            "retaliation",
            casualties=size,
            claimed=claimed,
            cause_id=cause_id,
        )
        state.last_syrian_loss_row = row
        self._raise_to(state, self.turkey_syria, self.limited, day, log, row, actor="turkey")
        return row

    def _raise_to(
        self,
        state: CrisisState,
        dyad: int,
        rung: int,
        day: int,
        log: EventLog,
        cause: int,
        actor: str,
    ) -> None:
        before = int(state.rungs[dyad])
        if before >= rung or state.rung_changed_day[dyad] == day:
            return
        state.set_rung(dyad, before + 1, day, self.ladder.clash_rung, self.turkey_russia)
        state.last_rung_row[dyad] = log.add(
            day,
            actor,
            "",
            self.ladder.dyads[dyad].id,
            "escalate",
            rung_before=before,
            rung_after=before + 1,
            cause_id=cause,
            detail="violence between the parties",
        )
