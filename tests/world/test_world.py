"""Tests of the world data (places, routes, observation posts) and of its validating loader."""

from __future__ import annotations

import csv
import pickle
import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from flashpoint.world.world import (
    BORDERS,
    CONTROLS,
    PLACE_KINDS,
    ROUTE_KINDS,
    World,
    WorldDataError,
    haversine_km,
    load_world,
)

DATA = Path(str(resources.files("flashpoint") / "data" / "world"))
FILES = ("places.csv", "routes.csv", "observation_posts.csv")


@pytest.fixture(scope="module")
def world() -> World:
    return load_world()


def _codes(world: World, *names: str) -> np.ndarray:
    return np.isin(world.kind, [PLACE_KINDS.index(n) for n in names])


# ---------------------------------------------------------------- the shipped world
def test_shipped_world_loads_with_every_kind_and_twelve_posts(world: World) -> None:
    assert world.n_places >= 35
    assert set(np.unique(world.kind)) == set(range(len(PLACE_KINDS)))
    assert len(world.post_ids) == 12 == len(set(world.post_ids))
    assert world.n_routes == len(world.route_to) == len(world.route_distance_km)
    assert load_world() is world  # the default world is loaded once
    assert not world.population.flags.writeable


def test_populations_match_the_cited_totals(world: World) -> None:
    syria_opposition = (world.country == "SY") & (world.control == CONTROLS.index("opposition"))
    idlib = world.population[syria_opposition & _codes(world, "conflict_town", "camp")].sum()
    assert 2.8e6 <= idlib <= 3.2e6  # OCHA: about 3 million in the Idlib area
    syrians_in_turkey = world.population[_codes(world, "city")].sum()
    assert 3.5e6 <= syrians_in_turkey <= 3.7e6  # DGMM: 3.58 million under temporary protection
    others = world.other_migrants
    assert 3.5e5 <= others[world.country == "TR"].sum() <= 5.5e5
    assert others[world.country != "TR"].sum() == 0
    empty = _codes(world, "border_point", "coast", "island", "mainland")
    assert world.population[empty].sum() == 0
    assert others.argmax() == world.index("istanbul")


def test_axis_capacity_and_control_are_consistent(world: World) -> None:
    on_axis = world.offensive_order >= 0
    towns = _codes(world, "conflict_town") & (world.control == CONTROLS.index("opposition"))
    assert np.array_equal(on_axis, towns)
    ranks = np.sort(world.offensive_order[on_axis])
    assert np.array_equal(ranks, np.arange(1, on_axis.sum() + 1))
    first = world.place_ids[int(np.argmin(np.where(on_axis, world.offensive_order, 999)))]
    assert first in {"jarjanaz", "maar_shurin", "hish", "maarat_al_numan"}  # the south-east first
    assert (
        world.offensive_order[world.index("idlib")] > world.offensive_order[world.index("saraqib")]
    )
    assert world.control[world.index("khan_shaykhun")] == CONTROLS.index("regime")
    camps = _codes(world, "camp")
    assert (world.capacity[camps] > 0).all() and (world.capacity[~camps] == -1).all()


def test_graph_is_connected_and_the_adjacency_lists_both_directions(world: World) -> None:
    seen, stack = {0}, [0]
    while stack:
        p = stack.pop()
        for q in world.adj_to[world.adj_start[p] : world.adj_start[p + 1]].tolist():
            if q not in seen:
                seen.add(q)
                stack.append(q)
    assert len(seen) == world.n_places
    assert world.adj_start[-1] == len(world.adj_route) == 2 * world.n_routes
    for r, (a, b) in enumerate(zip(world.route_from, world.route_to, strict=True)):
        assert world.route_between(int(a), int(b)) == r == world.route_between(int(b), int(a))
    assert world.route_between(world.index("idlib"), world.index("lesbos")) == -1


def test_distances_are_consistent_with_the_coordinates(world: World) -> None:
    a, b = world.route_from, world.route_to
    straight = haversine_km(world.lat[a], world.lon[a], world.lat[b], world.lon[b])
    km = world.route_distance_km.astype(float)
    sea = world.route_kind == ROUTE_KINDS.index("sea")
    assert (km[~sea] >= straight[~sea]).all()
    assert (km[~sea] <= 2.0 * straight[~sea] + 5).all()  # no wild detours
    assert np.allclose(km[sea], straight[sea], rtol=0.02)


