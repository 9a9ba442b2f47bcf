"""Regenerate the parameter table at the end of docs/MODEL.md from the registry.

Run: ``uv run python docs/make_parameter_table.py`` (rewrites docs/MODEL.md in place).
"""

from __future__ import annotations

from pathlib import Path

from flashpoint.parameters import registry

MARK = "## 5. Parameters"


def table() -> str:
    """The markdown table of every parameter."""
    lines = ["| name | default | unit | range | source | meaning |", "|---|---|---|---|---|---|"]
    for p in registry().values():
        cells = [
            f"`{p.name}`",
            str(p.default),
            p.unit,
            f"{p.minimum:g}–{p.maximum:g}",
            p.source,
            p.description,
        ]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    path = Path(__file__).with_name("MODEL.md")
    text = path.read_text()
    head, _, tail = text.partition(MARK)
    intro = [line for line in tail.splitlines() if not line.startswith("|")]
    path.write_text(head + MARK + "\n".join(intro).rstrip() + "\n\n" + table())


if __name__ == "__main__":
    main()
