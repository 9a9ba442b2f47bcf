"""Make ``flashpoint/data/geo/countries_50m_clipped.geojson`` from the world-atlas TopoJSON.

Reproducible recipe (no network except the npm registry)::

    cd "$(mktemp -d)" && npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
    python model/flashpoint/briefing/data/make_outlines.py package/countries-50m.json \
        model/flashpoint/data/geo/countries_50m_clipped.geojson

The TopoJSON arcs are decoded (delta-encoded, quantised), each country's rings are assembled,
clipped to the map's box with the Sutherland-Hodgman algorithm (a rectangle is convex, so the
clip is exact; cut rings get straight edges along the box), rounded and written as GeoJSON.
Ring winding is kept as world-atlas has it (the convention of d3-geo, which Vega uses).
Standard library only; run it with any Python 3.11.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

#: The map's box in degrees: every place of ``data/world/places.csv`` lies inside it (the Greek
#: mainland point at Thessaloniki, 22.9 E, sets the western edge).
LON_MIN_DEG, LON_MAX_DEG = 22.0, 45.0
LAT_MIN_DEG, LAT_MAX_DEG = 33.0, 43.0
#: Decimal places kept (0.001 degree is about 100 m: finer than any 1:50m line).
DECIMALS = 3

Point = tuple[float, float]


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Absolute longitude/latitude of every arc of a quantised TopoJSON topology."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[Point]], indices: list[int]) -> list[Point]:
    """Join arcs into one ring (a negative index ~i means arc i reversed)."""
    points: list[Point] = []
    for i in indices:
        part = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(part[1:] if points else part)
    return points


def clip_ring(points: list[Point]) -> list[Point]:
    """Clip a closed ring to the box (Sutherland-Hodgman against its four edges)."""
    edges = (
        (lambda p: p[0] >= LON_MIN_DEG, lambda a, b: cross_x(a, b, LON_MIN_DEG)),
        (lambda p: p[0] <= LON_MAX_DEG, lambda a, b: cross_x(a, b, LON_MAX_DEG)),
        (lambda p: p[1] >= LAT_MIN_DEG, lambda a, b: cross_y(a, b, LAT_MIN_DEG)),
        (lambda p: p[1] <= LAT_MAX_DEG, lambda a, b: cross_y(a, b, LAT_MAX_DEG)),
    )
    out = points[:-1] if points and points[0] == points[-1] else list(points)
    for inside, cross in edges:
        if not out:
            break
        src, out = out, []
        for k, cur in enumerate(src):
            prev = src[k - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
    if len(out) < 3:
        return []
    rounded = [(round(x, DECIMALS), round(y, DECIMALS)) for x, y in out]
    deduped = [p for k, p in enumerate(rounded) if k == 0 or p != rounded[k - 1]]
    return [*deduped, deduped[0]] if len(deduped) >= 3 else []


def cross_x(a: Point, b: Point, x: float) -> Point:
    """Where segment a-b crosses the meridian x."""
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def cross_y(a: Point, b: Point, y: float) -> Point:
    """Where segment a-b crosses the parallel y."""
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def clipped_features(topology: dict, object_name: str = "countries") -> list[dict]:
    """GeoJSON features of the countries that reach into the box, clipped to it."""
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"][object_name]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        kept = []
        for polygon in polygons:
            rings = [clip_ring(ring(arcs, r)) for r in polygon]
            if rings and rings[0]:
                kept.append([r for r in rings if r])
        if kept:
            features.append(
                {
                    "type": "Feature",
                    "id": geometry.get("id"),
                    "properties": {"name": geometry.get("properties", {}).get("name", "")},
                    "geometry": {"type": "MultiPolygon", "coordinates": kept},
                }
            )
    return features


def main() -> None:
    """Command line: ``make_outlines.py TOPOJSON OUT_GEOJSON``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-50m.json")
    parser.add_argument("out", type=Path, help="GeoJSON file to write")
    args = parser.parse_args()
    topology = json.loads(args.topojson.read_text())
    collection = {
        "type": "FeatureCollection",
        "bbox": [LON_MIN_DEG, LAT_MIN_DEG, LON_MAX_DEG, LAT_MAX_DEG],
        "features": clipped_features(topology),
    }
    args.out.write_text(json.dumps(collection, separators=(",", ":")) + "\n")
    names = ", ".join(sorted(f["properties"]["name"] for f in collection["features"]))
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes): {names}")


if __name__ == "__main__":
    main()
