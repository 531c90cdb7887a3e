"""A verbatim quote from one corpus document: what every answer, verdict and timeline cites."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

#: A citation marker in an answer's text: ``[3]``.
MARKER = re.compile(r"\[(\d+)\]")


def renumber_markers(text: str, numbers: dict[int, int]) -> str:
    """``text`` with each citation marker ``[n]`` replaced by ``[numbers[n]]`` (markers not in it kept)."""
    return MARKER.sub(lambda m: f"[{numbers.get(int(m.group(1)), int(m.group(1)))}]", text)


class Citation(BaseModel):
    """A verbatim quote from one corpus document.

    Attributes:
        source: The document's path relative to ``corpus/`` (POSIX separators).
        quote: An exact substring of that document's text.
        start: Character offset of the quote in the document's text.
        end: Character offset just past the quote.
        title: The document's title, for display.
        publisher: Who published the document (from its metadata), when known.
        date: The document's date as written in its metadata (ISO ``YYYY-MM-DD`` or ``YYYY-MM``).
        url: Where the document was published, when known.
        confidence: The document's confidence mark (``primary``, ``reported``, ``contested``), if any.
    """

    source: str
    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    confidence: str | None = None
