"""The distance on hand-made tables: bounds, intervals, points, windows, date and timing
tolerances, shared counts, derived incident counts; claims, checks and events not fitted."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from flashpoint.calibration.distance import (
    DerivedFigure,
    DistanceSettings,
    FigureDistance,
    build_targets,
    combined_distance,
    discrepancies,
    summary_stats,
)
from flashpoint.sources.figures import Figure

START = dt.date(2019, 12, 1)
DAYS = 91
SETTINGS = DistanceSettings(
    relative_tolerance={"default": 0.1, "turkish_military_deaths": 0.25},
    absolute_tolerance={"default": 1.0, "turkish_military_deaths": 2.0},
    timing_tolerance_days={"turkish_military_deaths": 7},
    max_discrepancy=5.0,
    shared_count_groups=(("a", "b"),),
)


def fig(id: str, metric: str = "displaced_total", **kw) -> Figure:
    base = {
        "id": id,
        "metric": metric,
        "value": 100.0,
        "kind": "point",
        "date": dt.date(2020, 1, 10),
        "source_file": "000_test.txt",
        "outlet": "Test",
        "article_date": dt.date(2020, 1, 11),
        "quote": "a quote",
        "reliability": "independent_count",
        "use": "fit",
        "note": "test figure",
    }
    base.update(kw)
    return Figure.model_validate(base)


def daily(**series) -> pd.DataFrame:
    """A daily table: cumulative series given as per-day increments (arrays of DAYS)."""
    dates = pd.date_range(START, periods=DAYS, freq="D")
    frame = pd.DataFrame({"scenario": "t", "replicate": 0, "date": dates})
    for name, increments in series.items():
        frame[name] = np.cumsum(np.asarray(increments, dtype=float))
    return frame


def day(d: dt.date) -> int:
    return (d - START).days


def only(figure: Figure, settings: DistanceSettings = SETTINGS):
    fitted, checks = build_targets([figure], settings)
    return fitted[0] if fitted else checks[0]


def value_and_gap(figure: Figure, table: pd.DataFrame, events=None):
    t = only(figure)
    stats = summary_stats(table, events, [t])
    return stats[t.id][0], t.discrepancy(stats[t.id], SETTINGS.max_discrepancy)


def test_cumulative_value_on_the_date_without_window():
    table = daily(displaced_total=np.full(DAYS, 10.0))  # 10 per day
    value, _ = value_and_gap(fig("x", value=410.0), table)
    assert value == 410.0  # 1 Dec .. 10 Jan inclusive = 41 days


def test_at_least_is_a_one_sided_soft_bound():
    table = daily(displaced_total=np.full(DAYS, 10.0))  # 410 on 10 Jan
    assert value_and_gap(fig("x", kind="at_least", value=400.0), table)[1] == 0.0
    gap = value_and_gap(fig("x", kind="at_least", value=500.0), table)[1]
    assert gap == pytest.approx((500 - 410) / 50)  # tolerance 10% of 500


def test_at_most_is_a_one_sided_soft_bound():
    table = daily(displaced_total=np.full(DAYS, 10.0))
    assert value_and_gap(fig("x", kind="at_most", value=500.0), table)[1] == 0.0
    gap = value_and_gap(fig("x", kind="at_most", value=380.0), table)[1]
    assert gap == pytest.approx((410 - 380) / 38)


def test_about_is_an_interval_scaled_by_its_half_width():
    table = daily(displaced_total=np.full(DAYS, 10.0))
    inside = fig("x", kind="about", value=400.0, low=350.0, high=450.0)
    assert value_and_gap(inside, table)[1] == 0.0
    outside = fig("x", kind="about", value=300.0, low=250.0, high=350.0)
    assert value_and_gap(outside, table)[1] == pytest.approx((410 - 350) / 50)


def test_point_uses_its_tolerance_and_the_cap():
    table = daily(displaced_total=np.full(DAYS, 10.0))
    assert value_and_gap(fig("x", value=420.0), table)[1] == pytest.approx(10 / 42)
    assert value_and_gap(fig("x", value=100_000.0), table)[1] == 5.0  # capped


def test_window_counts_from_window_start_inclusive():
    inc = np.zeros(DAYS)
    inc[day(dt.date(2020, 1, 1)) - 1] = 1000  # 31 Dec: outside the window
    inc[day(dt.date(2020, 1, 1))] = 7  # 1 Jan: inside
    inc[day(dt.date(2020, 1, 10))] = 5  # 10 Jan: inside
    inc[day(dt.date(2020, 1, 11))] = 900  # 11 Jan: after the date
    table = daily(civilian_deaths=inc)
    f = fig("w", metric="civilian_deaths", value=12.0, window_start=dt.date(2020, 1, 1))
    assert value_and_gap(f, table) == (12.0, 0.0)


def test_window_starting_on_the_first_day_counts_from_zero():
    table = daily(civilian_deaths=np.full(DAYS, 1.0))
    f = fig("w", metric="civilian_deaths", value=41.0, window_start=START)
    assert value_and_gap(f, table) == (41.0, 0.0)


def test_date_uncertainty_takes_the_best_end_but_reports_the_nominal_value():
    inc = np.zeros(DAYS)
    inc[day(dt.date(2020, 1, 12))] = 100  # lands two days after the nominal date
    table = daily(displaced_total=inc)
    strict = fig("x", kind="at_least", value=100.0)
    loose = fig("y", kind="at_least", value=100.0, date_uncertainty_days=2)
    assert value_and_gap(strict, table) == (0.0, 5.0)
    assert value_and_gap(loose, table) == (0.0, 0.0)


def test_incident_figures_may_shift_by_the_timing_tolerance():
    inc = np.zeros(DAYS)
    inc[day(dt.date(2020, 2, 5))] = 5  # the model's incident, five days early
    table = daily(turkish_military_deaths=inc)
    f = fig(
        "tr",
        metric="turkish_military_deaths",
        value=5.0,
        date=dt.date(2020, 2, 10),
        window_start=dt.date(2020, 2, 10),
        reliability="reported_event",
    )
    t = only(f)
    assert t.timing_shift_days == 7
    value, gap = value_and_gap(f, table)
    assert value == 0.0 and gap == 0.0
    inc[day(dt.date(2020, 2, 5))], inc[day(dt.date(2020, 1, 20))] = 0, 5  # three weeks off
    assert value_and_gap(f, daily(turkish_military_deaths=inc))[1] == pytest.approx(2.5)


def test_windows_are_clipped_to_the_run():
    f = fig("late", kind="at_least", date=dt.date(2020, 2, 29), date_uncertainty_days=3)
    windows = only(f).windows(START, START + dt.timedelta(days=DAYS - 1))
    assert windows[0] == (0, DAYS - 1)
    assert all(0 <= s <= e <= DAYS - 1 for s, e in windows)


def test_claims_checks_events_and_context_are_not_fitted():
    figures = [
        fig("fitted"),
        fig("claim", metric="syrian_military_deaths", kind="at_most", reliability="party_claim"),
        fig("checked", use="check"),
        fig("ev", metric="event", kind="event", value=None),
        fig("ctx", metric="context", use="context"),
    ]
    fitted, checks = build_targets(figures, SETTINGS)
    assert [t.id for t in fitted] == ["fitted"]
    assert sorted(t.id for t in checks) == ["checked", "claim"]
    assert not any(t.fitted for t in checks)
    table = daily(displaced_total=np.full(DAYS, 10.0), syrian_military_deaths=np.ones(DAYS))
    stats = summary_stats(table, None, fitted + checks)
    # a check far off the figure does not move the distance
    assert combined_distance(stats, fitted + checks) == combined_distance(stats, fitted)


def test_shared_counts_weigh_as_one_figure_and_distance_is_weighted_rms():
    table = daily(displaced_total=np.full(DAYS, 10.0))  # 410
    figures = [
        fig("a", kind="at_least", value=451.0),  # gap 41/45.1
        fig("b", kind="at_least", value=451.0),
        fig("c", kind="at_most", value=500.0),  # gap 0
    ]
    fitted, _ = build_targets(figures, SETTINGS)
    assert {t.id: t.weight for t in fitted} == {"a": 0.5, "b": 0.5, "c": 1.0}
    stats = summary_stats(table, None, fitted)
    g = discrepancies(stats, fitted)["a"]
    assert g == pytest.approx(41 / 45.1)
    assert combined_distance(stats, fitted) == pytest.approx(math.sqrt(g**2 / 2))
    assert FigureDistance(fitted, 5.0)(stats, {"ignored": 1}) == pytest.approx(math.sqrt(g**2 / 2))


def events_table(rows: list[tuple[dt.date, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime([r[0] for r in rows]),
            "action": "strike",
            "target": [r[1] for r in rows],
            "casualties": [r[2] for r in rows],
        }
    )


def derived_figure(
    id: str,
    metric: str,
    value: float,
    kind: str,
    date: dt.date,
    source: str,
    min_deaths: int = 0,
    window_start: dt.date = START,
) -> DerivedFigure:
    """A derived figure read from one source figure (window from the model's start by default)."""
    return DerivedFigure(
        id=id,
        metric=metric,
        min_deaths=min_deaths,
        value=value,
        kind=kind,
        date=date,
        window_start=window_start,
        sources=(source,),
        note="",
    )


def test_derived_incident_count_needs_its_sources_and_counts_incidents_of_five_or_more():
    feb1 = dt.date(2020, 2, 1)
    derived = derived_figure(
        "inc5", "turkish_incidents_5plus", 3, "point", dt.date(2020, 2, 28), "src", 5, feb1
    )
    settings = DistanceSettings(absolute_tolerance={"default": 1.0}, derived_figures=(derived,))
    source = fig(
        "src",
        metric="turkish_military_deaths",
        date=dt.date(2020, 2, 4),
        window_start=dt.date(2020, 2, 1),
    )
    fitted, _ = build_targets([source], settings)
    assert [t.id for t in fitted] == ["src", "inc5"]
    assert build_targets([fig("other")], settings)[0][-1].id == "other"
    events = events_table(
        [
            (dt.date(2020, 1, 20), "turkey", 9),  # before the window
            (dt.date(2020, 2, 3), "turkey", 8),
            (dt.date(2020, 2, 3), "turkey", 4),  # too small
            (dt.date(2020, 2, 10), "turkey", 5),
            (dt.date(2020, 2, 12), "syria", 50),  # not against Turkish forces
            (dt.date(2020, 2, 29), "turkey", 40),  # after the window
        ]
    )
    table = daily(turkish_military_deaths=np.zeros(DAYS))
    stats = summary_stats(table, events, fitted)
    assert stats["inc5"][0] == 2.0
    assert fitted[1].discrepancy(stats["inc5"]) == pytest.approx(1.0)


def test_no_fitted_target_is_an_error():
    with pytest.raises(ValueError, match="no fitted targets"):
        combined_distance({}, [])


def test_derived_capture_count_from_a_dated_event_and_only_up_to_until():
    m5 = derived_figure(
        "m5_by_27feb", "axis_places_captured", 7, "at_least", dt.date(2020, 2, 27), "m5"
    )
    settings = DistanceSettings(absolute_tolerance={"default": 1.0}, derived_figures=(m5,))
    event = fig("m5", metric="event", value=None, kind="event", date=dt.date(2020, 2, 14))
    fitted, _ = build_targets([event], settings, until=dt.date(2020, 2, 29))
    assert [t.id for t in fitted] == ["m5_by_27feb"]
    # a derived figure dated after --until is left out; so is one whose source is not fitted
    assert build_targets([event], settings, until=dt.date(2020, 2, 20))[0] == []
    context = fig("m5", metric="event", value=None, kind="event", use="context")
    assert build_targets([context], settings)[0] == []
    captures = pd.DataFrame(
        {
            "date": pd.to_datetime([dt.date(2020, 1, 5)] * 3 + [dt.date(2020, 2, 10)] * 4),
            "action": ["capture", "capture", "strike", "capture", "capture", "capture", "capture"],
            "target": ["opposition"] * 6 + ["syria"],
            "casualties": 0,
        }
    )
    table = daily(displaced_total=np.zeros(DAYS))
    stats = summary_stats(table, captures, fitted)
    # five captures by 27 Feb: the strike is not one, nor is the opposition's recapture
    assert stats["m5_by_27feb"][0] == 5.0
    assert fitted[0].discrepancy(stats["m5_by_27feb"]) == pytest.approx(2.0)
