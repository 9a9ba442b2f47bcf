"""A pyabc sampler whose results do not depend on the number of worker processes.

pyabc's own parallel samplers hand candidates to whichever worker is free and reseed workers
from the operating system, so a calibration on two processes cannot be repeated to the digit.
:class:`SeededBatchSampler` instead numbers the candidates of each generation 0, 1, 2, ...
and gives candidate ``i`` of generation ``t`` its own seed,
``SeedSequence(seed, spawn_key=(t + 1, i))``, which seeds numpy's and Python's global generators
(pyabc draws proposals from them, the ABC model its replicate number) just before the
candidate is simulated. Candidates are evaluated in fixed batches of ``batch_size`` (split
among the workers) and read back in candidate order; the generation takes the first ``n``
accepted candidates in that order. So one worker or many, interrupted or not, a generation
has the same particles.

The price: candidates of the last batch after the ``n``-th acceptance are simulated and
discarded (at most ``batch_size - 1`` runs per generation). They are not counted as
evaluations, so pyabc's acceptance rates and the budget count only the candidates the
generation used.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

import cloudpickle
import numpy as np
from pyabc.sampler.base import Sampler

BATCH_SIZE = 24
"""Candidates simulated per batch; fixed, so results do not depend on the worker count."""

_cache: dict[bytes, Callable[[], Any]] = {}


def candidate_seeds(seed: int, t: int, index: int) -> tuple[int, int]:
    """Seeds for numpy's and Python's global generators for one candidate.

    Candidate ``index`` of generation ``t``; pyabc's calibration sample from the prior is
    generation -1.
    """
    state = np.random.SeedSequence(seed, spawn_key=(t + 1, index)).generate_state(2)
    return int(state[0]), int(state[1])


def _simulate_chunk(payload: bytes, seeds: Sequence[tuple[int, int]]) -> list[Any]:
    """Run pyabc's ``simulate_one`` once per seed pair (in a worker or in this process)."""
    simulate_one = _cache.get(payload)
    if simulate_one is None:
        _cache.clear()
        simulate_one = _cache[payload] = cloudpickle.loads(payload)
    out = []
    for np_seed, py_seed in seeds:
        np.random.seed(np_seed)  # noqa: NPY002 (pyabc samples from the global generator)
        random.seed(py_seed)
        out.append(simulate_one())
    return out


class SeededBatchSampler(Sampler):
    """Deterministic batch sampler (see the module docstring).

    Args:
        seed: The calibration's seed.
        workers: Worker processes; 1 evaluates in this process.
        batch_size: Candidates per batch (keep it fixed to keep results comparable).
    """

    def __init__(self, seed: int, workers: int = 1, batch_size: int = BATCH_SIZE) -> None:
        super().__init__()
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self.seed, self.workers, self.batch_size = int(seed), max(1, int(workers)), batch_size
        self._executor: Executor | None = None

    def _pool(self) -> Executor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"))
        return self._executor

    def _evaluate(self, payload: bytes, seeds: list[tuple[int, int]]) -> list[Any]:
        if self.workers == 1:
            return _simulate_chunk(payload, seeds)
        k = -(-len(seeds) // self.workers)
        chunks = [seeds[i : i + k] for i in range(0, len(seeds), k)]
        futures = [self._pool().submit(_simulate_chunk, payload, c) for c in chunks]
        return [particle for f in futures for particle in f.result()]

    def sample_until_n_accepted(
        self,
        n: int,
        simulate_one: Callable[[], Any],
        t: int,
        *,
        max_eval: float = np.inf,
        all_accepted: bool = False,
        ana_vars: Any = None,
    ) -> Any:
        """Simulate candidates in order until ``n`` are accepted or ``max_eval`` are used."""
        payload = cloudpickle.dumps(simulate_one)
        sample = self._create_empty_sample()
        used = accepted = 0
        bar = _Progress(n) if self.show_progress else None
        while accepted < n and used < max_eval:
            first = used
            seeds = [candidate_seeds(self.seed, t, first + j) for j in range(self.batch_size)]
            for particle in self._evaluate(payload, seeds):
                if accepted >= n or used >= max_eval:
                    break
                sample.append(particle)
                used += 1
                if particle.accepted:
                    accepted += 1
                    if bar is not None:
                        bar.tick()
        if bar is not None:
            bar.close()
        self.nr_evaluations_ = used
        if sample.n_accepted < n:
            sample.ok = False
        return sample

    def stop(self) -> None:
        """Shut the worker processes down."""
        if self._executor is not None:
            self._executor.shutdown()
            self._executor = None


class _Progress:
    """The count of accepted particles on standard error.

    One line rewritten on a terminal, else a line at every fifth of the population (logs stay
    readable).
    """

    def __init__(self, n: int) -> None:
        self.n, self.k, self.out = n, 0, sys.stderr
        self.inline = self.out.isatty()
        self.every = max(1, n // 5)

    def tick(self) -> None:
        self.k += 1
        if self.inline:
            self.out.write(f"\r  accepted {self.k}/{self.n}")
        elif self.k % self.every == 0 and self.k < self.n:
            self.out.write(f"  accepted {self.k}/{self.n}\n")
        self.out.flush()

    def close(self) -> None:
        if self.inline:
            self.out.write("\r" + " " * 40 + "\r")
            self.out.flush()
