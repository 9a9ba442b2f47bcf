"""Tests for the calibration figures table (calibration/figures.yaml) and its loader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from flashpoint.metrics import METRIC_NAMES
from flashpoint.sources.figures import (
    Figure,
    FiguresError,
    check_against_seeds,
    collapse_whitespace,
    figures_frame,
    figures_until,
    indexed_sources,
    load_figures,
)

REPO = Path(__file__).resolve().parents[2]
FIGURES_FILE = REPO / "calibration" / "figures.yaml"
KNOWLEDGE_END = dt.date(2020, 2, 29)

REQUIRED_IDS = {
    "displaced_over_875k",
    "displaced_nearly_1m",
    "displaced_a_million",
    "tr_killed_8_early_feb",
    "tr_killed_5_10feb",
    "tr_killed_33_27feb",
    "civilians_299_since_jan1",
    "civilians_372_white_helmets",
    "syrian_309_neutralized",
    "targets_200",
    "observation_posts_12",
    "m5_captured_feb",
    "talks_ankara_8feb",
    "call_12feb",
    "talks_moscow_17feb",
    "deadline_end_feb",
    "call_28feb",
    "border_opened_28feb",
}


@pytest.fixture(scope="module")
def figures() -> list[Figure]:
    return load_figures(FIGURES_FILE)


@pytest.fixture(scope="module")
def by_id(figures: list[Figure]) -> dict[str, Figure]:
    return {f.id: f for f in figures}


def test_loads_with_every_required_id(figures: list[Figure], by_id: dict[str, Figure]) -> None:
    assert len(by_id) == len(figures)
    assert set(by_id) >= REQUIRED_IDS, sorted(REQUIRED_IDS - set(by_id))
    assert {f.metric for f in figures} <= set(METRIC_NAMES) | {"event", "context"}


def test_default_path_is_the_working_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    assert [f.id for f in load_figures()] == [f.id for f in load_figures(FIGURES_FILE)]


def test_every_quote_is_verbatim_in_its_indexed_source(figures: list[Figure], seeds: Path) -> None:
    listed = indexed_sources(seeds)
    problems = []
    for fig in figures:
        if fig.source_file not in listed:
            problems.append(f"{fig.id}: {fig.source_file} not in INDEX.md")
            continue
        text = collapse_whitespace((seeds / fig.source_file).read_text(encoding="utf-8"))
        if collapse_whitespace(fig.quote) not in text:
            problems.append(f"{fig.id}: quote not in {fig.source_file}: {fig.quote!r}")
    assert problems == []
    check_against_seeds(figures, seeds)
    assert [f.id for f in load_figures(FIGURES_FILE, seeds_dir=seeds)] == [f.id for f in figures]


def test_each_source_file_is_used(figures: list[Figure], seeds: Path) -> None:
    assert {f.source_file for f in figures} == indexed_sources(seeds)


def test_displacement_figures(by_id: dict[str, Figure]) -> None:
    over = by_id["displaced_over_875k"]
    assert (over.metric, over.kind, over.value) == ("displaced_total", "at_least", 875_000)
    assert over.reliability == "independent_count"
    assert over.window_start == dt.date(2019, 12, 1)
    assert dt.date(2020, 2, 16) <= over.date <= dt.date(2020, 2, 18)
    assert "displacement_movements" in over.note
    nearly = by_id["displaced_nearly_1m"]
    assert (nearly.kind, nearly.value, nearly.use) == ("at_most", 1_000_000, "fit")
    assert nearly.date in (dt.date(2020, 2, 27), dt.date(2020, 2, 28))
    million = by_id["displaced_a_million"]
    assert million.kind == "about" and million.source_file.startswith("000_")
    assert million.low is not None and million.high is not None
    assert million.low < 1_000_000 < million.high


def test_turkish_losses(by_id: dict[str, Figure]) -> None:
    eight = by_id["tr_killed_8_early_feb"]
    assert (eight.metric, eight.value) == ("turkish_military_deaths", 8)
    assert eight.window_start is not None and eight.window_start <= dt.date(2020, 2, 3)
    latest = eight.date + dt.timedelta(days=eight.date_uncertainty_days)
    assert dt.date(2020, 2, 3) <= latest < dt.date(2020, 2, 8)
    five = by_id["tr_killed_5_10feb"]
    assert (five.value, five.date, five.window_start) == (5, dt.date(2020, 2, 10), five.date)
    thirty_three = by_id["tr_killed_33_27feb"]
    assert (thirty_three.kind, thirty_three.value) == ("at_least", 33)
    assert thirty_three.date == thirty_three.window_start == dt.date(2020, 2, 27)
    fitted_33 = [
        f
        for f in by_id.values()
        if f.use == "fit"
        and f.date == dt.date(2020, 2, 27)
        and f.metric == "turkish_military_deaths"
    ]
    assert fitted_33 == [thirty_three], "the strike of 27 Feb must be fitted once"


def test_civilian_tolls_and_party_claims(by_id: dict[str, Figure]) -> None:
    un = by_id["civilians_299_since_jan1"]
    ngo = by_id["civilians_372_white_helmets"]
    assert (un.metric, un.kind, un.value, un.use) == ("civilian_deaths", "at_least", 299, "fit")
    assert un.window_start == ngo.window_start == dt.date(2020, 1, 1)
    assert un.date == ngo.date and dt.date(2020, 2, 26) <= un.date <= dt.date(2020, 2, 28)
    assert (un.reliability, ngo.reliability) == ("independent_count", "ngo_count")
    assert (ngo.value, ngo.use) == (372, "check")
    assert "lower bound" in un.note and "upper reference" in ngo.note
    claim = by_id["syrian_309_neutralized"]
    assert (claim.metric, claim.reliability, claim.use) == (
        "syrian_military_deaths",
        "party_claim",
        "check",
    )
    assert by_id["targets_200"].use in ("context", "check")
    assert (by_id["observation_posts_12"].use, by_id["observation_posts_12"].value) == (
        "context",
        12,
    )


@pytest.mark.parametrize(
    ("ident", "day"),
    [
        ("talks_ankara_8feb", dt.date(2020, 2, 8)),
        ("call_12feb", dt.date(2020, 2, 12)),
        ("talks_moscow_17feb", dt.date(2020, 2, 17)),
        ("deadline_end_feb", dt.date(2020, 2, 29)),
        ("call_28feb", dt.date(2020, 2, 28)),
        ("border_opened_28feb", dt.date(2020, 2, 28)),
    ],
)
def test_events_are_dated(by_id: dict[str, Figure], ident: str, day: dt.date) -> None:
    event = by_id[ident]
    assert (event.metric, event.kind, event.value, event.date) == ("event", "event", None, day)


def test_m5_capture_lies_in_february(by_id: dict[str, Figure]) -> None:
    m5 = by_id["m5_captured_feb"]
    assert m5.kind == "event"
    span = dt.timedelta(days=m5.date_uncertainty_days)
    assert dt.date(2020, 2, 1) <= m5.date - span and m5.date + span <= dt.date(2020, 2, 28)


def test_fitted_figures_end_with_the_documents(figures: list[Figure]) -> None:
    fitted = [f for f in figures if f.use == "fit"]
    assert figures_until(fitted, KNOWLEDGE_END) == fitted
    assert all(f.metric != "context" for f in fitted)
    summit = next(f for f in figures if f.id == "summit_next_week")
    assert summit.use == "context"


def test_figures_until_drops_later_and_earlier_figures(figures: list[Figure]) -> None:
    kept = {f.id for f in figures_until(figures, dt.date(2020, 2, 20))}
    assert {"displaced_over_875k", "tr_killed_5_10feb", "call_12feb"} <= kept
    assert not kept & {"tr_killed_33_27feb", "displaced_nearly_1m", "call_28feb"}
    assert "within_15_miles_2016" not in kept and "s400_first_delivery_12jul2019" not in kept
    assert "s400_full_deployment_apr2020" not in {
        f.id for f in figures_until(figures, KNOWLEDGE_END)
    }
    assert {f.id for f in figures_until(figures, dt.date(2016, 3, 1), dt.date(2016, 1, 1))} >= {
        "within_15_miles_2016"
    }
    with pytest.raises(ValueError, match="before start"):
        figures_until(figures, dt.date(2019, 1, 1))


def test_figures_until_checks_the_window_start(by_id: dict[str, Figure]) -> None:
    eight = by_id["tr_killed_8_early_feb"]
    assert figures_until([eight], KNOWLEDGE_END, start=dt.date(2020, 2, 2)) == []
    assert figures_until([eight], KNOWLEDGE_END, start=dt.date(2020, 2, 1)) == [eight]


def test_figures_frame(figures: list[Figure]) -> None:
    frame = figures_frame(figures)
    assert list(frame.columns) == list(Figure.model_fields)
    assert len(frame) == len(figures)
    row = frame.set_index("id").loc["civilians_299_since_jan1"]
    assert row["value"] == 299 and str(row["window_start"].date()) == "2020-01-01"
    assert frame["value"].isna().sum() == sum(f.value is None for f in figures)


GOOD = """
- id: sample
  metric: civilian_deaths
  value: 10
  kind: {kind}
  date: 2020-02-10
  source_file: 003_1b64ae862eb65aa4.txt
  outlet: Al Jazeera
  article_date: 2020-02-28
  quote: at least 299 civilians have died
  reliability: independent_count
  use: fit
  note: test entry
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "figures.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (GOOD.format(kind="about"), "field 'low'"),
        (GOOD.format(kind="about") + "  low: 20\n  high: 5\n", "field 'low'"),
        (GOOD.format(kind="point") + "  colour: red\n", "field 'colour'"),
        (GOOD.format(kind="point").replace("civilian_deaths", "civilians_dead"), "field 'metric'"),
        (GOOD.format(kind="point") + "  window_start: 2020-03-01\n", "field 'window_start'"),
        (GOOD.format(kind="sometimes"), "field 'kind'"),
        (GOOD.format(kind="event"), "field 'value'"),
        (GOOD.format(kind="point") + GOOD.format(kind="point"), "field 'id'"),
        (GOOD.format(kind="point").replace("date: 2020-02-10", "date: 10 Feb"), "field 'date'"),
    ],
)
def test_bad_entries_name_file_entry_and_field(tmp_path: Path, text: str, field: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(FiguresError) as info:
        load_figures(path)
    message = str(info.value)
    assert str(path) in message and "id 'sample'" in message and field in message
    assert "entry 0" in message or "entry 1" in message


def test_a_good_sample_loads(tmp_path: Path) -> None:
    (fig,) = load_figures(_write(tmp_path, GOOD.format(kind="point")))
    assert (fig.id, fig.value, fig.window_start, fig.date_uncertainty_days) == (
        "sample",
        10,
        None,
        0,
    )


def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(FiguresError, match="not found"):
        load_figures(tmp_path / "missing.yaml")
    with pytest.raises(FiguresError, match="list"):
        load_figures(_write(tmp_path, "id: x\n"))
    with pytest.raises(FiguresError, match="not valid YAML"):
        load_figures(_write(tmp_path, "- [unclosed\n"))
    with pytest.raises(FiguresError, match="entry 0"):
        load_figures(_write(tmp_path, "- just a string\n"))


def test_provenance_errors_name_the_entry(tmp_path: Path, seeds: Path) -> None:
    (fig,) = load_figures(_write(tmp_path, GOOD.format(kind="point")))
    check_against_seeds([fig], seeds)
    wrong_quote = fig.model_copy(update={"quote": "at least 300 civilians have died"})
    with pytest.raises(FiguresError, match=r"id 'sample'.*field 'quote'"):
        check_against_seeds([wrong_quote], seeds)
    wrong_file = fig.model_copy(update={"source_file": "999_nothing.txt"})
    with pytest.raises(FiguresError, match=r"id 'sample'.*field 'source_file'"):
        check_against_seeds([wrong_file], seeds)
    with pytest.raises(FiguresError, match=r"INDEX\.md"):
        check_against_seeds([fig], tmp_path)


def test_metrics_marked_calibrated_are_exactly_those_with_a_fitted_figure():
    from flashpoint.calibration.distance import DERIVED_SERIES_METRIC, build_targets
    from flashpoint.calibration.priors import load_priors
    from flashpoint.metrics import CALIBRATED_METRICS

    priors = load_priors(REPO / "calibration" / "priors.yaml")
    kept = figures_until(load_figures(FIGURES_FILE), KNOWLEDGE_END, start=dt.date(2019, 12, 1))
    fitted, _ = build_targets(kept, priors.distance, KNOWLEDGE_END)
    fitted_metrics = {DERIVED_SERIES_METRIC.get(t.metric, t.metric) for t in fitted}
    assert set(CALIBRATED_METRICS) == fitted_metrics


def test_the_m5_derived_figures_name_the_first_seven_places_of_the_axis():
    import csv

    from flashpoint.calibration.priors import load_priors

    rows = csv.DictReader((REPO / "model/flashpoint/data/world/places.csv").open())
    axis = sorted((float(r["offensive_order"]), r["id"]) for r in rows if r["offensive_order"])
    priors = load_priors(REPO / "calibration/priors.yaml")
    derived = {d.id: d for d in priors.distance.derived_figures}
    note = collapse_whitespace(derived["m5_taken_by_27feb"].note)
    for _, name in axis[:7]:
        assert name in note, f"{name} (offensive order 1-7) missing from the M5 figure's note"
    assert axis[7][1] not in note
    assert derived["m5_taken_by_27feb"].value == 7 and derived["m5_open_on_31jan"].value == 6
