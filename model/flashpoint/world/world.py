"""The world of the model: places, the routes between them and Turkey's observation posts.

Read from ``places.csv``, ``routes.csv`` and ``observation_posts.csv`` in one directory (by
default the package's ``data/world``, whose ``SOURCES.md`` cites every figure), with the front's
documented timeline ``front_timeline.csv`` when the folder has one
(:mod:`flashpoint.world.front_timeline`). Every row is
validated; a problem raises :class:`WorldDataError` naming the file, the data row (1-based) and
its line, the column and what is allowed. The :class:`World` holds narrow, read-only numpy
arrays and a CSR adjacency over both directions of every (undirected) route.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from flashpoint.world.codes import (
    BORDERS,
    CONTROLS,
    COUNTRIES,
    PLACE_KINDS,
    ROUTE_KINDS,
    Border,
    Control,
    PlaceKind,
    RouteKind,
)
from flashpoint.world.front_timeline import FrontTimeline, read_front_timeline
from flashpoint.world.rows import Row, WorldDataError, close_ids, read_table

__all__ = [
    "BORDERS",
    "CONTROLS",
    "COUNTRIES",
    "PLACE_KINDS",
    "ROUTE_KINDS",
    "Border",
    "Control",
    "FrontTimeline",
    "PlaceKind",
    "RouteKind",
    "World",
    "WorldDataError",
    "haversine_km",
    "load_world",
]

# fmt: off
PLACE_COLUMNS: tuple[str, ...] = ("id", "name", "country", "kind", "lat", "lon", "population",
                                  "other_migrants", "control", "offensive_order", "capacity",
                                  "source")
ROUTE_COLUMNS: tuple[str, ...] = ("from", "to", "distance_km", "kind", "border", "source")
POST_COLUMNS: tuple[str, ...] = ("id", "name", "lat", "lon", "nearest_place", "established",
                                 "source")
# fmt: on
#: numpy types of the place columns, the route columns and the post columns.
_PLACE_DTYPES = {"country": "<U2", "kind": np.int8, "lat": np.float64, "lon": np.float64}
_PLACE_DTYPES |= {"population": np.int64, "other_migrants": np.int64, "control": np.int8}
_PLACE_DTYPES |= {"offensive_order": np.int16, "capacity": np.int64}
_ROUTE_DTYPES = {"src": np.int16, "dst": np.int16, "distance_km": np.float32}
_ROUTE_DTYPES |= {"kind": np.int8, "border": np.int8}

#: Radius of the sphere used for great-circle distances, km.
EARTH_RADIUS_KM = 6371.0
#: A route may not be shorter than this share of the great-circle distance between its ends
#: (coordinates are rounded, so a sea crossing can come out a little short).
MIN_SHARE_OF_GREAT_CIRCLE = 0.98


def haversine_km(lat1, lon1, lat2, lon2) -> float | np.ndarray:
    """Great-circle distance in km between points given in degrees (scalars or arrays)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(np.subtract(lon2, lon1))
    h = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return float(km) if np.ndim(km) == 0 else km


