"""ABC-SMC end to end: recovery of known parameters from model-made figures, the calibrate
command (smoke on the real figures, resume without redoing generations), and bad input (exit 2).

Runs use the shipped world at a very coarse scale and a short scenario to stay fast.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import typer
import yaml
from typer.testing import CliRunner

from flashpoint.runs.posterior import load_posterior
from flashpoint.cli.calibrate import WORK_DIR_NAME, calibrate, run_calibration
from flashpoint.scenario import load_scenario
from flashpoint.runs.simulate import simulate

ROOT = Path(__file__).resolve().parents[2]
FLIGHT = "displacement.flight_rate_per_day_at_full_intensity"
LETHALITY = "military.civilian_deaths_per_strike"
TRUTH = {FLIGHT: 0.06, LETHALITY: 0.5}
SCALE = 2000

app = typer.Typer()
app.command("calibrate")(calibrate)
app.command("noop")(lambda: None)  # keeps typer in multi-command mode: `calibrate` is named
runner = CliRunner()


def write_setup(folder: Path) -> dict[str, Path]:
    """A short scenario, two priors and two figures made by the model at TRUTH."""
    folder.mkdir(parents=True, exist_ok=True)
    scenario = folder / "short.yaml"
    scenario.write_text(
        yaml.safe_dump(
            {
                "name": "short",
                "start": "2019-12-01",
                "end": "2019-12-25",
                "seed": 3,
                "replicates": 2,
                "events": [
                    {
                        "id": "offensive",
                        "type": "offensive",
                        "side": "regime",
                        "action": "resume",
                        "on": "2019-12-01",
                    }
                ],
            }
        )
    )
    s = load_scenario(scenario)
    runs = [simulate(s, TRUTH, 99, replicate=r, scale=SCALE).daily for r in range(6)]
    day = pd.Timestamp("2019-12-20")
    displaced = np.mean([d.loc[d["date"] == day, "displaced_total"].iloc[0] for d in runs])
    deaths = np.mean([d["civilian_deaths"].iloc[-1] for d in runs])
    common = {
        "source_file": "synthetic.txt",
        "outlet": "the model at known parameters",
        "article_date": dt.date(2019, 12, 26),
        "quote": "made by the model",
        "reliability": "independent_count",
        "use": "fit",
        "note": "synthetic figure for the recovery test",
    }

    def about(id: str, metric: str, value: float, date: dt.date, **extra) -> dict:
        """A model-made figure, read as the interval value +/- 8%."""
        interval = {"low": float(value * 0.92), "high": float(value * 1.08)}
        head = {"id": id, "metric": metric, "value": float(value), "kind": "about"}
        return {**head, **interval, "date": date, **extra, **common}

    figures = folder / "figures.yaml"
    figures.write_text(
        yaml.safe_dump(
            [
                about("displaced_20dec", "displaced_total", displaced, dt.date(2019, 12, 20)),
                about(
                    "civilians_to_25dec",
                    "civilian_deaths",
                    deaths,
                    dt.date(2019, 12, 25),
                    window_start=dt.date(2019, 12, 1),
                ),
            ]
        )
    )
    priors = folder / "priors.yaml"
    reason = "recovery test: known value, figures made by the model"
    priors.write_text(
        yaml.safe_dump(
            {
                "parameters": [
                    {
                        "name": FLIGHT,
                        "prior": "log_uniform",
                        "low": 0.01,
                        "high": 0.3,
                        "reason": reason,
                    },
                    {
                        "name": LETHALITY,
                        "prior": "log_uniform",
                        "low": 0.1,
                        "high": 2.0,
                        "reason": reason,
                    },
                ]
            }
        )
    )
    return {"scenario": scenario, "figures": figures, "priors": priors}


@pytest.fixture(scope="module")
def setup_files(tmp_path_factory) -> dict[str, Path]:
    return write_setup(tmp_path_factory.mktemp("recovery"))


def test_known_parameters_are_recovered_inside_the_90_percent_intervals(setup_files, tmp_path):
    outcome = run_calibration(
        figures_path=setup_files["figures"],
        priors_path=setup_files["priors"],
        scenario_path=setup_files["scenario"],
        until=dt.date(2019, 12, 25),
        budget=1000,
        population=40,
        scale=SCALE,
        workers=1,
        seed=1,
        out_dir=tmp_path,
        resume=False,
        check_scale=SCALE,
        check_draws=2,
        report_draws=4,
        ship=False,
        echo=lambda _line: None,
    )
    assert outcome.generations >= 3
    post = load_posterior(outcome.posterior_path)
    for name, true in TRUTH.items():
        lo, hi = post.quantile(name, [0.05, 0.95])
        assert lo <= true <= hi, f"{name}: {true} outside [{lo:.3g}, {hi:.3g}]"
    # and the figures taught something: the flight rate's 90% interval narrowed from the prior
    lo, hi = post.quantile(FLIGHT, [0.05, 0.95])
    assert np.log10(hi / lo) < 0.6 * 0.9 * np.log10(0.3 / 0.01)
    report = outcome.report_path.read_text()
    assert "displaced_20dec" in report and "Width ratio" in report


def read_generations(out: Path) -> pd.DataFrame:
    import pyabc

    history = pyabc.History(f"sqlite:///{out / WORK_DIR_NAME / 'abc.db'}")
    return history.get_all_populations()[["t", "population_end_time", "samples", "epsilon"]]


def cli(setup_files, out: Path, *extra: str):
    args = [
        "calibrate",
        "--figures", str(setup_files["figures"]),
        "--priors", str(setup_files["priors"]),
        "--scenario", str(setup_files["scenario"]),
        "--until", "2019-12-25",
        "--scale", str(SCALE),
        "--population", "20",
        "--workers", "1",
        "--check-draws", "2",
        "--report-draws", "3",
        "--check-scale", str(SCALE),
        "--out", str(out),
        *extra,
    ]  # fmt: skip
    return runner.invoke(app, args)


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
        (["--budget", "10"], "below three populations"),
    ],
)
def test_bad_input_exits_2(tmp_path, monkeypatch, extra, message):
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["calibrate", "--out", str(tmp_path), *extra])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())


def test_one_worker_resumed_run_equals_uninterrupted_run(setup_files, tmp_path):
    whole, parts = tmp_path / "whole", tmp_path / "parts"
    assert cli(setup_files, whole, "--budget", "150").exit_code == 0
    assert cli(setup_files, parts, "--budget", "75").exit_code == 0
    assert cli(setup_files, parts, "--budget", "150", "--resume").exit_code == 0
    a = load_posterior(whole / "posterior.parquet").frame()
    b = load_posterior(parts / "posterior.parquet").frame()
    pd.testing.assert_frame_equal(a, b)


def test_two_workers_give_the_same_posterior_as_one(setup_files, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert cli(setup_files, one, "--budget", "100").exit_code == 0
    result = cli(setup_files, two, "--budget", "100", "--workers", "2")
    assert result.exit_code == 0, result.output
    a = load_posterior(one / "posterior.parquet").frame()
    b = load_posterior(two / "posterior.parquet").frame()
    pd.testing.assert_frame_equal(a, b)


def test_posterior_is_the_last_generation_with_a_healthy_effective_sample_size():
    from flashpoint.calibration.abc import Generation, posterior_generation

    def gen(t: int, ess: float) -> Generation:
        return Generation(t, 1.0, 100, 200, 200 * (t + 1), 0.5, ess, 1.0)

    assert posterior_generation([gen(0, 100), gen(1, 60), gen(2, 25)], 100) == 2
    assert posterior_generation([gen(0, 100), gen(1, 60), gen(2, 3)], 100) == 1
    assert posterior_generation([gen(0, 5)], 100) == 0
