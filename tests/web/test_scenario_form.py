from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.web.scenario_form import ScenarioFields, evaluate_fields, field_problem, to_scenario

LOCATE = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000).cite


def test_fields_become_a_typed_scenario() -> None:
    scenario = to_scenario(
        ScenarioFields(
            profit_billions=150,
            currency="aud",
            date="2027",
            agi_declared="no",
            capacity_request="unknown",
            microsoft_can_meet="no",
            workload="Training",
            provider=" oracle ",
        )
    )
    assert scenario.profit is not None
    assert (scenario.profit.amount, scenario.profit.currency) == (Decimal("150000000000"), "AUD")
    assert (scenario.event_date.isoformat(), scenario.date_precision) == ("2027-01-01", "year")
    assert scenario.agi_declared is False
    assert scenario.capacity_request is True  # "Microsoft can meet it" implies a request
    assert scenario.microsoft_can_meet is False
    assert (scenario.workload, scenario.provider) == ("training", "oracle")


def test_blank_fields_are_unknown() -> None:
    scenario = to_scenario(ScenarioFields(date=" ", workload="", provider="", terms=""))
    assert scenario.describe() == []


def test_profit_over_threshold_reaches_agi_and_changes_with_the_amount() -> None:
    article = {"currency": "USD", "date": "2027", "terms": "2025-01"}
    high = evaluate_fields({"profit_billions": 150, **article}, LOCATE)
    low = evaluate_fields({"profit_billions": 50, **article}, LOCATE)
    assert high.error is None and low.error is None
    assert high.verdict is not None and low.verdict is not None
    assert high.verdict.outcomes["agi_reached"] is True
    assert low.verdict.outcomes["agi_reached"] is False
    assert high.rows[0].outcome == "agi_reached"
    assert high.rows[0].value == "yes" and low.rows[0].value == "no"
    assert "Reading your question as: profit US$150 billion; year 2027" in high.text
    assert high.trace.startswith("Under the January 2025 terms the article describes:")
    # Every marker in the rows refers to a citation that exists.
    for row in high.rows:
        for number in [int(n) for n in row.quote.split("]")[0].lstrip("[").split("][") if n.isdigit()]:
            assert 1 <= number <= len(high.citations)


def test_the_date_picks_the_terms_unless_pinned_and_the_article_stands_beside() -> None:
    in_force = evaluate_fields({"profit_billions": 150, "date": "2027"}, LOCATE)
    assert in_force.verdict is not None and in_force.verdict.terms == "2026-04"
    assert in_force.verdict.compared["2025-01"]["agi_reached"] is True  # the article's reading, kept beside
    assert "Under the article's terms: AGI reached: yes" in in_force.text
    before = evaluate_fields({"profit_billions": 150, "date": "2025-06"}, LOCATE)
    assert before.verdict is not None and before.verdict.terms == "2025-01" and before.verdict.compared == {}
    undated = evaluate_fields({"capacity_request": "yes"}, LOCATE, today=dt.date(2025, 11, 1))
    assert undated.verdict is not None and undated.verdict.terms == "2025-10"
    pinned = evaluate_fields({"profit_billions": 150, "date": "2027", "terms": "2025-10"}, LOCATE)
    assert pinned.verdict is not None and pinned.verdict.terms == "2025-10"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"profit_billions": float("nan")}, "profit: enter a finite number"),
        ({"profit_billions": float("inf")}, "profit: enter a finite number"),
        ({"profit_billions": -5}, "negative"),
        ({"date": "2027-13"}, "no month 13"),
        ({"date": "2027-02-30"}, "2027-02-30"),
        ({"terms": "1999"}, "unknown terms “1999”"),
        ({"workload": "mining"}, "workload"),
        ({"agi_declared": "maybe"}, "agi_declared"),
        ({"capacity_request": "no", "microsoft_can_meet": "yes"}, "only meaningful with a new capacity request"),
        ({"profit_billions": 5, "currency": "EUR"}, "currency: choose USD or AUD"),
        ({"profit_billions": 1e19}, "profit: the amount “1e+19 billion” is too large"),
        ({"profit_billions": 1e-12}, "less than a cent"),
        ({"terms": "<img src=x onerror=alert(1)>"}, "“&lt;img src=x onerror=alert(1)&gt;”"),
        ({"date": "2" * 5000}, "at most 40 characters"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_user_mistakes_come_back_as_messages(fields: dict[str, object], message: str) -> None:
    result = evaluate_fields(fields, LOCATE)
    assert result.verdict is None
    assert result.error is not None and message in result.error


@pytest.mark.parametrize(
    ("error", "date", "field", "start"),
    [
        ("event_date: Input should be a valid date, input is too short", "abc", "date", "Enter a date like"),
        ("“2027-13” has no month 13", "2027-13", "date", "Enter a date like 2027-06-30"),
        ("profit: the amount “-5.0 billion” is negative", "2027", "profit", "Enter the profit in billions"),
        ("microsoft_can_meet: only meaningful with a new capacity request", "2027", "can_meet", "Set “New capacity"),
        ("terms: unknown terms “xyz”", "2027", "general", "Unknown terms “xyz”"),
        ("This scenario took too long to evaluate.", "2027", "general", "This scenario took too long"),
    ],
)
def test_a_problem_is_said_in_words_next_to_its_field(error: str, date: str, field: str, start: str) -> None:
    where, message = field_problem(error, date)
    assert (where, message[: len(start)]) == (field, start)
    assert "Input should" not in message and "event_date" not in message and message.endswith(".")
    if error.startswith("“2027-13”"):
        assert message.endswith(": “2027-13” has no month 13.")
