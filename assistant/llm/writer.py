"""The model writes an answer from the retrieved passages; the grounding check decides what stays.

The offline answerer has already decided to answer (declining stays deterministic). The writer
gives the model the numbered passages and the question, framed as data, and checks every
sentence of the reply against the passage it cites (:mod:`assistant.llm.grounding`). The result
replaces the offline text only when at least one sentence is supported; otherwise the caller
keeps the offline answer.

Confidence: the offline answer's confidence (how clearly the evidence cleared the abstention
threshold) times the share of the model's claims that are supported.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from langchain_core.messages import HumanMessage, SystemMessage

from assistant.corpus.sources import SourceTexts
from assistant.llm.calls import Budget, LLMFailure, call_with_deadline
from assistant.llm.framing import Passage, escape, frame_passages, frame_questions
from assistant.llm.grounding import GroundingChecker
from assistant.llm.prompts import PromptSet
from assistant.models import Answer

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

#: Reasoning models (DeepSeek-R1, Qwen3 …) served raw may put their thinking before the answer.
_THINKING = re.compile(r"<think>.*?(?:</think>|$)", re.DOTALL | re.IGNORECASE)


def reply_text(message: object) -> str:
    """The text of a model's reply without any ``<think>`` block, or raise :class:`LLMFailure` when there is none."""
    text = getattr(message, "text", None)
    if not isinstance(text, str):
        raise LLMFailure("the server's reply was malformed")
    text = _THINKING.sub("", text)
    if not text.strip():
        raise LLMFailure("the model's reply was empty")
    return text


class AnswerWriter:
    """Writes and checks a model answer.

    Args:
        prompts: The validated prompts and messages.
        sources: Reader of corpus documents, to verify quotes.
    """

    def __init__(self, prompts: PromptSet, sources: SourceTexts) -> None:
        self.prompts = prompts
        self.sources = sources

    def messages(
        self, question: str, passages: list[Passage], earlier: list[str]
    ) -> list[SystemMessage | HumanMessage]:
        """The prompt: the system rules, then passages, earlier questions and question as data."""
        system, user = self.prompts.answer.render(
            passages=frame_passages(passages), history=frame_questions(earlier), question=escape(question)
        )
        return [SystemMessage(system), HumanMessage(user)]

    def write(
        self,
        model: BaseChatModel,
        name: str,
        offline: Answer,
        passages: list[Passage],
        earlier: list[str],
        budget: Budget,
    ) -> Answer:
        """The model's checked answer to ``offline.question``.

        Args:
            model: The chat model.
            name: How to name it in ``Answer.llm``.
            offline: The offline answer (kind ``answer``); its notices and confidence carry over.
            passages: The passages to write from.
            earlier: Earlier questions of the conversation.
            budget: The time left for this answer.

        Returns:
            The new answer.

        Raises:
            LLMFailure: With a one-line reason when the call fails, the reply is empty or
                malformed, or no sentence of it is supported.
        """
        prompt = self.messages(offline.question, passages, earlier)
        reply = call_with_deadline(lambda: model.invoke(prompt), budget.remaining(), budget.seconds)
        checked = GroundingChecker(passages, self.sources, self.prompts.messages.unsupported).check(reply_text(reply))
        if not checked.supported or not checked.citations:
            raise LLMFailure(self.prompts.messages.nothing_supported)
        notices = list(offline.notices)
        texts = self.prompts.messages
        if checked.removed_markers:
            notices.append(texts.markers_removed.format(count=checked.removed_markers))
        if checked.unsupported:
            notices.append(texts.sentences_unsupported.format(count=checked.unsupported, label=texts.unsupported))
        return offline.model_copy(
            update={
                "text": checked.text,
                "citations": checked.citations,
                "confidence": round(offline.confidence * checked.supported / checked.claims, 4),
                "llm": name,
                "notices": notices,
            }
        )
