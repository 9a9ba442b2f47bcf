"""Acceptance: the shipped sweep files validate, and the smallest (ceasefire timing) runs end to
end from the command line at a reduced size."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.parameters import registry
from flashpoint.sweeps import load_sweep
from flashpoint.sweeps.samplers import draw
from flashpoint.sweeps.spec import sweep_errors

SWEEPS = Path(__file__).resolve().parents[2] / "scenarios" / "sweeps"
SHIPPED = sorted(SWEEPS.glob("*.yaml"))


def test_three_or_more_sweeps_are_shipped():
    names = {p.stem for p in SHIPPED}
    assert {"ceasefire_timing", "greek_enforcement", "morris_screening", "sobol_global"} <= names


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_sweep_validates(path):
    assert sweep_errors(path) == []


def test_morris_screening_covers_every_behavioural_parameter():
    sweep = load_sweep(SWEEPS / "morris_screening.yaml")
    floats = {n for n, p in registry().items() if p.kind == "float" and p.minimum < p.maximum}
    assert set(sweep.input_names) == floats
    assert len(draw(sweep)) == 10 * (len(floats) + 1)


def test_sobol_global_has_the_calibrated_parameters_and_n_256():
    calibrated = yaml.safe_load((SWEEPS.parents[1] / "calibration" / "priors.yaml").read_text())
    sweep = load_sweep(SWEEPS / "sobol_global.yaml")
    assert {p["name"] for p in calibrated["parameters"]} <= set(sweep.input_names)
    assert sweep.spec.samples >= 256


@pytest.mark.slow
def test_ceasefire_timing_runs_end_to_end_at_a_reduced_size(tmp_path):
    data = yaml.safe_load((SWEEPS / "ceasefire_timing.yaml").read_text())
    data["base"] = str(SWEEPS / data["base"])
    for o in data["outcomes"]:
        if "reference" in o:
            o["reference"] = str(SWEEPS / o["reference"])
    data.update(replicates=1, scale=400)
    data["inputs"][0]["levels"] = 2
    data["inputs"][1]["values"] = [0.6, 0.95]
    small = tmp_path / "small.yaml"
    small.write_text(yaml.safe_dump(data, sort_keys=False))
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["sweep", str(small), "--out", str(out), "--workers", "2"])
    assert res.exit_code == 0, res.output
    results = pd.read_parquet(out / "results.parquet")
    assert len(results) == 4 and (results["status"] == "ok").all(), results["error"].tolist()
    dates = set(results["input:events.ceasefire_6mar.on"].dt.strftime("%Y-%m-%d"))
    assert dates == {"2020-03-06", "2020-04-03"}
    assert results["outcome:deaths_saved_vs_baseline_30apr"].notna().all()
    assert set(results["outcome:clash"]) <= {0.0, 1.0}
    assert (out / "discovery.csv").is_file() and (out / "discovery.txt").is_file()
