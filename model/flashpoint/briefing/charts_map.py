"""The map: country outlines, places sized by the people present on a date, the main flows.

Two panels: the region (Syria to the Greek border and the Aegean islands) with the main flows
outside Syria, and the Idlib area with its main flows. Outlines are Natural Earth 1:50m
(``data/geo/SOURCE.md``); place coordinates come from ``data/world/places.csv`` (read as data).
"""

from __future__ import annotations

import io
import json
import math
from importlib import resources
from typing import Any

import altair as alt
import pandas as pd

from flashpoint.briefing.charts_common import chart_title, styled
from flashpoint.briefing.results import Results

#: Default date of the map: the end of the first month of the forecast.
MAP_DATE = pd.Timestamp("2020-03-31")
#: Origin-destination pairs drawn per panel.
FLOW_COUNT = 15
#: Panels: (title, lon_min, lon_max, lat_min, lat_max, width in pixels); degrees.
REGION_PANEL = ("Region: main flows outside Syria", 22.0, 45.0, 33.0, 43.0, 680)
IDLIB_PANEL = ("Idlib area: main flows", 35.9, 37.6, 35.3, 36.9, 330)
#: Fill of the countries the story happens in; other countries get OTHER_FILL.
COUNTRY_FILLS = {"Syria": "#efe6d8", "Turkey": "#e8eef5", "Greece": "#dcead9"}
OTHER_FILL = "#f4f4f4"
SEA_FILL = "#cfe3f2"
#: Marker of each place kind (kinds of ``places.csv``); the Greek side stands out in red.
KIND_MARKERS = {
    "conflict_town": ("Idlib-area town", "circle", "#8c6d31"),
    "camp": ("Camp area", "circle", "#bd9e39"),
    "town": ("Town (north Aleppo)", "circle", "#9c9ede"),
    "border_crossing": ("Syria-Turkey crossing", "square", "#636363"),
    "city": ("Turkish city", "circle", "#6b6ecf"),
    "coast": ("Aegean departure coast", "circle", "#3182bd"),
    "border_point": ("Greek land border gate", "triangle-up", "#d62728"),
    "island": ("Greek island", "diamond", "#d62728"),
    "mainland": ("Greek mainland", "diamond", "#d62728"),
}
#: Kinds of the Greek side: drawn with a fixed-size red marker whatever the people present.
GREEK_SIDE_KINDS = ("border_point", "island", "mainland")
GREEK_MARKER_PX2 = 110
#: Kinds labelled to the left of their marker (the gates and islands: Istanbul and Izmir lie east).
LEFT_LABEL_KINDS = ("border_point", "island")
#: Short names written on each panel (place id -> label); the Greek side's labels go left.
REGION_LABELS = {
    "pazarkule_kastanies": "Kastanies gate (Evros)",
    "ipsala_kipoi": "Kipoi gate (Evros)",
    "lesbos": "Lesbos",
    "chios": "Chios",
    "samos": "Samos",
    "greek_mainland": "Thessaloniki",
    "istanbul": "Istanbul",
    "izmir": "Izmir",
    "ankara": "Ankara",
    "gaziantep": "Gaziantep",
}
IDLIB_LABELS = {
    "idlib": "Idlib",
    "atmeh": "Atmeh camps",
    "sarmada": "Sarmada",
    "saraqib": "Saraqib",
    "maarat_al_numan": "Maarat al-Numan",
    "jisr_al_shughur": "Jisr al-Shughur",
    "afrin": "Afrin",
    "azaz": "Azaz",
}
FLOW_COLOR = "#e6550d"
LEGEND_TITLE_PX = 400
FLOW_WIDTH_PX = (0.8, 7.0)
PLACE_SIZE_PX2 = (8, 700)


def load_outlines() -> dict[str, Any]:
    """The shipped country outlines (GeoJSON FeatureCollection)."""
    path = resources.files("flashpoint").joinpath("data", "geo", "countries_50m_clipped.geojson")
    return json.loads(path.read_text())


def load_places() -> pd.DataFrame:
    """Places with coordinates: ``id, name, country, kind, lat, lon`` from ``places.csv``."""
    text = resources.files("flashpoint").joinpath("data", "world", "places.csv").read_text()
    return pd.read_csv(io.StringIO(text))[["id", "name", "country", "kind", "lat", "lon"]]


