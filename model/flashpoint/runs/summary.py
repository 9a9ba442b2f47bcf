"""The one summary of replicates: quantile bands per (scenario, date, metric), and outcome shares.

Every table of bands (``summary.csv``, the forecast, the calibration report) comes from
:func:`bands`; every share of replicates with an interval from :func:`wilson_interval`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from flashpoint.metrics import METRIC_NAMES

#: The quantiles of ``summary.csv``: column name -> probability.
QUANTILES: dict[str, float] = {"p05": 0.05, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p95": 0.95}
#: z-value of a two-sided 95% interval.
Z_95 = 1.959963984540054


def bands(
    daily: pd.DataFrame,
    *,
    metrics: Sequence[str] = METRIC_NAMES,
    quantiles: Mapping[str, float] = QUANTILES,
    with_mean: bool = True,
    with_count: bool = False,
) -> pd.DataFrame:
    """Quantiles across replicates per (scenario, date, metric), in date and metric order.

    Args:
        daily: Rows ``scenario, replicate, date`` with one column per metric.
        metrics: The metric columns to summarise.
        quantiles: Output column name -> probability (linear interpolation).
        with_mean: Add a ``mean`` column before the quantiles.
        with_count: Add a ``replicates`` column (how many values each row summarises).

    Returns:
        ``scenario, date, metric`` then ``mean`` (if asked), the quantile columns and
        ``replicates`` (if asked).
    """
    long = daily.melt(
        id_vars=["scenario", "replicate", "date"], value_vars=list(metrics), var_name="metric"
    )
    grouped = long.groupby(["scenario", "date", "metric"], sort=False)["value"]
    out = pd.DataFrame(index=grouped.size().index)
    if with_mean:
        out["mean"] = grouped.mean()
    for name, q in quantiles.items():
        out[name] = grouped.quantile(q)
    if with_count:
        out["replicates"] = grouped.count()
    out = out.reset_index()
    order = {m: i for i, m in enumerate(metrics)}
    out["_m"] = out["metric"].map(order)
    out = out.sort_values(["scenario", "date", "_m"], kind="stable").drop(columns="_m")
    return out.reset_index(drop=True)


def column_quantiles(values: pd.Series | np.ndarray, qs: Sequence[float]) -> tuple[float, ...]:
    """Quantiles of one column of runs, ignoring missing values (NaN when none is left)."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return (float("nan"),) * len(qs)
    return tuple(float(x) for x in np.quantile(v, list(qs)))


def wilson_interval(k: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval for a binomial share ``k/n`` (``(0, 1)`` when ``n`` is 0)."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))
