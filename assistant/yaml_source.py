"""YAML data files read with the line number of every node, so load errors can point at a line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from assistant.validation_text import field_path

Path_ = tuple[str | int, ...]
Model = TypeVar("Model", bound=BaseModel)


class DataFileError(ValueError):
    """A bundled data file is malformed; the message names the file, the line and the field."""


@dataclass(frozen=True)
class YamlSource:
    """A parsed YAML file and where each of its nodes starts.

    Attributes:
        name: The file's name for messages (relative to the package data folder).
        data: The parsed content.
        lines: 1-based line of the value at each path of keys and indices.
    """

    name: str
    data: Any
    lines: dict[Path_, int]

    def line_of(self, path: Path_) -> int | None:
        """The line of the deepest node on ``path`` that exists in the file."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None

    def where(self, path: Path_) -> str:
        """``file:line`` for a path, or just the file when the line is unknown."""
        line = self.line_of(path)
        return f"{self.name}:{line}" if line is not None else self.name


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                _walk(value, (*path, key.value), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines)


def read_yaml(path: Path, name: str | None = None) -> YamlSource:
    """Read a YAML file with the line of every node.

    Args:
        path: The file.
        name: How to call it in messages; defaults to the file name.

    Returns:
        The data and its line table.

    Raises:
        DataFileError: When the file cannot be read or is not valid YAML.
    """
    label = name or path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{label}: cannot be read ({exc})") from exc
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{label}:{mark.line + 1}" if mark is not None else label
        raise DataFileError(f"{where}: not valid YAML: {exc}") from exc
    lines: dict[Path_, int] = {}
    if root is not None:
        _walk(root, (), lines)
    return YamlSource(label, data, lines)


def read_data_file(path: Path, model: type[Model]) -> tuple[YamlSource, Model]:
    """Read a bundled data file (``data/<name>``) and validate it as ``model``.

    Returns:
        The file as read (for further checks that name it) and the validated model.

    Raises:
        DataFileError: Naming the file, the line and the field of each problem.
    """
    source = read_yaml(path, f"data/{path.name}")
    try:
        return source, model.model_validate(source.data)
    except ValidationError as exc:
        raise DataFileError(describe_validation_error(source, exc)) from exc


def describe_validation_error(source: YamlSource, exc: ValidationError, prefix: Path_ = (), context: str = "") -> str:
    """Turn a pydantic error into lines of ``file:line: context, field 'a.b': message``.

    Args:
        source: The file the validated data came from.
        exc: The validation error.
        prefix: The path of the validated object inside the file.
        context: What the object is, e.g. ``clause 'ip-access-2025-01'``.

    Returns:
        One line per problem.
    """
    out = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        path = (*prefix, *loc)
        field = field_path(error, "(whole entry)")
        who = f"{context}, " if context else ""
        out.append(f"{source.where(path)}: {who}field '{field}': {error['msg']}")
    return "\n".join(out)


def check_patterns(patterns: list[str]) -> list[str]:
    """Validate a data file's list of regular expressions (for a pydantic field validator).

    Raises:
        ValueError: Naming the first pattern that does not compile, and why.
    """
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} does not compile: {exc}") from exc
    return patterns
