"""A catalogue of bad inputs across every command: each exits 2 with a message that names the
file, field or option, prints no traceback, and leaves nothing behind.

Each case runs in its own folder; the files it makes (its inputs) are listed before the command
runs, and nothing else may exist afterwards.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app

ROOT = Path(__file__).resolve().parents[2]
RUNNER = CliRunner()
BASELINE = ROOT / "scenarios" / "baseline.yaml"

GOOD = """\
name: short
end: 2019-12-10
replicates: 2
events:
  - id: offensive
    type: offensive
    side: regime
    action: resume
    on: 2019-12-01
"""


def scenario(folder: Path, text: str = GOOD, name: str = "s.yaml") -> str:
    path = folder / name
    path.write_text(text)
    return str(path)


def replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


def good(folder: Path) -> str:
    return scenario(folder)


def a_file(folder: Path, name: str = "plain.txt", data: bytes = b"not a folder\n") -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def sweep_file(folder: Path, *, inputs: str, outcomes: str, sampler: str = "lhs") -> str:
    text = f"""\
name: tiny
base: {BASELINE}
end: 2019-12-20
replicates: 2
scale: 1000
posterior: false
sampler: {sampler}
samples: 2
inputs:
{inputs}
outcomes:
{outcomes}
"""
    return scenario(folder, text, "sweep.yaml")


GOOD_INPUT = "  - {name: military.strike_rate_per_day, range: [20, 40]}"
GOOD_OUTCOME = "  - {name: deaths, kind: value, metric: civilian_deaths, date: 2019-12-20}"


@dataclass(frozen=True)
class Case:
    """A bad input: the command line built in a folder, and what the message must say."""

    id: str
    args: Callable[[Path], list[str]]
    expect: tuple[str, ...]


def run(*extra: str) -> Callable[[Path], list[str]]:
    return lambda f: ["run", good(f), "--out", str(f / "out"), "--no-charts", *extra]


def run_text(text: str) -> Callable[[Path], list[str]]:
    return lambda f: ["run", scenario(f, text), "--out", str(f / "out"), "--no-charts"]


CASES = [
    # --- run: the scenario file
    Case("run-missing-file", lambda f: ["run", str(f / "nope.yaml")], ("nope.yaml", "no such")),
    Case("run-folder", lambda f: ["run", str(f)], ("is a folder",)),
    Case("run-bad-yaml", run_text("name: [unclosed\n"), ("s.yaml",)),
    Case("run-unknown-key", run_text(GOOD + "colour: red\n"), ("colour",)),
    Case(
        "run-unknown-event-type",
        run_text(GOOD + "  - id: x\n    type: airstrike\n    on: 2019-12-05\n"),
        ("events[1].type", "airstrike"),
    ),
    Case(
        "run-unknown-parameter",
        run_text(GOOD + "parameters:\n  military.strike_rat_per_day: 3\n"),
        ("military.strike_rat_per_day", "did you mean"),
    ),
    Case(
        "run-parameter-out-of-range",
        run_text(GOOD + "parameters:\n  military.strike_rate_per_day: -3\n"),
        ("military.strike_rate_per_day",),
    ),
    Case(
        "run-bad-date",
        run_text(replace(GOOD, "end: 2019-12-10", "end: 2019-13-10")),
        ("end",),
    ),
    Case(
        "run-end-before-start",
        run_text(replace(GOOD, "end: 2019-12-10", "end: 2019-12-01")),
        ("end",),
    ),
    Case(
        "run-start-before-world",
        run_text(GOOD + "start: 2019-01-01\n"),
        ("start", "2019-12-01"),
    ),
    Case(
        "run-end-far-future",
        run_text(replace(GOOD, "end: 2019-12-10", "end: 2030-01-01")),
        ("end", "2021-12-31"),
    ),
    Case(
        "run-name-markup",
        run_text(replace(GOOD, "name: short", "name: '[/x]'")),
        ("[/x]", "[a-z0-9][a-z0-9_-]*"),
    ),
    Case(
        "run-name-too-long",
        run_text(replace(GOOD, "name: short", "name: " + "a" * 101)),
        ("name", "at most 100"),
    ),
    Case(
        "run-description-too-long",
        run_text(GOOD + "description: " + "x" * 5000 + "\n"),
        ("description", "at most 4,000"),
    ),
    Case(
        "run-replicates-zero-in-file",
        run_text(replace(GOOD, "replicates: 2", "replicates: 0")),
        ("replicates",),
    ),
    Case(
        "run-negative-seed-in-file",
        run_text(GOOD + "seed: -5\n"),
        ("seed",),
    ),
    Case(
        "run-duplicate-event-ids",
        run_text(
            GOOD + "  - id: offensive\n    type: offensive\n    side: regime\n"
            "    action: halt\n    on: 2019-12-05\n"
        ),
        ("offensive",),
    ),
    Case("run-missing-parent", run_text(GOOD + "extends: nowhere.yaml\n"), ("nowhere.yaml",)),
    Case(
        "run-not-utf8",
        lambda f: ["run", str(a_file(f, "s.yaml", "name: caf\xe9\n".encode("latin-1")))],
        ("not UTF-8",),
    ),
    Case(
        "run-binary",
        lambda f: ["run", str(a_file(f, "s.yaml", b"\x00\x01\x02\xff"))],
        ("s.yaml",),
    ),
    Case(
        "run-same-name-twice",
        lambda f: ["run", good(f), scenario(f, GOOD, "t.yaml"), "--out", str(f / "out")],
        ("several scenarios are named short",),
    ),
    Case(
        "run-every-mistake-at-once",
        run_text(GOOD + "colour: red\nparameters:\n  military.strike_rat_per_day: 3\n"),
        ("colour", "military.strike_rat_per_day"),
    ),
    Case(
        "run-condition-unknown-metric",
        run_text(
            GOOD + "  - id: c\n    type: offensive\n    side: regime\n    action: halt\n"
            "    when: {metric: happiness, op: '>', value: 1}\n"
        ),
        ("happiness",),
    ),
    Case(
        "run-compliance-above-one",
        run_text(
            GOOD + "  - id: c\n    type: ceasefire\n    parties: [turkey, russia]\n"
            "    compliance: 1.5\n    on: 2019-12-05\n"
        ),
        ("compliance", "from 0 to 1"),
    ),
    Case(
        "run-talks-one-party",
        run_text(
            GOOD + "  - id: t\n    type: talks\n    parties: [turkey]\n    level: call\n"
            "    on: 2019-12-05\n"
        ),
        ("parties",),
    ),
    Case(
        "run-yaml-python-tag",
        run_text(GOOD + "description: !!python/object/apply:os.system ['echo hi']\n"),
        ("s.yaml",),
    ),
    # --- run: options and paths
    Case("run-replicates-zero", run("--replicates", "0"), ("--replicates",)),
    Case("run-replicates-huge", run("--replicates", "1000000000"), ("--replicates", "100,000")),
    Case("run-scale-zero", run("--scale", "0"), ("--scale",)),
    Case("run-scale-huge", run("--scale", "1000000000000"), ("--scale", "no one simulated")),
    Case("run-seed-negative", run("--seed", "-1"), ("--seed",)),
    Case("run-workers-negative", run("--workers", "-1"), ("--workers",)),
    Case(
        "run-out-is-a-file",
        lambda f: ["run", good(f), "--out", str(a_file(f))],
        ("--out", "is a file"),
    ),
    Case(
        "run-out-under-a-file",
        lambda f: ["run", good(f), "--out", str(a_file(f) / "deeper")],
        ("--out", "is a file"),
    ),
    Case(
        "run-out-name-too-long",
        lambda f: ["run", good(f), "--out", str(f / ("x" * 300))],
        ("--out", "bytes"),
    ),
    Case(
        "run-posterior-missing",
        run("--posterior", "/nonexistent/post.parquet"),
        ("post.parquet", "not found"),
    ),
    Case(
        "run-posterior-and-none",
        run("--posterior", str(ROOT / "calibration" / "posterior.parquet"), "--no-posterior"),
        ("--posterior", "--no-posterior"),
    ),
    Case(
        "run-posterior-not-parquet",
        lambda f: ["run", good(f), "--out", str(f / "out"), "--posterior", str(a_file(f))],
        ("not a readable parquet",),
    ),
    Case(
        "run-markup-in-missing-path", lambda f: ["run", str(f / "[red]x[/].yaml")], ("[red]x[/]",)
    ),
    Case("run-no-arguments", lambda f: ["run"], ("Missing argument",)),
    Case("run-unknown-option", run("--colour", "red"), ("--colour",)),
    # --- validate
    Case(
        "validate-mixed-list",
        lambda f: ["validate", good(f), scenario(f, GOOD + "colour: red\n", "bad.yaml")],
        ("ok:", "bad.yaml", "colour"),
    ),
    Case("validate-folder", lambda f: ["validate", str(f)], ("is a folder",)),
    Case("validate-missing", lambda f: ["validate", str(f / "no.yaml")], ("no such",)),
    # --- extract
    Case("extract-missing", lambda f: ["extract", str(f / "no.txt")], ("no.txt", "no such")),
    Case(
        "extract-binary",
        lambda f: ["extract", str(a_file(f, "b.txt", b"\x00\x01abc"))],
        ("b.txt", "binary"),
    ),
    Case(
        "extract-not-utf8",
        lambda f: ["extract", str(a_file(f, "l.txt", "caf\xe9 1,000 killed".encode("latin-1")))],
        ("l.txt", "not UTF-8"),
    ),
    Case("extract-folder", lambda f: ["extract", str(f)], ("is a folder",)),
    Case(
        "extract-bad-date",
        lambda f: ["extract", str(a_file(f)), "--date", "2020-02-31"],
        ("--date",),
    ),
    Case(
        "extract-out-is-a-folder",
        lambda f: ["extract", str(a_file(f)), "--out", str(f)],
        ("--out", "is a folder"),
    ),
    Case(
        "extract-out-under-a-file",
        lambda f: ["extract", str(a_file(f)), "--out", str(a_file(f, "x") / "c.csv")],
        ("--out", "is a file"),
    ),
    # --- calibrate
    Case(
        "calibrate-figures-missing",
        lambda f: ["calibrate", "--figures", str(f / "no.yaml"), "--out", str(f / "o")],
        ("figures file not found",),
    ),
    Case(
        "calibrate-figures-not-utf8",
        lambda f: [
            "calibrate",
            "--figures",
            str(a_file(f, "fig.yaml", "- id: caf\xe9\n".encode("latin-1"))),
            "--out",
            str(f / "o"),
        ],
        ("fig.yaml", "not UTF-8"),
    ),
    Case(
        "calibrate-figures-not-a-list",
        lambda f: [
            "calibrate",
            "--figures",
            str(a_file(f, "fig.yaml", b"a: 1\n")),
            "--out",
            str(f / "o"),
        ],
        ("fig.yaml", "list"),
    ),
    Case(
        "calibrate-priors-missing",
        lambda f: ["calibrate", "--priors", str(f / "no.yaml"), "--out", str(f / "o")],
        ("priors file not found",),
    ),
    Case(
        "calibrate-priors-bad-yaml",
        lambda f: [
            "calibrate",
            "--priors",
            str(a_file(f, "p.yaml", b"a: [\n")),
            "--out",
            str(f / "o"),
        ],
        ("p.yaml", "YAML"),
    ),
    Case(
        "calibrate-until-bad",
        lambda f: ["calibrate", "--until", "2020-02-30", "--out", str(f / "o")],
        ("--until",),
    ),
    Case(
        "calibrate-until-too-early",
        lambda f: ["calibrate", "--until", "2019-11-30", "--out", str(f / "o")],
        ("--until", "must lie from"),
    ),
    Case(
        "calibrate-budget-tiny",
        lambda f: ["calibrate", "--budget", "10", "--out", str(f / "o")],
        ("--budget", "cannot complete one generation"),
    ),
    Case(
        "calibrate-budget-just-short",
        lambda f: ["calibrate", "--budget", "800", "--out", str(f / "o")],
        ("--budget", "875", "--population"),
    ),
    Case(
        "calibrate-out-is-a-file",
        lambda f: ["calibrate", "--out", str(a_file(f))],
        ("--out", "is a file"),
    ),
    Case(
        "calibrate-resume-nothing",
        lambda f: ["calibrate", "--resume", "--out", str(f / "o")],
        ("nothing to resume",),
    ),
    Case(
        "calibrate-population-tiny",
        lambda f: ["calibrate", "--population", "1", "--out", str(f / "o")],
        ("--population",),
    ),
    Case(
        "calibrate-scenario-folder",
        lambda f: ["calibrate", "--scenario", str(f), "--out", str(f / "o")],
        ("--scenario", "is a folder"),
    ),
    # --- forecast
    Case(
        "forecast-scenarios-missing",
        lambda f: ["forecast", "--scenarios", str(f / "none"), "--out", str(f / "f.csv")],
        ("--scenarios", "no such folder"),
    ),
    Case(
        "forecast-out-is-a-folder",
        lambda f: ["forecast", "--out", str(f)],
        ("--out", "is a folder"),
    ),
    Case(
        "forecast-out-under-a-file",
        lambda f: ["forecast", "--out", str(a_file(f) / "f.csv")],
        ("--out", "is a file"),
    ),
    Case(
        "forecast-out-not-csv",
        lambda f: ["forecast", "--out", str(f / "f.txt")],
        ("--out", ".csv"),
    ),
    Case(
        "forecast-replicates-one",
        lambda f: ["forecast", "--replicates", "1", "--out", str(f / "f.csv")],
        ("--replicates",),
    ),
    Case(
        "forecast-scale-huge",
        lambda f: ["forecast", "--scale", "99999", "--out", str(f / "f.csv")],
        ("--scale",),
    ),
    Case(
        "forecast-posterior-missing",
        lambda f: ["forecast", "--posterior", str(f / "p.parquet"), "--out", str(f / "f.csv")],
        ("p.parquet", "not found"),
    ),
    # --- brief
    Case(
        "brief-missing-folder",
        lambda f: ["brief", str(f / "nothing"), "--out", str(f / "b")],
        ("nothing",),
    ),
    Case(
        "brief-folder-without-daily",
        lambda f: ["brief", str(f), "--out", str(f / "b")],
        ("daily.parquet",),
    ),
    Case("brief-a-file", lambda f: ["brief", str(a_file(f)), "--out", str(f / "b")], ("plain",)),
    # --- sweep
    Case(
        "sweep-unknown-parameter",
        lambda f: [
            "sweep",
            sweep_file(f, inputs="  - {name: military.nope, range: [1, 2]}", outcomes=GOOD_OUTCOME),
            "--out",
            str(f / "o"),
        ],
        ("military.nope",),
    ),
    Case(
        "sweep-low-above-high",
        lambda f: [
            "sweep",
            sweep_file(f, inputs=GOOD_INPUT.replace("[20, 40]", "[40, 20]"), outcomes=GOOD_OUTCOME),
            "--out",
            str(f / "o"),
        ],
        ("range",),
    ),
    Case(
        "sweep-unknown-sampler",
        lambda f: [
            "sweep",
            sweep_file(f, inputs=GOOD_INPUT, outcomes=GOOD_OUTCOME, sampler="magic"),
            "--out",
            str(f / "o"),
        ],
        ("sampler", "magic"),
    ),
    Case(
        "sweep-unknown-metric",
        lambda f: [
            "sweep",
            sweep_file(
                f, inputs=GOOD_INPUT, outcomes=GOOD_OUTCOME.replace("civilian_deaths", "joy")
            ),
            "--out",
            str(f / "o"),
        ],
        ("joy",),
    ),
    Case("sweep-missing-file", lambda f: ["sweep", str(f / "no.yaml")], ("no.yaml",)),
    Case(
        "sweep-out-is-a-file",
        lambda f: [
            "sweep",
            sweep_file(f, inputs=GOOD_INPUT, outcomes=GOOD_OUTCOME),
            "--out",
            str(a_file(f)),
        ],
        ("--out", "is a file"),
    ),
    # --- compare
    Case("compare-one-scenario", lambda f: ["compare", good(f)], ("at least two",)),
    Case(
        "compare-missing-scenario",
        lambda f: ["compare", good(f), str(f / "no.yaml"), "--out", str(f / "o")],
        ("no.yaml", "no such"),
    ),
    Case(
        "compare-replicates-one",
        lambda f: [
            "compare",
            good(f),
            scenario(f, GOOD.replace("short", "other"), "t.yaml"),
            "--replicates",
            "1",
            "--out",
            str(f / "o"),
        ],
        ("--replicates",),
    ),
    Case(
        "compare-out-is-a-file",
        lambda f: [
            "compare",
            good(f),
            scenario(f, GOOD.replace("short", "other"), "t.yaml"),
            "--out",
            str(a_file(f)),
        ],
        ("--out", "is a file"),
    ),
    # --- parameters and the top level
    Case("unknown-command", lambda f: ["explode"], ("explode",)),
]


def test_the_catalogue_covers_every_command_with_at_least_80_inputs():
    commands = {case.id.split("-")[0] for case in CASES}
    assert len(CASES) >= 80
    assert {"run", "validate", "extract", "calibrate", "forecast", "brief", "sweep", "compare"} <= (
        commands
    )


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_exits_2_with_a_clear_message_and_leaves_nothing(case, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    folder = tmp_path / "case"
    folder.mkdir()
    args = case.args(folder)
    before = listing(folder)
    result = RUNNER.invoke(app, args)
    text = " ".join(result.output.split())
    assert result.exit_code == 2, f"{args}: exit {result.exit_code}\n{result.output}"
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), repr(result.exception)
    for fragment in case.expect:
        assert fragment in text, f"{fragment!r} not in: {result.output}"
    assert listing(folder) == before, "something was left behind"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere: permissions not testable")
def test_an_unwritable_out_folder_is_refused(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = RUNNER.invoke(app, ["run", good(tmp_path), "--out", str(locked / "o")])
        assert result.exit_code == 2 and "permission denied" in result.output
    finally:
        locked.chmod(0o755)
        shutil.rmtree(locked)
