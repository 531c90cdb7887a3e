"""Pydantic validation errors in words: one way to name the field at fault and the problem.

Messages for people (a scenario's fields, the CLI's options, the eval suites' scenarios) drop
pydantic's ``Value error,`` prefix; messages about data files (:mod:`assistant.yaml_source`, the
glossary, the messages file) keep pydantic's own wording and only take the field's name from here.
"""

from __future__ import annotations

from pydantic import ValidationError
from pydantic_core import ErrorDetails


def field_path(error: ErrorDetails, empty: str = "") -> str:
    """The field an error is about, dotted (``profit.amount``), or ``empty`` when it is about the whole value."""
    return ".".join(str(part) for part in error["loc"]) or empty


def problem_text(error: ErrorDetails) -> str:
    """What is wrong, without pydantic's ``Value error,`` prefix."""
    return str(error["msg"]).removeprefix("Value error, ")


def validation_message(exc: ValidationError, *, first_only: bool = False, locations: bool = True) -> str:
    """A pydantic error as one line for people: ``field: problem; field: problem``.

    Args:
        exc: The error.
        first_only: Describe only the first problem.
        locations: Name the field of each problem (a problem about the whole value names none).

    Returns:
        The problems joined by ``; ``.
    """
    parts = []
    for error in exc.errors()[:1] if first_only else exc.errors():
        where = field_path(error) if locations else ""
        parts.append(f"{where}: {problem_text(error)}" if where else problem_text(error))
    return "; ".join(parts)
