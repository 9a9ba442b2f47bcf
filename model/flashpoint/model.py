"""The Flashpoint model: one run of the Idlib crisis, day by day (a Mesa 3 model).

Step order of one day (the only place it is written down):

1. **Events.** Scenario events due today fire (by date, or by a condition on yesterday's
   outputs) and change the crisis state (talks, ceasefire, borders, offensive, strikes, NATO,
   EU, Greek enforcement, parameters).
2. **Actors decide.** Turkey, Russia, Syria, NATO and the EU observe the last week and choose per
   dyad to de-escalate, hold or escalate; dyad rungs move. Turkey may switch its border policy
   toward Greece (not while a scenario forces the documented timeline: then its decisions are
   the documented ones, such as the opening of 28 February); Greece adjusts its land
   enforcement (crowds) and its sea enforcement (Turkey's opening); talks and ceasefires past
   their days expire.
3. **Military engine.** Advance (or the documented captures while a scenario forces the front's
   timeline), the front line (each place's distance to it), strikes, civilian deaths, incidents
   against Turkish forces, retaliation, other losses, conflict intensity per place.
4. **Ceasefire check.** A ceasefire in force may break down (by chance, violations, or a dyad
   pushed too high).
5. **People.** They are told the day's intensity, captures and front line (distance, captured,
   approach). Civilians killed are removed; residents flee the threat they face (the front
   line and its approach, strikes per resident, capture); migrants in Turkey set off toward
   Greece; displaced people move on or go home; travellers advance; people at the Greek border
   try to cross.
6. **Outputs.** The daily metrics, per-place counts and flows are recorded.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np
import pandas as pd
import yaml

from flashpoint.crisis import ceasefire
from flashpoint.crisis.actors import make_actors
from flashpoint.crisis.border_policy import greek_sea_enforcement_update
from flashpoint.crisis.escalation_rules import Cause, combine_actions, term_cause
from flashpoint.crisis.event_handlers import EventContext, apply_event
from flashpoint.crisis.event_log import EventLog
from flashpoint.crisis.event_schedule import EventScheduler
from flashpoint.crisis.ladder import Ladder, load_ladder
from flashpoint.crisis.military import MilitaryEngine
from flashpoint.crisis.state import CrisisState, Observation
from flashpoint.daily_metrics import daily_metrics
from flashpoint.metrics import METRIC_NAMES
from flashpoint.people.day import People, step_day
from flashpoint.people.population import DayInputs
from flashpoint.rng import Streams
from flashpoint.world.world import World, load_world

if TYPE_CHECKING:
    from flashpoint.scenario import Scenario

#: The parameter whose ``set_parameter`` event is Turkey's ultimatum (its cause row).
ULTIMATUM_PARAMETER = "actors.turkey_ultimatum_active"


@cache
def ultimatum_deadline() -> date:
    """The date from which Turkey's ultimatum has expired (``data/calendar.yaml``)."""
    text = resources.files("flashpoint").joinpath("data/calendar.yaml").read_text("utf-8")
    return yaml.safe_load(text)["turkey_ultimatum_deadline"]["date"]


class MetricHistory:
    """The one store of the daily metrics: a day-by-metric array filled as the run goes.

    Scenario conditions and the actors read it (``get``, ``last``); the run's daily table is
    built from it at the end.
    """

    def __init__(self, n_days: int) -> None:
        self.values = np.zeros((n_days, len(METRIC_NAMES)))
        self.column = {name: j for j, name in enumerate(METRIC_NAMES)}
        self.days = 0

    def append(self, today: dict[str, float]) -> None:
        """Record the metrics of the day just ended."""
        self.values[self.days] = [today[name] for name in METRIC_NAMES]
        self.days += 1

    def get(self, name: str, default: Any = ()) -> np.ndarray | Any:
        """The values of ``name`` up to the last recorded day (``default`` if unknown)."""
        j = self.column.get(name)
        return default if j is None else self.values[: self.days, j]

    def last(self, name: str) -> float:
        """The last recorded value of ``name`` (0 before the first day is recorded)."""
        return float(self.values[self.days - 1, self.column[name]]) if self.days else 0.0

    def frame(self) -> pd.DataFrame:
        """The recorded days as a table, one column per metric."""
        return pd.DataFrame(self.values[: self.days], columns=list(METRIC_NAMES))


