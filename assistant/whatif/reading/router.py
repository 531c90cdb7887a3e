"""Which questions the clause evaluator answers, and which go to retrieval."""

from __future__ import annotations

import re
from typing import Literal

from assistant.whatif.reading.asked_outcomes import names_a_clause
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
    if parsed.followup and has_history and not has_prior_scenario:
        if not (parsed.explicit_whatif or (parsed.hypothetical and parsed.strong_facts - {"event_date"})):
            return None
    if parsed.document_reference and not parsed.explicit_whatif and not continues and not _supposes_under(parsed):
        # "According to the article, ...", "Under the October 2025 agreement, when ...": what a document says.
        return None
    if parsed.about_investment and not parsed.hypothetical and not continues:
        # "How much money is going into Stargate?", "How much did Microsoft invest in 2019?": money put in.
        return None
    if parsed.inverse is not None:
        return _inverse_route(parsed, continues)
    return _scenario_route(parsed, has_prior_scenario)


def _supposes_under(parsed: ParsedQuestion) -> bool:
    """A supposition under a named terms version ("under the jan 2025 terms, if azure couldn't meet demand …")."""
    return parsed.terms_hint is not None and parsed.hypothetical and bool(_supposed(parsed))


def _supposed(parsed: ParsedQuestion) -> set[str]:
    """The strong facts the question supposes.

    Outside a supposition, "now" or "today" is the present, not a supposed date, and a capacity
    request without a word on whether Microsoft can meet it names the clause's subject ("does
    Microsoft get first dibs on new capacity?"), not a request that was made.
    """
    strong = parsed.strong_facts
    if parsed.hypothetical:
        return strong
    if parsed.date_is_now:
        strong -= {"event_date"}
    if "microsoft_can_meet" not in parsed.facts:
        strong -= {"capacity_request"}
    return strong


def _inverse_route(parsed: ParsedQuestion, continues: bool) -> Route | None:
    """An inverse question: the profit threshold always; the date an outcome turns only in a scenario.

    "When does the ROFR expire?" asks about the agreement, whose real dates changed with later
    terms (retrieval answers it, with its "Changed on" lines); "When does the API stop being
    exclusive if AGI is never declared?" asks about a scenario.
    """
    assert parsed.inverse is not None
    if parsed.inverse.kind == "profit" or parsed.hypothetical or _supposed(parsed) or continues:
        return "inverse"
    return None


#: A question about a change that happened ("did microsoft lose…", "was the ROFR scrapped…").
_CHANGE_EVENT = re.compile(
    r"\b(?:did|was|were|has|have|had)\b[^.?!]{0,40}?\b(?:lose|lost|drop|dropped|end|ended|remove|removed|scrap|scrapped"
    r"|give\s+up|gave\s+up|given\s+up|change|changed|replace|replaced|kill|killed|get\s+rid\s+of|got\s+rid\s+of)\b",
    re.IGNORECASE,
)


def _scenario_route(parsed: ParsedQuestion, has_prior_scenario: bool) -> Route | None:
    """A what-if, a follow-up to one, or ``None``, for a question that is not an inverse one."""
    facts = set(parsed.facts) - {"date_precision"}
    strong = parsed.strong_facts
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
    supposed = _supposed(parsed)
    if (
        supposed == {"event_date"}
        and parsed.date_is_past
        and not parsed.hypothetical
        and parsed.focus == ["agi_reached"]
        and names_a_clause(parsed.text)
    ):
        # "was the AGI clause dropped in April 2026?" asks what happened to the clause then, not whether AGI
        # was reached: the documents (and their disagreement) answer it.
        return None
    past = supposed == {"event_date"} and parsed.date_is_past and not parsed.hypothetical
    if past and _CHANGE_EVENT.search(parsed.text):
        # "did microsoft lose exclusivity in jan 2025 or oct 2025?" asks when a change happened: the documents'
        # dated changes answer it, not the terms in force on one of the dates.
        return None
    if supposed and (parsed.hypothetical or parsed.focus):
        return "whatif"
    if parsed.hypothetical and facts and (parsed.focus or strong):
        return "whatif"
    return None


def is_whatif_question(parsed: ParsedQuestion, has_prior_scenario: bool = False, has_history: bool = False) -> bool:
    """The router as a predicate: ``True`` when the evaluator should answer."""
    return route(parsed, has_prior_scenario, has_history) is not None
