"""YAML parsing that keeps line numbers: plain data plus a map from YAML path to line.

The text is composed into nodes with PyYAML's ``SafeLoader`` (nothing is ever executed) and
turned into Python data here, so that every mapping key and value keeps the line it was written
on. Only the standard scalar, sequence and mapping tags are accepted; any other tag (``!foo``,
``!!python/...``, ``!!binary``, ``!!set``) is rejected with its line. Mapping keys are kept as
written (``on:`` is the key ``"on"``, not the YAML 1.1 boolean), duplicate keys are errors, and
a scalar the safe constructor cannot build (``2020-02-30``) is kept as its text so that schema
validation can report it with its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

YamlPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_TAG + t for t in ("null", "bool", "int", "float", "str", "timestamp"))
_SEQ_TAG = _TAG + "seq"
_MAP_TAG = _TAG + "map"
_MAX_NODES = 200_000


class YamlSyntaxError(ValueError):
    """The text is not acceptable YAML; ``line`` is 1-based or None."""

    def __init__(self, message: str, line: int | None, path: YamlPath = ()) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.path = path


@dataclass
class LineMap:
    """Lines (1-based) of the keys and values of one YAML document, by YAML path.

    ``values[path]`` is the line where the value at ``path`` starts; ``keys[path]`` the line of
    the mapping key that leads to it (absent for sequence items and the root).
    """

    values: dict[YamlPath, int] = field(default_factory=dict)
    keys: dict[YamlPath, int] = field(default_factory=dict)

    def line(self, path: YamlPath, *, key: bool = False) -> int | None:
        """The line of ``path`` (its key line if ``key``), else of its nearest ancestor.

        Args:
            path: YAML path as a tuple of mapping keys and sequence indices.
            key: Prefer the line of the key (for unknown or misspelt keys).

        Returns:
            A 1-based line, or None when nothing along the path has a line (data from a dict).
        """
        if key and path in self.keys:
            return self.keys[path]
        for n in range(len(path), -1, -1):
            if path[:n] in self.values:
                return self.values[path[:n]]
        return None


def format_path(path: YamlPath) -> str:
    """Render a YAML path as text: ``events[2].compliance``, ``parameters.a.b``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def parse_yaml(text: str) -> tuple[Any, LineMap]:
    """Parse one YAML document into plain data and its line map.

    Args:
        text: The YAML text.

    Returns:
        The data (None for an empty document) and the line map.

    Raises:
        YamlSyntaxError: on a syntax error, several documents, a non-standard tag, a duplicate
            key, a recursive alias or a document too large to be a scenario.
    """
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        lines = LineMap()
        if node is None:
            return None, lines
        return _Builder(loader, lines).build(node, ()), lines
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"YAML syntax error: {exc}", None) from None
    except RecursionError:
        raise YamlSyntaxError("YAML nested too deeply", None) from None
    finally:
        loader.dispose()


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> YamlSyntaxError:
    source = text.splitlines()
    mark = exc.problem_mark or exc.context_mark
    line = min(mark.line + 1, max(len(source), 1)) if mark is not None else None
    context = ""
    if exc.context:
        started = exc.context_mark
        at = f" started on line {started.line + 1}" if started is not None else ""
        context = f" ({exc.context}{at})"
    hint = ""
    if line is not None and line <= len(source) and "op:" in source[line - 1]:
        hint = '; hint: quote comparison operators, e.g. op: ">="'
    problem = exc.problem or "invalid YAML"
    return YamlSyntaxError(f"YAML syntax error: {problem}{context}{hint}", line)


class _Builder:
    """Turns composed nodes into data while filling a LineMap."""

    def __init__(self, loader: yaml.SafeLoader, lines: LineMap) -> None:
        self.loader = loader
        self.lines = lines
        self.count = 0
        self.active: set[int] = set()

    def build(self, node: yaml.Node, path: YamlPath) -> Any:
        self.count += 1
        line = node.start_mark.line + 1
        if self.count > _MAX_NODES:
            raise YamlSyntaxError("document too large (too many nodes; check aliases)", line, path)
        self.lines.values.setdefault(path, line)
        if id(node) in self.active:
            raise YamlSyntaxError("recursive YAML alias", line, path)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                self._check_tag(node, _SEQ_TAG, path)
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            self._check_tag(node, _MAP_TAG, path)
            return self._mapping(node, path)
        finally:
            self.active.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: YamlPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlSyntaxError("a mapping key must be a plain name", key_line, path)
            if key_node.tag == _TAG + "merge":
                raise YamlSyntaxError("YAML merge keys (<<) are not supported", key_line, path)
            self._check_tag(key_node, None, path)
            key = str(key_node.value)
            child = (*path, key)
            if key in key_lines:
                raise YamlSyntaxError(
                    f"duplicate key '{key}' (first written on line {key_lines[key]})",
                    key_line,
                    child,
                )
            key_lines[key] = key_line
            self.lines.keys[child] = key_line
            out[key] = self.build(value_node, child)
        return out

    def _scalar(self, node: yaml.ScalarNode, path: YamlPath) -> Any:
        self._check_tag(node, None, path)
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError):
            return str(node.value)

    @staticmethod
    def _check_tag(node: yaml.Node, expected: str | None, path: YamlPath) -> None:
        ok = node.tag in _SCALAR_TAGS if expected is None else node.tag == expected
        if not ok:
            tag = node.tag.replace(_TAG, "!!")
            raise YamlSyntaxError(
                f"YAML tag '{tag}' is not allowed (scenario files are plain data); "
                "if you meant text, quote it",
                node.start_mark.line + 1,
                path,
            )
