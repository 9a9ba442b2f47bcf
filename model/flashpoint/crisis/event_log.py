"""The log of actions and incidents of one run, written as ``events.csv``.

Every action and incident is a row with an id, the day, the actor, the target, the dyad, the
action, the rung before and after (for rung changes), casualties (real and, where a party claims
a figure, claimed) and ``cause_id``: the id of the earlier row that prompted it, so a briefing can
trace what drove a spiral. Row 0..k-1 are the dyads' starting positions.
"""

from __future__ import annotations

import pandas as pd

COLUMNS = (
    "id",
    "day",
    "actor",
    "target",
    "dyad",
    "action",
    "rung_before",
    "rung_after",
    "casualties",
    "claimed_casualties",
    "cause_id",
    "detail",
)


class EventLog:
    """Append-only list of rows with consecutive ids."""

    def __init__(self) -> None:
        self.rows: list[tuple] = []

    def add(
        self,
        day: int,
        actor: str,
        target: str,
        dyad: str,
        action: str,
        *,
        rung_before: int = -1,
        rung_after: int = -1,
        casualties: int = 0,
        claimed: int = -1,
        cause_id: int = -1,
        detail: str = "",
    ) -> int:
        """Append a row and return its id. ``cause_id`` must name an earlier row (or -1)."""
        row_id = len(self.rows)
        if cause_id >= row_id:
            raise ValueError(f"cause_id {cause_id} does not point to an earlier row")
        self.rows.append(
            (
                row_id,
                day,
                actor,
                target,
                dyad,
                action,
                rung_before,
                rung_after,
                casualties,
                claimed,
                cause_id,
                detail,
            )
        )
        return row_id

    def frame(self) -> pd.DataFrame:
        """The rows as a table with the columns of ``COLUMNS``."""
        return pd.DataFrame(self.rows, columns=list(COLUMNS))
