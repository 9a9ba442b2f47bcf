"""The front line (distance, captured, approach) and the forced timeline, on small seeded cases."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from flashpoint.crisis.event_handlers import HANDLERS
from flashpoint.crisis.event_log import EventLog
from flashpoint.crisis.front import ForcedFront, Front
from flashpoint.model import FlashpointModel
from flashpoint.parameters import resolve
from flashpoint.runs.simulate import simulate
from flashpoint.scenario import EVENT_TYPES, scenario_from_dict
from flashpoint.world.codes import Control
from flashpoint.world.front_timeline import FRONT_TIMELINE_COLUMNS, FrontTimeline
from flashpoint.world.world import haversine_km, load_world
from small_world import write_small_world

# Town B is taken first (out of the assumed order), then Town A; the opposition retakes Town B.
TIMELINE = [
    ("town_b", "2019-12-05", "regime", "1", "a synthetic report", "2019-12-05"),
    ("town_a", "2019-12-10", "regime", "0", "a synthetic report", "2019-12-10"),
    ("town_b", "2019-12-12", "opposition", "2", "a synthetic report", "2019-12-13"),
]


def _small_world_with_timeline(rows: list[tuple[str, ...]]) -> Path:
    directory = write_small_world(Path(tempfile.mkdtemp(prefix="flashpoint-front-")))
    with open(directory / "front_timeline.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(FRONT_TIMELINE_COLUMNS)
        writer.writerows(rows)
    return directory


WORLD = load_world(_small_world_with_timeline(TIMELINE))


def km(a: str, b: str) -> float:
    i, j = WORLD.index(a), WORLD.index(b)
    return float(haversine_km(WORLD.lat[i], WORLD.lon[i], WORLD.lat[j], WORLD.lon[j]))


def control_with(**sides: Control) -> np.ndarray:
    control = WORLD.control.astype(np.int64).copy()
    for place, side in sides.items():
        control[WORLD.index(place)] = side
    return control


def changed(*places: str) -> np.ndarray:
    mask = np.zeros(WORLD.n_places, dtype=bool)
    mask[[WORLD.index(p) for p in places]] = True
    return mask


# ---------------------------------------------------------------- distance, captured, approach
def test_distance_is_to_the_nearest_place_of_the_other_side() -> None:
    front = Front(WORLD)
    front.update(control_with(), changed())
    assert np.isinf(front.distance_km).all()  # nobody holds a place against the opposition yet
    front.update(control_with(town_a=Control.REGIME), changed("town_a"))
    d = front.distance_km
    assert d.dtype == np.float32
    assert d[WORLD.index("town_a")] == 0  # taken today: the line runs through it
    assert d[WORLD.index("town_b")] == pytest.approx(km("town_b", "town_a"), rel=1e-6)
    assert d[WORLD.index("north_town")] == pytest.approx(km("north_town", "town_a"), rel=1e-6)
    assert np.isinf(d[WORLD.index("istanbul")]) and np.isinf(d[WORLD.index("lesbos")])
    front.update(control_with(town_a=Control.REGIME), changed())
    nearest = min(km("town_a", p) for p in ("town_b", "town_c", "gate", "camp_west"))
    assert front.distance_km[WORLD.index("town_a")] == pytest.approx(nearest, rel=1e-6)
    assert front.captured[WORLD.index("town_a")] and front.captured.sum() == 1


def test_approach_is_the_fall_in_distance_over_seven_days() -> None:
    front = Front(WORLD)
    held = control_with(town_a=Control.REGIME)
    front.update(held, changed("town_a"))
    for _ in range(7):
        front.update(held, changed())
    # the window still starts on the day Town A changed hands (0 km): the front moved off it
    assert front.approach_km_per_week[WORLD.index("town_a")] < 0
    front.update(held, changed())
    assert (front.approach_km_per_week == 0).all()  # a still front approaches nobody
    front.update(control_with(town_a=Control.REGIME, town_b=Control.REGIME), changed("town_b"))
    c = WORLD.index("town_c")
    expected = km("town_c", "town_a") - km("town_c", "town_b")
    assert front.approach_km_per_week[c] == pytest.approx(expected, rel=1e-5)
    assert front.approaching[c] and not front.approaching[WORLD.index("istanbul")]
    assert front.approach_km_per_week[WORLD.index("town_a")] < 0  # the front moved away


def test_a_recapture_clears_captured() -> None:
    front = Front(WORLD)
    front.update(control_with(town_b=Control.REGIME), changed("town_b"))
    assert front.captured[WORLD.index("town_b")]
    front.update(control_with(), changed("town_b"))
    assert not front.captured.any() and front.distance_km[WORLD.index("town_b")] == 0


# ---------------------------------------------------------------- the forced schedule
def test_schedule_puts_earlier_captures_on_the_first_day_and_drops_later_ones() -> None:
    t = WORLD.front_timeline
    forced = ForcedFront.schedule(t, dt.date(2019, 12, 8), dt.date(2019, 12, 11), 7, cause_id=3)
    b, a = WORLD.index("town_b"), WORLD.index("town_a")
    assert forced.captures == {7: [(b, Control.REGIME)], 9: [(a, Control.REGIME)]}
    assert (forced.first_day, forced.until_day) == (7, 10)
    assert forced.covers(7) and forced.covers(10) and not forced.covers(11)
    day = dt.date(2019, 12, 1)
    with pytest.raises(ValueError, match=r"front_timeline\.csv"):
        ForcedFront.schedule(FrontTimeline.empty(), day, day, 0, 0)


def test_apply_logs_each_capture_with_the_forcing_row_as_cause() -> None:
    log = EventLog()
    root = log.add(0, "scenario", "", "", "scenario:front_timeline")
    forced = ForcedFront.schedule(
        WORLD.front_timeline, dt.date(2019, 12, 1), dt.date(2019, 12, 31), 0, root
    )
    control = WORLD.control.astype(np.int64).copy()
    taken, moved = forced.apply(11, control, log, WORLD.place_ids)  # 12 Dec: the recapture
    b = WORLD.index("town_b")
    assert moved[b] and not taken[b] and control[b] == Control.OPPOSITION
    (row,) = log.rows[1:]
    assert row[2:6] == ("opposition", "syria", "", "capture") and row[10] == root


def test_every_event_type_has_a_handler() -> None:
    assert set(HANDLERS) == set(EVENT_TYPES.values())


# ---------------------------------------------------------------- the engine, end to end
def small_scenario(until: str = "2019-12-15"):
    return scenario_from_dict(
        {
            "name": "forced",
            "start": "2019-12-01",
            "end": "2019-12-31",
            "parameters": {"military.advance_rate_places_per_day": 5.0},
            "events": [
                {"id": "go", "type": "offensive", "side": "regime", "action": "resume",
                 "on": "2019-12-01"},
                {"id": "front", "type": "front_timeline", "on": "2019-12-01", "until": until},
            ],
        }
    )  # fmt: skip


def test_forced_period_takes_exactly_the_timeline_then_the_model_advances() -> None:
    r = simulate(small_scenario(), seed=4, replicate=0, scale=1, world=WORLD, posterior=None)
    ev = r.events
    root = int(ev.loc[ev.detail == "front", "id"].iloc[0])
    caps = ev[ev.action == "capture"]
    forced = caps[caps.date <= "2019-12-15"]
    rows = zip(forced.date.dt.strftime("%m-%d"), forced.detail, forced.actor, strict=True)
    assert list(rows) == [
        ("12-05", "town_b", "syria"),
        ("12-10", "town_a", "syria"),
        ("12-12", "town_b", "opposition"),
    ]
    assert (forced.cause_id == root).all()
    later = caps[caps.date > "2019-12-15"]
    # at 5 places a day the model's own advance resumes at once, from the first place of the
    # assumed order still held by the opposition (the retaken Town B)
    assert list(later.detail) == ["town_b", "town_c", "town_d"]
    assert later.date.min() <= pd.Timestamp("2019-12-18")
    assert (later.cause_id != root).all()


def test_people_are_told_the_front_every_day(monkeypatch) -> None:
    seen = []
    monkeypatch.setattr("flashpoint.model.step_day", lambda people, inputs, s: seen.append(inputs))
    model = FlashpointModel(small_scenario(), resolve({}), seed=1, scale=1, world=WORLD)
    for _ in range(6):
        model.step()
    day5 = seen[4]  # 5 December: Town B taken
    b = WORLD.index("town_b")
    assert day5.front_distance_km[b] == 0 and day5.front_captured[b]
    assert day5.front_approach_km_per_week[WORLD.index("town_c")] == 0  # from infinity
    assert seen[5].front_distance_km[b] > 0 and seen[5].front_distance_km.dtype == np.float32
