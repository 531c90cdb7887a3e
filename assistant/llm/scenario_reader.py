"""The model reads a what-if question into a scenario by calling the evaluator's tool.

The deterministic parser still decides *whether* a question is a what-if and rejects
impossible values; only then may the model fill the scenario. It is offered the
``whatif_clause_evaluator`` StructuredTool (``assistant.whatif.tool.make_whatif_tool``); its
first call to that tool is run through the tool itself, so the arguments are validated by the
tool's schema and evaluated by the evaluator. The scenario is then handed back to
:func:`assistant.whatif.respond`, which shows it ("Reading your question as: …") and renders
the verdict: outcome values always come from the evaluator, never from the model's text. A
missing or malformed tool call leaves the deterministic parser's reading in place.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from langchain_core.messages import HumanMessage, SystemMessage, ToolMessage
from pydantic import ValidationError

from assistant.agreement.facts import FACT_NAMES
from assistant.llm.calls import LLMFailure, call_with_deadline
from assistant.llm.framing import escape, frame_questions
from assistant.llm.prompts import PromptSet
from assistant.models import Answer
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.engine.verdict import Verdict
from assistant.whatif.reading.question_parser import ParsedQuestion
from assistant.whatif.tool import TOOL_NAME, make_whatif_tool

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

MAX_TOOL_ERROR_CHARS = 160


def scenario_facts(scenario: Scenario) -> dict[str, Any]:
    """The stated facts of a scenario as ``Scenario`` keyword arguments (unknown ones left out)."""
    values = {name: getattr(scenario, name) for name in FACT_NAMES}
    facts: dict[str, Any] = {name: value for name, value in values.items() if value is not None}
    if "event_date" in facts:
        facts["date_precision"] = scenario.date_precision
    return facts


def _comparable(facts: dict[str, Any]) -> dict[str, Any]:
    try:
        return Scenario(**facts).model_dump(mode="json", exclude_none=True)
    except (ValidationError, TypeError):
        return {k: str(v) for k, v in facts.items()}


class ScenarioReader:
    """Reads one question's scenario through the model; called by :func:`assistant.whatif.respond`.

    Args:
        model: Returns the chat model (called only when ``respond`` asks for a reading); may raise
            :class:`LLMFailure` when the model cannot be set up.
        name: The model's name for ``Answer.llm``.
        prompts: The validated prompts and messages.
        question: The question.
        earlier: Earlier questions of the conversation, oldest first.
        terms: The terms version the tool evaluates under.
        today: What "today" means for relative dates.
        timeout: Seconds to wait for the model.
    """

    def __init__(
        self,
        model: Callable[[], BaseChatModel],
        name: str,
        prompts: PromptSet,
        question: str,
        earlier: list[str],
        *,
        terms: str | None,
        today: datetime.date,
        timeout: float,
    ) -> None:
        self.model = model
        self.name = name
        self.prompts = prompts
        self.question = question
        self.earlier = earlier
        self.terms = terms
        self.today = today
        self.timeout = timeout
        self.used = False
        self.notice: str | None = None

    def messages(self, reading: dict[str, Any]) -> list[SystemMessage | HumanMessage]:
        """The prompt: the rules, then today's date, earlier questions, the rule-based reading and the question."""
        system, user = self.prompts.scenario.render(
            today=self.today.isoformat(),
            history=frame_questions(self.earlier),
            reading=escape(json.dumps(_comparable(reading), ensure_ascii=False, sort_keys=True)),
            question=escape(self.question),
        )
        return [SystemMessage(system), HumanMessage(user)]

    def read(self, facts: dict[str, Any]) -> Scenario:
        """The scenario of the model's first call to the tool, validated and evaluated by the tool.

        Raises:
            LLMFailure: When the call fails, or the model calls no tool or calls it with bad arguments.
        """
        tool = make_whatif_tool(self.terms)
        chat_model = self.model()
        try:
            bound = chat_model.bind_tools([tool])
        except Exception as exc:  # NotImplementedError and the like: a model without tool calling
            raise LLMFailure(f"the model cannot call tools ({type(exc).__name__})") from exc
        prompt = self.messages(facts)
        reply = call_with_deadline(lambda: bound.invoke(prompt), self.timeout)
        calls = [call for call in getattr(reply, "tool_calls", None) or [] if call.get("name") == TOOL_NAME]
        if not calls:
            malformed = getattr(reply, "invalid_tool_calls", None)
            raise LLMFailure("its tool call was malformed" if malformed else "it did not call the evaluator")
        call = calls[0]
        request = {"type": "tool_call", "id": call.get("id") or "call-0", "name": TOOL_NAME, "args": call.get("args")}
        try:
            result = tool.invoke(request)
        except Exception as exc:  # arguments the tool's own error handling does not catch
            raise LLMFailure(f"the evaluator refused its scenario ({type(exc).__name__})") from exc
        if not isinstance(result, ToolMessage) or result.status == "error" or not isinstance(result.artifact, Verdict):
            content = " ".join(str(getattr(result, "content", "")).split())[:MAX_TOOL_ERROR_CHARS]
            raise LLMFailure(f"the evaluator refused its scenario: {content}")
        return result.artifact.scenario

    def __call__(self, parsed: ParsedQuestion, facts: dict[str, Any]) -> tuple[dict[str, Any], list[str]] | None:
        """Replace the rule-based ``facts`` by the model's reading, with a note saying so.

        Returns:
            The model's facts and the reading notes, or ``None`` (a notice says why) to keep ``facts``.
        """
        try:
            scenario = self.read(facts)
        except LLMFailure as exc:
            self.notice = self.prompts.messages.scenario_fallback.format(reason=exc)
            return None
        except Exception as exc:  # a bug in this layer must not cost the user the answer
            log.exception("the language-model scenario reader failed")
            reason = f"internal error ({type(exc).__name__})"
            self.notice = self.prompts.messages.scenario_fallback.format(reason=reason)
            return None
        self.used = True
        read = scenario_facts(scenario)
        notes = [self.prompts.messages.scenario_read.format(model=self.name)]
        mine, theirs = _comparable(read), _comparable(facts)
        differing = [name for name in FACT_NAMES if mine.get(name) != theirs.get(name)]
        if differing:
            notes.append(self.prompts.messages.scenario_differs.format(fields=", ".join(differing)))
        return read, notes

    def finish(self, answer: Answer) -> Answer:
        """Name the model on an answer that used its reading, or add the notice of why not."""
        if self.used:
            return answer.model_copy(update={"llm": self.name})
        if self.notice:
            return answer.model_copy(update={"notices": [*answer.notices, self.notice]})
        return answer
