"""Shared fixtures: the source articles (``../shared/seeds``), which CI must have.

Helpers beside the tests (``small_world``, ``abc_setup``, ``reference/``) are importable because
``pyproject.toml`` puts ``tests`` on pytest's ``pythonpath``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The folder of source articles; skipped where it is missing, a failure in CI."""
    if not (SEEDS / "INDEX.md").is_file():
        message = f"source articles not found at {SEEDS} (expected ../shared/seeds beside the repo)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return SEEDS
