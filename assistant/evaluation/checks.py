"""Checking one answer (or verdict, or ranking) against a turn's expectations.

A turn passes when every check it asks for passes:

- ``expect``: the answer's kind (``answer``, ``whatif``, ``abstain``) is the expected one;
- ``must_state``: every fact is in the answer's text (see :mod:`assistant.evaluation.matching`);
- ``gold`` (when an answer is expected): at least one citation overlaps a gold passage;
- citations: every quote is verbatim in its corpus file at its offsets;
- ``outcomes``, ``facts``, ``fires``: the verdict's outcomes, the parsed scenario's facts and the
  clauses that applied match.

Citation precision (cited passages that are gold) is measured but does not decide a pass: a
correct answer may quote one more relevant sentence than the case lists. Neither do whether the
answer's one-sentence summary states the facts, nor how much of the question's wording its gold
passages share (:mod:`assistant.evaluation.overlap`); both are recorded for the report.
"""

from __future__ import annotations

import datetime
from typing import Any

from assistant.answering.caveats import answer_markers
from assistant.corpus.sources import SourceTexts
from assistant.evaluation.cases import Turn
from assistant.evaluation.matching import Span, describe_fact, fact_found, label_ranking
from assistant.evaluation.overlap import gold_overlap, gold_quotes
from assistant.evaluation.results import TurnResult
from assistant.models import Answer
from assistant.whatif.engine.verdict import Verdict

TEXT_KEPT = 600
_NAMES = {True: "yes", False: "no", None: "undetermined"}


def check_answer(
    turn: Turn, answer: Answer, sources: SourceTexts, latency_ms: float, *, decision_only: bool = False
) -> TurnResult:
    """Check an answer from :func:`assistant.answer` against ``turn``.

    Args:
        turn: The expectations.
        answer: What the assistant returned.
        sources: The corpus, to check citations.
        latency_ms: How long the call took.
        decision_only: Check only whether the answer declined as expected (abstain suites):
            ``expect: answer`` is then met by a grounded answer or a what-if verdict alike.
    """
    result = TurnResult(
        question=turn.question or "",
        kind=answer.kind,
        expect=turn.expect,
        confidence=answer.confidence,
        latency_ms=latency_ms,
        text=answer.text[:TEXT_KEPT],
    )
    if turn.expect is not None:
        result.expected_whatif = turn.expect == "whatif"
        result.routed_whatif = answer.kind == "whatif"
        if decision_only:
            if (answer.kind == "abstain") != (turn.expect == "abstain"):
                result.fail(
                    "declined a question it should answer"
                    if answer.kind == "abstain"
                    else "answered a question it should decline"
                )
        elif answer.kind != turn.expect:
            result.fail(f"expected kind {turn.expect}, got {answer.kind}")
    for fact in turn.must_state:
        found = fact_found(fact, answer.text)
        result.facts.append(found)
        if not found:
            result.fail(f"does not state {describe_fact(fact)}")
        result.summary_facts.append(answer.summary is not None and fact_found(fact, answer.summary))
    result.overlap = gold_overlap(turn.question or "", gold_quotes(turn.gold, sources))
    _check_citations(turn, answer, sources, result)
    if turn.outcomes or turn.facts or turn.fires:
        _check_verdict(turn, _verdict_of(answer), result)
    return result


def check_scenario(turn: Turn, verdict: Verdict, latency_ms: float) -> TurnResult:
    """Check a verdict of a scenario evaluated directly against ``turn``."""
    scenario = turn.scenario
    described = ", ".join(scenario.describe()) if scenario is not None else ""
    result = TurnResult(question=f"(scenario) {described}", latency_ms=latency_ms)
    _check_verdict(turn, verdict, result)
    return result


