"""Helpers of the briefing tests that read chart specifications (a uniquely named module: test
files import it by name, which a second ``conftest`` would shadow)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

REPLICATES = 3
SCALE = 100


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
