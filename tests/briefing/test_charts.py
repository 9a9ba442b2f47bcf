"""Chart specifications on a seeded run: fields, titles, units, bands, source line, the map."""

from __future__ import annotations

import pandas as pd
import pytest
from briefing_helpers import REPLICATES, SCALE, mark_type, marks, subtitle_text, view_data

from flashpoint.briefing.charts_compare import (
    calibration_fit_chart,
    difference_chart,
    outcomes_chart,
    paired_differences,
)
from flashpoint.briefing.charts_map import map_chart
from flashpoint.briefing.charts_sweep import sweep_chart, sweep_heatmap, sweep_long, tornado_chart
from flashpoint.briefing.charts_time import fan_chart, greek_border_chart, ladder_chart, load_ladder

GREEK_PLACES = {"pazarkule_kastanies", "ipsala_kipoi", "lesbos", "chios", "samos", "greek_mainland"}


def source_ok(spec: dict) -> None:
    text = subtitle_text(spec)
    assert f"Source: Flashpoint model, {REPLICATES} replicates, scale {SCALE}, seed" in text


def test_fan_chart_has_two_bands_a_median_units_and_source(runs):
    spec = fan_chart(runs, "displaced_total").to_dict()
    views = marks(spec)
    areas = [v for v in views if mark_type(v) == "area"]
    lines = [v for v in views if mark_type(v) == "line"]
    assert len(areas) == 2 and len(lines) == 1
    assert {(a["encoding"]["y"]["field"], a["encoding"]["y2"]["field"]) for a in areas} == {
        ("p05", "p95"),
        ("p25", "p75"),
    }
    assert lines[0]["encoding"]["y"]["field"] == "p50"
    assert lines[0]["encoding"]["y"]["title"].endswith("(persons)")
    assert lines[0]["encoding"]["x"] == {
        **lines[0]["encoding"]["x"],
        "field": "date",
        "type": "temporal",
    }
    assert lines[0]["encoding"]["color"]["field"] == "scenario"
    assert spec["title"]["text"]
    source_ok(spec)
    rows = view_data(spec, lines[0]) or view_data(spec, spec)
    assert {r["scenario"] for r in rows} == {"baseline", "ceasefire_march"}
    assert all(r["p05"] <= r["p25"] <= r["p50"] <= r["p75"] <= r["p95"] for r in rows)


def test_greek_border_chart_bands_per_panel(runs):
    spec = greek_border_chart(runs[0]).to_dict()
    areas = [v for v in marks(spec) if mark_type(v) == "area"]
    assert len(areas) == 4  # two bands in each of two panels
    titles = {v["encoding"]["y"]["title"] for v in areas}
    assert all(t.endswith("(persons)") for t in titles)
    source_ok(spec)


def test_ladder_uses_the_rung_names_and_shares(runs):
    ladder = load_ladder()
    spec = ladder_chart(runs[0], ladder).to_dict()
    rects = [v for v in marks(spec) if mark_type(v) == "rect"]
    assert len(rects) == len(ladder.dyads)
    y = rects[0]["encoding"]["y"]
    assert y["field"] == "rung_name" and set(y["scale"]["domain"]) == set(ladder.rung_names)
    assert "war with alliance involvement" in y["scale"]["domain"]
    assert rects[0]["encoding"]["color"]["field"] == "share"
    source_ok(spec)


def test_outcomes_chart_shows_intervals(runs):
    spec = outcomes_chart(runs).to_dict()
    rule = next(v for v in marks(spec) if mark_type(v) == "rule")
    assert (rule["encoding"]["x"]["field"], rule["encoding"]["x2"]["field"]) == ("low95", "high95")
    assert "(%)" in rule["encoding"]["x"]["title"]
    source_ok(spec)


def test_map_draws_outlines_and_flows_toward_greece(runs):
    spec = map_chart(runs[0]).to_dict()
    views = marks(spec)
    shapes = [v for v in views if mark_type(v) == "geoshape" and v.get("data", {}).get("values")]
    countries = {f["properties"]["name"] for s in shapes for f in s["data"]["values"]}
    assert {"Greece", "Turkey", "Syria"} <= countries
    flows = [v for v in views if mark_type(v) == "rule" and "latitude2" in v["encoding"]]
    destinations = {r["destination"] for v in flows for r in view_data(spec, v)}
    assert destinations & GREEK_PLACES, destinations
    assert all(len(view_data(spec, v)) <= 15 for v in flows)
    source_ok(spec)


