"""Parameter sweeps, scenario comparison and sensitivity analysis.

A sweep file (YAML, :mod:`~flashpoint.sweeps.spec`) names a base scenario, the inputs to vary
(model parameters by dotted name, event fields as ``events.<id>.<field>``), a sampler, the
replicates and the outcomes to record. :func:`run_sweep` runs every (point, replicate) on common
random numbers through :func:`flashpoint.runs.fanout.fan_out` and streams one row per run to
Parquet; :func:`analyze_sweep` computes Sobol or Morris indices and a scenario-discovery
summary; :func:`compare` runs scenarios on common random numbers and reports paired
differences.
"""

from flashpoint.sweeps.compare import compare
from flashpoint.sweeps.runner import run_sweep
from flashpoint.sweeps.sensitivity import analyze_sweep
from flashpoint.sweeps.spec import SweepError, load_sweep

__all__ = ["SweepError", "analyze_sweep", "compare", "load_sweep", "run_sweep"]
