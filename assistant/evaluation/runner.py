"""Running suites against a system under test and collecting per-case results.

The system is anything with ``answer``, ``retrieve`` and ``top_k`` (see :class:`System`): the
real assistant in a variant's configuration (:mod:`assistant.evaluation.variants`), or a small
fake in tests. Scenario cases (whatif cases without a question) go to the clause evaluator
directly.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from assistant.corpus.sources import SourceTexts
from assistant.evaluation.cases import Case, Suite
from assistant.evaluation.checks import check_answer, check_ranking, check_scenario
from assistant.evaluation.matching import Span
from assistant.evaluation.results import CaseResult, SuiteResult, TurnResult
from assistant.evaluation.scoring import summarise
from assistant.models import Answer
from assistant.whatif.engine.evaluator import evaluate

RETRIEVAL_DEPTH = 10
Progress = Callable[[str], None]


class System(Protocol):
    """What the runner needs from the system under test."""

    top_k: int

    def answer(self, question: str, history: list[tuple[str, str]], terms: str | None) -> Answer:
        """Answer a question given earlier ``(question, answer_text)`` turns."""
        ...

    def retrieve(self, question: str, depth: int) -> list[tuple[str, Span]]:
        """The top ``depth`` chunks for ``question`` as ``(chunk_id, span)``, best first."""
        ...


def run_case(system: System, suite: Suite, case: Case, sources: SourceTexts) -> CaseResult:
    """Run one case (every turn of a conversation, feeding the history) and check it."""
    turns: list[TurnResult] = []
    history: list[tuple[str, str]] = []
    for turn in case.turns:
        started = time.perf_counter()
        if suite.kind == "retrieval":
            assert turn.question is not None
            depth = max(RETRIEVAL_DEPTH, system.top_k)
            retrieved = system.retrieve(turn.question, depth)
            result = check_ranking(turn, retrieved, system.top_k, _ms(started))
        elif turn.scenario is not None:
            verdict = evaluate(turn.scenario, turn.terms)
            result = check_scenario(turn, verdict, _ms(started))
        else:
            assert turn.question is not None
            answer = system.answer(turn.question, list(history), turn.terms)
            result = check_answer(turn, answer, sources, _ms(started), decision_only=suite.kind == "abstain")
            history.append((turn.question, answer.text))
        turns.append(result)
    return CaseResult(
        suite=suite.name,
        id=case.id,
        category=case.category,
        passed=all(t.passed for t in turns),
        turns=turns,
        persona=case.persona,
        half=case.half,
    )


def run_suite(system: System, suite: Suite, sources: SourceTexts, progress: Progress | None = None) -> SuiteResult:
    """Run every case of ``suite`` and summarise it.

    Args:
        system: The system under test.
        suite: The validated suite.
        sources: The corpus, to check citations.
        progress: Called after each case with the suite's name.

    Returns:
        The per-case results, the suite's metrics and its per-category pass counts.
    """
    started = time.perf_counter()
    results = []
    for case in suite.cases:
        results.append(run_case(system, suite, case, sources))
        if progress is not None:
            progress(suite.name)
    categories: dict[str, dict[str, int]] = {}
    for result in results:
        counts = categories.setdefault(result.category, {"cases": 0, "passed": 0})
        counts["cases"] += 1
        counts["passed"] += result.passed
    return SuiteResult(
        name=suite.name,
        kind=suite.kind,
        file=suite.label,
        cases=results,
        metrics=summarise(suite.kind, results, system.top_k),
        categories=categories,
        seconds=round(time.perf_counter() - started, 3),
    )


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000.0, 2)
