from __future__ import annotations

import pytest

from assistant.messages import messages
from assistant.models import Answer, Citation
from assistant.web.answer_view import (
    SUMMARY_CLASS,
    answer_markdown,
    badge,
    chat_markdown,
    confidence_level,
    decline_suggestions,
    display_date,
    own_citations,
    question_markdown,
    quoted,
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
    assert badge(Answer(kind="answer", text="x", confidence=0.9, llm="openai:gpt-4o-mini")).endswith(
        "· written by openai:gpt-4o-mini"
    )


def test_an_answer_the_documents_give_only_indirectly_says_so_not_high_confidence() -> None:
    hedged = Answer(
        kind="answer",
        text="x",
        summary=f"{messages().weak_evidence} Stargate will deploy $100 billion immediately [1].",
        confidence=0.94,
    )
    assert badge(hedged) == "**Answer** · ●○○ indirect: the documents don't say this directly"
    supposed = hedged.model_copy(update={"summary": f"{messages().no_clause_for_supposition} Something [1]."})
    assert "high confidence" not in badge(supposed) and "indirect" in badge(supposed)


def test_a_decline_says_why_without_a_percentage() -> None:
    uncovered = Answer(kind="abstain", text=messages().abstain, confidence=1.0)
    assert badge(uncovered) == "**Not covered by the documents**"
    stopped = Answer(kind="abstain", text="This question took too long to answer.", confidence=1.0)
    assert badge(stopped) == "**Declined**"


def test_source_label_and_choice() -> None:
    assert source_label(2, CITE) == "[2] A note · 21 Jan 2025"
    assert source_choice(2, CITE) == "[2] A note · 21 Jan 2025\n“Microsoft holds a right of first refusal.”"
    contested = CITE.model_copy(update={"confidence": "contested", "date": "2025-01"})
    assert source_label(1, contested) == "[1] A note · Jan 2025 · contested"
    long = CITE.model_copy(update={"quote": "word " * 80})
    assert source_choice(1, long).endswith("…”")
    untitled = CITE.model_copy(update={"title": None, "date": None, "confidence": None})
    assert source_label(1, untitled) == "[1] notes/x.md"


def test_a_label_skips_the_opening_its_note_repeats_and_never_doubles_quote_marks() -> None:
    lead = "Under the Microsoft-OpenAI definitive agreement of 28 October 2025,"
    cite = CITE.model_copy(update={"quote": f"{lead} the right of first refusal was removed."})
    assert source_choice(1, cite, lead).endswith("\n“The right of first refusal was removed.”")
    spoken = CITE.model_copy(update={"quote": "“The OpenAI API is exclusive to Azure,” Microsoft wrote."})
    assert "““" not in source_choice(1, spoken)
    assert quoted("plain") == "“plain”" and quoted("“already”") == "“already”"


def test_dates_read_as_people_write_them() -> None:
    assert [display_date(d) for d in ("2025-10-28", "2025-01", "2025", None)] == ["28 Oct 2025", "Jan 2025", "2025", ""]


def test_own_citations_leave_the_caveats_sources_for_later() -> None:
    cites = [CITE.model_copy(update={"start": n}) for n in range(4)]
    text = "**Yes** [1].\n\n- *Note* (…): quote [2]\n\nChanged on 28 Oct 2025: removed [2][3]\n\nChanged on …: [4]"
    answer = Answer(kind="answer", text=text, confidence=0.9, citations=cites)
    assert own_citations(answer) == [0, 1]
    assert own_citations(Answer(kind="answer", text="No markers.", confidence=0.9, citations=cites)) == [0]
    assert own_citations(Answer(kind="abstain", text="x", confidence=0.9)) == []


def test_chat_markdown_has_the_summary_first_and_lists_no_sources() -> None:
    summary = "**Microsoft** holds it [1]."
    answer = Answer(
        kind="answer",
        text=f"{summary}\n\n- *A note*: more [1]",
        summary=summary,
        confidence=0.9,
        citations=[CITE],
        notices=["Index rebuilt."],
    )
    text = chat_markdown(answer)
    assert text.startswith("**Answer**")
    assert f'<div class="{SUMMARY_CLASS}">\n\n{summary}\n\n</div>' in text
    assert "- *A note*: more [1]" in text and "> Note: Index rebuilt." in text
    assert "Sources" not in text and CITE.source not in text


def test_a_decline_s_example_questions_become_suggestions() -> None:
    fixed = messages()
    text = f"{fixed.abstain}\n\n{fixed.abstain_examples_intro}\n- Who funds Stargate?\n- What is the AGI clause?"
    answer = Answer(kind="abstain", text=text, confidence=1.0)
    rest, questions = decline_suggestions(answer)
    assert questions == ["Who funds Stargate?", "What is the AGI clause?"]
    assert "Who funds Stargate?" not in rest and rest.endswith(fixed.abstain_examples_intro)
    assert "Who funds Stargate?" not in chat_markdown(answer)


def test_answer_markdown_has_badge_text_notices_and_numbered_sources() -> None:
    answer = Answer(kind="answer", text="Yes. [1]", confidence=0.9, citations=[CITE], notices=["Index rebuilt."])
    text = answer_markdown(answer)
    lines = text.splitlines()
    assert lines[0].startswith("**Answer**")
    assert "Yes. [1]" in lines
    assert "> Note: Index rebuilt." in lines
    assert "1. A note · 21 Jan 2025  " in lines
    assert "“Microsoft holds a right of first refusal.” — `notes/x.md`" in text
    assert "**Sources**" not in answer_markdown(answer, with_sources=False)
    assert sources_markdown([]) == ""


def test_question_markdown_shows_markup_as_text() -> None:
    shown = question_markdown("<script>alert(1)</script> **bold** [x](javascript:alert(1))")
    assert "<script>" not in shown
    assert "&lt;script&gt;" in shown
    assert "\\*\\*bold\\*\\*" in shown
    assert "\\[x\\]" in shown
