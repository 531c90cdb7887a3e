"""Many users: concurrent gradio_client sessions against ``python app.py``, and the app's memory.

Run: ``.venv/bin/python benchmarks/app_load.py [--sessions 20] [--questions 10] [--app app.py]``
(needs ``pip install -e '.[bench]'``: gradio_client and psutil)

Starts ``python app.py --host 127.0.0.1 --port P`` on a free loopback port, asks one question
to warm it up and records the server's resident memory (the process and its children, via
psutil), then runs SESSIONS concurrent sessions, each its own ``gradio_client.Client``, asking
QUESTIONS questions in one conversation (history grows as ``[question, answer_text]`` pairs)
through the named endpoint ``/ask``. Reports errors, latency p50/p95 per question, throughput,
and memory after the first question against after all of them. Targets: no errors; memory
after the load at most 1.1x that after the first question. The server is stopped at the end,
and every request goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "Who has the right of first refusal on OpenAI's new cloud capacity?",
    "Is the OpenAI API exclusive to Azure?",
    "And what about the API?",
    "Which companies fund Stargate?",
    "Who decides when AGI has been reached?",
    "Until when does the Microsoft-OpenAI partnership remain intact?",
    "What if OpenAI makes $150 billion in profit in 2027: does Microsoft keep access to its technology?",
    "Does Microsoft keep its IP rights after AGI?",
    "What about revenue sharing?",
    "What is Stargate?",
    "Who funds it?",
    "What cloud deal did Anthropic sign with Google?",
    "What if OpenAI declares AGI in 2028: is the API still exclusive to Azure?",
    "How much will Stargate invest?",
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def rss_mb(pid: int) -> float:
    import psutil

    process = psutil.Process(pid)
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total / 2**20


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the app exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the app did not answer on {url} within {timeout:.0f} s")


def answer_text(result: Any) -> str:
    if isinstance(result, dict):
        return str(result.get("text", ""))
    return str(result)


def session(url: str, number: int, count: int, latencies: list[float], errors: list[str], lock: threading.Lock) -> None:
    from gradio_client import Client

    try:
        client = Client(url, verbose=False)
    except Exception as exc:
        with lock:
            errors.append(f"session {number}: could not connect: {exc}")
        return
    history: list[list[str]] = []
    for turn in range(count):
        question = QUESTIONS[(number + turn) % len(QUESTIONS)]
        started = time.perf_counter()
        try:
            result = client.predict(question, history, api_name="/ask")
            elapsed = time.perf_counter() - started
            if not isinstance(result, dict) or result.get("kind") not in ("answer", "whatif", "abstain"):
                raise ValueError(f"not an answer object: {str(result)[:200]}")
        except Exception as exc:
            with lock:
                errors.append(f"session {number} turn {turn}: {type(exc).__name__}: {exc}")
            continue
        with lock:
            latencies.append(elapsed)
        history.append([question, answer_text(result)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--app", type=Path, default=ROOT / "app.py")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--start-timeout", type=float, default=600.0)
    args = parser.parse_args()

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = Path(tempfile.mkstemp(prefix="app-load-", suffix=".log")[1])
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(args.app), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    try:
        started = time.perf_counter()
        wait_until_up(url, process, args.start_timeout, log)
        print(f"start       app answered on {url} after {time.perf_counter() - started:.1f} s")
        warm: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        session(url, 0, 1, warm, errors, lock)
        if errors:
            raise SystemExit(f"the first question failed: {errors[0]}")
        first_rss = rss_mb(process.pid)
        print(f"first       question answered in {warm[0] * 1000:.0f} ms; server RSS {first_rss:.0f} MB")

        latencies: list[float] = []
        threads = [
            threading.Thread(target=session, args=(url, n, args.questions, latencies, errors, lock))
            for n in range(args.sessions)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        after_rss = rss_mb(process.pid)
        total = args.sessions * args.questions
        print(
            f"load        {args.sessions} concurrent sessions x {args.questions} questions: "
            f"{len(latencies)}/{total} answered, {len(errors)} errors, "
            f"{wall:.1f} s, {len(latencies) / wall:.1f} answers/s"
        )
        if latencies:
            print(
                f"latency     p50 {statistics.median(latencies) * 1000:.0f} ms, "
                f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
            )
        for error in errors[:5]:
            print(f"error       {error}")
        print(
            f"memory      server RSS after {total + 1} questions {after_rss:.0f} MB = "
            f"{after_rss / first_rss:.2f}x after the first   (target <= 1.10)"
        )
        return 1 if errors else 0
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
