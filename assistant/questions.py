"""Cleaning and checking a question before anything else sees it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from assistant.messages import messages

_ALLOWED_CONTROLS = {"\n", "\t"}


@dataclass
class CheckedQuestion:
    """A question after cleaning.

    Attributes:
        text: The cleaned question (control characters and lone surrogates removed,
            white space collapsed, Unicode normalised to NFC).
        problem: A message for the user when the question cannot be answered as it is.
        notices: Notices to pass on with the answer.
    """

    text: str
    problem: str | None = None
    notices: list[str] = field(default_factory=list)


def _clean(raw: str) -> str:
    # Lone surrogates cannot be encoded; replace them rather than fail later.
    raw = raw.encode("utf-8", "replace").decode("utf-8")
    kept = [ch if (unicodedata.category(ch)[0] != "C" or ch in _ALLOWED_CONTROLS) else " " for ch in raw]
    text = unicodedata.normalize("NFC", "".join(kept))
    return " ".join(text.split())


def check_question(raw: object, *, max_chars: int) -> CheckedQuestion:
    """Clean ``raw`` and say whether it can be answered.

    Args:
        raw: Whatever the caller passed as the question.
        max_chars: Longest question accepted.

    Returns:
        The cleaned question, with ``problem`` set when it is empty, too long or has no words.
    """
    text_in = raw if isinstance(raw, str) else ""
    if isinstance(raw, bytes):
        text_in = raw.decode("utf-8", "replace")
    if len(text_in) > max_chars * 4:
        # Do not spend time cleaning a huge paste only to refuse it.
        return CheckedQuestion("", messages().too_long.format(length=len(text_in), limit=max_chars))
    text = _clean(text_in)
    if not text:
        return CheckedQuestion("", messages().empty_question)
    if len(text) > max_chars:
        return CheckedQuestion(text[:200], messages().too_long.format(length=len(text), limit=max_chars))
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return CheckedQuestion(text, messages().no_words)
    notices = []
    latin = sum(1 for ch in letters if ch.isascii() or "LATIN" in unicodedata.name(ch, ""))
    if latin < len(letters) / 2:
        notices.append(messages().not_english)
    return CheckedQuestion(text, None, notices)