def people_on(run: Results, date: pd.Timestamp, places: pd.DataFrame) -> pd.DataFrame:
    """People present per place on ``date``: median and 5-95% of replicates, with coordinates."""
    table = run.places
    on_day = table[table["date"] == date]
    grouped = on_day.groupby("place")["people"]
    stats = pd.concat(
        {"people": grouped.median(), "p05": grouped.quantile(0.05), "p95": grouped.quantile(0.95)},
        axis=1,
    ).reset_index()
    merged = places.merge(stats, left_on="id", right_on="place", how="inner")
    merged["marker"] = merged["kind"].map(lambda k: KIND_MARKERS.get(k, (k,))[0])
    merged["greek_side"] = merged["kind"].isin(GREEK_SIDE_KINDS)
    return merged


def top_flows(
    run: Results, places: pd.DataFrame, count: int, *, outside_syria: bool
) -> pd.DataFrame:
    """The ``count`` origin-destination pairs that moved the most people over the whole run.

    Each replicate's total per pair is taken, then the median over replicates ranks the pairs.

    Args:
        run: Results with a flows table.
        places: From :func:`load_places`.
        count: Pairs kept.
        outside_syria: Keep only pairs with an end outside Syria (else pairs inside Syria).

    Returns:
        ``origin, destination, people, p05, p95`` and both ends' coordinates and country.
    """
    totals = run.flows.groupby(["replicate", "origin", "destination"])["people"].sum()
    grouped = totals.groupby(["origin", "destination"])
    stats = pd.concat(
        {"people": grouped.median(), "p05": grouped.quantile(0.05), "p95": grouped.quantile(0.95)},
        axis=1,
    ).reset_index()
    ends = places.set_index("id")[["name", "country", "lat", "lon"]]
    stats = stats.join(ends.add_prefix("o_"), on="origin").join(
        ends.add_prefix("d_"), on="destination"
    )
    stats = stats.dropna(subset=["o_lat", "d_lat"])
    abroad = (stats["o_country"] != "SY") | (stats["d_country"] != "SY")
    stats = stats[abroad if outside_syria else ~abroad]
    return stats.nlargest(count, "people").reset_index(drop=True)


def _projection(panel: tuple) -> tuple[alt.Projection, int, int]:
    """A Mercator projection that fits the panel's box, and the panel's width and height."""
    _title, lon0, lon1, lat0, lat1, width = panel
    scale = width / math.radians(lon1 - lon0)

    def merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    height = round(scale * (merc(lat1) - merc(lat0)))
    center = [
        (lon0 + lon1) / 2,
        math.degrees(2 * math.atan(math.exp((merc(lat0) + merc(lat1)) / 2)) - math.pi / 2),
    ]
    projection = alt.Projection(
        type="mercator", scale=scale, center=center, translate=[width / 2, height / 2]
    )
    return projection, width, height


