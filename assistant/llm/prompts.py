"""Prompts and fixed texts of the language-model layer, kept as data and validated at start-up.

``assistant/data/prompts/<name>.yaml`` holds one prompt: a ``system`` message and a ``user``
template whose placeholders (``{question}``, ``{passages}`` …) are filled with escaped data.
``assistant/data/llm_messages.yaml`` holds the notices and labels shown to the user. A
missing field, an unknown placeholder or a missing one is an error naming file, line and field.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.yaml_source import DataFileError, YamlSource, describe_validation_error, read_yaml

PROMPTS_FOLDER = "prompts"
MESSAGES_FILE = "llm_messages.yaml"
_Model = TypeVar("_Model", bound=BaseModel)

#: The placeholders each prompt's user template must use (and may not go beyond).
PROMPT_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "answer": frozenset({"passages", "history", "question"}),
    "rewrite": frozenset({"history", "question"}),
    "scenario": frozenset({"today", "history", "reading", "question"}),
}

#: The placeholders each message may use.
MESSAGE_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "unsupported": frozenset(),
    "fallback": frozenset({"model", "reason"}),
    "nothing_supported": frozenset(),
    "markers_removed": frozenset({"count"}),
    "sentences_unsupported": frozenset({"count", "label"}),
    "rewrite_failed": frozenset({"reason"}),
    "scenario_fallback": frozenset({"reason"}),
    "scenario_read": frozenset({"model"}),
    "scenario_differs": frozenset({"fields"}),
}


class PromptError(DataFileError):
    """A prompt or message file is malformed; the message names file, line and field."""


class PromptFile(BaseModel):
    """One prompt: the system message and the user message template."""

    model_config = ConfigDict(extra="forbid")

    system: str = Field(min_length=1)
    user: str = Field(min_length=1)


class LLMMessages(BaseModel):
    """User-facing texts of the language-model layer."""

    model_config = ConfigDict(extra="forbid")

    unsupported: str = Field(min_length=1)
    fallback: str = Field(min_length=1)
    nothing_supported: str = Field(min_length=1)
    markers_removed: str = Field(min_length=1)
    sentences_unsupported: str = Field(min_length=1)
    rewrite_failed: str = Field(min_length=1)
    scenario_fallback: str = Field(min_length=1)
    scenario_read: str = Field(min_length=1)
    scenario_differs: str = Field(min_length=1)


@dataclass(frozen=True)
class Prompt:
    """A validated prompt.

    Attributes:
        name: ``answer``, ``rewrite`` or ``scenario``.
        system: The system message (literal braces already unescaped).
        user: The user message template (``str.format`` syntax).
    """

    name: str
    system: str
    user: str

    def render(self, **values: str) -> tuple[str, str]:
        """The system message and the user message with ``values`` filled in."""
        return self.system, self.user.format(**values)


def placeholders(template: str) -> set[str]:
    """The named fields of a ``str.format`` template.

    Raises:
        ValueError: When the template is not valid format syntax or uses positional fields.
    """
    names = set()
    for _, field, _, _ in string.Formatter().parse(template):
        if field is None:
            continue
        if not field.isidentifier():
            raise ValueError(f"placeholder {{{field}}} is not a plain name (write literal braces as {{{{ and }}}})")
        names.add(field)
    return names


def _check_fields(source: YamlSource, field: str, template: str, allowed: frozenset[str], required: bool) -> None:
    try:
        found = placeholders(template)
    except ValueError as exc:
        raise PromptError(f"{source.where((field,))}: field '{field}': {exc}") from exc
    unknown = sorted(found - allowed)
    if unknown:
        names = ", ".join(f"{{{n}}}" for n in unknown)
        raise PromptError(f"{source.where((field,))}: field '{field}': unknown placeholder(s) {names}")
    missing = sorted(allowed - found) if required else []
    if missing:
        names = ", ".join(f"{{{n}}}" for n in missing)
        raise PromptError(f"{source.where((field,))}: field '{field}': missing placeholder(s) {names}")


def _validate(source: YamlSource, model: type[_Model]) -> _Model:
    if not isinstance(source.data, dict):
        raise PromptError(f"{source.name}:1: the file must be a mapping of fields")
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        raise PromptError(describe_validation_error(source, exc)) from exc


def parse_prompt(source: YamlSource, name: str) -> Prompt:
    """Validate one prompt file.

    Args:
        source: The parsed file.
        name: The prompt's name (a key of :data:`PROMPT_PLACEHOLDERS`).

    Returns:
        The prompt.

    Raises:
        PromptError: Naming file, line and field.
    """
    data = _validate(source, PromptFile)
    _check_fields(source, "system", data.system, frozenset(), required=False)
    _check_fields(source, "user", data.user, PROMPT_PLACEHOLDERS[name], required=True)
    return Prompt(name=name, system=data.system.format(), user=data.user)


def parse_messages(source: YamlSource) -> LLMMessages:
    """Validate the messages file.

    Raises:
        PromptError: Naming file, line and field.
    """
    data = _validate(source, LLMMessages)
    for field, allowed in MESSAGE_PLACEHOLDERS.items():
        _check_fields(source, field, getattr(data, field), allowed, required=False)
    return data


def _data_path(relative: str) -> Path:
    return Path(str(resources.files("assistant.data").joinpath(relative)))


def _read(relative: str) -> YamlSource:
    try:
        return read_yaml(_data_path(relative), relative)
    except PromptError:
        raise
    except DataFileError as exc:
        raise PromptError(str(exc)) from exc


@dataclass(frozen=True)
class PromptSet:
    """Every prompt and message of the language-model layer."""

    answer: Prompt
    rewrite: Prompt
    scenario: Prompt
    messages: LLMMessages


def load_prompt_set(folder: Path | None = None) -> PromptSet:
    """Read and validate the prompts and messages.

    Args:
        folder: A folder with ``prompts/*.yaml`` and ``llm_messages.yaml`` (for tests); the
            packaged data by default.

    Raises:
        PromptError: Naming file, line and field of the first problem.
    """

    def read(relative: str) -> YamlSource:
        if folder is None:
            return _read(relative)
        try:
            return read_yaml(folder / relative, relative)
        except DataFileError as exc:
            raise PromptError(str(exc)) from exc

    prompts = {name: parse_prompt(read(f"{PROMPTS_FOLDER}/{name}.yaml"), name) for name in PROMPT_PLACEHOLDERS}
    return PromptSet(**prompts, messages=parse_messages(read(MESSAGES_FILE)))


@lru_cache(maxsize=1)
def prompt_set() -> PromptSet:
    """The packaged prompts and messages, validated once."""
    return load_prompt_set()
