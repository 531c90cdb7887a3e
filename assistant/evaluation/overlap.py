"""How a question is worded against its gold passages: content-word overlap and length, in buckets.

A question that repeats the words of the passage that answers it is easy for lexical retrieval
and for the extractive answerer; one in the asker's own words is not. The *overlap* of a question
is the share of its content words found in its gold quotes, both read as retrieval reads them:
glossary-expanded (:func:`assistant.corpus.glossary.expand`), then tokenised by
:func:`assistant.index.lexical.tokenize` (lower case, stop words dropped, Snowball-stemmed). It is
unknown (``None``) for a question without gold passages or without content words.

Buckets: overlap ``< 0.3``, ``0.3-0.6`` (both ends included) and ``> 0.6`` (or ``unknown``);
length ``<= 6 words`` and ``> 6 words`` (words split at white space).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from assistant.corpus.glossary import expand
from assistant.corpus.sources import SourceTexts
from assistant.evaluation.matching import GoldSpan
from assistant.index.lexical import tokenize

LOW, HIGH = 0.3, 0.6
OVERLAP_BUCKETS: tuple[str, ...] = ("< 0.3", "0.3-0.6", "> 0.6", "unknown")
SHORT_WORDS = 6
LENGTH_BUCKETS: tuple[str, ...] = ("<= 6 words", "> 6 words")


def content_words(text: str) -> set[str]:
    """The stemmed content words of ``text``, glossary-expanded as retrieval expands it."""
    return set(tokenize(expand(text)))


def gold_overlap(question: str, quotes: Sequence[str]) -> float | None:
    """Share of the question's distinct content words that occur in the gold ``quotes``.

    Args:
        question: The question as asked.
        quotes: The gold passages' text.

    Returns:
        A value in [0, 1], or ``None`` when there are no quotes or the question has no content words.
    """
    if not quotes:
        return None
    asked = content_words(question)
    if not asked:
        return None
    found: set[str] = set()
    for quote in quotes:
        found |= content_words(quote)
    return len(asked & found) / len(asked)


def gold_quotes(gold: Iterable[GoldSpan], sources: SourceTexts) -> list[str]:
    """The text of each gold passage (its first occurrence), read from the corpus."""
    quotes = []
    for passage in gold:
        span = passage.spans[0]
        document = sources.get(span.source)
        if document is not None:
            quotes.append(document.text[span.start : span.end])
    return quotes


def overlap_bucket(overlap: float | None) -> str:
    """The overlap bucket of a question (see the module docstring)."""
    if overlap is None:
        return "unknown"
    if overlap < LOW:
        return "< 0.3"
    return "> 0.6" if overlap > HIGH else "0.3-0.6"


def question_words(question: str) -> int:
    """The question's length in words (split at white space)."""
    return len(question.split())


def length_bucket(question: str) -> str:
    """The length bucket of a question: ``<= 6 words`` or ``> 6 words``."""
    return LENGTH_BUCKETS[0] if question_words(question) <= SHORT_WORDS else LENGTH_BUCKETS[1]
