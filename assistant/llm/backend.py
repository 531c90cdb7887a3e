"""The language-model layer as one component the assistant calls after its offline work.

:class:`LLMBackend` is built only when ``ASSISTANT_LLM`` is set. It never raises and never
waits past its time budget: every failure — no provider package, unreachable server, timeout,
HTTP error, rate limit, malformed, empty or unsupported output — gives back the offline answer
with ``llm`` set to ``None`` and a one-line notice saying why.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from assistant.corpus.sources import SourceTexts
from assistant.llm.calls import Budget, LLMFailure
from assistant.llm.factory import make_chat_model
from assistant.llm.framing import passages_from_hits
from assistant.llm.prompts import PromptSet, prompt_set
from assistant.llm.rewriter import QueryRewriter
from assistant.llm.scenario_reader import ScenarioReader
from assistant.llm.writer import AnswerWriter
from assistant.models import Answer
from assistant.retrieval.hybrid import Hit, merge_hits
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

#: Most passages the model is given (the rewritten query's hits first, then the offline ones).
MAX_PASSAGES = 8

Search = Callable[[str], tuple[list[Hit], np.ndarray]]


class LLMBackend:
    """Writes answers, rewrites follow-ups and reads what-if scenarios through a chat model.

    Args:
        settings: ``llm`` (the model's name), ``llm_base_url``, ``llm_timeout``, ``max_question_chars``.
        sources: Reader of corpus documents, to verify quotes.
        model: A ready chat model (tests); built from the settings on first use when omitted.
        prompts: The prompts and messages; the packaged ones, validated now, when omitted.
    """

    def __init__(
        self,
        settings: Settings,
        sources: SourceTexts,
        *,
        model: BaseChatModel | None = None,
        prompts: PromptSet | None = None,
    ) -> None:
        self.name = settings.llm or (type(model).__name__ if model is not None else "unnamed")
        self.base_url = settings.llm_base_url
        self.timeout = settings.llm_timeout
        self.prompts = prompts or prompt_set()
        self.writer = AnswerWriter(self.prompts, sources)
        self.rewriter = QueryRewriter(self.prompts, settings.max_question_chars)
        self._model = model
        self._setup_failure: str | None = None
        self._lock = threading.Lock()

    def model(self) -> BaseChatModel:
        """The chat model, built on first use.

        Raises:
            LLMFailure: When it cannot be built (the reason is kept, and given again on later calls).
        """
        with self._lock:
            if self._model is None:
                if self._setup_failure is not None:
                    raise LLMFailure(self._setup_failure)
                try:
                    self._model = make_chat_model(self.name, self.base_url, self.timeout)
                except LLMFailure as exc:
                    self._setup_failure = str(exc)
                    log.warning("language model %s unavailable: %s", self.name, exc)
                    raise
            return self._model

    def fallback(self, answer: Answer, reason: str) -> Answer:
        """The offline ``answer`` with a notice that the model was not used, and why."""
        notice = self.prompts.messages.fallback.format(model=self.name, reason=str(reason).rstrip("."))
        return answer.model_copy(update={"llm": None, "notices": [*answer.notices, notice]})

    def write(self, answer: Answer, hits: list[Hit], history: list[tuple[str, str]], search: Search) -> Answer:
        """Have the model write ``answer`` again from the passages, checked; else return it with a notice.

        Declining stays the offline answerer's decision: an ``abstain`` is returned as it is. For
        a follow-up the model first rewrites the question with the conversation; the rewrite's
        hits come first among the passages (a failed rewrite only adds a notice).

        Args:
            answer: The offline answer.
            hits: The chunks it was composed from.
            history: Earlier ``(question, answer)`` turns.
            search: The retriever's search, for the rewritten question.

        Returns:
            The model's checked answer (``llm`` names the model), or the offline one with a notice.
        """
        if answer.kind != "answer" or not hits:
            return answer
        try:
            return self._write(answer, hits, history, search)
        except LLMFailure as exc:
            return self.fallback(answer, str(exc))
        except Exception as exc:  # a bug in this layer must not cost the user the answer
            log.exception("the language-model layer failed")
            return self.fallback(answer, f"internal error ({type(exc).__name__})")

    def _write(self, answer: Answer, hits: list[Hit], history: list[tuple[str, str]], search: Search) -> Answer:
        model = self.model()  # built (imports included) before the clock starts: a one-time local cost
        budget = Budget(self.timeout)
        notices: list[str] = []
        query = answer.retrieval_query or answer.question
        passage_hits = hits
        if history:
            try:
                rewritten = self.rewriter.rewrite(model, answer.question, history, budget)
            except LLMFailure as exc:
                notices.append(self.prompts.messages.rewrite_failed.format(reason=str(exc).rstrip(".")))
            else:
                if rewritten != query:
                    try:
                        extra, _ = search(rewritten)
                    except Exception as exc:  # the offline hits are still there to write from
                        log.warning("retrieval for the rewritten question failed: %s", exc)
                    else:
                        passage_hits = merge_hits(extra, hits)
                        query = rewritten
        passages = passages_from_hits(passage_hits, MAX_PASSAGES)
        offline = answer.model_copy(update={"notices": [*answer.notices, *notices]})
        try:
            written = self.writer.write(model, self.name, offline, passages, [q for q, _ in history], budget)
        except LLMFailure as exc:
            return self.fallback(offline, str(exc))
        return written.model_copy(update={"retrieval_query": query})

    def scenario_reader(
        self, question: str, earlier: list[str], *, terms: str | None, today: datetime.date
    ) -> ScenarioReader:
        """A reader for :func:`assistant.whatif.respond`'s ``reader`` argument (see :class:`ScenarioReader`)."""
        return ScenarioReader(
            self.model,
            self.name,
            self.prompts,
            question,
            earlier,
            terms=terms,
            today=today,
            timeout=self.timeout,
        )
