"""User-facing fixed messages, kept as data in ``assistant/data/messages.yaml``."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, Field, ValidationError

from assistant.validation_text import field_path

MESSAGES_FILE = "messages.yaml"


class Messages(BaseModel):
    """The fixed texts the offline answerer uses."""

    abstain: str
    abstain_examples_intro: str
    empty_question: str
    no_words: str
    too_long: str
    not_english: str
    citation_dropped: str
    history_dropped: str
    bad_terms: str
    weak_evidence: str
    no_clause_for_supposition: str
    examples: list[str] = Field(min_length=3)


class MessagesError(ValueError):
    """The messages file is malformed; the message names the file and field."""


def parse_messages(text: str, origin: str = MESSAGES_FILE) -> Messages:
    """Parse and validate the messages YAML.

    Raises:
        MessagesError: Naming the file, the line where possible, and the field.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise MessagesError(f"{origin}: not valid YAML: {exc}") from exc
    try:
        return Messages.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = field_path(first, "file")
        raise MessagesError(f"{origin}: field '{field}': {first['msg']}") from exc


@lru_cache(maxsize=1)
def messages() -> Messages:
    """The packaged messages, validated once."""
    text = resources.files("assistant.data").joinpath(MESSAGES_FILE).read_text(encoding="utf-8")
    return parse_messages(text)
