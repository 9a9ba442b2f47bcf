"""The front's documented timeline: dated captures up to 29 February 2020, each with its source.

``front_timeline.csv`` (beside ``places.csv``) lists the captures that the public record shows
before March 2020: the government's (``by: regime``) and the opposition's recaptures
(``by: opposition``). Scenarios force them with a ``front_timeline`` event, the way refugee
models take conflict dates as input (:mod:`flashpoint.crisis.front`). Places the record does not
show captured before 1 March 2020 are not in the file.

Every row is validated like the world's other files: a problem raises
:class:`~flashpoint.world.rows.WorldDataError` naming the file, the data row and its line, the
column and what is allowed (an unknown place, a bad date, a capture after 29 February 2020 or
before 1 December 2019, a source published on or after 1 March 2020 or before the capture it
reports, a duplicate, a capture of a place the side already holds).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path

import numpy as np

from flashpoint.world.codes import Control
from flashpoint.world.rows import Row, read_table

__all__ = [
    "CONTROL_DATE",
    "FRONT_TIMELINE_COLUMNS",
    "FRONT_TIMELINE_FILE",
    "LAST_CAPTURE_DATE",
    "PUBLISHED_BEFORE",
    "SIDES",
    "FrontTimeline",
    "parse_front_timeline",
    "read_front_timeline",
]

FRONT_TIMELINE_FILE = "front_timeline.csv"
FRONT_TIMELINE_COLUMNS: tuple[str, ...] = (
    "place",
    "captured_on",
    "by",
    "date_uncertainty_days",
    "source",
    "published",
)
#: The day ``places.csv``'s ``control`` column describes; earlier captures are already in it.
CONTROL_DATE = dt.date(2019, 12, 1)
#: The last day of the model's knowledge (the source articles end on 29 February 2020).
LAST_CAPTURE_DATE = dt.date(2020, 2, 29)
#: Sources must be published before this day to be inputs.
PUBLISHED_BEFORE = dt.date(2020, 3, 1)
#: Who may capture a place (``by``), as written in the file, and the control code it gives.
SIDES: dict[str, Control] = {"regime": Control.REGIME, "opposition": Control.OPPOSITION}


@dataclass(frozen=True, eq=False)
class FrontTimeline:
    """The documented captures, in date order (file order within a day).

    Attributes:
        place: Place index of each capture (row of places.csv).
        captured_on: Date of each capture.
        by: The control code the place takes (``Control.REGIME`` or ``Control.OPPOSITION``).
        date_uncertainty_days: How many days either side of ``captured_on`` the capture may lie.
        source: The citation of each capture.
        published: Publication date of the (earliest) source cited.
    """

    place: np.ndarray
    captured_on: tuple[dt.date, ...]
    by: np.ndarray
    date_uncertainty_days: np.ndarray
    source: tuple[str, ...]
    published: tuple[dt.date, ...]

    def __len__(self) -> int:
        """Number of captures."""
        return len(self.captured_on)

    @classmethod
    def empty(cls) -> FrontTimeline:
        """A timeline without captures (a world folder without ``front_timeline.csv``)."""
        return cls(_frozen([], np.int16), (), _frozen([], np.int8), _frozen([], np.int16), (), ())


def _frozen(values, dtype) -> np.ndarray:
    array = np.asarray(values, dtype=dtype)
    array.setflags(write=False)
    return array


def _date_in(row: Row, column: str, low: dt.date, high: dt.date, why: str) -> dt.date:
    day = row.date(column)
    if not low <= day <= high:
        span = f"{low.isoformat()} to {high.isoformat()}"
        raise row.fail(column, f"{day.isoformat()} is not allowed: {why} ({span})")
    return day


def _check_row(row: Row, lookup: dict[str, int]) -> tuple[int, dt.date, Control, int, dt.date]:
    place = row.place("place", lookup)
    captured_on = _date_in(
        row,
        "captured_on",
        CONTROL_DATE,
        LAST_CAPTURE_DATE,
        "the timeline holds captures from the start of the offensive (places.csv's control is "
        "that of 1 December 2019) to the end of the model's knowledge, 29 February 2020",
    )
    by = SIDES[tuple(SIDES)[row.choice("by", tuple(SIDES))]]
    uncertainty = row.integer("date_uncertainty_days", minimum=0)
    row.text("source")
    published = row.date("published")
    if published >= PUBLISHED_BEFORE:
        raise row.fail(
            "published",
            f"{published.isoformat()} is on or after {PUBLISHED_BEFORE.isoformat()}: only sources "
            "published before March 2020 may be structural inputs",
        )
    earliest = captured_on - dt.timedelta(days=int(uncertainty))
    if published < earliest:
        raise row.fail(
            "published",
            f"{published.isoformat()} is before the capture it reports "
            f"({captured_on.isoformat()} - {uncertainty} days)",
        )
    return place, captured_on, by, int(uncertainty), published


def parse_front_timeline(
    rows: list[Row], lookup: dict[str, int], start_control: np.ndarray
) -> FrontTimeline:
    """Validate the rows of ``front_timeline.csv`` against the places and their start control.

    Args:
        rows: The data rows (``rows.read_table``).
        lookup: Place id -> place index.
        start_control: Each place's control code on 1 December 2019.

    Returns:
        The timeline, sorted by date (file order within a day).

    Raises:
        WorldDataError: A row is invalid; the message locates it.
    """
    checked = [(row, *_check_row(row, lookup)) for row in rows]
    first: dict[tuple[int, dt.date], int] = {}
    for row, place, day, *_ in checked:
        if (place, day) in first:
            raise row.fail(
                "captured_on",
                f"duplicate capture of {row.values['place']!r} on {day.isoformat()} "
                f"(first in data row {first[(place, day)]})",
            )
        first[(place, day)] = row.number
    ordered = sorted(checked, key=lambda c: (c[2], c[0].number))
    holder = {p: Control(int(start_control[p])) for p in range(len(start_control))}
    for row, place, day, by, *_ in ordered:
        wanted = Control.OPPOSITION if by == Control.REGIME else Control.REGIME
        if holder[place] != wanted:
            raise row.fail(
                "by",
                f"{row.values['place']!r} is held by {holder[place].name.lower()} on "
                f"{day.isoformat()} (start control and earlier rows); a capture by "
                f"{by.name.lower()} needs a place held by {wanted.name.lower()}",
            )
        holder[place] = by
    return FrontTimeline(
        place=_frozen([c[1] for c in ordered], np.int16),
        captured_on=tuple(c[2] for c in ordered),
        by=_frozen([int(c[3]) for c in ordered], np.int8),
        date_uncertainty_days=_frozen([c[4] for c in ordered], np.int16),
        source=tuple(c[0].values["source"] for c in ordered),
        published=tuple(c[5] for c in ordered),
    )


def read_front_timeline(
    directory: Path | Traversable, lookup: dict[str, int], start_control: np.ndarray
) -> FrontTimeline:
    """The timeline in ``directory`` (empty when the folder has no ``front_timeline.csv``)."""
    if not (directory / FRONT_TIMELINE_FILE).is_file():
        return FrontTimeline.empty()
    rows = read_table(directory, FRONT_TIMELINE_FILE, FRONT_TIMELINE_COLUMNS)
    return parse_front_timeline(rows, lookup, start_control)
