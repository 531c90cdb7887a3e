"""Answer workers for tests of :mod:`assistant.web.answer_pool`: magic questions spin, crash or fail.

``build`` needs no index (answers echo the question); ``trapped_assistant`` is the real assistant
with the same traps. A trap that starts spinning first creates the file named by the environment
variable ``TRAP_MARKER`` (when set), so that a test knows the worker is busy.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from assistant.corpus.sources import SourceTexts
from assistant.models import Answer
from assistant.settings import PROJECT_ROOT, Settings
from assistant.web.answerers import Answerer, assistant_worker
from assistant.web.scenario_form import ScenarioResult, evaluate_fields

SPIN = "please spin forever"  # a pure-Python loop that never ends
REGEX = "please backtrack"  # a catastrophic regular expression: holds the GIL inside C for ages
CRASH = "please crash"  # the worker process dies
FAIL = "please raise"  # the answerer raises
SLOW_SCENARIO_DATE = "1999-spin"
CORPUS = SourceTexts(PROJECT_ROOT / "corpus", 20_000_000)  # the quotes of an echo worker's verdicts


def _mark() -> None:
    marker = os.environ.get("TRAP_MARKER")
    if marker:
        Path(marker).touch()


def _trap(text: str) -> None:
    if text == SPIN:
        _mark()
        while True:
            pass
    if text == REGEX:
        _mark()
        re.match(r"(a+)+$", "a" * 64 + "!")
    if text == CRASH:
        os._exit(3)
    if text == FAIL:
        raise ValueError("a bug in the answerer, with a traceback nobody should see")


class EchoWorker:
    """Answers with the question and this process's id; no index needed."""

    def __init__(self) -> None:
        self.notices = ["echo worker ready"]

    def answer(self, question: object, history: object = None, *, terms: str | None = None) -> Answer:
        text = str(question)
        _trap(text)
        return Answer(kind="answer", text=f"echo: {text} from {os.getpid()}", confidence=0.5, question=text)

    def evaluate(self, fields: dict[str, Any]) -> ScenarioResult:
        _trap(SPIN if fields.get("date") == SLOW_SCENARIO_DATE else "")
        return evaluate_fields(fields, CORPUS.cite)


def build(settings: Settings) -> EchoWorker:
    return EchoWorker()


def broken(settings: Settings) -> EchoWorker:
    raise RuntimeError("this worker cannot start")


class TrappedAssistant:
    """The real assistant, except for the magic questions."""

    def __init__(self, inner: Answerer) -> None:
        self.inner = inner
        self.notices = getattr(inner, "notices", [])

    def answer(self, question: object, history: object = None, *, terms: str | None = None) -> Answer:
        _trap(str(question))
        return self.inner.answer(question, history, terms=terms)

    def evaluate(self, fields: dict[str, Any]) -> ScenarioResult:
        _trap(SPIN if fields.get("date") == SLOW_SCENARIO_DATE else "")
        return self.inner.evaluate(fields)


def trapped_assistant(settings: Settings) -> TrappedAssistant:
    return TrappedAssistant(assistant_worker(settings))
