"""Sweep charts: an outcome against one input (line with bands) or two (heatmap), and a tornado.

Built against the sweeps' published tables: ``results.parquet`` (one row per run: ``point``,
``replicate``, ``input:<name>`` columns, ``outcome:<name>`` columns, ``status``) and
``sensitivity.csv`` (``outcome, input, method, S1, S1_conf, ST, ST_conf, mu_star,
mu_star_conf``).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from flashpoint.briefing.charts_common import (
    BAND90_OPACITY,
    HEIGHT_PX,
    NOTE_COLOR,
    TITLE_FONT_PX,
    WIDTH_PX,
    source_lines,
    styled,
)

INPUT_PREFIX = "input:"
OUTCOME_PREFIX = "outcome:"
#: Runs kept: those whose ``status`` is this (all runs when there is no ``status`` column).
OK_STATUS = "ok"
#: Bins per input of the heatmap.
HEATMAP_BINS = 10
#: Row height of the tornado, in pixels.
TORNADO_ROW_PX = 24
LINE_COLOR = "#4c78a8"


def _title(text: str, note: str, source: str) -> alt.TitleParams:
    return alt.TitleParams(
        text=text,
        subtitle=[*source_lines([], note), f"Source: {source}"],
        anchor="start",
        fontSize=TITLE_FONT_PX,
        subtitleColor=NOTE_COLOR,
    )


def sweep_long(results: pd.DataFrame) -> pd.DataFrame:
    """Tidy runs: ``point, replicate, input, input_value, outcome, value`` (successful runs).

    Args:
        results: The sweep's ``results.parquet`` as a table.

    Returns:
        One row per run, input and outcome.
    """
    runs = results
    if "status" in runs.columns:
        runs = runs[runs["status"] == OK_STATUS]
    inputs = [c for c in runs.columns if c.startswith(INPUT_PREFIX)]
    outcomes = [c for c in runs.columns if c.startswith(OUTCOME_PREFIX)]
    by_input = runs.melt(
        id_vars=["point", "replicate", *outcomes],
        value_vars=inputs,
        var_name="input",
        value_name="input_value",
    )
    long = by_input.melt(
        id_vars=["point", "replicate", "input", "input_value"],
        value_vars=outcomes,
        var_name="outcome",
        value_name="value",
    )
    long["input"] = long["input"].str.removeprefix(INPUT_PREFIX)
    long["outcome"] = long["outcome"].str.removeprefix(OUTCOME_PREFIX)
    return long


def sweep_chart(long: pd.DataFrame, input_name: str, outcome: str, source: str) -> alt.LayerChart:
    """An outcome against one input: the runs, and per point the median and 90% of replicates.

    Args:
        long: From :func:`sweep_long`.
        input_name: Input to put on the x axis (without ``input:``).
        outcome: Outcome on the y axis (without ``outcome:``).
        source: Where the sweep comes from (for the source line).

    Returns:
        Points (runs), whiskers (5-95% of a point's replicates) and the line of medians.
    """
    part = long[(long["input"] == input_name) & (long["outcome"] == outcome)]
    grouped = part.groupby(["point", "input_value"])["value"]
    per_point = pd.concat(
        {"p05": grouped.quantile(0.05), "p50": grouped.median(), "p95": grouped.quantile(0.95)},
        axis=1,
    ).reset_index()
    x = alt.X("input_value:Q", title=input_name)
    runs = (
        alt.Chart(part)
        .mark_circle(size=18, opacity=0.3, color=LINE_COLOR)
        .encode(x=x, y=alt.Y("value:Q", title=outcome))
    )
    whisker = (
        alt.Chart(per_point)
        .mark_rule(opacity=BAND90_OPACITY * 3, color=LINE_COLOR)
        .encode(x=x, y="p05:Q", y2="p95:Q")
    )
    median = (
        alt.Chart(per_point)
        .mark_line(point=True, color=LINE_COLOR)
        .encode(x=x, y=alt.Y("p50:Q", title=outcome), order="input_value:Q")
    )
    note = "Dots: runs; line: median over a point's replicates; whiskers: 5-95% of them."
    return styled(
        alt.layer(runs, whisker, median).properties(
            title=_title(f"{outcome} against {input_name}", note, source),
            width=WIDTH_PX,
            height=HEIGHT_PX,
        )
    )


def sweep_heatmap(
    results: pd.DataFrame, x_input: str, y_input: str, outcome: str, source: str
) -> alt.Chart:
    """Median outcome over two binned inputs.

    Args:
        results: The sweep's ``results.parquet`` as a table.
        x_input: Input on the x axis (without ``input:``).
        y_input: Input on the y axis.
        outcome: Outcome shown as colour (without ``outcome:``).
        source: Where the sweep comes from.

    Returns:
        A heatmap; the tooltip gives the runs per cell and the 5-95% range.
    """
    runs = results
    if "status" in runs.columns:
        runs = runs[runs["status"] == OK_STATUS]
    table = runs.rename(
        columns={
            INPUT_PREFIX + x_input: "x",
            INPUT_PREFIX + y_input: "y",
            OUTCOME_PREFIX + outcome: "value",
        }
    )[["x", "y", "value"]]
    bins = alt.Bin(maxbins=HEATMAP_BINS)
    note = "Cell: median over the runs whose inputs fall in it (tooltip: runs and 5-95% range)."
    return styled(
        alt.Chart(table)
        .mark_rect()
        .encode(
            x=alt.X("x:Q", bin=bins, title=x_input),
            y=alt.Y("y:Q", bin=bins, title=y_input),
            color=alt.Color("median(value):Q", title=outcome),
            tooltip=[
                alt.Tooltip("count():Q", title="runs"),
                alt.Tooltip("median(value):Q", title="median"),
                alt.Tooltip("q1(value):Q", title="25%"),
                alt.Tooltip("q3(value):Q", title="75%"),
            ],
        )
        .properties(
            title=_title(f"{outcome} over {x_input} and {y_input}", note, source),
            width=WIDTH_PX,
            height=HEIGHT_PX,
        )
    )


def tornado_chart(sensitivity: pd.DataFrame, outcome: str, source: str) -> alt.LayerChart:
    """Sensitivity indices of one outcome, largest first, with confidence whiskers.

    Uses Sobol' total (``ST``) and first-order (``S1``) indices when present, else Morris
    ``mu_star``.

    Args:
        sensitivity: ``sensitivity.csv`` as a table.
        outcome: The outcome whose inputs are ranked.
        source: Where the table comes from.

    Returns:
        Horizontal bars with whiskers, one row per input.
    """
    part = sensitivity[sensitivity["outcome"] == outcome]
    indices = ["ST", "S1"] if part.get("ST", pd.Series(dtype=float)).notna().any() else ["mu_star"]
    frames = [
        part[["input"]].assign(
            index=name,
            value=part[name],
            low=part[name] - part[f"{name}_conf"],
            high=part[name] + part[f"{name}_conf"],
        )
        for name in indices
    ]
    table = pd.concat(frames, ignore_index=True)
    order = part.sort_values(indices[0], ascending=False)["input"].tolist()
    y = alt.Y("input:N", title=None, sort=order, axis=alt.Axis(labelLimit=320))
    x_title = (
        "Sensitivity index (share of variance)"
        if indices[0] == "ST"
        else "Morris mu* (outcome units)"
    )
    base = alt.Chart(table).encode(
        y=y, yOffset="index:N", color=alt.Color("index:N", title="Index")
    )
    bars = base.mark_bar(height=8).encode(x=alt.X("value:Q", title=x_title))
    whisker = base.mark_rule(color=NOTE_COLOR).encode(x="low:Q", x2="high:Q")
    note = "Bars: index; whiskers: its confidence interval (bootstrap)."
    return styled(
        alt.layer(bars, whisker).properties(
            title=_title(f"What drives {outcome}", note, source),
            width=WIDTH_PX - 160,
            height=TORNADO_ROW_PX * max(len(order), 1) * len(indices),
        )
    )
