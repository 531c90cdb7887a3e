"""The report: one dict, written as ``report.json`` and rendered as Markdown and HTML.

Schema (``schema_version`` 1)::

    {
      "schema_version": 1, "created": "2026-…Z",
      "variant": "default",                  # the first variant; the top-level fields describe it
      "cases": N, "passed": P,
      "metrics": {"qa.fact_accuracy": 0.93, …, "casual.heldout.in_scope_declined": 0.4, …,
                  "all.pass_rate": 0.88, "all.ece": 0.1},
      "suites": {"qa": {"file", "kind", "cases", "passed", "metrics", "categories", "seconds",
                        "buckets", "calibration",
                        "halves", "personas"}},      # the last two for casual suites
      "buckets": {"overlap": {"< 0.3": {…}, …}, "length": {"<= 6 words": {…}, …}},   # every suite
      "calibration": {"n", "ece", "bins": [{"low", "high", "count", "mean_confidence", "accuracy"}]},
      "failures": [{"suite", "id", "category", "question", "kind", "confidence", "problems", "text"}],
      "results": [{"suite", "id", "turn", "category", "passed", "kind", "confidence", "latency_ms",
                   "overlap", "words"}],
      "configuration": {"variant", "retrieval_mode", "own_index", "settings": {…}, "notices": […]},
      "versions": {"packages": {…}, "git": {…}, "corpus", "index", "clause_sheet", "suites": {…}},
      "variants": {"default": {the same fields for that variant}, "k=3": {…}}
    }
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from assistant.evaluation.breakdowns import bucket_table, calibration_entry, half_counts, persona_table
from assistant.evaluation.metrics import percentile, ratio
from assistant.evaluation.overlap import question_words
from assistant.evaluation.results import CaseResult, SuiteResult
from assistant.settings import Settings

SCHEMA_VERSION = 1
VARIANT_FIELDS = (
    "variant",
    "cases",
    "passed",
    "metrics",
    "suites",
    "buckets",
    "calibration",
    "failures",
    "results",
    "configuration",
)


class ReportError(ValueError):
    """A report file that cannot be read or lacks the fields a comparison needs."""


def variant_report(
    name: str,
    mode: str,
    settings: Settings,
    results: list[SuiteResult],
    *,
    own_index: bool = False,
    notices: list[str] | None = None,
    index: str | None = None,
) -> dict[str, Any]:
    """The report fields of one variant's run.

    Args:
        name: The variant's name.
        mode: Its retrieval mode.
        settings: The settings it ran with.
        results: One result per suite.
        own_index: Whether it ran on a temporary index of its own.
        notices: What preparing it did (index built …).
        index: The fingerprint of the index it ran on.

    Returns:
        ``variant``, ``cases``, ``passed``, ``metrics``, ``suites``, ``buckets`` and ``calibration``
        (over every suite), ``failures``, ``results`` and ``configuration``.
    """
    metrics: dict[str, float] = {}
    suites: dict[str, Any] = {}
    failures: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for suite in results:
        suites[suite.name] = suite_entry(suite)
        metrics.update({f"{suite.name}.{metric}": value for metric, value in suite.metrics.items()})
        rows += turn_rows(suite)
        failures += [failure_entry(suite.name, case) for case in suite.cases if not case.passed]
    cases = sum(len(s.cases) for s in results)
    passed = sum(s.passed for s in results)
    metrics.update(overall_metrics(cases, passed, [row["latency_ms"] for row in rows]))
    every_case = [case for suite in results for case in suite.cases]
    calibration = calibration_entry(every_case)
    if calibration is not None:
        metrics["all.ece"] = calibration["ece"]
    shown = settings.model_dump(mode="json")
    if own_index:
        shown["data_dir"] = "(temporary index for this variant)"
    return {
        "variant": name,
        "cases": cases,
        "passed": passed,
        "metrics": metrics,
        "suites": suites,
        "buckets": bucket_table(every_case),
        "calibration": calibration,
        "failures": failures,
        "results": rows,
        "configuration": {
            "variant": name,
            "retrieval_mode": mode,
            "own_index": own_index,
            "index": index,
            "settings": shown,
            "notices": list(notices or []),
        },
    }


def suite_entry(suite: SuiteResult) -> dict[str, Any]:
    """A suite's entry under ``suites``.

    Its file, kind, counts, metrics, categories and time; its questions by gold overlap and length
    (``buckets``) and the reliability of its confidence (``calibration``, ``None`` when it has no
    decisions); and, for a casual suite, its cases per half of the split and per persona.
    """
    entry = {
        "file": suite.file,
        "kind": suite.kind,
        "cases": len(suite.cases),
        "passed": suite.passed,
        "metrics": suite.metrics,
        "categories": suite.categories,
        "seconds": suite.seconds,
        "buckets": bucket_table(suite.cases),
        "calibration": calibration_entry(suite.cases),
    }
    if halves := half_counts(suite.cases):
        entry["halves"] = halves
    if personas := persona_table(suite.cases):
        entry["personas"] = personas
    return entry


def turn_rows(suite: SuiteResult) -> list[dict[str, Any]]:
    """One ``results`` row per turn of each of the suite's cases."""
    return [
        {
            "suite": suite.name,
            "id": case.id,
            "turn": number,
            "category": case.category,
            "passed": turn.passed,
            "kind": turn.kind,
            "confidence": turn.confidence,
            "latency_ms": turn.latency_ms,
            "overlap": None if turn.overlap is None else round(turn.overlap, 4),
            "words": question_words(turn.question) if turn.kind is not None else None,
        }
        for case in suite.cases
        for number, turn in enumerate(case.turns, start=1)
    ]


