"""The headline numbers a run prints at its end: key metrics on key dates, and outcome shares.

Each number is the median and the 90% interval (5th to 95th percentile) over replicates, read
from the scenario's daily table.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from flashpoint.runs.summary import column_quantiles

#: The metrics of the headline table, in order.
HEADLINE_METRICS: tuple[str, ...] = (
    "displaced_total",
    "civilian_deaths",
    "turkish_military_deaths",
    "crossed_to_greece",
)
#: The first date past the source articles (29 February 2020): a month into the forecast.
FORECAST_CHECK_DATE = dt.date(2020, 3, 31)
#: The 90% interval.
BAND = (0.5, 0.05, 0.95)


def headline_dates(daily: pd.DataFrame) -> list[dt.date]:
    """The dates of the headline table: 31 March 2020 if simulated, and the last day."""
    days = sorted(pd.to_datetime(daily["date"]).dt.date.unique())
    chosen = [d for d in (FORECAST_CHECK_DATE,) if days and days[0] <= d < days[-1]]
    return [*chosen, days[-1]] if days else []


def headline_rows(daily: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Rows ``(metric, date, "median [p05–p95]")`` of one scenario's headline numbers."""
    rows = []
    dates = pd.to_datetime(daily["date"]).dt.date
    for day in headline_dates(daily):
        on_day = daily[dates == day]
        for metric in HEADLINE_METRICS:
            median, low, high = column_quantiles(on_day[metric], BAND)
            rows.append((metric, day.isoformat(), f"{median:,.0f} [{low:,.0f}–{high:,.0f}]"))
    return rows
