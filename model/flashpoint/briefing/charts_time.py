"""Charts over time: fan charts of any metric, the Greek border, the escalation ladder per dyad.

Each chart takes loaded results (:class:`~flashpoint.briefing.results.Results`) and returns an
Altair chart; bands are quantiles across replicates computed here from ``daily.parquet``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import altair as alt
import pandas as pd
import yaml

from flashpoint.briefing.charts_common import (
    DATE_AXIS,
    HEIGHT_PX,
    PANEL_HEIGHT_PX,
    PANEL_WIDTH_PX,
    WIDTH_PX,
    band_layers,
    chart_title,
    quantile_table,
    styled,
)
from flashpoint.briefing.metric_info import metric_info
from flashpoint.briefing.results import Results

#: How the bands read, said once in every fan chart's subtitle.
BANDS_NOTE = "Line: median of replicates; dark band: 50% of replicates; light band: 90%."
UNCALIBRATED_NOTE = (
    "Uncalibrated: no source figure constrains it; it follows from assumed parameters."
)
#: Greek border chart: the day it starts (two weeks before Turkey opened its border, 28 Feb 2020).
GREEK_BORDER_FROM = pd.Timestamp("2020-02-15")
#: Greek border series: label -> (daily column, column subtracted from it or None).
GATHERED = ("Gathered at the land border", "at_greek_border")
CUMULATIVE_SERIES = {
    "Prevented by Greece": ("prevented_crossings", None),
    "Crossed by land": ("crossed_to_greece", "sea_arrivals"),
    "Crossed by sea": ("sea_arrivals", None),
}
#: Party ids as written in a briefing.
PARTY_NAMES = {"nato": "NATO", "eu": "EU"}
#: Prefix of the daily rung columns (``escalation_<dyad id>``).
RUNG_COLUMN_PREFIX = "escalation_"
LADDER_SCHEME = "blues"


@dataclass(frozen=True)
class Ladder:
    """The escalation ladder as data: rung names in order (index = rung number) and dyads."""

    rung_ids: tuple[str, ...]
    rung_names: tuple[str, ...]
    dyads: tuple[tuple[str, tuple[str, ...]], ...]

    def dyad_label(self, dyad: str) -> str:
        """``Turkey–Russia`` for ``turkey_russia``."""
        parties = dict(self.dyads).get(dyad, tuple(dyad.split("_")))
        return "–".join(PARTY_NAMES.get(p, p.title()) for p in parties)


def load_ladder() -> Ladder:
    """Read the rungs and dyads from the package's ``data/ladder.yaml``."""
    text = resources.files("flashpoint").joinpath("data", "ladder.yaml").read_text()
    data = yaml.safe_load(text)
    return Ladder(
        rung_ids=tuple(r["id"] for r in data["rungs"]),
        rung_names=tuple(r["name"] for r in data["rungs"]),
        dyads=tuple((d["id"], tuple(d["parties"])) for d in data["dyads"]),
    )


def metric_long(runs: Sequence[Results], metric: str) -> pd.DataFrame:
    """``scenario, replicate, date, value`` of one metric across runs."""
    frames = []
    for run in runs:
        if metric not in run.daily.columns:
            raise KeyError(f"{run.path}: daily.parquet has no metric {metric!r}")
        part = run.daily[["replicate", "date", metric]].rename(columns={metric: "value"})
        frames.append(part.assign(scenario=run.name))
    return pd.concat(frames, ignore_index=True)


#: With more scenarios than this on one fan chart, only the first (the reference) keeps its
#: bands; the others are drawn as median lines, so the chart stays readable on a slide.
MAX_BANDED_SCENARIOS = 3
MANY_SCENARIOS_NOTE = "Bands shown for {reference} only; other scenarios as median lines."


def fan_chart(runs: Sequence[Results], metric: str) -> alt.LayerChart:
    """Median, 50% and 90% bands of ``metric`` over time, one colour per scenario.

    Args:
        runs: One or several scenarios' results (overlaid).
        metric: A column of ``daily.parquet``.

    Returns:
        A layered chart (90% band, 50% band, median line).
    """
    info = metric_info(metric, runs[0].manifest)
    table = quantile_table(metric_long(runs, metric), ["scenario", "date"])
    note = BANDS_NOTE if info.calibrated else f"{BANDS_NOTE} {UNCALIBRATED_NOTE}"
    if len(runs) > MAX_BANDED_SCENARIOS:
        note = f"{note} {MANY_SCENARIOS_NOTE.format(reference=runs[0].name)}"
    color = alt.Color("scenario:N", title="Scenario", legend=alt.Legend(orient="top-left"))
    base = alt.Chart(table)
    band90, band50, median = band_layers(base, color, info.axis_title, "scenario")
    if len(runs) > MAX_BANDED_SCENARIOS:
        only_reference = alt.datum.scenario == runs[0].name
        band90, band50 = (
            band90.transform_filter(only_reference),
            band50.transform_filter(only_reference),
        )
    return styled(
        alt.layer(band90, band50, median).properties(
            title=chart_title(info.label, runs, note), width=WIDTH_PX, height=HEIGHT_PX
        )
    )


