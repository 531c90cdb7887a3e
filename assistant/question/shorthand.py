"""How people write the agreement's names and numbers, rewritten into the documents' words.

The rules are data (``assistant/data/shorthand.yaml``): a pattern and its replacement each, applied in
order to the question only ("msft" becomes "Microsoft", "$500bn" becomes "$500 billion"). Documents and
quotes are never changed; the user's own words stay the question shown back.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.yaml_source import check_patterns, read_data_file

SHORTHAND_FILE = Path(__file__).resolve().parent.parent / "data" / "shorthand.yaml"


class ShorthandRule(BaseModel):
    r"""One way people write something, and the documents' words for it.

    Attributes:
        pattern: A regular expression (case-insensitive unless ``case`` is ``sensitive``).
        replace: The replacement; ``\\1`` refers to the pattern's first group.
        case: ``insensitive`` (the default) or ``sensitive`` (for "MS", not "ms").
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    pattern: str = Field(min_length=1)
    replace: str
    case: Literal["insensitive", "sensitive"] = "insensitive"

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        check_patterns([value])
        return value


class _ShorthandFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    words: list[str] = Field(default_factory=list)
    rules: list[ShorthandRule] = Field(min_length=1)


class Shorthand:
    """The rules, compiled, and the agreement's words that misspellings are mended towards.

    Args:
        rules: The rules, in the order they apply.
        words: The agreement's own words (see :mod:`assistant.question.spelling`).
    """

    def __init__(self, rules: list[ShorthandRule], words: list[str] | None = None) -> None:
        self.words = tuple(w.lower() for w in words or ())
        self._rules = [
            (re.compile(rule.pattern, 0 if rule.case == "sensitive" else re.IGNORECASE), rule.replace) for rule in rules
        ]

    def expand(self, text: str) -> str:
        """``text`` with every rule applied once, in order."""
        for pattern, replacement in self._rules:
            text = pattern.sub(replacement, text)
        return text


def _load(path: Path) -> _ShorthandFile:
    return read_data_file(path, _ShorthandFile)[1]


def load_shorthand(path: Path = SHORTHAND_FILE) -> Shorthand:
    """Read and validate the rules.

    Raises:
        DataFileError: Naming the file, the line and the field of each problem.
    """
    parsed = _load(path)
    return Shorthand(parsed.rules, parsed.words)


def load_shorthand_rules(path: Path = SHORTHAND_FILE) -> list[ShorthandRule]:
    """The rules as written, validated (for tools that look at the patterns themselves)."""
    return list(_load(path).rules)


@lru_cache(maxsize=1)
def shorthand() -> Shorthand:
    """The bundled rules, read once."""
    return load_shorthand()
