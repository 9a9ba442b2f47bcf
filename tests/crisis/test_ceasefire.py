"""The ceasefire: its breakdown hazard, its expiry and its breakdown, with stubbed draws."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from flashpoint.crisis import ceasefire
from flashpoint.crisis.ceasefire import Ceasefire, breakdown_probability
from flashpoint.scenario import EVENT_TYPES

BASE = "ceasefire.breakdown_base_hazard_per_day"
PER_VIOLATION = "ceasefire.breakdown_per_violation"
PER_RUNG = "ceasefire.breakdown_per_rung_above_limited_strikes"


class FixedDraw:
    """A stand-in generator whose ``random()`` always returns ``u``."""

    def __init__(self, u: float) -> None:
        self.u = u
        self.calls = 0

    def random(self) -> float:
        self.calls += 1
        return self.u


def in_force(state, log, parties=("turkey", "russia"), until=None, compliance=0.8) -> int:
    row = log.add(3, parties[0], "", "", "scenario:ceasefire")
    state.ceasefire = Ceasefire(tuple(parties), compliance, until, row)
    state.offensive_halted, state.offensive_factor = True, 0.5
    return row


# ------------------------------------------------------------------ the hazard
def test_breakdown_probability_is_base_plus_violations_plus_rungs(params):
    p = {BASE: 0.01, PER_VIOLATION: 0.02, PER_RUNG: 0.1}
    assert breakdown_probability(0, 0, p) == pytest.approx(0.01)
    assert breakdown_probability(3, 0, p) == pytest.approx(0.01 + 3 * 0.02)
    assert breakdown_probability(0, 2, p) == pytest.approx(0.01 + 2 * 0.1)
    assert breakdown_probability(3, 2, p) == pytest.approx(0.01 + 0.06 + 0.2)
    assert breakdown_probability(0, -3, p) == pytest.approx(0.01), "rungs below do not help"
    assert breakdown_probability(1000, 0, p) == 1.0
    assert breakdown_probability(0, 0, {BASE: -1.0, PER_VIOLATION: 0, PER_RUNG: 0}) == 0.0


def test_breakdown_probability_with_the_defaults(params):
    assert breakdown_probability(0, 0, params) == pytest.approx(params[BASE])
    assert breakdown_probability(2, 1, params) == pytest.approx(
        params[BASE] + 2 * params[PER_VIOLATION] + params[PER_RUNG]
    )


# ------------------------------------------------------------------ start and expiry
def test_a_ceasefire_event_of_n_days_expires_on_day_start_plus_n(log_state, ladder):
    log, state = log_state
    event = EVENT_TYPES["ceasefire"](
        id="cf", type="ceasefire", on=date(2020, 3, 5), parties=("turkey", "russia"), days=7
    )
    row = log.add(10, "turkey", "", "", "scenario:ceasefire")
    ceasefire.start(state, event, 10, row, ladder)
    for day in range(10, 17):  # days 10..16 are agreed
        ceasefire.expire_if_due(state, day, log)
        assert state.ceasefire is not None, f"expired early on day {day}"
    n_rows = len(log.rows)
    ceasefire.expire_if_due(state, 17, log)
    assert state.ceasefire is None
    expired = log.frame().iloc[n_rows]
    assert (expired["day"], expired["action"], expired["cause_id"]) == (
        17,
        "ceasefire_expired",
        row,
    )
    ceasefire.expire_if_due(state, 18, log)
    assert len(log.rows) == n_rows + 1, "expiry is logged once"


def test_an_open_ended_ceasefire_never_expires(log_state):
    log, state = log_state
    in_force(state, log, until=None)
    n = len(log.rows)
    for day in range(state.n_days):
        ceasefire.expire_if_due(state, day, log)
    assert state.ceasefire is not None and len(log.rows) == n


# ------------------------------------------------------------------ breakdown
def test_breakdown_when_the_draw_is_below_the_hazard(log_state, ladder, params):
    log, state = log_state
    row = in_force(state, log)
    hazard = breakdown_probability(2, 0, params)
    n = len(log.rows)
    ceasefire.check_breakdown(state, ladder, 2, params, FixedDraw(hazard * 0.99), 8, log)
    assert state.ceasefire is None and state.ceasefire_broken
    assert (state.offensive_factor, state.offensive_halted) == (1.0, False)
    broke = log.frame().iloc[n]
    assert broke["action"] == "ceasefire_breakdown" and broke["day"] == 8
    assert broke["dyad"] == "turkey_syria"
    assert broke["cause_id"] == row, "cites the ceasefire (later than the starting rows)"
    assert broke["detail"] == "violations today: 2"


def test_breakdown_under_pressure_cites_the_pressing_dyads_rung_change(log_state, ladder, params):
    log, state = log_state
    in_force(state, log)
    ts = ladder.dyad_index("turkey_syria")
    state.rungs[ts] = ladder.rung("sustained_combat")  # pressure: above limited strikes
    state.last_rung_row[ts] = log.add(6, "turkey", "syria", "turkey_syria", "escalate")
    ceasefire.check_breakdown(state, ladder, 0, params, FixedDraw(0.0), 8, log)
    assert log.frame().iloc[-1]["cause_id"] == state.last_rung_row[ts]
    assert state.ceasefire_breakdowns == 1


def test_breakdown_after_violations_cites_the_days_violation_row(log_state, ladder, params):
    log, state = log_state
    in_force(state, log)
    state.last_violation_row = log.add(8, "syria", "turkey", "turkey_syria", "ceasefire_violation")
    ceasefire.check_breakdown(state, ladder, 3, params, FixedDraw(0.0), 8, log)
    assert log.frame().iloc[-1]["cause_id"] == state.last_violation_row


def test_no_violation_and_no_pressure_means_no_breakdown_with_the_defaults(
    log_state, ladder, params
):
    log, state = log_state
    in_force(state, log)
    assert params["ceasefire.breakdown_base_hazard_per_day"] == 0.0
    ceasefire.check_breakdown(state, ladder, 0, params, FixedDraw(1e-12), 8, log)
    assert state.ceasefire is not None, "no flat hazard: a breakdown needs a cause"


def test_no_breakdown_when_the_draw_is_at_or_above_the_hazard(log_state, ladder, params):
    log, state = log_state
    in_force(state, log)
    hazard = breakdown_probability(2, 0, params)
    n = len(log.rows)
    ceasefire.check_breakdown(state, ladder, 2, params, FixedDraw(hazard), 8, log)
    assert state.ceasefire is not None and not state.ceasefire_broken
    assert (state.offensive_factor, state.offensive_halted) == (0.5, True)
    assert len(log.rows) == n


def test_escalated_dyads_between_the_parties_raise_the_hazard(log_state, ladder, params):
    log, state = log_state
    in_force(state, log, parties=("turkey", "russia"))
    ts = ladder.dyad_index("turkey_syria")  # counts: Russia speaks for Damascus
    state.rungs[ts] = ladder.rung("limited_strikes") + 2
    u = breakdown_probability(0, 0, params) + 0.5 * 2 * params[PER_RUNG]  # above base, below
    ceasefire.check_breakdown(state, ladder, 0, params, FixedDraw(u), 8, log)
    assert state.ceasefire is None


def test_escalated_dyads_outside_the_parties_do_not(log_state, ladder, params):
    log, state = log_state
    in_force(state, log, parties=("turkey", "eu"))
    state.rungs[ladder.dyad_index("turkey_syria")] = ladder.top
    u = breakdown_probability(0, 0, params) * 1.01
    ceasefire.check_breakdown(state, ladder, 0, params, FixedDraw(u), 8, log)
    assert state.ceasefire is not None


def test_no_ceasefire_no_draw(log_state, ladder, params):
    log, state = log_state
    rng = FixedDraw(0.0)
    ceasefire.check_breakdown(state, ladder, 100, params, rng, 8, log)
    assert rng.calls == 0 and not state.ceasefire_broken


def test_a_zero_hazard_never_breaks_and_a_certain_one_always_does(log_state, ladder):
    log, state = log_state
    rng = np.random.default_rng(1)
    zero = {BASE: 0.0, PER_VIOLATION: 0.0, PER_RUNG: 0.0}
    in_force(state, log)
    for day in range(2000):
        ceasefire.check_breakdown(state, ladder, 5, zero, rng, day % state.n_days, log)
    assert state.ceasefire is not None
    certain = {BASE: 1.0, PER_VIOLATION: 0.0, PER_RUNG: 0.0}
    ceasefire.check_breakdown(state, ladder, 0, certain, rng, 1, log)
    assert state.ceasefire is None


def test_the_seeded_breakdown_rate_matches_the_hazard(ladder, new_log_state):
    # the check can fail: a draw compared the wrong way round would give 1 - hazard
    rng, p = np.random.default_rng(7), {BASE: 0.2, PER_VIOLATION: 0.0, PER_RUNG: 0.0}
    broke = 0
    for _ in range(4000):
        log, state = new_log_state(2)
        in_force(state, log)
        ceasefire.check_breakdown(state, ladder, 0, p, rng, 1, log)
        broke += state.ceasefire is None
    assert broke / 4000 == pytest.approx(0.2, abs=0.02)
