"""What every briefing chart shares: sizes, colours, the source line, the title, the bands.

The source line names the model, the replicates, the scale, the seed and the scenario's
assumption (its description, shortened; the page gives it in full).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import altair as alt
import pandas as pd

from flashpoint.briefing.results import Results

#: Plot area of a single chart, in pixels (a 16:9 slide holds one at PNG scale 2).
WIDTH_PX = 640
HEIGHT_PX = 300
#: Small multiples (one panel per dyad, per metric).
PANEL_WIDTH_PX = 560
PANEL_HEIGHT_PX = 110
#: Characters per source line and of a scenario description in it.
SOURCE_LINE_CHARS = 120
#: Beyond this many scenarios a chart names them instead of describing each (the page and the
#: manifests hold the descriptions).
MAX_DESCRIBED_SCENARIOS = 3
DESCRIPTION_CHARS = 160
#: Quantiles shown as bands: the median, the 50% band and the 90% band across replicates.
QUANTILES = {"p05": 0.05, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p95": 0.95}
#: Opacity of the 90% and the 50% bands.
BAND90_OPACITY = 0.18
BAND50_OPACITY = 0.35
#: Date axis: one label per month.
DATE_AXIS = alt.Axis(format="%b %Y", labelAngle=0, tickCount="month", title="Date")
#: Colour of the source line and notes.
NOTE_COLOR = "#555555"
#: Fonts (pixels) readable on a slide.
TITLE_FONT_PX = 18
SUBTITLE_FONT_PX = 11
LABEL_FONT_PX = 12


def shorten(text: str, chars: int = DESCRIPTION_CHARS) -> str:
    """``text`` on one line, cut at a word boundary to at most ``chars`` characters."""
    return textwrap.shorten(" ".join(text.split()), width=chars, placeholder=" …")


def run_settings(run: Results) -> str:
    """``N replicates, scale K, seed S`` of a run (``?`` where the manifest does not say)."""
    scale = "?" if run.scale is None else run.scale
    seed = "?" if run.seed is None else run.seed
    return f"{run.replicates} replicates, scale {scale}, seed {seed}"


def source_line(run: Results) -> str:
    """``Source: Flashpoint model, N replicates, scale K, seed S; <scenario>: <description>``."""
    return f"Source: Flashpoint model, {run_settings(run)}; {scenario_line(run)}"


def scenario_line(run: Results) -> str:
    """``<scenario>: <description, shortened>``."""
    return f"{run.name}: {shorten(run.description)}" if run.description else run.name


def source_lines(runs: Sequence[Results], note: str | None = None) -> list[str]:
    """Source lines of the runs, wrapped, with an optional note first.

    Runs with the same replicates, scale and seed share one ``Source:`` line, followed by one
    line per scenario; otherwise each scenario has its own full source line.
    """
    lines = textwrap.wrap(note, SOURCE_LINE_CHARS) if note else []
    settings = {run_settings(run) for run in runs}
    if len(settings) == 1 and len(runs) > MAX_DESCRIBED_SCENARIOS:
        names = ", ".join(run.name for run in runs)
        text = (
            f"Source: Flashpoint model, {settings.pop()}; scenarios {names} "
            "(assumptions: see each scenario's description in the briefing)."
        )
        return lines + textwrap.wrap(text, SOURCE_LINE_CHARS)
    if len(settings) == 1 and len(runs) > 1:
        lines.append(f"Source: Flashpoint model, {settings.pop()}; scenarios:")
        for run in runs:
            lines += textwrap.wrap(scenario_line(run), SOURCE_LINE_CHARS)
        return lines
    for run in runs:
        lines += textwrap.wrap(source_line(run), SOURCE_LINE_CHARS)
    return lines


def chart_title(text: str, runs: Sequence[Results], note: str | None = None) -> alt.TitleParams:
    """A title with the note and the source lines as its subtitle."""
    return alt.TitleParams(
        text=text,
        subtitle=source_lines(runs, note),
        anchor="start",
        fontSize=TITLE_FONT_PX,
        subtitleFontSize=SUBTITLE_FONT_PX,
        subtitleColor=NOTE_COLOR,
        offset=10,
    )


def styled(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Apply the briefing's fonts and a white background."""
    return (
        chart.configure(background="white", padding=12)
        .configure_axis(labelFontSize=LABEL_FONT_PX, titleFontSize=LABEL_FONT_PX + 1)
        .configure_legend(
            labelFontSize=LABEL_FONT_PX, titleFontSize=LABEL_FONT_PX + 1, symbolOpacity=1
        )
        .configure_header(labelFontSize=LABEL_FONT_PX + 1, titleFontSize=LABEL_FONT_PX + 1)
        .configure_view(stroke=None)
    )


def quantile_table(long: pd.DataFrame, by: Sequence[str], value: str = "value") -> pd.DataFrame:
    """Quantiles of ``value`` across replicates: columns ``*by, p05, p25, p50, p75, p95``."""
    grouped = long.groupby(list(by), sort=True)[value]
    table = pd.concat({k: grouped.quantile(q) for k, q in QUANTILES.items()}, axis=1)
    return table.reset_index()


def band_layers(
    base: alt.Chart, color: alt.Color | alt.value, y_title: str, series: str
) -> list[alt.Chart]:
    """The 90% band, the 50% band and the median line of a quantile table's chart.

    Args:
        base: A chart over a quantile table with a temporal ``date`` field.
        color: Colour encoding (or a fixed value) shared by the three layers.
        y_title: Title of the y axis, with its unit.
        series: Name of the field that tells the series apart (for the tooltip).

    Returns:
        Three layers: band 90%, band 50%, median.
    """
    x = alt.X("date:T", axis=DATE_AXIS)
    tip = [
        alt.Tooltip(f"{series}:N"),
        alt.Tooltip("date:T", format="%d %b %Y"),
        alt.Tooltip("p50:Q", title="median", format=",.4~r"),
        alt.Tooltip("p05:Q", title="5%", format=",.4~r"),
        alt.Tooltip("p95:Q", title="95%", format=",.4~r"),
    ]
    band90 = base.mark_area(opacity=BAND90_OPACITY).encode(
        x=x, y=alt.Y("p05:Q", title=y_title), y2="p95:Q", color=color
    )
    band50 = base.mark_area(opacity=BAND50_OPACITY).encode(
        x=x, y=alt.Y("p25:Q", title=y_title), y2="p75:Q", color=color
    )
    median = base.mark_line(strokeWidth=2).encode(
        x=x, y=alt.Y("p50:Q", title=y_title), color=color, tooltip=tip
    )
    return [band90, band50, median]
