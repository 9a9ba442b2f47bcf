"""The calibrated posterior: weighted parameter samples, and the draw each replicate takes.

The posterior is a parquet table with one column per calibrated parameter (registry names) and
a ``weight`` column. The package ships one (``flashpoint/data/posterior.parquet``); runs use it
unless told otherwise. :meth:`Posterior.draw` picks one weighted sample as a function of
(seed, replicate) only, from the ``posterior`` random stream (component code 7 of
:mod:`flashpoint.rng`), so replicate r uses the same parameters in every scenario.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from flashpoint.parameters import ParameterError, registry, registry_sha256
from flashpoint.rng import COMPONENTS
from flashpoint.runs.hashing import bytes_sha256, file_sha256

WEIGHT = "weight"
#: Say ``posterior="shipped"`` for the posterior shipped with the package (the default).
SHIPPED: Literal["shipped"] = "shipped"
PACKAGE_PATH = "data/posterior.parquet"
#: Key of the parquet metadata entry holding the registry fingerprint.
REGISTRY_KEY = b"flashpoint.registry_sha256"


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
        registry_sha256: Fingerprint of the parameter registry it was fitted against
            (``parameters.registry_sha256``); "" when the file does not record it.
    """

    names: tuple[str, ...]
    values: np.ndarray
    weights: np.ndarray
    sha256: str = ""
    source: str = ""
    registry_sha256: str = ""

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
        """Weighted quantiles of one parameter."""
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


def from_frame(
    df: pd.DataFrame, sha256: str = "", source: str = "", registry_sha256: str = ""
) -> Posterior:
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
    return Posterior(names, values, weights / weights.sum(), sha256, source, registry_sha256)


@functools.cache
def _shipped_posterior() -> Posterior:
    """The posterior shipped with the package, read once per process."""
    return load_posterior()


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
        table = pq.read_table(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises several types for a bad file
        raise PosteriorError(f"{source}: not a readable parquet file ({exc})") from None
    meta = table.schema.metadata or {}
    fitted_against = meta.get(REGISTRY_KEY, b"").decode()
    return from_frame(table.to_pandas(), bytes_sha256(data), source, fitted_against)


def write_posterior(posterior: Posterior, path: Path | str) -> str:
    """Write the samples to parquet and return the file's sha256.

    The file's metadata records the registry fingerprint the posterior was fitted against (its
    own, or today's registry if it has none).
    """
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(posterior.frame(), preserve_index=False)
    fitted_against = posterior.registry_sha256 or registry_sha256()
    table = table.replace_schema_metadata(
        {**(table.schema.metadata or {}), REGISTRY_KEY: fitted_against.encode()}
    )
    pq.write_table(table, file)
    return file_sha256(file)


def registry_mismatch(posterior: Posterior) -> str | None:
    """Why ``posterior`` may not fit today's parameter registry, or None when it does.

    A sentence when it was fitted against another registry, or does not say which.
    """
    today = registry_sha256()
    if not posterior.registry_sha256:
        return (
            f"the posterior {posterior.source} does not record the parameter registry it was "
            "fitted against; its draws may not match today's fixed parameters"
        )
    if posterior.registry_sha256 != today:
        return (
            f"the posterior {posterior.source} was fitted against another parameter registry "
            f"({posterior.registry_sha256[:12]}) than today's ({today[:12]}): defaults or ranges "
            "changed since the fit, so its draws sit beside different fixed parameters"
        )
    return None


PosteriorChoice = Posterior | Path | str | None


def resolve_posterior(choice: PosteriorChoice) -> Posterior | None:
    """The posterior meant by ``choice``: ``"shipped"``, a file path, a Posterior, or None.

    Raises:
        PosteriorError: The file is missing or invalid.
    """
    if choice is None or isinstance(choice, Posterior):
        return choice
    if isinstance(choice, str) and choice == SHIPPED:
        return _shipped_posterior()
    return load_posterior(Path(choice))