def greek_border_table(run: Results) -> pd.DataFrame:
    """Bands of the Greek border series: ``panel, series, date, p05..p95`` (from the 15 Feb)."""
    daily = run.daily[run.daily["date"] >= GREEK_BORDER_FROM]
    frames = [daily[["replicate", "date"]].assign(series=GATHERED[0], value=daily[GATHERED[1]])]
    for label, (column, minus) in CUMULATIVE_SERIES.items():
        value = daily[column] if minus is None else daily[column] - daily[minus]
        frames.append(daily[["replicate", "date"]].assign(series=label, value=value))
    long = pd.concat(frames, ignore_index=True)
    table = quantile_table(long, ["series", "date"])
    table["panel"] = (table["series"] == GATHERED[0]).map({True: "level", False: "cumulative"})
    return table


def greek_border_chart(run: Results) -> alt.HConcatChart:
    """People gathered at the Greek land border, and prevented and crossed (land, sea), with bands.

    Args:
        run: One scenario's results.

    Returns:
        Two panels side by side: gathered on the day, and cumulative counts since the start.
    """
    table = greek_border_table(run)
    series = [GATHERED[0], *CUMULATIVE_SERIES]
    color = alt.Color(
        "series:N", title="", scale=alt.Scale(domain=series), legend=alt.Legend(orient="top")
    )
    panels = []
    for panel, title, y_title in (
        ("level", "Gathered at the land border on the day", "People on the day (persons)"),
        ("cumulative", "Prevented and crossed since the start", "Cumulative (persons)"),
    ):
        base = alt.Chart(table[table["panel"] == panel])
        panels.append(
            alt.layer(*band_layers(base, color, y_title, "series")).properties(
                title=title, width=WIDTH_PX // 2, height=HEIGHT_PX
            )
        )
    title = chart_title(
        "The Greek border: gathered, prevented, crossed", [run], f"{BANDS_NOTE} {UNCALIBRATED_NOTE}"
    )
    return styled(alt.hconcat(*panels).properties(title=title))


def ladder_table(run: Results, ladder: Ladder) -> pd.DataFrame:
    """Share of replicates on each rung per dyad and day: ``dyad, date, rung, rung_name, share``."""
    frames = []
    replicates = run.replicates
    for dyad, _parties in ladder.dyads:
        column = RUNG_COLUMN_PREFIX + dyad
        if column not in run.daily.columns:
            continue
        rung = pd.to_numeric(run.daily[column], errors="coerce").round().astype("Int64")
        counts = (
            run.daily[["date"]].assign(rung=rung).groupby(["date", "rung"]).size().reset_index()
        )
        counts.columns = ["date", "rung", "replicates"]
        counts["share"] = counts["replicates"] / replicates
        counts["dyad"] = ladder.dyad_label(dyad)
        frames.append(counts)
    table = pd.concat(frames, ignore_index=True)
    table["rung"] = table["rung"].astype(int)
    table["rung_name"] = [ladder.rung_names[r] for r in table["rung"]]
    table["date_end"] = table["date"] + pd.Timedelta(days=1)
    return table


def ladder_chart(run: Results, ladder: Ladder | None = None) -> alt.VConcatChart:
    """The escalation ladder per dyad: the rungs as labelled steps, shaded by share of replicates.

    Args:
        run: One scenario's results.
        ladder: The ladder (default: the package's ``data/ladder.yaml``).

    Returns:
        One panel per dyad: a cell per day and rung, darker where more replicates sit on it,
        and the median rung as a step line.
    """
    ladder = ladder or load_ladder()
    table = ladder_table(run, ladder)
    top_down = list(reversed(ladder.rung_names))
    y = alt.Y("rung_name:O", title="Rung", scale=alt.Scale(domain=top_down))
    shade = alt.Color(
        "share:Q",
        title="Share of replicates",
        scale=alt.Scale(scheme=LADDER_SCHEME, domain=[0, 1]),
        legend=alt.Legend(format="%", orient="right"),
    )
    panels = []
    for dyad in table["dyad"].unique():
        part = table[table["dyad"] == dyad]
        median = (
            part.loc[part.index.repeat(part["replicates"]), ["date", "rung"]]
            .groupby("date")["rung"]
            .median()
            .round()
            .astype(int)
            .reset_index()
        )
        median["rung_name"] = [ladder.rung_names[r] for r in median["rung"]]
        cells = (
            alt.Chart(part)
            .mark_rect()
            .encode(
                x=alt.X("date:T", axis=DATE_AXIS),
                x2="date_end:T",
                y=y,
                color=shade,
                tooltip=["date:T", "rung_name:N", alt.Tooltip("share:Q", format=".0%")],
            )
        )
        step = (
            alt.Chart(median)
            .mark_line(interpolate="step-after", color="#b2182b", strokeWidth=1.5)
            .encode(x="date:T", y=y)
        )
        panels.append(
            alt.layer(cells, step).properties(
                title=dyad, width=PANEL_WIDTH_PX, height=PANEL_HEIGHT_PX + 20
            )
        )
    note = (
        "Cells: share of replicates on each rung that day; red step: median rung. "
        "Uncalibrated: no source figure constrains the rungs."
    )
    title = chart_title("The escalation ladder, per dyad", [run], note)
    return styled(alt.vconcat(*panels, spacing=18).properties(title=title))
