"""Named random streams derived from (seed, replicate, component, day).

Every random draw of a run comes from a numpy ``Generator`` built from a ``SeedSequence`` whose
spawn key names the replicate, the model component and the simulated day. Consequences:

* the same scenario, seed and replicate give the same numbers in any process;
* two scenarios that differ only from day D on draw identical numbers before D, and the same
  numbers afterwards wherever a component's consumption did not change (common random numbers);
* components never share a stream, so adding draws to one leaves the others untouched.
"""

from __future__ import annotations

import numpy as np

#: Stable codes of the components that draw random numbers. Never renumber: codes are part
#: of the reproducibility contract (a golden run depends on them).
COMPONENTS: dict[str, int] = {
    "init": 1,
    "actors": 2,
    "military": 3,
    "displacement": 4,
    "migrants": 5,
    "borders": 6,
    "posterior": 7,
    "events": 8,
}


class Streams:
    """Factory of per-component, per-day generators for one (seed, replicate).

    Args:
        seed: The scenario's base seed (non-negative integer).
        replicate: Replicate number, 0-based.
    """

    def __init__(self, seed: int, replicate: int) -> None:
        if seed < 0 or replicate < 0:
            raise ValueError("seed and replicate must be non-negative")
        self.seed = int(seed)
        self.replicate = int(replicate)

    def day(self, component: str, day: int) -> np.random.Generator:
        """The generator of ``component`` on simulated day ``day`` (0 = the start date)."""
        key = (self.replicate, COMPONENTS[component], day + 1)
        return np.random.Generator(
            np.random.PCG64(np.random.SeedSequence(self.seed, spawn_key=key))
        )

    def static(self, component: str) -> np.random.Generator:
        """A generator of ``component`` that does not depend on the day (set-up draws)."""
        key = (self.replicate, COMPONENTS[component], 0)
        return np.random.Generator(
            np.random.PCG64(np.random.SeedSequence(self.seed, spawn_key=key))
        )

    def __getstate__(self) -> dict[str, int]:
        return {"seed": self.seed, "replicate": self.replicate}

    def __setstate__(self, state: dict[str, int]) -> None:
        self.seed = state["seed"]
        self.replicate = state["replicate"]
