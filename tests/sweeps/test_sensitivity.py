"""Acceptance: the sensitivity pipeline, from the tables a sweep writes to sensitivity.csv,
recovers the known Sobol indices of the Ishigami function within their intervals; Morris ranks
its inputs; discovery finds a planted box."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from SALib.test_functions import Ishigami

from flashpoint.sweeps import analyze_sweep
from flashpoint.sweeps.samplers import unit_problem
from flashpoint.sweeps.sensitivity import SENSITIVITY_COLUMNS

NAMES = ["x1", "x2", "x3"]
# Analytic indices of Ishigami with a = 7, b = 0.1 (Saltelli et al. 2008, Global Sensitivity
# Analysis: The Primer, section 4.9)
S1 = [0.3139, 0.4424, 0.0]
ST = [0.5576, 0.4424, 0.2437]


def write_sweep(out: Path, sampler: str, unit: np.ndarray, y: np.ndarray, reps: int = 1) -> None:
    """The files a finished sweep leaves: sweep.json, points.parquet, results.parquet."""
    out.mkdir(parents=True, exist_ok=True)
    spec = {
        "sampler": sampler,
        "morris_levels": 4,
        "inputs": [{"name": n} for n in NAMES],
        "outcomes": [{"name": "y", "kind": "value"}],
        "discovery": None,
    }
    (out / "sweep.json").write_text(json.dumps({"spec": spec, "seed": 7}))
    points = pd.DataFrame({"point": range(len(unit))})
    for j, n in enumerate(NAMES):
        points[f"unit:{n}"] = unit[:, j]
    points.to_parquet(out / "points.parquet")
    rows = pd.DataFrame(
        {
            "point": np.repeat(np.arange(len(unit)), reps),
            "replicate": np.tile(np.arange(reps), len(unit)),
            "outcome:y": np.repeat(y, reps) + np.tile(np.arange(reps) - (reps - 1) / 2, len(unit)),
            "status": "ok",
        }
    )
    rows.to_parquet(out / "results.parquet")


def test_sobol_recovers_the_ishigami_indices_within_their_intervals(tmp_path):
    from SALib.sample import sobol

    unit = sobol.sample(unit_problem(NAMES), 4096, calc_second_order=False, seed=7)
    y = Ishigami.evaluate(-np.pi + 2 * np.pi * unit)
    # two replicates per point, offset by -0.5 and +0.5: their mean is the function again
    write_sweep(tmp_path, "sobol", unit, y, reps=2)
    report = analyze_sweep(tmp_path)
    table = pd.read_csv(tmp_path / "sensitivity.csv")
    assert list(table.columns) == SENSITIVITY_COLUMNS
    assert report["notes"] == []
    for j, name in enumerate(NAMES):
        row = table[table["input"] == name].iloc[0]
        assert abs(row.S1 - S1[j]) <= row.S1_conf, (name, row.S1, row.S1_conf)
        assert abs(row.ST - ST[j]) <= row.ST_conf, (name, row.ST, row.ST_conf)
        assert row.S1_conf < 0.05 and row.ST_conf < 0.05  # intervals narrow enough to matter


def test_the_check_fails_on_a_wrong_function(tmp_path):
    from SALib.sample import sobol

    unit = sobol.sample(unit_problem(NAMES), 4096, calc_second_order=False, seed=7)
    y = Ishigami.evaluate(-np.pi + 2 * np.pi * unit[:, [1, 0, 2]])  # x1 and x2 swapped
    write_sweep(tmp_path, "sobol", unit, y)
    table = analyze_sweep(tmp_path)["sensitivity"]
    row = table[table["input"] == "x1"].iloc[0]
    assert abs(row.S1 - S1[0]) > row.S1_conf


def test_morris_ranks_ishigami_inputs(tmp_path):
    from SALib.sample import morris

    unit = morris.sample(unit_problem(NAMES), 200, num_levels=4, seed=7)
    y = Ishigami.evaluate(-np.pi + 2 * np.pi * unit)
    write_sweep(tmp_path, "morris", unit, y)
    table = analyze_sweep(tmp_path)["sensitivity"].set_index("input")
    assert table["method"].eq("morris").all()
    # x1 and x2 have large elementary effects, x3 only through its interaction with x1
    assert table.loc["x3", "mu_star"] < table.loc["x1", "mu_star"]
    assert (table["mu_star_conf"] > 0).all() and table[["S1", "ST"]].isna().all().all()


def test_discovery_finds_a_planted_box():
    from flashpoint.sweeps.sensitivity import discover

    rng = np.random.default_rng(3)
    x = rng.random((2000, 3))
    happens = (x[:, 0] > 0.6) & (x[:, 2] < 0.3)
    runs = pd.DataFrame({f"input:{n}": x[:, j] for j, n in enumerate(NAMES)})
    runs["outcome:clash"] = happens.astype(float)
    boxes = discover(runs, NAMES, "clash")
    top = boxes.iloc[0]
    assert top.density == pytest.approx(1.0) and top.coverage > 0.95
    assert re.search(r"x1 > 0\.(59|60)", top.rule) and re.search(r"x3 <= 0\.(29|30)", top.rule)
