from __future__ import annotations

import pytest

from assistant.models import Answer, Citation
from assistant.web.answer_view import (
    answer_markdown,
    badge,
    confidence_level,
    question_markdown,
    source_choice,
    source_label,
    sources_markdown,
)

CITE = Citation(
    source="notes/x.md",
    quote="Microsoft holds a right of first refusal.",
    start=0,
    end=41,
    title="A note",
    date="2025-01-21",
    confidence="primary",
)


@pytest.mark.parametrize(
    ("value", "level"), [(0.95, "high"), (0.8, "high"), (0.79, "medium"), (0.5, "medium"), (0.49, "low")]
)
def test_confidence_levels_have_fixed_boundaries(value: float, level: str) -> None:
    assert confidence_level(value) == level


def test_badge_names_kind_level_and_percentage() -> None:
    assert badge(Answer(kind="answer", text="x", confidence=0.93)) == "**Answer** · ●●● high confidence (93%)"
    assert badge(Answer(kind="whatif", text="x", confidence=0.6)).startswith("**What-if verdict** · ●●○ medium")
    declined = badge(Answer(kind="abstain", text="x", confidence=0.2))
    assert declined.startswith("**Declined** · not covered by the documents · ●○○ low confidence (20%)")
    assert badge(Answer(kind="answer", text="x", confidence=0.9, llm="openai:gpt-4o-mini")).endswith(
        "· written by openai:gpt-4o-mini"
    )


def test_source_label_and_choice() -> None:
    assert source_label(2, CITE) == "[2] A note (2025-01-21, primary)"
    assert source_choice(2, CITE) == "[2] A note (2025-01-21, primary): “Microsoft holds a right of first refusal.”"
    long = CITE.model_copy(update={"quote": "word " * 40})
    assert source_choice(1, long).endswith("…”")
    untitled = CITE.model_copy(update={"title": None, "date": None, "confidence": None})
    assert source_label(1, untitled) == "[1] notes/x.md"


def test_answer_markdown_has_badge_text_notices_and_numbered_sources() -> None:
    answer = Answer(kind="answer", text="Yes. [1]", confidence=0.9, citations=[CITE], notices=["Index rebuilt."])
    text = answer_markdown(answer)
    lines = text.splitlines()
    assert lines[0].startswith("**Answer**")
    assert "Yes. [1]" in lines
    assert "> Note: Index rebuilt." in lines
    assert "1. A note (2025-01-21, primary)  " in lines
    assert "“Microsoft holds a right of first refusal.” — `notes/x.md`" in text
    assert "**Sources**" not in answer_markdown(answer, with_sources=False)
    assert sources_markdown([]) == ""


def test_question_markdown_shows_markup_as_text() -> None:
    shown = question_markdown("<script>alert(1)</script> **bold** [x](javascript:alert(1))")
    assert "<script>" not in shown
    assert "&lt;script&gt;" in shown
    assert "\\*\\*bold\\*\\*" in shown
    assert "\\[x\\]" in shown
