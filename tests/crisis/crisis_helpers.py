"""Helpers of the crisis tests (a uniquely named module, importable by name from the tests)."""

from __future__ import annotations

from flashpoint.crisis.ladder import load_ladder
from flashpoint.crisis.state import Observation

#: The dyads' starting rungs.
START_RUNGS = tuple(d.start_rung for d in load_ladder().dyads)


def quiet_observation(**changes) -> Observation:
    """What an actor sees on a quiet day at the starting rungs, with ``changes`` applied."""
    base = dict(
        turkish_losses_7d=0.0,
        mass_casualty_days_30d=0,
        syrian_losses_by_turkey_7d=0.0,
        russian_losses_7d=0.0,
        refugee_pressure_millions=0.0,
        migrants_at_border_thousands=0.0,
        talks_level=(0,) * len(START_RUNGS),
        ceasefire=0,
        nato_level=0,
        eu_funding_bn=0.0,
        ultimatum_active=0,
        deadline_passed=0,
        offensive_on=0,
        rungs=START_RUNGS,
        start_rungs=START_RUNGS,
        clash_active=0,
        border_open=0,
    )
    base.update(changes)
    return Observation(**base)
