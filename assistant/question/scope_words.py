"""The word lists that tell a question about the agreement from a question about something else.

Data (``assistant/data/scope.yaml``): phrases that can only mean the agreement or the article in this
app ("the deal", "this piece"), the agreement's subject matter (exclusivity, compute, the AGI clause…),
and subjects its documents do not cover (share prices, company trivia, pricing). They are signals the
scope decision (:mod:`assistant.answering.scope`) weighs, with the evidence and the names a question uses.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.yaml_source import check_patterns, read_data_file

SCOPE_FILE = Path(__file__).resolve().parent.parent / "data" / "scope.yaml"


class _ScopeFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    implied_subject: list[str] = Field(min_length=1)
    agreement_terms: list[str] = Field(min_length=1)
    other_subjects: list[str] = Field(min_length=1)

    @field_validator("implied_subject", "agreement_terms", "other_subjects")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        return check_patterns(value)


def _whole_words(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?![\w])", re.IGNORECASE)


class ScopeWords:
    """The lists, compiled: each entry a group of alternatives, counted once when any of them occurs."""

    def __init__(self, implied: list[str], terms: list[str], other: list[str]) -> None:
        self._implied = _whole_words(implied)
        self._terms = [_whole_words([group]) for group in terms]
        self._other = [_whole_words([group]) for group in other]

    def implied_subject(self, text: str) -> bool:
        """Whether ``text`` refers to the agreement or the article without naming them ("the deal")."""
        return self._implied.search(text) is not None

    def agreement_terms(self, text: str) -> int:
        """How many groups of the agreement's subject matter ``text`` touches."""
        return sum(1 for group in self._terms if group.search(text))

    def other_subjects(self, text: str) -> int:
        """How many groups of subjects the documents do not cover ``text`` touches."""
        return sum(1 for group in self._other if group.search(text))


def load_scope_words(path: Path = SCOPE_FILE) -> ScopeWords:
    """Read and validate the lists.

    Raises:
        DataFileError: Naming the file, the line and the field of each problem.
    """
    parsed = read_data_file(path, _ScopeFile)[1]
    return ScopeWords(parsed.implied_subject, parsed.agreement_terms, parsed.other_subjects)


@lru_cache(maxsize=1)
def scope_words() -> ScopeWords:
    """The bundled lists, read once."""
    return load_scope_words()
