"""Framing documents and questions as data inside a prompt.

Every piece of text that comes from the corpus or from the user goes into the prompt inside a
tag (``<passage>``, ``<question>``, ``<earlier_question>``, ``<turn>``, ``<reading>``) with
``&``, ``<`` and ``>`` escaped, so no text can close its tag and pose as the prompt's own words.
The system message says that text inside the tags is never an instruction.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from assistant.retrieval.hybrid import Hit

MAX_HISTORY_TURNS = 6
MAX_TURN_ANSWER_CHARS = 400


@dataclass(frozen=True)
class Passage:
    """A retrieved passage as the model sees it.

    Attributes:
        number: Its number in the prompt, from 1; the model cites it as ``[number]``.
        source: The document's path relative to the corpus.
        start: Offset of the passage in the document's text.
        text: The passage, verbatim.
        title: The document's title, if known.
        date: The document's date, if known.
    """

    number: int
    source: str
    start: int
    text: str
    title: str | None = None
    date: str | None = None


def passages_from_hits(hits: list[Hit], limit: int) -> list[Passage]:
    """Number the chunks of ``hits`` from 1, at most ``limit`` of them, in order."""
    passages: list[Passage] = []
    for hit in hits[:limit]:
        meta = hit.chunk.metadata
        passages.append(
            Passage(
                number=len(passages) + 1,
                source=str(meta.get("source", "")),
                start=int(meta.get("start", 0)),
                text=hit.chunk.text,
                title=str(meta["title"]) if meta.get("title") else None,
                date=str(meta["date"]) if meta.get("date") else None,
            )
        )
    return passages


def escape(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` so the text cannot open or close a tag."""
    return html.escape(text, quote=False)


def _attribute(value: str) -> str:
    return html.escape(value, quote=True)


def frame_passages(passages: list[Passage]) -> str:
    """The passages as ``<passage number="n" …>text</passage>`` blocks."""
    blocks = []
    for passage in passages:
        attributes = [f'number="{passage.number}"', f'source="{_attribute(passage.source)}"']
        if passage.title:
            attributes.append(f'title="{_attribute(passage.title)}"')
        if passage.date:
            attributes.append(f'date="{_attribute(passage.date)}"')
        blocks.append(f"<passage {' '.join(attributes)}>\n{escape(passage.text)}\n</passage>")
    return "\n".join(blocks) if blocks else "(none)"


def frame_questions(questions: list[str]) -> str:
    """Earlier questions as ``<earlier_question>`` lines, the last :data:`MAX_HISTORY_TURNS`."""
    recent = [q for q in questions if q.strip()][-MAX_HISTORY_TURNS:]
    if not recent:
        return "(none)"
    return "\n".join(f"<earlier_question>{escape(q)}</earlier_question>" for q in recent)


def frame_turns(turns: list[tuple[str, str]]) -> str:
    """Earlier turns as ``<turn>`` blocks with the question and the start of the answer."""
    recent = turns[-MAX_HISTORY_TURNS:]
    if not recent:
        return "(none)"
    blocks = []
    for question, answer in recent:
        short = " ".join(answer.split())
        if len(short) > MAX_TURN_ANSWER_CHARS:
            short = short[:MAX_TURN_ANSWER_CHARS].rsplit(" ", 1)[0] + " …"
        blocks.append(f"<turn>\nQuestion: {escape(question)}\nAnswer: {escape(short)}\n</turn>")
    return "\n".join(blocks)
