"""One run as a plain function: (resolved scenario, parameters, seed, replicate) -> tables.

``simulate`` holds no global state, and its inputs and result pickle, so sweeps and runners can
send runs to other processes. Parameter precedence, highest first: the scenario's
``parameters`` block (and its ``set_parameter`` events, from their day on), then ``parameters``
given here (a sweep point), then the posterior's draw for (seed, replicate) (by default the
posterior shipped with the package, as ``flashpoint run`` does; ``posterior=None`` for none),
then the registry defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from flashpoint.crisis.event_log import COLUMNS as EVENT_COLUMNS
from flashpoint.metrics import INTEGER_METRICS
from flashpoint.model import FlashpointModel
from flashpoint.parameters import resolve
from flashpoint.runs.posterior import SHIPPED, PosteriorChoice, resolve_posterior

if TYPE_CHECKING:
    from flashpoint.scenario import Scenario
    from flashpoint.world.world import World


#: Dates in every table: day resolution stored as milliseconds, as Parquet keeps them, so a
#: table read back from a results folder equals the one in memory.
DATE_DTYPE = "datetime64[ms]"
#: Columns of the returns table (``returns.parquet``).
RETURN_COLUMNS = ("scenario", "replicate", "date", "origin", "people")


@dataclass
class RunResult:
    """The tables of one run (tidy, stable column names).

    Attributes:
        daily: ``scenario, replicate, date`` and one column per metric.
        places: ``scenario, replicate, date, place, people, over_capacity``.
        flows: ``scenario, replicate, date, origin, destination, people``.
        events: ``scenario, replicate, date`` and the columns of ``events_log.COLUMNS``.
        conservation_gap: Entries lost or created over the run (0 when people are conserved).
        returns: ``scenario, replicate, date, origin, people``: Syrians who reached home again,
            per place of origin and day (uncalibrated).
    """

    daily: pd.DataFrame
    places: pd.DataFrame
    flows: pd.DataFrame
    events: pd.DataFrame
    conservation_gap: int
    returns: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=RETURN_COLUMNS))


def run_parameters(
    scenario: Scenario, parameters: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The full parameter set of a run: defaults, then ``parameters``, then the scenario's."""
    merged = dict(parameters or {})
    merged.update(scenario.parameters)
    return resolve(merged)


def simulate(
    scenario: Scenario,
    parameters: Mapping[str, Any] | None = None,
    seed: int | None = None,
    *,
    replicate: int = 0,
    scale: int = 10,
    posterior: PosteriorChoice = SHIPPED,
    world: World | None = None,
) -> RunResult:
    """Run one replicate of a scenario and return its tables.

    With the defaults this gives exactly the numbers of ``flashpoint run`` for the same
    scenario, seed, replicate and scale.

    Args:
        scenario: A resolved scenario (``flashpoint.load_scenario``).
        parameters: Parameter values by dotted name (a sweep point); they override the
            posterior's draw, and the scenario's own ``parameters`` override them.
        seed: Base seed (default: the scenario's seed).
        replicate: Replicate number; selects the random streams and the posterior draw.
        scale: Persons per array entry (1 = every person).
        posterior: ``"shipped"`` (default), a posterior file or ``Posterior``, or None for the
            registry defaults (as ``flashpoint run --no-posterior``).
        world: Places and routes (default: the shipped world).

    Returns:
        The run's tables.
    """
    seed = scenario.seed if seed is None else int(seed)
    post = resolve_posterior(posterior)
    drawn = {} if post is None else post.draw(seed, replicate)
    model = FlashpointModel(
        scenario,
        run_parameters(scenario, {**drawn, **(parameters or {})}),
        seed=seed,
        replicate=replicate,
        scale=scale,
        world=world,
    )
    model.run()
    return collect(model, scenario.name, replicate)


def collect(model: FlashpointModel, name: str, replicate: int) -> RunResult:
    """Turn a finished model into a ``RunResult``."""
    dates = pd.to_datetime(model.dates()).astype(DATE_DTYPE)
    daily = model.history.frame()
    daily[list(INTEGER_METRICS)] = daily[list(INTEGER_METRICS)].round().astype(np.int64)
    daily.insert(0, "date", dates)
    daily.insert(0, "replicate", replicate)
    daily.insert(0, "scenario", name)
    ids = np.array(model.world.place_ids)
    n_days, n_places = model.places.shape
    places = pd.DataFrame(
        {
            "scenario": name,
            "replicate": replicate,
            "date": np.repeat(dates, n_places),
            "place": np.tile(ids, n_days),
            "people": model.places.ravel(),
            "over_capacity": model.over_capacity.ravel(),
        }
    )
    f = np.array(model.flows, dtype=np.int64).reshape(-1, 4)
    flows = pd.DataFrame(
        {
            "scenario": name,
            "replicate": replicate,
            "date": dates[f[:, 0]] if len(f) else pd.to_datetime([]).astype(DATE_DTYPE),
            "origin": ids[f[:, 1]] if len(f) else [],
            "destination": ids[f[:, 2]] if len(f) else [],
            "people": f[:, 3],
        }
    )
    events = model.log.frame()
    events.insert(0, "date", [model.start + timedelta(days=int(d)) for d in events["day"]])
    events["date"] = pd.to_datetime(events["date"]).astype(DATE_DTYPE)
    events = events.drop(columns=["day"])
    events.insert(0, "replicate", replicate)
    events.insert(0, "scenario", name)
    events = events[["scenario", "replicate", "date", *[c for c in EVENT_COLUMNS if c != "day"]]]
    back = np.array(model.returns, dtype=np.int64).reshape(-1, 3)
    returns = pd.DataFrame(
        {
            "scenario": name,
            "replicate": replicate,
            "date": dates[back[:, 0]] if len(back) else pd.to_datetime([]).astype(DATE_DTYPE),
            "origin": ids[back[:, 1]] if len(back) else [],
            "people": back[:, 2],
        }
    )
    return RunResult(daily, places, flows, events, model.population.conservation_gap(), returns)
