"""The calibrated posterior: weighted parameter samples, and the draw each replicate takes.

The posterior is a parquet table with one column per calibrated parameter (registry names) and
a ``weight`` column. The package ships one (``flashpoint/data/posterior.parquet``); runs use it
unless told otherwise. :meth:`Posterior.draw` picks one weighted sample as a function of
(seed, replicate) only, from the ``posterior`` random stream (component code 7 of
:mod:`flashpoint.rng`), so replicate r uses the same parameters in every scenario.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from flashpoint.parameters import ParameterError, registry
from flashpoint.rng import COMPONENTS

WEIGHT = "weight"
PACKAGE_PATH = "data/posterior.parquet"


class PosteriorError(ValueError):
    """The posterior file is missing or invalid."""


@dataclass(frozen=True)
class Posterior:
    """Weighted parameter samples.

    Attributes:
        names: Registry names of the parameters (column order).
        values: Samples, shape (n, len(names)).
        weights: Normalised weights (sum 1), shape (n,).
        sha256: Hash of the file's bytes (recorded in run manifests); "" if built in memory.
        source: Where it was read from.
    """

    names: tuple[str, ...]
    values: np.ndarray
    weights: np.ndarray
    sha256: str = ""
    source: str = ""

    def __len__(self) -> int:
        return len(self.weights)

    def index(self, seed: int, replicate: int) -> int:
        """Row picked for (seed, replicate): a weighted choice from the posterior stream."""
        if seed < 0 or replicate < 0:
            raise ValueError("seed and replicate must be non-negative")
        key = (int(replicate), COMPONENTS["posterior"], 0)
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(int(seed), spawn_key=key)))
        u = rng.random()
        cdf = np.cumsum(self.weights)
        return int(min(np.searchsorted(cdf, u * cdf[-1], side="right"), len(cdf) - 1))

    def draw(self, seed: int, replicate: int) -> dict[str, float]:
        """The parameter values replicate ``replicate`` of a run with base ``seed`` uses.

        Deterministic in (seed, replicate) only: the same in every scenario and every call.
        """
        row = self.values[self.index(seed, replicate)]
        return {name: float(v) for name, v in zip(self.names, row, strict=True)}

    def frame(self) -> pd.DataFrame:
        """The samples as a table (parameter columns and ``weight``)."""
        df = pd.DataFrame(self.values, columns=list(self.names))
        df[WEIGHT] = self.weights
        return df

    def quantile(self, name: str, q: float | Sequence[float]) -> np.ndarray:
        """Weighted quantile(s) of one parameter."""
        j = self.names.index(name)
        return weighted_quantile(self.values[:, j], self.weights, q)


def weighted_quantile(
    values: np.ndarray, weights: np.ndarray | None, q: float | Sequence[float]
) -> np.ndarray:
    """Weighted quantiles (inverse of the weighted empirical CDF, midpoint rule)."""
    v = np.asarray(values, dtype=float)
    w = np.ones_like(v) if weights is None else np.asarray(weights, dtype=float)
    order = np.argsort(v, kind="stable")
    v, w = v[order], w[order]
    cdf = (np.cumsum(w) - 0.5 * w) / w.sum()
    return np.interp(np.atleast_1d(np.asarray(q, dtype=float)), cdf, v)


def from_frame(df: pd.DataFrame, sha256: str = "", source: str = "") -> Posterior:
    """Validate a table of samples and weights and build a :class:`Posterior`.

    Raises:
        PosteriorError: No weight column, no rows, an unknown parameter, a value out of its
            registry range, or bad weights.
    """
    where = source or "posterior"
    if WEIGHT not in df.columns:
        raise PosteriorError(f"{where}: no '{WEIGHT}' column")
    names = tuple(str(c) for c in df.columns if c != WEIGHT)
    if not names or len(df) == 0:
        raise PosteriorError(f"{where}: needs at least one parameter column and one row")
    reg = registry()
    values = df[list(names)].to_numpy(dtype=float)
    for j, name in enumerate(names):
        if name not in reg:
            raise PosteriorError(f"{where}: column '{name}' is not a model parameter")
        try:
            reg[name].check(float(values[:, j].min()))
            reg[name].check(float(values[:, j].max()))
        except ParameterError as exc:
            raise PosteriorError(f"{where}: {exc}") from None
    weights = df[WEIGHT].to_numpy(dtype=float)
    if not np.all(np.isfinite(weights)) or (weights < 0).any() or weights.sum() <= 0:
        raise PosteriorError(f"{where}: weights must be finite, non-negative, not all zero")
    return Posterior(names, values, weights / weights.sum(), sha256, source)


def load_posterior(path: Path | str | None = None) -> Posterior:
    """Load a posterior table.

    Args:
        path: A parquet file; default the posterior shipped with the package.

    Raises:
        PosteriorError: The file is missing, unreadable or invalid.
    """
    if path is None:
        ref = resources.files("flashpoint").joinpath(PACKAGE_PATH)
        if not ref.is_file():
            raise PosteriorError(f"no posterior shipped with the package ({PACKAGE_PATH})")
        data, source = ref.read_bytes(), f"flashpoint/{PACKAGE_PATH}"
    else:
        file = Path(path)
        if not file.is_file():
            raise PosteriorError(f"posterior file not found: {file}")
        data, source = file.read_bytes(), str(file)
    try:
        df = pd.read_parquet(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises several types for a bad file
        raise PosteriorError(f"{source}: not a readable parquet file ({exc})") from None
    return from_frame(df, hashlib.sha256(data).hexdigest(), source)


def write_posterior(posterior: Posterior, path: Path | str) -> str:
    """Write the samples to parquet; return the file's sha256."""
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    posterior.frame().to_parquet(file, index=False)
    return hashlib.sha256(file.read_bytes()).hexdigest()
