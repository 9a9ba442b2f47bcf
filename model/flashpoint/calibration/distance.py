"""The distance between a model run and the figures: one discrepancy per figure, combined.

Each numeric figure becomes a :class:`Target`: an interval ``[lo, hi]`` the model's value should
fall in (``point``: ``[v, v]``; ``at_least``: ``[v, inf)``; ``at_most``: ``(-inf, v]``;
``about``: ``[low, high]``), a tolerance ``s`` (the unit of discrepancy) and a set of candidate
counting windows. A window ``(start, end)`` counts a cumulative metric as its value at the end
of ``end`` minus its value at the end of the day before ``start`` (the figures table's rule).
Candidate windows come from the figure's ``date_uncertainty_days`` (the end may move) and, for
some metrics, a timing tolerance (the whole window may shift). A figure's discrepancy is the
distance of the best candidate's value from the interval, in units of ``s``, capped at
``max_discrepancy``; the combined distance is the weighted root mean square over fitted figures.

Fitted: ``use: fit`` figures with a model metric that are not a party's claim. Checked (reported,
never fitted): ``use: check`` figures and party claims. Dated events are forced by the scenario
and never become targets.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from flashpoint.metrics import METRICS
from flashpoint.sources.figures import Figure

CUMULATIVE = frozenset(m.name for m in METRICS if m.kind == "cumulative")
LEVELS = frozenset(m.name for m in METRICS if m.kind != "cumulative")
INCIDENT_SERIES = "turkish_incidents_5plus"
"""Derived cumulative series: incidents against Turkish forces killing at least N soldiers."""
CAPTURE_SERIES = "axis_places_captured"
"""Derived cumulative series: places the offensive has taken along its axis (events table).

Government captures only (``capture`` rows whose target is the opposition): an opposition
recapture, such as Saraqib's on 27 February 2020 in the front's timeline, is not counted.
"""
DERIVED_SERIES: tuple[str, ...] = (INCIDENT_SERIES, CAPTURE_SERIES)
DERIVED_SERIES_METRIC: dict[str, str] = {
    INCIDENT_SERIES: "turkish_military_deaths",
    CAPTURE_SERIES: "regime_territory_share",
}
"""The daily metric each derived series constrains (captures set the territory taken)."""


@dataclass(frozen=True)
class DerivedFigure:
    """A target computed from several figures of the table (e.g. a count of incidents).

    Attributes:
        id: Unique name.
        metric: Derived series name (one of :data:`DERIVED_SERIES`).
        min_deaths: Smallest incident size counted (incident series only).
        value: The documented count.
        kind: ``point``, ``at_least`` or ``at_most``.
        date: Last day of the window.
        window_start: First day of the window.
        sources: Figure ids the count is read from; used only if all of them are kept for the
            fit (``use: fit``, dated up to ``--until``) and its own date is up to ``--until``.
        note: How it is read.
    """

    id: str
    metric: str
    min_deaths: int
    value: float
    kind: str
    date: dt.date
    window_start: dt.date
    sources: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class DistanceSettings:
    """How discrepancies are scaled (see ``calibration/priors.yaml``)."""

    relative_tolerance: Mapping[str, float] = field(default_factory=lambda: {"default": 0.1})
    absolute_tolerance: Mapping[str, float] = field(default_factory=lambda: {"default": 1.0})
    timing_tolerance_days: Mapping[str, int] = field(default_factory=dict)
    max_discrepancy: float = 5.0
    shared_count_groups: tuple[tuple[str, ...], ...] = ()
    derived_figures: tuple[DerivedFigure, ...] = ()

    def tolerance(self, metric: str, value: float) -> float:
        """The tolerance of a figure on ``metric`` with ``value``: max(relative*|v|, absolute)."""
        rel = self.relative_tolerance.get(metric, self.relative_tolerance.get("default", 0.1))
        absolute = self.absolute_tolerance.get(metric, self.absolute_tolerance.get("default", 1))
        return max(rel * abs(value), absolute)


@dataclass(frozen=True)
class Target:
    """One figure as the distance sees it.

    Attributes:
        id: Figure id.
        metric: Model metric (or derived series).
        kind: Kind of the figure.
        value: The figure.
        lo: Lowest value that matches (``-inf`` for an upper bound).
        hi: Highest value that matches (``inf`` for a lower bound).
        tolerance: Unit of discrepancy.
        date: Nominal end of the window (or the day of a level).
        window_start: First day of the window; None counts from the model start.
        date_shift_days: The end may move by this many days either way.
        timing_shift_days: The whole window may move by this many days either way.
        weight: Weight in the combined distance.
        fitted: True for targets of the fit, False for checks.
        reliability: Kind of source.
        min_deaths: Smallest incident size, for the derived incident series.
        note: How the figure is read.
    """

    id: str
    metric: str
    kind: str
    value: float
    lo: float
    hi: float
    tolerance: float
    date: dt.date
    window_start: dt.date | None
    date_shift_days: int = 0
    timing_shift_days: int = 0
    weight: float = 1.0
    fitted: bool = True
    reliability: str = ""
    min_deaths: int = 0
    note: str = ""

    def windows(self, first: dt.date, last: dt.date) -> list[tuple[int, int]]:
        """Candidate windows as (start index, end index) into days ``first..last``.

        Index 0 is ``first``; a start index of 0 counts from the model start. The nominal
        window comes first; candidates falling wholly outside the run are dropped.
        """
        out: list[tuple[int, int]] = []
        n_days = (last - first).days + 1
        shifts = [0] + [s for k in range(1, self.timing_shift_days + 1) for s in (-k, k)]
        moves = [0] + [m for k in range(1, self.date_shift_days + 1) for m in (-k, k)]
        for shift in shifts:
            for move in moves:
                end = (self.date - first).days + shift + move
                start = 0 if self.window_start is None else (self.window_start - first).days
                start = start + (shift if self.window_start is not None else 0)
                end = min(end, n_days - 1)
                start = max(start, 0)
                if end < 0 or start > end:
                    continue
                if (start, end) not in out:
                    out.append((start, end))
        return out

    def discrepancy(self, values: np.ndarray, cap: float = math.inf) -> float:
        """Best candidate's distance from ``[lo, hi]`` in tolerance units, capped at ``cap``."""
        v = np.asarray(values, dtype=float)
        if v.size == 0:
            return float(cap)
        gap = np.maximum(0.0, np.maximum(self.lo - v, v - self.hi)) / self.tolerance
        return float(min(gap.min(), cap))


