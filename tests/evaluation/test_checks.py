from __future__ import annotations

from assistant.corpus.sources import SourceTexts
from assistant.evaluation.cases import Turn
from assistant.evaluation.checks import check_answer, check_ranking, check_scenario
from assistant.evaluation.matching import Span, locate
from assistant.models import Answer
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.scenario import Scenario

from .conftest import ARTICLE, cite

INTACT = "the bedrock of its long running partnership with OpenAI remains intact until 2030"


def gold(sources: SourceTexts, source: str, quote: str):  # type: ignore[no-untyped-def]
    document = sources.get(source)
    assert document is not None
    located = locate(source, quote, document.text)
    assert located is not None
    return located


def test_a_correct_answer_passes_every_check(sources: SourceTexts) -> None:
    citation = cite(sources, ARTICLE, INTACT)
    turn = Turn("Until when?", expect="answer", must_state=("2030",), gold=(gold(sources, ARTICLE, "until 2030"),))
    answer = Answer(kind="answer", text=f"{INTACT} [1]", citations=[citation], confidence=0.9)
    result = check_answer(turn, answer, sources, 12.5)
    assert result.passed and not result.problems
    assert (result.citations, result.valid_citations, result.gold_citations, result.cited_gold) == (1, 1, 1, True)
    assert result.facts == [True] and result.latency_ms == 12.5 and result.confidence == 0.9


def test_wrong_kind_missing_fact_forged_and_non_gold_citations_are_each_reported(sources: SourceTexts) -> None:
    real = cite(sources, ARTICLE, "HARNIS specialises in")
    forged = real.model_copy(update={"quote": "HARNIS specialises in nothing"})
    turn = Turn("Q?", expect="answer", must_state=("2030",), gold=(gold(sources, ARTICLE, "until 2030"),))
    answer = Answer(kind="whatif", text="HARNIS [1] [2]", citations=[real, forged], confidence=0.5)
    result = check_answer(turn, answer, sources, 1.0)
    assert not result.passed
    joined = " | ".join(result.problems)
    assert "expected kind answer, got whatif" in joined
    assert "does not state '2030'" in joined
    assert "citation [2] is not verbatim" in joined
    assert "cites no gold passage" in joined
    assert (result.valid_citations, result.gold_citations, result.routed_whatif, result.expected_whatif) == (
        1,
        0,
        True,
        False,
    )


def test_decision_only_accepts_a_whatif_answer_for_expect_answer(sources: SourceTexts) -> None:
    turn = Turn("Q?", expect="answer")
    whatif = Answer(kind="whatif", text="verdict", confidence=0.9)
    declined = Answer(kind="abstain", text="no", confidence=0.9)
    assert check_answer(turn, whatif, sources, 1.0, decision_only=True).passed
    assert not check_answer(turn, whatif, sources, 1.0).passed
    failed = check_answer(turn, declined, sources, 1.0, decision_only=True)
    assert failed.problems == ["declined a question it should answer"]


def test_verdict_checks_outcomes_facts_and_fired_clauses(sources: SourceTexts) -> None:
    scenario = Scenario.model_validate({"event_date": 2027, "profit": "US$150 billion"})
    verdict = evaluate(scenario)
    expected_facts = {
        "profit": scenario.profit,
        "event_date": scenario.event_date,
        "date_precision": "year",
        "agi_declared": None,
    }
    turn = Turn(
        "What if?",
        expect="whatif",
        outcomes={"agi_reached": True, "microsoft_ip_access": True},
        facts=expected_facts,
        fires=("agi-profit-threshold-2025-01", "core-terms-end-2025-01"),
    )
    answer = Answer(kind="whatif", text="…", confidence=0.9, verdict=verdict)
    result = check_answer(turn, answer, sources, 3.0)
    assert result.outcomes == {"agi_reached": True, "microsoft_ip_access": False}
    assert result.parsed == {"profit": True, "event_date": True, "agi_declared": True}
    assert result.fired == {"agi-profit-threshold-2025-01": True, "core-terms-end-2025-01": False}
    assert "microsoft_ip_access: expected yes, got no" in result.problems
    assert "clause core-terms-end-2025-01 did not apply" in result.problems


def test_a_misread_date_precision_is_a_parse_failure(sources: SourceTexts) -> None:
    verdict = evaluate(Scenario.model_validate({"event_date": "2027-06-30"}))
    turn = Turn(
        "Q", facts={"event_date": Scenario.model_validate({"event_date": 2027}).event_date, "date_precision": "year"}
    )
    result = check_answer(turn, Answer(kind="whatif", text="", confidence=0.5, verdict=verdict), sources, 1.0)
    assert result.parsed == {"event_date": False}
    assert "read event_date as 2027-06-30 (day), expected 2027-01-01 (year)" in result.problems


def test_no_verdict_fails_every_verdict_expectation(sources: SourceTexts) -> None:
    turn = Turn("Q", expect="whatif", outcomes={"agi_reached": False}, facts={"agi_declared": None}, fires=("x",))
    result = check_answer(turn, Answer(kind="answer", text="t", confidence=0.5), sources, 1.0)
    assert result.outcomes == {"agi_reached": False} and result.parsed == {"agi_declared": False}
    assert result.fired == {"x": False}
    assert "no verdict from the clause evaluator" in result.problems


def test_check_scenario_describes_the_scenario() -> None:
    scenario = Scenario.model_validate({"event_date": 2031})
    turn = Turn(None, scenario=scenario, outcomes={"revenue_sharing": False})
    result = check_scenario(turn, evaluate(scenario), 0.5)
    assert result.passed and result.question.startswith("(scenario) year 2031")


def test_check_ranking_passes_only_with_all_gold_in_the_top_k() -> None:
    text = "alpha beta gamma delta"
    a, g = locate("d", "alpha", text), locate("d", "gamma", text)
    assert a is not None and g is not None
    ranking = [("c1", Span("d", 0, 5)), ("c2", Span("d", 6, 10)), ("c3", Span("d", 11, 16))]
    turn = Turn("q", gold=(a, g))
    top3 = check_ranking(turn, ranking, 3, 1.0)
    assert top3.passed and top3.ranking == [[a.id], ["c2"], [g.id]] and top3.relevant == [a.id, g.id]
    top2 = check_ranking(turn, ranking, 2, 1.0)
    assert top2.problems == [f"gold passage {g.id} at rank 3, not in the top 2"]
    missing = check_ranking(Turn("q", gold=(g,)), ranking[:2], 2, 1.0)
    assert missing.problems == [f"gold passage {g.id} not among the 2 chunks retrieved"]
