"""Fit the scope decision's weights (assistant/data/scope_model.yaml) and report how well they separate.

Run: ``.venv/bin/python evals/tune_scope.py [--write]`` (uses the index in ASSISTANT_DATA_DIR).

Every single question of the suites that say whether to answer or decline is read and retrieved for as
the assistant does, and its scope signals taken (:mod:`assistant.answering.scope`). A logistic model is
fitted (Newton's method, a little L2, each weight's sign held to what its signal means:
``SIGNAL_DIRECTIONS``) on the tuning half: the casual suite's odd ids, and every case of
the abstain, qa and robustness suites, whose questions were written from the corpus and guard against
regressions. It reports, on the tuning half and on the held-out half (the casual suite's even ids, never
used for fitting), the share of in-scope questions declined, the share of out-of-scope questions
answered, and the expected calibration error of the probability. ``--write`` saves the weights.

Then the confidences are calibrated: with the new weights, the abstain, qa, robustness and casual
suites are run as ``assistant eval`` runs them, and a Platt scaling (a logistic fit of "the decision
was right" on the logit of the raw confidence) is fitted on the tuning half, for answers and for
declines separately; the expected calibration error before and after is reported on both halves.
``--write`` saves it with the weights.
"""

from __future__ import annotations

import argparse
import datetime as dt
from itertools import pairwise
from pathlib import Path

import numpy as np
import yaml

from assistant.answering.scope import (
    MODEL_FILE,
    SIGNAL_DIRECTIONS,
    SIGNALS,
    Calibration,
    ScopeModel,
    ScopeSignals,
    decide,
    scope_model,
)
from assistant.api import Assistant
from assistant.corpus.sources import SourceTexts
from assistant.evaluation.calibration import decision_right, reliability
from assistant.evaluation.cases import load_suites, suite_paths
from assistant.evaluation.runner import run_suite
from assistant.evaluation.variants import AssistantSystem
from assistant.settings import get_settings

HERE = Path(__file__).parent
GUARDS = ("abstain", "qa", "robustness")
L2 = 0.3
# The abstain suite's out-of-scope questions are near-scope traps written in the documents' words ("How much
# did SoftBank put into OpenAI's 2025 funding round?"); counted three times, they keep that suite's recall.
TRAP_WEIGHT = 3


def cases() -> list[tuple[str, str, bool]]:
    """``(suite/half, question, in scope)`` for every single question with an expectation."""
    found = []
    for name in (*GUARDS, "casual"):
        for case in yaml.safe_load((HERE / f"{name}.yaml").read_text(encoding="utf-8"))["cases"]:
            if "question" not in case:
                continue
            group = name
            if name == "casual":
                group = "casual-tuning" if int(case["id"].rsplit("-", 1)[1]) % 2 else "casual-held-out"
            found.append((group, case["question"], case.get("expect", "answer") != "abstain"))
    return found


def signals_of(assistant: Assistant, questions: list[str]) -> np.ndarray:
    assistant.prepare()
    rows = []
    for text in questions:
        question = assistant.reader.read(text, [], today=dt.date.today())
        hits, vector = assistant.retrieve(question)
        _, decision = assistant.answerer.weigh(question, vector, hits)
        rows.append([decision.signals.values()[name] for name in SIGNALS])
    return np.array(rows, dtype=float)


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2, signs: list[int] | None = None) -> np.ndarray:
    """Logistic weights (bias last); a weight whose sign contradicts ``signs`` is held at zero."""
    if signs is None:  # the scope signals by default; any other design (the calibration's) is free
        signs = [SIGNAL_DIRECTIONS[name] for name in SIGNALS] if x.shape[1] == len(SIGNALS) else [0] * x.shape[1]
    free = np.ones(x.shape[1], dtype=bool)
    while True:
        w = _fit(x[:, free], y, l2)
        full = np.zeros(x.shape[1] + 1)
        full[np.append(free, True)] = w
        wrong = [i for i, sign in enumerate(signs) if free[i] and sign * full[i] < 0]
        if not wrong:
            return full
        free[max(wrong, key=lambda i: abs(full[i]))] = False


def _fit(x: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    design = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(design.shape[1])
    penalty = np.eye(len(w)) * l2
    penalty[-1, -1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(design @ w)))
        gradient = design.T @ (p - y) + penalty @ w
        hessian = (design.T * (p * (1 - p))) @ design + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def probability(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(np.hstack([x, np.ones((len(x), 1))]) @ w)))


def ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of the decision's confidence against its correctness."""
    decided = p >= 0.5
    confidence = np.where(decided, p, 1 - p)
    correct = decided == (y == 1)
    edges = np.linspace(0.5, 1.0, bins + 1)
    total = 0.0
    for low, high in pairwise(edges):
        inside = (confidence >= low) & ((confidence < high) | (high == 1.0))
        if inside.any():
            total += inside.mean() * abs(confidence[inside].mean() - correct[inside].mean())
    return float(total)