def test_borders_sit_where_the_brief_puts_them(world: World) -> None:
    def country(i) -> str:
        return str(world.country[i])

    for r in range(world.n_routes):
        a, b, border = world.route_from[r], world.route_to[r], world.route_border[r]
        ends = {country(a), country(b)}
        if border == BORDERS.index("syria_turkey"):
            assert ends == {"SY", "TR"}
        elif border == BORDERS.index("turkey_greece_sea"):
            assert world.route_kind[r] == ROUTE_KINDS.index("sea")
            assert {PLACE_KINDS[world.kind[a]], PLACE_KINDS[world.kind[b]]} == {"coast", "island"}
        elif border == BORDERS.index("turkey_greece_land"):
            assert world.route_kind[r] == ROUTE_KINDS.index("land_border")
        else:
            assert len(ends) == 1  # no unmarked border crossing
    for gate in ("pazarkule_kastanies", "ipsala_kipoi"):
        mainland = world.route_between(world.index(gate), world.index("greek_mainland"))
        assert world.route_border[mainland] == BORDERS.index("turkey_greece_land")


def test_every_row_cites_a_source_and_sources_md_exists() -> None:
    for name in FILES:
        with open(DATA / name, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert rows and all(row["source"].strip() for row in rows), name
    text = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    for cited in ("OCHA", "DGMM", "UNHCR", "GeoNames", "great-circle x 1.3"):
        assert cited in text


def test_posts_name_their_nearest_modelled_place(world: World) -> None:
    for i in range(len(world.post_ids)):
        km = haversine_km(world.post_lat[i], world.post_lon[i], world.lat, world.lon)
        assert world.post_place[i] == int(np.argmin(km)), world.post_ids[i]
        assert km.min() < 25


def test_api_lookups_frame_and_pickle(world: World) -> None:
    assert world.place_ids[world.index("idlib")] == "idlib"
    with pytest.raises(KeyError, match="idlib"):
        world.index("idleb")
    camps = world.places_of_kind("camp")
    assert len(camps) >= 6 and (world.kind[camps] == PLACE_KINDS.index("camp")).all()
    with pytest.raises(ValueError, match="conflict_town"):
        world.places_of_kind("village")
    frame = world.to_frame()
    assert list(frame["place"]) == list(world.place_ids)
    assert frame.loc[world.index("atmeh"), "kind"] == "camp"
    assert frame["offensive_order"].isna().sum() == (world.offensive_order < 0).sum()
    copy = pickle.loads(pickle.dumps(world))
    assert copy.index("lesbos") == world.index("lesbos")
    assert np.array_equal(copy.adj_to, world.adj_to)


def test_haversine_scalars_and_arrays() -> None:
    istanbul_ankara = haversine_km(41.0082, 28.9784, 39.9334, 32.8597)
    assert isinstance(istanbul_ankara, float) and 345 < istanbul_ankara < 355
    both = haversine_km(np.array([0.0, 0.0]), np.array([0.0, 0.0]), np.array([0.0, 1.0]), 0.0)
    assert both.shape == (2,) and both[0] == 0 and 111 < both[1] < 111.4


# ---------------------------------------------------------------- validation
Rows = list[list[str]]


def _broken(tmp_path: Path, filename: str, edit: Callable[[Rows], None]) -> Path:
    """A copy of the shipped world in tmp_path with ``edit`` applied to one file's rows."""
    for name in FILES:
        shutil.copy(DATA / name, tmp_path / name)
    with open(tmp_path / filename, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    edit(rows)
    with open(tmp_path / filename, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return tmp_path


def _set(row: int, column: str, value: str) -> Callable[[Rows], None]:
    """Set ``column`` of data row ``row`` (1-based) to ``value``."""

    def edit(rows: Rows) -> None:
        rows[row][rows[0].index(column)] = value

    return edit


def _first_row(filename: str, **match: str) -> int:
    """The 1-based data row of the first row of a shipped file whose columns match."""
    with open(DATA / filename, newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=1):
            if all(row[k] == v for k, v in match.items()):
                return number
    raise AssertionError(match)


def _drop_routes_of(place: str) -> Callable[[Rows], None]:
    def edit(rows: Rows) -> None:
        rows[1:] = [r for r in rows[1:] if place not in (r[0], r[1])]

    return edit


def _self_loop(row: int) -> Callable[[Rows], None]:
    def edit(rows: Rows) -> None:
        rows[row][1] = rows[row][0]

    return edit


def _duplicate_reversed(rows: Rows) -> None:
    rows[3][0], rows[3][1] = rows[1][1], rows[1][0]


CAMP = _first_row("places.csv", kind="camp")
ROW_CASES = [
    ("places.csv", 3, _set(3, "id", "jarjanaz"), "duplicate place id"),
    ("places.csv", 4, _set(4, "id", "Maarat"), "snake_case"),
    ("places.csv", 2, _set(2, "kind", "village"), "allowed: conflict_town, town, camp"),
    ("places.csv", 2, _set(2, "control", "rebels"), "allowed: opposition, regime"),
    ("places.csv", 2, _set(2, "country", "SYR"), "allowed: SY, TR, GR"),
    ("places.csv", 5, _set(5, "lat", ""), "missing value"),
    ("places.csv", 5, _set(5, "lat", "95"), "out of range"),
    ("places.csv", 5, _set(5, "lon", "-190.5"), "out of range"),
    ("places.csv", 6, _set(6, "population", "-5"), "out of range"),
    ("places.csv", 6, _set(6, "other_migrants", "-1"), "out of range"),
    ("places.csv", CAMP, _set(CAMP, "capacity", "-100"), "out of range"),
    ("places.csv", 6, _set(6, "population", "12.5"), "not an integer"),
    ("places.csv", 6, _set(6, "population", "many"), "not an integer"),
    ("places.csv", 7, _set(7, "offensive_order", "first"), "not an integer"),
    ("places.csv", 1, _set(1, "capacity", "500"), "only camps have a capacity"),
    ("places.csv", 8, _set(8, "source", ""), "empty"),
    ("routes.csv", 2, _set(2, "to", "idleb"), "close ids: idlib"),
    ("routes.csv", 2, _set(2, "from", "nowhere_at_all"), "unknown place"),
    ("routes.csv", 3, _set(3, "distance_km", "0"), "out of range"),
    ("routes.csv", 3, _set(3, "distance_km", "-4"), "out of range"),
    ("routes.csv", 3, _set(3, "distance_km", "1.0"), "shorter than the great-circle"),
    ("routes.csv", 4, _set(4, "kind", "rail"), "allowed: road, land_border, sea"),
    ("routes.csv", 4, _set(4, "border", "syria_iraq"), "allowed: syria_turkey"),
    ("routes.csv", 5, _self_loop(5), "self-loop"),
    ("routes.csv", 3, _duplicate_reversed, "duplicate route"),
    ("routes.csv", 6, _set(6, "source", " "), "empty"),
    ("observation_posts.csv", 2, _set(2, "nearest_place", "idleb"), "close ids: idlib"),
    ("observation_posts.csv", 3, _set(3, "established", "2018-13-45"), "YYYY-MM-DD"),
    ("observation_posts.csv", 4, _set(4, "id", "op_salwa"), "duplicate post id"),
    ("observation_posts.csv", 5, _set(5, "source", ""), "empty"),
]


@pytest.mark.parametrize(("filename", "row", "edit", "expected"), ROW_CASES)
def test_bad_rows_are_located(tmp_path, filename, row, edit, expected) -> None:
    directory = _broken(tmp_path, filename, edit)
    with pytest.raises(WorldDataError) as caught:
        load_world(directory)
    message = str(caught.value)
    assert filename in message and f"data row {row} (line {row + 1})" in message, message
    assert expected in message, message


def test_offensive_order_only_for_opposition_places(tmp_path) -> None:
    row = _first_row("places.csv", id="khan_shaykhun")
    with pytest.raises(WorldDataError, match="only opposition-held places"):
        load_world(_broken(tmp_path, "places.csv", _set(row, "offensive_order", "1")))


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda rows: [r.pop() for r in rows], "missing columns ['source']"),
        (lambda rows: [r.append("x") for r in rows], "unexpected columns ['x']"),
    ],
)
def test_missing_and_extra_columns(tmp_path, edit, expected) -> None:
    directory = _broken(tmp_path, "routes.csv", edit)
    with pytest.raises(WorldDataError) as caught:
        load_world(directory)
    message = str(caught.value)
    assert "routes.csv" in message and "line 1" in message and expected in message


