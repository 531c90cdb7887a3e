"""Mending the agreement's words when a question misspells them ("frist" -> "first", "agreemnt" -> "agreement").

The words are data (``words`` in ``assistant/data/shorthand.yaml``). A question word of five letters or
more is mended only when the documents never use it and one slip — two neighbours swapped, a letter
missing, extra or wrong, the first letter kept — turns it into exactly such a word. Mending towards a
short list of the agreement's own words, rather than towards everything the documents say, keeps real
words the documents happen not to use ("status", "makes", "funding") as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator

#: Shorter words have too many neighbours one slip away to mend safely.
MIN_LETTERS = 5
_WORD = re.compile(r"[A-Za-z]{5,}+")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _edits(word: str) -> Iterator[str]:
    """Words one slip away that keep the first letter: swaps, insertions, deletions, substitutions."""
    splits = [(word[:i], word[i:]) for i in range(1, len(word) + 1)]
    for left, right in splits:
        if len(right) > 1:
            yield left + right[1] + right[0] + right[2:]
    for left, right in splits:
        for letter in _LETTERS:
            yield left + letter + right
    for left, right in splits:
        if right:
            yield left + right[1:]
    for left, right in splits:
        if right:
            for letter in _LETTERS:
                if letter != right[0]:
                    yield left + letter + right[1:]


class Speller:
    """Mends misspellings of the agreement's words.

    Args:
        words: The words to mend towards (lower case).
        is_used: Whether the documents use a word (a word they use is never mended).
    """

    def __init__(self, words: Collection[str], is_used: Callable[[str], bool]) -> None:
        self._words = frozenset(w.lower() for w in words)
        self._is_used = is_used

    def mend_word(self, word: str) -> str | None:
        """The agreement's word one slip away from ``word``, or ``None`` when it needs no mending or has none."""
        lower = word.lower()
        if len(lower) < MIN_LETTERS or lower in self._words or self._is_used(lower):
            return None
        found = {candidate for candidate in _edits(lower) if candidate in self._words}
        return found.pop() if len(found) == 1 else None

    def mend(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """``text`` with its misspelt words mended, and the ``(written, read as)`` pairs."""
        changes: list[tuple[str, str]] = []

        def one(match: re.Match[str]) -> str:
            mended = self.mend_word(match.group(0))
            if mended is None:
                return match.group(0)
            changes.append((match.group(0), mended))
            return mended

        return _WORD.sub(one, text), changes
