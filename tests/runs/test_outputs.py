"""Writing a scenario's results, the outcome shares and the one summary of replicates."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from flashpoint.crisis.event_log import COLUMNS
from flashpoint.crisis.ladder import load_ladder
from flashpoint.metrics import METRIC_NAMES
from flashpoint.runs import outputs
from flashpoint.runs.outputs import FORMAT_VERSION, outcome_shares, write_scenario
from flashpoint.runs.simulate import RunResult
from flashpoint.runs.summary import bands, column_quantiles, wilson_interval
from flashpoint.scenario import scenario_from_dict

LADDER = load_ladder()
SUSTAINED = LADDER.rung("sustained_combat")
DATES = pd.date_range("2020-01-01", periods=3)
FILES = {
    "daily.parquet",
    "summary.csv",
    "outcomes.csv",
    "places.parquet",
    "flows.parquet",
    "returns.parquet",
    "events.csv",
    "manifest.json",
}


def scenario(name: str = "unit"):
    return scenario_from_dict({"name": name, "start": "2020-01-01", "end": "2020-01-03"})


def daily(last_ts_rungs: list[int], name: str = "unit") -> pd.DataFrame:
    """A daily table of one replicate per entry, Turkey-Syria at the given rung on the last day."""
    rows = []
    for rep, rung in enumerate(last_ts_rungs):
        for i, day in enumerate(DATES):
            row = {"scenario": name, "replicate": rep, "date": day}
            row.update({m: float(rep + i) for m in METRIC_NAMES})
            for m in (
                "clash_occurred_turkey_russia",
                "ceasefire_active",
                "border_open_turkey_greece",
            ):
                row[m] = 0.0
            row["escalation_turkey_syria"] = float(rung if i == len(DATES) - 1 else SUSTAINED)
            rows.append(row)
    return pd.DataFrame(rows)


def result(rep: int, name: str = "unit", rung: int = SUSTAINED) -> RunResult:
    d = daily([rung], name).assign(replicate=rep)
    key = {"scenario": name, "replicate": rep, "date": DATES[0]}
    return RunResult(
        daily=d,
        places=pd.DataFrame([{**key, "place": "town_a", "people": 10}]),
        flows=pd.DataFrame([{**key, "origin": "town_a", "destination": "camp", "people": 3}]),
        events=pd.DataFrame([{**key, **{c: 0 for c in COLUMNS}}]),
        conservation_gap=0,
    )


# ------------------------------------------------------------------ write_scenario
def test_write_scenario_writes_every_file_with_a_format_version(tmp_path):
    folder, replaced = write_scenario(tmp_path, scenario(), [result(0), result(1)], {"seed": 4})
    assert not replaced
    assert folder == tmp_path / "unit"
    assert {p.name for p in folder.iterdir()} == FILES
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["seed"] == 4 and manifest["scenario"]["name"] == "unit"
    assert manifest["conservation_gap_entries"] == [0, 0]
    written = pd.read_parquet(folder / "daily.parquet")
    assert len(written) == 2 * len(DATES) and set(written["replicate"]) == {0, 1}
    assert list(pd.read_csv(folder / "outcomes.csv")["replicates"]) == [2] * 4
    assert [p.name for p in tmp_path.iterdir()] == ["unit"], "no temporary folder left"


def test_write_scenario_replaces_an_earlier_result(tmp_path):
    _, replaced = write_scenario(
        tmp_path, scenario(), [result(0), result(1), result(2)], {"run": "first"}
    )
    assert not replaced
    (tmp_path / "unit" / "stray.txt").write_text("from an older layout")
    folder, replaced = write_scenario(tmp_path, scenario(), [result(0)], {"run": "second"})
    assert replaced
    assert {p.name for p in folder.iterdir()} == FILES, "nothing of the old folder remains"
    assert json.loads((folder / "manifest.json").read_text())["run"] == "second"
    assert len(pd.read_parquet(folder / "daily.parquet")) == len(DATES)
    assert [p.name for p in tmp_path.iterdir()] == ["unit"]


def test_a_failure_mid_write_leaves_no_folder_and_no_temporary(tmp_path, monkeypatch):
    def broken(_daily):
        raise RuntimeError("disk full")

    monkeypatch.setattr(outputs, "outcome_shares", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        write_scenario(tmp_path, scenario(), [result(0)], {})
    assert list(tmp_path.iterdir()) == []


def test_a_failure_mid_write_keeps_the_earlier_result(tmp_path, monkeypatch):
    write_scenario(tmp_path, scenario(), [result(0)], {"run": "first"})
    monkeypatch.setattr(outputs, "outcome_shares", lambda _d: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        write_scenario(tmp_path, scenario(), [result(0)], {"run": "second"})
    assert [p.name for p in tmp_path.iterdir()] == ["unit"]
    manifest = json.loads((tmp_path / "unit" / "manifest.json").read_text())
    assert manifest["run"] == "first"


# ------------------------------------------------------------------ outcome shares
def test_sustained_combat_counts_at_that_rung_and_above_not_below():
    rungs = [SUSTAINED, SUSTAINED + 1, SUSTAINED - 1, SUSTAINED - 1]
    shares = outcome_shares(daily(rungs)).set_index("outcome")
    row = shares.loc["turkey_syria_sustained_combat_at_end"]
    assert row["replicates"] == 4 and row["share"] == 0.5
    assert (row["low95"], row["high95"]) == pytest.approx(wilson_interval(2, 4))
    assert shares.loc["clash_turkey_russia", "share"] == 0.0


def test_only_the_last_day_counts():
    d = daily([SUSTAINED - 1, SUSTAINED - 1])  # at sustained combat before the last day
    shares = outcome_shares(d).set_index("outcome")
    assert shares.loc["turkey_syria_sustained_combat_at_end", "share"] == 0.0


def test_the_rung_comes_from_the_ladder_not_a_typed_number():
    outcome = outputs.outcomes()["turkey_syria_sustained_combat_at_end"]
    assert outcome.at_least == LADDER.rung("sustained_combat") == SUSTAINED
    assert outcome.metric == "escalation_turkey_syria"


# ------------------------------------------------------------------ summary
@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (0, 10, 0.0, 0.2775),
        (1, 10, 0.0179, 0.4042),
        (5, 10, 0.2366, 0.7634),
        (10, 10, 0.7225, 1.0),
        (81, 263, 0.2553, 0.3662),  # Newcombe (1998), Stat Med 17:857, method 3
        (0, 0, 0.0, 1.0),
    ],
)
def test_wilson_interval_known_values(k, n, low, high):
    assert wilson_interval(k, n) == pytest.approx((low, high), abs=1e-4)


def test_wilson_interval_check_can_fail():
    # the plain Wald interval for 1/10 reaches below zero: told apart from Wilson's
    wald = (0.1 - 1.96 * np.sqrt(0.09 / 10), 0.1 + 1.96 * np.sqrt(0.09 / 10))
    assert wilson_interval(1, 10) != pytest.approx(wald, abs=1e-3)


def test_bands_quantiles_on_a_hand_made_table():
    table = pd.DataFrame(
        {
            "scenario": "s",
            "replicate": [0, 1, 2, 3, 4] * 2,
            "date": [DATES[0]] * 5 + [DATES[1]] * 5,
            "b": [1.0, 2.0, 3.0, 4.0, 5.0, 10, 10, 10, 10, 10],
            "a": [5.0, 4.0, 3.0, 2.0, 1.0, 0, 0, 0, 0, 100],
        }
    )
    out = bands(table, metrics=["b", "a"], with_count=True)
    assert list(out.columns) == [
        "scenario",
        "date",
        "metric",
        "mean",
        "p05",
        "p25",
        "p50",
        "p75",
        "p95",
        "replicates",
    ]
    assert list(out["metric"]) == ["b", "a", "b", "a"], "date order, then the metrics' order"
    first = out.iloc[0]
    assert (first["mean"], first["p05"], first["p25"], first["p50"], first["p75"]) == (
        3.0,
        pytest.approx(1.2),
        2.0,
        3.0,
        4.0,
    )
    assert first["p95"] == pytest.approx(4.8) and first["replicates"] == 5
    skewed = out.iloc[3]
    assert (skewed["mean"], skewed["p50"], skewed["p95"]) == (20.0, 0.0, pytest.approx(80.0))


def test_column_quantiles_ignore_missing_values():
    assert column_quantiles(pd.Series([1.0, np.nan, 3.0]), [0.5]) == (2.0,)
    assert np.isnan(column_quantiles(np.array([np.nan]), [0.5, 0.9])).all()
