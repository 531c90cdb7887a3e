"""Quotes that lean on the sentence before them bring that sentence.

"That includes Microsoft's access to OpenAI's intellectual property…" says nothing on its own: what
"that" is sits in the sentence before ("…remains intact until 2030."). A quoted sentence that opens
by pointing back ("This…", "That includes…", "For its part…", "In simpler terms…") is quoted with
the sentence before it, when that sentence is in the same paragraph (the same line: the corpus writes
a paragraph per line) and the two stay short.
"""

from __future__ import annotations

import re

from assistant.corpus.sentences import split_sentences

_LEANS = re.compile(
    r"^\s*(?:this|that|these|those|such|it|its|they|their|he|she|his|her"
    r"|for\s+(?:its|their|his|her)\s+part|in\s+simpler\s+terms|in\s+other\s+words|put\s+simply"
    r"|still|however|but|also|meanwhile|moreover|instead|then)\b",
    re.IGNORECASE,
)
#: The sentence before is brought only when the two together are at most this many words.
MAX_WORDS = 80


def leans_back(sentence: str) -> bool:
    """Whether ``sentence`` opens by pointing back at the one before it."""
    return _LEANS.match(sentence) is not None


def start_with_sentence_before(text: str, start: int, end: int) -> int | None:
    """Where the quote of ``text[start:end]`` starts when it brings the sentence before it.

    Args:
        text: The document's text.
        start: Where the leaning sentence starts.
        end: Where it ends.

    Returns:
        The start of the sentence before, or ``None`` when there is none in the same paragraph
        (a line break between, or a heading) or the two together would be too long to read.
    """
    before = [(s, e) for s, e in split_sentences(text[:start]) if e <= start]
    if not before:
        return None
    previous_start, previous_end = before[-1]
    gap = text[previous_end:start]
    line = text[text.rfind("\n", 0, previous_start) + 1 : previous_end]
    if gap.strip() or "\n" in gap or line.lstrip().startswith("#"):
        return None
    if len(text[previous_start:end].split()) > MAX_WORDS:
        return None
    return previous_start
