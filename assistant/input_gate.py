"""The one gate for everything a caller controls: the question, each earlier turn, and the terms.

Nothing a caller sends reaches a parser before it has passed here: types are checked, lengths are
bounded (each turn, the number of turns and the whole history), lone surrogates and control
characters are removed and the text is normalised. What cannot be used becomes a message for the
user (``problem``) or a notice, never an exception. Values that are repeated back to the user go
through :func:`echo`, which cuts and escapes them.

The scenario fields of the form and ``/evaluate_scenario`` are gated by their own pydantic model
(:class:`assistant.web.scenario_form.ScenarioFields`), with the same limits.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.messages import messages
from assistant.user_text import clean_text, echo

if TYPE_CHECKING:
    from assistant.settings import Settings

#: Longest terms value looked at: a version id or an ISO date is ten characters.
MAX_TERMS_CHARS = 40


@dataclass(frozen=True)
class Limits:
    """How much of each input is accepted.

    Attributes:
        question_chars: Longest question (and longest question of an earlier turn).
        history_turns: Most earlier turns kept (the most recent ones).
        answer_chars: Longest answer text of an earlier turn kept (longer ones are cut).
        history_chars: Most characters of history kept in all (the most recent turns that fit).
    """

    question_chars: int = 2000
    history_turns: int = 20
    answer_chars: int = 8000
    history_chars: int = 60000

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        """The limits ``settings`` sets (``max_question_chars``, ``max_history_*``)."""
        return cls(
            question_chars=settings.max_question_chars,
            history_turns=settings.max_history_turns,
            answer_chars=settings.max_history_answer_chars,
            history_chars=settings.max_history_chars,
        )


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


@dataclass
class Request:
    """A question with its history and terms, every part checked.

    Attributes:
        question: The cleaned question.
        history: The usable earlier turns, ``(question, answer_text)``, oldest first.
        terms: The terms as given (stripped), known to name a version; ``None`` for the default.
        problem: A message for the user when the request cannot be answered as it is.
        notices: Notices to pass on with the answer (a left-out turn, a question not in English).
    """

    question: str
    history: list[tuple[str, str]] = field(default_factory=list)
    terms: str | None = None
    problem: str | None = None
    notices: list[str] = field(default_factory=list)


def _as_text(raw: object) -> str | None:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bytes | bytearray):
        return bytes(raw).decode("utf-8", "replace")
    return None


def check_question(raw: object, *, max_chars: int) -> CheckedQuestion:
    """Clean ``raw`` and say whether it can be answered.

    Args:
        raw: Whatever the caller passed as the question.
        max_chars: Longest question accepted.

    Returns:
        The cleaned question, with ``problem`` set when it is empty, too long or has no words.
    """
    text_in = _as_text(raw) or ""
    if len(text_in) > max_chars * 4:
        # Do not spend time cleaning a huge paste only to refuse it.
        return CheckedQuestion("", messages().too_long.format(length=len(text_in), limit=max_chars))
    text = clean_text(text_in)
    if not text:
        return CheckedQuestion("", messages().empty_question)
    if len(text) > max_chars:
        return CheckedQuestion(text[:200], messages().too_long.format(length=len(text), limit=max_chars))
    letters = [ch for ch in text if ch.isalpha()]
    if not letters and not any(ch.isdigit() for ch in text):
        return CheckedQuestion(text, messages().no_words)  # a bare "27%?" or "2032?" is a question
    notices = []
    latin = sum(1 for ch in letters if ch.isascii() or "LATIN" in unicodedata.name(ch, ""))
    if latin < len(letters) / 2:
        notices.append(messages().not_english)
    return CheckedQuestion(text, None, notices)


def check_history(raw: object, limits: Limits) -> tuple[list[tuple[str, str]], list[str]]:
    """The usable earlier turns of ``raw``, oldest first, and notices about what was left out.

    A turn is a pair ``(question, answer_text)``. A turn of another shape or type, or whose
    question could not have been answered (empty, too long, no words), is left out; an answer
    text longer than ``limits.answer_chars`` is cut. Of the rest, the most recent
    ``limits.history_turns`` turns that fit in ``limits.history_chars`` are kept.
    """
    if not isinstance(raw, list | tuple):
        return [], []
    # Look at no more than twice the turns kept: a history of a million turns costs nothing.
    candidates = list(raw[-2 * limits.history_turns :])
    kept: list[tuple[str, str]] = []
    dropped = len(raw) - len(candidates)
    total = 0
    for turn in reversed(candidates):
        if len(kept) == limits.history_turns:
            dropped += 1
            continue
        pair = _turn(turn, limits)
        if pair is None:
            dropped += 1
            continue
        size = len(pair[0]) + len(pair[1])
        if total + size > limits.history_chars:
            dropped += 1
            continue
        total += size
        kept.append(pair)
    kept.reverse()
    notices = [messages().history_dropped.format(count=dropped)] if dropped else []
    return kept, notices


def _turn(turn: object, limits: Limits) -> tuple[str, str] | None:
    if not isinstance(turn, list | tuple) or len(turn) != 2:
        return None
    question, answer = (_as_text(part) if part is not None else "" for part in turn)
    if question is None or answer is None:
        return None
    checked = check_question(question, max_chars=limits.question_chars)
    if checked.problem:
        return None
    answer = clean_text(answer[: limits.answer_chars * 2], keep_lines=True)[: limits.answer_chars]
    return checked.text, answer


def check_terms(raw: object) -> tuple[str | None, str | None]:
    """The terms as given when they name a version (or a date some version covers), else a message.

    Returns:
        ``(terms, None)`` with ``terms`` stripped (``None`` for the default), or ``(None, problem)``.
    """
    from assistant.agreement.clauses import bundled_sheet
    from assistant.agreement.sheet import UnknownTermsError

    if raw is None:
        return None, None
    terms: object = raw
    if isinstance(raw, str):
        terms = raw.strip()
        if not terms:
            return None, None
        if len(raw) > MAX_TERMS_CHARS:
            return None, messages().bad_terms.format(terms=echo(terms))
    try:
        bundled_sheet().resolve(terms)
    except UnknownTermsError as exc:
        return None, f"I can't answer under those terms: {exc}."
    return str(terms), None


def check_request(question: object, history: object, terms: object, limits: Limits) -> Request:
    """Check every part of one request to :meth:`assistant.api.Assistant.answer`.

    Args:
        question: The question as the caller passed it.
        history: Earlier turns as ``(question, answer_text)`` pairs, oldest first.
        terms: A terms version id, an ISO date, or ``None``.
        limits: How much of each part is accepted.

    Returns:
        The :class:`Request`; ``problem`` says what the user must change when it cannot be answered.
    """
    checked = check_question(question, max_chars=limits.question_chars)
    if checked.problem:
        return Request(checked.text, problem=checked.problem, notices=checked.notices)
    terms_value, terms_problem = check_terms(terms)
    if terms_problem:
        return Request(checked.text, problem=terms_problem, notices=checked.notices)
    turns, notices = check_history(history, limits)
    return Request(checked.text, turns, terms_value, None, [*checked.notices, *notices])
