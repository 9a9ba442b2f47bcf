"""Tests for the figure extractor and the ``extract`` command."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from flashpoint.cli.extract import extract
from flashpoint.sources.extract import (
    Candidate,
    candidates_frame,
    extract_figures,
    words_to_number,
)
from flashpoint.sources.figures import load_figures

REPO = Path(__file__).resolve().parents[2]
ARTICLE_DATES = {  # the dates of the events each article describes (INDEX.md)
    "000_ab9650cc5e63a022.txt": dt.date(2020, 2, 28),
    "001_5fb2f7793c40ad83.txt": dt.date(2016, 2, 16),
    "002_6ff6259504098747.txt": dt.date(2020, 2, 18),
    "003_1b64ae862eb65aa4.txt": dt.date(2020, 2, 28),
    "004_367123977267ae37.txt": dt.date(2020, 2, 14),
}
FRI_28_FEB = dt.date(2020, 2, 28)
FRI_14_FEB = dt.date(2020, 2, 14)


def _rows(text: str, ref: dt.date | None = None) -> list[tuple]:
    """(number_text, value, kind, qualifier, dates, actor, metric_guess) of each candidate."""
    return [
        (c.number_text, c.value, c.kind, c.qualifier, c.dates, c.actor, c.metric_guess)
        for c in extract_figures(text, "t.txt", ref)
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("thirty-three", 33),
        ("twelve", 12),
        ("one million", 1_000_000),
        ("two hundred and fifty", 250),
        ("two dozen", 24),
        ("three hundred thousand", 300_000),
        ("twenty one", 21),
    ],
)
def test_words_to_number(text: str, value: float) -> None:
    assert words_to_number(text) == value


def test_words_to_number_rejects_other_words() -> None:
    with pytest.raises(ValueError, match="not a number word"):
        words_to_number("thirty cats")


def test_bound_in_digits_with_weekday() -> None:
    text = "Officials said at least 33 Turkish soldiers were killed on Thursday."
    assert _rows(text, FRI_28_FEB) == [
        ("33", 33.0, "at_least", "at least", ["2020-02-27"], "Turkey", "turkish_military_deaths")
    ]


def test_nearly_one_million_since_december() -> None:
    text = "Nearly one million people have been displaced since December."
    assert _rows(text, FRI_28_FEB) == [
        (
            "one million",
            1e6,
            "at_most",
            "nearly",
            ["2019-12-01/2020-02-28"],
            "civilians",
            "displaced_total",
        )
    ]


def test_vague_and_article_numbers() -> None:
    text = (
        "Airstrikes killed dozens of civilians in Idlib. "
        "A million people have fled, and hundreds of thousands more refugees may follow."
    )
    assert _rows(text) == [
        ("dozens", 24.0, "at_least", "", [], "civilians", "civilian_deaths"),
        ("A million", 1e6, "about", "", [], "civilians", "displaced_total"),
        ("hundreds of thousands", 2e5, "at_least", "", [], "civilians", "displaced_total"),
    ]


def test_numbers_in_words_and_digits_with_qualifiers() -> None:
    text = (
        "Thirty-three soldiers and twelve civilians died. "
        "More than 1,200 migrants and up to 5,000 people crossed into Greece. "
        "About 1.5 million people live in camps, some 40% of them children."
    )
    assert _rows(text) == [
        ("Thirty-three", 33.0, "point", "", [], "", "context"),
        ("twelve", 12.0, "point", "", [], "civilians", "civilian_deaths"),
        ("1,200", 1200.0, "at_least", "more than", [], "civilians", "crossed_to_greece"),
        ("5,000", 5000.0, "at_most", "up to", [], "civilians", "crossed_to_greece"),
        ("1.5 million", 1.5e6, "about", "about", [], "civilians", "context"),
        ("40%", 40.0, "about", "some", [], "civilians", "context"),
    ]


def test_explicit_and_relative_dates() -> None:
    text = (
        "Representatives of Russia arrived in Ankara on February 8, a few days after eight "
        "Turkish soldiers were killed by the Syrian government forces. Last Monday, a second "
        "incident killed another five Turkish soldiers. Earlier this month, 3 posts were "
        "encircled. On Feb. 12 and on July 25, 2019, 2 calls were made."
    )
    rows = _rows(text, FRI_14_FEB)
    assert [(r[0], r[4], r[6]) for r in rows] == [
        ("eight", ["2020-02-08"], "turkish_military_deaths"),
        ("five", ["2020-02-10"], "turkish_military_deaths"),
        ("3", ["2020-02-01/2020-02-13"], "context"),
        ("2", ["2020-02-12", "2019-07-25"], "context"),
    ]


def test_dates_without_a_reference_date_need_a_year() -> None:
    text = "On February 8 and on July 25, 2019, eight soldiers were killed."
    assert _rows(text)[0][4] == ["2019-07-25"]


def test_weekday_with_date_in_brackets_and_date_from_previous_sentence() -> None:
    text = (
        "Fighting continued on Friday (February 28) in Idlib. Some 309 Syrian troops were "
        '"neutralized," he said.'
    )
    assert _rows(text, FRI_28_FEB) == [
        ("309", 309.0, "about", "some", ["2020-02-28"], "Syria", "syrian_military_deaths")
    ]


def test_date_header_sets_the_reference_date_and_is_not_a_figure() -> None:
    text = " date 2020-02-28 Reyhanli - At least 299 civilians have died since January 1."
    (cand,) = extract_figures(text, "x.txt")
    assert (cand.number_text, cand.kind, cand.dates) == (
        "299",
        "at_least",
        ["2020-01-01/2020-02-28"],
    )
    assert (cand.char_offset, cand.source) == (text.index("299"), "x.txt")
    assert cand.sentence.startswith("Reyhanli")
    assert extract_figures(text, reference_date=dt.date(2020, 3, 1))[0].dates == [
        "2020-01-01/2020-03-01"
    ]


def test_years_times_designations_durations_and_pronouns_are_not_figures() -> None:
    text = (
        "By 16 Feb '16 12:41PM, in 2016 and 2020, the S-400 and F-35 deals and the M5 road had "
        "been argued over for five years in a nine-year war; one should wait, said one of them, "
        "after the last seven months and the past two weeks, on the 12th."
    )
    assert _rows(text, dt.date(2020, 2, 20)) == []


def test_a_year_before_a_counted_noun_is_kept() -> None:
    assert [r[:2] for r in _rows("In all 2000 people fled.")] == [("2000", 2000.0)]


def test_sentences_do_not_split_at_abbreviations() -> None:
    (cand,) = extract_figures("On Feb. 28 over 30 people died. Then calm.", "", FRI_28_FEB)
    assert cand.sentence == "On Feb. 28 over 30 people died."
    assert (cand.value, cand.kind, cand.dates) == (30.0, "at_least", ["2020-02-28"])


def test_candidates_frame() -> None:
    cands = extract_figures("On February 8 and 9, 33 soldiers died.", "s.txt", FRI_14_FEB)
    frame = candidates_frame(cands)
    assert list(frame.columns) == [
        "source",
        "sentence",
        "number_text",
        "value",
        "kind",
        "qualifier",
        "dates",
        "actor",
        "metric_guess",
        "char_offset",
    ]
    assert frame["dates"].tolist() == ["2020-02-08"] * len(cands)
    assert candidates_frame([]).empty
    assert isinstance(cands[0], Candidate)


def test_finds_the_numeric_figures_of_the_five_documents(seeds: Path) -> None:
    """Recall on the figures table: at least 80% of its numeric figures are found.

    Rule: a figure of calibration/figures.yaml (an entry with a value) is found when
    ``extract_figures`` run on its source file, with the article's date from INDEX.md, gives a
    candidate with the same value.
    """
    figures = [f for f in load_figures(REPO / "calibration" / "figures.yaml") if f.is_numeric]
    values = {
        name: {c.value for c in extract_figures((seeds / name).read_text("utf-8"), name, ref)}
        for name, ref in ARTICLE_DATES.items()
    }
    missed = [f.id for f in figures if f.value not in values[f.source_file]]
    assert len(figures) >= 15
    assert 1 - len(missed) / len(figures) >= 0.8, missed


def test_key_figures_of_the_documents_are_read_right(seeds: Path) -> None:
    found = {}
    for name, ref in ARTICLE_DATES.items():
        for c in extract_figures((seeds / name).read_text("utf-8"), name, ref):
            found.setdefault((name[:3], c.value), c)
    checks = {
        ("002", 875_000): ("at_least", "displaced_total", ["2019-12-01/2019-12-31"]),
        ("003", 299): ("at_least", "civilian_deaths", ["2020-01-01/2020-02-28"]),
        ("003", 309): ("about", "syrian_military_deaths", ["2020-02-28"]),
        ("003", 1e6): ("at_most", "displaced_total", ["2019-12-01/2019-12-31"]),
        ("004", 8): ("point", "turkish_military_deaths", ["2020-02-08"]),
        ("004", 5): ("point", "turkish_military_deaths", ["2020-02-10"]),
        ("000", 1e6): ("about", "displaced_total", ["2019-12-01/2020-02-28"]),
    }
    for key, expected in checks.items():
        cand = found[key]
        assert (cand.kind, cand.metric_guess, cand.dates) == expected, key
    assert found[("003", 372)].actor == "White Helmets"
    years = [c for c in found.values() if 2000 <= c.value <= 2030]
    assert years == []


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test app."""

    app.command("extract")(extract)
    return app


def test_cli_prints_a_table(app: typer.Typer, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Nearly one million people fled since December.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(article), "--date", "2020-02-28"])
    assert result.exit_code == 0, result.output
    assert "1 candidate figures" in result.output and "one million" in result.output
    assert "2019-12-01/2020-02-28" in result.output


def test_cli_writes_a_csv(app: typer.Typer, tmp_path: Path, seeds: Path) -> None:
    out = tmp_path / "review" / "candidates.csv"
    files = [str(seeds / "003_1b64ae862eb65aa4.txt"), str(seeds / "004_367123977267ae37.txt")]
    result = CliRunner().invoke(app, ["extract", *files, "--out", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out)
    assert set(frame["source"]) == {Path(f).name for f in files}
    assert {299, 309, 8, 5} <= set(frame["value"])
    assert f"wrote {len(frame)} candidates from 2 file(s)" in result.output


def test_cli_rejects_missing_files_and_bad_dates(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2 and "no such file" in result.output
    article = tmp_path / "a.txt"
    article.write_text("5 people", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(article), "--date", "28 Feb"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
