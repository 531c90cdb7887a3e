from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from assistant.agreement.money import Money
from assistant.whatif.reading.dates_text import find_dates
from assistant.whatif.reading.question_parser import parse_question

B = Decimal(10) ** 9
TODAY = datetime.date(2026, 5, 10)


def parse(text: str):
    return parse_question(text, TODAY)


@pytest.mark.parametrize(
    ("phrase", "amount", "currency"),
    [
        ("$150 billion", 150 * B, "USD"),
        ("US$20bn", 20 * B, "USD"),
        ("A$170 billion", 170 * B, "AUD"),
        ("AUD 120 billion", 120 * B, "AUD"),
        ("250bn usd", 250 * B, "USD"),
        ("1.5 trillion", 1500 * B, "USD"),
        ("100,000,000,000", 100 * B, "USD"),
        ("AUD$100 billion", 100 * B, "AUD"),
    ],
)
def test_every_money_form_is_read_as_profit(phrase: str, amount: Decimal, currency: str) -> None:
    parsed = parse(f"What if OpenAI makes {phrase} in profit in 2027?")
    assert parsed.facts["profit"] == Money(amount=amount, currency=currency)
    assert parsed.facts["event_date"] == datetime.date(2027, 1, 1)
    assert parsed.problems == []


def test_bare_dollars_are_read_as_usd_and_the_reading_is_shown() -> None:
    parsed = parse("What if OpenAI makes $150 billion in profit?")
    assert any("US dollars" in r for r in parsed.readings)


def test_money_for_something_else_is_not_profit() -> None:
    parsed = parse("What if Microsoft invests $10 billion more in 2027?")
    assert "profit" not in parsed.facts
    assert any("not read as profit" in r for r in parsed.readings)


@pytest.mark.parametrize(
    ("phrase", "expected", "precision"),
    [
        ("in 2027", datetime.date(2027, 1, 1), "year"),
        ("by 2031", datetime.date(2031, 1, 1), "year"),
        ("after 2030", datetime.date(2031, 1, 1), "year"),
        ("before 2031", datetime.date(2030, 1, 1), "year"),
        ("from 2032", datetime.date(2032, 1, 1), "year"),
        ("next year", datetime.date(2027, 1, 1), "year"),
        ("this year", datetime.date(2026, 1, 1), "year"),
        ("in two years", datetime.date(2028, 1, 1), "year"),
        ("in 3 years", datetime.date(2029, 1, 1), "year"),
        ("on 2027-06-30", datetime.date(2027, 6, 30), "day"),
        ("on 30 June 2027", datetime.date(2027, 6, 30), "day"),
        ("on June 30, 2027", datetime.date(2027, 6, 30), "day"),
        ("in June 2027", datetime.date(2027, 6, 1), "month"),
        ("at the end of 2030", datetime.date(2030, 12, 31), "day"),
        ("at the start of 2031", datetime.date(2031, 1, 1), "day"),
        ("today", TODAY, "day"),
    ],
)
def test_date_forms(phrase: str, expected: datetime.date, precision: str) -> None:
    parsed = parse(f"What if AGI is declared {phrase}?")
    assert parsed.facts["event_date"] == expected
    assert parsed.facts["date_precision"] == precision


def test_relative_readings_are_explained() -> None:
    assert any("read as 2027 (today is 2026-05-10)" in r for r in parse("What if AGI is declared next year?").readings)
    assert any("the first year after 2030" in r for r in parse("After 2030, is the API still exclusive?").readings)


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("What if OpenAI makes -$5 billion in 2027?", "“-$5 billion” is negative"),
        ("What if OpenAI makes $-5bn in profit?", "“$-5bn” is negative"),
        ("What if OpenAI makes inf dollars in profit?", "“inf dollars” is not a finite number"),
        ("What if OpenAI makes $NaN billion profit?", "“$NaN billion” is not a finite number"),
        ("What if AGI is declared in year 0?", "year 0"),
        ("What if OpenAI makes $150bn profit in the year 0?", "year 0"),
        ("What if AGI is declared on 2027-02-30?", "“2027-02-30” is not a date that exists"),
        ("What if AGI is declared on 30 February 2027?", "“30 February 2027” is not a date that exists"),
        ("What if AGI is declared on February 29, 2027?", "February 2027 has 28 days"),
        ("What if AGI is declared on 2027-13-01?", "no month 13"),
    ],
)
def test_impossible_values_are_problems_naming_the_value(question: str, named: str) -> None:
    parsed = parse(question)
    assert any(named in p for p in parsed.problems), parsed.problems


