"""The whole model on the small world: reproducible, common random numbers, causes, golden run."""

from __future__ import annotations

import json
import pickle
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from flashpoint.metrics import METRIC_NAMES
from flashpoint.runs.replicates import replicate_tasks, run_tasks
from flashpoint.runs.simulate import simulate
from flashpoint.scenario import scenario_from_dict
from flashpoint.world.world import load_world
from small_world import write_small_world

WORLD = load_world(write_small_world(Path(tempfile.mkdtemp(prefix="flashpoint-world-"))))
GOLDEN = Path(__file__).parent / "golden" / "small_run.json"

BASE_EVENTS = [
    {
        "id": "offensive",
        "type": "offensive",
        "side": "regime",
        "action": "resume",
        "on": "2019-12-01",
    },
    {
        "id": "strike_tr",
        "type": "strike",
        "by": "syria",
        "target": "turkey",
        "size": 12,
        "on": "2019-12-20",
    },
    {
        "id": "open",
        "type": "border_policy",
        "border": "turkey_greece",
        "state": "open",
        "on": "2020-01-05",
    },
]


def scenario(name="small", events=(), **kw):
    data = {
        "name": name,
        "start": "2019-12-01",
        "end": "2020-01-31",
        "seed": 11,
        "replicates": 2,
        "events": [*BASE_EVENTS, *events],
        **kw,
    }
    return scenario_from_dict(data)


def run(s, seed=5, replicate=0):
    return simulate(s, seed=seed, replicate=replicate, scale=1, world=WORLD, posterior=None)


def test_daily_table_has_every_metric_and_one_row_per_day():
    r = run(scenario())
    assert list(r.daily.columns) == ["scenario", "replicate", "date", *METRIC_NAMES]
    assert len(r.daily) == 62
    assert r.daily["date"].iloc[0] == pd.Timestamp("2019-12-01")
    assert r.conservation_gap == 0
    cumulative = [
        "displaced_total",
        "civilian_deaths",
        "crossed_to_greece",
        "turkish_military_deaths",
        "prevented_crossings",
        "returned_home",
    ]
    assert (r.daily[cumulative].diff().dropna() >= 0).all().all()
    assert (r.daily["displacement_movements"] >= r.daily["displaced_total"]).all()


def test_same_seed_same_numbers_and_results_pickle():
    a, b = run(scenario()), run(scenario())
    pd.testing.assert_frame_equal(a.daily, b.daily)
    pd.testing.assert_frame_equal(a.events, b.events)
    c = pickle.loads(pickle.dumps(a))
    pd.testing.assert_frame_equal(a.places, c.places)
    assert not a.daily.equals(run(scenario(), seed=6).daily)


def test_scenarios_differing_from_day_d_share_every_row_before_d():
    ceasefire = {
        "id": "cf",
        "type": "ceasefire",
        "parties": ["turkey", "russia", "syria"],
        "compliance": 0.9,
        "on": "2020-01-10",
    }
    a, b = run(scenario()), run(scenario(events=[ceasefire]))
    before = a.daily["date"] < pd.Timestamp("2020-01-10")
    pd.testing.assert_frame_equal(a.daily[before], b.daily[before])
    assert not a.daily[~before].equals(b.daily[~before])
    assert b.daily.loc[~before, "ceasefire_active"].iloc[0] == 1


def test_every_rung_change_points_to_an_earlier_row():
    ev = run(scenario()).events
    changes = ev[(ev.rung_before != ev.rung_after) & (ev.action != "initial_rung")]
    assert len(changes) > 0
    assert (changes.cause_id >= 0).all()
    assert (changes.cause_id < changes.id).all()
    forced = ev[ev.detail == "strike_tr"]
    assert len(forced) == 1
    hit = ev[(ev.action == "strike") & (ev.casualties == 12)]
    assert hit.cause_id.iloc[0] == forced.id.iloc[0]


def test_condition_events_fire_on_the_model_state():
    cond = {
        "id": "cf_when",
        "type": "ceasefire",
        "parties": ["turkey", "syria"],
        "when": {"metric": "turkish_military_deaths", "op": ">=", "value": 12},
    }
    ev = run(scenario(events=[cond])).events
    fired = ev[ev.detail == "cf_when"]
    assert len(fired) == 1 and fired.date.iloc[0] == pd.Timestamp("2019-12-21")


def test_one_and_two_workers_give_identical_results():
    s = scenario()
    tasks = replicate_tasks(s, replicates=2, seed=5, scale=50, world=WORLD)
    one = [r.daily for r in run_tasks(tasks, workers=1)]
    two = [r.daily for r in run_tasks(tasks, workers=2)]
    for a, b in zip(one, two, strict=True):
        pd.testing.assert_frame_equal(a, b)


def golden_numbers() -> dict:
    r = run(scenario(), seed=2020)
    last = r.daily.iloc[-1]
    return {m: float(last[m]) for m in METRIC_NAMES} | {
        "events_rows": len(r.events),
        "flows_people": int(r.flows.people.sum()),
        "places_checksum": int((r.places.people * np.arange(1, len(r.places) + 1) % 9973).sum()),
    }


def test_golden_run():
    """A small seeded run must not drift silently.

    After an intended change of the model, regenerate with
    ``PYTHONPATH=tests uv run python -c "import test_model as t; t.write_golden()"``.
    """
    expected = json.loads(GOLDEN.read_text())
    assert golden_numbers() == pytest.approx(expected, rel=1e-12, abs=1e-9)


def write_golden() -> None:
    GOLDEN.write_text(json.dumps(golden_numbers(), indent=2, sort_keys=True) + "\n")
