"""The answer contract shared by scripts, the CLI, the UI and the eval runner."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

AnswerKind = Literal["answer", "whatif", "abstain"]


class Citation(BaseModel):
    """A verbatim quote from one corpus document.

    Attributes:
        source: The document's path relative to ``corpus/`` (POSIX separators).
        quote: An exact substring of that document's text.
        start: Character offset of the quote in the document's text.
        end: Character offset just past the quote.
        title: The document's title, for display.
        publisher: Who published the document (from its metadata), when known.
        date: The document's date as written in its metadata (ISO ``YYYY-MM-DD`` or ``YYYY-MM``).
        url: Where the document was published, when known.
        confidence: The document's confidence mark (``primary``, ``reported``, ``contested``), if any.
    """

    source: str
    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    confidence: str | None = None


class Answer(BaseModel):
    """What :func:`assistant.answer` returns.

    Attributes:
        kind: ``"answer"`` (grounded), ``"whatif"`` (clause evaluator) or ``"abstain"`` (declined).
        text: Markdown, with citation markers like ``[1]`` after the claims they support.
        citations: Quotes in marker order: ``[1]`` is ``citations[0]``.
        confidence: In [0, 1]; see ``docs/answering.md`` ("Declining, and how confidence is derived").
        verdict: The clause evaluator's verdict for what-if questions, else ``None``.
        llm: The model that wrote the text, ``None`` when offline.
        notices: One-line, user-facing notices (index rebuilt, question truncated, ...).
        question: The question as received, after cleaning.
        retrieval_query: The query actually used for retrieval (differs for follow-ups).
    """

    kind: AnswerKind
    text: str
    citations: list[Citation] = Field(default_factory=list)
    confidence: float = Field(ge=0.0, le=1.0)
    verdict: Any | None = None
    llm: str | None = None
    notices: list[str] = Field(default_factory=list)
    question: str = ""
    retrieval_query: str | None = None
