"""Imports run one way: world ← crisis, people ← model ← runs ← calibration, sweeps ← cli.

Each folder of the package may import only from the layers below it (and from the foundations
every layer shares: parameters, rng, metrics, scenario). Charts (``briefing``) only read result
files: they import nothing that simulates. Nothing in the simulation imports Altair, typer or
Dask. The test reads the source with ``ast``, so a forbidden import anywhere in a module, even
inside a function, fails it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "model" / "flashpoint"
FOUNDATIONS = {"parameters", "rng", "metrics", "scenario", "data", "__version__"}
#: What each layer may import from the package, besides the foundations and itself.
ALLOWED: dict[str, set[str]] = {
    "world": set(),
    "crisis": {"world"},
    "people": {"world"},
    "model": {"world", "crisis", "people", "daily_metrics"},
    "daily_metrics": {"world", "crisis", "people", "model"},
    "runs": {"world", "crisis", "people", "model", "daily_metrics"},
    "sources": set(),
    "calibration": {"world", "crisis", "people", "model", "daily_metrics", "runs", "sources"},
    "sweeps": {"world", "crisis", "people", "model", "daily_metrics", "runs"},
    "briefing": set(),
    "cli": {"*"},
    # the public API: load_scenario, simulate, run_scenarios
    "__init__": {"runs", "scenario"},
}
#: Foundations may import only each other and the world (the scenario format checks names
#: against metrics and parameters, and dates against the front's timeline).
FOUNDATION_ALLOWED = {"parameters", "rng", "metrics", "scenario", "data", "world", "__version__"}
SIMULATION = {"world", "crisis", "people", "model", "daily_metrics", "parameters", "rng"}
#: Libraries the simulation never imports.
OUTSIDE_SIMULATION = ("altair", "typer", "dask", "distributed", "vl_convert", "rich")


def layer_of(path: Path) -> str:
    part = path.relative_to(PACKAGE).parts[0]
    return part.removesuffix(".py")


def imported(path: Path) -> set[str]:
    """Every module name the file imports (absolute names)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def package_layers(names: set[str]) -> set[str]:
    return {n.split(".")[1] for n in names if n.startswith("flashpoint.") and n.count(".") >= 1}


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_from_the_layers_below_it(path):
    layer = layer_of(path)
    used = package_layers(imported(path)) - {layer}
    if layer in FOUNDATIONS - {"__init__"}:
        allowed = FOUNDATION_ALLOWED
    else:
        allowed = ALLOWED[layer]
        if "*" in allowed:
            return
        allowed = allowed | FOUNDATIONS
    assert used <= allowed, f"{path.relative_to(PACKAGE)} imports {sorted(used - allowed)}"


@pytest.mark.parametrize(
    "path",
    [p for p in MODULES if layer_of(p) in SIMULATION],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_the_simulation_imports_no_charts_cli_or_cluster_library(path):
    roots = {n.split(".")[0] for n in imported(path)}
    assert not roots & set(OUTSIDE_SIMULATION), (
        f"{path.name} imports {roots & set(OUTSIDE_SIMULATION)}"
    )


def test_the_check_can_fail():
    """A module of the world importing the crisis would be refused."""
    fake = {"flashpoint.crisis.ladder"}
    assert package_layers(fake) - ALLOWED["world"] - FOUNDATIONS == {"crisis"}
