"""Saving a chart as PNG and SVG for slides (vl-convert, no browser needed)."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import vl_convert as vlc

#: PNG pixels per chart pixel (sharp on a projector and in print).
PNG_SCALE = 2


def save_chart(chart: alt.TopLevelMixin, path_stem: str | Path) -> list[Path]:
    """Write ``<path_stem>.png`` (scale 2) and ``<path_stem>.svg``.

    Args:
        chart: An Altair chart.
        path_stem: Path without extension; its folder is created if needed.

    Returns:
        The PNG and SVG paths.
    """
    stem = Path(path_stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    spec = chart.to_dict()
    png = stem.with_name(stem.name + ".png")
    svg = stem.with_name(stem.name + ".svg")
    png.write_bytes(vlc.vegalite_to_png(spec, scale=PNG_SCALE))
    svg.write_text(vlc.vegalite_to_svg(spec))
    return [png, svg]
