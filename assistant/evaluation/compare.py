"""Comparing two reports: which metrics got better or worse, which cases started or stopped failing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TOLERANCE = 1e-9


@dataclass(frozen=True)
class MetricChange:
    """One metric in both reports (or only one).

    Attributes:
        metric: ``suite.metric``.
        old: The value in the old report, ``None`` when absent.
        new: The value in the new report, ``None`` when absent.
        change: ``better``, ``worse``, ``same``, ``added`` or ``removed``.
    """

    metric: str
    old: float | None
    new: float | None
    change: str

    @property
    def delta(self) -> float | None:
        """``new - old`` when both exist."""
        return None if self.old is None or self.new is None else self.new - self.old


@dataclass
class Comparison:
    """What changed between an old and a new report."""

    metrics: list[MetricChange] = field(default_factory=list)
    newly_failing: list[str] = field(default_factory=list)
    newly_passing: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)

    @property
    def better(self) -> list[MetricChange]:
        """Metrics that improved."""
        return [m for m in self.metrics if m.change == "better"]

    @property
    def worse(self) -> list[MetricChange]:
        """Metrics that regressed."""
        return [m for m in self.metrics if m.change == "worse"]


#: Metrics that count mistakes or errors: they improve downwards, like latencies.
LOWER_IS_BETTER = ("_ms", "in_scope_declined", "out_of_scope_answered", "ece")


def lower_is_better(metric: str) -> bool:
    """Latencies, error rates (in-scope declined, out-of-scope answered) and calibration error improve downwards."""
    return metric.endswith(LOWER_IS_BETTER)


def compare_reports(new: dict[str, Any], old: dict[str, Any]) -> Comparison:
    """Compare the top-level metrics, failures and provenance of two reports.

    Args:
        new: The report just produced.
        old: An earlier report (e.g. from ``--compare OLD.json``).

    Returns:
        Metric changes (every metric of either report; when the two ran different suites, only
        the metrics of suites run in both, without the overall ``all.*`` figures), case ids
        (``suite/id``) that fail now but passed before and the reverse, and the configuration and
        version fields that differ.
    """
    comparison = Comparison()
    new_metrics: dict[str, float] = new.get("metrics", {})
    old_metrics: dict[str, float] = old.get("metrics", {})
    new_suites, old_suites = set(new.get("suites", {})), set(old.get("suites", {}))
    if new_suites != old_suites:
        # Only suites run both times compare; overall figures over different suites do not.
        shared = new_suites & old_suites
        new_metrics = {k: v for k, v in new_metrics.items() if k.split(".", 1)[0] in shared}
        old_metrics = {k: v for k, v in old_metrics.items() if k.split(".", 1)[0] in shared}
    for metric in sorted(set(new_metrics) | set(old_metrics)):
        before, after = old_metrics.get(metric), new_metrics.get(metric)
        if before is None:
            change = "added"
        elif after is None:
            change = "removed"
        elif abs(after - before) <= TOLERANCE:
            change = "same"
        else:
            improved = (after < before) if lower_is_better(metric) else (after > before)
            change = "better" if improved else "worse"
        comparison.metrics.append(MetricChange(metric, before, after, change))
    new_failing, old_failing = _failing(new), _failing(old)
    new_cases, old_cases = _cases(new), _cases(old)
    comparison.newly_failing = sorted((new_failing - old_failing) & old_cases)
    comparison.newly_passing = sorted((old_failing - new_failing) & new_cases)
    comparison.differences = _differences(new, old)
    return comparison


def _failing(report: dict[str, Any]) -> set[str]:
    return {f"{f.get('suite')}/{f.get('id')}" for f in report.get("failures", [])}


def _cases(report: dict[str, Any]) -> set[str]:
    rows = report.get("results")
    if isinstance(rows, list) and rows:
        return {f"{r.get('suite')}/{r.get('id')}" for r in rows}
    return _failing(report)


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: value}


def _differences(new: dict[str, Any], old: dict[str, Any]) -> list[str]:
    lines = []
    for section in ("configuration", "versions"):
        a = _flatten(old.get(section, {}))
        b = _flatten(new.get(section, {}))
        for key in sorted(set(a) | set(b)):
            if key.endswith("notices") or a.get(key) == b.get(key):
                continue
            lines.append(f"{section}.{key}: {a.get(key)!r} -> {b.get(key)!r}")
    return lines


def comparison_lines(comparison: Comparison, *, limit: int = 20) -> list[str]:
    """The comparison as plain-text lines for a terminal."""

    def show(change: MetricChange) -> str:
        old = "–" if change.old is None else f"{change.old:.4g}"
        new = "–" if change.new is None else f"{change.new:.4g}"
        return f"  {change.metric}: {old} -> {new}"

    lines = [f"Better ({len(comparison.better)}):", *[show(c) for c in comparison.better]]
    lines += [f"Worse ({len(comparison.worse)}):", *[show(c) for c in comparison.worse]]
    for title, cases in (("Newly failing", comparison.newly_failing), ("Newly passing", comparison.newly_passing)):
        lines.append(f"{title} ({len(cases)}): " + ", ".join(cases[:limit]) + (" …" if len(cases) > limit else ""))
    if comparison.differences:
        lines.append("What differs between the runs:")
        lines += [f"  {d}" for d in comparison.differences[:limit]]
    return lines
