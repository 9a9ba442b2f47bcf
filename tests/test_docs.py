"""docs/MODEL.md lists every parameter with its current default and source."""

from pathlib import Path

from flashpoint.parameters import registry

ROOT = Path(__file__).resolve().parents[1]


def test_every_parameter_has_a_line_in_model_md():
    text = (ROOT / "docs" / "MODEL.md").read_text()
    for p in registry().values():
        line = next((ln for ln in text.splitlines() if ln.startswith(f"| `{p.name}` |")), None)
        assert line is not None, (
            f"{p.name} missing from docs/MODEL.md (run docs/make_parameter_table.py)"
        )
        assert f"| {p.default} |" in line, f"{p.name}: default in docs/MODEL.md is stale"
        assert p.source in line
