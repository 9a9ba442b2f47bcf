"""The simulation layer the sweeps call, imported in this one place.

The package is being restructured (``simulate`` moves to ``runs/simulate.py``, the posterior to
``runs/posterior.py``); every module of :mod:`flashpoint.sweeps` imports the run function, the
posterior and the fan-out from here, so that a move means editing these lines only.
"""

from __future__ import annotations

from flashpoint.calibration.posterior import Posterior, PosteriorError, load_posterior
from flashpoint.runs.fanout import TaskFailure, fan_out, machine_cores
from flashpoint.simulate import RunResult, simulate

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
