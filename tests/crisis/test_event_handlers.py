"""Scenario event handlers: one per event type, each changing exactly what it should.

Each handler runs through :func:`apply_event` on a fresh state; the test compares every field of
the state before and after, so a handler that also touches something else fails.
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import date

import mesa
import numpy as np
import pytest

from flashpoint.crisis.actors import Greece
from flashpoint.crisis.ceasefire import Ceasefire
from flashpoint.crisis.event_handlers import HANDLERS, EventContext, apply_event
from flashpoint.crisis.state import NATO_LEVELS, TALKS_LEVELS
from flashpoint.scenario import EVENT_TYPES, EventBase

DAY = 5
ON = date(2019, 12, 6)


def make(kind: str, **fields) -> EventBase:
    """An event of type ``kind`` validated by its schema class."""
    return EVENT_TYPES[kind](id=f"{kind}_1", type=kind, on=ON, **fields)


@pytest.fixture
def ctx(log_state, params, engine, ladder) -> EventContext:
    log, state = log_state
    present = engine.world.population.astype(float)
    return EventContext(DAY, state, params, log, engine, ladder, present=present)


def fire(ctx: EventContext, event: EventBase) -> tuple[int, dict[str, tuple]]:
    """Apply ``event``; return its root row and the state fields it changed (before, after)."""
    before = copy.deepcopy(ctx.state)
    first_new = len(ctx.log.rows)
    row = apply_event(event, ctx)
    assert row == first_new
    root = ctx.log.frame().iloc[row]
    assert root["cause_id"] == -1, "a firing is a root row with no cause"
    assert root["action"] == f"scenario:{event.type}"
    assert root["day"] == DAY
    assert root["detail"] == event.id
    # every later row of this firing points back into it (to the root or a row after it)
    later = ctx.log.frame().iloc[row + 1 :]
    assert (later["cause_id"] >= row).all()
    return row, changed_fields(before, ctx.state)


def changed_fields(before, after) -> dict[str, tuple]:
    out = {}
    for f in dataclasses.fields(after):
        a, b = getattr(before, f.name), getattr(after, f.name)
        same = np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b
        if not same:
            out[f.name] = (a, b)
    return out


# ------------------------------------------------------------------ every type has a handler
def test_every_event_type_has_a_handler():
    assert set(EVENT_TYPES.values()) <= set(HANDLERS)
    assert set(HANDLERS) <= set(EVENT_TYPES.values()), "a handler for a type no file can name"


def test_a_new_event_class_without_a_handler_raises_type_error(ctx):
    class HailEvent(EventBase):
        type: str = "hail"

    event = HailEvent(id="hail_1", on=ON)
    with pytest.raises(TypeError, match="HailEvent"):
        apply_event(event, ctx)
    assert len(ctx.log.rows) == len(ctx.ladder.dyads), "nothing is logged for an unknown type"


def test_a_subclass_of_a_known_type_is_not_silently_handled_as_its_parent(ctx):
    # handlers are looked up by the exact class: a specialised talks event needs its own handler
    class SecretTalks(EVENT_TYPES["talks"]):
        pass

    event = SecretTalks(id="s", type="talks", on=ON, parties=("turkey", "russia"), level="call")
    with pytest.raises(TypeError):
        apply_event(event, ctx)


# ------------------------------------------------------------------ talks and ceasefire
def test_talks_between_turkey_and_russia_reach_turkey_syria(ctx):
    ladder = ctx.ladder
    row, changed = fire(ctx, make("talks", parties=("turkey", "russia"), level="summit", days=4))
    assert set(changed) == {"talks_level", "talks_until", "talks_row"}
    hit = {ladder.dyad_index("turkey_russia"), ladder.dyad_index("turkey_syria")}
    for d in range(len(ladder.dyads)):
        if d in hit:
            assert ctx.state.talks_level[d] == TALKS_LEVELS.index("summit")
            assert ctx.state.talks_until[d] == DAY + 4 - 1
            assert ctx.state.talks_row[d] == row
        else:
            assert ctx.state.talks_level[d] == 0
            assert ctx.state.talks_row[d] == d, "other dyads keep their starting row"


def test_talks_never_lower_a_level_or_shorten_talks_under_way(ctx):
    tr = ctx.ladder.dyad_index("turkey_russia")
    fire(ctx, make("talks", parties=("turkey", "russia"), level="summit", days=10))
    row, _ = fire(ctx, make("talks", parties=("turkey", "russia"), level="call", days=1))
    assert ctx.state.talks_level[tr] == TALKS_LEVELS.index("summit")
    assert ctx.state.talks_until[tr] == DAY + 10 - 1
    assert ctx.state.talks_row[tr] == row, "the latest talks are the cause cited"


def test_talks_without_russia_leave_turkey_syria_alone(ctx):
    _, changed = fire(ctx, make("talks", parties=("turkey", "eu"), level="call"))
    ts, teu = ctx.ladder.dyad_index("turkey_syria"), ctx.ladder.dyad_index("turkey_eu")
    assert ctx.state.talks_level[ts] == 0
    assert ctx.state.talks_level[teu] == TALKS_LEVELS.index("call")
    assert np.flatnonzero(changed["talks_level"][1]).tolist() == [teu]


def test_ceasefire_starts_with_its_compliance_and_last_day(ctx):
    row, changed = fire(
        ctx, make("ceasefire", parties=("turkey", "russia"), compliance=0.7, days=10)
    )
    assert set(changed) == {"ceasefire", "talks_row"}
    assert ctx.state.ceasefire == Ceasefire(("turkey", "russia"), 0.7, DAY + 9, row)
    for name in ("turkey_russia", "turkey_syria"):
        assert ctx.state.talks_row[ctx.ladder.dyad_index(name)] == row


def test_an_open_ended_ceasefire_has_no_last_day(ctx):
    fire(ctx, make("ceasefire", parties=("turkey", "russia")))
    assert ctx.state.ceasefire.until_day is None


# ------------------------------------------------------------------ borders
@pytest.mark.parametrize(
    ("border", "attr"),
    [("syria_turkey", "border_open_syria_turkey"), ("turkey_greece", "border_open_turkey_greece")],
)
def test_border_policy_opens_and_closes_one_border(ctx, border, attr):
    row, changed = fire(ctx, make("border_policy", border=border, state="open"))
    assert set(changed) == {attr, "border_policy_row"}
    assert getattr(ctx.state, attr) is True
    assert ctx.state.border_policy_row == row
    row, changed = fire(ctx, make("border_policy", border=border, state="closed"))
    assert getattr(ctx.state, attr) is False
    assert ctx.state.border_policy_row == row
    assert ctx.log.frame().iloc[row]["actor"] == "turkey"


@pytest.mark.parametrize(
    ("border", "land", "sea", "floor"),
    [("land", 0.9, 0.0, 0.9), ("sea", 0.0, 0.9, 0.0), ("both", 0.9, 0.9, 0.9)],
)
def test_border_enforcement_sets_land_sea_or_both_and_the_land_floor(ctx, border, land, sea, floor):
    _, changed = fire(ctx, make("border_enforcement", level=0.9, border=border))
    s = ctx.state
    assert (s.greek_enforcement_land, s.greek_enforcement_sea) == (land, sea)
    assert s.greek_enforcement_floor == floor
    expected = {"border_enforcement_row"}  # a row later actions can cite
    expected |= {"greek_enforcement_land", "greek_enforcement_floor"} if land else set()
    expected |= {"greek_enforcement_sea"} if sea else set()
    assert set(changed) == expected


def test_greek_floor_holds_when_greece_would_relax(ctx, params):
    fire(ctx, make("border_enforcement", level=0.8, border="land"))
    greece = Greece(mesa.Model(rng=0))
    relaxed = greece.enforcement(ctx.state.greek_enforcement_land, 0.0, 0.0, params)
    held = greece.enforcement(
        ctx.state.greek_enforcement_land, ctx.state.greek_enforcement_floor, 0.0, params
    )
    assert relaxed < 0.8, "without the floor a quiet border relaxes"
    assert held == 0.8


# ------------------------------------------------------------------ offensives
def test_regime_surge_halt_resume(ctx):
    s = ctx.state
    assert s.offensive_halted  # a run starts with the offensive halted
    _, changed = fire(ctx, make("offensive", side="regime", action="surge", factor=2.5))
    assert set(changed) == {"offensive_factor", "offensive_halted", "offensive_row"}
    assert (s.offensive_factor, s.offensive_halted) == (2.5, False)
    row, changed = fire(ctx, make("offensive", side="regime", action="halt"))
    assert set(changed) == {"offensive_halted", "offensive_row"}
    assert s.offensive_row == row, "a halt is a row that later actions can cite"
    assert (s.offensive_factor, s.offensive_halted) == (2.5, True)
    _, changed = fire(ctx, make("offensive", side="regime", action="resume"))
    assert (s.offensive_factor, s.offensive_halted) == (1.0, False)
    assert s.turkish_fire_factor == 1.0, "the regime's offensive never touches Turkey's fire"


@pytest.mark.parametrize(("action", "factor"), [("surge", 3.0), ("halt", 0.0), ("resume", 1.0)])
def test_turkish_offensive_scales_only_turkish_fire(ctx, action, factor):
    ctx.state.turkish_fire_factor = 0.5  # so that "resume" is a change too
    row, changed = fire(ctx, make("offensive", side="turkey", action=action, factor=3.0))
    assert set(changed) == {"turkish_fire_factor", "offensive_row"}
    assert ctx.state.offensive_row == row
    assert ctx.state.turkish_fire_factor == factor
    assert ctx.log.frame().iloc[row]["actor"] == "turkey"


# ------------------------------------------------------------------ strikes
def test_strike_on_turkey_kills_raises_turkey_syria_and_cites_the_firing(ctx):
    ts = ctx.ladder.dyad_index("turkey_syria")
    row, changed = fire(ctx, make("strike", by="syria", target="turkey", size=33))
    s, frame = ctx.state, ctx.log.frame()
    assert s.turkish_deaths[DAY] == 33 and s.turkish_deaths.sum() == 33
    loss = frame.iloc[s.last_turkish_loss_row]
    assert (loss["action"], loss["casualties"], loss["cause_id"]) == ("strike", 33, row)
    assert s.rungs[ts] == ctx.ladder.rung("limited_strikes")
    assert frame.iloc[s.last_rung_row[ts]]["cause_id"] == s.last_turkish_loss_row
    assert set(changed) == {
        "turkish_deaths",
        "last_turkish_loss_row",
        "rungs",
        "last_rung_row",
        "rung_changed_day",
    }
    assert ctx.military.forces.total() == (
        len(ctx.military.world.post_place) * ctx.params["forces.troops_per_post"] - 33
    ), "the dead leave the force"


def test_strike_by_russia_on_turkey_raises_turkey_russia_not_turkey_syria(ctx):
    ladder, s = ctx.ladder, ctx.state
    tr, ts = ladder.dyad_index("turkey_russia"), ladder.dyad_index("turkey_syria")
    ts_before = int(s.rungs[ts])
    fire(ctx, make("strike", by="russia", target="turkey", size=5))
    loss = ctx.log.frame().iloc[s.last_turkish_loss_row]
    assert loss["dyad"] == "turkey_russia"
    assert s.rungs[tr] == ladder.dyads[tr].start_rung + 1, "one rung a day, not a jump"
    assert s.clash_occurred, "violence between Turkish and Russian forces is a clash"
    assert s.rungs[ts] == ts_before


def test_strike_by_russia_on_syria_is_not_turkish_retaliation(ctx):
    _, changed = fire(ctx, make("strike", by="russia", target="syria", size=6))
    s = ctx.state
    assert s.syrian_deaths[DAY] == 6 and s.syrian_deaths_by_turkey[DAY] == 0
    assert "retaliation" not in set(ctx.log.frame()["action"])
    assert set(changed) == {"syrian_deaths"}


def test_strike_on_the_opposition_is_booked(ctx):
    _, changed = fire(ctx, make("strike", by="russia", target="opposition", size=9))
    assert ctx.state.opposition_deaths_forced == 9
    assert set(changed) == {"opposition_deaths_forced"}


def test_civilian_strikes_are_capped_by_the_people_present(ctx):
    ctx.present = np.where(ctx.present > 0, 3.0, 0.0)
    fire(ctx, make("strike", by="russia", target="civilians", size=10_000))
    deaths = ctx.extra_civilian_deaths
    assert (deaths <= ctx.present).all()
    assert ctx.state.civilian_deaths[DAY] == deaths.sum() < 10_000


def test_civilian_strikes_still_fall_once_the_axis_is_taken(ctx, engine):
    from flashpoint.world.codes import Control

    engine.control[engine.axis] = Control.REGIME
    assert engine.front_weights().sum() == 0
    fire(ctx, make("strike", by="russia", target="civilians", size=10))
    assert ctx.state.civilian_deaths[DAY] == 10


def test_strike_on_syria_by_turkey_records_real_and_claimed_deaths(ctx, params):
    row, changed = fire(ctx, make("strike", by="turkey", target="syria", size=20))
    s = ctx.state
    assert s.syrian_deaths[DAY] == 20 and s.syrian_deaths_by_turkey[DAY] == 20
    loss = ctx.log.frame().iloc[s.last_syrian_loss_row]
    assert loss["cause_id"] == row
    assert loss["claimed_casualties"] == round(20 * params["military.turkish_claim_ratio"])
    assert {"syrian_deaths", "syrian_deaths_by_turkey", "last_syrian_loss_row"} <= set(changed)


def test_strike_on_russia(ctx):
    row, changed = fire(ctx, make("strike", by="turkey", target="russia", size=4))
    assert set(changed) == {"russian_deaths", "last_russian_loss_row"}
    assert ctx.state.russian_deaths[DAY] == 4
    assert ctx.state.last_russian_loss_row == row


@pytest.mark.parametrize("size", [0, 1, 7, 100, 12_345])
def test_strike_on_civilians_falls_at_the_front_and_adds_up(ctx, engine, size):
    _, changed = fire(ctx, make("strike", by="russia", target="civilians", size=size))
    deaths = ctx.extra_civilian_deaths
    assert (deaths <= ctx.present).all(), "never more than the people there"
    assert deaths.sum() == size if size <= 100 else deaths.sum() <= size
    assert ctx.state.civilian_deaths[DAY] == deaths.sum()
    assert (deaths >= 0).all() and np.array_equal(deaths, np.floor(deaths))
    assert (deaths[engine.front_weights() == 0] == 0).all(), "no deaths away from the front"
    if size >= 100:
        assert deaths[engine.axis[0]] == deaths.max(), "most deaths at the next place"
    assert set(changed) <= {"civilian_deaths"}


def test_civilian_strikes_on_one_day_add_up(ctx):
    fire(ctx, make("strike", by="russia", target="civilians", size=10))
    fire(ctx, make("strike", by="syria", target="civilians", size=15))
    assert ctx.extra_civilian_deaths.sum() == 25
    assert ctx.state.civilian_deaths[DAY] == 25


def test_the_harness_catches_a_handler_that_changes_too_much(ctx, monkeypatch):
    eu_deal = HANDLERS[EVENT_TYPES["eu_deal"]]

    def sloppy(event, c, row):
        eu_deal(event, c, row)
        c.state.nato_level = 2

    monkeypatch.setitem(HANDLERS, EVENT_TYPES["eu_deal"], sloppy)
    _, changed = fire(ctx, make("eu_deal", funding_eur_million=500.0))
    assert set(changed) != {"eu_funding_eur_million", "eu_row"}


# ------------------------------------------------------------------ NATO, EU, parameters
@pytest.mark.parametrize("level", NATO_LEVELS)
def test_nato_support_sets_the_level(ctx, level):
    row, changed = fire(ctx, make("nato_support", level=level))
    assert ctx.state.nato_level == NATO_LEVELS.index(level)
    assert ctx.state.nato_row == row
    assert set(changed) <= {"nato_level", "nato_row"} and "nato_row" in changed
    assert ctx.log.frame().iloc[row]["actor"] == "nato"


def test_eu_pledges_add_up(ctx):
    fire(ctx, make("eu_deal", funding_eur_million=1000.0))
    row, changed = fire(ctx, make("eu_deal", funding_eur_million=500.0))
    assert ctx.state.eu_funding_eur_million == 1500.0
    assert ctx.state.eu_row == row
    assert set(changed) == {"eu_funding_eur_million", "eu_row"}
    assert ctx.log.frame().iloc[row]["actor"] == "eu"


def test_set_parameter_changes_params_and_records_its_row(ctx, params):
    name = "military.strike_rate_per_day"
    assert params[name] != 3.5
    row, changed = fire(ctx, make("set_parameter", name=name, value=3.5))
    assert ctx.params[name] == 3.5
    assert ctx.military.p[name] == 3.5, "the engine reads the same parameters"
    assert ctx.param_rows == {name: row}
    assert changed == {}, "a parameter is not crisis state"
