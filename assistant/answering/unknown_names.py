"""Capitalised names in a question that the sources never use: the sign of a subject they do not cover.

"CoreWeave", "Anthropic" or "CMA" in a question point at something the documents may not mention;
a typo in an ordinary word does not count, because it is not capitalised, and neither does the
question's first word. What counts as *known* is the caller's: the extractive answerer looks the
name's tokens up in the index's vocabulary (:func:`in_vocabulary`), the timeline looks the whole
name up among the words of the documents the clause sheet quotes.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Collection

from assistant.index.lexical import tokenize

# One capitalised word. The word is matched atomically: a nested repeat such as
# ``[A-Z][A-Za-z0-9]*(?:[A-Z][A-Za-z0-9]*)*`` backtracks exponentially on a run of capitals.
_NAME = re.compile(r"(?<![\w'’])([A-Z][A-Za-z0-9]*+)(?!\w)")


# Capitalised words that are never names: the pronoun "I", months and days ("Jan", "October"), and
# currency codes ("is it $100bn in AUD or USD?" asks about the agreement's money, not a new subject).
_NOT_NAMES = frozenset(
    ["I", "Im", "Ive", "Id", "Ill"]
    + ["AUD", "USD", "US", "EUR", "GBP", "CAD", "JPY"]
    + [m for i in range(1, 13) for m in (calendar.month_name[i], calendar.month_abbr[i])]
    + ["Sept"]
    + [d for i in range(7) for d in (calendar.day_name[i], calendar.day_abbr[i])]
)


def unknown_names(text: str, is_known: Callable[[str], bool]) -> list[str]:
    """The capitalised names in ``text`` that ``is_known`` does not know (not its first word, "I", months, days).

    Args:
        text: A question.
        is_known: Whether the sources use a name.

    Returns:
        The unknown names as written.
    """
    return [
        m.group(1)
        for m in _NAME.finditer(text)
        if m.start() > 0 and m.group(1) not in _NOT_NAMES and not is_known(m.group(1))
    ]


def in_vocabulary(vocabulary: Collection[str]) -> Callable[[str], bool]:
    """A name is known when each of its tokens is in ``vocabulary`` (a name of stop words only is known too)."""

    def known(name: str) -> bool:
        tokens = tokenize(name)
        return not tokens or all(t in vocabulary for t in tokens)

    return known
