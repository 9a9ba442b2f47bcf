"""Briefing tests: one small seeded result set for the whole session, and spec helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ("baseline", "ceasefire_march")
REPLICATES = 3
SCALE = 100


@pytest.fixture(scope="session")
def result_dirs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two scenarios, 3 replicates at scale 100, written by the real ``flashpoint run``."""
    out = tmp_path_factory.mktemp("results")
    files = [str(ROOT / "scenarios" / f"{name}.yaml") for name in SCENARIOS]
    args = ["run", *files, "--replicates", str(REPLICATES), "--scale", str(SCALE)]
    result = CliRunner().invoke(app, [*args, "--out", str(out), "--no-charts"])
    assert result.exit_code == 0, result.output
    return [out / name for name in SCENARIOS]


@pytest.fixture(scope="session")
def runs(result_dirs: list[Path]) -> list:
    """The result set loaded."""
    from flashpoint.briefing.results import load_results

    return [load_results(d) for d in result_dirs]


def walk(spec: Any) -> Iterator[dict]:
    """Every dict in a Vega-Lite spec (depth first)."""
    if isinstance(spec, dict):
        yield spec
        for value in spec.values():
            yield from walk(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from walk(value)


def marks(spec: dict) -> list[dict]:
    """Every unit view of a spec (a dict with a ``mark``), with its encoding."""
    return [d for d in walk(spec) if "mark" in d]


def mark_type(view: dict) -> str:
    """``area``, ``line``, ... of a unit view."""
    mark = view["mark"]
    return mark["type"] if isinstance(mark, dict) else mark


def view_data(spec: dict, view: dict) -> list[dict]:
    """Inline rows of a unit view (resolving named datasets)."""
    data = view.get("data", {})
    if "name" in data:
        return spec["datasets"][data["name"]]
    return data.get("values", [])


def subtitle_text(spec: dict) -> str:
    """All title subtitles of a spec, joined."""
    parts = []
    for d in walk(spec):
        title = d.get("title")
        if isinstance(title, dict) and "subtitle" in title:
            sub = title["subtitle"]
            parts.append(" ".join(sub) if isinstance(sub, list) else sub)
    return " ".join(parts)
