"""Sweep files: the schema, loading with line numbers, and every check made before a run.

A sweep file is YAML data: a base scenario, the inputs to vary, a sampler, replicates, and the
outcomes to record (format in docs/SWEEPS.md). :func:`load_sweep` parses it with the scenario
package's line-keeping parser, validates the schema (unknown keys rejected), loads the base and
reference scenarios, resolves every input against the parameter registry or the base scenario's
events, checks each range and value, and checks every outcome's metric and dates, so a mistake
is reported with its file, YAML path and line before anything is run or written.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

from flashpoint.metrics import METRIC_NAMES
from flashpoint.scenario import Scenario, ScenarioError, load_scenario
from flashpoint.scenario.errors import located
from flashpoint.scenario.schema import Date, Slug, fail
from flashpoint.scenario.yaml_lines import LineMap, YamlPath, YamlSyntaxError, parse_yaml
from flashpoint.sweeps.inputs import InputError, Target, check_value, resolve_target, with_end

SAMPLERS = ("grid", "lhs", "sobol", "morris")
OUTCOME_KINDS = ("value", "peak", "days_until", "occurs", "difference")
#: Which keys each outcome kind needs (besides name and kind); the others are rejected.
OUTCOME_KEYS: dict[str, tuple[str, ...]] = {
    "value": ("metric", "date"),
    "peak": ("metric",),
    "days_until": ("metric", "op", "threshold"),
    "occurs": ("event",),
    "difference": ("reference", "metric", "date"),
}
OPTIONAL_KEYS: dict[str, tuple[str, ...]] = {"occurs": ("by",), "peak": ("by",)}


class SweepError(ScenarioError):
    """A mistake in a sweep file, located like a scenario error (file, YAML path, line)."""


class InputSpec(BaseModel):
    """One input to vary: a range (with a distribution, or grid levels) or a list of values."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: StrictStr
    range: list[Any] | None = None
    values: list[Any] | None = None
    distribution: Literal["uniform", "log_uniform"] = "uniform"
    levels: Annotated[StrictInt, Field(ge=2, le=1000)] | None = None

    @model_validator(mode="after")
    def _one_of(self) -> InputSpec:
        if (self.range is None) == (self.values is None):
            raise fail("an input takes exactly one of 'range: [low, high]' or 'values: [...]'")
        if self.range is not None and len(self.range) != 2:
            raise fail(f"a range is [low, high], got {len(self.range)} items", subpath="range")
        if self.values is not None and not self.values:
            raise fail("values must list at least one value", subpath="values")
        if self.values is not None and self.levels is not None:
            raise fail("levels goes with a range, not with values", subpath="levels")
        return self


class OutcomeSpec(BaseModel):
    """One outcome recorded per run (which keys each kind takes: ``OUTCOME_KEYS``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Slug
    kind: Literal["value", "peak", "days_until", "occurs", "difference"]
    metric: StrictStr | None = None
    date: Date | None = None
    by: Date | None = None
    op: Literal[">", ">=", "<", "<=", "==", "!="] | None = None
    threshold: float | None = None
    event: Literal["clash", "ceasefire_breakdown"] | None = None
    reference: StrictStr | None = None

    @model_validator(mode="after")
    def _keys_of_kind(self) -> OutcomeSpec:
        needed = OUTCOME_KEYS[self.kind]
        allowed = {"name", "kind", *needed, *OPTIONAL_KEYS.get(self.kind, ())}
        for key in needed:
            if getattr(self, key) is None:
                raise fail(f"an outcome of kind {self.kind} needs '{key}'", ", ".join(needed))
        for key in self.model_fields_set - allowed:
            message = f"'{key}' does not apply to an outcome of kind {self.kind}"
            raise fail(message, ", ".join(sorted(allowed)), subpath=key)
        return self


class SweepFile(BaseModel):
    """A sweep file as written."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Slug
    description: StrictStr = ""
    base: StrictStr
    end: Date | None = None
    seed: Annotated[StrictInt, Field(ge=0)] | None = None
    replicates: Annotated[StrictInt, Field(ge=1, le=100_000)] = 10
    scale: Annotated[StrictInt, Field(ge=1, le=100_000)] = 20
    posterior: StrictBool = True
    sampler: Literal["grid", "lhs", "sobol", "morris"]
    samples: Annotated[StrictInt, Field(ge=1, le=10_000_000)] | None = None
    morris_levels: Annotated[StrictInt, Field(ge=2, le=100)] = 4
    inputs: Annotated[list[InputSpec], Field(min_length=1)]
    outcomes: Annotated[list[OutcomeSpec], Field(min_length=1)]
    discovery: list[StrictStr] | None = None


