"""``report.md``: the report's tables in Markdown.

The metrics, per-category pass counts, the casual split and personas, questions by gold overlap and
length, calibration, the comparison, failures and provenance.
"""

from __future__ import annotations

from typing import Any

from assistant.evaluation import report_tables
from assistant.evaluation.compare import Comparison
from assistant.evaluation.report import variant_list
from assistant.evaluation.table import format_value, metrics_rows, render_markdown

MAX_FAILURES = 200


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def comparison_lines(comparison: Comparison) -> list[str]:
    """The comparison as Markdown lines: better, worse, newly failing and passing cases, differences."""
    lines = ["## Compared with the earlier report", ""]
    for title, changes in (("Better", comparison.better), ("Worse", comparison.worse)):
        lines.append(
            f"**{title}:** "
            + (
                ", ".join(
                    f"{c.metric} {format_value(c.metric, c.old)} → {format_value(c.metric, c.new)}" for c in changes
                )
                or "none"
            )
        )
        lines.append("")
    lines.append("**Newly failing:** " + (", ".join(comparison.newly_failing) or "none"))
    lines.append("")
    lines.append("**Newly passing:** " + (", ".join(comparison.newly_passing) or "none"))
    lines.append("")
    if comparison.differences:
        lines += ["**What differs between the runs:**", ""] + [f"- `{d}`" for d in comparison.differences] + [""]
    return lines


def section_lines(report: dict[str, Any]) -> list[str]:
    """The smaller tables (see :mod:`assistant.evaluation.report_tables`), each under its heading."""
    sections = (
        ("Casual: tuning, held-out and all", report_tables.split_rows(report)),
        ("Casual by persona", report_tables.persona_rows(report)),
        ("Questions by gold overlap and length", report_tables.bucket_rows(report)),
        ("Calibration (answer or decline)", report_tables.calibration_rows(report)),
        ("Reliability", report_tables.reliability_rows(report)),
    )
    lines = []
    for title, rows in sections:
        if rows:
            lines += [f"## {title}", "", render_markdown(rows), ""]
    return lines


def render(report: dict[str, Any], comparison: Comparison | None = None) -> str:
    """The whole Markdown report."""
    versions = report.get("versions", {})
    git = versions.get("git", {})
    lines = [
        "# Eval report",
        "",
        f"{report['passed']} of {report['cases']} cases passed (variant `{report['variant']}`), "
        f"created {report.get('created')}.",
        "",
        f"Commit `{git.get('commit')}`{' (with uncommitted changes)' if git.get('dirty') else ''}, "
        f"corpus `{versions.get('corpus')}`, index `{versions.get('index')}`, "
        f"clause sheet `{versions.get('clause_sheet')}`.",
        "",
        "## Metrics",
        "",
        render_markdown(metrics_rows(variant_list(report))),
        "",
        "## Suites",
        "",
        "| suite | file | cases | passed | categories (passed/cases) |",
        "|---|---|---:|---:|---|",
    ]
    for name, suite in report["suites"].items():
        categories = ", ".join(f"{c} {t['passed']}/{t['cases']}" for c, t in sorted(suite["categories"].items()))
        lines.append(f"| {name} | {suite['file']} | {suite['cases']} | {suite['passed']} | {categories} |")
    lines.append("")
    lines += section_lines(report)
    if comparison is not None:
        lines += comparison_lines(comparison)
    failures = report.get("failures", [])
    lines += [f"## Failures ({len(failures)})", ""]
    if failures:
        lines += ["| suite | case | question | got | problems |", "|---|---|---|---|---|"]
        for failure in failures[:MAX_FAILURES]:
            got = (
                f"{failure.get('kind')} ({failure['confidence']:.2f})" if failure.get("confidence") is not None else "–"
            )
            lines.append(
                f"| {failure['suite']} | {failure['id']} | {_cell(failure['question'])} | {got} | "
                f"{_cell('; '.join(failure['problems']))} |"
            )
        if len(failures) > MAX_FAILURES:
            lines.append(f"\n… and {len(failures) - MAX_FAILURES} more in report.json.")
    else:
        lines.append("None.")
    settings = report.get("configuration", {}).get("settings", {})
    lines += ["", "## Configuration", "", "| setting | value |", "|---|---|"]
    lines += [f"| {k} | `{_cell(v)}` |" for k, v in settings.items()]
    lines += ["", "| package | version |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in versions.get("packages", {}).items()]
    return "\n".join(lines) + "\n"