def _panel(
    panel: tuple,
    outlines: dict,
    people: pd.DataFrame,
    flows: pd.DataFrame,
    date_text: str,
    names: dict[str, str],
) -> alt.LayerChart:
    projection, width, height = _projection(panel)
    kinds = [k for k in KIND_MARKERS if KIND_MARKERS[k][0] in set(people["marker"])]
    marker_domain = [KIND_MARKERS[k][0] for k in kinds]
    features = [
        f
        | {
            "properties": f["properties"]
            | {"fill": COUNTRY_FILLS.get(f["properties"]["name"], OTHER_FILL)}
        }
        for f in outlines["features"]
    ]
    countries = (
        alt.Chart(alt.Data(values=features))
        .mark_geoshape(stroke="white", strokeWidth=0.8, clip=True)
        .encode(
            color=alt.Color("properties.fill:N", scale=None),
            tooltip=[alt.Tooltip("properties.name:N", title="country")],
        )
    )
    lines = (
        alt.Chart(flows)
        .mark_rule(color=FLOW_COLOR, opacity=0.75, clip=True, strokeCap="round")
        .encode(
            longitude="o_lon:Q",
            latitude="o_lat:Q",
            longitude2="d_lon:Q",
            latitude2="d_lat:Q",
            strokeWidth=alt.StrokeWidth(
                "people:Q",
                title="People moved on the pair (persons)",
                scale=alt.Scale(range=list(FLOW_WIDTH_PX)),
            ),
            tooltip=[
                "o_name:N",
                "d_name:N",
                alt.Tooltip("people:Q", format=",.0f"),
                alt.Tooltip("p05:Q", format=",.0f"),
                alt.Tooltip("p95:Q", format=",.0f"),
            ],
        )
    )
    dots = (
        alt.Chart(people)
        .mark_point(filled=True, opacity=0.85, stroke="white", strokeWidth=0.5, clip=True)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            size=alt.Size(
                "people:Q",
                title=f"People present on {date_text} (persons)",
                scale=alt.Scale(range=list(PLACE_SIZE_PX2)),
            ),
            shape=alt.Shape(
                "marker:N",
                title="Place",
                scale=alt.Scale(domain=marker_domain, range=[KIND_MARKERS[k][1] for k in kinds]),
            ),
            color=alt.Color(
                "marker:N",
                title="Place",
                scale=alt.Scale(domain=marker_domain, range=[KIND_MARKERS[k][2] for k in kinds]),
            ),
            tooltip=[
                "name:N",
                alt.Tooltip("people:Q", format=",.0f"),
                alt.Tooltip("p05:Q", format=",.0f"),
                alt.Tooltip("p95:Q", format=",.0f"),
            ],
        )
    )
    greek = (
        alt.Chart(people[people["greek_side"]])
        .mark_point(filled=True, size=GREEK_MARKER_PX2, opacity=1, stroke="white", clip=True)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            shape=alt.Shape("marker:N"),
            color=alt.Color("marker:N"),
            tooltip=["name:N", alt.Tooltip("people:Q", format=",.0f")],
        )
    )
    named = people[people["id"].isin(names)].assign(label=lambda t: t["id"].map(names))
    labels = []
    leftward = named["kind"].isin(LEFT_LABEL_KINDS)
    for left, align, dx in ((False, "left", 8), (True, "right", -9)):
        labels.append(
            alt.Chart(named[leftward == left])
            .mark_text(align=align, dx=dx, fontSize=11, fontWeight="bold", clip=True)
            .encode(longitude="lon:Q", latitude="lat:Q", text="label:N")
        )
    sea = alt.Chart(alt.sphere()).mark_geoshape(fill=SEA_FILL, clip=True)
    return alt.layer(sea, countries, lines, dots, greek, *labels).properties(
        title=panel[0], width=width, height=height, projection=projection
    )


def map_chart(run: Results, date: pd.Timestamp | str | None = None) -> alt.HConcatChart:
    """The region and the Idlib area: people present on a date and the main flows.

    Args:
        run: Results with ``places.parquet`` and ``flows.parquet``.
        date: Day of the circles (default :data:`MAP_DATE`, or the last day when the run ends
            before it).

    Returns:
        Two map panels side by side (the region, and the Idlib area).
    """
    if run.places is None or run.flows is None:
        raise KeyError(f"{run.path}: the map needs places.parquet and flows.parquet")
    last = run.places["date"].max()
    day = pd.Timestamp(date) if date is not None else min(MAP_DATE, last)
    places = load_places()
    outlines = load_outlines()
    people = people_on(run, day, places)
    date_text = day.strftime("%d %b %Y")
    region = _panel(
        REGION_PANEL,
        outlines,
        people,
        top_flows(run, places, FLOW_COUNT, outside_syria=True),
        date_text,
        REGION_LABELS,
    )
    idlib_people = people[people["country"] == "SY"]
    idlib = _panel(
        IDLIB_PANEL,
        outlines,
        idlib_people,
        top_flows(run, places, FLOW_COUNT, outside_syria=False),
        date_text,
        IDLIB_LABELS,
    )
    first, end = run.flows["date"].min(), run.flows["date"].max()
    period = f"{first:%d %b %Y}-{end:%d %b %Y}"
    note = (
        f"Markers: people present on {date_text} (median of replicates; tooltip: 5-95%). "
        f"Lines: the {FLOW_COUNT} origin-destination pairs that moved the most people {period} "
        "(median of replicates' totals). Red: the Greek land border gates and islands. "
        "Outlines: Natural Earth 1:50m (public domain)."
    )
    title = chart_title("Where people are, and where they move", [run], note)
    chart = alt.hconcat(region, idlib, spacing=14).properties(title=title)
    return (
        styled(chart)
        .configure_view(stroke=None)
        .configure_legend(orient="bottom", direction="horizontal", titleLimit=LEGEND_TITLE_PX)
    )
