"""The runs layer as the sweeps see it: ``simulate``, the posterior and the one fan-out.

Sweeps draw each replicate's posterior parameters themselves (so that a point's values override
the draw) and call ``simulate`` with ``posterior=None``.
"""

from __future__ import annotations

from flashpoint.runs.fanout import TaskFailure, fan_out, machine_cores
from flashpoint.runs.posterior import Posterior, PosteriorError, load_posterior
from flashpoint.runs.simulate import RunResult, simulate

__all__ = [
    "Posterior",
    "PosteriorError",
    "RunResult",
    "TaskFailure",
    "fan_out",
    "load_posterior",
    "machine_cores",
    "simulate",
]