def test_paired_differences_are_zero_against_itself_and_signed(runs):
    a, b = runs[0].daily, runs[1].daily
    dates = ["2020-03-31", "2020-06-30"]
    same = paired_differences(a, a, ["displaced_total"], dates)
    assert (same[["median", "low", "high"]] == 0).all().all()
    table = paired_differences(a, b, ["displaced_total", "civilian_deaths"], dates)
    assert set(table.columns) >= {"metric", "date", "scenario", "median", "low", "high"}
    assert (table["low"] <= table["median"]).all() and (table["median"] <= table["high"]).all()
    assert table["scenario"].iloc[0] == "ceasefire_march − baseline"
    spec = difference_chart(table, runs).to_dict()
    assert any(mark_type(v) == "rule" and v["encoding"].get("x2") for v in marks(spec))
    source_ok(spec)


def test_paired_differences_need_common_replicates(runs):
    other = runs[1].daily.assign(replicate=runs[1].daily["replicate"] + 100)
    with pytest.raises(ValueError, match="pair"):
        paired_differences(runs[0].daily, other, ["displaced_total"], ["2020-03-31"])


def test_calibration_fit_chart_from_a_fit_table():
    fit = pd.DataFrame(
        {
            "figure_id": ["displaced_over_875k", "turkish_33_killed"],
            "metric": ["displaced_total", "turkish_military_deaths"],
            "window": ["2019-12-01..2020-02-17", "2020-02-27"],
            "kind": ["at_least", "point"],
            "value": [875000, 33],
            "low": [None, None],
            "high": [None, None],
            "p05": [700000, 20],
            "p50": [900000, 33],
            "p95": [1100000, 45],
        }
    )
    spec = calibration_fit_chart(fit, "fixture fit.csv").to_dict()
    bars = [v for v in marks(spec) if mark_type(v) == "bar"]
    assert {(b["encoding"]["x"]["field"], b["encoding"]["x2"]["field"]) for b in bars} == {
        ("p05", "p95")
    }
    assert any(b["encoding"]["x"]["title"].endswith("(deaths)") for b in bars)
    assert "fixture fit.csv" in subtitle_text(spec)


def test_sweep_and_tornado_from_the_sweep_schema():
    results = pd.DataFrame(
        {
            "point": [0, 0, 1, 1, 2, 2],
            "replicate": [0, 1, 0, 1, 0, 1],
            "input:strike_rate": [1.0, 1.0, 2.0, 2.0, 3.0, 3.0],
            "input:compliance": [0.5, 0.5, 0.7, 0.7, 0.9, 0.9],
            "outcome:displaced": [10.0, 12.0, 20.0, 22.0, 30.0, 35.0],
            "status": ["ok", "ok", "ok", "ok", "ok", "failed"],
        }
    )
    long = sweep_long(results)
    assert set(long.columns) == {"point", "replicate", "input", "input_value", "outcome", "value"}
    assert len(long) == 5 * 2  # the failed run is left out
    line = sweep_chart(long, "strike_rate", "displaced", "fixture").to_dict()
    assert any(mark_type(v) == "rule" for v in marks(line))
    heat = sweep_heatmap(results, "strike_rate", "compliance", "displaced", "fixture").to_dict()
    assert heat["encoding"]["color"]["field"] == "value"
    sens = pd.DataFrame(
        {
            "outcome": ["displaced", "displaced"],
            "input": ["strike_rate", "compliance"],
            "method": ["sobol", "sobol"],
            "S1": [0.6, 0.1],
            "S1_conf": [0.05, 0.05],
            "ST": [0.7, 0.2],
            "ST_conf": [0.05, 0.04],
            "mu_star": [None, None],
            "mu_star_conf": [None, None],
        }
    )
    spec = tornado_chart(sens, "displaced", "fixture").to_dict()
    bars = next(v for v in marks(spec) if mark_type(v) == "bar")
    assert bars["encoding"]["y"]["sort"] == ["strike_rate", "compliance"]
