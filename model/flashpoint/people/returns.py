"""Coming home: displaced Syrians whose home has been quiet for a while set off home.

**Quiet.** A place is struck on a day when its conflict intensity exceeds
``displacement.quiet_intensity_threshold``. A home's quiet clock counts the days since the last
strike within ``displacement.return_reset_distance_km`` of it (itself included); strikes farther
away do not reset it. After ``displacement.return_quiet_days`` quiet days its displaced residents
set off home at ``displacement.return_rate_per_day``.

**Destruction.** Each day's intensity destroys part of what is left of a place:
``destroyed <- 1 - (1 - destroyed) * exp(-displacement.destruction_per_intensity_day * intensity)``;
the return rate is multiplied by ``1 - destroyed`` (a ruined town draws fewer back).

**Government-held homes.** Toward towns the government holds the rate is multiplied by
``displacement.return_to_regime_area_factor`` (fear of arrest, conscription and reprisals, and
property taken over; see its entry in ``data/parameters.yaml``).

Returns are uncalibrated: no figure of the source articles counts them.
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


def update_quiet_and_destruction(pop: Population, inputs: DayInputs) -> None:
    """Advance each place's quiet clock and its destroyed share by today's strikes."""
    p = pop.p
    struck = inputs.intensity > p["displacement.quiet_intensity_threshold"]
    near = pop.km_between <= p["displacement.return_reset_distance_km"]
    reset = (near[:, struck]).any(axis=1)
    pop.quiet_days = np.where(reset, 0, pop.quiet_days + 1)
    kept = np.exp(-p["displacement.destruction_per_intensity_day"] * inputs.intensity)
    pop.destroyed = 1.0 - (1.0 - pop.destroyed) * kept


def return_rate_per_day(pop: Population, inputs: DayInputs) -> np.ndarray:
    """Daily chance that a displaced resident of each place sets off home."""
    p = pop.p
    quiet = pop.quiet_days >= p["displacement.return_quiet_days"]
    rate = np.where(quiet, p["displacement.return_rate_per_day"], 0.0) * (1.0 - pop.destroyed)
    return np.where(
        inputs.control == REGIME, rate * p["displacement.return_to_regime_area_factor"], rate
    )


def go_home(pop: Population, inputs: DayInputs, rng: np.random.Generator) -> None:
    """Step 5: displaced Syrians whose home has been quiet set off home."""
    update_quiet_and_destruction(pop, inputs)
    a = pop.active
    cand = a[(pop.status[a] == DISPLACED) & (pop.group[a] <= SYRIA_OTHER) & (pop.target[a] < 0)]
    if len(cand) == 0:
        return
    home = pop.origin[cand].astype(np.int64)
    rate = return_rate_per_day(pop, inputs)[home]
    rate = np.where(pop.location[cand] == home, 0.0, rate)
    back = rng.random(len(cand)) < rate
    pop.start_direct(cand[back], home[back])
