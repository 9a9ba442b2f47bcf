"""Fixtures for the crisis unit tests: the small world, the ladder, defaults and a fresh state.

The state is built as ``model.py`` builds it: one ``initial_rung`` row per dyad opens the log,
so rows 0..k-1 are the dyads' starting positions and the first new row is ``k``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from flashpoint.crisis.event_log import EventLog
from flashpoint.crisis.ladder import Ladder, load_ladder
from flashpoint.crisis.military import MilitaryEngine
from flashpoint.crisis.state import CrisisState
from flashpoint.parameters import defaults
from flashpoint.world.world import World, load_world
from small_world import write_small_world

N_DAYS = 40


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """The small test world of ``tests/small_world.py``."""
    return load_world(write_small_world(Path(tmp_path_factory.mktemp("small-world"))))


@pytest.fixture(scope="session")
def ladder() -> Ladder:
    """The shipped escalation ladder."""
    return load_ladder()


@pytest.fixture
def params() -> dict:
    """The registry's defaults (a fresh copy per test)."""
    return dict(defaults())


def start_log_and_state(ladder: Ladder, n_days: int = N_DAYS) -> tuple[EventLog, CrisisState]:
    """A log opened with the dyads' starting rows and the state on day 0."""
    log = EventLog()
    rows = [
        log.add(0, d.parties[0], d.parties[1], d.id, "initial_rung", detail=d.reason)
        for d in ladder.dyads
    ]
    start = np.array([d.start_rung for d in ladder.dyads])
    return log, CrisisState.new(n_days, start, rows)


@pytest.fixture(scope="session")
def new_log_state(ladder: Ladder):
    """A factory of fresh (log, state) pairs, for tests that need many."""
    return lambda n_days=N_DAYS: start_log_and_state(ladder, n_days)


@pytest.fixture
def log_state(ladder: Ladder) -> tuple[EventLog, CrisisState]:
    """A fresh (log, state) pair."""
    return start_log_and_state(ladder)


@pytest.fixture
def engine(world: World, ladder: Ladder, params: dict) -> MilitaryEngine:
    """A military engine on the small world with default parameters."""
    return MilitaryEngine(world, ladder, params)
