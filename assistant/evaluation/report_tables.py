"""The report's smaller tables, as rows of strings for ``report.md`` and ``report.html`` alike.

Each function takes a report (see :mod:`assistant.evaluation.report`) and returns a header row
and body rows, or no rows at all when the report has nothing for that table (an older report,
or no casual suite).
"""

from __future__ import annotations

from typing import Any

from assistant.evaluation.split import HALVES

Rows = list[list[str]]
HALF_TITLES = {"tuning": "tuning", "heldout": "held-out"}
CASUAL_ROWS = (
    "pass_rate",
    "in_scope_declined",
    "out_of_scope_answered",
    "fact_accuracy",
    "summary_states_fact",
    "whatif_routing",
    "outcome_accuracy",
    "routing_accuracy",
    "citation_validity",
    "turn_pass_rate",
    "ece",
)
QUESTION_COLUMNS = ("pass_rate", "in_scope_declined", "out_of_scope_answered", "fact_accuracy")


def number(value: Any) -> str:
    """A ratio with three decimals, ``–`` when absent."""
    return "–" if value is None else f"{value:.3f}"


def split_rows(report: dict[str, Any]) -> Rows:
    """Per suite with a split: each casual metric for the tuning half, the held-out half and all."""
    rows: Rows = []
    for name, suite in report.get("suites", {}).items():
        halves = suite.get("halves")
        if not halves:
            continue
        metrics = suite.get("metrics", {})
        for metric in CASUAL_ROWS:
            values = [metrics.get(f"{half}.{metric}") for half in HALVES] + [metrics.get(metric)]
            if any(v is not None for v in values):
                rows.append([f"{name}.{metric}", *[number(v) for v in values]])
        counts = [halves.get(h, {}) for h in HALVES] + [{"cases": suite["cases"], "passed": suite["passed"]}]
        rows.append([f"{name} cases passed", *[f"{c.get('passed', 0)}/{c.get('cases', 0)}" for c in counts]])
    return [["metric", *[HALF_TITLES[h] for h in HALVES], "all"], *rows] if rows else []


def persona_rows(report: dict[str, Any]) -> Rows:
    """Per suite and persona: cases, passed and the question metrics."""
    rows: Rows = []
    for name, suite in report.get("suites", {}).items():
        for persona, entry in suite.get("personas", {}).items():
            rows.append(
                [
                    name,
                    persona,
                    str(entry["cases"]),
                    str(entry["passed"]),
                    number(entry.get("in_scope_declined")),
                    number(entry.get("out_of_scope_answered")),
                    number(entry.get("fact_accuracy")),
                    number(entry.get("summary_states_fact")),
                ]
            )
    header = ["suite", "persona", "cases", "passed", "in-scope declined", "out-of-scope answered", "fact accuracy"]
    return [[*header, "summary states fact"], *rows] if rows else []


def _bucket_rows(scope: str, buckets: dict[str, Any]) -> Rows:
    rows = []
    for by in ("overlap", "length"):
        for bucket, entry in buckets.get(by, {}).items():
            if entry.get("questions"):
                rows.append(
                    [scope, by, bucket, str(entry["questions"]), *[number(entry.get(c)) for c in QUESTION_COLUMNS]]
                )
    return rows


def bucket_rows(report: dict[str, Any]) -> Rows:
    """Questions by gold overlap and by length: over every suite, then per suite (empty buckets left out)."""
    rows = _bucket_rows("all", report.get("buckets") or {})
    for name, suite in report.get("suites", {}).items():
        rows += _bucket_rows(name, suite.get("buckets") or {})
    header = ["suite", "by", "bucket", "questions", "pass rate", "in-scope declined", "out-of-scope answered"]
    return [[*header, "fact accuracy"], *rows] if rows else []


def _calibrations(report: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = [(name, suite.get("calibration")) for name, suite in report.get("suites", {}).items()]
    found.append(("all", report.get("calibration")))
    return [(name, entry) for name, entry in found if entry]


def calibration_rows(report: dict[str, Any]) -> Rows:
    """Per suite (and over all): decisions measured and the expected calibration error."""
    rows = [[name, str(entry["n"]), number(entry["ece"])] for name, entry in _calibrations(report)]
    return [["suite", "decisions", "ECE"], *rows] if rows else []


def reliability_rows(report: dict[str, Any]) -> Rows:
    """Per suite (and over all) and confidence bin: mean confidence, accuracy and count."""
    rows = [
        [name, f"{b['low']:.1f}-{b['high']:.1f}", number(b["mean_confidence"]), number(b["accuracy"]), str(b["count"])]
        for name, entry in _calibrations(report)
        for b in entry["bins"]
    ]
    return [["suite", "confidence", "mean confidence", "accuracy", "count"], *rows] if rows else []