@dataclass(frozen=True, eq=False, repr=False)
class World:
    """Places, routes and observation posts as read-only arrays (place i is row i of places.csv).

    Codes: ``kind`` indexes :data:`PLACE_KINDS`, ``control`` :data:`CONTROLS` (on 1 Dec 2019),
    ``route_kind`` :data:`ROUTE_KINDS` and ``route_border`` :data:`BORDERS` (-1 = no border).
    ``offensive_order`` is -1 off the M5/M4 axis, ``capacity`` -1 where there is no limit.
    Routes are undirected; the adjacency of place ``p`` is ``adj_start[p]:adj_start[p + 1]`` in
    ``adj_route`` (route index) and ``adj_to`` (place at the other end). ``front_timeline`` holds
    the documented captures before March 2020 (empty without ``front_timeline.csv``).
    """

    place_ids: tuple[str, ...]
    place_names: tuple[str, ...]
    country: np.ndarray
    kind: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    population: np.ndarray
    other_migrants: np.ndarray
    control: np.ndarray
    offensive_order: np.ndarray
    capacity: np.ndarray
    route_from: np.ndarray
    route_to: np.ndarray
    route_distance_km: np.ndarray
    route_kind: np.ndarray
    route_border: np.ndarray
    adj_start: np.ndarray
    adj_route: np.ndarray
    adj_to: np.ndarray
    post_ids: tuple[str, ...]
    post_names: tuple[str, ...]
    post_lat: np.ndarray
    post_lon: np.ndarray
    post_place: np.ndarray
    front_timeline: FrontTimeline
    _lookup: dict[str, int] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_lookup", {pid: i for i, pid in enumerate(self.place_ids)})

    def __repr__(self) -> str:
        return (
            f"World({self.n_places} places, {self.n_routes} routes, "
            f"{len(self.post_ids)} observation posts)"
        )

    @property
    def n_places(self) -> int:
        """Number of places."""
        return len(self.place_ids)

    @property
    def n_routes(self) -> int:
        """Number of (undirected) routes."""
        return len(self.route_from)

    def index(self, place_id: str) -> int:
        """The index of ``place_id``; KeyError naming close ids if there is no such place."""
        try:
            return self._lookup[place_id]
        except KeyError:
            raise KeyError(
                f"unknown place {place_id!r}{close_ids(place_id, self._lookup)}"
            ) from None

    def places_of_kind(self, *kinds: str) -> np.ndarray:
        """Indices (ascending) of the places whose kind is one of ``kinds``."""
        unknown = [k for k in kinds if k not in PLACE_KINDS]
        if unknown:
            raise ValueError(f"unknown place kind(s) {unknown}; allowed: {', '.join(PLACE_KINDS)}")
        return np.flatnonzero(np.isin(self.kind, [PLACE_KINDS.index(k) for k in kinds]))

    def route_between(self, a: int, b: int) -> int:
        """The index of the route joining places ``a`` and ``b``, or -1 if there is none."""
        lo, hi = int(self.adj_start[a]), int(self.adj_start[a + 1])
        hits = np.flatnonzero(self.adj_to[lo:hi] == b)
        return int(self.adj_route[lo + hits[0]]) if hits.size else -1

    def to_frame(self) -> pd.DataFrame:
        """The places as a table (row i = place i) for charts and maps.

        The id column is ``place``, as in the per-place output tables; codes become labels and
        "not on the axis" / "no capacity" become <NA>.
        """
        frame = pd.DataFrame({"place": list(self.place_ids), "name": list(self.place_names)})
        for name in _PLACE_DTYPES:
            frame[name] = getattr(self, name)
        frame["kind"] = np.asarray(PLACE_KINDS)[self.kind]
        frame["control"] = np.asarray(CONTROLS)[self.control]
        for name in ("offensive_order", "capacity"):
            frame[name] = frame[name].astype("Int64").where(frame[name] >= 0)
        return frame


def _put(cols: dict[str, list], **values) -> None:
    for name, value in values.items():
        cols[name].append(value)


def _parse_places(rows: list[Row]) -> dict[str, list]:
    cols: dict[str, list] = {c: [] for c in PLACE_COLUMNS if c != "source"}
    first: dict[str, int] = {}
    for row in rows:
        pid = row.slug("id")
        if pid in first:
            raise row.fail("id", f"duplicate place id {pid!r} (first in data row {first[pid]})")
        first[pid] = row.number
        kind = row.choice("kind", PLACE_KINDS)
        control = row.choice("control", CONTROLS)
        order = row.integer("offensive_order", minimum=1, optional=True)
        if order is not None and CONTROLS[control] != "opposition":
            raise row.fail(
                "offensive_order",
                "only opposition-held places can be on the offensive axis; leave it empty",
            )
        capacity = row.integer("capacity", minimum=0, optional=True)
        if capacity is not None and PLACE_KINDS[kind] != "camp":
            raise row.fail("capacity", "only camps have a capacity; leave it empty")
        _put(cols, id=pid, name=row.text("name"), kind=kind, control=control)
        _put(cols, country=COUNTRIES[row.choice("country", COUNTRIES)])
        _put(cols, lat=row.real("lat", -90, 90), lon=row.real("lon", -180, 180))
        _put(cols, population=row.integer("population", minimum=0))
        _put(cols, other_migrants=row.integer("other_migrants", minimum=0))
        _put(cols, offensive_order=-1 if order is None else order)
        _put(cols, capacity=-1 if capacity is None else capacity)
        row.text("source")
    if not rows:
        raise WorldDataError("places.csv: no places")
    if len(rows) > np.iinfo(np.int16).max:
        raise WorldDataError(f"places.csv: {len(rows)} places; at most 32767 are supported")
    return cols


def _parse_routes(rows: list[Row], lookup: dict[str, int], lat, lon) -> dict[str, list]:
    cols: dict[str, list] = {c: [] for c in _ROUTE_DTYPES}
    first: dict[tuple[int, int], int] = {}
    for row in rows:
        a, b = row.place("from", lookup), row.place("to", lookup)
        if a == b:
            raise row.fail("to", "self-loop: a route must join two different places")
        pair = (min(a, b), max(a, b))
        if pair in first:
            ends = f"{row.values['from']!r} and {row.values['to']!r}"
            raise row.fail(
                None, f"duplicate route between {ends} (first in data row {first[pair]})"
            )
        first[pair] = row.number
        km = row.real("distance_km", 0, 1e5, above_low=True)
        straight = haversine_km(lat[a], lon[a], lat[b], lon[b])
        if km < MIN_SHARE_OF_GREAT_CIRCLE * straight:
            raise row.fail(
                "distance_km",
                f"{km:g} km is shorter than the great-circle distance "
                f"{straight:.1f} km between the two places",
            )
        _put(cols, src=a, dst=b, distance_km=km, kind=row.choice("kind", ROUTE_KINDS))
        _put(cols, border=row.choice("border", BORDERS, optional=True))
        row.text("source")
    return cols


