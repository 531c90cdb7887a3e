"""Tune the abstention threshold on evals/abstain.yaml and report how well it separates.

Run: ``.venv/bin/python evals/tune_abstention.py`` (uses the index in ASSISTANT_DATA_DIR).

It scores every question with the offline answerer's *support* (see assistant/answering.py),
picks the threshold that maximises abstention F1 on the even-numbered cases (the tuning
half), and reports precision, recall and F1 of abstaining on the odd-numbered cases (the
held-out half) and on all cases, plus the AUROC of support for in-scope vs out-of-scope.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import yaml

from assistant.answering.followup_query import resolve_query
from assistant.api import Assistant

HERE = Path(__file__).parent


def load_cases() -> list[dict]:
    return yaml.safe_load((HERE / "abstain.yaml").read_text(encoding="utf-8"))["cases"]


def supports(assistant: Assistant, cases: list[dict]) -> np.ndarray:
    assistant.prepare()
    values = []
    for case in cases:
        query = resolve_query(case["question"], None)
        hits, vector = assistant.retriever.search(query)
        values.append(assistant.answerer.support(query, assistant.answerer.candidates(query, vector, hits)))
    return np.array(values)


def prf(should_abstain: np.ndarray, abstained: np.ndarray) -> tuple[float, float, float]:
    tp = float(np.sum(should_abstain & abstained))
    precision = tp / max(1.0, float(np.sum(abstained)))
    recall = tp / max(1.0, float(np.sum(should_abstain)))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return precision, recall, f1


def auroc(positive: np.ndarray, negative: np.ndarray) -> float:
    greater = (positive[:, None] > negative[None, :]).sum() + 0.5 * (positive[:, None] == negative[None, :]).sum()
    return float(greater / (len(positive) * len(negative)))


def main() -> int:
    cases = load_cases()
    assistant = Assistant()
    support = supports(assistant, cases)
    should = np.array([c["expect"] == "abstain" for c in cases])
    tune = np.arange(len(cases)) % 2 == 0
    grid = np.round(np.arange(0.30, 0.80, 0.005), 3)
    best = max(grid, key=lambda t: (prf(should[tune], support[tune] < t)[2], -abs(t - 0.5)))
    print(f"cases: {len(cases)} ({int(should.sum())} should abstain); tuning half {int(tune.sum())}")
    print(f"AUROC of support (answerable above unanswerable): {auroc(support[~should], support[should]):.3f}")
    print(f"chosen threshold (max F1 on tuning half): {best}")
    current = assistant.settings.abstain_threshold
    for name, mask in (("tuning half", tune), ("held-out half", ~tune), ("all", np.ones_like(tune))):
        for label, t in (("chosen", best), ("configured", current)):
            p, r, f = prf(should[mask], support[mask] < t)
            print(f"  {name:13s} {label:10s} t={t:.3f}: abstain precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    by_category: dict[str, list[float]] = {}
    for case, s in zip(cases, support, strict=True):
        by_category.setdefault(case["category"], []).append(float(s))
    for category, values in by_category.items():
        print(f"  {category:12s} support min {min(values):.3f} median {np.median(values):.3f} max {max(values):.3f}")
    print("misclassified at the configured threshold:")
    for case, s in zip(cases, support, strict=True):
        if (s < current) != (case["expect"] == "abstain"):
            print(f"  {case['id']:9s} {s:.3f} expect {case['expect']:7s} {case['question']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
