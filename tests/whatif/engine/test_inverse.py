from __future__ import annotations

import datetime
from decimal import Decimal

from assistant.agreement.money import Money
from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.inverse import first_date, lowest_profit
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.respond import respond

LOCATE = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000).cite

TODAY = datetime.date(2026, 5, 10)


def test_lowest_profit_per_reading_is_exact_and_checked() -> None:
    result = lowest_profit(Scenario(event_date=datetime.date(2027, 1, 1)), "agi_reached", True)
    by_reading = {a.reading: a for a in result.answers}
    aud, usd = by_reading["article-aud"], by_reading["other-sources-usd"]
    assert aud.profit == Money(amount=62_500_000_000, currency="USD")
    assert aud.profit_other == Money(amount=100_000_000_000, currency="AUD")
    assert usd.profit == Money(amount=100_000_000_000, currency="USD")
    assert usd.profit_other == Money(amount=160_000_000_000, currency="AUD")
    assert aud.checked == {"US$62,500,000,000": "yes", "US$62,499,999,999": "no"}
    # the evaluator agrees on both sides of each threshold
    below = Scenario(event_date=2027, profit=Money(amount=Decimal("62499999999"), currency="USD"))
    assert evaluate(below).outcomes["agi_reached"] is False


def test_searching_in_aud() -> None:
    result = lowest_profit(Scenario(event_date=2027), "agi_reached", True, currency="AUD")
    amounts = sorted(a.profit.amount for a in result.answers if a.profit)
    assert amounts == [100_000_000_000, 160_000_000_000]


def test_declared_agi_needs_no_profit() -> None:
    result = lowest_profit(Scenario(event_date=2027, agi_declared=True), "agi_reached", True)
    assert all(a.profit == Money(amount=0, currency="USD") for a in result.answers)


def test_unreachable_target_is_reported() -> None:
    result = lowest_profit(Scenario(event_date=2027), "microsoft_ip_access", True)
    assert all(a.profit == Money(amount=0, currency="USD") for a in result.answers)  # already true at zero profit
    ends = lowest_profit(Scenario(event_date=2027), "microsoft_ip_access", False)
    assert sorted(a.profit.amount for a in ends.answers if a.profit) == [62_500_000_000, 100_000_000_000]
    never = lowest_profit(Scenario(event_date=2024), "agi_reached", True)
    assert not any(a.found for a in never.answers) and never.answers[0].note


def test_first_date_the_api_is_no_longer_exclusive() -> None:
    result = first_date(Scenario(), "api_exclusive_to_azure", False)
    assert len(result.answers) == 1
    answer = result.answers[0]
    assert answer.date == datetime.date(2031, 1, 1)
    assert answer.checked == {"2031-01-01": "yes", "2030-12-31": "no"}


def test_first_date_with_agi_declared_is_the_start() -> None:
    result = first_date(Scenario(agi_declared=True), "revenue_sharing", False)
    assert result.answers[0].date == datetime.date(2025, 1, 21)
    assert result.answers[0].note


def test_inverse_profit_question_end_to_end() -> None:
    response = respond(
        "What is the lowest profit that would trigger the AGI clause?", terms="2025-01", today=TODAY, locate=LOCATE
    )
    assert response is not None and response.kind == "whatif" and response.inverse is not None
    assert response.text.startswith("**The lowest profit at which “AGI reached” is yes:**")
    assert "Reading your question as:" in response.text
    assert "US$62.5 billion (= A$100 billion)" in response.text
    assert "US$100 billion (= A$160 billion)" in response.text
    assert "Australian dollars" in response.text
    assert response.verdict is not None and response.verdict.trace
    assert response.focus == ["agi_reached"]
    sources = {c.source for c in response.citations}
    assert {"stargate-article.txt", "notes/agi-threshold-currency.md"} <= sources


def test_inverse_year_question_end_to_end() -> None:
    response = respond(
        "If nothing else changes, from which year is the API no longer exclusive?",
        terms="2025-01",
        today=TODAY,
        locate=LOCATE,
    )
    assert response is not None and response.inverse is not None
    assert "from 1 January 2031 (the year 2031)" in response.text
    assert response.verdict is not None
    assert response.verdict.scenario.event_date == datetime.date(2031, 1, 1)
    assert response.verdict.outcomes["api_exclusive_to_azure"] is False
    assert "[1]" in response.text and response.citations


def test_an_inverse_question_is_answered_under_the_terms_in_force_beside_the_articles() -> None:
    response = respond("What is the lowest profit that would trigger the AGI clause?", today=TODAY, locate=LOCATE)
    assert response is not None and response.inverse is not None and response.verdict is not None
    assert response.inverse.terms == "2026-04" and response.verdict.terms == "2026-04"
    first, *_rest = response.text.split("\n\n")
    # no profit alone decides it under these terms: the first line says so, and why, in words
    assert first.startswith("**No profit makes “AGI reached” yes under the April 2026 amendment**: ")
    assert "expert panel" in first and "no such point" not in first and "trillion" not in first
    assert not any(p.startswith("Why: ") for p in response.text.split("\n\n"))  # not said twice
    article = next(p for p in response.text.split("\n\n") if p.startswith("Under the January 2025 terms"))
    assert "US$62.5 billion" in article and "US$100 billion" in article and "[" in article
    assert "2025-01" in response.verdict.compared
    assert "agi_reached" not in response.text


def test_the_date_search_says_in_words_when_nothing_turns() -> None:
    response = respond(
        "From what date does Microsoft lose its IP access if nothing else happens?", today=TODAY, locate=LOCATE
    )
    assert response is not None and response.inverse is not None
    assert "from 1 January 2033" in response.text
    assert "Under the January 2025 terms the article describes: from 1 January 2031" in response.text
    result = first_date(Scenario(), "microsoft_first_refusal", True, "2026-04")
    assert not result.answers[0].found
    title = "Microsoft has a right of first refusal on new capacity"
    assert result.answers[0].note == f"“{title}” is still not yes on 31 December 2200 under these facts"
