"""Shared values and helpers of the sweep tests (a uniquely named module: test files import
it by name, which a second ``conftest`` would shadow)."""

from __future__ import annotations

import pandas as pd

BASE = """\
name: short_base
end: 2020-01-15
replicates: 2
events:
  - id: offensive
    type: offensive
    side: regime
    action: resume
    on: 2019-12-01
  - id: truce
    type: ceasefire
    parties: [turkey, russia, syria]
    compliance: 0.8
    on: 2020-01-05
"""

TWO_INPUTS = """\
name: two_inputs
base: base.yaml
replicates: 3
scale: 200
posterior: true
sampler: grid
inputs:
  - name: military.strike_rate_per_day
    range: [10, 40]
    levels: 2
  - name: events.truce.compliance
    values: [0.5, 0.9]
outcomes:
  - {name: deaths_10jan, kind: value, metric: civilian_deaths, date: 2020-01-10}
  - {name: peak_camps, kind: peak, metric: in_border_camps}
  - {name: days_to_300_deaths, kind: days_until, metric: civilian_deaths, op: ">=", threshold: 300}
  - {name: breakdown, kind: occurs, event: ceasefire_breakdown}
"""

#: Columns that record where and how fast a run went, not what it computed.
TIMING = ["seconds", "worker"]


def comparable(results: pd.DataFrame) -> pd.DataFrame:
    """The results without timing columns, sorted by point and replicate."""
    table = results.drop(columns=TIMING).sort_values(["point", "replicate"])
    return table.reset_index(drop=True)
