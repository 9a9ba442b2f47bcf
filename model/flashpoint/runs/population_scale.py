"""The largest ``--scale`` the world allows: one entry per place at least where people live."""

from __future__ import annotations

from functools import cache

import numpy as np

from flashpoint.world.world import World, load_world


@cache
def _shipped_largest() -> int:
    return largest_scale_of(load_world())


def largest_scale_of(world: World) -> int:
    """The smallest positive population of any group at any place of ``world``.

    A scale above it would round a populated place's group to nobody (people are simulated as
    entries of ``scale`` persons).
    """
    groups = np.concatenate([world.population, world.other_migrants])
    return int(groups[groups > 0].min())


def largest_scale() -> int:
    """:func:`largest_scale_of` the shipped world."""
    return _shipped_largest()