def report(label: str, p: np.ndarray, y: np.ndarray) -> str:
    inside, outside = y == 1, y == 0
    declined = float(np.mean(p[inside] < 0.5)) if inside.any() else float("nan")
    answered = float(np.mean(p[outside] >= 0.5)) if outside.any() else float("nan")
    return (
        f"{label:16s} {len(y):4d} cases: in scope declined {declined:6.1%} ({int(np.sum(p[inside] < 0.5))}/"
        f"{int(inside.sum())}), out of scope answered {answered:6.1%} ({int(np.sum(p[outside] >= 0.5))}/"
        f"{int(outside.sum())}), ECE {ece(p, y):.3f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"Save the weights to {MODEL_FILE}.")
    args = parser.parse_args()
    found = cases()
    x = signals_of(Assistant(), [q for _, q, _ in found])
    y = np.array([1.0 if inside else 0.0 for *_, inside in found])
    groups = np.array([g for g, _, _ in found])
    tuning = groups != "casual-held-out"
    traps = np.where(tuning & (groups == "abstain") & (y == 0))[0]
    rows = np.concatenate([np.where(tuning)[0], *([traps] * (TRAP_WEIGHT - 1))])
    w = fit(x[rows], y[rows])
    model = ScopeModel(weights=dict(zip(SIGNALS, w[:-1].tolist(), strict=True)), bias=float(w[-1]))
    # As the assistant decides: the fitted probability, and the floor for "the deal"-style questions.
    p = np.array([decide(ScopeSignals(*row), model).probability for row in x])
    for group in (*GUARDS, "casual-tuning", "casual-held-out"):
        print(report(group, p[groups == group], y[groups == group]))
    weights = {name: round(float(value), 4) for name, value in zip(SIGNALS, w[:-1], strict=True)}
    print("weights:", weights, "bias:", round(float(w[-1]), 4))
    calibration: dict[str, dict[str, float]] = {}
    if args.write:
        MODEL_FILE.write_text(_model_text(weights, float(w[-1]), {}, "refitting"), encoding="utf-8")
        scope_model.cache_clear()
        calibration = calibrate()
        described = (
            f"{int(tuning.sum())} questions: casual (odd ids), abstain (its out-of-scope ones x{TRAP_WEIGHT}), qa and "
            f"robustness; L2 {L2}; signs held; "
            f"held out: casual (even ids); {dt.date.today().isoformat()}"
        )
        MODEL_FILE.write_text(_model_text(weights, float(w[-1]), calibration, described), encoding="utf-8")
        scope_model.cache_clear()
        print(f"wrote {MODEL_FILE}")
    return 0


def _model_text(
    weights: dict[str, float], bias: float, calibration: dict[str, dict[str, float]], described: str
) -> str:
    model: dict[str, object] = {"fitted_on": described, "weights": weights, "bias": round(bias, 4)}
    if calibration:
        model["calibration"] = calibration
    return (
        "# The scope decision's weights and the calibration of its confidences (assistant/answering/scope.py):\n"
        "# fitted by evals/tune_scope.py, not by hand.\n" + yaml.safe_dump(model, sort_keys=False, allow_unicode=True)
    )


def calibrate() -> dict[str, dict[str, float]]:
    """Run the suites with the current weights and fit a Platt scaling per decision on the tuning half."""
    sources = SourceTexts(get_settings().corpus_dir, get_settings().max_document_bytes)
    system = AssistantSystem(Assistant(), "hybrid")
    rows: list[tuple[str, bool, float, bool]] = []  # (decision, tuning, raw confidence, right)
    for suite in load_suites(suite_paths([*GUARDS, "casual"]), sources):
        for case in run_suite(system, suite, sources).cases:
            for turn in case.turns:
                right = decision_right(turn)
                if right is None or turn.kind == "whatif" or turn.confidence is None:
                    continue
                decision = "decline" if turn.kind == "abstain" else "answer"
                rows.append((decision, case.half != "heldout", float(turn.confidence), right))
    fitted: dict[str, dict[str, float]] = {}
    for decision in ("answer", "decline"):
        raw = np.array([r[2] for r in rows if r[0] == decision and r[1]])
        right = np.array([1.0 if r[3] else 0.0 for r in rows if r[0] == decision and r[1]])
        logit = np.log(np.clip(raw, 1e-6, 1 - 1e-6) / (1 - np.clip(raw, 1e-6, 1 - 1e-6)))
        slope, intercept = fit(logit[:, None], right, l2=0.1) if len(raw) > 5 else (1.0, 0.0)
        fitted[decision] = {"slope": round(float(slope), 4), "intercept": round(float(intercept), 4)}
    platt = Calibration.model_validate(fitted)
    for half in (True, False):
        raw_pairs = [(r[2], r[3]) for r in rows if r[1] == half]
        new_pairs = [
            ((platt.answer if r[0] == "answer" else platt.decline)(r[2]), r[3]) for r in rows if r[1] == half
        ]
        before, after = reliability(raw_pairs), reliability(new_pairs)
        label = "tuning" if half else "held-out (casual even ids)"
        if before is not None and after is not None:
            print(f"calibration, {label}: ECE {before.ece:.3f} -> {after.ece:.3f} over {after.n} decisions")
    return fitted


if __name__ == "__main__":
    raise SystemExit(main())
