from __future__ import annotations

import datetime

import pytest

from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.whatif.reading.question_parser import parse_question
from assistant.whatif.reading.router import route
from assistant.whatif.respond import respond

LOCATE = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000).cite

TODAY = datetime.date(2026, 5, 10)


@pytest.mark.parametrize(
    "question",
    [
        "What if OpenAI makes $150 billion in profit in 2027: does Microsoft keep access to its technology?",
        "If Microsoft can't meet a new capacity request for training, can OpenAI go to Oracle?",
        "After 2030, is the API still exclusive to Azure?",
        "What if AGI is declared next year?",
        "Suppose Azure is full; can OpenAI use CoreWeave for research?",
        "What happens to revenue sharing after 2030?",
        "If OpenAI earns A$170 billion, is that AGI?",
    ],
)
def test_hypotheticals_with_facts_go_to_the_evaluator(question: str) -> None:
    assert route(parse_question(question, TODAY)) == "whatif"


@pytest.mark.parametrize(
    "question",
    [
        "What is the lowest profit that would trigger the AGI clause?",
        "If nothing else changes, from which year is the API no longer exclusive?",
        "When does Microsoft lose its right of first refusal if OpenAI never declares AGI?",
    ],
)
def test_inverse_questions_go_to_the_evaluator(question: str) -> None:
    assert route(parse_question(question, TODAY)) == "inverse"


@pytest.mark.parametrize(
    "question",
    ["From which year is the API no longer exclusive?", "When does Microsoft lose its right of first refusal?"],
)
def test_when_a_right_ends_without_a_scenario_is_for_retrieval(question: str) -> None:
    # The agreement's real dates changed with later terms: retrieval answers, with its "Changed on" lines
    # (issue 14); the same question inside a scenario stays an inverse one.
    assert route(parse_question(question, TODAY)) is None


@pytest.mark.parametrize(
    "question",
    [
        "How is AGI defined?",
        "Who has the right of first refusal?",
        "Who has the right of first refusal on OpenAI's new cloud capacity?",
        "What is Stargate?",
        "Does Microsoft still have a right of first refusal?",
        "Is the OpenAI API exclusive to Azure?",
        "Who funds Stargate with $500 billion?",
        "What did Microsoft say in January 2025 about the right of first refusal?",
        "What does the AGI clause say?",
        "When was Stargate announced?",
        "Can OpenAI use Oracle?",
        "",
    ],
)
def test_general_questions_go_to_retrieval(question: str) -> None:
    assert route(parse_question(question, TODAY)) is None
    assert respond(question, today=TODAY, locate=LOCATE) is None


def test_follow_ups_need_an_earlier_what_if() -> None:
    parsed = parse_question("And the API in that case?", TODAY)
    assert route(parsed, has_prior_scenario=False) is None
    assert route(parsed, has_prior_scenario=True) == "followup"
    assert route(parse_question("And how is AGI defined?", TODAY), has_prior_scenario=True) is None


def test_impossible_values_reach_the_evaluator_to_be_refused() -> None:
    assert route(parse_question("What if OpenAI makes -$5 billion in 2027?", TODAY)) == "whatif"


def test_router_predicate() -> None:
    from assistant.whatif.reading.router import is_whatif_question

    assert is_whatif_question(parse_question("What if AGI is declared in 2028?", TODAY))
    assert not is_whatif_question(parse_question("How is AGI defined?", TODAY))


def test_whether_the_agi_clause_was_dropped_on_a_past_date_is_for_the_documents() -> None:
    import datetime as _dt

    from assistant.whatif.reading.question_parser import parse_question as _parse
    from assistant.whatif.reading.router import route as _route

    today = _dt.date(2026, 12, 2)
    assert _route(_parse("was the agi clause dropped in april 2026", today)) is None
    assert _route(_parse("was agi reached in 2025", today)) == "whatif"  # the event itself: the evaluator
    assert _route(_parse("is the agi clause still there in 2030", today)) == "whatif"  # a date to come
