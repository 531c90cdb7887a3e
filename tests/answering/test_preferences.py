from __future__ import annotations

import datetime as dt

from assistant.answering.preferences import (
    ARTICLE_BONUS,
    DATED_BONUS,
    VALUE_BONUS,
    about_article,
    bonus,
    question_values,
)
from assistant.question.model import Question, TimeRef


def question(read: str, **fields: object) -> Question:
    return Question(text=read, read=read, query=read, **fields)  # type: ignore[arg-type]


def dates(source: str) -> str | None:
    return {"notes/oct.md": "2025-10-28", "notes/jan.md": "2025-01-21"}.get(source)


def article(source: str) -> bool:
    return source == "article.txt"


def test_a_sentence_that_states_the_value_asked_about() -> None:
    asked = question("27%?")
    assert question_values(asked) == ["27"]
    assert bonus(asked, "The stake is about 27%.", "notes/oct.md", dates, article) == VALUE_BONUS
    assert bonus(asked, "The stake is about 127%.", "notes/oct.md", dates, article) == 0.0


def test_what_the_documents_of_the_month_asked_about_say() -> None:
    asked = question("what happened in October 2025?", time=TimeRef("date", dt.date(2025, 10, 1), "month"))
    assert bonus(asked, "Something happened.", "notes/oct.md", dates, article) == DATED_BONUS
    assert bonus(asked, "Something happened.", "notes/jan.md", dates, article) == 0.0


def test_a_question_about_the_article_itself() -> None:
    asked = question("who wrote this piece")
    assert about_article(asked)
    assert bonus(asked, "HARNIS specialises in AI.", "article.txt", dates, article) == ARTICLE_BONUS
    assert bonus(asked, "Stargate is a venture.", "notes/jan.md", dates, article) == 0.0
    assert not about_article(question("who has the right of first refusal"))
