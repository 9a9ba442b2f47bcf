"""The people's day: the one sequence that the model, the reference test and the benchmark call.

Order within the day:

1. civilians killed today are removed where the strikes fell (``flight.remove_killed``);
2. residents flee the threat they face: the front, strikes, capture (``flight.flee_conflict``);
3. migrants in Turkey hear whether the border toward Greece is open, Turkey facilitates (or
   withdraws) travel toward Edirne, and they set off (``migrants``);
4. people away from home decide whether to move on, and movers choose a route
   (``moves.decide_moves``);
5. displaced people whose home has been quiet (no strike within a distance for some days)
   set off home (``returns.go_home``);
6. everyone on a route travels and may arrive (``moves.travel``);
7. people at the Greek border try to cross (``borders``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from flashpoint.people import flight, moves, returns
from flashpoint.people.borders import Borders
from flashpoint.people.migrants import Migrants
from flashpoint.people.population import DayInputs, Population
from flashpoint.rng import Streams
from flashpoint.world.world import World


@dataclass
class People:
    """The population with the migrants' awareness and the crossing rules that act on it."""

    population: Population
    migrants: Migrants
    borders: Borders

    @classmethod
    def new(
        cls, world: World, params: Mapping[str, float], scale: int, rng: np.random.Generator
    ) -> People:
        """People at home on day 0 (``rng``: the set-up stream)."""
        pop = Population(world, params, scale, rng)
        return cls(pop, Migrants(pop, params), Borders(world, params))


def step_day(people: People, inputs: DayInputs, streams: Streams) -> None:
    """Advance the people by one day (see the module docstring for the order)."""
    pop, d = people.population, inputs.day
    rng = streams.day("displacement", d)
    pop.flow_today[:] = 0
    pop.fled_today[:] = 0
    pop.returned_today[:] = 0
    flight.remove_killed(pop, inputs, rng)
    leavers = flight.flee_conflict(pop, inputs, rng)
    borders = people.borders
    stops = borders.stops_today / max(1, borders.attempts_today)
    people.migrants.update_awareness(inputs.turkey_greece_open, stops)
    people.migrants.update_facilitation(inputs.turkey_greece_open, inputs.eu_funding_bn)
    people.migrants.depart(pop, inputs, streams.day("migrants", d))
    moves.decide_moves(pop, inputs, leavers, rng)
    returns.go_home(pop, inputs, rng)
    moves.travel(pop)
    borders.step(pop, inputs, streams.day("borders", d))
    pop.compact_active()
