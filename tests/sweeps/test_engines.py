"""Acceptance: a 2-input sweep with 3 replicates gives the same table with 1 worker, 2 workers
and an existing Dask cluster."""

from __future__ import annotations

import pandas as pd
import pytest
from sweep_helpers import comparable

from flashpoint.sweeps import load_sweep, run_sweep
from flashpoint.sweeps.engine import load_posterior


def run(sweep_dir, name: str, **engine) -> pd.DataFrame:
    sweep = load_sweep(sweep_dir / "two.yaml")
    return run_sweep(sweep, sweep_dir / name, posterior=load_posterior(), **engine)


def test_one_and_two_workers_give_the_same_table(sweep_dir):
    one = run(sweep_dir, "one", workers=1)
    two = run(sweep_dir, "two", workers=2)
    assert len(one) == 4 * 3 and (one["status"] == "ok").all()
    pd.testing.assert_frame_equal(comparable(one), comparable(two), check_exact=True)
    assert one["worker"].nunique() == 1 and two["worker"].nunique() == 2
    # the points differ (strike rate 10 vs 40), so equality above is not vacuous
    assert one.groupby("point")["outcome:deaths_10jan"].mean().nunique() == 4
    # replicate r of every point shares its streams: same replicate, same posterior draw
    assert set(one["replicate"]) == {0, 1, 2}


@pytest.mark.slow
def test_a_dask_cluster_gives_the_same_table(sweep_dir):
    from distributed import LocalCluster

    local = run(sweep_dir, "local", workers=1)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster:
        dask = run(sweep_dir, "dask", scheduler=cluster.scheduler_address)
    pd.testing.assert_frame_equal(comparable(local), comparable(dask), check_exact=True)
