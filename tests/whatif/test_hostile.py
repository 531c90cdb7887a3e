"""Absurd and contradictory what-if values are reported, never silently replaced by a default."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.agreement.money import Money
from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.reading.question_parser import parse_question
from assistant.whatif.respond import respond

LOCATE = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000).cite

TODAY = datetime.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("What if OpenAI makes -5 billion dollars profit in 2027?", "negative"),
        ("What if OpenAI makes NaN billion dollars in 2027?", "not a finite number"),
        ("What if OpenAI makes $1e400 in profit?", "too large"),
        ("What if OpenAI makes $999999999999999999999999 trillion in profit in 2027?", "too large"),
        ("What if AGI is declared in year 0?", "Year 0"),
        ("What if AGI is declared in 99999?", "Year 99999"),
        ("What if OpenAI makes $150 billion on 30 February 2027?", "30 February 2027"),
        ("What if AGI is declared and AGI is not declared in 2027?", "both that AGI is declared and that it is not"),
    ],
)
def test_absurd_values_are_declined_naming_them(question: str, named: str) -> None:
    response = respond(question, [], today=TODAY, locate=LOCATE)
    assert response is not None and response.kind == "abstain"
    assert response.text.startswith("I can't evaluate this scenario")
    assert named in response.text


def test_a_five_digit_number_that_is_not_a_year_is_left_alone() -> None:
    parsed = parse_question("What if OpenAI has 12000 employees in 2027?", TODAY)
    assert parsed.problems == [] and parsed.facts["event_date"] == datetime.date(2027, 1, 1)


def test_before_and_after_agi_in_one_question_is_not_a_contradiction() -> None:
    parsed = parse_question("What happens to the API before AGI and after AGI in 2027?", TODAY)
    assert not any("both" in p for p in parsed.problems)


money = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["NaN", "inf", "-inf", "1e400", "0", "0.0000001", "1,000,000,000,000,000,000,000"]),
)
units = st.sampled_from(["", " billion", " trillion", "bn", " million", " dollars", " AUD", " A$"])
years = st.integers(min_value=-5, max_value=200_000)
days = st.integers(min_value=-3, max_value=40)
months = st.sampled_from(["January", "February", "June", "Smarch", "13"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(amount=money, unit=units, year=years, day=days, month=months, agi=st.booleans())
def test_generated_absurd_scenarios_never_raise(
    amount: str, unit: str, year: int, day: int, month: str, agi: bool
) -> None:
    question = (
        f"What if OpenAI makes ${amount}{unit} in profit on {day} {month} {year}"
        f"{' and AGI is declared' if agi else ''}: does Microsoft keep access?"
    )
    response = respond(question, [], today=TODAY, locate=LOCATE)
    if response is None:
        # Only when nothing in it reads as a fact or a problem: then it goes to retrieval, which may decline.
        parsed = parse_question(question, TODAY)
        assert set(parsed.facts) <= {"date_precision"} and not parsed.problems, (parsed.facts, parsed.problems)
        return
    assert response.kind in ("whatif", "abstain")
    assert response.text.strip()
    if response.kind == "abstain":
        assert response.text.startswith("I can't evaluate this scenario")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_parser_never_raises_on_any_text(text: str) -> None:
    parsed = parse_question(text, TODAY)
    assert all(isinstance(p, str) and p for p in parsed.problems)


# Every amount a scenario accepts: zero, or a cent up to 10^15 (beyond that, or below a cent, is refused).
extreme_amounts = st.one_of(
    st.just(Decimal(0)),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10) ** 15, allow_nan=False, allow_infinity=False),
)
extreme_dates = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))


@settings(max_examples=400, deadline=None)
@given(
    amount=st.one_of(st.none(), extreme_amounts),
    currency=st.sampled_from(["USD", "AUD"]),
    day=st.one_of(st.none(), extreme_dates),
    declared=st.sampled_from([True, False, None]),
    verified=st.sampled_from([True, False, None]),
    terms=st.sampled_from(["2025-01", "2025-10", "2026-02", "2026-04"]),
)
def test_the_evaluator_decides_or_explains_every_extreme_scenario(
    amount: Decimal | None,
    currency: str,
    day: datetime.date | None,
    declared: bool | None,
    verified: bool | None,
    terms: str,
) -> None:
    if verified and declared is False:
        verified = None  # a panel verifies a declaration: that combination is refused when the scenario is built
    scenario = Scenario(
        event_date=day,
        profit=None if amount is None else Money(amount=amount, currency=currency),
        agi_declared=declared,
        agi_verified_by_panel=verified,
    )
    verdict = evaluate(scenario, terms)
    for outcome, value in verdict.outcomes.items():
        assert verdict.reasons[outcome].strip()
        if value is None:
            assert verdict.decisions[outcome].status in ("undetermined", "silent", "conflict")


@pytest.mark.parametrize(
    ("amount", "message"),
    [(Decimal(10) ** 15 + 1, "too large"), (Decimal("1e400"), "too large"), (Decimal("0.001"), "less than a cent")],
)
def test_a_scenario_refuses_implausible_profit_naming_it(amount: Decimal, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Scenario(profit=Money(amount=amount, currency="USD"))
