from __future__ import annotations

from pathlib import Path

from assistant.corpus.sources import SourceTexts
from assistant.evaluation.compare import compare_reports, comparison_lines, lower_is_better

from .reports import make_report


def test_compare_lists_better_and_worse_metrics_and_changed_cases(tmp_path: Path, sources: SourceTexts) -> None:
    old = make_report(tmp_path, sources)  # 'bad' fails
    new = make_report(tmp_path, sources, bad_answer="yes")  # now passes
    new["metrics"]["qa.latency_p50_ms"] = old["metrics"]["qa.latency_p50_ms"] + 100.0
    new["metrics"]["qa.extra"] = 1.0
    new["configuration"]["settings"]["top_k"] = 3
    comparison = compare_reports(new, old)
    better = {c.metric for c in comparison.better}
    worse = {c.metric for c in comparison.worse}
    assert {"qa.pass_rate", "qa.fact_accuracy", "all.pass_rate"} <= better
    assert "qa.latency_p50_ms" in worse  # slower is worse
    assert comparison.newly_passing == ["qa/bad"] and comparison.newly_failing == []
    assert any(c.metric == "qa.extra" and c.change == "added" for c in comparison.metrics)
    assert "configuration.settings.top_k: 6 -> 3" in comparison.differences
    reverse = compare_reports(old, new)
    assert reverse.newly_failing == ["qa/bad"]
    assert "qa.pass_rate" in {c.metric for c in reverse.worse}
    lines = comparison_lines(comparison)
    assert lines[0].startswith("Better (") and any("qa.pass_rate: 0.5 -> 1" in line for line in lines)
    assert "Newly passing (1): qa/bad" in lines


def test_lower_is_better_only_for_latencies() -> None:
    assert lower_is_better("all.latency_p95_ms") and not lower_is_better("qa.fact_accuracy")


def test_reports_of_different_suites_compare_only_the_shared_ones(tmp_path: Path, sources: SourceTexts) -> None:
    old = make_report(tmp_path, sources)
    new = make_report(tmp_path, sources, bad_answer="yes")
    old["suites"]["retrieval"] = {}
    old["metrics"]["retrieval.ndcg@10"] = 0.9
    compared = {c.metric for c in compare_reports(new, old).metrics}
    assert "qa.pass_rate" in compared
    assert not any(m.startswith(("all.", "retrieval.")) for m in compared)


def test_error_rates_and_calibration_error_improve_downwards() -> None:
    for metric in ("casual.heldout.in_scope_declined", "casual.out_of_scope_answered", "abstain.ece"):
        assert lower_is_better(metric)
    assert not lower_is_better("casual.heldout.summary_states_fact")