class FlashpointModel(mesa.Model):
    """One stochastic run of a resolved scenario.

    Args:
        scenario: A resolved scenario (``flashpoint.scenario.Scenario``).
        params: The full parameter set (registry defaults updated by overrides).
        seed: Base seed of the run.
        replicate: Replicate number (selects the random streams).
        scale: Persons per array entry.
        world: Places and routes (default: the shipped world).
    """

    def __init__(
        self,
        scenario: Scenario,
        params: dict[str, Any],
        *,
        seed: int,
        replicate: int = 0,
        scale: int = 10,
        world: World | None = None,
    ) -> None:
        super().__init__(seed=seed * 100_003 + replicate)
        self.scenario = scenario
        self.params = dict(params)
        self.streams = Streams(seed, replicate)
        self.world = world if world is not None else load_world()
        self.ladder: Ladder = load_ladder()
        self.start: date = scenario.start
        self.n_days = scenario.days
        self.day = 0
        self.log = EventLog()
        start_rows = [
            self.log.add(
                0,
                d.parties[0],
                d.parties[1],
                d.id,
                "initial_rung",
                rung_before=d.start_rung,
                rung_after=d.start_rung,
                detail=d.reason,
            )
            for d in self.ladder.dyads
        ]
        self.start_rungs = np.array([d.start_rung for d in self.ladder.dyads])
        self.state = CrisisState.new(self.n_days, self.start_rungs, start_rows)
        self.state.greek_enforcement_land = self.params["borders.greek_enforcement_land_start"]
        self.state.greek_enforcement_sea = self.params["borders.greek_enforcement_sea_start"]
        self.actors, self.greece = make_actors(self, self.ladder)
        self.military = MilitaryEngine(self.world, self.ladder, self.params)
        self.people = People.new(self.world, self.params, scale, self.streams.static("init"))
        self.population = self.people.population
        self.events = EventScheduler(scenario.events, scenario.start)
        self.param_rows: dict[str, int] = {}
        self._forced_border = False
        self.ts = self.ladder.dyad_index("turkey_syria")
        self.tr = self.ladder.dyad_index("turkey_russia")
        self.teu = self.ladder.dyad_index("turkey_eu")
        self.deadline_day = (ultimatum_deadline() - self.start).days
        self.history = MetricHistory(self.n_days)
        self.places = np.zeros((self.n_days, self.world.n_places), dtype=np.int64)
        self.over_capacity = np.zeros((self.n_days, self.world.n_places), dtype=np.int64)
        self.flows: list[tuple[int, int, int, int]] = []
        self.returns: list[tuple[int, int, int]] = []
        self.today: dict[str, float] = {}

    # ------------------------------------------------------------------ observation
    def observe(self) -> Observation:
        """What the actors see this morning: the last seven days, today's events included."""
        d, s = self.day, self.state
        week = slice(max(0, d - 6), d + 1)
        return Observation(
            turkish_losses_7d=float(s.turkish_deaths[week].sum()),
            mass_casualty_days_30d=int(
                (
                    s.turkish_deaths[max(0, d - 30) : d]
                    >= self.params["actors.mass_casualty_threshold_deaths"]
                ).sum()
            ),
            syrian_losses_by_turkey_7d=float(s.syrian_deaths_by_turkey[week].sum()),
            russian_losses_7d=float(s.russian_deaths[week].sum()),
            refugee_pressure_millions=self.history.last("displaced_current") / 1e6,
            migrants_at_border_thousands=self.history.last("at_greek_border") / 1e3,
            talks_level=tuple(int(x) for x in s.talks_level),
            ceasefire=int(s.ceasefire is not None),
            nato_level=s.nato_level,
            eu_funding_bn=s.eu_funding_eur_million / 1000.0,
            ultimatum_active=int(bool(self.params["actors.turkey_ultimatum_active"])),
            deadline_passed=int(
                bool(self.params["actors.turkey_ultimatum_active"]) and d >= self.deadline_day
            ),
            offensive_on=int(not s.offensive_halted and s.ceasefire is None),
            rungs=tuple(int(x) for x in s.rungs),
            start_rungs=tuple(int(x) for x in self.start_rungs),
            clash_active=int(s.rungs[self.tr] >= self.ladder.clash_rung),
            border_open=int(s.border_open_turkey_greece),
        )

    # ------------------------------------------------------------------ step parts
    def _apply_events(self) -> np.ndarray:
        ctx = EventContext(
            self.day, self.state, self.params, self.log, self.military, self.ladder,
            self.param_rows,
        )  # fmt: skip
        forced_border = False
        for event in self.events.due(self.day, self.history):
            apply_event(event, ctx)
            forced_border |= event.type == "border_policy"
        self._forced_border = forced_border
        extra = ctx.extra_civilian_deaths
        return np.zeros(self.world.n_places) if extra is None else extra

    def _decide(self, rng: np.random.Generator) -> None:
        s, obs = self.state, self.observe()
        choices = {name: a.decide(obs, self.params, rng) for name, a in self.actors.items()}
        for d, dyad in enumerate(self.ladder.dyads):
            acts = [(name, *choices[name][d]) for name in dyad.parties]
            move = combine_actions(tuple(a for _, a, _ in acts))
            before = int(s.rungs[d])
            after = int(np.clip(before + move, 0, self.ladder.top))
            for name, action, term in acts:
                if action == 0:
                    continue
                wins = move == action and after != before
                row = self.log.add(
                    self.day,
                    name,
                    _other(dyad.parties, name),
                    dyad.id,
                    "escalate" if action > 0 else "de-escalate",
                    rung_before=before,
                    rung_after=after if wins else before,
                    cause_id=self._cause(name, term, d),
                    detail=term,
                )
                if wins:
                    s.last_rung_row[d] = row
            s.rungs[d] = after
        if s.rungs[self.tr] >= self.ladder.clash_rung:
            s.clash_occurred = True
        expired = s.talks_until < self.day
        s.talks_level[expired] = 0
        ceasefire.expire_if_due(s, self.day, self.log)
        forced = self.military.forced
        documented_period = forced is not None and forced.covers(self.day)
        if (
            not self._forced_border
            and not documented_period
            and self.actors["turkey"].border_switch(
                s.border_open_turkey_greece, self.teu, obs, self.params, rng
            )
        ):
            s.border_open_turkey_greece = not s.border_open_turkey_greece
            cause = (
                s.eu_row
                if (not s.border_open_turkey_greece and s.eu_row)
                else s.last_rung_row[self.teu]
            )
            s.border_policy_row = self.log.add(
                self.day,
                "turkey",
                "eu",
                "turkey_eu",
                "open_border" if s.border_open_turkey_greece else "close_border",
                cause_id=cause,
            )
        at_border = self.history.last("at_greek_border")
        s.greek_enforcement_land = self.greece.enforcement(
            s.greek_enforcement_land, s.greek_enforcement_floor, at_border, self.params
        )
        s.greek_enforcement_sea = greek_sea_enforcement_update(
            s.greek_enforcement_sea, s.border_open_turkey_greece, self.params
        )

    def _cause(self, actor: str, term: str, dyad: int) -> int:
        """The log row a rung change driven by ``term`` points to (see ``Cause``)."""
        if not term:
            return self.state.last_rung_row[dyad]
        row = self._cause_row(term_cause(actor, self.ladder.dyads[dyad].id, term), dyad)
        return row if row > 0 else self.state.last_rung_row[dyad]

    def _cause_row(self, cause: Cause, dyad: int) -> int:
        s = self.state
        match cause:
            case Cause.TURKISH_LOSS:
                return s.last_turkish_loss_row
            case Cause.SYRIAN_LOSS:
                return s.last_syrian_loss_row
            case Cause.RUSSIAN_LOSS:
                return s.last_russian_loss_row
            case Cause.TALKS:
                return s.talks_row[dyad]
            case Cause.CEASEFIRE:
                return s.ceasefire.cause_id if s.ceasefire else -1
            case Cause.NATO:
                return s.nato_row
            case Cause.EU:
                return s.eu_row
            case Cause.BORDER_POLICY:
                return s.border_policy_row
            case Cause.ULTIMATUM:
                return self.param_rows.get(ULTIMATUM_PARAMETER, -1)
            case Cause.LAST_RUNG_CHANGE:
                return s.last_rung_row[dyad]
        raise ValueError(f"no row for cause {cause}")

    # ------------------------------------------------------------------ the day
    def step(self) -> None:
        """Advance the run by one day (see the module docstring for the order)."""
        d = self.day
        extra_civ = self._apply_events()
        self._decide(self.streams.day("actors", d))
        pop = self.population
        mil = self.military.step(
            d,
            self.state,
            pop.present_by_place() * pop.scale,
            self.streams.day("military", d),
            self.log,
        )
        ceasefire.check_breakdown(
            self.state,
            self.ladder,
            mil.violations,
            self.params,
            self.streams.day("events", d),
            d,
            self.log,
        )
        s, front = self.state, self.military.front
        inputs = DayInputs(
            day=d,
            intensity=mil.intensity,
            captured_today=mil.captured_today,
            civilian_deaths=mil.civilian_deaths + extra_civ,
            control=self.military.control,
            syria_turkey_open=s.border_open_syria_turkey,
            turkey_greece_open=s.border_open_turkey_greece,
            enforcement_land=s.greek_enforcement_land,
            enforcement_sea=s.greek_enforcement_sea,
            front_distance_km=front.distance_km,
            front_captured=front.captured,
            front_approach_km_per_week=front.approach_km_per_week,
            eu_funding_bn=s.eu_funding_eur_million / 1000.0,
        )
        step_day(self.people, inputs, self.streams)
        self._record(mil.intensity)
        self.day += 1

    def _record(self, intensity: np.ndarray) -> None:
        pop = self.population
        present = pop.present_by_place()
        self.places[self.day] = present * pop.scale
        self.over_capacity[self.day] = np.round(pop.over_capacity(present) * pop.scale)
        src, dst = np.nonzero(pop.flow_today)
        for a, b in zip(src.tolist(), dst.tolist(), strict=True):
            self.flows.append((self.day, a, b, int(pop.flow_today[a, b]) * pop.scale))
        for origin in np.flatnonzero(pop.returned_today).tolist():
            self.returns.append((self.day, origin, int(pop.returned_today[origin]) * pop.scale))
        self.today = daily_metrics(self, present)
        self.history.append(self.today)

    def run(self) -> None:
        """Run every day of the scenario."""
        while self.day < self.n_days:
            self.step()

    def dates(self) -> list[date]:
        """The simulated dates."""
        return [self.start + timedelta(days=i) for i in range(self.n_days)]


def _other(parties: tuple[str, str], name: str) -> str:
    return parties[1] if parties[0] == name else parties[0]
