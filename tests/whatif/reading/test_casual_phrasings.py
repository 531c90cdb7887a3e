"""Hypotheticals as people type them: "say …", "fast forward to 2034", "the chatgpt folks", "msft".

Issue 14: each of these was measured going to the wrong place (a plain answer, a timeline, or a
scenario without the facts it states) before the reader learnt the phrasing.
"""

from __future__ import annotations

import datetime

import pytest

from assistant.agreement.money import Money
from assistant.answering.timeline import timeline_response
from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.whatif.reading.question_parser import parse_question
from assistant.whatif.reading.router import route
from assistant.whatif.respond import WhatIfResponse, respond

SOURCES = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000)
TODAY = datetime.date(2026, 12, 2)
B = 10**9


def whatif(question: str, earlier: list[str] | None = None) -> WhatIfResponse:
    """The evaluator's answer, checked to be one (not retrieval, not a timeline)."""
    assert timeline_response(question, SOURCES, today=TODAY) is None, "answered with a timeline"
    response = respond(question, earlier or [], locate=SOURCES.cite, today=TODAY)
    assert response is not None, "sent to retrieval"
    assert response.kind == "whatif" and response.verdict is not None, response.text
    return response


@pytest.mark.parametrize(
    "question",
    [
        "say the chatgpt folks post US$70bn of profit in 2027 — AGI territory?",
        "imagine the chatgpt maker makes US$70bn profit in 2027, is that AGI?",
        "suppose oai makes US$70bn of profit in 2027 - agi?",
        "let's say openai makes US$70bn profit in 2027, does that count as agi",
        "hypothetically openai earns US$70bn profit in 2027 — agi or not?",
        "in a world where openai makes US$70bn of profit in 2027, is that agi?",
        "what happens if the chatgpt company makes US$70bn profit in 2027?",
        "openai makes US$70bn profit in 2027 — agi or not?",
    ],
)
def test_hypotheticals_in_peoples_words_go_to_the_evaluator(question: str) -> None:
    scenario = whatif(question).verdict.scenario  # type: ignore[union-attr]
    assert scenario.profit == Money(amount=70 * B, currency="USD")
    assert scenario.event_date == datetime.date(2027, 1, 1)
    assert scenario.workload is None  # "the chatgpt folks" are OpenAI, not the ChatGPT product


def test_say_the_chatgpt_folks_asks_whether_it_is_agi() -> None:
    response = whatif("say the chatgpt folks post US$70bn of profit in 2027 — AGI territory?")
    assert response.focus == ["agi_reached"]


@pytest.mark.parametrize(
    "question",
    [
        "fast forward to 2034, nothing else has changed — does microsoft still have access to openai's models?",
        "fast forward to 2034, does msft still have ip rights?",
        "say it's 2034 — does MS still have access to the IP?",
    ],
)
def test_fast_forward_to_a_year_is_a_scenario_not_a_timeline(question: str) -> None:
    response = whatif(question)
    assert response.verdict is not None and response.verdict.scenario.event_date == datetime.date(2034, 1, 1)
    assert response.focus == ["microsoft_ip_access"]


@pytest.mark.parametrize(
    ("alias", "company"),
    [("msft", "Microsoft"), ("MS", "Microsoft"), ("ms", "Microsoft"), ("oai", "OpenAI"), ("OAI", "OpenAI"),
     ("the chatgpt folks", "OpenAI"), ("the ChatGPT maker", "OpenAI"), ("the chatgpt company", "OpenAI"),
     ("the chatgpt people", "OpenAI")],
)  # fmt: skip
def test_company_nicknames_are_read_as_the_companies(alias: str, company: str) -> None:
    from assistant.whatif.reading.question_parser import company_names

    assert company_names(f"what if {alias} says yes?") == f"what if {company} says yes?"


def test_nicknames_are_read_but_the_question_is_kept_as_written() -> None:
    parsed = parse_question("suppose the chatgpt folks declare agi in 2028: does msft lose access?", TODAY)
    assert parsed.text == "suppose the chatgpt folks declare agi in 2028: does msft lose access?"
    assert parsed.facts["agi_declared"] is True and "workload" not in parsed.facts
    assert route(parsed) == "whatif"


@pytest.mark.parametrize("word", ["mass", "systems", "atoms", "MSc", "forms"])
def test_words_containing_the_nicknames_are_left_alone(word: str) -> None:
    from assistant.whatif.reading.question_parser import company_names

    assert company_names(f"what about {word}?") == f"what about {word}?"
