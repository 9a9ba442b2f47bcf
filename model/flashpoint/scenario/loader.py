"""Loading scenario files, with every mistake reported at its file and line.

Parse with lines, validate each file, resolve ``extends``, check the resolved scenario.

Inheritance: a child keeps its parent's ``start``, ``end``, ``seed`` and ``replicates`` unless it
sets them, merges ``parameters`` key by key (child wins), and gets the parent's events minus its
``remove_events`` followed by its own events. ``name`` and ``description`` are never inherited.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from flashpoint.parameters import ParameterError, registry, unknown_parameter_message
from flashpoint.scenario.errors import (
    ScenarioError,
    from_validation_error,
    located,
    sort_errors,
)
from flashpoint.scenario.schema import (
    DEFAULT_END,
    DEFAULT_REPLICATES,
    DEFAULT_SEED,
    DEFAULT_START,
    Event,
    EventBase,
    EventId,
    Replicates,
    Scenario,
    Seed,
    Slug,
    cross_check,
)
from flashpoint.scenario.validators import Description, PeriodDate
from flashpoint.scenario.yaml_lines import (
    LineMap,
    YamlPath,
    YamlSyntaxError,
    format_path,
    parse_yaml,
)

_INHERITED = ("start", "end", "seed", "replicates")
_DEFAULTS: dict[str, Any] = {
    "start": DEFAULT_START,
    "end": DEFAULT_END,
    "seed": DEFAULT_SEED,
    "replicates": DEFAULT_REPLICATES,
}


class ScenarioFile(BaseModel):
    """One scenario file as written, before inheritance (keys left out keep their defaults)."""

    model_config = ConfigDict(extra="forbid")

    name: Slug
    description: Description = ""
    start: PeriodDate = DEFAULT_START
    end: PeriodDate = DEFAULT_END
    seed: Seed = DEFAULT_SEED
    replicates: Replicates = DEFAULT_REPLICATES
    extends: StrictStr | None = None
    parameters: dict[StrictStr, Any] = Field(default_factory=dict)
    events: list[Event] = Field(default_factory=list)
    remove_events: list[EventId] = Field(default_factory=list)


@dataclass
class _Doc:
    """One validated file of an inheritance chain."""

    display: str
    abspath: str | None
    base_dir: Path
    lines: LineMap
    model: ScenarioFile

    def error(
        self, path: YamlPath, message: str, allowed: str | None = None, *, key: bool = False
    ) -> ScenarioError:
        return located(self.display, self.lines, path, message, allowed, key=key)


@dataclass
class _Resolver:
    """Collects the errors of one load; ``docs`` is the chain, child first."""

    errors: list[ScenarioError] = field(default_factory=list)
    docs: list[_Doc] = field(default_factory=list)

    def load_path(self, path: str | Path) -> Scenario | None:
        display = str(path)
        data, lines = self._read(display, Path(path))
        if lines is None:
            return None
        abspath = str(Path(path).resolve())
        return self._run(data, display, abspath, Path(path).resolve().parent, lines)

    def load_dict(self, data: Any, source: str, base_dir: Path | None) -> Scenario | None:
        base = (base_dir or Path.cwd()).resolve()
        return self._run(data, source, None, base, LineMap())

    def _run(
        self, data: Any, display: str, abspath: str | None, base_dir: Path, lines: LineMap
    ) -> Scenario | None:
        doc = self._validate(data, display, abspath, base_dir, lines)
        if doc is None:
            return None
        self.docs.append(doc)
        while doc.model.extends is not None:
            doc = self._parent(doc)
            if doc is None:
                return None
            self.docs.append(doc)
        return self._resolve()

    def _read(self, display: str, path: Path) -> tuple[Any, LineMap | None]:
        if not path.is_file():
            what = "is not a file" if path.exists() else "not found"
            self.errors.append(ScenarioError(display, "", None, f"scenario file {what}"))
            return None, None
        try:
            return parse_yaml(path.read_text(encoding="utf-8-sig"))
        except YamlSyntaxError as exc:
            path_text = format_path(exc.path)
            self.errors.append(ScenarioError(display, path_text, exc.line, exc.message))
        except UnicodeDecodeError:
            self.errors.append(ScenarioError(display, "", None, "the file is not UTF-8 text"))
        except OSError as exc:
            self.errors.append(ScenarioError(display, "", None, f"cannot read: {exc.strerror}"))
        return None, None

    def _validate(
        self, data: Any, display: str, abspath: str | None, base_dir: Path, lines: LineMap
    ) -> _Doc | None:
        if not isinstance(data, dict):
            got = "an empty document" if data is None else f"{type(data).__name__}"
            message = f"a scenario must be a mapping with at least 'name', got {got}"
            self.errors.append(ScenarioError(display, "", lines.line(()), message))
            return None
        found = self._check_parameters(data.get("parameters"), display, lines)
        try:
            model = ScenarioFile.model_validate(data)
        except ValidationError as exc:
            found += from_validation_error(exc, display, lines, ScenarioFile)
        if found:
            self.errors += sort_errors(found)
            return None
        return _Doc(display, abspath, base_dir, lines, model)

    @staticmethod
    def _check_parameters(params: Any, display: str, lines: LineMap) -> list[ScenarioError]:
        if not isinstance(params, dict):
            return []
        reg = registry()
        found = []
        for name, value in params.items():
            if not isinstance(name, str):
                continue
            path = ("parameters", name)
            if name not in reg:
                message = unknown_parameter_message(name)
                found.append(located(display, lines, path, message, key=True))
                continue
            try:
                reg[name].check(value)
            except ParameterError as exc:
                found.append(located(display, lines, path, str(exc)))
        return found

    def _parent(self, child: _Doc) -> _Doc | None:
        extends = str(child.model.extends)
        target = Path(extends)
        if not target.is_absolute():
            target = child.base_dir / target
        target = target.resolve()
        if child.abspath is None:
            display = str(target)
        else:
            display = os.path.normpath(os.path.join(os.path.dirname(child.display), extends))
        chain = [d.abspath for d in self.docs]
        if str(target) in chain:
            names = " -> ".join([*(d.display for d in self.docs), display])
            self.errors.append(child.error(("extends",), f"extends cycle: {names}"))
            return None
        if not target.is_file():
            what = "is not a file" if target.exists() else "not found"
            message = f"extends file {what}: '{extends}' (looked for {target})"
            self.errors.append(child.error(("extends",), message))
            return None
        data, lines = self._read(display, target)
        if lines is None:
            return None
        return self._validate(data, display, str(target), target.parent, lines)

    def _resolve(self) -> Scenario | None:
        child = self.docs[0]
        values: dict[str, Any] = dict(_DEFAULTS)
        set_by: dict[str, tuple[int, _Doc]] = {}
        parameters: dict[str, Any] = {}
        events: list[tuple[EventBase, _Doc, int]] = []
        for depth, doc in enumerate(reversed(self.docs)):
            model = doc.model
            for key in _INHERITED:
                if key in model.model_fields_set:
                    values[key] = getattr(model, key)
                    set_by[key] = (depth, doc)
            reg = registry()
            parameters.update({k: reg[k].check(v) for k, v in model.parameters.items()})
            events = self._remove(events, doc)
            events += [(event, doc, i) for i, event in enumerate(model.events)]
        if values["end"] <= values["start"]:
            key = max(set_by.keys() & {"start", "end"}, key=lambda k: (set_by[k][0], k == "end"))
            message = f"end {values['end']} must be after start {values['start']}"
            self.errors.append(set_by[key][1].error((key,), message))
            return None
        resolved = tuple(event for event, _, _ in events)
        period = [set_by[k] for k in ("start", "end") if k in set_by]
        period_doc = max(period, key=lambda item: item[0])[1] if period else None
        for index, keys, message, first in cross_check(values["start"], values["end"], resolved):
            _, doc, i = events[index]
            if first is not None:
                _, first_doc, j = events[first]
                line = first_doc.lines.line(("events", j))
                where = first_doc.display + (f":{line}" if line is not None else f" events[{j}]")
                message += f" (first defined at {where}); use remove_events to replace it"
            elif period_doc is not None and doc is not period_doc:
                message += f" (the period is set in {period_doc.display})"
            self.errors.append(doc.error(("events", i, *keys), message))
        if self.errors:
            return None
        files = tuple(d.abspath for d in self.docs if d.abspath is not None)
        try:
            return Scenario(
                name=child.model.name,
                description=child.model.description,
                parameters=parameters,
                events=resolved,
                files=files,
                **values,
            )
        except ValidationError as exc:  # a safety net: the checks above should catch it all
            self.errors += from_validation_error(exc, child.display, LineMap(), Scenario)
            return None

    def _remove(
        self, events: list[tuple[EventBase, _Doc, int]], doc: _Doc
    ) -> list[tuple[EventBase, _Doc, int]]:
        inherited = [event.id for event, _, _ in events]
        position = self.docs.index(doc)
        parent = self.docs[position + 1].display if position + 1 < len(self.docs) else None
        drop = set()
        for k, event_id in enumerate(doc.model.remove_events):
            if event_id in inherited:
                drop.add(event_id)
                continue
            origin = f" from {parent}" if parent else " (this file extends nothing)"
            message = f"event id '{event_id}' is not inherited{origin}"
            allowed = ", ".join(inherited) or None
            self.errors.append(doc.error(("remove_events", k), message, allowed))
        return [item for item in events if item[0].id not in drop]


def _raise_first(resolver: _Resolver, scenario: Scenario | None) -> Scenario:
    if scenario is None:
        raise resolver.errors[0]
    return scenario


def load_scenario(path: str | Path) -> Scenario:
    """Load, resolve and validate a scenario file.

    Args:
        path: The scenario YAML file; ``extends`` paths are relative to it.

    Returns:
        The resolved scenario.

    Raises:
        ScenarioError: the first mistake found, with its file, YAML path and line.
    """
    resolver = _Resolver()
    return _raise_first(resolver, resolver.load_path(path))


def scenario_from_dict(
    data: dict[str, Any], source: str = "<dict>", base_dir: Path | None = None
) -> Scenario:
    """Validate scenario data given as Python objects (same rules as files, no line numbers).

    Args:
        data: The scenario in the file format (dates as ``date`` or ``YYYY-MM-DD`` text).
        source: Name used in error messages.
        base_dir: Directory ``extends`` is relative to (default: the working directory).

    Raises:
        ScenarioError: the first mistake found.
    """
    resolver = _Resolver()
    return _raise_first(resolver, resolver.load_dict(data, source, base_dir))


def validate_file(path: str | Path) -> list[ScenarioError]:
    """All mistakes found in a scenario file and the files it extends (empty if valid).

    Errors within one file are all reported; resolution stops at the first file with errors,
    so the cross-file checks are only reported once every file is valid on its own.
    """
    resolver = _Resolver()
    resolver.load_path(path)
    return list(resolver.errors)
