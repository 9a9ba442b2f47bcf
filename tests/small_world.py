"""A small synthetic world, written as the shipped world's CSV files, for fast tests.

Four towns on the offensive axis, two camps, a Turkish-held town, a crossing into Turkey, a few
Turkish cities with migrants, the Evros border point, a coast, an island and the Greek mainland.
Long routes (210-250 km) in the Syrian part make the daily distance limit matter.
"""

from __future__ import annotations

import csv
from pathlib import Path

PLACES = [
    # id, name, country, kind, lat, lon, population, other, control, order, capacity
    ("town_a", "Town A", "SY", "conflict_town", 35.60, 36.70, 3000, 0, "opposition", 1, ""),
    ("town_b", "Town B", "SY", "conflict_town", 35.80, 36.70, 3000, 0, "opposition", 2, ""),
    ("town_c", "Town C", "SY", "conflict_town", 35.90, 36.60, 2000, 0, "opposition", 3, ""),
    ("town_d", "Town D", "SY", "conflict_town", 36.00, 36.60, 2000, 0, "opposition", 4, ""),
    ("camp_north", "Camp North", "SY", "camp", 36.20, 36.60, 1000, 0, "opposition", "", 3000),
    ("camp_west", "Camp West", "SY", "camp", 36.15, 36.50, 500, 0, "opposition", "", 2000),
    ("north_town", "North Town", "SY", "town", 36.50, 36.90, 1500, 0, "turkish_backed", "", ""),
    ("gate", "Gate", "SY", "border_crossing", 36.23, 36.65, 0, 0, "opposition", "", ""),
    ("reyhanli", "Reyhanli", "TR", "city", 36.27, 36.57, 1000, 100, "turkey", "", ""),
    ("istanbul", "Istanbul", "TR", "city", 41.01, 28.98, 4000, 2000, "turkey", "", ""),
    ("edirne", "Edirne", "TR", "city", 41.68, 26.56, 200, 100, "turkey", "", ""),
    ("izmir", "Izmir", "TR", "city", 38.42, 27.14, 1000, 500, "turkey", "", ""),
    (
        "pazarkule_kastanies",
        "Pazarkule",
        "TR",
        "border_point",
        41.65,
        26.50,
        0,
        0,
        "turkey",
        "",
        "",
    ),
    ("ayvalik", "Ayvalik", "TR", "coast", 39.32, 26.69, 0, 0, "turkey", "", ""),
    ("lesbos", "Lesbos", "GR", "island", 39.10, 26.55, 0, 0, "greece", "", ""),
    ("greek_mainland", "Greek mainland", "GR", "mainland", 40.85, 25.87, 0, 0, "greece", "", ""),
]
ROUTES = [
    ("town_a", "town_b", 25, "road", ""),
    ("town_b", "town_c", 15, "road", ""),
    ("town_c", "town_d", 15, "road", ""),
    ("town_d", "camp_north", 25, "road", ""),
    ("town_d", "camp_west", 20, "road", ""),
    ("camp_west", "camp_north", 12, "road", ""),
    ("town_a", "north_town", 250, "road", ""),
    ("town_c", "north_town", 210, "road", ""),
    ("camp_north", "gate", 7, "road", ""),
    ("gate", "reyhanli", 9, "land_border", "syria_turkey"),
    ("reyhanli", "istanbul", 1050, "road", ""),
    ("reyhanli", "izmir", 1000, "road", ""),
    ("istanbul", "edirne", 240, "road", ""),
    ("edirne", "pazarkule_kastanies", 8, "land_border", "turkey_greece_land"),
    ("pazarkule_kastanies", "greek_mainland", 110, "land_border", "turkey_greece_land"),
    ("izmir", "ayvalik", 150, "road", ""),
    ("ayvalik", "lesbos", 28, "sea", "turkey_greece_sea"),
    ("lesbos", "greek_mainland", 300, "sea", ""),
    ("istanbul", "izmir", 480, "road", ""),
]
POSTS = [
    ("post_1", "Post 1", 35.85, 36.68, "town_b", "2018-04-01"),
    ("post_2", "Post 2", 36.05, 36.60, "town_d", "2018-04-01"),
]


def write_small_world(
    directory: Path,
    places: list | None = None,
    routes: list | None = None,
    posts: list | None = None,
) -> Path:
    """Write places.csv, routes.csv and observation_posts.csv into ``directory``.

    Defaults to the small world above; tests may pass their own rows in the same shapes.
    """
    directory.mkdir(parents=True, exist_ok=True)
    tables = (
        (
            "places.csv",
            [
                "id",
                "name",
                "country",
                "kind",
                "lat",
                "lon",
                "population",
                "other_migrants",
                "control",
                "offensive_order",
                "capacity",
                "source",
            ],
            PLACES if places is None else places,
        ),
        (
            "routes.csv",
            ["from", "to", "distance_km", "kind", "border", "source"],
            ROUTES if routes is None else routes,
        ),
        (
            "observation_posts.csv",
            ["id", "name", "lat", "lon", "nearest_place", "established", "source"],
            POSTS if posts is None else posts,
        ),
    )
    for name, header, rows in tables:
        with open(directory / name, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            for row in rows:
                w.writerow([*row, "synthetic test data"])
    return directory
