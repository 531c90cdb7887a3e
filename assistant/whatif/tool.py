"""The evaluator as a LangChain tool, so a language model can call it with a scenario."""

from __future__ import annotations

import datetime
import json
from typing import Any

from langchain_core.tools import StructuredTool, ToolException
from pydantic import ValidationError

from assistant.agreement.money import CurrencyMismatchError
from assistant.agreement.sheet import DEFAULT_TERMS, UnknownTermsError
from assistant.validation_text import validation_message
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.engine.verdict import Verdict
from assistant.whatif.terms_choice import evaluate_dated

TOOL_NAME = "whatif_clause_evaluator"
TOOL_DESCRIPTION = (
    "Evaluate the Microsoft–OpenAI agreement's clauses (by default the terms in force on the scenario's "
    "date, today when it has none) for a hypothetical scenario. Give only the facts the user states; "
    "leave the others out. Returns, for each outcome (agi_reached, microsoft_ip_access, "
    "api_exclusive_to_azure, revenue_sharing, microsoft_first_refusal, openai_may_use_other_cloud), true, "
    "false or null (undetermined), with the reason and the clauses it rests on, and under 'compared' the "
    "outcomes under the January 2025 terms the article describes when they are not the terms used. The "
    "verdict is deterministic; do not override it."
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
        "compared": verdict.compared,
    }


def make_whatif_tool(terms: str | None = None) -> StructuredTool:
    """Build the tool.

    Args:
        terms: The terms version the tool evaluates (a version id or ISO date); default the version in
            force on the scenario's date, today when it has none
            (:func:`assistant.whatif.terms_choice.choose_terms`), with the article's outcomes in
            ``compared`` when it is another.

    Returns:
        A ``StructuredTool`` whose arguments are the :class:`Scenario` fields. Its content is a
        JSON summary of the verdict; its artifact is the full :class:`Verdict` with the trace.
    """

    def run(**facts: Any) -> tuple[str, Verdict]:
        try:
            scenario = Scenario.model_validate(facts)
            _choice, verdict = evaluate_dated(scenario, terms, today=datetime.date.today())
        except (ValidationError, UnknownTermsError, CurrencyMismatchError) as exc:
            raise ToolException(str(exc)) from exc
        if verdict.terms != DEFAULT_TERMS:
            try:
                article = evaluate(scenario, DEFAULT_TERMS)
                verdict = verdict.model_copy(update={"compared": {DEFAULT_TERMS: dict(article.outcomes)}})
            except CurrencyMismatchError:
                pass
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
