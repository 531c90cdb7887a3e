"""Questions asking whether a contested claim is true are claim checks, never what-ifs (issue 14)."""

from __future__ import annotations

import datetime

import pytest

from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.whatif.reading.claim_check import is_claim_check
from assistant.whatif.reading.question_parser import parse_question
from assistant.whatif.reading.router import route
from assistant.whatif.respond import respond

LOCATE = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000).cite
TODAY = datetime.date(2026, 12, 2)

CLAIMS = [
    "heard the agi clause got killed off in 2026 — true?",
    "is it true that microsoft loses access to openai's models once agi is declared?",
    "Is it true that the API is no longer exclusive to Azure?",
    "I read that the api is no longer exclusive to azure since 2026 — right?",
    "the agi clause was dropped in april 2026, or is that fake news?",
    "i've heard openai can use any cloud now, is that true?",
    "someone told me microsoft owns 49% of openai",
    "microsoft lost its right of first refusal in 2025, right?",
    "AGI means $100bn of profit - true or false?",
    "saw that openai makes $100bn in profit in 2027 it's AGI — correct?",
    "apparently the revenue share ends in 2030?",
    "openai can walk away once agi is declared, or is that a myth?",
    "I've seen reports that the AGI clause was dropped. Is that real?",
]


@pytest.mark.parametrize("question", CLAIMS)
def test_claims_are_claim_checks_and_not_what_ifs(question: str) -> None:
    assert is_claim_check(question)
    assert route(parse_question(question, TODAY)) is None
    assert respond(question, [], locate=LOCATE, today=TODAY) is None


@pytest.mark.parametrize(
    "question",
    [
        "what does the article say about agi?",
        "is the api exclusive to azure right now?",
        "who is right, the article or the other sources?",
        "I read the article: what does it say about the right of first refusal?",
        "what if openai makes $150bn profit in 2027 — true that microsoft loses access?",
        "Suppose AGI is declared in 2028, is it true that revenue sharing stops?",
        "How is AGI defined?",
        "What did Microsoft say about the right of first refusal?",
        "what did they say about agi in the joint statement?",
        "is the revenue share capped",
        "",
    ],
)
def test_other_questions_are_not_claim_checks(question: str) -> None:
    assert not is_claim_check(question)


def test_a_claim_check_after_a_what_if_does_not_continue_the_scenario() -> None:
    first = "What if OpenAI makes $150 billion in profit in 2027: does Microsoft keep access to its IP?"
    assert respond("heard the agi clause got killed off in 2026 — true?", [first], locate=LOCATE, today=TODAY) is None
