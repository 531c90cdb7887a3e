"""Follow-ups that only move the time: "and in 2026?", "what about after the April 2026 amendment?".

After "does microsoft have exclusivity?", "and in 2026?" asks the same question of 2026. Read on its own it
has no subject, and retrieval for it answered with whatever 2026 sentence came first (a "Yes" over "OpenAI
may sell all of its products on any cloud"). :func:`restate_with_time` gives it back its question:
"does microsoft have exclusivity in 2026?", which is then read like any question that names a time.
"""

from __future__ import annotations

import datetime as dt
import re

from assistant.agreement.versions import named_versions
from assistant.question.answer_type import answer_type
from assistant.whatif.reading.dates_text import find_dates

_I = re.IGNORECASE
#: What opens a follow-up without saying anything: "and", "what about", "ok so"…
_CONNECTIVE = re.compile(
    r"^\s*(?:(?:and|but|so|ok|okay|then|what\s+about|how\s+about|same\s+for|what\s+if\s+it(?:'|’)?s)\b[\s,]*)+",
    _I,
)
#: Words that may stand around a time without asking anything of their own ("after the April 2026 amendment").
_AROUND_TIME = re.compile(
    r"\b(?:in|on|since|after|before|by|as\s+of|from|until|till|under|at|during|the|of|its|their|terms"
    r"|amendment|agreement|deal|statement|contract|version|back|then)\b",
    _I,
)
#: A preposition just before a time, taken away with it when the earlier question's own time is replaced.
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:according to|in|on|since|after|before|by|as of|from|until|till|under|at|during) ?(?:the )?$", _I
)
_STARTS_WITH_PREPOSITION = re.compile(r"^(?:in|on|since|after|before|by|as\s+of|from|until|till|under|at|during)\b", _I)


def _time_spans(text: str, today: dt.date) -> list[tuple[int, int]]:
    """Where ``text`` names a date or a terms version ("October 2025", "the definitive agreement")."""
    spans = [(m.start, m.end) for m in find_dates(text, today) if m.date is not None and m.error is None]
    for _, version in named_versions(text):
        for alias in version.info.aliases:
            spans += [(m.start(), m.end()) for m in re.finditer(alias, text, _I)]
    return sorted(spans)


def _time_only(text: str, today: dt.date) -> str | None:
    """The time a follow-up names when it names nothing else ("after the April 2026 amendment"), else ``None``.

    A bare date ("2030?") is no such follow-up: after "how long does it last?" it checks the answer.
    """
    rest = _CONNECTIVE.sub("", text).strip(" ?!.,")
    spans = _time_spans(rest, today)
    if not rest or not spans or (rest == text.strip(" ?!.,") and not _STARTS_WITH_PREPOSITION.match(rest)):
        return None
    left = list(rest)
    for start, end in spans:
        left[start:end] = [" "] * (end - start)
    if re.search(r"\w", _AROUND_TIME.sub(" ", "".join(left))):
        return None
    return rest if _STARTS_WITH_PREPOSITION.match(rest) else f"in {rest}"


def _without_time(question: str, today: dt.date) -> str:
    """``question`` with the dates and versions it names taken out, with their prepositions."""
    text = " ".join(question.split())  # single spaces: the preposition's pattern then has one way to match
    for start, end in reversed(_time_spans(text, today)):
        head = _PREPOSITION_BEFORE.sub("", text[:start].rstrip()).rstrip()
        text = f"{head} {text[end:].lstrip()}"
    return " ".join(text.split())


def restate_with_time(question: str, earlier: list[str], today: dt.date) -> str | None:
    """The question a follow-up that only names a time asks, or ``None`` when it is not one.

    Args:
        question: The follow-up, in the documents' words ("and in 2026?").
        earlier: The earlier questions, oldest first, in the documents' words.
        today: For relative dates.

    Returns:
        The last earlier question that asks something, with its own time replaced by the follow-up's
        ("does microsoft have exclusivity in 2026?"); ``None`` when the follow-up says more than a time
        or no earlier question asks anything.
    """
    when = _time_only(" ".join(question.split()), today)
    if when is None:
        return None
    base = next((q for q in reversed(earlier) if _time_only(" ".join(q.split()), today) is None), None)
    if base is None or answer_type(base) == "date":
        return None  # "until when does it last?" — "and since october 2025?" asks what changed then, not a date of then
    stem = _without_time(base, today).rstrip(" ?!.,;:")
    return f"{stem} {when}?" if stem else None
