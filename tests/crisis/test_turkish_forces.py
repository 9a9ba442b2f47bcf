"""Turkish forces as state: the pure rules on fixed inputs and the positions on the small world."""

from __future__ import annotations

import numpy as np
import pytest

from flashpoint.crisis.event_log import EventLog
from flashpoint.crisis.turkish_forces import (
    ADDED,
    TurkishForces,
    incident_size,
    reinforce_probability,
    rung_effect,
    withdraw_probability,
)
from flashpoint.world.codes import Control


def test_rung_effect_grows_then_saturates_at_its_ceiling():
    assert rung_effect(0, 2.0, 4.0) == 1.0
    assert rung_effect(-3, 2.0, 4.0) == 1.0
    assert rung_effect(1, 2.0, 4.0) == 2.0
    assert rung_effect(2, 2.0, 4.0) == 4.0
    assert rung_effect(10, 2.0, 4.0) == 4.0  # never above the ceiling (was 2^10)


def test_reinforce_probability_on_fixed_inputs(params):
    p = dict(params)
    p.update(
        {
            "forces.reinforce_rate_per_day_under_ultimatum": 0.5,
            "forces.reinforce_rate_per_log_loss": 0.2,
            "forces.reinforce_rate_per_encircled_post": 0.1,
        }
    )
    assert reinforce_probability(0, 0.0, 0, 0, True, p) == 0.0
    assert reinforce_probability(1, 0.0, 0, 0, True, p) == pytest.approx(1 - np.exp(-0.5))
    h = 0.5 + 0.2 * np.log1p(8.0) + 0.1 * 3
    assert reinforce_probability(1, 8.0, 3, 0, True, p) == pytest.approx(1 - np.exp(-h))
    assert reinforce_probability(1, 8.0, 3, 1, True, p) == 0.0  # not while a ceasefire holds
    assert reinforce_probability(1, 8.0, 3, 0, False, p) == 0.0  # the force is exhausted


def test_withdraw_probability_on_fixed_inputs(params):
    p = dict(params, **{"forces.withdraw_rate_per_day_in_ceasefire": 0.1})
    assert withdraw_probability(0, 3, p) == 0.0
    assert withdraw_probability(1, 0, p) == 0.0
    assert withdraw_probability(1, 3, p) == pytest.approx(1 - np.exp(-0.1))


@pytest.mark.parametrize("troops", [0, 1, 3, 40, 300])
def test_incident_sizes_never_exceed_the_troops_at_the_position(params, troops):
    p = dict(params, **{"forces.position_strike_share": 0.5, "forces.shelling_mean_deaths": 5.0})
    rng = np.random.default_rng(troops)
    sizes = np.array([incident_size(rng, troops, p) for _ in range(2000)])
    assert (sizes <= troops).all()
    assert (sizes >= 0).all()


def test_the_mixture_has_its_stated_means(params):
    p = dict(params)
    p.update(
        {
            "forces.position_strike_share": 0.1,
            "forces.position_strike_lethality": 0.1,
            "forces.shelling_mean_deaths": 2.0,
        }
    )
    rng = np.random.default_rng(0)
    sizes = np.array([incident_size(rng, 300, p) for _ in range(40_000)])
    assert sizes.mean() == pytest.approx(0.9 * 2.0 + 0.1 * 30.0, rel=0.05)
    assert sizes.mean() != pytest.approx(2.0, rel=0.05)  # the check can fail


def test_positions_reinforce_withdraw_and_expose(world, params):
    forces = TurkishForces(world, params)
    log = EventLog()
    n_posts = len(world.post_place)
    assert forces.total() == n_posts * params["forces.troops_per_post"]
    row = forces.reinforce(0, 3, log, -1, "ultimatum")
    assert log.frame().loc[row, "action"] == "reinforce"
    assert (forces.kind == ADDED).sum() == 1
    control = world.control.astype(np.int64).copy()
    far = np.full(world.n_places, 1e6)
    assert forces.exposure(far, control)[-1] == 0.0  # out of contact
    near = np.zeros(world.n_places)
    w = forces.exposure(near, control)
    assert w[-1] == 1.0
    assert (w[:n_posts] == params["military.encircled_post_exposure"]).all()
    control[forces.place[-1]] = Control.REGIME
    assert forces.exposure(far, control)[-1] == 1.0  # behind the front: encircled
    forces.withdraw(4, log, row)
    assert (forces.kind == ADDED).sum() == 0 and forces.total() == n_posts * params[
        "forces.troops_per_post"
    ]


def test_strikes_remove_the_dead_from_the_positions(world, params):
    forces = TurkishForces(world, params)
    weights = np.ones(len(forces.place))
    before = forces.total()
    hits = forces.strike(np.random.default_rng(1), 50, weights)
    assert before - forces.total() == sum(size for _, size in hits)
