"""Calibration: which decisions are right, and the ECE and reliability table worked out by hand."""

from __future__ import annotations

import pytest

from assistant.evaluation.calibration import bin_index, decision_right, reliability, turn_reliability
from assistant.evaluation.results import TurnResult


def turn(
    expect: str | None, kind: str | None, confidence: float | None = 0.5, facts: list[bool] | None = None
) -> TurnResult:
    return TurnResult(question="q", expect=expect, kind=kind, confidence=confidence, facts=facts or [])


def test_which_decisions_are_right() -> None:
    assert decision_right(turn("answer", "answer")) is True
    assert decision_right(turn("answer", "answer", facts=[True, False])) is False  # answered without the facts
    assert decision_right(turn("answer", "abstain")) is False  # declined in scope
    assert decision_right(turn("whatif", "answer")) is True  # answered: the decision is right, routing aside
    assert decision_right(turn("abstain", "abstain")) is True
    assert decision_right(turn("abstain", "whatif")) is False  # answered out of scope
    assert decision_right(turn(None, "answer")) is None  # nothing expected
    assert decision_right(turn("answer", None)) is None  # a scenario, no answer
    assert decision_right(turn("answer", "answer", confidence=None)) is None


def test_bins_are_ten_equal_widths_and_the_last_includes_one() -> None:
    assert [bin_index(c) for c in (0.0, 0.09, 0.1, 0.3, 0.7, 0.99, 1.0)] == [0, 0, 1, 3, 7, 9, 9]


def test_ece_of_a_tiny_example_by_hand() -> None:
    # bin 1: .1 wrong, .15 right -> mean .125, accuracy .5, gap .375, weight 2/6
    # bin 8: .8 right, .85 right, .8 wrong -> mean .81667, accuracy .66667, gap .15, weight 3/6
    # bin 9: 1.0 right -> gap 0, weight 1/6
    pairs = [(0.1, False), (0.15, True), (0.8, True), (0.85, True), (0.8, False), (1.0, True)]
    found = reliability(pairs)
    assert found is not None
    assert found.n == 6
    assert found.ece == pytest.approx(2 / 6 * 0.375 + 3 / 6 * 0.15, abs=1e-9)
    assert [(b.low, b.high, b.count) for b in found.bins] == [(0.1, 0.2, 2), (0.8, 0.9, 3), (0.9, 1.0, 1)]
    assert found.bins[1].mean_confidence == pytest.approx(2.45 / 3) and found.bins[1].accuracy == pytest.approx(2 / 3)
    entry = found.as_dict()
    assert entry["ece"] == 0.2 and entry["bins"][0] == {
        "low": 0.1,
        "high": 0.2,
        "count": 2,
        "mean_confidence": 0.125,
        "accuracy": 0.5,
    }


def test_perfectly_calibrated_and_nothing_to_measure() -> None:
    found = reliability([(1.0, True), (0.0, False)])
    assert found is not None and found.ece == 0.0
    assert reliability([]) is None
    assert turn_reliability([turn(None, "answer"), turn("answer", None)]) is None
    measured = turn_reliability([turn("answer", "answer", 0.9), turn("abstain", "answer", 0.9)])
    assert measured is not None and measured.n == 2 and measured.ece == pytest.approx(0.4)
