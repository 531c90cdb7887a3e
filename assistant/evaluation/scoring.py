"""A suite's metrics from its case results, by suite kind.

Every suite: ``pass_rate`` (cases that passed), ``latency_p50_ms``, ``latency_p95_ms``.

- retrieval: ``recall@k`` (k = the ``top_k`` chunks the answerer gets), ``recall@10``,
  ``mrr@10``, ``ndcg@10`` — computed by ranx over gold passages (see
  :func:`assistant.evaluation.matching.label_ranking`).
- qa, robustness, followup: ``answer_rate`` (questions expected to be answered that were),
  ``fact_accuracy`` (must_state facts found / facts required), ``citation_validity`` (citations
  verbatim at their offsets / citations), ``citation_precision`` (citations overlapping a gold
  passage / citations, over questions with gold passages), ``gold_citation_rate`` (questions with
  gold passages whose answer cites one).
- whatif, followup: ``outcome_accuracy`` (expected outcomes matched / expected), ``routing_accuracy``
  (questions sent to the clause evaluator or not, as expected), ``parse_accuracy`` (expected facts
  read right / expected), ``clause_accuracy`` (clauses expected to apply that did).
- abstain: ``abstain_precision``, ``abstain_recall``, ``abstain_f1`` (declining is the positive
  class), ``decision_accuracy``.
- followup: ``turn_pass_rate`` as well (``pass_rate`` counts whole conversations).
- casual: see :mod:`assistant.evaluation.casual`, over all cases and as ``tuning.<metric>`` and
  ``heldout.<metric>`` over each half of the suite's split.
- every suite whose questions expect a kind of answer: ``ece``, the expected calibration error
  of the answer-or-decline decision (see :mod:`assistant.evaluation.calibration`).

A metric with nothing to measure (no citations, say) is left out rather than reported as 0 or 1.
"""

from __future__ import annotations

from assistant.evaluation.calibration import turn_reliability
from assistant.evaluation.casual import split_metrics
from assistant.evaluation.metrics import RankedQuery, binary_scores, ir_metrics, percentile, ratio
from assistant.evaluation.results import CaseResult, TurnResult

IR_CUTOFF = 10
ANSWERING_KINDS = ("qa", "robustness", "followup")
VERDICT_KINDS = ("whatif", "followup")


def summarise(kind: str, cases: list[CaseResult], top_k: int) -> dict[str, float]:
    """The metrics of one suite (see the module docstring), rounded to 4 places."""
    turns = [t for c in cases for t in c.turns]
    values: dict[str, float | None] = {"pass_rate": ratio(sum(c.passed for c in cases), len(cases))}
    if kind == "retrieval":
        values.update(retrieval_metrics(cases, top_k))
    if kind in ANSWERING_KINDS:
        values.update(answering_metrics(turns))
    if kind in VERDICT_KINDS:
        values.update(verdict_metrics(turns))
    if kind == "abstain":
        values.update(abstention_metrics(turns))
    if kind == "followup":
        values["turn_pass_rate"] = ratio(sum(t.passed for t in turns), len(turns))
    if kind == "casual":
        values.update(split_metrics(cases))
    elif (calibration := turn_reliability(turns)) is not None:
        values["ece"] = calibration.ece
    latencies = [t.latency_ms for t in turns]
    values["latency_p50_ms"] = percentile(latencies, 50)
    values["latency_p95_ms"] = percentile(latencies, 95)
    return {name: round(value, 4) for name, value in values.items() if value is not None}


def retrieval_metrics(cases: list[CaseResult], top_k: int) -> dict[str, float | None]:
    """Mean recall@k, recall@10, MRR@10 and nDCG@10 over the cases, through ranx."""
    queries = [
        RankedQuery(f"{c.id}#{n}", t.relevant, t.ranking) for c in cases for n, t in enumerate(c.turns) if t.relevant
    ]
    if not queries:
        return {}
    names = {"recall@k": f"recall@{top_k}", "recall@10": "recall@10", "mrr@10": "mrr@10", "ndcg@10": "ndcg@10"}
    scores = ir_metrics(queries, sorted(set(names.values())))
    return {label: sum(scores[metric].values()) / len(queries) for label, metric in names.items()}


def answering_metrics(turns: list[TurnResult]) -> dict[str, float | None]:
    """Answer rate, fact accuracy, citation validity and precision, gold citation rate."""
    should_answer = [t for t in turns if t.expect == "answer"]
    answered = [t for t in turns if t.cited_gold is not None and t.kind == "answer"]
    facts = [found for t in turns for found in t.facts]
    with_gold = [t for t in turns if t.cited_gold is not None]
    return {
        "answer_rate": ratio(sum(t.kind == "answer" for t in should_answer), len(should_answer)),
        "fact_accuracy": ratio(sum(facts), len(facts)),
        "citation_validity": ratio(sum(t.valid_citations for t in turns), sum(t.citations for t in turns)),
        "citation_precision": ratio(sum(t.gold_citations for t in answered), sum(t.answer_citations for t in answered)),
        "gold_citation_rate": ratio(sum(bool(t.cited_gold) for t in with_gold), len(with_gold)),
    }


def verdict_metrics(turns: list[TurnResult]) -> dict[str, float | None]:
    """Outcome, routing, parse and clause accuracy."""
    outcomes = [ok for t in turns for ok in t.outcomes.values()]
    routed = [t for t in turns if t.expected_whatif is not None]
    parsed = [ok for t in turns for ok in t.parsed.values()]
    fired = [ok for t in turns for ok in t.fired.values()]
    return {
        "outcome_accuracy": ratio(sum(outcomes), len(outcomes)),
        "routing_accuracy": ratio(sum(t.routed_whatif == t.expected_whatif for t in routed), len(routed)),
        "parse_accuracy": ratio(sum(parsed), len(parsed)),
        "clause_accuracy": ratio(sum(fired), len(fired)),
    }


def abstention_metrics(turns: list[TurnResult]) -> dict[str, float | None]:
    """Precision, recall and F1 of declining, and the share of right answer-or-decline decisions."""
    decided = [t for t in turns if t.expect is not None and t.kind is not None]
    if not decided:
        return {}
    pairs = [(t.expect == "abstain", t.kind == "abstain") for t in decided]
    scores = binary_scores(pairs)
    return {
        "abstain_precision": scores.precision,
        "abstain_recall": scores.recall,
        "abstain_f1": scores.f1,
        "decision_accuracy": ratio(sum(e == g for e, g in pairs), len(pairs)),
    }
