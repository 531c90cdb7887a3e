"""Quotes as data, and the one way they become citations: through a corpus the caller gives.

The clause sheet, the disagreements catalogue and the reference rates hold verbatim quotes as
plain data (a corpus document and the text). Nothing here reads a corpus: a :data:`Locate` (in
practice the assistant's ``SourceTexts.cite``) finds each quote in the caller's corpus and turns it
into a :class:`~assistant.models.Citation` with offsets, or ``None`` when the quote is not there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pydantic import BaseModel, ConfigDict, Field

from assistant.citation import Citation

#: Finds a verbatim quote in a corpus document: ``(source, quote) -> Citation | None``.
Locate = Callable[[str, str], "Citation | None"]


class SourceQuote(BaseModel):
    """A verbatim quote and the corpus document it comes from (path relative to ``corpus/``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = Field(min_length=1)
    quote: str = Field(min_length=1)


def cite_quotes(quotes: Iterable[SourceQuote], locate: Locate) -> list[Citation]:
    """The citations of the quotes ``locate`` finds, in order; the others are left out."""
    found = [locate(q.source, q.quote) for q in quotes]
    return [c for c in found if c is not None]
