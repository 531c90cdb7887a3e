"""Which questions the clause evaluator answers, and which go to retrieval."""

from __future__ import annotations

from typing import Literal

from assistant.whatif.reading.question_parser import ParsedQuestion

Route = Literal["whatif", "followup", "inverse"]


def route(parsed: ParsedQuestion, has_prior_scenario: bool = False, has_history: bool = False) -> Route | None:
    """Decide whether the evaluator should answer a question.

    The evaluator takes hypotheticals that carry facts it can use (profit, a date, AGI,
    capacity; a workload or provider when the question supposes something), inverse questions
    about an outcome it decides, and follow-ups to an earlier what-if. Questions about what the
    clauses are or mean ("How is AGI defined?", "Who has the right of first refusal?") go to
    retrieval, and so do claims to check ("heard the AGI clause got killed off — true?").

    Args:
        parsed: The parsed question.
        has_prior_scenario: Whether an earlier question in the conversation was a what-if.
        has_history: Whether the conversation has earlier questions at all. A follow-up to plain
            questions only ("until when though?", "what about 2033?") is a plain follow-up, unless it
            opens as a supposition or supposes more than a date.

    Returns:
        ``"inverse"``, ``"followup"``, ``"whatif"``, or ``None`` for retrieval.
    """
    if parsed.claim_check:
        # "heard the agi clause got killed off in 2026 — true?": a claim to check, not a supposition.
        return None
    continues = parsed.followup and has_prior_scenario
    strong = parsed.strong_facts
    if parsed.followup and has_history and not has_prior_scenario:
        if not (parsed.explicit_whatif or (parsed.hypothetical and strong - {"event_date"})):
            return None
    if parsed.document_reference and not parsed.explicit_whatif and not continues:
        # "According to the article, ...", "Under the October 2025 agreement, when ...": what a document says.
        return None
    if parsed.about_investment and not parsed.hypothetical and not continues:
        # "How much money is going into Stargate?", "How much did Microsoft invest in 2019?": money put in.
        return None
    if parsed.inverse is not None:
        return "inverse"
    facts = set(parsed.facts) - {"date_precision"}
    if parsed.followup and has_prior_scenario:
        if facts or parsed.problems or parsed.terms_hint or (parsed.focus and not parsed.definitional):
            return "followup"
    if parsed.problems and (parsed.hypothetical or strong):
        return "whatif"
    if parsed.definitional and not parsed.hypothetical:
        # "new cloud capacity" names the subject of the clause, not a request that was made:
        # a capacity request counts here only with a statement about whether Microsoft can meet it.
        supposed = strong - {"event_date", "capacity_request", "profit"}
        return "whatif" if supposed or "microsoft_can_meet" in parsed.facts else None
    if strong and (parsed.hypothetical or parsed.focus):
        return "whatif"
    if parsed.hypothetical and facts and (parsed.focus or strong):
        return "whatif"
    return None


def is_whatif_question(parsed: ParsedQuestion, has_prior_scenario: bool = False, has_history: bool = False) -> bool:
    """The router as a predicate: ``True`` when the evaluator should answer."""
    return route(parsed, has_prior_scenario, has_history) is not None
