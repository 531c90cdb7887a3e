"""Metric functions: IR metrics through ranx, abstention precision/recall/F1, ratios, percentiles.

ranx (and numba under it) is imported only when retrieval metrics are computed: it takes a couple
of seconds to import, and its metric kernels are compiled on first use and then cached.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

NO_RESULT = "__no-result__"


@dataclass(frozen=True)
class RankedQuery:
    """One retrieval query for the IR metrics.

    Attributes:
        id: The query's id (unique in a run).
        relevant: Ids of the relevant items (gold passages).
        ranking: The retrieved items, best first; an entry with several ids holds them all at that rank.
    """

    id: str
    relevant: Sequence[str]
    ranking: Sequence[Sequence[str]]


def ir_metrics(queries: Sequence[RankedQuery], metrics: Sequence[str]) -> dict[str, dict[str, float]]:
    """Compute ranx metrics (``"recall@5"``, ``"mrr@10"``, ``"ndcg@10"`` …) for every query.

    Items are scored ``1 / rank`` so ranx keeps the retriever's order; the ids of one entry share
    its score. Queries with no relevant item are not allowed (ranx would drop them).

    Args:
        queries: The queries, each with at least one relevant id.
        metrics: ranx metric names.

    Returns:
        For each metric, the score of every query by query id.

    Raises:
        ValueError: When a query has no relevant items or two queries share an id.
    """
    if not queries:
        return {m: {} for m in metrics}
    qrels: dict[str, dict[str, int]] = {}
    run: dict[str, dict[str, float]] = {}
    for query in queries:
        if not query.relevant:
            raise ValueError(f"query {query.id!r} has no relevant items")
        if query.id in qrels:
            raise ValueError(f"query id {query.id!r} is used twice")
        qrels[query.id] = {item: 1 for item in query.relevant}
        scores: dict[str, float] = {}
        for rank, entry in enumerate(query.ranking, start=1):
            for item in entry:
                scores.setdefault(item, 1.0 / rank)
        run[query.id] = scores or {NO_RESULT: 0.0}
    from ranx import Qrels, Run, evaluate

    ranx_run = Run(run)
    with warnings.catch_warnings():
        # ranx's kernels warn about an unsigned-to-signed cast that cannot matter at these sizes.
        warnings.simplefilter("ignore")
        evaluate(Qrels(qrels), ranx_run, list(metrics), make_comparable=True, threads=1)
    return {m: {q: float(v) for q, v in ranx_run.scores[m].items()} for m in metrics}


@dataclass(frozen=True)
class BinaryScores:
    """Precision, recall and F1 of one decision (here: declining to answer)."""

    precision: float
    recall: float
    f1: float
    true_positives: int
    predicted: int
    actual: int


def binary_scores(pairs: Iterable[tuple[bool, bool]]) -> BinaryScores:
    """Precision, recall and F1 from ``(expected, predicted)`` pairs of a yes/no decision.

    Precision is 1 when nothing was predicted and recall 1 when nothing was expected (no mistakes
    of that kind were possible); F1 is their harmonic mean, 0 when both are 0.
    """
    tp = predicted = actual = 0
    for expected, got in pairs:
        tp += expected and got
        predicted += got
        actual += expected
    precision = tp / predicted if predicted else 1.0
    recall = tp / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BinaryScores(precision, recall, f1, tp, predicted, actual)


def ratio(numerator: int | float, denominator: int | float) -> float | None:
    """``numerator / denominator``, or ``None`` when there is nothing to measure."""
    return numerator / denominator if denominator else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0–100) by linear interpolation, ``None`` for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100.0
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def mean(values: Sequence[float]) -> float | None:
    """The arithmetic mean, ``None`` for no values."""
    return sum(values) / len(values) if values else None
