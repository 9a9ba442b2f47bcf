"""Outcomes: numbers computed from one run's daily table.

Kinds (the keys each takes are in :data:`flashpoint.sweeps.spec.OUTCOME_KEYS`):

- ``value``: a metric on a date;
- ``peak``: the largest value of a metric (up to ``by`` if given) and the first date it is
  reached, as two columns: ``outcome:<name>`` and ``outcome:<name>_date``;
- ``days_until``: days from the scenario's start to the first day the metric satisfies
  ``op threshold`` (NaN if never);
- ``occurs``: 1.0 if something happens (by ``by`` if given) else 0.0, so the mean over
  replicates is the share of replicates in which it happens: a ``clash`` is
  ``clash_occurred_turkey_russia`` reaching 1; a ``ceasefire_breakdown`` is ``ceasefire_active``
  going from 1 to 0 from one day to the next;
- ``difference``: the metric on a date minus the same in the reference scenario's run with the
  same seed, replicate and parameters (common random numbers).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from datetime import date

import numpy as np
import pandas as pd

from flashpoint.sweeps.spec import OutcomeSpec

OUTCOME_PREFIX = "outcome:"
OPS: dict[str, Callable[[np.ndarray, float], np.ndarray]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}
CLASH_METRIC = "clash_occurred_turkey_russia"
CEASEFIRE_METRIC = "ceasefire_active"


def outcome_columns(outcomes: Sequence[OutcomeSpec]) -> list[str]:
    """The ``outcome:`` columns the outcomes fill, in order."""
    cols = []
    for o in outcomes:
        cols.append(OUTCOME_PREFIX + o.name)
        if o.kind == "peak":
            cols.append(f"{OUTCOME_PREFIX}{o.name}_date")
    return cols


def _on(daily: pd.DataFrame, metric: str, day: date) -> float:
    rows = daily.loc[daily["date"] == pd.Timestamp(day), metric]
    if rows.empty:
        raise ValueError(f"the run has no row for {day} (it ends {daily['date'].max().date()})")
    return float(rows.iloc[0])


def _upto(daily: pd.DataFrame, by: date | None) -> pd.DataFrame:
    return daily if by is None else daily.loc[daily["date"] <= pd.Timestamp(by)]


def breakdowns(active: np.ndarray) -> int:
    """Times a 0/1 series goes from 1 to 0 from one day to the next."""
    a = np.asarray(active, dtype=float)
    return int(np.sum((a[:-1] >= 0.5) & (a[1:] < 0.5)))


def evaluate(
    outcomes: Sequence[OutcomeSpec],
    daily: pd.DataFrame,
    references: Mapping[str, pd.DataFrame] | None = None,
) -> dict[str, float | pd.Timestamp]:
    """The outcome columns of one run.

    Args:
        outcomes: The outcomes to compute.
        daily: The run's daily table (``date`` and one column per metric), in date order.
        references: Daily tables of the reference runs, by the reference path as written.

    Returns:
        Values by ``outcome:`` column name.
    """
    out: dict[str, float | pd.Timestamp] = {}
    for o in outcomes:
        col = OUTCOME_PREFIX + o.name
        if o.kind == "value":
            out[col] = _on(daily, str(o.metric), o.date)  # type: ignore[arg-type]
        elif o.kind == "peak":
            part = _upto(daily, o.by)
            values = part[str(o.metric)].to_numpy(dtype=float)
            k = int(np.argmax(values))
            out[col] = float(values[k])
            out[f"{col}_date"] = pd.Timestamp(part["date"].iloc[k])
        elif o.kind == "days_until":
            hit = OPS[str(o.op)](daily[str(o.metric)].to_numpy(dtype=float), float(o.threshold))
            out[col] = float(np.argmax(hit)) if hit.any() else float("nan")
        elif o.kind == "occurs":
            part = _upto(daily, o.by)
            if o.event == "clash":
                happened = bool((part[CLASH_METRIC].to_numpy() >= 1).any())
            else:
                happened = breakdowns(part[CEASEFIRE_METRIC].to_numpy()) > 0
            out[col] = 1.0 if happened else 0.0
        else:
            ref = (references or {})[str(o.reference)]
            metric, day = str(o.metric), o.date
            out[col] = _on(daily, metric, day) - _on(ref, metric, day)  # type: ignore[arg-type]
    return out
