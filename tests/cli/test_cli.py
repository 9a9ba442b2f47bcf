"""The command line: runs write their files; bad input exits 2 with a located message and
writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.metrics import METRIC_NAMES, METRICS

ROOT = Path(__file__).resolve().parents[2]
RUNNER = CliRunner()

SHORT = """\
name: short
end: 2019-12-20
replicates: 2
events:
  - id: offensive
    type: offensive
    side: regime
    action: resume
    on: 2019-12-01
"""


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_run_writes_the_three_files_and_the_extras(tmp_path):
    scen = write(tmp_path, SHORT)
    out = tmp_path / "out"
    res = RUNNER.invoke(
        app,
        ["run", str(scen), "--out", str(out), "--scale", "100", "--workers", "1", "--no-charts"],
    )
    assert res.exit_code == 0, res.output
    folder = out / "short"
    daily = pd.read_parquet(folder / "daily.parquet")
    assert list(daily.columns) == ["scenario", "replicate", "date", *METRIC_NAMES]
    assert len(daily) == 2 * 20
    summary = pd.read_csv(folder / "summary.csv")
    assert list(summary.columns) == [
        "scenario",
        "date",
        "metric",
        "median",
        "p05",
        "p25",
        "p75",
        "p95",
        "mean",
    ]
    assert set(summary.metric) == set(METRIC_NAMES)
    median = summary["median"]
    assert (summary.p05 <= median).all() and (median <= summary.p95).all()
    counts = [m.name for m in METRICS if m.unit in ("persons", "deaths", "rung", "0/1")]
    assert all(pd.api.types.is_integer_dtype(daily[c]) for c in counts)
    events = pd.read_csv(folder / "events.csv")
    assert {"rung_before_name", "rung_after_name"} <= set(events.columns)
    assert not (events[["rung_before", "rung_after", "cause_id"]] == -1).any().any()
    changes = events.dropna(subset=["rung_after"])
    assert changes["rung_after_name"].notna().all()
    assert oct(folder.stat().st_mode & 0o777) == "0o755"
    assert "Headline numbers" in res.output and "open:" in res.output
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["seed"] == 20191201 and manifest["replicates"] == 2
    assert manifest["scale"] == 100
    assert str(scen.resolve()) in manifest["input_files"]
    assert manifest["parameters"]["military.strike_rate_per_day"] > 0
    outcomes = pd.read_csv(folder / "outcomes.csv")
    assert "clash_turkey_russia" in set(outcomes.outcome)
    assert ((outcomes.share >= outcomes.low95) & (outcomes.share <= outcomes.high95)).all()
    for extra in ("places.parquet", "flows.parquet", "events.csv"):
        assert (folder / extra).is_file()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(
    ("body", "expect"),
    [
        (
            "  - id: x\n    type: airstrike\n    on: 2019-12-05\n",
            ["s.yaml:11", "events[1].type", "unknown event type 'airstrike'", "allowed"],
        ),
        (
            "parameters:\n  military.strike_rat_per_day: 3\n",
            ["s.yaml:11", "military.strike_rat_per_day", "did you mean"],
        ),
        (
            "  - id: x\n    type: ceasefire\n    parties: [turkey, russia]\n"
            "    compliance: 1.5\n    on: 2019-12-05\n",
            ["s.yaml:13", "events[1].compliance", "from 0 to 1"],
        ),
    ],
)
def test_bad_scenarios_exit_2_and_write_nothing(tmp_path, body, expect):
    scen = write(tmp_path, SHORT + body)
    out = tmp_path / "out"
    res = RUNNER.invoke(app, ["run", str(scen), "--out", str(out)])
    assert res.exit_code == 2
    for fragment in expect:
        assert fragment in res.output, res.output
    assert "Traceback" not in res.output
    assert not out.exists()


def test_missing_file_and_validate(tmp_path):
    res = RUNNER.invoke(app, ["run", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and "no such scenario file" in res.output
    ok = RUNNER.invoke(app, ["validate", *map(str, sorted((ROOT / "scenarios").glob("*.yaml")))])
    assert ok.exit_code == 0, ok.output
    assert ok.output.count("ok:") == len(list((ROOT / "scenarios").glob("*.yaml")))


def test_parameters_lists_the_registry():
    res = RUNNER.invoke(app, ["parameters"])
    assert res.exit_code == 0 and "military.strike_rate_per_day" in res.output


def test_run_with_a_posterior_records_its_hash_and_uses_its_draws(tmp_path):
    post = tmp_path / "post.parquet"
    pd.DataFrame({"military.strike_rate_per_day": [0.0, 0.0], "weight": [0.5, 0.5]}).to_parquet(
        post
    )
    scen = write(tmp_path, SHORT)
    out = tmp_path / "out"
    res = RUNNER.invoke(
        app,
        [
            "run",
            "--no-charts",
            str(scen),
            "--out",
            str(out),
            "--scale",
            "200",
            "--workers",
            "1",
            "--posterior",
            str(post),
        ],
    )
    assert res.exit_code == 0, res.output
    manifest = json.loads((out / "short" / "manifest.json").read_text())
    assert len(manifest["posterior"]["sha256"]) == 64
    daily = pd.read_parquet(out / "short" / "daily.parquet")
    assert (daily.civilian_deaths == 0).all()  # no strikes in the draw


def test_bad_posterior_options_exit_2(tmp_path):
    scen = write(tmp_path, SHORT)
    out = tmp_path / "out"
    res = RUNNER.invoke(
        app, ["run", str(scen), "--out", str(out), "--posterior", str(tmp_path / "missing.parquet")]
    )
    assert res.exit_code == 2 and "not found" in res.output
    res = RUNNER.invoke(
        app,
        [
            "run",
            "--no-charts",
            str(scen),
            "--out",
            str(out),
            "--posterior",
            str(tmp_path / "x.parquet"),
            "--no-posterior",
        ],
    )
    assert res.exit_code == 2
    assert not out.exists()


def test_run_uses_the_shipped_posterior_by_default_and_no_posterior_the_defaults(tmp_path):
    from flashpoint.runs.posterior import load_posterior

    scen = write(tmp_path, SHORT)
    base = [
        "run",
        str(scen),
        "--scale",
        "500",
        "--workers",
        "1",
        "--replicates",
        "2",
        "--no-charts",
    ]
    res = RUNNER.invoke(app, [*base, "--out", str(tmp_path / "post")])
    assert res.exit_code == 0, res.output
    manifest = json.loads((tmp_path / "post" / "short" / "manifest.json").read_text())
    assert manifest["posterior"]["sha256"] == load_posterior().sha256
    res = RUNNER.invoke(app, [*base, "--out", str(tmp_path / "none"), "--no-posterior"])
    assert res.exit_code == 0, res.output
    manifest = json.loads((tmp_path / "none" / "short" / "manifest.json").read_text())
    assert manifest["posterior"] is None
