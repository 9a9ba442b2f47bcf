"""The shipped history forces the front's documented timeline, whatever a ceasefire does."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from flashpoint.runs.simulate import simulate
from flashpoint.scenario import load_scenario, scenario_from_dict
from flashpoint.world.codes import Control
from flashpoint.world.world import load_world

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.mark.parametrize("scale", [400])
def test_history_captures_are_the_timeline_whatever_the_ceasefire(scale: int) -> None:
    """The January ceasefire (and one laid over documented captures) leaves the timeline intact."""
    world = load_world()
    expected = [
        (day.isoformat(), world.place_ids[p])
        for day, p in zip(world.front_timeline.captured_on, world.front_timeline.place, strict=True)
    ]
    held = np.zeros(world.n_places, dtype=bool)  # who holds what on 29 February
    for p, by in zip(world.front_timeline.place, world.front_timeline.by, strict=True):
        held[p] = by == Control.REGIME
    opposition = (world.country == "SY") & (world.control == Control.OPPOSITION)
    share = world.population[held].sum() / world.population[opposition].sum()
    history = load_scenario(SCENARIOS / "history.yaml")
    data = history.to_dict()
    data["events"].append(
        {"id": "cf_over_captures", "type": "ceasefire", "parties": ["turkey", "russia", "syria"],
         "compliance": 0.9, "on": "2020-02-05", "days": 10}
    )  # fmt: skip
    for scenario in (history, scenario_from_dict(data)):
        for replicate in range(2):
            r = simulate(scenario, seed=9, replicate=replicate, scale=scale, posterior=None)
            caps = r.events[r.events.action == "capture"]
            got = list(zip(caps.date.dt.strftime("%Y-%m-%d"), caps.detail, strict=True))
            assert got == expected
            daily = r.daily.set_index("date").regime_territory_share
            assert daily["2020-02-28"] == pytest.approx(share)
