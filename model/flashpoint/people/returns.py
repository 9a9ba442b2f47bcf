"""Coming home: displaced Syrians whose home has been quiet for a while set off home.

A place is quiet when its conflict intensity stays at or below
``displacement.quiet_intensity_threshold``; after ``displacement.return_quiet_days`` quiet days,
its displaced residents set off home at ``displacement.return_rate_per_day`` (less toward places
the government holds). Returns are uncalibrated: no figure of the source articles counts them.
"""

from __future__ import annotations

import numpy as np

from flashpoint.people.population import (
    DISPLACED,
    SYRIA_OTHER,
    DayInputs,
    Population,
)
from flashpoint.people.routes import REGIME


def go_home(pop: Population, inputs: DayInputs, rng: np.random.Generator) -> None:
    """Step 4: displaced Syrians whose home has been quiet set off home."""
    p = pop.p
    pop.quiet_days = np.where(
        inputs.intensity > p["displacement.quiet_intensity_threshold"], 0, pop.quiet_days + 1
    )
    a = pop.active
    cand = a[(pop.status[a] == DISPLACED) & (pop.group[a] <= SYRIA_OTHER) & (pop.target[a] < 0)]
    if len(cand) == 0:
        return
    home = pop.origin[cand].astype(np.int64)
    rate = np.where(
        pop.quiet_days[home] >= p["displacement.return_quiet_days"],
        p["displacement.return_rate_per_day"],
        0.0,
    )
    rate = np.where(
        inputs.control[home] == REGIME, rate * p["displacement.return_to_regime_area_factor"], rate
    )
    rate = np.where(pop.location[cand] == home, 0.0, rate)
    back = rng.random(len(cand)) < rate
    pop.start_direct(cand[back], home[back])
