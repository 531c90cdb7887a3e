"""What answers in the app: the :class:`Answerer` protocol, the assistant in this process, worker factories."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from assistant.models import Answer
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.api import Assistant
    from assistant.web.scenario_form import ScenarioResult

DEFAULT_FACTORY = "assistant.web.answerers:assistant_worker"
WARM_UP_QUESTION = "What is the AGI clause?"


class Answerer(Protocol):
    """What answers for the app: in this process (:class:`LocalAnswerer`) or in workers (:class:`AnswerPool`)."""

    def answer(self, question: object, history: object = None, *, terms: str | None = None) -> Answer:
        """Answer one question; see :meth:`assistant.api.Assistant.answer`."""
        ...

    def evaluate(self, fields: dict[str, Any]) -> ScenarioResult:
        """Evaluate a scenario given as fields; see :func:`assistant.web.scenario_form.evaluate_fields`."""
        ...


class LocalAnswerer:
    """Answers in this process with one assistant, without a deadline (tests, scripts, and inside a worker).

    Args:
        assistant: The assistant that answers.
        notices: What preparing it did, for the log.
    """

    def __init__(self, assistant: Assistant, notices: list[str] | None = None) -> None:
        self.assistant = assistant
        self.notices = list(notices or [])

    def answer(self, question: object, history: object = None, *, terms: str | None = None) -> Answer:
        """Answer one question; see :meth:`assistant.api.Assistant.answer`."""
        return self.assistant.answer(question, history, terms=terms)  # type: ignore[arg-type]

    def evaluate(self, fields: dict[str, Any]) -> ScenarioResult:
        """Evaluate a scenario given as fields; see :func:`assistant.web.scenario_form.evaluate_fields`."""
        from assistant.web.scenario_form import evaluate_fields

        return evaluate_fields(fields, self.assistant.sources.cite)


def assistant_worker(settings: Settings) -> LocalAnswerer:
    """The default worker: an assistant with its index ready, warmed by one answer and one scenario."""
    from assistant.api import Assistant

    assistant = Assistant(settings)
    answerer = LocalAnswerer(assistant, assistant.prepare())
    answerer.answer(WARM_UP_QUESTION)
    answerer.evaluate({"profit_billions": 150, "date": "2027"})
    return answerer


def load_factory(path: str) -> Callable[[Settings], Answerer]:
    """The function named by ``"module:function"``.

    Raises:
        ValueError: ``path`` is not of that form or names nothing callable.
        ImportError: The module cannot be imported.
    """
    module_name, _, name = path.partition(":")
    if not module_name or not name:
        raise ValueError(f"{path!r} is not module:function")
    factory = getattr(importlib.import_module(module_name), name, None)
    if not callable(factory):
        raise ValueError(f"{path!r} names nothing callable")
    return factory
