"""The evaluator as a LangChain tool, so a language model can call it with a scenario."""

from __future__ import annotations

import json
from typing import Any

from langchain_core.tools import StructuredTool, ToolException
from pydantic import ValidationError

from assistant.agreement.money import CurrencyMismatchError
from assistant.agreement.sheet import UnknownTermsError
from assistant.validation_text import validation_message
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.engine.verdict import Verdict

TOOL_NAME = "whatif_clause_evaluator"
TOOL_DESCRIPTION = (
    "Evaluate the Microsoft–OpenAI agreement's clauses (the January 2025 terms by default) for a "
    "hypothetical scenario. Give only the facts the user states; leave the others out. Returns, for "
    "each outcome (agi_reached, microsoft_ip_access, api_exclusive_to_azure, revenue_sharing, "
    "microsoft_first_refusal, openai_may_use_other_cloud), true, false or null (undetermined), with "
    "the reason and the clauses it rests on. The verdict is deterministic; do not override it."
)


def summarise(verdict: Verdict) -> dict[str, Any]:
    """The part of a verdict a language model needs: outcomes, reasons, clauses, assumptions."""
    return {
        "terms": verdict.terms,
        "scenario": verdict.scenario.model_dump(mode="json", exclude_none=True),
        "outcomes": verdict.outcomes,
        "reasons": verdict.reasons,
        "clauses": {o: d.clauses for o, d in verdict.decisions.items()},
        "assumptions": verdict.assumptions,
        "exchange_rate": verdict.rate,
    }


def make_whatif_tool(terms: str | None = None) -> StructuredTool:
    """Build the tool.

    Args:
        terms: The terms version the tool evaluates (default: the article's, ``2025-01``).

    Returns:
        A ``StructuredTool`` whose arguments are the :class:`Scenario` fields. Its content is a
        JSON summary of the verdict; its artifact is the full :class:`Verdict` with the trace.
    """

    def run(**facts: Any) -> tuple[str, Verdict]:
        try:
            scenario = Scenario.model_validate(facts)
            verdict = evaluate(scenario, terms)
        except (ValidationError, UnknownTermsError, CurrencyMismatchError) as exc:
            raise ToolException(str(exc)) from exc
        return json.dumps(summarise(verdict), ensure_ascii=False), verdict

    return StructuredTool.from_function(
        func=run,
        name=TOOL_NAME,
        description=TOOL_DESCRIPTION,
        args_schema=Scenario,
        response_format="content_and_artifact",
        handle_tool_error=True,
        handle_validation_error=_validation_message,
    )


def _validation_message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "Invalid scenario: " + validation_message(error)
    return f"Invalid scenario: {error}"
