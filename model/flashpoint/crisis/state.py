"""The crisis state that state actors, events and the military engine read and write each day.

``CrisisState`` is the political and military situation (ladder rungs, ceasefire, borders, NATO
and EU posture, daily losses); the displaced population lives apart in ``population.Population``.
``Observation`` is the digest of recent days that an actor sees when it decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from flashpoint.crisis.ceasefire import Ceasefire

NATO_LEVELS: tuple[str, ...] = ("none", "consultations", "statement", "materiel", "air_cover")
TALKS_LEVELS: tuple[str, ...] = ("none", "call", "delegation", "summit")


@dataclass
class CrisisState:
    """Everything about the crisis except the people.

    Attributes are plain numbers and small arrays; the model owns one instance per run.
    """

    n_days: int
    n_dyads: int
    rungs: np.ndarray
    last_rung_row: list[int]
    clash_occurred: bool = False
    ceasefire: Ceasefire | None = None
    ceasefire_broken: bool = False
    talks_level: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    talks_until: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    talks_row: list[int] = field(default_factory=list)
    border_open_turkey_greece: bool = False
    border_open_syria_turkey: bool = False
    border_policy_row: int = 0
    offensive_factor: float = 1.0
    offensive_halted: bool = True
    nato_level: int = 0
    nato_row: int = 0
    eu_funding_eur_million: float = 0.0
    eu_row: int = 0
    greek_enforcement_land: float = 0.0
    greek_enforcement_sea: float = 0.0
    greek_enforcement_floor: float = 0.0
    turkish_fire_factor: float = 1.0
    turkish_deaths: np.ndarray = field(default_factory=lambda: np.zeros(0))
    syrian_deaths: np.ndarray = field(default_factory=lambda: np.zeros(0))
    syrian_deaths_by_turkey: np.ndarray = field(default_factory=lambda: np.zeros(0))
    russian_deaths: np.ndarray = field(default_factory=lambda: np.zeros(0))
    civilian_deaths: np.ndarray = field(default_factory=lambda: np.zeros(0))
    last_turkish_loss_row: int = 0
    last_syrian_loss_row: int = 0
    last_russian_loss_row: int = 0
    offensive_row: int = -1
    border_enforcement_row: int = -1
    opposition_deaths_forced: float = 0.0
    last_violation_row: int = -1
    ceasefires_agreed: int = 0
    ceasefire_breakdowns: int = 0
    summit_until: int = -1
    summit_row: int = -1
    strikes: np.ndarray = field(default_factory=lambda: np.zeros(0))
    rung_changed_day: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    turkish_troops: np.ndarray = field(default_factory=lambda: np.zeros(0))
    turkish_exposed: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @classmethod
    def new(cls, n_days: int, start_rungs: np.ndarray, start_rows: list[int]) -> CrisisState:
        """A state on day 0 with the dyads at their starting rungs."""
        n = len(start_rungs)
        return cls(
            n_days=n_days,
            n_dyads=n,
            rungs=np.array(start_rungs, dtype=np.int64),
            last_rung_row=list(start_rows),
            talks_level=np.zeros(n, dtype=np.int8),
            talks_until=np.full(n, -1, dtype=np.int32),
            talks_row=list(start_rows),
            turkish_deaths=np.zeros(n_days),
            syrian_deaths=np.zeros(n_days),
            syrian_deaths_by_turkey=np.zeros(n_days),
            russian_deaths=np.zeros(n_days),
            civilian_deaths=np.zeros(n_days),
            rung_changed_day=np.full(n, -1, dtype=np.int64),
            turkish_troops=np.zeros(n_days),
            turkish_exposed=np.zeros(n_days),
            strikes=np.zeros(n_days),
        )

    def set_rung(self, dyad: int, rung: int, day: int, clash_rung: int, turkey_russia: int) -> None:
        """Move ``dyad`` to ``rung`` today (the caller logs the change with its cause).

        At most one change a day per dyad: the day is remembered. A Turkey-Russia rung at the
        clash rung marks the clash as having happened, for good.
        """
        self.rungs[dyad] = rung
        self.rung_changed_day[dyad] = day
        if dyad == turkey_russia and rung >= clash_rung:
            self.clash_occurred = True

    def ceasefire_compliance(self) -> float:
        """The compliance of the ceasefire in force, 0 when there is none."""
        return self.ceasefire.compliance if self.ceasefire is not None else 0.0


@dataclass(frozen=True)
class Observation:
    """What an actor sees on a day when it decides (a digest of the last week).

    Attributes:
        turkish_losses_7d: Turkish soldiers killed over the last 7 days.
        mass_casualty_days_30d: Days of the last 30 with a mass-casualty loss for Turkey.
        syrian_losses_by_turkey_7d: Syrian soldiers killed by Turkish fire over 7 days.
        russian_losses_7d: Russian military deaths over 7 days.
        refugee_pressure_millions: Idlib residents displaced now, in millions.
        migrants_at_border_thousands: People at the Greek land border, in thousands.
        talks_level: Talks level per dyad (0 none, 1 call, 2 delegation, 3 summit).
        ceasefire: 1 when a ceasefire is in force.
        nato_level: NATO support level (0 none .. 4 air cover).
        eu_funding_bn: EU money pledged by deals, billions of euros.
        ultimatum_active: 1 once Turkey has issued its ultimatum to Syria.
        deadline_passed: 1 after the ultimatum's deadline has passed.
        offensive_on: 1 while the government offensive is under way (not halted).
        rungs: Rung per dyad.
        start_rungs: Starting rung per dyad (the actors' reference point).
        clash_active: 1 while Turkey and Russia are in a direct clash.
        border_open: 1 while Turkey lets migrants go toward Greece.
    """

    turkish_losses_7d: float
    mass_casualty_days_30d: int
    syrian_losses_by_turkey_7d: float
    russian_losses_7d: float
    refugee_pressure_millions: float
    migrants_at_border_thousands: float
    talks_level: tuple[int, ...]
    ceasefire: int
    nato_level: int
    eu_funding_bn: float
    ultimatum_active: int
    deadline_passed: int
    offensive_on: int
    rungs: tuple[int, ...]
    start_rungs: tuple[int, ...]
    clash_active: int
    border_open: int
