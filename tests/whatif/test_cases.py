"""Runs every case in tests/whatif/cases/*.yaml (OpenFisca style) through the evaluator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.scenario import Scenario

CASES_DIR = Path(__file__).parent / "cases"
ALLOWED_KEYS = {
    "name",
    "terms",
    "scenario",
    "outcomes",
    "status",
    "decided_by",
    "reasons_contain",
    "assumptions_contain",
    "overridden",
}


def _cases() -> list[Any]:
    found = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            unknown = set(case) - ALLOWED_KEYS
            assert not unknown, f"{path.name}: case {case.get('name')!r} has unknown keys {unknown}"
            found.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return found


CASES = _cases()


def test_there_are_cases_for_every_file() -> None:
    assert len(CASES) >= 30
    assert {p.values[0]["name"] for p in CASES}


@pytest.mark.parametrize("case", CASES)
def test_case(case: dict[str, Any]) -> None:
    verdict = evaluate(Scenario.model_validate(case["scenario"]), case.get("terms"))
    for outcome, expected in case.get("outcomes", {}).items():
        assert verdict.outcomes[outcome] is expected, (outcome, verdict.reasons[outcome])
    for outcome, status in case.get("status", {}).items():
        assert verdict.decisions[outcome].status == status, (outcome, verdict.reasons[outcome])
    for outcome, clauses in case.get("decided_by", {}).items():
        assert verdict.decisions[outcome].clauses[: len(clauses)] == clauses, verdict.decisions[outcome]
    for outcome, fragments in case.get("reasons_contain", {}).items():
        for fragment in fragments:
            assert fragment in verdict.reasons[outcome], (fragment, verdict.reasons[outcome])
    for fragment in case.get("assumptions_contain", []):
        assert any(fragment in a for a in verdict.assumptions), (fragment, verdict.assumptions)
    for loser, winners in case.get("overridden", {}).items():
        step = next(s for s in verdict.trace if s.clause == loser)
        for winner in winners:
            assert any(o.startswith(winner) for o in step.overridden_by), step.overridden_by
