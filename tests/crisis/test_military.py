"""The military engine on the small world: advance, strikes, incidents, retaliation, air cover."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashpoint.crisis.ceasefire import Ceasefire
from flashpoint.crisis.military import AIR_COVER, REGIME, MilitaryEngine
from flashpoint.parameters import defaults

RATE = "military.retaliation_deaths_per_turkish_death"
WINDOW = "military.retaliation_window_days"


class Recorder:
    """A seeded generator that records the mean of every scalar Poisson draw, per call."""

    def __init__(self, seed: int = 0) -> None:
        self.g = np.random.default_rng(seed)
        self.means: list[float] = []

    def poisson(self, lam, size=None):
        if np.ndim(lam) == 0:
            self.means.append(float(lam))
        return self.g.poisson(lam, size)

    def __getattr__(self, name):
        return getattr(self.g, name)


def present(world) -> np.ndarray:
    return world.population.astype(float)


def quiet(params: dict) -> dict:
    """Parameters under which the engine does nothing violent of its own."""
    params.update(
        {
            "military.halt_residual_share": 0.0,
            "military.sustained_combat_syrian_deaths_per_day": 0.0,
        }
    )
    return params


# ------------------------------------------------------------------ advance
def test_no_advance_while_the_offensive_is_halted(world, ladder, params, log_state):
    log, state = log_state
    params["military.advance_rate_places_per_day"] = 100.0
    engine = MilitaryEngine(world, ladder, params)
    start = engine.control.copy()
    rng = np.random.default_rng(3)
    assert state.offensive_halted
    for day in range(state.n_days):
        mil = engine.step(day, state, present(world), rng, log)
        assert not mil.captured_today.any()
    assert np.array_equal(engine.control, start) and not engine.front.captured.any()
    assert "capture" not in set(log.frame()["action"])


def test_a_capture_changes_control_and_is_logged(world, ladder, params, log_state):
    log, state = log_state
    params["military.advance_rate_places_per_day"] = 100.0  # a capture is all but certain
    engine = MilitaryEngine(world, ladder, params)
    state.offensive_halted = False
    first = int(engine.axis[0])
    assert world.place_ids[first] == "town_a"
    n = len(log.rows)
    mil = engine.step(0, state, present(world), np.random.default_rng(0), log)
    assert engine.control[first] == REGIME and engine.front.captured.sum() == 1
    assert mil.captured_today[first] and mil.captured_today.sum() == 1
    assert mil.intensity[first] == 1.0
    frame = log.frame().iloc[n:]
    capture = frame[frame["action"] == "capture"]
    assert len(capture) == 1
    row = capture.iloc[0]
    assert (row["actor"], row["detail"], row["day"]) == ("syria", "town_a", 0)
    assert row["cause_id"] == state.last_rung_row[ladder.dyad_index("turkey_syria")]
    assert mil.violations == 0, "no ceasefire, no violations"


def test_the_advance_follows_the_axis_and_encircles_posts(world, ladder, params, log_state):
    log, state = log_state
    params["military.advance_rate_places_per_day"] = 100.0
    engine = MilitaryEngine(world, ladder, params)
    state.offensive_halted = False
    rng = np.random.default_rng(1)
    taken = []
    for day in range(6):
        mil = engine.step(day, state, present(world), rng, log)
        taken += [world.place_ids[i] for i in np.flatnonzero(mil.captured_today)]
    assert taken == ["town_a", "town_b", "town_c", "town_d"], "in axis order, then it stops"
    assert engine.encircled_posts() == 2
    assert engine.regime_territory_share() == pytest.approx(10000 / 11500)


# ------------------------------------------------------------------ strikes and civilians
def test_no_strikes_and_no_civilian_deaths_under_full_compliance(world, ladder, params, log_state):
    log, state = log_state
    engine = MilitaryEngine(world, ladder, params)
    state.offensive_halted = False
    state.ceasefire = Ceasefire(("turkey", "russia"), 1.0, None, 0)
    rng = Recorder(2)
    for day in range(10):
        mil = engine.step(day, state, present(world), rng, log)
        assert mil.civilian_deaths.sum() == 0 and mil.intensity.sum() == 0
    assert state.civilian_deaths.sum() == 0
    assert rng.means[0] == 0.0, "the strike count's mean"


def test_halted_with_no_residual_means_no_strikes(world, ladder, params, log_state):
    log, state = log_state
    rng = Recorder(2)
    MilitaryEngine(world, ladder, quiet(params)).step(0, state, present(world), rng, log)
    assert rng.means[0] == 0.0
    # and the check can fail: the default residual keeps a fifth of the strikes
    rng = Recorder(2)
    params["military.halt_residual_share"] = 0.2
    MilitaryEngine(world, ladder, params).step(0, state, present(world), rng, log)
    assert rng.means[0] == pytest.approx(0.2 * params["military.strike_rate_per_day"])


def test_air_cover_reduces_strikes_by_its_share(world, ladder, params, new_log_state):
    means, deaths = {}, {}
    for level in (AIR_COVER - 1, AIR_COVER):
        log, state = new_log_state()
        state.offensive_halted, state.nato_level = False, level
        engine = MilitaryEngine(world, ladder, params)
        rng = Recorder(4)
        engine.step(0, state, present(world), rng, log)
        means[level] = rng.means[0]
        for day in range(1, state.n_days):
            engine.step(day, state, present(world), rng, log)
        deaths[level] = state.civilian_deaths.sum()
    reduction = params["nato.air_cover_strike_reduction"]
    assert means[AIR_COVER] == pytest.approx((1 - reduction) * means[AIR_COVER - 1])
    assert deaths[AIR_COVER] < deaths[AIR_COVER - 1]


@settings(max_examples=40, deadline=None)
@given(
    people=st.lists(st.integers(0, 50), min_size=4, max_size=4),
    per_strike=st.floats(0.1, 500.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_civilian_deaths_never_exceed_the_people_present(
    world, ladder, new_log_state, people, per_strike, seed
):
    p = dict(defaults())
    p["military.civilian_deaths_per_strike"] = per_strike
    p["military.strike_density_cap"] = 10.0
    log, state = new_log_state(1)
    state.offensive_halted = False
    engine = MilitaryEngine(world, ladder, p)
    here = present(world)
    here[engine.axis] = people  # the towns ahead of the front
    mil = engine.step(0, state, here, np.random.default_rng(seed), log)
    assert (mil.civilian_deaths <= here).all()
    assert state.civilian_deaths[0] == mil.civilian_deaths.sum()


# ------------------------------------------------------------------ incidents against Turkey
def test_daily_turkish_deaths_never_exceed_the_troops_exposed(world, ladder, params, log_state):
    """A very high hazard: the positions in contact are emptied, never overdrawn."""
    log, state = log_state
    params.update(
        {"military.turkish_incident_rate_per_day": 50.0, "forces.contact_distance_km": 1e4}
    )
    engine = MilitaryEngine(world, ladder, params)
    state.offensive_halted = False
    rng = np.random.default_rng(5)
    for day in range(state.n_days):
        engine.step(day, state, present(world), rng, log)
    assert state.turkish_deaths.sum() > 0
    assert (state.turkish_deaths <= state.turkish_exposed).all()
    assert state.turkish_deaths.sum() <= engine.forces.troops.sum() + state.turkish_deaths.sum()
    frame = log.frame()
    hits = frame[(frame["target"] == "turkey") & (frame["action"] == "strike")]
    assert state.turkish_deaths.sum() == hits["casualties"].sum()


def test_no_incidents_without_contact(world, ladder, params, log_state):
    log, state = log_state
    params.update(
        {"military.turkish_incident_rate_per_day": 50.0, "forces.contact_distance_km": 0.0}
    )
    params["military.advance_rate_places_per_day"] = 0.0
    engine = MilitaryEngine(world, ladder, params)
    engine.forces.troops[:] = np.where(
        engine.control[engine.forces.place] == REGIME, 0, engine.forces.troops
    )  # no encircled post either
    state.offensive_halted = False
    for day in range(5):
        engine.step(day, state, present(world), np.random.default_rng(day), log)
    assert state.turkish_deaths.sum() == 0


# ------------------------------------------------------------------ retaliation
def retaliation_means(world, ladder, params, log_state, deaths, on_day, days) -> list[float]:
    """The mean of Turkey's retaliation per day after ``deaths`` Turkish deaths on ``on_day``."""
    log, state = log_state
    engine = MilitaryEngine(world, ladder, quiet(params))
    state.turkish_deaths[on_day] = deaths
    out = []
    for day in range(days):
        rng = Recorder(day)
        engine.step(day, state, present(world), rng, log)
        out.append(sum(rng.means))  # with no violence, retaliation is the only non-zero mean
    return out


