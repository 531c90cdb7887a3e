"""The answer contract shared by scripts, the CLI, the UI and the eval runner."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.citation import Citation
from assistant.whatif.engine.verdict import Verdict

AnswerKind = Literal["answer", "whatif", "abstain"]

__all__ = ["Answer", "AnswerKind", "Citation"]


class Answer(BaseModel):
    """What :func:`assistant.answer` returns.

    Attributes:
        kind: ``"answer"`` (grounded), ``"whatif"`` (clause evaluator) or ``"abstain"`` (declined).
        text: Markdown, with citation markers like ``[1]`` after the claims they support. Its first
            sentence is :attr:`summary` when there is one.
        summary: The answer in one sentence, the first of ``text``: Markdown with the answering span
            in bold and its citation marker (``"**2030** — … [1]"``); ``None`` for a decline.
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
    summary: str | None = None
    citations: list[Citation] = Field(default_factory=list)
    confidence: float = Field(ge=0.0, le=1.0)
    verdict: Verdict | None = None
    llm: str | None = None
    notices: list[str] = Field(default_factory=list)
    question: str = ""
    retrieval_query: str | None = None
