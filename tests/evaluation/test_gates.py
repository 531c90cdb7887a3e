from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus.sources import SourceTexts
from assistant.evaluation.gates import GateError, check_gates, load_gates
from assistant.settings import PROJECT_ROOT

from .reports import make_report


def gates_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "gates.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_gates_pass_fail_and_skip(tmp_path: Path, sources: SourceTexts) -> None:
    report = make_report(tmp_path, sources)  # qa.pass_rate 0.5
    gates = load_gates(
        gates_file(
            tmp_path,
            "gates:\n"
            "  qa.pass_rate: {min: 0.4}\n"
            "  qa.fact_accuracy: {min: 0.9}\n"
            "  all.latency_p95_ms: {max: -1}\n"
            "  retrieval.ndcg@10: {min: 0.5}\n"
            "  qa.nonexistent: {min: 0.1}\n",
        )
    )
    results = {r.gate.metric: r for r in check_gates(gates, report)}
    assert results["qa.pass_rate"].status == "pass"
    assert results["qa.fact_accuracy"].status == "fail"
    assert results["qa.fact_accuracy"].message == "qa.fact_accuracy = 0.5 (gate qa.fact_accuracy >= 0.9)"
    assert results["all.latency_p95_ms"].status == "fail"
    assert results["retrieval.ndcg@10"].status == "skipped"
    assert results["qa.nonexistent"].status == "fail" and "not measured" in results["qa.nonexistent"].message


def test_malformed_gates_name_the_file_line_and_gate(tmp_path: Path) -> None:
    path = gates_file(tmp_path, "gates:\n  qa.pass_rate: {minimum: 0.4}\n  nodot: {min: 1}\n  qa.x: {min: 2, max: 1}\n")
    with pytest.raises(GateError) as info:
        load_gates(path)
    message = str(info.value)
    assert "gates.yaml:2: gate 'qa.pass_rate'" in message and "minimum" in message
    assert "gate 'nodot': name metrics as suite.metric" in message
    assert "'min' is above 'max'" in message
    with pytest.raises(GateError, match="expected a mapping 'gates'"):
        load_gates(gates_file(tmp_path, "qa.pass_rate: 1\n"))


def test_the_projects_gates_file_is_valid() -> None:
    gates = load_gates(PROJECT_ROOT / "evals" / "gates.yaml")
    suites = {g.metric.split(".")[0] for g in gates}
    assert {"retrieval", "qa", "whatif", "abstain", "followup", "robustness"} <= suites
