"""Acceptance: a bad sweep file exits 2 with a located message (file, line, YAML path, what is
allowed) and writes nothing."""

from __future__ import annotations

import pytest
from sweep_helpers import TWO_INPUTS
from typer.testing import CliRunner

from flashpoint.cli import app

RUNNER = CliRunner()

BAD = [
    (
        "unknown parameter",
        ("military.strike_rate_per_day", "military.strike_rates"),
        ":8: inputs[0].name: unknown parameter 'military.strike_rates': did you mean "
        "military.strike_rate_per_day",
    ),
    (
        "low above high",
        ("range: [10, 40]", "range: [40, 10]"),
        ":9: inputs[0].range: low 40 must be below high 10",
    ),
    (
        "range outside the registry",
        ("range: [10, 40]", "range: [10, 900]"),
        ":9: inputs[0].range[1]: parameter 'military.strike_rate_per_day' must lie from 0.0 "
        "to 500.0",
    ),
    (
        "unknown sampler",
        ("sampler: grid", "sampler: halton"),
        ":6: sampler: 'halton' is not allowed; allowed: grid, lhs, sobol, morris",
    ),
    (
        "outcome on an unknown metric",
        ("metric: civilian_deaths,", "metric: civilian_death,"),
        ":14: outcomes[0].metric: unknown metric 'civilian_death': did you mean civilian_deaths?; "
        "allowed: displaced_total,",
    ),
    (
        "unknown event id",
        ("events.truce.compliance", "events.truse.compliance"),
        ":11: inputs[1].name: no event with id 'truse' in scenario 'short_base'; "
        "allowed: offensive, truce",
    ),
    (
        "event field that cannot be swept",
        ("events.truce.compliance", "events.truce.parties"),
        ":11: inputs[1].name: event 'truce' (ceasefire) has no field 'parties' a sweep can set; "
        "allowed: on, compliance, days",
    ),
    (
        "event value out of range",
        ("values: [0.5, 0.9]", "values: [0.5, 1.5]"),
        ":12: inputs[1].values[1]: 1.5 is out of range: must be from 0 to 1",
    ),
    (
        "unknown key",
        ("replicates: 3", "replicate: 3"),
        ":3: replicate: unknown key 'replicate'; allowed: name, description, base,",
    ),
    ("bad YAML", ("levels: 2", "levels: [2"), ": levels: [2"),
    (
        "outcome date outside the period",
        ("date: 2020-01-10", "date: 2020-03-10"),
        ":14: outcomes[0].date: 2020-03-10 is outside the period of 'short_base'",
    ),
]


@pytest.mark.parametrize(("what", "edit", "expect"), BAD, ids=[b[0] for b in BAD])
def test_bad_sweep_file_exits_2_and_writes_nothing(sweep_dir, what, edit, expect):
    old, new = edit
    assert old in TWO_INPUTS
    path = sweep_dir / "bad.yaml"
    path.write_text(TWO_INPUTS.replace(old, new, 1))
    out = sweep_dir / "out"
    res = RUNNER.invoke(app, ["sweep", str(path), "--out", str(out), "--workers", "1"])
    assert res.exit_code == 2, res.output
    if what == "bad YAML":
        assert res.output.startswith(f"error: {path}:") and "YAML syntax error" in res.output
    else:
        assert res.output.startswith(f"error: {path}{expect}"), res.output
    assert "Traceback" not in res.output
    assert not out.exists()


def test_the_good_file_passes_the_same_checks(sweep_dir):
    from flashpoint.sweeps.spec import sweep_errors

    assert sweep_errors(sweep_dir / "two.yaml") == []


def test_an_output_folder_of_another_sweep_is_refused(sweep_dir):
    out = sweep_dir / "out"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    args = ["sweep", str(sweep_dir / "two.yaml"), "--out", str(out), "--resume"]
    res = RUNNER.invoke(app, args)
    assert res.exit_code == 2 and "holds no sweep to resume" in res.output
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
