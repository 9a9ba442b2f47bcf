"""The world's integer codes, owned here: place kinds, who controls a place, route kinds, borders.

Every array of :class:`flashpoint.world.world.World` that holds a code holds the value of one of
these ``IntEnum``s; the ``*_KINDS``-style tuples give their names in code order, as written in
the data files.
"""

from __future__ import annotations

import enum


class PlaceKind(enum.IntEnum):
    """What a place is (``kind`` column of places.csv)."""

    CONFLICT_TOWN = 0
    TOWN = 1
    CAMP = 2
    BORDER_CROSSING = 3
    CITY = 4
    BORDER_POINT = 5
    COAST = 6
    ISLAND = 7
    MAINLAND = 8


class Control(enum.IntEnum):
    """Who holds a place on the start date (``control`` column of places.csv)."""

    OPPOSITION = 0
    REGIME = 1
    TURKISH_BACKED = 2
    TURKEY = 3
    GREECE = 4


class RouteKind(enum.IntEnum):
    """How a route is travelled (``kind`` column of routes.csv)."""

    ROAD = 0
    LAND_BORDER = 1
    SEA = 2


class Border(enum.IntEnum):
    """The border a route crosses (``border`` column of routes.csv; -1 in arrays: none)."""

    SYRIA_TURKEY = 0
    TURKEY_GREECE_LAND = 1
    TURKEY_GREECE_SEA = 2


def _names(codes: type[enum.IntEnum]) -> tuple[str, ...]:
    return tuple(c.name.lower() for c in codes)


PLACE_KINDS: tuple[str, ...] = _names(PlaceKind)
CONTROLS: tuple[str, ...] = _names(Control)
ROUTE_KINDS: tuple[str, ...] = _names(RouteKind)
BORDERS: tuple[str, ...] = _names(Border)
COUNTRIES: tuple[str, ...] = ("SY", "TR", "GR")
