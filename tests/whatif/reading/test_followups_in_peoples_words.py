"""Short follow-ups with no subject of their own lean on the turn before (issue 14).

After a plain turn they are plain follow-ups (retrieval resolves them); after a what-if they
continue its scenario.
"""

from __future__ import annotations

import datetime

import pytest

from assistant.agreement.money import Money
from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.whatif.reading.conversation_scenario import rebuild_scenario
from assistant.whatif.reading.question_parser import parse_question
from assistant.whatif.reading.router import route
from assistant.whatif.respond import respond

LOCATE = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000).cite
TODAY = datetime.date(2026, 12, 2)
WHATIF = "What if OpenAI makes US$150 billion in profit in 2027: does Microsoft keep access to its IP?"
SHORT = ["until when though?", "since when?", "and the api?", "who decides that?", "how much?", "what about 2033?",
         "How much profit is that?", "what about the api in 2033?", "and after 2030?", "is it agi then?",
         "and in 2031, still exclusive?", "how long does that last?"]  # fmt: skip


@pytest.mark.parametrize("first", ["is the api exclusive to azure?", "What does the article say about AGI?"])
@pytest.mark.parametrize("question", SHORT)
def test_after_a_plain_turn_a_short_follow_up_is_plain(first: str, question: str) -> None:
    response = respond(question, [first], locate=LOCATE, today=TODAY)
    assert response is None, response.text if response else ""


@pytest.mark.parametrize(
    "question",
    [
        "And if Microsoft can't meet a new capacity request for training, can OpenAI go to Oracle?",
        "what if openai makes $150bn profit in 2027?",
        "so what if AGI is declared in 2028?",
    ],
)
def test_after_a_plain_turn_a_supposition_is_still_a_what_if(question: str) -> None:
    response = respond(question, ["is the api exclusive to azure?"], locate=LOCATE, today=TODAY)
    assert response is not None and response.kind == "whatif"


def test_without_history_a_question_opening_with_now_is_read_on_its_own() -> None:
    parsed = parse_question("Now, in 2031, is the API still exclusive to Azure?", TODAY)
    assert route(parsed, has_prior_scenario=False, has_history=False) == "whatif"
    assert route(parsed, has_prior_scenario=False, has_history=True) is None


@pytest.mark.parametrize(
    ("question", "year"), [("what about 2033?", 2033), ("and the api?", 2027), ("and in 2031, still exclusive?", 2031)]
)
def test_after_a_what_if_a_short_follow_up_continues_the_scenario(question: str, year: int) -> None:
    response = respond(question, [WHATIF], locate=LOCATE, today=TODAY)
    assert response is not None and response.verdict is not None
    assert response.verdict.scenario.profit == Money(amount=150 * 10**9, currency="USD")
    assert response.verdict.scenario.event_date == datetime.date(year, 1, 1)


def test_is_it_agi_then_after_a_what_if_asks_about_the_scenario() -> None:
    response = respond("is it agi then?", [WHATIF], terms="2025-01", locate=LOCATE, today=TODAY)
    assert response is not None and response.verdict is not None
    assert response.focus[0] == "agi_reached" and response.verdict.outcomes["agi_reached"] is True


def test_plain_turns_do_not_start_a_scenario_for_later_turns() -> None:
    history = ["is the api exclusive to azure?", "what about the api in 2033?"]
    assert rebuild_scenario(history, TODAY) is None
