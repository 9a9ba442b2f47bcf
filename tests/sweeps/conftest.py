"""Shared set-up of the sweep tests: a short base scenario (to 15 January 2020) and a 2-input
sweep over it at scale 200 (about 0.2 s a run)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sweep_helpers import BASE, TWO_INPUTS


@pytest.fixture
def sweep_dir(tmp_path: Path) -> Path:
    """A folder with ``base.yaml`` and ``two.yaml`` (the 2-input sweep)."""
    (tmp_path / "base.yaml").write_text(BASE)
    (tmp_path / "two.yaml").write_text(TWO_INPUTS)
    return tmp_path