@dataclass(frozen=True)
class Sweep:
    """A validated sweep, ready to sample and run.

    Attributes:
        spec: The file's content.
        file: The file as given.
        base: The base scenario (cut at ``spec.end`` if set).
        targets: What each input points at, in input order.
        references: Reference scenarios by their path as written (cut like the base).
        seed: The seed every run uses.
        sha256: Hash of the file's bytes (a resumed sweep must have the same).
    """

    spec: SweepFile
    file: str
    base: Scenario
    targets: tuple[Target, ...]
    references: dict[str, Scenario]
    seed: int
    sha256: str

    @property
    def input_names(self) -> list[str]:
        """Input names in file order."""
        return [i.name for i in self.spec.inputs]


def _translate(exc: ValidationError, file: str, lines: LineMap) -> list[SweepError]:
    models = {"inputs": InputSpec, "outcomes": OutcomeSpec}
    out = []
    for error in exc.errors():
        path: YamlPath = tuple(error["loc"])
        ctx = error.get("ctx") or {}
        kind, key = error["type"], False
        allowed = None
        if kind == "scenario":
            extra = tuple(p for p in ctx.get("subpath", "").split(".") if p)
            path, message, allowed = (*path, *extra), ctx["message"], ctx.get("allowed")
        elif kind == "extra_forbidden":
            model = models.get(str(path[0])) if len(path) > 2 else SweepFile
            message, key = f"unknown key '{path[-1]}'", True
            allowed = ", ".join((model or SweepFile).model_fields)
        elif kind == "literal_error":
            message = f"{error.get('input')!r} is not allowed"
            allowed = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        elif kind == "missing":
            message = f"missing required key '{path[-1]}'"
        else:
            message = f"{error['msg']}, got {error.get('input')!r}"
        out.append(SweepError(file, _fmt(path), lines.line(path, key=key), message, allowed))
    return out


def _fmt(path: YamlPath) -> str:
    from flashpoint.scenario.yaml_lines import format_path

    return format_path(path)


def _error(file: str, lines: LineMap, path: YamlPath, message: str, allowed: str | None = None):
    e = located(file, lines, path, message, allowed)
    return SweepError(e.file, e.path, e.line, e.message, e.allowed)


def _scenario(file: str, lines: LineMap, path: YamlPath, target: Path) -> Scenario:
    if not target.is_file():
        raise _error(file, lines, path, f"scenario file not found: {target}")
    return load_scenario(target)


def _check_input(sweep: SweepFile, i: int, base: Scenario, err: Any) -> Target | None:
    spec = sweep.inputs[i]
    here: YamlPath = ("inputs", i)
    try:
        target = resolve_target(spec.name, base)
    except InputError as exc:
        err((*here, "name"), exc.message, exc.allowed)
        return None
    if spec.levels is not None and sweep.sampler != "grid":
        err((*here, "levels"), "levels is for the grid sampler", "grid")
    if spec.values is not None:
        for k, value in enumerate(spec.values):
            try:
                check_value(target, value, base)
            except InputError as exc:
                err((*here, "values", k), exc.message, exc.allowed)
        return target
    if target.value_type not in ("float", "int", "date"):
        err((*here, "range"), f"{spec.name} takes {target.value_type} values: list them")
        return None
    low, high = spec.range or (None, None)
    ok = True
    for k, value in enumerate((low, high)):
        try:
            check_value(target, value, base)
        except InputError as exc:
            err((*here, "range", k), exc.message, exc.allowed)
            ok = False
    if ok and not low < high:
        err((*here, "range"), f"low {low} must be below high {high}")
    if ok and spec.distribution == "log_uniform" and not (low > 0):
        err((*here, "distribution"), f"log_uniform needs a positive low, got {low}")
    return target


def _check_outcome(sweep: Sweep | None, spec: SweepFile, j: int, base: Scenario, refs, err):
    out = spec.outcomes[j]
    here: YamlPath = ("outcomes", j)
    if out.metric is not None and out.metric not in METRIC_NAMES:
        close = difflib.get_close_matches(out.metric, METRIC_NAMES, n=3)
        hint = f": did you mean {', '.join(close)}?" if close else ""
        err((*here, "metric"), f"unknown metric '{out.metric}'{hint}", ", ".join(METRIC_NAMES))
    periods = [base] + ([refs[out.reference]] if out.reference in refs else [])
    for key in ("date", "by"):
        day: date | None = getattr(out, key)
        for s in periods:
            if day is not None and not s.start <= day <= s.end:
                message = f"{day} is outside the period of '{s.name}', {s.start} to {s.end}"
                err((*here, key), message)


