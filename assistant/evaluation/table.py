"""The metrics table: one row per metric, one column per variant, as text or Markdown."""

from __future__ import annotations

from typing import Any

from assistant.evaluation.split import HALVES

# Shown first, in this order, within each suite; other metrics follow alphabetically. A metric of a
# half of a split (``casual.heldout.fact_accuracy``) follows the suite's own figure.
METRIC_ORDER = (
    "pass_rate",
    "turn_pass_rate",
    "recall@k",
    "recall@10",
    "mrr@10",
    "ndcg@10",
    "answer_rate",
    "fact_accuracy",
    "citation_validity",
    "citation_precision",
    "gold_citation_rate",
    "outcome_accuracy",
    "routing_accuracy",
    "parse_accuracy",
    "clause_accuracy",
    "abstain_precision",
    "abstain_recall",
    "abstain_f1",
    "decision_accuracy",
    "in_scope_declined",
    "out_of_scope_answered",
    "summary_states_fact",
    "whatif_routing",
    "ece",
    "latency_p50_ms",
    "latency_p95_ms",
)


def _sort_key(metric: str, suites: list[str]) -> tuple[int, int, str, int]:
    suite, _, name = metric.partition(".")
    half, _, rest = name.partition(".")
    half_rank = 0
    if rest and half in HALVES:
        name, half_rank = rest, HALVES.index(half) + 1
    suite_rank = suites.index(suite) if suite in suites else len(suites)
    name_rank = METRIC_ORDER.index(name) if name in METRIC_ORDER else len(METRIC_ORDER)
    return suite_rank, name_rank, name, half_rank


def format_value(metric: str, value: float | None) -> str:
    """Ratios with three decimals, latencies in whole milliseconds, ``–`` when absent."""
    if value is None:
        return "–"
    if metric.endswith("_ms"):
        return f"{value:.0f}"
    return f"{value:.3f}"


def metrics_rows(variants: list[dict[str, Any]], *, latency: bool = True) -> list[list[str]]:
    """Header plus one row per metric: ``[metric, value per variant…]``; then cases passed.

    Args:
        variants: Variant reports (see :func:`assistant.evaluation.report.variant_list`).
        latency: Include latency rows (left out where timings would make a table unstable).
    """
    suites: list[str] = []
    for variant in variants:
        suites.extend(s for s in variant.get("suites", {}) if s not in suites)
    suites.append("all")
    names: set[str] = set()
    for variant in variants:
        names.update(variant.get("metrics", {}))
    if not latency:
        names = {n for n in names if not n.endswith("_ms")}
    rows = [["metric", *[str(v.get("variant")) for v in variants]]]
    for metric in sorted(names, key=lambda m: _sort_key(m, suites)):
        rows.append([metric, *[format_value(metric, v.get("metrics", {}).get(metric)) for v in variants]])
    rows.append(["cases passed", *[f"{v.get('passed')}/{v.get('cases')}" for v in variants]])
    return rows


def render_text(rows: list[list[str]]) -> str:
    """Rows as an aligned plain-text table (first column left, the others right)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [cell.rjust(widths[i]) for i, cell in enumerate(row[1:], start=1)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def render_markdown(rows: list[list[str]]) -> str:
    """Rows as a Markdown table."""
    header, *body = rows
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join(lines)
