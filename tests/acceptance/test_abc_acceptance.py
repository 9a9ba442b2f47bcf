"""ABC-SMC acceptance: known parameters are recovered from model-made figures, and the posterior
does not depend on the number of workers or on an interruption."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from abc_setup import FLIGHT, SCALE, TRUTH, cli, write_setup
from flashpoint.calibration.pipeline import run_calibration
from flashpoint.runs.posterior import load_posterior


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
