"""The calibration set-up: the uncertain parameters with their priors, and the distance settings.

Both live in ``calibration/priors.yaml`` (data for the analyst). :func:`load_priors` validates
the file: at most eight parameters, each a registry name with a uniform or log-uniform prior
inside the registry's range and a reason; the ``distance`` block becomes
:class:`~flashpoint.calibration.distance.DistanceSettings`.

For the sampler every parameter is handled on its *sampling scale*: the value itself for a
uniform prior, ``log10`` of it for a log-uniform prior (so the prior is flat on that scale).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml

from flashpoint.calibration.distance import DERIVED_SERIES, DerivedFigure, DistanceSettings
from flashpoint.parameters import registry, unknown_parameter_message

DEFAULT_RELATIVE_PATH = Path("calibration") / "priors.yaml"
MAX_PARAMETERS = 8
PriorShape = Literal["uniform", "log_uniform"]


class PriorsError(ValueError):
    """The priors file is missing or invalid."""


@dataclass(frozen=True)
class Prior:
    """The prior of one calibrated parameter.

    Attributes:
        name: Registry name.
        prior: ``uniform`` or ``log_uniform``.
        low: Lower end of the range (parameter units).
        high: Upper end of the range.
        reason: Why it is calibrated rather than fixed.
    """

    name: str
    prior: PriorShape
    low: float
    high: float
    reason: str

    @property
    def key(self) -> str:
        """A name safe for the sampler's database (no dots), marking the sampling scale."""
        stem = self.name.replace(".", "__")
        return f"log10__{stem}" if self.prior == "log_uniform" else stem

    def to_sampling(self, value: float) -> float:
        """Parameter value -> sampling scale."""
        return math.log10(value) if self.prior == "log_uniform" else float(value)

    def from_sampling(self, x: float) -> float:
        """Sampling scale -> parameter value, clipped into [low, high]."""
        value = 10.0**x if self.prior == "log_uniform" else float(x)
        return float(min(max(value, self.low), self.high))

    @property
    def sampling_range(self) -> tuple[float, float]:
        """(low, high) on the sampling scale."""
        return self.to_sampling(self.low), self.to_sampling(self.high)

    def quantile(self, q: float) -> float:
        """The prior's ``q`` quantile in parameter units."""
        a, b = self.sampling_range
        return self.from_sampling(a + q * (b - a))

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` draws from the prior (parameter units)."""
        a, b = self.sampling_range
        x = rng.uniform(a, b, n)
        return 10.0**x if self.prior == "log_uniform" else x


@dataclass(frozen=True)
class Priors:
    """The calibration set-up read from ``priors.yaml``.

    Attributes:
        parameters: The calibrated parameters, in file order.
        distance: Distance settings.
        sha256: Hash of the file's bytes (recorded with checkpoints).
        path: Where it was read from.
    """

    parameters: tuple[Prior, ...]
    distance: DistanceSettings
    sha256: str
    path: Path

    @property
    def names(self) -> list[str]:
        """Registry names of the calibrated parameters."""
        return [p.name for p in self.parameters]

    def from_sampling(self, point: dict[str, float]) -> dict[str, float]:
        """A sampler point (keys ``Prior.key``) -> parameter values by registry name."""
        return {p.name: p.from_sampling(float(point[p.key])) for p in self.parameters}


def _fail(path: Path, where: str, message: str) -> PriorsError:
    return PriorsError(f"{path}: {where}: {message}")


def _prior(raw: Any, index: int, path: Path) -> Prior:
    where = f"parameters[{index}]"
    if not isinstance(raw, dict):
        raise _fail(path, where, "expected a mapping with name, prior, low, high, reason")
    extra = set(raw) - {"name", "prior", "low", "high", "reason"}
    if extra:
        raise _fail(path, where, f"unknown field(s) {', '.join(sorted(extra))}")
    name = raw.get("name")
    reg = registry()
    if name not in reg:
        raise _fail(path, where, unknown_parameter_message(str(name)))
    where = f"parameters[{index}] ({name})"
    shape = raw.get("prior")
    if shape not in ("uniform", "log_uniform"):
        raise _fail(path, where, f"prior must be uniform or log_uniform, got {shape!r}")
    try:
        low, high = float(raw["low"]), float(raw["high"])
    except (KeyError, TypeError, ValueError):
        raise _fail(path, where, "low and high must be numbers") from None
    par = reg[name]
    if par.kind == "bool":
        raise _fail(path, where, "a true/false parameter cannot be calibrated")
    if not par.minimum <= low < high <= par.maximum:
        raise _fail(
            path,
            where,
            f"range [{low}, {high}] must be increasing and inside the registry's "
            f"[{par.minimum}, {par.maximum}]",
        )
    if shape == "log_uniform" and low <= 0:
        raise _fail(path, where, f"a log_uniform prior needs low > 0, got {low}")
    reason = str(raw.get("reason") or "").strip()
    if not reason:
        raise _fail(path, where, "give the reason it is calibrated rather than fixed")
    return Prior(name=name, prior=shape, low=low, high=high, reason=" ".join(reason.split()))


def _derived(raw: Any, path: Path) -> DerivedFigure:
    try:
        date = raw["date"]
        start = raw["window_start"]
        if not isinstance(date, dt.date) or not isinstance(start, dt.date):
            raise TypeError("date and window_start must be dates")
        if raw["metric"] not in DERIVED_SERIES:
            raise ValueError(
                f"metric must be one of {', '.join(DERIVED_SERIES)}, got {raw['metric']!r}"
            )
        if raw["kind"] not in ("point", "at_least", "at_most"):
            raise ValueError(f"kind must be point, at_least or at_most, got {raw['kind']!r}")
        return DerivedFigure(
            id=str(raw["id"]),
            metric=str(raw["metric"]),
            min_deaths=int(raw.get("min_deaths", 0)),
            value=float(raw["value"]),
            kind=str(raw["kind"]),
            date=date,
            window_start=start,
            sources=tuple(str(s) for s in raw.get("sources", ())),
            note=" ".join(str(raw.get("note", "")).split()),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise _fail(path, "distance.derived_figures", f"{type(exc).__name__}: {exc}") from None


def _distance(raw: Any, path: Path) -> DistanceSettings:
    if raw is None:
        return DistanceSettings()
    if not isinstance(raw, dict):
        raise _fail(path, "distance", "expected a mapping")
    known = {
        "relative_tolerance",
        "absolute_tolerance",
        "timing_tolerance_days",
        "max_discrepancy",
        "shared_count_groups",
        "derived_figures",
    }
    extra = set(raw) - known
    if extra:
        raise _fail(path, "distance", f"unknown field(s) {', '.join(sorted(extra))}")
    try:
        rel = {str(k): float(v) for k, v in (raw.get("relative_tolerance") or {}).items()}
        ab = {str(k): float(v) for k, v in (raw.get("absolute_tolerance") or {}).items()}
        timing = {str(k): int(v) for k, v in (raw.get("timing_tolerance_days") or {}).items()}
        cap = float(raw.get("max_discrepancy", 5.0))
        groups = tuple(tuple(str(i) for i in g) for g in raw.get("shared_count_groups") or ())
    except (TypeError, ValueError, AttributeError) as exc:
        raise _fail(path, "distance", str(exc)) from None
    if any(v < 0 for v in [*rel.values(), *timing.values()]) or any(v <= 0 for v in ab.values()):
        raise _fail(path, "distance", "tolerances must be positive (timing >= 0)")
    if cap <= 0:
        raise _fail(path, "distance.max_discrepancy", f"must be positive, got {cap}")
    derived = tuple(_derived(d, path) for d in raw.get("derived_figures") or ())
    return DistanceSettings(
        relative_tolerance=rel or {"default": 0.1},
        absolute_tolerance=ab or {"default": 1.0},
        timing_tolerance_days=timing,
        max_discrepancy=cap,
        shared_count_groups=groups,
        derived_figures=derived,
    )


def load_priors(path: Path | str | None = None) -> Priors:
    """Load and validate the calibration set-up.

    Args:
        path: The YAML file (default ``calibration/priors.yaml`` under the working directory).

    Raises:
        PriorsError: The file is missing or invalid (the message names the entry and field).
    """
    file = Path(path) if path is not None else Path.cwd() / DEFAULT_RELATIVE_PATH
    if not file.is_file():
        raise PriorsError(f"priors file not found: {file}")
    data = file.read_bytes()
    try:
        raw = yaml.safe_load(data)
    except yaml.YAMLError as exc:
        raise PriorsError(f"{file}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("parameters"), list):
        raise PriorsError(f"{file}: expected a mapping with a 'parameters' list")
    params = tuple(_prior(p, i, file) for i, p in enumerate(raw["parameters"]))
    if not 1 <= len(params) <= MAX_PARAMETERS:
        raise PriorsError(f"{file}: calibrate 1 to {MAX_PARAMETERS} parameters, got {len(params)}")
    names = [p.name for p in params]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise PriorsError(f"{file}: parameters listed twice: {', '.join(dupes)}")
    return Priors(
        parameters=params,
        distance=_distance(raw.get("distance"), file),
        sha256=hashlib.sha256(data).hexdigest(),
        path=file,
    )
