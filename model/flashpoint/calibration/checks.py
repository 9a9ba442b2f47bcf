"""The acceptance checks of the calibration: the posterior-predictive runs against the figures.

Each check reads its figures from ``calibration/figures.yaml`` (by id) and one column of the
posterior-predictive table (:mod:`flashpoint.calibration.predictive`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from flashpoint.runs.summary import column_quantiles
from flashpoint.sources.figures import Figure, load_figures


def fmt(x: float) -> str:
    """A number for a table: thousands separated, few decimals."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–" if x is None or math.isnan(x) else ("∞" if x > 0 else "−∞")
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 10 or float(x).is_integer():
        return f"{x:.0f}"
    return f"{x:.3g}"


#: The figures (ids in ``calibration/figures.yaml``) that the acceptance checks read.
FLOOR_FIGURE = "displaced_over_875k"
CEILING_FIGURE = "displaced_nearly_1m"
FEBRUARY_LOSS_FIGURES = ("tr_killed_8_early_feb", "tr_killed_5_10feb", "tr_killed_33_27feb")
#: "Nearly one million" is read as at most this factor above the round number.
NEARLY_FACTOR = 1.05


def acceptance_rows(
    fine: pd.DataFrame, figures: Sequence[Figure] | None = None
) -> list[tuple[str, str, bool]]:
    """The acceptance checks on the check-scale runs: (check, model, passes).

    Args:
        fine: Posterior-predictive rows (``predictive.predictive``).
        figures: The figures table (default: ``calibration/figures.yaml`` of the working folder).
    """
    by_id = {f.id: f for f in (load_figures() if figures is None else figures)}
    floor = float(by_id[FLOOR_FIGURE].value or 0)
    ceiling = float(by_id[CEILING_FIGURE].value or 0)
    losses = [float(by_id[i].value or 0) for i in FEBRUARY_LOSS_FIGURES]
    documented_deaths, documented_incidents = sum(losses), len(losses)
    d18 = max(
        column_quantiles(fine["displaced_total_0218"], [0.5])[0],
        column_quantiles(fine["displacement_movements_0218"], [0.5])[0],
    )
    d28 = min(
        column_quantiles(fine["displaced_total_0228"], [0.5])[0],
        column_quantiles(fine["displacement_movements_0228"], [0.5])[0],
    )
    _, lo, hi = summarise(fine["turkish_deaths_to_0228"])
    inc = summarise(fine["turkish_incidents_5plus_feb"])
    return [
        (
            f"median displaced_total or displacement_movements on 18 Feb ≥ {fmt(floor)}",
            f"{fmt(d18)}",
            d18 >= floor,
        ),
        (
            f"median displaced_total or displacement_movements on 28 Feb ≤ about {fmt(ceiling)} "
            f"(taken as ≤ {fmt(ceiling * NEARLY_FACTOR)})",
            f"{fmt(d28)}",
            d28 <= ceiling * NEARLY_FACTOR,
        ),
        (
            f"documented {fmt(documented_deaths)} Turkish military deaths to 28 Feb inside the "
            "5–95% band",
            f"[{fmt(lo)}–{fmt(hi)}]",
            lo <= documented_deaths <= hi,
        ),
        (
            f"incidents with ≥ 5 Turkish deaths in Feb of the documented order "
            f"({documented_incidents})",
            f"{fmt(inc[0])} [{fmt(inc[1])}–{fmt(inc[2])}]",
            inc[1] <= documented_incidents <= inc[2],
        ),
    ]


def summarise(values: pd.Series) -> tuple[float, float, float]:
    """(median, 5% quantile, 95% quantile) of a column of runs."""
    m, lo, hi = column_quantiles(values, [0.5, 0.05, 0.95])
    return m, lo, hi


def acceptance_table(fine: pd.DataFrame) -> list[str]:
    """The acceptance checks as a table."""
    n = len(fine)
    rows = acceptance_rows(fine)
    lines = [
        f"Over {n} replicates of `history.yaml`, replicate r with `posterior.draw(seed, r)`:",
        "",
        "| check | model | passes |",
        "|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {'yes' if ok else '**no**'} |" for a, b, ok in rows]
    return lines