def check_ranking(turn: Turn, retrieved: list[tuple[str, Span]], k: int, latency_ms: float) -> TurnResult:
    """Check a retrieval ranking: the case passes when every gold passage is among the top ``k`` chunks."""
    labels = label_ranking(retrieved, list(turn.gold))
    result = TurnResult(
        question=turn.question or "",
        latency_ms=latency_ms,
        ranking=labels,
        relevant=[g.id for g in turn.gold],
    )
    found = {item for entry in labels[:k] for item in entry}
    for gold in turn.gold:
        if gold.id not in found:
            rank = next((n for n, entry in enumerate(labels, start=1) if gold.id in entry), None)
            if rank is None:
                result.fail(f"gold passage {gold.id} not among the {len(labels)} chunks retrieved")
            else:
                result.fail(f"gold passage {gold.id} at rank {rank}, not in the top {k}")
    return result


def _check_citations(turn: Turn, answer: Answer, sources: SourceTexts, result: TurnResult) -> None:
    result.citations = len(answer.citations)
    own = answer_markers(answer.text)
    cites_gold = False
    for number, citation in enumerate(answer.citations, start=1):
        document = sources.get(citation.source)
        if document is not None and document.text[citation.start : citation.end] == citation.quote:
            result.valid_citations += 1
        else:
            result.fail(f"citation [{number}] is not verbatim in {citation.source} at {citation.start}-{citation.end}")
        span = Span(citation.source, citation.start, citation.end)
        is_gold = any(gold.hit_by(span) for gold in turn.gold)
        cites_gold = cites_gold or is_gold
        if own and number not in own:
            continue  # cited only by a "Changed on …" line: valid, gold or not, but not part of the answer
        result.answer_citations += 1
        result.gold_citations += is_gold
    if turn.gold and turn.expect != "abstain":
        result.cited_gold = cites_gold
        if not result.cited_gold:
            cited = ", ".join(sorted({c.source for c in answer.citations})) or "nothing"
            result.fail(f"cites no gold passage (cited {cited})")


def _verdict_of(answer: Answer) -> Verdict | None:
    verdict = answer.verdict
    if verdict is None or isinstance(verdict, Verdict):
        return verdict
    return Verdict.model_validate(verdict)


def _check_verdict(turn: Turn, verdict: Verdict | None, result: TurnResult) -> None:
    if verdict is None:
        for outcome in turn.outcomes:
            result.outcomes[outcome] = False
        for name in turn.facts:
            if name != "date_precision":
                result.parsed[name] = False
        for clause in turn.fires:
            result.fired[clause] = False
        if turn.outcomes or turn.facts or turn.fires:
            result.fail("no verdict from the clause evaluator")
        return
    for outcome, expected in turn.outcomes.items():
        got = verdict.outcomes.get(outcome)  # type: ignore[call-overload]
        result.outcomes[outcome] = got is expected
        if got is not expected:
            result.fail(f"{outcome}: expected {_NAMES[expected]}, got {_NAMES.get(got, got)}")
    for name, expected in turn.facts.items():
        if name == "date_precision":
            continue  # checked with event_date
        got = getattr(verdict.scenario, name)
        ok = _same_fact(expected, got)
        shown_expected, shown_got = _show(expected), _show(got)
        if name == "event_date" and "date_precision" in turn.facts:
            ok = ok and verdict.scenario.date_precision == turn.facts["date_precision"]
            shown_expected = f"{shown_expected} ({turn.facts['date_precision']})"
            shown_got = f"{shown_got} ({verdict.scenario.date_precision})"
        result.parsed[name] = ok
        if not ok:
            result.fail(f"read {name} as {shown_got}, expected {shown_expected}")
    applied = {step.clause for step in verdict.trace if step.applies}
    for clause in turn.fires:
        result.fired[clause] = clause in applied
        if clause not in applied:
            result.fail(f"clause {clause} did not apply")


def _same_fact(expected: Any, got: Any) -> bool:
    if isinstance(expected, datetime.date) and isinstance(got, datetime.date):
        return expected == got
    if hasattr(expected, "amount") and hasattr(got, "amount"):
        return bool(expected.amount == got.amount and expected.currency == got.currency)
    return bool(expected == got)


def _show(value: Any) -> str:
    if isinstance(value, str):
        return value
    if hasattr(value, "display"):
        return str(value.display())
    if isinstance(value, datetime.date):
        return value.isoformat()
    return repr(value)
