"""The front line: each place's distance to it, its capture, its approach; the forced timeline.

**Distance to the front.** Inside Syria two sides hold places: the government (``regime``) and
its opponents (``opposition`` and the ``turkish_backed`` north). A place's distance to the front
line is the great-circle distance (:func:`~flashpoint.world.world.haversine_km`) to the nearest
place held by the other side, in km; it is 0 for a place that changed hands today (the line
runs through it), and infinite outside Syria and when the other side holds no place. Only the
modelled places count: the line is as fine as ``places.csv`` (on 1 December 2019 the only
government-held place of the model is Khan Shaykhun).

**Captured.** A place is captured while the government holds a place that the opposition held on
1 December 2019 (a recapture by the opposition clears it).

**Approach.** ``approach_km_per_week`` is how much closer the front is than 7 days before
(than on the first day, in the first week); positive means the front is approaching. It is 0
where either distance is infinite.

**The forced timeline.** A scenario's ``front_timeline`` event forces the documented captures of
``data/world/front_timeline.csv`` from its date to its ``until`` (:class:`ForcedFront`), the way
refugee models take conflict dates as input: each capture happens on its date (captures dated
before the event's day happen at once on that day), the opposition retakes what the record says
it retook, and the model's own advance hazard is off. Every forced capture is a ``capture`` row
of ``events.csv`` whose cause is the event's row. Afterwards the offensive advances on its own
along the places of the assumed ``offensive_order`` still held by the opposition.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from flashpoint.crisis.event_log import EventLog
from flashpoint.world.codes import Control
from flashpoint.world.front_timeline import FrontTimeline
from flashpoint.world.world import World, haversine_km

#: Days over which the approach of the front is measured.
APPROACH_WINDOW_DAYS = 7
#: The government's opponents inside Syria (the other side of the front).
OPPONENTS = (Control.OPPOSITION, Control.TURKISH_BACKED)
#: The (actor, target) of a capture's log row, by the control the place takes.
SIDE_ACTORS: dict[Control, tuple[str, str]] = {
    Control.REGIME: ("syria", "opposition"),
    Control.OPPOSITION: ("opposition", "syria"),
}


class Front:
    """Each place's distance to the front line, captured state and approach, updated daily.

    Args:
        world: Places (coordinates, country, control on the start date).

    Attributes:
        distance_km: Distance to the front line per place, km (float32; inf where none).
        captured: True where the government holds a place the opposition held at the start.
        approach_km_per_week: Km the front came closer over the last 7 days (float32).
        changed_today: True for places that changed hands today.
    """

    def __init__(self, world: World) -> None:
        n = world.n_places
        self.in_syria = world.country == "SY"
        self.start_opposition = self.in_syria & (world.control == Control.OPPOSITION)
        lat, lon = world.lat, world.lon
        self.pair_km = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
        self.distance_km = np.full(n, np.inf, dtype=np.float32)
        self.captured = np.zeros(n, dtype=bool)
        self.approach_km_per_week = np.zeros(n, dtype=np.float32)
        self.changed_today = np.zeros(n, dtype=bool)
        self.history: list[np.ndarray] = []

    def distances(self, control: np.ndarray, changed_today: np.ndarray) -> np.ndarray:
        """Distance (km) from each place to the nearest place held by the other side."""
        regime = self.in_syria & (control == Control.REGIME)
        opponents = self.in_syria & np.isin(control, OPPONENTS)
        to_regime = np.where(regime[None, :], self.pair_km, np.inf).min(axis=1)
        to_opponents = np.where(opponents[None, :], self.pair_km, np.inf).min(axis=1)
        km = np.where(regime, to_opponents, np.where(opponents, to_regime, np.inf))
        km[changed_today & self.in_syria] = 0.0
        return km.astype(np.float32)

    def update(self, control: np.ndarray, changed_today: np.ndarray) -> None:
        """Record today's front from who holds each place and which places changed hands."""
        self.changed_today = changed_today.copy()
        self.distance_km = self.distances(control, changed_today)
        self.captured = self.start_opposition & (control == Control.REGIME)
        self.history.append(self.distance_km)
        past = self.history[max(0, len(self.history) - 1 - APPROACH_WINDOW_DAYS)]
        finite = np.isfinite(past) & np.isfinite(self.distance_km)
        closer = np.where(finite, past - np.where(finite, self.distance_km, 0.0), 0.0)
        self.approach_km_per_week = closer.astype(np.float32)

    @property
    def approaching(self) -> np.ndarray:
        """True where the front is closer than 7 days before."""
        return self.approach_km_per_week > 0


@dataclass
class ForcedFront:
    """The documented captures forced on their days, from the forcing event's day to ``until_day``.

    Attributes:
        captures: Day index -> the (place, control it takes) of that day, in date order.
        first_day: Day index the forcing starts (the event's day).
        until_day: Last forced day index (inclusive).
        cause_id: The ``events.csv`` row of the forcing event.
    """

    captures: dict[int, list[tuple[int, Control]]] = field(default_factory=dict)
    first_day: int = 0
    until_day: int = -1
    cause_id: int = -1

    @classmethod
    def schedule(
        cls,
        timeline: FrontTimeline,
        first_date: dt.date,
        until: dt.date,
        first_day: int,
        cause_id: int,
    ) -> ForcedFront:
        """The captures of ``timeline`` up to ``until``, by day index.

        Args:
            timeline: The documented captures (sorted by date).
            first_date: The date the forcing starts (the event's ``on``).
            until: The last forced date (inclusive).
            first_day: The day index of ``first_date``.
            cause_id: The forcing event's log row.

        Raises:
            ValueError: The timeline is empty (the world folder has no ``front_timeline.csv``).
        """
        if len(timeline) == 0:
            raise ValueError(
                "a front_timeline event needs the world's front_timeline.csv, and this world "
                "has none (or it is empty)"
            )
        captures: dict[int, list[tuple[int, Control]]] = {}
        for place, day, by in zip(timeline.place, timeline.captured_on, timeline.by, strict=True):
            if day > until:
                continue
            index = first_day + max(0, (day - first_date).days)
            captures.setdefault(index, []).append((int(place), Control(int(by))))
        until_day = first_day + (until - first_date).days
        return cls(captures, first_day, until_day, cause_id)

    def covers(self, day: int) -> bool:
        """Whether ``day`` is in the forced period."""
        return self.first_day <= day <= self.until_day

    def apply(
        self, day: int, control: np.ndarray, log: EventLog, place_ids: tuple[str, ...]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Make today's documented captures: set ``control`` and log each one.

        Returns:
            (taken by the government today and still held tonight, changed hands today).
        """
        changed = np.zeros(len(control), dtype=bool)
        for place, side in self.captures.get(day, []):
            control[place] = side
            changed[place] = True
            actor, target = SIDE_ACTORS[side]
            log.add(
                day, actor, target, "", "capture", cause_id=self.cause_id, detail=place_ids[place]
            )
        taken = changed & (control == Control.REGIME)
        return taken, changed
