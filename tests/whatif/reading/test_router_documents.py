"""Questions about what a document or a dated version says go to retrieval; suppositions stay with the evaluator."""

from __future__ import annotations

import datetime

import pytest

from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.whatif.reading.question_parser import parse_question
from assistant.whatif.reading.router import route
from assistant.whatif.respond import respond

LOCATE = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000).cite

TODAY = datetime.date(2026, 11, 26)


@pytest.mark.parametrize(
    "question",
    [
        "According to the article, until what year does Microsoft keep exclusivity over OpenAI's APIs?",
        "Per the article, which arrangements besides access to OpenAI's IP remain intact until 2030?",
        "According to the article, what would Microsoft lose if OpenAI attains AGI?",
        "Under the October 2025 agreement, when do Microsoft's rights to OpenAI's research IP end?",
        "Under the April 2026 amendment, until what year does OpenAI keep paying Microsoft a revenue share?",
        "Which Microsoft product is an example of where it can use OpenAI's IP under the January 2025 terms?",
        "On what date was Microsoft's right of first refusal on OpenAI compute removed?",
        "When was the right of first refusal removed?",
        "who decides when agi has been reached",
        "What is the name of the profit test WIRED reported, which asks whether a model could earn over $100 billion?",
    ],
)
def test_questions_about_documents_go_to_retrieval(question: str) -> None:
    assert route(parse_question(question, TODAY)) is None


@pytest.mark.parametrize(
    ("question", "hint"),
    [
        ("Under the October 2025 agreement, when do the rights end?", "2025-10"),
        ("What changed in the 27 April 2026 amendment?", "2026-04"),
        ("What did the January 2025 terms say?", "2025-01"),
        ("What did the 2025 restructuring change?", None),  # a year alone names no single version
    ],
)
def test_a_named_version_is_a_terms_hint_not_a_date(question: str, hint: str | None) -> None:
    parsed = parse_question(question, TODAY)
    assert parsed.terms_hint == hint
    assert "event_date" not in parsed.facts


def test_asking_whether_agi_is_reached_does_not_suppose_it() -> None:
    parsed = parse_question("Is AGI reached if OpenAI makes $150 billion in 2027?", TODAY)
    assert "agi_declared" not in parsed.facts
    assert parsed.focus == ["agi_reached"]
    question = "Is AGI reached if OpenAI makes $150 billion in 2027?"
    response = respond(question, [], terms="2025-01", today=TODAY, locate=LOCATE)
    assert response is not None and response.verdict is not None
    assert response.verdict.outcomes["agi_reached"] is True  # by the profit test, not by a supposed declaration


def test_a_supposition_naming_a_version_is_evaluated_under_it() -> None:
    question = "What if AGI is declared and verified by the panel in 2028 under the October 2025 agreement?"
    response = respond(question, [], today=TODAY, locate=LOCATE)
    assert response is not None and response.verdict is not None
    assert response.verdict.terms == "2025-10"
    assert response.verdict.outcomes["agi_reached"] is True
    assert response.verdict.outcomes["microsoft_ip_access"] is True  # IP rights include post-AGI models until 2032


def test_an_explicit_terms_argument_wins_over_the_hint() -> None:
    question = "What if AGI is declared in 2028 under the October 2025 agreement?"
    response = respond(question, [], terms="2025-01", today=TODAY, locate=LOCATE)
    assert response is not None and response.verdict is not None
    assert response.verdict.terms == "2025-01"


def test_a_follow_up_can_switch_to_a_named_version() -> None:
    first = "What if OpenAI makes $150 billion profit in 2027: does Microsoft keep IP access?"
    response = respond("And under the October 2025 agreement?", [first], today=TODAY, locate=LOCATE)
    assert response is not None and response.verdict is not None
    assert response.verdict.terms == "2025-10"
    assert response.verdict.outcomes["microsoft_ip_access"] is True  # profit plays no part from October 2025


@pytest.mark.parametrize(
    ("question", "agi_reached"),
    [
        ("What if OpenAI's profit hits exactly US$100 billion in 2027? Is AGI reached?", True),
        ("Suppose OpenAI makes zero profit in 2027. Is AGI reached?", False),
        ("If OpenAI's profit reaches US$99.9 billion in 2027, is AGI reached?", None),  # between the two readings
    ],
)
def test_is_agi_reached_after_a_supposition_asks_rather_than_supposes(question: str, agi_reached: bool | None) -> None:
    assert "agi_declared" not in parse_question(question, TODAY).facts
    response = respond(question, [], terms="2025-01", today=TODAY, locate=LOCATE)
    assert response is not None and response.verdict is not None
    assert response.verdict.outcomes["agi_reached"] is agi_reached


def test_has_not_been_declared_is_a_denial_not_a_contradiction() -> None:
    parsed = parse_question(
        "If AGI has not been declared by 2029, does Microsoft keep its access to OpenAI's IP?", TODAY
    )
    assert parsed.problems == [] and parsed.facts["agi_declared"] is False
