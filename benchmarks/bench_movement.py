"""Benchmark: person-steps per second of the displacement kernel, vectorised and reference.

Prints, in one run, the vectorised kernel's speed at 1 million and 3 million people (the shipped
world's Idlib area, its populations scaled to the target size) and the per-person reference
implementation's speed at a size it can handle. A person-step is one person simulated for one
day. Run: ``uv run python benchmarks/bench_movement.py [--days N]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from flashpoint.parameters import defaults
from flashpoint.people.day import People, step_day
from flashpoint.people.population import DayInputs
from flashpoint.rng import Streams
from flashpoint.world.world import World, load_world
from reference.movement_reference import ReferenceModel, reference_world_of


def idlib_world(target: int) -> World:
    """The shipped world with only Syrian residents, scaled to ``target`` persons."""
    w = load_world()
    syrian = np.where(w.country == "SY", w.population, 0)
    pop = np.round(syrian * target / syrian.sum()).astype(np.int64)
    return replace(w, population=pop, other_migrants=np.zeros_like(pop))


def intensity_for(w: World, day: int) -> np.ndarray:
    """A moving front: the places of the axis burn in order, two at a time."""
    order = w.offensive_order
    front = 1 + day // 5
    return np.where((order >= front) & (order < front + 2), 0.8, 0.0)


def bench_vectorised(w: World, days: int) -> float:
    p = defaults()
    streams = Streams(1, 0)
    people = People.new(w, p, 1, streams.static("init"))
    pop = people.population
    t0 = time.perf_counter()
    for day in range(days):
        inputs = DayInputs(
            day,
            intensity_for(w, day),
            np.zeros(w.n_places, bool),
            np.zeros(w.n_places),
            w.control,
            False,
            False,
            0.7,
            0.3,
        )
        step_day(people, inputs, streams)
    return pop.n * days / (time.perf_counter() - t0)


def bench_reference(w: World, days: int) -> float:
    ref = reference_world_of(w)
    model = ReferenceModel(ref, [int(x) for x in w.population], defaults(), 1)
    t0 = time.perf_counter()
    for day in range(days):
        model.step(list(intensity_for(w, day)), [False] * w.n_places)
    return len(model.people) * days / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--reference-size", type=int, default=20_000)
    args = parser.parse_args()
    for size in (1_000_000, 3_000_000):
        rate = bench_vectorised(idlib_world(size), args.days)
        print(f"vectorised  {size:>9,} people  {args.days} days  {rate:,.0f} person-steps/s")
    ref_days = max(5, args.days // 6)
    rate = bench_reference(idlib_world(args.reference_size), ref_days)
    print(
        f"reference   {args.reference_size:>9,} people  {ref_days} days  {rate:,.0f} person-steps/s"
    )


if __name__ == "__main__":
    main()
