"""The world: places, routes and Turkish observation posts, loaded from data files.

The data live in ``data/world/`` (``places.csv``, ``routes.csv``, ``observation_posts.csv``), each
row with its source. ``load_world`` validates them and fails with a message naming the file, the
row and the column on any mistake.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

PLACE_KINDS: tuple[str, ...] = ("conflict_town", "town", "camp", "border_crossing", "city",
                                "border_point", "coast", "island", "mainland")
CONTROLS: tuple[str, ...] = ("opposition", "regime", "turkish_backed", "turkey", "greece")
ROUTE_KINDS: tuple[str, ...] = ("road", "land_border", "sea")
BORDERS: tuple[str, ...] = ("syria_turkey", "turkey_greece_land", "turkey_greece_sea")
PLACE_COLUMNS = ("id", "name", "country", "kind", "lat", "lon", "population", "other_migrants",
                 "control", "offensive_order", "capacity", "source")
ROUTE_COLUMNS = ("from", "to", "distance_km", "kind", "border", "source")
POST_COLUMNS = ("id", "name", "lat", "lon", "nearest_place", "established", "source")


class WorldDataError(ValueError):
    """A world data file is malformed; the message names the file, row and column."""


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km (sphere of radius 6371 km); works on arrays."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


@dataclass(frozen=True, eq=False)
class World:
    """Places, routes (with a CSR adjacency over both directions) and observation posts."""

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

    @property
    def n_places(self) -> int:
        """Number of places."""
        return len(self.place_ids)

    @property
    def n_routes(self) -> int:
        """Number of routes."""
        return len(self.route_from)

    def index(self, place_id: str) -> int:
        """Index of a place id (KeyError naming close ids)."""
        try:
            return self.place_ids.index(place_id)
        except ValueError:
            close = difflib.get_close_matches(place_id, self.place_ids, n=3)
            raise KeyError(f"unknown place '{place_id}'" + (
                f"; did you mean {', '.join(close)}?" if close else "")) from None

    def places_of_kind(self, *kinds: str) -> np.ndarray:
        """Indices of the places of the given kinds."""
        codes = [PLACE_KINDS.index(k) for k in kinds]
        return np.flatnonzero(np.isin(self.kind, codes))

    def route_between(self, a: int, b: int) -> int:
        """Index of the route joining places a and b, or -1."""
        s, e = self.adj_start[a], self.adj_start[a + 1]
        hit = np.flatnonzero(self.adj_to[s:e] == b)
        return int(self.adj_route[s + hit[0]]) if len(hit) else -1

    def to_frame(self) -> pd.DataFrame:
        """The places as a table (for charts and maps)."""
        return pd.DataFrame({
            "place": self.place_ids, "name": self.place_names, "country": self.country,
            "kind": [PLACE_KINDS[k] for k in self.kind], "lat": self.lat, "lon": self.lon,
            "population": self.population, "other_migrants": self.other_migrants,
            "control": [CONTROLS[c] for c in self.control],
        })


class _Rows:
    """Rows of one CSV file with their line numbers, for precise errors."""

    def __init__(self, path: Path, columns: tuple[str, ...]) -> None:
        self.name = path.name
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                raise WorldDataError(f"{self.name}: the file is empty")
            header = [h.strip() for h in header]
            missing = [c for c in columns if c not in header]
            extra = [c for c in header if c not in columns]
            if missing or extra:
                raise WorldDataError(
                    f"{self.name}, line 1: columns must be {', '.join(columns)}"
                    + (f"; missing {', '.join(missing)}" if missing else "")
                    + (f"; unexpected {', '.join(extra)}" if extra else ""))
            self.rows = []
            for lineno, raw in enumerate(reader, start=2):
                if not any(cell.strip() for cell in raw):
                    continue
                if len(raw) != len(header):
                    raise WorldDataError(f"{self.name}, line {lineno}: expected {len(header)} "
                                         f"fields, found {len(raw)}")
                self.rows.append((lineno, {h: c.strip() for h, c in zip(header, raw, strict=True)}))

    def fail(self, lineno: int, column: str, message: str) -> WorldDataError:
        return WorldDataError(f"{self.name}, row {lineno - 1} (line {lineno}), column "
                              f"'{column}': {message}")

    def text(self, lineno: int, row: dict, column: str, allowed: tuple[str, ...] = ()) -> str:
        value = row[column]
        if not value:
            raise self.fail(lineno, column, "is empty")
        if allowed and value not in allowed:
            raise self.fail(lineno, column, f"'{value}' is not allowed; allowed: "
                            f"{', '.join(allowed)}")
        return value

    def number(self, lineno: int, row: dict, column: str, lo: float, hi: float,
               integer: bool = False, optional: bool = False) -> float:
        value = row[column]
        if value == "" and optional:
            return -1
        try:
            x = float(value)
        except ValueError:
            raise self.fail(lineno, column, f"'{value}' is not a number") from None
        if integer and x != int(x):
            raise self.fail(lineno, column, f"'{value}' is not a whole number")
        if not lo <= x <= hi:
            raise self.fail(lineno, column, f"{value} is out of range {lo:g} to {hi:g}")
        return x


def load_world(directory: str | Path | None = None) -> World:
    """Load and validate the world from ``directory`` (default: the package's data)."""
    if directory is None:
        return _default_world()
    return _load(Path(directory))


@cache
def _default_world() -> World:
    with resources.as_file(resources.files("flashpoint").joinpath("data/world")) as path:
        return _load(Path(path))


def _load(directory: Path) -> World:
    places = _Rows(directory / "places.csv", PLACE_COLUMNS)
    ids, seen = [], {}
    cols: dict[str, list] = {c: [] for c in PLACE_COLUMNS}
    for ln, row in places.rows:
        pid = places.text(ln, row, "id")
        if pid in seen:
            raise places.fail(ln, "id", f"duplicate place id '{pid}' (first on line {seen[pid]})")
        seen[pid] = ln
        ids.append(pid)
        cols["name"].append(places.text(ln, row, "name"))
        cols["country"].append(places.text(ln, row, "country", ("SY", "TR", "GR")))
        cols["kind"].append(PLACE_KINDS.index(places.text(ln, row, "kind", PLACE_KINDS)))
        cols["lat"].append(places.number(ln, row, "lat", -90, 90))
        cols["lon"].append(places.number(ln, row, "lon", -180, 180))
        cols["population"].append(places.number(ln, row, "population", 0, 1e9, True))
        cols["other_migrants"].append(places.number(ln, row, "other_migrants", 0, 1e9, True))
        cols["control"].append(CONTROLS.index(places.text(ln, row, "control", CONTROLS)))
        cols["offensive_order"].append(
            places.number(ln, row, "offensive_order", 1, 10_000, True, optional=True))
        cols["capacity"].append(places.number(ln, row, "capacity", 0, 1e9, True, optional=True))
        places.text(ln, row, "source")
    if not ids:
        raise WorldDataError("places.csv: no places")
    routes = _Rows(directory / "routes.csv", ROUTE_COLUMNS)
    rf, rt, rd, rk, rb, pairs = [], [], [], [], [], {}
    for ln, row in routes.rows:
        ends = []
        for col in ("from", "to"):
            name = routes.text(ln, row, col)
            if name not in seen:
                close = difflib.get_close_matches(name, ids, n=3)
                raise routes.fail(ln, col, f"route to unknown place '{name}'" + (
                    f"; did you mean {', '.join(close)}?" if close else ""))
            ends.append(seen and ids.index(name))
        if ends[0] == ends[1]:
            raise routes.fail(ln, "to", "a route cannot join a place to itself")
        key = tuple(sorted(ends))
        if key in pairs:
            raise routes.fail(ln, "to", f"duplicate route (first on line {pairs[key]})")
        pairs[key] = ln
        dist = routes.number(ln, row, "distance_km", 0, 20_000)
        if dist <= 0:
            raise routes.fail(ln, "distance_km", "must be positive")
        rf.append(ends[0]); rt.append(ends[1]); rd.append(dist)  # noqa: E702
        rk.append(ROUTE_KINDS.index(routes.text(ln, row, "kind", ROUTE_KINDS)))
        border = row["border"]
        if border and border not in BORDERS:
            raise routes.fail(ln, "border", f"'{border}' is not allowed; allowed: empty, "
                              f"{', '.join(BORDERS)}")
        rb.append(BORDERS.index(border) if border else -1)
        routes.text(ln, row, "source")
    n = len(ids)
    rf_a, rt_a = np.array(rf, dtype=np.int16), np.array(rt, dtype=np.int16)
    src = np.concatenate([rf_a, rt_a]).astype(np.int64)
    dst = np.concatenate([rt_a, rf_a])
    rid = np.concatenate([np.arange(len(rf)), np.arange(len(rf))]).astype(np.int32)
    order = np.lexsort((dst, src))
    adj_start = np.searchsorted(src[order], np.arange(n + 1)).astype(np.int32)
    _check_connected(n, src, dst.astype(np.int64), ids)
    posts = _Rows(directory / "observation_posts.csv", POST_COLUMNS)
    p_ids, p_names, p_lat, p_lon, p_place = [], [], [], [], []
    for ln, row in posts.rows:
        p_ids.append(posts.text(ln, row, "id"))
        p_names.append(posts.text(ln, row, "name"))
        p_lat.append(posts.number(ln, row, "lat", -90, 90))
        p_lon.append(posts.number(ln, row, "lon", -180, 180))
        near = posts.text(ln, row, "nearest_place")
        if near not in seen:
            raise posts.fail(ln, "nearest_place", f"unknown place '{near}'")
        p_place.append(ids.index(near))
        posts.text(ln, row, "established")
        posts.text(ln, row, "source")
    return World(
        place_ids=tuple(ids), place_names=tuple(cols["name"]),
        country=np.array(cols["country"]), kind=np.array(cols["kind"], dtype=np.int8),
        lat=np.array(cols["lat"]), lon=np.array(cols["lon"]),
        population=np.array(cols["population"], dtype=np.int64),
        other_migrants=np.array(cols["other_migrants"], dtype=np.int64),
        control=np.array(cols["control"], dtype=np.int8),
        offensive_order=np.array(cols["offensive_order"], dtype=np.int16),
        capacity=np.array(cols["capacity"], dtype=np.int64),
        route_from=rf_a, route_to=rt_a, route_distance_km=np.array(rd, dtype=np.float32),
        route_kind=np.array(rk, dtype=np.int8), route_border=np.array(rb, dtype=np.int8),
        adj_start=adj_start, adj_route=rid[order], adj_to=dst[order].astype(np.int16),
        post_ids=tuple(p_ids), post_names=tuple(p_names), post_lat=np.array(p_lat),
        post_lon=np.array(p_lon), post_place=np.array(p_place, dtype=np.int16),
    )


def _check_connected(n: int, src: np.ndarray, dst: np.ndarray, ids: list[str]) -> None:
    seen = np.zeros(n, dtype=bool)
    stack = [0]
    seen[0] = True
    while stack:
        a = stack.pop()
        for b in dst[src == a]:
            if not seen[b]:
                seen[b] = True
                stack.append(int(b))
    if not seen.all():
        lost = [ids[i] for i in np.flatnonzero(~seen)][:5]
        raise WorldDataError(f"routes.csv: the network is not connected; unreachable from "
                             f"'{ids[0]}': {', '.join(lost)}")
