"""Shared set-up of the ABC tests: a short scenario, two priors and two figures made by the
model at known parameters, and a helper that calls the calibrate command."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import typer
import yaml
from typer.testing import CliRunner

from flashpoint.calibration.pipeline import WORK_DIR_NAME
from flashpoint.cli.calibrate import calibrate
from flashpoint.runs.simulate import simulate
from flashpoint.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
FLIGHT = "displacement.front_flight_rate_per_day"
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
    runs = [
        simulate(s, TRUTH, 99, replicate=r, scale=SCALE, posterior=None).daily for r in range(6)
    ]
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
