"""ABC-SMC over the calibrated parameters with pyabc, one generation at a time, resumable.

The model of the ABC is one run of the history scenario at a coarse scale with the particle's
parameters and a fresh replicate number (the model's noise is part of the ABC: a particle is
accepted when its one noisy run lies within epsilon of the figures). The summary statistics are
the model's values over each target's candidate windows; the distance is
:class:`~flashpoint.calibration.distance.FigureDistance`.

Budget: the total number of model simulations of the ABC (every generation's attempts, accepted
or not; posterior-predictive runs for the report are extra). A generation is started only if
the budget left covers its expected cost (population / (0.8 x last acceptance rate)), and pyabc's
``max_eval`` caps it at the budget left, so the budget is never exceeded by more than the runs
in flight when the cap is hit.

Checkpoints: pyabc's SQLite history (``abc.db``) and ``run.json`` (the set-up's hashes) in the
work folder. Every finished generation is in the database; ``resume`` continues from the last
one. Candidate i of generation t is seeded from (seed, t, i) by
:class:`~flashpoint.calibration.sampler.SeededBatchSampler`, so a run gives the same numbers
whatever the number of workers and whether or not it was interrupted.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from flashpoint.calibration.distance import FigureDistance, Target, summary_stats
from flashpoint.calibration.priors import Priors
from flashpoint.runs.posterior import Posterior
from flashpoint.runs.simulate import simulate
from flashpoint.world.world import World

DB_NAME = "abc.db"
MIN_ESS_SHARE = 0.2
KERNEL_SCALING = 2.0
"""Factor on the covariance of pyabc's multivariate normal kernel (Silverman's rule). Wider
than pyabc's default: with seven parameters the default kernel left tail particles with huge
importance weights (effective sample size 3 of 250 in a trial run)."""
META_NAME = "run.json"


class CalibrationError(ValueError):
    """A calibration cannot start or resume (bad set-up, nothing to resume, mismatch)."""


class HistorySimulator:
    """The ABC's model: parameters on the sampling scale -> summary statistics of one run.

    Picklable (sent to worker processes). The replicate number comes from numpy's global
    generator, which the sampler seeds per candidate.
    """

    def __init__(
        self,
        scenario: Any,
        priors: Priors,
        targets: Sequence[Target],
        scale: int,
        world: World | None = None,
    ) -> None:
        self.scenario, self.priors, self.targets = scenario, priors, list(targets)
        self.scale, self.world = scale, world

    def parameters(self, point: dict[str, float]) -> dict[str, float]:
        """Sampler point -> parameter values by registry name."""
        return self.priors.from_sampling(point)

    def __call__(self, point: dict[str, float]) -> dict[str, np.ndarray]:
        """Run the history scenario at ``point`` and return its summary statistics."""
        # numpy's global generator on purpose: the sampler seeds it per candidate
        replicate = int(np.random.randint(0, 2**31 - 1))  # noqa: NPY002
        result = simulate(
            self.scenario,
            self.parameters(point),
            self.scenario.seed,
            replicate=replicate,
            scale=self.scale,
            posterior=None,
            world=self.world,
        )
        return summary_stats(result.daily, result.events, self.targets)


@dataclass(frozen=True)
class RunSetup:
    """What a checkpoint was made with; a resume must match it (the budget may change)."""

    scenario: str
    figures_sha256: str
    priors_sha256: str
    until: str
    scale: int
    population: int
    seed: int
    targets: tuple[str, ...]
    registry_sha256: str = ""


@dataclass(frozen=True)
class Generation:
    """One finished generation (for progress and the report)."""

    t: int
    epsilon: float
    accepted: int
    simulations: int
    total_simulations: int
    acceptance_rate: float
    ess: float
    seconds: float


@dataclass(frozen=True)
class AbcResult:
    """Outcome of :func:`run_abc`."""

    posterior: Posterior
    posterior_t: int
    generations: list[Generation]
    stop_reason: str
    total_simulations: int
    resumed_from: int


def _prior_distribution(priors: Priors) -> Any:
    import pyabc

    rvs = {}
    for p in priors.parameters:
        a, b = p.sampling_range
        rvs[p.key] = pyabc.RV("uniform", a, b - a)
    return pyabc.Distribution(**rvs)


def _sampler(workers: int, show_progress: bool, seed: int) -> Any:
    from flashpoint.calibration.sampler import SeededBatchSampler

    sampler = SeededBatchSampler(seed, workers=workers)
    sampler.show_progress = show_progress
    return sampler


def generations_from_history(history: Any) -> list[Generation]:
    """Every finished generation stored in a pyabc history."""
    pops = history.get_all_populations().sort_values("t")
    out, total = [], 0
    for row in pops.itertuples():
        t = int(row.t)
        total += int(row.samples)
        if t < 0:
            continue
        _, w = history.get_distribution(m=0, t=t)
        w = np.asarray(w, dtype=float)
        n_acc = len(w)
        out.append(
            Generation(
                t=t,
                epsilon=float(row.epsilon),
                accepted=n_acc,
                simulations=int(row.samples),
                total_simulations=total,
                acceptance_rate=n_acc / max(1, int(row.samples)),
                ess=float(w.sum() ** 2 / (w**2).sum()) if n_acc else 0.0,
                seconds=0.0,
            )
        )
    return out


def posterior_generation(generations: Sequence[Generation], population: int) -> int:
    """The generation used as the posterior.

    It is the last one whose effective sample size is at least :data:`MIN_ESS_SHARE` of the
    population (a generation whose importance weights collapsed onto a few particles is
    reported but not used).
    """
    healthy = [g.t for g in generations if g.ess >= MIN_ESS_SHARE * population]
    return healthy[-1] if healthy else generations[-1].t


def posterior_from_history(history: Any, priors: Priors, t: int | None = None) -> Posterior:
    """Generation ``t`` (default the last) as a :class:`Posterior`.

    Values are in parameter units and weights are normalised.
    """
    df, w = history.get_distribution(m=0, t=history.max_t if t is None else t)
    values = np.column_stack([[p.from_sampling(x) for x in df[p.key]] for p in priors.parameters])
    w = np.asarray(w, dtype=float)
    return Posterior(tuple(priors.names), values, w / w.sum())


#: Acceptance rate assumed for the first generation, before any has been seen.
FIRST_ACCEPTANCE_GUESS = 0.5
#: A generation accepts about this share of the rate of the one before (seen in practice).
ACCEPTANCE_DECAY = 0.8
#: Lowest acceptance rate used in the estimate (avoids dividing by zero).
MIN_ACCEPTANCE = 1e-3


def expected_simulations(population: int, last_acceptance: float | None) -> float:
    """Simulations the next generation is expected to need.

    The first generation (``last_acceptance`` None) also draws pyabc's calibration sample of
    ``population`` runs from the prior; later ones accept ``ACCEPTANCE_DECAY`` times the rate of
    the one before.
    """
    rate = FIRST_ACCEPTANCE_GUESS if last_acceptance is None else last_acceptance
    first = population if last_acceptance is None else 0
    return population / max(ACCEPTANCE_DECAY * rate, MIN_ACCEPTANCE) + first


def smallest_budget(population: int) -> int:
    """The smallest ``--budget`` that lets a run of ``population`` particles finish a generation."""
    return math.ceil(expected_simulations(population, None))


def largest_population(budget: int) -> int:
    """The largest ``--population`` whose first generation fits in ``budget`` simulations."""
    per_particle = expected_simulations(1, None)
    return int(budget // per_particle)


def _check_setup(work_dir: Path, setup: RunSetup, resume: bool) -> None:
    db, meta = work_dir / DB_NAME, work_dir / META_NAME
    if resume:
        if not db.is_file() or not meta.is_file():
            raise CalibrationError(
                f"nothing to resume in {work_dir} (no checkpoint); run without --resume"
            )
        old = json.loads(meta.read_text())
        new = json.loads(json.dumps(asdict(setup)))
        changed = sorted(k for k in new if old.get(k) != new[k])
        if changed:
            raise CalibrationError(
                f"the checkpoint in {work_dir} was made with a different {', '.join(changed)}; "
                "run without --resume to start again"
            )
        return
    work_dir.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    meta.write_text(json.dumps(asdict(setup), indent=2) + "\n")


def run_abc(
    simulator: HistorySimulator,
    setup: RunSetup,
    work_dir: Path,
    *,
    budget: int,
    workers: int = 2,
    resume: bool = False,
    max_generations: int = 30,
    show_progress: bool = False,
    on_generation: Callable[[Generation], None] | None = None,
) -> AbcResult:
    """Run (or resume) ABC-SMC until the budget or the generation limit is reached.

    Args:
        simulator: The ABC's model.
        setup: The run's set-up (checked against the checkpoint on resume).
        work_dir: Folder of the checkpoint (``abc.db``, ``run.json``).
        budget: Total model simulations allowed over the whole run, resumed parts included.
        workers: Processes (the result does not depend on it).
        resume: Continue the checkpoint in ``work_dir`` instead of starting again.
        max_generations: Stop after this many generations in total.
        show_progress: Show pyabc's bar of accepted particles within each generation.
        on_generation: Called after each finished generation.

    Raises:
        CalibrationError: Nothing to resume, a set-up mismatch, or a budget below one
            population.
    """
    import pyabc

    logging.getLogger("ABC").setLevel(logging.WARNING)
    population = setup.population
    work_dir = Path(work_dir)
    _check_setup(work_dir, setup, resume)
    targets = simulator.targets
    distance = FigureDistance(targets, simulator.priors.distance.max_discrepancy)
    db = f"sqlite:///{(work_dir / DB_NAME).resolve()}"

    def fresh() -> Any:
        # A new ABCSMC object per generation: pyabc then takes epsilon, the transition kernel
        # and the population from the database, exactly as on a resume.
        return pyabc.ABCSMC(
            simulator,
            _prior_distribution(simulator.priors),
            distance,
            population_size=population,
            sampler=_sampler(workers, show_progress, setup.seed),
            eps=pyabc.QuantileEpsilon(alpha=0.5),
            transitions=pyabc.MultivariateNormalTransition(scaling=KERNEL_SCALING),
        )

    if resume:
        history = fresh().load(db, 1)
    else:
        history = fresh().new(db, {t.id: np.array([t.value]) for t in targets})
    resumed_from = int(history.max_t) + 1
    done = generations_from_history(history)
    stop = ""
    while True:
        total = int(history.total_nr_simulations or 0)
        t = int(history.max_t) + 1
        left = budget - total
        expected = expected_simulations(population, done[-1].acceptance_rate if done else None)
        if t >= max_generations:
            stop = f"generation limit ({max_generations}) reached"
            break
        if left < population or expected > left:
            stop = f"budget reached ({total} of {budget} simulations used)"
            break
        started = time.perf_counter()
        abc = fresh()
        abc.load(db, 1)
        history = abc.run(max_nr_populations=1, min_acceptance_rate=population / left)
        if int(history.max_t) < t:
            stop = f"budget reached during generation {t} (its runs are discarded)"
            break
        gen = generations_from_history(history)[-1]
        gen = Generation(**{**asdict(gen), "seconds": time.perf_counter() - started})
        done.append(gen)
        if on_generation is not None:
            on_generation(gen)
    if int(history.max_t) < 0:
        raise CalibrationError(
            f"the budget ({budget}) did not complete one generation of {population} particles"
        )
    generations = generations_from_history(history)
    chosen = posterior_generation(generations, population)
    return AbcResult(
        posterior=posterior_from_history(history, simulator.priors, chosen),
        posterior_t=chosen,
        generations=generations,
        stop_reason=stop,
        total_simulations=int(history.total_nr_simulations),
        resumed_from=resumed_from,
    )