def load_sweep(path: str | Path) -> Sweep:
    """Load and check a sweep file.

    Raises:
        SweepError: the first mistake (see :func:`sweep_errors` for all of them).
    """
    sweep, errors = _load(Path(path))
    if sweep is None:
        raise errors[0]
    return sweep


def sweep_errors(path: str | Path) -> list[ScenarioError]:
    """Every mistake found in a sweep file (empty if it is valid), ordered by line."""
    return _load(Path(path))[1]


def _load(path: Path) -> tuple[Sweep | None, list[ScenarioError]]:
    file = str(path)
    if not path.is_file():
        return None, [SweepError(file, "", None, "sweep file not found")]
    raw = path.read_bytes()
    try:
        data, lines = parse_yaml(raw.decode("utf-8-sig"))
    except YamlSyntaxError as exc:
        return None, [SweepError(file, _fmt(exc.path), exc.line, exc.message)]
    except UnicodeDecodeError:
        return None, [SweepError(file, "", None, "the file is not UTF-8 text")]
    if not isinstance(data, dict):
        return None, [SweepError(file, "", lines.line(()), "a sweep file must be a mapping")]
    try:
        spec = SweepFile.model_validate(data)
    except ValidationError as exc:
        return None, sorted(_translate(exc, file, lines), key=lambda e: e.line or 0)
    errors: list[ScenarioError] = []

    def err(where: YamlPath, message: str, allowed: str | None = None) -> None:
        errors.append(_error(file, lines, where, message, allowed))

    try:
        base = _scenario(file, lines, ("base",), path.parent / spec.base)
        if spec.end is not None and not base.start < spec.end:
            err(("end",), f"end {spec.end} must be after the base's start {base.start}")
            return None, errors
        base = with_end(base, spec.end)
        refs = {}
        for j, out in enumerate(spec.outcomes):
            if out.reference is not None and out.reference not in refs:
                ref = _scenario(
                    file, lines, ("outcomes", j, "reference"), path.parent / out.reference
                )
                refs[out.reference] = with_end(ref, spec.end)
    except ScenarioError as exc:
        return None, [exc]
    targets = [_check_input(spec, i, base, err) for i in range(len(spec.inputs))]
    names = [i.name for i in spec.inputs]
    for i, name in enumerate(names):
        if name in names[:i]:
            err(("inputs", i, "name"), f"input '{name}' is listed twice")
    _check_sampler(spec, err)
    for j in range(len(spec.outcomes)):
        _check_outcome(None, spec, j, base, refs, err)
    outcome_names = [o.name for o in spec.outcomes]
    for j, name in enumerate(outcome_names):
        if name in outcome_names[:j]:
            err(("outcomes", j, "name"), f"outcome '{name}' is listed twice")
    occurs = [o.name for o in spec.outcomes if o.kind == "occurs"]
    for k, name in enumerate(spec.discovery or []):
        if name not in occurs:
            message = f"discovery explains an outcome of kind occurs; '{name}' is not one"
            err(("discovery", k), message, ", ".join(occurs) or None)
    if errors:
        return None, sorted(errors, key=lambda e: e.line or 0)
    seed = base.seed if spec.seed is None else spec.seed
    digest = hashlib.sha256(raw).hexdigest()
    sweep = Sweep(spec, file, base, tuple(targets), refs, seed, digest)  # type: ignore[arg-type]
    return sweep, []


def _check_sampler(spec: SweepFile, err: Any) -> None:
    if spec.sampler == "grid":
        if spec.samples is not None:
            err(("samples",), "the grid sampler takes levels per input, not samples", "levels")
        return
    if spec.samples is None:
        err(("sampler",), f"the {spec.sampler} sampler needs 'samples'")
    elif spec.sampler == "sobol" and spec.samples & (spec.samples - 1):
        err(("samples",), f"sobol needs a power of 2 (Saltelli's scheme), got {spec.samples}")
    if spec.sampler == "morris" and "morris_levels" not in spec.model_fields_set:
        return
    if spec.sampler != "morris" and "morris_levels" in spec.model_fields_set:
        err(("morris_levels",), "morris_levels is for the morris sampler", "morris")
