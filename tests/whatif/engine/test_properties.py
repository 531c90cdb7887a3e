"""Property tests: evaluation is deterministic, monotone in profit, and the term only ends once."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.agreement.money import Money
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.scenario import Scenario

RANK = {False: 0, None: 1, True: 2}
amounts = st.decimals(min_value=0, max_value=Decimal(10) ** 13, places=2, allow_nan=False, allow_infinity=False)
currencies = st.sampled_from(["USD", "AUD"])
dates = st.dates(min_value=datetime.date(2025, 1, 21), max_value=datetime.date(2045, 12, 31))
maybe_bool = st.sampled_from([True, False, None])
workloads = st.sampled_from(["api", "research", "training", "product", None])


VERSIONS = ["2025-01", "2025-10", "2026-02", "2026-04"]


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    capacity = draw(maybe_bool)
    declared = draw(maybe_bool)
    return Scenario(
        event_date=draw(st.one_of(st.none(), dates)),
        profit=draw(st.one_of(st.none(), st.builds(lambda a, c: Money(amount=a, currency=c), amounts, currencies))),
        agi_declared=declared,
        agi_verified_by_panel=None if declared is False else draw(maybe_bool),
        capacity_request=capacity,
        microsoft_can_meet=None if capacity is False else draw(maybe_bool),
        workload=draw(workloads),
        provider=draw(st.sampled_from(["azure", "oracle", "aws", None])),
    )


@pytest.mark.parametrize("terms", VERSIONS)
@settings(max_examples=30, deadline=None)
@given(scenario=scenarios())
def test_evaluation_is_deterministic(terms: str, scenario: Scenario) -> None:
    first = evaluate(scenario, terms)
    again = evaluate(Scenario.model_validate_json(scenario.model_dump_json()), terms)
    assert first == again


@pytest.mark.parametrize("terms", VERSIONS)
@settings(max_examples=40, deadline=None)
@given(scenario=scenarios())
def test_no_conflicts_and_every_undetermined_outcome_says_why(terms: str, scenario: Scenario) -> None:
    verdict = evaluate(scenario, terms)
    for outcome, value in verdict.outcomes.items():
        decision = verdict.decisions[outcome]
        assert decision.status != "conflict", verdict.reasons[outcome]
        if value is None:
            assert decision.status in ("undetermined", "silent")
            assert verdict.reasons[outcome].startswith(("Undetermined", "The agreement is silent"))
        else:
            assert decision.status == "decided" and decision.clauses


@settings(max_examples=50, deadline=None)
@given(amounts, amounts, currencies, dates)
def test_agi_is_monotone_in_profit(first: Decimal, second: Decimal, currency: str, day: datetime.date) -> None:
    low, high = sorted((first, second))

    def outcomes(amount: Decimal) -> dict:
        scenario = Scenario(event_date=day, profit=Money(amount=amount, currency=currency))
        return evaluate(scenario).outcomes

    at_low, at_high = outcomes(low), outcomes(high)
    assert RANK[at_low["agi_reached"]] <= RANK[at_high["agi_reached"]]
    for right in ("microsoft_ip_access", "api_exclusive_to_azure", "revenue_sharing", "microsoft_first_refusal"):
        assert RANK[at_low[right]] >= RANK[at_high[right]]


@settings(max_examples=40, deadline=None)
@given(dates, dates)
def test_core_terms_never_come_back_once_ended(first: datetime.date, second: datetime.date) -> None:
    early, late = sorted((first, second))
    before = evaluate(Scenario(event_date=early)).outcomes
    after = evaluate(Scenario(event_date=late)).outcomes
    for right in ("microsoft_ip_access", "api_exclusive_to_azure", "revenue_sharing", "microsoft_first_refusal"):
        assert RANK[before[right]] >= RANK[after[right]]
        assert after[right] is (late <= datetime.date(2030, 12, 31))
