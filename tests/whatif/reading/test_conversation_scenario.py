from __future__ import annotations

import datetime

from assistant.agreement.money import Money
from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.whatif.reading.conversation_scenario import rebuild_scenario
from assistant.whatif.respond import respond

LOCATE = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000).cite

TODAY = datetime.date(2026, 5, 10)
PROFIT_Q = "What if OpenAI makes $150 billion in profit in 2027: does Microsoft keep access to its technology?"
ORACLE_Q = "If Microsoft can't meet a new capacity request for training, can OpenAI go to Oracle?"


def test_and_the_api_in_that_case_changes_only_the_workload() -> None:
    first = respond(ORACLE_Q, [], terms="2025-01", today=TODAY, locate=LOCATE)
    assert first is not None and first.verdict is not None
    assert first.verdict.outcomes["openai_may_use_other_cloud"] is True

    follow = respond("And the API in that case?", [ORACLE_Q], terms="2025-01", today=TODAY, locate=LOCATE)
    assert follow is not None and follow.verdict is not None
    before, after = first.verdict.scenario, follow.verdict.scenario
    assert after.workload == "api"
    assert after.model_dump(exclude={"workload"}) == before.model_dump(exclude={"workload"})
    assert follow.verdict.outcomes["openai_may_use_other_cloud"] is False
    assert follow.focus[:2] == ["api_exclusive_to_azure", "openai_may_use_other_cloud"]
    assert any("Follow-up" in n and ORACLE_Q in n for n in follow.notices)


def test_what_about_another_year_changes_only_the_date() -> None:
    history = [PROFIT_Q]
    follow = respond("What about in 2033?", history, terms="2025-01", today=TODAY, locate=LOCATE)
    assert follow is not None and follow.verdict is not None
    scenario = follow.verdict.scenario
    assert scenario.event_date == datetime.date(2033, 1, 1) and scenario.date_precision == "year"
    assert scenario.profit == Money(amount=150_000_000_000, currency="USD")
    assert follow.verdict.outcomes["agi_reached"] is True
    assert follow.focus == ["microsoft_ip_access"]
    assert "Reading your question as: profit US$150 billion; year 2033;" in follow.text


def test_follow_ups_chain_oldest_first() -> None:
    history = [ORACLE_Q, "And the API in that case?"]
    follow = respond("What about in 2033?", history, today=TODAY, locate=LOCATE)
    assert follow is not None and follow.verdict is not None
    scenario = follow.verdict.scenario
    assert (scenario.workload, scenario.provider, scenario.microsoft_can_meet) == ("api", "oracle", False)
    assert scenario.event_date == datetime.date(2033, 1, 1)
    assert follow.verdict.outcomes["openai_may_use_other_cloud"] is True
    assert follow.verdict.outcomes["api_exclusive_to_azure"] is False


def test_a_new_amount_instead_replaces_the_profit() -> None:
    follow = respond("What if it's A$120 billion instead?", [PROFIT_Q], terms="2025-01", today=TODAY, locate=LOCATE)
    assert follow is not None and follow.verdict is not None
    assert follow.verdict.scenario.profit == Money(amount=120_000_000_000, currency="AUD")
    assert follow.verdict.scenario.event_date == datetime.date(2027, 1, 1)
    assert follow.verdict.outcomes["agi_reached"] is None


def test_general_questions_in_between_do_not_reset_the_scenario() -> None:
    history = [PROFIT_Q, "How is AGI defined?"]
    state = rebuild_scenario(history, TODAY)
    assert state is not None and state.facts["profit"] == Money(amount=150_000_000_000, currency="USD")
    follow = respond("What about in 2031?", history, today=TODAY, locate=LOCATE)
    assert follow is not None and follow.verdict is not None
    assert follow.verdict.scenario.profit is not None


def test_a_new_what_if_starts_a_new_scenario() -> None:
    state = rebuild_scenario([PROFIT_Q, "What if AGI is declared in 2029?"], TODAY)
    assert state is not None
    assert "profit" not in state.facts and state.facts["agi_declared"] is True


def test_follow_up_without_history_is_not_for_the_evaluator() -> None:
    assert respond("And the API in that case?", [], today=TODAY, locate=LOCATE) is None
    assert respond("What about in 2033?", None, today=TODAY, locate=LOCATE) is None


def test_rebuilding_is_deterministic() -> None:
    history = [ORACLE_Q, "And the API in that case?", "What about in 2033?"]
    assert rebuild_scenario(history, TODAY) == rebuild_scenario(list(history), TODAY)


def test_notes_follow_the_fact_they_concern() -> None:
    history = ["What if OpenAI makes 1.5 trillion in profit after 2030?"]
    state = rebuild_scenario(history, TODAY)
    assert state is not None
    assert any("no currency given" in n for n in state.readings)
    assert any("first year after 2030" in n for n in state.readings)
    follow = respond("What about in 2029?", history, today=TODAY, locate=LOCATE)
    assert follow is not None
    assert "No currency given" in follow.text
    assert "first year after 2030" not in follow.text
