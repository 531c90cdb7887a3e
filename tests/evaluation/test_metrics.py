from __future__ import annotations

import math

import pytest

from assistant.evaluation.metrics import RankedQuery, binary_scores, ir_metrics, mean, percentile, ratio


@pytest.mark.slow  # ranx compiles its numba kernels on first use (about 7 s in a fresh environment)
def test_ir_metrics_match_a_hand_computed_three_query_run() -> None:
    # q1: relevant {a, b}; ranking a, x, b
    #     recall@1 = 1/2, recall@3 = 2/2, RR = 1/1
    #     DCG@10 = 1/log2(2) + 1/log2(4) = 1.5; ideal = 1 + 1/log2(3) = 1.6309; nDCG = 0.9197
    # q2: relevant {c}; ranking x, y, c
    #     recall@1 = 0, recall@3 = 1, RR = 1/3, nDCG = (1/log2(4)) / 1 = 0.5
    # q3: relevant {d}; ranking x (d never retrieved): every metric 0
    # Means: recall@1 = 0.5/3 = 0.1667, recall@3 = 2/3, MRR = (1 + 1/3)/3 = 0.4444,
    #        nDCG@10 = (0.9197 + 0.5)/3 = 0.4732
    queries = [
        RankedQuery("q1", ["a", "b"], [["a"], ["x"], ["b"]]),
        RankedQuery("q2", ["c"], [["x"], ["y"], ["c"]]),
        RankedQuery("q3", ["d"], [["x"]]),
    ]
    scores = ir_metrics(queries, ["recall@1", "recall@3", "mrr@10", "ndcg@10"])
    ndcg_q1 = 1.5 / (1 + 1 / math.log2(3))
    assert scores["recall@1"] == pytest.approx({"q1": 0.5, "q2": 0.0, "q3": 0.0})
    assert scores["recall@3"] == pytest.approx({"q1": 1.0, "q2": 1.0, "q3": 0.0})
    assert scores["mrr@10"] == pytest.approx({"q1": 1.0, "q2": 1 / 3, "q3": 0.0})
    assert scores["ndcg@10"] == pytest.approx({"q1": ndcg_q1, "q2": 0.5, "q3": 0.0}, abs=1e-6)
    assert sum(scores["ndcg@10"].values()) / 3 == pytest.approx(0.4732, abs=1e-4)
    assert sum(scores["mrr@10"].values()) / 3 == pytest.approx(0.4444, abs=1e-4)


def test_ir_metrics_handle_an_empty_ranking_and_refuse_queries_without_relevant_items() -> None:
    scores = ir_metrics([RankedQuery("q", ["a"], [])], ["recall@5"])
    assert scores["recall@5"] == {"q": 0.0}
    with pytest.raises(ValueError, match="no relevant"):
        ir_metrics([RankedQuery("q", [], [["a"]])], ["recall@5"])
    with pytest.raises(ValueError, match="twice"):
        ir_metrics([RankedQuery("q", ["a"], [["a"]]), RankedQuery("q", ["a"], [["a"]])], ["recall@5"])


def test_binary_scores_by_hand() -> None:
    # expected/predicted: TP, TP, FP, FN, TN -> precision 2/3, recall 2/3, F1 2/3
    pairs = [(True, True), (True, True), (False, True), (True, False), (False, False)]
    scores = binary_scores(pairs)
    assert (scores.true_positives, scores.predicted, scores.actual) == (2, 3, 3)
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(2 / 3)
    assert scores.f1 == pytest.approx(2 / 3)
    # 1 TP, 0 FP, 3 FN: precision 1, recall 1/4, F1 = 2 * 1 * 0.25 / 1.25 = 0.4
    lopsided = binary_scores([(True, True), (True, False), (True, False), (True, False)])
    assert (lopsided.precision, lopsided.recall, lopsided.f1) == pytest.approx((1.0, 0.25, 0.4))


def test_binary_scores_when_nothing_is_predicted_or_expected() -> None:
    nothing_predicted = binary_scores([(True, False)])
    assert (nothing_predicted.precision, nothing_predicted.recall, nothing_predicted.f1) == (1.0, 0.0, 0.0)
    nothing_expected = binary_scores([(False, False)])
    assert (nothing_expected.precision, nothing_expected.recall) == (1.0, 1.0)


def test_ratio_percentile_and_mean() -> None:
    assert ratio(1, 4) == 0.25 and ratio(3, 0) is None
    assert percentile([], 50) is None
    assert percentile([10.0, 20.0, 30.0, 40.0], 50) == 25.0
    assert percentile([10.0, 20.0, 30.0, 40.0], 95) == pytest.approx(38.5)
    assert percentile([5.0], 95) == 5.0
    assert mean([1.0, 2.0, 6.0]) == 3.0 and mean([]) is None
