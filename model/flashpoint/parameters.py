"""The parameter registry: every model parameter with its default, unit, range and source.

Parameters live in ``data/parameters.yaml`` (data, not code), keyed by dotted name
(``military.strike_rate_per_day``). A scenario's ``parameters`` block and ``set_parameter``
events override defaults by dotted name; unknown names and out-of-range values are rejected.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml


class ParameterError(ValueError):
    """A parameter name is unknown or a value is outside its allowed range."""


@dataclass(frozen=True)
class Parameter:
    """One declared model parameter.

    Attributes:
        name: Dotted name, ``component.what_unit``.
        default: Default value.
        unit: Unit of the value (``per_day``, ``km``, ``share`` ...).
        minimum: Smallest allowed value (inclusive).
        maximum: Largest allowed value (inclusive).
        kind: ``float``, ``int`` or ``bool``.
        source: Where the default comes from, or ``assumed``.
        description: What the parameter does.
    """

    name: str
    default: float | int | bool
    unit: str
    minimum: float
    maximum: float
    kind: str
    source: str
    description: str

    def check(self, value: Any) -> float | int | bool:
        """Return ``value`` converted to the parameter's kind, or raise ParameterError."""
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise ParameterError(f"parameter '{self.name}' takes true or false, got {value!r}")
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParameterError(
                f"parameter '{self.name}' takes a number ({self.unit}) from {self.minimum} to "
                f"{self.maximum}, got {value!r}"
            )
        if self.kind == "int" and float(value) != int(value):
            raise ParameterError(f"parameter '{self.name}' takes a whole number, got {value!r}")
        if not self.minimum <= value <= self.maximum:
            raise ParameterError(
                f"parameter '{self.name}' must lie from {self.minimum} to {self.maximum} "
                f"({self.unit}), got {value!r}"
            )
        return int(value) if self.kind == "int" else float(value)


REGISTRY_RESOURCE = "data/parameters.yaml"
#: The keys an entry of ``parameters.yaml`` must have, and the one it may have.
REQUIRED_KEYS = frozenset({"default", "unit", "min", "max", "source", "description"})
OPTIONAL_KEYS = frozenset({"kind"})


@cache
def registry() -> dict[str, Parameter]:
    """Load the parameter registry shipped with the package (cached).

    Raises:
        ParameterError: An entry lacks a required key (``min`` and ``max`` included) or has an
            unknown one.
    """
    text = resources.files("flashpoint").joinpath(REGISTRY_RESOURCE).read_text("utf-8")
    raw = yaml.safe_load(text)
    out: dict[str, Parameter] = {}
    for name, spec in raw.items():
        missing = sorted(REQUIRED_KEYS - set(spec))
        unknown = sorted(set(spec) - REQUIRED_KEYS - OPTIONAL_KEYS)
        if missing or unknown:
            raise ParameterError(
                f"{REGISTRY_RESOURCE}: entry '{name}': "
                + "; ".join(
                    f"{what} keys {', '.join(keys)}"
                    for what, keys in (("missing", missing), ("unknown", unknown))
                    if keys
                )
                + f" (allowed: {', '.join(sorted(REQUIRED_KEYS | OPTIONAL_KEYS))})"
            )
        default = spec["default"]
        kind = (
            "bool"
            if isinstance(default, bool)
            else spec.get("kind", "int" if isinstance(default, int) else "float")
        )
        out[name] = Parameter(
            name=name,
            default=default,
            unit=str(spec["unit"]),
            minimum=float(spec["min"]),
            maximum=float(spec["max"]),
            kind=kind,
            source=str(spec["source"]),
            description=str(spec["description"]).strip(),
        )
        out[name].check(default)
    return out


def registry_sha256() -> str:
    """Fingerprint of what the registry says the model does: names, kinds, defaults and ranges.

    Descriptions, units and sources do not enter it, so editing a text leaves it unchanged; any
    change of a default, a range or the set of parameters changes it. A posterior records the
    fingerprint of the registry it was fitted against.
    """
    canonical = {
        name: [p.kind, p.default, p.minimum, p.maximum] for name, p in sorted(registry().items())
    }
    return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()


def defaults() -> dict[str, float | int | bool]:
    """All parameters at their registry defaults."""
    return {name: p.default for name, p in registry().items()}


def resolve(overrides: Mapping[str, Any] | None = None) -> dict[str, float | int | bool]:
    """Return the full parameter set: defaults updated by validated ``overrides``.

    Raises:
        ParameterError: on an unknown name or a value outside its range.
    """
    reg = registry()
    values = defaults()
    for name, value in (overrides or {}).items():
        if name not in reg:
            raise ParameterError(unknown_parameter_message(name))
        values[name] = reg[name].check(value)
    return values


def unknown_parameter_message(name: str) -> str:
    """A message for an unknown parameter name that lists the close or allowed names."""
    import difflib

    names = sorted(registry())
    close = difflib.get_close_matches(name, names, n=3)
    hint = (
        f"did you mean {', '.join(close)}?"
        if close
        else ("known parameters are listed in docs/MODEL.md (flashpoint parameters prints them)")
    )
    return f"unknown parameter '{name}': {hint}"
