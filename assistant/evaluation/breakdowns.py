"""The report's breakdowns: questions by gold overlap and length, casual cases by persona and half.

Overlap and length buckets (see :mod:`assistant.evaluation.overlap`) cover every question that
expects a plain answer or a decline (``expect: answer`` or ``abstain``: qa, abstain, robustness,
followup turns, casual, and the whatif suite's questions that belong to retrieval). Each bucket
gives ``questions``, ``pass_rate`` (questions that passed their checks) and the question metrics
of :func:`assistant.evaluation.casual.question_metrics`: ``in_scope_declined``,
``out_of_scope_answered`` and ``fact_accuracy`` (``None`` where there is nothing to measure).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from assistant.evaluation.calibration import turn_reliability
from assistant.evaluation.casual import question_metrics
from assistant.evaluation.metrics import ratio
from assistant.evaluation.overlap import LENGTH_BUCKETS, OVERLAP_BUCKETS, length_bucket, overlap_bucket
from assistant.evaluation.results import CaseResult, TurnResult
from assistant.evaluation.split import HALVES

BUCKETED_EXPECT = ("answer", "abstain")
BUCKET_METRICS = ("in_scope_declined", "out_of_scope_answered", "fact_accuracy")
PERSONA_METRICS = ("in_scope_declined", "out_of_scope_answered", "fact_accuracy", "summary_states_fact")


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def bucketed_turns(cases: Sequence[CaseResult]) -> list[TurnResult]:
    """The questions that go into the overlap and length buckets (answered or declined as expected)."""
    return [t for c in cases for t in c.turns if t.expect in BUCKETED_EXPECT and t.kind is not None]


def _stats(turns: Sequence[TurnResult]) -> dict[str, Any]:
    metrics = question_metrics(turns)
    return {
        "questions": len(turns),
        "pass_rate": _rounded(ratio(sum(t.passed for t in turns), len(turns))),
        **{name: _rounded(metrics[name]) for name in BUCKET_METRICS},
    }


def _by(turns: Sequence[TurnResult], names: tuple[str, ...], key: Callable[[TurnResult], str]) -> dict[str, Any]:
    return {name: _stats([t for t in turns if key(t) == name]) for name in names}


def bucket_table(cases: Sequence[CaseResult]) -> dict[str, dict[str, Any]]:
    """``{"overlap": {bucket: stats}, "length": {bucket: stats}}`` over the bucketed questions of ``cases``."""
    turns = bucketed_turns(cases)
    return {
        "overlap": _by(turns, OVERLAP_BUCKETS, lambda t: overlap_bucket(t.overlap)),
        "length": _by(turns, LENGTH_BUCKETS, lambda t: length_bucket(t.question)),
    }


def calibration_entry(cases: Sequence[CaseResult]) -> dict[str, Any] | None:
    """The reliability of the decisions in ``cases`` as the report holds it, or ``None`` when none is measured."""
    found = turn_reliability(t for c in cases for t in c.turns)
    return found.as_dict() if found is not None else None


def persona_table(cases: Sequence[CaseResult]) -> dict[str, dict[str, Any]]:
    """Per persona (in order of first appearance): cases, passed and the question metrics."""
    table: dict[str, dict[str, Any]] = {}
    for persona in dict.fromkeys(c.persona for c in cases if c.persona is not None):
        members = [c for c in cases if c.persona == persona]
        metrics = question_metrics([t for c in members for t in c.turns])
        table[persona] = {
            "cases": len(members),
            "passed": sum(c.passed for c in members),
            **{name: _rounded(metrics[name]) for name in PERSONA_METRICS},
        }
    return table


def half_counts(cases: Sequence[CaseResult]) -> dict[str, dict[str, int]]:
    """Cases and passes in each half of the split (empty when the suite names none)."""
    counts = {}
    for half in HALVES:
        members = [c for c in cases if c.half == half]
        if members:
            counts[half] = {"cases": len(members), "passed": sum(c.passed for c in members)}
    return counts
