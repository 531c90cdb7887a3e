"""Feedback from readers (thumbs up or down, an optional comment), appended to a JSONL file.

Each record is one line written with a single ``write`` on a file opened for appending, under a file
lock, then flushed to disk: concurrent writers never interleave and a crash never leaves half a line.
The eval suites can grow from these records: each carries the question, the answer and its citations.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Literal

from filelock import FileLock
from pydantic import BaseModel, Field

from assistant.models import Answer

Rating = Literal["up", "down"]
MAX_COMMENT_CHARS = 2000


class FeedbackRecord(BaseModel):
    """One reader's judgement of one answer.

    Attributes:
        time: When it was given (UTC, ISO 8601).
        rating: ``up``, ``down`` or ``None`` for a comment alone.
        comment: What the reader wrote, at most 2,000 characters.
        question: The question that was answered.
        history: Earlier questions of the conversation, oldest first.
        terms: The terms version the answer was given under, if one was chosen.
        answer: The answer as the reader saw it (kind, text, citations, confidence ...).
    """

    time: str = Field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    rating: Rating | None = None
    comment: str = Field(default="", max_length=MAX_COMMENT_CHARS)
    question: str
    history: list[str] = Field(default_factory=list)
    terms: str | None = None
    answer: Answer


class FeedbackLog:
    """The feedback file, usually ``<data dir>/feedback.jsonl``.

    Args:
        path: The JSONL file; created with its folder on the first record.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def append(self, record: FeedbackRecord) -> None:
        """Append one record as one line, atomically with respect to other writers."""
        line = (record.model_dump_json() + "\n").encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.path) + ".lock", timeout=10):
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                written = os.write(fd, line)
                if written != len(line):  # pragma: no cover - only on a full disk
                    raise OSError(f"short write to {self.path}: {written} of {len(line)} bytes")
                os.fsync(fd)
            finally:
                os.close(fd)

    def read(self) -> list[FeedbackRecord]:
        """Every record in the file, oldest first; an absent file reads as empty."""
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as handle:
            return [FeedbackRecord.model_validate_json(line) for line in handle if line.strip()]
