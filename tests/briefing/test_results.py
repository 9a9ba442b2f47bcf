"""Reading results folders: tables by column name, and clear errors for bad folders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.briefing.results import ResultsError, load_results
from flashpoint.cli import app


def copy_with_manifest(src: Path, dst: Path, **changes) -> Path:
    """A copy of a results folder's daily table and manifest, with manifest changes."""
    dst.mkdir()
    shutil.copy(src / "daily.parquet", dst / "daily.parquet")
    manifest = json.loads((src / "manifest.json").read_text())
    for key, value in changes.items():
        if value is None:
            manifest.pop(key, None)
        else:
            manifest[key] = value
    (dst / "manifest.json").write_text(json.dumps(manifest))
    return dst


def test_loads_every_table(runs):
    run = runs[0]
    assert run.name == "baseline" and run.replicates == 3
    assert {"summary", "outcomes", "places", "flows", "events"} <= set(run.tables)
    assert "displaced_total" in run.metrics()
    assert str(run.daily["date"].dtype).startswith("datetime64")


def bad_folders(result_dirs: list[Path], tmp: Path) -> dict[str, tuple[Path, str]]:
    src = result_dirs[0]
    (tmp / "empty").mkdir()
    (tmp / "a_file").write_text("x")
    return {
        "missing": (tmp / "nope", "no such folder"),
        "file": (tmp / "a_file", "not a folder"),
        "empty": (tmp / "empty", "daily.parquet and manifest.json missing"),
        "older": (
            copy_with_manifest(src, tmp / "older", format_version=None),
            "older version",
        ),
        "newer": (
            copy_with_manifest(src, tmp / "newer", format_version="2.0"),
            "format 2.0 cannot be read",
        ),
    }


def test_bad_folders_raise_clear_errors(result_dirs, tmp_path):
    for _name, (folder, message) in bad_folders(result_dirs, tmp_path).items():
        with pytest.raises(ResultsError, match=message) as info:
            load_results(folder)
        assert str(folder) in str(info.value)


def test_brief_exits_2_on_bad_input_and_writes_nothing(result_dirs, tmp_path):
    for name, (folder, message) in bad_folders(result_dirs, tmp_path).items():
        out = tmp_path / f"out_{name}"
        result = CliRunner().invoke(
            app, ["brief", str(result_dirs[0]), str(folder), "--out", str(out)]
        )
        assert result.exit_code == 2, (name, result.output)
        assert (
            "error:" in result.output and str(folder) in result.output and message in result.output
        )
        assert not out.exists()
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(f".out_{name}")]


def test_brief_rejects_a_fit_table_without_its_columns(result_dirs, tmp_path):
    fit = tmp_path / "fit.csv"
    fit.write_text("figure_id,metric\nx,displaced_total\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["brief", str(result_dirs[0]), "--fit", str(fit), "--out", str(out)]
    )
    assert result.exit_code == 2 and "lacks the columns" in result.output
    assert not out.exists()