def interval(kind: str, value: float, low: float | None, high: float | None) -> tuple[float, float]:
    """The matching interval of a figure of ``kind``."""
    if kind == "point":
        return value, value
    if kind == "at_least":
        return value, math.inf
    if kind == "at_most":
        return -math.inf, value
    if kind == "about" and low is not None and high is not None:
        return low, high
    raise ValueError(f"kind '{kind}' has no interval (low={low}, high={high})")


def is_fittable(fig: Figure) -> bool:
    """True when a figure is a fit target: numeric, a model metric, use fit, not a claim."""
    return (
        fig.use == "fit"
        and fig.is_numeric
        and (fig.metric in CUMULATIVE or fig.metric in LEVELS)
        and fig.reliability != "party_claim"
    )


def is_checked(fig: Figure) -> bool:
    """True when a figure is compared with the model but not fitted."""
    numeric_metric = fig.is_numeric and (fig.metric in CUMULATIVE or fig.metric in LEVELS)
    return numeric_metric and not is_fittable(fig) and fig.use in ("fit", "check")


def _target(fig: Figure, settings: DistanceSettings, fitted: bool) -> Target:
    if fig.metric in LEVELS and fig.window_start is not None:
        raise ValueError(f"figure '{fig.id}': a window needs a cumulative metric, not {fig.metric}")
    value = float(fig.value if fig.value is not None else math.nan)
    lo, hi = interval(fig.kind, value, fig.low, fig.high)
    tol = (hi - lo) / 2 if fig.kind == "about" else settings.tolerance(fig.metric, value)
    timing = settings.timing_tolerance_days.get(fig.metric, 0) if fig.window_start else 0
    return Target(
        id=fig.id,
        metric=fig.metric,
        kind=fig.kind,
        value=value,
        lo=lo,
        hi=hi,
        tolerance=tol,
        date=fig.date,
        window_start=fig.window_start,
        date_shift_days=fig.date_uncertainty_days,
        timing_shift_days=int(timing),
        fitted=fitted,
        reliability=fig.reliability,
        note=fig.note,
    )


def _derived_target(d: DerivedFigure, settings: DistanceSettings) -> Target:
    lo, hi = interval(d.kind, d.value, None, None)
    return Target(
        id=d.id,
        metric=d.metric,
        kind=d.kind,
        value=d.value,
        lo=lo,
        hi=hi,
        tolerance=settings.tolerance(d.metric, d.value),
        date=d.date,
        window_start=d.window_start,
        timing_shift_days=int(settings.timing_tolerance_days.get(d.metric, 0)),
        reliability="derived",
        min_deaths=d.min_deaths,
        note=d.note,
    )