def test_leap_day_exists() -> None:
    assert parse("What if AGI is declared on 29 February 2028?").facts["event_date"] == datetime.date(2028, 2, 29)


@pytest.mark.parametrize(
    "phrase",
    [
        "can't meet the request",
        "cannot meet a new capacity request",
        "is full",
        "is out of capacity",
        "cannot keep up",
        "can’t keep up",
        "is unable to meet the demand",
        "runs out of compute",
        "doesn't have enough capacity",
    ],
)
def test_capacity_phrases(phrase: str) -> None:
    parsed = parse(f"If Microsoft {phrase}, can OpenAI go to Oracle?")
    assert parsed.facts["capacity_request"] is True
    assert parsed.facts["microsoft_can_meet"] is False


def test_capacity_met_and_no_request() -> None:
    met = parse("If Microsoft can meet the new capacity request, can OpenAI use AWS?")
    assert met.facts["capacity_request"] is True and met.facts["microsoft_can_meet"] is True
    none = parse("If there is no new capacity request, can OpenAI train on Google?")
    assert none.facts["capacity_request"] is False and "microsoft_can_meet" not in none.facts
    only = parse("If OpenAI needs more compute for research, can it use CoreWeave?")
    assert only.facts["capacity_request"] is True and "microsoft_can_meet" not in only.facts


@pytest.mark.parametrize(
    ("phrase", "workload"),
    [("for training", "training"), ("to train models", "training"), ("for research", "research"),
     ("for the API", "api"), ("for its products", "product"), ("for ChatGPT", "product")],
)  # fmt: skip
def test_workloads(phrase: str, workload: str) -> None:
    assert parse(f"If Microsoft is full, can OpenAI use Oracle {phrase}?").facts["workload"] == workload


@pytest.mark.parametrize(
    ("name", "provider"),
    [("Oracle", "oracle"), ("AWS", "aws"), ("Amazon", "aws"), ("Google Cloud", "google"), ("CoreWeave", "coreweave"),
     ("Nebius", "other"), ("Azure", "azure")],
)  # fmt: skip
def test_providers(name: str, provider: str) -> None:
    assert parse(f"If Microsoft can't keep up, can OpenAI use {name}?").facts["provider"] == provider


@pytest.mark.parametrize(
    ("question", "declared"),
    [
        ("What if AGI is declared in 2028?", True),
        ("What if OpenAI reaches AGI in 2028?", True),
        ("What if OpenAI declares AGI?", True),
        ("Once AGI is achieved, is revenue sharing over?", True),
        ("What if OpenAI doesn't reach AGI by 2030?", False),
        ("What if AGI is not declared before 2031?", False),
        ("Without AGI, does revenue sharing continue in 2029?", False),
    ],
)
def test_agi_phrases(question: str, declared: bool) -> None:
    assert parse(question).facts["agi_declared"] is declared


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("What if OpenAI makes $150 billion in profit in 2027: does Microsoft keep access to its technology?",
         ["microsoft_ip_access"]),
        ("If Microsoft can't meet a new capacity request for training, can OpenAI go to Oracle?",
         ["openai_may_use_other_cloud"]),
        ("After 2030, is the API still exclusive to Azure?", ["api_exclusive_to_azure"]),
        ("What if AGI is declared in 2028, does revenue sharing continue?", ["revenue_sharing"]),
        ("If OpenAI makes $70bn in 2027, does Microsoft keep its right of first refusal?", ["microsoft_first_refusal"]),
        ("If OpenAI makes $70bn in 2027, does that count as AGI?", ["agi_reached"]),
        ("What if AGI is declared next year?", []),
        # getting, renting or sourcing compute from another provider is using another cloud
        ("can oai get compute from google", ["openai_may_use_other_cloud"]),
        ("could openai rent gpus from coreweave?", ["openai_may_use_other_cloud"]),
        # leave asked for: Microsoft's say over new capacity, or another cloud's deal
        ("does openai have to ask microsoft before adding capacity", ["microsoft_first_refusal"]),
        ("did the aws deal need microsoft approval", ["openai_may_use_other_cloud"]),
    ],
)  # fmt: skip
def test_focus(question: str, focus: list[str]) -> None:
    assert parse(question).focus == focus


