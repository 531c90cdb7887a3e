from __future__ import annotations

import datetime
import json

import pytest

from assistant.agreement.money import CurrencyMismatchError, Money
from assistant.agreement.outcomes import OUTCOMES
from assistant.agreement.sheet import UnknownTermsError
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.engine.verdict import Verdict


def test_outcome_vocabulary_is_exactly_the_six_names() -> None:
    verdict = evaluate(Scenario(event_date=datetime.date(2027, 6, 30)))
    assert list(verdict.outcomes) == [
        "agi_reached",
        "microsoft_ip_access",
        "api_exclusive_to_azure",
        "revenue_sharing",
        "microsoft_first_refusal",
        "openai_may_use_other_cloud",
    ]
    assert list(verdict.reasons) == list(OUTCOMES)
    assert verdict.terms == "2025-01"


def test_trace_lists_every_clause_with_atoms_and_no_citations() -> None:
    verdict = evaluate(Scenario(event_date=datetime.date(2031, 1, 1)))
    ids = [step.clause for step in verdict.trace]
    assert len(ids) == len(set(ids)) == 15
    end = next(s for s in verdict.trace if s.clause == "core-terms-end-2025-01")
    assert end.applies is True and end.in_effect is True
    assert end.atoms[0].expression == "event_date > 2030-12-31"
    assert end.atoms[0].value is True
    assert end.atoms[0].inputs == {"event_date": "1 January 2031"}
    assert set(end.decided) == {
        "microsoft_ip_access",
        "api_exclusive_to_azure",
        "revenue_sharing",
        "microsoft_first_refusal",
    }
    assert "ip-access-2025-01 (microsoft_ip_access)" in end.overrides
    grant = next(s for s in verdict.trace if s.clause == "ip-access-2025-01")
    assert grant.applies is True
    assert grant.overridden_by == ["core-terms-end-2025-01 (microsoft_ip_access)"]
    assert not end.citations and not verdict.notices  # the engine cites nothing (see test_citing.py)


def test_clauses_that_do_not_apply_are_in_the_trace_too() -> None:
    verdict = evaluate(Scenario(event_date=datetime.date(2027, 1, 1)))
    agi = next(s for s in verdict.trace if s.clause == "agi-unravels-2025-01")
    assert agi.applies is False
    assert agi.atoms[0].expression == "agi_reached" and agi.atoms[0].value is False


def test_first_refusal_against_capacity_approval_shows_both_and_the_winner() -> None:
    verdict = evaluate(
        Scenario(
            event_date=datetime.date(2027, 1, 1), capacity_request=True, microsoft_can_meet=True, workload="training"
        )
    )
    approval = next(s for s in verdict.trace if s.clause == "research-training-capacity-2025-01")
    refusal = next(s for s in verdict.trace if s.clause == "first-refusal-microsoft-meets-2025-01")
    assert approval.applies is True and refusal.applies is True
    assert approval.overridden_by == ["first-refusal-microsoft-meets-2025-01 (openai_may_use_other_cloud)"]
    assert refusal.exception_to == "capacity-approval"
    assert "any fresh OpenAI cloud requirement" in (refusal.priority_reason or "")
    assert verdict.outcomes["openai_may_use_other_cloud"] is False
    reason = verdict.reasons["openai_may_use_other_cloud"]
    assert "It overrides “Approval to build capacity for research and training”" in reason
    assert "research-training-capacity-2025-01" not in reason