def test_a_short_row_is_located(tmp_path) -> None:
    directory = _broken(tmp_path, "places.csv", lambda rows: rows[9].pop())
    with pytest.raises(WorldDataError, match=r"places\.csv: data row 9 \(line 10\).*11 fields"):
        load_world(directory)


def test_a_disconnected_place_is_named_with_its_row(tmp_path) -> None:
    row = _first_row("places.csv", id="jarabulus")
    directory = _broken(tmp_path, "routes.csv", _drop_routes_of("jarabulus"))
    with pytest.raises(WorldDataError) as caught:
        load_world(directory)
    message = str(caught.value)
    assert "routes.csv" in message and "not connected" in message
    assert "'jarabulus' (" in message and f"places.csv data row {row})" in message


def test_a_missing_file_is_named(tmp_path) -> None:
    directory = _broken(tmp_path, "places.csv", lambda rows: None)
    (directory / "observation_posts.csv").unlink()
    with pytest.raises(WorldDataError, match=r"observation_posts\.csv: file not found"):
        load_world(directory)


def test_line_numbers_count_blank_lines_and_multiline_fields(tmp_path) -> None:
    directory = _broken(tmp_path, "places.csv", lambda rows: None)
    lines = (directory / "places.csv").read_text(encoding="utf-8").splitlines()
    lines.insert(2, "")  # blank line 3: skipped, not a data row
    lines[1] = lines[1].replace("Jarjanaz (with Tell Mannas)", '"Jarjanaz\nwith Tell Mannas"')
    lines[4] = lines[4].replace(",SY,", ",XX,", 1)  # data row 3 starts on line 6
    (directory / "places.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(WorldDataError, match=r"data row 3 \(line 6\), column 'country'"):
        load_world(directory)
