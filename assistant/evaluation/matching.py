"""Matching rules the checks share: facts in an answer's text, and passages against gold spans.

Fact rule: a ``must_state`` fact is a string or a list of alternatives (any one suffices). Both
the fact and the answer text are *normalised* — Unicode NFKC, curly quotes and apostrophes made
straight, Unicode hyphens and en and em dashes made hyphens, case folded, runs of white space made one space — and the
fact must then occur as a substring that does not start or end inside a word: ``"20"`` is found in
"about 20%" but not in "2025", ``"$1"`` in "$1 billion" but not in "$10 billion".

Passage rule: a cited quote or a retrieved chunk and a gold passage are compared by character span
in the same corpus document. A citation *hits* a gold passage when their spans overlap; a chunk
*contains* it when the chunk's span covers the gold span whole.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00ad": "",
        "\u00a0": " ",
    }
)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text in the form facts are matched in (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE).casefold()
    return _SPACE.sub(" ", text).strip()


def _occurs(needle: str, haystack: str) -> bool:
    if not needle:
        return False
    start = haystack.find(needle)
    while start >= 0:
        end = start + len(needle)
        before_ok = not needle[0].isalnum() or start == 0 or not haystack[start - 1].isalnum()
        after_ok = not needle[-1].isalnum() or end == len(haystack) or not haystack[end].isalnum()
        if before_ok and after_ok:
            return True
        start = haystack.find(needle, start + 1)
    return False


def fact_found(fact: str | list[str], text: str) -> bool:
    """Whether ``text`` states ``fact`` (a string or a list of alternatives) under the fact rule.

    Markdown emphasis is read through: "until **2030**" states "until 2030".
    """
    alternatives = [fact] if isinstance(fact, str) else fact
    haystack = normalise(text.replace("**", ""))
    return any(_occurs(normalise(alternative), haystack) for alternative in alternatives)


def describe_fact(fact: str | list[str]) -> str:
    """A fact for messages: ``'2030'`` or ``'AUD' | 'A$'``."""
    alternatives = [fact] if isinstance(fact, str) else fact
    return " | ".join(repr(a) for a in alternatives)


@dataclass(frozen=True)
class Span:
    """A stretch of one corpus document's text.

    Attributes:
        source: The document's path relative to the corpus.
        start: Offset of the first character.
        end: Offset just past the last character.
    """

    source: str
    start: int
    end: int

    @property
    def id(self) -> str:
        """A stable name: ``source:start-end``."""
        return f"{self.source}:{self.start}-{self.end}"

    def overlaps(self, other: Span) -> bool:
        """Whether the two spans share at least one character of the same document."""
        return self.source == other.source and self.start < other.end and other.start < self.end

    def covers(self, other: Span) -> bool:
        """Whether this span contains ``other`` whole."""
        return self.source == other.source and self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class GoldSpan:
    """A gold passage located in its document: every place its quote occurs.

    Attributes:
        id: The first occurrence's :attr:`Span.id`; the passage's name in rankings.
        spans: Every occurrence (a quote may occur more than once).
    """

    id: str
    spans: tuple[Span, ...]

    def hit_by(self, span: Span) -> bool:
        """Whether a cited span overlaps any occurrence."""
        return any(s.overlaps(span) for s in self.spans)

    def inside(self, span: Span) -> bool:
        """Whether a retrieved span contains some occurrence whole."""
        return any(span.covers(s) for s in self.spans)


def locate(source: str, quote: str, text: str) -> GoldSpan | None:
    """Every occurrence of ``quote`` in a document's ``text``, or ``None`` when it is not verbatim there."""
    spans = []
    start = text.find(quote)
    while start >= 0:
        spans.append(Span(source, start, start + len(quote)))
        start = text.find(quote, start + 1)
    return GoldSpan(spans[0].id, tuple(spans)) if spans else None


def label_ranking(retrieved: list[tuple[str, Span]], gold: list[GoldSpan]) -> list[list[str]]:
    """Name each retrieved chunk by the gold passages it is credited with, for IR metrics.

    A chunk is credited with every gold passage it contains whole that no earlier chunk was
    credited with; a chunk credited with none keeps its own id (it is not relevant, or only repeats
    passages already found). A chunk credited with several passages holds them all at its rank.

    Args:
        retrieved: ``(chunk_id, span)`` pairs, best first.
        gold: The case's gold passages.

    Returns:
        For each chunk, the ids it stands for in the ranking (gold ids, or its own id).
    """
    credited: set[str] = set()
    labels: list[list[str]] = []
    for chunk_id, span in retrieved:
        new = [g.id for g in gold if g.id not in credited and g.inside(span)]
        credited.update(new)
        labels.append(new or [chunk_id])
    return labels
