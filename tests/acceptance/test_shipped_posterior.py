"""The shipped posterior against the calibration's acceptance checks on the history scenario.

Replicate r of ``scenarios/history.yaml`` runs with ``posterior.draw(seed, r)``, as every run
with the posterior does: 40 replicates at scale 10 (ten persons per simulated entry). Each check
is its own test. A check the shipped posterior misses since the model changed is an expected
failure, strict (it fails the suite if it starts passing), with the reason "refit in the
calibration issue". The same checks at full scale are for calibration/REPORT.md, not CI
(marker ``fullscale``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from flashpoint.calibration.predictive import predictive
from flashpoint.calibration.report import acceptance_rows
from flashpoint.runs.posterior import load_posterior
from flashpoint.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
REFIT = (
    "refit in the calibration issue: the shipped posterior was fitted before history.yaml "
    "forced the front's documented timeline and the January 2020 ceasefire (issue 10, item 3) "
    "and before the retaliation fix; with them the median on 18 Feb is about 797,000 "
    "(40 replicates, scale 10)"
)
#: The checks, in the order of ``acceptance_rows``, with the ones now missed marked.
CHECKS = [
    pytest.param(
        0, id="displaced_18feb_at_least_875k", marks=pytest.mark.xfail(strict=True, reason=REFIT)
    ),
    pytest.param(1, id="displaced_28feb_about_one_million"),
    pytest.param(2, id="turkish_deaths_to_28feb_in_band"),
    pytest.param(3, id="february_incidents_of_the_documented_order"),
]


def predictive_runs(scale: int) -> pd.DataFrame:
    scenario = load_scenario(ROOT / "scenarios" / "history.yaml")
    return predictive(scenario, load_posterior(), [], replicates=40, scale=scale, cap=10.0)


@pytest.fixture(scope="module")
def checks_at_scale_10() -> list[tuple[str, str, bool]]:
    return acceptance_rows(predictive_runs(10))


@pytest.mark.parametrize("index", CHECKS)
def test_shipped_posterior_check_at_scale_10(checks_at_scale_10, index):
    name, value, ok = checks_at_scale_10[index]
    assert ok, f"{name}: model {value}"


@pytest.mark.fullscale
def test_shipped_posterior_checks_at_full_scale():
    rows = acceptance_rows(predictive_runs(1))
    failed = {name: value for name, value, ok in rows if not ok}
    assert set(failed) == {rows[0][0]}, failed
