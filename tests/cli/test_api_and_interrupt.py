"""One behaviour in Python and on the command line; a run stopped with Ctrl-C leaves nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest
from typer.testing import CliRunner

from flashpoint import load_scenario, run_scenarios, simulate
from flashpoint.cli import app

ROOT = Path(__file__).resolve().parents[2]
SHORT = """\
name: short
end: 2020-01-10
replicates: 2
seed: 11
events:
  - id: offensive
    type: offensive
    side: regime
    action: resume
    on: 2019-12-01
"""


def test_python_api_and_cli_give_identical_daily_tables(tmp_path):
    path = tmp_path / "short.yaml"
    path.write_text(SHORT)
    args = ["run", str(path), "--out", str(tmp_path / "out"), "--scale", "1000", "--no-charts"]
    result = CliRunner().invoke(app, [*args, "--workers", "1"])
    assert result.exit_code == 0, result.output
    cli = pd.read_parquet(tmp_path / "out" / "short" / "daily.parquet")
    scenario = load_scenario(path)
    python = pd.concat(
        [r.daily for r in run_scenarios([scenario], scale=1000)["short"]], ignore_index=True
    )
    pd.testing.assert_frame_equal(cli, python, check_exact=True)
    one = simulate(scenario, replicate=1, scale=1000).daily
    pd.testing.assert_frame_equal(
        cli[cli["replicate"] == 1].reset_index(drop=True), one, check_exact=True
    )
    # and the registry defaults differ: the posterior is really in use by default
    defaults = simulate(scenario, replicate=1, scale=1000, posterior=None).daily
    assert not defaults.equals(one)


#: How long the command may take to start its runs on a busy machine.
STARTUP_TIMEOUT_S = 120


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.slow
def test_ctrl_c_leaves_no_partial_folder_no_temporary_folder_and_no_worker(tmp_path):
    out = tmp_path / "out"
    flashpoint = Path(sys.executable).with_name("flashpoint")
    command = [str(flashpoint), "run", str(ROOT / "scenarios" / "baseline.yaml")]
    command += ["--replicates", "40", "--scale", "200", "--workers", "2", "--out", str(out)]
    process = subprocess.Popen(
        [*command, "--no-charts"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    # Ctrl-C once the runs are under way: the worker processes exist (however loaded the machine)
    deadline = time.time() + STARTUP_TIMEOUT_S
    while not psutil.Process(process.pid).children() and time.time() < deadline:
        assert process.poll() is None, process.communicate()
        time.sleep(0.2)
    assert psutil.Process(process.pid).children(), "the runs never started"
    time.sleep(1)
    os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C sends
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert not out.exists() or list(out.iterdir()) == []
    deadline = time.time() + 10
    while group_alive(process.pid) and time.time() < deadline:
        time.sleep(0.2)
    assert not group_alive(process.pid), "worker processes were left running"


@pytest.mark.slow
def test_run_on_a_dask_cluster_gives_the_numbers_of_local_processes(tmp_path):
    from distributed import LocalCluster

    path = tmp_path / "short.yaml"
    path.write_text(SHORT)
    base = ["run", str(path), "--scale", "1000", "--no-charts", "--replicates", "3"]
    local = CliRunner().invoke(app, [*base, "--out", str(tmp_path / "local"), "--workers", "2"])
    assert local.exit_code == 0, local.output
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster:
        args = [*base, "--out", str(tmp_path / "dask"), "--scheduler", cluster.scheduler_address]
        remote = CliRunner().invoke(app, args)
    assert remote.exit_code == 0, remote.output
    for table in ("daily.parquet", "places.parquet", "flows.parquet"):
        a = pd.read_parquet(tmp_path / "local" / "short" / table)
        b = pd.read_parquet(tmp_path / "dask" / "short" / table)
        pd.testing.assert_frame_equal(a, b, check_exact=True)
