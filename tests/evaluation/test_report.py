from __future__ import annotations

import json
import re
from pathlib import Path

from assistant.corpus.sources import SourceTexts
from assistant.evaluation.report import build_report, load_report, variant_list
from assistant.evaluation.table import metrics_rows, render_markdown, render_text
from assistant.evaluation.writers import write_reports

from .reports import make_report


def test_report_has_the_schema(tmp_path: Path, sources: SourceTexts) -> None:
    report = make_report(tmp_path, sources)
    for key in ("cases", "passed", "metrics", "suites", "failures", "configuration", "versions", "results", "variants"):
        assert key in report
    assert (report["cases"], report["passed"]) == (2, 1)
    assert report["metrics"]["qa.fact_accuracy"] == 0.5
    assert report["metrics"]["all.pass_rate"] == 0.5
    assert report["suites"]["qa"]["categories"] == {
        "general": {"cases": 1, "passed": 1},
        "hard": {"cases": 1, "passed": 0},
    }
    assert report["failures"] == [
        {
            "suite": "qa",
            "id": "bad",
            "category": "hard",
            "question": "bad?",
            "kind": "answer",
            "confidence": 0.4,
            "problems": ["does not state 'yes'"],
            "text": "no",
        }
    ]
    configuration = report["configuration"]
    assert configuration["variant"] == "default" and configuration["retrieval_mode"] == "hybrid"
    assert configuration["settings"]["top_k"] == 6 and configuration["index"] == "abc"
    assert [row["id"] for row in report["results"]] == ["ok", "bad"]


def test_report_has_buckets_calibration_and_each_questions_overlap(tmp_path: Path, sources: SourceTexts) -> None:
    report = make_report(tmp_path, sources)
    # ok: right at .9 (bin 9, gap .1), bad: wrong at .4 (bin 4, gap .4) -> ECE (.1 + .4) / 2
    assert report["metrics"]["qa.ece"] == 0.25 and report["metrics"]["all.ece"] == 0.25
    calibration = report["suites"]["qa"]["calibration"]
    assert calibration == report["calibration"]
    assert calibration["n"] == 2 and [b["low"] for b in calibration["bins"]] == [0.4, 0.9]
    # neither question has gold passages: overlap unknown; both are one word long
    assert [(row["overlap"], row["words"]) for row in report["results"]] == [(None, 1), (None, 1)]
    buckets = report["suites"]["qa"]["buckets"]
    assert buckets == report["buckets"]
    assert buckets["overlap"]["unknown"]["questions"] == 2 and buckets["overlap"]["< 0.3"]["questions"] == 0
    assert buckets["length"]["<= 6 words"] == {
        "questions": 2,
        "pass_rate": 0.5,
        "in_scope_declined": 0.0,
        "out_of_scope_answered": None,
        "fact_accuracy": 0.5,
    }
    assert "halves" not in report["suites"]["qa"] and "personas" not in report["suites"]["qa"]


def test_a_halfs_metric_follows_the_suites_own_figure_in_the_table() -> None:
    names = ["casual.heldout.pass_rate", "casual.fact_accuracy", "casual.tuning.pass_rate", "casual.pass_rate"]
    names += ["casual.tuning.fact_accuracy", "qa.pass_rate"]
    variant = {"variant": "default", "suites": {"qa": {}, "casual": {}}, "metrics": dict.fromkeys(names, 0.5)}
    rows = metrics_rows([variant])
    assert [row[0] for row in rows[1:-1]] == [
        "qa.pass_rate",
        "casual.pass_rate",
        "casual.tuning.pass_rate",
        "casual.heldout.pass_rate",
        "casual.fact_accuracy",
        "casual.tuning.fact_accuracy",
    ]


def test_report_files_are_written_and_html_is_self_contained(tmp_path: Path, sources: SourceTexts) -> None:
    report = make_report(tmp_path, sources)
    paths = write_reports(report, tmp_path / "out")
    assert [p.name for p in paths] == ["report.json", "report.md", "report.html"]
    assert load_report(paths[0])["metrics"] == report["metrics"]
    markdown = paths[1].read_text(encoding="utf-8")
    assert "| qa.fact_accuracy | 0.500 |" in markdown and "| qa | bad |" in markdown
    assert "## Questions by gold overlap and length" in markdown
    assert "| qa | overlap | unknown | 2 | 0.500 | 0.000 | – | 0.500 |" in markdown
    assert "| qa | 2 | 0.250 |" in markdown and "| qa | 0.9-1.0 | 0.900 | 1.000 | 1 |" in markdown
    assert "## Casual" not in markdown  # no casual suite, no split or persona tables
    html = paths[2].read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    assert "<link" not in html and "<script" not in html
    images = re.findall(r'<img alt="[^"]*" src="data:image/png;base64,([A-Za-z0-9+/=]+)">', html)
    assert len(images) == 4  # pass rates by category, latency, confidence against correctness, reliability
    assert all(len(data) > 1000 for data in images)


def test_several_variants_become_columns_and_a_comparison_plot(tmp_path: Path, sources: SourceTexts) -> None:
    first = make_report(tmp_path, sources)
    second = make_report(tmp_path, sources, bad_answer="yes", name="k=3")
    report = build_report([first["variants"]["default"], second["variants"]["k=3"]], first["versions"])
    assert [v["variant"] for v in variant_list(report)] == ["default", "k=3"]
    rows = metrics_rows(variant_list(report))
    assert rows[0] == ["metric", "default", "k=3"]
    assert ["qa.pass_rate", "0.500", "1.000"] in rows
    assert rows[-1] == ["cases passed", "1/2", "2/2"]
    assert "qa.pass_rate" in render_text(rows) and render_markdown(rows).startswith("| metric | default | k=3 |")
    html = write_reports(report, tmp_path / "two")[2].read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 5
    saved = json.loads((tmp_path / "two" / "report.json").read_text(encoding="utf-8"))
    assert saved["variant"] == "default" and set(saved["variants"]) == {"default", "k=3"}


def test_load_report_refuses_what_is_not_a_report(tmp_path: Path) -> None:
    import pytest

    from assistant.evaluation.report import ReportError

    bad = tmp_path / "x.json"
    for text, message in (("{", "cannot be read"), ("[]", "expected a JSON object"), ('{"metrics": {}}', "'suites'")):
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(ReportError, match=message):
            load_report(bad)