def build_targets(
    figures: Iterable[Figure], settings: DistanceSettings, until: dt.date | None = None
) -> tuple[list[Target], list[Target]]:
    """Split figures into fitted targets and checks, with weights for shared counts.

    Args:
        figures: Figures already restricted to the fitting window (``figures_until``).
        settings: Distance settings.
        until: Last day of the fitting window; derived figures dated later are left out.

    Returns:
        (fitted targets, checked targets). A derived figure is added to the fitted list when
        every source figure is kept with ``use: fit`` (a dated event such as the capture of
        the M5 qualifies) and its own date is up to ``until``.
    """
    figs = list(figures)
    fitted = [_target(f, settings, True) for f in figs if is_fittable(f)]
    checks = [_target(f, settings, False) for f in figs if is_checked(f)]
    usable = {f.id for f in figs if f.use == "fit"}
    for d in settings.derived_figures:
        in_window = until is None or d.date <= until
        if d.sources and set(d.sources) <= usable and in_window:
            fitted.append(_derived_target(d, settings))
    weights = {t.id: 1.0 for t in fitted}
    for group in settings.shared_count_groups:
        present = [i for i in group if i in weights]
        for i in present:
            weights[i] = 1.0 / len(present)
    fitted = [_with_weight(t, weights[t.id]) for t in fitted]
    return fitted, checks


def _with_weight(t: Target, weight: float) -> Target:
    return Target(**{**t.__dict__, "weight": weight})


def model_series(daily: pd.DataFrame, events: pd.DataFrame | None, metric: str, min_deaths: int):
    """The daily series of ``metric`` in a run (cumulative for counts), as a float array."""
    if metric == CAPTURE_SERIES:
        dates = pd.to_datetime(daily["date"]).to_numpy()
        counts = np.zeros(len(dates))
        if events is not None and len(events):
            taken = events[(events["action"] == "capture") & (events["target"] == "opposition")]
            idx = np.searchsorted(dates, pd.to_datetime(taken["date"]).to_numpy())
            np.add.at(counts, idx[idx < len(dates)], 1.0)
        return np.cumsum(counts)
    if metric == INCIDENT_SERIES:
        dates = pd.to_datetime(daily["date"]).to_numpy()
        counts = np.zeros(len(dates))
        if events is not None and len(events):
            hit = events[
                (events["action"] == "strike")
                & (events["target"] == "turkey")
                & (events["casualties"] >= min_deaths)
            ]
            idx = np.searchsorted(dates, pd.to_datetime(hit["date"]).to_numpy())
            np.add.at(counts, idx[idx < len(dates)], 1.0)
        return np.cumsum(counts)
    return daily[metric].to_numpy(dtype=float)


def window_values(series: np.ndarray, target: Target, metric_is_level: bool, first, last):
    """The target's value over each candidate window (nominal first)."""
    out = []
    for start, end in target.windows(first, last):
        if metric_is_level:
            out.append(series[end])
        else:
            out.append(series[end] - (series[start - 1] if start > 0 else 0.0))
    return np.asarray(out, dtype=float)


def summary_stats(
    daily: pd.DataFrame, events: pd.DataFrame | None, targets: Sequence[Target]
) -> dict[str, np.ndarray]:
    """Per target id, the model's value over every candidate window (nominal window first).

    Args:
        daily: The run's daily table (``date`` and metric columns).
        events: The run's events table (needed for derived incident counts).
        targets: Targets to evaluate.
    """
    dates = pd.to_datetime(daily["date"])
    first, last = dates.iloc[0].date(), dates.iloc[-1].date()
    stats: dict[str, np.ndarray] = {}
    for t in targets:
        series = model_series(daily, events, t.metric, t.min_deaths)
        stats[t.id] = window_values(series, t, t.metric in LEVELS, first, last)
    return stats


def discrepancies(
    stats: Mapping[str, np.ndarray], targets: Sequence[Target], cap: float = math.inf
) -> dict[str, float]:
    """Each target's discrepancy (tolerance units) given a run's summary statistics."""
    return {t.id: t.discrepancy(stats[t.id], cap) for t in targets}


def combined_distance(
    stats: Mapping[str, np.ndarray], targets: Sequence[Target], cap: float = math.inf
) -> float:
    """Weighted root mean square of the fitted targets' capped discrepancies."""
    fitted = [t for t in targets if t.fitted]
    if not fitted:
        raise ValueError("no fitted targets: nothing to compare the model with")
    total = sum(t.weight for t in fitted)
    square = sum(t.weight * t.discrepancy(stats[t.id], cap) ** 2 for t in fitted)
    return math.sqrt(square / total)


class FigureDistance:
    """The ABC distance ``d(x, x0)`` over the fitted targets (picklable).

    ``x`` holds a run's summary statistics (:func:`summary_stats`); ``x0`` is ignored because
    the figures (bounds, intervals, tolerances) live in the targets.
    """

    def __init__(self, targets: Sequence[Target], cap: float) -> None:
        self.targets = [t for t in targets if t.fitted]
        self.cap = cap

    def __call__(self, x: Mapping[str, np.ndarray], x0: object = None) -> float:
        """The combined distance of summary statistics ``x`` (``x0`` is unused)."""
        return combined_distance(x, self.targets, self.cap)
