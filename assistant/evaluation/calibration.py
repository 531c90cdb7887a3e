"""Calibration: is ``answer.confidence`` the probability that the decision to answer or decline is right?

A question's decision is *right* when the assistant declined a question expected to be declined
(``expect: abstain``), or answered (grounded or what-if) a question expected to be answered and,
when the question lists ``must_state`` facts, stated every one of them. Declining an in-scope
question, answering an out-of-scope one, or answering without the facts is *wrong*. Questions
without an expected kind or without a confidence (retrieval, scenarios evaluated directly) are
left out.

Reliability: the confidences fall into equal-width bins over [0, 1] (the last bin includes 1.0);
each bin has its mean confidence, its accuracy (share right) and its count. The expected
calibration error is ``ECE = Σ_b (n_b / N) · |accuracy_b − mean_confidence_b|``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.evaluation.results import TurnResult

BINS = 10


@dataclass(frozen=True)
class ReliabilityBin:
    """One confidence bin.

    Attributes:
        low: Its lower edge (included).
        high: Its upper edge (excluded, except 1.0 in the last bin).
        count: Decisions whose confidence falls in it.
        mean_confidence: Their mean confidence.
        accuracy: The share of them that were right.
    """

    low: float
    high: float
    count: int
    mean_confidence: float
    accuracy: float


@dataclass(frozen=True)
class Reliability:
    """How well confidence matched correctness over ``n`` decisions.

    Attributes:
        n: Decisions measured.
        ece: The expected calibration error.
        bins: The non-empty bins, lowest first.
    """

    n: int
    ece: float
    bins: tuple[ReliabilityBin, ...]

    def as_dict(self) -> dict[str, Any]:
        """The report's form: ``{"n", "ece", "bins": [{"low", "high", "count", "mean_confidence", "accuracy"}]}``."""
        return {
            "n": self.n,
            "ece": round(self.ece, 4),
            "bins": [
                {
                    "low": b.low,
                    "high": b.high,
                    "count": b.count,
                    "mean_confidence": round(b.mean_confidence, 4),
                    "accuracy": round(b.accuracy, 4),
                }
                for b in self.bins
            ],
        }


def decision_right(turn: TurnResult) -> bool | None:
    """Whether the turn's answer-or-decline decision was right; ``None`` when it is not measured."""
    if turn.expect is None or turn.kind is None or turn.confidence is None:
        return None
    declined = turn.kind == "abstain"
    if turn.expect == "abstain":
        return declined
    return not declined and all(turn.facts)


def bin_index(confidence: float, bins: int = BINS) -> int:
    """The bin of ``confidence`` among ``bins`` equal-width bins over [0, 1]."""
    position = math.floor(round(confidence * bins, 9))
    return min(max(position, 0), bins - 1)


def reliability(pairs: Sequence[tuple[float, bool]], bins: int = BINS) -> Reliability | None:
    """The reliability of ``(confidence, right)`` pairs, or ``None`` when there are none.

    Args:
        pairs: One per decision.
        bins: How many equal-width bins.

    Returns:
        The number of decisions, the ECE and the non-empty bins.
    """
    if not pairs:
        return None
    members: dict[int, list[tuple[float, bool]]] = {}
    for confidence, right in pairs:
        members.setdefault(bin_index(confidence, bins), []).append((confidence, right))
    found = []
    ece = 0.0
    for index in sorted(members):
        group = members[index]
        mean_confidence = sum(c for c, _ in group) / len(group)
        accuracy = sum(r for _, r in group) / len(group)
        ece += len(group) / len(pairs) * abs(accuracy - mean_confidence)
        found.append(
            ReliabilityBin(round(index / bins, 4), round((index + 1) / bins, 4), len(group), mean_confidence, accuracy)
        )
    return Reliability(len(pairs), ece, tuple(found))


def turn_reliability(turns: Iterable[TurnResult], bins: int = BINS) -> Reliability | None:
    """The reliability of every measured decision among ``turns`` (see the module docstring)."""
    pairs = []
    for turn in turns:
        right = decision_right(turn)
        if right is not None and turn.confidence is not None:
            pairs.append((turn.confidence, right))
    return reliability(pairs, bins)
