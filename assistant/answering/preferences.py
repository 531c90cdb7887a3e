"""Which sentences answer the question a person asked, beyond sharing its words.

Scores rank sentences by meaning and shared words. Some questions say more about the sentence they
want than their words do, and each preference below adds a bonus for it:

- a question that names a value ("27%?", "$500bn?", "2032?") wants the sentences that state it;
- "what happened in Oct 2025?", "jan 2025?" want what the documents dated then say;
- "who wrote this piece?", "what does the article say…?" want the article, or what is said about it.

The bonuses rank sentences for the answer; they never change the scope decision's evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.question.model import Question

VALUE_BONUS = 0.25
DATED_BONUS = 0.2
ARTICLE_BONUS = 0.2
_VALUE = re.compile(r"\d[\d,.]*")
_ABOUT_ARTICLE = re.compile(
    r"\b(?:the|this|that)\s+(?:article|piece|story|post|report)\b|\bauthor\b|\bwho\s+(?:wrote|published)\b", re.I
)


def question_values(question: Question) -> list[str]:
    """The numbers a question names, as the documents write them ("27", "500", "2032")."""
    values = []
    for match in _VALUE.finditer(question.read):
        value = match.group(0).rstrip(".,")
        if value and any(ch.isdigit() for ch in value):
            values.append(value)
    return values


def about_article(question: Question) -> bool:
    """Whether the question is about the article itself: who wrote it, when, what it says."""
    return bool(_ABOUT_ARTICLE.search(question.query))


def bonus(
    question: Question,
    sentence: str,
    source: str,
    document_date: Callable[[str], str | None],
    is_article: Callable[[str], bool],
) -> float:
    """The bonus one sentence earns for what the question wants.

    Args:
        question: The question, read.
        sentence: The sentence.
        source: Its document.
        document_date: A document's date as written in its metadata ("2025-10-28", "2025-01").
        is_article: Whether a document is the user's primary article.
    """
    total = 0.0
    values = question_values(question)
    if values and any(re.search(rf"(?<![\d.,]){re.escape(v)}(?![\d])", sentence) for v in values):
        total += VALUE_BONUS
    day = question.time.date
    if question.time.kind == "date" and day is not None and question.answer_type in ("other", "definition"):
        width = {"day": 10, "month": 7, "year": 4}[question.time.precision]
        if (document_date(source) or "")[:width] == day.isoformat()[:width]:
            total += DATED_BONUS
    if about_article(question) and (is_article(source) or "article" in sentence.lower()):
        total += ARTICLE_BONUS
    return total