@pytest.mark.parametrize("window", [1, 3, 4, 7])
def test_retaliation_spreads_rate_times_deaths_over_the_window(
    world, ladder, params, log_state, window
):
    params[WINDOW] = window
    deaths, on_day = 10, 5
    means = retaliation_means(world, ladder, params, log_state, deaths, on_day, on_day + 15)
    per_day = params[RATE] * deaths / window
    for day, mean in enumerate(means):
        inside = on_day <= day < on_day + window
        assert mean == pytest.approx(per_day if inside else 0.0), f"day {day}"
    assert sum(means) == pytest.approx(params[RATE] * deaths), "the documented total effect"


def test_the_window_check_can_fail(world, ladder, params, log_state):
    # the old rule (four days summed, divided by three) gives 4/3 of the effect: caught
    params[WINDOW] = 3
    means = retaliation_means(world, ladder, params, log_state, 10, 5, 20)
    assert sum(means) != pytest.approx(4 / 3 * params[RATE] * 10)


def test_retaliation_deaths_total_rate_times_deaths_on_average(
    world, ladder, params, new_log_state
):
    params = quiet(params)
    deaths, window, reps = 10, int(params[WINDOW]), 400
    engine_days = window + 3
    totals = []
    rng = np.random.default_rng(11)
    for _ in range(reps):
        log, state = new_log_state(engine_days)
        engine = MilitaryEngine(world, ladder, params)
        state.turkish_deaths[0] = deaths
        for day in range(engine_days):
            engine.step(day, state, present(world), rng, log)
        totals.append(state.syrian_deaths_by_turkey.sum())
        assert state.syrian_deaths_by_turkey[window:].sum() == 0, "nothing after the window"
    expected = params[RATE] * deaths  # Poisson: sd of the mean = sqrt(30 / 400) ~ 0.27
    assert np.mean(totals) == pytest.approx(expected, abs=1.0)


