from __future__ import annotations

import datetime
import re

import pytest

from assistant.agreement.outcomes import OUTCOMES
from assistant.citation import Citation
from assistant.corpus.documents import read_document
from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.reading.asked_outcomes import AGI_CONSEQUENCES, TERMS_WITH_AN_END
from assistant.whatif.respond import WhatIfResponse, respond

LOCATE = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000).cite

TODAY = datetime.date(2026, 5, 10)
CORPUS = PROJECT_ROOT / "corpus"


def check_citations(response: WhatIfResponse) -> None:
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", response.text)}
    assert markers == set(range(1, len(response.citations) + 1)), (markers, len(response.citations))
    first_use = [int(n) for n in re.findall(r"\[(\d+)\]", response.text)]
    assert sorted(dict.fromkeys(first_use)) == list(dict.fromkeys(first_use)), "markers are numbered in order of use"
    for citation in response.citations:
        assert isinstance(citation, Citation)
        document = read_document(CORPUS / citation.source, CORPUS, max_bytes=20_000_000)
        assert document.text[citation.start : citation.end] == citation.quote
        assert citation.title


def test_profit_question_under_the_articles_terms() -> None:
    response = respond(
        "What if OpenAI makes $150 billion in profit in 2027: does Microsoft keep access to its technology?",
        terms="2025-01",
        today=TODAY,
        locate=LOCATE,
    )
    assert response is not None and response.kind == "whatif"
    assert response.text.startswith("**Microsoft keeps access to OpenAI's IP: no.**")
    reading = next(p for p in response.text.split("\n\n") if p.startswith("Reading your question as:"))
    assert reading.startswith("Reading your question as: profit US$150 billion; year 2027;")
    assert "under the January 2025 terms the article describes, as chosen" in reading
    assert response.verdict is not None
    assert response.verdict.outcomes["microsoft_ip_access"] is False
    assert response.verdict.outcomes["agi_reached"] is True
    assert response.focus == ["microsoft_ip_access"]
    assert "Exchange rate: 0.625 USD per AUD (the reference rate for January 2025)" in response.text
    assert "Under the April 2026 amendment, in force then: yes" in response.text.split("\n\n")[0]
    assert response.verdict.compared["2026-04"]["microsoft_ip_access"] is True
    assert "deal unravels" in response.citations[0].quote
    check_citations(response)
    assert 0.0 < response.confidence <= 1.0


def test_profit_question_under_the_terms_in_force_then_with_the_articles_beside() -> None:
    response = respond(
        "What if OpenAI makes $150 billion in profit in 2027: does Microsoft keep access to its technology?",
        today=TODAY,
        locate=LOCATE,
    )
    assert response is not None and response.verdict is not None
    assert response.verdict.terms == "2026-04"
    first = response.text.split("\n\n")[0]
    assert first.startswith("**Microsoft keeps access to OpenAI's IP: yes — since 28 Oct 2025**")
    assert "Under the January 2025 terms the article describes: no [" in first
    assert response.verdict.compared == {"2025-01": evaluate(response.verdict.scenario, "2025-01").outcomes}
    assert "under the April 2026 amendment (in force then)" in response.text
    check_citations(response)


def test_a_profit_in_a_currency_the_article_cannot_compare_is_said_not_hidden() -> None:
    response = respond("What if OpenAI makes €5bn in profit in 2027?", today=TODAY, locate=LOCATE)
    assert response is not None and response.kind == "whatif" and response.verdict is not None
    assert response.verdict.terms == "2026-04" and response.verdict.compared == {}
    assert "Under the January 2025 terms the article describes this cannot be evaluated" in response.text
    assert "EUR" in response.text
    pinned = respond("What if OpenAI makes €5bn in profit in 2027?", terms="2025-01", today=TODAY, locate=LOCATE)
    assert pinned is not None and pinned.kind == "abstain" and "EUR" in pinned.text


def test_oracle_question() -> None:
    response = respond(
        "If Microsoft can't meet a new capacity request for training, can OpenAI go to Oracle?",
        terms="2025-01",
        today=TODAY,
        locate=LOCATE,
    )
    assert response is not None and response.verdict is not None
    assert response.verdict.outcomes["openai_may_use_other_cloud"] is True
    assert "(here: Oracle): yes" in response.text
    assert "date 10 May 2026" in response.text and "Assumed: today's date" in response.text
    assert response.verdict.scenario.event_date == TODAY
    assert response.citations[0].quote.startswith("If the software giant cannot keep up")
    check_citations(response)
    assert response.confidence == pytest.approx(0.75)  # rests on a "reported" press reading too


def test_after_2030_question() -> None:
    response = respond("After 2030, is the API still exclusive to Azure?", terms="2025-01", today=TODAY, locate=LOCATE)
    assert response is not None and response.verdict is not None
    assert response.verdict.outcomes["api_exclusive_to_azure"] is False
    assert "do not say what follows" in response.text
    check_citations(response)


