"""Acceptance: a sweep stopped half-way and resumed equals an uninterrupted one, and no run is
done twice (simulate calls counted); a failed run is recorded and the sweep goes on."""

from __future__ import annotations

import pandas as pd
import pytest
from sweep_helpers import comparable

from flashpoint.sweeps import engine, load_sweep, run_sweep
from flashpoint.sweeps.runner import SweepInterrupted, SweepOutputError


@pytest.fixture
def counted(monkeypatch):
    """Counts simulate calls (runs are in this process with workers=1)."""
    calls = []
    real = engine.simulate

    def counting(*args, **kwargs):
        calls.append(kwargs["replicate"])
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "simulate", counting)
    return calls


def test_stopped_then_resumed_equals_uninterrupted_and_runs_each_once(sweep_dir, counted):
    sweep = load_sweep(sweep_dir / "two.yaml")
    whole = run_sweep(sweep, sweep_dir / "whole")
    assert len(counted) == 12
    counted.clear()
    with pytest.raises(SweepInterrupted):
        run_sweep(sweep, sweep_dir / "cut", stop_after_runs=5)
    parts = list((sweep_dir / "cut" / "parts").glob("part-*.parquet"))
    assert parts and not (sweep_dir / "cut" / "results.parquet").exists()
    assert len(counted) == 5
    with pytest.raises(SweepOutputError):
        run_sweep(sweep, sweep_dir / "cut")  # without resume the folder is refused
    resumed = run_sweep(sweep, sweep_dir / "cut", resume=True)
    assert len(counted) == 12  # 5 before the stop, 7 after: none twice
    pd.testing.assert_frame_equal(comparable(whole), comparable(resumed), check_exact=True)
    assert not (sweep_dir / "cut" / "parts").exists()
    again = run_sweep(sweep, sweep_dir / "cut", resume=True)
    assert len(counted) == 12 and len(again) == 12


def test_a_failed_run_is_recorded_and_the_sweep_goes_on(sweep_dir, monkeypatch):
    real = engine.simulate

    def flaky(scenario, parameters, seed, *, replicate, **options):
        if replicate == 1 and scenario.parameters["military.strike_rate_per_day"] == 40:
            raise RuntimeError("boom")
        return real(scenario, parameters, seed, replicate=replicate, **options)

    monkeypatch.setattr(engine, "simulate", flaky)
    results = run_sweep(load_sweep(sweep_dir / "two.yaml"), sweep_dir / "out")
    failed = results[results["status"] == "failed"]
    assert len(results) == 12 and len(failed) == 2
    assert set(failed["replicate"]) == {1}
    assert failed["error"].str.contains("RuntimeError: boom").all()
    assert failed["outcome:deaths_10jan"].isna().all()
    monkeypatch.setattr(engine, "simulate", real)
    redone = run_sweep(load_sweep(sweep_dir / "two.yaml"), sweep_dir / "out", resume=True)
    assert (redone["status"] == "ok").all()
