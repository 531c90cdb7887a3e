"""How an answer reads in a chat window: a badge with its kind and confidence, the text, numbered sources.

Pure functions over :class:`~assistant.models.Answer`; the Gradio app and the transcript export both
use them, so what a reader sees in the browser and in an exported file is the same.
"""

from __future__ import annotations

import html
from typing import Literal

from assistant.models import Answer, Citation

ConfidenceLevel = Literal["high", "medium", "low"]

KIND_TITLES = {"answer": "Answer", "whatif": "What-if verdict", "abstain": "Declined"}
LEVEL_DOTS = {"high": "●●●", "medium": "●●○", "low": "●○○"}
HIGH_CONFIDENCE = 0.8
MEDIUM_CONFIDENCE = 0.5


def confidence_level(confidence: float) -> ConfidenceLevel:
    """``high`` from 0.8, ``medium`` from 0.5, else ``low``."""
    if confidence >= HIGH_CONFIDENCE:
        return "high"
    if confidence >= MEDIUM_CONFIDENCE:
        return "medium"
    return "low"


def badge(answer: Answer) -> str:
    """One line a reader takes in at a glance, e.g. ``**Answer** · ●●● high confidence (93%)``.

    A declined answer states how sure the assistant is that the documents do not cover the question.
    """
    level = confidence_level(answer.confidence)
    percent = f"{answer.confidence:.0%}"
    if answer.kind == "abstain":
        detail = f"not covered by the documents · {LEVEL_DOTS[level]} {level} confidence ({percent})"
    else:
        detail = f"{LEVEL_DOTS[level]} {level} confidence ({percent})"
    model = f" · written by {answer.llm}" if answer.llm else ""
    return f"**{KIND_TITLES[answer.kind]}** · {detail}{model}"


def source_label(number: int, citation: Citation) -> str:
    """``[1] Title (2025-01-21, primary)``: how a source is listed and offered for opening."""
    details = ", ".join(x for x in (citation.date, citation.confidence) if x)
    title = citation.title or citation.source
    return f"[{number}] {title}" + (f" ({details})" if details else "")


def source_choice(number: int, citation: Citation, *, quote_chars: int = 70) -> str:
    """A source as offered for opening: its label and the start of its quote (two quotes of one document differ)."""
    quote = citation.quote if len(citation.quote) <= quote_chars else citation.quote[:quote_chars].rstrip() + "…"
    return f"{source_label(number, citation)}: “{quote}”"


def sources_markdown(citations: list[Citation]) -> str:
    """The numbered source list under an answer, each with its quote."""
    if not citations:
        return ""
    lines = ["**Sources**", ""]
    for number, citation in enumerate(citations, start=1):
        lines.append(f"{number}. {_escape(source_label(number, citation).split('] ', 1)[1])}  ")
        lines.append(f"   “{_escape(citation.quote)}” — `{citation.source}`")
    return "\n".join(lines)


def answer_markdown(answer: Answer, *, with_sources: bool = True) -> str:
    """The full chat message: badge, text, notices and (optionally) the source list."""
    parts = [badge(answer), "", answer.text.strip()]
    if answer.notices:
        parts += ["", *(f"> Note: {_escape(n)}" for n in answer.notices)]
    if with_sources and answer.citations:
        parts += ["", sources_markdown(answer.citations)]
    return "\n".join(parts)


def question_markdown(question: str) -> str:
    """A user's question as chat Markdown: shown as text, never interpreted as HTML or Markdown."""
    return _escape(question)


def _escape(text: str) -> str:
    """Escape HTML and the Markdown characters that would change how text renders."""
    escaped = html.escape(text, quote=False)
    for char in ("\\", "`", "*", "_", "[", "]", "#", "|"):
        escaped = escaped.replace(char, "\\" + char)
    return escaped
