from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import assistant.evaluation as evaluation
from assistant.cli.main import main
from assistant.corpus.sources import SourceTexts

from .reports import make_report


@pytest.fixture
def canned(tmp_path: Path, sources: SourceTexts, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The eval command with the session replaced by a canned report (qa.pass_rate 0.5)."""
    report = make_report(tmp_path, sources)

    class Plan:
        total_cases = 2

    def fake_run(plan: object, progress: Any = None) -> dict[str, Any]:
        for _ in range(2):
            progress("default: qa")
        return report

    monkeypatch.setattr(evaluation, "plan_session", lambda suites, variants: Plan())
    monkeypatch.setattr(evaluation, "run_session", fake_run)
    return report


def test_eval_prints_the_table_and_failures(canned: dict[str, Any]) -> None:
    result = CliRunner().invoke(main, ["eval"])
    assert result.exit_code == 0, result.output
    assert "qa.fact_accuracy" in result.output and "cases passed" in result.output
    assert "qa/bad: does not state 'yes'" in result.output


def test_a_failing_gate_exits_non_zero_and_says_which(canned: dict[str, Any], tmp_path: Path) -> None:
    gates = tmp_path / "g.yaml"
    gates.write_text("gates:\n  qa.pass_rate: {min: 0.9}\n  qa.fact_accuracy: {min: 0.1}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "--gates", str(gates)])
    assert result.exit_code == 1
    assert "Gates: 1 passed, 1 failed, 0 skipped." in result.output
    assert "FAILED qa.pass_rate = 0.5 (gate qa.pass_rate >= 0.9)" in result.output
    gates.write_text("gates:\n  qa.pass_rate: {min: 0.5}\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["eval", "--gates", str(gates)]).exit_code == 0


def test_report_and_compare(canned: dict[str, Any], tmp_path: Path) -> None:
    old = dict(canned, metrics={**canned["metrics"], "qa.pass_rate": 1.0})
    old_path = tmp_path / "old.json"
    old_path.write_text(json.dumps(old), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["eval", "--report", str(out), "--compare", str(old_path)])
    assert result.exit_code == 0, result.output
    assert "Worse (1):" in result.output and "qa.pass_rate: 1 -> 0.5" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json", "report.md"]
    assert "Compared with the earlier report" in (out / "report.md").read_text(encoding="utf-8")


def test_user_errors_are_messages_not_tracebacks(tmp_path: Path) -> None:
    bad_gates = tmp_path / "g.yaml"
    bad_gates.write_text("gates: [1]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "--gates", str(bad_gates)])
    assert result.exit_code == 1 and "Error:" in result.output and "expected a mapping 'gates'" in result.output
    result = CliRunner().invoke(main, ["eval", "no-such-suite"])
    assert result.exit_code == 1 and "no suite 'no-such-suite'" in result.output
    result = CliRunner().invoke(main, ["eval", "--variant", "turbo"])
    assert result.exit_code == 1 and "unknown variant 'turbo'" in result.output
    not_json = tmp_path / "r.json"
    not_json.write_text("{", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "--compare", str(not_json)])
    assert result.exit_code == 1 and "cannot be read as a report" in result.output


@pytest.mark.slow
def test_a_real_suite_runs_end_to_end(tmp_path: Path) -> None:
    """The whatif suite through the real assistant (the routing cases need the index and the model)."""
    gates = tmp_path / "g.yaml"
    gates.write_text("gates:\n  whatif.clause_accuracy: {min: 0.9}\n  whatif.outcome_accuracy: {min: 1.01}\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["eval", "whatif", "--report", str(out), "--gates", str(gates)])
    assert result.exit_code == 1, result.output  # outcome accuracy cannot exceed 1
    assert "FAILED whatif.outcome_accuracy" in result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["cases"] >= 50 and set(report["suites"]) == {"whatif"}
    assert report["metrics"]["whatif.clause_accuracy"] >= 0.9
    assert report["versions"]["corpus"] and report["versions"]["index"]
