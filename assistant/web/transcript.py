"""Exporting a conversation, with every answer's citations, as a Markdown file."""

from __future__ import annotations

import datetime as dt

from assistant.models import Answer
from assistant.web.answer_view import answer_markdown, question_markdown


def conversation_markdown(turns: list[tuple[str, Answer]], *, exported_at: dt.datetime | None = None) -> str:
    """The conversation as Markdown: each question, its answer with badge and numbered sources.

    Args:
        turns: ``(question, answer)`` pairs, oldest first.
        exported_at: Time stamp written in the header; defaults to now (UTC).

    Returns:
        A Markdown document a reader can check without the app: every quote is listed with its file.
    """
    when = (exported_at or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# Conversation with the agreement assistant", "", f"Exported {when}.", ""]
    if not turns:
        lines.append("_No questions were asked._")
    for number, (question, answer) in enumerate(turns, start=1):
        lines += [f"## {number}. {question_markdown(question)}", "", answer_markdown(answer), ""]
    return "\n".join(lines).rstrip() + "\n"
