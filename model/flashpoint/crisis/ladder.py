"""The escalation ladder: rungs, their severity weights, and the dyads of state actors.

The ladder is data (``data/ladder.yaml``); this module loads it into a small immutable object.
A dyad's rung is an integer index into ``Ladder.rungs``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import yaml

ACTORS: tuple[str, ...] = ("turkey", "russia", "syria", "nato", "eu", "greece", "opposition")


@dataclass(frozen=True)
class Dyad:
    """A pair of actors with a position on the ladder.

    Attributes:
        id: Name such as ``turkey_russia``.
        parties: The two actors.
        start_rung: Rung index on the start date.
        reason: Why it starts there.
    """

    id: str
    parties: tuple[str, str]
    start_rung: int
    reason: str


@dataclass(frozen=True)
class Ladder:
    """Rungs with severity weights and the dyads that climb them.

    Attributes:
        rung_ids: Short names of the rungs, lowest first.
        rung_names: Readable names.
        weights: Severity weight per rung (float array).
        clash_rung: The lowest rung that counts as a direct clash.
        dyads: The dyads in metric order.
        source: Citation of the weights.
    """

    rung_ids: tuple[str, ...]
    rung_names: tuple[str, ...]
    weights: np.ndarray
    clash_rung: int
    dyads: tuple[Dyad, ...]
    source: str

    @property
    def top(self) -> int:
        """Index of the highest rung."""
        return len(self.rung_ids) - 1

    def rung(self, rung_id: str) -> int:
        """Index of the rung named ``rung_id``."""
        return self.rung_ids.index(rung_id)

    def dyad_index(self, dyad_id: str) -> int:
        """Position of the dyad named ``dyad_id``."""
        for i, d in enumerate(self.dyads):
            if d.id == dyad_id:
                return i
        raise KeyError(f"unknown dyad '{dyad_id}'")

    def dyads_between(self, parties: Sequence[str]) -> list[int]:
        """Dyads whose two parties are both among ``parties``.

        Turkey-Syria is added when Turkey and Russia are both there (Russia speaks for
        Damascus).
        """
        found = [i for i, d in enumerate(self.dyads) if set(d.parties) <= set(parties)]
        if {"turkey", "russia"} <= set(parties):
            ts = self.dyad_index("turkey_syria")
            if ts not in found:
                found.append(ts)
        return found

    def score(self, rungs: np.ndarray) -> float:
        """Escalation score: the sum over dyads of the weight of their rungs."""
        return float(self.weights[np.asarray(rungs, dtype=int)].sum())


@cache
def load_ladder() -> Ladder:
    """Load the ladder shipped with the package (cached)."""
    text = resources.files("flashpoint").joinpath("data/ladder.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    rung_ids = tuple(r["id"] for r in raw["rungs"])
    dyads = tuple(
        Dyad(
            id=d["id"],
            parties=(d["parties"][0], d["parties"][1]),
            start_rung=rung_ids.index(d["start_rung"]),
            reason=d["reason"],
        )
        for d in raw["dyads"]
    )
    return Ladder(
        rung_ids=rung_ids,
        rung_names=tuple(r["name"] for r in raw["rungs"]),
        weights=np.array([r["weight"] for r in raw["rungs"]], dtype=float),
        clash_rung=rung_ids.index(raw["clash_rung"]),
        dyads=dyads,
        source=raw["source"],
    )


def rung_move_allowed(
    before: int, after: int, cause_id: int, n_start_rows: int, violent_rung: int
) -> bool:
    """Whether an actor's choice may move a dyad from ``before`` to ``after`` today.

    A move needs a cause: an earlier row of ``events.csv`` that is an action, an incident or a
    scenario event (not one of the ``n_start_rows`` starting positions, not none). An actor's
    choice cannot lift a dyad into ``violent_rung`` ("limited direct strikes") from below:
    that rung means violence between the parties, and only an incident between them reaches it
    (the military engine). At most one rung per move.
    """
    if cause_id < n_start_rows or abs(after - before) != 1:
        return False
    return not (before < violent_rung <= after)
