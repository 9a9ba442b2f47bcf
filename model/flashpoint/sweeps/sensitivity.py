"""Sensitivity indices and scenario discovery from a finished sweep.

Each outcome is first averaged over the replicates of each point (runs with status ``ok``), so
an ``occurs`` outcome becomes the share of replicates in which it happens. Then:

- ``sobol`` sweeps: first-order and total Sobol indices with their confidence intervals
  (SALib ``sobol.analyze``, 95%, bootstrap);
- ``morris`` sweeps: Morris ``mu_star`` (with its interval) and ``sigma`` (SALib
  ``morris.analyze``) on the unit-cube coordinates, so mu* is the effect of moving an input
  across its whole range;

written to ``sensitivity.csv`` with columns :data:`SENSITIVITY_COLUMNS`. Scenario discovery
fits a shallow decision tree (scikit-learn) to the runs, inputs against an ``occurs`` outcome,
and reports the boxes (input ranges) where it happens more often than on average, with their
coverage (share of all the runs where it happens that fall in the box) and density (share of
the box's runs where it happens), in ``discovery.csv`` and ``discovery.txt``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from flashpoint.sweeps.outcomes import OUTCOME_PREFIX
from flashpoint.sweeps.samplers import unit_problem

SENSITIVITY_COLUMNS = [
    "outcome",
    "input",
    "method",
    "S1",
    "S1_conf",
    "ST",
    "ST_conf",
    "mu_star",
    "mu_star_conf",
    "sigma",
]
DISCOVERY_COLUMNS = [
    "outcome",
    "rank",
    "rule",
    "n_runs",
    "positives",
    "coverage",
    "density",
    "base_rate",
]
INPUT_PREFIX = "input:"
UNIT_PREFIX = "unit:"
TREE_DEPTH = 3


def point_means(results: pd.DataFrame, outcomes: list[str], n_points: int) -> pd.DataFrame:
    """Mean of each outcome over the ok replicates of each point (NaN where none is ok)."""
    ok = results[results["status"] == "ok"]
    means = ok.groupby("point")[[OUTCOME_PREFIX + o for o in outcomes]].mean()
    means.columns = outcomes
    return means.reindex(range(n_points))


def sensitivity_table(
    sampler: str,
    names: list[str],
    unit: np.ndarray,
    means: pd.DataFrame,
    *,
    seed: int,
    morris_levels: int = 4,
) -> tuple[pd.DataFrame, list[str]]:
    """Sobol or Morris indices of every outcome column of ``means``.

    Args:
        sampler: ``sobol`` or ``morris`` (how the points were drawn).
        names: Input names, in the order of ``unit``'s columns.
        unit: Points in the unit cube, in sample order.
        means: One row per point (sample order), one column per outcome.
        seed: Seed of the bootstrap.
        morris_levels: Levels of the Morris grid.

    Returns:
        The table (columns :data:`SENSITIVITY_COLUMNS`) and notes on outcomes left out.
    """
    from SALib.analyze import morris, sobol

    problem = unit_problem(names)
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    for outcome in means.columns:
        y = means[outcome].to_numpy(dtype=float)
        if not np.isfinite(y).all():
            notes.append(f"{outcome}: left out, some points have no finite value")
            continue
        if np.ptp(y) == 0:
            notes.append(f"{outcome}: left out, the same value at every point")
            continue
        if sampler == "sobol":
            res = sobol.analyze(problem, y, calc_second_order=False, seed=seed)
            for j, name in enumerate(names):
                rows.append(
                    {
                        "outcome": outcome,
                        "input": name,
                        "method": "sobol",
                        "S1": res["S1"][j],
                        "S1_conf": res["S1_conf"][j],
                        "ST": res["ST"][j],
                        "ST_conf": res["ST_conf"][j],
                    }
                )
        else:
            res = morris.analyze(problem, unit, y, num_levels=morris_levels, seed=seed)
            for j, name in enumerate(names):
                rows.append(
                    {
                        "outcome": outcome,
                        "input": name,
                        "method": "morris",
                        "mu_star": res["mu_star"][j],
                        "mu_star_conf": res["mu_star_conf"][j],
                        "sigma": res["sigma"][j],
                    }
                )
    return pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS), notes


def _numeric(column: pd.Series) -> tuple[np.ndarray, Any]:
    """A column as numbers for the tree, and how to print a threshold back."""
    if pd.api.types.is_datetime64_any_dtype(column):
        days = column.to_numpy(dtype="datetime64[D]").astype(np.int64).astype(float)
        return days, lambda t: str(np.datetime64(int(np.floor(t)), "D"))
    if pd.api.types.is_bool_dtype(column) or not pd.api.types.is_numeric_dtype(column):
        cats = sorted(column.astype(str).unique())
        codes = column.astype(str).map({c: k for k, c in enumerate(cats)}).to_numpy(dtype=float)
        return codes, lambda t: "/".join(c for k, c in enumerate(cats) if k > t)
    return column.to_numpy(dtype=float), lambda t: f"{t:.6g}"


def discover(runs: pd.DataFrame, inputs: list[str], outcome: str) -> pd.DataFrame:
    """Boxes of input ranges where an outcome happens more often than on average.

    Args:
        runs: One row per ok run with ``input:`` and ``outcome:`` columns.
        inputs: Input names.
        outcome: An outcome name whose column holds 0/1.

    Returns:
        Rows with columns :data:`DISCOVERY_COLUMNS`, densest box first.
    """
    from sklearn.tree import DecisionTreeClassifier

    y = runs[OUTCOME_PREFIX + outcome].to_numpy(dtype=float) >= 0.5
    columns = [_numeric(runs[INPUT_PREFIX + name]) for name in inputs]
    x = np.column_stack([c[0] for c in columns])
    base_rate = float(y.mean()) if len(y) else float("nan")
    if len(y) == 0 or y.all() or not y.any():
        return pd.DataFrame(columns=DISCOVERY_COLUMNS)
    leaf_min = max(5, int(0.05 * len(y)))
    tree = DecisionTreeClassifier(max_depth=TREE_DEPTH, min_samples_leaf=leaf_min, random_state=0)
    tree.fit(x, y)
    t = tree.tree_
    leaf_of = tree.apply(x)
    rows = []

    def walk(node: int, box: dict[int, list[float]]) -> None:
        if t.children_left[node] == -1:
            inside = leaf_of == node
            density = float(y[inside].mean())
            if density > base_rate:
                rows.append(
                    {
                        "outcome": outcome,
                        "rule": _rule(box, inputs, columns),
                        "n_runs": int(inside.sum()),
                        "positives": int(y[inside].sum()),
                        "coverage": float(y[inside].sum() / y.sum()),
                        "density": density,
                        "base_rate": base_rate,
                    }
                )
            return
        j, cut = int(t.feature[node]), float(t.threshold[node])
        low, high = box.get(j, [-np.inf, np.inf])
        walk(int(t.children_left[node]), {**box, j: [low, min(high, cut)]})
        walk(int(t.children_right[node]), {**box, j: [max(low, cut), high]})

    walk(0, {})
    table = pd.DataFrame(rows, columns=[c for c in DISCOVERY_COLUMNS if c != "rank"])
    table = table.sort_values(["density", "coverage"], ascending=False, kind="stable")
    table.insert(1, "rank", range(1, len(table) + 1))
    return table.reset_index(drop=True)


def _rule(box: dict[int, list[float]], inputs: list[str], columns: list[Any]) -> str:
    parts = []
    for j in sorted(box):
        low, high = box[j]
        show = columns[j][1]
        if np.isfinite(low):
            parts.append(f"{inputs[j]} > {show(low)}")
        if np.isfinite(high):
            parts.append(f"{inputs[j]} <= {show(high)}")
    return " and ".join(parts) or "all runs"


def analyze_sweep(out_dir: str | Path) -> dict[str, Any]:
    """Write ``sensitivity.csv`` (sobol and morris sweeps) and ``discovery.csv``/``.txt``.

    Reads ``sweep.json``, ``points.parquet`` and ``results.parquet`` of a finished sweep.

    Returns:
        ``sensitivity`` and ``discovery`` tables (None when not computed) and ``notes``.
    """
    out = Path(out_dir)
    manifest = json.loads((out / "sweep.json").read_text())
    spec = manifest["spec"]
    points = pd.read_parquet(out / "points.parquet").sort_values("point")
    results = pd.read_parquet(out / "results.parquet")
    names = [i["name"] for i in spec["inputs"]]
    numeric = [
        c.removeprefix(OUTCOME_PREFIX)
        for c in results.columns
        if c.startswith(OUTCOME_PREFIX) and pd.api.types.is_numeric_dtype(results[c])
    ]
    report: dict[str, Any] = {"sensitivity": None, "discovery": None, "notes": []}
    if spec["sampler"] in ("sobol", "morris"):
        unit = points[[UNIT_PREFIX + n for n in names]].to_numpy(dtype=float)
        means = point_means(results, numeric, len(points))
        table, notes = sensitivity_table(
            spec["sampler"],
            names,
            unit,
            means,
            seed=int(manifest["seed"]),
            morris_levels=int(spec.get("morris_levels", 4)),
        )
        table.to_csv(out / "sensitivity.csv", index=False)
        report["sensitivity"], report["notes"] = table, notes
    wanted = spec.get("discovery")
    if wanted is None:
        wanted = [o["name"] for o in spec["outcomes"] if o["kind"] == "occurs"]
    if wanted:
        ok = results[results["status"] == "ok"]
        found = pd.concat([discover(ok, names, o) for o in wanted], ignore_index=True)
        found = found.reindex(columns=DISCOVERY_COLUMNS)
        found.to_csv(out / "discovery.csv", index=False)
        (out / "discovery.txt").write_text(discovery_text(found, wanted))
        report["discovery"] = found
    return report


def discovery_text(found: pd.DataFrame, outcomes: list[str]) -> str:
    """The discovery boxes as short sentences, one outcome after the other."""
    lines = []
    for outcome in outcomes:
        part = found[found["outcome"] == outcome]
        lines.append(f"{outcome}:")
        if part.empty:
            lines.append("  no box: it happens in all runs or in none, or nowhere more often")
        for r in part.itertuples():
            lines.append(
                f"  {r.rank}. {r.rule}: density {r.density:.0%} (base {r.base_rate:.0%}), "
                f"coverage {r.coverage:.0%}, {r.n_runs} runs"
            )
    return "\n".join(lines) + "\n"