def test_undetermined_answers_say_which_fact_decides() -> None:
    response = respond(
        "What if OpenAI makes AUD 120 billion in profit in 2027?", terms="2025-01", today=TODAY, locate=LOCATE
    )
    assert response is not None and response.verdict is not None
    assert response.verdict.outcomes["agi_reached"] is None
    assert response.text.startswith("**The sources disagree on the currency of the AGI profit threshold**")
    assert response.confidence == 0.5
    check_citations(response)


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("What if OpenAI makes -$5 billion in profit in 2027?", "-$5 billion"),
        ("What if OpenAI makes inf dollars in profit?", "inf dollars"),
        ("What if AGI is declared in year 0?", "year 0"),
        ("What if AGI is declared on 2027-02-30?", "2027-02-30"),
    ],
)
def test_impossible_values_abstain_naming_the_value(question: str, named: str) -> None:
    response = respond(question, today=TODAY, locate=LOCATE)
    assert response is not None
    assert response.kind == "abstain"
    assert response.verdict is None
    assert named in response.text
    assert response.confidence == 0.0


def test_unknown_terms_abstain() -> None:
    response = respond("What if AGI is declared in 2028?", terms="1999-01", today=TODAY, locate=LOCATE)
    assert response is not None and response.kind == "abstain" and "1999-01" in response.text


def test_terms_by_date() -> None:
    response = respond("What if AGI is declared in 2028?", terms="2025-06-01", today=TODAY, locate=LOCATE)
    assert response is not None and response.verdict is not None and response.verdict.terms == "2025-01"


def test_today_defaults_to_the_system_date() -> None:
    response = respond("What if AGI is declared next year?", locate=LOCATE)
    assert response is not None and response.verdict is not None
    assert response.verdict.scenario.event_date.year == datetime.date.today().year + 1


def test_response_is_json_serialisable() -> None:
    response = respond("What if AGI is declared in 2028?", today=TODAY, locate=LOCATE)
    assert response is not None
    assert WhatIfResponse.model_validate_json(response.model_dump_json()) == response


def test_fits_the_answer_contract() -> None:
    from assistant.models import Answer

    response = respond("What if AGI is declared in 2028?", today=TODAY, locate=LOCATE)
    assert response is not None
    answer = Answer(
        kind=response.kind,
        text=response.text,
        citations=response.citations,
        confidence=response.confidence,
        verdict=response.verdict,
        notices=response.notices,
    )
    assert answer.verdict is not None
    assert answer.verdict.outcomes["revenue_sharing"] is True  # the April 2026 terms: regardless of AGI
    assert answer.verdict.compared["2025-01"]["revenue_sharing"] is False  # the article's: AGI unravels it


def test_every_what_if_has_a_first_sentence_that_answers() -> None:
    question = "What if OpenAI makes $150 billion in profit in 2027: does Microsoft keep access to its technology?"
    asked = respond(question, terms="2025-01", today=TODAY, locate=LOCATE)
    assert asked is not None and asked.summary is not None
    assert asked.summary.startswith("**Microsoft keeps access to OpenAI's IP: no.**") and asked.summary.endswith("].")
    assert asked.text.startswith(asked.summary)
    # No outcome asked about: every outcome and its value, in one sentence, before the reasons.
    every = respond("what if openai makes $200bn profit in 2025", today=TODAY, locate=LOCATE)
    assert every is not None and every.summary is not None and every.text.startswith(every.summary)
    assert every.summary.startswith("Under the October 2025 definitive agreement") and "AGI reached" in every.summary
    assert "\n\nWhy:\n- **AGI reached: " in every.text
    # An inverse question with one reading: its threshold is the sentence.
    ip_end = "From what date does Microsoft lose its IP access if nothing else happens?"
    inverse = respond(ip_end, today=TODAY, locate=LOCATE)
    assert inverse is not None and inverse.summary is not None and inverse.text.startswith(inverse.summary)
    assert inverse.summary.startswith("**The first date at which “Microsoft keeps access to OpenAI's IP” is no:** ")
    # ... and when no profit decides it under the terms in force, that is the sentence
    none = respond("What is the lowest profit that would trigger the AGI clause?", today=TODAY, locate=LOCATE)
    assert none is not None and none.summary is not None and none.text.startswith(none.summary)
    assert none.summary.startswith("**No profit makes “AGI reached” yes under the April 2026 amendment**: ")


@pytest.mark.parametrize(
    ("asked", "first"),
    [
        # no outcome named: what the supposition changes is what it asks about
        ("what if microsoft cant give openai enough compute", "**OpenAI may use another cloud for this workload: yes"),
        ("what happens to the deal if agi gets declared", "**Microsoft keeps access to OpenAI's IP: yes"),
    ],
)
def test_a_supposition_naming_no_outcome_is_answered_by_its_consequences_first(asked: str, first: str) -> None:
    response = respond(asked, today=TODAY, locate=LOCATE)
    assert response is not None and response.summary is not None
    assert response.summary.startswith(first) and response.text.startswith(response.summary)
    if "agi" in asked:
        assert response.focus == list(AGI_CONSEQUENCES)
        assert "through 2032" in response.summary
        assert "**AGI reached: undetermined.**" in response.text  # the contested clause is still said, below
    # a profit alone implies nothing: every outcome, at a glance
    every = respond("what if openai makes $200bn profit in 2025", today=TODAY, locate=LOCATE)
    assert every is not None and every.focus == list(OUTCOMES)


@pytest.mark.parametrize(
    "asked",
    ["what if agi never happens, does the deal just go on forever", "when does it expire if agi is never declared"],
)
def test_a_supposition_asking_how_long_the_deal_lasts_is_answered_by_the_rights_that_end(asked: str) -> None:
    response = respond(asked, today=TODAY, locate=LOCATE)
    assert response is not None and response.summary is not None
    assert response.focus == list(TERMS_WITH_AN_END)
    assert "through 2032" in response.summary and "until 2030" in response.text
