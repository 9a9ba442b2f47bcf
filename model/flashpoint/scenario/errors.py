"""Scenario errors that name the file, the YAML path and the line.

Also their translation from pydantic's validation errors.

``str(ScenarioError)`` is one line, for example::

    scenarios/x.yaml:14: events[2].type: unknown event type 'airstrike'; allowed: talks, ...
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError

from flashpoint.scenario.schema import EVENT_TYPES, Condition
from flashpoint.scenario.yaml_lines import LineMap, YamlPath, format_path


class ScenarioError(Exception):
    """A mistake in a scenario, located in its file.

    Attributes:
        file: The file as given (or ``<dict>`` for data from Python).
        path: YAML path like ``events[2].compliance``; empty for the whole document.
        line: 1-based line, or None when unknown (data from a dict).
        message: What is wrong.
        allowed: The allowed values or keys, comma-separated, or None.
    """

    def __init__(
        self, file: str, path: str, line: int | None, message: str, allowed: str | None = None
    ) -> None:
        super().__init__(file, path, line, message, allowed)
        self.file = file
        self.path = path
        self.line = line
        self.message = message
        self.allowed = allowed

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        what = f"{self.path}: {self.message}" if self.path else self.message
        allowed = f"; allowed: {self.allowed}" if self.allowed else ""
        return f"{where}: {what}{allowed}"


def located(
    file: str,
    lines: LineMap,
    path: YamlPath,
    message: str,
    allowed: str | None = None,
    *,
    key: bool = False,
) -> ScenarioError:
    """A ScenarioError at ``path`` with its line looked up in ``lines``."""
    return ScenarioError(file, format_path(path), lines.line(path, key=key), message, allowed)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return repr(value)


_TYPE_WORDS = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
}


def _split_loc(loc: tuple[Any, ...]) -> tuple[YamlPath, str | None]:
    """Drop the discriminator tag pydantic inserts after ``events[i]``; return it too."""
    if len(loc) > 2 and loc[0] == "events" and isinstance(loc[1], int) and loc[2] in EVENT_TYPES:
        return (*loc[:2], *loc[3:]), loc[2]
    return tuple(loc), None


def _allowed_keys(top: type[BaseModel], path: YamlPath, tag: str | None) -> str:
    model: type[BaseModel] = top
    if tag is not None:
        model = Condition if len(path) > 3 and path[2] == "when" else EVENT_TYPES[tag]
    return ", ".join(model.model_fields)


def _one(error: Any, top: type[BaseModel]) -> tuple[YamlPath, str, str | None, bool]:
    """Translate one pydantic error dict into (path, message, allowed, point at key)."""
    path, tag = _split_loc(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    last = path[-1] if path else ""
    if kind == "scenario":
        extra = tuple(int(p) if p.isdigit() else p for p in ctx["subpath"].split(".") if p)
        return (*path, *extra), ctx["message"], ctx.get("allowed"), False
    if kind == "extra_forbidden":
        return path, f"unknown key '{last}'", _allowed_keys(top, path, tag), True
    if kind == "missing":
        return path, f"missing required key '{last}'", None, False
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        problem = (
            f"unknown event type {_show(ctx.get('tag'))}"
            if kind == "union_tag_invalid"
            else "missing required key 'type'"
        )
        return (*path, "type"), problem, ", ".join(EVENT_TYPES), False
    if kind == "literal_error":
        allowed = ", ".join(re.findall(r"'((?:[^'\\]|\\.)*)'", ctx.get("expected", "")))
        hint = (
            " (YAML reads yes/no/on/off as true/false; quote the word)"
            if isinstance(value, bool)
            else ""
        )
        return path, f"{_show(value)} is not allowed{hint}", allowed or None, False
    if kind in _TYPE_WORDS:
        return path, f"expected {_TYPE_WORDS[kind]}, got {_show(value)}", None, False
    message = str(error["msg"]).removeprefix("Value error, ")
    return path, message, None, False


def from_validation_error(
    exc: ValidationError, file: str, lines: LineMap, top: type[BaseModel]
) -> list[ScenarioError]:
    """Translate a pydantic ValidationError into ScenarioErrors ordered by line.

    Args:
        exc: The validation error.
        file: File name to report.
        lines: Line map of the validated document.
        top: The model that was validated (for its allowed keys).
    """
    out: list[ScenarioError] = []
    seen: set[tuple[str, str]] = set()
    for error in exc.errors():
        path, message, allowed, key = _one(error, top)
        if (format_path(path), message) in seen:
            continue
        seen.add((format_path(path), message))
        out.append(located(file, lines, path, message, allowed, key=key))
    return sort_errors(out)


def sort_errors(errors: list[ScenarioError]) -> list[ScenarioError]:
    """Order errors by line within each file, keeping the order of files (stable)."""
    order = {f: i for i, f in reversed(list(enumerate(e.file for e in errors)))}
    return sorted(errors, key=lambda e: (order[e.file], e.line is None, e.line or 0))
