"""Charts that compare: outcome shares, paired scenario differences, the calibration fit.

Scenario differences are paired: two scenarios run with the same seed give replicate r the same
random streams wherever their events agree, so the difference is taken replicate by replicate
and its quantiles are the interval (much narrower than the difference of two bands).
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from flashpoint.briefing.charts_common import (
    NOTE_COLOR,
    PANEL_WIDTH_PX,
    TITLE_FONT_PX,
    WIDTH_PX,
    chart_title,
    source_lines,
    styled,
)
from flashpoint.briefing.metric_info import metric_info
from flashpoint.briefing.results import Results

#: Quantiles of the paired differences: low, median, high (a 90% interval).
DIFFERENCE_QUANTILES = {"low": 0.05, "median": 0.50, "high": 0.95}
#: Row height of dot-and-whisker charts, in pixels.
ROW_HEIGHT_PX = 26
#: Shapes of the source figures by kind (calibration fit).
FIGURE_SHAPES = {
    "point": "circle",
    "at_least": "triangle-right",
    "at_most": "triangle-left",
    "about": "diamond",
}
MODEL_COLOR = "#4c78a8"
FIGURE_COLOR = "#d62728"
DATE_LABEL_FORMAT = "%d %b %Y"


def outcomes_chart(runs: Sequence[Results]) -> alt.LayerChart:
    """Share of replicates in each outcome by the last day, with its 95% interval, per scenario.

    Args:
        runs: Results with an ``outcomes.csv`` (columns ``outcome, share, low95, high95``;
            ``description`` is used as the label when present).

    Returns:
        Dots (share) and whiskers (95% interval), one row per outcome, one colour per scenario.
    """
    frames = []
    for run in runs:
        if run.outcomes is None:
            raise KeyError(f"{run.path}: no outcomes.csv")
        part = run.outcomes.copy()
        part["scenario"] = run.name
        labels = part["description"] if "description" in part.columns else part["outcome"]
        part["label"] = labels.astype(str)
        frames.append(part[["scenario", "outcome", "label", "share", "low95", "high95"]])
    table = pd.concat(frames, ignore_index=True)
    last = max(run.daily["date"].max() for run in runs).strftime(DATE_LABEL_FORMAT)
    y = alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=360))
    color = alt.Color("scenario:N", title="Scenario", legend=alt.Legend(orient="top"))
    x = alt.X("share:Q", title="Share of replicates (%)", axis=alt.Axis(format="%"))
    base = alt.Chart(table).encode(y=y, yOffset="scenario:N", color=color)
    whisker = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("low95:Q", title="Share of replicates (%)", scale=alt.Scale(domain=[0, 1])),
        x2="high95:Q",
    )
    dot = base.mark_point(filled=True, size=80, opacity=1).encode(
        x=x, tooltip=["scenario", "label", alt.Tooltip("share:Q", format=".0%")]
    )
    rows = table["label"].nunique() * max(len(runs), 1)
    note = "Dot: share of replicates; whisker: 95% interval (Wilson)."
    return styled(
        alt.layer(whisker, dot).properties(
            title=chart_title(f"Outcomes by {last}", runs, note),
            width=WIDTH_PX - 200,
            height=ROW_HEIGHT_PX * rows,
        )
    )


def paired_differences(
    daily_a: pd.DataFrame,
    daily_b: pd.DataFrame,
    metrics: Sequence[str],
    dates: Sequence[pd.Timestamp | str],
) -> pd.DataFrame:
    """Paired differences (b minus a) of metrics on dates, replicate by replicate.

    Args:
        daily_a: Reference scenario's ``daily`` table.
        daily_b: Compared scenario's ``daily`` table (same replicates, same seed).
        metrics: Metric columns to compare.
        dates: Dates to compare on (those outside both tables are left out).

    Returns:
        Tidy table ``metric, date, scenario, median, low, high, replicates``; ``scenario`` reads
        ``<b> − <a>``; low and high bound the 90% interval of the paired differences.

    Raises:
        ValueError: the two tables share no (replicate, date) pair.
    """
    wanted = pd.to_datetime(list(dates))
    keys = ["replicate", "date"]
    a = daily_a.loc[daily_a["date"].isin(wanted), [*keys, *metrics]]
    b = daily_b.loc[daily_b["date"].isin(wanted), [*keys, *metrics]]
    paired = a.merge(b, on=keys, suffixes=("_a", "_b"), validate="one_to_one")
    if paired.empty:
        raise ValueError("the two daily tables share no (replicate, date) to pair on")
    label = f"{daily_b['scenario'].iloc[0]} − {daily_a['scenario'].iloc[0]}"
    rows = []
    for metric in metrics:
        diff = (paired[f"{metric}_b"] - paired[f"{metric}_a"]).groupby(paired["date"])
        for date, values in diff:
            row = {"metric": metric, "date": date, "scenario": label}
            row |= {k: float(values.quantile(q)) for k, q in DIFFERENCE_QUANTILES.items()}
            rows.append(row | {"replicates": int(values.size)})
    return pd.DataFrame(rows)


def difference_chart(table: pd.DataFrame, runs: Sequence[Results]) -> alt.VConcatChart:
    """Dot and whisker of paired differences: one panel per metric, one row per date.

    Args:
        table: From :func:`paired_differences` (``metric, date, scenario, median, low, high``).
        runs: The results compared (for the source line).

    Returns:
        Panels stacked vertically, each with its own unit and a line at zero.
    """
    table = table.assign(day=pd.to_datetime(table["date"]).dt.strftime(DATE_LABEL_FORMAT))
    panels = []
    for metric, part in table.groupby("metric", sort=False):
        info = metric_info(str(metric), runs[0].manifest if runs else None)
        x_title = f"Difference ({info.unit})" if info.unit else "Difference"
        base = alt.Chart(part).encode(
            y=alt.Y("day:N", title=None, sort=None),
            yOffset="scenario:N",
            color=alt.Color("scenario:N", title="Compared", legend=alt.Legend(orient="top")),
        )
        whisker = base.mark_rule(strokeWidth=2).encode(x=alt.X("low:Q", title=x_title), x2="high:Q")
        dot = base.mark_point(filled=True, size=70, opacity=1).encode(
            x="median:Q", tooltip=["scenario", "day", "median", "low", "high"]
        )
        zero = alt.Chart(part).mark_rule(color=NOTE_COLOR, strokeDash=[4, 3]).encode(x=alt.datum(0))
        rows = part["day"].nunique() * part["scenario"].nunique()
        panels.append(
            alt.layer(zero, whisker, dot).properties(
                title=info.label, width=PANEL_WIDTH_PX, height=ROW_HEIGHT_PX * rows
            )
        )
    note = (
        "Paired on replicate (same seed): dot = median difference, whisker = 90% of replicates' "
        "differences; dashed line: no difference."
    )
    title = chart_title("Scenario differences", runs, note)
    return styled(alt.vconcat(*panels, spacing=16).properties(title=title))


def calibration_fit_chart(fit: pd.DataFrame, source: str) -> alt.VConcatChart:
    """Each source figure beside the model's 90% interval and median at its date.

    Args:
        fit: Table with ``figure_id, metric, window, kind, value, low, high, p05, p50, p95``.
        source: Where the table comes from (for the source line).

    Returns:
        One panel per metric: a grey bar for the model's 5-95% interval, a tick at its median,
        a red mark for the figure (shape by kind; a red whisker for an ``about`` interval).
    """
    fit = fit.copy()
    fit["label"] = fit["figure_id"].astype(str) + " (" + fit["window"].astype(str) + ")"
    fit["shape"] = fit["kind"].map(FIGURE_SHAPES).fillna("square")
    panels = []
    for metric, part in fit.groupby("metric", sort=False):
        info = metric_info(str(metric))
        y = alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=320))
        base = alt.Chart(part).encode(y=y)
        model = base.mark_bar(color=MODEL_COLOR, opacity=0.35, height=12).encode(
            x=alt.X("p05:Q", title=info.axis_title), x2="p95:Q"
        )
        median = base.mark_tick(color=MODEL_COLOR, thickness=2, size=14).encode(x="p50:Q")
        about = base.mark_rule(color=FIGURE_COLOR).encode(x="low:Q", x2="high:Q")
        figure = base.mark_point(color=FIGURE_COLOR, filled=True, size=90, opacity=1).encode(
            x="value:Q",
            shape=alt.Shape(
                "kind:N",
                title="Figure kind",
                scale=alt.Scale(domain=list(FIGURE_SHAPES), range=list(FIGURE_SHAPES.values())),
            ),
            tooltip=["figure_id", "window", "kind", "value", "p05", "p50", "p95"],
        )
        panels.append(
            alt.layer(model, median, about, figure).properties(
                title=info.label, width=PANEL_WIDTH_PX, height=ROW_HEIGHT_PX * len(part)
            )
        )
    note = (
        "Blue bar: the model's 5-95% interval at the figure's date (tick: median); red: the "
        "source figure (triangle: a bound; diamond with whisker: a rounded figure's range)."
    )
    title = alt.TitleParams(
        text="Calibration fit: source figures and the model",
        subtitle=[*source_lines([], note), f"Source: {source}"],
        anchor="start",
        fontSize=TITLE_FONT_PX,
        subtitleColor=NOTE_COLOR,
    )
    return styled(alt.vconcat(*panels, spacing=16).properties(title=title))