def test_readings_that_disagree_are_both_traced_with_the_rate() -> None:
    verdict = evaluate(
        Scenario(event_date=datetime.date(2027, 1, 1), profit=Money(amount=80_000_000_000, currency="USD"))
    )
    assert verdict.outcomes["agi_reached"] is None
    assert verdict.decisions["agi_reached"].depends_on == ["agi_profit_threshold"]
    by_reading = {r.choice["agi_profit_threshold"]: r.outcomes["agi_reached"] for r in verdict.readings}
    assert by_reading == {"article-aud": True, "other-sources-usd": False}
    threshold_steps = [s for s in verdict.trace if s.clause == "agi-profit-threshold-2025-01"]
    assert len(threshold_steps) == 2
    assert {s.reading for s in threshold_steps} == {r.label for r in verdict.readings}
    assert any(a.note and "0.625 USD per AUD" in a.note for s in threshold_steps for a in s.atoms)
    assert verdict.rate == "0.625 USD per AUD (the reference rate for January 2025)"
    assert all(not r.citations for r in verdict.readings)
    reason = verdict.reasons["agi_reached"]
    assert "as the article writes it (AUD$100 billion): yes" in reason
    assert "as every other source reports it (US$100 billion): no" in reason


def test_profit_in_aud_is_compared_without_conversion_under_the_aud_reading() -> None:
    verdict = evaluate(Scenario(event_date=2027, profit=Money(amount=100_000_000_000, currency="AUD")))
    aud_step = next(
        s for s in verdict.trace if s.clause == "agi-profit-threshold-2025-01" and "AUD$" in (s.reading or "")
    )
    assert aud_step.applies is True
    assert all(a.note is None for a in aud_step.atoms)


def test_money_in_a_currency_without_a_rate_is_a_type_error() -> None:
    with pytest.raises(CurrencyMismatchError, match="no reference rate"):
        evaluate(Scenario(event_date=2027, profit=Money(amount=5, currency="EUR")))


def test_unknown_terms() -> None:
    with pytest.raises(UnknownTermsError):
        evaluate(Scenario(), "2031-01")


def test_restricting_to_one_reading() -> None:
    scenario = Scenario(event_date=2027, profit=Money(amount=80_000_000_000, currency="USD"))
    assert evaluate(scenario, readings={"agi_profit_threshold": "article-aud"}).outcomes["agi_reached"] is True
    assert evaluate(scenario, readings={"agi_profit_threshold": "other-sources-usd"}).outcomes["agi_reached"] is False
    with pytest.raises(ValueError, match="no reading"):
        evaluate(scenario, readings={"agi_profit_threshold": "eur"})


def test_verdict_is_json_serialisable_and_round_trips() -> None:
    verdict = evaluate(Scenario(event_date=2027, profit=Money(amount=80_000_000_000, currency="USD"), workload="api"))
    data = json.loads(verdict.model_dump_json())
    assert data["outcomes"]["agi_reached"] is None
    assert data["scenario"]["profit"] == {"amount": "80000000000", "currency": "USD"}
    assert Verdict.model_validate_json(verdict.model_dump_json()) == verdict


def test_same_input_same_verdict() -> None:
    scenario = Scenario(event_date=2027, profit="AUD 120 billion", capacity_request=True, workload="training")
    first = evaluate(scenario).model_dump_json()
    assert all(
        evaluate(Scenario.model_validate_json(scenario.model_dump_json())).model_dump_json() == first for _ in range(3)
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"event_date": "2027-02-30"}, "2027-02-30 is not a date that exists"),
        ({"event_date": "0"}, "year 0"),
        ({"event_date": "0000-01-01"}, "year 0"),
        ({"profit": Money(amount=-1, currency="USD")}, "negative"),
        ({"profit": "nan"}, "not a finite number"),
        ({"capacity_request": False, "microsoft_can_meet": True}, "no request to meet"),
        ({"workload": "gpu"}, "workload"),
        ({"provider": "ibm"}, "provider"),
    ],
)
def test_impossible_scenarios_are_refused_naming_the_value(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Scenario(**kwargs)


def test_coarse_dates_stand_for_their_whole_period() -> None:
    assert Scenario(event_date="2030").period() == (datetime.date(2030, 1, 1), datetime.date(2030, 12, 31))
    assert Scenario(event_date="2024-02").period() == (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    assert Scenario(event_date=datetime.date(2030, 5, 5), date_precision="year").event_date == datetime.date(2030, 1, 1)
