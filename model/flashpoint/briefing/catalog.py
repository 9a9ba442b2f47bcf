"""Which charts a briefing holds, under stable file names, and the inputs besides the results.

``briefing_charts`` picks the charts for a set of scenarios (with a calibration fit table and a
sweep folder when given); ``write_run_charts`` writes one scenario's charts after a run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import altair as alt
import pandas as pd

from flashpoint.briefing.charts_compare import (
    calibration_fit_chart,
    difference_chart,
    outcomes_chart,
    paired_differences,
)
from flashpoint.briefing.charts_map import map_chart
from flashpoint.briefing.charts_sweep import sweep_chart, sweep_long, tornado_chart
from flashpoint.briefing.charts_time import fan_chart, greek_border_chart, ladder_chart
from flashpoint.briefing.export import save_chart
from flashpoint.briefing.results import Results, ResultsError, load_results

#: Metrics drawn as fan charts (those present in the results).
FAN_METRICS = (
    "displaced_total",
    "civilian_deaths",
    "turkish_military_deaths",
    "crossed_to_greece",
    "at_greek_border",
)
#: Metrics and dates of the headline table and of the scenario comparison.
KEY_METRICS = ("displaced_total", "civilian_deaths", "turkish_military_deaths", "crossed_to_greece")
KEY_DATES = (pd.Timestamp("2020-03-31"), pd.Timestamp("2020-06-30"))
#: Columns a calibration fit table must have.
FIT_COLUMNS = ("figure_id", "metric", "window", "kind", "value", "low", "high", "p05", "p50", "p95")
#: Files of a sweep folder, and the columns the charts need from them.
SWEEP_RESULTS, SWEEP_SENSITIVITY = "results.parquet", "sensitivity.csv"
SENSITIVITY_COLUMNS = ("outcome", "input")


def stem(*parts: str) -> str:
    """A file-name-safe chart stem from its parts (``fan_displaced_total``)."""
    return "_".join(re.sub(r"[^A-Za-z0-9-]+", "_", p).strip("_") for p in parts)


def key_dates(runs: Sequence[Results]) -> list[pd.Timestamp]:
    """KEY_DATES that every run covers (else each run's last day)."""
    last = min(run.daily["date"].max() for run in runs)
    dates = [d for d in KEY_DATES if d <= last]
    return dates or [last]


def read_fit(path: Path) -> pd.DataFrame:
    """Read a calibration fit table, checking its columns (ResultsError when it is unusable)."""
    if not path.is_file():
        raise ResultsError(f"{path}: no such calibration fit table")
    try:
        fit = pd.read_csv(path)
    except Exception as e:  # pandas raises several types for a damaged CSV
        raise ResultsError(f"{path}: unreadable ({type(e).__name__}: {e})") from e
    lacking = [c for c in FIT_COLUMNS if c not in fit.columns]
    if lacking:
        raise ResultsError(f"{path}: lacks the columns {', '.join(lacking)}")
    return fit


def read_sweep(folder: Path) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """Read a sweep folder's ``results.parquet`` and ``sensitivity.csv`` (either may be absent)."""
    if not folder.is_dir():
        raise ResultsError(f"{folder}: no such sweep folder")
    results = folder / SWEEP_RESULTS
    sensitivity = folder / SWEEP_SENSITIVITY
    if not results.is_file() and not sensitivity.is_file():
        raise ResultsError(f"{folder}: has neither {SWEEP_RESULTS} nor {SWEEP_SENSITIVITY}")
    try:
        table = pd.read_parquet(results) if results.is_file() else None
        sens = pd.read_csv(sensitivity) if sensitivity.is_file() else None
    except Exception as e:  # pyarrow and pandas raise several types for a damaged file
        raise ResultsError(f"{folder}: unreadable sweep table ({type(e).__name__}: {e})") from e
    if sens is not None and any(c not in sens.columns for c in SENSITIVITY_COLUMNS):
        raise ResultsError(f"{sensitivity}: needs the columns {', '.join(SENSITIVITY_COLUMNS)}")
    return table, sens


def pairable(a: Results, b: Results) -> bool:
    """True when two runs share their seed and replicates (paired differences are meaningful)."""
    same_seed = a.seed is not None and a.seed == b.seed
    return same_seed and set(a.daily["replicate"]) == set(b.daily["replicate"])


def scenario_charts(run: Results) -> dict[str, tuple[str, alt.TopLevelMixin]]:
    """One scenario's own charts: the Greek border, the ladder, the map (when its tables exist)."""
    charts = {
        stem("greek_border", run.name): (f"The Greek border: {run.name}", greek_border_chart(run)),
        stem("ladder", run.name): (f"Escalation ladder: {run.name}", ladder_chart(run)),
    }
    if run.places is not None and run.flows is not None:
        charts[stem("map", run.name)] = (f"Map: {run.name}", map_chart(run))
    return charts


def briefing_charts(
    runs: Sequence[Results],
    fit: pd.DataFrame | None = None,
    fit_source: str = "",
    sweep: tuple[pd.DataFrame | None, pd.DataFrame | None] | None = None,
    sweep_source: str = "",
) -> dict[str, tuple[str, alt.TopLevelMixin]]:
    """Every chart of a briefing: stem -> (heading, chart), in page order.

    Args:
        runs: The scenarios' results (the first is the reference of comparisons).
        fit: A calibration fit table (see :func:`read_fit`), or None.
        fit_source: Where the fit table comes from.
        sweep: From :func:`read_sweep`, or None.
        sweep_source: Where the sweep comes from.

    Returns:
        Charts keyed by a stable file stem.
    """
    charts: dict[str, tuple[str, alt.TopLevelMixin]] = {}
    for metric in FAN_METRICS:
        if all(metric in run.daily.columns for run in runs):
            charts[stem("fan", metric)] = (f"Fan chart: {metric}", fan_chart(runs, metric))
    if all(run.outcomes is not None for run in runs):
        charts["outcomes"] = ("Outcomes", outcomes_chart(runs))
    reference = runs[0]
    metrics = [m for m in KEY_METRICS if all(m in r.daily.columns for r in runs)]
    for other in runs[1:]:
        if pairable(reference, other) and metrics:
            table = paired_differences(reference.daily, other.daily, metrics, key_dates(runs))
            charts[stem("differences", other.name, "vs", reference.name)] = (
                f"Difference: {other.name} against {reference.name}",
                difference_chart(table, [reference, other]),
            )
    for run in runs:
        charts |= scenario_charts(run)
    if fit is not None and not fit.empty:
        charts["calibration_fit"] = ("Calibration fit", calibration_fit_chart(fit, fit_source))
    if sweep is not None:
        charts |= sweep_charts(*sweep, sweep_source)
    return charts


def sweep_charts(
    results: pd.DataFrame | None, sensitivity: pd.DataFrame | None, source: str
) -> dict[str, tuple[str, alt.TopLevelMixin]]:
    """A tornado per outcome, and the outcome against its most influential input."""
    charts: dict[str, tuple[str, alt.TopLevelMixin]] = {}
    long = sweep_long(results) if results is not None else None
    outcomes = sensitivity["outcome"].unique() if sensitivity is not None else []
    for outcome in outcomes:
        charts[stem("tornado", outcome)] = (
            f"Sensitivity: {outcome}",
            tornado_chart(sensitivity, outcome, source),
        )
        part = sensitivity[sensitivity["outcome"] == outcome]
        rank = "ST" if "ST" in part.columns and part["ST"].notna().any() else "mu_star"
        if long is not None and rank in part.columns and part[rank].notna().any():
            top = str(part.loc[part[rank].idxmax(), "input"])
            if ((long["input"] == top) & (long["outcome"] == outcome)).any():
                charts[stem("sweep", outcome, top)] = (
                    f"Sweep: {outcome} against {top}",
                    sweep_chart(long, top, outcome, source),
                )
    return charts


def write_run_charts(result_dir: Path) -> list[Path]:
    """Write one scenario's charts into ``result_dir/charts/`` as PNG and SVG.

    Called by ``flashpoint run`` right after it wrote the folder, so the folder is read without
    the format-version check (it was written by this very version).

    Args:
        result_dir: A scenario's results folder.

    Returns:
        The files written.
    """
    run = load_results(result_dir)
    charts = briefing_charts([run])
    written: list[Path] = []
    for name, (_heading, chart) in charts.items():
        written += save_chart(chart, result_dir / "charts" / name)
    return written