def test_inverse_questions() -> None:
    profit = parse("What is the lowest profit that would trigger the AGI clause?").inverse
    assert profit is not None and (profit.kind, profit.outcome, profit.target) == ("profit", "agi_reached", True)
    year = parse("From which year is the API no longer exclusive?").inverse
    assert year is not None and (year.kind, year.outcome, year.target) == ("date", "api_exclusive_to_azure", False)
    until = parse("Until when does Microsoft keep its right of first refusal?").inverse
    assert until is not None and until.outcome == "microsoft_first_refusal" and until.until
    cloud = parse("In which year may OpenAI use other clouds for training?").inverse
    assert cloud is not None and (cloud.outcome, cloud.target) == ("openai_may_use_other_cloud", True)
    assert parse("How is AGI defined?").inverse is None
    freedom_ends = parse("Until when may OpenAI use other clouds for training?").inverse
    assert freedom_ends is not None and freedom_ends.outcome == "openai_may_use_other_cloud"
    assert freedom_ends.target is False  # when the freedom ends


def test_only_the_first_date_is_used_and_the_rest_reported() -> None:
    parsed = parse("What if AGI is declared in 2029, does Microsoft keep IP through 2030?")
    assert parsed.facts["event_date"] == datetime.date(2029, 1, 1)
    assert any("“through 2030” also appears" in r for r in parsed.readings)


def test_amounts_are_not_read_as_years() -> None:
    mentions = find_dates("profit of 2030 billion", TODAY)
    assert all(m.text != "2030" for m in mentions)


@pytest.mark.parametrize(
    ("question", "declared", "verified"),
    [
        ("What if an expert panel verifies AGI in 2028?", True, True),
        ("What if AGI is declared in 2029 and verified by an independent expert panel?", True, True),
        ("Does AGI count if the panel confirms it?", True, True),
        ("If AGI is declared in 2028 but the panel does not verify it, is revenue shared?", True, False),
        ("What if OpenAI declares AGI and the independent expert panel rejects it?", True, False),
        ("What if AGI is declared in 2028 but the declaration is not verified?", True, False),
        ("What if OpenAI declares AGI in 2028?", True, None),
    ],
)
def test_panel_verification_is_read(question: str, declared: bool, verified: bool | None) -> None:
    parsed = parse(question)
    assert parsed.facts.get("agi_declared") is declared
    assert parsed.facts.get("agi_verified_by_panel") is verified
    assert "agi_verified_by_panel" in parsed.strong_facts or verified is None


def test_verification_without_a_declaration_is_a_contradiction_the_scenario_names() -> None:
    from pydantic import ValidationError

    from assistant.whatif.engine.scenario import Scenario

    assert Scenario(agi_verified_by_panel=True).agi_declared is True
    with pytest.raises(ValidationError, match="the panel verifies a declaration"):
        Scenario(agi_declared=False, agi_verified_by_panel=True)
    assert "AGI verified by the expert panel" in Scenario(agi_verified_by_panel=True).describe()
