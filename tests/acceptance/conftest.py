"""Every test in this folder is an acceptance test with many full-period runs: marked slow.

The README's test command deselects them (``-m 'not slow'``); ``.ci/run`` runs them after it.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests collected from this folder as slow."""
    here = __file__.rsplit("/", 1)[0]
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.slow)
