"""Samplers: the points of a sweep, in the unit cube and in the inputs' own values.

Every sampler first draws points in the unit cube ``[0, 1]^d`` (one column per input), then
each input maps its column to values: a range linearly (``uniform``) or in log space
(``log_uniform``), whole numbers and dates rounded down to a whole day, a list of values by
index. ``grid`` is the full factorial of each input's levels (``levels`` evenly spaced over the
range, default 3, or the listed values); ``lhs`` is Latin hypercube sampling; ``sobol`` is
Saltelli's scheme for first-order and total indices (SALib, ``N * (d + 2)`` points); ``morris``
is Morris trajectories (SALib, ``N * (d + 1)`` points). All are seeded by the sweep's seed, so
the same file gives the same points.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from flashpoint.sweeps.spec import InputSpec, Sweep

DEFAULT_GRID_LEVELS = 3


@dataclass(frozen=True)
class Design:
    """The points of a sweep.

    Attributes:
        names: Input names (columns).
        unit: Points in the unit cube, shape (points, inputs), in sample order.
        values: Each point's input values by name, in sample order.
        problem: The SALib problem (names, unit bounds) the points were drawn for.
    """

    names: tuple[str, ...]
    unit: np.ndarray
    values: tuple[dict[str, Any], ...]
    problem: dict[str, Any]

    def __len__(self) -> int:
        return len(self.values)


def unit_problem(names: list[str]) -> dict[str, Any]:
    """A SALib problem over the unit cube with these input names."""
    return {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}


def to_value(spec: InputSpec, kind: str, u: float) -> Any:
    """Map a unit coordinate ``u`` to the input's value.

    Args:
        spec: The input as written.
        kind: Its value type (``float``, ``int``, ``date``, ``bool``, ``text``).
        u: A coordinate in [0, 1].
    """
    u = min(max(float(u), 0.0), 1.0)
    if spec.values is not None:
        return spec.values[min(int(u * len(spec.values)), len(spec.values) - 1)]
    low, high = spec.range  # type: ignore[misc]
    if kind == "date":
        span_days = (high - low).days
        return low + timedelta(days=min(math.floor(u * (span_days + 1)), span_days))
    if spec.distribution == "log_uniform":
        x = math.exp(math.log(low) + u * (math.log(high) - math.log(low)))
    else:
        x = low + u * (high - low)
    if kind == "int":
        return int(min(math.floor(x + 0.5), high))
    return float(min(max(x, low), high))


def _grid_levels(spec: InputSpec, kind: str) -> list[float]:
    """Unit coordinates of an input's grid levels (values map exactly back to the levels)."""
    if spec.values is not None:
        n = len(spec.values)
        return [(k + 0.5) / n for k in range(n)]
    n = spec.levels or DEFAULT_GRID_LEVELS
    return [k / (n - 1) for k in range(n)]


def draw(sweep: Sweep) -> Design:
    """The points of a validated sweep, in sample order (deterministic in the sweep's seed)."""
    spec = sweep.spec
    names = sweep.input_names
    kinds = [t.value_type for t in sweep.targets]
    problem = unit_problem(names)
    if spec.sampler == "grid":
        axes = [_grid_levels(i, k) for i, k in zip(spec.inputs, kinds, strict=True)]
        unit = np.array(list(itertools.product(*axes)), dtype=float)
    elif spec.sampler == "lhs":
        from SALib.sample import latin

        unit = latin.sample(problem, int(spec.samples or 1), seed=sweep.seed)
    elif spec.sampler == "sobol":
        from SALib.sample import sobol

        n = int(spec.samples or 1)
        unit = sobol.sample(problem, n, calc_second_order=False, seed=sweep.seed)
    else:
        from SALib.sample import morris

        n = int(spec.samples or 1)
        unit = morris.sample(problem, n, num_levels=spec.morris_levels, seed=sweep.seed)
    values = tuple(
        {
            name: to_value(i, k, u)
            for name, i, k, u in zip(names, spec.inputs, kinds, row, strict=True)
        }
        for row in unit
    )
    return Design(tuple(names), np.asarray(unit, dtype=float), values, problem)


def as_cell(value: Any) -> Any:
    """An input value as stored in a table cell (dates as ``datetime64``)."""
    return np.datetime64(value, "D") if isinstance(value, date) else value
