"""Flashpoint: an agent-based scenario simulator for crisis escalation and forced displacement.

The shipped case is the Idlib crisis of winter 2019-2020. The public entry point for one run is
:func:`flashpoint.runs.simulate`; scenario files are loaded with :func:`flashpoint.load_scenario`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("flashpoint")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
