"""A verdict keeps each outcome's value and reason once, in its decision, and serialises as it always did."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.engine.verdict import OutcomeDecision, Verdict


def test_outcomes_and_reasons_are_read_from_the_decisions() -> None:
    verdict = evaluate(Scenario(event_date=2027, profit="US$150 billion"))
    assert verdict.outcomes == {o: d.value for o, d in verdict.decisions.items()}
    assert verdict.reasons == {o: d.reason for o, d in verdict.decisions.items()}
    assert all(verdict.reasons.values())


def test_the_json_has_the_keys_it_always_had_and_reads_back() -> None:
    verdict = evaluate(Scenario(event_date=2027, profit="US$80 billion"))
    data = verdict.model_dump(mode="json")
    assert list(data) == [
        "outcomes",
        "reasons",
        "decisions",
        "scenario",
        "terms",
        "trace",
        "assumptions",
        "readings",
        "rate",
        "notices",
        "compared",
    ]
    assert data["compared"] == {}
    assert set(data["decisions"]["agi_reached"]) == {"value", "status", "clauses", "depends_on"}
    assert data["reasons"]["agi_reached"].startswith("Undetermined: the sources disagree")
    assert Verdict.model_validate(data) == verdict
    assert Verdict.model_validate_json(verdict.model_dump_json()) == verdict


def test_a_decision_status_is_one_of_its_four_values() -> None:
    assert OutcomeDecision(value=None, status="silent").status == "silent"
    with pytest.raises(ValidationError):
        OutcomeDecision(value=None, status="maybe")  # type: ignore[arg-type]