def failure_entry(suite: str, case: CaseResult) -> dict[str, Any]:
    """A failed case's ``failures`` entry: its first failing turn's question, answer and every problem."""
    failing = next(t for t in case.turns if not t.passed)
    return {
        "suite": suite,
        "id": case.id,
        "category": case.category,
        "question": failing.question,
        "kind": failing.kind,
        "confidence": failing.confidence,
        "problems": case.problems,
        "text": failing.text,
    }


def overall_metrics(cases: int, passed: int, latencies: list[float]) -> dict[str, float]:
    """The ``all.`` metrics over every suite: pass rate and latency percentiles, rounded to 4 places."""
    overall = {
        "pass_rate": ratio(passed, cases),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
    }
    return {f"all.{k}": round(v, 4) for k, v in overall.items() if v is not None}


def build_report(variants: list[dict[str, Any]], versions: dict[str, Any]) -> dict[str, Any]:
    """The whole report: the first variant's fields at the top, every variant under ``variants``."""
    if not variants:
        raise ValueError("a report needs at least one variant")
    created = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return {
        "schema_version": SCHEMA_VERSION,
        "created": created,
        **{key: variants[0][key] for key in VARIANT_FIELDS},
        "versions": versions,
        "variants": {v["variant"]: v for v in variants},
    }


def write_json(report: dict[str, Any], path: Path) -> Path:
    """Write ``report.json`` (UTF-8, indented, keys in insertion order)."""
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return path


def load_report(path: Path) -> dict[str, Any]:
    """Read a ``report.json`` for comparison.

    Raises:
        ReportError: When it cannot be read or lacks ``metrics``, ``suites`` or ``failures``.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError(f"{path}: cannot be read as a report ({exc})") from exc
    if not isinstance(data, dict):
        raise ReportError(f"{path}: not a report (expected a JSON object)")
    for key, kind in (("metrics", dict), ("suites", dict), ("failures", list)):
        if not isinstance(data.get(key), kind):
            raise ReportError(f"{path}: not a report: field '{key}' is missing or not a {kind.__name__}")
    return data


def variant_list(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's variants in run order (the top-level variant alone for a one-variant report)."""
    variants = report.get("variants")
    if isinstance(variants, dict) and variants:
        return list(variants.values())
    return [{key: report.get(key) for key in VARIANT_FIELDS}]
