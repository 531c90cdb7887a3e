"""Answering a what-if question end to end: read it, evaluate it, write the answer.

:func:`respond` returns ``None`` for questions the evaluator should not answer (they go to
retrieval), an ``abstain`` response naming the value when the question holds an impossible
one, and otherwise a ``whatif`` response whose first line shows how the question was read.

The terms: those the caller pins (``terms``), else those the question names, else those in force
on the date the question is about (:mod:`assistant.whatif.terms_choice`). The article's terms are
never silently replaced: where they give another result, the first lines say both, the version
used first, and ``verdict.compared`` holds their outcomes. The verdict is followed by the
disagreements the question names and at most two "Changed on …" lines for the provisions it asks
about (:mod:`assistant.whatif.later_terms`).

Confidence: 0.9 when every outcome the question asks about is decided, 0.7 when some are,
0.5 when none is (undetermined or silent); at most 0.75 when the outcomes asked about rest on a source
marked ``contested`` or ``reported`` (every quote of their clauses, cited in the text or not; the
other versions and the later-change lines do not count); 0.0 for an abstention.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from assistant.agreement.money import CurrencyMismatchError
from assistant.agreement.outcomes import OUTCOMES, Outcome
from assistant.agreement.quotes import Locate
from assistant.agreement.sheet import UnknownTermsError
from assistant.agreement.versions import TimelineEntry
from assistant.citation import Citation
from assistant.settings import get_settings
from assistant.validation_text import validation_message
from assistant.whatif.citing import cite_verdict
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.inverse import InverseResult, first_date, lowest_profit
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.engine.verdict import Verdict
from assistant.whatif.later_terms import beside_versions, compared_outcomes, turning_changes, whatif_caveats
from assistant.whatif.reading.asked_outcomes import InverseQuery, implied_focus
from assistant.whatif.reading.conversation_scenario import (
    ConversationScenario,
    apply_followup,
    rebuild_scenario,
    start_scenario,
)
from assistant.whatif.reading.question_parser import ParsedQuestion, parse_question
from assistant.whatif.reading.router import Route, route
from assistant.whatif.render import (
    CitationList,
    first_sentence,
    opens_with_disagreement,
    outcome_citations,
    render_inverse,
    render_verdict,
)
from assistant.whatif.terms_choice import TermsChoice, choose_terms

#: Reads a question's facts another way (a language model, see ``assistant.llm.scenario_reader``):
#: given the parsed question and the rule-based facts, the facts to use instead and notes on how they
#: were read, or ``None`` to keep the rule-based facts.
FactsReader = Callable[[ParsedQuestion, dict[str, Any]], tuple[dict[str, Any], list[str]] | None]


class WhatIfResponse(BaseModel):
    """The evaluator's answer to one question.

    Attributes:
        kind: ``whatif``, or ``abstain`` when the question holds an impossible value.
        text: Markdown: the outcomes asked about first, then the others, then "Reading your question
            as: …"; markers like ``[1]``.
        citations: Quotes in marker order (``[1]`` is ``citations[0]``).
        verdict: The verdict (``None`` when abstaining).
        confidence: In [0, 1] (see the module docstring).
        notices: One-line notices (follow-up of which question, quotes missing from the corpus).
        focus: The outcomes the question asks about (all six when it names none).
        inverse: The thresholds, for inverse questions.
    """

    kind: Literal["whatif", "abstain"]
    text: str
    citations: list[Citation] = Field(default_factory=list)

    @property
    def summary(self) -> str | None:
        """The answer's first sentence (the asked outcome's line up to its first marker), ``None`` for a decline."""
        return first_sentence(self.text) if self.kind == "whatif" else None

    verdict: Verdict | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    notices: list[str] = Field(default_factory=list)
    focus: list[Outcome] = Field(default_factory=list)
    inverse: InverseResult | None = None


#: The most words (:func:`~assistant.whatif.render.answer_words`) a what-if answer has: for a question
#: about one outcome, and for one that names none (every outcome is its answer). Each further outcome
#: asked about allows :data:`WORDS_PER_OUTCOME` more, up to the second.
WORDS_ONE_OUTCOME = 150
WORDS_ALL_OUTCOMES = 250
WORDS_PER_OUTCOME = 50
#: The most citations an answer about one outcome has.
CITATIONS_ONE_OUTCOME = 6


def budget(focus: list[Outcome]) -> tuple[int, int | None]:
    """The most words and citations (``None``: no limit) an answer about these outcomes has.

    The later-change and disagreement lines after the verdict are left out rather than pass it.
    """
    asked = [o for o in OUTCOMES if o in focus]
    if len(asked) == 1:
        return WORDS_ONE_OUTCOME, CITATIONS_ONE_OUTCOME
    if not asked or len(asked) == len(OUTCOMES):
        return WORDS_ALL_OUTCOMES, None
    return min(WORDS_ALL_OUTCOMES, WORDS_ONE_OUTCOME + WORDS_PER_OUTCOME * (len(asked) - 1)), None


def _abstain(message: str, notices: list[str] | None = None) -> WhatIfResponse:
    return WhatIfResponse(kind="abstain", text=message, confidence=0.0, notices=notices or [])


def _confidence(verdict: Verdict, focus: list[Outcome]) -> float:
    outcomes = focus or list(OUTCOMES)
    statuses = [verdict.decisions[o].status for o in outcomes]
    decided = sum(s == "decided" for s in statuses)
    value = 0.9 if decided == len(statuses) else (0.7 if decided else 0.5)
    rests_on = [c for o in outcomes for c in outcome_citations(verdict, o)]
    if any(c.confidence in ("contested", "reported") for c in rests_on):
        value = min(value, 0.75)
    return value


def _valid_facts(facts: dict[str, Any]) -> bool:
    try:
        Scenario(**facts)
    except (ValidationError, TypeError):
        return False
    return True


def respond(
    question: str,
    earlier: list[str] | None = None,
    *,
    locate: Locate,
    terms: str | None = None,
    today: datetime.date | None = None,
    reader: FactsReader | None = None,
    parsed: ParsedQuestion | None = None,
) -> WhatIfResponse | None:
    """Answer a what-if, follow-up or inverse question with the clause evaluator.

    Args:
        question: The user's question.
        earlier: Earlier user questions of the conversation, oldest first.
        locate: Finds quotes in the corpus the answer cites (the assistant's ``SourceTexts.cite``).
        terms: A terms version id or ISO date that pins the version; ``None`` for the version the
            question names, else the one in force on the date it is about (today when it gives none).
        today: What "today" and "next year" mean; defaults to the system date.
        reader: Another reader of the scenario, consulted for what-if and follow-up questions (not
            inverse ones) once the question is routed here and holds no impossible value; its facts
            replace the rule-based ones when it returns some that make a valid scenario.
        parsed: The question already read (:attr:`assistant.question.model.Question.facts`); read here
            when omitted.

    Returns:
        ``None`` when the question is not for the evaluator (send it to retrieval), else the response.
    """
    today = today or datetime.date.today()
    text = " ".join(question.split())
    if not text or len(text) > get_settings().max_question_chars:
        return None
    prior = rebuild_scenario(earlier, today)
    parsed = parsed or parse_question(text, today)
    kind = route(parsed, prior is not None, has_history=bool(earlier))
    if kind is None:
        return None
    if parsed.problems:
        return _abstain("I can't evaluate this scenario: " + " ".join(p.rstrip(".") + "." for p in parsed.problems))
    state, notices = _conversation_state(parsed, prior, kind)
    facts, readings, assumptions = _scenario_facts(parsed, state, reader, today)
    try:
        scenario = Scenario(**facts)
    except ValidationError as exc:
        return _cannot(validation_message(exc))
    try:
        # "... under the October 2025 agreement?": the question (or the conversation) names the version.
        choice = choose_terms(scenario, terms, named=state.terms, today=today)
    except UnknownTermsError as exc:
        return _cannot(str(exc))
    inverse = parsed.inverse
    if inverse is not None:
        focus = [inverse.outcome]
    else:
        focus = list(state.focus) if kind == "followup" else list(parsed.focus)
        if not focus and kind != "followup":
            # "what if azure can't keep up?": whether OpenAI may go elsewhere; "…does the deal go on forever?":
            # the rights that end in a given year
            focus = implied_focus(facts, text)
    citations = CitationList()
    try:
        result, verdict, body, stated = _evaluated(
            scenario, inverse, choice, focus, readings, assumptions, citations, locate
        )
    except CurrencyMismatchError as exc:
        return _cannot(str(exc))
    notices.extend(verdict.notices)
    confidence = _confidence(verdict, focus)
    first_lines = list(citations.items)
    led = inverse is None and opens_with_disagreement(verdict, focus)
    max_words, max_citations = budget(focus if inverse is None else [inverse.outcome])
    caveats = whatif_caveats(
        verdict,
        focus,
        text,
        citations,
        locate=locate,
        stated=stated,
        first_lines=first_lines,
        led=led,
        body=body,
        max_words=max_words,
        max_citations=max_citations,
    )
    return WhatIfResponse(
        kind="whatif",
        text="\n\n".join([body, *caveats]),
        citations=citations.items,
        verdict=verdict,
        confidence=confidence,
        notices=notices,
        focus=focus or list(OUTCOMES),
        inverse=result,
    )


def _cannot(reason: str) -> WhatIfResponse:
    return _abstain(f"I can't evaluate this scenario: {reason}.")


def _conversation_state(
    parsed: ParsedQuestion, prior: ConversationScenario | None, kind: Route
) -> tuple[ConversationScenario, list[str]]:
    """The scenario this question works on (the conversation's, changed by a follow-up), with a notice."""
    if prior is not None and (kind == "followup" or (kind == "inverse" and parsed.followup)):
        first = f"“{prior.questions[0]}”" + (" and its follow-ups" if len(prior.questions) > 1 else "")
        notice = f"Follow-up: kept the facts of {first} and changed only what this question says."
        return apply_followup(prior, parsed), [notice]
    return start_scenario(parsed), []


def _scenario_facts(
    parsed: ParsedQuestion, state: ConversationScenario, reader: FactsReader | None, today: datetime.date
) -> tuple[dict[str, Any], list[str], list[str]]:
    """The facts to evaluate, the notes on how they were read, and what was assumed before evaluating.

    The other reader's facts replace the rule-based ones when they make a valid scenario; an inverse
    question leaves out the fact it searches; a question without a date is read as of today.
    """
    facts = dict(state.facts)
    readings = state.readings
    assumptions: list[str] = []
    inverse = parsed.inverse
    if reader is not None and inverse is None:
        read = reader(parsed, dict(facts))
        if read is not None and _valid_facts(read[0]):
            facts, readings = dict(read[0]), list(read[1])
    if inverse is not None and inverse.kind == "date":
        facts.pop("event_date", None)
        facts.pop("date_precision", None)
    elif "event_date" not in facts:
        facts.update(event_date=today, date_precision="day")
        assumptions.append("today's date")
    if inverse is not None and inverse.kind == "profit":
        facts.pop("profit", None)
    return facts, readings, assumptions


def _evaluated(
    scenario: Scenario,
    inverse: InverseQuery | None,
    choice: TermsChoice,
    focus: list[Outcome],
    readings: list[str],
    assumptions: list[str],
    citations: CitationList,
    locate: Locate,
) -> tuple[InverseResult | None, Verdict, str, list[TimelineEntry]]:
    """The verdict (at the threshold, for an inverse question), cited, its body, and the changes it states.

    The verdict carries in ``compared`` the outcomes under the article's terms (and under the terms in
    force on the date, when another version was pinned); the body sets them beside its own.

    Raises:
        CurrencyMismatchError: When the scenario's money cannot be compared with the sheet's amounts.
    """
    if inverse is None:
        verdict = cite_verdict(evaluate(scenario, choice.id, period=choice.period), locate)  # = evaluate_dated
        problems: list[str] = []
        beside = beside_versions(verdict, choice, locate, problems)
        turns = turning_changes(verdict, focus, choice, locate)
        verdict = verdict.model_copy(update={"compared": compared_outcomes(beside)})
        body = render_verdict(
            verdict,
            focus,
            readings,
            assumptions,
            citations,
            locate=locate,
            choice=choice,
            beside=beside,
            turns=turns,
            unavailable=problems,
        )
        return None, verdict, body, list(turns.values())
    result, probe = _search(scenario, inverse, choice.id, choice.period)
    period = choice.period if inverse.kind == "profit" else None
    verdict = cite_verdict(evaluate(probe, choice.id, period=period), locate)
    beside = beside_versions(verdict, choice, locate)
    verdict = verdict.model_copy(update={"compared": compared_outcomes(beside)})
    others = []
    for other in beside:
        try:
            found, at = _search(scenario, inverse, other.verdict.terms)
            others.append((other.name, found, cite_verdict(evaluate(at, other.verdict.terms), locate)))
        except CurrencyMismatchError:
            continue
    body = render_inverse(
        result, verdict, readings, assumptions, citations, locate=locate, choice=choice, beside=others
    )
    return result, verdict, body, []


def _search(
    scenario: Scenario,
    inverse: InverseQuery,
    terms: str,
    period: tuple[datetime.date, datetime.date] | None = None,
) -> tuple[InverseResult, Scenario]:
    """The thresholds an inverse question asks for, and the scenario at the lowest one (to explain it)."""
    if inverse.kind == "profit":
        result = lowest_profit(scenario, inverse.outcome, inverse.target, terms, period=period)
        found = [a.profit for a in result.answers if a.profit is not None]
        if found:
            return result, scenario.model_copy(update={"profit": min(found, key=lambda m: m.amount)})
        return result, scenario
    result = first_date(scenario, inverse.outcome, inverse.target, terms)
    days = [a.date for a in result.answers if a.date is not None]
    if days:
        return result, scenario.model_copy(update={"event_date": min(days), "date_precision": "day"})
    return result, scenario
