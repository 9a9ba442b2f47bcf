"""The vectorised displacement kernel matches the per-person reference in distribution.

Set-up: 2,000 people in a town under fire for ten days while the front approaches it (captured on
day 8, retaken on day 12), with a near town, a camp and a far town (210-230 km: the daily
distance limit matters), 30 days, 100 seeds per implementation.

The stated test: for every place, the person-days spent there over the 30 days (the sum of its
daily counts) is compared between the implementations with Welch's t-test; the family of tests
(one per place, plus the person-days in transit) is rejected if any p-value is below
0.001 / (number of tests) (Bonferroni). The same test must reject the kernel with a travel speed
10% higher, so it is shown to be able to fail.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from flashpoint.parameters import defaults
from flashpoint.people.day import People, step_day
from flashpoint.people.population import DayInputs
from flashpoint.rng import Streams
from flashpoint.world.world import load_world
from reference.movement_reference import ReferenceModel, reference_world_of
from small_world import write_small_world

PLACES = [
    ("home", "Home", "SY", "conflict_town", 35.60, 36.60, 2000, 0, "opposition", 1, ""),
    ("near", "Near", "SY", "conflict_town", 35.90, 36.60, 0, 0, "opposition", 2, ""),
    ("camp", "Camp", "SY", "camp", 37.40, 36.60, 0, 0, "opposition", "", 600),
    ("far", "Far", "SY", "town", 37.55, 36.70, 0, 0, "turkish_backed", "", ""),
    ("held", "Held", "SY", "town", 35.40, 36.90, 0, 0, "regime", "", ""),
]
ROUTES = [
    ("home", "near", 40, "road", ""),
    ("home", "camp", 210, "road", ""),
    ("home", "far", 230, "road", ""),
    ("near", "camp", 180, "road", ""),
    ("camp", "far", 20, "road", ""),
    ("home", "held", 45, "road", ""),
]
POSTS = [("p1", "Post", 35.6, 36.6, "home", "2018-01-01")]
DAYS, SEEDS = 30, 100


def schedule(day: int) -> tuple[np.ndarray, ...]:
    """Intensity, captured today, front distance (km), approach (km/week), held by the government.

    The front approaches home over the first ten days (20 km to 2 km), then recedes; home is
    captured on day 8 and retaken on day 12.
    """
    n = len(PLACES)
    intensity = np.zeros(n)
    if day < 10:
        intensity[0] = 0.6
    if 5 <= day < 12:
        intensity[1] = 0.3
    front_km = np.full(n, np.inf)
    front_km[0] = 20.0 - 2.0 * day if day < 10 else 30.0
    front_km[1] = front_km[0] + 30.0
    approach = np.zeros(n)
    approach[:2] = 14.0 if day < 10 else 0.0
    held = np.zeros(n, dtype=bool)
    held[0] = 8 <= day < 12
    captured = np.zeros(n, dtype=bool)
    captured[0] = day == 8
    return intensity, captured, front_km, approach, held


def params() -> dict:
    p = defaults()
    p["displacement.return_quiet_days"] = 7
    p["displacement.return_rate_per_day"] = 0.05
    return p


def run_vectorised(world, p: dict, seed: int) -> np.ndarray:
    streams = Streams(seed, 0)
    people = People.new(world, p, 1, streams.static("init"))
    pop = people.population
    out = np.zeros((DAYS, world.n_places + 1))
    for day in range(DAYS):
        intensity, captured, front_km, approach, held = schedule(day)
        inputs = DayInputs(
            day,
            intensity,
            captured,
            np.zeros(world.n_places),
            world.control,
            False,
            False,
            0.7,
            0.3,
            front_distance_km=front_km,
            front_captured=held,
            front_approach_km_per_week=approach,
        )
        step_day(people, inputs, streams)
        present = pop.present_by_place()
        out[day, :-1] = present
        out[day, -1] = pop.n - present.sum()
    return out


def run_reference(world, p: dict, seed: int) -> np.ndarray:
    ref_world = reference_world_of(world)
    model = ReferenceModel(ref_world, [int(x) for x in world.population], p, seed)
    out = np.zeros((DAYS, world.n_places + 1))
    for day in range(DAYS):
        model.step(*(list(x) for x in schedule(day)))
        counts = model.counts()
        out[day, :-1] = counts
        out[day, -1] = len(model.people) - sum(counts)
    return out


def person_days(runs: list[np.ndarray]) -> np.ndarray:
    return np.array([r.sum(axis=0) for r in runs])


def family_rejects(a: np.ndarray, b: np.ndarray, alpha: float = 0.001) -> tuple[bool, float]:
    ps = []
    for j in range(a.shape[1]):
        if a[:, j].std() == 0 and b[:, j].std() == 0:
            ps.append(1.0 if a[0, j] == b[0, j] else 0.0)
            continue
        ps.append(stats.ttest_ind(a[:, j], b[:, j], equal_var=False).pvalue)
    return min(ps) < alpha / len(ps), min(ps)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return load_world(write_small_world(tmp_path_factory.mktemp("ref"), PLACES, ROUTES, POSTS))


@pytest.fixture(scope="module")
def reference_runs(world):
    return person_days([run_reference(world, params(), 10_000 + s) for s in range(SEEDS)])


def test_vectorised_matches_reference(world, reference_runs):
    vec = person_days([run_vectorised(world, params(), s) for s in range(SEEDS)])
    rejected, p_min = family_rejects(vec, reference_runs)
    assert not rejected, f"smallest p-value {p_min:.2e}"
    # People really moved along every kind of route and came back.
    assert reference_runs[:, 1:4].sum(axis=1).mean() > 1000
    assert vec[:, -1].mean() > 0


def test_the_test_rejects_a_faster_kernel(world, reference_runs):
    p = params()
    p["displacement.max_speed_km_per_day"] *= 1.1
    vec = person_days([run_vectorised(world, p, s) for s in range(SEEDS)])
    rejected, p_min = family_rejects(vec, reference_runs)
    assert rejected, f"a 10% faster kernel was not detected (smallest p {p_min:.2e})"
