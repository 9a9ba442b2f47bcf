"""Issue 4's acceptance on the shipped scenarios, over 200 replicates at a reduced scale.

The political and military outcomes hardly depend on the population's scale, so these runs use
``scale=500`` (one entry per 500 persons) to stay fast; the full-scale check is marked slow.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from flashpoint.runs.replicates import replicate_tasks, run_tasks
from flashpoint.scenario import load_scenario

N, SCALE = 200, 500


def runs(name: str, n: int = N, scale: int = SCALE):
    s = load_scenario(f"scenarios/{name}.yaml")
    return list(run_tasks(replicate_tasks(s, replicates=n, scale=scale), workers=2))


def value(rs, metric: str, date: str) -> np.ndarray:
    return np.array([r.daily.set_index("date").loc[date, metric] for r in rs])


@pytest.fixture(scope="module")
def results():
    return {name: runs(name) for name in ("baseline", "escalation", "ceasefire_march")}


def test_ladder_climbs_through_february(results):
    b = results["baseline"]
    early, late = (
        value(b, "escalation_score", "2020-02-01"),
        value(b, "escalation_score", "2020-02-29"),
    )
    assert late.mean() > early.mean()
    assert stats.ttest_rel(late, early, alternative="greater").pvalue < 0.01
    ts = value(b, "escalation_turkey_syria", "2020-02-29")
    assert np.median(ts) >= 4  # Turkey and Syria at "limited direct strikes" or above


def test_turkey_retaliates_after_the_27_february_strike(results):
    hit = []
    for r in results["baseline"]:
        ev = r.events
        window = (ev.date >= pd.Timestamp("2020-02-27")) & (ev.date <= pd.Timestamp("2020-03-02"))
        hit.append(((ev.action == "retaliation") & window).any())
    assert np.mean(hit) >= 0.95


def test_no_direct_clash_by_29_february_in_most_replicates(results):
    clash = value(results["baseline"], "clash_occurred_turkey_russia", "2020-02-29")
    assert clash.mean() <= 0.20


def test_escalation_at_least_doubles_the_share_with_a_clash(results):
    """Shares of replicates with a Turkey-Russia clash by 30 June: escalation's must be at
    least twice baseline's, and greater by a one-sided Fisher exact test at p < 0.01."""
    b = value(results["baseline"], "clash_occurred_turkey_russia", "2020-06-30")
    e = value(results["escalation"], "clash_occurred_turkey_russia", "2020-06-30")
    assert e.mean() >= 2 * b.mean()
    table = [[int(e.sum()), N - int(e.sum())], [int(b.sum()), N - int(b.sum())]]
    assert stats.fisher_exact(table, alternative="greater").pvalue < 0.01


def test_ceasefire_lowers_civilian_deaths_on_the_same_streams(results):
    """Paired by replicate (common random numbers): deaths from 6 to 31 March."""

    def march(rs):
        return value(rs, "civilian_deaths", "2020-03-31") - value(
            rs, "civilian_deaths", "2020-03-05"
        )

    diff = march(results["ceasefire_march"]) - march(results["baseline"])
    half = 1.96 * diff.std(ddof=1) / np.sqrt(len(diff))
    assert diff.mean() + half < 0


def test_the_ceasefire_breaks_down_in_some_but_not_all_replicates(results):
    c = results["ceasefire_march"]
    assert all((r.events.action == "scenario:ceasefire").sum() == 1 for r in c)
    # Since issue 10 the actors may agree a new ceasefire after one broke down, so "not in force
    # on 30 June" no longer means "broke down"; count the breakdowns themselves.
    broken = value(c, "ceasefire_breakdowns", "2020-06-30") >= 1
    assert 0.05 <= broken.mean() <= 0.95


@pytest.mark.slow
def test_clash_shares_hold_at_scale_10():
    b = runs("baseline", 200, 10)
    e = runs("escalation", 200, 10)
    cb = value(b, "clash_occurred_turkey_russia", "2020-06-30").mean()
    ce = value(e, "clash_occurred_turkey_russia", "2020-06-30").mean()
    assert ce >= 2 * cb
