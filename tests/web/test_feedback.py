from __future__ import annotations

import json
import multiprocessing
import threading
from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.models import Answer
from assistant.web.feedback import FeedbackLog, FeedbackRecord

ANSWER = Answer(kind="answer", text="Microsoft. [1]", confidence=0.9)


def _record(i: int) -> FeedbackRecord:
    return FeedbackRecord(
        rating="up" if i % 2 else "down", comment="é" * (i % 50) + "x" * 500, question=f"q{i}", answer=ANSWER
    )


def test_append_and_read_round_trip(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path / "data" / "feedback.jsonl")
    assert log.read() == []
    log.append(FeedbackRecord(rating="up", question="Who?", history=["Before?"], terms="2025-01", answer=ANSWER))
    log.append(FeedbackRecord(comment="Wrong source", question="Who?", answer=ANSWER))
    records = log.read()
    assert [r.rating for r in records] == ["up", None]
    assert records[0].history == ["Before?"] and records[0].answer.text == "Microsoft. [1]"
    assert records[1].comment == "Wrong source"
    lines = log.path.read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line)["question"] == "Who?" for line in lines)


def test_comment_length_and_rating_are_validated() -> None:
    with pytest.raises(ValidationError):
        FeedbackRecord(comment="x" * 2001, question="q", answer=ANSWER)
    with pytest.raises(ValidationError):
        FeedbackRecord(rating="meh", question="q", answer=ANSWER)  # type: ignore[arg-type]


def test_concurrent_threads_never_interleave_lines(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path / "feedback.jsonl")
    threads = [
        threading.Thread(target=lambda k=k: [log.append(_record(k * 100 + i)) for i in range(25)]) for k in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    records = log.read()
    assert len(records) == 200
    assert sorted(r.question for r in records) == sorted(f"q{k * 100 + i}" for k in range(8) for i in range(25))


def _write_many(path: str, start: int) -> None:
    log = FeedbackLog(Path(path))
    for i in range(start, start + 30):
        log.append(_record(i))


def test_concurrent_processes_never_interleave_lines(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write_many, args=(str(path), k * 1000)) for k in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert all(p.exitcode == 0 for p in procs)
    assert len(FeedbackLog(path).read()) == 90
