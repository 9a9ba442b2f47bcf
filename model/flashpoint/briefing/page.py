"""The briefing page: one self-contained ``briefing.html`` and every chart as PNG and SVG.

The page inlines its scripts and data; the charts go to ``charts/``.

The page holds a headline table (key metrics on key dates, median and 90% interval per
scenario), the charts, each scenario's assumptions (description and events), the calibration
figures' sources and the list of uncalibrated metrics. It makes no network request when opened:
Vega, Vega-Lite and Vega-Embed are inlined from vl-convert's bundle. All user text is escaped.
"""

from __future__ import annotations

import html
import json
import math
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import vl_convert as vlc
import yaml

from flashpoint.briefing.catalog import (
    KEY_METRICS,
    briefing_charts,
    key_dates,
    read_fit,
    read_sweep,
)
from flashpoint.briefing.export import save_chart
from flashpoint.briefing.metric_info import metric_info
from flashpoint.briefing.results import Results, ResultsError, load_results

PAGE_NAME = "briefing.html"
#: Significant digits of the headline numbers (model spreads make more digits meaningless).
SIGNIFICANT_DIGITS = 3
CHARTS_FOLDER = "charts"
#: Where calibration figures are looked for, relative to a fit table's or a results folder's parent.
FIGURES_FILE = Path("calibration") / "figures.yaml"
#: Figure fields shown in the sources table.
FIGURE_FIELDS = ("id", "metric", "value", "kind", "date", "outlet", "reliability", "use", "quote")
#: Event fields shown first in the assumptions; other fields follow as ``key: value``.
EVENT_LEAD_FIELDS = ("id", "type", "on", "when")
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
max-width:1400px;padding:0 1.5rem;color:#222;font-size:16px;line-height:1.45}
h1{font-size:2rem;margin-bottom:.2rem} h2{margin-top:2.5rem;border-bottom:2px solid #ddd}
table{border-collapse:collapse;margin:1rem 0;font-size:.95rem}
th,td{border:1px solid #ccc;padding:.35rem .6rem;text-align:left;vertical-align:top}
th{background:#f3f3f3} td.num{text-align:right;font-variant-numeric:tabular-nums}
.chart{margin:1.5rem 0 2.5rem} .note{color:#555} .quote{font-style:italic;color:#444}
"""


def bundle_js() -> str:
    """Vega, Vega-Lite and Vega-Embed as one script, safe to inline in a ``<script>`` element."""
    version = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]
    known = vlc.get_vegalite_versions()
    js = vlc.javascript_bundle(vl_version=version if version in known else None)
    return js.replace("</script", "<\\/script")


def inline_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element."""
    text = json.dumps(value, default=str)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def rounded(value: float) -> str:
    """A count to SIGNIFICANT_DIGITS significant digits, with thousands separators."""
    if value == 0 or not math.isfinite(value):
        return f"{value:,.0f}"
    digits = SIGNIFICANT_DIGITS - 1 - math.floor(math.log10(abs(value)))
    return f"{round(value, min(digits, 0)):,.0f}"


def esc(value: Any) -> str:
    """Escaped text of a value (None as an empty string)."""
    return "" if value is None else html.escape(str(value))


def headline_table(runs: Sequence[Results]) -> str:
    """Key metrics on key dates: median and 90% interval of replicates, one column per scenario."""
    dates = key_dates(runs)
    head = "".join(f"<th>{esc(run.name)}</th>" for run in runs)
    rows = []
    for metric in KEY_METRICS:
        if not all(metric in run.daily.columns for run in runs):
            continue
        info = metric_info(metric, runs[0].manifest)
        for date in dates:
            cells = []
            for run in runs:
                values = run.daily.loc[run.daily["date"] == date, metric]
                low, mid, high = values.quantile([0.05, 0.5, 0.95])
                band = f"({rounded(low)} – {rounded(high)})"
                cells.append(f'<td class="num"><b>{rounded(mid)}</b><br>{band}</td>')
            flag = "" if info.calibrated else " <span class=note>(uncalibrated)</span>"
            label = f"{esc(info.label)} ({esc(info.unit)}){flag}"
            rows.append(f"<tr><td>{label}</td><td>{date:%d %b %Y}</td>{''.join(cells)}</tr>")
    return (
        f"<table><tr><th>Metric</th><th>Date</th>{head}</tr>{''.join(rows)}</table>"
        "<p class=note>Median of replicates; in brackets the 90% interval (5th to 95th "
        "percentile of replicates).</p>"
    )


def event_item(event: dict[str, Any]) -> str:
    """One scenario event as a list item."""
    lead = ", ".join(
        f"{k}: {esc(json.dumps(event[k]) if isinstance(event[k], dict) else event[k])}"
        for k in EVENT_LEAD_FIELDS
        if k in event
    )
    rest = "; ".join(f"{esc(k)}: {esc(v)}" for k, v in event.items() if k not in EVENT_LEAD_FIELDS)
    return f"<li><b>{lead}</b>{' — ' + rest if rest else ''}</li>"


def assumptions(run: Results) -> str:
    """A scenario's description, settings and events."""
    scenario = run.scenario
    events = scenario.get("events") or []
    removed = scenario.get("remove_events") or []
    parameters = scenario.get("parameters") or {}
    parts = [
        f"<h3>{esc(run.name)}</h3><p>{esc(run.description) or '(no description)'}</p>",
        f"<p class=note>{esc(scenario.get('start'))} to {esc(scenario.get('end'))}; "
        f"{run.replicates} replicates, scale {esc(run.scale)}, seed {esc(run.seed)}; "
        f"results folder {esc(run.path)}.</p>",
    ]
    if parameters:
        items = "".join(f"<li>{esc(k)} = {esc(v)}</li>" for k, v in parameters.items())
        parts.append(f"<p>Parameters set by the scenario:</p><ul>{items}</ul>")
    if removed:
        parts.append(f"<p>Events removed: {esc(', '.join(map(str, removed)))}</p>")
    items = "".join(event_item(e) for e in events if isinstance(e, dict))
    parts.append(
        f"<p>Events ({len(events)}):</p><ul>{items}</ul>" if events else "<p>No events.</p>"
    )
    return "".join(parts)


def find_figures(result_dirs: Sequence[Path], fit_csv: Path | None) -> Path | None:
    """``calibration/figures.yaml`` beside the fit table or next to the results, if any."""
    candidates = []
    if fit_csv is not None:
        candidates.append(fit_csv.parent / FIGURES_FILE.name)
    for folder in result_dirs:
        candidates += [folder.parent / FIGURES_FILE, folder.parent.parent / FIGURES_FILE]
    return next((c for c in candidates if c.is_file()), None)


def figures_section(path: Path | None) -> str:
    """The calibration figures and their sources, or a note that none was given."""
    if path is None:
        return "<p>No calibration figures given (no calibration/figures.yaml found).</p>"
    try:
        figures = yaml.safe_load(path.read_text()) or []
    except (OSError, yaml.YAMLError) as e:
        raise ResultsError(f"{path}: unreadable calibration figures ({e})") from e
    head = "".join(f"<th>{esc(f)}</th>" for f in FIGURE_FIELDS)
    rows = []
    for figure in figures:
        if not isinstance(figure, dict):
            continue
        cells = "".join(
            f"<td class={'quote' if f == 'quote' else 'plain'}>{esc(figure.get(f))}</td>"
            for f in FIGURE_FIELDS
        )
        source = f"{esc(figure.get('source_file'))}, article of {esc(figure.get('article_date'))}"
        rows.append(f"<tr>{cells}<td>{source}</td></tr>")
    return (
        f"<p>From {esc(path)} ({len(rows)} entries).</p>"
        f"<table><tr>{head}<th>source</th></tr>{''.join(rows)}</table>"
    )


def uncalibrated_section(runs: Sequence[Results]) -> str:
    """Which metrics no source figure constrains."""
    names = [m for m in runs[0].metrics() if not metric_info(m, runs[0].manifest).calibrated]
    items = "".join(
        f"<li>{esc(m)}: {esc(metric_info(m, runs[0].manifest).label)}</li>" for m in names
    )
    return (
        "<p>These outputs follow from assumed parameters; no source figure checks them:</p>"
        f"<ul>{items}</ul>"
    )


def render_page(runs: Sequence[Results], charts: dict, figures: Path | None) -> str:
    """The whole page as one HTML string."""
    sections, scripts = [], []
    for i, (name, (heading, chart)) in enumerate(charts.items()):
        sections.append(
            f'<section class="chart"><h3>{esc(heading)}</h3>'
            f'<div id="chart-{i}" class="vega-chart" data-name="{esc(name)}"></div>'
            f"<p class=note>Slides: {CHARTS_FOLDER}/{esc(name)}.png and .svg</p></section>"
        )
        scripts.append(
            f'vegaEmbed("#chart-{i}", {inline_json(chart.to_dict())}, '
            '{actions: false, renderer: "svg"}).catch(e => console.error(e));'
        )
    names = ", ".join(run.name for run in runs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Flashpoint briefing: {esc(names)}</title><style>{STYLE}</style>
<script>{bundle_js()}</script></head>
<body><h1>Flashpoint briefing</h1>
<p class=note>Scenarios: {esc(names)}. Model outputs, not observations: every number is a
model result with its spread over replicates.</p>
<h2>Headline numbers</h2>{headline_table(runs)}
<h2>Charts</h2>{"".join(sections)}
<h2>Assumptions of each scenario</h2>{"".join(assumptions(run) for run in runs)}
<h2>Calibration figures and their sources</h2>{figures_section(figures)}
<h2>Uncalibrated outputs</h2>{uncalibrated_section(runs)}
<script>{"".join(scripts)}</script>
</body></html>
"""


def write_briefing(
    result_dirs: Sequence[Path],
    out_dir: Path,
    *,
    fit_csv: Path | None = None,
    sweep_dir: Path | None = None,
) -> Path:
    """Write ``out_dir/briefing.html`` and ``out_dir/charts/*.png|svg``.

    Every input is read and every chart built before anything is written; the files are
    written into a temporary folder beside ``out_dir`` and moved into place at the end.

    Args:
        result_dirs: Results folders of one or more scenarios (the first is the reference).
        out_dir: Folder for the page and the charts (created if needed).
        fit_csv: A calibration fit table, or None.
        sweep_dir: A sweep folder (``results.parquet``, ``sensitivity.csv``), or None.

    Returns:
        Path of the page.

    Raises:
        ResultsError: an input cannot be read (nothing is written then).
    """
    if not result_dirs:
        raise ResultsError("no results folder given")
    runs = [load_results(Path(d)) for d in result_dirs]
    names = [run.name for run in runs]
    if len(set(names)) != len(names):
        raise ResultsError(f"the same scenario is given twice: {', '.join(names)}")
    fit = read_fit(fit_csv) if fit_csv is not None else None
    sweep = read_sweep(sweep_dir) if sweep_dir is not None else None
    charts = briefing_charts(runs, fit, str(fit_csv or ""), sweep, str(sweep_dir or ""))
    figures = find_figures([Path(d) for d in result_dirs], fit_csv)
    page = render_page(runs, charts, figures)
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        for name, (_heading, chart) in charts.items():
            save_chart(chart, tmp / CHARTS_FOLDER / name)
        (tmp / PAGE_NAME).write_text(page, encoding="utf-8")
        out_dir.mkdir(exist_ok=True)
        if (out_dir / CHARTS_FOLDER).exists():
            shutil.rmtree(out_dir / CHARTS_FOLDER)
        (tmp / CHARTS_FOLDER).rename(out_dir / CHARTS_FOLDER)
        (tmp / PAGE_NAME).replace(out_dir / PAGE_NAME)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out_dir / PAGE_NAME


def figures_table(path: Path) -> pd.DataFrame:
    """Calibration figures as a table (for notebooks and checks)."""
    return pd.DataFrame(yaml.safe_load(path.read_text()) or [])
