"""``report.html``: one self-contained page — inline CSS, plots as base64 PNG, no external hosts."""

from __future__ import annotations

import base64
from html import escape
from typing import Any

from assistant.evaluation import report_tables
from assistant.evaluation.compare import Comparison
from assistant.evaluation.report import variant_list
from assistant.evaluation.table import format_value, metrics_rows

HEADLINE_METRICS = (
    "retrieval.recall@k",
    "retrieval.ndcg@10",
    "qa.fact_accuracy",
    "qa.citation_precision",
    "whatif.outcome_accuracy",
    "abstain.abstain_f1",
    "followup.turn_pass_rate",
    "robustness.pass_rate",
    "all.pass_rate",
)
STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f3f3f3; }
img { max-width: 100%; display: block; margin: 1em 0; }
.worse { color: #b3261e; } .better { color: #1b7f3b; }
code { font-size: 0.9em; }
"""


def _table(rows: list[list[str]], numeric_from: int = 1) -> str:
    header, *body = rows
    out = ["<table>", "<tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr>"]
    for row in body:
        cells = [
            f'<td class="num">{escape(c)}</td>' if i >= numeric_from else f"<td>{escape(c)}</td>"
            for i, c in enumerate(row)
        ]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _code(value: Any) -> str:
    return f"<code>{escape(str(value))}</code>"


def _image(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<img alt="{escape(alt)}" src="data:image/png;base64,{data}">'


def _comparison(comparison: Comparison) -> str:
    rows = [["metric", "old", "new", "change"]]
    for change in comparison.metrics:
        if change.change != "same":
            rows.append(
                [
                    change.metric,
                    format_value(change.metric, change.old),
                    format_value(change.metric, change.new),
                    change.change,
                ]
            )
    parts = ["<h2>Compared with the earlier report</h2>", _table(rows, numeric_from=1)]
    parts.append(f"<p><b>Newly failing:</b> {escape(', '.join(comparison.newly_failing) or 'none')}</p>")
    parts.append(f"<p><b>Newly passing:</b> {escape(', '.join(comparison.newly_passing) or 'none')}</p>")
    if comparison.differences:
        parts.append("<p><b>What differs between the runs:</b></p><ul>")
        parts += [f"<li><code>{escape(d)}</code></li>" for d in comparison.differences]
        parts.append("</ul>")
    return "\n".join(parts)


def _sections(report: dict[str, Any]) -> list[str]:
    """The smaller tables, and the reliability diagram beside the calibration table."""
    from assistant.evaluation import plots

    parts = []
    for title, rows, numeric_from in (
        ("Casual: tuning, held-out and all", report_tables.split_rows(report), 1),
        ("Casual by persona", report_tables.persona_rows(report), 2),
        ("Questions by gold overlap and length", report_tables.bucket_rows(report), 3),
        ("Calibration (answer or decline)", report_tables.calibration_rows(report), 1),
    ):
        if rows:
            parts += [f"<h2>{escape(title)}</h2>", _table(rows, numeric_from)]
    if report_tables.reliability_rows(report):
        parts.append(_image(plots.reliability_diagram(report), "reliability: accuracy against confidence per suite"))
    return parts


def render(report: dict[str, Any], comparison: Comparison | None = None) -> str:
    """The whole HTML page."""
    from assistant.evaluation import plots

    variants = variant_list(report)
    versions = report.get("versions", {})
    git = versions.get("git", {})
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>Eval report</title>',
        f"<style>{STYLE}</style></head><body>",
        "<h1>Eval report</h1>",
        f"<p>{report['passed']} of {report['cases']} cases passed (variant {_code(report['variant'])}), "
        f"created {escape(str(report.get('created')))}. Commit {_code(git.get('commit'))}"
        f"{' (with uncommitted changes)' if git.get('dirty') else ''}, corpus {_code(versions.get('corpus'))}, "
        f"index {_code(versions.get('index'))}.</p>",
        "<h2>Metrics</h2>",
        _table(metrics_rows(variants)),
    ]
    if len(variants) > 1:
        shown = [m for m in HEADLINE_METRICS if any(m in v.get("metrics", {}) for v in variants)]
        parts.append(_image(plots.variant_comparison(variants, shown), "headline metrics for each variant"))
    parts += [
        "<h2>Pass rate by category</h2>",
        _image(plots.category_pass_rates(report), "pass rate by suite and category"),
        "<h2>Latency</h2>",
        _image(plots.latency_distribution(report), "latency distribution by suite"),
        "<h2>Confidence against correctness</h2>",
        _image(plots.confidence_vs_correctness(report), "confidence against correctness"),
    ]
    parts += _sections(report)
    if comparison is not None:
        parts.append(_comparison(comparison))
    failures = report.get("failures", [])
    parts.append(f"<h2>Failures ({len(failures)})</h2>")
    if failures:
        rows = [["suite", "case", "question", "got", "problems", "answer (start)"]]
        for f in failures:
            got = f"{f.get('kind')} ({f['confidence']:.2f})" if f.get("confidence") is not None else "–"
            rows.append([f["suite"], f["id"], f["question"], got, "; ".join(f["problems"]), f.get("text", "")[:300]])
        parts.append(_table(rows, numeric_from=99))
    else:
        parts.append("<p>None.</p>")
    settings = report.get("configuration", {}).get("settings", {})
    parts += [
        "<h2>Configuration and versions</h2>",
        _table([["setting", "value"]] + [[k, str(v)] for k, v in settings.items()], 99),
    ]
    parts.append(_table([["package", "version"]] + [[k, str(v)] for k, v in versions.get("packages", {}).items()], 99))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
