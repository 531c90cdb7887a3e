"""The retrieval query of a follow-up question, from earlier turns, without a language model.

"And what about the API?" says little on its own. When a question looks like a follow-up
(it starts with a connective such as "and" or "what about", or it is short and leans on
a pronoun), the retrieval query becomes the previous turn's resolved question followed by
this one, so retrieval sees the topic and the new focus together.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.index.lexical import tokenize

_CONNECTIVE = re.compile(
    r"^\s*(?:and|but|also|so|then|what about|how about|what of|same (?:for|question)|"
    r"and what|and how|and who|and when|and if|or)\b",
    re.IGNORECASE,
)
_PRONOUNS = frozenset("it its it's that this they them their those these there he she his her".split())
_WORD = re.compile(r"[a-z']+")
MAX_QUERY_CHARS = 1000


def is_followup(question: str) -> bool:
    """Whether ``question`` leans on an earlier turn for its topic."""
    if _CONNECTIVE.match(question):
        return True
    words = _WORD.findall(question.lower())
    return len(tokenize(question)) <= 3 and any(w in _PRONOUNS for w in words)


def resolve_query(
    question: str, turns: list[tuple[str, str]] | None, leans: Callable[[str], bool] = is_followup
) -> str:
    """The retrieval query for ``question`` given earlier ``(question, answer)`` turns.

    Args:
        question: The new question.
        turns: Earlier turns of the conversation, oldest first.
        leans: Whether a question leans on the turn before it (:func:`is_followup` by default).

    Returns:
        ``question`` itself, or for a follow-up the previous turn's resolved question
        followed by ``question`` (bounded in length).
    """
    if not turns or not leans(question):
        return question
    previous = resolve_query(turns[-1][0], turns[:-1], leans)
    combined = f"{previous} {question}"
    return combined[-MAX_QUERY_CHARS:]
