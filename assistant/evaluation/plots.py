"""The report's plots, drawn with matplotlib's object API (no pyplot, no display) into PNG bytes."""

from __future__ import annotations

import io
import itertools
import random
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

PASS_COLOUR = "#2a9d8f"
FAIL_COLOUR = "#e76f51"
DPI = 100


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def category_pass_rates(report: dict[str, Any]) -> bytes:
    """Horizontal bars: the pass rate of every suite/category, with its case count."""
    labels, rates, counts = [], [], []
    for suite, info in report.get("suites", {}).items():
        for category, tally in sorted(info.get("categories", {}).items()):
            labels.append(f"{suite} / {category}")
            rates.append(tally["passed"] / tally["cases"] if tally["cases"] else 0.0)
            counts.append(f"{tally['passed']}/{tally['cases']}")
    figure = Figure(figsize=(8, max(2.0, 0.28 * len(labels) + 1)))
    axes = figure.subplots()
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, rates, color=[PASS_COLOUR if r >= 0.8 else FAIL_COLOUR for r in rates])
    axes.set_yticks(positions, labels, fontsize=8)
    axes.set_xlim(0, 1.12)
    axes.set_xlabel("pass rate")
    axes.set_title("Pass rate by suite and category")
    for position, rate, count in zip(positions, rates, counts, strict=True):
        axes.text(min(rate, 1.0) + 0.01, position, count, va="center", fontsize=7)
    return _png(figure)


def latency_distribution(report: dict[str, Any]) -> bytes:
    """Box plots of per-question latency by suite (log scale)."""
    by_suite: dict[str, list[float]] = {}
    for row in report.get("results", []):
        by_suite.setdefault(row["suite"], []).append(max(row["latency_ms"], 0.01))
    figure = Figure(figsize=(8, 3.5))
    axes = figure.subplots()
    if by_suite:
        axes.boxplot(list(by_suite.values()), tick_labels=list(by_suite), showfliers=True)
        axes.set_yscale("log")
    axes.set_ylabel("latency per question (ms, log scale)")
    axes.set_title("Latency distribution")
    return _png(figure)


def confidence_vs_correctness(report: dict[str, Any]) -> bytes:
    """Left: each answer's confidence, passed against failed. Right: pass rate by confidence band."""
    rows = [r for r in report.get("results", []) if r.get("confidence") is not None]
    figure = Figure(figsize=(9, 3.5))
    left, right = figure.subplots(1, 2)
    jitter = random.Random(0)
    for value, colour, label in ((True, PASS_COLOUR, "passed"), (False, FAIL_COLOUR, "failed")):
        points = [r["confidence"] for r in rows if r["passed"] is value]
        heights = [(1.0 if value else 0.0) + jitter.uniform(-0.25, 0.25) for _ in points]
        left.scatter(points, heights, s=10, alpha=0.6, color=colour, label=f"{label} ({len(points)})")
    left.set_yticks([0, 1], ["failed", "passed"])
    left.set_xlim(-0.02, 1.02)
    left.set_xlabel("confidence")
    left.legend(fontsize=8, loc="center left")
    left.set_title("Confidence of each answer")
    bands = [i / 5 for i in range(6)]
    centres, rates, sizes = [], [], []
    for low, high in itertools.pairwise(bands):
        members = [r for r in rows if low <= r["confidence"] < high or (high == 1.0 and r["confidence"] == 1.0)]
        if members:
            centres.append((low + high) / 2)
            rates.append(sum(r["passed"] for r in members) / len(members))
            sizes.append(len(members))
    right.plot([0, 1], [0, 1], linestyle=":", color="grey", label="calibrated")
    right.plot(centres, rates, marker="o", color=PASS_COLOUR, label="pass rate")
    for x, y, n in zip(centres, rates, sizes, strict=True):
        right.annotate(str(n), (x, y), textcoords="offset points", xytext=(0, 6), fontsize=7, ha="center")
    right.set_xlim(0, 1)
    right.set_ylim(0, 1.08)
    right.set_xlabel("confidence band")
    right.set_ylabel("share passed")
    right.legend(fontsize=8)
    right.set_title("Pass rate by confidence (n per band)")
    return _png(figure)


def reliability_diagram(report: dict[str, Any]) -> bytes:
    """Accuracy of the answer-or-decline decision against mean confidence, per bin, one line per suite."""
    entries = [(name, suite.get("calibration")) for name, suite in report.get("suites", {}).items()]
    figure = Figure(figsize=(6, 4.5))
    axes = figure.subplots()
    axes.plot([0, 1], [0, 1], linestyle=":", color="grey", label="calibrated")
    for name, entry in entries:
        if entry and entry.get("bins"):
            bins = entry["bins"]
            axes.plot(
                [b["mean_confidence"] for b in bins],
                [b["accuracy"] for b in bins],
                marker="o",
                markersize=3,
                label=f"{name} (ECE {entry['ece']:.3f}, n {entry['n']})",
            )
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1.05)
    axes.set_xlabel("mean confidence in the bin")
    axes.set_ylabel("share of decisions right")
    axes.legend(fontsize=7, loc="lower left")
    axes.set_title("Reliability of confidence (10 bins)")
    return _png(figure)


def variant_comparison(variants: list[dict[str, Any]], metrics: list[str]) -> bytes:
    """Grouped bars: a few headline metrics for every variant."""
    figure = Figure(figsize=(9, 3.8))
    axes = figure.subplots()
    width = 0.8 / max(1, len(variants))
    for n, variant in enumerate(variants):
        values = [variant.get("metrics", {}).get(m) or 0.0 for m in metrics]
        axes.bar([i + n * width for i in range(len(metrics))], values, width, label=str(variant.get("variant")))
    axes.set_xticks(
        [i + width * (len(variants) - 1) / 2 for i in range(len(metrics))], metrics, fontsize=7, rotation=20
    )
    axes.set_ylim(0, 1.05)
    axes.legend(fontsize=7, ncols=min(4, len(variants)))
    axes.set_title("Variants side by side")
    return _png(figure)
