"""The calibrate command: smoke on the real figures, resume without redoing generations, bad input
(exit 2), and the choice of the posterior generation. The slow ABC checks (recovery, workers,
resume equals uninterrupted) are in tests/acceptance/test_abc_acceptance.py."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from abc_setup import ROOT, app, cli, read_generations, runner, write_setup
from flashpoint.runs.posterior import load_posterior


@pytest.fixture(scope="module")
def setup_files(tmp_path_factory) -> dict[str, Path]:
    return write_setup(tmp_path_factory.mktemp("recovery"))


def test_resume_continues_without_redoing_finished_generations(setup_files, tmp_path):
    first = cli(setup_files, tmp_path, "--budget", "75")
    assert first.exit_code == 0, first.output
    before = read_generations(tmp_path)
    assert before["t"].max() >= 0
    second = cli(setup_files, tmp_path, "--budget", "150", "--resume")
    assert second.exit_code == 0, second.output
    after = read_generations(tmp_path)
    assert after["t"].max() > before["t"].max()
    kept = after[after["t"] <= before["t"].max()].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, before.reset_index(drop=True))
    assert f"generation {before['t'].max() + 1}:" in second.output
    assert "generation 0:" not in second.output
    assert (tmp_path / "posterior.parquet").is_file() and (tmp_path / "REPORT.md").is_file()
    # a checkpoint made at another scale does not resume
    changed = cli(setup_files, tmp_path, "--budget", "400", "--resume", "--scale", "1000")
    assert changed.exit_code == 2 and "different scale" in changed.output


def test_smoke_on_the_real_figures_and_history(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = runner.invoke(
        app,
        [
            "calibrate",
            "--budget", "45",
            "--population", "12",
            "--scale", "5000",
            "--workers", "1",
            "--check-draws", "2",
            "--check-scale", "5000",
            "--report-draws", "3",
            "--out", str(tmp_path),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = (tmp_path / "REPORT.md").read_text()
    for fid in ("displaced_over_875k", "civilians_299_since_jan1", "syrian_309_neutralized"):
        assert f"`{fid}`" in report
    assert "uncalibrated" in report and "check (party_claim)" in report
    assert "`talks_ankara_8feb` (2020-02-08): forced on its date by the scenario" in report
    assert "`m5_captured_feb` (2020-02-14): fitted through `m5_taken_by_27feb`" in report
    assert len(load_posterior(tmp_path / "posterior.parquet")) == 12


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--figures", "no/such/figures.yaml"], "figures file not found"),
        (["--until", "2020-02-30"], "--until takes a date"),
        (["--until", "2019-11-30"], "must lie from"),
        (["--priors", "no/such/priors.yaml"], "priors file not found"),
        (["--resume"], "nothing to resume"),
        (["--budget", "10"], "cannot complete one generation"),
        (["--budget", "800"], "needs at least 875 simulations (or --population 228"),
    ],
)
def test_bad_input_exits_2(tmp_path, monkeypatch, extra, message):
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["calibrate", "--out", str(tmp_path), *extra])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())


def test_posterior_is_the_last_generation_with_a_healthy_effective_sample_size():
    from flashpoint.calibration.abc import Generation, posterior_generation

    def gen(t: int, ess: float) -> Generation:
        return Generation(t, 1.0, 100, 200, 200 * (t + 1), 0.5, ess, 1.0)

    assert posterior_generation([gen(0, 100), gen(1, 60), gen(2, 25)], 100) == 2
    assert posterior_generation([gen(0, 100), gen(1, 60), gen(2, 3)], 100) == 1
    assert posterior_generation([gen(0, 5)], 100) == 0
