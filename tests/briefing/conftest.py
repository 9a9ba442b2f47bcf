"""Briefing tests: one small seeded result set for the whole session, and spec helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
from briefing_helpers import REPLICATES, SCALE
from typer.testing import CliRunner

from flashpoint.cli import app

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ("baseline", "ceasefire_march")


@pytest.fixture(scope="session")
def result_dirs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two scenarios, 3 replicates at scale 100, written by the real ``flashpoint run``."""
    out = tmp_path_factory.mktemp("results")
    files = [str(ROOT / "scenarios" / f"{name}.yaml") for name in SCENARIOS]
    args = ["run", *files, "--replicates", str(REPLICATES), "--scale", str(SCALE)]
    result = CliRunner().invoke(app, [*args, "--out", str(out), "--no-charts"])
    assert result.exit_code == 0, result.output
    return [out / name for name in SCENARIOS]


@pytest.fixture(scope="session")
def runs(result_dirs: list[Path]) -> list:
    """The result set loaded."""
    from flashpoint.briefing.results import load_results

    return [load_results(d) for d in result_dirs]
