"""Test set-up: make the helpers beside the tests (small_world, reference) importable."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
