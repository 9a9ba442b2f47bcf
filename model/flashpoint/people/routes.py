"""Route choice and travel for displaced people, vectorised over everyone who moves.

The rules follow the agent-based refugee models validated against UNHCR data (Flee:
Suleimenova, Bell & Groen 2017, "A generalized simulation development approach for predicting
refugee destinations", Scientific Reports 7:13377): a person at a place decides to move with a
chance set by the place's type and its conflict; a mover picks one neighbouring place with a
weight that falls with distance and rises with the destination's attractiveness (camps more
attractive, places in conflict less), camps and host towns lose attraction as their room for the
displaced fills (capacity is a soft limit), closed border links
carry no weight; travel covers at most a daily distance, so people can be on a route between
places at the end of a day. Goal-directed travellers (migrants heading for a border, people going
home) follow the shortest path instead.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import shortest_path

from flashpoint.world.codes import Border, Control, PlaceKind
from flashpoint.world.world import World

REGIME = Control.REGIME
SYRIA_TURKEY = Border.SYRIA_TURKEY
GREEK_BORDERS = (Border.TURKEY_GREECE_LAND, Border.TURKEY_GREECE_SEA)


def next_hop_matrix(world: World) -> np.ndarray:
    """``next_hop[a, b]``: the neighbour of ``a`` on a shortest road path to ``b`` (-1 if none).

    Distances are the routes' km; every route counts, whatever its border state (goal-directed
    travellers stop at a border place and cross it through the border rules).
    """
    n = world.n_places
    graph = csr_matrix(
        (
            np.concatenate([world.route_distance_km, world.route_distance_km]).astype(float),
            (
                np.concatenate([world.route_from, world.route_to]),
                np.concatenate([world.route_to, world.route_from]),
            ),
        ),
        shape=(n, n),
    )
    _, pred = shortest_path(graph, directed=True, return_predecessors=True)
    nxt = np.full((n, n), -1, dtype=np.int16)
    for a in range(n):
        for b in range(n):
            if a == b or pred[a, b] < 0:
                continue
            step = b
            while pred[a, step] != a:
                step = pred[a, step]
            nxt[a, b] = step
    return nxt


class RouteChooser:
    """The Flee-style choice of a next place, for people without a destination.

    Args:
        world: The places and routes.
        params: Model parameters by dotted name.
    """

    def __init__(self, world: World, params: Mapping[str, float]) -> None:
        self.world = world
        self.entry_from = np.repeat(np.arange(world.n_places), np.diff(world.adj_start))
        self.entry_to = world.adj_to.astype(np.int64)
        dist = world.route_distance_km[world.adj_route].astype(float)
        kind_to = world.kind[self.entry_to]
        kind_weight = np.ones(len(self.entry_to))
        kind_weight[kind_to == PlaceKind.CAMP] = params["displacement.camp_weight"]
        kind_weight[kind_to == PlaceKind.BORDER_CROSSING] = params["displacement.crossing_weight"]
        for k in ("border_point", "coast", "island", "mainland"):
            kind_weight[kind_to == PlaceKind[k.upper()]] = 0.0
        border = world.route_border[world.adj_route]
        kind_weight[np.isin(border, GREEK_BORDERS)] = 0.0
        self.base_weight = kind_weight / dist ** params["displacement.distance_exponent"]
        self.is_syria_turkey = border == SYRIA_TURKEY
        self.p = params

    def cumulative_offsets(
        self,
        intensity: np.ndarray,
        control: np.ndarray,
        fill: np.ndarray,
        syria_turkey_open: bool,
    ) -> np.ndarray:
        """Per-entry cumulative choice shares, offset by the origin place's index.

        ``fill`` is each place's occupancy of its room for the displaced
        (``Population.crowding``: 0 where there is no limit); a destination's weight is
        multiplied by ``max(floor, 1 - fill)``, so crowding lowers attraction (a soft limit).

        Entry ``e`` of place ``p`` maps to ``p + (cumulative share up to e)``, so a mover at
        ``p`` with a uniform draw ``u`` takes the entry ``searchsorted(offsets, p + u)``. Places
        whose neighbours all have zero weight are marked in ``valid_place`` (movers there stay).
        """
        p = self.p
        to = self.entry_to
        w = self.base_weight * np.exp(-p["displacement.danger_aversion"] * intensity[to])
        w = np.where(intensity[to] > 0, w * p["displacement.conflict_weight"], w)
        w = np.where(control[to] == REGIME, w * p["displacement.regime_area_weight"], w)
        if not syria_turkey_open:
            w = np.where(self.is_syria_turkey, 0.0, w)
        sat = np.clip(1.0 - fill[to], p["displacement.full_camp_weight_floor"], 1.0)
        w = w * sat
        starts = self.world.adj_start
        totals = np.add.reduceat(w, starts[:-1])
        cum = np.cumsum(w)
        seg_base = np.concatenate([[0.0], cum])[starts[:-1]]
        tot_e = totals[self.entry_from]
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(tot_e > 0, (cum - seg_base[self.entry_from]) / tot_e, 1.0)
        share[starts[1:] - 1] = 1.0
        self.valid_place = totals > 0
        return self.entry_from + np.clip(share, 0.0, 1.0)

    def choose(self, places: np.ndarray, offsets: np.ndarray, u: np.ndarray) -> np.ndarray:
        """Adjacency entries chosen by movers at ``places`` with uniform draws ``u`` (-1: stay)."""
        entry = np.searchsorted(offsets, places + u, side="right")
        entry = np.minimum(entry, len(offsets) - 1)
        ok = (self.entry_from[entry] == places) & self.valid_place[places]
        return np.where(ok, entry, -1)