def test_no_retaliation_below_proxy_or_with_fire_halted(world, ladder, params, log_state):
    ts = ladder.dyad_index("turkey_syria")
    log, state = log_state
    state.rungs[ts] = ladder.rung("proxy") - 1
    engine = MilitaryEngine(world, ladder, quiet(params))
    state.turkish_deaths[0] = 50
    rng = Recorder(0)
    engine.step(0, state, present(world), rng, log)
    assert sum(rng.means) == 0.0
    state.rungs[ts] = ladder.rung("proxy")
    state.turkish_fire_factor = 0.0  # Turkey's offensive halted by an event
    rng = Recorder(0)
    engine.step(1, state, present(world), rng, log)
    assert sum(rng.means) == 0.0


def test_a_ceasefire_freezes_the_line_and_leaves_the_residual_share_of_strikes(
    world, ladder, params, new_log_state
):
    """Seeded: with compliance c, daily strikes average (1 - c) times the rate without it."""
    from flashpoint.crisis.ceasefire import Ceasefire

    params["military.advance_rate_places_per_day"] = 100.0
    counts = {}
    for compliance in (0.0, 0.8):
        log, state = new_log_state()
        state.offensive_halted = False
        if compliance:
            state.ceasefire = Ceasefire(("turkey", "russia", "syria"), compliance, None, 0)
        engine = MilitaryEngine(world, ladder, params)
        rng = np.random.default_rng(17)
        total = 0.0
        for _ in range(20):  # fresh engines on one stream: many draws
            engine = MilitaryEngine(world, ladder, params)
            state.strikes[:] = 0
            for day in range(state.n_days):
                mil = engine.step(day, state, present(world), rng, log)
                if compliance:
                    assert not mil.captured_today.any(), "no capture while it holds"
            total += state.strikes.sum()
        counts[compliance] = total
    ratio = counts[0.8] / counts[0.0]
    assert ratio == pytest.approx(0.2, abs=0.03)