def _adjacency(n: int, src: np.ndarray, dst: np.ndarray) -> tuple[np.ndarray, ...]:
    """CSR over both directions of every route, neighbours ascending: (start, route, to)."""
    ends = np.concatenate([src, dst]).astype(np.int64)
    others = np.concatenate([dst, src])
    routes = np.concatenate([np.arange(len(src)), np.arange(len(src))])
    order = np.lexsort((others, ends))
    start = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(ends, minlength=n), out=start[1:])
    return start, routes[order].astype(np.int32), others[order].astype(np.int16)


def _check_connected(routes_label: str, place_rows: list[Row], start, adj_to) -> None:
    n = len(place_rows)
    graph = csr_matrix((np.ones(len(adj_to)), adj_to, start), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    cut = [place_rows[i] for i in np.flatnonzero(labels != labels[0])]
    if cut:
        named = ", ".join(f"{r.values['id']!r} ({r.file} data row {r.number})" for r in cut)
        raise WorldDataError(
            f"{routes_label}: the route graph is not connected: {len(cut)} place(s) cannot be "
            f"reached from {place_rows[0].values['id']!r}: {named}; add routes to them"
        )


def _parse_posts(rows: list[Row], lookup: dict[str, int]) -> dict[str, list]:
    cols: dict[str, list] = {"id": [], "name": [], "lat": [], "lon": [], "place": []}
    first: dict[str, int] = {}
    for row in rows:
        pid = row.slug("id")
        if pid in first:
            raise row.fail("id", f"duplicate post id {pid!r} (first in data row {first[pid]})")
        first[pid] = row.number
        _put(cols, id=pid, name=row.text("name"), place=row.place("nearest_place", lookup))
        _put(cols, lat=row.real("lat", -90, 90), lon=row.real("lon", -180, 180))
        row.date("established")
        row.text("source")
    return cols


def _frozen(values, dtype) -> np.ndarray:
    array = np.asarray(values, dtype=dtype)
    array.setflags(write=False)
    return array


def _load(directory: Path | Traversable) -> World:
    place_rows = read_table(directory, "places.csv", PLACE_COLUMNS)
    route_rows = read_table(directory, "routes.csv", ROUTE_COLUMNS)
    post_rows = read_table(directory, "observation_posts.csv", POST_COLUMNS)
    p = _parse_places(place_rows)
    lookup = {pid: i for i, pid in enumerate(p["id"])}
    r = _parse_routes(route_rows, lookup, p["lat"], p["lon"])
    route = {name: _frozen(r[name], dtype) for name, dtype in _ROUTE_DTYPES.items()}
    start, adj_route, adj_to = _adjacency(len(p["id"]), route["src"], route["dst"])
    _check_connected(str(directory / "routes.csv"), place_rows, start, adj_to)
    o = _parse_posts(post_rows, lookup)
    timeline = read_front_timeline(directory, lookup, np.asarray(p["control"]))
    return World(
        place_ids=tuple(p["id"]),
        place_names=tuple(p["name"]),
        **{name: _frozen(p[name], dtype) for name, dtype in _PLACE_DTYPES.items()},
        route_from=route["src"],
        route_to=route["dst"],
        **{f"route_{name}": route[name] for name in ("distance_km", "kind", "border")},
        adj_start=_frozen(start, np.int32),
        adj_route=_frozen(adj_route, np.int32),
        adj_to=_frozen(adj_to, np.int16),
        post_ids=tuple(o["id"]),
        post_names=tuple(o["name"]),
        post_lat=_frozen(o["lat"], np.float64),
        post_lon=_frozen(o["lon"], np.float64),
        post_place=_frozen(o["place"], np.int16),
        front_timeline=timeline,
    )


@functools.cache
def _default_world() -> World:
    return _load(resources.files("flashpoint") / "data" / "world")


def load_world(directory: str | Path | None = None) -> World:
    """Load and validate the world in ``directory`` (None: the shipped world, loaded once).

    Args:
        directory: Folder holding places.csv, routes.csv and observation_posts.csv (and
            optionally front_timeline.csv).

    Returns:
        The validated :class:`World`; its arrays are read-only (the default one is shared).

    Raises:
        WorldDataError: A file is missing or a row is invalid; the message locates it.
    """
    if directory is None:
        return _default_world()
    return _load(Path(directory))
