"""A history-aware rewrite of a follow-up into a standalone question, for retrieval."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from langchain_core.messages import HumanMessage, SystemMessage

from assistant.llm.calls import Budget, LLMFailure, call_with_deadline
from assistant.llm.framing import escape, frame_turns
from assistant.llm.prompts import PromptSet
from assistant.llm.writer import reply_text

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

#: The rewrite may use at most this share of the answer's time budget; the writer gets the rest.
REWRITE_SHARE = 0.4
_LABEL = re.compile(r"^(?:standalone\s+question|question|rewritten(?:\s+question)?)\s*:\s*", re.IGNORECASE)
_QUOTES = "\"'“”‘’`"


def clean_rewrite(text: str, max_chars: int) -> str:
    """The standalone question in a model's reply: its first non-empty line, unquoted.

    Raises:
        LLMFailure: When there is no usable question (empty, no letters, too long).
    """
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    line = _LABEL.sub("", line).strip().strip(_QUOTES).strip()
    line = re.sub(r"</?question>", "", line).strip()
    if not any(ch.isalpha() for ch in line) or len(line) > max_chars:
        raise LLMFailure("the model's rewrite was not a usable question")
    return line


class QueryRewriter:
    """Rewrites a follow-up with the conversation, through the model.

    Args:
        prompts: The validated prompts.
        max_chars: Longest rewrite accepted (the question length limit).
    """

    def __init__(self, prompts: PromptSet, max_chars: int) -> None:
        self.prompts = prompts
        self.max_chars = max_chars

    def messages(self, question: str, turns: list[tuple[str, str]]) -> list[SystemMessage | HumanMessage]:
        """The prompt: the rules, then the turns and the question as data."""
        system, user = self.prompts.rewrite.render(history=frame_turns(turns), question=escape(question))
        return [SystemMessage(system), HumanMessage(user)]

    def rewrite(self, model: BaseChatModel, question: str, turns: list[tuple[str, str]], budget: Budget) -> str:
        """The standalone form of ``question``.

        Raises:
            LLMFailure: With a one-line reason when the call fails or the reply is unusable.
        """
        prompt = self.messages(question, turns)
        reply = call_with_deadline(lambda: model.invoke(prompt), budget.share(REWRITE_SHARE))
        return clean_rewrite(reply_text(reply), self.max_chars)
