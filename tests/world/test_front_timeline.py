"""Tests of the front's documented timeline (front_timeline.csv) and of its validating loader."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from flashpoint.world.codes import Control
from flashpoint.world.front_timeline import LAST_CAPTURE_DATE, PUBLISHED_BEFORE
from flashpoint.world.world import WorldDataError, load_world

DATA = Path(str(resources.files("flashpoint") / "data" / "world"))
FILES = ("places.csv", "routes.csv", "observation_posts.csv", "front_timeline.csv")
Rows = list[list[str]]


def _copy(tmp_path: Path, edit: Callable[[Rows], None]) -> Path:
    """The shipped world in ``tmp_path`` with ``edit`` applied to the timeline's rows."""
    for name in FILES:
        shutil.copy(DATA / name, tmp_path / name)
    path = tmp_path / "front_timeline.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    edit(rows)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return tmp_path


def _set(row: int, column: str, value: str) -> Callable[[Rows], None]:
    def edit(rows: Rows) -> None:
        rows[row][rows[0].index(column)] = value

    return edit


def _append(*values: str) -> Callable[[Rows], None]:
    def edit(rows: Rows) -> None:
        rows.append(list(values))

    return edit


def test_shipped_timeline_is_dated_sourced_and_consistent() -> None:
    world = load_world()
    t = world.front_timeline
    assert len(t) >= 8
    assert list(t.captured_on) == sorted(t.captured_on)
    assert all(day <= LAST_CAPTURE_DATE for day in t.captured_on)
    assert all(day < PUBLISHED_BEFORE for day in t.published)
    assert all(len(s) > 40 and "20" in s for s in t.source)
    assert (t.date_uncertainty_days >= 0).all() and (t.date_uncertainty_days <= 7).all()
    assert not t.place.flags.writeable
    rows = zip(t.place, t.captured_on, t.by, strict=True)
    events = {(world.place_ids[p], d, Control(b)) for p, d, b in rows}
    # the dates the public record fixes (issue 10): Maarat al-Numan, Saraqib lost and retaken
    assert ("maarat_al_numan", dt.date(2020, 1, 28), Control.REGIME) in events
    assert ("saraqib", dt.date(2020, 2, 6), Control.REGIME) in events
    assert ("saraqib", dt.date(2020, 2, 27), Control.OPPOSITION) in events
    assert ("khan_al_asal", dt.date(2020, 2, 11), Control.REGIME) in events  # the M5 complete
    assert "idlib" not in {world.place_ids[p] for p in t.place}  # never taken before March


def test_a_world_folder_without_a_timeline_has_an_empty_one(tmp_path) -> None:
    directory = _copy(tmp_path, lambda rows: None)
    (directory / "front_timeline.csv").unlink()
    assert len(load_world(directory).front_timeline) == 0


CASES = [
    (_set(2, "place", "maarat_al_numann"), 2, "place", "close ids: maarat_al_numan"),
    (_set(2, "place", "nowhere"), 2, "place", "unknown place"),
    (_set(3, "captured_on", "2020-02-30"), 3, "captured_on", "YYYY-MM-DD"),
    (_set(3, "captured_on", "28/01/2020"), 3, "captured_on", "YYYY-MM-DD"),
    (_set(3, "captured_on", "2020-03-02"), 3, "captured_on", "29 February 2020"),
    (_set(1, "captured_on", "2019-11-30"), 1, "captured_on", "1 December 2019"),
    (_set(4, "published", "2020-03-01"), 4, "published", "published before March 2020"),
    (_set(4, "published", "2019-12-01"), 4, "published", "before the capture it reports"),
    (_set(4, "published", "yesterday"), 4, "published", "YYYY-MM-DD"),
    (_set(2, "by", "government"), 2, "by", "allowed: regime, opposition"),
    (_set(2, "date_uncertainty_days", "-1"), 2, "date_uncertainty_days", "out of range"),
    (_set(2, "date_uncertainty_days", "2.5"), 2, "date_uncertainty_days", "not an integer"),
    (_set(5, "source", ""), 5, "source", "empty"),
]


@pytest.mark.parametrize(("edit", "row", "column", "expected"), CASES)
def test_bad_rows_are_located(tmp_path, edit, row, column, expected) -> None:
    with pytest.raises(WorldDataError) as caught:
        load_world(_copy(tmp_path, edit))
    message = str(caught.value)
    assert "front_timeline.csv" in message, message
    assert f"data row {row} (line {row + 1}), column {column!r}" in message, message
    assert expected in message, message


def test_a_duplicate_capture_names_the_first_row(tmp_path) -> None:
    rows = _rows()
    directory = _copy(tmp_path, _append(*rows[2]))
    appended = len(rows)  # data rows are numbered from 1 after the header
    with pytest.raises(WorldDataError, match=rf"data row {appended} .*duplicate.*data row 2\)"):
        load_world(directory)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (("khan_shaykhun", "2020-01-02", "regime"), "held by regime"),  # government-held at start
        (("idlib", "2020-01-02", "opposition"), "held by opposition"),  # never lost
        (("afrin", "2020-01-02", "regime"), "held by turkish_backed"),  # not on this front
        (("maarat_al_numan", "2020-02-01", "regime"), "held by regime on 2020-02-01"),  # twice
    ],
)
def test_captures_must_change_hands(tmp_path, values, expected) -> None:
    row = (*values, "0", "a source of that day", values[1])
    with pytest.raises(WorldDataError, match=rf"column 'by'.*{expected}"):
        load_world(_copy(tmp_path, _append(*row)))


def test_missing_column_is_named(tmp_path) -> None:
    directory = _copy(tmp_path, lambda rows: [r.pop() for r in rows])
    with pytest.raises(WorldDataError, match=r"front_timeline\.csv: line 1.*missing.*published"):
        load_world(directory)


def test_rows_out_of_order_are_sorted_by_date(tmp_path) -> None:
    def reverse(rows: Rows) -> None:
        rows[1:] = rows[:0:-1]

    directory = _copy(tmp_path, reverse)
    t = load_world(directory).front_timeline
    assert list(t.captured_on) == sorted(t.captured_on)
    assert np.array_equal(t.place, load_world().front_timeline.place)


def _rows() -> Rows:
    with open(DATA / "front_timeline.csv", newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))
