"""Acceptance: compare on common random numbers. The paired interval of the difference in
civilian deaths on 31 March (baseline vs ceasefire_march) is narrower than the unpaired one;
identical inputs give a difference of exactly zero; the tables do not depend on the engine."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.scenario import load_scenario
from flashpoint.sweeps import compare
from flashpoint.sweeps.compare import DIFFERENCE_COLUMNS, OUTCOME_COLUMNS
from flashpoint.sweeps.engine import load_posterior
from flashpoint.sweeps.inputs import apply_point, with_end

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
END = date(2020, 3, 31)


def cut(name: str):
    return with_end(load_scenario(SCENARIOS / f"{name}.yaml"), END)


@pytest.mark.slow
def test_paired_interval_is_narrower_than_unpaired():
    result = compare(
        [cut("baseline"), cut("ceasefire_march")],
        replicates=6,
        seed=11,
        scale=200,
        workers=2,
        posterior=load_posterior(),
    )
    d = result.differences
    assert list(d.columns) == DIFFERENCE_COLUMNS
    row = d[(d["metric"] == "civilian_deaths") & (d["date"] == pd.Timestamp(END))].iloc[0]
    paired = row.diff_high95 - row.diff_low95
    unpaired = row.unpaired_high95 - row.unpaired_low95
    assert 0 < paired < unpaired
    assert row.diff_low95 <= row.diff_mean <= row.diff_high95
    assert row.diff_mean == pytest.approx(row["mean"] - row.reference_mean)
    assert list(result.outcomes.columns) == OUTCOME_COLUMNS
    ceasefire = result.outcomes.set_index("outcome").loc["ceasefire_in_force"]
    assert ceasefire.share >= ceasefire.reference_share


def test_identical_inputs_give_exactly_zero():
    short = with_end(load_scenario(SCENARIOS / "baseline.yaml"), date(2020, 1, 10))
    result = compare([short, short], replicates=3, seed=5, scale=400, workers=1)
    d = result.differences
    assert (d["scenario"] == "baseline#2").all()
    cols = ["diff_mean", "diff_p05", "diff_p95", "diff_low95", "diff_high95"]
    assert (d[cols] == 0).all().all()
    assert (result.outcomes["difference"] == 0).all()
    # and scenarios that differ do differ (the check above can fail)
    other = apply_point(short, {"military.strike_rate_per_day": 60.0})
    apart = compare([short, other], replicates=3, seed=5, scale=400, workers=1).differences
    assert (apart.loc[apart["metric"] == "civilian_deaths", "diff_mean"] > 0).any()


def test_compare_command_writes_the_tables_and_prints_headlines(tmp_path):
    text = "name: {n}\nend: 2020-01-05\nevents:\n  - {{id: o, type: offensive, side: regime, "
    text += "action: {a}, on: 2019-12-01}}\n"
    for n, a in (("go", "resume"), ("stop", "halt")):
        (tmp_path / f"{n}.yaml").write_text(text.format(n=n, a=a))
    out = tmp_path / "out"
    args = ["compare", str(tmp_path / "go.yaml"), str(tmp_path / "stop.yaml"), "--out", str(out)]
    args += ["--replicates", "2", "--scale", "400", "--workers", "1", "--no-posterior"]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    assert "Paired differences from go" in res.output and "civilian_deaths" in res.output
    for name in ("bands.csv", "differences.csv", "outcome_differences.csv"):
        assert (out / name).is_file()
    bad = CliRunner().invoke(app, ["compare", str(tmp_path / "go.yaml"), "--out", str(out)])
    assert bad.exit_code == 2 and "at least two scenarios" in bad.output
