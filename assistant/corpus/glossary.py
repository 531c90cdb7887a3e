"""Acronym and term expansion, applied to documents and questions before matching.

The glossary lives in ``assistant/data/glossary.yaml``. Expansion only ever *adds* words
(in a trailing parenthesis) to the text that is embedded or tokenised; stored text,
offsets and quotes are untouched.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, Field, ValidationError

from assistant.validation_text import field_path

GLOSSARY_FILE = "glossary.yaml"


class GlossaryEntry(BaseModel):
    """One term with its long forms and related words."""

    short: str = Field(min_length=1)
    long: list[str] = Field(default_factory=list)
    related: list[str] = Field(default_factory=list)


class GlossaryError(ValueError):
    """The glossary file is malformed; the message names the file and entry."""


@dataclass(frozen=True)
class _CompiledEntry:
    forms: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    related: tuple[str, ...]


@dataclass(frozen=True)
class _Compiled:
    entries: tuple[_CompiledEntry, ...]
    any_form: re.Pattern[str]  # every form of every term, ignoring case: a superset, checked first


def _pattern(form: str, *, case_sensitive: bool) -> re.Pattern[str]:
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])", flags)


def load_glossary(text: str, origin: str = GLOSSARY_FILE) -> list[GlossaryEntry]:
    """Parse and validate glossary YAML.

    Args:
        text: The YAML text.
        origin: File name used in error messages.

    Returns:
        The validated entries.

    Raises:
        GlossaryError: Naming the file, the entry index and the field at fault.
    """
    data = yaml.safe_load(text) or {}
    entries = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise GlossaryError(f"{origin}: expected a top-level 'terms:' list")
    parsed: list[GlossaryEntry] = []
    for index, raw in enumerate(entries):
        try:
            parsed.append(GlossaryEntry.model_validate(raw))
        except ValidationError as exc:
            first = exc.errors()[0]
            field = field_path(first, "entry")
            raise GlossaryError(f"{origin}: terms[{index}] field '{field}': {first['msg']}") from exc
    return parsed


def _glossary_text() -> str:
    return resources.files("assistant.data").joinpath(GLOSSARY_FILE).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def glossary_fingerprint() -> str:
    """A short hash of the bundled glossary: the index records it, since stored text is expanded with it."""
    return hashlib.sha256(_glossary_text().encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    text = _glossary_text()
    compiled = []
    for entry in load_glossary(text):
        forms = (entry.short, *entry.long)
        patterns = (
            _pattern(entry.short, case_sensitive=entry.short.isupper()),
            *(_pattern(form, case_sensitive=False) for form in entry.long),
        )
        compiled.append(_CompiledEntry(forms, patterns, tuple(entry.related)))
    every = "|".join(re.escape(form) for entry in compiled for form in entry.forms)
    return _Compiled(tuple(compiled), re.compile(rf"(?<![\w-])(?:{every})(?![\w-])", re.IGNORECASE))


@lru_cache(maxsize=8192)  # the bundled glossary is read once per process: a text's expansion never changes
def expand(text: str, *, related: bool = True) -> str:
    """Append the other forms of every glossary term that ``text`` mentions.

    Args:
        text: A question or a passage.
        related: Append the terms' related words too (not for checks that a text says the very thing asked:
            "partners" are related to "funders", and are not them).

    Returns:
        ``text`` unchanged when it mentions no term, else ``text`` plus a parenthesis
        with the missing forms, e.g. ``"Who decides AGI? (artificial general intelligence)"``.
    """
    compiled = _compiled()
    if not compiled.any_form.search(text):  # most passages mention no term: one search, not one per form
        return text
    additions: list[str] = []
    for entry in compiled.entries:
        present = [bool(p.search(text)) for p in entry.patterns]
        if not any(present):
            continue
        additions.extend(form for form, seen in zip(entry.forms, present, strict=True) if not seen)
        if related:
            additions.extend(entry.related)
    if not additions:
        return text
    return f"{text} ({'; '.join(dict.fromkeys(additions))})"
