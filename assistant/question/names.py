"""The organisations, people and products a question names, and whether the documents ever mention them.

The catalogue is data (``assistant/data/names.yaml``): each name with the ways people write it. Which
names the documents mention is not written there: a :class:`NameFinder` is built against the index's
vocabulary, so it follows the corpus. A question about a name the documents never mention (another
company's deal, a regulator they never name) is a sign it is about something else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.yaml_source import check_patterns, read_data_file

NAMES_FILE = Path(__file__).resolve().parent.parent / "data" / "names.yaml"
PARTIES = frozenset({"Microsoft", "OpenAI"})


class NameEntry(BaseModel):
    r"""One organisation, person or product and the ways people write it.

    Attributes:
        name: How the documents would write it ("SoftBank").
        aliases: Regular expressions, matched case-insensitively as whole words ("soft\\s?bank").
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    aliases: list[str] = Field(min_length=1)

    @field_validator("aliases")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        return check_patterns(value)


class _NamesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    names: list[NameEntry] = Field(min_length=1)


@dataclass(frozen=True)
class NamedThing:
    """A name a question uses.

    Attributes:
        name: The catalogue's name for it.
        written: How the question wrote it.
        known: Whether the documents mention it.
    """

    name: str
    written: str
    known: bool

    @property
    def party(self) -> bool:
        """Whether it is one of the agreement's two parties."""
        return self.name in PARTIES


def load_names(path: Path = NAMES_FILE) -> list[NameEntry]:
    """Read and validate the catalogue.

    Raises:
        DataFileError: Naming the file, the line and the field of each problem.
    """
    return list(read_data_file(path, _NamesFile)[1].names)


@lru_cache(maxsize=1)
def name_catalogue() -> tuple[NameEntry, ...]:
    """The bundled catalogue, read once."""
    return tuple(load_names())


class NameFinder:
    """Finds catalogue names in questions and says whether the documents mention each.

    Args:
        is_known: Whether the documents mention a name (e.g. all its words are in the index's vocabulary).
        entries: The catalogue; the bundled one by default.
    """

    def __init__(self, is_known: Callable[[str], bool], entries: tuple[NameEntry, ...] | None = None) -> None:
        entries = entries if entries is not None else name_catalogue()
        self._is_known = is_known
        self._entries = [
            (
                entry.name,
                re.compile(r"(?<![\w])(?:" + "|".join(f"(?:{a})" for a in entry.aliases) + r")(?![\w])", re.I),
            )
            for entry in entries
        ]

    def where(self, text: str) -> list[tuple[int, int]]:
        """Where ``text`` names anything in the catalogue, as ``(start, end)`` offsets in order."""
        return sorted((m.start(), m.end()) for _, pattern in self._entries for m in pattern.finditer(text))

    def find(self, text: str) -> list[NamedThing]:
        """The names ``text`` uses, in catalogue order, each once."""
        found = []
        for name, pattern in self._entries:
            match = pattern.search(text)
            if match is not None:
                found.append(NamedThing(name, match.group(0), self._is_known(name)))
        return found
