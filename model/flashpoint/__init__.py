"""Flashpoint: an agent-based scenario simulator for crisis escalation and forced displacement.

The shipped case is the Idlib crisis of winter 2019-2020. The public API:

- :func:`load_scenario` reads and validates a scenario file into a :class:`Scenario`;
- :func:`simulate` runs one replicate and returns a :class:`RunResult` (tidy tables);
- :func:`run_scenarios` runs every replicate of several scenarios, on local processes or Dask.

Both runners use the posterior shipped with the package by default, exactly as ``flashpoint
run`` does (``posterior=None`` uses the registry defaults, as ``--no-posterior``).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("flashpoint")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

from flashpoint.runs.replicates import run_scenarios
from flashpoint.runs.simulate import RunResult, simulate
from flashpoint.scenario import Scenario, load_scenario

__all__ = ["RunResult", "Scenario", "__version__", "load_scenario", "run_scenarios", "simulate"]
